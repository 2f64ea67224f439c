//! The JSON body of a request, read by the handler's arguments: a body that is not the
//! route's JSON is a 400 `invalid_json` with serde's message (never actix's plain-text
//! error), and the size limit is the application's `PayloadConfig`. Arguments are extracted
//! in order, so a handler that names its session first answers 401/403 before it looks at the
//! body.

use crate::error::{ApiError, json_body, json_body_or_default};
use actix_web::{FromRequest, HttpRequest, web};
use serde::de::DeserializeOwned;
use std::future::Future;
use std::pin::Pin;

/// A JSON body of type `T`.
pub struct Body<T>(pub T);

/// A JSON body of type `T`, where an empty body means `T::default()`.
pub struct BodyOrDefault<T>(pub T);

/// Reads the body's bytes with the application's payload limit, then parses them.
fn read<T: 'static>(
    req: &HttpRequest,
    payload: &mut actix_web::dev::Payload,
    parse: fn(&[u8]) -> Result<T, ApiError>,
) -> Pin<Box<dyn Future<Output = Result<T, actix_web::Error>>>> {
    let bytes = web::Bytes::from_request(req, payload);
    Box::pin(async move { Ok(parse(&bytes.await?)?) })
}

impl<T: DeserializeOwned + 'static> FromRequest for Body<T> {
    type Error = actix_web::Error;
    type Future = Pin<Box<dyn Future<Output = Result<Self, Self::Error>>>>;

    fn from_request(req: &HttpRequest, payload: &mut actix_web::dev::Payload) -> Self::Future {
        let body = read(req, payload, json_body::<T>);
        Box::pin(async move { Ok(Body(body.await?)) })
    }
}

impl<T: DeserializeOwned + Default + 'static> FromRequest for BodyOrDefault<T> {
    type Error = actix_web::Error;
    type Future = Pin<Box<dyn Future<Output = Result<Self, Self::Error>>>>;

    fn from_request(req: &HttpRequest, payload: &mut actix_web::dev::Payload) -> Self::Future {
        let body = read(req, payload, json_body_or_default::<T>);
        Box::pin(async move { Ok(BodyOrDefault(body.await?)) })
    }
}
