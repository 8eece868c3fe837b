//! PETRARCH-2 dictionaries for entente.
//!
//! PETRARCH-2 (and TABARI before it) keeps its knowledge in four kinds of text file:
//! actor dictionaries (names with actor codes, some valid only between dates), agent
//! dictionaries (kinds of actor such as "troops" that combine with a state), verb
//! dictionaries (verb synsets with patterns and CAMEO codes) and discard lists. This crate
//! reads them and *translates* each into entente's own dictionary text (the format of
//! `dict/README.md`), which the ordinary loaders ([`Dictionary`], [`VerbDict`]) compile.
//! Everything downstream (coding, `explain`, `eval`) is therefore unchanged.
//!
//! A translation is honest about what it could not carry over: every PETRARCH entry or
//! pattern that has no counterpart in our format is listed in [`Translation::skipped`]
//! with its file, line and reason. Lines that cannot be read at all are errors
//! ([`DictError`], with file and line).
#![deny(missing_docs)]

mod actors;
mod agents;
mod config;
mod discards;
mod validate;
mod verbs;
mod words;

use std::path::{Path, PathBuf};

use entente_actors::{DictError, Dictionary};
use entente_coder::VerbDict;

pub use actors::translate_actors;
pub use agents::translate_agents;
pub use config::{read_config, DictionarySet};
pub use discards::{read_discards, Discards};
pub use validate::{parse_validation, Expected, Record, Validation};
pub use verbs::translate_verbs;

/// Which of our loaders reads a translated file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Target {
    /// Actor entries (`dict/actors/`).
    Actors,
    /// Verb patterns (`dict/verbs/`).
    Verbs,
}

/// One PETRARCH file translated into our format.
#[derive(Debug, Clone)]
pub struct Converted {
    /// The PETRARCH file it came from.
    pub source: PathBuf,
    /// Which loader reads it.
    pub target: Target,
    /// The text in our format.
    pub text: String,
    /// For each line of `text` (index = line - 1), the line of the source it came from
    /// (0 for lines we added, such as section headers).
    pub origin: Vec<usize>,
}

impl Converted {
    fn new(source: &Path, target: Target) -> Converted {
        Converted {
            source: source.to_path_buf(),
            target,
            text: String::new(),
            origin: Vec::new(),
        }
    }

    /// Appends one line of our format, remembering the source line it came from.
    fn push(&mut self, line: &str, from: usize) {
        self.text.push_str(line);
        self.text.push('\n');
        self.origin.push(from);
    }

    /// The source line behind line `n` (1-based) of the translated text.
    pub fn source_line(&self, n: usize) -> usize {
        n.checked_sub(1)
            .and_then(|i| self.origin.get(i))
            .copied()
            .unwrap_or(0)
    }
}

/// A PETRARCH entry or pattern that our format cannot express.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Skipped {
    /// The PETRARCH file.
    pub file: PathBuf,
    /// 1-based line.
    pub line: usize,
    /// Why it was not carried over.
    pub reason: String,
}

/// The result of translating one or more PETRARCH files.
#[derive(Debug, Clone, Default)]
pub struct Translation {
    /// Translated files.
    pub files: Vec<Converted>,
    /// What could not be expressed in our format.
    pub skipped: Vec<Skipped>,
    /// Lines that could not be read (file and line of the PETRARCH source).
    pub errors: Vec<DictError>,
    /// Patterns translated (one per PETRARCH pattern line and verb default).
    pub patterns: usize,
}

impl Translation {
    /// Adds another translation's results.
    pub fn extend(&mut self, other: Translation) {
        self.files.extend(other.files);
        self.skipped.extend(other.skipped);
        self.errors.extend(other.errors);
        self.patterns += other.patterns;
    }

    /// Compiles the translated files with our own loaders. Errors found by the loaders are
    /// mapped back to the PETRARCH file and line; all are returned beside the result (the
    /// caller decides whether they are fatal).
    pub fn compile(&self) -> (Dictionary, VerbDict, Vec<DictError>) {
        let pick = |t: Target| {
            self.files
                .iter()
                .filter(move |f| f.target == t)
                .map(|f| (f.source.as_path(), f.text.as_str()))
        };
        let (mut dict, mut errors) = Dictionary::from_sources_lenient(pick(Target::Actors));
        let (mut verbs, verb_errors) = VerbDict::from_sources_lenient(pick(Target::Verbs));
        // Entries and patterns point at the PETRARCH lines they came from.
        for f in &self.files {
            let map = |n: usize| f.source_line(n);
            match f.target {
                Target::Actors => dict.map_lines(&f.source, &map),
                Target::Verbs => verbs.map_lines(&f.source, &map),
            }
        }
        errors.extend(verb_errors);
        for e in &mut errors {
            if let Some(f) = self
                .files
                .iter()
                .find(|f| f.source == e.file && f.origin.len() >= e.line)
            {
                e.line = f.source_line(e.line);
            }
        }
        let mut all = self.errors.clone();
        all.extend(errors);
        (dict, verbs, all)
    }
}

/// Reads and translates a whole dictionary set.
pub fn translate_set(set: &DictionarySet) -> std::io::Result<Translation> {
    let mut out = Translation::default();
    let read = |p: &Path| {
        std::fs::read(p)
            .map(|b| String::from_utf8_lossy(&b).into_owned())
            .map_err(|e| std::io::Error::new(e.kind(), format!("{}: {e}", p.display())))
    };
    for p in &set.actors {
        out.extend(translate_actors(p, &read(p)?));
    }
    for p in &set.agents {
        out.extend(translate_agents(p, &read(p)?));
    }
    for p in &set.verbs {
        out.extend(translate_verbs(p, &read(p)?));
    }
    Ok(out)
}
