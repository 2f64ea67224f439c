use super::json::HitJson;
use chrono::Datelike;
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
    /// The hit as JSON, split where the per-query fields go.
    pub(super) json: HitJson,
    pub(super) hit: SearchHit,
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
    /// Public opening hours (hidden hours neither filter nor show `open_now`).
    pub(super) opening_hours: Option<Box<Schedule>>,
    /// ケアマネタイム schedules, and whether anonymous visitors may see them.
    pub(super) windows: Vec<Schedule>,
    pub(super) windows_public: bool,
    pub(super) accepting: Option<Accepting>,
    pub(super) coverage: Option<Coverage>,
    /// The main office's id, for a satellite (サテライト) or branch.
    pub(super) parent: Option<String>,
    /// The professional fields of the hit (None when the listing has none).
    pub(super) professional: Option<Box<ProfessionalFields>>,
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
    /// A row from its hit and the rest: the sort prefixes, status, position, municipality and
    /// acceptance come from the hit, so a derived row and a row read back agree on them.
    pub(super) fn new(hit: SearchHit, p: RowParts) -> Doc {
        Doc {
            json: p.json,
            name_prefix: prefix_key(&p.name_key),
            name_key: p.name_key,
            id_prefix: prefix_key(hit.id.as_str()),
            category: p.category,
            services: p.services,
            capabilities: p.capabilities,
            status: hit.status,
            location: hit.location,
            municipality: hit.municipality_code.clone(),
            areas: p.areas,
            opening_hours: p.opening_hours,
            windows: p.windows,
            windows_public: p.windows_public,
            accepting: hit.accepting,
            coverage: p.coverage,
            parent: p.parent,
            professional: p.professional,
            hit,
        }
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
        (clearance == Visibility::Professional).then(|| {
            self.professional
                .as_deref()
                .unwrap_or(&NO_PROFESSIONAL_FIELDS)
        })
    }
}

pub(super) fn sort_key(f: &Facility) -> String {
    // The published reading, width-normalised (NFKC) but otherwise as written, so the order is
    // the one a printed directory and the shared benchmark (`ORDER BY name_kana, fid`) use.
    // Without a reading the key is empty: such listings come first, by id, rather than guessing
    // a reading from kanji.
    use unicode_normalization::UnicodeNormalization;
    f.name_kana.as_deref().unwrap_or("").trim().nfkc().collect()
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
    x.id_prefix
        .cmp(&y.id_prefix)
        .then_with(|| x.hit.id.cmp(&y.hit.id))
}

/// Order by kana reading, then name key, then id (the order of a printed directory).
pub(super) fn cmp_name(x: &Doc, y: &Doc) -> Ordering {
    x.name_prefix
        .cmp(&y.name_prefix)
        .then_with(|| x.name_key.cmp(&y.name_key))
        .then_with(|| x.hit.id.cmp(&y.hit.id))
}
