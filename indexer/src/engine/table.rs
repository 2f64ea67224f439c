use super::json::HitJson;
use chrono::{Datelike, NaiveDate};
use model::Facility;
use model::facility::{Accepting, LifecycleStatus, ProfessionalFields, Visibility};
use model::geo::LatLng;
use model::schedule::Schedule;
use model::search::SearchHit;
use std::cmp::Ordering;

/// A facility's service area, prepared for coverage tests.
pub(super) enum Coverage {
    Radius(f64),
    Polygon(Box<geo::MultiPolygon<f64>>),
    Municipalities(Vec<String>),
}

/// The fields of one listing that filters, facets and distances read, packed together (48
/// bytes), so a scan over thousands of candidates reads a dense array instead of a [`Doc`] each.
#[derive(Clone, Copy)]
pub(super) struct Hot {
    /// Position in degrees (NaN without one; [`LOCATED`] tells).
    pub(super) lat: f64,
    pub(super) lng: f64,
    pub(super) services: u64,
    pub(super) capabilities: u64,
    /// Index into `State::municipality_codes` ([`NONE`] without a code).
    pub(super) municipality: u32,
    /// The first two area indices ([`NONE`] when fewer); [`MORE_AREAS`] says `Doc::areas` has more.
    pub(super) areas: [u32; 2],
    pub(super) category: u8,
    /// `LifecycleStatus as u8`, or [`FREE`] for an unused ordinal.
    pub(super) status: u8,
    /// 0 unknown, else `Accepting` + 1.
    pub(super) accepting: u8,
    pub(super) flags: u8,
    /// Day (from the common era) the acceptance status was reported; `i32::MIN` without one.
    pub(super) accepting_day: i32,
}

/// The first day whose acceptance statuses are still current today (Japan time).
pub(super) fn fresh_from_day() -> i32 {
    let today = model::clock::today();
    (today - chrono::Days::new(u64::from(model::freshness::DEFAULT_AVAILABILITY_DAYS)))
        .num_days_from_ce()
}

/// No index (municipality, area).
pub(super) const NONE: u32 = u32::MAX;

/// `Hot::status` of an ordinal without a listing: no status mask holds this bit.
pub(super) const FREE: u8 = 7;

/// `Hot::flags`: the listing has a position.
pub(super) const LOCATED: u8 = 1;

/// `Hot::flags`: the listing is in more than two areas.
pub(super) const MORE_AREAS: u8 = 2;

impl Hot {
    pub(super) const FREE: Hot = Hot {
        lat: f64::NAN,
        lng: f64::NAN,
        services: 0,
        capabilities: 0,
        municipality: NONE,
        areas: [NONE; 2],
        category: 0,
        status: FREE,
        accepting: 0,
        flags: 0,
        accepting_day: i32::MIN,
    };

    pub(super) fn location(&self) -> Option<LatLng> {
        (self.flags & LOCATED != 0).then_some(LatLng {
            lat: self.lat,
            lng: self.lng,
        })
    }

    pub(super) fn accepting(&self) -> Option<Accepting> {
        match self.accepting {
            1 => Some(Accepting::Yes),
            2 => Some(Accepting::Limited),
            3 => Some(Accepting::No),
            _ => None,
        }
    }
}

/// The in-memory row of one facility.
pub(super) struct Doc {
    /// The hit as JSON, split where the per-query fields go: the row's one copy of its answer
    /// (typed answers read it back, [`Doc::hit`]).
    pub(super) json: HitJson,
    pub(super) id: Box<str>,
    pub(super) name: Box<str>,
    /// The position is approximate (a town's or municipality's, not the address's).
    pub(super) approximate: bool,
    pub(super) name_key: String,
    /// First 16 bytes of `name_key`, big-endian: compares like the string in most cases.
    pub(super) name_prefix: u128,
    /// First 16 bytes of the id, big-endian.
    pub(super) id_prefix: u128,
    pub(super) category: u8,
    pub(super) services: u64,
    pub(super) capabilities: u64,
    pub(super) status: LifecycleStatus,
    pub(super) location: Option<LatLng>,
    pub(super) municipality: Option<String>,
    pub(super) areas: Vec<u32>,
    pub(super) accepting: Option<Accepting>,
    /// The day the acceptance status was reported.
    pub(super) accepting_as_of: Option<NaiveDate>,
    /// The service area, prepared for coverage tests (every home-visit service has one).
    pub(super) coverage: Option<Coverage>,
    /// What few listings have (None when the listing has none of it).
    extras: Option<Box<Extras>>,
}

/// The parts of a row that most listings lack, kept apart so that a row without them stays
/// small.
#[derive(Default)]
struct Extras {
    /// Public opening hours (hidden hours neither filter nor show `open_now`).
    opening_hours: Option<Schedule>,
    /// ケアマネタイム schedules, and whether anonymous visitors may see them.
    windows: Vec<Schedule>,
    windows_public: bool,
    /// The main office's id, for a satellite (サテライト) or branch.
    parent: Option<String>,
    /// The professional fields of the hit.
    professional: Option<Box<ProfessionalFields>>,
}

/// The fields of a row that its hit gives (see [`HitParts::of`]).
pub(super) struct HitParts {
    pub(super) id: Box<str>,
    pub(super) name: Box<str>,
    pub(super) approximate: bool,
    pub(super) status: LifecycleStatus,
    pub(super) location: Option<LatLng>,
    pub(super) municipality: Option<String>,
    pub(super) accepting: Option<Accepting>,
    pub(super) accepting_as_of: Option<NaiveDate>,
}

impl HitParts {
    /// What a row keeps of its hit besides the hit's JSON.
    pub(super) fn of(hit: &SearchHit) -> HitParts {
        HitParts {
            id: hit.id.as_str().into(),
            name: hit.name.as_str().into(),
            approximate: hit.location_approximate,
            status: hit.status,
            location: hit.location,
            municipality: hit.municipality_code.clone(),
            accepting: hit.accepting,
            accepting_as_of: hit.accepting_as_of,
        }
    }
}

/// The fields of a row that do not follow from its hit.
pub(super) struct RowParts {
    pub(super) json: HitJson,
    pub(super) name_key: String,
    pub(super) category: u8,
    pub(super) services: u64,
    pub(super) capabilities: u64,
    pub(super) areas: Vec<u32>,
    pub(super) opening_hours: Option<Box<Schedule>>,
    pub(super) windows: Vec<Schedule>,
    pub(super) windows_public: bool,
    pub(super) coverage: Option<Coverage>,
    pub(super) parent: Option<String>,
    pub(super) professional: Option<Box<ProfessionalFields>>,
}

impl Doc {
    /// A row from what its hit gives and the rest (the sort prefixes follow).
    pub(super) fn new(h: HitParts, p: RowParts) -> Doc {
        let extras = Extras {
            opening_hours: p.opening_hours.map(|b| *b),
            windows: p.windows,
            windows_public: p.windows_public,
            parent: p.parent,
            professional: p.professional,
        };
        let any = extras.opening_hours.is_some()
            || !extras.windows.is_empty()
            || extras.windows_public
            || extras.parent.is_some()
            || extras.professional.is_some();
        Doc {
            json: p.json,
            name_prefix: prefix_key(&p.name_key),
            name_key: p.name_key,
            id_prefix: prefix_key(&h.id),
            id: h.id,
            name: h.name,
            approximate: h.approximate,
            category: p.category,
            services: p.services,
            capabilities: p.capabilities,
            status: h.status,
            location: h.location,
            municipality: h.municipality,
            areas: p.areas,
            accepting: h.accepting,
            accepting_as_of: h.accepting_as_of,
            coverage: p.coverage,
            extras: any.then(|| Box::new(extras)),
        }
    }

    /// Public opening hours.
    pub(super) fn opening_hours(&self) -> Option<&Schedule> {
        self.extras.as_ref()?.opening_hours.as_ref()
    }

    /// ケアマネタイム schedules.
    pub(super) fn windows(&self) -> &[Schedule] {
        self.extras.as_ref().map_or(&[], |e| &e.windows)
    }

    /// Whether anonymous visitors may see the ケアマネタイム.
    pub(super) fn windows_public(&self) -> bool {
        self.extras.as_ref().is_some_and(|e| e.windows_public)
    }

    /// The main office's id, for a satellite or branch.
    pub(super) fn parent(&self) -> Option<&str> {
        self.extras.as_ref()?.parent.as_deref()
    }

    /// The professional fields (None when the listing has none).
    pub(super) fn professional(&self) -> Option<&ProfessionalFields> {
        self.extras.as_ref()?.professional.as_deref()
    }

    /// Heap bytes of the box holding the rare parts (not what they hold).
    pub(super) fn extras_bytes(&self) -> usize {
        self.extras
            .as_ref()
            .map_or(0, |_| std::mem::size_of::<Extras>())
    }

    /// The listing as a search hit (per-query fields empty), read back from its JSON.
    pub(super) fn hit(&self) -> Option<SearchHit> {
        self.json.hit()
    }

    /// The code of the listing's category.
    pub(super) fn category_code(&self) -> &'static str {
        model::taxonomy::CATEGORIES
            .get(self.category as usize)
            .map_or("", |c| c.code)
    }
}

/// What a professional viewer gets when a listing has no professional field.
pub(super) static NO_PROFESSIONAL_FIELDS: ProfessionalFields = ProfessionalFields {
    phone: None,
    url: None,
    email: None,
    fax: None,
    opening_hours: None,
    contact_windows: Vec::new(),
    contact_points: Vec::new(),
    availability: None,
    service_area: None,
    description: None,
    internal_note: None,
};

impl Doc {
    /// The hit's professional fields as a viewer with `clearance` gets them: always present
    /// (maybe empty) for professionals, absent for everyone else.
    pub(super) fn professional_for(&self, clearance: Visibility) -> Option<&ProfessionalFields> {
        (clearance == Visibility::Professional)
            .then(|| self.professional().unwrap_or(&NO_PROFESSIONAL_FIELDS))
    }
}

pub(super) fn sort_key(f: &Facility) -> String {
    // The published reading, width-normalised (NFKC) but otherwise as written, so the order is
    // the one a printed directory and the shared benchmark (`ORDER BY name_kana, fid`) use.
    // Without a reading the key is empty: such listings come first, by id, rather than guessing
    // a reading from kanji.
    use unicode_normalization::{IsNormalized, UnicodeNormalization, is_nfkc_quick};
    let kana = f.name_kana.as_deref().unwrap_or("").trim();
    // Most readings are already NFKC (full-width katakana): the quick check says so without
    // running the algorithm.
    match is_nfkc_quick(kana.chars()) {
        IsNormalized::Yes => kana.to_string(),
        _ => kana.nfkc().collect(),
    }
}

/// The first 16 bytes of a string as a big-endian number (zero-padded): ordering these equals
/// ordering the strings whenever the prefixes differ.
pub(super) fn prefix_key(s: &str) -> u128 {
    let mut b = [0u8; 16];
    let n = s.len().min(16);
    b[..n].copy_from_slice(&s.as_bytes()[..n]);
    u128::from_be_bytes(b)
}

/// Order by id (byte order).
pub(super) fn cmp_id(x: &Doc, y: &Doc) -> Ordering {
    x.id_prefix.cmp(&y.id_prefix).then_with(|| x.id.cmp(&y.id))
}

/// Order by kana reading, then name key, then id (the order of a printed directory).
pub(super) fn cmp_name(x: &Doc, y: &Doc) -> Ordering {
    x.name_prefix
        .cmp(&y.name_prefix)
        .then_with(|| x.name_key.cmp(&y.name_key))
        .then_with(|| x.id.cmp(&y.id))
}

#[cfg(test)]
mod tests {
    use super::sort_key;
    use model::{Facility, FacilityId};

    fn with_kana(kana: &str) -> Facility {
        let mut f = Facility::new(FacilityId::new("t-1").unwrap(), "さくら", "clinic");
        f.name_kana = Some(kana.to_string());
        f
    }

    #[test]
    fn a_reading_is_keyed_as_nfkc_writes_it() {
        // Already normal: kept as it is (the quick check's path).
        assert_eq!(
            sort_key(&with_kana(" サクラクリニック ")),
            "サクラクリニック"
        );
        // Half-width kana, full-width letters and a combining voiced mark: the full algorithm.
        assert_eq!(sort_key(&with_kana("ｻｸﾗｸﾘﾆｯｸ")), "サクラクリニック");
        assert_eq!(sort_key(&with_kana("ＡＢＣ")), "ABC");
        assert_eq!(sort_key(&with_kana("カ\u{3099}ーデン")), "ガーデン");
        let mut none = with_kana("");
        none.name_kana = None;
        assert_eq!(sort_key(&none), "");
    }
}
