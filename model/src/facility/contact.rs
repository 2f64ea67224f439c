//! How professionals reach a listing: contact methods, ケアマネタイム (care-manager contact
//! windows) and named contact points (地域連携室, 退院支援窓口…).

use crate::schedule::Schedule;
use serde::{Deserialize, Serialize};

/// How a contact can be made.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum ContactMethod {
    /// 電話
    Phone,
    /// FAX
    Fax,
    /// メール
    Email,
    /// 来院・面談
    Visit,
}

impl ContactMethod {
    /// Every method, in form order.
    pub const ALL: [ContactMethod; 4] = [
        ContactMethod::Phone,
        ContactMethod::Fax,
        ContactMethod::Email,
        ContactMethod::Visit,
    ];

    /// Code as serialised (`phone`, `fax`, `email`, `visit`).
    pub fn code(self) -> &'static str {
        match self {
            ContactMethod::Phone => "phone",
            ContactMethod::Fax => "fax",
            ContactMethod::Email => "email",
            ContactMethod::Visit => "visit",
        }
    }

    /// Reads a code.
    pub fn from_code(code: &str) -> Option<ContactMethod> {
        ContactMethod::ALL.into_iter().find(|m| m.code() == code)
    }

    /// Japanese label.
    pub fn label(self) -> &'static str {
        match self {
            ContactMethod::Phone => "電話",
            ContactMethod::Fax => "FAX",
            ContactMethod::Email => "メール",
            ContactMethod::Visit => "来院・面談",
        }
    }

    /// Its label in `lang`.
    pub fn label_in(self, lang: crate::i18n::Lang) -> &'static str {
        match (lang, self) {
            (crate::i18n::Lang::Ja, _) => self.label(),
            (crate::i18n::Lang::En, ContactMethod::Phone) => "phone",
            (crate::i18n::Lang::En, ContactMethod::Fax) => "fax",
            (crate::i18n::Lang::En, ContactMethod::Email) => "email",
            (crate::i18n::Lang::En, ContactMethod::Visit) => "in person",
        }
    }
}

/// A ケアマネタイム: when a doctor takes consultations from care managers.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ContactWindow {
    /// Weekly slots and holiday rules.
    pub schedule: Schedule,
    /// Who answers (医師本人, 看護師, 連携室 …).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub contact_person: Option<String>,
    /// Accepted methods.
    #[serde(default)]
    pub methods: Vec<ContactMethod>,
    /// Direct line for professionals, if different from the main number.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub phone: Option<String>,
    /// Note, e.g. 「事前にFAXで連絡票を送付してください」.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

/// A named desk inside a facility (地域連携室, 退院支援, 相談窓口).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ContactPoint {
    /// Name of the desk.
    pub name: String,
    /// Phone.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub phone: Option<String>,
    /// FAX.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fax: Option<String>,
    /// E-mail.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
    /// Hours of the desk.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hours: Option<Schedule>,
    /// Contact person.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub contact_person: Option<String>,
    /// Note.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}
