//! entente's web server: a read-only JSON API over the event store and the dashboard.
//!
//! A tour:
//! - [`Config`] says which database to serve, where to listen and the limits;
//!   [`run`] (blocking) or [`serve`] (async) start the server.
//! - [`router`] is the whole application as an axum [`Router`]: `/api/...` (see the
//!   `api` module's table of routes) and the dashboard's files at `/`.
//! - Queries run on a small pool of read-only SQLite connections ([`db::Pool`]) on
//!   blocking threads, each under a time limit.
//! - The dashboard (`web/`) is bundled by `build.rs` with npm and embedded in the binary;
//!   [`dashboard_built`] tells whether this build has it.
//!
//! Every answer is JSON; a malformed parameter gets a 400 with `{"error": ..., "status": 400}`.
//!
//! ```
//! use entente_serve::{is_loopback, Config};
//! let config = Config::new("entente.db".into());
//! assert!(is_loopback(&config.listen));
//! assert!(!is_loopback(&"0.0.0.0:8750".parse().unwrap()));
//! ```

#![deny(missing_docs)]

mod api;
mod assets;
pub mod db;
mod error;

use std::net::{Ipv4Addr, SocketAddr};
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use axum::http::{header, HeaderValue, StatusCode};
use axum::Router;
use tower_http::limit::RequestBodyLimitLayer;
use tower_http::set_header::SetResponseHeaderLayer;
use tower_http::timeout::TimeoutLayer;

pub use api::{MAX_LIMIT, MAX_TEXT};
pub use assets::dashboard_built;
pub use error::{ApiError, ServeError};

/// The port `entente serve` listens on by default (on 127.0.0.1).
pub const DEFAULT_PORT: u16 = 8750;

/// What to serve and how.
#[derive(Debug, Clone)]
pub struct Config {
    /// The SQLite database written by `entente ingest`.
    pub db: PathBuf,
    /// The address to listen on (default 127.0.0.1:8750).
    pub listen: SocketAddr,
    /// The longest one SQL query may run before it is interrupted.
    pub query_timeout: Duration,
    /// The longest one request may take, queueing included.
    pub request_timeout: Duration,
    /// How many queries run at once (and read-only connections are kept).
    pub connections: usize,
}

impl Config {
    /// The defaults for serving `db`.
    pub fn new(db: PathBuf) -> Config {
        let cores = std::thread::available_parallelism().map_or(2, |n| n.get());
        Config {
            db,
            listen: SocketAddr::from((Ipv4Addr::LOCALHOST, DEFAULT_PORT)),
            query_timeout: Duration::from_secs(2),
            request_timeout: Duration::from_secs(10),
            connections: (2 * cores).max(4),
        }
    }
}

/// Whether `addr` is reachable from this machine only.
pub fn is_loopback(addr: &SocketAddr) -> bool {
    addr.ip().is_loopback()
}

/// The shared state of all handlers.
#[derive(Clone)]
pub struct AppState {
    pool: Arc<db::Pool>,
}

impl AppState {
    /// Opens the database read-only as `config` says.
    pub fn open(config: &Config) -> Result<AppState, ServeError> {
        let pool = db::Pool::open(&config.db, config.connections, config.query_timeout)?;
        Ok(AppState {
            pool: Arc::new(pool),
        })
    }
}

/// The whole application: the API under `/api` and the dashboard everywhere else, with
/// the request limits (body size, time) and security headers.
pub fn router(state: AppState, config: &Config) -> Router {
    Router::new()
        .nest("/api", api::routes(state))
        .fallback(assets::handler)
        .layer(RequestBodyLimitLayer::new(16 * 1024))
        .layer(TimeoutLayer::with_status_code(
            StatusCode::SERVICE_UNAVAILABLE,
            config.request_timeout,
        ))
        .layer(SetResponseHeaderLayer::if_not_present(
            header::X_CONTENT_TYPE_OPTIONS,
            HeaderValue::from_static("nosniff"),
        ))
        .layer(SetResponseHeaderLayer::if_not_present(
            header::REFERRER_POLICY,
            HeaderValue::from_static("no-referrer"),
        ))
        .layer(SetResponseHeaderLayer::if_not_present(
            header::CONTENT_SECURITY_POLICY,
            HeaderValue::from_static(
                "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; \
                 img-src 'self' data:; connect-src 'self'; object-src 'none'; \
                 base-uri 'none'; frame-ancestors 'none'",
            ),
        ))
}

/// Serves until Ctrl-C (or SIGTERM). `ready` is called with the bound address once the
/// server accepts connections (useful with port 0).
pub async fn serve(config: Config, ready: impl FnOnce(SocketAddr)) -> Result<(), ServeError> {
    let state = AppState::open(&config)?;
    let listener = tokio::net::TcpListener::bind(config.listen)
        .await
        .map_err(|source| ServeError::Bind {
            addr: config.listen,
            source,
        })?;
    ready(listener.local_addr()?);
    axum::serve(listener, router(state, &config))
        .with_graceful_shutdown(shutdown_signal())
        .await?;
    Ok(())
}

/// [`serve`] on a runtime of its own, for synchronous callers such as the CLI.
pub fn run(config: Config, ready: impl FnOnce(SocketAddr)) -> Result<(), ServeError> {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .thread_name("entente-serve")
        .build()?;
    runtime.block_on(serve(config, ready))
}

async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let term = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {},
        () = term => {},
    }
}
