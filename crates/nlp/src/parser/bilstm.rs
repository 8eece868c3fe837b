//! The BiLSTM engine of the parser (after Kiperwasser and Goldberg, 2016).
//!
//! Each word becomes a vector of learned embeddings (its form, its predicted tags, its
//! last three letters, its shape and its word cluster); stacked bidirectional LSTMs read
//! the sentence, so every word's vector carries its whole context; a one-hidden-layer
//! network scores the arc-hybrid moves from the vectors of five positions (`s2 s1 s0 b0
//! b1`) and the labels of four arcs already built. Training is the same dynamic-oracle
//! exploration as the perceptron's, with a hinge loss between the best correct and the
//! best wrong move, dropout, and Adam; the model is the mean of the last epochs' weights.
//!
//! Parsing stays linear and cheap: the first layer's input is a sum of one precomputed
//! row per embedding table, and the hidden layer is linear in the five vectors, so each
//! word's share of it is computed once per sentence; a move then costs one nine-row sum
//! and the output layer.

use rustc_hash::FxHashMap;

use super::oracle::Gold;
use super::state::{Move, State};
use crate::cluster::{normalise, WordClusters};
use crate::codec::{DecodeError, Decoder, Encoder};
use crate::hash::{str_hash, Rng};
use crate::neural::dense::{
    add_all, add_rows, add_rows_many, gemm_abt, gemm_atb_acc, tanh_all, Adam, Moments, Tensor,
};
use crate::neural::lstm::{BiCache, BiLstm};

/// Positions whose vectors the move scorer reads: `s2 s1 s0 b0 b1`.
const SLOTS: usize = 5;
/// Arcs already built whose labels the move scorer reads: the leftmost and rightmost
/// children of `s0`, the rightmost child of `s1`, the leftmost child of `b0`.
const LABEL_SLOTS: usize = 4;
/// Buckets of the hashed suffix embedding.
const SUFFIX_BUCKETS: usize = 4096;
/// Word shapes (see [`shape`]).
const SHAPES: usize = 12;

/// Sizes and training settings of the BiLSTM engine.
#[derive(Clone, Debug)]
pub struct NeuralOptions {
    /// Word embedding size.
    pub word_dim: usize,
    /// Tag embedding size.
    pub tag_dim: usize,
    /// Suffix embedding size.
    pub suffix_dim: usize,
    /// Shape embedding size.
    pub shape_dim: usize,
    /// Size of the embedding of a word's finest cluster (0: clusters unused).
    pub cluster_dim: usize,
    /// Word clusters whose classes the network reads (with `cluster_dim` > 0).
    pub clusters: std::sync::Arc<WordClusters>,
    /// Dropout rate of the embedded input while training.
    pub dropout: f32,
    /// Hidden size of each LSTM direction.
    pub hidden: usize,
    /// Stacked BiLSTM layers.
    pub layers: usize,
    /// Hidden units of the move scorer.
    pub mlp: usize,
    /// Passes over the training data.
    pub epochs: usize,
    /// Sentences per update.
    pub batch: usize,
    /// Adam learning rate.
    pub rate: f32,
    /// Word dropout: a word seen `c` times is replaced by the unknown word with
    /// probability `alpha / (alpha + c)`.
    pub word_dropout: f32,
    /// Probability of following a wrong predicted move while training (from epoch 2).
    pub explore: f64,
    /// The model is the mean of the weights at the end of this many last epochs
    /// (0 or 1: the final weights).
    pub average_last: usize,
}

impl Default for NeuralOptions {
    fn default() -> Self {
        NeuralOptions {
            word_dim: 100,
            tag_dim: 24,
            suffix_dim: 16,
            shape_dim: 8,
            cluster_dim: 16,
            clusters: std::sync::Arc::default(),
            dropout: 0.25,
            hidden: 64,
            layers: 1,
            mlp: 96,
            epochs: 15,
            batch: 16,
            rate: 1e-3,
            word_dropout: 0.25,
            explore: 0.1,
            average_last: 1,
        }
    }
}

/// Sizes of a network, stored with it.
#[derive(Clone, Copy, Debug, PartialEq)]
struct Dims {
    word: usize,
    tag: usize,
    suffix: usize,
    shape: usize,
    cluster: usize,
    /// Rows of the cluster table: one per finest class, plus one for unclustered words.
    cluster_rows: usize,
    hidden: usize,
    layers: usize,
    mlp: usize,
    classes: usize,
}

impl Dims {
    /// Columns of the output layer: the classes, padded to a whole number of 16-float
    /// vectors so the output sum has no scalar tail (padding scores are never read).
    fn labels(&self) -> usize {
        self.classes.saturating_sub(1) / 2
    }

    fn out_cols(&self) -> usize {
        self.classes.div_ceil(16) * 16
    }

    fn input(&self) -> usize {
        self.word + self.tag + self.suffix + self.shape + self.cluster
    }
}

/// The learned part of the BiLSTM engine: vocabularies and weights.
#[derive(Clone, Debug)]
pub struct Net {
    dims: Dims,
    words: Vec<String>,
    word_index: FxHashMap<String, u32>,
    word_counts: Vec<u32>,
    tags: Vec<String>,
    tag_index: FxHashMap<String, u32>,
    w: Weights,
    /// Derived, for parsing: each embedding row's share of the first layer's gates,
    /// `[forward, backward]` per table (rows × 4H). Empty while training.
    proj: Vec<[Tensor; 2]>,
}

/// All tensors of a network (or of its gradient).
#[derive(Clone, Debug)]
struct Weights {
    word: Tensor,
    tag: Tensor,
    suffix: Tensor,
    shape: Tensor,
    cluster: Tensor,
    layers: Vec<BiLstm>,
    /// Row 0: the root's vector; row 1: the vector of an empty position.
    ends: Tensor,
    /// Hidden layer, transposed: `2H × (SLOTS · mlp)`; slot `k` owns columns
    /// `k·mlp..(k+1)·mlp`.
    w1: Tensor,
    b1: Tensor,
    /// Output layer, transposed: `mlp × out_cols` (see [`Dims::out_cols`]).
    w2: Tensor,
    b2: Tensor,
    /// What each label slot's label (or its absence, row 0 of each block) adds to the
    /// hidden layer: `LABEL_SLOTS · (labels + 1) × mlp`.
    lab: Tensor,
}

/// Number of embedding tables (the first tensors of [`Weights::tensors_mut`]).
const EMBEDDINGS: usize = 5;

impl Weights {
    fn new(d: &Dims, n_words: usize, n_tags: usize, rng: &mut Rng) -> Weights {
        let mut layers = Vec::with_capacity(d.layers);
        for l in 0..d.layers {
            let input = if l == 0 { d.input() } else { 2 * d.hidden };
            layers.push(BiLstm::new(input, d.hidden, rng));
        }
        let small = |rows, cols, rng: &mut Rng| {
            let mut t = Tensor::glorot(rows, cols, rng);
            t.data.iter_mut().for_each(|x| *x *= 0.5);
            t
        };
        Weights {
            word: small(n_words, d.word, rng),
            tag: small(n_tags, d.tag, rng),
            suffix: small(SUFFIX_BUCKETS, d.suffix, rng),
            shape: small(SHAPES, d.shape, rng),
            cluster: small(d.cluster_rows, d.cluster, rng),
            layers,
            ends: small(2, 2 * d.hidden, rng),
            w1: Tensor::glorot(2 * d.hidden, SLOTS * d.mlp, rng),
            b1: Tensor::zeros(1, d.mlp),
            w2: {
                let mut w2 = Tensor::glorot(d.mlp, d.out_cols(), rng);
                for row in w2.data.chunks_exact_mut(d.out_cols()) {
                    row[d.classes..].iter_mut().for_each(|x| *x = 0.0);
                }
                w2
            },
            b2: Tensor::zeros(1, d.out_cols()),
            lab: small(LABEL_SLOTS * (d.labels() + 1), d.mlp, rng),
        }
    }

    fn zeros_like(&self) -> Weights {
        let z = |t: &Tensor| Tensor::zeros(t.rows, t.cols);
        Weights {
            word: z(&self.word),
            tag: z(&self.tag),
            suffix: z(&self.suffix),
            shape: z(&self.shape),
            cluster: z(&self.cluster),
            layers: self.layers.iter().map(BiLstm::zeros_like).collect(),
            ends: z(&self.ends),
            w1: z(&self.w1),
            b1: z(&self.b1),
            w2: z(&self.w2),
            b2: z(&self.b2),
            lab: z(&self.lab),
        }
    }

    /// Every tensor, embeddings first.
    fn tensors_mut(&mut self) -> Vec<&mut Tensor> {
        let mut v: Vec<&mut Tensor> = vec![
            &mut self.word,
            &mut self.tag,
            &mut self.suffix,
            &mut self.shape,
            &mut self.cluster,
        ];
        for l in &mut self.layers {
            v.extend(l.tensors_mut());
        }
        v.extend([
            &mut self.ends,
            &mut self.w1,
            &mut self.b1,
            &mut self.w2,
            &mut self.b2,
            &mut self.lab,
        ]);
        v
    }
}

/// A gradient, with the embedding rows it touched.
struct Grads {
    w: Weights,
    touched: [Vec<u32>; EMBEDDINGS],
    /// Moves scored and moves predicted right, for progress reports.
    moves: usize,
    right: usize,
}

impl Grads {
    fn new(w: &Weights) -> Grads {
        Grads {
            w: w.zeros_like(),
            touched: Default::default(),
            moves: 0,
            right: 0,
        }
    }

    /// Adds `other` into `self`.
    fn absorb(&mut self, other: &mut Grads) {
        let mine = self.w.tensors_mut();
        let theirs = other.w.tensors_mut();
        for (k, (a, b)) in mine.into_iter().zip(theirs).enumerate() {
            if k < EMBEDDINGS {
                for &r in &other.touched[k] {
                    let r = r as usize;
                    for (x, y) in a.row_mut(r).iter_mut().zip(b.row(r)) {
                        *x += y;
                    }
                }
            } else {
                for (x, y) in a.data.iter_mut().zip(&b.data) {
                    *x += y;
                }
            }
        }
        for k in 0..EMBEDDINGS {
            let t = std::mem::take(&mut other.touched[k]);
            self.touched[k].extend(t);
        }
        self.moves += other.moves;
        self.right += other.right;
    }

    fn clear(&mut self) {
        let touched = std::mem::take(&mut self.touched);
        for (k, t) in self.w.tensors_mut().into_iter().enumerate() {
            if k < EMBEDDINGS {
                for &r in &touched[k] {
                    t.row_mut(r as usize).iter_mut().for_each(|x| *x = 0.0);
                }
            } else {
                t.clear();
            }
        }
        self.moves = 0;
        self.right = 0;
    }
}

/// A sentence as embedding indices.
struct Tokens {
    word: Vec<u32>,
    tag: Vec<u32>,
    suffix: Vec<u32>,
    shape: Vec<u32>,
    cluster: Vec<u32>,
}

/// The shape class of a word: kind of characters, and whether it starts the sentence.
fn shape(form: &str, first: bool) -> u32 {
    let letters = form.chars().filter(|c| c.is_alphabetic()).count();
    let kind = if letters == 0 {
        if form.chars().any(|c| c.is_numeric()) {
            0
        } else {
            1
        }
    } else if letters > 1 && form.chars().all(|c| !c.is_lowercase()) {
        2
    } else if form.chars().next().is_some_and(char::is_uppercase) {
        3
    } else if form.chars().any(char::is_uppercase) {
        4
    } else {
        5
    };
    kind * 2 + first as u32
}

fn suffix_bucket(form: &str) -> u32 {
    let start = form.char_indices().rev().nth(2).map_or(0, |(i, _)| i);
    (str_hash(&form[start..].to_lowercase()) % SUFFIX_BUCKETS as u64) as u32
}

/// A dropout mask: each value is dropped (0) with probability `rate`, else scaled by
/// `1 / (1 - rate)` so the expected sum is unchanged.
fn dropout_mask(len: usize, rate: f32, rng: &mut Rng) -> Vec<f32> {
    let keep = 1.0 / (1.0 - rate);
    (0..len)
        .map(|_| {
            if (rng.next_f64() as f32) < rate {
                0.0
            } else {
                keep
            }
        })
        .collect()
}

/// What the move scorer reads of one configuration (see [`Net::slot_rows`]).
struct Rows {
    v: [usize; SLOTS],
    lab: [usize; LABEL_SLOTS],
}

/// Per-sentence buffers.
#[derive(Default)]
struct Scratch {
    x: Vec<f32>,
    caches: Vec<BiCache>,
    /// Top-layer vectors of the words, then the root's and the empty position's.
    v: Vec<f32>,
    /// Each row of `v` times each slot's block of the hidden layer.
    p: Vec<f32>,
    hidden: Vec<f32>,
    scores: Vec<f32>,
    /// The first layer's input gates, forward and backward (parsing only).
    gates: [Vec<f32>; 2],
}

impl Net {
    fn tokens(&self, forms: &[&str], tags: &[&str], clusters: &WordClusters) -> Tokens {
        let mut norm = String::new();
        let mut t = Tokens {
            word: Vec::with_capacity(forms.len()),
            tag: Vec::with_capacity(forms.len()),
            suffix: Vec::with_capacity(forms.len()),
            shape: Vec::with_capacity(forms.len()),
            cluster: Vec::with_capacity(forms.len()),
        };
        for (i, form) in forms.iter().enumerate() {
            normalise(form, &mut norm);
            t.word
                .push(self.word_index.get(norm.as_str()).copied().unwrap_or(0));
            let tag = tags.get(i).copied().unwrap_or("_");
            t.tag.push(self.tag_index.get(tag).copied().unwrap_or(0));
            t.suffix.push(suffix_bucket(form));
            t.shape.push(shape(form, i == 0));
            let c = match clusters.get(&norm) {
                Some(c) if self.dims.cluster > 0 => c.ids[0] as usize + 1,
                _ => 0,
            };
            t.cluster.push(if c < self.dims.cluster_rows {
                c as u32
            } else {
                0
            });
        }
        t
    }

    /// Embeds and reads the sentence, then precomputes each position's share of the
    /// hidden layer.
    fn encode_sentence(&self, toks: &Tokens, s: &mut Scratch) {
        if self.proj.len() == EMBEDDINGS {
            return self.read_projected(toks, s);
        }
        self.embed(toks, s);
        self.read_sentence(toks.word.len(), s);
    }

    /// [`Net::encode_sentence`] through the precomputed projections.
    fn read_projected(&self, toks: &Tokens, s: &mut Scratch) {
        let n = toks.word.len();
        let g = 4 * self.dims.hidden;
        let first = &self.w.layers[0];
        let mut gates = std::mem::take(&mut s.gates);
        for (dir, lstm) in [&first.fwd, &first.bwd].into_iter().enumerate() {
            gates[dir].clear();
            gates[dir].resize(n * g, 0.0);
            for i in 0..n {
                let out = &mut gates[dir][i * g..(i + 1) * g];
                out.copy_from_slice(&lstm.b.data);
                let rows = [
                    toks.word[i],
                    toks.tag[i],
                    toks.suffix[i],
                    toks.shape[i],
                    toks.cluster[i],
                ];
                let rows: [&[f32]; EMBEDDINGS] =
                    std::array::from_fn(|k| self.proj[k][dir].row(rows[k] as usize));
                add_all(&rows, out);
            }
        }
        s.caches.resize_with(self.dims.layers, BiCache::default);
        first.forward_projected(&gates[0], &gates[1], n, &mut s.caches[0]);
        s.gates = gates;
        self.read_layers(1, n, s);
    }

    /// Writes the embedded words into `s.x`.
    fn embed(&self, toks: &Tokens, s: &mut Scratch) {
        let d = &self.dims;
        let n = toks.word.len();
        let inp = d.input();
        s.x.clear();
        s.x.reserve(n * inp);
        for i in 0..n {
            s.x.extend_from_slice(self.w.word.row(toks.word[i] as usize));
            s.x.extend_from_slice(self.w.tag.row(toks.tag[i] as usize));
            s.x.extend_from_slice(self.w.suffix.row(toks.suffix[i] as usize));
            s.x.extend_from_slice(self.w.shape.row(toks.shape[i] as usize));
            s.x.extend_from_slice(self.w.cluster.row(toks.cluster[i] as usize));
        }
    }

    /// Runs the BiLSTM layers over the embedded words in `s.x` and precomputes each
    /// position's share of the hidden layer.
    fn read_sentence(&self, n: usize, s: &mut Scratch) {
        s.caches.resize_with(self.dims.layers, BiCache::default);
        self.read_layers(0, n, s);
    }

    /// Runs layers `from..` and the hidden-layer precomputation.
    fn read_layers(&self, from: usize, n: usize, s: &mut Scratch) {
        let d = &self.dims;
        for l in from..d.layers {
            let (done, rest) = s.caches.split_at_mut(l);
            let input: &[f32] = if l == 0 { &s.x } else { &done[l - 1].out };
            self.w.layers[l].forward(input, n, &mut rest[0]);
        }
        let h2 = 2 * d.hidden;
        s.v.clear();
        match s.caches.last() {
            Some(top) => s.v.extend_from_slice(&top.out[..n * h2]),
            None => s.v.resize(n * h2, 0.0),
        }
        s.v.extend_from_slice(&self.w.ends.data);
        let width = SLOTS * d.mlp;
        s.p.clear();
        s.p.resize((n + 2) * width, 0.0);
        add_rows_many(&self.w.w1.data, h2, &s.v, &mut s.p);
    }

    /// What the scorer reads of a configuration: rows of `Scratch::v` of the five
    /// positions, and rows of `Weights::lab` of the four label slots.
    fn slot_rows(&self, st: &State, n: usize) -> Rows {
        let row = |node: Option<u32>| match node {
            Some(0) => n,
            Some(i) => i as usize - 1,
            None => n + 1,
        };
        let block = self.dims.labels() + 1;
        let label = |k: usize, node: Option<u32>, pick: fn(&super::state::Kids) -> u32| {
            let child = node.map_or(0, |i| pick(&st.kids[i as usize]));
            let l = if child == 0 {
                0
            } else {
                (st.labels[child as usize] as usize + 1).min(block - 1)
            };
            k * block + l
        };
        Rows {
            v: [
                row(st.s(2)),
                row(st.s(1)),
                row(st.s(0)),
                row(st.b(0)),
                row(st.b(1)),
            ],
            lab: [
                label(0, st.s(0), |k| k.left[0]),
                label(1, st.s(0), |k| k.right[0]),
                label(2, st.s(1), |k| k.right[0]),
                label(3, st.b(0), |k| k.left[0]),
            ],
        }
    }

    /// Scores the moves of a configuration; leaves the hidden activations in `s.hidden`.
    fn score(&self, rows: &Rows, s: &mut Scratch) {
        let m = self.dims.mlp;
        let width = SLOTS * m;
        s.hidden.clear();
        s.hidden.extend_from_slice(&self.w.b1.data);
        let slot = |k: usize| &s.p[rows.v[k] * width + k * m..rows.v[k] * width + (k + 1) * m];
        let parts: [&[f32]; SLOTS + LABEL_SLOTS] = std::array::from_fn(|k| {
            if k < SLOTS {
                slot(k)
            } else {
                self.w.lab.row(rows.lab[k - SLOTS])
            }
        });
        add_all(&parts, &mut s.hidden);
        tanh_all(&mut s.hidden);
        s.scores.clear();
        s.scores.extend_from_slice(&self.w.b2.data);
        add_rows(&self.w.w2.data, &s.hidden, &mut s.scores);
        s.scores.truncate(self.dims.classes);
    }

    /// Parses one sentence (forms and tags, one per word) into heads and label ids.
    pub fn parse(
        &self,
        forms: &[&str],
        tags: &[&str],
        clusters: &WordClusters,
        root_label: u16,
    ) -> (Vec<u32>, Vec<u16>) {
        let n = forms.len();
        let toks = self.tokens(forms, tags, clusters);
        // One set of buffers per thread, kept from sentence to sentence; after a very
        // long sentence they are let go, so one outlier does not hold its memory.
        thread_local! {
            static SCRATCH: std::cell::RefCell<Scratch> = std::cell::RefCell::default();
        }
        SCRATCH.with(|cell| match cell.try_borrow_mut() {
            Ok(mut s) => {
                let parsed = self.parse_with(&toks, n, root_label, &mut s);
                if n > 512 {
                    *s = Scratch::default();
                }
                parsed
            }
            Err(_) => self.parse_with(&toks, n, root_label, &mut Scratch::default()),
        })
    }

    fn parse_with(
        &self,
        toks: &Tokens,
        n: usize,
        root_label: u16,
        s: &mut Scratch,
    ) -> (Vec<u32>, Vec<u16>) {
        self.encode_sentence(toks, s);
        let mut st = State::new(n);
        while !st.is_terminal() {
            let rows = self.slot_rows(&st, n);
            self.score(&rows, s);
            let m = crate::perceptron::argmax(&s.scores, |c| {
                st.is_valid(Move::from_class(c), root_label)
            })
            .map(Move::from_class)
            .unwrap_or(Move::Shift);
            st.apply(m);
        }
        (st.heads[1..].to_vec(), st.labels[1..].to_vec())
    }

    /// One sentence of training: runs the oracle, adds the gradient into `g`.
    #[allow(clippy::too_many_arguments)]
    fn learn(
        &self,
        toks: &Tokens,
        gold: &Gold,
        root_label: u16,
        options: &NeuralOptions,
        explore: bool,
        rng: &mut Rng,
        g: &mut Grads,
    ) {
        let d = self.dims;
        let n = toks.word.len();
        // Word dropout teaches the unknown-word vector.
        let word: Vec<u32> = toks
            .word
            .iter()
            .map(|&w| {
                let c = self.word_counts.get(w as usize).copied().unwrap_or(0) as f32;
                let alpha = options.word_dropout;
                if w != 0 && (rng.next_f64() as f32) < alpha / (alpha + c) {
                    0
                } else {
                    w
                }
            })
            .collect();
        let toks = Tokens {
            word,
            tag: toks.tag.clone(),
            suffix: toks.suffix.clone(),
            shape: toks.shape.clone(),
            cluster: toks.cluster.clone(),
        };
        let mut s = Scratch::default();
        self.embed(&toks, &mut s);
        let mask = (options.dropout > 0.0).then(|| dropout_mask(s.x.len(), options.dropout, rng));
        if let Some(mask) = &mask {
            for (x, m) in s.x.iter_mut().zip(mask) {
                *x *= m;
            }
        }
        self.read_sentence(n, &mut s);
        let h2 = 2 * d.hidden;
        let m = d.mlp;
        let width = SLOTS * m;
        // Dropout of the BiLSTM's output too: the words' vectors, then their shares of
        // the hidden layer again.
        let vmask = (options.dropout > 0.0).then(|| {
            let mask = dropout_mask(n * h2, options.dropout, rng);
            for (x, m) in s.v.iter_mut().zip(&mask) {
                *x *= m;
            }
            s.p.iter_mut().for_each(|x| *x = 0.0);
            add_rows_many(&self.w.w1.data, h2, &s.v, &mut s.p);
            mask
        });
        let mut dp = vec![0.0f32; (n + 2) * width];
        let mut dz = vec![0.0f32; m];
        let mut st = State::new(n);
        while !st.is_terminal() {
            let rows = self.slot_rows(&st, n);
            self.score(&rows, &mut s);
            let valid = |c: usize| st.is_valid(Move::from_class(c), root_label);
            let Some(pred) = crate::perceptron::argmax(&s.scores, valid) else {
                break;
            };
            let costs = gold.costs(&st);
            let cost = |c: usize| costs.of(Move::from_class(c));
            let Some(best) = crate::perceptron::argmax(&s.scores, |c| valid(c) && cost(c) == 0)
            else {
                st.apply(Move::from_class(pred));
                continue;
            };
            g.moves += 1;
            g.right += (cost(pred) == 0) as usize;
            if let Some(wrong) = crate::perceptron::argmax(&s.scores, |c| valid(c) && cost(c) != 0)
            {
                if s.scores[best] - s.scores[wrong] < 1.0 {
                    let c = d.out_cols();
                    for (k, h) in s.hidden.iter().enumerate() {
                        g.w.w2.data[k * c + wrong] += h;
                        g.w.w2.data[k * c + best] -= h;
                    }
                    g.w.b2.data[wrong] += 1.0;
                    g.w.b2.data[best] -= 1.0;
                    let w2 = self.w.w2.data.chunks_exact(c);
                    for (((z, b1), h), w2) in
                        dz.iter_mut().zip(&mut g.w.b1.data).zip(&s.hidden).zip(w2)
                    {
                        *z = (w2[wrong] - w2[best]) * (1.0 - h * h);
                        *b1 += *z;
                    }
                    for &r in &rows.lab {
                        for (a, b) in g.w.lab.row_mut(r).iter_mut().zip(&dz) {
                            *a += b;
                        }
                    }
                    for (slot, &r) in rows.v.iter().enumerate() {
                        let dst = &mut dp[r * width + slot * m..r * width + (slot + 1) * m];
                        for (a, b) in dst.iter_mut().zip(&dz) {
                            *a += b;
                        }
                    }
                }
            }
            let follow = if cost(pred) == 0 || (explore && rng.next_f64() < options.explore) {
                pred
            } else {
                best
            };
            st.apply(Move::from_class(follow));
        }
        // Back through the hidden layer's precomputation, then the BiLSTM layers.
        gemm_atb_acc(n + 2, h2, width, &s.v, &dp, &mut g.w.w1.data);
        let mut dv = vec![0.0f32; (n + 2) * h2];
        gemm_abt(n + 2, width, h2, &dp, &self.w.w1.data, 1.0, &mut dv);
        if let Some(mask) = &vmask {
            for (x, m) in dv.iter_mut().zip(mask) {
                *x *= m;
            }
        }
        for (a, b) in g.w.ends.data.iter_mut().zip(&dv[n * h2..]) {
            *a += b;
        }
        dv.truncate(n * h2);
        let mut dout = dv;
        for l in (0..d.layers).rev() {
            let input = self.w.layers[l].fwd.input();
            let mut din = vec![0.0f32; n * input];
            self.w.layers[l].backward(&s.caches[l], &dout, &mut g.w.layers[l], &mut din);
            dout = din;
        }
        // `dout` is now the gradient of the embedded input.
        if let Some(mask) = &mask {
            for (x, m) in dout.iter_mut().zip(mask) {
                *x *= m;
            }
        }
        let inp = d.input();
        for i in 0..n {
            let dx = &dout[i * inp..(i + 1) * inp];
            let mut at = 0;
            let parts = [
                (0usize, toks.word[i], d.word),
                (1, toks.tag[i], d.tag),
                (2, toks.suffix[i], d.suffix),
                (3, toks.shape[i], d.shape),
                (4, toks.cluster[i], d.cluster),
            ];
            for (table, row, width) in parts {
                let t = match table {
                    0 => &mut g.w.word,
                    1 => &mut g.w.tag,
                    2 => &mut g.w.suffix,
                    3 => &mut g.w.shape,
                    _ => &mut g.w.cluster,
                };
                for (a, b) in t.row_mut(row as usize).iter_mut().zip(&dx[at..at + width]) {
                    *a += b;
                }
                g.touched[table].push(row);
                at += width;
            }
        }
    }

    /// Trains a network on prepared examples.
    pub(super) fn train(
        examples: &[(Vec<&str>, Vec<&str>, &Gold)],
        n_classes: usize,
        root_label: u16,
        options: &NeuralOptions,
        seed: u64,
        progress: &mut dyn FnMut(usize, f64),
    ) -> Net {
        let mut counts: FxHashMap<String, u32> = FxHashMap::default();
        let mut tag_set: Vec<String> = Vec::new();
        let mut norm = String::new();
        for (forms, tags, _) in examples {
            for f in forms {
                normalise(f, &mut norm);
                *counts.entry(norm.clone()).or_default() += 1;
            }
            tag_set.extend(tags.iter().map(|t| t.to_string()));
        }
        let mut words: Vec<(String, u32)> = counts.into_iter().collect();
        words.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
        let mut word_list = vec!["<unk>".to_string()];
        let mut word_counts = vec![0];
        for (w, c) in words {
            word_list.push(w);
            word_counts.push(c);
        }
        tag_set.sort();
        tag_set.dedup();
        let mut tags = vec!["<unk>".to_string()];
        tags.extend(tag_set);
        let dims = Dims {
            word: options.word_dim,
            tag: options.tag_dim,
            suffix: options.suffix_dim,
            shape: options.shape_dim,
            cluster: if options.clusters.is_empty() {
                0
            } else {
                options.cluster_dim
            },
            cluster_rows: if options.clusters.is_empty() || options.cluster_dim == 0 {
                1
            } else {
                options.clusters.n_fine() + 1
            },
            hidden: options.hidden,
            layers: options.layers,
            mlp: options.mlp,
            classes: n_classes,
        };
        let mut rng = Rng::new(seed ^ 0x6269_6c73_746d);
        let w = Weights::new(&dims, word_list.len(), tags.len(), &mut rng);
        let mut net = Net::assemble(dims, word_list, word_counts, tags, w);
        let tokens: Vec<Tokens> = examples
            .iter()
            .map(|(f, t, _)| net.tokens(f, t, &options.clusters))
            .collect();
        let adam = Adam {
            rate: options.rate,
            ..Adam::default()
        };
        let mut moments: Vec<Moments> = net
            .w
            .tensors_mut()
            .into_iter()
            .map(|t| Moments::new(t))
            .collect();
        let mut grads = [Grads::new(&net.w), Grads::new(&net.w)];
        let mut order: Vec<usize> = (0..examples.len()).collect();
        // The weights at the end of the last epochs, summed: their mean is the model.
        let mut averaged: Option<Weights> = None;
        let mut kept = 0usize;
        for epoch in 0..options.epochs {
            rng.shuffle(&mut order);
            let explore = epoch >= 1;
            let (mut moves, mut right) = (0, 0);
            for batch in order.chunks(options.batch.max(1)) {
                let half = batch.len().div_ceil(2);
                let (g0, g1) = grads.split_at_mut(1);
                let net_ref = &net;
                let run = |part: &[usize], g: &mut Grads| {
                    for &i in part {
                        let mut r = Rng::new(seed ^ ((epoch as u64) << 32) ^ i as u64);
                        net_ref.learn(
                            &tokens[i],
                            examples[i].2,
                            root_label,
                            options,
                            explore,
                            &mut r,
                            g,
                        );
                    }
                };
                let (a, b) = batch.split_at(half);
                rayon::join(|| run(a, &mut g0[0]), || run(b, &mut g1[0]));
                g0[0].absorb(&mut g1[0]);
                let g = &mut g0[0];
                moves += g.moves;
                right += g.right;
                for t in 0..EMBEDDINGS {
                    g.touched[t].sort_unstable();
                    g.touched[t].dedup();
                }
                let touched = g.touched.clone();
                for (k, (wt, gt)) in net
                    .w
                    .tensors_mut()
                    .into_iter()
                    .zip(g.w.tensors_mut())
                    .enumerate()
                {
                    if k < EMBEDDINGS {
                        let rows = touched[k].iter().map(|&r| r as usize);
                        moments[k].step_rows(&adam, wt, gt, rows, 1.0);
                    } else {
                        let rows = 0..wt.rows;
                        moments[k].step_rows(&adam, wt, gt, rows, 1.0);
                    }
                }
                g.clear();
                g1[0].clear();
            }
            progress(epoch, right as f64 / moves.max(1) as f64);
            if epoch + options.average_last >= options.epochs {
                let sum = averaged.get_or_insert_with(|| net.w.zeros_like());
                for (a, w) in sum.tensors_mut().into_iter().zip(net.w.tensors_mut()) {
                    for (x, y) in a.data.iter_mut().zip(&w.data) {
                        *x += y;
                    }
                }
                kept += 1;
            }
        }
        if let Some(mut sum) = averaged {
            let scale = 1.0 / kept.max(1) as f32;
            for t in sum.tensors_mut() {
                t.data.iter_mut().for_each(|x| *x *= scale);
            }
            net.w = sum;
        }
        net.project();
        net
    }

    fn assemble(
        dims: Dims,
        words: Vec<String>,
        word_counts: Vec<u32>,
        tags: Vec<String>,
        w: Weights,
    ) -> Net {
        let word_index = words
            .iter()
            .enumerate()
            .map(|(i, w)| (w.clone(), i as u32))
            .collect();
        let tag_index = tags
            .iter()
            .enumerate()
            .map(|(i, t)| (t.clone(), i as u32))
            .collect();
        Net {
            dims,
            words,
            word_index,
            word_counts,
            tags,
            tag_index,
            w,
            proj: Vec::new(),
        }
    }

    /// Precomputes [`Net::proj`]: the first layer is linear in the concatenated
    /// embeddings, so a word's input gates are a sum of one row per table.
    fn project(&mut self) {
        self.proj.clear();
        let Some(first) = self.w.layers.first() else {
            return;
        };
        let g = 4 * self.dims.hidden;
        let mut offset = 0;
        let tables = [
            &self.w.word,
            &self.w.tag,
            &self.w.suffix,
            &self.w.shape,
            &self.w.cluster,
        ];
        for table in tables {
            let dim = table.cols;
            let mut pair = [Tensor::zeros(table.rows, g), Tensor::zeros(table.rows, g)];
            for (dir, lstm) in [&first.fwd, &first.bwd].into_iter().enumerate() {
                let wx = &lstm.wx.data[offset * g..(offset + dim) * g];
                add_rows_many(wx, dim, &table.data, &mut pair[dir].data);
            }
            self.proj.push(pair);
            offset += dim;
        }
    }

    /// Number of learned values.
    pub fn n_weights(&self) -> usize {
        let mut w = self.w.clone();
        w.tensors_mut().iter().map(|t| t.data.len()).sum()
    }

    /// Writes the network.
    pub fn encode(&self, enc: &mut Encoder) {
        let d = &self.dims;
        for v in [
            d.word,
            d.tag,
            d.suffix,
            d.shape,
            d.cluster,
            d.cluster_rows,
            d.hidden,
            d.layers,
            d.mlp,
            d.classes,
        ] {
            enc.u32(v as u32);
        }
        enc.strs(&self.words);
        for &c in &self.word_counts {
            enc.u32(c);
        }
        enc.strs(&self.tags);
        let mut w = self.w.clone();
        for t in w.tensors_mut() {
            t.encode(enc);
        }
    }

    /// Reads a network written by [`Net::encode`].
    pub fn decode(dec: &mut Decoder) -> Result<Net, DecodeError> {
        let mut v = [0usize; 10];
        for x in &mut v {
            *x = dec.u32()? as usize;
        }
        let dims = Dims {
            word: v[0],
            tag: v[1],
            suffix: v[2],
            shape: v[3],
            cluster: v[4],
            cluster_rows: v[5],
            hidden: v[6],
            layers: v[7],
            mlp: v[8],
            classes: v[9],
        };
        if v.iter().any(|&x| x > 1 << 16) || dims.layers > 8 {
            return Err(dec.invalid("network sizes are out of range"));
        }
        let words = dec.strs()?;
        let mut word_counts = Vec::with_capacity(words.len().min(dec.remaining() / 4));
        for _ in 0..words.len() {
            word_counts.push(dec.u32()?);
        }
        let tags = dec.strs()?;
        if words.is_empty() || tags.is_empty() {
            return Err(dec.invalid("network vocabularies are empty"));
        }
        let mut layers = Vec::with_capacity(dims.layers);
        let read = |dec: &mut Decoder, r, c| Tensor::decode(dec, r, c);
        let word = read(dec, words.len(), dims.word)?;
        let tag = read(dec, tags.len(), dims.tag)?;
        let suffix = read(dec, SUFFIX_BUCKETS, dims.suffix)?;
        let shape = read(dec, SHAPES, dims.shape)?;
        let cluster = read(dec, dims.cluster_rows, dims.cluster)?;
        for l in 0..dims.layers {
            let input = if l == 0 {
                dims.input()
            } else {
                2 * dims.hidden
            };
            layers.push(BiLstm::decode(dec, input, dims.hidden)?);
        }
        let w = Weights {
            word,
            tag,
            suffix,
            shape,
            cluster,
            layers,
            ends: read(dec, 2, 2 * dims.hidden)?,
            w1: read(dec, 2 * dims.hidden, SLOTS * dims.mlp)?,
            b1: read(dec, 1, dims.mlp)?,
            w2: read(dec, dims.mlp, dims.out_cols())?,
            b2: read(dec, 1, dims.out_cols())?,
            lab: read(dec, LABEL_SLOTS * (dims.labels() + 1), dims.mlp)?,
        };
        let mut net = Net::assemble(dims, words, word_counts, tags, w);
        net.project();
        Ok(net)
    }

    /// Number of move classes the network scores.
    pub fn n_classes(&self) -> usize {
        self.dims.classes
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn projected_input_reads_as_the_embeddings_do() {
        let dims = Dims {
            word: 6,
            tag: 3,
            suffix: 4,
            shape: 2,
            cluster: 0,
            cluster_rows: 1,
            hidden: 5,
            layers: 2,
            mlp: 7,
            classes: 9,
        };
        let mut rng = Rng::new(9);
        let words: Vec<String> = ["<unk>", "russia", "imposed", "sanctions"]
            .iter()
            .map(|w| w.to_string())
            .collect();
        let tags = vec!["<unk>".to_string(), "NNP".to_string(), "VBD".to_string()];
        let w = Weights::new(&dims, words.len(), tags.len(), &mut rng);
        let mut net = Net::assemble(dims, words, vec![0, 1, 1, 1], tags, w);
        let forms = ["Russia", "imposed", "new", "sanctions"];
        let toks = net.tokens(
            &forms,
            &["NNP", "VBD", "JJ", "NNS"],
            &WordClusters::default(),
        );
        let mut plain = Scratch::default();
        net.encode_sentence(&toks, &mut plain);
        net.project();
        let mut fast = Scratch::default();
        net.encode_sentence(&toks, &mut fast);
        assert_eq!(plain.p.len(), fast.p.len());
        for (a, b) in plain.p.iter().zip(&fast.p) {
            assert!((a - b).abs() < 1e-5, "{a} != {b}");
        }
    }

    #[test]
    fn shapes_tell_case_digits_and_position_apart() {
        assert_eq!(shape("Russia", true), 7);
        assert_eq!(shape("russia", false), 10);
        assert_eq!(shape("NATO", false), 4);
        assert_eq!(shape("1987", false), 0);
        assert_eq!(shape(",", false), 2);
        assert_eq!(shape("iPhone", false), 8);
    }
}
