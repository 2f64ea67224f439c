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
    /// Its label in the English UI.
    pub label_en: &'static str,
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
    (label, label_en): (&'static str, &'static str),
    group: Option<FieldGroup>,
    proposable: bool,
    imported: bool,
) -> FieldDef {
    FieldDef {
        name,
        label,
        label_en,
        group,
        proposable,
        imported,
    }
}

use FieldGroup as G;

/// Every field, in the order of the record.
pub const FIELDS: &[FieldDef] = &[
    f("id", ("ID", "ID"), None, false, false),
    f(
        "official_ids",
        ("公的な番号", "Official numbers"),
        None,
        true,
        false,
    ),
    f("name", ("名称", "Name"), None, true, true),
    f(
        "name_kana",
        ("ふりがな", "Reading (kana)"),
        None,
        true,
        true,
    ),
    f("aliases", ("別名", "Other names"), None, true, true),
    f("operator", ("運営法人", "Operator"), None, true, true),
    f(
        "associations",
        ("所属団体", "Associations"),
        None,
        false,
        false,
    ),
    f("category", ("分類", "Category"), None, true, false),
    f(
        "services",
        ("サービス種別", "Service types"),
        None,
        true,
        false,
    ),
    f(
        "capabilities",
        ("対応していること", "What it does"),
        None,
        true,
        false,
    ),
    f("address", ("所在地", "Address"), None, true, true),
    f("location", ("位置", "Position"), None, true, true),
    f(
        "municipality_code",
        ("市町村コード", "Municipality code"),
        None,
        true,
        true,
    ),
    f("areas", ("圏域", "Daily-life areas"), None, false, false),
    f("phone", ("電話", "Phone"), Some(G::Contact), true, true),
    f("fax", ("FAX", "Fax"), Some(G::Fax), true, true),
    f(
        "url",
        ("ホームページ", "Website"),
        Some(G::Contact),
        true,
        true,
    ),
    f("email", ("メール", "E-mail"), Some(G::Contact), true, true),
    f("status", ("状態", "Status"), None, true, false),
    f(
        "parent_id",
        ("本体の事業所", "Main office"),
        None,
        true,
        true,
    ),
    f(
        "description",
        ("特色", "Features"),
        Some(G::Description),
        true,
        true,
    ),
    f(
        "capacity",
        ("定員・病床", "Capacity / beds"),
        None,
        true,
        true,
    ),
    f("beds", ("病床数", "Beds"), None, true, true),
    f(
        "opening_hours",
        ("受付時間", "Opening hours"),
        Some(G::OpeningHours),
        true,
        true,
    ),
    f(
        "contact_windows",
        ("ケアマネタイム", "Care-manager contact times"),
        Some(G::ContactWindows),
        true,
        false,
    ),
    f(
        "contact_points",
        ("窓口", "Desks"),
        Some(G::ContactPoints),
        true,
        false,
    ),
    f(
        "availability",
        ("受け入れ状況", "Accepting new users"),
        Some(G::Availability),
        true,
        false,
    ),
    f(
        "service_area",
        ("サービス提供地域", "Service area"),
        Some(G::ServiceArea),
        true,
        false,
    ),
    f(
        "internal_note",
        ("関係者メモ", "Note for professionals"),
        Some(G::InternalNote),
        false,
        false,
    ),
    f("visibility", ("公開範囲", "Visibility"), None, false, false),
    f(
        "provenance",
        ("確認・出典", "Confirmation and sources"),
        None,
        false,
        false,
    ),
];

/// The field with this name.
pub fn field(name: &str) -> Option<&'static FieldDef> {
    FIELDS.iter().find(|d| d.name == name)
}

/// The UI label of a field (its name when it is not a field).
pub fn label(name: &str) -> &str {
    field(name).map_or(name, |d| d.label)
}

/// The label of a field in `lang` (its name when it is not a field).
pub fn label_in(name: &str, lang: crate::i18n::Lang) -> &str {
    field(name).map_or(name, |d| lang.pick(d.label, d.label_en))
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
