//! How fresh a listing is (seed-requirements P-01, P-02): when it was last confirmed by a
//! person, and how old its acceptance status is. A status older than the policy allows is shown
//! publicly as 「不明」 (unknown), and both appear in the staleness report.

use crate::facility::{Accepting, Facility};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// Default months within which a listing must be confirmed again.
pub const DEFAULT_VERIFY_MONTHS: u32 = 12;
/// Default age in days after which an acceptance status is unknown.
pub const DEFAULT_AVAILABILITY_DAYS: u32 = 14;

/// A municipality's freshness policy.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct FreshnessPolicy {
    /// A listing not confirmed within this many months is due for re-confirmation.
    pub verify_within_months: u32,
    /// An acceptance status older than this many days is unknown.
    pub availability_days: u32,
}

impl Default for FreshnessPolicy {
    /// 12 months and 14 days (issue 5; 島原市 polls visiting-nurse stations weekly).
    fn default() -> FreshnessPolicy {
        FreshnessPolicy {
            verify_within_months: DEFAULT_VERIFY_MONTHS,
            availability_days: DEFAULT_AVAILABILITY_DAYS,
        }
    }
}

impl FreshnessPolicy {
    /// Returns true when a confirmation on `verified_at` (or none) is older than the policy.
    pub fn verification_due(&self, verified_at: Option<NaiveDate>, today: NaiveDate) -> bool {
        let limit = today
            .checked_sub_months(chrono::Months::new(self.verify_within_months))
            .unwrap_or(NaiveDate::MIN);
        verified_at.is_none_or(|d| d < limit)
    }

    /// Returns true when an acceptance status reported on `as_of` is too old to show.
    pub fn availability_stale(&self, as_of: NaiveDate, today: NaiveDate) -> bool {
        (today - as_of).num_days() > i64::from(self.availability_days)
    }

    /// The acceptance status to show today: `None` (「不明」) when unknown or stale.
    pub fn current_accepting(&self, f: &Facility, today: NaiveDate) -> Option<Accepting> {
        f.availability
            .as_ref()
            .filter(|a| !self.availability_stale(a.as_of, today))
            .map(|a| a.accepting)
    }
}

/// The freshness policies in force: municipalities' own confirmation intervals over the
/// default (the 14-day acceptance rule is the same everywhere: the public pages apply it).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PolicyTable {
    /// The default policy.
    pub default: FreshnessPolicy,
    /// Months within which listings must be confirmed, by municipality code.
    pub verify_months_by_municipality: std::collections::BTreeMap<String, u32>,
}

impl PolicyTable {
    /// The policy a listing is held to.
    pub fn for_listing(&self, f: &Facility) -> FreshnessPolicy {
        let months = f
            .municipality_code
            .as_ref()
            .and_then(|m| self.verify_months_by_municipality.get(m))
            .copied()
            .unwrap_or(self.default.verify_within_months);
        FreshnessPolicy {
            verify_within_months: months,
            ..self.default
        }
    }
}

/// Longest confirmation interval a municipality may set, in months.
pub const MAX_VERIFY_MONTHS: u32 = 60;

/// A re-confirmation campaign (大和市, 島原市: every listing is asked once a year to confirm or
/// correct its entry), with its counts.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Campaign {
    /// Id.
    pub id: i64,
    /// Title, e.g. 「2026年度 掲載内容の確認」.
    pub title: String,
    /// Only listings of this municipality (code), if set.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub municipality: Option<String>,
    /// Who started it.
    pub started_by: String,
    /// When.
    pub started_at: chrono::DateTime<chrono::Utc>,
    /// When it was closed (responses after that no longer count).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub closed_at: Option<chrono::DateTime<chrono::Utc>>,
    /// Listings asked.
    pub members: usize,
    /// Listings that responded.
    pub responded: usize,
}

/// How a listing responded to a campaign.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Response {
    /// The facility sent its corrections (or "no change") through its update link.
    Request,
    /// An editor confirmed the listing (after a FAX or a call).
    Verified,
}

impl Response {
    /// Code as stored.
    pub fn code(self) -> &'static str {
        match self {
            Response::Request => "request",
            Response::Verified => "verified",
        }
    }

    /// Reads a code.
    pub fn from_code(code: &str) -> Option<Response> {
        [Response::Request, Response::Verified]
            .into_iter()
            .find(|r| r.code() == code)
    }

    /// Japanese label.
    pub fn label(self) -> &'static str {
        match self {
            Response::Request => "更新フォームで回答",
            Response::Verified => "担当者が確認",
        }
    }

    /// Its label in `lang`.
    pub fn label_in(self, lang: crate::i18n::Lang) -> &'static str {
        match (lang, self) {
            (crate::i18n::Lang::Ja, _) => self.label(),
            (crate::i18n::Lang::En, Response::Request) => "answered with the update form",
            (crate::i18n::Lang::En, Response::Verified) => "confirmed by staff",
        }
    }
}

/// One listing of a campaign.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CampaignMember {
    /// Listing id.
    pub facility_id: String,
    /// When it responded.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub responded_at: Option<chrono::DateTime<chrono::Utc>>,
    /// How.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub response: Option<Response>,
    /// The change request it sent, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub request_id: Option<i64>,
}

/// One line of the staleness report.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct StaleListing {
    /// Listing id.
    pub id: String,
    /// Name.
    pub name: String,
    /// Primary service type.
    pub service: String,
    /// Municipality code.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub municipality_code: Option<String>,
    /// Last confirmation (none: never confirmed).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub verified_at: Option<NaiveDate>,
    /// Date of the acceptance status, when it has one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub availability_as_of: Option<NaiveDate>,
    /// Due for re-confirmation.
    pub verification_due: bool,
    /// Acceptance status too old (shown as 「不明」).
    pub availability_stale: bool,
}

impl StaleListing {
    /// The report line of `f`, or `None` when it is fresh.
    pub fn of(f: &Facility, policy: &FreshnessPolicy, today: NaiveDate) -> Option<StaleListing> {
        let verification_due = policy.verification_due(f.provenance.verified_at, today);
        let availability_stale = f
            .availability
            .as_ref()
            .is_some_and(|a| policy.availability_stale(a.as_of, today));
        (verification_due || availability_stale).then(|| StaleListing {
            id: f.id.0.clone(),
            name: f.name.clone(),
            service: f.services.first().cloned().unwrap_or_default(),
            municipality_code: f.municipality_code.clone(),
            verified_at: f.provenance.verified_at,
            availability_as_of: f.availability.as_ref().map(|a| a.as_of),
            verification_due,
            availability_stale,
        })
    }
}

/// Service types of the weekly availability round (島原市: visiting-nurse stations every week;
/// 鶴岡: short stays).
pub const ROUND_SERVICES: &[&str] = &["visiting_nursing", "short_stay", "short_stay_medical"];

/// One line of the weekly availability round.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RoundLine {
    /// Listing id.
    pub id: String,
    /// Name.
    pub name: String,
    /// Primary service type.
    pub service: String,
    /// Phone to call.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub phone: Option<String>,
    /// The status on record, with its date.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub availability: Option<crate::facility::Availability>,
    /// True when the status is missing or older than the policy's days.
    pub due: bool,
}

impl RoundLine {
    /// The round's line for a listing, when it belongs to the round (an active listing with
    /// one of [`ROUND_SERVICES`]).
    pub fn of(f: &Facility, policy: &FreshnessPolicy, today: NaiveDate) -> Option<RoundLine> {
        let in_round = f.status == crate::facility::LifecycleStatus::Active
            && f.services
                .iter()
                .any(|s| ROUND_SERVICES.contains(&s.as_str()));
        in_round.then(|| RoundLine {
            id: f.id.0.clone(),
            name: f.name.clone(),
            service: f.services.first().cloned().unwrap_or_default(),
            phone: f.phone.clone(),
            due: policy.current_accepting(f, today).is_none(),
            availability: f.availability.clone(),
        })
    }
}

/// One entry of the round: this week's status of one listing.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RoundEntry {
    /// Listing id.
    pub id: String,
    /// yes, limited or no.
    pub accepting: Accepting,
    /// Free places, if counted.
    #[serde(default)]
    pub free_count: Option<u32>,
    /// Note, e.g. 「土日の新規は要相談」.
    #[serde(default)]
    pub note: Option<String>,
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::FacilityId;
    use crate::facility::Availability;

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    #[test]
    fn policy_marks_old_confirmations_and_statuses() {
        let p = FreshnessPolicy::default();
        let today = day(2026, 12, 1);
        assert!(p.verification_due(None, today));
        assert!(p.verification_due(Some(day(2025, 11, 30)), today));
        assert!(!p.verification_due(Some(day(2025, 12, 1)), today));
        assert!(!p.availability_stale(day(2026, 11, 17), today));
        assert!(p.availability_stale(day(2026, 11, 16), today));
        let mut f = Facility::new(FacilityId::new("t-1").unwrap(), "名", "visiting_nursing");
        f.provenance.verified_at = Some(day(2026, 6, 1));
        assert_eq!(StaleListing::of(&f, &p, today), None);
        f.availability = Some(Availability {
            accepting: Accepting::Yes,
            free_count: None,
            note: None,
            as_of: day(2026, 11, 1),
        });
        assert_eq!(p.current_accepting(&f, today), None);
        let line = StaleListing::of(&f, &p, today).unwrap();
        assert!(line.availability_stale && !line.verification_due);
    }
}
