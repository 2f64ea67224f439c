//! The MHLW 介護サービス情報公表 open-data CSV (UTF-8 with BOM, CRLF, 24 columns, one file per
//! service). See `../shared/data/real/README.md` for the layout and its quirks.
//!
//! - The key of an office is (事業所番号, service code): the listing id is
//!   `mhlw-{事業所番号}-{service code}`, with the code taken from サービスの種類 or, failing that,
//!   from the file name (`…_130_…`).
//! - Rows without a municipality code are imported without one; 定員 0 means "not filled in";
//!   the URL column may hold an e-mail address or a phone number (kept where it belongs) or junk
//!   such as a bare `http://` (dropped).
//! - Any other defect (wrong column count, missing name or 事業所番号, unknown service,
//!   unparsable coordinates or capacity) rejects the whole file, naming the line.

use super::{Lines, invalid, read_file, record_start};
use crate::Result;
use model::facility::{Address, Location, OfficialIds, Provenance};
use model::geo::LatLng;
use model::{Facility, FacilityId, taxonomy};
use rayon::prelude::*;
use std::path::Path;

/// Provenance source of imported rows (its credit line is [`model::sources::mhlw_care`]'s).
pub const SOURCE: &str = model::sources::MHLW_CARE;

/// The open-data CSV's columns, in order (read by the importer, written by the CSV export).
pub const HEADERS: [&str; 24] = [
    "都道府県コード又は市町村コード",
    "No",
    "都道府県名",
    "市区町村名",
    "事業所名",
    "事業所名カナ",
    "サービスの種類",
    "住所",
    "方書（ビル名等）",
    "緯度",
    "経度",
    "電話番号",
    "FAX番号",
    "法人番号",
    "法人の名称",
    "事業所番号",
    "利用可能曜日",
    "利用可能曜日特記事項",
    "定員",
    "URL",
    "高齢者の方と障害者の方が同時一体的に利用できるサービス",
    "介護保険の通常の指定基準を満たしている",
    "障害福祉の通常の指定基準を満たしている",
    "備考",
];
const COLUMNS: usize = HEADERS.len();
const FIRST_HEADER: &str = HEADERS[0];

/// Parses one MHLW CSV file.
pub fn parse_mhlw_file(path: &Path) -> Result<Vec<Facility>> {
    parse_mhlw(path, &read_file(path)?)
}

fn opt(s: &str) -> Option<String> {
    let t = s.trim().trim_matches('\u{3000}').trim();
    (!t.is_empty()).then(|| t.to_string())
}

fn code_from_file_name(path: &Path) -> Option<String> {
    let name = path.file_name()?.to_string_lossy().to_string();
    name.split(['_', '.', '-'])
        .find(|p| p.len() == 3 && p.bytes().all(|b| b.is_ascii_digit()))
        .map(str::to_string)
}

enum UrlKind {
    Url(String),
    Email(String),
    Phone(String),
    Junk,
}

fn classify_url(s: &str) -> UrlKind {
    let t = s.trim();
    let lower = t.to_ascii_lowercase();
    if t.contains('@') && !lower.starts_with("http") {
        return UrlKind::Email(t.trim_start_matches("mailto:").to_string());
    }
    if lower.starts_with("http://") || lower.starts_with("https://") || lower.starts_with("www.") {
        let host = lower
            .trim_start_matches("http://")
            .trim_start_matches("https://");
        // A bare scheme or "http://www" carries no address.
        if host.len() < 4 || !host.contains('.') || host.ends_with("www.") {
            return UrlKind::Junk;
        }
        return UrlKind::Url(t.to_string());
    }
    if t.chars()
        .all(|c| c.is_ascii_digit() || matches!(c, '-' | '(' | ')' | ' ' | '－'))
        && t.len() >= 10
    {
        return UrlKind::Phone(t.to_string());
    }
    UrlKind::Junk
}

/// Parses one MHLW CSV file into a batch of the national open data (not complete: a file
/// read does not close what it lacks).
pub fn parse_mhlw_batch(path: &Path) -> Result<crate::ingest::Batch> {
    Ok(crate::ingest::Batch {
        source: model::sources::mhlw_care(),
        records: parse_mhlw_file(path)?,
        complete: None,
        files: vec![path.display().to_string()],
    })
}

/// Parses MHLW CSV text (`path` names the file in errors and gives the fallback service code).
pub fn parse_mhlw(path: &Path, text: &str) -> Result<Vec<Facility>> {
    let file_code = code_from_file_name(path);
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(true)
        .flexible(true)
        .from_reader(text.as_bytes());
    let headers = reader
        .headers()
        .map_err(|e| invalid(path, 1, e.to_string()))?
        .clone();
    let first = headers.get(0).unwrap_or("").trim_start_matches('\u{feff}');
    if first != FIRST_HEADER || headers.len() != COLUMNS {
        return Err(invalid(
            path,
            1,
            format!(
                "not an MHLW open-data file: expected {COLUMNS} columns starting with {FIRST_HEADER}"
            ),
        ));
    }
    let file_name = path
        .file_name()
        .map(|n| n.to_string_lossy().to_string())
        .unwrap_or_default();
    let file = File {
        path,
        code: file_code.as_deref(),
        name: &file_name,
    };
    // 1. Where each record starts and on which line: one pass on this thread (lines follow
    // the file), keeping no record. 2. The records read again from there and built on the
    // pool's threads, each straight into its place in the list: no block of listings is
    // gathered and copied into it afterwards (half a gigabyte of fresh memory at 500k, the
    // slowest part of reading the file when the machine is short of free pages).
    let mut starts: Vec<(usize, usize)> = Vec::new();
    let mut lines = Lines::new(text);
    let mut rec = csv::ByteRecord::new();
    let mut read_error = None;
    loop {
        match reader.read_byte_record(&mut rec) {
            Ok(true) => {
                let byte = rec.position().map_or(0, |p| p.byte());
                let line = lines.of(byte);
                starts.push((record_start(text.as_bytes(), byte), line));
            }
            Ok(false) => break,
            Err(e) => {
                let line = e.position().map_or(0, |p| lines.of(p.byte()));
                read_error = Some(invalid(path, line, e.to_string()));
                break;
            }
        }
    }
    let built: Vec<Result<Facility>> = starts
        .par_iter()
        .enumerate()
        .with_min_len(BLOCK)
        .map_init(Cursor::default, |cursor, (i, &(byte, line))| {
            let rec = cursor.read(text, i, byte, path, line)?;
            record(&file, line, rec)
        })
        .collect();
    // The first broken record in file order, else the read error after the last good one.
    let listings = built.into_iter().collect::<Result<Vec<Facility>>>()?;
    match read_error {
        Some(e) => Err(e),
        None => Ok(listings),
    }
}

/// A reader positioned in the file, for one thread's run of consecutive records.
#[derive(Default)]
struct Cursor<'a> {
    /// The reader and the index of the record it reads next.
    reader: Option<(csv::Reader<&'a [u8]>, usize)>,
    record: csv::StringRecord,
}

impl<'a> Cursor<'a> {
    /// Record `i`, which begins at `byte` of `text`: read on from the last one when it follows
    /// it, else by a reader started there.
    fn read(
        &mut self,
        text: &'a str,
        i: usize,
        byte: usize,
        path: &Path,
        line: usize,
    ) -> Result<&csv::StringRecord> {
        if self.reader.as_ref().is_some_and(|(_, next)| *next != i) {
            self.reader = None;
        }
        let (reader, next) = self.reader.get_or_insert_with(|| {
            let reader = csv::ReaderBuilder::new()
                .has_headers(false)
                .flexible(true)
                .from_reader(&text.as_bytes()[byte..]);
            (reader, i)
        });
        *next = i + 1;
        match reader.read_record(&mut self.record) {
            Ok(true) => Ok(&self.record),
            // The first pass read this record whole: the same bytes read again cannot fail.
            Ok(false) => Err(invalid(path, line, "the record ended early")),
            Err(e) => Err(invalid(path, line, e.to_string())),
        }
    }
}

/// Records read by one reader at least (see `parse_mhlw`).
const BLOCK: usize = 4096;

/// The file a record comes from.
struct File<'a> {
    path: &'a Path,
    /// The service code its name gives, if any.
    code: Option<&'a str>,
    name: &'a str,
}

/// One row of the file as a listing.
fn record(file: &File<'_>, line: usize, rec: &csv::StringRecord) -> Result<Facility> {
    let path = file.path;
    let file_code = file.code;
    let file_name = file.name;
    let err = |reason: String| invalid(path, line, reason);
    if rec.len() != COLUMNS {
        return Err(err(format!(
            "expected {COLUMNS} columns, found {}",
            rec.len()
        )));
    }
    let col = |i: usize| rec.get(i).unwrap_or("");
    let name = opt(col(4)).ok_or_else(|| err("事業所名 is empty".into()))?;
    let office = opt(col(15)).ok_or_else(|| err("事業所番号 is empty".into()))?;
    // Real numbers are 10 letters and digits; derived sets add suffixes such as `-s1`.
    if !office
        .bytes()
        .all(|b| b.is_ascii_alphanumeric() || b == b'-')
    {
        return Err(err(format!(
            "事業所番号 {office:?} must be letters, digits and '-'"
        )));
    }
    let label = col(6).trim();
    let code = taxonomy::mhlw_code_for_label(label)
        .map(str::to_string)
        .or_else(|| file_code.map(str::to_string))
        .ok_or_else(|| err(format!("unknown サービスの種類 {label:?}")))?;
    let service = taxonomy::service_type_for_mhlw_code(&code)
        .or_else(|| taxonomy::service_type_by_name(label))
        .ok_or_else(|| err(format!("unknown サービスの種類 {label:?} (code {code})")))?;
    let location = match (opt(col(9)), opt(col(10))) {
        (None, None) => None,
        (Some(lat), Some(lng)) => {
            let parse = |s: &str, what: &str| {
                s.parse::<f64>()
                    .map_err(|_| err(format!("{what} {s:?} is not a number")))
            };
            let (lat, lng) = (parse(&lat, "緯度")?, parse(&lng, "経度")?);
            if lat == 0.0 && lng == 0.0 {
                None
            } else {
                LatLng::new(lat, lng).map_err(|e| err(e.to_string()))?;
                Some(Location {
                    lat,
                    lng,
                    approximate: false,
                    ..Default::default()
                })
            }
        }
        _ => {
            return Err(err(
                "緯度 and 経度 must both be given or both be empty".into()
            ));
        }
    };
    let capacity = match opt(col(18)) {
        None => None,
        Some(c) => match c.parse::<u32>() {
            Ok(0) => None,
            Ok(n) => Some(n),
            Err(_) => return Err(err(format!("定員 {c:?} is not a number"))),
        },
    };
    let municipality_code =
        opt(col(0)).filter(|c| c.len() == 6 && c.bytes().all(|b| b.is_ascii_digit()));
    let prefecture = col(2).trim().to_string();
    let city = col(3).trim().to_string();
    let full = col(7).trim();
    let street = full
        .strip_prefix(prefecture.as_str())
        .unwrap_or(full)
        .trim_start();
    let street = street
        .strip_prefix(city.as_str())
        .unwrap_or(street)
        .to_string();
    let (mut phone, mut url, mut email) = (opt(col(11)), None, None);
    match opt(col(19)).map(|u| classify_url(&u)) {
        Some(UrlKind::Url(u)) => url = Some(u),
        Some(UrlKind::Email(e)) => email = Some(e),
        Some(UrlKind::Phone(p)) if phone.is_none() => phone = Some(p),
        _ => {}
    }
    let mut notes = Vec::new();
    if let Some(d) = opt(col(16)) {
        notes.push(format!("利用可能曜日: {d}"));
    }
    if let Some(d) = opt(col(17)) {
        notes.push(d);
    }
    if let Some(d) = opt(col(23)) {
        notes.push(d);
    }
    let id = FacilityId::new(format!("mhlw-{office}-{code}")).map_err(|e| err(e.to_string()))?;
    let mut f = Facility::new(id, name, service.code);
    f.official_ids = OfficialIds {
        care_office_number: Some(office),
        medical_institution_code: None,
        corporate_number: opt(col(13)),
    };
    f.name_kana = opt(col(5));
    f.operator = opt(col(14));
    f.address = Address {
        postal_code: None,
        prefecture,
        city,
        street,
        building: opt(col(8)),
    };
    f.location = location;
    f.municipality_code = municipality_code;
    f.phone = phone;
    f.fax = opt(col(12));
    f.url = url;
    f.email = email;
    f.description = (!notes.is_empty()).then(|| notes.join(" / "));
    f.capacity = capacity;
    f.provenance = Provenance {
        source: SOURCE.to_string(),
        source_ref: Some(format!("{file_name}:{line}")),
        records: vec![model::sources::SourceRecord {
            source: SOURCE.to_string(),
            key: format!(
                "{}-{code}",
                f.official_ids
                    .care_office_number
                    .as_deref()
                    .unwrap_or_default()
            ),
        }],
        verified_at: None,
        verified_by: None,
        ..Default::default()
    };
    f.validate().map_err(|e| err(e.to_string()))?;
    Ok(f)
}

#[cfg(test)]
mod tests {
    use super::*;

    const HEADER: &str = "\u{feff}都道府県コード又は市町村コード,No,都道府県名,市区町村名,事業所名,事業所名カナ,サービスの種類,住所,方書（ビル名等）,緯度,経度,電話番号,FAX番号,法人番号,法人の名称,事業所番号,利用可能曜日,利用可能曜日特記事項,定員,URL,高齢者の方と障害者の方が同時一体的に利用できるサービス,介護保険の通常の指定基準を満たしている,障害福祉の通常の指定基準を満たしている,備考\r\n";

    #[test]
    fn parses_rows_and_quirks() {
        let text = format!(
            "{HEADER}011011,1,北海道,札幌市中央区,愛らんどケアプランセンター,アイランドケアプランセンター,居宅介護支援,北海道札幌市中央区南19条西6丁目3番5号,,43.0344018,141.35196989999997,011-531-1338,,,エア・ウォーター株式会社,0170102313,,,0,http://,,,,\r\n\
             ,2,北海道,札幌市,ステーション　Ａ,,居宅介護支援,札幌市北区1-1,ビル2F,43.1,141.3,,,,,01B2900061,,,,info@example.jp,,,,\r\n"
        );
        let fs = parse_mhlw(Path::new("kaigo_430_kyotaku.csv"), &text).unwrap();
        assert_eq!(fs.len(), 2);
        assert_eq!(fs[0].id.as_str(), "mhlw-0170102313-430");
        assert_eq!(
            fs[0].provenance.source_ref.as_deref(),
            Some("kaigo_430_kyotaku.csv:2")
        );
        assert_eq!(fs[0].services, vec!["care_management"]);
        assert_eq!(fs[0].category, "care");
        assert_eq!(fs[0].address.street, "南19条西6丁目3番5号");
        assert_eq!(fs[0].url, None);
        assert_eq!(fs[0].capacity, None);
        assert_eq!(fs[0].municipality_code.as_deref(), Some("011011"));
        assert_eq!(fs[1].municipality_code, None);
        assert_eq!(fs[1].email.as_deref(), Some("info@example.jp"));
        assert_eq!(fs[1].id.as_str(), "mhlw-01B2900061-430");
        assert_eq!(
            fs[1].provenance.source_ref.as_deref(),
            Some("kaigo_430_kyotaku.csv:3")
        );
    }

    #[test]
    fn a_broken_row_names_its_line() {
        let text = format!(
            "{HEADER}011011,1,北海道,札幌市,A,,訪問看護,札幌市1,,43.0,141.3,,,,,0110611845,,,,,,,,\r\n\
             011011,2,北海道,札幌市,B,,訪問看護,札幌市2,,north,141.3,,,,,0110611846,,,,,,,,\r\n"
        );
        let err = parse_mhlw(Path::new("k.csv"), &text)
            .unwrap_err()
            .to_string();
        assert_eq!(err, "k.csv:3: 緯度 \"north\" is not a number");
        let short = format!("{HEADER}011011,1,北海道\r\n");
        let err = parse_mhlw(Path::new("k.csv"), &short)
            .unwrap_err()
            .to_string();
        assert!(err.starts_with("k.csv:2: expected 24 columns"), "{err}");
    }

    #[test]
    fn rows_ended_by_carriage_returns_alone_are_read() {
        let row = |i: usize| {
            format!(
                "011011,{i},北海道,札幌市,事業所{i},,訪問看護,札幌市{i},,43.0,141.3,,,,,01{i:08},,,,,,,,"
            )
        };
        let header = HEADER.trim_end();
        let text = format!("{header}\r{}\r{}\n{}", row(0), row(1), row(2));
        let fs = parse_mhlw(Path::new("k.csv"), &text).unwrap();
        let names: Vec<&str> = fs.iter().map(|f| f.name.as_str()).collect();
        assert_eq!(names, ["事業所0", "事業所1", "事業所2"]);
    }

    #[test]
    fn a_long_file_keeps_its_order_and_reports_its_first_broken_row() {
        let row = |i: usize, lat: &str| {
            format!(
                "011011,{i},北海道,札幌市,事業所{i},,訪問看護,札幌市{i},,{lat},141.3,,,,,01{i:08},,,,,,,,\r\n"
            )
        };
        let n = 3 * BLOCK + 17;
        let good: String = (0..n).map(|i| row(i, "43.0")).collect();
        let fs = parse_mhlw(Path::new("k.csv"), &format!("{HEADER}{good}")).unwrap();
        assert_eq!(fs.len(), n);
        for (i, f) in fs.iter().enumerate() {
            assert_eq!(f.name, format!("事業所{i}"));
            let line = format!("k.csv:{}", i + 2);
            assert_eq!(f.provenance.source_ref.as_deref(), Some(line.as_str()));
        }
        // Two broken rows in different blocks: the earlier one is reported, whichever block
        // is built first.
        let broken: String = (0..n)
            .map(|i| {
                row(
                    i,
                    if i == 2 * BLOCK + 5 || i == BLOCK + 3 {
                        "north"
                    } else {
                        "43.0"
                    },
                )
            })
            .collect();
        let err = parse_mhlw(Path::new("k.csv"), &format!("{HEADER}{broken}"))
            .unwrap_err()
            .to_string();
        assert_eq!(
            err,
            format!("k.csv:{}: 緯度 \"north\" is not a number", BLOCK + 3 + 2)
        );
    }

    #[test]
    fn records_spanning_lines_are_read_again_from_where_they_begin() {
        // Every seventh row has a quoted 備考 holding a comma and a line break, and a blank line
        // follows row 100: wherever the threads' runs begin, each reader starts at a record's
        // first byte.
        let row = |i: usize| {
            let note = if i.is_multiple_of(7) {
                format!("\"備考{i},\r\n二行目\"")
            } else {
                String::new()
            };
            let blank = if i == 100 { "\r\n" } else { "" };
            format!(
                "011011,{i},北海道,札幌市,事業所{i},,訪問看護,札幌市{i},,43.0,141.3,,,,,01{i:08},,,,,,,,{note}\r\n{blank}"
            )
        };
        let n = 3 * BLOCK + 17;
        let text: String = std::iter::once(HEADER.to_string())
            .chain((0..n).map(row))
            .collect();
        let fs = parse_mhlw(Path::new("k.csv"), &text).unwrap();
        // The same file read front to back by one reader.
        let file = File {
            path: Path::new("k.csv"),
            code: None,
            name: "k.csv",
        };
        let mut lines = Lines::new(&text);
        let want: Vec<Facility> = csv::ReaderBuilder::new()
            .flexible(true)
            .from_reader(text.as_bytes())
            .records()
            .map(|r| {
                let r = r.unwrap();
                let line = lines.of(r.position().unwrap().byte());
                record(&file, line, &r).unwrap()
            })
            .collect();
        assert_eq!(fs.len(), n);
        assert!(fs == want);
        // Row 8 is on line 12: the header, rows 0–7, and the second lines of rows 0 and 7.
        assert_eq!(fs[8].provenance.source_ref.as_deref(), Some("k.csv:12"));
        assert_eq!(fs[7].description.as_deref(), Some("備考7,\r\n二行目"));
    }
}
