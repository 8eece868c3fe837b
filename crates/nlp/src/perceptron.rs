//! A sparse averaged perceptron over hashed features: the learner behind the tagger and
//! the parser.
//!
//! Training keeps, for every (feature, class) pair ever updated, the current weight and
//! its running sum for lazy averaging. [`Trainer::finish`] averages, drops near-zero
//! weights and packs the rest into a read-only [`Perceptron`]: a hash map from feature to a
//! slice of `(class, weight)` pairs, which is all that prediction needs.

use rustc_hash::FxHashMap;

use crate::codec::{DecodeError, Decoder, Encoder};

/// A feature: a 64-bit hash of a template and its values (see [`crate::hash`]).
pub type Feature = u64;

/// Weights below this magnitude after averaging are dropped from the model.
const PRUNE_BELOW: f32 = 1e-3;

/// The weights of one feature, and how many updates touched it.
#[derive(Default)]
struct Row {
    cells: Vec<Cell>,
    updates: u32,
}

#[derive(Clone, Copy)]
struct Cell {
    class: u16,
    weight: f32,
    total: f64,
    stamp: u32,
}

/// The mutable, averaging form of the model, used only while training.
pub struct Trainer {
    n_classes: usize,
    rows: FxHashMap<Feature, Row>,
    /// Number of training instances seen (the averaging clock).
    clock: u32,
}

impl Trainer {
    /// A trainer for `n_classes` classes.
    pub fn new(n_classes: usize) -> Trainer {
        assert!(n_classes <= u16::MAX as usize, "too many classes");
        Trainer {
            n_classes,
            rows: FxHashMap::default(),
            clock: 0,
        }
    }

    /// Number of classes.
    pub fn n_classes(&self) -> usize {
        self.n_classes
    }

    /// Adds the current (not averaged) weights of `features` into `scores`.
    pub fn score(&self, features: &[Feature], scores: &mut [f32]) {
        scores.iter_mut().for_each(|s| *s = 0.0);
        for f in features {
            if let Some(row) = self.rows.get(f) {
                for c in &row.cells {
                    scores[c.class as usize] += c.weight;
                }
            }
        }
    }

    /// Advances the averaging clock by one instance. Call once per training instance,
    /// before [`Trainer::update`].
    pub fn tick(&mut self) {
        self.clock += 1;
    }

    /// The perceptron update: rewards `truth` and penalises `guess` on `features`.
    pub fn update(&mut self, features: &[Feature], truth: usize, guess: usize) {
        if truth == guess {
            return;
        }
        for f in features {
            let row = self.rows.entry(*f).or_default();
            row.updates += 1;
            bump(&mut row.cells, truth as u16, 1.0, self.clock);
            bump(&mut row.cells, guess as u16, -1.0, self.clock);
        }
    }

    /// Averages the weights and freezes them into a [`Perceptron`].
    pub fn finish(self) -> Perceptron {
        self.finish_pruned(1)
    }

    /// Like [`Trainer::finish`], but drops features updated fewer than `min_updates`
    /// times: rare features mostly memorise single examples, and dropping them makes
    /// the model several times smaller and faster at a negligible cost in accuracy.
    pub fn finish_pruned(self, min_updates: u32) -> Perceptron {
        let now = self.clock.max(1) as f64;
        let mut keys: Vec<Feature> = self
            .rows
            .iter()
            .filter(|(_, r)| r.updates >= min_updates)
            .map(|(k, _)| *k)
            .collect();
        keys.sort_unstable();
        let mut builder = PerceptronBuilder::new(self.n_classes);
        let mut cells = Vec::new();
        for key in keys {
            cells.clear();
            for c in &self.rows[&key].cells {
                let total = c.total + (now - c.stamp as f64) * c.weight as f64;
                let avg = (total / now) as f32;
                if avg.abs() >= PRUNE_BELOW {
                    cells.push((c.class, avg));
                }
            }
            builder.push(key, &cells);
        }
        builder.build()
    }
}

fn bump(row: &mut Vec<Cell>, class: u16, delta: f32, now: u32) {
    let cell = match row.iter_mut().position(|c| c.class == class) {
        Some(i) => &mut row[i],
        None => {
            row.push(Cell {
                class,
                weight: 0.0,
                total: 0.0,
                stamp: now,
            });
            row.last_mut().expect("just pushed")
        }
    };
    cell.total += (now - cell.stamp) as f64 * cell.weight as f64;
    cell.stamp = now;
    cell.weight += delta;
}

/// A trained, read-only perceptron.
///
/// Prediction is bound by memory latency: each feature costs a probe of the feature
/// table and a read of its weights, both cache misses on a model of this size. The
/// table is therefore our own open-addressing array, so [`Perceptron::score`] can
/// prefetch the probes for a whole batch of features before reading any, and then the
/// weight rows, turning a chain of serial misses into overlapping ones.
#[derive(Clone, Debug, Default)]
pub struct Perceptron {
    n_classes: usize,
    /// Open-addressing table (linear probing, power-of-two size); key 0 marks a free slot.
    slots: Vec<Slot>,
    /// Number of features stored.
    n_features: usize,
    /// Sparse weight rows, one after another.
    cells: Vec<Weight>,
    /// Dense weight rows (`n_classes` each) of features with many classes.
    dense: Vec<f32>,
}

/// Marks a slot whose row is dense: its offset is into `dense`.
const DENSE: u32 = 1 << 31;

#[derive(Clone, Copy, Debug, Default)]
struct Slot {
    key: u64,
    offset: u32,
    len: u32,
}

#[derive(Clone, Copy, Debug)]
#[repr(C)]
struct Weight {
    weight: f32,
    class: u32,
}

/// Features are stored under a key that is never 0 (the free-slot marker).
#[inline]
fn key_of(f: Feature) -> u64 {
    if f == 0 {
        1
    } else {
        f
    }
}

#[inline]
fn prefetch<T>(p: *const T) {
    #[cfg(target_arch = "x86_64")]
    // SAFETY: prefetching is a hint; it never faults, whatever the address.
    #[allow(unused_unsafe)]
    unsafe {
        core::arch::x86_64::_mm_prefetch(p as *const i8, core::arch::x86_64::_MM_HINT_T0);
    }
    #[cfg(not(target_arch = "x86_64"))]
    let _ = p;
}

struct PerceptronBuilder {
    n_classes: usize,
    rows: Vec<(Feature, u32, u32)>,
    cells: Vec<Weight>,
    dense: Vec<f32>,
}

impl PerceptronBuilder {
    fn new(n_classes: usize) -> Self {
        PerceptronBuilder {
            n_classes,
            rows: Vec::new(),
            cells: Vec::new(),
            dense: Vec::new(),
        }
    }

    fn push(&mut self, feature: Feature, cells: &[(u16, f32)]) {
        if cells.is_empty() {
            return;
        }
        // A row filling a third of the classes or more is stored dense: adding it is then
        // a straight vectorised loop instead of a scatter.
        if cells.len() * 3 >= self.n_classes && self.n_classes >= 8 {
            let offset = self.dense.len();
            self.dense.resize(offset + self.n_classes, 0.0);
            for &(c, w) in cells {
                self.dense[offset + c as usize] = w;
            }
            self.rows
                .push((key_of(feature), offset as u32, cells.len() as u32 | DENSE));
        } else {
            self.rows
                .push((key_of(feature), self.cells.len() as u32, cells.len() as u32));
            self.cells.extend(cells.iter().map(|&(c, w)| Weight {
                weight: w,
                class: c as u32,
            }));
        }
    }

    fn build(self) -> Perceptron {
        let size = (self.rows.len() * 2).next_power_of_two().max(16);
        let mask = size - 1;
        let mut slots = vec![Slot::default(); size];
        let mut n_features = 0;
        for (key, offset, len) in self.rows {
            let mut i = key as usize & mask;
            while slots[i].key != 0 && slots[i].key != key {
                i = (i + 1) & mask;
            }
            if slots[i].key == 0 {
                n_features += 1;
            }
            slots[i] = Slot { key, offset, len };
        }
        Perceptron {
            n_classes: self.n_classes,
            slots,
            n_features,
            cells: self.cells,
            dense: self.dense,
        }
    }
}

impl Perceptron {
    /// Number of classes.
    pub fn n_classes(&self) -> usize {
        self.n_classes
    }

    /// Number of features with at least one weight.
    pub fn n_features(&self) -> usize {
        self.n_features
    }

    /// Number of stored (non-zero) weights.
    pub fn n_weights(&self) -> usize {
        self.slots
            .iter()
            .filter(|s| s.key != 0)
            .map(|s| (s.len & !DENSE) as usize)
            .sum()
    }

    /// The `(class, weight)` pairs of a slot's row.
    fn row(&self, s: &Slot) -> Vec<(u16, f32)> {
        let (off, len) = (s.offset as usize, (s.len & !DENSE) as usize);
        if s.len & DENSE != 0 {
            let dense = &self.dense[off..off + self.n_classes];
            dense
                .iter()
                .enumerate()
                .filter(|(_, w)| **w != 0.0)
                .map(|(c, w)| (c as u16, *w))
                .collect()
        } else {
            self.cells[off..off + len]
                .iter()
                .map(|w| (w.class as u16, w.weight))
                .collect()
        }
    }

    fn find(&self, key: u64, start: usize) -> Option<Slot> {
        let mask = self.slots.len() - 1;
        let mut i = start;
        loop {
            let s = self.slots[i];
            if s.key == key {
                return Some(s);
            }
            if s.key == 0 {
                return None;
            }
            i = (i + 1) & mask;
        }
    }

    /// Writes the summed weights of `features` into `scores` (length `n_classes`).
    pub fn score(&self, features: &[Feature], scores: &mut [f32]) {
        scores.iter_mut().for_each(|s| *s = 0.0);
        if self.slots.is_empty() || scores.len() < self.n_classes {
            return;
        }
        let scores = &mut scores[..self.n_classes];
        const BATCH: usize = 32;
        let mask = self.slots.len() - 1;
        let mut found = [Slot::default(); BATCH];
        for batch in features.chunks(BATCH) {
            for f in batch {
                prefetch(&self.slots[key_of(*f) as usize & mask]);
            }
            let mut n = 0;
            for f in batch {
                let key = key_of(*f);
                if let Some(s) = self.find(key, key as usize & mask) {
                    if s.len & DENSE != 0 {
                        prefetch(&self.dense[s.offset as usize]);
                    } else {
                        prefetch(&self.cells[s.offset as usize]);
                    }
                    found[n] = s;
                    n += 1;
                }
            }
            for s in &found[..n] {
                let off = s.offset as usize;
                if s.len & DENSE != 0 {
                    let row = &self.dense[off..off + self.n_classes];
                    for (x, w) in scores.iter_mut().zip(row) {
                        *x += w;
                    }
                } else {
                    for w in &self.cells[off..off + s.len as usize] {
                        scores[w.class as usize] += w.weight;
                    }
                }
            }
        }
    }

    /// Encodes the model. Features are written in sorted order, so equal models give
    /// equal bytes.
    pub fn encode(&self, enc: &mut Encoder) {
        enc.u32(self.n_classes as u32);
        let mut rows: Vec<&Slot> = self.slots.iter().filter(|s| s.key != 0).collect();
        rows.sort_unstable_by_key(|s| s.key);
        enc.u32(rows.len() as u32);
        for s in rows {
            let row = self.row(s);
            enc.u64(s.key);
            enc.u32(row.len() as u32);
            for (c, w) in row {
                enc.u16(c);
                enc.f32(w);
            }
        }
    }

    /// Decodes a model written by [`Perceptron::encode`].
    pub fn decode(dec: &mut Decoder) -> Result<Perceptron, DecodeError> {
        let n_classes = dec.u32()? as usize;
        let n_features = dec.u32()? as usize;
        let mut b = PerceptronBuilder::new(n_classes);
        // Each feature takes at least 12 bytes, which bounds what damaged data can ask for.
        b.rows.reserve(n_features.min(dec.remaining() / 12));
        let mut cells = Vec::new();
        for _ in 0..n_features {
            let f = dec.u64()?;
            let len = dec.u32()? as usize;
            cells.clear();
            for _ in 0..len {
                let c = dec.u16()?;
                if c as usize >= n_classes {
                    return Err(dec.invalid("class index out of range"));
                }
                cells.push((c, dec.f32()?));
            }
            b.push(f, &cells);
        }
        Ok(b.build())
    }
}

/// Index of the highest score among classes allowed by `allowed` (ties go to the lower
/// index); `None` when nothing is allowed.
pub fn argmax(scores: &[f32], allowed: impl Fn(usize) -> bool) -> Option<usize> {
    let mut best: Option<(usize, f32)> = None;
    for (i, &s) in scores.iter().enumerate() {
        if allowed(i) && best.is_none_or(|(_, b)| s > b) {
            best = Some((i, s));
        }
    }
    best.map(|(i, _)| i)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn learns_a_separable_problem_and_round_trips() {
        // Class = which of two features is present.
        let data = [(vec![1u64, 10], 0usize), (vec![2u64, 10], 1usize)];
        let mut t = Trainer::new(2);
        let mut scores = [0.0; 2];
        for _ in 0..5 {
            for (feats, gold) in &data {
                t.tick();
                t.score(feats, &mut scores);
                let guess = argmax(&scores, |_| true).unwrap_or(0);
                t.update(feats, *gold, guess);
            }
        }
        let p = t.finish();
        for (feats, gold) in &data {
            p.score(feats, &mut scores);
            assert_eq!(argmax(&scores, |_| true), Some(*gold));
        }
        let mut enc = Encoder::new();
        p.encode(&mut enc);
        let bytes = enc.into_bytes();
        let q = Perceptron::decode(&mut Decoder::new(&bytes)).expect("decodes");
        assert_eq!(q.n_weights(), p.n_weights());
        q.score(&data[1].0, &mut scores);
        assert_eq!(argmax(&scores, |_| true), Some(1));
    }

    #[test]
    fn argmax_respects_the_mask() {
        assert_eq!(argmax(&[3.0, 1.0, 2.0], |i| i != 0), Some(2));
        assert_eq!(argmax(&[3.0], |_| false), None);
    }
}

#[cfg(test)]
mod dense_tests {
    use super::*;

    #[test]
    fn dense_and_sparse_rows_add_up_exactly() {
        // 12 classes: feature 7's row fills every class (stored dense), 8's only two.
        let n = 12;
        let mut b = PerceptronBuilder::new(n);
        let dense: Vec<(u16, f32)> = (0..n as u16).map(|c| (c, c as f32)).collect();
        b.push(7, &dense);
        b.push(8, &[(3, 10.0), (11, -20.0)]);
        let p = b.build();
        assert_eq!(p.n_weights(), n + 2);
        let mut scores = vec![0.0; n];
        p.score(&[7, 8, 9], &mut scores);
        let mut expected: Vec<f32> = (0..n).map(|c| c as f32).collect();
        expected[3] += 10.0;
        expected[11] -= 20.0;
        assert_eq!(scores, expected);
        let mut enc = Encoder::new();
        p.encode(&mut enc);
        let bytes = enc.into_bytes();
        let q = Perceptron::decode(&mut Decoder::new(&bytes)).expect("decodes");
        q.score(&[7, 8, 9], &mut scores);
        assert_eq!(scores, expected);
    }
}
