//! The dates a person reports about a listing — the day it was confirmed
//! (`provenance.verified_at`) and the day of its acceptance status (`availability.as_of`) — and
//! the bounds they keep. Freshness is computed from them (a confirmation within 12 months, a
//! status within 14 days), so a date after today would keep a listing "fresh" forever, and a
//! status dated before the one it replaces would make older news look current.
//!
//! Only dates that a save changes are checked: a listing is never refused for what it already
//! holds.

use crate::error::ValidationError;
use crate::facility::Facility;
use chrono::NaiveDate;

/// Whether a changed date may also move back before the one it replaces.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum History {
    /// A new report: it may not be dated before the report it replaces (edits, confirmations,
    /// proposals, the weekly round).
    Forward,
    /// A value set back as it was (a revert) or taken from another record (a merge): only the
    /// bound of today holds.
    Restore,
}

/// Checks the reported dates of `after` that differ from `before` (none: a new listing):
/// never after `today` (in Japan), and with [`History::Forward`] never before the date they
/// replace.
pub fn check(
    before: Option<&Facility>,
    after: &Facility,
    today: NaiveDate,
    history: History,
) -> Result<(), ValidationError> {
    let old_status = before.and_then(|b| b.availability.as_ref());
    if let Some(a) = after.availability.as_ref()
        && old_status != Some(a)
    {
        bound(
            "availability.as_of",
            a.as_of,
            old_status.map(|o| o.as_of),
            today,
            history,
        )?;
    }
    let old_verified = before.and_then(|b| b.provenance.verified_at);
    if let Some(d) = after.provenance.verified_at
        && old_verified != Some(d)
    {
        bound("provenance.verified_at", d, old_verified, today, history)?;
    }
    Ok(())
}

fn bound(
    field: &str,
    date: NaiveDate,
    replaced: Option<NaiveDate>,
    today: NaiveDate,
    history: History,
) -> Result<(), ValidationError> {
    if date > today {
        return Err(ValidationError::InvalidField {
            field: field.into(),
            reason: format!("{date} is after today ({today}, Japan)"),
        });
    }
    if history == History::Forward
        && let Some(r) = replaced
        && date < r
    {
        return Err(ValidationError::InvalidField {
            field: field.into(),
            reason: format!(
                "{date} is before the date on record ({r}): a new report cannot be older than the one it replaces"
            ),
        });
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::facility::{Accepting, Availability, FacilityId};

    fn day(d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, d).unwrap()
    }

    fn listing(status: Option<(Accepting, u32)>, verified: Option<u32>) -> Facility {
        let mut f = Facility::new(
            FacilityId("x-1".into()),
            "テスト訪問看護ステーション",
            "visiting_nursing",
        );
        f.availability = status.map(|(accepting, d)| Availability {
            accepting,
            free_count: None,
            note: None,
            as_of: day(d),
        });
        f.provenance.verified_at = verified.map(day);
        f
    }

    #[test]
    fn a_changed_date_after_today_is_refused_by_name() {
        let before = listing(Some((Accepting::Yes, 10)), Some(10));
        let future_status = listing(Some((Accepting::No, 17)), Some(10));
        let err = check(Some(&before), &future_status, day(16), History::Forward).unwrap_err();
        assert!(err.to_string().contains("availability.as_of"), "{err}");
        let future_check = listing(Some((Accepting::Yes, 10)), Some(17));
        let err = check(Some(&before), &future_check, day(16), History::Restore).unwrap_err();
        assert!(err.to_string().contains("provenance.verified_at"), "{err}");
        // A new listing is a report too.
        assert!(check(None, &future_status, day(16), History::Forward).is_err());
        // Today is fine.
        let today = listing(Some((Accepting::No, 16)), Some(16));
        assert!(check(Some(&before), &today, day(16), History::Forward).is_ok());
    }

    #[test]
    fn a_new_report_is_never_older_than_the_one_it_replaces_but_a_restored_one_may_be() {
        let before = listing(Some((Accepting::Yes, 12)), Some(12));
        let older_status = listing(Some((Accepting::No, 5)), Some(12));
        assert!(check(Some(&before), &older_status, day(16), History::Forward).is_err());
        assert!(check(Some(&before), &older_status, day(16), History::Restore).is_ok());
        let older_check = listing(Some((Accepting::Yes, 12)), Some(3));
        assert!(check(Some(&before), &older_check, day(16), History::Forward).is_err());
    }

    #[test]
    fn dates_a_save_does_not_change_are_not_checked() {
        // A listing that already holds a future date (say, from an import) can still be edited.
        let mut before = listing(Some((Accepting::Yes, 30)), Some(30));
        let mut after = before.clone();
        after.name = "新しい名前".into();
        assert!(check(Some(&before), &after, day(16), History::Forward).is_ok());
        // Removing a status reports nothing.
        before.availability = Some(Availability {
            accepting: Accepting::Yes,
            free_count: None,
            note: None,
            as_of: day(1),
        });
        after.availability = None;
        assert!(check(Some(&before), &after, day(16), History::Forward).is_ok());
    }
}
