//! The editorial workflows on the sample city: saves checked against role and scope with their
//! change log, revert and verification, update links and change requests, policies and
//! campaigns.

use crate::helpers::{editorial, query, sample_engine, sample_facilities};
use indexer::editorial::{NewRequest, SaveKind};

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
    let date = crate::helpers::today();
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

/// The sample engine, a listing of the sample city and an editor of that city.
async fn city_listing() -> (
    tempfile::TempDir,
    indexer::engine::Engine,
    model::Facility,
    model::Viewer,
) {
    let (dir, engine) = sample_engine().await;
    let f = sample_facilities()
        .into_iter()
        .find(|f| f.municipality_code.is_some())
        .unwrap();
    let editor = viewer(model::Role::Editor, f.municipality_code.as_deref());
    (dir, engine, f, editor)
}

/// A facility's answer through its update link: the changes, or none ("no change").
fn answer(facility_id: &str, changes: Vec<model::change::FieldChange>) -> NewRequest {
    NewRequest {
        facility_id: facility_id.to_string(),
        changes,
        submitter: "事務 田中".into(),
        contact: "000-1".into(),
        note: None,
    }
}

#[tokio::test]
async fn reissuing_an_update_link_revokes_the_old_one_and_revoking_ends_the_new_one() {
    use indexer::editorial::accounts::token_hash;
    let (_dir, engine, f, editor) = city_listing().await;
    let e = editorial(&engine);
    e.issue_update_link(&editor, f.id.as_str(), &token_hash("token-1"))
        .await
        .unwrap();
    let linked = e.linked("token-1").await.unwrap().unwrap();
    assert_eq!(linked.facility.id, f.id);
    assert!(linked.pending.is_empty());
    e.issue_update_link(&editor, f.id.as_str(), &token_hash("token-2"))
        .await
        .unwrap();
    assert!(e.linked("token-1").await.unwrap().is_none());
    assert!(e.linked("token-2").await.unwrap().is_some());
    assert!(e.revoke_update_link(&editor, f.id.as_str()).await.unwrap());
    assert!(e.linked("token-2").await.unwrap().is_none());
}

#[tokio::test]
async fn a_proposal_is_queued_for_the_listings_editors_and_goes_live_once_approved() {
    use model::change::RequestStatus;
    let (_dir, engine, f, editor) = city_listing().await;
    let e = editorial(&engine);
    let mut fields = serde_json::Map::new();
    fields.insert("name".into(), serde_json::json!("はなみずき新館"));
    let changes = model::change::proposal(&f, &fields).unwrap();
    let r = e.propose(answer(f.id.as_str(), changes)).await.unwrap();
    assert_eq!(r.status, RequestStatus::Pending);
    let outsider = viewer(model::Role::Editor, Some("999999"));
    assert!(e.approve_request(&outsider, r.id, None).await.is_err());
    assert!(
        e.change_requests_for(&outsider, Some(RequestStatus::Pending))
            .await
            .unwrap()
            .is_empty()
    );
    assert_eq!(
        e.change_requests_for(&editor, Some(RequestStatus::Pending))
            .await
            .unwrap()
            .len(),
        1
    );
    let (saved, closed) = e.approve_request(&editor, r.id, None).await.unwrap();
    assert_eq!(saved.facility.name, "はなみずき新館");
    assert_eq!(closed.status, RequestStatus::Approved);
    assert!(matches!(
        e.approve_request(&editor, r.id, None).await.unwrap_err(),
        indexer::Error::Conflict(_)
    ));
}

#[tokio::test]
async fn a_municipalitys_editors_set_its_interval_and_a_shorter_one_makes_more_listings_due() {
    use crate::helpers::today;
    let (_dir, engine, f, editor) = city_listing().await;
    let city = f.municipality_code.clone().unwrap();
    let e = editorial(&engine);
    let outsider = viewer(model::Role::Editor, Some("000000"));
    assert!(e.set_policy(&outsider, &city, 6).await.is_err());
    assert!(e.set_policy(&editor, &city, 0).await.is_err());
    e.set_policy(&editor, &city, 6).await.unwrap();
    e.set_policy(&editor, &city, 3).await.unwrap();
    let table = e.policy_table().await.unwrap();
    assert_eq!(table.verify_months_by_municipality.get(&city), Some(&3));
    let due = |policy: Option<model::freshness::FreshnessPolicy>| {
        let e = editorial(&engine);
        let editor = editor.clone();
        async move {
            e.staleness_report(&editor, policy.as_ref(), today(), None)
                .await
                .unwrap()
                .iter()
                .filter(|s| s.verification_due)
                .count()
        }
    };
    let due_3 = due(None).await;
    let due_12 = due(Some(model::freshness::FreshnessPolicy::default())).await;
    assert!(
        due_3 > due_12,
        "3 months make more listings due ({due_3} vs {due_12})"
    );
}

/// [`city_listing`] with a campaign of the city started by its editor.
async fn campaign_started() -> (
    tempfile::TempDir,
    indexer::engine::Engine,
    model::Viewer,
    model::freshness::Campaign,
) {
    let (dir, engine, f, editor) = city_listing().await;
    let city = f.municipality_code.clone().unwrap();
    let c = editorial(&engine)
        .start_campaign(&editor, "2026年度", Some(&city))
        .await
        .unwrap();
    (dir, engine, editor, c)
}

#[tokio::test]
async fn a_campaign_asks_every_listing_in_scope_and_an_answer_counts_once() {
    use model::freshness::Response;
    let (_dir, engine, editor, c) = campaign_started().await;
    let e = editorial(&engine);
    assert!(c.members > 100);
    let outsider = viewer(model::Role::Editor, Some("000000"));
    assert!(
        e.start_campaign(&outsider, "x", c.municipality.as_deref())
            .await
            .is_err()
    );
    let (_, members) = e.campaign(&editor, c.id).await.unwrap();
    let first = members[0].1.id.0.clone();
    let r = e.propose(answer(&first, Vec::new())).await.unwrap();
    e.propose(answer(&first, Vec::new())).await.unwrap();
    let (c2, members) = e.campaign(&editor, c.id).await.unwrap();
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
}

#[tokio::test]
async fn approving_a_campaign_answer_confirms_the_listing() {
    use crate::helpers::today;
    let (_dir, engine, editor, c) = campaign_started().await;
    let e = editorial(&engine);
    let (_, members) = e.campaign(&editor, c.id).await.unwrap();
    let r = e
        .propose(answer(members[0].1.id.as_str(), Vec::new()))
        .await
        .unwrap();
    let (saved, _) = e.approve_request(&editor, r.id, None).await.unwrap();
    assert_eq!(saved.facility.provenance.verified_at, Some(today()));
}

#[tokio::test]
async fn an_editors_confirmation_is_a_response_and_a_closed_campaign_takes_no_answer() {
    use crate::helpers::today;
    use model::freshness::Response;
    let (_dir, engine, editor, c) = campaign_started().await;
    let e = editorial(&engine);
    let (_, members) = e.campaign(&editor, c.id).await.unwrap();
    let second = members[1].1.id.0.clone();
    e.verify_as(&editor, &second, today()).await.unwrap();
    let (c2, members) = e.campaign(&editor, c.id).await.unwrap();
    assert_eq!(c2.responded, 1);
    let m = &members
        .iter()
        .find(|(m, _)| m.facility_id == second)
        .unwrap()
        .0;
    assert_eq!(m.response, Some(Response::Verified));
    e.close_campaign(&editor, c.id).await.unwrap();
    assert!(
        e.propose(answer(members[0].1.id.as_str(), Vec::new()))
            .await
            .is_err(),
        "closed: nothing to confirm"
    );
}
