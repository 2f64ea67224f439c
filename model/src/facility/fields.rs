//! The fields of a listing, once: each top-level field of [`super::Facility`] as serialised, with
//! its label in the UI, the field group that sets its visibility, whether a facility may propose
//! it through its update link, and whether an import may set it. The change log, the reviewers'
//! diff, the update link's checks and the import's field claims all read this table.

use super::FieldGroup;

/// One field of a listing.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FieldDef {
    /// The field's name in the record's JSON.
    pub name: &'static str,
    /// Its label in the UI (Japanese).
    pub label: &'static str,
    /// The group whose visibility it follows; `None`: always public.
    pub group: Option<FieldGroup>,
    /// Whether a facility may propose a new value through its update link (identity,
    /// provenance, visibility, memberships, derived areas and the professionals' note are the
    /// directory's to set).
    pub proposable: bool,
    /// Whether an import may set it (imports keep their claim on it until an editor changes it).
    pub imported: bool,
}

const fn f(
    name: &'static str,
    label: &'static str,
    group: Option<FieldGroup>,
    proposable: bool,
    imported: bool,
) -> FieldDef {
    FieldDef {
        name,
        label,
        group,
        proposable,
        imported,
    }
}

use FieldGroup as G;

/// Every field, in the order of the record.
pub const FIELDS: &[FieldDef] = &[
    f("id", "ID", None, false, false),
    f("official_ids", "公的な番号", None, true, false),
    f("name", "名称", None, true, true),
    f("name_kana", "ふりがな", None, true, true),
    f("aliases", "別名", None, true, true),
    f("operator", "運営法人", None, true, true),
    f("associations", "所属団体", None, false, false),
    f("category", "分類", None, true, false),
    f("services", "サービス種別", None, true, false),
    f("capabilities", "対応していること", None, true, false),
    f("address", "所在地", None, true, true),
    f("location", "位置", None, true, true),
    f("municipality_code", "市町村コード", None, true, true),
    f("areas", "圏域", None, false, false),
    f("phone", "電話", Some(G::Contact), true, true),
    f("fax", "FAX", Some(G::Fax), true, true),
    f("url", "ホームページ", Some(G::Contact), true, true),
    f("email", "メール", Some(G::Contact), true, true),
    f("status", "状態", None, true, false),
    f("parent_id", "本体の事業所", None, true, true),
    f("description", "特色", Some(G::Description), true, true),
    f("capacity", "定員・病床", None, true, true),
    f("beds", "病床数", None, true, true),
    f(
        "opening_hours",
        "受付時間",
        Some(G::OpeningHours),
        true,
        true,
    ),
    f(
        "contact_windows",
        "ケアマネタイム",
        Some(G::ContactWindows),
        true,
        false,
    ),
    f(
        "contact_points",
        "窓口",
        Some(G::ContactPoints),
        true,
        false,
    ),
    f(
        "availability",
        "受け入れ状況",
        Some(G::Availability),
        true,
        false,
    ),
    f(
        "service_area",
        "サービス提供地域",
        Some(G::ServiceArea),
        true,
        false,
    ),
    f(
        "internal_note",
        "関係者メモ",
        Some(G::InternalNote),
        false,
        false,
    ),
    f("visibility", "公開範囲", None, false, false),
    f("provenance", "確認・出典", None, false, false),
];

/// The field with this name.
pub fn field(name: &str) -> Option<&'static FieldDef> {
    FIELDS.iter().find(|d| d.name == name)
}

/// The UI label of a field (its name when it is not a field).
pub fn label(name: &str) -> &str {
    field(name).map_or(name, |d| d.label)
}

/// Whether a facility may propose this field (unknown names may not).
pub fn proposable(name: &str) -> bool {
    field(name).is_some_and(|d| d.proposable)
}

/// Whether an import may set this field.
pub fn imported(name: &str) -> bool {
    field(name).is_some_and(|d| d.imported)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_unique_and_every_group_has_its_fields() {
        let mut seen = std::collections::HashSet::new();
        for d in FIELDS {
            assert!(seen.insert(d.name), "{} twice", d.name);
        }
        for g in FieldGroup::ALL {
            assert!(
                FIELDS.iter().any(|d| d.group == Some(g)),
                "no field follows {g:?}"
            );
        }
        // A field a group hides has the group's own name, or is one of the contact fields.
        for d in FIELDS {
            if let Some(g) = d.group {
                assert!(g.code() == d.name || g == FieldGroup::Contact, "{}", d.name);
            }
        }
    }
}
