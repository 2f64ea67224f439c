//! `/admin/*`: the administration pages as HTTP handlers — plain HTML forms (views in
//! [`frontend::admin`]) over the same engine calls as the editing API. One module per part of
//! the URL tree:
//!
//! | URL | module |
//! |---|---|
//! | `/admin/login`, `/admin/logout` | [`login`] |
//! | `/admin` | [`dashboard`] |
//! | `/admin/facilities/…` (new, edit, verify, retire, update link, history) | [`facilities`] |
//! | `/admin/changes/{id}/revert` | [`changes`] |
//! | `/admin/requests/…` | [`requests`] |
//! | `/admin/staleness`, `/admin/policies` | [`staleness`] |
//! | `/admin/campaigns/…` | [`campaigns`] |
//! | `/admin/round` | [`round`] |
//! | `/admin/embed` (the snippet that puts `/embed` on another site) | [`embed`] |
//! | `/admin/reviews/…`, `/admin/imports` | [`reviews`] |
//! | `/admin/accounts/…` (administrators) | [`accounts`] |
//!
//! A facility's own update form (`/update/{token}`) is in [`crate::update`].
//!
//! - Every admin page needs a session; without one it redirects to `/admin/login?next=…`.
//! - Every form post carries the session's CSRF token as `csrf_token` (403 otherwise); the
//!   sign-in form carries a token from its own short-lived cookie (double submit), so another
//!   site cannot sign a visitor into an account of its choosing.
//! - A post that worked answers 303 to a page with a message (`?done=…`); one that did not
//!   answers the same page with the message and, for the listing form, what was typed.
//! - Pages send `Referrer-Policy: no-referrer` (update-link pages carry a token in their
//!   address).

mod accounts;
mod campaigns;
mod changes;
mod dashboard;
mod embed;
mod facilities;
mod login;
mod page;
mod requests;
mod reviews;
mod round;
mod staleness;

pub(crate) use page::{explain, field, html, pairs};

use actix_web::web;

/// Registers the pages (before the site's routes).
pub fn configure(cfg: &mut web::ServiceConfig) {
    reviews::configure(cfg);
    cfg.service(
        web::resource("/admin/login")
            .route(web::get().to(login::login_page))
            .route(web::post().to(login::login_submit)),
    )
    .service(web::resource("/admin/logout").route(web::post().to(login::logout)))
    .service(web::resource("/admin").route(web::get().to(dashboard::dashboard)))
    .service(web::resource("/admin/embed").route(web::get().to(embed::embed_page)))
    .service(
        web::resource("/admin/accounts")
            .route(web::get().to(accounts::accounts_page))
            .route(web::post().to(accounts::create)),
    )
    .service(web::resource("/admin/accounts/disable").route(web::post().to(accounts::disable)))
    .service(web::resource("/admin/accounts/enable").route(web::post().to(accounts::enable)))
    .service(web::resource("/admin/accounts/password").route(web::post().to(accounts::password)))
    .service(web::resource("/admin/accounts/role").route(web::post().to(accounts::role)))
    .service(
        web::resource("/admin/facilities/new")
            .route(web::get().to(facilities::new_page))
            .route(web::post().to(facilities::create)),
    )
    .service(
        web::resource("/admin/facilities/{id}")
            .route(web::get().to(facilities::edit_page))
            .route(web::post().to(facilities::save)),
    )
    .service(
        web::resource("/admin/facilities/{id}/verify").route(web::post().to(facilities::verify)),
    )
    .service(
        web::resource("/admin/facilities/{id}/retire").route(web::post().to(facilities::retire)),
    )
    .service(
        web::resource("/admin/facilities/{id}/update-link")
            .route(web::post().to(facilities::issue_link)),
    )
    .service(
        web::resource("/admin/facilities/{id}/update-link/revoke")
            .route(web::post().to(facilities::revoke_link)),
    )
    .service(
        web::resource("/admin/facilities/{id}/history").route(web::get().to(facilities::history)),
    )
    .service(web::resource("/admin/changes/{id}/revert").route(web::post().to(changes::revert)))
    .service(web::resource("/admin/requests").route(web::get().to(requests::requests)))
    .service(web::resource("/admin/requests/{id}/approve").route(web::post().to(requests::approve)))
    .service(web::resource("/admin/requests/{id}/reject").route(web::post().to(requests::reject)))
    .service(web::resource("/admin/staleness").route(web::get().to(staleness::staleness)))
    .service(web::resource("/admin/policies").route(web::post().to(staleness::set_policy)))
    .service(
        web::resource("/admin/campaigns")
            .route(web::get().to(campaigns::campaigns))
            .route(web::post().to(campaigns::start_campaign)),
    )
    .service(web::resource("/admin/campaigns/{id}").route(web::get().to(campaigns::campaign)))
    .service(
        web::resource("/admin/campaigns/{id}/forms")
            .route(web::post().to(campaigns::campaign_forms)),
    )
    .service(
        web::resource("/admin/campaigns/{id}/close")
            .route(web::post().to(campaigns::close_campaign)),
    )
    .service(
        web::resource("/admin/round")
            .route(web::get().to(round::round_page))
            .route(web::post().to(round::record_round)),
    );
}
