//! Relevance order against a brute-force scorer written from the definition (the module
//! documentation of the engine's `rank`): every listing scored from its fields, sorted, paged.
//! The engine's fast paths (levels walked from the best down, or every match scored) must give
//! exactly these pages and scores, on the sample and on the real national files.

use crate::helpers::{real_data_dir, same_under_every_planner, sample_engine, sample_facilities};
use indexer::engine::Engine;
use indexer::text::{FIELD_SEPARATOR, analysis::normalize, label_texts, memory_text, query_words};
use model::Facility;
use model::facility::LifecycleStatus;
use model::taxonomy;
use unicode_normalization::UnicodeNormalization;

/// One listing as the reference sees it.
struct Row {
    id: String,
    active: bool,
    /// Normalised fields: name, kana, aliases, description, address.
    fields: Vec<String>,
    /// Normalised label texts of its category, service types and capabilities.
    labels: Vec<String>,
    /// Kana order key (the published reading, NFKC, trimmed; then the id).
    name_key: (String, String),
}

/// The directory as the reference sees it.
pub struct Reference {
    rows: Vec<Row>,
}

impl Reference {
    pub fn new(facilities: &[Facility]) -> Reference {
        let texts = label_texts();
        let rows = facilities
            .iter()
            .map(|f| {
                let mut labels = Vec::new();
                let cat = taxonomy::CATEGORIES
                    .iter()
                    .position(|c| c.code == f.category);
                labels.extend(cat.map(|i| texts.categories[i].clone()));
                for s in &f.services {
                    let i = taxonomy::SERVICE_TYPES.iter().position(|t| t.code == s);
                    labels.extend(i.map(|i| texts.services[i].clone()));
                }
                for c in f.capability_codes() {
                    let i = taxonomy::CAPABILITIES.iter().position(|t| t.code == c);
                    labels.extend(i.map(|i| texts.capabilities[i].clone()));
                }
                Row {
                    id: f.id.0.clone(),
                    active: f.status == LifecycleStatus::Active,
                    fields: memory_text(f)
                        .split(FIELD_SEPARATOR)
                        .map(str::to_string)
                        .collect(),
                    labels,
                    name_key: (
                        f.name_kana.as_deref().unwrap_or("").trim().nfkc().collect(),
                        f.id.0.clone(),
                    ),
                }
            })
            .collect();
        Reference { rows }
    }

    /// The planner's estimate of a word's matches: the listings holding its rarest pair of
    /// characters inside one word of a field (every listing holding the character, for one
    /// character), plus, per label holding it, the listings with that label.
    fn frequency(&self, w: &str) -> usize {
        let chars: Vec<char> = w.chars().collect();
        let holds = |r: &Row, piece: &str| {
            r.fields
                .iter()
                .flat_map(|f| f.split(' '))
                .any(|t| t.contains(piece))
        };
        let own = if chars.len() == 1 {
            self.rows.iter().filter(|r| holds(r, w)).count()
        } else {
            chars
                .windows(2)
                .map(|p| {
                    let pair: String = p.iter().collect();
                    self.rows.iter().filter(|r| holds(r, &pair)).count()
                })
                .min()
                .unwrap_or(0)
        };
        let labels: usize = self
            .rows
            .iter()
            .map(|r| r.labels.iter().filter(|l| l.contains(w)).count())
            .sum();
        own + labels
    }

    /// A word's weight in a listing: where it occurs (name 3, kana or alias 2, other text or a
    /// label 1; +0.5 as a whole word, +0.25 at a word's start), the best place counting.
    fn weight(r: &Row, w: &str) -> f64 {
        let kind = |text: &str| {
            text.split(' ')
                .map(|t| {
                    if t == w {
                        0.5
                    } else if t.starts_with(w) {
                        0.25
                    } else if t.contains(w) {
                        0.0
                    } else {
                        -1.0
                    }
                })
                .fold(-1.0f64, f64::max)
        };
        let groups = [3.0, 2.0, 2.0, 1.0, 1.0];
        let mut best = 0.0f64;
        for (field, group) in r.fields.iter().zip(groups) {
            let k = kind(field);
            if k >= 0.0 {
                best = best.max(group + k);
            }
        }
        for l in &r.labels {
            let k = kind(l);
            if k >= 0.0 {
                best = best.max(1.0 + k);
            }
        }
        best
    }

    /// Active listings holding every word of `text`, best first, then in kana order: the
    /// total and the ids and scores of page `page` of `per_page`.
    pub fn page(&self, text: &str, page: usize, per_page: usize) -> (u64, Vec<(String, f32)>) {
        let words = query_words(text);
        let n = self.rows.len() as f64;
        let idf: Vec<f64> = words
            .iter()
            .map(|w| {
                let df = (self.frequency(w) as f64).min(n);
                (1.0 + (n - df + 0.5) / (df + 0.5)).ln()
            })
            .collect();
        let mut hits: Vec<(f32, &Row)> = self
            .rows
            .iter()
            .filter(|r| r.active)
            .filter_map(|r| {
                let mut s = 0.0f64;
                for (w, idf) in words.iter().zip(&idf) {
                    let wt = Self::weight(r, w);
                    if wt == 0.0 {
                        return None;
                    }
                    s += idf * wt;
                }
                Some((s as f32, r))
            })
            .collect();
        hits.sort_by(|a, b| {
            b.0.total_cmp(&a.0)
                .then_with(|| a.1.name_key.cmp(&b.1.name_key))
        });
        let total = hits.len() as u64;
        let page = hits
            .into_iter()
            .skip((page - 1) * per_page)
            .take(per_page)
            .map(|(s, r)| (r.id.clone(), s))
            .collect();
        (total, page)
    }
}

/// Checks page `page` of `text` ranked by relevance under every planner strategy against the
/// reference.
fn check(engine: &Engine, reference: &Reference, text: &str, page: usize, per_page: usize) {
    let case = serde_json::json!({"text": text, "page": page, "per_page": per_page});
    let got = same_under_every_planner(engine, &case);
    let (total, want) = reference.page(text, page, per_page);
    assert_eq!(got.total, total, "{text:?}: total");
    let got: Vec<(String, f32)> = got
        .hits
        .into_iter()
        .map(|h| (h.id.0, h.score.unwrap()))
        .collect();
    assert_eq!(got, want, "{text:?} page {page}");
}

#[tokio::test]
async fn ranked_pages_equal_the_reference_on_the_sample() {
    let (_dir, engine) = sample_engine().await;
    let reference = Reference::new(&sample_facilities());
    for text in [
        "内科",
        "ホウモン",
        "訪問看護",
        "訪問 看護",
        "ケア",
        "さくら",
        "デイ",
        "本町",
        "科",
        "二丁目",
        "認知症",
        "24時間",
        "ｸﾘﾆｯｸ",
        "居宅介護支援",
        "看取り 訪問",
        "つくば 訪問 ステーション",
    ] {
        for (page, per_page) in [(1, 20), (2, 7), (1, 200)] {
            check(&engine, &reference, text, page, per_page);
        }
    }
}

#[tokio::test]
async fn a_name_match_ranks_above_a_label_match() {
    let (_dir, engine) = sample_engine().await;
    // 訪問看護 is a service label: stations named so come before those that only offer it.
    let q: model::SearchQuery =
        serde_json::from_value(serde_json::json!({"text": "訪問看護", "per_page": 200})).unwrap();
    let r = engine.search(&q).unwrap();
    let named: Vec<bool> = r
        .hits
        .iter()
        .map(|h| normalize(&h.name).contains("訪問看護"))
        .collect();
    assert!(
        named.iter().any(|n| *n) && named.iter().any(|n| !n),
        "{named:?}"
    );
    let first_unnamed = named.iter().position(|n| !n).unwrap();
    assert!(named[first_unnamed..].iter().all(|n| !n), "{named:?}");
    // Scores descend.
    let scores: Vec<f32> = r.hits.iter().map(|h| h.score.unwrap()).collect();
    assert!(scores.windows(2).all(|w| w[0] >= w[1]), "{scores:?}");
}

#[tokio::test]
async fn ranked_pages_equal_the_reference_on_the_real_files() {
    let dir = tempfile::tempdir().unwrap();
    let engine = Engine::open(&crate::helpers::settings(&dir).await)
        .await
        .unwrap();
    let mut all = Vec::new();
    for file in ["kaigo_130_houmonkango.csv", "kaigo_430_kyotaku.csv"] {
        let rows = indexer::import::mhlw::parse_mhlw_file(&real_data_dir().join(file)).unwrap();
        engine.upsert(rows.clone()).await.unwrap();
        all.extend(rows);
    }
    let reference = Reference::new(&all);
    // Frequent words (tens of thousands of matches: the levels are walked), rare ones, two and
    // three words, one character.
    for text in [
        "介護",
        "訪問看護",
        "ケア",
        "ステーシ",
        "さくら",
        "ひまわり",
        "居宅 介護",
        "訪問 看護 さくら",
        "みどり",
        "大阪",
        "会",
        "ケアプランセンター",
    ] {
        check(&engine, &reference, text, 1, 20);
        check(&engine, &reference, text, 3, 20);
    }
}
