//! entente's event store: coded documents in a SQLite database, the queries analysts
//! ask of them, and exports for other tools.
//!
//! A tour:
//! - [`Store::open`] creates or opens a database (WAL journal, every commit synced);
//!   [`Store::open_read_only`] opens one for queries only.
//! - [`Store::write`] stores a batch of [`CodedDocument`]s in one transaction. A
//!   document is keyed by its id and [`content_hash`]: stored again unchanged it is
//!   skipped, changed it is replaced whole, so a re-run after a crash resumes.
//! - Queries: [`Store::events`] (filtered by [`EventFilter`], paged by [`Page`]),
//!   [`Store::event`] (one event with its evidence), [`Store::series`],
//!   [`Store::network`], [`Store::actor_summary`], [`Store::unknown_actors`],
//!   [`Store::search`], [`Store::stats`].
//! - [`export`] writes events as JSON Lines, CSV, GDELT 2.0 TSV or Parquet;
//!   [`generate`] fills a database with synthetic events for benchmarks.
//!
//! ```
//! use entente_store::{EventFilter, Page, Store};
//!
//! let store = Store::open_in_memory()?;
//! let filter = EventFilter { country: Some("RUS".into()), ..EventFilter::default() };
//! let page = store.events(&filter, &Page::default())?;
//! assert!(page.events.is_empty() && page.next.is_none());
//! assert_eq!(store.stats()?.documents, 0);
//! # Ok::<(), entente_store::Error>(())
//! ```
#![deny(missing_docs)]

mod error;
pub mod export;
pub mod generate;
mod model;
mod query;
mod schema;
mod write;

use std::path::Path;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use rusqlite::{Connection, OpenFlags};

pub use error::Error;
pub use model::*;
pub use query::segments;
pub use schema::SCHEMA_VERSION;
pub use write::{content_hash, day_of, modality_name, CodedDocument, Mention, WriteSummary};

/// A connection to an event database. `Send` but not `Sync`: give each thread its own
/// (opening one is cheap); any number may read while one writes.
pub struct Store {
    pub(crate) conn: Connection,
    /// Milliseconds after `epoch` when the running query must stop (`u64::MAX`: never).
    deadline: Arc<AtomicU64>,
    epoch: Instant,
    limit: Option<Duration>,
}

impl Store {
    /// Opens the database at `path` for reading and writing, creating it (and its
    /// tables) when missing.
    pub fn open(path: &Path) -> Result<Store, Error> {
        let mut conn = Connection::open(path)?;
        schema::configure(&conn)?;
        schema::create_or_check(&mut conn)?;
        Ok(Store::wrap(conn))
    }

    /// Opens an existing database for queries only.
    pub fn open_read_only(path: &Path) -> Result<Store, Error> {
        let conn = Connection::open_with_flags(
            path,
            OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )?;
        schema::configure(&conn)?;
        schema::check_version(&conn)?;
        Ok(Store::wrap(conn))
    }

    /// A fresh database in memory (tests, examples).
    pub fn open_in_memory() -> Result<Store, Error> {
        let mut conn = Connection::open_in_memory()?;
        schema::configure(&conn)?;
        schema::create_or_check(&mut conn)?;
        Ok(Store::wrap(conn))
    }

    fn wrap(conn: Connection) -> Store {
        let deadline = Arc::new(AtomicU64::new(u64::MAX));
        let epoch = Instant::now();
        let d = Arc::clone(&deadline);
        conn.progress_handler(
            10_000,
            Some(move || {
                let now = epoch.elapsed().as_millis() as u64;
                now >= d.load(Ordering::Relaxed)
            }),
        );
        Store {
            conn,
            deadline,
            epoch,
            limit: None,
        }
    }

    /// Bounds the time of every later query: one that runs longer is stopped and
    /// returns [`Error::TimedOut`]. `None` removes the bound.
    pub fn set_time_limit(&mut self, limit: Option<Duration>) {
        self.limit = limit;
    }

    /// The underlying connection, for what the API does not cover (read it only).
    pub fn connection(&self) -> &Connection {
        &self.conn
    }

    /// Updates the planner's statistics (`PRAGMA optimize`); worth running after a
    /// large ingest.
    pub fn optimize(&self) -> Result<(), Error> {
        self.conn.execute_batch("PRAGMA optimize = 0x10002;")?;
        Ok(())
    }

    /// Runs `f` under the time limit, turning an interrupt into [`Error::TimedOut`].
    pub(crate) fn timed<T>(&self, f: impl FnOnce() -> Result<T, Error>) -> Result<T, Error> {
        let Some(limit) = self.limit else {
            return f();
        };
        let start = self.epoch.elapsed() + limit;
        self.deadline
            .store(start.as_millis() as u64, Ordering::Relaxed);
        let result = f();
        self.deadline.store(u64::MAX, Ordering::Relaxed);
        match result {
            Err(Error::Sqlite(rusqlite::Error::SqliteFailure(e, _)))
                if e.code == rusqlite::ErrorCode::OperationInterrupted =>
            {
                Err(Error::TimedOut(limit.as_millis() as u64))
            }
            r => r,
        }
    }
}
