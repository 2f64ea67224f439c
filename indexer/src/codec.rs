//! A small binary encoding for the engine's snapshot ([`crate::engine`]'s `snapshot` module):
//! little-endian integers, length-prefixed bytes and strings, and a reader that refuses to read
//! past its input or to take bytes that are not UTF-8 as a string. A truncated or damaged input
//! is an error, never a panic, so a snapshot that cannot be read is rebuilt, not trusted.

use crate::error::{Error, Result};

/// Appends values to a byte buffer.
#[derive(Default)]
pub(crate) struct Writer {
    pub(crate) buf: Vec<u8>,
}

impl Writer {
    pub(crate) fn u8(&mut self, v: u8) {
        self.buf.push(v);
    }

    pub(crate) fn bool(&mut self, v: bool) {
        self.u8(u8::from(v));
    }

    pub(crate) fn u32(&mut self, v: u32) {
        self.buf.extend_from_slice(&v.to_le_bytes());
    }

    pub(crate) fn u64(&mut self, v: u64) {
        self.buf.extend_from_slice(&v.to_le_bytes());
    }

    pub(crate) fn i64(&mut self, v: i64) {
        self.buf.extend_from_slice(&v.to_le_bytes());
    }

    pub(crate) fn f64(&mut self, v: f64) {
        self.buf.extend_from_slice(&v.to_le_bytes());
    }

    /// A length, which fits in 32 bits for every count and string of the engine; one that did
    /// not would be written as `u32::MAX` and make the whole input unreadable (so rebuilt),
    /// never misread.
    pub(crate) fn len(&mut self, n: usize) {
        self.u32(u32::try_from(n).unwrap_or(u32::MAX));
    }

    pub(crate) fn bytes(&mut self, v: &[u8]) {
        self.len(v.len());
        self.buf.extend_from_slice(v);
    }

    pub(crate) fn str(&mut self, v: &str) {
        self.bytes(v.as_bytes());
    }

    pub(crate) fn opt_str(&mut self, v: Option<&str>) {
        match v {
            Some(s) => {
                self.u8(1);
                self.str(s);
            }
            None => self.u8(0),
        }
    }

    pub(crate) fn strs<S: AsRef<str>>(&mut self, v: &[S]) {
        self.len(v.len());
        for s in v {
            self.str(s.as_ref());
        }
    }

    pub(crate) fn u32s(&mut self, v: &[u32]) {
        self.len(v.len());
        for x in v {
            self.u32(*x);
        }
    }
}

/// Reads values back in the order they were written.
pub(crate) struct Reader<'a> {
    buf: &'a [u8],
    at: usize,
}

fn corrupt(what: &str) -> Error {
    Error::Snapshot(format!("damaged: {what}"))
}

impl<'a> Reader<'a> {
    pub(crate) fn new(buf: &'a [u8]) -> Reader<'a> {
        Reader { buf, at: 0 }
    }

    /// Whether everything was read.
    pub(crate) fn is_done(&self) -> bool {
        self.at == self.buf.len()
    }

    fn take(&mut self, n: usize) -> Result<&'a [u8]> {
        let end = self
            .at
            .checked_add(n)
            .filter(|e| *e <= self.buf.len())
            .ok_or_else(|| corrupt("ends early"))?;
        let s = &self.buf[self.at..end];
        self.at = end;
        Ok(s)
    }

    fn array<const N: usize>(&mut self) -> Result<[u8; N]> {
        let mut a = [0u8; N];
        a.copy_from_slice(self.take(N)?);
        Ok(a)
    }

    pub(crate) fn u8(&mut self) -> Result<u8> {
        Ok(self.take(1)?[0])
    }

    pub(crate) fn bool(&mut self) -> Result<bool> {
        match self.u8()? {
            0 => Ok(false),
            1 => Ok(true),
            _ => Err(corrupt("a flag is neither 0 nor 1")),
        }
    }

    pub(crate) fn u32(&mut self) -> Result<u32> {
        Ok(u32::from_le_bytes(self.array()?))
    }

    pub(crate) fn u64(&mut self) -> Result<u64> {
        Ok(u64::from_le_bytes(self.array()?))
    }

    pub(crate) fn i64(&mut self) -> Result<i64> {
        Ok(i64::from_le_bytes(self.array()?))
    }

    pub(crate) fn f64(&mut self) -> Result<f64> {
        Ok(f64::from_le_bytes(self.array()?))
    }

    /// A length, checked against what is left to read (each element takes at least
    /// `min_size` bytes), so a damaged length cannot ask for a huge allocation.
    pub(crate) fn len(&mut self, min_size: usize) -> Result<usize> {
        let n = self.u32()? as usize;
        if n.saturating_mul(min_size.max(1)) > self.buf.len() - self.at {
            return Err(corrupt("a length runs past the end"));
        }
        Ok(n)
    }

    pub(crate) fn bytes(&mut self) -> Result<&'a [u8]> {
        let n = self.len(1)?;
        self.take(n)
    }

    pub(crate) fn str(&mut self) -> Result<&'a str> {
        std::str::from_utf8(self.bytes()?).map_err(|_| corrupt("a text is not UTF-8"))
    }

    pub(crate) fn string(&mut self) -> Result<String> {
        self.str().map(str::to_string)
    }

    pub(crate) fn opt_string(&mut self) -> Result<Option<String>> {
        Ok(if self.bool()? {
            Some(self.string()?)
        } else {
            None
        })
    }

    pub(crate) fn strings(&mut self) -> Result<Vec<String>> {
        let n = self.len(4)?;
        (0..n).map(|_| self.string()).collect()
    }

    pub(crate) fn u32s(&mut self) -> Result<Vec<u32>> {
        let n = self.len(4)?;
        let raw = self.take(n * 4)?;
        Ok(raw
            .chunks_exact(4)
            .map(|c| u32::from_le_bytes([c[0], c[1], c[2], c[3]]))
            .collect())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_come_back_in_order() {
        let mut w = Writer::default();
        w.u8(7);
        w.bool(true);
        w.u32(u32::MAX);
        w.i64(-5);
        w.f64(35.5);
        w.str("枚方市");
        w.opt_str(None);
        w.opt_str(Some(""));
        w.strs(&["a", "ケア"]);
        w.u32s(&[1, 2, 3]);
        let mut r = Reader::new(&w.buf);
        assert_eq!(r.u8().unwrap(), 7);
        assert!(r.bool().unwrap());
        assert_eq!(r.u32().unwrap(), u32::MAX);
        assert_eq!(r.i64().unwrap(), -5);
        assert_eq!(r.f64().unwrap(), 35.5);
        assert_eq!(r.str().unwrap(), "枚方市");
        assert_eq!(r.opt_string().unwrap(), None);
        assert_eq!(r.opt_string().unwrap(), Some(String::new()));
        assert_eq!(r.strings().unwrap(), vec!["a", "ケア"]);
        assert_eq!(r.u32s().unwrap(), vec![1, 2, 3]);
        assert!(r.is_done());
    }

    #[test]
    fn a_cut_or_damaged_input_is_an_error() {
        let mut w = Writer::default();
        w.str("訪問看護");
        w.u32s(&[1, 2]);
        for cut in 0..w.buf.len() {
            let mut r = Reader::new(&w.buf[..cut]);
            assert!(r.str().and_then(|_| r.u32s()).is_err(), "cut at {cut}");
        }
        // A length far beyond the input is refused before anything is allocated.
        let mut r = Reader::new(&[0xff, 0xff, 0xff, 0x7f, 0]);
        assert!(r.u32s().is_err());
        // Bytes that are not UTF-8 are not a string.
        let mut w = Writer::default();
        w.bytes(&[0xe3, 0x81]);
        assert!(Reader::new(&w.buf).str().is_err());
    }
}
