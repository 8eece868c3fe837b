//! Word classes from a lexicon outside the treebanks: which parts of speech a word can
//! have, for the words training never saw.
//!
//! A tenth of the words in English test text are missing from the treebanks, and the
//! tagger gets about one in five of them wrong against one in twenty-five of the rest.
//! A word list with parts of speech (WordNet's `index.noun`, `index.verb`, `index.adj`,
//! `index.adv`, and its irregular forms in `*.exc`) says what such a word can be:
//! "refurbished" is a form of a verb, "affordable" an adjective. [`WordClasses`] keeps,
//! for every listed lemma and its regular and irregular inflections, a small set of
//! bits; the tagger reads them as a feature. They are stored in the model file, so
//! analysis needs no word list.

use std::path::{Path, PathBuf};

use rustc_hash::FxHashMap;

use crate::codec::{DecodeError, Decoder, Encoder};
use crate::hash::str_hash;

/// A lemma that is a noun.
pub const NOUN: u16 = 1;
/// A lemma that is a verb.
pub const VERB: u16 = 1 << 1;
/// A lemma that is an adjective.
pub const ADJ: u16 = 1 << 2;
/// A lemma that is an adverb.
pub const ADV: u16 = 1 << 3;
/// The plural of a noun.
pub const PLURAL: u16 = 1 << 4;
/// A verb's third person singular (`-s`).
pub const THIRD: u16 = 1 << 5;
/// A verb's past or past participle.
pub const PAST: u16 = 1 << 6;
/// A verb's `-ing` form.
pub const GERUND: u16 = 1 << 7;
/// An adjective's comparative or superlative.
pub const GRADED: u16 = 1 << 8;

/// Errors reading a word list.
#[derive(Debug, thiserror::Error)]
pub enum WordClassError {
    /// A file could not be read.
    #[error("{path}: {source}")]
    Io {
        /// The file.
        path: PathBuf,
        /// The error.
        source: std::io::Error,
    },
}

/// The parts of speech each word form can have, keyed by a hash of the lowercased form.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct WordClasses {
    map: FxHashMap<u64, u16>,
}

impl WordClasses {
    /// Reads WordNet's database files from `dir` (`index.noun` ... and `noun.exc` ...).
    pub fn from_wordnet(dir: &Path) -> Result<WordClasses, WordClassError> {
        let read = |name: &str| {
            let path = dir.join(name);
            std::fs::read(&path)
                .map(|b| String::from_utf8_lossy(&b).into_owned())
                .map_err(|source| WordClassError::Io { path, source })
        };
        let mut lemmas: Vec<(String, u16)> = Vec::new();
        let mut irregular: Vec<(String, String, u16)> = Vec::new();
        for (file, class) in [("noun", NOUN), ("verb", VERB), ("adj", ADJ), ("adv", ADV)] {
            for line in read(&format!("index.{file}"))?.lines() {
                // License header lines start with spaces.
                if line.starts_with(' ') {
                    continue;
                }
                if let Some(lemma) = line.split(' ').next().filter(|l| !l.contains('_')) {
                    lemmas.push((lemma.to_string(), class));
                }
            }
            for line in read(&format!("{file}.exc"))?.lines() {
                let mut parts = line.split(' ');
                if let (Some(form), Some(base)) = (parts.next(), parts.next()) {
                    if !form.contains('_') {
                        irregular.push((form.to_string(), base.to_string(), class));
                    }
                }
            }
        }
        Ok(WordClasses::build(&lemmas, &irregular))
    }

    /// Builds the classes from `(lemma, class)` pairs and irregular `(form, lemma,
    /// class)` triples, adding the regular inflections of every lemma.
    pub fn build(lemmas: &[(String, u16)], irregular: &[(String, String, u16)]) -> WordClasses {
        let mut map: FxHashMap<u64, u16> = FxHashMap::default();
        let mut add = |form: &str, bits: u16| {
            *map.entry(str_hash(form)).or_default() |= bits;
        };
        for (lemma, class) in lemmas {
            add(lemma, *class);
            for (form, bits) in inflections(lemma, *class) {
                add(&form, bits);
            }
        }
        for (form, _, class) in irregular {
            let bits = match *class {
                NOUN => PLURAL,
                // Irregular verb forms are mostly pasts ("went", "taken").
                VERB => PAST,
                ADJ => GRADED,
                _ => 0,
            };
            if bits != 0 {
                add(form, bits);
            }
        }
        WordClasses { map }
    }

    /// The class bits of a word form (0 when the list does not have it).
    pub fn get(&self, lowercased: &str) -> u16 {
        if self.map.is_empty() {
            return 0;
        }
        self.map.get(&str_hash(lowercased)).copied().unwrap_or(0)
    }

    /// True when no word list was read.
    pub fn is_empty(&self) -> bool {
        self.map.is_empty()
    }

    /// Number of word forms.
    pub fn len(&self) -> usize {
        self.map.len()
    }

    /// Writes the classes.
    pub fn encode(&self, enc: &mut Encoder) {
        enc.hash_map_u16(&self.map);
    }

    /// Reads classes written by [`WordClasses::encode`].
    pub fn decode(dec: &mut Decoder) -> Result<WordClasses, DecodeError> {
        Ok(WordClasses {
            map: dec.hash_map_u16()?,
        })
    }
}

/// The regular inflections of a lemma of `class`, each with its bits.
fn inflections(lemma: &str, class: u16) -> Vec<(String, u16)> {
    let mut out = Vec::new();
    if lemma.len() < 2 || !lemma.chars().all(|c| c.is_ascii_lowercase()) {
        return out;
    }
    let last = lemma.chars().last().unwrap_or('a');
    let before_last = lemma.chars().rev().nth(1).unwrap_or('a');
    let vowel = |c: char| "aeiou".contains(c);
    let sibilant = ["s", "x", "z", "ch", "sh"]
        .iter()
        .any(|s| lemma.ends_with(s));
    let y_stem = last == 'y' && !vowel(before_last);
    let s_form = if y_stem {
        format!("{}ies", &lemma[..lemma.len() - 1])
    } else if sibilant {
        format!("{lemma}es")
    } else {
        format!("{lemma}s")
    };
    match class {
        NOUN => out.push((s_form, PLURAL)),
        VERB => {
            out.push((s_form, THIRD));
            let stem = lemma.strip_suffix('e').unwrap_or(lemma);
            let past = if y_stem {
                format!("{}ied", &lemma[..lemma.len() - 1])
            } else {
                format!("{stem}ed")
            };
            out.push((past, PAST));
            if lemma.ends_with("ee") || lemma.ends_with("ie") {
                out.push((format!("{lemma}ing"), GERUND));
            } else {
                out.push((format!("{stem}ing"), GERUND));
            }
            // "stop" → "stopped", "stopping": a final consonant after a single vowel.
            let third_last = lemma.chars().rev().nth(2).unwrap_or('a');
            if !vowel(last) && vowel(before_last) && !vowel(third_last) && !"wxy".contains(last) {
                out.push((format!("{lemma}{last}ed"), PAST));
                out.push((format!("{lemma}{last}ing"), GERUND));
            }
        }
        ADJ => {
            let stem = lemma.strip_suffix('e').unwrap_or(lemma);
            let stem = if y_stem {
                format!("{}i", &lemma[..lemma.len() - 1])
            } else {
                stem.to_string()
            };
            out.push((format!("{stem}er"), GRADED));
            out.push((format!("{stem}est"), GRADED));
        }
        _ => {}
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn classes() -> WordClasses {
        let lemmas = [
            ("refurbish", VERB),
            ("stop", VERB),
            ("study", VERB),
            ("study", NOUN),
            ("affordable", ADJ),
            ("happy", ADJ),
            ("box", NOUN),
        ]
        .map(|(l, c)| (l.to_string(), c));
        let irregular = [("went".to_string(), "go".to_string(), VERB)];
        WordClasses::build(&lemmas, &irregular)
    }

    #[test]
    fn lemmas_and_their_inflections() {
        let c = classes();
        assert_eq!(c.get("refurbished"), PAST);
        assert_eq!(c.get("refurbishing"), GERUND);
        assert_eq!(c.get("stopped"), PAST);
        assert_eq!(c.get("stopping"), GERUND);
        assert_eq!(c.get("studies"), THIRD | PLURAL);
        assert_eq!(c.get("study"), VERB | NOUN);
        assert_eq!(c.get("affordable"), ADJ);
        assert_eq!(c.get("happier"), GRADED);
        assert_eq!(c.get("boxes"), PLURAL);
        assert_eq!(c.get("went"), PAST);
        assert_eq!(c.get("gondor"), 0);
    }

    #[test]
    fn a_missing_word_list_is_an_error_naming_the_file() {
        let dir = Path::new("/nonexistent/wordnet");
        let err = WordClasses::from_wordnet(dir).expect_err("no such folder");
        let msg = err.to_string();
        assert!(msg.contains("/nonexistent/wordnet/index.noun"), "{msg}");
    }

    #[test]
    fn round_trip() {
        let c = classes();
        let mut enc = Encoder::new();
        c.encode(&mut enc);
        let bytes = enc.into_bytes();
        let mut dec = Decoder::new(&bytes);
        assert_eq!(WordClasses::decode(&mut dec).expect("decodes"), c);
    }
}
