//! Places whose name continues what was typed (the "near a place" box).

use super::Geocoder;
use super::normalize::fold_typed;
use model::geocode::{Geocoded, Suggestion};

impl Geocoder {
    /// Up to `limit` places whose full name continues what was typed: towns of the typed
    /// municipality, or municipalities and towns anywhere.
    pub fn suggest(&self, input: &str, limit: usize) -> Vec<Suggestion> {
        let s = fold_typed(input);
        if self.is_empty() || s.is_empty() || limit == 0 {
            return Vec::new();
        }
        let (pref, rest) = self.strip_prefecture(&s);
        let mut out: Vec<Suggestion> = Vec::new();
        let push = |out: &mut Vec<Suggestion>, g: Geocoded| {
            if out.len() < limit && !out.iter().any(|o| o.label == g.matched) {
                out.push(Suggestion {
                    label: g.matched,
                    level: g.level,
                    lat: g.lat,
                    lng: g.lng,
                });
            }
        };
        if let Some((munis, rest, _)) = self.municipalities_at(rest, pref) {
            if rest.is_empty() && munis.len() == 1 {
                push(&mut out, self.answer(None, munis[0]));
            }
            let mut found: Vec<(usize, u32)> = Vec::new();
            for &m in &munis {
                for &e in &self.by_muni[m as usize] {
                    let key = &self.entries[e as usize].key;
                    if key.starts_with(rest) {
                        found.push((key.len(), e));
                    }
                }
            }
            found.sort_unstable();
            for (_, e) in found {
                let muni = self.entries[e as usize].muni;
                push(&mut out, self.answer(Some(e), muni));
            }
            return out;
        }
        // Municipalities whose name starts with the text.
        let mut munis: Vec<(&str, u32)> = self
            .muni_keys
            .iter()
            .filter(|(k, _)| k.starts_with(rest))
            .flat_map(|(k, (ms, _))| ms.iter().map(move |m| (k.as_ref(), *m)))
            .filter(|(_, m)| pref.is_none_or(|p| self.munis[*m as usize].pref == p))
            .collect();
        munis.sort_unstable_by_key(|(k, m)| (k.len(), *m));
        for (_, m) in munis {
            push(&mut out, self.answer(None, m));
        }
        // Towns whose name starts with the text.
        let from = self.sorted.partition_point(|(k, _)| k.as_ref() < rest);
        let mut towns: Vec<(usize, u32)> = self.sorted[from..]
            .iter()
            .take_while(|(k, _)| k.starts_with(rest))
            .filter(|(_, e)| {
                pref.is_none_or(|p| self.munis[self.entries[*e as usize].muni as usize].pref == p)
            })
            .map(|(k, e)| (k.len(), *e))
            .take(2_000)
            .collect();
        towns.sort_unstable();
        for (_, e) in towns {
            let muni = self.entries[e as usize].muni;
            push(&mut out, self.answer(Some(e), muni));
        }
        out
    }
}
