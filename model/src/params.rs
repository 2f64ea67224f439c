//! A search as URL query parameters: the one reader and writer of `GET /api/v1/search?…`,
//! shared by the HTTP API, the server-rendered pages and the browser UI (so a URL copied from the
//! site works against the API and back).
//!
//! | parameter | meaning |
//! |---|---|
//! | `q` | Japanese full text |
//! | `category`, `service`, `capability`, `area`, `status` | codes; repeatable, or comma-separated |
//! | `municipality` | municipality code (6 digits) |
//! | `lat`, `lng`, `radius_m` | near a point; the radius is optional (then it only orders) |
//! | `bbox` | `minLng,minLat,maxLng,maxLat` (GeoJSON order) |
//! | `serves` | `lat,lng`: whose service area covers this point |
//! | `open_at`, `contact_window_at` | RFC 3339, a local `YYYY-MM-DDTHH:MM` (Japan time), or `now` |
//! | `accepting` | `true` / `false` |
//! | `sort` | `relevance`, `distance`, `name`, `id` |
//! | `page`, `per_page` | 1-based page, page size up to 200 |
//! | `format` | `json` (default) or `geojson` |
//! | `lang` | `ja` or `en`: the language of a page (a search answers codes, so it only checks it) |
//!
//! Empty values are ignored (HTML forms send every field); unknown parameters are rejected.

use crate::error::ValidationError;
use crate::facility::LifecycleStatus;
use crate::geo::{BoundingBox, LatLng};
use crate::schedule::JST;
use crate::search::{Near, SearchQuery, Sort};
use chrono::{DateTime, FixedOffset, NaiveDateTime, SecondsFormat, TimeZone};
use serde::{Deserialize, Serialize};
use std::borrow::Cow;

/// Answer format of a search.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Format {
    /// `SearchResponse` as JSON.
    #[default]
    Json,
    /// A GeoJSON FeatureCollection of the hits.
    Geojson,
}

/// Every parameter [`SearchParams::parse`] understands, in the order [`SearchParams::to_query_string`]
/// writes them.
pub const PARAMETERS: &[&str] = &[
    "q",
    "category",
    "service",
    "capability",
    "scene",
    "area",
    "municipality",
    "lat",
    "lng",
    "radius_m",
    "bbox",
    "serves",
    "open_at",
    "contact_window_at",
    "accepting",
    "status",
    "sort",
    "page",
    "per_page",
    "format",
    "lang",
];

/// A search query with its answer format, as read from or written to a URL.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct SearchParams {
    /// The query.
    pub query: SearchQuery,
    /// The answer format.
    pub format: Format,
}

fn number(param: &'static str, value: &str) -> Result<f64, ValidationError> {
    match value.trim().parse::<f64>() {
        Ok(v) if v.is_finite() => Ok(v),
        _ => Err(ValidationError::InvalidNumber {
            param,
            value: value.to_string(),
            expected: "a number",
        }),
    }
}

/// `N` comma-separated numbers, described by `expected` (e.g. `minLng,minLat,maxLng,maxLat`).
fn numbers<const N: usize>(
    param: &'static str,
    value: &str,
    expected: &'static str,
) -> Result<[f64; N], ValidationError> {
    let bad = || ValidationError::InvalidNumber {
        param,
        value: value.to_string(),
        expected,
    };
    let parts: Vec<&str> = value.split(',').collect();
    if parts.len() != N {
        return Err(bad());
    }
    let mut out = [0.0; N];
    for (o, p) in out.iter_mut().zip(parts) {
        *o = number(param, p).map_err(|_| bad())?;
    }
    Ok(out)
}

/// Reads a page number as the search does (for pages that page their own lists).
pub fn whole_number(value: &str) -> Result<u32, ValidationError> {
    whole("page", value)
}

fn whole(param: &'static str, value: &str) -> Result<u32, ValidationError> {
    value.trim().parse::<u32>().map_err(|_| {
        ValidationError::InvalidPage(format!("{param} {value:?} is not a whole number"))
    })
}

/// Reads an instant: RFC 3339, a local date-time in Japan time, or `now`.
pub fn parse_instant(
    param: &'static str,
    value: &str,
    now: DateTime<FixedOffset>,
) -> Result<DateTime<FixedOffset>, ValidationError> {
    let v = value.trim();
    if v.eq_ignore_ascii_case("now") {
        return Ok(now);
    }
    if let Ok(t) = DateTime::parse_from_rfc3339(v) {
        return Ok(t);
    }
    for f in ["%Y-%m-%dT%H:%M:%S", "%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"] {
        if let Ok(t) = NaiveDateTime::parse_from_str(v, f)
            && let Some(t) = JST.from_local_datetime(&t).single()
        {
            return Ok(t);
        }
    }
    Err(ValidationError::InvalidDate {
        param,
        value: value.to_string(),
    })
}

fn enum_value<T: for<'de> Deserialize<'de>>(
    param: &'static str,
    value: &str,
    allowed: &str,
) -> Result<T, ValidationError> {
    serde_json::from_value(serde_json::Value::String(value.trim().to_string())).map_err(|_| {
        ValidationError::InvalidParameter {
            param,
            message: format!("{value:?} is not one of {allowed}"),
        }
    })
}

fn set_once<T>(slot: &mut Option<T>, param: &'static str, value: T) -> Result<(), ValidationError> {
    if slot.replace(value).is_some() {
        return Err(ValidationError::InvalidParameter {
            param,
            message: "given more than once".into(),
        });
    }
    Ok(())
}

fn push_list(list: &mut Vec<String>, value: &str) {
    list.extend(
        value
            .split(',')
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(str::to_string),
    );
}

impl SearchParams {
    /// Reads a URL query string (without the `?`). `now` resolves `open_at=now`.
    pub fn parse(query: &str, now: DateTime<FixedOffset>) -> Result<SearchParams, ValidationError> {
        SearchParams::from_pairs(form_urlencoded::parse(query.as_bytes()), now)
    }

    /// Reads decoded `(name, value)` pairs. Does not run [`SearchQuery::validate`].
    pub fn from_pairs<'a>(
        pairs: impl IntoIterator<Item = (Cow<'a, str>, Cow<'a, str>)>,
        now: DateTime<FixedOffset>,
    ) -> Result<SearchParams, ValidationError> {
        let mut q = SearchQuery::default();
        let (mut lat, mut lng, mut radius) = (None, None, None);
        let (mut text, mut municipality, mut bbox, mut serves) = (None, None, None, None);
        let (mut open_at, mut window_at, mut accepting) = (None, None, None);
        let (mut sort, mut page, mut per_page, mut format) = (None, None, None, None);
        for (name, value) in pairs {
            let value = value.as_ref();
            if value.trim().is_empty() {
                continue;
            }
            match name.as_ref() {
                "q" => set_once(&mut text, "q", value.to_string())?,
                "category" => push_list(&mut q.categories, value),
                "service" => push_list(&mut q.services, value),
                "capability" => push_list(&mut q.capabilities, value),
                "scene" => push_list(&mut q.scenes, value),
                "area" => push_list(&mut q.areas, value),
                "municipality" => {
                    set_once(&mut municipality, "municipality", value.trim().to_string())?;
                }
                "lat" => set_once(&mut lat, "lat", number("lat", value)?)?,
                "lng" => set_once(&mut lng, "lng", number("lng", value)?)?,
                "radius_m" => set_once(&mut radius, "radius_m", number("radius_m", value)?)?,
                "bbox" => {
                    let [min_lng, min_lat, max_lng, max_lat] =
                        numbers::<4>("bbox", value, "4 numbers minLng,minLat,maxLng,maxLat")?;
                    let b =
                        BoundingBox::new(min_lat, min_lng, max_lat, max_lng).map_err(
                            |e| match e {
                                ValidationError::InvalidBbox(m) => ValidationError::InvalidBbox(m),
                                other => ValidationError::InvalidBbox(format!(
                                    "{other} (bbox is minLng,minLat,maxLng,maxLat)"
                                )),
                            },
                        )?;
                    set_once(&mut bbox, "bbox", b)?;
                }
                "serves" => {
                    let [la, ln] = numbers::<2>("serves", value, "2 numbers lat,lng")?;
                    set_once(&mut serves, "serves", LatLng::new(la, ln)?)?;
                }
                "open_at" => set_once(
                    &mut open_at,
                    "open_at",
                    parse_instant("open_at", value, now)?,
                )?,
                "contact_window_at" => set_once(
                    &mut window_at,
                    "contact_window_at",
                    parse_instant("contact_window_at", value, now)?,
                )?,
                "accepting" => {
                    let v = match value.trim() {
                        "true" | "1" => true,
                        "false" | "0" => false,
                        _ => {
                            return Err(ValidationError::InvalidParameter {
                                param: "accepting",
                                message: format!("{value:?} is not true or false"),
                            });
                        }
                    };
                    set_once(&mut accepting, "accepting", v)?;
                }
                "status" => {
                    for s in value.split(',').map(str::trim).filter(|s| !s.is_empty()) {
                        q.statuses.push(enum_value::<LifecycleStatus>(
                            "status",
                            s,
                            "planned, active, suspended, closed",
                        )?);
                    }
                }
                "sort" => set_once(
                    &mut sort,
                    "sort",
                    enum_value::<Sort>("sort", value, "relevance, distance, name, id")?,
                )?,
                "page" => set_once(&mut page, "page", whole("page", value)?)?,
                "per_page" => set_once(&mut per_page, "per_page", whole("per_page", value)?)?,
                "format" => set_once(
                    &mut format,
                    "format",
                    enum_value::<Format>("format", value, "json, geojson")?,
                )?,
                // The page's language: read by whoever renders labels (crate::i18n); a search
                // answer is the same in both.
                crate::i18n::LANG_PARAM => {
                    if crate::i18n::Lang::from_code(value).is_none() {
                        return Err(ValidationError::InvalidParameter {
                            param: crate::i18n::LANG_PARAM,
                            message: format!("{value:?} is not ja or en"),
                        });
                    }
                }
                other => return Err(ValidationError::UnknownParameter(other.to_string())),
            }
        }
        q.near = match (lat, lng, radius) {
            (Some(lat), Some(lng), radius_m) => Some(Near {
                point: LatLng::new(lat, lng)?,
                radius_m,
            }),
            (None, None, None) => None,
            (None, None, Some(_)) => {
                return Err(ValidationError::InvalidQuery(
                    "radius_m needs lat and lng".into(),
                ));
            }
            _ => {
                return Err(ValidationError::InvalidQuery(
                    "lat and lng must be given together".into(),
                ));
            }
        };
        q.text = text;
        q.municipality = municipality;
        q.bbox = bbox;
        q.serves = serves;
        q.open_at = open_at;
        q.contact_window_at = window_at;
        q.accepting = accepting;
        q.sort = sort.unwrap_or_default();
        q.page = page;
        q.per_page = per_page;
        Ok(SearchParams {
            query: q,
            format: format.unwrap_or_default(),
        })
    }

    /// The `(name, value)` pairs of every non-default part, in [`PARAMETERS`] order.
    pub fn to_pairs(&self) -> Vec<(&'static str, String)> {
        let q = &self.query;
        let mut out: Vec<(&'static str, String)> = Vec::new();
        if let Some(t) = &q.text {
            out.push(("q", t.clone()));
        }
        let lists: [(&'static str, &Vec<String>); 5] = [
            ("category", &q.categories),
            ("service", &q.services),
            ("capability", &q.capabilities),
            ("scene", &q.scenes),
            ("area", &q.areas),
        ];
        for (name, list) in lists {
            out.extend(list.iter().map(|v| (name, v.clone())));
        }
        if let Some(m) = &q.municipality {
            out.push(("municipality", m.clone()));
        }
        if let Some(n) = &q.near {
            out.push(("lat", n.point.lat.to_string()));
            out.push(("lng", n.point.lng.to_string()));
            if let Some(r) = n.radius_m {
                out.push(("radius_m", r.to_string()));
            }
        }
        if let Some(b) = &q.bbox {
            out.push((
                "bbox",
                format!("{},{},{},{}", b.min_lng, b.min_lat, b.max_lng, b.max_lat),
            ));
        }
        if let Some(p) = &q.serves {
            out.push(("serves", format!("{},{}", p.lat, p.lng)));
        }
        if let Some(t) = &q.open_at {
            out.push(("open_at", t.to_rfc3339_opts(SecondsFormat::AutoSi, true)));
        }
        if let Some(t) = &q.contact_window_at {
            out.push((
                "contact_window_at",
                t.to_rfc3339_opts(SecondsFormat::AutoSi, true),
            ));
        }
        if let Some(a) = q.accepting {
            out.push(("accepting", a.to_string()));
        }
        for s in &q.statuses {
            out.push(("status", s.code().to_string()));
        }
        if q.sort != Sort::default() {
            out.push(("sort", q.sort.code().to_string()));
        }
        if let Some(p) = q.page {
            out.push(("page", p.to_string()));
        }
        if let Some(p) = q.per_page {
            out.push(("per_page", p.to_string()));
        }
        if self.format != Format::default() {
            out.push(("format", "geojson".to_string()));
        }
        out
    }

    /// The URL query string (without `?`), percent-encoded.
    pub fn to_query_string(&self) -> String {
        let mut s = form_urlencoded::Serializer::new(String::new());
        for (k, v) in self.to_pairs() {
            s.append_pair(k, &v);
        }
        s.finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn now() -> DateTime<FixedOffset> {
        DateTime::parse_from_rfc3339("2026-11-24T10:30:00+09:00").unwrap()
    }

    fn parse(s: &str) -> Result<SearchParams, ValidationError> {
        SearchParams::parse(s, now())
    }

    #[test]
    fn reads_every_parameter() {
        let p = parse(
            "q=%E8%A8%AA%E5%95%8F&category=medical&service=clinic,dental_clinic&service=pharmacy\
             &capability=home_visit_medical&area=sample-area-1&municipality=999016&lat=35.1&lng=139.2\
             &radius_m=3000&bbox=139.0,35.0,139.5,35.5&serves=35.2,139.3&open_at=now\
             &contact_window_at=2026-11-25T14:00&accepting=true&status=active,suspended&sort=distance\
             &page=2&per_page=50&format=geojson",
        )
        .unwrap();
        let q = &p.query;
        assert_eq!(q.text.as_deref(), Some("訪問"));
        assert_eq!(q.categories, ["medical"]);
        assert_eq!(q.services, ["clinic", "dental_clinic", "pharmacy"]);
        assert_eq!(q.capabilities, ["home_visit_medical"]);
        assert_eq!(q.areas, ["sample-area-1"]);
        assert_eq!(q.municipality.as_deref(), Some("999016"));
        let near = q.near.unwrap();
        assert_eq!(
            (near.point.lat, near.point.lng, near.radius_m),
            (35.1, 139.2, Some(3000.0))
        );
        let b = q.bbox.unwrap();
        assert_eq!(
            (b.min_lng, b.min_lat, b.max_lng, b.max_lat),
            (139.0, 35.0, 139.5, 35.5)
        );
        assert_eq!(
            q.serves,
            Some(LatLng {
                lat: 35.2,
                lng: 139.3
            })
        );
        assert_eq!(q.open_at, Some(now()));
        assert_eq!(
            q.contact_window_at.unwrap().to_rfc3339(),
            "2026-11-25T14:00:00+09:00"
        );
        assert_eq!(q.accepting, Some(true));
        assert_eq!(
            q.statuses,
            [LifecycleStatus::Active, LifecycleStatus::Suspended]
        );
        assert_eq!(q.sort, Sort::Distance);
        assert_eq!((q.page, q.per_page), (Some(2), Some(50)));
        assert_eq!(p.format, Format::Geojson);
        q.validate().unwrap();
        // Written back and read again: the same search.
        assert_eq!(parse(&p.to_query_string()).unwrap(), p);
    }

    #[test]
    fn empty_values_are_ignored_and_defaults_write_nothing() {
        let p = parse("q=&service=&lat=&lng=&page=").unwrap();
        assert_eq!(p, SearchParams::default());
        assert_eq!(p.to_query_string(), "");
        assert_eq!(parse("").unwrap(), SearchParams::default());
    }

    #[test]
    fn bad_input_has_a_clear_error_code() {
        let code = |s: &str| {
            parse(s)
                .and_then(|p| p.query.validate())
                .unwrap_err()
                .code()
        };
        assert_eq!(code("lat=abc&lng=139"), "invalid_latitude");
        assert_eq!(code("lat=91&lng=139"), "invalid_latitude");
        assert_eq!(code("lat=35&lng=200"), "invalid_longitude");
        assert_eq!(code("lat=NaN&lng=139"), "invalid_latitude");
        assert_eq!(code("lat=35&lng=139&radius_m=-5"), "invalid_radius");
        assert_eq!(code("lat=35&lng=139&radius_m=1e9"), "invalid_radius");
        assert_eq!(code("lat=35&lng=139&radius_m=x"), "invalid_radius");
        assert_eq!(code("radius_m=100"), "invalid_query");
        assert_eq!(code("lat=35"), "invalid_query");
        assert_eq!(code("bbox=1,2,3"), "invalid_bbox");
        assert_eq!(code("bbox=139.5,35,139,36"), "invalid_bbox");
        assert_eq!(code("bbox=139,95,140,96"), "invalid_bbox");
        assert_eq!(code("page=0"), "invalid_page");
        assert_eq!(code("page=-1"), "invalid_page");
        assert_eq!(code("per_page=201"), "invalid_page");
        assert_eq!(code("service=nope"), "unknown_service");
        assert_eq!(code("category=nope"), "unknown_category");
        assert_eq!(code("capability=nope"), "unknown_capability");
        assert_eq!(code("scene=nope"), "invalid_parameter");
        assert_eq!(code("open_at=tomorrow"), "invalid_date");
        assert_eq!(code("contact_window_at=2026-13-01T10:00"), "invalid_date");
        assert_eq!(code("accepting=maybe"), "invalid_parameter");
        assert_eq!(code("status=open"), "invalid_parameter");
        assert_eq!(code("sort=price"), "invalid_parameter");
        assert_eq!(code("format=xml"), "invalid_parameter");
        assert_eq!(code("q=a&q=b"), "invalid_parameter");
        assert_eq!(code("text=a"), "unknown_parameter");
        assert_eq!(code("sort=distance"), "invalid_query");
        assert_eq!(code("serves=35"), "invalid_parameter");
        let msg = parse("lat=abc&lng=1").unwrap_err().to_string();
        assert!(msg.contains("lat") && msg.contains("abc"), "{msg}");
    }
}

/// What `/api/v1/coverage` (and the planning page) reads from a query string: the search's
/// filters (by [`SearchParams::from_pairs`]) and the coverage's own parameters.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct CoverageParams {
    /// The filters; its `municipality` limits the rows to that municipality's areas.
    pub query: SearchQuery,
    /// Rows per 日常生活圏域 (`area`, default) or per municipality.
    pub level: crate::coverage::CoverageLevel,
    /// Only the areas of this prefecture (2-digit code, `01`..`47`).
    pub prefecture: Option<String>,
    /// The distance of the near share, metres (1..=50,000).
    pub within_m: Option<u32>,
    /// JSON (default) or CSV.
    pub format: CoverageFormat,
}

/// The coverage answer's format.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CoverageFormat {
    /// [`crate::coverage::Coverage`] as JSON.
    #[default]
    Json,
    /// One CSV row per area.
    Csv,
}

/// The largest distance of a coverage's near share, metres.
pub const MAX_WITHIN_M: u32 = 50_000;

impl CoverageParams {
    /// Reads a query string. A row is an area, so the search's place and paging parameters
    /// (`area`, `lat`, `lng`, `radius_m`, `bbox`, `serves`, `sort`, `page`, `per_page`) are refused.
    pub fn parse(
        query: &str,
        now: DateTime<FixedOffset>,
    ) -> Result<CoverageParams, ValidationError> {
        let mut level = None;
        let mut prefecture = None;
        let mut within = None;
        let mut format = None;
        let mut rest = Vec::new();
        for (name, value) in form_urlencoded::parse(query.as_bytes()) {
            if value.trim().is_empty() {
                continue;
            }
            match name.as_ref() {
                "level" => set_once(
                    &mut level,
                    "level",
                    enum_value::<crate::coverage::CoverageLevel>(
                        "level",
                        &value,
                        "area, municipality",
                    )?,
                )?,
                "prefecture" => {
                    let code = value.trim();
                    let known =
                        code.len() == 2 && code.parse::<u8>().is_ok_and(|n| (1..=47).contains(&n));
                    if !known {
                        return Err(ValidationError::InvalidParameter {
                            param: "prefecture",
                            message: format!("{value:?} is not a prefecture code (01 to 47)"),
                        });
                    }
                    set_once(&mut prefecture, "prefecture", code.to_string())?;
                }
                "within_m" => {
                    let d = value
                        .trim()
                        .parse::<u32>()
                        .ok()
                        .filter(|d| (1..=MAX_WITHIN_M).contains(d));
                    let Some(d) = d else {
                        return Err(ValidationError::InvalidParameter {
                            param: "within_m",
                            message: format!(
                                "{value:?} is not a whole number of metres from 1 to {MAX_WITHIN_M}"
                            ),
                        });
                    };
                    set_once(&mut within, "within_m", d)?;
                }
                "format" => set_once(
                    &mut format,
                    "format",
                    enum_value::<CoverageFormat>("format", &value, "json, csv")?,
                )?,
                "area" | "lat" | "lng" | "radius_m" | "bbox" | "serves" | "sort" | "page"
                | "per_page" => {
                    return Err(ValidationError::InvalidParameter {
                        param: "coverage",
                        message: format!(
                            "{name} is not a coverage parameter: each row is an area (level=area or municipality; municipality=CODE limits the rows)"
                        ),
                    });
                }
                _ => rest.push((name, value)),
            }
        }
        let search = SearchParams::from_pairs(rest, now)?;
        Ok(CoverageParams {
            query: search.query,
            level: level.unwrap_or_default(),
            prefecture,
            within_m: within,
            format: format.unwrap_or_default(),
        })
    }
}
