//! What every handler shares: the engine, the caches over it, the login limiter, the map tiles
//! and the pages' security policy.

use crate::api::cached::Cached;
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
    pub login_limiter: LoginLimiter,
    /// Map tiles (the admin pages' position map).
    pub tiles: frontend::wire::Tiles,
    /// The pages' Content-Security-Policy (it names the tile server).
    pub policy: crate::csp::Policy,
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
            login_limiter: LoginLimiter::default(),
            policy: crate::csp::Policy::new(&tiles.url),
            tiles,
        }
    }
}

/// The sign-in limit: failed sign-ins allowed per e-mail and per client address within a
/// sliding window. The failures are counted in the store, so every server of a cluster sees
/// them and a restart does not forget them.
pub struct LoginLimiter {
    /// Failures allowed per e-mail within the window.
    pub per_email: usize,
    /// Failures allowed per client address within the window.
    pub per_client: usize,
    /// The window.
    pub window: std::time::Duration,
}

impl Default for LoginLimiter {
    fn default() -> LoginLimiter {
        LoginLimiter {
            per_email: 5,
            per_client: 20,
            window: std::time::Duration::from_secs(15 * 60),
        }
    }
}
