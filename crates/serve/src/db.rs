//! A small pool of read-only store connections, used off the async runtime.
//!
//! Each request takes a permit (at most `size` queries run at once; a request that waits
//! longer than [`Pool::WAIT`] gets a 503), runs its query on a blocking thread with an idle
//! [`Store`], and gives the store back afterwards. Every query runs under the store's time
//! limit: SQLite interrupts it when the limit passes, and the request gets a 503.
//!
//! Stores are opened with [`Store::open_read_only`] (`SQLITE_OPEN_READ_ONLY`) and
//! `PRAGMA query_only`, so no statement, whatever its text, can change the database.

use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use entente_store::{Error as StoreError, Store};
use tokio::sync::Semaphore;

use crate::error::{ApiError, ServeError};

/// Read-only stores over one database file.
pub struct Pool {
    path: PathBuf,
    idle: Mutex<Vec<Store>>,
    permits: Semaphore,
    query_timeout: Duration,
}

impl Pool {
    /// How long a request waits for a free connection before it gets a 503.
    pub const WAIT: Duration = Duration::from_secs(5);

    /// Opens the database read-only (one store at once, to report a bad file at start-up;
    /// more are opened on demand, at most `size` in use at a time).
    pub fn open(path: &Path, size: usize, query_timeout: Duration) -> Result<Pool, ServeError> {
        if !path.is_file() {
            return Err(ServeError::Missing(path.to_path_buf()));
        }
        let first = open_read_only(path, query_timeout).map_err(|source| ServeError::Open {
            path: path.to_path_buf(),
            source,
        })?;
        Ok(Pool {
            path: path.to_path_buf(),
            idle: Mutex::new(vec![first]),
            permits: Semaphore::new(size.max(1)),
            query_timeout,
        })
    }

    /// The database file.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Runs `f` with a read-only store on a blocking thread, within the query time limit.
    /// A bad parameter found by the store becomes a 400, a query over the time limit a 503,
    /// any other store error a 500.
    pub async fn run<T, F>(self: &Arc<Self>, f: F) -> Result<T, ApiError>
    where
        T: Send + 'static,
        F: FnOnce(&Store) -> Result<T, StoreError> + Send + 'static,
    {
        let permit = tokio::time::timeout(Self::WAIT, self.permits.acquire())
            .await
            .map_err(|_| ApiError::unavailable("the server is busy; try again"))?
            .map_err(|_| ApiError::unavailable("the server is shutting down"))?;
        let pool = Arc::clone(self);
        let result = tokio::task::spawn_blocking(move || pool.run_blocking(f))
            .await
            .map_err(|e| ApiError::internal(format!("query task failed: {e}")))?;
        drop(permit);
        result
    }

    fn run_blocking<T>(
        &self,
        f: impl FnOnce(&Store) -> Result<T, StoreError>,
    ) -> Result<T, ApiError> {
        let taken = self.idle.lock().map(|mut idle| idle.pop()).unwrap_or(None);
        let store = match taken {
            Some(s) => s,
            None => open_read_only(&self.path, self.query_timeout).map_err(|e| {
                ApiError::internal(format!("cannot open {}: {e}", self.path.display()))
            })?,
        };
        let result = f(&store);
        if let Ok(mut idle) = self.idle.lock() {
            idle.push(store);
        }
        result.map_err(api_error)
    }
}

/// The HTTP answer to a store error.
pub(crate) fn api_error(e: StoreError) -> ApiError {
    match e {
        StoreError::BadQuery(m) => ApiError::bad_request(m),
        StoreError::TimedOut(ms) => ApiError::unavailable(format!(
            "the query ran longer than {ms} ms; narrow it down (a shorter period, an actor, a code)"
        )),
        other => {
            eprintln!("entente serve: {other}");
            ApiError::internal("the query failed; the server's log says why")
        }
    }
}

/// Opens `path` so that nothing can write through the store, with a time limit on every
/// query.
pub fn open_read_only(path: &Path, query_timeout: Duration) -> Result<Store, StoreError> {
    let mut store = Store::open_read_only(path)?;
    store.connection().pragma_update(None, "query_only", true)?;
    store.set_time_limit(Some(query_timeout));
    Ok(store)
}
