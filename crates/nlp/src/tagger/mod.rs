//! The part-of-speech tagger: a two-pass greedy averaged perceptron that predicts UPOS
//! and XPOS jointly.
//!
//! Each class is a (UPOS, XPOS) pair seen in training, so the two tags always agree.
//! Frequent unambiguous words are tagged from a dictionary without scoring; every other
//! word is scored on hashed features of itself, its neighbours and the two tags already
//! predicted to its left (see [`features`]). A first left-to-right pass tags the
//! sentence; a second pass tags it again, now also seeing the first pass's tags of the
//! words to the right, which settles choices such as preposition or subordinator.

mod features;
mod lexicon;
mod tagset;
mod train;

use crate::codec::{DecodeError, Decoder, Encoder};
use crate::hash::Rng;
use crate::perceptron::{argmax, Feature, Perceptron};
use crate::{GoldSentence, Upos};

use features::{lookahead_features, static_features, tag_features, word_infos, WordInfo, NO_TAG};
use lexicon::Lexicon;
pub use tagset::TagSet;
use tagset::XposFill;
use train::{jackknife, tagged_words, Data, Pass};

/// Format version written at the start of an encoded tagger.
const FORMAT_VERSION: u32 = 2;

/// Training settings.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TaggerOptions {
    /// Passes over the training data, for each of the tagger's two passes.
    pub epochs: usize,
    /// Seed for shuffling the sentences before each epoch.
    pub seed: u64,
}

impl Default for TaggerOptions {
    fn default() -> Self {
        TaggerOptions {
            epochs: 10,
            seed: 1,
        }
    }
}

/// A trained part-of-speech tagger.
#[derive(Clone, Debug)]
pub struct Tagger {
    tagset: TagSet,
    lexicon: Lexicon,
    /// The left-to-right first pass.
    first: Perceptron,
    /// The second pass, which also sees first-pass tags to the right.
    second: Perceptron,
    /// Which classes are verbs or auxiliaries (derived from the tag set).
    verbal: Vec<bool>,
}

/// Reusable buffers for tagging one sentence.
pub(super) struct Scratch {
    lower: String,
    words: Vec<WordInfo>,
    features: Vec<Feature>,
    scores: Vec<f32>,
}

impl Scratch {
    fn new(n_classes: usize) -> Scratch {
        Scratch {
            lower: String::new(),
            words: Vec::new(),
            features: Vec::new(),
            scores: vec![0.0; n_classes],
        }
    }
}

impl Tagger {
    /// Trains a tagger on gold sentences.
    pub fn train(sentences: &[GoldSentence], options: &TaggerOptions) -> Tagger {
        Tagger::train_with_progress(sentences, options, &mut |_, _| {})
    }

    /// Trains a tagger, calling `progress(epoch, accuracy)` after each epoch with the share
    /// of training words tagged right during it. Epochs of the first pass are numbered
    /// `1..=epochs`, those of the second pass go on from `epochs + 1`.
    pub fn train_with_progress(
        sentences: &[GoldSentence],
        options: &TaggerOptions,
        progress: &mut dyn FnMut(usize, f64),
    ) -> Tagger {
        let fill = XposFill::new(sentences);
        let tagset = TagSet::from_sentences(sentences, &fill);
        let gold = train::gold_classes(sentences, &tagset, &fill);
        let lexicon = Lexicon::build(tagged_words(sentences, &gold, |_| true));
        let data = Data::new(sentences, &tagset, &fill, &lexicon);
        let verbal = verbal_classes(&tagset);
        let n_classes = tagset.len().max(1);
        let mut rng = Rng::new(options.seed);
        let all: Vec<usize> = (0..sentences.len()).collect();
        let mut epoch = 0;
        let mut report = |accuracy| {
            epoch += 1;
            progress(epoch, accuracy)
        };
        let pass = Pass {
            data: &data,
            members: all.clone(),
            first: None,
            verbal: &verbal,
            n_classes,
        };
        let first = pass.train(options.epochs, &mut rng, &mut report);
        let first_tags = jackknife(&data, &verbal, n_classes, options.epochs, &mut rng);
        let pass = Pass {
            data: &data,
            members: all,
            first: Some(&first_tags),
            verbal: &verbal,
            n_classes,
        };
        let second = pass.train(options.epochs, &mut rng, &mut report);
        Tagger {
            tagset,
            lexicon,
            first,
            second,
            verbal,
        }
    }

    /// The classes this tagger predicts.
    pub fn tagset(&self) -> &TagSet {
        &self.tagset
    }

    /// Tags a sentence: one class of [`Tagger::tagset`] per form.
    pub fn tag(&self, forms: &[&str]) -> Vec<u16> {
        if self.tagset.is_empty() {
            return vec![0; forms.len()];
        }
        let mut s = Scratch::new(self.tagset.len());
        word_infos(forms, &self.lexicon, &mut s.lower, &mut s.words);
        let words = std::mem::take(&mut s.words);
        let first = greedy(
            &words,
            None,
            &self.verbal,
            &mut s,
            &mut predict(&self.first),
        );
        greedy(
            &words,
            Some(&first),
            &self.verbal,
            &mut s,
            &mut predict(&self.second),
        )
    }

    /// Writes the tagger.
    pub fn encode(&self, enc: &mut Encoder) {
        enc.u32(FORMAT_VERSION);
        self.tagset.encode(enc);
        self.lexicon.encode(enc);
        self.first.encode(enc);
        self.second.encode(enc);
    }

    /// Reads a tagger written by [`Tagger::encode`].
    pub fn decode(dec: &mut Decoder) -> Result<Tagger, DecodeError> {
        if dec.u32()? != FORMAT_VERSION {
            return Err(dec.invalid("unsupported tagger format version"));
        }
        let tagset = TagSet::decode(dec)?;
        let lexicon = Lexicon::decode(dec, tagset.len())?;
        let first = Perceptron::decode(dec)?;
        let second = Perceptron::decode(dec)?;
        let n = tagset.len().max(1);
        if first.n_classes() != n || second.n_classes() != n {
            return Err(dec.invalid("tagger weights do not match its tag set"));
        }
        let verbal = verbal_classes(&tagset);
        Ok(Tagger {
            tagset,
            lexicon,
            first,
            second,
            verbal,
        })
    }

    /// Number of words tagged straight from the dictionary, and of weights.
    pub fn size(&self) -> (usize, usize) {
        (
            self.lexicon.n_fixed(),
            self.first.n_weights() + self.second.n_weights(),
        )
    }
}

/// Which classes are verbs or auxiliaries.
fn verbal_classes(tagset: &TagSet) -> Vec<bool> {
    (0..tagset.len())
        .map(|c| matches!(tagset.upos(c as u16), Upos::Verb | Upos::Aux))
        .collect()
}

/// A decision rule that takes the best-scoring class of `model`.
fn predict(model: &Perceptron) -> impl FnMut(usize, &[Feature], &mut [f32]) -> u16 + '_ {
    |_, features, scores| {
        model.score(features, scores);
        argmax(scores, |_| true).unwrap_or(0) as u16
    }
}

/// Tags a sentence greedily left to right: dictionary words get their tag, every other
/// word `decide(i, features, scores)`. `first` holds first-pass tags for a second pass.
fn greedy(
    words: &[WordInfo],
    first: Option<&[u16]>,
    verbal: &[bool],
    s: &mut Scratch,
    decide: &mut dyn FnMut(usize, &[Feature], &mut [f32]) -> u16,
) -> Vec<u16> {
    let mut tags: Vec<u16> = Vec::with_capacity(words.len());
    for (i, w) in words.iter().enumerate() {
        let tag = match w.fixed {
            Some(tag) => tag,
            None => {
                let t = |back: usize| i.checked_sub(back).map_or(NO_TAG, |j| tags[j] as u64);
                s.features.clear();
                static_features(words, i, &mut s.features);
                tag_features(words, i, t(1), t(2), &mut s.features);
                if let Some(first) = first {
                    lookahead_features(words, i, t(1), first, verbal, &mut s.features);
                }
                decide(i, &s.features, &mut s.scores)
            }
        };
        tags.push(tag);
    }
    tags
}
