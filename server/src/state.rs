//! What every handler shares: the engine, the caches over it, the login limiter, the map tiles
//! and the pages' security policy.

use crate::api::Cached;
use indexer::engine::Engine;
use parking_lot::Mutex;
use std::sync::Arc;

/// Shared state of the handlers.
pub struct AppState {
    /// The engine.
    pub engine: Arc<Engine>,
    /// `/api/v1/areas` for one engine generation.
    pub(crate) areas: Mutex<Option<(u64, Arc<Cached>)>>,
    /// Failed-login counts.
    pub login_limiter: crate::auth::LoginLimiter,
    /// Map tiles (the admin pages' position map).
    pub tiles: frontend::wire::Tiles,
    /// The pages' Content-Security-Policy (it names the tile server).
    pub policy: crate::headers::Policy,
}

impl AppState {
    /// The editorial workflows over the engine (every write and workflow goes through them).
    pub fn editorial(&self) -> indexer::editorial::Editorial<'_> {
        indexer::editorial::Editorial::new(&self.engine)
    }

    /// State over an opened engine.
    pub fn new(engine: Arc<Engine>, tiles: frontend::wire::Tiles) -> AppState {
        AppState {
            engine,
            areas: Mutex::new(None),
            login_limiter: crate::auth::LoginLimiter::default(),
            policy: crate::headers::Policy::new(&tiles.url),
            tiles,
        }
    }
}
