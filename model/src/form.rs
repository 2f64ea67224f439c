//! The listing form: the fields of the administrators' editor (`/admin/facilities/{id}`) and of
//! a facility's update form (`/update/{token}`), read from an HTML form's name–value pairs
//! into a [`Facility`]. One reader for both pages, so an editor's save and a facility's
//! proposal mean the same thing.
//!
//! Field names: `name`, `name_kana`, `operator`, `aliases` (one per line), `parent_id`,
//! `service` and `capability` (repeated), `postal_code`, `prefecture`, `city`, `street`,
//! `building`, `lat`, `lng`, `municipality_code`, `area` (repeated; only without a position,
//! since a position decides the areas), `phone`, `fax`, `url`, `email`, `status`,
//! `description`, `capacity`, `hours` ([`Schedule::slots_text`]), `hours_holidays`,
//! `hours_year_end`, `hours_note`, ケアマネタイム windows `cw{i}_slots`, `cw{i}_person`,
//! `cw{i}_phone`, `cw{i}_method` (repeated), `cw{i}_note`, desks `cp{i}_name`, `cp{i}_person`,
//! `cp{i}_phone`, `cp{i}_fax`, `cp{i}_email`, `cp{i}_note`, acceptance `acc` (yes, limited,
//! no or empty), `acc_free`, `acc_note`, `acc_confirm`; editors only: `internal_note` and
//! `vis_{group}` (public or professional).

use crate::facility::{
    Accepting, Availability, CapabilityClaim, CapabilitySource, ContactMethod, ContactPoint,
    ContactWindow, Facility, FacilityId, FieldGroup, LifecycleStatus, Location, Visibility,
};
use crate::schedule::{Schedule, Slot};
use crate::taxonomy;
use chrono::NaiveDate;

/// Who fills the form in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FormRole {
    /// A signed-in editor or administrator: every field, new capabilities count as
    /// 市町村確認.
    Editor,
    /// The facility itself through its update link: no visibility, internal note or areas;
    /// new capabilities are 自己申告.
    Facility,
}

/// A form field that could not be read, with a message for the person filling it in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FormError {
    /// The field's name.
    pub field: String,
    /// What is wrong, in Japanese.
    pub message: String,
    /// What is wrong, in English.
    pub message_en: String,
}

impl FormError {
    /// What is wrong, in `lang`.
    pub fn message_in(&self, lang: crate::i18n::Lang) -> &str {
        lang.pick(&self.message, &self.message_en)
    }
}

impl std::fmt::Display for FormError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.field, self.message)
    }
}

impl std::error::Error for FormError {}

fn err(field: &str, ja: impl Into<String>, en: impl Into<String>) -> FormError {
    FormError {
        field: field.to_string(),
        message: ja.into(),
        message_en: en.into(),
    }
}

/// The same message in both languages (one that is already English: a record's validation).
fn err_same(field: &str, message: String) -> FormError {
    err(field, message.clone(), message)
}

fn slot_err(field: &str, e: crate::schedule::SlotError) -> FormError {
    err(
        field,
        e.message_in(crate::i18n::Lang::Ja),
        e.message_in(crate::i18n::Lang::En),
    )
}

/// How many ケアマネタイム windows and desks the form offers beyond those on record.
pub const EXTRA_ROWS: usize = 1;

/// The form's name–value pairs.
pub struct Form<'a> {
    pairs: &'a [(String, String)],
}

impl<'a> Form<'a> {
    /// Wraps decoded pairs (`application/x-www-form-urlencoded`).
    pub fn new(pairs: &'a [(String, String)]) -> Form<'a> {
        Form { pairs }
    }

    /// The trimmed value of a field; None when absent or blank.
    pub fn text(&self, name: &str) -> Option<String> {
        self.pairs
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.trim().to_string())
            .filter(|v| !v.is_empty())
    }

    /// Every non-blank value of a repeated field.
    pub fn all(&self, name: &str) -> Vec<String> {
        self.pairs
            .iter()
            .filter(|(k, v)| k == name && !v.trim().is_empty())
            .map(|(_, v)| v.trim().to_string())
            .collect()
    }

    /// True when the field was sent at all (a checked checkbox, or a blank field).
    pub fn has(&self, name: &str) -> bool {
        self.pairs.iter().any(|(k, _)| k == name)
    }

    fn number<T: std::str::FromStr>(&self, name: &str) -> Result<Option<T>, FormError> {
        self.text(name)
            .map(|v| {
                v.parse::<T>().map_err(|_| {
                    err(
                        name,
                        format!("「{v}」は数字で入力してください"),
                        format!("\"{v}\" is not a number"),
                    )
                })
            })
            .transpose()
    }

    /// Indices `i` for which some `{prefix}{i}_…` field was sent, ascending.
    fn rows(&self, prefix: &str) -> Vec<usize> {
        let mut v: Vec<usize> = self
            .pairs
            .iter()
            .filter_map(|(k, _)| {
                let rest = k.strip_prefix(prefix)?;
                rest.split_once('_')?.0.parse().ok()
            })
            .collect();
        v.sort_unstable();
        v.dedup();
        v
    }
}

/// Reads the form over `current` (the listing as it is; for a new listing, a record with its
/// id and nothing else) and returns the record the form describes. Fields the role does not
/// get keep their current value; `today` dates a changed or confirmed acceptance status.
pub fn apply(
    current: &Facility,
    form: &Form<'_>,
    role: FormRole,
    today: NaiveDate,
) -> Result<Facility, FormError> {
    let mut f = current.clone();
    f.name = form
        .text("name")
        .ok_or_else(|| err("name", "名称を入力してください", "Enter the name"))?;
    f.name_kana = form.text("name_kana");
    f.operator = form.text("operator");
    f.aliases = form
        .text("aliases")
        .map(|a| {
            a.lines()
                .map(str::trim)
                .filter(|l| !l.is_empty())
                .map(str::to_string)
                .collect()
        })
        .unwrap_or_default();
    f.parent_id = form
        .text("parent_id")
        .map(|p| FacilityId::new(p).map_err(|e| err_same("parent_id", e.to_string())))
        .transpose()?;

    let services = form.all("service");
    for s in &services {
        if taxonomy::service_type(s).is_none() {
            return Err(err(
                "service",
                format!("不明なサービス種別 {s}"),
                format!("unknown service type {s}"),
            ));
        }
    }
    let first = services
        .first()
        .and_then(|s| taxonomy::service_type(s))
        .ok_or_else(|| {
            err(
                "service",
                "サービス種別を1つ以上選んでください",
                "Choose at least one service type",
            )
        })?;
    f.category = first.category.to_string();
    f.services = services;

    let source = match role {
        FormRole::Editor => CapabilitySource::Municipal,
        FormRole::Facility => CapabilitySource::SelfReported,
    };
    let mut caps = Vec::new();
    for code in form.all("capability") {
        if taxonomy::capability(&code).is_none() {
            return Err(err(
                "capability",
                format!("不明な対応項目 {code}"),
                format!("unknown capability {code}"),
            ));
        }
        if caps.iter().any(|c: &CapabilityClaim| c.code == code) {
            continue;
        }
        caps.push(
            current
                .capabilities
                .iter()
                .find(|c| c.code == code)
                .cloned()
                .unwrap_or(CapabilityClaim {
                    code,
                    source,
                    since: Some(today),
                    ..Default::default()
                }),
        );
    }
    f.capabilities = caps;

    f.address.postal_code = form.text("postal_code");
    f.address.prefecture = form.text("prefecture").unwrap_or_default();
    f.address.city = form.text("city").unwrap_or_default();
    f.address.street = form.text("street").unwrap_or_default();
    f.address.building = form.text("building");
    f.location = match (form.number::<f64>("lat")?, form.number::<f64>("lng")?) {
        (None, None) => None,
        (Some(lat), Some(lng)) => {
            crate::geo::LatLng::new(lat, lng).map_err(|e| err_same("lat", e.to_string()))?;
            let same = current
                .location
                .is_some_and(|l| (l.lat - lat).abs() < 1e-9 && (l.lng - lng).abs() < 1e-9);
            // An unmoved point keeps what is known of it (approximate, level); a point
            // placed from the address by the editor's button carries its level (approximate);
            // a point set by hand or by the map is exact.
            let level = form
                .text("loc_level")
                .and_then(|l| crate::geocode::GeoLevel::from_code(&l));
            match (current.location.filter(|_| same), level) {
                (Some(l), _) => Some(l),
                (None, Some(level)) => Some(Location {
                    lat,
                    lng,
                    approximate: true,
                    level: Some(level),
                }),
                (None, None) => Some(Location {
                    lat,
                    lng,
                    ..Default::default()
                }),
            }
        }
        _ => {
            return Err(err(
                "lat",
                "緯度と経度は両方入力してください（地図をクリックしても入ります）",
                "Enter both latitude and longitude (a click on the map fills them in)",
            ));
        }
    };
    f.municipality_code = form.text("municipality_code");
    if role == FormRole::Editor && f.location.is_none() && form.has("areas_sent") {
        f.areas = form.all("area");
    }

    f.phone = form.text("phone");
    f.fax = form.text("fax");
    f.url = form.text("url");
    f.email = form.text("email");
    if let Some(s) = form.text("status") {
        f.status = LifecycleStatus::from_code(&s)
            .ok_or_else(|| err("status", "不明な状態", "unknown status"))?;
    }
    f.description = form.text("description");
    f.capacity = form.number("capacity")?;

    let hours = Schedule::parse_slots(&form.text("hours").unwrap_or_default())
        .map_err(|e| slot_err("hours", e))?;
    let hours = keep_order(hours, current.opening_hours.as_ref().map(|s| &s.slots[..]));
    let holidays = form.has("hours_holidays");
    let year_end = form.has("hours_year_end");
    let note = form.text("hours_note");
    f.opening_hours = if hours.is_empty() && note.is_none() && !holidays && !year_end {
        None
    } else {
        let closed_dates = current
            .opening_hours
            .as_ref()
            .map(|s| s.closed_dates.clone())
            .unwrap_or_default();
        Some(Schedule {
            slots: hours,
            closed_on_holidays: holidays,
            closed_year_end: year_end,
            closed_dates,
            note,
        })
    };

    f.contact_windows = contact_windows(form, current)?;
    f.contact_points = contact_points(form, current);
    f.availability = availability(form, current, today)?;

    if role == FormRole::Editor {
        f.internal_note = form.text("internal_note");
        let mut vis = std::collections::BTreeMap::new();
        for g in FieldGroup::ALL {
            let name = format!("vis_{}", g.code());
            let v = match form.text(&name).as_deref() {
                None => continue,
                Some("public") => Visibility::Public,
                Some("professional") => Visibility::Professional,
                Some(other) => {
                    return Err(err(
                        &name,
                        format!("不明な公開範囲 {other}"),
                        format!("unknown visibility {other}"),
                    ));
                }
            };
            if v != g.default_visibility() {
                vis.insert(g, v);
            }
        }
        f.visibility = vis;
    }
    f.validate()
        .map_err(|e| err_same("record", e.to_string()))?;
    Ok(f)
}

/// The slots as on record when the text describes the same set (the text lists them by day;
/// a save that changes nothing must not log a reordering).
fn keep_order(parsed: Vec<Slot>, current: Option<&[Slot]>) -> Vec<Slot> {
    match current {
        Some(c)
            if c.len() == parsed.len()
                && parsed.iter().all(|s| c.contains(s))
                && c.iter().all(|s| parsed.contains(s)) =>
        {
            c.to_vec()
        }
        _ => parsed,
    }
}

fn contact_windows(form: &Form<'_>, current: &Facility) -> Result<Vec<ContactWindow>, FormError> {
    let mut out = Vec::new();
    for i in form.rows("cw") {
        let key = |k: &str| format!("cw{i}_{k}");
        let slots_text = form.text(&key("slots")).unwrap_or_default();
        let person = form.text(&key("person"));
        let phone = form.text(&key("phone"));
        let note = form.text(&key("note"));
        let methods: Vec<ContactMethod> = form
            .all(&key("method"))
            .iter()
            .filter_map(|m| ContactMethod::from_code(m))
            .collect();
        if slots_text.is_empty() {
            if person.is_some() || phone.is_some() || note.is_some() {
                return Err(err(
                    &key("slots"),
                    "ケアマネタイムの曜日と時間を入力してください",
                    "Enter the days and times of the care-manager contact time",
                ));
            }
            continue;
        }
        let slots = Schedule::parse_slots(&slots_text).map_err(|e| slot_err(&key("slots"), e))?;
        let mut schedule = current
            .contact_windows
            .get(i)
            .map(|w| w.schedule.clone())
            .unwrap_or_default();
        schedule.slots = keep_order(slots, Some(&schedule.slots[..]));
        out.push(ContactWindow {
            schedule,
            contact_person: person,
            methods,
            phone,
            note,
        });
    }
    Ok(out)
}

fn contact_points(form: &Form<'_>, current: &Facility) -> Vec<ContactPoint> {
    let mut out = Vec::new();
    for i in form.rows("cp") {
        let key = |k: &str| format!("cp{i}_{k}");
        let Some(name) = form.text(&key("name")) else {
            continue;
        };
        let hours = current
            .contact_points
            .get(i)
            .filter(|c| c.name == name)
            .and_then(|c| c.hours.clone());
        out.push(ContactPoint {
            name,
            phone: form.text(&key("phone")),
            fax: form.text(&key("fax")),
            email: form.text(&key("email")),
            hours,
            contact_person: form.text(&key("person")),
            note: form.text(&key("note")),
        });
    }
    out
}

fn availability(
    form: &Form<'_>,
    current: &Facility,
    today: NaiveDate,
) -> Result<Option<Availability>, FormError> {
    let accepting = match form.text("acc").as_deref() {
        None => return Ok(None),
        Some(code) => Accepting::from_code(code).ok_or_else(|| {
            err(
                "acc",
                "受け入れ状況を選んでください",
                "Choose whether it accepts new users",
            )
        })?,
    };
    let free_count = form.number("acc_free")?;
    let note = form.text("acc_note");
    let unchanged = current
        .availability
        .as_ref()
        .is_some_and(|a| a.accepting == accepting && a.free_count == free_count && a.note == note);
    let as_of = match &current.availability {
        Some(a) if unchanged && !form.has("acc_confirm") => a.as_of,
        _ => today,
    };
    Ok(Some(Availability {
        accepting,
        free_count,
        note,
        as_of,
    }))
}

/// The form's pairs for a listing as it is: what the editor and the update form show, and
/// what [`apply`] reads back into the same record.
pub fn pairs_of(f: &Facility) -> Vec<(String, String)> {
    let mut p: Vec<(String, String)> = Vec::new();
    let mut put = |k: &str, v: Option<String>| {
        if let Some(v) = v {
            p.push((k.to_string(), v));
        }
    };
    put("name", Some(f.name.clone()));
    put("name_kana", f.name_kana.clone());
    put("operator", f.operator.clone());
    put(
        "aliases",
        (!f.aliases.is_empty()).then(|| f.aliases.join("\n")),
    );
    put("parent_id", f.parent_id.as_ref().map(|x| x.0.clone()));
    for s in &f.services {
        put("service", Some(s.clone()));
    }
    for c in &f.capabilities {
        put("capability", Some(c.code.clone()));
    }
    put("postal_code", f.address.postal_code.clone());
    put("prefecture", Some(f.address.prefecture.clone()));
    put("city", Some(f.address.city.clone()));
    put("street", Some(f.address.street.clone()));
    put("building", f.address.building.clone());
    put("lat", f.location.map(|l| l.lat.to_string()));
    put("lng", f.location.map(|l| l.lng.to_string()));
    put(
        "loc_level",
        f.location
            .and_then(|l| l.level)
            .map(|l| l.code().to_string()),
    );
    put("municipality_code", f.municipality_code.clone());
    for a in &f.areas {
        put("area", Some(a.clone()));
    }
    put("phone", f.phone.clone());
    put("fax", f.fax.clone());
    put("url", f.url.clone());
    put("email", f.email.clone());
    put("status", Some(f.status.code().to_string()));
    put("description", f.description.clone());
    put("capacity", f.capacity.map(|c| c.to_string()));
    if let Some(h) = &f.opening_hours {
        put("hours", Some(h.slots_text()));
        put(
            "hours_holidays",
            h.closed_on_holidays.then(|| "on".to_string()),
        );
        put(
            "hours_year_end",
            h.closed_year_end.then(|| "on".to_string()),
        );
        put("hours_note", h.note.clone());
    }
    for (i, w) in f.contact_windows.iter().enumerate() {
        put(&format!("cw{i}_slots"), Some(w.schedule.slots_text()));
        put(&format!("cw{i}_person"), w.contact_person.clone());
        put(&format!("cw{i}_phone"), w.phone.clone());
        for m in &w.methods {
            put(&format!("cw{i}_method"), Some(m.code().to_string()));
        }
        put(&format!("cw{i}_note"), w.note.clone());
    }
    for (i, c) in f.contact_points.iter().enumerate() {
        put(&format!("cp{i}_name"), Some(c.name.clone()));
        put(&format!("cp{i}_person"), c.contact_person.clone());
        put(&format!("cp{i}_phone"), c.phone.clone());
        put(&format!("cp{i}_fax"), c.fax.clone());
        put(&format!("cp{i}_email"), c.email.clone());
        put(&format!("cp{i}_note"), c.note.clone());
    }
    if let Some(a) = &f.availability {
        put("acc", Some(a.accepting.code().to_string()));
        put("acc_free", a.free_count.map(|n| n.to_string()));
        put("acc_note", a.note.clone());
    }
    put("internal_note", f.internal_note.clone());
    for g in FieldGroup::ALL {
        put(
            &format!("vis_{}", g.code()),
            Some(visibility_code(f.visibility_of(g)).to_string()),
        );
    }
    p
}

/// `public` or `professional`.
pub fn visibility_code(v: Visibility) -> &'static str {
    match v {
        Visibility::Public => "public",
        Visibility::Professional => "professional",
    }
}

/// The number of ケアマネタイム (`cw`) or desk (`cp`) rows a form shows: those sent or on record,
/// plus [`EXTRA_ROWS`] blank ones.
pub fn row_count(form: &Form<'_>, prefix: &str) -> usize {
    form.rows(prefix).last().map_or(0, |i| i + 1) + EXTRA_ROWS
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pairs(v: &[(&str, &str)]) -> Vec<(String, String)> {
        v.iter()
            .map(|(a, b)| (a.to_string(), b.to_string()))
            .collect()
    }

    fn base() -> Facility {
        let mut f = Facility::new(FacilityId("t-1".into()), "旧名", "clinic");
        f.availability = Some(Availability {
            accepting: Accepting::Yes,
            free_count: None,
            note: None,
            as_of: NaiveDate::from_ymd_opt(2026, 1, 5).unwrap(),
        });
        f.internal_note = Some("内部".into());
        f
    }

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 12, 2).unwrap()
    }

    #[test]
    fn editor_form_reads_every_group() {
        let p = pairs(&[
            ("name", " 新名 "),
            ("service", "clinic"),
            ("capability", "end_of_life_care"),
            ("lat", "35.1"),
            ("lng", "139.2"),
            ("hours", "月〜金 09:00-12:00"),
            ("hours_holidays", "on"),
            ("cw0_slots", "火 13:00-14:00"),
            ("cw0_person", "山田"),
            ("cw0_method", "phone"),
            ("cw1_slots", ""),
            ("cp0_name", "地域連携室"),
            ("cp0_phone", "0000-00-0000"),
            ("acc", "limited"),
            ("internal_note", ""),
            ("vis_fax", "professional"),
            ("vis_contact_windows", "professional"),
        ]);
        let f = apply(&base(), &Form::new(&p), FormRole::Editor, today()).unwrap();
        assert_eq!(f.name, "新名");
        assert_eq!(f.category, "medical");
        assert_eq!(f.capabilities[0].source, CapabilitySource::Municipal);
        assert_eq!(f.opening_hours.as_ref().unwrap().slots.len(), 5);
        assert!(f.opening_hours.as_ref().unwrap().closed_on_holidays);
        assert_eq!(f.contact_windows.len(), 1);
        assert_eq!(f.contact_windows[0].methods, vec![ContactMethod::Phone]);
        assert_eq!(f.contact_points[0].name, "地域連携室");
        let a = f.availability.unwrap();
        assert_eq!((a.accepting, a.as_of), (Accepting::Limited, today()));
        assert_eq!(f.internal_note, None);
        // Only the non-default visibility is kept.
        assert_eq!(f.visibility.len(), 1);
        assert_eq!(
            f.visibility.get(&FieldGroup::Fax),
            Some(&Visibility::Professional)
        );
    }

    #[test]
    fn facility_form_keeps_directory_fields_and_dates_only_changes() {
        let p = pairs(&[
            ("name", "旧名"),
            ("service", "clinic"),
            ("capability", "end_of_life_care"),
            ("acc", "yes"),
            ("internal_note", "上書き"),
            ("vis_fax", "professional"),
        ]);
        let f = apply(&base(), &Form::new(&p), FormRole::Facility, today()).unwrap();
        assert_eq!(f.internal_note.as_deref(), Some("内部"));
        assert!(f.visibility.is_empty());
        assert_eq!(f.capabilities[0].source, CapabilitySource::SelfReported);
        // Same status, not confirmed: the old date stays.
        assert_eq!(
            f.availability.as_ref().unwrap().as_of,
            base().availability.unwrap().as_of
        );
        let mut p2 = p.clone();
        p2.push(("acc_confirm".into(), "on".into()));
        let f = apply(&base(), &Form::new(&p2), FormRole::Facility, today()).unwrap();
        assert_eq!(f.availability.unwrap().as_of, today());
    }

    #[test]
    fn errors_name_the_field() {
        let e = apply(
            &base(),
            &Form::new(&pairs(&[("name", " ")])),
            FormRole::Editor,
            today(),
        )
        .unwrap_err();
        assert_eq!(e.field, "name");
        let p = pairs(&[("name", "x"), ("service", "clinic"), ("lat", "35")]);
        assert_eq!(
            apply(&base(), &Form::new(&p), FormRole::Editor, today())
                .unwrap_err()
                .field,
            "lat"
        );
        let p = pairs(&[
            ("name", "x"),
            ("service", "clinic"),
            ("hours", "月 25:00-26:00"),
        ]);
        assert_eq!(
            apply(&base(), &Form::new(&p), FormRole::Editor, today())
                .unwrap_err()
                .field,
            "hours"
        );
        let p = pairs(&[("name", "x"), ("service", "clinic"), ("cw0_person", "山田")]);
        assert_eq!(
            apply(&base(), &Form::new(&p), FormRole::Editor, today())
                .unwrap_err()
                .field,
            "cw0_slots"
        );
        let p = pairs(&[("name", "x"), ("service", "nope")]);
        assert_eq!(
            apply(&base(), &Form::new(&p), FormRole::Editor, today())
                .unwrap_err()
                .field,
            "service"
        );
    }
}
