//! How the wire types ([`crate::wire`]) travel between the server and the browser: a page's
//! resources embedded in the server-rendered page, and server functions' answers.
//!
//! Both are JSON. The server writes it with `serde_json`; the browser parses it with its own
//! `JSON.parse` and reads the parsed value into the Rust types with `serde-wasm-bindgen`, so the
//! wasm carries no JSON parser (leptos' defaults decode with `serde_json`, twice: from a `&str`
//! for what the page embeds and from bytes for a server call — a parser and a decoder per wire
//! type for each). [`WireJson`] is the resources' codec and [`Wire`] the server functions'
//! output encoding.

use codee::{Decoder, Encoder};
use leptos::prelude::*;
use leptos::server_fn::codec::Post;
use leptos::server_fn::{Bytes, ContentType, Decodes, Encodes, Format, FormatType};
use serde::Serialize;
use serde::de::DeserializeOwned;

/// Why JSON could not be read into a wire type.
#[derive(Debug)]
pub struct DecodeError(String);

impl std::fmt::Display for DecodeError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "the server's answer could not be read: {}", self.0)
    }
}

/// Reads JSON text into `T`: with the browser's parser in the browser, with `serde_json`
/// elsewhere (the server, tests).
pub fn decode<T: DeserializeOwned>(json: &str) -> Result<T, DecodeError> {
    #[cfg(all(target_arch = "wasm32", feature = "hydrate"))]
    {
        let value = js_sys::JSON::parse(json)
            .map_err(|e| DecodeError(e.as_string().unwrap_or_else(|| "invalid JSON".into())))?;
        serde_wasm_bindgen::from_value(value).map_err(|e| DecodeError(e.to_string()))
    }
    #[cfg(not(all(target_arch = "wasm32", feature = "hydrate")))]
    {
        serde_json::from_str(json).map_err(|e| DecodeError(e.to_string()))
    }
}

/// The resources' codec (what a server-rendered page embeds for hydration).
pub struct WireJson;

impl<T: Serialize> Encoder<T> for WireJson {
    type Error = serde_json::Error;
    type Encoded = String;

    fn encode(val: &T) -> Result<String, serde_json::Error> {
        serde_json::to_string(val)
    }
}

impl<T: DeserializeOwned> Decoder<T> for WireJson {
    type Error = DecodeError;
    type Encoded = str;

    fn decode(val: &str) -> Result<T, DecodeError> {
        decode(val)
    }
}

/// The server functions' output encoding: JSON, read by [`decode`].
pub struct WireEncoding;

/// Server functions answer a `POST` with [`WireEncoding`].
pub type Wire = Post<WireEncoding>;

impl ContentType for WireEncoding {
    const CONTENT_TYPE: &'static str = "application/json";
}

impl FormatType for WireEncoding {
    const FORMAT_TYPE: Format = Format::Text;
}

impl<T: Serialize> Encodes<T> for WireEncoding {
    type Error = serde_json::Error;

    fn encode(output: &T) -> Result<Bytes, serde_json::Error> {
        serde_json::to_vec(output).map(Bytes::from)
    }
}

impl<T: DeserializeOwned> Decodes<T> for WireEncoding {
    type Error = DecodeError;

    fn decode(bytes: Bytes) -> Result<T, DecodeError> {
        let text = std::str::from_utf8(&bytes).map_err(|e| DecodeError(e.to_string()))?;
        decode(text)
    }
}

/// A page resource: `fetcher(source())`, rendered on the server and reused when hydrating.
#[track_caller]
pub fn resource<S, T, Fut>(
    source: impl Fn() -> S + Send + Sync + 'static,
    fetcher: impl Fn(S) -> Fut + Send + Sync + 'static,
) -> Resource<T, WireJson>
where
    S: PartialEq + Clone + Send + Sync + 'static,
    T: Serialize + DeserializeOwned + Send + Sync + 'static,
    Fut: Future<Output = T> + Send + 'static,
{
    Resource::new_with_options(source, fetcher, false)
}

#[cfg(test)]
mod tests {
    use super::{WireEncoding, WireJson};
    use codee::{Decoder, Encoder};
    use leptos::server_fn::{Decodes, Encodes};

    #[test]
    fn what_is_encoded_decodes_to_the_same_value() {
        let v: Result<Vec<(String, f64)>, String> = Ok(vec![("本町".into(), 34.5)]);
        let s = <WireJson as Encoder<_>>::encode(&v).unwrap();
        let back: Result<Vec<(String, f64)>, String> = WireJson::decode(&s).unwrap();
        assert_eq!(back, v);
        let bytes = <WireEncoding as Encodes<_>>::encode(&v).unwrap();
        let back: Result<Vec<(String, f64)>, String> = WireEncoding::decode(bytes).unwrap();
        assert_eq!(back, v);
        assert!(<WireJson as Decoder<u8>>::decode("\"x\"").is_err());
    }
}
