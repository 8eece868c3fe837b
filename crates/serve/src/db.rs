//! A small pool of read-only SQLite connections, used off the async runtime.
//!
//! Each request takes a permit (at most `size` queries run at once; a request that waits
//! longer than [`Pool::WAIT`] gets a 503), runs its query on a blocking thread with an idle
//! connection, and returns the connection afterwards. Every query has a deadline: SQLite's
//! progress handler interrupts it when the deadline passes, and the request gets a 503.
//!
//! Connections are opened with `SQLITE_OPEN_READ_ONLY` and `PRAGMA query_only`, so no
//! statement, whatever its text, can change the database.

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use rusqlite::{Connection, OpenFlags};
use tokio::sync::Semaphore;

use crate::error::{ApiError, ServeError};

/// Read-only connections to one database file.
pub struct Pool {
    path: PathBuf,
    idle: Mutex<Vec<Connection>>,
    permits: Semaphore,
    query_timeout: Duration,
}

impl Pool {
    /// How long a request waits for a free connection before it gets a 503.
    pub const WAIT: Duration = Duration::from_secs(5);

    /// Opens the database read-only (one connection at once, to report a bad file at
    /// start-up; more are opened on demand up to `size`).
    pub fn open(path: &Path, size: usize, query_timeout: Duration) -> Result<Pool, ServeError> {
        if !path.is_file() {
            return Err(ServeError::Missing(path.to_path_buf()));
        }
        let first = open_read_only(path).map_err(|source| ServeError::Open {
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

    /// Runs `f` with a read-only connection on a blocking thread, within the query time
    /// limit. `f`'s own errors become 500s unless `f` maps them itself.
    pub async fn run<T, F>(self: &Arc<Self>, f: F) -> Result<T, ApiError>
    where
        T: Send + 'static,
        F: FnOnce(&Connection) -> Result<T, ApiError> + Send + 'static,
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
        f: impl FnOnce(&Connection) -> Result<T, ApiError>,
    ) -> Result<T, ApiError> {
        let taken = self.idle.lock().map(|mut idle| idle.pop()).unwrap_or(None);
        let conn = match taken {
            Some(c) => c,
            None => open_read_only(&self.path)
                .map_err(|e| ApiError::internal(format!("cannot open the database: {e}")))?,
        };
        let deadline = Instant::now() + self.query_timeout;
        let interrupted = Arc::new(AtomicBool::new(false));
        let flag = Arc::clone(&interrupted);
        conn.progress_handler(
            1_000,
            Some(move || {
                let late = Instant::now() > deadline;
                if late {
                    flag.store(true, Ordering::Relaxed);
                }
                late
            }),
        );
        let result = f(&conn);
        conn.progress_handler(0, None::<fn() -> bool>);
        if let Ok(mut idle) = self.idle.lock() {
            idle.push(conn);
        }
        if interrupted.load(Ordering::Relaxed) {
            return Err(ApiError::unavailable(format!(
                "the query ran longer than {} ms; narrow it down (a shorter period, an actor, a code)",
                self.query_timeout.as_millis()
            )));
        }
        result
    }
}

/// Opens `path` so that nothing can write through the connection.
pub fn open_read_only(path: &Path) -> rusqlite::Result<Connection> {
    let flags = OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX;
    let conn = Connection::open_with_flags(path, flags)?;
    conn.pragma_update(None, "query_only", true)?;
    conn.busy_timeout(Duration::from_secs(2))?;
    Ok(conn)
}
