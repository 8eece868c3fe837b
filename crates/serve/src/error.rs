//! Errors: [`ServeError`] for starting the server, [`ApiError`] for one request (sent as a
//! JSON body `{"error": "...", "status": N}`).

use std::net::SocketAddr;
use std::path::PathBuf;

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Json;

/// Why the server could not start or stopped.
#[derive(Debug, thiserror::Error)]
pub enum ServeError {
    /// The database could not be opened read-only.
    #[error("{path}: cannot open the database read-only: {source}")]
    Open {
        /// The database file.
        path: PathBuf,
        /// What the store said.
        source: entente_store::Error,
    },
    /// The database file does not exist.
    #[error("{0}: no such database (create one with `entente ingest` or try `entente demo`)")]
    Missing(PathBuf),
    /// The listening address could not be bound.
    #[error("cannot listen on {addr}: {source}")]
    Bind {
        /// The address asked for.
        addr: SocketAddr,
        /// What the system said.
        source: std::io::Error,
    },
    /// Any other I/O failure of the server.
    #[error("server: {0}")]
    Io(#[from] std::io::Error),
}

/// An error answer to one API request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApiError {
    /// The HTTP status.
    pub status: StatusCode,
    /// A one-line message for the client.
    pub message: String,
}

impl ApiError {
    /// A 400 Bad Request: the client sent a malformed or out-of-range parameter.
    pub fn bad_request(message: impl Into<String>) -> ApiError {
        ApiError {
            status: StatusCode::BAD_REQUEST,
            message: message.into(),
        }
    }

    /// A 404 Not Found.
    pub fn not_found(message: impl Into<String>) -> ApiError {
        ApiError {
            status: StatusCode::NOT_FOUND,
            message: message.into(),
        }
    }

    /// A 503 Service Unavailable: busy, or the query ran past its time limit.
    pub fn unavailable(message: impl Into<String>) -> ApiError {
        ApiError {
            status: StatusCode::SERVICE_UNAVAILABLE,
            message: message.into(),
        }
    }

    /// A 500 Internal Server Error.
    pub fn internal(message: impl Into<String>) -> ApiError {
        ApiError {
            status: StatusCode::INTERNAL_SERVER_ERROR,
            message: message.into(),
        }
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let body = serde_json::json!({ "error": self.message, "status": self.status.as_u16() });
        (self.status, Json(body)).into_response()
    }
}
