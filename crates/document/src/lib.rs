//! Documents in: the readers that turn files into [`Document`]s, and the line-level
//! cleaning of scraped text ([`noise_lines`]).
//!
//! A [`Document`] keeps its text exactly as read (invalid UTF-8 replaced), so every
//! offset later stages report points into the original. Metadata found in the text
//! itself (an archive's ` date YYYY-MM-DD` stamp) is taken out by blanking it with
//! spaces, which keeps offsets valid.
//!
//! ```
//! use entente_document::{noise_lines, Document};
//!
//! let doc = Document::from_text("a", "Title\n\nRussia imposed sanctions on Iran.\nREAD MORE: Other news\n");
//! assert_eq!(doc.title.as_deref(), Some("Title"));
//! let noise = noise_lines(&doc.text);
//! assert_eq!(&doc.text[noise[0].range()], "READ MORE: Other news");
//! ```
#![deny(missing_docs)]

mod html;
mod input;
mod language;
mod noise;
mod read;
mod warc;

pub use html::read_html;
pub use input::{
    read_bytes, read_input, read_path, read_reader, DocError, InputKind, Item, JsonFields,
    ReadOptions, SkipReason,
};
pub use language::{identify_language, Language};
pub use noise::noise_lines;
pub use read::Document;
