//! What the training data says about individual words: the tag of frequent unambiguous
//! words (tagged without scoring) and each known word's ambiguity class (the set of tags
//! it was seen with), a strong feature for it and its neighbours.

use rustc_hash::FxHashMap;

use crate::codec::{DecodeError, Decoder, Encoder};
use crate::hash::{feat, mix, str_hash};

use super::features::normalise;

/// A word is tagged from the dictionary when seen at least this often...
const FIXED_MIN_COUNT: u32 = 50;
/// ... with one tag at least this share of the time.
const FIXED_MIN_SHARE: f64 = 0.995;
/// Tags seen less than this share of a word's occurrences stay out of its ambiguity class.
const AMBIGUITY_MIN_SHARE: f64 = 0.05;

/// The ambiguity class of words never seen in training.
pub(super) const UNKNOWN: u64 = 0x0075_6e6b_6e6f_776e;

/// Per-word knowledge from the training data, keyed by string hashes.
#[derive(Clone, Debug, Default)]
pub(super) struct Lexicon {
    /// Exact form → its tag, for frequent unambiguous words.
    fixed: FxHashMap<u64, u16>,
    /// Normalised form → ambiguity class.
    ambiguity: FxHashMap<u64, u64>,
}

/// Counts of tags per word, kept as small vectors in first-seen order.
type Counts = FxHashMap<u64, Vec<(u16, u32)>>;

fn count(counts: &mut Counts, key: u64, class: u16) {
    let row = counts.entry(key).or_default();
    match row.iter_mut().find(|(c, _)| *c == class) {
        Some((_, n)) => *n += 1,
        None => row.push((class, 1)),
    }
}

impl Lexicon {
    /// Builds the lexicon from `(form, class)` pairs.
    pub fn build<'a>(words: impl Iterator<Item = (&'a str, u16)>) -> Lexicon {
        let mut exact = Counts::default();
        let mut normalised = Counts::default();
        let mut scratch = String::new();
        for (form, class) in words {
            normalise(form, &mut scratch);
            count(&mut exact, str_hash(form), class);
            count(&mut normalised, str_hash(&scratch), class);
        }
        let fixed = exact
            .into_iter()
            .filter_map(|(k, row)| Some((k, unambiguous(&row)?)))
            .collect();
        let ambiguity = normalised
            .into_iter()
            .map(|(k, row)| (k, ambiguity_class(&row)))
            .collect();
        Lexicon { fixed, ambiguity }
    }

    /// This lexicon with the ambiguity classes of `other`: lets training see words as
    /// unknown as often as they will be at test time (jackknifing).
    pub fn with_ambiguity_of(&self, other: Lexicon) -> Lexicon {
        Lexicon {
            fixed: self.fixed.clone(),
            ambiguity: other.ambiguity,
        }
    }

    /// The dictionary tag of an exact form's hash, if it is frequent and unambiguous.
    pub fn fixed(&self, form: u64) -> Option<u16> {
        self.fixed.get(&form).copied()
    }

    /// The ambiguity class of a normalised form's hash.
    pub fn ambiguity(&self, norm: u64) -> u64 {
        self.ambiguity.get(&norm).copied().unwrap_or(UNKNOWN)
    }

    /// Number of words tagged straight from the dictionary.
    pub fn n_fixed(&self) -> usize {
        self.fixed.len()
    }

    /// Writes the lexicon, keys in sorted order.
    pub fn encode(&self, enc: &mut Encoder) {
        enc.hash_map_u16(&self.fixed);
        encode_map(&self.ambiguity, enc);
    }

    /// Reads a lexicon written by [`Lexicon::encode`] for a tag set of `n_classes` tags.
    pub fn decode(dec: &mut Decoder, n_classes: usize) -> Result<Lexicon, DecodeError> {
        let fixed = dec.hash_map_u16()?;
        if fixed.values().any(|&class| class as usize >= n_classes) {
            return Err(dec.invalid("dictionary tag out of range"));
        }
        let ambiguity = decode_map(dec)?;
        Ok(Lexicon { fixed, ambiguity })
    }
}

fn encode_map(map: &FxHashMap<u64, u64>, enc: &mut Encoder) {
    let mut entries: Vec<(u64, u64)> = map.iter().map(|(k, v)| (*k, *v)).collect();
    entries.sort_unstable();
    enc.u32(entries.len() as u32);
    for (k, v) in entries {
        enc.u64(k);
        enc.u64(v);
    }
}

fn decode_map(dec: &mut Decoder) -> Result<FxHashMap<u64, u64>, DecodeError> {
    let mut map = FxHashMap::default();
    for _ in 0..dec.u32()? {
        let key = dec.u64()?;
        map.insert(key, dec.u64()?);
    }
    Ok(map)
}

/// The dominant tag of a word, if the word is frequent and (nearly) unambiguous.
fn unambiguous(row: &[(u16, u32)]) -> Option<u16> {
    let total: u32 = row.iter().map(|(_, n)| n).sum();
    let &(class, n) = row
        .iter()
        .max_by_key(|(c, n)| (*n, std::cmp::Reverse(*c)))?;
    let share = n as f64 / total as f64;
    (total >= FIXED_MIN_COUNT && share >= FIXED_MIN_SHARE).then_some(class)
}

/// A hash of the sorted set of a word's tags that make up a real share of its uses.
fn ambiguity_class(row: &[(u16, u32)]) -> u64 {
    let total: u32 = row.iter().map(|(_, n)| n).sum();
    let mut classes: Vec<u16> = row
        .iter()
        .filter(|(_, n)| *n as f64 >= AMBIGUITY_MIN_SHARE * total as f64)
        .map(|(c, _)| *c)
        .collect();
    classes.sort_unstable();
    classes.iter().fold(feat(90, &[]), |h, c| mix(h, *c as u64))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn frequent_unambiguous_words_are_fixed() {
        let mut words = vec![("the", 3u16); 60];
        words.extend(vec![("run", 1u16); 15]);
        words.extend(vec![("run", 2u16); 15]);
        let lex = Lexicon::build(words.into_iter());
        assert_eq!(lex.fixed(str_hash("the")), Some(3));
        assert_eq!(lex.fixed(str_hash("run")), None);
        assert_eq!(lex.fixed(str_hash("The")), None);
        let mut s = String::new();
        normalise("RUN", &mut s);
        assert_ne!(lex.ambiguity(str_hash(&s)), UNKNOWN);
        assert_eq!(lex.ambiguity(str_hash("never-seen")), UNKNOWN);
    }
}
