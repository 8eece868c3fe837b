//! Near-duplicate news stories: the same wire story republished by many sites, with a
//! different byline, a trimmed ending or a site's boilerplate, is found and tied to the
//! first copy seen.
//!
//! A tour:
//! - [`Signature::of`] turns a text into a MinHash signature over its word shingles
//!   (lower-cased runs of letters and digits, `shingle` words each). It uses one-permutation
//!   hashing: every shingle is hashed once and lands in one of `hashes` bins, each bin
//!   keeps its minimum, and empty bins borrow from their neighbour. The cost is linear in
//!   the text and nearly independent of the number of hashes.
//! - [`Deduper::observe`] looks the signature up by LSH banding (`bands` bands of `rows`
//!   values, each band a hash-table key), checks each candidate's estimated Jaccard
//!   similarity against `threshold`, and answers [`Verdict::Original`] or
//!   [`Verdict::CopyOf`] the most similar original. Only originals are stored.
//! - [`synth`] makes synthetic corpora with planted near-copies, for benchmarks and tests.
//!
//! Signatures are pure functions of the text, so callers may compute them in parallel
//! and feed [`Deduper::observe_signature`] in input order: the verdicts then do not
//! depend on the number of threads.
//!
//! ```
//! use entente_dedup::{Deduper, Params, Verdict};
//!
//! let story = "Russian forces shelled the port city overnight, the regional governor said \
//!              on Tuesday, adding that two people were wounded and a school was damaged.";
//! let mut d = Deduper::new(Params::default()).unwrap();
//! assert_eq!(d.observe("a", story), Verdict::Original);
//! let copy = format!("By Staff Writer\n{story}\nFollow us for more news.");
//! assert_eq!(d.observe("b", &copy), Verdict::CopyOf("a"));
//! let other = "The central bank raised interest rates by half a point on Thursday, citing \
//!              persistent inflation and a tight labour market, and signalled more to come.";
//! assert_eq!(d.observe("c", other), Verdict::Original);
//! ```
#![deny(missing_docs)]

pub mod synth;

use rustc_hash::FxHashMap;

/// How documents are compared.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Params {
    /// Words per shingle (default 5).
    pub shingle: usize,
    /// Signature length: MinHash bins (default 64).
    pub hashes: usize,
    /// LSH bands (default 21); `bands * rows` must not exceed `hashes`.
    pub bands: usize,
    /// Values per band (default 3).
    pub rows: usize,
    /// Estimated Jaccard similarity of shingle sets at or above which a document is a
    /// copy (default 0.5).
    pub threshold: f64,
    /// Seed of the shingle hash (default 0); documents compare only under one seed.
    pub seed: u64,
}

impl Default for Params {
    fn default() -> Self {
        Params {
            shingle: 5,
            hashes: 64,
            bands: 21,
            rows: 3,
            threshold: 0.5,
            seed: 0,
        }
    }
}

/// Parameters that cannot work.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[error("bad dedup parameters: {0}")]
pub struct ParamError(String);

impl Params {
    /// Checks that the parameters are usable.
    pub fn validate(&self) -> Result<(), ParamError> {
        if self.shingle == 0 || self.shingle > 64 {
            return Err(ParamError("shingle must be 1..=64 words".into()));
        }
        if self.hashes == 0 || self.hashes > 1024 {
            return Err(ParamError("hashes must be 1..=1024".into()));
        }
        if self.bands == 0 || self.rows == 0 || self.bands * self.rows > self.hashes {
            return Err(ParamError(format!(
                "bands x rows ({} x {}) must be at least 1 and at most hashes ({})",
                self.bands, self.rows, self.hashes
            )));
        }
        if !(self.threshold > 0.0 && self.threshold <= 1.0) {
            return Err(ParamError("threshold must be in (0, 1]".into()));
        }
        Ok(())
    }
}

/// A MinHash signature: one 32-bit minimum per bin.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Signature {
    values: Box<[u32]>,
    /// The text had no word at all.
    empty: bool,
}

const K1: u64 = 0x9E37_79B9_7F4A_7C15;
const K2: u64 = 0xC2B2_AE3D_27D4_EB4F;

/// A strong 64-bit finaliser (from SplitMix64), so bins and minima are uniform.
#[inline]
fn mix(mut z: u64) -> u64 {
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

/// Calls `f` with the hash of every word (lower-cased run of letters and digits).
#[inline]
fn for_each_word(text: &str, seed: u64, mut f: impl FnMut(u64)) {
    let mut h = seed;
    let mut in_word = false;
    for &b in text.as_bytes() {
        let c = if b.is_ascii_alphanumeric() || b >= 0x80 {
            b.to_ascii_lowercase()
        } else {
            0
        };
        if c != 0 {
            h = (h.rotate_left(5) ^ u64::from(c)).wrapping_mul(K1);
            in_word = true;
        } else if in_word {
            f(mix(h));
            h = seed;
            in_word = false;
        }
    }
    if in_word {
        f(mix(h));
    }
}

impl Signature {
    /// The signature of `text` under `params` (which should be valid: see
    /// [`Params::validate`]; a zero-sized setting is raised to one).
    pub fn of(text: &str, params: &Params) -> Signature {
        let k = params.hashes.max(1);
        let w = params.shingle.clamp(1, 64);
        let mut values = vec![u32::MAX; k].into_boxed_slice();
        let mut filled = vec![false; k];
        // The last `w` word hashes, in a ring.
        let mut ring = [0u64; 64];
        let mut words = 0usize;
        let put = |h: u64, values: &mut [u32], filled: &mut [bool]| {
            let bin = (((h >> 32) * k as u64) >> 32) as usize;
            let v = h as u32;
            if !filled[bin] || v < values[bin] {
                values[bin] = v;
                filled[bin] = true;
            }
        };
        // `next` is where the next word goes, so the oldest word of the window is there.
        let mut next = 0usize;
        for_each_word(text, params.seed, |wh| {
            ring[next] = wh;
            next += 1;
            if next == w {
                next = 0;
            }
            words += 1;
            if words >= w {
                let mut s = K2;
                let mut i = next;
                for _ in 0..w {
                    s = (s ^ ring[i]).wrapping_mul(K1).rotate_left(29);
                    i += 1;
                    if i == w {
                        i = 0;
                    }
                }
                put(mix(s), &mut values, &mut filled);
            }
        });
        if words == 0 {
            return Signature {
                values,
                empty: true,
            };
        }
        if words < w {
            // One shingle of all the words there are.
            let mut s = K2;
            for &h in &ring[..words] {
                s = (s ^ h).wrapping_mul(K1).rotate_left(29);
            }
            put(mix(s), &mut values, &mut filled);
        }
        densify(&mut values, &filled);
        Signature {
            values,
            empty: false,
        }
    }

    /// The estimated Jaccard similarity of the two texts' shingle sets.
    pub fn similarity(&self, other: &Signature) -> f64 {
        if self.empty || other.empty || self.values.len() != other.values.len() {
            return 0.0;
        }
        equal_fraction(&self.values, &other.values)
    }

    /// The text had no word.
    pub fn is_empty(&self) -> bool {
        self.empty
    }
}

fn equal_fraction(a: &[u32], b: &[u32]) -> f64 {
    let same = a.iter().zip(b).filter(|(x, y)| x == y).count();
    same as f64 / a.len().max(1) as f64
}

/// Fills each empty bin from the nearest filled bin to its right (circularly), salted
/// with the distance, so that two texts' empty bins agree exactly when their borrowed
/// values do (rotation densification).
fn densify(values: &mut [u32], filled: &[bool]) {
    let k = values.len();
    let Some(first) = filled.iter().position(|&f| f) else {
        return;
    };
    // Walk right to left from the first filled bin so each empty bin sees its donor.
    let mut donor = values[first];
    let mut dist = 0u32;
    for step in 1..=k {
        let i = (first + k - step) % k;
        if filled[i] {
            donor = values[i];
            dist = 0;
        } else {
            dist += 1;
            values[i] = (mix(u64::from(donor) ^ (u64::from(dist) << 32)) as u32) | 1;
        }
    }
}

/// Whether a document is new or a copy of one seen before.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Verdict<I> {
    /// Not similar enough to any document seen before; it is now stored.
    Original,
    /// A near-duplicate of this original.
    CopyOf(I),
}

/// Finds near-duplicates among the documents it is shown, in order.
#[derive(Debug)]
pub struct Deduper<I> {
    params: Params,
    /// The originals' signatures, `hashes` values each, one after another.
    signatures: Vec<u32>,
    ids: Vec<I>,
    /// Band key (32 bits: a rare false match only costs one signature comparison) → the
    /// first original with that band.
    buckets: FxHashMap<u32, u32>,
    copies: usize,
}

impl<I: Clone> Deduper<I> {
    /// An empty index.
    pub fn new(params: Params) -> Result<Deduper<I>, ParamError> {
        params.validate()?;
        Ok(Deduper {
            params,
            signatures: Vec::new(),
            ids: Vec::new(),
            buckets: FxHashMap::default(),
            copies: 0,
        })
    }

    /// The parameters.
    pub fn params(&self) -> &Params {
        &self.params
    }

    /// Looks at the next document: a copy of an original seen before, or a new original.
    pub fn observe(&mut self, id: I, text: &str) -> Verdict<I> {
        let sig = Signature::of(text, &self.params);
        self.observe_signature(id, &sig)
    }

    /// Like [`observe`](Self::observe), with a signature computed beforehand (with the
    /// same parameters). A text without words is always an original and is not stored.
    pub fn observe_signature(&mut self, id: I, sig: &Signature) -> Verdict<I> {
        if sig.empty || sig.values.len() != self.params.hashes {
            return Verdict::Original;
        }
        let k = self.params.hashes;
        let r = self.params.rows;
        let mut keys = [0u32; 1024];
        let mut best: Option<(f64, u32)> = None;
        let mut tried = [u32::MAX; 1024];
        let mut ntried = 0;
        for (b, slot) in keys.iter_mut().take(self.params.bands).enumerate() {
            let key = band_key(b, &sig.values[b * r..(b + 1) * r]);
            *slot = key;
            if let Some(&cand) = self.buckets.get(&key) {
                if tried[..ntried].contains(&cand) {
                    continue;
                }
                tried[ntried] = cand;
                ntried += 1;
                let start = cand as usize * k;
                let sim = equal_fraction(&self.signatures[start..start + k], &sig.values);
                if sim >= self.params.threshold && best.is_none_or(|(s, _)| sim > s) {
                    best = Some((sim, cand));
                }
            }
        }
        if let Some((_, cand)) = best {
            self.copies += 1;
            return Verdict::CopyOf(self.ids[cand as usize].clone());
        }
        let index = self.ids.len() as u32;
        self.ids.push(id);
        self.signatures.extend_from_slice(&sig.values);
        for &key in &keys[..self.params.bands] {
            self.buckets.entry(key).or_insert(index);
        }
        Verdict::Original
    }

    /// Originals stored so far.
    pub fn originals(&self) -> usize {
        self.ids.len()
    }

    /// Copies found so far.
    pub fn copies(&self) -> usize {
        self.copies
    }

    /// An estimate of the memory held, in bytes (signatures, ids' inline size and the
    /// band table).
    pub fn memory_bytes(&self) -> usize {
        self.signatures.capacity() * 4
            + self.ids.capacity() * std::mem::size_of::<I>()
            + self.buckets.capacity() * (4 + 4 + 1)
    }
}

fn band_key(band: usize, values: &[u32]) -> u32 {
    let mut h = mix(band as u64 ^ K2);
    for &v in values {
        h = mix(h ^ u64::from(v));
    }
    (h >> 32) as u32
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn identical_texts_have_identical_signatures() {
        let p = Params::default();
        let a = Signature::of("One two three four five six seven.", &p);
        let b = Signature::of("one, two; three four FIVE six seven", &p);
        assert_eq!(a, b);
        assert_eq!(a.similarity(&b), 1.0);
    }

    #[test]
    fn short_and_empty_texts() {
        let p = Params::default();
        assert!(Signature::of(" ... ", &p).is_empty());
        let a = Signature::of("Two words", &p);
        assert!(!a.is_empty());
        assert_eq!(a.similarity(&Signature::of("two WORDS", &p)), 1.0);
        assert!(a.similarity(&Signature::of("Three words", &p)) < 0.5);
        let mut d = Deduper::new(p).unwrap();
        assert_eq!(d.observe(1, ""), Verdict::Original);
        assert_eq!(d.observe(2, ""), Verdict::Original);
        assert_eq!(d.originals(), 0);
    }

    #[test]
    fn bad_params_are_refused() {
        let p = Params {
            bands: 20,
            rows: 4,
            ..Params::default()
        };
        assert!(Deduper::<u32>::new(p).is_err());
        let p = Params {
            threshold: 0.0,
            ..Params::default()
        };
        assert!(p.validate().is_err());
    }

    #[test]
    fn similarity_tracks_overlap() {
        let p = Params {
            hashes: 256,
            bands: 64,
            ..Params::default()
        };
        let words: Vec<String> = (0..400).map(|i| format!("w{i}")).collect();
        let a = words.join(" ");
        // Replace the last quarter: Jaccard of 5-shingles about (300-4)/(500+4) ≈ 0.59.
        let b = words[..300]
            .iter()
            .cloned()
            .chain((0..100).map(|i| format!("x{i}")))
            .collect::<Vec<_>>()
            .join(" ");
        let s = Signature::of(&a, &p).similarity(&Signature::of(&b, &p));
        assert!((0.45..0.72).contains(&s), "{s}");
    }
}
