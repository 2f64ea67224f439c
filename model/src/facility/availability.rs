//! Whether a listing accepts new users, and since when that is known.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// Whether new users are accepted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Accepting {
    /// 受け入れ可
    Yes,
    /// 条件付き・要相談
    Limited,
    /// 受け入れ不可
    No,
}

impl Accepting {
    /// Every status, in form order.
    pub const ALL: [Accepting; 3] = [Accepting::Yes, Accepting::Limited, Accepting::No];

    /// Code as serialised (`yes`, `limited`, `no`).
    pub fn code(self) -> &'static str {
        match self {
            Accepting::Yes => "yes",
            Accepting::Limited => "limited",
            Accepting::No => "no",
        }
    }

    /// Reads a code.
    pub fn from_code(code: &str) -> Option<Accepting> {
        Accepting::ALL.into_iter().find(|a| a.code() == code)
    }

    /// Japanese label.
    pub fn label(self) -> &'static str {
        match self {
            Accepting::Yes => "受け入れ可",
            Accepting::Limited => "要相談",
            Accepting::No => "受け入れ不可",
        }
    }

    /// Its label in `lang`.
    pub fn label_in(self, lang: crate::i18n::Lang) -> &'static str {
        match (lang, self) {
            (crate::i18n::Lang::Ja, _) => self.label(),
            (crate::i18n::Lang::En, Accepting::Yes) => "Accepting",
            (crate::i18n::Lang::En, Accepting::Limited) => "Ask first",
            (crate::i18n::Lang::En, Accepting::No) => "Not accepting",
        }
    }
}

/// 受け入れ状況: acceptance of new users, meaningless without its as-of date.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Availability {
    /// Accepting or not.
    pub accepting: Accepting,
    /// Free places or beds, if counted.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub free_count: Option<u32>,
    /// Note, e.g. 「土日の新規は要相談」.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    /// Date the status was reported.
    pub as_of: NaiveDate,
}
