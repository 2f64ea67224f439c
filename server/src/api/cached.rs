//! Answers made once and served many times: the body, its entity tag, and the 304 a client
//! that already holds it gets.

use crate::error::ApiError;
use actix_web::http::header;
use actix_web::{HttpRequest, HttpResponse, web};
use serde::Serialize;

/// A precomputed JSON body with its entity tag.
pub(crate) struct Cached {
    body: web::Bytes,
    etag: String,
    content_type: &'static str,
}

impl Cached {
    pub(super) fn json(
        value: &impl Serialize,
        content_type: &'static str,
    ) -> Result<Cached, ApiError> {
        let body = serde_json::to_vec(value).map_err(|e| {
            ApiError::Engine(indexer::Error::Io {
                context: "encoding an answer".into(),
                source: std::io::Error::other(e),
            })
        })?;
        // FNV-1a over the body: the tag changes exactly when the content does.
        let mut h: u64 = 0xcbf2_9ce4_8422_2325;
        for b in &body {
            h ^= u64::from(*b);
            h = h.wrapping_mul(0x0100_0000_01b3);
        }
        Ok(Cached {
            body: web::Bytes::from(body),
            etag: format!("\"{h:016x}\""),
            content_type,
        })
    }

    /// 200 with the body, or 304 when the client's `If-None-Match` already names this tag.
    pub(super) fn respond(&self, req: &HttpRequest, cache_control: &'static str) -> HttpResponse {
        let fresh = req
            .headers()
            .get(header::IF_NONE_MATCH)
            .and_then(|v| v.to_str().ok())
            .is_some_and(|v| {
                v.split(',')
                    .map(|t| t.trim().trim_start_matches("W/"))
                    .any(|t| t == "*" || t == self.etag)
            });
        let mut res = if fresh {
            HttpResponse::NotModified()
        } else {
            HttpResponse::Ok()
        };
        res.insert_header((header::ETAG, self.etag.as_str()))
            .insert_header((header::CACHE_CONTROL, cache_control));
        if fresh {
            res.finish()
        } else {
            res.content_type(self.content_type).body(self.body.clone())
        }
    }
}
