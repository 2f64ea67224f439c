//! What imports leave for people, worked through: a possible duplicate merged by an
//! administrator stays merged at the next import; a field an editor corrected is not
//! overwritten by the next import; a position set by hand answers the import's question about
//! it. Runs on SQLite and PostgreSQL.

use crate::helpers::{editorial, settings};
use indexer::editorial::{Resolution, SaveKind};
use indexer::engine::Engine;
use indexer::import::table::{Mapping, parse_table};
use model::{Role, Viewer};
use std::path::Path;

fn admin() -> Viewer {
    Viewer {
        id: 1,
        email: "admin@city.example.jp".into(),
        role: Role::Admin,
        scope: Default::default(),
    }
}

fn mapping(dir: &Path, id: &str, priority: u8) -> Mapping {
    let p = dir.join(format!("{id}.toml"));
    std::fs::write(
        &p,
        format!(
            r#"
[source]
id = "{id}"
name = "{id}"
credit = "{id} のデータを基に作成"
priority = {priority}

[record]
key = "{{no}}"
id = "{id}-{{no}}"

[columns]
name = "{{name}}"
address = "{{address}}"
phone = "{{tel}}"
lat = "{{lat}}"
lng = "{{lng}}"

[service]
fixed = "clinic"
"#
        ),
    )
    .unwrap();
    Mapping::read(&p).unwrap()
}

async fn import(
    engine: &Engine,
    dir: &Path,
    m: &Mapping,
    rows: &str,
) -> model::review::ImportReport {
    let file = dir.join(format!("{}.csv", m.source.id));
    std::fs::write(&file, format!("no,name,address,tel,lat,lng\n{rows}")).unwrap();
    engine
        .import(parse_table(&file, m).unwrap(), &|_| {})
        .await
        .unwrap()
}

#[tokio::test]
async fn duplicates_merged_edits_kept_and_positions_answered() {
    let dir = tempfile::tempdir().unwrap();
    let engine = Engine::open(&settings(&dir).await).await.unwrap();
    let survey = mapping(dir.path(), "survey", 30);
    let ishikai = mapping(dir.path(), "ishikai", 25);
    let r = import(
        &engine,
        dir.path(),
        &survey,
        "1,さくら内科クリニック,市内本町1-1,0720001111,34.80,135.60\n2,ひかり医院,市内栄町2-2,0720002222,34.81,135.61\n",
    )
    .await;
    assert_eq!(r.new, 2);
    // The 医師会's list: the same name and phone merges; the same name alone, 1 km away, is
    // only possibly the same clinic.
    let r = import(
        &engine,
        dir.path(),
        &ishikai,
        "a,さくら内科クリニック,市内本町1-1,072-000-1111,34.8001,135.6001\nb,ひかり医院,市内栄町2-20,,34.819,135.61\n",
    )
    .await;
    assert_eq!((r.new, r.merged, r.ambiguous), (0, 1, 1));
    let merged = engine.get("survey-1").await.unwrap();
    let sources: Vec<&str> = merged
        .provenance
        .records
        .iter()
        .map(|r| r.source.as_str())
        .collect();
    assert_eq!(sources, vec!["survey", "ishikai"]);
    let queue = editorial(&engine)
        .review_items(&admin(), true, Some("duplicate"), 0, 10)
        .await
        .unwrap();
    assert_eq!(queue.len(), 1);
    assert_eq!(queue[0].facility_id, "ishikai-b");
    // The administrator merges it: one listing holding both source records.
    editorial(&engine)
        .resolve_review(&admin(), queue[0].id, Resolution::Merge)
        .await
        .unwrap();
    assert!(engine.get("ishikai-b").await.is_err());
    let two = engine.get("survey-2").await.unwrap();
    assert!(two.provenance.records.iter().any(|r| r.key == "b"));
    // The next 医師会 list updates the merged listing instead of duplicating it again.
    let r = import(
        &engine,
        dir.path(),
        &ishikai,
        "a,さくら内科クリニック,市内本町1-1,072-000-1111,34.8001,135.6001\nb,ひかり医院,市内栄町2-20,072-000-3333,34.819,135.61\n",
    )
    .await;
    assert_eq!((r.new, r.ambiguous), (0, 0));
    assert_eq!(
        engine.get("survey-2").await.unwrap().phone.as_deref(),
        Some("0720002222"),
        "the survey outranks the 医師会's list"
    );
    assert_eq!(engine.stats().await.unwrap().facilities, 2);

    // An editor corrects the name and sets the position by hand: no import takes them back.
    let mut f = engine.get("survey-1").await.unwrap();
    f.name = "さくら内科・循環器クリニック".into();
    f.location = Some(model::facility::Location {
        lat: 34.805,
        lng: 135.605,
        ..Default::default()
    });
    editorial(&engine)
        .save_as(&admin(), f, None, SaveKind::Edit, None)
        .await
        .unwrap();
    let r = import(
        &engine,
        dir.path(),
        &survey,
        "1,さくら内科クリニック,市内本町1-1,0720009999,34.80,135.60\n2,ひかり医院,市内栄町2-2,0720002222,34.81,135.61\n",
    )
    .await;
    assert_eq!(r.updated, 1);
    let f = engine.get("survey-1").await.unwrap();
    assert_eq!(
        f.phone.as_deref(),
        Some("0720009999"),
        "the survey's own field follows it"
    );
    assert_eq!(f.name, "さくら内科・循環器クリニック");
    assert_eq!(f.location.map(|l| (l.lat, l.lng)), Some((34.805, 135.605)));
    let history = editorial(&engine).history("survey-1").await.unwrap();
    assert!(
        history
            .iter()
            .any(|h| h.kind == "edit" && h.change.field == "name")
    );
    assert!(
        history.iter().any(|h| h.kind == "import"),
        "imports log what they change"
    );
    // The sources' credit lines are recorded.
    let sources = engine.data_sources().await.unwrap();
    assert!(
        sources
            .iter()
            .any(|s| s.id == "ishikai" && s.credit == "ishikai のデータを基に作成")
    );
    let runs = editorial(&engine).import_runs(10).await.unwrap();
    assert_eq!(runs.len(), 4);
    assert_eq!(runs[0].report.source, "survey");
}
