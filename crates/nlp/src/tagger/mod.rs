//! The part-of-speech tagger: a greedy left-to-right averaged perceptron that predicts
//! UPOS and XPOS jointly.
//!
//! Each class is a (UPOS, XPOS) pair seen in training, so the two tags always agree.
//! Frequent unambiguous words are tagged from a dictionary without scoring; every other
//! word is scored on hashed features of itself, its neighbours and the two tags already
//! predicted to its left (see [`features`]). A class's score is the sum of a score for
//! the pair and one for its UPOS alone, so what the model learns about a UPOS is shared
//! by all of its XPOS variants (see [`Classes`]).

mod features;
mod lexicon;
mod tagset;
mod train;

use crate::codec::{DecodeError, Decoder, Encoder};
use crate::perceptron::{Feature, Perceptron, Trainer};
use crate::{GoldSentence, Upos, WordClasses, WordClusters};

use features::{static_features, tag_features, word_infos, WordInfo};
use lexicon::Lexicon;
pub use tagset::TagSet;

/// Format version written at the start of an encoded tagger (2: with word classes;
/// version 1 files, without them, still load).
const FORMAT_VERSION: u32 = 2;

/// Training settings.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TaggerOptions {
    /// Passes over the training data.
    pub epochs: usize,
    /// Seed for shuffling the sentences before each epoch.
    pub seed: u64,
    /// Parts of speech from a word list (WordNet), stored in the tagger; empty for none.
    pub word_classes: std::sync::Arc<WordClasses>,
    /// Word clusters learned from raw text; empty for none. Not stored with the tagger:
    /// the [`crate::Model`] keeps them.
    pub clusters: std::sync::Arc<WordClusters>,
}

impl Default for TaggerOptions {
    fn default() -> Self {
        TaggerOptions {
            epochs: 10,
            seed: 1,
            word_classes: std::sync::Arc::default(),
            clusters: std::sync::Arc::default(),
        }
    }
}

/// A trained part-of-speech tagger.
#[derive(Clone, Debug)]
pub struct Tagger {
    tagset: TagSet,
    lexicon: Lexicon,
    word_classes: std::sync::Arc<WordClasses>,
    /// Word clusters (set by the model after decoding).
    pub(crate) clusters: std::sync::Arc<WordClusters>,
    model: Perceptron,
    /// How the model's outputs map to classes (derived from the tag set).
    classes: Classes,
}

impl Tagger {
    /// Trains a tagger on gold sentences.
    pub fn train(sentences: &[GoldSentence], options: &TaggerOptions) -> Tagger {
        Tagger::train_with_progress(sentences, options, &mut |_, _| {})
    }

    /// Trains a tagger, calling `progress(epoch, accuracy)` after each epoch (numbered
    /// from 1) with the share of training words tagged right during it.
    pub fn train_with_progress(
        sentences: &[GoldSentence],
        options: &TaggerOptions,
        progress: &mut dyn FnMut(usize, f64),
    ) -> Tagger {
        let data = train::Data::new(sentences, &options.word_classes, &options.clusters);
        let classes = Classes::new(&data.tagset);
        let model = data.train(&classes, options, progress);
        Tagger {
            tagset: data.tagset,
            lexicon: data.lexicon,
            word_classes: options.word_classes.clone(),
            clusters: options.clusters.clone(),
            model,
            classes,
        }
    }

    /// The classes this tagger predicts.
    pub fn tagset(&self) -> &TagSet {
        &self.tagset
    }

    /// Tags a sentence: one class of [`Tagger::tagset`] per form.
    pub fn tag(&self, forms: &[&str]) -> Vec<u16> {
        self.tag_with(forms, &[])
    }

    /// Tags a sentence with some classes given in advance (`fixed[i]`, where `Some`):
    /// those words keep them, and the words after see them as left context. `fixed` may
    /// be shorter than `forms`.
    pub fn tag_with(&self, forms: &[&str], fixed: &[Option<u16>]) -> Vec<u16> {
        if self.tagset.is_empty() {
            return vec![0; forms.len()];
        }
        let mut s = Scratch::new(self.classes.outputs());
        let mut words = Vec::with_capacity(forms.len());
        word_infos(
            forms,
            &self.lexicon,
            &self.word_classes,
            &self.clusters,
            &mut s.lower,
            &mut words,
        );
        for (w, f) in words.iter_mut().zip(fixed) {
            if let Some(class) = f.filter(|&c| usize::from(c) < self.tagset.len()) {
                w.fixed = Some(class);
            }
        }
        let mut decide = |_: usize, features: &[Feature], scores: &mut [f32]| {
            self.model.score(features, scores);
            self.classes.best(scores)
        };
        greedy(&words, &mut s, &mut decide)
    }

    /// Writes the tagger.
    pub fn encode(&self, enc: &mut Encoder) {
        enc.u32(FORMAT_VERSION);
        self.tagset.encode(enc);
        self.lexicon.encode(enc);
        self.word_classes.encode(enc);
        self.model.encode(enc);
    }

    /// Reads a tagger written by [`Tagger::encode`].
    pub fn decode(dec: &mut Decoder) -> Result<Tagger, DecodeError> {
        let version = dec.u32()?;
        if !(1..=FORMAT_VERSION).contains(&version) {
            return Err(dec.invalid("unsupported tagger format version"));
        }
        let tagset = TagSet::decode(dec)?;
        let lexicon = Lexicon::decode(dec, tagset.len())?;
        let word_classes = if version >= 2 {
            WordClasses::decode(dec)?
        } else {
            WordClasses::default()
        };
        let model = Perceptron::decode(dec)?;
        let classes = Classes::new(&tagset);
        if model.n_classes() != classes.outputs() {
            return Err(dec.invalid("tagger weights do not match its tag set"));
        }
        Ok(Tagger {
            tagset,
            lexicon,
            word_classes: std::sync::Arc::new(word_classes),
            clusters: std::sync::Arc::default(),
            model,
            classes,
        })
    }

    /// Number of word forms with parts of speech from a word list (0 without one).
    pub fn word_classes(&self) -> usize {
        self.word_classes.len()
    }

    /// Number of words tagged straight from the dictionary, and of stored weights.
    pub fn size(&self) -> (usize, usize) {
        (self.lexicon.n_fixed(), self.model.n_weights())
    }
}

/// The classes as the model sees them. The model scores every (UPOS, XPOS) class and, in
/// extra outputs, every UPOS; a class's score is the sum of the two, so what is learned
/// about a UPOS is shared by all its XPOS (`ADJ`+`JJ` and `ADJ`+`NNP` both gain from
/// evidence for `ADJ`).
#[derive(Clone, Debug)]
struct Classes {
    /// For each class, the output holding its UPOS score.
    upos_output: Vec<usize>,
}

impl Classes {
    fn new(tagset: &TagSet) -> Classes {
        let n = tagset.len();
        Classes {
            upos_output: (0..n).map(|c| n + tagset.upos(c as u16) as usize).collect(),
        }
    }

    /// Number of model outputs.
    fn outputs(&self) -> usize {
        self.upos_output.len() + Upos::ALL.len()
    }

    /// The best class for the outputs' scores (0 when there are no classes).
    fn best(&self, scores: &[f32]) -> u16 {
        let mut best = (0, f32::NEG_INFINITY);
        for (c, &u) in self.upos_output.iter().enumerate() {
            let score = scores[c] + scores[u];
            if score > best.1 {
                best = (c, score);
            }
        }
        best.0 as u16
    }

    /// The perceptron update after predicting `guess` where `truth` was right.
    fn update(&self, trainer: &mut Trainer, features: &[Feature], truth: u16, guess: u16) {
        let (truth, guess) = (truth as usize, guess as usize);
        trainer.update(features, truth, guess);
        trainer.update(features, self.upos_output[truth], self.upos_output[guess]);
    }
}

/// Reusable buffers for tagging one sentence.
struct Scratch {
    lower: String,
    features: Vec<Feature>,
    scores: Vec<f32>,
}

impl Scratch {
    fn new(outputs: usize) -> Scratch {
        Scratch {
            lower: String::new(),
            features: Vec::new(),
            scores: vec![0.0; outputs],
        }
    }
}

/// A tagging decision: the class of word `i` from its features, given a buffer for the
/// model's scores.
type Decide<'a> = dyn FnMut(usize, &[Feature], &mut [f32]) -> u16 + 'a;

/// Tags a sentence greedily left to right: dictionary words get their tag, every other
/// word `decide(i, features, scores)`.
fn greedy(words: &[WordInfo], s: &mut Scratch, decide: &mut Decide) -> Vec<u16> {
    let mut tags: Vec<u16> = Vec::with_capacity(words.len());
    for (i, w) in words.iter().enumerate() {
        let tag = match w.fixed {
            Some(tag) => tag,
            None => {
                s.features.clear();
                static_features(words, i, &mut s.features);
                tag_features(words, i, &tags, &mut s.features);
                decide(i, &s.features, &mut s.scores)
            }
        };
        tags.push(tag);
    }
    tags
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::wordclass;

    fn sentence(words: &[(&str, Upos, &str)]) -> GoldSentence {
        GoldSentence {
            forms: words.iter().map(|w| w.0.to_string()).collect(),
            upos: words.iter().map(|w| w.1).collect(),
            xpos: words.iter().map(|w| w.2.to_string()).collect(),
            ..GoldSentence::default()
        }
    }

    fn data() -> Vec<GoldSentence> {
        let mut out = Vec::new();
        for _ in 0..20 {
            out.push(sentence(&[
                ("they", Upos::Pron, "PRP"),
                ("refused", Upos::Verb, "VBD"),
                ("talks", Upos::Noun, "NNS"),
            ]));
            out.push(sentence(&[
                ("the", Upos::Det, "DT"),
                ("talks", Upos::Noun, "NNS"),
                ("ended", Upos::Verb, "VBD"),
            ]));
        }
        out
    }

    #[test]
    fn word_classes_are_stored_with_the_tagger() {
        let lemmas = [("refurbish".to_string(), wordclass::VERB)];
        let options = TaggerOptions {
            word_classes: std::sync::Arc::new(WordClasses::build(&lemmas, &[])),
            ..TaggerOptions::default()
        };
        let tagger = Tagger::train(&data(), &options);
        assert_eq!(tagger.word_classes(), 4);
        let mut enc = Encoder::new();
        tagger.encode(&mut enc);
        let bytes = enc.into_bytes();
        let back = Tagger::decode(&mut Decoder::new(&bytes)).expect("decodes");
        assert_eq!(back.word_classes(), 4);
        let forms = ["they", "refurbished", "talks"];
        assert_eq!(back.tag(&forms), tagger.tag(&forms));
    }

    #[test]
    fn a_tagger_without_word_classes_in_the_first_format_still_loads() {
        let tagger = Tagger::train(&data(), &TaggerOptions::default());
        let mut enc = Encoder::new();
        enc.u32(1);
        tagger.tagset.encode(&mut enc);
        tagger.lexicon.encode(&mut enc);
        tagger.model.encode(&mut enc);
        let bytes = enc.into_bytes();
        let back = Tagger::decode(&mut Decoder::new(&bytes)).expect("version 1 decodes");
        assert_eq!(back.word_classes(), 0);
        let forms = ["the", "talks", "ended"];
        assert_eq!(back.tag(&forms), tagger.tag(&forms));
    }
}
