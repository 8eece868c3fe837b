//! Annotated sentences for training and evaluation, read from CoNLL-U.

use entente_conllu as conllu;

use crate::Upos;

/// A sentence with gold annotation: the unit the tagger, lemmatizer and parser learn from.
///
/// Indices are 0-based word positions; `heads[i]` is 0 for the root and otherwise the
/// 1-based position of the head, as in CoNLL-U.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct GoldSentence {
    /// Word forms.
    pub forms: Vec<String>,
    /// Universal POS tags.
    pub upos: Vec<Upos>,
    /// Language-specific (Penn Treebank) tags.
    pub xpos: Vec<String>,
    /// Lemmas.
    pub lemmas: Vec<String>,
    /// Heads (0 = root, else 1-based).
    pub heads: Vec<u32>,
    /// Dependency relations, with subtypes (`nmod:poss`).
    pub deprels: Vec<String>,
}

impl GoldSentence {
    /// A hash of the words, the same for every copy of the sentence: jackknife folds are
    /// cut by it, so that a copy never helps to tag its twin.
    pub(crate) fn words_hash(&self) -> u64 {
        self.forms
            .iter()
            .fold(0, |h, f| crate::hash::mix(h, crate::hash::str_hash(f)))
    }

    /// Number of words.
    pub fn len(&self) -> usize {
        self.forms.len()
    }

    /// Whether the sentence has no words.
    pub fn is_empty(&self) -> bool {
        self.forms.is_empty()
    }

    /// Takes the basic annotation of a CoNLL-U sentence. Returns `None` when a word lacks a
    /// valid UPOS tag or head, so partially annotated sentences are left out of training.
    pub fn from_conllu(s: &conllu::Sentence) -> Option<GoldSentence> {
        let mut g = GoldSentence::default();
        for w in &s.words {
            g.forms.push(w.form.clone());
            g.upos.push(w.upos.parse().ok()?);
            g.xpos.push(w.xpos.clone());
            g.lemmas.push(w.lemma.clone());
            g.heads.push(w.head?);
            g.deprels.push(w.deprel.clone());
        }
        Some(g)
    }

    /// The forms as string slices.
    pub fn form_refs(&self) -> Vec<&str> {
        self.forms.iter().map(String::as_str).collect()
    }
}
