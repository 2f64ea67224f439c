use super::codes::{add_bits, code_order, to_map};
use super::json::itoa_u64;
use super::state::State;
use super::table::{Hot, MORE_AREAS, NONE};
use model::search::Facets;
use model::taxonomy;

/// Facet dimensions (the filters whose counts are reported).
#[derive(Clone, Copy, PartialEq, Eq)]
pub(super) enum Dim {
    Category,
    Service,
    Capability,
    Scene,
    Area,
}

/// Facet counters indexed like the taxonomy tables (which have at most 64 entries each: their
/// codes are bit masks).
pub(super) struct Counts {
    pub(super) category: [u64; 64],
    pub(super) service: [u64; 64],
    pub(super) capability: [u64; 64],
    pub(super) scene: [u64; 64],
    pub(super) area: Vec<u64>,
}

impl Counts {
    pub(super) fn new(areas: usize) -> Counts {
        Counts {
            category: [0; 64],
            service: [0; 64],
            capability: [0; 64],
            scene: [0; 64],
            area: vec![0; areas],
        }
    }

    pub(super) fn add(&mut self, st: &State, ord: u32, h: &Hot, dim: Dim) {
        match dim {
            Dim::Category => self.category[h.category as usize] += 1,
            Dim::Service => add_bits(&mut self.service, h.services),
            Dim::Capability => add_bits(&mut self.capability, h.capabilities),
            Dim::Scene => {
                for (c, b) in self.scene.iter_mut().zip(&st.scenes) {
                    *c += u64::from(b.get(ord));
                }
            }
            Dim::Area => {
                if h.flags & MORE_AREAS != 0 {
                    if let Some(d) = st.docs[ord as usize].as_ref() {
                        d.areas.iter().for_each(|a| self.area[*a as usize] += 1);
                    }
                } else {
                    for a in h.areas.iter().filter(|a| **a != NONE) {
                        self.area[*a as usize] += 1;
                    }
                }
            }
        }
    }

    /// The counts as the answer's facets (codes with a count above zero).
    pub(super) fn facets(&self, st: &State) -> Facets {
        Facets {
            category: to_map(&self.category, |i| taxonomy::CATEGORIES[i].code.to_string()),
            service: to_map(&self.service, |i| {
                taxonomy::SERVICE_TYPES[i].code.to_string()
            }),
            capability: to_map(&self.capability, |i| {
                taxonomy::CAPABILITIES[i].code.to_string()
            }),
            area: to_map(&self.area, |i| st.area_ids[i].clone()),
            scene: to_map(&self.scene, |i| taxonomy::SCENES[i].code.to_string()),
        }
    }

    /// Writes the facets as JSON, byte for byte what serde writes for [`Counts::facets`]
    /// (codes in byte order), without building the maps.
    pub(super) fn write_json(&self, st: &State, out: &mut Vec<u8>) {
        let dims: [(&str, &[u64], &[u32]); 5] = [
            ("category", &self.category, &code_order().categories),
            ("service", &self.service, &code_order().services),
            ("capability", &self.capability, &code_order().capabilities),
            ("area", &self.area, &st.area_order),
            ("scene", &self.scene, &code_order().scenes),
        ];
        out.push(b'{');
        for (n, (name, counts, order)) in dims.into_iter().enumerate() {
            if n > 0 {
                out.push(b',');
            }
            out.push(b'"');
            out.extend_from_slice(name.as_bytes());
            out.extend_from_slice(b"\":{");
            let mut first = true;
            for &i in order {
                let c = counts.get(i as usize).copied().unwrap_or(0);
                if c == 0 {
                    continue;
                }
                if !first {
                    out.push(b',');
                }
                first = false;
                let code: &str = match name {
                    "category" => taxonomy::CATEGORIES[i as usize].code,
                    "service" => taxonomy::SERVICE_TYPES[i as usize].code,
                    "capability" => taxonomy::CAPABILITIES[i as usize].code,
                    "scene" => taxonomy::SCENES[i as usize].code,
                    _ => &st.area_ids[i as usize],
                };
                // Writing a string into a Vec cannot fail.
                let _ = serde_json::to_writer(&mut *out, code);
                out.push(b':');
                out.extend_from_slice(itoa_u64(c, &mut [0u8; 20]));
            }
            out.push(b'}');
        }
        out.push(b'}');
    }
}
