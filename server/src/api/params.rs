//! Parameters that many routes share, declared once for the OpenAPI document. (Path parameters
//! stay beside their handlers: utoipa reads them from the handler's `web::Path` and takes their
//! descriptions from the `params` tuple of the same name.)

use utoipa::IntoParams;

/// The header every write of a signed-in session carries.
#[derive(IntoParams)]
#[into_params(parameter_in = Header)]
pub struct Csrf {
    /// The session's CSRF token
    #[param(rename = "X-CSRF-Token")]
    #[allow(dead_code)]
    token: String,
}
