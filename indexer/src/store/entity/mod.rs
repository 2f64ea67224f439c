//! sea-orm entities of the store. A facility row keeps the searchable key columns next to the
//! full record as JSON (`doc`): the record is nested (schedules, contact windows, visibility) and
//! always read whole, while the columns serve SQL filters, exports and consistency checks.

pub mod account;
pub mod address_municipality;
pub mod area;
pub mod area_population;
pub mod campaign;
pub mod campaign_member;
pub mod change;
pub mod change_request;
pub mod data_source;
pub mod facility;
pub mod feed_event;
pub mod freshness_policy;
pub mod import_run;
pub mod login_failure;
pub mod review_item;
pub mod session;
pub mod small_area;
pub mod update_link;
