//! The tantivy full-text index over facilities.
//!
//! Searchable fields are name, kana, aliases, description and address, all analysed into bigrams
//! (see [`analysis`]; a word of one character is a term of its own) and indexed with their
//! frequencies but without positions. The engine answers every query word from its own pair
//! lists over the listings' text and confirms each candidate with a substring search
//! (`grams.rs`), so no query reads positions: storing them made the national import's text
//! indexing a tenth slower for nothing. A word's match here is therefore every listing with each
//! of the word's pairs in one field, which includes every listing containing the word, and a
//! character's the listings with a term that holds it (see [`TextIndex::parse`]). There is no
//! field of single characters: its terms were two fifths of all the national import's, for
//! queries the pair lists answer too. Taxonomy
//! labels (service types, capabilities, categories) are the same for thousands of facilities, so
//! they are not indexed per document: the engine looks a word up in [`label_texts`] and ORs the
//! bitsets of the matching codes. Each document
//! also carries its facility's ordinal (`ord`, the key of the in-memory table and the store) and
//! the store's change sequence (`seq`) as fast fields; nothing else is stored, so the index stays
//! small and the store remains the one source of truth.

pub mod analysis;
pub mod bulk;
pub mod grams;

use crate::error::{Error, Result};
use analysis::{BigramTokenizer, bigrams, normalize};
use model::{Facility, taxonomy};
use parking_lot::Mutex;
use std::collections::HashMap;
use std::path::Path;
use tantivy::collector::{Collector, SegmentCollector};
use tantivy::query::{BooleanQuery, BoostQuery, Occur, Query, RegexQuery, TermQuery};
use tantivy::schema::{
    FAST, Field, INDEXED, IndexRecordOption, NumericOptions, Schema, TextFieldIndexing, TextOptions,
};
use tantivy::{
    DocId, Index, IndexReader, IndexWriter, ReloadPolicy, Score, SegmentReader, TantivyDocument,
    Term,
};

const BIGRAM: &str = "cm_bigram";

/// Schema fields.
#[derive(Clone, Copy)]
struct Fields {
    ord: Field,
    seq: Field,
    name: Field,
    kana: Field,
    aliases: Field,
    description: Field,
    address: Field,
}

/// Searchable fields with their boosts; the name counts most.
const FIELD_BOOSTS: [(&str, f32); 5] = [
    ("name", 3.0),
    ("kana", 2.0),
    ("aliases", 2.0),
    ("description", 1.0),
    ("address", 1.0),
];

fn schema() -> (Schema, Fields) {
    let mut b = Schema::builder();
    let ord = b.add_u64_field("ord", NumericOptions::default() | INDEXED | FAST);
    let seq = b.add_i64_field("seq", FAST);
    // Frequencies (for BM25) but no positions: see the module's comment.
    let text = TextOptions::default().set_indexing_options(
        TextFieldIndexing::default()
            .set_tokenizer(BIGRAM)
            .set_index_option(IndexRecordOption::WithFreqs),
    );
    let name = b.add_text_field("name", text.clone());
    let kana = b.add_text_field("kana", text.clone());
    let aliases = b.add_text_field("aliases", text.clone());
    let description = b.add_text_field("description", text.clone());
    let address = b.add_text_field("address", text);
    (
        b.build(),
        Fields {
            ord,
            seq,
            name,
            kana,
            aliases,
            description,
            address,
        },
    )
}

/// Normalised label text of each category, service type and capability (labels and aliases
/// joined by spaces): a query word occurring in one of them matches every facility with that code.
pub struct LabelTexts {
    /// Per category, in taxonomy order.
    pub categories: Vec<String>,
    /// Per service type, in taxonomy order.
    pub services: Vec<String>,
    /// Per capability, in taxonomy order.
    pub capabilities: Vec<String>,
}

/// The label texts, computed once.
pub fn label_texts() -> &'static LabelTexts {
    static LABELS: std::sync::OnceLock<LabelTexts> = std::sync::OnceLock::new();
    LABELS.get_or_init(|| LabelTexts {
        categories: taxonomy::CATEGORIES
            .iter()
            .map(|c| normalize(c.label))
            .collect(),
        services: taxonomy::SERVICE_TYPES
            .iter()
            .map(|s| {
                let mut parts = vec![s.label];
                parts.extend(s.aliases.iter().copied());
                normalize(&parts.join(" "))
            })
            .collect(),
        capabilities: taxonomy::CAPABILITIES
            .iter()
            .map(|c| normalize(c.label))
            .collect(),
    })
}

/// Splits a query into normalised words (what [`TextIndex::parse`] makes its clauses of).
pub fn query_words(text: &str) -> Vec<String> {
    normalize(text)
        .split(' ')
        .filter(|w| !w.is_empty())
        .map(str::to_string)
        .collect()
}

/// Separator between fields in [`memory_text`]; [`normalize`] never emits it.
pub const FIELD_SEPARATOR: char = '\u{1}';

/// The description when anonymous visitors may read it (hidden text must not be findable).
fn public_description(f: &Facility) -> &str {
    match f.visibility_of(model::facility::FieldGroup::Description) {
        model::facility::Visibility::Public => f.description.as_deref().unwrap_or(""),
        model::facility::Visibility::Professional => "",
    }
}

/// The searchable text of a facility except its taxonomy labels, normalised, fields joined by
/// [`FIELD_SEPARATOR`]. A query word matches a listing when it occurs in one field of it: what
/// the engine's pair lists answer (`grams::lookup`), and what it checks in memory for small
/// candidate sets.
pub fn memory_text(f: &Facility) -> String {
    TextDoc::from_facility(0, 0, f).memory_text()
}

/// The text of a facility as it is indexed (already normalised). Taxonomy labels are not
/// indexed: the engine matches them against the label table and ORs the per-code bitsets.
pub struct TextDoc {
    ord: u32,
    seq: i64,
    name: String,
    kana: String,
    aliases: String,
    description: String,
    address: String,
}

impl TextDoc {
    /// Extracts and normalises the searchable text of a facility.
    pub fn from_facility(ord: u32, seq: i64, f: &Facility) -> TextDoc {
        TextSource::of(ord, seq, f).normalized()
    }

    /// The same text as [`memory_text`] gives, from the fields normalised here.
    pub fn memory_text(&self) -> String {
        let fields = [
            &self.name,
            &self.kana,
            &self.aliases,
            &self.description,
            &self.address,
        ];
        let mut out = String::with_capacity(fields.iter().map(|f| f.len() + 1).sum());
        for (i, f) in fields.into_iter().enumerate() {
            if i > 0 {
                out.push(FIELD_SEPARATOR);
            }
            out.push_str(f);
        }
        out
    }
}

/// The searchable text of a facility as it stands, not yet normalised (the fields of a
/// [`TextDoc`] before [`TextSource::normalized`]): what a bulk write hands to the indexing
/// thread instead of a copy of the whole record.
pub struct TextSource(TextDoc);

impl TextSource {
    /// The facility's searchable fields (the description only where it is public).
    pub fn of(ord: u32, seq: i64, f: &Facility) -> TextSource {
        TextSource(TextDoc {
            ord,
            seq,
            name: f.name.clone(),
            kana: f.name_kana.clone().unwrap_or_default(),
            aliases: f.aliases.join(" "),
            description: public_description(f).to_string(),
            address: f.address.one_line(),
        })
    }

    /// The text as indexed.
    pub fn normalized(self) -> TextDoc {
        let d = self.0;
        TextDoc {
            name: normalize(&d.name),
            kana: normalize(&d.kana),
            aliases: normalize(&d.aliases),
            description: normalize(&d.description),
            address: normalize(&d.address),
            ..d
        }
    }
}

/// Full-text index: one writer at a time (tantivy's lock), readers reloaded after each commit.
pub struct TextIndex {
    index: Index,
    reader: IndexReader,
    /// The writer, once opened, and how many indexing threads it has.
    writer: Mutex<Option<(IndexWriter, usize)>>,
    fields: Fields,
    writer_heap_bytes: usize,
}

impl TextIndex {
    /// Opens the index in `dir`, creating an empty one when the folder holds none.
    pub fn open_or_create(dir: &Path) -> Result<TextIndex> {
        std::fs::create_dir_all(dir).map_err(Error::io(format!("creating {}", dir.display())))?;
        let (schema, fields) = schema();
        let mmap =
            tantivy::directory::MmapDirectory::open(dir).map_err(|e| Error::Text(e.into()))?;
        let index = match Index::open_or_create(mmap, schema.clone()) {
            Ok(index) => index,
            Err(e) => {
                // An index of an older schema (or a damaged one) is rebuilt from the store.
                tracing::warn!(error = %e, dir = %dir.display(), "recreating the text index");
                std::fs::remove_dir_all(dir)
                    .map_err(Error::io(format!("removing {}", dir.display())))?;
                std::fs::create_dir_all(dir)
                    .map_err(Error::io(format!("creating {}", dir.display())))?;
                let mmap = tantivy::directory::MmapDirectory::open(dir)
                    .map_err(|e| Error::Text(e.into()))?;
                Index::create(mmap, schema, tantivy::IndexSettings::default())?
            }
        };
        Self::with_index(index, fields)
    }

    /// Creates an index in memory (tests).
    pub fn in_memory() -> Result<TextIndex> {
        let (schema, fields) = schema();
        Self::with_index(Index::create_in_ram(schema), fields)
    }

    fn with_index(index: Index, fields: Fields) -> Result<TextIndex> {
        index.tokenizers().register(BIGRAM, BigramTokenizer);
        let reader = index
            .reader_builder()
            .reload_policy(ReloadPolicy::Manual)
            .try_into()?;
        Ok(TextIndex {
            index,
            reader,
            writer: Mutex::new(None),
            fields,
            writer_heap_bytes: 64_000_000,
        })
    }

    fn to_document(&self, d: &TextDoc) -> TantivyDocument {
        let f = &self.fields;
        let mut doc = TantivyDocument::default();
        doc.add_u64(f.ord, u64::from(d.ord));
        doc.add_i64(f.seq, d.seq);
        doc.add_text(f.name, &d.name);
        doc.add_text(f.kana, &d.kana);
        doc.add_text(f.aliases, &d.aliases);
        doc.add_text(f.description, &d.description);
        doc.add_text(f.address, &d.address);
        doc
    }

    fn with_writer<T>(
        &self,
        threads: usize,
        f: impl FnOnce(&mut IndexWriter) -> Result<T>,
    ) -> Result<T> {
        let mut guard = self.writer.lock();
        if guard.as_ref().is_some_and(|(_, t)| *t < threads) {
            // A bulk write wants more threads than the writer has: open it again.
            if let Some((w, _)) = guard.take() {
                w.wait_merging_threads()?;
            }
        }
        if guard.is_none() {
            // The budget is a flush threshold, not an allocation: a thread's memory grows
            // with what it indexes until a segment is written.
            let heap = self.writer_heap_bytes * threads;
            let w = self
                .index
                .writer_with_num_threads(threads, heap)
                .map_err(|e| match e {
                    tantivy::TantivyError::LockFailure(..) => {
                        Error::Locked(format!("{:?}", self.index.directory()))
                    }
                    e => Error::Text(e),
                })?;
            *guard = Some((w, threads));
        }
        match guard.as_mut() {
            Some((w, _)) => f(w),
            None => Err(Error::Text(tantivy::TantivyError::SystemError(
                "no index writer".into(),
            ))),
        }
    }

    /// Replaces the documents of the given ordinals and deletes `deleted`, then commits and
    /// reloads the reader so the next search sees the change.
    pub fn apply(&self, upserts: &[TextDoc], deleted: &[u32]) -> Result<()> {
        let threads = if upserts.len() > 10_000 { 2 } else { 1 };
        self.with_writer(threads, |w| {
            for ord in deleted.iter().chain(upserts.iter().map(|d| &d.ord)) {
                w.delete_term(Term::from_field_u64(self.fields.ord, u64::from(*ord)));
            }
            for d in upserts {
                w.add_document(self.to_document(d))?;
            }
            w.commit()?;
            Ok(())
        })?;
        self.reader.reload()?;
        Ok(())
    }

    /// Deletes every document (before a full rebuild into the same folder).
    pub fn clear(&self) -> Result<()> {
        self.with_writer(1, |w| {
            w.delete_all_documents()?;
            w.commit()?;
            Ok(())
        })?;
        self.reader.reload()?;
        Ok(())
    }

    /// Releases the writer (and its lock) so another process may write.
    pub fn release_writer(&self) -> Result<()> {
        if let Some((w, _)) = self.writer.lock().take() {
            w.wait_merging_threads()?;
        }
        Ok(())
    }

    /// Calls `f` with the ordinal and change sequence of every live document.
    fn for_each_live(&self, mut f: impl FnMut(u32, i64)) -> Result<()> {
        let searcher = self.reader.searcher();
        for seg in searcher.segment_readers() {
            let ords = seg.fast_fields().u64("ord")?;
            let seqs = seg.fast_fields().i64("seq")?;
            let alive = seg.alive_bitset();
            for doc in 0..seg.max_doc() {
                if alive.is_some_and(|a| a.is_deleted(doc)) {
                    continue;
                }
                if let (Some(o), Some(s)) = (ords.first(doc), seqs.first(doc)) {
                    f(o as u32, s);
                }
            }
        }
        Ok(())
    }

    /// The (ordinal → change sequence) of every live document, used to reconcile with the store.
    pub fn indexed_seqs(&self) -> Result<HashMap<u32, i64>> {
        let mut out = HashMap::new();
        self.for_each_live(|o, s| {
            out.insert(o, s);
        })?;
        Ok(out)
    }

    /// The [`crate::store::RowSummary`] of the live documents (compared with the store's and
    /// the engine's at open, instead of listing every document).
    pub fn summary(&self) -> Result<crate::store::RowSummary> {
        let mut out = crate::store::RowSummary::default();
        self.for_each_live(|o, s| out.add(o, s))?;
        Ok(out)
    }

    /// Number of live documents.
    pub fn num_docs(&self) -> u64 {
        self.reader.searcher().num_docs()
    }

    /// Builds the query for user text: every whitespace-separated word must match. A word of
    /// one character matches the listings with a term that holds it (it, or a pair with it on
    /// either side: the listings that contain it); a longer word the listings with each
    /// of its character pairs in one searchable field — every listing that contains the word, and
    /// rarely one that has its pairs apart (「あいうあ」 in 「あいう うあ」), which the caller
    /// drops with the text, as `grams::lookup` does. Returns None when the text has no word.
    pub fn parse(&self, text: &str) -> Option<Box<dyn Query>> {
        let normalized = normalize(text);
        let words: Vec<&str> = normalized.split(' ').filter(|w| !w.is_empty()).collect();
        if words.is_empty() {
            return None;
        }
        let f = &self.fields;
        let by_name = |n: &str| match n {
            "name" => f.name,
            "kana" => f.kana,
            "aliases" => f.aliases,
            "description" => f.description,
            _ => f.address,
        };
        let mut musts: Vec<(Occur, Box<dyn Query>)> = Vec::new();
        for word in words {
            let mut chars = word.chars();
            if let (Some(c), None) = (chars.next(), chars.next()) {
                // Terms are one or two characters: the character, or a pair holding it. The
                // character goes in as a hex escape, so the pattern always compiles.
                let c = format!("\\x{{{:X}}}", u32::from(c));
                let pattern = format!("{c}.?|.{c}");
                let mut shoulds: Vec<(Occur, Box<dyn Query>)> = Vec::new();
                for (field_name, _) in FIELD_BOOSTS {
                    if let Ok(q) = RegexQuery::from_pattern(&pattern, by_name(field_name)) {
                        shoulds.push((Occur::Should, Box::new(q)));
                    }
                }
                musts.push((Occur::Must, Box::new(BooleanQuery::new(shoulds))));
                continue;
            }
            let mut grams: Vec<String> = bigrams(word).into_iter().map(|(_, g)| g).collect();
            grams.sort_unstable();
            grams.dedup();
            let mut shoulds: Vec<(Occur, Box<dyn Query>)> = Vec::new();
            for (field_name, boost) in FIELD_BOOSTS {
                let field = by_name(field_name);
                let term = |g: &String| -> Box<dyn Query> {
                    let t = Term::from_field_text(field, g);
                    Box::new(TermQuery::new(t, IndexRecordOption::WithFreqs))
                };
                let q: Box<dyn Query> = match grams.as_slice() {
                    [one] => term(one),
                    all => Box::new(BooleanQuery::new(
                        all.iter().map(|g| (Occur::Must, term(g))).collect(),
                    )),
                };
                shoulds.push((Occur::Should, Box::new(BoostQuery::new(q, boost))));
            }
            musts.push((Occur::Must, Box::new(BooleanQuery::new(shoulds))));
        }
        Some(Box::new(BooleanQuery::new(musts)))
    }

    /// All documents matching `text` ([`TextIndex::parse`]), as (ordinal, score) in no
    /// particular order. With
    /// `scoring` false the scores are 0 and matching is faster.
    pub fn search(&self, text: &str, scoring: bool) -> Result<Vec<(u32, f32)>> {
        let Some(query) = self.parse(text) else {
            return Ok(Vec::new());
        };
        let searcher = self.reader.searcher();
        Ok(searcher.search(&*query, &OrdCollector { scoring })?)
    }
}

/// Collects (ordinal, score) of every match.
struct OrdCollector {
    scoring: bool,
}

struct OrdSegmentCollector {
    ords: std::sync::Arc<dyn tantivy::columnar::ColumnValues<u64>>,
    out: Vec<(u32, f32)>,
}

impl Collector for OrdCollector {
    type Fruit = Vec<(u32, f32)>;
    type Child = OrdSegmentCollector;

    fn for_segment(&self, _: u32, segment: &SegmentReader) -> tantivy::Result<OrdSegmentCollector> {
        let ords = segment
            .fast_fields()
            .u64("ord")?
            .first_or_default_col(u64::MAX);
        Ok(OrdSegmentCollector {
            ords,
            out: Vec::new(),
        })
    }

    fn requires_scoring(&self) -> bool {
        self.scoring
    }

    fn merge_fruits(&self, fruits: Vec<Vec<(u32, f32)>>) -> tantivy::Result<Vec<(u32, f32)>> {
        let mut all = Vec::with_capacity(fruits.iter().map(Vec::len).sum());
        for f in fruits {
            all.extend(f);
        }
        Ok(all)
    }
}

impl SegmentCollector for OrdSegmentCollector {
    type Fruit = Vec<(u32, f32)>;

    fn collect(&mut self, doc: DocId, score: Score) {
        self.out.push((self.ords.get_val(doc) as u32, score));
    }

    fn collect_block(&mut self, docs: &[DocId]) {
        for d in docs {
            self.out.push((self.ords.get_val(*d) as u32, 0.0));
        }
    }

    fn harvest(self) -> Vec<(u32, f32)> {
        self.out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn facility(id: &str, name: &str, kana: &str) -> Facility {
        serde_json::from_value(serde_json::json!({
            "id": id, "name": name, "name_kana": kana, "category": "medical", "services": ["visiting_nursing"],
            "address": {"prefecture": "東京都", "city": "港区", "street": "芝公園4-2-8"}
        }))
        .unwrap()
    }

    fn index(docs: &[Facility]) -> TextIndex {
        let t = TextIndex::in_memory().unwrap();
        let text: Vec<TextDoc> = docs
            .iter()
            .enumerate()
            .map(|(i, f)| TextDoc::from_facility(i as u32, 1, f))
            .collect();
        t.apply(&text, &[]).unwrap();
        t
    }

    fn ords(t: &TextIndex, q: &str) -> Vec<u32> {
        let mut v: Vec<u32> = t
            .search(q, true)
            .unwrap()
            .into_iter()
            .map(|(o, _)| o)
            .collect();
        v.sort_unstable();
        v
    }

    #[test]
    fn japanese_variants_match() {
        let t = index(&[
            facility(
                "a",
                "ひまわり訪問看護ステーション",
                "ヒマワリホウモンカンゴステーション",
            ),
            facility("b", "ABC内科クリニック", "エービーシーナイカクリニック"),
            facility(
                "c",
                "三軒茶屋ケアプランセンター",
                "サンゲンジャヤケアプランセンター",
            ),
        ]);
        assert_eq!(ords(&t, "ホウモンカンゴ"), vec![0]);
        assert_eq!(ords(&t, "ほうもんかんご"), vec![0]);
        assert_eq!(ords(&t, "ﾎｳﾓﾝｶﾝｺﾞ"), vec![0]);
        assert_eq!(ords(&t, "ＡＢＣ"), vec![1]);
        assert_eq!(ords(&t, "abc"), vec![1]);
        assert_eq!(ords(&t, "内科"), vec![1]);
        assert_eq!(ords(&t, "茶屋"), vec![2]);
        // Taxonomy labels are not in the index (the engine ORs label bitsets): only the name.
        assert_eq!(ords(&t, "訪問看護"), vec![0]);
        // Every pair of a word in one field: "看護クリ" (護ク occurs nowhere) matches nothing.
        assert!(ords(&t, "看護クリ").is_empty());
        // Several words: all must match.
        assert_eq!(ords(&t, "ひまわり 看護"), vec![0]);
        // One character: the listings with a term that holds it, a pair or the character alone.
        assert_eq!(ords(&t, "茶"), vec![2]);
        assert_eq!(ords(&t, "ン"), vec![0, 2]);
        let t = index(&[
            facility("d", "あ い", "ア"),
            facility("e", "(株)サクラ", "カブ"),
            facility("f", "い.う", ""),
        ]);
        assert_eq!(ords(&t, "あ"), vec![0]);
        assert_eq!(ords(&t, "い"), vec![0, 2]);
        // Characters regular expressions give a meaning match themselves.
        assert_eq!(ords(&t, "("), vec![1]);
        assert_eq!(ords(&t, "."), vec![2]);
        assert!(ords(&t, "*").is_empty());
    }

    #[test]
    fn a_word_matches_where_each_of_its_pairs_is_in_one_field() {
        let t = index(&[
            facility("a", "あいう うあ", "ア"),
            facility("b", "あいうあ", "イ"),
            facility("c", "あいう", "ウア"),
        ]);
        // The pairs of あいうあ are all in a's name, though apart: the index's answer includes
        // it (the engine's pair lists check the text and drop it); never c, whose pairs are in
        // two fields.
        assert_eq!(ords(&t, "あいうあ"), vec![0, 1]);
        assert_eq!(ords(&t, "いうあ"), vec![0, 1]);
        // A pair that occurs twice in the word is asked for once.
        let t = index(&[facility("d", "ケアケア", "ケア")]);
        assert_eq!(ords(&t, "けあけあ"), vec![0]);
    }

    #[test]
    fn an_index_of_another_schema_is_recreated_empty() {
        // As a folder written before the pair fields lost their positions: the same field
        // names, another schema. The engine then fills the new index from the store.
        let dir = tempfile::tempdir().unwrap();
        let mut b = Schema::builder();
        let with_positions = TextOptions::default().set_indexing_options(
            TextFieldIndexing::default()
                .set_tokenizer(BIGRAM)
                .set_index_option(IndexRecordOption::WithFreqsAndPositions),
        );
        b.add_u64_field("ord", NumericOptions::default() | INDEXED | FAST);
        b.add_text_field("name", with_positions);
        let old = Index::create_in_dir(dir.path(), b.build()).unwrap();
        old.tokenizers().register(BIGRAM, BigramTokenizer);
        let mut w: IndexWriter = old.writer_with_num_threads(1, 15_000_000).unwrap();
        w.add_document(TantivyDocument::default()).unwrap();
        w.commit().unwrap();
        drop(w);
        let t = TextIndex::open_or_create(dir.path()).unwrap();
        assert_eq!(t.num_docs(), 0);
        t.apply(
            &[TextDoc::from_facility(
                0,
                1,
                &facility("a", "さくら診療所", "サクラ"),
            )],
            &[],
        )
        .unwrap();
        assert_eq!(ords(&t, "さくら"), vec![0]);
    }

    #[test]
    fn upsert_replaces_and_delete_removes() {
        let t = index(&[facility("a", "さくら診療所", "サクラシンリョウジョ")]);
        assert_eq!(ords(&t, "さくら"), vec![0]);
        t.apply(
            &[TextDoc::from_facility(
                0,
                2,
                &facility("a", "もみじ診療所", "モミジ"),
            )],
            &[],
        )
        .unwrap();
        assert!(ords(&t, "さくら").is_empty());
        assert_eq!(ords(&t, "もみじ"), vec![0]);
        assert_eq!(t.indexed_seqs().unwrap().get(&0), Some(&2));
        t.apply(&[], &[0]).unwrap();
        assert!(ords(&t, "もみじ").is_empty());
        assert_eq!(t.num_docs(), 0);
    }
}
