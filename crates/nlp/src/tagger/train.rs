//! Training the tagger's two passes.
//!
//! The second pass sees the first pass's tags of the words to the right. So that it
//! learns how far to trust them, it is trained on first-pass tags of the kind it will see
//! at analysis time: each part of the training data is tagged by a first-pass model
//! trained on the other parts (jackknifing). Ambiguity classes are jackknifed the same
//! way, so training sees unknown words about as often as analysis does.

use crate::hash::Rng;
use crate::perceptron::{argmax, Feature, Perceptron, Trainer};
use crate::GoldSentence;

use super::features::{word_infos, WordInfo};
use super::lexicon::Lexicon;
use super::tagset::{TagSet, XposFill};
use super::{greedy, Scratch};

/// Number of parts the training data is cut into for jackknifing.
const FOLDS: usize = 10;
/// Features updated fewer times than this are dropped from the final models.
const MIN_UPDATES: u32 = 1;

/// Everything training needs about the data, computed once.
pub(super) struct Data {
    /// Gold class of every word.
    pub gold: Vec<Vec<u16>>,
    /// Word infos with jackknifed ambiguity classes.
    pub infos: Vec<Vec<WordInfo>>,
}

impl Data {
    pub fn new(
        sentences: &[GoldSentence],
        tagset: &TagSet,
        fill: &XposFill,
        lexicon: &Lexicon,
    ) -> Data {
        let gold = gold_classes(sentences, tagset, fill);
        let infos = training_infos(sentences, &gold, lexicon);
        Data { gold, infos }
    }
}

/// The gold class of every word.
pub(super) fn gold_classes(
    sentences: &[GoldSentence],
    tagset: &TagSet,
    fill: &XposFill,
) -> Vec<Vec<u16>> {
    let index = tagset.index();
    let class =
        |u: &crate::Upos, x: &String| index.get(&(*u, fill.xpos(*u, x))).copied().unwrap_or(0);
    let sentence = |s: &GoldSentence| {
        s.upos
            .iter()
            .zip(&s.xpos)
            .map(|(u, x)| class(u, x))
            .collect()
    };
    sentences.iter().map(sentence).collect()
}

/// The (form, gold class) pairs of the sentences whose index passes `keep`.
pub(super) fn tagged_words<'a>(
    sentences: &'a [GoldSentence],
    gold: &'a [Vec<u16>],
    keep: impl Fn(usize) -> bool + 'a,
) -> impl Iterator<Item = (&'a str, u16)> + 'a {
    let pairs = sentences
        .iter()
        .zip(gold)
        .enumerate()
        .filter(move |(i, _)| keep(*i));
    pairs.flat_map(|(_, (s, g))| s.forms.iter().map(String::as_str).zip(g.iter().copied()))
}

/// The word infos of all training sentences, with jackknifed ambiguity classes.
fn training_infos(
    sentences: &[GoldSentence],
    gold: &[Vec<u16>],
    lexicon: &Lexicon,
) -> Vec<Vec<WordInfo>> {
    let mut infos = vec![Vec::new(); sentences.len()];
    let mut lower = String::new();
    for fold in 0..FOLDS {
        let others = Lexicon::build(tagged_words(sentences, gold, |i| i % FOLDS != fold));
        let lexicon = lexicon.with_ambiguity_of(others);
        for i in (fold..sentences.len()).step_by(FOLDS) {
            word_infos(&sentences[i].forms, &lexicon, &mut lower, &mut infos[i]);
        }
    }
    infos
}

/// What one training pass learns from.
pub(super) struct Pass<'a> {
    pub data: &'a Data,
    /// Sentences to train on.
    pub members: Vec<usize>,
    /// First-pass tags of every sentence, when training the second pass.
    pub first: Option<&'a [Vec<u16>]>,
    /// Which classes are verbs or auxiliaries.
    pub verbal: &'a [bool],
    pub n_classes: usize,
}

impl Pass<'_> {
    /// Trains for `epochs` passes over the members, shuffled by `rng`, reporting the
    /// training accuracy of each epoch.
    pub fn train(
        mut self,
        epochs: usize,
        rng: &mut Rng,
        progress: &mut dyn FnMut(f64),
    ) -> Perceptron {
        let mut trainer = Trainer::new(self.n_classes);
        let mut s = Scratch::new(self.n_classes);
        for _ in 0..epochs {
            rng.shuffle(&mut self.members);
            let (mut right, mut total) = (0usize, 0usize);
            for &i in &self.members {
                right += self.train_sentence(&mut trainer, i, &mut s);
                total += self.data.gold[i].len();
            }
            progress(right as f64 / total.max(1) as f64);
        }
        trainer.finish_pruned(MIN_UPDATES)
    }

    /// One greedy pass over sentence `i` with perceptron updates; returns the words
    /// tagged right.
    fn train_sentence(&self, trainer: &mut Trainer, i: usize, s: &mut Scratch) -> usize {
        let gold = &self.data.gold[i];
        let first = self.first.map(|f| f[i].as_slice());
        let mut decide = |j: usize, features: &[Feature], scores: &mut [f32]| {
            trainer.tick();
            trainer.score(features, scores);
            let guess = argmax(scores, |_| true).unwrap_or(0);
            trainer.update(features, gold[j] as usize, guess);
            guess as u16
        };
        let tags = greedy(&self.data.infos[i], first, self.verbal, s, &mut decide);
        tags.iter().zip(gold).filter(|(a, b)| a == b).count()
    }
}

/// First-pass tags for every training sentence, each from a model that did not see it.
pub(super) fn jackknife(
    data: &Data,
    verbal: &[bool],
    n_classes: usize,
    epochs: usize,
    rng: &mut Rng,
) -> Vec<Vec<u16>> {
    let n = data.gold.len();
    let mut tags = vec![Vec::new(); n];
    let mut s = Scratch::new(n_classes);
    for fold in 0..FOLDS.min(n) {
        let members = (0..n).filter(|i| i % FOLDS != fold).collect();
        let pass = Pass {
            data,
            members,
            first: None,
            verbal,
            n_classes,
        };
        let model = pass.train(epochs, rng, &mut |_| {});
        for i in (fold..n).step_by(FOLDS) {
            let mut decide = |_: usize, f: &[Feature], scores: &mut [f32]| {
                model.score(f, scores);
                argmax(scores, |_| true).unwrap_or(0) as u16
            };
            tags[i] = greedy(&data.infos[i], None, verbal, &mut s, &mut decide);
        }
    }
    tags
}
