//! Loading actor dictionaries and finding their phrases in a sentence.

use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use rustc_hash::FxHashMap;

use crate::error::{DictError, DictErrorKind, DictErrors};
use crate::phrase::{compile, fold, WordPat};
use crate::role::Role;
use crate::syntax::{self, Line};

/// The kind of a dictionary entry.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Kind {
    /// A state (`[country RUS]`).
    Country,
    /// A region or bloc (`[region WST]`).
    Region,
    /// An international organisation (`[igo IGOUNO]`).
    Igo,
    /// A non-state armed or political group (`[group PSEHMS]`).
    Group,
    /// An office-holder with dated roles (`[person]`).
    Person,
    /// A kind of actor that combines with a state (`[agent MIL]`).
    Agent,
}

impl Kind {
    fn parse(s: &str) -> Option<Kind> {
        Some(match s {
            "country" => Kind::Country,
            "region" => Kind::Region,
            "igo" => Kind::Igo,
            "group" => Kind::Group,
            "person" => Kind::Person,
            "agent" => Kind::Agent,
            _ => return None,
        })
    }

    /// The word used in dictionary headers.
    pub fn name(self) -> &'static str {
        match self {
            Kind::Country => "country",
            Kind::Region => "region",
            Kind::Igo => "igo",
            Kind::Group => "group",
            Kind::Person => "person",
            Kind::Agent => "agent",
        }
    }

    fn fields(self) -> &'static [&'static str] {
        match self {
            Kind::Country => &["name", "adj", "capital", "city", "seat", "media"],
            Kind::Region => &["name", "adj"],
            Kind::Igo => &["name", "adj", "agency"],
            Kind::Group => &["name"],
            Kind::Person => &["name", "role"],
            Kind::Agent => &["noun", "adj"],
        }
    }
}

/// One entry of a dictionary: a state, organisation, group, person or agent.
#[derive(Debug, Clone)]
pub struct Entry {
    /// What it is.
    pub kind: Kind,
    /// Its code (empty for people, whose codes come from their roles).
    pub code: String,
    /// The readable label from the header.
    pub label: String,
    /// Dated roles (people only).
    pub roles: Vec<Role>,
    /// Where it was defined.
    pub file: PathBuf,
    /// The header's line number.
    pub line: usize,
}

/// How a phrase denotes its entry.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Sense {
    /// A name of the entry.
    Name,
    /// An adjective or demonym ("Russian").
    Adjective,
    /// A capital city standing for its state.
    Capital,
    /// A seat of power standing for the government ("the Kremlin").
    Seat,
    /// A state news medium ("TASS").
    Media,
    /// A body of an organisation with its own code.
    Agency(String),
    /// An agent noun ("troops").
    AgentNoun,
    /// An agent adjective ("military").
    AgentAdj,
}

/// A phrase of the dictionary found in a sentence.
#[derive(Debug, Clone)]
pub struct Mention<'d> {
    /// First word (index into the slice given to [`Dictionary::find`]).
    pub start: usize,
    /// One past the last word.
    pub end: usize,
    /// The entry it names.
    pub entry: &'d Entry,
    /// How it names it.
    pub sense: &'d Sense,
}

#[derive(Debug, Clone)]
struct Phrase {
    words: Vec<WordPat>,
    /// Written with a leading `the` (optional in text, see `find`).
    had_the: bool,
    entry: u32,
    sense: Sense,
    line: usize,
}

/// A compiled set of actor dictionaries.
#[derive(Debug, Default, Clone)]
pub struct Dictionary {
    entries: Vec<Entry>,
    phrases: Vec<Phrase>,
    /// First word key → phrases starting with it, longest first.
    index: FxHashMap<String, Vec<u32>>,
    /// Warnings found while loading (duplicate phrases), for `dict check`.
    warnings: Vec<String>,
}

impl Dictionary {
    /// Compiles dictionary files given as (name, text) pairs. Every problem is
    /// collected; the result is an error if there was any.
    pub fn from_sources<'a>(
        sources: impl IntoIterator<Item = (&'a Path, &'a str)>,
    ) -> Result<Dictionary, DictErrors> {
        DictErrors::strict(Self::from_sources_lenient(sources))
    }

    /// Like [`Dictionary::from_sources`], but keeps every entry that could be read and
    /// returns the problems beside the dictionary (`--lenient`).
    pub fn from_sources_lenient<'a>(
        sources: impl IntoIterator<Item = (&'a Path, &'a str)>,
    ) -> (Dictionary, Vec<DictError>) {
        let mut dict = Dictionary::default();
        let mut errors = Vec::new();
        for (file, text) in sources {
            dict.add_file(file, text, &mut errors);
        }
        dict.build_index();
        (dict, errors)
    }

    fn add_file(&mut self, file: &Path, text: &str, errors: &mut Vec<DictError>) {
        let err = |line, kind| DictError {
            file: file.to_path_buf(),
            line,
            kind,
        };
        let mut current: Option<u32> = None;
        for (n, line) in syntax::lines(text) {
            match line {
                Line::Header { inside, label } => {
                    current = None;
                    let mut parts = inside.split_whitespace();
                    let kind_word = parts.next().unwrap_or("");
                    let Some(kind) = Kind::parse(kind_word) else {
                        errors.push(err(n, DictErrorKind::UnknownKind(kind_word.to_string())));
                        continue;
                    };
                    let code = parts.next().unwrap_or("");
                    if parts.next().is_some() || (kind != Kind::Person && code.is_empty()) {
                        errors.push(err(n, DictErrorKind::BadHeader(inside.to_string())));
                        continue;
                    }
                    if !code.is_empty() && !syntax::is_code(code) {
                        errors.push(err(n, DictErrorKind::BadCode(code.to_string())));
                        continue;
                    }
                    self.entries.push(Entry {
                        kind,
                        code: code.to_string(),
                        label: label.to_string(),
                        roles: Vec::new(),
                        file: file.to_path_buf(),
                        line: n,
                    });
                    current = Some(self.entries.len() as u32 - 1);
                }
                Line::Field { name, rest } => {
                    let Some(entry) = current else {
                        errors.push(err(n, DictErrorKind::FieldOutsideEntry));
                        continue;
                    };
                    let kind = self.entries[entry as usize].kind;
                    if !kind.fields().contains(&name) {
                        errors.push(err(
                            n,
                            DictErrorKind::UnknownField {
                                field: name.to_string(),
                                kind: kind.name(),
                            },
                        ));
                        continue;
                    }
                    for value in syntax::values(rest) {
                        if value.is_empty() {
                            errors.push(err(n, DictErrorKind::EmptyValue(name.to_string())));
                            continue;
                        }
                        if let Err(kind) = self.add_value(entry, name, value, n) {
                            errors.push(err(n, kind));
                        }
                    }
                }
                Line::Other(text) => errors.push(err(n, DictErrorKind::BadLine(text.to_string()))),
            }
        }
    }

    fn add_value(
        &mut self,
        entry: u32,
        field: &str,
        value: &str,
        line: usize,
    ) -> Result<(), DictErrorKind> {
        let (phrase, sense) = match field {
            "role" => {
                let role = Role::parse(value)?;
                self.entries[entry as usize].roles.push(role);
                return Ok(());
            }
            "agency" => {
                let (name, code) = value
                    .split_once('=')
                    .map(|(a, b)| (a.trim(), b.trim()))
                    .filter(|(a, b)| !a.is_empty() && syntax::is_code(b))
                    .ok_or_else(|| DictErrorKind::BadAgency(value.to_string()))?;
                (name, Sense::Agency(code.to_string()))
            }
            "name" => (value, Sense::Name),
            "adj" => {
                let kind = self.entries[entry as usize].kind;
                let sense = if kind == Kind::Agent {
                    Sense::AgentAdj
                } else {
                    Sense::Adjective
                };
                (value, sense)
            }
            "noun" => (value, Sense::AgentNoun),
            "capital" | "city" => (value, Sense::Capital),
            "seat" => (value, Sense::Seat),
            "media" => (value, Sense::Media),
            _ => unreachable!("fields are checked against Kind::fields"),
        };
        let (words, had_the) = compile(phrase);
        if words.is_empty() {
            return Err(DictErrorKind::EmptyValue(field.to_string()));
        }
        self.phrases.push(Phrase {
            words,
            had_the,
            entry,
            sense,
            line,
        });
        Ok(())
    }

    fn build_index(&mut self) {
        self.index.clear();
        let mut seen: FxHashMap<Vec<String>, u32> = FxHashMap::default();
        for (i, p) in self.phrases.iter().enumerate() {
            let key: Vec<String> = p.words.iter().map(|w| w.key.clone()).collect();
            if let Some(&first) = seen.get(&key) {
                let a = &self.entries[self.phrases[first as usize].entry as usize];
                let b = &self.entries[p.entry as usize];
                if a.line != b.line || a.file != b.file {
                    self.warnings.push(format!(
                        "{}:{}: phrase {:?} also names {} ({}:{}); the first definition wins",
                        b.file.display(),
                        p.line,
                        key.join(" "),
                        describe(a),
                        a.file.display(),
                        a.line
                    ));
                }
            } else {
                seen.insert(key, i as u32);
            }
            self.index
                .entry(p.words[0].key.clone())
                .or_default()
                .push(i as u32);
        }
        let phrases = &self.phrases;
        for list in self.index.values_mut() {
            // Longest first; among equals, the earliest definition first.
            list.sort_by_key(|&i| (std::cmp::Reverse(phrases[i as usize].words.len()), i));
        }
    }

    /// All entries, in file order.
    pub fn entries(&self) -> &[Entry] {
        &self.entries
    }

    /// Number of phrases.
    pub fn phrase_count(&self) -> usize {
        self.phrases.len()
    }

    /// Rewrites the line numbers recorded for `file` with `f`: for dictionaries translated
    /// from another format, so that entries point at the line of the original file.
    pub fn map_lines(&mut self, file: &Path, f: &dyn Fn(usize) -> usize) {
        for p in &mut self.phrases {
            if self.entries[p.entry as usize].file == file {
                p.line = f(p.line);
            }
        }
        for e in self.entries.iter_mut().filter(|e| e.file == file) {
            e.line = f(e.line);
        }
    }

    /// Warnings found while loading (phrases defined twice).
    pub fn warnings(&self) -> &[String] {
        &self.warnings
    }

    /// Finds dictionary phrases in a sentence's tokens: longest match first, left to
    /// right, never overlapping.
    pub fn find<'d, S: AsRef<str>>(&'d self, tokens: &[S]) -> Vec<Mention<'d>> {
        let keys: Vec<String> = tokens.iter().map(|t| fold(t.as_ref())).collect();
        let mut out = Vec::new();
        let mut i = 0;
        while i < tokens.len() {
            let mut found = None;
            if let Some(list) = self.index.get(&keys[i]) {
                for &pi in list {
                    let p = &self.phrases[pi as usize];
                    let n = p.words.len();
                    // "the West" is not the "West" of "West Virginia": a one-word phrase
                    // written with "the" does not match before another capitalised word.
                    let before_name = n == 1
                        && p.had_the
                        && tokens.get(i + 1).is_some_and(|t| {
                            t.as_ref().chars().next().is_some_and(char::is_uppercase)
                        });
                    if !before_name
                        && i + n <= tokens.len()
                        && p.words
                            .iter()
                            .enumerate()
                            .all(|(k, w)| w.matches(tokens[i + k].as_ref(), &keys[i + k]))
                    {
                        found = Some(p);
                        break;
                    }
                }
            }
            match found {
                Some(p) => {
                    let end = i + p.words.len();
                    out.push(Mention {
                        start: i,
                        end,
                        entry: &self.entries[p.entry as usize],
                        sense: &p.sense,
                    });
                    i = end;
                }
                None => i += 1,
            }
        }
        out
    }
}

impl Entry {
    /// True unless this is a person who held none of their roles on `date`.
    pub fn in_office(&self, date: Option<NaiveDate>) -> bool {
        match (self.kind, date) {
            (Kind::Person, Some(d)) => self.roles.iter().any(|r| r.contains(d)),
            _ => true,
        }
    }

    /// The code this entry stands for on `date`: the entry's code, or for a person the
    /// role held then (with no date, the latest role; out of office, the state of the
    /// nearest role).
    pub fn code_on(&self, date: Option<NaiveDate>) -> Option<&str> {
        if self.kind != Kind::Person {
            return Some(&self.code);
        }
        let Some(date) = date else {
            return self
                .roles
                .iter()
                .max_by_key(|r| r.from)
                .map(|r| r.code.as_str());
        };
        if let Some(r) = self.roles.iter().find(|r| r.contains(date)) {
            return Some(&r.code);
        }
        let nearest = self.roles.iter().min_by_key(|r| r.distance(date))?;
        if nearest.code.starts_with("IGO") || nearest.code.len() < 3 {
            Some(&nearest.code)
        } else {
            Some(&nearest.code[..3])
        }
    }
}

fn describe(e: &Entry) -> String {
    if e.code.is_empty() {
        format!("{} {:?}", e.kind.name(), e.label)
    } else {
        format!("{} {}", e.kind.name(), e.code)
    }
}
