//! The store's errors.

/// What can go wrong with a store.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// SQLite refused an operation.
    #[error("database: {0}")]
    Sqlite(#[from] rusqlite::Error),
    /// The database was written by another version of the schema, or is not ours.
    #[error("not an entente database of this version: {0}")]
    Schema(String),
    /// A query parameter is out of range or malformed (the message names it).
    #[error("bad query: {0}")]
    BadQuery(String),
    /// A query ran past the time limit set with [`crate::Store::set_time_limit`].
    #[error("query took longer than the {0} ms limit")]
    TimedOut(u64),
    /// A stored value could not be read back (a JSON column, say).
    #[error("corrupt stored value: {0}")]
    Corrupt(String),
    /// Writing an export failed.
    #[error("export: {0}")]
    Export(String),
    /// Reading or writing a file failed.
    #[error("{0}")]
    Io(#[from] std::io::Error),
}
