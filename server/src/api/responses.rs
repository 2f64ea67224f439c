//! The error responses of the routes, documented from [`ErrorCode`]: a route names its set
//! (`responses((status = 200, …), ListingActionErrors)`) and each status of the set is described by
//! the meanings of its codes, so no route repeats the table and no description drifts from the
//! codes the handlers answer.

use crate::error::{ErrorCode, LISTING_BODY};
use std::collections::BTreeMap;
use utoipa::openapi::{ContentBuilder, Ref, RefOr, ResponseBuilder, response::Response};

/// Codes and, per status, what a route adds to their meaning.
struct Errors(Vec<(ErrorCode, &'static str)>);

impl Errors {
    fn of(codes: &[ErrorCode]) -> Errors {
        Errors(codes.iter().map(|c| (*c, "")).collect())
    }

    /// Adds a code with what this route means by it.
    fn with(mut self, code: ErrorCode, note: &'static str) -> Errors {
        self.0.push((code, note));
        self
    }

    /// One response per status: its codes' meanings, then the route's notes.
    fn build(self) -> BTreeMap<String, RefOr<Response>> {
        let mut by_status: BTreeMap<u16, (Vec<ErrorCode>, Vec<&str>)> = BTreeMap::new();
        for (code, note) in self.0 {
            let e = by_status.entry(code.status().as_u16()).or_default();
            e.0.push(code);
            if !note.is_empty() {
                e.1.push(note);
            }
        }
        by_status
            .into_iter()
            .map(|(status, (codes, notes))| {
                let response = ResponseBuilder::new()
                    .description(ErrorCode::doc(&codes, &notes.join(" ")))
                    .content(
                        "application/json",
                        ContentBuilder::new()
                            .schema(Some(Ref::from_schema_name("ErrorBody")))
                            .build(),
                    )
                    .build();
                (status.to_string(), RefOr::T(response))
            })
            .collect()
    }
}

macro_rules! error_set {
    ($(#[$doc:meta])* $name:ident => $errors:expr) => {
        $(#[$doc])*
        pub struct $name;

        impl utoipa::IntoResponses for $name {
            fn responses() -> BTreeMap<String, RefOr<Response>> {
                $errors.build()
            }
        }
    };
}

use ErrorCode as E;

error_set!(
    /// Reads for signed-in staff.
    StaffReadErrors => Errors::of(&[E::NotSignedIn, E::Forbidden])
);
error_set!(
    /// Reads for signed-in staff with query parameters.
    StaffQueryErrors => Errors::of(&[E::InvalidParameter, E::NotSignedIn, E::Forbidden])
);
error_set!(
    /// A change to one listing that carries no body of its own.
    ListingActionErrors => Errors::of(&[E::NotSignedIn, E::CsrfRejected, E::Forbidden, E::FacilityNotFound])
);
error_set!(
    /// A listing sent whole or in part.
    ListingEditErrors => Errors::of(LISTING_BODY)
        .with(E::NotSignedIn, "")
        .with(E::CsrfRejected, "")
        .with(E::Forbidden, "")
        .with(E::FacilityNotFound, "")
        .with(E::Conflict, "Here: saved by someone else since the version the editor started from.")
);
error_set!(
    /// A new listing.
    ListingCreateErrors => Errors::of(LISTING_BODY)
        .with(E::NotSignedIn, "")
        .with(E::CsrfRejected, "")
        .with(E::Forbidden, "")
        .with(E::Conflict, "Here: a listing with the id exists.")
);
error_set!(
    /// A verification: the listing's action errors, and a body that is not JSON or a date
    /// after today.
    VerifyErrors => Errors::of(&[E::InvalidJson, E::InvalidField, E::NotSignedIn, E::CsrfRejected, E::Forbidden, E::FacilityNotFound])
);
error_set!(
    /// Approving or rejecting a change request.
    RequestDecisionErrors => Errors::of(&[E::InvalidJson, E::NotSignedIn, E::CsrfRejected, E::Forbidden, E::RequestNotFound])
        .with(E::Conflict, "Here: the request was already reviewed.")
);
error_set!(
    /// A read with query parameters.
    ParameterErrors => Errors::of(&[E::InvalidParameter])
);
error_set!(
    /// One area.
    AreaErrors => Errors::of(&[E::AreaNotFound])
);
error_set!(
    /// One public listing.
    FacilityErrors => Errors::of(&[E::FacilityNotFound])
);
error_set!(
    /// Reads for any signed-in account.
    SignedInErrors => Errors::of(&[E::NotSignedIn])
);
error_set!(
    /// Reads for any signed-in account, with query parameters.
    SignedInQueryErrors => Errors::of(&[E::InvalidParameter, E::NotSignedIn])
);
error_set!(
    /// Reads of one listing for accounts that may edit it.
    ListingReadErrors => Errors::of(&[E::NotSignedIn, E::Forbidden, E::FacilityNotFound])
);
error_set!(
    /// A listing's answer with a JSON body (the availability round).
    ListingAnswerErrors => Errors::of(&[E::InvalidJson, E::NotSignedIn, E::CsrfRejected, E::Forbidden, E::FacilityNotFound])
);
error_set!(
    /// Revoking a listing's update link.
    LinkRevokeErrors => Errors::of(&[E::NotSignedIn, E::CsrfRejected, E::Forbidden, E::FacilityNotFound, E::LinkNotFound])
);
error_set!(
    /// Starting a confirmation campaign.
    CampaignStartErrors => Errors::of(&[E::InvalidJson, E::MissingField])
        .with(E::InvalidField, "invalid_field also when nothing is in the account's scope")
        .with(E::NotSignedIn, "")
        .with(E::CsrfRejected, "")
        .with(E::Forbidden, "")
);
error_set!(
    /// Reads of one campaign.
    CampaignReadErrors => Errors::of(&[E::NotSignedIn, E::Forbidden, E::CampaignNotFound])
);
error_set!(
    /// A change to one campaign.
    CampaignActionErrors => Errors::of(&[E::NotSignedIn, E::CsrfRejected, E::Forbidden, E::CampaignNotFound])
);
error_set!(
    /// Reverting one change.
    RevertErrors => Errors::of(&[E::NotSignedIn, E::CsrfRejected, E::Forbidden, E::ChangeNotFound])
        .with(E::Conflict, "Here: the field has changed again since that change")
);
error_set!(
    /// A setting sent as JSON by an administrator.
    SettingErrors => Errors::of(&[E::InvalidJson, E::InvalidField, E::NotSignedIn, E::CsrfRejected, E::Forbidden])
);
error_set!(
    /// Resolving one address.
    GeocodeErrors => Errors::of(&[E::MissingAddress, E::InvalidAddress, E::AddressNotFound])
);
error_set!(
    /// Address suggestions.
    SuggestErrors => Errors::of(&[E::MissingAddress, E::InvalidAddress, E::InvalidLimit])
);
error_set!(
    /// Resolving one review item.
    ReviewResolveErrors => Errors::of(&[E::InvalidParameter, E::InvalidJson, E::NotSignedIn, E::CsrfRejected, E::Forbidden, E::ReviewNotFound])
        .with(E::Conflict, "Here: already resolved, or not an answer for this kind of item")
);
error_set!(
    /// A search sent as JSON.
    SearchBodyErrors => Errors::of(&[])
        .with(E::InvalidJson, "Or any code of GET /api/v1/search for a bad value")
);
error_set!(
    /// A facility's update link.
    LinkErrors => Errors::of(&[E::LinkNotFound])
);
