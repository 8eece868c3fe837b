//! A labelled dependency parser: greedy arc-hybrid transitions scored by an averaged
//! perceptron, trained with a dynamic oracle.
//!
//! Greedy transition parsing is linear in the sentence length and needs no external
//! parse: the properties entente needs to read millions of sentences on a laptop. The
//! dynamic oracle ([`oracle`]) lets training explore the parser's own mistakes, which
//! recovers most of the accuracy a beam would buy, at none of its cost at parse time.

mod bilstm;
mod features;
mod oracle;
mod state;

use crate::codec::{DecodeError, Decoder, Encoder};
use crate::corpus::GoldSentence;
use crate::hash::{str_hash, Rng};
use crate::perceptron::{argmax, Feature, Perceptron, Trainer};
use crate::Upos;
use features::Atoms;
use oracle::Gold;
use state::{Move, State};

pub use bilstm::NeuralOptions;

/// Training settings of the parser.
#[derive(Clone, Debug)]
pub struct ParserOptions {
    /// Passes over the training data.
    pub epochs: usize,
    /// Seed for shuffling and exploration.
    pub seed: u64,
    /// From this epoch on (0-based), training follows the parser's own moves.
    pub explore_from: usize,
    /// Probability of following the parser's own (possibly wrong) move while exploring.
    pub explore_rate: f64,
    /// Features updated fewer times than this are dropped from the final model.
    pub min_updates: u32,
    /// Train the BiLSTM engine with these settings instead of the perceptron.
    pub neural: Option<NeuralOptions>,
}

impl Default for ParserOptions {
    fn default() -> Self {
        ParserOptions {
            epochs: 15,
            seed: 1,
            explore_from: 1,
            explore_rate: 0.9,
            min_updates: 3,
            neural: None,
        }
    }
}

/// One word's place in a parse: its head (0 = root, else 1-based) and label id.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Arc {
    /// Head position: 0 for the root, else the 1-based position of the head word.
    pub head: u32,
    /// Index into [`Parser::labels`].
    pub label: u16,
}

/// A trained dependency parser.
#[derive(Clone, Debug)]
pub struct Parser {
    labels: Vec<String>,
    root_label: u16,
    engine: Engine,
    /// Word clusters (set by the model after decoding; read by the BiLSTM engine).
    pub(crate) clusters: std::sync::Arc<crate::WordClusters>,
}

/// What scores the moves.
#[derive(Clone, Debug)]
enum Engine {
    /// An averaged perceptron over hand-written feature templates.
    Perceptron(Perceptron),
    /// A BiLSTM reading the sentence and a small network over its vectors.
    BiLstm(Box<bilstm::Net>),
}

/// Label of the root arc.
const ROOT: &str = "root";

impl Parser {
    /// The dependency labels this parser can assign.
    pub fn labels(&self) -> &[String] {
        &self.labels
    }

    /// The name of a label id.
    pub fn label(&self, id: u16) -> &str {
        self.labels.get(id as usize).map_or("dep", String::as_str)
    }

    /// Parses a sentence given its word forms, Penn Treebank tags and universal tags (one
    /// each per word). Always
    /// returns one arc per word forming a single-rooted projective tree.
    pub fn parse(&self, forms: &[&str], tags: &[&str], upos: &[Upos]) -> Vec<Arc> {
        let model = match &self.engine {
            Engine::Perceptron(p) => p,
            Engine::BiLstm(net) => {
                let keys = tag_keys(tags, upos);
                let keys: Vec<&str> = keys.iter().map(String::as_str).collect();
                let (heads, labels) = net.parse(forms, &keys, &self.clusters, self.root_label);
                return heads
                    .into_iter()
                    .zip(labels)
                    .map(|(head, label)| Arc { head, label })
                    .collect();
            }
        };
        let atoms = atoms(forms, tags, upos);
        let mut st = State::new(forms.len());
        let mut feats = Vec::with_capacity(128);
        let mut scores = vec![0.0; model.n_classes()];
        while !st.is_terminal() {
            features::extract(&atoms, &st, &mut feats);
            model.score(&feats, &mut scores);
            let m = argmax(&scores, |c| {
                st.is_valid(Move::from_class(c), self.root_label)
            })
            .map(Move::from_class)
            .unwrap_or(Move::Shift);
            st.apply(m);
        }
        (1..=forms.len())
            .map(|i| Arc {
                head: st.heads[i],
                label: st.labels[i],
            })
            .collect()
    }

    /// Trains a parser on gold trees, using `sentence.xpos` as the tags (substitute
    /// predicted tags there to train for tagged input). `progress` is called after each
    /// epoch with the epoch number and the share of training moves that were correct.
    pub fn train(
        sentences: &[GoldSentence],
        options: &ParserOptions,
        progress: &mut dyn FnMut(usize, f64),
    ) -> Parser {
        let labels = label_set(sentences);
        let root_label = labels.iter().position(|l| l == ROOT).unwrap_or(0) as u16;
        let examples: Vec<(usize, Example)> = sentences
            .iter()
            .enumerate()
            .filter_map(|(i, s)| Example::new(s, &labels).map(|e| (i, e)))
            .collect();
        if let Some(neural) = &options.neural {
            let keys: Vec<Vec<String>> = examples
                .iter()
                .map(|(i, _)| {
                    let s = &sentences[*i];
                    let xpos: Vec<&str> = s.xpos.iter().map(String::as_str).collect();
                    tag_keys(&xpos, &s.upos)
                })
                .collect();
            let prepared: Vec<(Vec<&str>, Vec<&str>, &Gold)> = examples
                .iter()
                .zip(&keys)
                .map(|((i, e), keys)| {
                    let tags = keys.iter().map(String::as_str).collect();
                    (sentences[*i].form_refs(), tags, &e.gold)
                })
                .collect();
            let net = bilstm::Net::train(
                &prepared,
                Move::n_classes(labels.len()),
                root_label,
                neural,
                options.seed,
                progress,
            );
            return Parser {
                labels,
                root_label,
                engine: Engine::BiLstm(Box::new(net)),
                clusters: neural.clusters.clone(),
            };
        }
        let examples: Vec<Example> = examples.into_iter().map(|(_, e)| e).collect();
        let mut trainer = Trainer::new(Move::n_classes(labels.len()));
        let mut rng = Rng::new(options.seed);
        let mut order: Vec<usize> = (0..examples.len()).collect();
        for epoch in 0..options.epochs {
            rng.shuffle(&mut order);
            let explore = epoch >= options.explore_from;
            let (mut good, mut total) = (0usize, 0usize);
            for &i in &order {
                let (g, t) = train_one(
                    &mut trainer,
                    &examples[i],
                    root_label,
                    explore,
                    options.explore_rate,
                    &mut rng,
                );
                good += g;
                total += t;
            }
            progress(epoch, good as f64 / total.max(1) as f64);
        }
        Parser {
            labels,
            root_label,
            engine: Engine::Perceptron(trainer.finish_pruned(options.min_updates)),
            clusters: std::sync::Arc::default(),
        }
    }

    /// Encodes the parser: labels, then the engine's tag (0 perceptron, 1 BiLSTM) and
    /// weights.
    pub fn encode(&self, enc: &mut Encoder) {
        enc.strs(&self.labels);
        enc.u16(self.root_label);
        match &self.engine {
            Engine::Perceptron(p) => {
                enc.u8(0);
                p.encode(enc);
            }
            Engine::BiLstm(net) => {
                enc.u8(1);
                net.encode(enc);
            }
        }
    }

    /// Encodes a perceptron parser as format 1 and 2 did, with no engine tag.
    #[cfg(test)]
    pub(crate) fn encode_untagged(&self, enc: &mut Encoder) {
        enc.strs(&self.labels);
        enc.u16(self.root_label);
        if let Engine::Perceptron(p) = &self.engine {
            p.encode(enc);
        }
    }

    /// Decodes a parser written by [`Parser::encode`]. Files of format 1 and 2 carry
    /// no engine tag (`tagged` false): their engine is the perceptron.
    pub fn decode(dec: &mut Decoder, tagged: bool) -> Result<Parser, DecodeError> {
        let labels = dec.strs()?;
        let root_label = dec.u16()?;
        if labels.is_empty() || root_label as usize >= labels.len() {
            return Err(dec.invalid("parser labels are missing"));
        }
        let kind = if tagged { dec.u8()? } else { 0 };
        let (engine, n_classes) = match kind {
            0 => {
                let p = Perceptron::decode(dec)?;
                let n = p.n_classes();
                (Engine::Perceptron(p), n)
            }
            1 => {
                let net = bilstm::Net::decode(dec)?;
                let n = net.n_classes();
                (Engine::BiLstm(Box::new(net)), n)
            }
            _ => return Err(dec.invalid("unknown parser engine")),
        };
        if n_classes != Move::n_classes(labels.len()) {
            return Err(dec.invalid("parser classes do not match its labels"));
        }
        Ok(Parser {
            labels,
            root_label,
            engine,
            clusters: std::sync::Arc::default(),
        })
    }

    /// Number of weights in the model.
    pub fn n_weights(&self) -> usize {
        match &self.engine {
            Engine::Perceptron(p) => p.n_weights(),
            Engine::BiLstm(net) => net.n_weights(),
        }
    }
}

/// The tag the BiLSTM engine embeds: both tags of a word, so it tells an auxiliary
/// (`VBZ/AUX`) from a main verb (`VBZ/VERB`).
fn tag_keys(tags: &[&str], upos: &[Upos]) -> Vec<String> {
    tags.iter()
        .enumerate()
        .map(|(i, t)| format!("{t}/{}", upos.get(i).map_or("_", |u| u.as_str())))
        .collect()
}

/// Hashes forms (lowercased) and tags once per sentence; node 0 is the root.
fn atoms(forms: &[&str], tags: &[&str], upos: &[Upos]) -> Atoms {
    let mut words = Vec::with_capacity(forms.len() + 1);
    let mut tag_hashes = Vec::with_capacity(forms.len() + 1);
    words.push(str_hash("<root>"));
    tag_hashes.push(str_hash("<ROOT>"));
    let mut upos_hashes = Vec::with_capacity(forms.len() + 1);
    upos_hashes.push(str_hash("<UROOT>"));
    let mut suffixes = Vec::with_capacity(forms.len() + 1);
    suffixes.push(str_hash("<SROOT>"));
    for (i, form) in forms.iter().enumerate() {
        words.push(word_hash(form));
        tag_hashes.push(str_hash(tags.get(i).copied().unwrap_or("_")));
        upos_hashes.push(str_hash(upos.get(i).map_or("_", |u| u.as_str())));
        suffixes.push(suffix_hash(form));
    }
    Atoms {
        words,
        tags: tag_hashes,
        upos: upos_hashes,
        suffixes,
    }
}

/// The parser sees words lowercased, with digits folded so numbers share weights.
fn word_hash(form: &str) -> u64 {
    if form
        .bytes()
        .all(|b| !b.is_ascii_uppercase() && !b.is_ascii_digit())
    {
        return str_hash(form);
    }
    let folded: String = form
        .chars()
        .map(|c| {
            if c.is_ascii_digit() {
                '0'
            } else {
                c.to_ascii_lowercase()
            }
        })
        .collect();
    str_hash(&folded)
}

/// Hash of the last three characters, lowercased.
fn suffix_hash(form: &str) -> u64 {
    let start = form.char_indices().rev().nth(2).map_or(0, |(i, _)| i);
    str_hash(&form[start..].to_lowercase())
}

/// Labels sorted by name, so the model is independent of corpus order.
fn label_set(sentences: &[GoldSentence]) -> Vec<String> {
    let mut labels: Vec<String> = sentences
        .iter()
        .flat_map(|s| s.deprels.iter().cloned())
        .collect();
    labels.push(ROOT.to_string());
    labels.sort();
    labels.dedup();
    labels.retain(|l| l != "_" && !l.is_empty());
    labels
}

/// A training sentence prepared for the oracle.
struct Example {
    atoms: Atoms,
    gold: Gold,
}

impl Example {
    fn new(s: &GoldSentence, labels: &[String]) -> Option<Example> {
        if s.is_empty() {
            return None;
        }
        let mut heads = s.heads.clone();
        if heads.iter().any(|&h| h as usize > heads.len())
            || heads.iter().filter(|&&h| h == 0).count() != 1
        {
            return None;
        }
        oracle::projectivize(&mut heads);
        // A word whose relation is not a known label (`_` in a partial annotation)
        // would teach a wrong arc, so such sentences are left out.
        let label_ids: Vec<u16> = heads
            .iter()
            .zip(&s.deprels)
            .map(|(&h, d)| {
                let d = if h == 0 { ROOT } else { d.as_str() };
                labels.iter().position(|l| l == d).map(|i| i as u16)
            })
            .collect::<Option<_>>()?;
        let forms = s.form_refs();
        let tags: Vec<&str> = s.xpos.iter().map(String::as_str).collect();
        Some(Example {
            atoms: atoms(&forms, &tags, &s.upos),
            gold: Gold::new(&heads, &label_ids),
        })
    }
}

/// One training pass over a sentence; returns (correct moves, moves).
fn train_one(
    trainer: &mut Trainer,
    ex: &Example,
    root_label: u16,
    explore: bool,
    explore_rate: f64,
    rng: &mut Rng,
) -> (usize, usize) {
    let n = ex.gold.heads.len() - 1;
    let mut st = State::new(n);
    let mut feats: Vec<Feature> = Vec::with_capacity(128);
    let mut scores = vec![0.0; trainer.n_classes()];
    let (mut good, mut total) = (0, 0);
    while !st.is_terminal() {
        features::extract(&ex.atoms, &st, &mut feats);
        trainer.score(&feats, &mut scores);
        let valid = |c: usize| st.is_valid(Move::from_class(c), root_label);
        let Some(guess) = argmax(&scores, valid) else {
            break;
        };
        let costs = ex.gold.costs(&st);
        let zero_cost = |c: usize| valid(c) && costs.of(Move::from_class(c)) == 0;
        let Some(best) = argmax(&scores, zero_cost) else {
            // No move keeps every reachable arc (only on malformed trees): follow the guess.
            st.apply(Move::from_class(guess));
            continue;
        };
        trainer.tick();
        trainer.update(&feats, best, guess);
        total += 1;
        good += (guess == best) as usize;
        let follow_guess = explore && rng.next_f64() < explore_rate;
        st.apply(Move::from_class(if follow_guess { guess } else { best }));
    }
    (good, total)
}

#[cfg(test)]
mod tests;
