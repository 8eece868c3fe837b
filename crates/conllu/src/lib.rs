//! The CoNLL-U format of Universal Dependencies, and the CoNLL 2018 shared-task scores over it.
//!
//! [`Reader`] streams [`Sentence`]s from a file (plain or gzip) or any `BufRead`,
//! failing with an [`Error`] that names the file and line on malformed input.
//! [`write_sentence`] writes one back; reading then writing is lossless for
//! well-formed input. The [`eval`] module scores a system file against a gold file with
//! the definitions of the CoNLL 2018 shared task (token, sentence and word F1, UPOS, XPOS,
//! lemma, UAS, LAS, CLAS, MLAS and BLEX over aligned words); [`document_text`] rebuilds the
//! raw text of a file for evaluating a pipeline that starts from text.
//!
//! Annotation columns are kept as strings: this crate knows the format, not the tag sets.
#![deny(missing_docs)]

mod error;
pub mod eval;
mod read;
mod text;
mod write;

pub use error::{Error, ErrorKind};
pub use read::{read_path, Reader};
pub use text::document_text;
pub use write::{write_sentence, write_sentences};

/// One syntactic word (a line whose ID is an integer).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Word {
    /// 1-based index in the sentence.
    pub id: u32,
    /// FORM.
    pub form: String,
    /// LEMMA (`_` when absent).
    pub lemma: String,
    /// UPOS (`_` when absent).
    pub upos: String,
    /// XPOS (`_` when absent).
    pub xpos: String,
    /// FEATS (`_` when absent).
    pub feats: String,
    /// HEAD; `None` when the column is `_`, `Some(0)` for the root.
    pub head: Option<u32>,
    /// DEPREL (`_` when absent).
    pub deprel: String,
    /// DEPS (`_` when absent).
    pub deps: String,
    /// MISC (`_` when absent).
    pub misc: String,
}

impl Word {
    /// Whether MISC says `SpaceAfter=No`.
    pub fn no_space_after(&self) -> bool {
        self.misc.split('|').any(|m| m == "SpaceAfter=No")
    }
}

/// A multi-word token line (`3-4  don't  _ ...`): a surface token made of words `first..=last`.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct MultiwordToken {
    /// ID of the first word.
    pub first: u32,
    /// ID of the last word.
    pub last: u32,
    /// The surface form.
    pub form: String,
    /// MISC (`_` when absent).
    pub misc: String,
}

impl MultiwordToken {
    /// Whether MISC says `SpaceAfter=No`.
    pub fn no_space_after(&self) -> bool {
        self.misc.split('|').any(|m| m == "SpaceAfter=No")
    }
}

/// One sentence block.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Sentence {
    /// Comment lines, without the leading `#` and one following space.
    pub comments: Vec<String>,
    /// Words, in ID order (IDs are 1..=n).
    pub words: Vec<Word>,
    /// Multi-word tokens, in order.
    pub tokens: Vec<MultiwordToken>,
    /// Empty-node lines (`8.1 ...`), kept verbatim for round trips; ignored by scoring.
    pub empty_nodes: Vec<String>,
}

impl Sentence {
    /// The value of a `key = value` comment, such as `text` or `sent_id`.
    pub fn comment_value(&self, key: &str) -> Option<&str> {
        self.comments.iter().find_map(|c| {
            let (k, v) = c.split_once('=')?;
            (k.trim() == key).then(|| v.trim())
        })
    }

    /// Whether this sentence starts a new document (`# newdoc`).
    pub fn starts_document(&self) -> bool {
        self.comments.iter().any(|c| c.starts_with("newdoc"))
    }

    /// Whether this sentence starts a new paragraph (`# newpar`).
    pub fn starts_paragraph(&self) -> bool {
        self.comments.iter().any(|c| c.starts_with("newpar"))
    }
}
