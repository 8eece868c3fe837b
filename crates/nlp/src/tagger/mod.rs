//! The part-of-speech tagger: a greedy left-to-right averaged perceptron that predicts
//! UPOS and XPOS jointly.
//!
//! Each class is a (UPOS, XPOS) pair seen in training, so the two tags always agree.
//! Frequent unambiguous words are tagged from a dictionary without scoring; every other
//! word is scored on hashed features of itself, its neighbours and the two tags already
//! predicted to its left (see [`features`]).

mod features;
mod lexicon;

use rustc_hash::FxHashMap;

use crate::codec::{DecodeError, Decoder, Encoder};
use crate::hash::Rng;
use crate::perceptron::{argmax, Feature, Perceptron, Trainer};
use crate::{GoldSentence, Upos};

use features::{static_features, tag_features, word_infos, WordInfo, NO_TAG};
use lexicon::Lexicon;

/// Format version written at the start of an encoded tagger.
const FORMAT_VERSION: u32 = 1;

/// The table of classes a tagger predicts: the (UPOS, XPOS) pairs seen in training.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct TagSet {
    classes: Vec<(Upos, String)>,
}

impl TagSet {
    /// Number of classes.
    pub fn len(&self) -> usize {
        self.classes.len()
    }

    /// Whether there are no classes.
    pub fn is_empty(&self) -> bool {
        self.classes.is_empty()
    }

    /// The UPOS of a class (`X` for an out-of-range class).
    pub fn upos(&self, class: u16) -> Upos {
        self.classes.get(class as usize).map_or(Upos::X, |c| c.0)
    }

    /// The XPOS of a class (`_` for an out-of-range class).
    pub fn xpos(&self, class: u16) -> &str {
        self.classes
            .get(class as usize)
            .map_or("_", |c| c.1.as_str())
    }

    /// The class of a (UPOS, XPOS) pair, if the tag set has it.
    pub fn class(&self, upos: Upos, xpos: &str) -> Option<u16> {
        let i = self
            .classes
            .iter()
            .position(|(u, x)| *u == upos && x == xpos)?;
        Some(i as u16)
    }

    /// Writes the tag set.
    pub fn encode(&self, enc: &mut Encoder) {
        enc.u32(self.classes.len() as u32);
        for (upos, xpos) in &self.classes {
            enc.u8(*upos as u8);
            enc.str(xpos);
        }
    }

    /// Reads a tag set written by [`TagSet::encode`].
    pub fn decode(dec: &mut Decoder) -> Result<TagSet, DecodeError> {
        let n = dec.u32()?;
        if n > u16::MAX as u32 {
            return Err(dec.invalid("too many tag classes"));
        }
        let mut classes = Vec::new();
        for _ in 0..n {
            let upos = *Upos::ALL
                .get(dec.u8()? as usize)
                .ok_or_else(|| dec.invalid("unknown UPOS index"))?;
            classes.push((upos, dec.str()?.to_string()));
        }
        Ok(TagSet { classes })
    }

    /// The sorted, deduplicated classes of `sentences`, with missing XPOS filled in.
    fn from_sentences(sentences: &[GoldSentence], fill: &XposFill) -> TagSet {
        let mut classes: Vec<(Upos, String)> = sentences
            .iter()
            .flat_map(|s| s.upos.iter().zip(&s.xpos))
            .map(|(u, x)| (*u, fill.xpos(*u, x).to_string()))
            .collect();
        classes.sort_unstable();
        classes.dedup();
        TagSet { classes }
    }

    fn index(&self) -> FxHashMap<(Upos, &str), u16> {
        let pairs = self.classes.iter().enumerate();
        pairs
            .map(|(i, (u, x))| ((*u, x.as_str()), i as u16))
            .collect()
    }
}

/// Replaces missing XPOS (`_`) by the most frequent XPOS of the word's UPOS.
struct XposFill {
    by_upos: [Option<String>; 17],
}

impl XposFill {
    fn new(sentences: &[GoldSentence]) -> XposFill {
        let mut counts: FxHashMap<(Upos, &str), usize> = FxHashMap::default();
        for s in sentences {
            for (u, x) in s.upos.iter().zip(&s.xpos) {
                if x != "_" {
                    *counts.entry((*u, x.as_str())).or_default() += 1;
                }
            }
        }
        let mut sorted: Vec<((Upos, &str), usize)> = counts.into_iter().collect();
        // Most frequent first; ties by name, so the choice is deterministic.
        sorted.sort_unstable_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
        let mut by_upos: [Option<String>; 17] = Default::default();
        for ((u, x), _) in sorted {
            by_upos[u as usize].get_or_insert_with(|| x.to_string());
        }
        XposFill { by_upos }
    }

    fn xpos<'a>(&'a self, upos: Upos, xpos: &'a str) -> &'a str {
        match (xpos, &self.by_upos[upos as usize]) {
            ("_", Some(fill)) => fill,
            _ => xpos,
        }
    }
}

/// Training settings.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TaggerOptions {
    /// Passes over the training data.
    pub epochs: usize,
    /// Seed for shuffling the sentences before each pass.
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
    model: Perceptron,
}

/// Reusable buffers for tagging one sentence.
#[derive(Default)]
struct Scratch {
    lower: String,
    words: Vec<WordInfo>,
    features: Vec<Feature>,
    scores: Vec<f32>,
}

impl Tagger {
    /// Trains a tagger on gold sentences.
    pub fn train(sentences: &[GoldSentence], options: &TaggerOptions) -> Tagger {
        Tagger::train_with_progress(sentences, options, &mut |_, _| {})
    }

    /// Trains a tagger, calling `progress(epoch, accuracy)` after each pass with the
    /// 1-based epoch number and the share of training words tagged right during it.
    pub fn train_with_progress(
        sentences: &[GoldSentence],
        options: &TaggerOptions,
        progress: &mut dyn FnMut(usize, f64),
    ) -> Tagger {
        let fill = XposFill::new(sentences);
        let tagset = TagSet::from_sentences(sentences, &fill);
        let gold = gold_classes(sentences, &tagset, &fill);
        let lexicon = Lexicon::build(tagged_words(sentences, &gold, |_| true));
        let mut scratch = Scratch::default();
        let infos = training_infos(sentences, &gold, &lexicon, &mut scratch);
        let mut trainer = Trainer::new(tagset.len().max(1));
        scratch.scores.resize(trainer.n_classes(), 0.0);
        let mut order: Vec<usize> = (0..sentences.len()).collect();
        let mut rng = Rng::new(options.seed);
        for epoch in 1..=options.epochs {
            rng.shuffle(&mut order);
            let (mut right, mut total) = (0usize, 0usize);
            for &i in &order {
                right += train_sentence(&mut trainer, &infos[i], &gold[i], &mut scratch);
                total += gold[i].len();
            }
            progress(epoch, right as f64 / total.max(1) as f64);
        }
        Tagger {
            tagset,
            lexicon,
            model: trainer.finish(),
        }
    }

    /// The classes this tagger predicts.
    pub fn tagset(&self) -> &TagSet {
        &self.tagset
    }

    /// Tags a sentence: one class of [`Tagger::tagset`] per form.
    pub fn tag(&self, forms: &[&str]) -> Vec<u16> {
        let mut out = Vec::with_capacity(forms.len());
        if self.tagset.is_empty() {
            return vec![0; forms.len()];
        }
        let mut s = Scratch::default();
        s.scores.resize(self.model.n_classes(), 0.0);
        word_infos(forms, &self.lexicon, &mut s.lower, &mut s.words);
        for i in 0..s.words.len() {
            let tag = match s.words[i].fixed {
                Some(tag) => tag,
                None => {
                    decision_features(&s.words, i, &out, &mut s.features);
                    self.model.score(&s.features, &mut s.scores);
                    argmax(&s.scores, |c| c < self.tagset.len()).unwrap_or(0) as u16
                }
            };
            out.push(tag);
        }
        out
    }

    /// Writes the tagger.
    pub fn encode(&self, enc: &mut Encoder) {
        enc.u32(FORMAT_VERSION);
        self.tagset.encode(enc);
        self.lexicon.encode(enc);
        self.model.encode(enc);
    }

    /// Reads a tagger written by [`Tagger::encode`].
    pub fn decode(dec: &mut Decoder) -> Result<Tagger, DecodeError> {
        if dec.u32()? != FORMAT_VERSION {
            return Err(dec.invalid("unsupported tagger format version"));
        }
        let tagset = TagSet::decode(dec)?;
        let lexicon = Lexicon::decode(dec, tagset.len())?;
        let model = Perceptron::decode(dec)?;
        if model.n_classes() != tagset.len().max(1) {
            return Err(dec.invalid("tagger weights do not match its tag set"));
        }
        Ok(Tagger {
            tagset,
            lexicon,
            model,
        })
    }

    /// Number of words tagged straight from the dictionary, and of weights.
    pub fn size(&self) -> (usize, usize) {
        (self.lexicon.n_fixed(), self.model.n_weights())
    }
}

/// The gold class of every word.
fn gold_classes(sentences: &[GoldSentence], tagset: &TagSet, fill: &XposFill) -> Vec<Vec<u16>> {
    let index = tagset.index();
    let class = |u: &Upos, x: &String| index.get(&(*u, fill.xpos(*u, x))).copied().unwrap_or(0);
    sentences
        .iter()
        .map(|s| {
            s.upos
                .iter()
                .zip(&s.xpos)
                .map(|(u, x)| class(u, x))
                .collect()
        })
        .collect()
}

/// Number of parts the training data is cut into so that each part's ambiguity classes
/// come from the other parts.
const JACKKNIFE_FOLDS: usize = 10;

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

/// The word infos of all training sentences, with jackknifed ambiguity classes.
fn training_infos(
    sentences: &[GoldSentence],
    gold: &[Vec<u16>],
    lexicon: &Lexicon,
    scratch: &mut Scratch,
) -> Vec<Vec<WordInfo>> {
    let mut infos = vec![Vec::new(); sentences.len()];
    for fold in 0..JACKKNIFE_FOLDS {
        let others = Lexicon::build(tagged_words(sentences, gold, |i| {
            i % JACKKNIFE_FOLDS != fold
        }));
        let lexicon = lexicon.with_ambiguity_of(others);
        for i in (fold..sentences.len()).step_by(JACKKNIFE_FOLDS) {
            word_infos(
                &sentences[i].forms,
                &lexicon,
                &mut scratch.lower,
                &mut infos[i],
            );
        }
    }
    infos
}

/// All features for tagging word `i`, given the tags of the words before it.
fn decision_features(words: &[WordInfo], i: usize, tags: &[u16], out: &mut Vec<Feature>) {
    let t = |back: usize| i.checked_sub(back).map_or(NO_TAG, |j| tags[j] as u64);
    out.clear();
    static_features(words, i, out);
    tag_features(words, i, t(1), t(2), out);
}

/// One greedy pass over a sentence with perceptron updates; returns the words tagged right.
fn train_sentence(
    trainer: &mut Trainer,
    words: &[WordInfo],
    gold: &[u16],
    s: &mut Scratch,
) -> usize {
    let mut tags: Vec<u16> = Vec::with_capacity(words.len());
    let mut right = 0;
    for (i, &truth) in gold.iter().enumerate() {
        let guess = match words[i].fixed {
            Some(tag) => tag,
            None => {
                decision_features(words, i, &tags, &mut s.features);
                trainer.tick();
                trainer.score(&s.features, &mut s.scores);
                let guess = argmax(&s.scores, |_| true).unwrap_or(0);
                trainer.update(&s.features, truth as usize, guess);
                guess as u16
            }
        };
        right += (guess == truth) as usize;
        tags.push(guess);
    }
    right
}
