//! The JSON API (work in progress).

use axum::routing::get;
use axum::{Json, Router};

use crate::AppState;

/// The largest page of events one request may ask for (`limit`).
pub const MAX_LIMIT: u32 = 500;
/// The longest text parameter accepted (search terms, codes), in bytes.
pub const MAX_TEXT: usize = 200;

/// The `/api` routes.
pub(crate) fn routes(state: AppState) -> Router {
    Router::new()
        .route("/health", get(|| async { Json(serde_json::json!({"ok": true})) }))
        .with_state(state)
}
