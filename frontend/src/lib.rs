//! caremap's web UI (leptos, server-side rendered and hydrated).
//!
//! Empty for now on purpose: the site is built in its own issue, on top of the `model` types and
//! the engine's search contract that already exist. Nothing here pretends to be a UI yet.
