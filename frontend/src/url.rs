//! The page's state lives in its URL: the search parameters of [`model::params`] plus a few of
//! the page's own (which view a phone shows, a typed place). These helpers read and rewrite the
//! query string; the search parameters themselves are parsed only by `model::params`.

use std::borrow::Cow;

/// Parameters of the pages that are not search parameters.
pub const PAGE_PARAMS: &[&str] = &[
    // `map` or `list`: what a phone shows (both show on a wide screen).
    "view",
    // A 町丁目 of the municipality's list: "near a place" without coordinates.
    "place",
];

/// Decoded `(name, value)` pairs of a query string (with or without the leading `?`).
pub fn pairs(query: &str) -> Vec<(String, String)> {
    form_urlencoded::parse(query.trim_start_matches('?').as_bytes())
        .map(|(k, v)| (k.into_owned(), v.into_owned()))
        .collect()
}

/// Encodes pairs back into a query string (without `?`), dropping empty values.
pub fn encode(pairs: &[(String, String)]) -> String {
    let mut s = form_urlencoded::Serializer::new(String::new());
    for (k, v) in pairs.iter().filter(|(_, v)| !v.trim().is_empty()) {
        s.append_pair(k, v);
    }
    s.finish()
}

/// The search parameters of a page's pairs (everything but [`PAGE_PARAMS`]), for the parser.
pub fn search_pairs(
    pairs: &[(String, String)],
) -> impl Iterator<Item = (Cow<'_, str>, Cow<'_, str>)> {
    pairs
        .iter()
        .filter(|(k, _)| !PAGE_PARAMS.contains(&k.as_str()))
        .map(|(k, v)| (Cow::Borrowed(k.as_str()), Cow::Borrowed(v.as_str())))
}

/// The first value of a parameter.
pub fn get<'a>(pairs: &'a [(String, String)], key: &str) -> Option<&'a str> {
    pairs
        .iter()
        .find(|(k, _)| k == key)
        .map(|(_, v)| v.as_str())
        .filter(|v| !v.trim().is_empty())
}

/// Every value of a repeatable parameter (repeated or comma-separated).
pub fn all<'a>(pairs: &'a [(String, String)], key: &str) -> Vec<&'a str> {
    pairs
        .iter()
        .filter(|(k, _)| k == key)
        .flat_map(|(_, v)| v.split(','))
        .map(str::trim)
        .filter(|v| !v.is_empty())
        .collect()
}

/// A copy with `key` set to `value` (or removed when `value` is empty); paging starts over.
pub fn with(pairs: &[(String, String)], key: &str, value: &str) -> Vec<(String, String)> {
    let mut out: Vec<(String, String)> = pairs
        .iter()
        .filter(|(k, _)| k != key && k != "page")
        .cloned()
        .collect();
    if !value.is_empty() {
        out.push((key.to_string(), value.to_string()));
    }
    out
}

/// A copy with several keys replaced at once (empty values remove); paging starts over.
pub fn with_all(pairs: &[(String, String)], changes: &[(&str, &str)]) -> Vec<(String, String)> {
    let mut out: Vec<(String, String)> = pairs
        .iter()
        .filter(|(k, _)| k != "page" && !changes.iter().any(|(c, _)| c == k))
        .cloned()
        .collect();
    for (k, v) in changes.iter().filter(|(_, v)| !v.is_empty()) {
        out.push((k.to_string(), v.to_string()));
    }
    out
}

/// A copy with `value` added to or removed from the repeatable parameter `key`.
pub fn toggled(pairs: &[(String, String)], key: &str, value: &str) -> Vec<(String, String)> {
    let mut values: Vec<String> = all(pairs, key).into_iter().map(str::to_string).collect();
    if let Some(i) = values.iter().position(|v| v == value) {
        values.remove(i);
    } else {
        values.push(value.to_string());
    }
    let mut out: Vec<(String, String)> = pairs
        .iter()
        .filter(|(k, _)| k != key && k != "page")
        .cloned()
        .collect();
    out.extend(values.into_iter().map(|v| (key.to_string(), v)));
    out
}

/// A copy without one condition of [`crate::wire::Condition`]: its value of a repeatable
/// parameter, or the parameter (`near`: the point with its radius and the distance order).
pub fn without(
    pairs: &[(String, String)],
    key: &str,
    value: Option<&str>,
) -> Vec<(String, String)> {
    // Without a point, distance order means nothing.
    let sort = get(pairs, "sort")
        .filter(|s| *s != "distance")
        .unwrap_or_default();
    match (key, value) {
        (_, Some(v)) => toggled(pairs, key, v),
        ("near", None) => with_all(
            pairs,
            &[
                ("lat", ""),
                ("lng", ""),
                ("place", ""),
                ("radius_m", ""),
                ("sort", sort),
            ],
        ),
        (k, None) => with(pairs, k, ""),
    }
}

/// `path?query`, or `path` alone when the query is empty.
pub fn href(path: &str, pairs: &[(String, String)]) -> String {
    let q = encode(pairs);
    if q.is_empty() {
        path.to_string()
    } else {
        format!("{path}?{q}")
    }
}

/// URL code of a weekday (the boards' `day` parameter).
pub fn day_code(d: model::schedule::Day) -> &'static str {
    ["mon", "tue", "wed", "thu", "fri", "sat", "sun"][d as usize]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rewrites_keep_other_parameters_and_reset_the_page() {
        let p = pairs("?q=%E8%A8%AA%E5%95%8F&area=a1,a2&page=3&view=map");
        assert_eq!(get(&p, "q"), Some("訪問"));
        assert_eq!(all(&p, "area"), vec!["a1", "a2"]);
        let t = toggled(&p, "area", "a1");
        assert_eq!(all(&t, "area"), vec!["a2"]);
        assert_eq!(get(&t, "page"), None);
        assert_eq!(get(&t, "view"), Some("map"));
        let t = toggled(&t, "area", "a3");
        assert_eq!(all(&t, "area"), vec!["a2", "a3"]);
        let w = with(&p, "q", "");
        assert_eq!(get(&w, "q"), None);
        let w = with_all(&p, &[("lat", "36.1"), ("lng", "140.1"), ("q", "")]);
        assert_eq!(encode(&w), "area=a1%2Ca2&view=map&lat=36.1&lng=140.1");
        let s: Vec<_> = search_pairs(&p).map(|(k, _)| k.into_owned()).collect();
        assert_eq!(s, vec!["q", "area", "page"]);
        assert_eq!(href("/", &[]), "/");
    }

    #[test]
    fn dropping_a_condition_removes_only_it() {
        let p = pairs("area=a1&area=a2&lat=36&lng=140&radius_m=500&sort=distance&q=x");
        assert_eq!(
            encode(&without(&p, "area", Some("a1"))),
            "lat=36&lng=140&radius_m=500&sort=distance&q=x&area=a2"
        );
        assert_eq!(encode(&without(&p, "near", None)), "area=a1&area=a2&q=x");
        assert_eq!(
            encode(&without(&p, "q", None)),
            "area=a1&area=a2&lat=36&lng=140&radius_m=500&sort=distance"
        );
        let named = pairs("place=%E6%9C%AC%E7%94%BA&sort=name");
        assert_eq!(encode(&without(&named, "near", None)), "sort=name");
    }
}
