//! Who is asking: roles, editor scopes and what each may see and change
//! (seed-requirements §6.2). The engine's write path and the API both decide with
//! [`Viewer::may_edit`]; pages only reflect it.

use crate::facility::{Facility, Visibility};
use serde::{Deserialize, Serialize};

/// Name of the session cookie (set by `POST /api/v1/auth/login`, read by the API and the site).
pub const SESSION_COOKIE: &str = "caremap_session";

/// An account's role.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// Everything: every listing, accounts, imports.
    Admin,
    /// Edits the listings of its scope (municipalities, or an association's members).
    Editor,
    /// Care managers, hospital staff: sees professional fields, changes nothing.
    Professional,
}

impl Role {
    /// Stable code.
    pub fn code(self) -> &'static str {
        match self {
            Role::Admin => "admin",
            Role::Editor => "editor",
            Role::Professional => "professional",
        }
    }

    /// Parses a code.
    pub fn from_code(code: &str) -> Option<Role> {
        match code {
            "admin" => Some(Role::Admin),
            "editor" => Some(Role::Editor),
            "professional" => Some(Role::Professional),
            _ => None,
        }
    }

    /// Japanese label.
    pub fn label(self) -> &'static str {
        match self {
            Role::Admin => "管理者",
            Role::Editor => "編集者",
            Role::Professional => "専門職",
        }
    }

    /// Its label in `lang`.
    pub fn label_in(self, lang: crate::i18n::Lang) -> &'static str {
        match (lang, self) {
            (crate::i18n::Lang::Ja, _) => self.label(),
            (crate::i18n::Lang::En, Role::Admin) => "administrator",
            (crate::i18n::Lang::En, Role::Editor) => "editor",
            (crate::i18n::Lang::En, Role::Professional) => "professional",
        }
    }
}

/// The listings an editor may change: those in any of its municipalities, or members of any of
/// its associations. An empty scope covers nothing.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct EditorScope {
    /// Municipality codes (全国地方公共団体コード).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub municipalities: Vec<String>,
    /// Association ids (see [`Facility::associations`]).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub associations: Vec<String>,
}

impl EditorScope {
    /// Checks a role's scope: an editor needs one (an empty scope covers nothing).
    pub fn check_for(&self, role: Role) -> Result<(), crate::ValidationError> {
        if role == Role::Editor && *self == EditorScope::default() {
            return Err(crate::ValidationError::InvalidField {
                field: "scope".into(),
                reason: "an editor needs a scope: municipality codes and/or association ids".into(),
            });
        }
        Ok(())
    }

    /// Reads a scope as typed in a form: codes and ids separated by commas, 、 or spaces.
    pub fn from_lists(municipalities: &str, associations: &str) -> EditorScope {
        let split = |s: &str| -> Vec<String> {
            s.split(|c: char| c == ',' || c == '、' || c.is_whitespace())
                .filter(|x| !x.is_empty())
                .map(str::to_string)
                .collect()
        };
        EditorScope {
            municipalities: split(municipalities),
            associations: split(associations),
        }
    }

    /// Returns true when the listing is inside the scope.
    pub fn covers(&self, f: &Facility) -> bool {
        f.municipality_code
            .as_ref()
            .is_some_and(|m| self.municipalities.contains(m))
            || f.associations.iter().any(|a| self.associations.contains(a))
    }
}

/// A signed-in account as the rest of the system sees it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Viewer {
    /// Account id.
    pub id: i64,
    /// Login e-mail.
    pub email: String,
    /// Role.
    pub role: Role,
    /// Scope (editors).
    #[serde(default)]
    pub scope: EditorScope,
}

impl Viewer {
    /// What this account may see: every role sees professional fields.
    pub fn clearance(&self) -> Visibility {
        Visibility::Professional
    }

    /// Returns true when the account may change this listing (as it is, and as it would be
    /// after the change: an editor cannot move a listing out of, or into, someone else's scope).
    pub fn may_edit(&self, f: &Facility) -> bool {
        match self.role {
            Role::Admin => true,
            Role::Editor => self.scope.covers(f),
            Role::Professional => false,
        }
    }

    /// Returns true when the account may manage accounts and run imports.
    pub fn is_admin(&self) -> bool {
        self.role == Role::Admin
    }
}

/// The clearance of an optional viewer (anonymous visitors see public fields only).
pub fn clearance_of(viewer: Option<&Viewer>) -> Visibility {
    viewer.map_or(Visibility::Public, Viewer::clearance)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::FacilityId;

    #[test]
    fn editors_edit_only_their_scope() {
        let mut f = Facility::new(FacilityId::new("t-1").unwrap(), "名", "clinic");
        f.municipality_code = Some("012345".into());
        let mut v = Viewer {
            id: 1,
            email: "e@example.jp".into(),
            role: Role::Editor,
            scope: EditorScope {
                municipalities: vec!["999999".into()],
                associations: vec!["sample-ishikai".into()],
            },
        };
        assert!(!v.may_edit(&f));
        f.associations.push("sample-ishikai".into());
        assert!(v.may_edit(&f));
        v.role = Role::Professional;
        assert!(!v.may_edit(&f));
        v.role = Role::Admin;
        assert!(v.may_edit(&Facility::new(
            FacilityId::new("t-2").unwrap(),
            "名",
            "clinic"
        )));
    }
}
