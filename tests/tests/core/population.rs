//! The population tables as published: the 住民基本台帳 age table per municipality and the
//! census' small areas of 大阪府 (`../shared/data/real/population/`).

use super::helpers::real_data_dir;
use chrono::NaiveDate;
use indexer::import::population::{parse_census_small_areas, parse_juki};
use model::geocode::municipality_code_with_check_digit;
use model::population::Population;

#[test]
fn the_juki_table_gives_each_municipality_its_elderly() {
    let path = real_data_dir().join("population/juki_2023-01-01_municipal_age.xlsx");
    let (rows, as_of) = parse_juki(&path).unwrap();
    assert_eq!(as_of, NaiveDate::from_ymd_opt(2023, 1, 1).unwrap());
    // 47 prefectures and every municipality and ward, once each (the 計 row of three).
    assert_eq!(rows.len(), 2_277);
    let hirakata = rows.iter().find(|r| r.code == "272108").unwrap();
    assert_eq!(
        (hirakata.prefecture.as_str(), hirakata.name.as_str()),
        ("大阪府", "枚方市")
    );
    assert_eq!(
        hirakata.population,
        Population {
            total: 396_252,
            aged_65: 114_178,
            aged_75: 62_359
        }
    );
    let hokkaido = rows.iter().find(|r| r.code == "010006").unwrap();
    assert_eq!(hokkaido.name, "");
    assert_eq!(hokkaido.population.total, 5_139_913);
    // Every code carries its check digit, so the census' 5-digit codes find their row.
    for r in &rows {
        assert_eq!(
            municipality_code_with_check_digit(&r.code[..5]).as_deref(),
            Some(r.code.as_str()),
            "{r:?}"
        );
    }
}

#[test]
fn the_census_small_areas_add_up_to_each_municipality() {
    let path = real_data_dir().join("population/census2020_small_area_age_osaka_tblT001082C27.csv");
    // The parser itself checks every municipality's small areas against its own row.
    let areas = parse_census_small_areas(&path).unwrap();
    let mut hirakata = Population::default();
    let mut n = 0;
    for a in areas.iter().filter(|a| a.municipality_code() == "27210") {
        hirakata += a.population;
        n += 1;
        assert_eq!(a.municipality, "枚方市");
    }
    assert_eq!(
        hirakata,
        Population {
            total: 397_289,
            aged_65: 110_284,
            aged_75: 56_378
        }
    );
    // 丁目 and 町 without 丁目, and the 町 whose 丁目 the census merged (招提東町 and three more).
    assert!(
        areas
            .iter()
            .any(|a| a.key == "27210001001" && a.name == "新町一丁目")
    );
    assert!(
        !areas.iter().any(|a| a.key == "272100010"),
        "a 町 with 丁目 is not counted twice"
    );
    let merged = areas.iter().find(|a| a.key == "272101350").unwrap();
    assert_eq!(
        (merged.name.as_str(), merged.population.total),
        ("招提東町", 260)
    );
    assert!(n > 300, "{n}");
    // A small area the census keeps secret names the area its people are counted in.
    let secret = areas.iter().find(|a| a.key == "27104016002").unwrap();
    assert_eq!(secret.population, Population::default());
    assert_eq!(secret.counted_in.as_deref(), Some("27104015003"));
}

#[test]
fn a_broken_census_row_is_named_with_its_line() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("census.csv");
    let header = "KEY_CODE,HYOSYO,CITYNAME,NAME,HTKSYORI,HTKSAKI,GASSAN,T1,T2,T3\n\
                  ,,,,,,,総数、年齢「不詳」含む,総数６５歳以上,総数７５歳以上\n";
    std::fs::write(
        &file,
        format!("{header}27210,1,枚方市,,0,,,10,4,2\n272100010,2,枚方市,新町,0,,,10,4,2\n"),
    )
    .unwrap();
    assert_eq!(parse_census_small_areas(&file).unwrap().len(), 1);
    std::fs::write(
        &file,
        format!("{header}27210,1,枚方市,,0,,,10,4,2\n272100010,2,枚方市,新町,0,,,10,four,2\n"),
    )
    .unwrap();
    let e = parse_census_small_areas(&file).unwrap_err().to_string();
    assert!(e.contains("census.csv:4:") && e.contains("four"), "{e}");
    // Small areas that do not add up to their municipality.
    std::fs::write(
        &file,
        format!("{header}27210,1,枚方市,,0,,,11,4,2\n272100010,2,枚方市,新町,0,,,10,4,2\n"),
    )
    .unwrap();
    let e = parse_census_small_areas(&file).unwrap_err().to_string();
    assert!(e.contains("27210") && e.contains("add up"), "{e}");
}
