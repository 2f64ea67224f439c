//! Every error code the API answers, with its HTTP status and what it means: the one table the
//! error answers and the OpenAPI descriptions of the error responses are made from.

use actix_web::http::StatusCode;

macro_rules! codes {
    ($($variant:ident = $code:literal, $status:ident, $meaning:literal;)*) => {
        /// An error code of the API (`{ "code": …, "message": … }`).
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum ErrorCode {
            $(
                #[doc = $meaning]
                $variant,
            )*
        }

        impl ErrorCode {
            /// Every code, in the order of the table.
            pub const ALL: &[ErrorCode] = &[$(ErrorCode::$variant),*];

            /// The stable snake_case code.
            pub fn code(self) -> &'static str {
                match self {
                    $(ErrorCode::$variant => $code,)*
                }
            }

            /// The HTTP status it is answered with.
            pub fn status(self) -> StatusCode {
                match self {
                    $(ErrorCode::$variant => StatusCode::$status,)*
                }
            }

            /// What it means, for the API's documentation.
            pub fn meaning(self) -> &'static str {
                match self {
                    $(ErrorCode::$variant => $meaning,)*
                }
            }
        }
    };
}

codes! {
    InvalidJson = "invalid_json", BAD_REQUEST,
        "the body is not the JSON this route reads";
    InvalidParameter = "invalid_parameter", BAD_REQUEST,
        "a parameter has a value this route does not accept";
    UnknownParameter = "unknown_parameter", BAD_REQUEST,
        "a parameter this route does not know";
    InvalidLatitude = "invalid_latitude", BAD_REQUEST,
        "a latitude outside -90 to 90 or not a number";
    InvalidLongitude = "invalid_longitude", BAD_REQUEST,
        "a longitude outside -180 to 180 or not a number";
    InvalidRadius = "invalid_radius", BAD_REQUEST,
        "a radius that is not a positive number of metres within the limit";
    InvalidBbox = "invalid_bbox", BAD_REQUEST,
        "a bounding box that is not four numbers south-west to north-east";
    InvalidPage = "invalid_page", BAD_REQUEST,
        "a page or page size that is not a whole number in range";
    InvalidDate = "invalid_date", BAD_REQUEST,
        "a date or instant that cannot be read or is out of range";
    InvalidQuery = "invalid_query", BAD_REQUEST,
        "a combination of parameters that does not make a query (e.g. sort=distance without a point)";
    UnknownCategory = "unknown_category", BAD_REQUEST,
        "a category code the taxonomy does not have";
    UnknownService = "unknown_service", BAD_REQUEST,
        "a service type code the taxonomy does not have";
    UnknownCapability = "unknown_capability", BAD_REQUEST,
        "a capability code the taxonomy does not have";
    InvalidId = "invalid_id", BAD_REQUEST,
        "a listing id that is empty or has characters ids may not have";
    MissingField = "missing_field", BAD_REQUEST,
        "a required field is missing or empty";
    InvalidField = "invalid_field", BAD_REQUEST,
        "a field has a value the listing cannot take, or may not be set here";
    InvalidSchedule = "invalid_schedule", BAD_REQUEST,
        "opening hours or contact windows that cannot be read";
    InvalidParent = "invalid_parent", BAD_REQUEST,
        "a main office (parent) that is the listing itself or not a listing";
    MissingAddress = "missing_address", BAD_REQUEST,
        "no address was given";
    InvalidAddress = "invalid_address", BAD_REQUEST,
        "an address longer than the geocoder reads";
    InvalidLimit = "invalid_limit", BAD_REQUEST,
        "a limit outside its range";
    NotSignedIn = "not_signed_in", UNAUTHORIZED,
        "no session, or it has expired: sign in first";
    InvalidCredentials = "invalid_credentials", UNAUTHORIZED,
        "the e-mail or password is wrong, or the account is disabled";
    CsrfRejected = "csrf_rejected", FORBIDDEN,
        "a state-changing call without the session's CSRF token (header x-csrf-token)";
    Forbidden = "forbidden", FORBIDDEN,
        "the account's role or scope does not allow this (professional accounts change nothing; editors change the listings of their municipalities and associations)";
    FacilityNotFound = "facility_not_found", NOT_FOUND,
        "no listing has this id";
    ChangeNotFound = "change_not_found", NOT_FOUND,
        "no change-log entry has this id";
    RequestNotFound = "request_not_found", NOT_FOUND,
        "no change request has this id";
    ReviewNotFound = "review_not_found", NOT_FOUND,
        "no review item has this id";
    CampaignNotFound = "campaign_not_found", NOT_FOUND,
        "no campaign has this id";
    AreaNotFound = "area_not_found", NOT_FOUND,
        "no area has this id";
    LinkNotFound = "link_not_found", NOT_FOUND,
        "the update link is unknown or has been revoked (or the listing has none)";
    AddressNotFound = "address_not_found", NOT_FOUND,
        "not even a municipality matched the address (or no address data is loaded)";
    NotFound = "not_found", NOT_FOUND,
        "no such route";
    MethodNotAllowed = "method_not_allowed", METHOD_NOT_ALLOWED,
        "the path exists, but not for this method (the Allow header lists its methods)";
    Conflict = "conflict", CONFLICT,
        "the change conflicts with the current state (saved by someone else since, already decided, or exists)";
    TooManyAttempts = "too_many_attempts", TOO_MANY_REQUESTS,
        "too many failed sign-ins: wait the seconds in Retry-After";
    InternalError = "internal_error", INTERNAL_SERVER_ERROR,
        "a failure on the server's side (logged there)";
    StoreUnavailable = "store_unavailable", SERVICE_UNAVAILABLE,
        "the database does not answer right now (restarting, say); try again in a few seconds";
}

/// Every parameter error of the search (`GET /api/v1/search` and the routes that read its
/// query string).
pub const SEARCH_PARAMETERS: &[ErrorCode] = &[
    ErrorCode::InvalidLatitude,
    ErrorCode::InvalidLongitude,
    ErrorCode::InvalidRadius,
    ErrorCode::InvalidBbox,
    ErrorCode::InvalidPage,
    ErrorCode::InvalidDate,
    ErrorCode::UnknownCategory,
    ErrorCode::UnknownService,
    ErrorCode::UnknownCapability,
    ErrorCode::InvalidParameter,
    ErrorCode::UnknownParameter,
    ErrorCode::InvalidQuery,
];

/// Every error of a listing sent as JSON: the body, then the listing's own checks.
pub const LISTING_BODY: &[ErrorCode] = &[
    ErrorCode::InvalidJson,
    ErrorCode::MissingField,
    ErrorCode::InvalidId,
    ErrorCode::InvalidField,
    ErrorCode::UnknownCategory,
    ErrorCode::UnknownService,
    ErrorCode::UnknownCapability,
    ErrorCode::InvalidSchedule,
    ErrorCode::InvalidParent,
    ErrorCode::InvalidLatitude,
    ErrorCode::InvalidLongitude,
    ErrorCode::InvalidDate,
];

impl ErrorCode {
    /// The code of a validation error (every code the model gives has its entry here).
    pub fn of_validation(v: &model::ValidationError) -> ErrorCode {
        let code = v.code();
        ErrorCode::ALL
            .iter()
            .copied()
            .find(|c| c.code() == code)
            .unwrap_or(ErrorCode::InvalidParameter)
    }

    /// The description of an error response in the OpenAPI document: each code with its
    /// meaning, then what the route adds (`note`, may be empty).
    pub fn doc(codes: &[ErrorCode], note: &str) -> String {
        let mut out = codes
            .iter()
            .map(|c| format!("`{}`: {}", c.code(), c.meaning()))
            .collect::<Vec<_>>()
            .join("; ");
        if !note.is_empty() {
            out.push_str(". ");
            out.push_str(note);
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use model::ValidationError as V;

    #[test]
    fn codes_are_unique_snake_case() {
        let mut seen = std::collections::HashSet::new();
        for c in ErrorCode::ALL {
            assert!(seen.insert(c.code()), "{} twice", c.code());
            assert!(
                c.code()
                    .bytes()
                    .all(|b| b.is_ascii_lowercase() || b == b'_'),
                "{}",
                c.code()
            );
            assert!(c.status().is_client_error() || c.status().is_server_error());
        }
    }

    #[test]
    fn every_validation_error_has_its_own_entry() {
        let all = [
            V::InvalidLatitude(91.0),
            V::InvalidLongitude(181.0),
            V::InvalidRadius(-1.0),
            V::InvalidBbox("x".into()),
            V::InvalidPage("x".into()),
            V::UnknownCategory("x".into()),
            V::UnknownService("x".into()),
            V::UnknownCapability("x".into()),
            V::InvalidId("x".into()),
            V::MissingField("name"),
            V::InvalidSchedule("x".into()),
            V::InvalidParent("x".into()),
            V::InvalidQuery("x".into()),
            V::UnknownParameter("x".into()),
            V::InvalidDate {
                param: "open_at",
                value: "x".into(),
            },
            V::InvalidParameter {
                param: "sort",
                message: "x".into(),
            },
            V::InvalidNumber {
                param: "lat",
                value: "x".into(),
                expected: "a number",
            },
            V::InvalidNumber {
                param: "per_page",
                value: "x".into(),
                expected: "a number",
            },
            V::InvalidField {
                field: "x".into(),
                reason: "y".into(),
            },
        ];
        for v in &all {
            let c = ErrorCode::of_validation(v);
            assert_eq!(c.code(), v.code(), "{v:?}");
            assert_eq!(c.status(), StatusCode::BAD_REQUEST);
        }
    }
}
