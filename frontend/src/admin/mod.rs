//! The administration pages (`/admin/…`) and a facility's update form (`/update/{token}`).
//!
//! Server-rendered HTML forms (no hydration, so none of this is in the public site's wasm):
//! every form posts with the session's CSRF token in a hidden `csrf_token` field and the
//! server answers with a redirect (303) or the same page with a message. The listing form is
//! drawn from name–value pairs ([`model::form::pairs_of`] of the record, or what was just
//! posted when it could not be saved), and read back by [`model::form::apply`]. The only
//! script is `assets/caremap-admin.js`: the map that sets a listing's position on click.
//!
//! The pages speak the request's language like the public site (`tr(ja, en)` pairs; the server
//! runs every handler inside [`crate::i18n::Answering::scope`], since these views are built
//! outside a leptos render). Data stays Japanese, marked `lang="ja"` on an English page; the
//! printed confirmation letters are Japanese documents whatever the page's language.

mod accounts;
mod campaigns;
mod changes;
mod dashboard;
mod embed;
mod facilities;
mod frame;
mod login;
mod requests;
pub mod reviews;
mod round;
mod staleness;
mod update;

pub use accounts::{AccountRow, accounts};
pub use campaigns::{CampaignRow, PrintedForm, campaign, campaign_forms, campaigns};
pub use changes::history;
pub use dashboard::{AdminRow, Dashboard, dashboard};
pub use embed::{EmbedSnippet, embed_snippet, embed_src, snippet};
pub use facilities::{AreaChoice, Editor, editor, listing_fields};
pub use frame::{Frame, Notice, message, render};
pub use login::login;
pub use requests::requests;
pub use round::round;
pub use staleness::staleness;
pub use update::{update_form, update_sent};
