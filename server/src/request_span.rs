//! Every request's id and span: the id answers in `x-request-id` and names the request in the
//! logs (the span's `request_id` field, which the JSON log format writes with each event).
//!
//! Ids are UUID-shaped (version 4 layout) but not drawn from the operating system per request:
//! a random seed drawn once and a counter, mixed by a bijection, so every id of a process is
//! different and a request costs no system call. The span carries the method, the path and the
//! id; it is created only when the log filter enables it (`info`, the server's default).

use actix_web::body::MessageBody;
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::header::{HeaderName, HeaderValue};
use actix_web::middleware::Next;
use argon2::password_hash::rand_core::{OsRng, RngCore};
use std::sync::OnceLock;
use std::sync::atomic::{AtomicU64, Ordering};
use tracing::Instrument;

/// The answer header carrying the id.
pub const X_REQUEST_ID: HeaderName = HeaderName::from_static("x-request-id");

/// A bijection of 64-bit numbers that spreads neighbouring inputs (SplitMix64's finaliser).
fn mix(mut z: u64) -> u64 {
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}

/// The next id of this process, as the text of a UUID.
pub fn next_id() -> String {
    static SEED: OnceLock<[u64; 2]> = OnceLock::new();
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    let seed = SEED.get_or_init(|| [OsRng.next_u64(), OsRng.next_u64()]);
    let n = COUNTER.fetch_add(1, Ordering::Relaxed);
    // `mix` is one-to-one, so distinct counters give distinct high halves.
    let hi = mix(n ^ seed[0]);
    let lo = mix(hi ^ seed[1]);
    let v = (u128::from(hi) << 64) | u128::from(lo);
    // Version 4 and the RFC 4122 variant, as random UUIDs have them.
    let v = (v & !(0xf << 76) & !(0b11 << 62)) | (0x4 << 76) | (0b10 << 62);
    let h = format!("{v:032x}");
    format!(
        "{}-{}-{}-{}-{}",
        &h[0..8],
        &h[8..12],
        &h[12..16],
        &h[16..20],
        &h[20..32]
    )
}

/// Gives the request an id, runs it inside its span, and puts the id on the answer.
pub async fn trace(
    req: ServiceRequest,
    next: Next<impl MessageBody>,
) -> Result<ServiceResponse<impl MessageBody>, actix_web::Error> {
    let id = next_id();
    let span = tracing::info_span!(
        "request",
        method = %req.method(),
        path = %req.path(),
        request_id = %id
    );
    let mut res = next.call(req).instrument(span).await?;
    if let Ok(v) = HeaderValue::from_str(&id) {
        res.headers_mut().insert(X_REQUEST_ID, v);
    }
    Ok(res)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_distinct_uuids_of_version_4() {
        let ids: std::collections::HashSet<String> = (0..10_000).map(|_| next_id()).collect();
        assert_eq!(ids.len(), 10_000);
        for id in ids.iter().take(50) {
            let parts: Vec<&str> = id.split('-').collect();
            let lens: Vec<usize> = parts.iter().map(|p| p.len()).collect();
            assert_eq!(lens, [8, 4, 4, 4, 12], "{id}");
            assert!(id.chars().all(|c| c == '-' || c.is_ascii_hexdigit()));
            assert!(parts[2].starts_with('4'), "{id}");
            assert!(matches!(&parts[3][..1], "8" | "9" | "a" | "b"), "{id}");
        }
    }
}
