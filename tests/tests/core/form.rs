//! The listing form (admin editor and update link) against the sample municipality's records.

use crate::helpers::{sample_facilities, today};
use model::form::{Form, FormRole, apply, pairs_of};

#[test]
fn every_sample_listing_reads_back_from_its_own_form() {
    for f in sample_facilities() {
        let p = pairs_of(&f);
        let back = apply(&f, &Form::new(&p), FormRole::Editor, today())
            .unwrap_or_else(|e| panic!("{}: {e}", f.id));
        assert_eq!(back, f, "{}", f.id);
    }
}

#[test]
fn a_facility_form_changes_only_what_it_may() {
    let f = sample_facilities()
        .into_iter()
        .find(|f| f.internal_note.is_some() || !f.visibility.is_empty())
        .expect("a sample listing with an internal note or visibility");
    let mut p = pairs_of(&f);
    p.retain(|(k, _)| k != "internal_note" && !k.starts_with("vis_"));
    p.push(("internal_note".into(), "外から書き換え".into()));
    p.push(("vis_internal_note".into(), "public".into()));
    let back = apply(&f, &Form::new(&p), FormRole::Facility, today()).expect("form reads");
    assert_eq!(back.internal_note, f.internal_note);
    assert_eq!(back.visibility, f.visibility);
}

#[test]
fn every_field_of_every_sample_listing_has_its_row_in_the_field_table() {
    let mut seen = std::collections::BTreeSet::new();
    for f in crate::helpers::sample_facilities() {
        let v = serde_json::to_value(&f).unwrap();
        for k in v.as_object().unwrap().keys() {
            assert!(
                model::facility::fields::field(k).is_some(),
                "{k} of {} has no row in model::facility::fields",
                f.id
            );
            seen.insert(k.clone());
        }
    }
    assert!(seen.len() > 20, "the sample uses most fields: {seen:?}");
}
