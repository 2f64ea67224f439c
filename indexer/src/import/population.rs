//! Population tables as published (see `../shared/data/real/README.md`, `population/`):
//!
//! - the 住民基本台帳 age table per municipality (xlsx): a title row with the date, two header
//!   rows, then three rows (計, 男, 女) per prefecture, municipality and ward, each with its
//!   6-digit 団体コード, 総数 and 21 five-year bands (0–4 … 100以上), and footnotes at the end;
//! - the census' small-area table T001082 (CSV in Shift_JIS): a row of field codes, a row of
//!   names, then one row per municipality (HYOSYO 1), 大字・町 (2 without 丁目, 3 with) and
//!   丁目 (4), with 総数 and the 65以上 and 75以上 sums among 60 figures; "-" is zero, "X" a
//!   figure kept secret, whose people the census counts in the area HTKSAKI names (HTKSYORI 2).
//!
//! Each parser reads the whole file and returns every row or the first error with file and row.
//! The census parser keeps the finest areas only — each 丁目, each 町 without 丁目, and a 町 with
//! 丁目 for the people the census counts in the 町 itself (丁目 it merged into the 町, or keeps
//! secret and counts there) — so that summing them gives each municipality's own figure, which
//! it checks.

use super::{invalid, sheet};
use crate::Result;
use chrono::NaiveDate;
use model::population::{MunicipalPopulation, Population, SmallAreaPopulation};
use std::collections::BTreeMap;
use std::path::Path;

/// The bands of the age table, oldest last: 65+ is the last 8, 75+ the last 6.
const BANDS: usize = 21;

/// The 住民基本台帳 table: each municipality's (and prefecture's) 計 row, and the date the table
/// is current at.
pub fn parse_juki(path: &Path) -> Result<(Vec<MunicipalPopulation>, NaiveDate)> {
    let rows = sheet::read_first_sheet(path)?;
    let title = rows.first().map(|r| r.get(0)).unwrap_or_default();
    let as_of = title
        .find('日')
        .and_then(|i| model::sources::parse_wareki(&title[..i + '日'.len_utf8()]))
        .ok_or_else(|| {
            invalid(
                path,
                "row 1",
                format!("the title does not start with its date (令和5年1月1日…): {title:?}"),
            )
        })?;
    let header = rows
        .iter()
        .position(|r| r.get(0).starts_with("団体コード"))
        .ok_or_else(|| invalid(path, "row 3", "no header row starting with 団体コード"))?;
    let bands = &rows[header - 1];
    if !bands.get(4).starts_with("総数") || !bands.get(4 + BANDS).starts_with("100歳以上") {
        return Err(invalid(
            path,
            format!("row {}", bands.number),
            "expected 総数 then 21 age bands from 0歳～4歳 to 100歳以上 from column E",
        ));
    }
    let mut out = Vec::new();
    for r in &rows[header + 1..] {
        let code = r.get(0);
        if r.is_blank() || code.starts_with("注") {
            continue;
        }
        if r.get(3) != "計" {
            continue;
        }
        if code == "-" {
            // The national total.
            continue;
        }
        let at = format!("row {}", r.number);
        if code.len() != 6 || !code.bytes().all(|b| b.is_ascii_digit()) {
            return Err(invalid(
                path,
                at,
                format!("団体コード {code:?} is not 6 digits"),
            ));
        }
        let number = |i: usize| -> Result<u64> {
            let t = r.get(i).replace(',', "");
            t.parse::<u64>().map_err(|_| {
                invalid(
                    path,
                    &at,
                    format!("column {} is not a number: {:?}", i + 1, r.get(i)),
                )
            })
        };
        let band = |i: usize| number(5 + i);
        let mut aged_65 = 0;
        let mut aged_75 = 0;
        for i in BANDS - 8..BANDS {
            let n = band(i)?;
            aged_65 += n;
            if i >= BANDS - 6 {
                aged_75 += n;
            }
        }
        out.push(MunicipalPopulation {
            code: code.to_string(),
            prefecture: r.get(1).to_string(),
            name: match r.get(2) {
                "-" => String::new(),
                n => n.to_string(),
            },
            population: Population {
                total: number(4)?,
                aged_65,
                aged_75,
            },
        });
    }
    if out.is_empty() {
        return Err(invalid(path, "row 4", "no municipality rows"));
    }
    Ok((out, as_of))
}

/// The census' small areas: the finest areas of every municipality in the file, each checked to
/// sum to the municipality's own row.
pub fn parse_census_small_areas(path: &Path) -> Result<Vec<SmallAreaPopulation>> {
    let bytes = std::fs::read(path).map_err(crate::error::Error::io(format!(
        "reading {}",
        path.display()
    )))?;
    let text = match std::str::from_utf8(&bytes) {
        Ok(t) => std::borrow::Cow::Borrowed(t),
        Err(_) => {
            let (t, _, bad) = encoding_rs::SHIFT_JIS.decode(&bytes);
            if bad {
                return Err(invalid(path, 1, "neither UTF-8 nor Shift_JIS (cp932) text"));
            }
            t
        }
    };
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes());
    let mut records = reader.records();
    let codes = match records.next() {
        Some(Ok(r)) => r,
        _ => return Err(invalid(path, 1, "no header row")),
    };
    let names = match records.next() {
        Some(Ok(r)) => r,
        _ => return Err(invalid(path, 2, "no row of field names")),
    };
    let col = |name: &str| codes.iter().position(|c| c == name);
    let named = |start: &str| names.iter().position(|c| c.starts_with(start));
    let (Some(key), Some(level), Some(city), Some(name), Some(secret), Some(target)) = (
        col("KEY_CODE"),
        col("HYOSYO"),
        col("CITYNAME"),
        col("NAME"),
        col("HTKSYORI"),
        col("HTKSAKI"),
    ) else {
        return Err(invalid(
            path,
            1,
            "expected the fields KEY_CODE, HYOSYO, CITYNAME, NAME, HTKSYORI and HTKSAKI",
        ));
    };
    let (Some(total), Some(aged_65), Some(aged_75)) = (
        named("総数、年齢「不詳」含む"),
        named("総数６５歳以上"),
        named("総数７５歳以上"),
    ) else {
        return Err(invalid(
            path,
            2,
            "expected the columns 総数、年齢「不詳」含む, 総数６５歳以上 and 総数７５歳以上",
        ));
    };
    struct Row {
        line: u64,
        key: String,
        level: u8,
        municipality: String,
        name: String,
        population: Population,
        counted_in: Option<String>,
    }
    let mut rows = Vec::new();
    for (i, r) in records.enumerate() {
        let line = i as u64 + 3;
        let r = r.map_err(|e| invalid(path, line, e.to_string()))?;
        if r.iter().all(str::is_empty) {
            continue;
        }
        let k = r.get(key).unwrap_or_default().to_string();
        if k.len() < 5 || !k.bytes().all(|b| b.is_ascii_digit()) {
            return Err(invalid(path, line, format!("KEY_CODE {k:?} is not a code")));
        }
        let lv: u8 = match r.get(level).unwrap_or_default() {
            "1" => 1,
            "2" => 2,
            "3" => 3,
            "4" => 4,
            other => return Err(invalid(path, line, format!("HYOSYO {other:?} is not 1–4"))),
        };
        let suppressed = r.get(secret) == Some("2");
        let number = |c: usize| -> Result<u64> {
            match r.get(c).unwrap_or_default() {
                // A secret figure: its people are counted in another area (HTKSAKI), which the
                // municipality sums below check.
                "-" | "" | "X" => Ok(0),
                t => t.parse().map_err(|_| {
                    invalid(
                        path,
                        line,
                        format!("column {} is not a number: {t:?}", c + 1),
                    )
                }),
            }
        };
        let counted_in = suppressed.then(|| {
            let t = r.get(target).unwrap_or_default();
            format!("{}{t}", &k[..5])
        });
        rows.push(Row {
            line,
            key: k,
            level: lv,
            municipality: r.get(city).unwrap_or_default().to_string(),
            name: r.get(name).unwrap_or_default().to_string(),
            population: Population {
                total: number(total)?,
                aged_65: number(aged_65)?,
                aged_75: number(aged_75)?,
            },
            counted_in,
        });
    }
    // A 町 (level 3) sums its 丁目, except for people the census counts in the 町 itself (丁目
    // it merged into the 町, or keeps secret and counts there): the 町 stands for those.
    let mut in_chome: BTreeMap<&str, Population> = BTreeMap::new();
    for r in rows.iter().filter(|r| r.level == 4) {
        *in_chome.entry(&r.key[..9]).or_default() += r.population;
    }
    let mut cities: BTreeMap<&str, (u64, Population, Population)> = BTreeMap::new();
    let mut out = Vec::new();
    for r in &rows {
        let code = &r.key[..5];
        let population = match r.level {
            1 => {
                let c = cities.entry(code).or_default();
                c.0 = r.line;
                c.1 = r.population;
                continue;
            }
            3 => {
                let chome = in_chome.get(r.key.as_str()).copied().unwrap_or_default();
                let rest = |a: u64, b: u64| a.checked_sub(b);
                let (Some(total), Some(aged_65), Some(aged_75)) = (
                    rest(r.population.total, chome.total),
                    rest(r.population.aged_65, chome.aged_65),
                    rest(r.population.aged_75, chome.aged_75),
                ) else {
                    return Err(invalid(
                        path,
                        r.line,
                        format!("the 丁目 of {} hold more people than it", r.key),
                    ));
                };
                let rest = Population {
                    total,
                    aged_65,
                    aged_75,
                };
                if rest == Population::default() && chome != Population::default() {
                    continue;
                }
                rest
            }
            _ => r.population,
        };
        cities.entry(code).or_default().2 += population;
        out.push(SmallAreaPopulation {
            key: r.key.clone(),
            municipality: r.municipality.clone(),
            name: r.name.clone(),
            population,
            counted_in: r.counted_in.clone(),
            location: None,
        });
    }
    for (code, (line, own, sum)) in &cities {
        if *line == 0 {
            return Err(invalid(
                path,
                "end of file",
                format!("municipality {code} has small areas but no row of its own (HYOSYO 1)"),
            ));
        }
        if own != sum {
            return Err(invalid(
                path,
                line,
                format!("the small areas of {code} add up to {sum:?}, its own row says {own:?}"),
            ));
        }
    }
    if out.is_empty() {
        return Err(invalid(path, 3, "no small areas"));
    }
    Ok(out)
}
