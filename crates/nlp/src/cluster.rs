//! Word clusters learned from raw text: words that occur in the same contexts share a
//! cluster, so the tagger can generalise from a word it was trained on to one it never
//! saw in a treebank. (The parser does not read them: cluster features bought it less
//! than the spread between training seeds, at a fifth of its speed.)
//!
//! The treebanks hold about sixteen thousand distinct words; news text has many more.
//! Clusters learned from millions of words of unannotated text carry what the treebanks
//! lack: "Tuesday" sits with "Monday", "Gazprom" with "Exxon". The method is the
//! exchange algorithm for a class bigram model (Kneser and Ney, 1993; Martin, Liermann
//! and Ney, 1998): every word starts in a class, then each word in turn moves to the
//! class that most raises the likelihood of the text under
//! `P(w_i | w_{i-1}) = P(c_i | c_{i-1}) P(w_i | c_i)`, until few words move. Coarser
//! levels come from clustering the classes themselves the same way, so each coarse
//! cluster is a union of fine ones (as the prefixes of Brown clusters are).
//!
//! Everything is deterministic: words are numbered by frequency (ties by spelling), start
//! in classes round robin, and move in a fixed order.

use rustc_hash::FxHashMap;

use crate::codec::{DecodeError, Decoder, Encoder};
use crate::hash::str_hash;

/// Magic bytes at the start of a clusters file.
const MAGIC: &[u8] = b"ENTENTE-CLUSTERS1";

/// Why a clusters file could not be read or written.
#[derive(Debug, thiserror::Error)]
pub enum ClusterError {
    /// The file could not be read or written.
    #[error("{path}: {source}")]
    Io {
        /// The file.
        path: String,
        /// The underlying error.
        source: std::io::Error,
    },
    /// The file is not a clusters file, or is damaged.
    #[error("{path}: not an entente clusters file ({why})")]
    Invalid {
        /// The file.
        path: String,
        /// What is wrong.
        why: String,
    },
}

/// Settings for [`WordClusters::learn`].
#[derive(Clone, Debug)]
pub struct ClusterOptions {
    /// Number of classes at each level, finest first (each at most 65,535).
    pub levels: Vec<usize>,
    /// Words seen fewer times than this are not clustered.
    pub min_count: u32,
    /// Most passes over the vocabulary at the finest level.
    pub iterations: usize,
}

impl Default for ClusterOptions {
    fn default() -> Self {
        ClusterOptions {
            levels: vec![512, 128, 32],
            min_count: 3,
            iterations: 12,
        }
    }
}

/// The cluster of each word form at several granularities, keyed by a hash of the
/// normalised form (lowercased, digits as `0`).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct WordClusters {
    /// Hash of the normalised form to its finest class.
    map: FxHashMap<u64, u16>,
    /// For each coarser level, the class of each finest class.
    coarse: Vec<Vec<u16>>,
}

/// What [`WordClusters::learn`] reports as it goes.
#[derive(Clone, Debug, PartialEq)]
pub enum ClusterProgress {
    /// A pass at one level finished.
    Pass {
        /// Level (0 = finest).
        level: usize,
        /// Pass number, from 0.
        pass: usize,
        /// Words (or classes) that changed class in the pass.
        moved: usize,
        /// Log-likelihood of the text under the class model, per token.
        log_likelihood: f64,
    },
}

/// Lowercases and replaces ASCII digits by `0`, as the tagger sees words.
pub fn normalise(form: &str, out: &mut String) {
    out.clear();
    for c in form.chars() {
        if c.is_ascii_digit() {
            out.push('0');
        } else {
            out.extend(c.to_lowercase());
        }
    }
}

impl WordClusters {
    /// Learns clusters from text.
    pub fn learn(
        text: &ClusterText,
        options: &ClusterOptions,
        progress: &mut dyn FnMut(ClusterProgress),
    ) -> WordClusters {
        let corpus = Corpus::new(text, options.min_count);
        let Some(&fine) = options.levels.first() else {
            return WordClusters::default();
        };
        let fine = fine.clamp(1, u16::MAX as usize);
        let mut levels = Vec::new();
        let classes = exchange(
            &corpus.bigrams,
            fine,
            options.iterations,
            &mut |pass, moved, ll| {
                progress(ClusterProgress::Pass {
                    level: 0,
                    pass,
                    moved,
                    log_likelihood: ll / corpus.tokens.max(1) as f64,
                })
            },
        );
        // Coarser levels cluster the fine classes by their own bigram counts.
        let mut class_bigrams = Bigrams::of_classes(&corpus.bigrams, &classes, fine);
        let mut of_fine: Vec<u16> = (0..fine as u16).collect();
        for (level, &k) in options.levels.iter().enumerate().skip(1) {
            let k = k.clamp(1, u16::MAX as usize);
            let merged = exchange(
                &class_bigrams,
                k,
                options.iterations * 2,
                &mut |pass, moved, ll| {
                    progress(ClusterProgress::Pass {
                        level,
                        pass,
                        moved,
                        log_likelihood: ll / corpus.tokens.max(1) as f64,
                    })
                },
            );
            of_fine = of_fine.iter().map(|&c| merged[c as usize] as u16).collect();
            levels.push(of_fine.clone());
            class_bigrams = Bigrams::of_classes(&class_bigrams, &merged, k);
        }
        let map = corpus
            .words
            .iter()
            .zip(&classes)
            .filter(|(w, _)| !w.is_empty())
            .map(|(w, &c)| (str_hash(w), c as u16))
            .collect();
        WordClusters {
            map,
            coarse: levels,
        }
    }

    /// The class of a normalised form at each level, finest first; `None` when the word
    /// was not clustered.
    pub fn get_hash(&self, normalised_hash: u64) -> Option<Classes> {
        let fine = *self.map.get(&normalised_hash)?;
        let mut out = Classes::default();
        out.ids[0] = fine;
        for (i, level) in self.coarse.iter().enumerate().take(MAX_LEVELS - 1) {
            out.ids[i + 1] = level.get(fine as usize).copied().unwrap_or(0);
        }
        out.levels = (1 + self.coarse.len()).min(MAX_LEVELS) as u8;
        Some(out)
    }

    /// The classes of a normalised form (see [`normalise`]).
    pub fn get(&self, normalised: &str) -> Option<Classes> {
        if self.map.is_empty() {
            return None;
        }
        self.get_hash(str_hash(normalised))
    }

    /// Number of classes at the finest level (0 when empty).
    pub fn n_fine(&self) -> usize {
        match self.coarse.first() {
            Some(level) => level.len(),
            None => self
                .map
                .values()
                .map(|&c| c as usize + 1)
                .max()
                .unwrap_or(0),
        }
    }

    /// True when there are no clusters.
    pub fn is_empty(&self) -> bool {
        self.map.is_empty()
    }

    /// Number of clustered word forms.
    pub fn len(&self) -> usize {
        self.map.len()
    }

    /// Number of levels (0 when empty).
    pub fn n_levels(&self) -> usize {
        if self.map.is_empty() {
            0
        } else {
            1 + self.coarse.len()
        }
    }

    /// Saves the clusters as a file of their own (gzip), to train models with later.
    pub fn save(&self, path: &std::path::Path) -> Result<(), ClusterError> {
        use std::io::Write;
        let mut enc = Encoder::new();
        self.encode(&mut enc);
        let mut gz = flate2::write::GzEncoder::new(MAGIC.to_vec(), flate2::Compression::default());
        let bytes = gz
            .write_all(&enc.into_bytes())
            .and_then(|()| gz.finish())
            .map_err(|source| ClusterError::Io {
                path: path.display().to_string(),
                source,
            })?;
        std::fs::write(path, bytes).map_err(|source| ClusterError::Io {
            path: path.display().to_string(),
            source,
        })
    }

    /// Loads clusters saved by [`WordClusters::save`].
    pub fn load(path: &std::path::Path) -> Result<WordClusters, ClusterError> {
        use std::io::Read;
        let name = path.display().to_string();
        let bytes = std::fs::read(path).map_err(|source| ClusterError::Io {
            path: name.clone(),
            source,
        })?;
        let invalid = |why: String| ClusterError::Invalid {
            path: name.clone(),
            why,
        };
        let rest = bytes
            .strip_prefix(MAGIC)
            .ok_or_else(|| invalid("bad magic bytes".into()))?;
        let mut payload = Vec::new();
        flate2::read::GzDecoder::new(rest)
            .read_to_end(&mut payload)
            .map_err(|e| invalid(e.to_string()))?;
        let mut dec = Decoder::new(&payload);
        let clusters = WordClusters::decode(&mut dec).map_err(|e| invalid(e.to_string()))?;
        if !dec.is_at_end() {
            return Err(invalid("trailing bytes".into()));
        }
        Ok(clusters)
    }

    /// Writes the clusters.
    pub fn encode(&self, enc: &mut Encoder) {
        enc.hash_map_u16(&self.map);
        enc.u32(self.coarse.len() as u32);
        for level in &self.coarse {
            enc.u32(level.len() as u32);
            for &c in level {
                enc.u16(c);
            }
        }
    }

    /// Reads clusters written by [`WordClusters::encode`].
    pub fn decode(dec: &mut Decoder) -> Result<WordClusters, DecodeError> {
        let map = dec.hash_map_u16()?;
        let n = dec.u32()? as usize;
        if n >= MAX_LEVELS {
            return Err(dec.invalid("too many cluster levels"));
        }
        let mut coarse = Vec::with_capacity(n);
        for _ in 0..n {
            let len = dec.u32()? as usize;
            if len > u16::MAX as usize + 1 {
                return Err(dec.invalid("cluster level is too long"));
            }
            let mut level = Vec::with_capacity(len);
            for _ in 0..len {
                level.push(dec.u16()?);
            }
            coarse.push(level);
        }
        Ok(WordClusters { map, coarse })
    }
}

/// Most levels a [`Classes`] holds.
pub const MAX_LEVELS: usize = 4;

/// A word's class at each level, finest first.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Classes {
    /// Class ids; only the first `levels` are meaningful.
    pub ids: [u16; MAX_LEVELS],
    /// Number of levels.
    pub levels: u8,
}

/// The text as word ids, with bigram counts.
struct Corpus {
    /// Spelling of each word id; empty for the id of rare words and for the boundary.
    words: Vec<String>,
    bigrams: Bigrams,
    tokens: u64,
}

/// Id of the sentence boundary (before the first and after the last word).
const BOUNDARY: u32 = 0;

/// Marks the end of a sentence in [`ClusterText`]'s stream of word ids.
const END: u32 = u32::MAX;

/// Text to learn clusters from, kept as it is read: each distinct normalised word once,
/// and the running text as word ids (4 bytes a word), so text of any size fits.
#[derive(Clone, Debug, Default)]
pub struct ClusterText {
    ids: FxHashMap<String, u32>,
    spellings: Vec<String>,
    counts: Vec<u32>,
    stream: Vec<u32>,
    scratch: String,
}

impl ClusterText {
    /// Empty text.
    pub fn new() -> ClusterText {
        ClusterText::default()
    }

    /// Text made of these sentences.
    pub fn from_sentences<S: AsRef<str>>(sentences: &[Vec<S>]) -> ClusterText {
        let mut text = ClusterText::new();
        for s in sentences {
            text.add_sentence(s);
        }
        text
    }

    /// Adds a sentence of word forms (empty sentences are ignored).
    pub fn add_sentence<S: AsRef<str>>(&mut self, words: &[S]) {
        if words.is_empty() {
            return;
        }
        for w in words {
            normalise(w.as_ref(), &mut self.scratch);
            let id = match self.ids.get(self.scratch.as_str()) {
                Some(&id) => id,
                None => {
                    let id = self.spellings.len() as u32;
                    self.ids.insert(self.scratch.clone(), id);
                    self.spellings.push(self.scratch.clone());
                    self.counts.push(0);
                    id
                }
            };
            self.counts[id as usize] = self.counts[id as usize].saturating_add(1);
            self.stream.push(id);
        }
        self.stream.push(END);
    }

    /// The distinct words read, normalised, in order of first appearance.
    pub fn vocabulary(&self) -> impl Iterator<Item = &str> {
        self.spellings.iter().map(String::as_str)
    }

    /// Number of words read.
    pub fn n_words(&self) -> usize {
        self.stream.len() - self.n_sentences()
    }

    /// Number of sentences read.
    pub fn n_sentences(&self) -> usize {
        self.stream.iter().filter(|&&id| id == END).count()
    }
}

impl Corpus {
    fn new(text: &ClusterText, min_count: u32) -> Corpus {
        // Id 0: boundary; id 1: every rare word; then the kept words by frequency, ties
        // by spelling.
        let rare = 1u32;
        let mut kept: Vec<u32> = (0..text.spellings.len() as u32)
            .filter(|&id| text.counts[id as usize] >= min_count.max(1))
            .collect();
        kept.sort_by(|&a, &b| {
            text.counts[b as usize]
                .cmp(&text.counts[a as usize])
                .then_with(|| text.spellings[a as usize].cmp(&text.spellings[b as usize]))
        });
        let mut final_id = vec![rare; text.spellings.len()];
        let mut words = vec![String::new(), String::new()];
        for id in kept {
            final_id[id as usize] = words.len() as u32;
            words.push(text.spellings[id as usize].clone());
        }
        let mut pairs: FxHashMap<(u32, u32), u32> = FxHashMap::default();
        let mut tokens = 0u64;
        let mut prev = BOUNDARY;
        for &id in &text.stream {
            let id = if id == END {
                BOUNDARY
            } else {
                tokens += 1;
                final_id[id as usize]
            };
            *pairs.entry((prev, id)).or_insert(0) += 1;
            prev = id;
        }
        let bigrams = Bigrams::from_pairs(words.len(), pairs);
        Corpus {
            words,
            bigrams,
            tokens,
        }
    }
}

/// Bigram counts of a vocabulary, as lists of right and left neighbours per item.
struct Bigrams {
    /// `right[w]`: (next item, count), sorted by item.
    right: Vec<Vec<(u32, u32)>>,
    /// `left[w]`: (previous item, count), sorted by item.
    left: Vec<Vec<(u32, u32)>>,
}

impl Bigrams {
    fn from_pairs(n: usize, pairs: FxHashMap<(u32, u32), u32>) -> Bigrams {
        let mut right = vec![Vec::new(); n];
        let mut left = vec![Vec::new(); n];
        for ((a, b), c) in pairs {
            right[a as usize].push((b, c));
            left[b as usize].push((a, c));
        }
        for l in right.iter_mut().chain(left.iter_mut()) {
            l.sort_unstable();
        }
        Bigrams { right, left }
    }

    /// Bigram counts between the classes of `classes` (one per item).
    fn of_classes(items: &Bigrams, classes: &[u32], k: usize) -> Bigrams {
        let mut pairs: FxHashMap<(u32, u32), u32> = FxHashMap::default();
        for (a, next) in items.right.iter().enumerate() {
            for &(b, c) in next {
                *pairs.entry((classes[a], classes[b as usize])).or_insert(0) += c;
            }
        }
        Bigrams::from_pairs(k, pairs)
    }

    fn len(&self) -> usize {
        self.right.len()
    }
}

/// `x ln x` for every count up to the total, looked up instead of computed.
struct XLogX(Vec<f64>);

impl XLogX {
    fn new(max: u64) -> XLogX {
        XLogX(
            (0..=max)
                .map(|x| {
                    if x == 0 {
                        0.0
                    } else {
                        x as f64 * (x as f64).ln()
                    }
                })
                .collect(),
        )
    }

    #[inline]
    fn at(&self, x: u32) -> f64 {
        self.0.get(x as usize).copied().unwrap_or_else(|| {
            let x = x as f64;
            x * x.ln()
        })
    }
}

/// Assigns each item of `bigrams` one of `k` classes by exchange; returns the classes.
fn exchange(
    bigrams: &Bigrams,
    k: usize,
    iterations: usize,
    report: &mut dyn FnMut(usize, usize, f64),
) -> Vec<u32> {
    let n = bigrams.len();
    let k = k.min(n).max(1);
    let mut class: Vec<u32> = (0..n).map(|i| (i % k) as u32).collect();
    let total: u64 = bigrams.right.iter().flatten().map(|&(_, c)| c as u64).sum();
    let f = XLogX::new(total);
    // Class bigram counts, row-major and transposed, and their margins.
    let mut m = vec![0u32; k * k];
    let mut mt = vec![0u32; k * k];
    let mut row = vec![0u32; k];
    let mut col = vec![0u32; k];
    let out_total: Vec<u32> = bigrams
        .right
        .iter()
        .map(|l| l.iter().map(|&(_, c)| c).sum())
        .collect();
    let in_total: Vec<u32> = bigrams
        .left
        .iter()
        .map(|l| l.iter().map(|&(_, c)| c).sum())
        .collect();
    for (a, next) in bigrams.right.iter().enumerate() {
        for &(b, c) in next {
            let (ca, cb) = (class[a] as usize, class[b as usize] as usize);
            m[ca * k + cb] += c;
            mt[cb * k + ca] += c;
            row[ca] += c;
            col[cb] += c;
        }
    }
    let log_likelihood = |m: &[u32], row: &[u32], col: &[u32]| -> f64 {
        m.iter().map(|&x| f.at(x)).sum::<f64>()
            - row.iter().map(|&x| f.at(x)).sum::<f64>()
            - col.iter().map(|&x| f.at(x)).sum::<f64>()
    };
    let mut r_dense = vec![0u32; k];
    let mut l_dense = vec![0u32; k];
    let mut r_list: Vec<(usize, u32)> = Vec::new();
    let mut l_list: Vec<(usize, u32)> = Vec::new();
    let mut delta = vec![0f64; k];
    for pass in 0..iterations {
        let mut moved = 0;
        for w in 0..n {
            if out_total[w] == 0 && in_total[w] == 0 {
                continue;
            }
            let a = class[w] as usize;
            // The classes of the words around w, w itself apart.
            let mut own = 0u32;
            gather(
                &bigrams.right[w],
                w,
                &class,
                &mut r_dense,
                &mut r_list,
                &mut own,
            );
            let mut own_left = 0u32;
            gather(
                &bigrams.left[w],
                w,
                &class,
                &mut l_dense,
                &mut l_list,
                &mut own_left,
            );
            // Take w out of its class.
            for &(d, c) in &r_list {
                m[a * k + d] -= c;
                mt[d * k + a] -= c;
            }
            for &(d, c) in &l_list {
                m[d * k + a] -= c;
                mt[a * k + d] -= c;
            }
            m[a * k + a] -= own;
            mt[a * k + a] -= own;
            row[a] -= out_total[w];
            col[a] -= in_total[w];
            // Gain of putting it in each class b.
            delta.iter_mut().for_each(|x| *x = 0.0);
            for &(d, c) in &r_list {
                // Cells (b, d) for every b: column d of m is row d of mt.
                let cells = &mt[d * k..(d + 1) * k];
                for (x, &cell) in delta.iter_mut().zip(cells) {
                    *x += f.at(cell + c) - f.at(cell);
                }
                // The diagonal cell (d, d) is counted once, below.
                delta[d] -= f.at(mt[d * k + d] + c) - f.at(mt[d * k + d]);
            }
            for &(d, c) in &l_list {
                let cells = &m[d * k..(d + 1) * k];
                for (x, &cell) in delta.iter_mut().zip(cells) {
                    *x += f.at(cell + c) - f.at(cell);
                }
                delta[d] -= f.at(m[d * k + d] + c) - f.at(m[d * k + d]);
            }
            for (b, x) in delta.iter_mut().enumerate() {
                let diag = m[b * k + b];
                *x += f.at(diag + r_dense[b] + l_dense[b] + own) - f.at(diag);
                *x -= f.at(row[b] + out_total[w]) - f.at(row[b]);
                *x -= f.at(col[b] + in_total[w]) - f.at(col[b]);
            }
            let mut best = a;
            for (b, &x) in delta.iter().enumerate() {
                if x > delta[best] + 1e-9 {
                    best = b;
                }
            }
            if best != a {
                moved += 1;
                class[w] = best as u32;
            }
            let b = best;
            for &(d, c) in &r_list {
                m[b * k + d] += c;
                mt[d * k + b] += c;
            }
            for &(d, c) in &l_list {
                m[d * k + b] += c;
                mt[b * k + d] += c;
            }
            m[b * k + b] += own;
            mt[b * k + b] += own;
            row[b] += out_total[w];
            col[b] += in_total[w];
            for &(d, _) in &r_list {
                r_dense[d] = 0;
            }
            for &(d, _) in &l_list {
                l_dense[d] = 0;
            }
        }
        report(pass, moved, log_likelihood(&m, &row, &col));
        if moved * 1000 < n {
            break;
        }
    }
    class
}

/// Sums the counts of `neighbours` by class into `dense` and lists the classes touched;
/// counts of `w` with itself go to `own`.
fn gather(
    neighbours: &[(u32, u32)],
    w: usize,
    class: &[u32],
    dense: &mut [u32],
    list: &mut Vec<(usize, u32)>,
    own: &mut u32,
) {
    list.clear();
    for &(v, c) in neighbours {
        if v as usize == w {
            *own += c;
            continue;
        }
        let d = class[v as usize] as usize;
        if dense[d] == 0 {
            list.push((d, 0));
        }
        dense[d] += c;
    }
    for item in list.iter_mut() {
        item.1 = dense[item.0];
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Options for the tiny test corpus: four classes, then two.
    fn small(iterations: usize) -> ClusterOptions {
        ClusterOptions {
            levels: vec![4, 2],
            min_count: 1,
            iterations,
        }
    }

    fn corpus() -> Vec<Vec<&'static str>> {
        let mut out = Vec::new();
        for subject in ["the cat", "the dog", "a cat", "a dog", "the bird"] {
            for verb in ["sleeps", "eats", "runs", "sits"] {
                let mut s: Vec<&str> = subject.split(' ').collect();
                s.push(verb);
                s.push(".");
                out.push(s);
            }
        }
        out
    }

    #[test]
    fn words_in_the_same_contexts_share_a_class() {
        let options = small(20);
        let c = WordClusters::learn(
            &ClusterText::from_sentences(&corpus()),
            &options,
            &mut |_| {},
        );
        let class = |w: &str| c.get(w).map(|c| c.ids[0]);
        assert_eq!(class("cat"), class("dog"));
        assert_eq!(class("sleeps"), class("eats"));
        assert_ne!(class("cat"), class("sleeps"));
        assert_ne!(class("the"), class("cat"));
        assert_eq!(c.n_levels(), 2);
        assert_eq!(class("unseen"), None);
    }

    #[test]
    fn learning_is_deterministic_and_survives_encoding() {
        let options = small(5);
        let a = WordClusters::learn(
            &ClusterText::from_sentences(&corpus()),
            &options,
            &mut |_| {},
        );
        let b = WordClusters::learn(
            &ClusterText::from_sentences(&corpus()),
            &options,
            &mut |_| {},
        );
        assert_eq!(a, b);
        let mut enc = Encoder::new();
        a.encode(&mut enc);
        let bytes = enc.into_bytes();
        let back = WordClusters::decode(&mut Decoder::new(&bytes)).unwrap();
        assert_eq!(a, back);
    }

    #[test]
    fn a_saved_file_loads_and_a_foreign_one_is_refused() {
        let options = small(5);
        let c = WordClusters::learn(
            &ClusterText::from_sentences(&corpus()),
            &options,
            &mut |_| {},
        );
        let dir = std::env::temp_dir().join(format!("entente-clusters-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("c.bin");
        c.save(&path).unwrap();
        assert_eq!(WordClusters::load(&path).unwrap(), c);
        std::fs::write(&path, b"hello").unwrap();
        let err = WordClusters::load(&path).unwrap_err().to_string();
        assert!(
            err.contains("c.bin") && err.contains("not an entente clusters file"),
            "{err}"
        );
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn rare_words_and_empty_input_have_no_class() {
        let options = ClusterOptions {
            min_count: 100,
            ..ClusterOptions::default()
        };
        let c = WordClusters::learn(
            &ClusterText::from_sentences(&corpus()),
            &options,
            &mut |_| {},
        );
        assert!(c.get("cat").is_none());
        let empty: Vec<Vec<&str>> = Vec::new();
        let c = WordClusters::learn(
            &ClusterText::from_sentences(&empty),
            &ClusterOptions::default(),
            &mut |_| {},
        );
        assert!(c.is_empty());
        assert_eq!(c.n_levels(), 0);
    }
}
