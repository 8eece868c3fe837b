//! Errors of dictionary loading.

use std::fmt;
use std::path::PathBuf;

/// A problem in a dictionary file, with the file and line it was found on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DictError {
    /// The file (as given to the loader).
    pub file: PathBuf,
    /// 1-based line number.
    pub line: usize,
    /// What is wrong.
    pub kind: DictErrorKind,
}

/// What is wrong with a dictionary line.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum DictErrorKind {
    /// A `[...]` header that cannot be read.
    #[error("bad entry header {0:?}: expected `[kind CODE] Label`")]
    BadHeader(String),
    /// An entry kind we do not know.
    #[error("unknown entry kind {0:?} (expected country, region, igo, group, person or agent)")]
    UnknownKind(String),
    /// A code that is not upper-case letters, digits and dashes.
    #[error("bad actor code {0:?}: use upper-case letters, digits and '-'")]
    BadCode(String),
    /// A field this kind of entry does not take.
    #[error("field {field:?} is not allowed in a {kind} entry")]
    UnknownField {
        /// The field name.
        field: String,
        /// The entry kind.
        kind: &'static str,
    },
    /// A line that is neither a header nor `field: values`.
    #[error("expected `field: value; value` or `[kind CODE] Label`, found {0:?}")]
    BadLine(String),
    /// A field line before any entry header.
    #[error("field outside of an entry; start one with `[kind CODE] Label`")]
    FieldOutsideEntry,
    /// An empty value between separators.
    #[error("empty value in field {0:?}")]
    EmptyValue(String),
    /// A `role:` line that cannot be read.
    #[error("bad role {0:?}: expected `CODE FROM..TO` with dates YYYY[-MM[-DD]]")]
    BadRole(String),
    /// An `agency:` line that cannot be read.
    #[error("bad agency {0:?}: expected `Name = CODE`")]
    BadAgency(String),
    /// A pattern that cannot be read (used by the verb dictionaries).
    #[error("{0}")]
    BadPattern(String),
    /// The file cannot be read.
    #[error("cannot read: {0}")]
    Io(String),
}

impl fmt::Display for DictError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}: {}", self.file.display(), self.line, self.kind)
    }
}

impl std::error::Error for DictError {}

/// All the problems found in a set of dictionary files.
#[derive(Debug, Clone, Default)]
pub struct DictErrors(pub Vec<DictError>);

impl fmt::Display for DictErrors {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, e) in self.0.iter().enumerate() {
            if i > 0 {
                writeln!(f)?;
            }
            write!(f, "{e}")?;
        }
        Ok(())
    }
}

impl std::error::Error for DictErrors {}

impl DictErrors {
    /// Turns a lenient load (what was read, and the problems) into a strict one: an
    /// error as soon as there is any problem.
    pub fn strict<T>((value, errors): (T, Vec<DictError>)) -> Result<T, DictErrors> {
        if errors.is_empty() {
            Ok(value)
        } else {
            Err(DictErrors(errors))
        }
    }
}
