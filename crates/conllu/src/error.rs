//! Errors of the CoNLL-U reader: what went wrong, in which file, on which line.

use std::io;

/// A reading error: the source name, the 1-based line number and what was wrong.
///
/// Displays as one line, `file.conllu:12: expected 10 tab-separated columns, found 7`.
#[derive(Debug, thiserror::Error)]
#[error("{source_name}:{line}: {kind}")]
pub struct Error {
    source_name: String,
    line: u64,
    kind: ErrorKind,
}

impl Error {
    /// An error at `line` (1-based; 0 when no line applies, such as failing to open a file).
    pub fn new(source_name: impl Into<String>, line: u64, kind: ErrorKind) -> Self {
        Self {
            source_name: source_name.into(),
            line,
            kind,
        }
    }

    /// The file name (or other name) given to the reader.
    pub fn source_name(&self) -> &str {
        &self.source_name
    }

    /// The 1-based line number of the offending line (0 if none).
    pub fn line(&self) -> u64 {
        self.line
    }

    /// What was wrong.
    pub fn kind(&self) -> &ErrorKind {
        &self.kind
    }

    /// Consumes the error, returning what was wrong.
    pub fn into_kind(self) -> ErrorKind {
        self.kind
    }
}

/// What was wrong with the input. Each variant carries the offending text where there is one.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum ErrorKind {
    /// A non-comment, non-blank line without exactly 10 tab-separated columns.
    #[error("expected 10 tab-separated columns, found {found}")]
    ColumnCount {
        /// How many columns the line had.
        found: usize,
    },
    /// A column that must not be empty was empty.
    #[error("empty {column} column")]
    EmptyColumn {
        /// The column name (`FORM`, `LEMMA`, ...).
        column: &'static str,
    },
    /// The ID column is not `N`, `N-M` or `N.M` with decimal numbers.
    #[error("invalid ID {0:?}")]
    BadId(String),
    /// The ID is well-formed but not the one expected at this place.
    #[error("expected ID {expected}, found {found:?}")]
    IdNotSequential {
        /// The ID that should have come next.
        expected: String,
        /// The ID that was found.
        found: String,
    },
    /// The HEAD column is neither `_` nor a decimal integer.
    #[error("HEAD {0:?} is not an integer")]
    BadHead(String),
    /// The HEAD points past the last word of the sentence.
    #[error("HEAD {head} is out of range for a sentence of {words} words")]
    HeadOutOfRange {
        /// The HEAD value.
        head: u32,
        /// Number of words in the sentence.
        words: usize,
    },
    /// A multi-word token range that is empty, reversed, overlaps another or ends past the sentence.
    #[error("invalid multi-word token range {range:?}: {reason}")]
    BadRange {
        /// The ID column, such as `4-3`.
        range: String,
        /// Why it is invalid.
        reason: &'static str,
    },
    /// A sentence block with comments but no words.
    #[error("sentence has no words")]
    NoWords,
    /// A line that is not valid UTF-8.
    #[error("invalid UTF-8: {0}")]
    InvalidUtf8(std::str::Utf8Error),
    /// The gzip stream ended before its end marker: the file is truncated.
    #[error("gzip stream is truncated or corrupt: {0}")]
    TruncatedGzip(io::Error),
    /// Any other I/O error.
    #[error("I/O error: {0}")]
    Io(io::Error),
}
