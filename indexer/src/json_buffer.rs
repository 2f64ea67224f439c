//! JSON written into a buffer the thread keeps. A string grown while serde writes into it is
//! reallocated several times; an import writes half a million documents and row encodings, so
//! each is written into the thread's buffer and the caller copies out what it keeps, once.

use serde::Serialize;

/// Writes `value` as JSON into the thread's buffer and gives the text to `keep`.
pub(crate) fn with_json<T: Serialize + ?Sized, R>(
    value: &T,
    keep: impl FnOnce(&str) -> R,
) -> serde_json::Result<R> {
    thread_local! {
        static BUFFER: std::cell::RefCell<Vec<u8>> = const { std::cell::RefCell::new(Vec::new()) };
    }
    BUFFER.with_borrow_mut(|buf| {
        buf.clear();
        serde_json::to_writer(&mut *buf, value)?;
        // serde_json writes UTF-8; the check is a formality that costs a fraction of the copy.
        let text = std::str::from_utf8(buf).map_err(|e| {
            serde_json::Error::io(std::io::Error::new(std::io::ErrorKind::InvalidData, e))
        })?;
        Ok(keep(text))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn gives_what_serde_writes_each_time() {
        let a = serde_json::json!({"name": "ひまわり", "n": 1});
        let b = serde_json::json!(["x"]);
        assert_eq!(with_json(&a, str::to_string).unwrap(), a.to_string());
        // The buffer is emptied between values.
        assert_eq!(with_json(&b, str::to_string).unwrap(), b.to_string());
    }
}
