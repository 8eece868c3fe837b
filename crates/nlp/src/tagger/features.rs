//! Feature extraction for the tagger.
//!
//! Every word of a sentence is hashed once into a [`WordInfo`] (normalised form, affixes,
//! shape, flags, lexicon entries); a decision's features are then mixes of a template
//! number with a few of those hashes and the previous predicted tags, so extracting them
//! allocates nothing and touches no strings.

use crate::hash::{feat, str_hash};
use crate::perceptron::Feature;

use super::lexicon::Lexicon;
pub(super) use crate::cluster::normalise;
use crate::{WordClasses, WordClusters};

/// Flag bit: the first character is uppercase.
const INIT_CAP: u8 = 1;
/// Flag bit: every cased character is uppercase (and there are at least two).
const ALL_CAPS: u8 = 2;
/// Flag bit: contains a digit.
const DIGIT: u8 = 4;
/// Flag bit: contains a hyphen.
const HYPHEN: u8 = 8;
/// Flag bit: first word of the sentence.
const FIRST: u8 = 16;
/// Flag bit: contains no letter or digit.
const NO_ALNUM: u8 = 32;
/// Flag bit: most words of the sentence are capitalised (a headline or a name list).
const TITLE_SENTENCE: u8 = 64;
/// Flag bit: no word of the sentence is capitalised.
const LOWER_SENTENCE: u8 = 128;

/// The longest prefix and suffix (in characters) used as features.
const MAX_PREFIX: usize = 3;
const MAX_SUFFIX: usize = 4;

/// What the tagger knows about one word, hashed once per sentence.
#[derive(Clone, Copy, Debug)]
pub(super) struct WordInfo {
    /// The exact form.
    pub form: u64,
    /// Lowercased, with digits replaced by `0`.
    pub norm: u64,
    /// Prefixes of `norm`, 1 to 3 characters.
    pub prefix: [u64; MAX_PREFIX],
    /// Suffixes of `norm`, 1 to 4 characters.
    pub suffix: [u64; MAX_SUFFIX],
    /// Character classes (`Xx`, `d`, punctuation), runs capped at three.
    pub shape: u64,
    /// Character classes with runs collapsed to one.
    pub short_shape: u64,
    /// `INIT_CAP`, `ALL_CAPS`, ... bits.
    pub flags: u8,
    /// The word's ambiguity class in the lexicon (set of tags seen with it).
    pub ambiguity: u64,
    /// The tag of a frequent, unambiguous word: no scoring needed.
    pub fixed: Option<u16>,
    /// Its parts of speech in the word list ([`crate::wordclass`]), 0 when unlisted.
    pub classes: u64,
    /// Its word cluster at three levels, finest first ([`crate::cluster`]): 0 without
    /// clusters, [`UNCLUSTERED`] for a word they lack.
    pub cluster: [u64; 3],
}

/// The cluster value of a word the clusters lack.
const UNCLUSTERED: u64 = 0xc1_0000_0000;

/// The cluster values of a word, by the hash of its normalised form.
fn cluster_values(clusters: &WordClusters, norm: u64) -> [u64; 3] {
    if clusters.is_empty() {
        return [0; 3];
    }
    match clusters.get_hash(norm) {
        Some(c) => std::array::from_fn(|level| {
            let level = level.min(c.levels.max(1) as usize - 1);
            ((level as u64 + 1) << 16) | (c.ids[level] as u64 + 1)
        }),
        None => [UNCLUSTERED; 3],
    }
}

impl WordInfo {
    /// A stand-in for the positions before the sentence start or after its end.
    const fn boundary(v: u64) -> WordInfo {
        WordInfo {
            form: v,
            norm: v,
            prefix: [v; MAX_PREFIX],
            suffix: [v; MAX_SUFFIX],
            shape: v,
            short_shape: v,
            flags: 0,
            ambiguity: v,
            fixed: None,
            // Unlisted: without a word list no word-class feature ever fires, so such
            // a tagger trains exactly as before word classes existed (as for clusters).
            classes: 0,
            cluster: [0; 3],
        }
    }
}

const BEFORE: WordInfo = WordInfo::boundary(0x5eed_0000_0000_0001);
const AFTER: WordInfo = WordInfo::boundary(0x5eed_0000_0000_0002);

/// The previous-tag value used before the sentence start.
const NO_TAG: u64 = 0xffff_ffff;

/// Fills `out` with the [`WordInfo`] of every form; `scratch` is reused for lowercasing.
pub(super) fn word_infos<S: AsRef<str>>(
    forms: &[S],
    lexicon: &Lexicon,
    word_classes: &WordClasses,
    clusters: &WordClusters,
    scratch: &mut String,
    out: &mut Vec<WordInfo>,
) {
    out.clear();
    for (i, form) in forms.iter().enumerate() {
        let form = form.as_ref();
        normalise(form, scratch);
        let norm = str_hash(scratch);
        let mut flags = surface_flags(form);
        if i == 0 {
            flags |= FIRST;
        }
        let (shape, short_shape) = shapes(form);
        let exact = str_hash(form);
        out.push(WordInfo {
            form: exact,
            norm,
            prefix: std::array::from_fn(|k| str_hash(prefix(scratch, k + 1))),
            suffix: std::array::from_fn(|k| str_hash(suffix(scratch, k + 1))),
            shape,
            short_shape,
            flags,
            ambiguity: lexicon.ambiguity(norm),
            fixed: lexicon.fixed(exact),
            classes: u64::from(word_classes.get(scratch)),
            cluster: cluster_values(clusters, norm),
        });
    }
    let sentence = sentence_case(out);
    out.iter_mut().for_each(|w| w.flags |= sentence);
}

/// `TITLE_SENTENCE`, `LOWER_SENTENCE` or neither, from the words' flags.
fn sentence_case(words: &[WordInfo]) -> u8 {
    let words = words.iter().filter(|w| w.flags & (NO_ALNUM | DIGIT) == 0);
    let (capitalised, total) = words.fold((0, 0), |(c, t), w| {
        (c + (w.flags & INIT_CAP != 0) as usize, t + 1)
    });
    if total >= 3 && capitalised * 2 > total {
        TITLE_SENTENCE
    } else if total >= 3 && capitalised == 0 {
        LOWER_SENTENCE
    } else {
        0
    }
}

/// The first `n` characters of `s` (all of it when shorter).
fn prefix(s: &str, n: usize) -> &str {
    match s.char_indices().nth(n) {
        Some((end, _)) => &s[..end],
        None => s,
    }
}

/// The last `n` characters of `s` (all of it when shorter).
fn suffix(s: &str, n: usize) -> &str {
    match s.char_indices().rev().nth(n - 1) {
        Some((start, _)) => &s[start..],
        None => s,
    }
}

fn surface_flags(form: &str) -> u8 {
    let mut flags = 0;
    if form.chars().next().is_some_and(char::is_uppercase) {
        flags |= INIT_CAP;
    }
    let (mut upper, mut lower, mut alnum) = (0usize, 0usize, false);
    for c in form.chars() {
        upper += c.is_uppercase() as usize;
        lower += c.is_lowercase() as usize;
        alnum |= c.is_alphanumeric();
        if c.is_ascii_digit() {
            flags |= DIGIT;
        }
        if c == '-' {
            flags |= HYPHEN;
        }
    }
    if upper >= 2 && lower == 0 {
        flags |= ALL_CAPS;
    }
    if !alnum {
        flags |= NO_ALNUM;
    }
    flags
}

/// The character-class shape of a word, with runs capped at three and collapsed to one.
fn shapes(form: &str) -> (u64, u64) {
    let mut long = Fnv::new();
    let mut short = Fnv::new();
    let (mut last, mut run) = (0u8, 0usize);
    for c in form.chars() {
        let class = char_class(c);
        run = if class == last { run + 1 } else { 1 };
        if run <= 3 {
            long.push(class);
        }
        if run == 1 {
            short.push(class);
        }
        last = class;
    }
    (long.finish(), short.finish())
}

fn char_class(c: char) -> u8 {
    if c.is_uppercase() {
        b'X'
    } else if c.is_lowercase() {
        b'x'
    } else if c.is_numeric() {
        b'd'
    } else if c.is_ascii() {
        c as u8
    } else if c.is_alphabetic() {
        b'a'
    } else {
        b'?'
    }
}

/// FNV-1a over a stream of bytes, for hashing shapes without building them.
struct Fnv(u64);

impl Fnv {
    fn new() -> Fnv {
        Fnv(0xcbf2_9ce4_8422_2325)
    }

    fn push(&mut self, b: u8) {
        self.0 = (self.0 ^ b as u64).wrapping_mul(0x0000_0100_0000_01b3);
    }

    fn finish(&self) -> u64 {
        crate::hash::mix(self.0, 0x0073_6861_7065)
    }
}

fn at(words: &[WordInfo], i: usize, offset: isize) -> &WordInfo {
    match i.checked_add_signed(offset) {
        Some(j) if j < words.len() => &words[j],
        Some(_) => &AFTER,
        None => &BEFORE,
    }
}

/// Features of the word itself and its neighbours: everything but the previous tags.
pub(super) fn static_features(words: &[WordInfo], i: usize, out: &mut Vec<Feature>) {
    let w = &words[i];
    let (p1, p2) = (at(words, i, -1), at(words, i, -2));
    let (n1, n2) = (at(words, i, 1), at(words, i, 2));
    out.push(feat(0, &[]));
    out.push(feat(1, &[w.norm]));
    out.push(feat(2, &[w.form]));
    for (k, s) in w.suffix.iter().enumerate() {
        out.push(feat(3 + k as u32, &[*s]));
    }
    for (k, p) in w.prefix.iter().enumerate() {
        out.push(feat(8 + k as u32, &[*p]));
    }
    out.push(feat(12, &[w.shape]));
    out.push(feat(13, &[w.short_shape]));
    out.push(feat(14, &[w.flags as u64]));
    let case = INIT_CAP | FIRST | ALL_CAPS | TITLE_SENTENCE | LOWER_SENTENCE;
    out.push(feat(15, &[(w.flags & case) as u64]));
    out.push(feat(
        17,
        &[(w.flags & case) as u64, (p1.flags & case) as u64],
    ));
    out.push(feat(
        18,
        &[(w.flags & case) as u64, (n1.flags & case) as u64],
    ));
    out.push(feat(16, &[w.ambiguity]));
    out.push(feat(20, &[p1.norm]));
    out.push(feat(21, &[p2.norm]));
    out.push(feat(22, &[n1.norm]));
    out.push(feat(23, &[n2.norm]));
    out.push(feat(24, &[p1.suffix[2]]));
    out.push(feat(25, &[n1.suffix[2]]));
    out.push(feat(26, &[n1.suffix[0]]));
    out.push(feat(27, &[p1.short_shape]));
    out.push(feat(28, &[n1.short_shape]));
    out.push(feat(29, &[p1.norm, w.norm]));
    out.push(feat(30, &[w.norm, n1.norm]));
    out.push(feat(31, &[n1.ambiguity]));
    out.push(feat(32, &[n2.ambiguity]));
    out.push(feat(33, &[w.ambiguity, n1.ambiguity]));
    out.push(feat(34, &[p1.norm, n1.norm]));
    out.push(feat(35, &[n1.norm, n2.norm]));
    // Parts of speech from the word list, for words the treebanks rarely or never show.
    if w.classes != 0 || n1.classes != 0 || p1.classes != 0 {
        out.push(feat(36, &[w.classes]));
        out.push(feat(37, &[w.classes, (w.flags & case) as u64]));
        out.push(feat(38, &[w.classes, w.ambiguity]));
        out.push(feat(39, &[p1.classes, w.classes, n1.classes]));
    }
    // Word clusters: what words in the same contexts are, in a lot of unannotated text.
    if w.cluster[0] != 0 {
        let [c0, c1, c2] = w.cluster;
        out.push(feat(50, &[c0]));
        out.push(feat(51, &[c1]));
        out.push(feat(52, &[c2]));
        out.push(feat(53, &[p1.cluster[1]]));
        out.push(feat(54, &[n1.cluster[0]]));
        out.push(feat(55, &[n1.cluster[1]]));
        out.push(feat(56, &[p1.cluster[1], c1]));
        out.push(feat(57, &[c1, n1.cluster[1]]));
        out.push(feat(58, &[c0, (w.flags & case) as u64]));
        out.push(feat(59, &[c1, w.suffix[2]]));
    }
}

/// Features that depend on the tags already predicted for the two previous words.
pub(super) fn tag_features(words: &[WordInfo], i: usize, tags: &[u16], out: &mut Vec<Feature>) {
    let w = &words[i];
    let n1 = at(words, i, 1);
    let (t1, t2) = (previous_tag(tags, i, 1), previous_tag(tags, i, 2));
    out.push(feat(40, &[t1]));
    out.push(feat(41, &[t2]));
    out.push(feat(42, &[t1, t2]));
    out.push(feat(43, &[t1, w.norm]));
    out.push(feat(44, &[t1, w.suffix[2]]));
    out.push(feat(45, &[t1, n1.ambiguity]));
    out.push(feat(46, &[t1, w.ambiguity]));
    out.push(feat(47, &[t1, n1.norm]));
    if w.classes != 0 {
        out.push(feat(48, &[t1, w.classes]));
    }
    if w.cluster[0] != 0 {
        out.push(feat(60, &[t1, w.cluster[1]]));
        out.push(feat(61, &[t1, w.cluster[0]]));
    }
}

/// The tag `back` words before word `i`, or `NO_TAG` before the sentence start.
fn previous_tag(tags: &[u16], i: usize, back: usize) -> u64 {
    i.checked_sub(back)
        .and_then(|j| tags.get(j))
        .map_or(NO_TAG, |&t| t as u64)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn affixes_count_characters_not_bytes() {
        assert_eq!(prefix("naïve", 3), "naï");
        assert_eq!(suffix("naïve", 3), "ïve");
        assert_eq!(suffix("a", 4), "a");
        assert_eq!(prefix("", 2), "");
        assert_eq!(suffix("", 1), "");
    }

    #[test]
    fn shapes_and_flags() {
        assert_eq!(shapes("Obama"), shapes("Putin"));
        assert_ne!(shapes("Obama"), shapes("obama"));
        assert_eq!(shapes("1990").1, shapes("7").1);
        assert_ne!(shapes("1990").0, shapes("7").0);
        assert_eq!(surface_flags("NATO") & ALL_CAPS, ALL_CAPS);
        assert_eq!(surface_flags("A") & ALL_CAPS, 0);
        assert_eq!(surface_flags("..."), NO_ALNUM);
        assert_eq!(surface_flags("--"), NO_ALNUM | HYPHEN);
        assert_eq!(surface_flags("well-known") & HYPHEN, HYPHEN);
    }

    #[test]
    fn normalise_lowercases_and_masks_digits() {
        let mut s = String::new();
        normalise("ÉTÉ-2024", &mut s);
        assert_eq!(s, "été-0000");
    }
}
