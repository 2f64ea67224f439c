//! The editorial workflows on the sample city: saves checked against role and scope with their
//! change log, revert and verification, update links and change requests, policies and
//! campaigns.

use crate::helpers::{editorial, query, sample_engine, sample_facilities};
use indexer::editorial::SaveKind;

fn viewer(role: model::Role, municipality: Option<&str>) -> model::Viewer {
    model::Viewer {
        id: 1,
        email: format!("{}@example.jp", role.code()),
        role,
        scope: model::account::EditorScope {
            municipalities: municipality.into_iter().map(str::to_string).collect(),
            associations: Vec::new(),
        },
    }
}

/// The sample engine, a listing of the sample city with an editor of that city, and the
/// listing renamed (name and phone) as the editor would save it.
struct Renaming {
    _dir: tempfile::TempDir,
    engine: indexer::engine::Engine,
    f: model::Facility,
    renamed: model::Facility,
    editor: model::Viewer,
}

async fn renaming() -> Renaming {
    let (_dir, engine) = sample_engine().await;
    let f = sample_facilities()
        .into_iter()
        .find(|f| f.municipality_code.is_some() && f.location.is_some())
        .unwrap();
    let editor = viewer(model::Role::Editor, f.municipality_code.as_deref());
    let mut renamed = f.clone();
    renamed.name = "ゆうやけ台クリニック".into();
    renamed.phone = Some("000-111-2222".into());
    Renaming {
        _dir,
        engine,
        f,
        renamed,
        editor,
    }
}

impl Renaming {
    /// The editor saves the renamed listing.
    async fn save(&self) -> indexer::editorial::Saved {
        editorial(&self.engine)
            .save_as(
                &self.editor,
                self.renamed.clone(),
                None,
                SaveKind::Edit,
                None,
            )
            .await
            .unwrap()
    }

    /// How many listings the new name finds.
    fn found(&self) -> u64 {
        self.engine
            .search(&query(serde_json::json!({ "text": "ゆうやけ台" })))
            .unwrap()
            .total
    }
}

#[tokio::test]
async fn saves_outside_the_scope_or_by_professionals_are_refused_and_log_nothing() {
    let r = renaming().await;
    let outsider = viewer(model::Role::Editor, Some("999999"));
    let reader = viewer(model::Role::Professional, None);
    for v in [&outsider, &reader] {
        let err = editorial(&r.engine)
            .save_as(v, r.renamed.clone(), None, SaveKind::Edit, None)
            .await
            .unwrap_err();
        assert!(matches!(err, indexer::Error::Forbidden(_)), "{err}");
    }
    assert!(
        editorial(&r.engine)
            .history(r.f.id.as_str())
            .await
            .unwrap()
            .is_empty()
    );
    assert_eq!(r.found(), 0);
}

#[tokio::test]
async fn a_save_logs_each_changed_field_and_is_searchable_at_once() {
    let r = renaming().await;
    let saved = r.save().await;
    let fields: Vec<&str> = saved.changes.iter().map(|c| c.field.as_str()).collect();
    assert_eq!(fields, ["name", "phone"]);
    assert_eq!(r.found(), 1);
    let history = editorial(&r.engine).history(r.f.id.as_str()).await.unwrap();
    assert_eq!(history.len(), 2);
    let name_change = history.iter().find(|c| c.change.field == "name").unwrap();
    assert_eq!(name_change.change.old, Some(serde_json::json!(r.f.name)));
    assert_eq!(name_change.actor, r.editor.email);
}

#[tokio::test]
async fn a_stale_version_conflicts_and_the_same_record_again_logs_nothing() {
    let r = renaming().await;
    let saved = r.save().await;
    let err = editorial(&r.engine)
        .save_as(
            &r.editor,
            r.f.clone(),
            Some(saved.seq - 1),
            SaveKind::Edit,
            None,
        )
        .await
        .unwrap_err();
    assert!(matches!(err, indexer::Error::Conflict(_)), "{err}");
    let again = editorial(&r.engine)
        .save_as(
            &r.editor,
            r.renamed.clone(),
            Some(saved.seq),
            SaveKind::Edit,
            None,
        )
        .await
        .unwrap();
    assert!(again.changes.is_empty());
    assert_eq!(
        editorial(&r.engine)
            .history(r.f.id.as_str())
            .await
            .unwrap()
            .len(),
        2
    );
}

#[tokio::test]
async fn reverting_one_change_restores_that_field_only_and_only_once() {
    let r = renaming().await;
    r.save().await;
    let history = editorial(&r.engine).history(r.f.id.as_str()).await.unwrap();
    let name_change = history.iter().find(|c| c.change.field == "name").unwrap();
    editorial(&r.engine)
        .revert_as(&r.editor, name_change.id)
        .await
        .unwrap();
    let now = r.engine.get(r.f.id.as_str()).await.unwrap();
    assert_eq!(now.name, r.f.name);
    assert_eq!(now.phone.as_deref(), Some("000-111-2222"));
    assert_eq!(r.found(), 0, "the reverted name is no longer found");
    assert!(matches!(
        editorial(&r.engine)
            .revert_as(&r.editor, name_change.id)
            .await
            .unwrap_err(),
        indexer::Error::Conflict(_)
    ));
}

#[tokio::test]
async fn verification_is_logged_as_its_own_kind_and_answers_the_listings_version() {
    let r = renaming().await;
    let date = chrono::NaiveDate::from_ymd_opt(2026, 12, 1).unwrap();
    let id = r.f.id.as_str();
    editorial(&r.engine)
        .verify_as(&r.editor, id, date)
        .await
        .unwrap();
    let now = r.engine.get(id).await.unwrap();
    assert_eq!(now.provenance.verified_at, Some(date));
    assert_eq!(
        now.provenance.verified_by.as_deref(),
        Some(r.editor.email.as_str())
    );
    assert_eq!(
        editorial(&r.engine).history(id).await.unwrap()[0].kind,
        "verify"
    );
    // The version a save answers is the one the listing has.
    let verified = editorial(&r.engine)
        .verify_as(&r.editor, id, date)
        .await
        .unwrap();
    assert_eq!(
        editorial(&r.engine).version(id).await.unwrap(),
        verified.seq
    );
}

#[tokio::test]
async fn change_requests_are_queued_approved_once_and_links_revocable() {
    use indexer::editorial::NewRequest;
    use indexer::editorial::accounts::token_hash;
    use model::change::RequestStatus;
    let (_dir, engine) = sample_engine().await;
    let f = sample_facilities()
        .into_iter()
        .find(|f| f.municipality_code.is_some())
        .unwrap();
    let editor = viewer(model::Role::Editor, f.municipality_code.as_deref());
    editorial(&engine)
        .issue_update_link(&editor, f.id.as_str(), &token_hash("token-1"))
        .await
        .unwrap();
    let linked = editorial(&engine).linked("token-1").await.unwrap().unwrap();
    assert_eq!(linked.facility.id, f.id);
    assert!(linked.pending.is_empty());
    editorial(&engine)
        .issue_update_link(&editor, f.id.as_str(), &token_hash("token-2"))
        .await
        .unwrap();
    assert!(
        editorial(&engine)
            .linked("token-1")
            .await
            .unwrap()
            .is_none()
    );

    let mut fields = serde_json::Map::new();
    fields.insert("name".into(), serde_json::json!("はなみずき新館"));
    let changes = model::change::proposal(&f, &fields).unwrap();
    let r = editorial(&engine)
        .propose(NewRequest {
            facility_id: f.id.0.clone(),
            changes,
            submitter: "事務 田中".into(),
            contact: "000-1".into(),
            note: None,
        })
        .await
        .unwrap();
    assert_eq!(r.status, RequestStatus::Pending);
    let outsider = viewer(model::Role::Editor, Some("999999"));
    assert!(
        editorial(&engine)
            .approve_request(&outsider, r.id, None)
            .await
            .is_err()
    );
    assert!(
        editorial(&engine)
            .change_requests_for(&outsider, Some(RequestStatus::Pending))
            .await
            .unwrap()
            .is_empty()
    );
    let (saved, closed) = editorial(&engine)
        .approve_request(&editor, r.id, None)
        .await
        .unwrap();
    assert_eq!(saved.facility.name, "はなみずき新館");
    assert_eq!(closed.status, RequestStatus::Approved);
    assert!(matches!(
        editorial(&engine)
            .approve_request(&editor, r.id, None)
            .await
            .unwrap_err(),
        indexer::Error::Conflict(_)
    ));
    assert!(
        editorial(&engine)
            .revoke_update_link(&editor, f.id.as_str())
            .await
            .unwrap()
    );
    assert!(
        editorial(&engine)
            .linked("token-2")
            .await
            .unwrap()
            .is_none()
    );
}

#[tokio::test]
async fn campaigns_record_responses_and_policies_decide_what_is_due() {
    use crate::helpers::today;
    use indexer::editorial::NewRequest;
    use model::freshness::Response;
    let (_dir, engine) = sample_engine().await;
    let city = sample_facilities()
        .into_iter()
        .find_map(|f| f.municipality_code)
        .unwrap();
    let editor = viewer(model::Role::Editor, Some(&city));
    let outsider = viewer(model::Role::Editor, Some("000000"));
    // Policies: only the municipality's editors (or administrators) set them.
    assert!(
        editorial(&engine)
            .set_policy(&outsider, &city, 6)
            .await
            .is_err()
    );
    assert!(
        editorial(&engine)
            .set_policy(&editor, &city, 0)
            .await
            .is_err()
    );
    editorial(&engine)
        .set_policy(&editor, &city, 6)
        .await
        .unwrap();
    editorial(&engine)
        .set_policy(&editor, &city, 3)
        .await
        .unwrap();
    let table = editorial(&engine).policy_table().await.unwrap();
    assert_eq!(table.verify_months_by_municipality.get(&city), Some(&3));
    let due_3 = editorial(&engine)
        .staleness_report(&editor, None, today(), None)
        .await
        .unwrap()
        .iter()
        .filter(|s| s.verification_due)
        .count();
    let default = model::freshness::FreshnessPolicy::default();
    let due_12 = editorial(&engine)
        .staleness_report(&editor, Some(&default), today(), None)
        .await
        .unwrap()
        .iter()
        .filter(|s| s.verification_due)
        .count();
    assert!(
        due_3 > due_12,
        "3 months make more listings due ({due_3} vs {due_12})"
    );

    // A campaign asks every listing in scope; a "no change" answer is accepted only while
    // it runs, and counts once.
    let c = editorial(&engine)
        .start_campaign(&editor, "2026年度", Some(&city))
        .await
        .unwrap();
    assert!(c.members > 100);
    assert!(
        editorial(&engine)
            .start_campaign(&outsider, "x", Some(&city))
            .await
            .is_err()
    );
    let (_, members) = editorial(&engine).campaign(&editor, c.id).await.unwrap();
    let first = members[0].1.id.0.clone();
    let answer = || NewRequest {
        facility_id: first.clone(),
        changes: Vec::new(),
        submitter: "事務 佐藤".into(),
        contact: "000-2".into(),
        note: None,
    };
    let r = editorial(&engine).propose(answer()).await.unwrap();
    editorial(&engine).propose(answer()).await.unwrap();
    let (c2, members) = editorial(&engine).campaign(&editor, c.id).await.unwrap();
    assert_eq!(c2.responded, 1);
    let m = &members
        .iter()
        .find(|(m, _)| m.facility_id == first)
        .unwrap()
        .0;
    assert_eq!(
        (m.response, m.request_id),
        (Some(Response::Request), Some(r.id))
    );
    // Approving the answer confirms the listing.
    let (saved, _) = editorial(&engine)
        .approve_request(&editor, r.id, None)
        .await
        .unwrap();
    assert_eq!(saved.facility.provenance.verified_at, Some(today()));
    // An editor's confirmation is a response of its own kind.
    let second = members[1].1.id.0.clone();
    editorial(&engine)
        .verify_as(&editor, &second, today())
        .await
        .unwrap();
    let (c3, members) = editorial(&engine).campaign(&editor, c.id).await.unwrap();
    assert_eq!(c3.responded, 2);
    let m = &members
        .iter()
        .find(|(m, _)| m.facility_id == second)
        .unwrap()
        .0;
    assert_eq!(m.response, Some(Response::Verified));
    editorial(&engine)
        .close_campaign(&editor, c.id)
        .await
        .unwrap();
    assert!(
        editorial(&engine).propose(answer()).await.is_err(),
        "closed: nothing to confirm"
    );
}
