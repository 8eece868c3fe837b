//! The tables, their indexes and the connection settings.
//!
//! A document owns its sentences, events and unknown-actor mentions: deleting the
//! document row deletes them (`ON DELETE CASCADE`), and the full-text index follows the
//! sentences through triggers. `actors` is a directory of every actor code seen, kept
//! across replacements (it only grows).
//!
//! Offsets (`start`, `end`, the `*_start`/`*_end` of events and mentions) count
//! characters, as the event record does; `sentences.byte_start`/`byte_end` are the
//! same span in bytes, for slicing the stored text.

use rusqlite::Connection;

use crate::Error;

/// Bumped whenever the tables change; a database of another version is refused.
pub const SCHEMA_VERSION: i64 = 1;

/// The tables (created once, in one transaction).
pub(crate) const TABLES: &str = r#"
CREATE TABLE meta (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
);

CREATE TABLE documents (
    id           INTEGER PRIMARY KEY,
    doc_id       TEXT NOT NULL UNIQUE,
    content_hash TEXT NOT NULL,
    title        TEXT,
    date         TEXT,
    url          TEXT,
    source       TEXT,
    origin       TEXT NOT NULL,
    text         TEXT NOT NULL
);

CREATE TABLE sentences (
    id    INTEGER PRIMARY KEY,
    doc   INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    idx   INTEGER NOT NULL,
    start INTEGER NOT NULL,
    end   INTEGER NOT NULL,
    byte_start INTEGER NOT NULL,
    byte_end   INTEGER NOT NULL,
    text  TEXT NOT NULL,
    UNIQUE (doc, idx)
);

CREATE VIRTUAL TABLE sentences_fts USING fts5(
    text, content = 'sentences', content_rowid = 'id'
);
CREATE TRIGGER sentences_fts_insert AFTER INSERT ON sentences BEGIN
    INSERT INTO sentences_fts (rowid, text) VALUES (new.id, new.text);
END;
CREATE TRIGGER sentences_fts_delete AFTER DELETE ON sentences BEGIN
    INSERT INTO sentences_fts (sentences_fts, rowid, text) VALUES ('delete', old.id, old.text);
END;

CREATE TABLE events (
    id             INTEGER PRIMARY KEY,
    event_id       TEXT NOT NULL,
    doc            INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    sentence       INTEGER NOT NULL REFERENCES sentences(id) ON DELETE CASCADE,
    sentence_index INTEGER NOT NULL,
    date           TEXT,
    date_text      TEXT,
    day            TEXT NOT NULL,
    src_code       TEXT NOT NULL,
    src_country    TEXT,
    src_agent      TEXT,
    src_node       TEXT NOT NULL,
    src_text       TEXT NOT NULL,
    src_start      INTEGER NOT NULL,
    src_end        INTEGER NOT NULL,
    src_via        TEXT NOT NULL,
    src_label      TEXT NOT NULL,
    tgt_code       TEXT NOT NULL,
    tgt_country    TEXT,
    tgt_agent      TEXT,
    tgt_node       TEXT NOT NULL,
    tgt_text       TEXT NOT NULL,
    tgt_start      INTEGER NOT NULL,
    tgt_end        INTEGER NOT NULL,
    tgt_via        TEXT NOT NULL,
    tgt_label      TEXT NOT NULL,
    code           TEXT NOT NULL,
    root           TEXT NOT NULL,
    quad_class     INTEGER NOT NULL,
    goldstein      REAL NOT NULL,
    plover_type    TEXT,
    plover_mode    TEXT,
    trigger_text   TEXT NOT NULL,
    trigger_lemma  TEXT NOT NULL,
    trigger_start  INTEGER NOT NULL,
    trigger_end    INTEGER NOT NULL,
    attr_code      TEXT,
    attr_text      TEXT,
    attr_verb      TEXT,
    modality       TEXT NOT NULL,
    quantities     TEXT NOT NULL,
    pattern_text   TEXT NOT NULL,
    pattern_at     TEXT NOT NULL,
    symmetric      INTEGER NOT NULL
);

CREATE TABLE actors (
    code    TEXT PRIMARY KEY,
    country TEXT,
    agent   TEXT,
    label   TEXT NOT NULL
);

CREATE TABLE unknown_mentions (
    id       INTEGER PRIMARY KEY,
    doc      INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    sentence INTEGER NOT NULL REFERENCES sentences(id) ON DELETE CASCADE,
    text     TEXT NOT NULL,
    start    INTEGER NOT NULL,
    end      INTEGER NOT NULL
);
"#;

/// Indexes. Every filter of [`crate::EventFilter`] has one that also yields the rows in
/// page order (`day DESC, id DESC`), so a page reads only the rows it returns.
pub(crate) const INDEXES: &str = r#"
CREATE INDEX IF NOT EXISTS events_day ON events (day);
CREATE INDEX IF NOT EXISTS events_doc ON events (doc);
CREATE INDEX IF NOT EXISTS events_sentence ON events (sentence);
CREATE INDEX IF NOT EXISTS events_src_code ON events (src_code, day);
CREATE INDEX IF NOT EXISTS events_tgt_code ON events (tgt_code, day);
CREATE INDEX IF NOT EXISTS events_src_agent ON events (src_agent, day);
CREATE INDEX IF NOT EXISTS events_tgt_agent ON events (tgt_agent, day);
CREATE INDEX IF NOT EXISTS events_src_country ON events (src_country, day);
CREATE INDEX IF NOT EXISTS events_tgt_country ON events (tgt_country, day);
CREATE INDEX IF NOT EXISTS events_dyad ON events (src_node, tgt_node, day, quad_class, goldstein);
CREATE INDEX IF NOT EXISTS events_src_node_cover ON events (src_node, day, tgt_node, quad_class, goldstein, code, src_code);
CREATE INDEX IF NOT EXISTS events_tgt_node_cover ON events (tgt_node, day, src_node, quad_class, goldstein, tgt_code);
CREATE INDEX IF NOT EXISTS events_code ON events (code, day);
CREATE INDEX IF NOT EXISTS events_root ON events (root, day);
CREATE INDEX IF NOT EXISTS events_quad ON events (quad_class, day);
CREATE INDEX IF NOT EXISTS events_modality ON events (modality, day);
CREATE INDEX IF NOT EXISTS events_network ON events (day, src_node, tgt_node, quad_class, goldstein);
CREATE INDEX IF NOT EXISTS sentences_doc ON sentences (doc);
CREATE INDEX IF NOT EXISTS unknown_text ON unknown_mentions (text);
CREATE INDEX IF NOT EXISTS unknown_doc ON unknown_mentions (doc);
CREATE INDEX IF NOT EXISTS unknown_sentence ON unknown_mentions (sentence);
"#;

/// Settings for every connection: foreign keys on (they drive the cascades), a busy
/// timeout so readers and the writer wait rather than fail.
pub(crate) fn configure(conn: &Connection) -> Result<(), Error> {
    conn.execute_batch(
        "PRAGMA foreign_keys = ON;
         PRAGMA busy_timeout = 5000;
         PRAGMA cache_size = -65536;
         PRAGMA temp_store = MEMORY;",
    )?;
    Ok(())
}

/// Creates the tables in an empty database, or checks the version of an existing one.
pub(crate) fn create_or_check(conn: &mut Connection) -> Result<(), Error> {
    // WAL: readers never block the writer, and a commit is one append to the log, so a
    // killed process leaves the database at its last commit. FULL syncs each commit.
    conn.pragma_update(None, "journal_mode", "WAL")?;
    conn.pragma_update(None, "synchronous", "FULL")?;
    let tx = conn.transaction()?;
    let exists: bool = tx.query_row(
        "SELECT count(*) > 0 FROM sqlite_master WHERE type = 'table' AND name = 'meta'",
        [],
        |r| r.get(0),
    )?;
    if exists {
        check_version(&tx)?;
    } else {
        tx.execute_batch(TABLES)?;
        tx.execute(
            "INSERT INTO meta (key, value) VALUES ('schema_version', ?1)",
            [SCHEMA_VERSION.to_string()],
        )?;
    }
    tx.execute_batch(INDEXES)?;
    tx.commit()?;
    Ok(())
}

/// Refuses a database written by another version of the schema.
pub(crate) fn check_version(conn: &Connection) -> Result<(), Error> {
    let v: Option<String> = conn
        .query_row(
            "SELECT value FROM meta WHERE key = 'schema_version'",
            [],
            |r| r.get(0),
        )
        .ok();
    match v.as_deref().and_then(|v| v.parse::<i64>().ok()) {
        Some(SCHEMA_VERSION) => Ok(()),
        other => Err(Error::Schema(format!(
            "schema version {} (this build reads {SCHEMA_VERSION})",
            other.map_or_else(|| "unknown".to_string(), |v| v.to_string())
        ))),
    }
}
