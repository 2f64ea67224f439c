//! The regional health bureaus' 届出受理医療機関名簿 (xlsx, as published).
//!
//! One sheet: a title row (「[令和７年１０月１日 現在 ]…」, the edition's date), then the header
//! row (項番, 都道府県コード, …), then one row per institution and notified standard (施設基準),
//! often several per standard with notes (備考). An institution without any standard still has
//! one row with the standard's columns empty. See `../shared/data/real/README.md`.
//!
//! Each institution becomes one listing, keyed by its 医療機関コード — the 2-digit prefecture,
//! the score table (1 医科, 3 歯科, 4 調剤) and the 7-digit 医療機関番号 — with id
//! `kosei-{code}`: a hospital when it has 20 beds or more or calls itself one (病院), else a
//! clinic (or a dental clinic, a pharmacy); name, address with postcode, phone, FAX, beds; and a
//! capability claim for every standard the taxonomy's table reads
//! ([`model::taxonomy::NOTIFICATIONS`]), from the official source, with the edition as its
//! reference and the 算定開始年月日 as its start. The batch is complete for its prefectures and
//! score tables: a re-import of a newer list closes the institutions it no longer has.

use super::invalid;
use super::sheet::{Row, read_first_sheet};
use crate::Result;
use crate::ingest::{Batch, Scope};
use chrono::NaiveDate;
use model::facility::{Address, Beds, CapabilityClaim, CapabilitySource, OfficialIds, Provenance};
use model::sources::{KOSEI, SourceRecord, parse_wareki};
use model::{Facility, FacilityId, taxonomy};
use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;
use unicode_normalization::UnicodeNormalization;

/// The columns the importer reads, by header name.
const COLUMNS: [&str; 12] = [
    "都道府県コード",
    "都道府県名",
    "区分",
    "医療機関番号",
    "医療機関名称",
    "医療機関所在地（郵便番号）",
    "医療機関所在地（住所）",
    "電話番号",
    "FAX番号",
    "病床数",
    "受理記号",
    "算定開始年月日",
];

/// Columns by name in one file.
struct Header([usize; 12]);

impl Header {
    fn find(row: &Row) -> Option<Header> {
        let mut at = [0usize; 12];
        for (k, name) in COLUMNS.iter().enumerate() {
            at[k] = row.cells.iter().position(|c| c == name)?;
        }
        Some(Header(at))
    }

    fn get<'a>(&self, row: &'a Row, name: &str) -> &'a str {
        let k = COLUMNS.iter().position(|c| *c == name).unwrap_or(0);
        row.get(self.0[k])
    }
}

/// NFKC, with runs of spaces made one.
fn tidy(s: &str) -> String {
    let t: String = s.nfkc().collect();
    t.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Beds as published (「一般　　69／療養　　37」): the last number of each kind, summed.
pub fn parse_beds(s: &str) -> Option<Beds> {
    let t = tidy(s);
    if t.is_empty() {
        return None;
    }
    let total: u32 = t
        .split('／')
        .flat_map(|part| part.split('/'))
        .filter_map(|part| {
            part.split_whitespace()
                .rev()
                .find_map(|w| w.parse::<u32>().ok())
        })
        .sum();
    (total > 0).then_some(Beds { total, detail: t })
}

/// The edition's date from the title row (「[令和７年１０月１日 現在 ]令和７年１０月３日作成」).
fn edition(rows: &[Row]) -> Option<NaiveDate> {
    rows.iter().take(10).find_map(|r| {
        let cell = r.get(0);
        let inner = cell.strip_prefix('[')?;
        let (date, _) = inner.split_once("現在")?;
        parse_wareki(date)
    })
}

/// One institution while its rows are read.
struct Institution {
    row: usize,
    facility: Facility,
    symbols: BTreeMap<String, Option<NaiveDate>>,
}

/// Reads one list.
pub fn parse_kosei_file(
    path: &Path,
) -> Result<(Option<NaiveDate>, Vec<Facility>, BTreeSet<String>)> {
    parse_kosei_rows(path, &read_first_sheet(path)?)
}

/// Reads the rows of one list (`path` names the file in errors): the edition's date, the
/// listings, and the code prefixes (prefecture and score table) the list covers.
pub fn parse_kosei_rows(
    path: &Path,
    rows: &[Row],
) -> Result<(Option<NaiveDate>, Vec<Facility>, BTreeSet<String>)> {
    let as_of = edition(rows);
    let (hi, header) = rows
        .iter()
        .enumerate()
        .find_map(|(i, r)| Header::find(r).map(|h| (i, h)))
        .ok_or_else(|| {
            invalid(
                path,
                1,
                "not a 届出受理医療機関名簿: no header row with 都道府県コード, 医療機関番号, 医療機関名称 …",
            )
        })?;
    let reference = format!(
        "届出受理医療機関名簿 {}",
        as_of.map_or_else(
            || "（日付不明）".to_string(),
            |d| d.format("%Y-%m-%d").to_string()
        )
    );
    let file_name = path
        .file_name()
        .map(|n| n.to_string_lossy().to_string())
        .unwrap_or_default();
    let mut by_code: BTreeMap<String, Institution> = BTreeMap::new();
    let mut scopes = BTreeSet::new();
    for row in &rows[hi + 1..] {
        if row.is_blank() {
            continue;
        }
        let at = format!("row {}", row.number);
        let err = |reason: String| invalid(path, &at, reason);
        let col = |name: &str| header.get(row, name);
        let pref = tidy(col("都道府県コード"));
        if pref.len() != 2 || !pref.bytes().all(|b| b.is_ascii_digit()) {
            return Err(err(format!("都道府県コード {pref:?} is not 2 digits")));
        }
        let number = tidy(col("医療機関番号"));
        if number.len() != 7 || !number.bytes().all(|b| b.is_ascii_digit()) {
            return Err(err(format!("医療機関番号 {number:?} is not 7 digits")));
        }
        let kind = col("区分").trim();
        let (table, service) = match kind {
            "医科" | "" => ("1", None),
            "歯科" => ("3", Some("dental_clinic")),
            "薬局" | "調剤" => ("4", Some("pharmacy")),
            other => return Err(err(format!("unknown 区分 {other:?}"))),
        };
        let code = format!("{pref}{table}{number}");
        scopes.insert(format!("{pref}{table}"));
        let symbol = col("受理記号").trim().to_string();
        let since = match tidy(col("算定開始年月日")) {
            d if d.is_empty() => None,
            d => Some(
                parse_wareki(&d)
                    .ok_or_else(|| err(format!("算定開始年月日 {d:?} is not a date")))?,
            ),
        };
        if let Some(inst) = by_code.get_mut(&code) {
            if !symbol.is_empty() {
                inst.symbols.entry(symbol).or_insert(since);
            }
            continue;
        }
        let name = col("医療機関名称").trim().to_string();
        if name.is_empty() {
            return Err(err("医療機関名称 is empty".into()));
        }
        let beds = parse_beds(col("病床数"));
        let service = service.unwrap_or(
            if beds.as_ref().is_some_and(|b| b.total >= 20) || name.contains("病院") {
                "hospital"
            } else {
                "clinic"
            },
        );
        let id = FacilityId::new(format!("kosei-{code}")).map_err(|e| err(e.to_string()))?;
        let mut f = Facility::new(id, name, service);
        f.official_ids = OfficialIds {
            medical_institution_code: Some(code.clone()),
            ..OfficialIds::default()
        };
        let postal = tidy(col("医療機関所在地（郵便番号）"));
        f.address = Address {
            postal_code: (!postal.is_empty()).then_some(postal),
            prefecture: col("都道府県名").trim().to_string(),
            city: String::new(),
            street: col("医療機関所在地（住所）").trim().to_string(),
            building: None,
        };
        let phone = tidy(col("電話番号"));
        f.phone = (!phone.is_empty()).then_some(phone);
        let fax = tidy(col("FAX番号"));
        f.fax = (!fax.is_empty()).then_some(fax);
        f.beds = beds;
        f.provenance = Provenance {
            source: KOSEI.to_string(),
            source_ref: Some(format!("{file_name}:{at}")),
            records: vec![SourceRecord {
                source: KOSEI.to_string(),
                key: code.clone(),
            }],
            ..Provenance::default()
        };
        let mut symbols = BTreeMap::new();
        if !symbol.is_empty() {
            symbols.insert(symbol, since);
        }
        by_code.insert(
            code,
            Institution {
                row: row.number,
                facility: f,
                symbols,
            },
        );
    }
    let mut out = Vec::with_capacity(by_code.len());
    for (_, inst) in by_code {
        let mut f = inst.facility;
        for (symbol, since) in &inst.symbols {
            for n in taxonomy::notifications(symbol) {
                if f.capabilities.iter().any(|c| c.code == n.capability) {
                    continue;
                }
                f.capabilities.push(CapabilityClaim {
                    code: n.capability.to_string(),
                    source: CapabilitySource::Official,
                    since: *since,
                    reference: Some(reference.clone()),
                    detail: Some(format!("{}（{}）", n.detail, symbol)),
                });
            }
        }
        let order = |code: &str| taxonomy::CAPABILITIES.iter().position(|c| c.code == code);
        f.capabilities.sort_by_key(|c| order(&c.code));
        f.validate()
            .map_err(|e| invalid(path, format!("row {}", inst.row), e.to_string()))?;
        out.push(f);
    }
    Ok((as_of, out, scopes))
}

/// Reads lists into one batch (complete for the prefectures and score tables they cover).
pub fn parse_kosei_batch(paths: &[impl AsRef<Path>]) -> Result<Batch> {
    let mut records = Vec::new();
    let mut scopes = BTreeSet::new();
    let mut as_of: Option<NaiveDate> = None;
    let mut files = Vec::new();
    for p in paths {
        let p = p.as_ref();
        let (date, mut fs, sc) = parse_kosei_file(p)?;
        as_of = as_of.max(date);
        records.append(&mut fs);
        scopes.extend(sc);
        files.push(p.display().to_string());
    }
    Ok(Batch {
        source: model::sources::kosei(as_of),
        records,
        complete: Some(Scope::KeyPrefixes(scopes.into_iter().collect())),
        files,
    })
}
