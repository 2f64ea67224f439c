use memchr::memmem::Finder;
use model::facility::ProfessionalFields;
use model::search::SearchHit;
use std::sync::LazyLock;

/// The keys a hit's encoding is split at (see [`HitJson`]).
const ADDRESS_KEY: &[u8] = b",\"address\":";
const STATUS_KEY: &[u8] = b",\"status\":\"";

/// One hit of a page, before it is written out: the listing and the per-query values.
pub(super) struct Row {
    pub(super) ord: u32,
    pub(super) distance_m: Option<f64>,
    pub(super) open_now: Option<bool>,
    pub(super) score: Option<f32>,
}

/// A [`SearchHit`] encoded once, with `distance_m`, `open_now` and `score` left out, and
/// without its closing brace: the head runs up to where `distance_m` goes (before
/// `"address"`), the middle up to where `open_now` goes (after `"status"`), the tail up to where
/// `score` goes. The field order is `SearchHit`'s declaration order, which serde follows. The
/// row's one copy of its answer: the typed hit is read back from it ([`HitJson::hit`]).
pub(super) struct HitJson {
    json: Box<str>,
    /// Where the middle and the tail start.
    mid: u32,
    tail: u32,
}

impl HitJson {
    pub(super) fn new(hit: &SearchHit) -> HitJson {
        let per_query = hit.distance_m.is_some()
            || hit.open_now.is_some()
            || hit.score.is_some()
            || hit.professional.is_some();
        if per_query {
            let mut plain = hit.clone();
            plain.distance_m = None;
            plain.open_now = None;
            plain.score = None;
            plain.professional = None;
            return HitJson::encode(&plain);
        }
        // A table's rows are derived without per-query values: encoded as they are.
        HitJson::encode(hit)
    }

    /// [`HitJson::new`] of a hit without per-query values, written through the thread's
    /// buffer ([`crate::json_buffer`]) and copied once at its length.
    fn encode(plain: &SearchHit) -> HitJson {
        // Searchers made once (every row of an import is split: std's `str::find` took as
        // long as the encoding itself).
        static ADDRESS: LazyLock<Finder<'static>> = LazyLock::new(|| Finder::new(ADDRESS_KEY));
        static STATUS: LazyLock<Finder<'static>> = LazyLock::new(|| Finder::new(STATUS_KEY));
        let split = |json: &str| {
            // Keys are unescaped quotes; inside string values quotes are escaped, so these
            // patterns only match the keys themselves.
            let bytes = json.as_bytes();
            let a = ADDRESS.find(bytes).unwrap_or(json.len());
            let status = STATUS
                .find(&bytes[a..])
                .map(|i| a + i + STATUS_KEY.len())
                .unwrap_or(json.len());
            let b = memchr::memchr(b'"', &bytes[status..])
                .map(|i| status + i + 1)
                .unwrap_or(json.len());
            let end = json.len().saturating_sub(1).max(b);
            HitJson {
                json: json[..end].into(),
                mid: a as u32,
                tail: b as u32,
            }
        };
        // A hit is plain data: serde_json does not fail on it.
        crate::json_buffer::with_json(plain, split).unwrap_or_else(|_| split(""))
    }

    /// The encoding from its three parts (as [`HitJson::parts`] gives them).
    pub(super) fn from_parts(head: &str, mid: &str, tail: &str) -> HitJson {
        HitJson {
            json: [head, mid, tail].concat().into_boxed_str(),
            mid: head.len() as u32,
            tail: (head.len() + mid.len()) as u32,
        }
    }

    /// The head, middle and tail.
    pub(super) fn parts(&self) -> (&str, &str, &str) {
        let (m, t) = (self.mid as usize, self.tail as usize);
        (&self.json[..m], &self.json[m..t], &self.json[t..])
    }

    /// Heap bytes held.
    pub(super) fn heap_bytes(&self) -> usize {
        self.json.len()
    }

    /// The hit, read back from its JSON (per-query fields empty).
    pub(super) fn hit(&self) -> Option<SearchHit> {
        let mut text = String::with_capacity(self.json.len() + 1);
        text.push_str(&self.json);
        text.push('}');
        // The text was written by serde from a SearchHit, so it reads back (a snapshot's rows
        // are checked when it is read); were one not to, it is logged and left out.
        serde_json::from_str(&text)
            .inspect_err(|e| tracing::error!(error = %e, "a row's JSON does not read back"))
            .ok()
    }

    pub(super) fn write(
        &self,
        out: &mut Vec<u8>,
        r: &Row,
        professional: Option<&ProfessionalFields>,
    ) {
        let (head, mid, tail) = self.parts();
        out.extend_from_slice(head.as_bytes());
        if let Some(d) = r.distance_m {
            out.extend_from_slice(b",\"distance_m\":");
            let _ = serde_json::to_writer(&mut *out, &d);
        }
        out.extend_from_slice(mid.as_bytes());
        if let Some(o) = r.open_now {
            out.extend_from_slice(if o {
                b",\"open_now\":true"
            } else {
                b",\"open_now\":false"
            });
        }
        out.extend_from_slice(tail.as_bytes());
        if let Some(s) = r.score {
            out.extend_from_slice(b",\"score\":");
            let _ = serde_json::to_writer(&mut *out, &s);
        }
        if let Some(p) = professional {
            out.extend_from_slice(b",\"professional\":");
            let _ = serde_json::to_writer(&mut *out, p);
        }
        out.push(b'}');
    }
}

/// The decimal digits of `n`, written into `buf`.
pub(super) fn itoa_u64(mut n: u64, buf: &mut [u8; 20]) -> &[u8] {
    let mut i = buf.len();
    loop {
        i -= 1;
        buf[i] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    &buf[i..]
}

#[cfg(test)]
mod tests {
    use super::{HitJson, itoa_u64};
    use crate::engine::json::Row;
    use model::facility::ProfessionalFields;
    use model::search::SearchHit;

    /// A hit with text that needs escaping where the writer splits the encoding.
    fn hit() -> SearchHit {
        serde_json::from_value(serde_json::json!({
            "id": "c-1",
            "name": "クリニック \"みなみ\", \"address\":",
            "category": "clinic",
            "services": ["home_visit"],
            "capabilities": [],
            "location": {"lat": 33.5, "lng": 133.5},
            "address": "高知市 \"status\":\"x\"",
            "areas": ["a-1"],
            "status": "active",
            "accepting": "yes",
            "source": "city",
        }))
        .unwrap()
    }

    /// What the writer writes must be exactly what serde writes for the whole hit.
    fn check(distance_m: Option<f64>, open_now: Option<bool>, score: Option<f32>, pro: bool) {
        let mut whole = hit();
        whole.distance_m = distance_m;
        whole.open_now = open_now;
        whole.score = score;
        let professional = ProfessionalFields {
            phone: Some("088-000-0000".into()),
            ..Default::default()
        };
        whole.professional = pro.then(|| Box::new(professional.clone()));
        let row = Row {
            ord: 0,
            distance_m,
            open_now,
            score,
        };
        let mut out = Vec::new();
        HitJson::new(&hit()).write(&mut out, &row, pro.then_some(&professional));
        assert_eq!(
            String::from_utf8(out).unwrap(),
            serde_json::to_string(&whole).unwrap()
        );
    }

    #[test]
    fn writes_what_serde_writes_with_every_per_query_value() {
        check(None, None, None, false);
        check(Some(1234.5), None, None, false);
        check(None, Some(true), None, false);
        check(Some(0.0), Some(false), Some(2.75), true);
        check(None, None, Some(1.0), true);
    }

    #[test]
    fn the_hit_reads_back_from_its_json() {
        let h = hit();
        let j = HitJson::new(&h);
        assert_eq!(j.hit(), Some(h.clone()));
        // Per-query values are left out of the encoding.
        let mut with_values = h.clone();
        with_values.distance_m = Some(12.5);
        with_values.open_now = Some(true);
        with_values.score = Some(3.0);
        assert_eq!(HitJson::new(&with_values).parts(), j.parts());
        let (a, b, c) = j.parts();
        assert_eq!(HitJson::from_parts(a, b, c).hit(), Some(h));
    }

    #[test]
    fn itoa_writes_decimal_digits() {
        let mut buf = [0u8; 20];
        for n in [0, 7, 10, 99_999, u64::MAX] {
            assert_eq!(itoa_u64(n, &mut buf), n.to_string().as_bytes());
        }
    }
}
