//! Building the geocoder from the address data: municipalities, towns, 小字 and the bare
//! names of 丁目 towns, with their folded keys.

use super::normalize::fold;
use super::{
    AddressMunicipality, Entry, Geocoder, MUNICIPALITY_ALIASES, Muni, mean_point, median_point,
    split_chome,
};
use model::geo::LatLng;
use model::geocode::{GeoLevel, PREFECTURES};
use rustc_hash::FxHashMap;

/// The entries of the municipality being built: by folded key, and in the order added.
#[derive(Default)]
struct OwnEntries {
    by_key: FxHashMap<String, u32>,
    order: Vec<u32>,
}

impl OwnEntries {
    fn add(&mut self, g: &mut Geocoder, e: Entry) {
        let ei = g.entries.len() as u32;
        self.by_key.insert(e.key.to_string(), ei);
        self.order.push(ei);
        g.entries.push(e);
    }
}

impl Geocoder {
    /// Builds the geocoder from the address data; `codes` gives municipality codes by
    /// (prefecture, name) where known.
    pub fn build(
        data: Vec<AddressMunicipality>,
        codes: &FxHashMap<(String, String), String>,
    ) -> Geocoder {
        let mut g = Geocoder {
            prefs: PREFECTURES.iter().map(|p| (fold(p), *p)).collect(),
            ..Geocoder::default()
        };
        let mut groups: FxHashMap<Box<str>, (Vec<u32>, String)> = FxHashMap::default();
        for m in data {
            let Some(pref) = PREFECTURES.iter().find(|p| **p == m.prefecture).copied() else {
                continue;
            };
            let mi = g.munis.len() as u32;
            let mut points = Vec::new();
            let mut own = OwnEntries::default();
            // Children of bases that are not published on their own: base key → points.
            let mut bases: FxHashMap<String, (Vec<LatLng>, bool, String)> = FxHashMap::default();
            for t in &m.towns {
                let (Some(lat), Some(lng)) = (t.lat, t.lng) else {
                    continue;
                };
                let Ok(point) = LatLng::new(lat, lng) else {
                    continue;
                };
                points.push(point);
                let town_key = fold(&t.town);
                let key = format!("{town_key}{}", fold(&t.koaza));
                if key.is_empty() || own.by_key.contains_key(&key) {
                    continue;
                }
                let level = if !t.koaza.is_empty() {
                    GeoLevel::Town
                } else if t.town.starts_with("大字") {
                    GeoLevel::Oaza
                } else {
                    GeoLevel::Town
                };
                let name = format!("{}{}", t.town, t.koaza);
                own.add(
                    &mut g,
                    Entry {
                        muni: mi,
                        name: name.into(),
                        key: key.clone().into(),
                        point,
                        level,
                        has_chome: false,
                    },
                );
                // The bare 町 of a 丁目, and the 大字 of a 小字.
                let base = if !t.koaza.is_empty() {
                    Some((town_key.clone(), false, t.town.clone()))
                } else {
                    split_chome(&key).map(|(b, _)| {
                        let shown = t
                            .town
                            .trim_end_matches("丁目")
                            .trim_end_matches(|c: char| {
                                c.is_ascii_digit()
                                    || c.is_numeric()
                                    || "〇一二三四五六七八九十百".contains(c)
                            })
                            .to_string();
                        (b.to_string(), true, shown)
                    })
                };
                if let Some((b, chome, shown)) = base.filter(|(b, _, _)| !b.is_empty()) {
                    let e = bases.entry(b).or_insert_with(|| (Vec::new(), false, shown));
                    e.0.push(point);
                    e.1 |= chome;
                }
            }
            for (key, (pts, chome, shown)) in bases {
                match own.by_key.get(&key) {
                    Some(&ei) => g.entries[ei as usize].has_chome |= chome,
                    None => {
                        let Some(point) = mean_point(&pts) else {
                            continue;
                        };
                        own.add(
                            &mut g,
                            Entry {
                                muni: mi,
                                name: shown.into(),
                                key: key.into(),
                                point,
                                level: GeoLevel::Oaza,
                                has_chome: chome,
                            },
                        );
                    }
                }
            }
            for (key, ei) in own.by_key {
                g.longest_town_key = g.longest_town_key.max(key.chars().count());
                g.towns.entry(key.into()).or_default().push(ei);
            }
            let Some(point) = median_point(&mut points) else {
                continue;
            };
            let code = codes.get(&(pref.to_string(), m.name.clone())).cloned();
            // Keys: the full name; without its 郡; the designated city of a ward.
            let full = fold(&m.name);
            let mut keys = vec![(full.clone(), m.name.clone())];
            if let Some(i) = full.find('郡') {
                let short = &full[i + '郡'.len_utf8()..];
                if !short.is_empty() {
                    keys.push((
                        short.to_string(),
                        m.name[m.name.find('郡').map_or(0, |i| i + '郡'.len_utf8())..].to_string(),
                    ));
                }
            }
            // A county (郡) stands for its towns and villages, as a designated city for its
            // wards (「泉南郡淡輪…」 without the town's name).
            if let Some(i) = full.find('郡') {
                let county = &full[..i + '郡'.len_utf8()];
                let shown = &m.name[..m.name.find('郡').map_or(0, |i| i + '郡'.len_utf8())];
                let key: Box<str> = format!("{}\u{0}{county}", pref).into();
                groups
                    .entry(key)
                    .or_insert_with(|| (Vec::new(), shown.to_string()))
                    .0
                    .push(mi);
            }
            if let Some(i) = full.find('市')
                && full.ends_with('区')
                && i + '市'.len_utf8() < full.len()
            {
                let city = &full[..i + '市'.len_utf8()];
                let shown = &m.name[..m.name.find('市').map_or(0, |i| i + '市'.len_utf8())];
                // The ward alone (「大阪府城東区…」 without 大阪市).
                keys.push((full[i + '市'.len_utf8()..].to_string(), m.name.clone()));
                let key: Box<str> = format!("{}\u{0}{city}", pref).into();
                groups
                    .entry(key)
                    .or_insert_with(|| (Vec::new(), shown.to_string()))
                    .0
                    .push(mi);
            }
            for (alias_pref, alias, name) in MUNICIPALITY_ALIASES {
                if *alias_pref == pref && *name == m.name {
                    keys.push((fold(alias), m.name.clone()));
                }
            }
            for (k, shown) in keys {
                g.longest_muni_key = g.longest_muni_key.max(k.chars().count());
                let e = g
                    .muni_keys
                    .entry(k.into())
                    .or_insert_with(|| (Vec::new(), shown));
                e.0.push(mi);
            }
            g.munis.push(Muni {
                pref,
                name: m.name,
                code,
                point,
            });
            g.by_muni.push(own.order);
        }
        for (key, (munis, shown)) in groups {
            let city = key.split('\u{0}').nth(1).unwrap_or_default();
            g.longest_muni_key = g.longest_muni_key.max(city.chars().count());
            let e = g
                .muni_keys
                .entry(city.into())
                .or_insert_with(|| (Vec::new(), shown));
            e.0.extend(munis);
        }
        g.sorted = g
            .towns
            .iter()
            .flat_map(|(k, v)| v.iter().map(move |e| (k.clone(), *e)))
            .collect();
        g.sorted.sort_unstable();
        g
    }

    /// Number of municipalities loaded.
    pub fn municipalities(&self) -> usize {
        self.munis.len()
    }

    /// Number of places (towns, 小字 and the bare names of 丁目 towns).
    pub fn places(&self) -> usize {
        self.entries.len()
    }

    /// Returns true when no address data is loaded.
    pub fn is_empty(&self) -> bool {
        self.munis.is_empty()
    }
}
