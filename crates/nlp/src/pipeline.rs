//! The NLP pipeline: raw text in, an analysed [`Doc`] out.
//!
//! Stages run in a fixed order, each reading what the previous ones wrote:
//!
//! 1. tokenizer and sentence splitter (`entente-text`): words with spans, sentences;
//! 2. tagger: UPOS and XPOS per word, from the forms;
//! 3. lemmatizer: lemma per word, from form and tags;
//! 4. parser: head and dependency label per word, from forms and tags.
//!
//! Sentences are independent after stage 1, so stages 2–4 run over them in parallel
//! (rayon); results keep document order.

use entente_text::{Sentence, Word};
use rayon::prelude::*;

use crate::tagger::TagSet;
use crate::{Model, Upos};

/// The analysis of one word.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Annotation {
    /// Universal POS tag.
    pub upos: Upos,
    /// Penn Treebank tag.
    pub xpos: String,
    /// Lemma.
    pub lemma: String,
    /// Head: 0 for the sentence root, else the 1-based position of the head word in
    /// its sentence (as in CoNLL-U).
    pub head: u32,
    /// Dependency relation (UD, with subtypes such as `nmod:poss`).
    pub deprel: String,
}

/// An analysed document: the original text, its words and sentences, and one
/// [`Annotation`] per word.
#[derive(Clone, Debug, Default)]
pub struct Doc {
    /// The text exactly as given; every span points into it.
    pub text: String,
    /// Words, in order.
    pub words: Vec<Word>,
    /// Sentences, in order.
    pub sentences: Vec<Sentence>,
    /// Annotation of each word (same length as `words`).
    pub annotations: Vec<Annotation>,
}

impl Doc {
    /// The form of word `i`.
    pub fn form(&self, i: usize) -> &str {
        self.words[i].form(&self.text)
    }

    /// The words and annotations of sentence `s`.
    pub fn sentence(&self, s: usize) -> (&[Word], &[Annotation]) {
        let r = self.sentences[s].first_word..self.sentences[s].end_word;
        (&self.words[r.clone()], &self.annotations[r])
    }
}

/// Runs the trained stages over text.
pub struct Pipeline {
    model: Model,
}

impl Pipeline {
    /// A pipeline over a trained model.
    pub fn new(model: Model) -> Pipeline {
        Pipeline { model }
    }

    /// The model.
    pub fn model(&self) -> &Model {
        &self.model
    }

    /// Tokenizes, splits, tags, lemmatizes and parses `text`.
    pub fn analyze(&self, text: &str) -> Doc {
        self.analyze_with(text, &|forms: &[&str]| vec![false; forms.len()])
    }

    /// Like [`Pipeline::analyze`], with a hint: `names(forms)` marks the words of a
    /// sentence known to belong to proper names (from an actor dictionary, say). A
    /// marked, capitalised word that the tagger did not tag as a proper noun is fixed as
    /// one and the sentence tagged again, so that "Fornost and Gondor welcomed" parses
    /// with two names.
    pub fn analyze_with(&self, text: &str, names: &(dyn Fn(&[&str]) -> Vec<bool> + Sync)) -> Doc {
        let tokenized = entente_text::tokenize(text);
        let per_sentence: Vec<Vec<Annotation>> = tokenized
            .sentences
            .par_iter()
            .map(|s| {
                let forms: Vec<&str> = tokenized.words[s.first_word..s.end_word]
                    .iter()
                    .map(|w| w.form(text))
                    .collect();
                let marked = names(&forms);
                self.analyze_words_with(&forms, &marked)
            })
            .collect();
        Doc {
            text: text.to_string(),
            words: tokenized.words,
            sentences: tokenized.sentences,
            annotations: per_sentence.into_iter().flatten().collect(),
        }
    }

    /// Tags, lemmatizes and parses one already-tokenized sentence.
    pub fn analyze_words(&self, forms: &[&str]) -> Vec<Annotation> {
        self.analyze_words_with(forms, &[])
    }

    /// Like [`Pipeline::analyze_words`], with `names[i]` marking words known to belong
    /// to proper names (see [`Pipeline::analyze_with`]).
    pub fn analyze_words_with(&self, forms: &[&str], names: &[bool]) -> Vec<Annotation> {
        if forms.is_empty() {
            return Vec::new();
        }
        let m = &self.model;
        let tagset = m.tagger.tagset();
        let mut classes = m.tagger.tag(forms);
        // A known name the tagger did not read as one ("Fornost and Gondor welcomed"
        // with "Fornost" as an adjective) is fixed as a proper noun, and the sentence
        // tagged again around it. Names it already tags NNP keep their tag, whatever
        // the UPOS ("White" in "White House" is ADJ/NNP in the treebanks).
        let mut fixed = proper_noun_classes(forms, names, tagset);
        for (f, &c) in fixed.iter_mut().zip(&classes) {
            if matches!(tagset.xpos(c), "NNP" | "NNPS") {
                *f = None;
            }
        }
        if fixed.iter().any(Option::is_some) {
            classes = m.tagger.tag_with(forms, &fixed);
        }
        let xpos: Vec<&str> = classes.iter().map(|&c| tagset.xpos(c)).collect();
        let upos: Vec<Upos> = classes.iter().map(|&c| tagset.upos(c)).collect();
        let arcs = m.parser.parse(forms, &xpos, &upos);
        forms
            .iter()
            .zip(&classes)
            .zip(&arcs)
            .map(|((form, &c), arc)| {
                let upos = tagset.upos(c);
                let xpos = tagset.xpos(c);
                Annotation {
                    upos,
                    xpos: xpos.to_string(),
                    lemma: m.lemmatizer.lemma(form, upos, xpos).to_string(),
                    head: arc.head,
                    deprel: m.parser.label(arc.label).to_string(),
                }
            })
            .collect()
    }
}

/// Words that never make a proper noun of their own, even capitalised at a sentence
/// start or inside a name ("The", "of" in "Bank of England").
const NAME_FUNCTION_WORDS: &[&str] = &["the", "of", "and", "for", "de", "al", "bin", "el", "la"];

/// The proper-noun class for each marked, capitalised word: `NNPS` for a plural last
/// word of a name ("States", "Emirates"), `NNP` otherwise.
fn proper_noun_classes(forms: &[&str], names: &[bool], tagset: &TagSet) -> Vec<Option<u16>> {
    let (Some(nnp), nnps) = (
        tagset.class(Upos::Propn, "NNP"),
        tagset.class(Upos::Propn, "NNPS"),
    ) else {
        return Vec::new();
    };
    forms
        .iter()
        .enumerate()
        .map(|(i, form)| {
            let marked = names.get(i).copied().unwrap_or(false);
            let capital = form.chars().next().is_some_and(char::is_uppercase);
            if !marked || !capital || NAME_FUNCTION_WORDS.contains(&form.to_lowercase().as_str()) {
                return None;
            }
            // Only the last word of a longer name: "Bill Gates" is one person.
            let last = !names.get(i + 1).copied().unwrap_or(false)
                && i > 0
                && names.get(i - 1).copied().unwrap_or(false);
            let plural = last
                && form.len() > 3
                && form.ends_with('s')
                && !form.ends_with("ss")
                && form.chars().skip(1).any(char::is_lowercase);
            Some(if plural { nnps.unwrap_or(nnp) } else { nnp })
        })
        .collect()
}
