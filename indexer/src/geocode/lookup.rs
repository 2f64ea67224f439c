//! An address to a point: prefecture, municipality, then the town, left to right (see the
//! module documentation for the order of the rules).

use super::normalize::{fold, fold_typed};
use super::{
    Entry, Geocoder, STEM_SPREAD_M, TownMatch, continues_as_municipality, mean_point, median_point,
    prefix_ends,
};
use model::geo::LatLng;
use model::geocode::{GeoLevel, Geocoded, prefecture_code};

impl Geocoder {
    /// The prefecture at the start of folded text, and the rest.
    pub(super) fn strip_prefecture<'a>(&self, s: &'a str) -> (Option<&'static str>, &'a str) {
        for (folded, name) in &self.prefs {
            if let Some(rest) = s.strip_prefix(folded.as_str()) {
                // 「青森県〒030-0846青森県青森市…」: the prefecture again.
                let rest = rest.strip_prefix(folded.as_str()).unwrap_or(rest);
                return (Some(name), rest);
            }
        }
        (None, s)
    }

    /// The municipalities named at the start of `s` (within `pref` if given): the longest name.
    pub(super) fn municipalities_at<'a>(
        &self,
        s: &'a str,
        pref: Option<&str>,
    ) -> Option<(Vec<u32>, &'a str, &str)> {
        for end in prefix_ends(s, self.longest_muni_key).into_iter().rev() {
            if let Some((ms, shown)) = self.muni_keys.get(&s[..end]) {
                let ms: Vec<u32> = ms
                    .iter()
                    .copied()
                    .filter(|m| pref.is_none_or(|p| self.munis[*m as usize].pref == p))
                    .collect();
                if !ms.is_empty() {
                    return Some((ms, &s[end..], shown.as_str()));
                }
            }
        }
        None
    }

    /// Entries of `muni` with exactly this key.
    fn entry_in(&self, key: &str, muni: u32) -> Option<u32> {
        self.towns
            .get(key)?
            .iter()
            .copied()
            .find(|e| self.entries[*e as usize].muni == muni)
    }

    /// The longest town name starting at `s[start..]` in `muni`.
    fn town_at(&self, s: &str, start: usize, muni: u32) -> Option<TownMatch> {
        let rest = &s[start..];
        prefix_ends(rest, self.longest_town_key)
            .into_iter()
            .rev()
            .filter(|&end| !continues_as_municipality(&rest[end..]))
            .find_map(|end| {
                self.entry_in(&rest[..end], muni).map(|entry| TownMatch {
                    entry,
                    end: start + end,
                    numbered: rest[end..].starts_with(|c: char| c.is_ascii_digit()),
                    at_start: start == 0,
                })
            })
    }

    /// The town of `muni` named in `s`: at its start, or else the best name inside it.
    fn town_in(&self, s: &str, muni: u32) -> Option<TownMatch> {
        if s.is_empty() {
            return None;
        }
        // Kyoto-style addresses name streets first (「河原町通三条上る下丸屋町」): the town comes
        // after the last 上る/下る/入る.
        let after_directions = [
            "上ル", "下ル", "上る", "下る", "入ル", "入る", "東入", "西入",
        ]
        .iter()
        .filter_map(|w| s.rfind(w).map(|i| i + w.len()))
        .max()
        .unwrap_or(0);
        if after_directions == 0
            && let Some(m) = self.town_at(s, 0, muni)
        {
            return Some(m);
        }
        let mut best: Option<TownMatch> = None;
        let consider = |m: TownMatch, best: &mut Option<TownMatch>| {
            let len = |t: &TownMatch| self.entries[t.entry as usize].name.chars().count();
            let better = match best {
                None => true,
                Some(b) => (m.numbered, len(&m), m.end) > (b.numbered, len(b), b.end),
            };
            if better {
                *best = Some(m);
            }
        };
        for (i, _) in s[after_directions..].char_indices() {
            if let Some(m) = self.town_at(s, after_directions + i, muni) {
                consider(m, &mut best);
            }
        }
        best.or_else(|| self.town_at(s, 0, muni))
    }

    /// A 丁目 written as 「3-5-1」 or 「3」 after a town whose 丁目 exist.
    fn refine_chome(&self, s: &str, m: TownMatch) -> TownMatch {
        let e = &self.entries[m.entry as usize];
        if !e.has_chome {
            return m;
        }
        let rest = &s[m.end..];
        let digits = rest.bytes().take_while(u8::is_ascii_digit).count();
        if digits == 0 {
            return m;
        }
        let after = &rest[digits..];
        if !(after.is_empty() || after.starts_with('-')) {
            return m;
        }
        let key = format!("{}{}丁目", e.key, &rest[..digits]);
        match self.entry_in(&key, e.muni) {
            Some(entry) => TownMatch {
                entry,
                end: m.end + digits,
                numbered: !after.is_empty(),
                at_start: m.at_start,
            },
            None => m,
        }
    }

    pub(super) fn answer(&self, entry: Option<u32>, muni: u32) -> Geocoded {
        let m = &self.munis[muni as usize];
        let (point, level, town) = match entry {
            Some(e) => {
                let e = &self.entries[e as usize];
                (e.point, e.level, Some(e.name.to_string()))
            }
            None => (m.point, GeoLevel::Municipality, None),
        };
        Geocoded {
            lat: point.lat,
            lng: point.lng,
            level,
            municipality_code: m.code.clone(),
            matched: format!("{}{}{}", m.pref, m.name, town.as_deref().unwrap_or("")),
            prefecture: m.pref.to_string(),
            municipality: m.name.clone(),
            town,
        }
    }

    /// Resolves a typed address (see the module docs); `None` when not even a municipality
    /// matched.
    pub fn geocode(&self, input: &str) -> Option<Geocoded> {
        if self.is_empty() {
            return None;
        }
        let s = fold_typed(input);
        let (pref, rest) = self.strip_prefecture(&s);
        if let Some(first) = self.municipalities_at(rest, pref) {
            // Sources repeat the municipality (「境町猿島郡境町…」) or name the right one after a
            // wrong one (「紋別市紋別郡遠軽町…」): every municipality named in a row is a
            // candidate, and a town at the start of what follows one decides.
            let pref_of = self.munis[first.0[0] as usize].pref;
            let mut candidates = vec![first];
            while candidates.len() < 3 {
                let last = candidates[candidates.len() - 1].1;
                match self.municipalities_at(last, Some(pref_of)) {
                    Some(next) => candidates.push(next),
                    None => break,
                }
            }
            let mut best: Option<(u32, TownMatch, usize)> = None;
            for (rank, (munis, rest, _)) in candidates.iter().enumerate() {
                for &m in munis {
                    let Some(t) = self.town_in(rest, m) else {
                        continue;
                    };
                    let t = self.refine_chome(rest, t);
                    let score = |t: &TownMatch, rank: usize| {
                        let e = &self.entries[t.entry as usize];
                        (
                            t.at_start,
                            t.numbered,
                            e.level == GeoLevel::Town,
                            e.key.len(),
                            usize::MAX - rank,
                        )
                    };
                    if best
                        .as_ref()
                        .is_none_or(|(_, b, r)| score(&t, rank) > score(b, *r))
                    {
                        best = Some((m, t, rank));
                    }
                }
            }
            if let Some((m, t, _)) = best {
                return Some(self.answer(Some(t.entry), m));
            }
            let (munis, rest, shown) = &candidates[0];
            if let Some(g) = munis.iter().find_map(|&m| self.stem_answer(rest, m)) {
                return Some(g);
            }
            return match munis.as_slice() {
                [m] => Some(self.answer(None, *m)),
                _ => self.group_answer(munis, shown),
            };
        }
        self.anywhere(rest, pref)
    }

    /// A town name the address data splits (「大森」 of 大森北・大森東…): the text up to its first
    /// number, when it starts the names of some towns of `muni` that lie close together (within
    /// [`STEM_SPREAD_M`] of their mean), answers at the 大字・町 level at their mean.
    fn stem_answer(&self, rest: &str, muni: u32) -> Option<Geocoded> {
        let stem: String = rest
            .chars()
            .take_while(|c| !c.is_ascii_digit() && *c != '-')
            .take(12)
            .collect();
        if stem.chars().count() < 2 {
            return None;
        }
        let found: Vec<&Entry> = self.by_muni[muni as usize]
            .iter()
            .map(|e| &self.entries[*e as usize])
            .filter(|e| e.key.starts_with(stem.as_str()))
            .collect();
        let pts: Vec<LatLng> = found.iter().map(|e| e.point).collect();
        let center = mean_point(&pts)?;
        if pts
            .iter()
            .any(|p| model::geo::haversine_m(*p, center) > STEM_SPREAD_M)
        {
            return None;
        }
        let m = &self.munis[muni as usize];
        let town = format!("{stem}（{}か所の町の中心）", found.len());
        Some(Geocoded {
            lat: center.lat,
            lng: center.lng,
            level: GeoLevel::Oaza,
            municipality_code: m.code.clone(),
            matched: format!("{}{}{stem}", m.pref, m.name),
            prefecture: m.pref.to_string(),
            municipality: m.name.clone(),
            town: Some(town),
        })
    }

    /// A designated city named without its ward: the median of its wards.
    fn group_answer(&self, munis: &[u32], shown: &str) -> Option<Geocoded> {
        let mut pts: Vec<LatLng> = munis
            .iter()
            .map(|m| self.munis[*m as usize].point)
            .collect();
        let point = median_point(&mut pts)?;
        let pref = self.munis[*munis.first()? as usize].pref;
        Some(Geocoded {
            lat: point.lat,
            lng: point.lng,
            level: GeoLevel::Municipality,
            municipality_code: None,
            matched: format!("{pref}{shown}"),
            prefecture: pref.to_string(),
            municipality: shown.to_string(),
            town: None,
        })
    }

    /// Without a municipality: the longest town name found in the text that only one
    /// municipality (of the typed prefecture, if any) has.
    fn anywhere(&self, s: &str, pref: Option<&str>) -> Option<Geocoded> {
        let starts: Vec<usize> = s.char_indices().map(|(i, _)| i).collect();
        let mut best: Option<(usize, u32, usize)> = None; // (chars, entry, end)
        for &i in &starts {
            for end in prefix_ends(&s[i..], self.longest_town_key)
                .into_iter()
                .rev()
            {
                if continues_as_municipality(&s[i + end..]) {
                    continue;
                }
                let key = &s[i..i + end];
                let Some(list) = self.towns.get(key) else {
                    continue;
                };
                let found: Vec<u32> = list
                    .iter()
                    .copied()
                    .filter(|e| {
                        pref.is_none_or(|p| {
                            self.munis[self.entries[*e as usize].muni as usize].pref == p
                        })
                    })
                    .collect();
                let one_city = found
                    .windows(2)
                    .all(|w| self.entries[w[0] as usize].muni == self.entries[w[1] as usize].muni);
                if let (Some(&e), true) = (found.first(), one_city) {
                    let chars = key.chars().count();
                    if best.is_none_or(|(c, _, _)| chars > c) {
                        best = Some((chars, e, i + end));
                    }
                }
                break;
            }
        }
        let (chars, entry, end) = best?;
        // One or two characters (「本町」, 「東」) say too little on their own, unless the
        // prefecture was given and only one of its municipalities has the name.
        if chars < 2 || (chars < 3 && pref.is_none()) {
            return None;
        }
        let muni = self.entries[entry as usize].muni;
        let t = self.refine_chome(
            s,
            TownMatch {
                entry,
                end,
                numbered: false,
                at_start: false,
            },
        );
        Some(self.answer(Some(t.entry), muni))
    }

    /// The municipality code of a prefecture and municipality name, when known.
    pub fn municipality_code(&self, prefecture: &str, name: &str) -> Option<String> {
        let key = fold(name);
        let (ms, _) = self.muni_keys.get(key.as_str())?;
        ms.iter()
            .map(|m| &self.munis[*m as usize])
            .find(|m| m.pref == prefecture)
            .and_then(|m| m.code.clone())
    }

    /// The prefecture code (2 digits) of a geocoded answer.
    pub fn prefecture_code_of(g: &Geocoded) -> Option<String> {
        prefecture_code(&g.prefecture)
    }
}
