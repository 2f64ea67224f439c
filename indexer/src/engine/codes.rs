use model::taxonomy;
use std::collections::BTreeMap;

pub(super) fn index_of<T>(table: &[T], pred: impl Fn(&T) -> bool) -> Option<usize> {
    table.iter().position(pred)
}

pub(super) fn category_index(code: &str) -> Option<usize> {
    index_of(taxonomy::CATEGORIES, |c| c.code == code)
}

pub(super) fn service_index(code: &str) -> Option<usize> {
    index_of(taxonomy::SERVICE_TYPES, |s| s.code == code)
}

pub(super) fn capability_index(code: &str) -> Option<usize> {
    index_of(taxonomy::CAPABILITIES, |c| c.code == code)
}

/// Indices of the taxonomy tables in the byte order of their codes (the order of the answer's
/// facet maps).
pub(super) struct CodeOrder {
    pub(super) categories: Vec<u32>,
    pub(super) services: Vec<u32>,
    pub(super) capabilities: Vec<u32>,
    pub(super) scenes: Vec<u32>,
}

pub(super) fn code_order() -> &'static CodeOrder {
    static ORDER: std::sync::OnceLock<CodeOrder> = std::sync::OnceLock::new();
    ORDER.get_or_init(|| {
        let by_code = |codes: Vec<&'static str>| {
            let mut v: Vec<u32> = (0..codes.len() as u32).collect();
            v.sort_by_key(|i| codes[*i as usize]);
            v
        };
        CodeOrder {
            categories: by_code(taxonomy::CATEGORIES.iter().map(|c| c.code).collect()),
            services: by_code(taxonomy::SERVICE_TYPES.iter().map(|c| c.code).collect()),
            capabilities: by_code(taxonomy::CAPABILITIES.iter().map(|c| c.code).collect()),
            scenes: by_code(taxonomy::SCENES.iter().map(|c| c.code).collect()),
        }
    })
}

pub(super) fn bits(indices: impl Iterator<Item = usize>) -> u64 {
    indices.fold(0u64, |acc, i| acc | (1u64 << i))
}

pub(super) fn add_bits(counts: &mut [u64], mut b: u64) {
    while b != 0 {
        counts[b.trailing_zeros() as usize] += 1;
        b &= b - 1;
    }
}

pub(super) fn to_map(counts: &[u64], code: impl Fn(usize) -> String) -> BTreeMap<String, u64> {
    counts
        .iter()
        .enumerate()
        .filter(|(_, n)| **n > 0)
        .map(|(i, n)| (code(i), *n))
        .collect()
}

pub(super) fn scene_index(code: &str) -> Option<usize> {
    index_of(taxonomy::SCENES, |s| s.code == code)
}

/// A scene's rule as masks over the taxonomy tables' indices (0: no condition for categories
/// and services; the capabilities all of).
struct SceneMasks {
    categories: u64,
    services: u64,
    capabilities: u64,
}

/// Every scene's rules as masks, indexed like [`taxonomy::SCENES`].
fn scene_masks() -> &'static [Vec<SceneMasks>] {
    static MASKS: std::sync::OnceLock<Vec<Vec<SceneMasks>>> = std::sync::OnceLock::new();
    MASKS.get_or_init(|| {
        taxonomy::SCENES
            .iter()
            .map(|s| {
                s.rules
                    .iter()
                    .map(|r| SceneMasks {
                        categories: bits(r.categories.iter().filter_map(|c| category_index(c))),
                        services: bits(r.services.iter().filter_map(|c| service_index(c))),
                        capabilities: bits(
                            r.capabilities.iter().filter_map(|c| capability_index(c)),
                        ),
                    })
                    .collect()
            })
            .collect()
    })
}

/// The scenes a listing serves, as a mask over [`taxonomy::SCENES`]: derived from its category,
/// service types and capabilities (never stored), by [`taxonomy::SceneRule::matches`]'s rule.
pub(super) fn scene_bits(category: u8, services: u64, capabilities: u64) -> u64 {
    let mut out = 0u64;
    for (i, rules) in scene_masks().iter().enumerate() {
        let serves = rules.iter().any(|r| {
            (r.categories == 0 || r.categories & (1 << category) != 0)
                && (r.services == 0 || r.services & services != 0)
                && r.capabilities & capabilities == r.capabilities
        });
        if serves {
            out |= 1 << i;
        }
    }
    out
}
