//! English NLP for news: part-of-speech tags, lemmas and labelled dependency trees,
//! learned from Universal Dependencies treebanks with no external models or runtimes.
//!
//! The main types:
//!
//! * [`Model`] bundles the three learned components, a [`Tagger`] (UPOS and XPOS), a
//!   [`Lemmatizer`] and a [`Parser`] (labelled dependencies), and saves or loads them as
//!   one file;
//! * [`Pipeline`] runs tokenization (from `entente-text`) and the three components over
//!   raw text and returns a [`Doc`], where every word keeps its byte span in the input;
//! * [`train`] learns a model from CoNLL-U treebanks, deterministically for a seed.
//!
//! Tagger and parser are averaged perceptrons over hashed features
//! ([`perceptron`], [`hash`]); the parser is a greedy arc-hybrid transition parser
//! trained with a dynamic oracle. This keeps analysis linear in the input and fast on
//! one CPU core, which is the point: entente reads whole news archives on a laptop.
//!
//! ```no_run
//! # fn main() -> Result<(), Box<dyn std::error::Error>> {
//! let model = entente_nlp::Model::load(std::path::Path::new("models/en_ud.model"))?;
//! let doc = entente_nlp::Pipeline::new(model).analyze("Russia imposed sanctions on Japan.");
//! let (words, annotations) = doc.sentence(0);
//! assert_eq!(words.len(), annotations.len());
//! # Ok(()) }
//! ```
#![deny(missing_docs)]

pub mod cluster;
pub mod codec;
mod corpus;
pub mod hash;
mod lemma;
mod model;
pub mod neural;
mod parser;
pub mod perceptron;
mod pipeline;
mod tagger;
pub mod train;
mod upos;
pub mod wordclass;

pub use cluster::{ClusterOptions, ClusterText, WordClusters};
pub use corpus::GoldSentence;
pub use lemma::Lemmatizer;
pub use model::{Model, ModelError, ModelInfo};
pub use parser::{Arc, NeuralOptions, Parser, ParserOptions};
pub use pipeline::{Annotation, Doc, Pipeline};
pub use tagger::{TagSet, Tagger, TaggerOptions};
pub use upos::{UnknownUpos, Upos};
pub use wordclass::WordClasses;
