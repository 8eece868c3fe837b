//! Training the tagger.
//!
//! The training data is cut into parts by a hash of each sentence's words, and each
//! part's ambiguity classes come from the other parts (jackknifing): training then meets
//! unknown and rare words about as often as analysis does, instead of learning to rely
//! on a lexicon that knows every training word.

use crate::hash::Rng;
use crate::perceptron::{Feature, Perceptron, Trainer};
use crate::{GoldSentence, WordClasses, WordClusters};

use super::features::{word_infos, WordInfo};
use super::lexicon::Lexicon;
use super::tagset::{TagSet, XposFill};
use super::{greedy, Classes, Scratch, TaggerOptions};

/// Number of parts the training data is cut into for jackknifing.
const FOLDS: u64 = 10;
/// Features updated fewer times than this are dropped from the final model.
const MIN_UPDATES: u32 = 1;

/// The training data in the form the learner needs, computed once.
pub(super) struct Data {
    pub tagset: TagSet,
    pub lexicon: Lexicon,
    /// Gold class of every word.
    gold: Vec<Vec<u16>>,
    /// Word infos with jackknifed ambiguity classes.
    infos: Vec<Vec<WordInfo>>,
}

impl Data {
    pub fn new(
        sentences: &[GoldSentence],
        word_classes: &WordClasses,
        clusters: &WordClusters,
    ) -> Data {
        let fill = XposFill::new(sentences);
        let tagset = TagSet::from_sentences(sentences, &fill);
        let gold = gold_classes(sentences, &tagset, &fill);
        let lexicon = Lexicon::build(tagged_words(sentences, &gold, |_| true));
        let infos = jackknifed_infos(sentences, &gold, &lexicon, word_classes, clusters);
        Data {
            tagset,
            lexicon,
            gold,
            infos,
        }
    }

    /// Trains the model for `options.epochs` passes over the data, shuffled anew by the
    /// seeded generator before each one.
    pub fn train(
        &self,
        classes: &Classes,
        options: &TaggerOptions,
        progress: &mut dyn FnMut(usize, f64),
    ) -> Perceptron {
        let mut trainer = Trainer::new(classes.outputs());
        let mut s = Scratch::new(classes.outputs());
        let mut order: Vec<usize> = (0..self.gold.len()).collect();
        let mut rng = Rng::new(options.seed);
        for epoch in 1..=options.epochs {
            rng.shuffle(&mut order);
            let (mut right, mut total) = (0usize, 0usize);
            for &i in &order {
                right += self.train_sentence(&mut trainer, classes, i, &mut s);
                total += self.gold[i].len();
            }
            progress(epoch, right as f64 / total.max(1) as f64);
        }
        trainer.finish_pruned(MIN_UPDATES)
    }

    /// One greedy pass over sentence `i` with perceptron updates; returns the number of
    /// words tagged right.
    fn train_sentence(
        &self,
        trainer: &mut Trainer,
        classes: &Classes,
        i: usize,
        s: &mut Scratch,
    ) -> usize {
        let gold = &self.gold[i];
        let mut decide = |j: usize, features: &[Feature], scores: &mut [f32]| {
            trainer.tick();
            trainer.score(features, scores);
            let guess = classes.best(scores);
            classes.update(trainer, features, gold[j], guess);
            guess
        };
        let tags = greedy(&self.infos[i], s, &mut decide);
        tags.iter().zip(gold).filter(|(a, b)| a == b).count()
    }
}

/// The gold class of every word.
fn gold_classes(sentences: &[GoldSentence], tagset: &TagSet, fill: &XposFill) -> Vec<Vec<u16>> {
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
fn tagged_words<'a>(
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

/// The jackknife part of a sentence, from a hash of its words, so that copies of a
/// sentence fall in the same part.
fn fold_of(s: &GoldSentence) -> u64 {
    s.words_hash() % FOLDS
}

/// The word infos of all training sentences, with jackknifed ambiguity classes.
fn jackknifed_infos(
    sentences: &[GoldSentence],
    gold: &[Vec<u16>],
    lexicon: &Lexicon,
    word_classes: &WordClasses,
    clusters: &WordClusters,
) -> Vec<Vec<WordInfo>> {
    let folds: Vec<u64> = sentences.iter().map(fold_of).collect();
    let mut infos = vec![Vec::new(); sentences.len()];
    let mut lower = String::new();
    for fold in 0..FOLDS {
        let others = Lexicon::build(tagged_words(sentences, gold, |i| folds[i] != fold));
        let lexicon = lexicon.with_ambiguity_of(others);
        for i in (0..sentences.len()).filter(|&i| folds[i] == fold) {
            word_infos(
                &sentences[i].forms,
                &lexicon,
                word_classes,
                clusters,
                &mut lower,
                &mut infos[i],
            );
        }
    }
    infos
}
