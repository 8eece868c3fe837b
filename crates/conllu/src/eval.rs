//! Scores of a system file against a gold file, as defined by the CoNLL 2018 UD shared task.
//!
//! Both files must spell the same text once whitespace is removed. Tokens, sentences and
//! words are compared as spans over that whitespace-free character sequence. Words are then
//! aligned: outside multi-word tokens by identical spans, inside a region of overlapping
//! multi-word tokens by the longest common subsequence of their lowercased forms. Tagging,
//! lemma and parsing metrics count the aligned words whose annotation is right.
//!
//! As in the shared task: DEPREL subtypes are ignored (`nmod:poss` is `nmod`), UFeats
//! compares only the universal features, a gold lemma `_` matches any lemma, and CLAS, MLAS
//! and BLEX count only words whose gold relation is a content relation.
//!
//! Unlike the shared-task script, files that it would reject are still scored: a HEAD of
//! `_` is never correct, and trees with cycles or several roots are accepted. Whitespace
//! removed from forms is any Unicode whitespace (the script removes the `Zs` category).
//!
//! ```
//! use entente_conllu::eval::evaluate;
//! # fn run(gold: &[entente_conllu::Sentence], system: &[entente_conllu::Sentence])
//! #     -> Result<(), entente_conllu::eval::EvalError> {
//! let scores = evaluate(gold, system)?;
//! print!("{}", scores.table());
//! println!("LAS F1 {:.2}", 100.0 * scores.las.f1());
//! # Ok(()) }
//! ```

use std::fmt;
use std::ops::Range;

use crate::{Sentence, Word};

/// Features that UFeats compares; other (language-specific) features are ignored.
#[rustfmt::skip]
const UNIVERSAL_FEATURES: [&str; 21] = [
    "PronType", "NumType", "Poss", "Reflex", "Foreign", "Abbr", "Gender", "Animacy", "Number",
    "Case", "Definite", "Degree", "VerbForm", "Mood", "Tense", "Aspect", "Voice", "Evident",
    "Polarity", "Person", "Polite",
];

/// Relations of content words, the ones CLAS, MLAS and BLEX score.
#[rustfmt::skip]
const CONTENT_DEPRELS: [&str; 29] = [
    "nsubj", "obj", "iobj", "csubj", "ccomp", "xcomp", "obl", "vocative", "expl", "dislocated",
    "advcl", "advmod", "discourse", "nmod", "appos", "nummod", "acl", "amod", "conj", "fixed",
    "flat", "compound", "list", "parataxis", "orphan", "goeswith", "reparandum", "root", "dep",
];

/// Relations of function words, attached to their head's MLAS comparison.
const FUNCTIONAL_DEPRELS: [&str; 7] = ["aux", "cop", "mark", "det", "clf", "case", "cc"];

/// Characters shown on each side when the texts differ.
const SNIPPET_CHARS: usize = 20;

/// Why two files cannot be compared.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum EvalError {
    /// The whitespace-free texts of the two files differ.
    #[error(
        "gold and system texts differ at character {offset} (whitespace removed): \
         gold {gold:?}, system {system:?}"
    )]
    TextMismatch {
        /// Index of the first differing character in the whitespace-free text.
        offset: usize,
        /// Up to 20 characters of the gold text from `offset`.
        gold: String,
        /// Up to 20 characters of the system text from `offset`.
        system: String,
    },
}

/// Counts for one metric, and the ratios the shared task reports.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Score {
    /// Units in the gold file (words, tokens, ... that the metric counts).
    pub gold: usize,
    /// Units in the system file.
    pub system: usize,
    /// Units that match.
    pub correct: usize,
    /// Aligned words the metric was computed over; `None` for tokens, sentences and words.
    pub aligned: Option<usize>,
}

impl Score {
    /// `correct / system`, 0 when the system has none.
    pub fn precision(&self) -> f64 {
        ratio(self.correct, self.system)
    }

    /// `correct / gold`, 0 when the gold file has none.
    pub fn recall(&self) -> f64 {
        ratio(self.correct, self.gold)
    }

    /// Harmonic mean of precision and recall: `2 correct / (gold + system)`.
    pub fn f1(&self) -> f64 {
        ratio(2 * self.correct, self.gold + self.system)
    }

    /// `correct / aligned`; `None` where alignment does not apply or nothing was aligned.
    pub fn aligned_accuracy(&self) -> Option<f64> {
        self.aligned
            .filter(|&a| a > 0)
            .map(|a| ratio(self.correct, a))
    }
}

fn ratio(numerator: usize, denominator: usize) -> f64 {
    if denominator == 0 {
        0.0
    } else {
        numerator as f64 / denominator as f64
    }
}

/// All metrics of the CoNLL 2018 shared task.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Scores {
    /// Surface tokens (a multi-word token counts once).
    pub tokens: Score,
    /// Sentence boundaries.
    pub sentences: Score,
    /// Syntactic words (segmentation into words).
    pub words: Score,
    /// Universal part of speech.
    pub upos: Score,
    /// Language-specific part of speech.
    pub xpos: Score,
    /// Universal features.
    pub ufeats: Score,
    /// UPOS, XPOS and universal features together.
    pub alltags: Score,
    /// Lemma (a gold `_` matches anything).
    pub lemmas: Score,
    /// Unlabelled attachment.
    pub uas: Score,
    /// Labelled attachment (relation subtypes ignored).
    pub las: Score,
    /// Labelled attachment of content words.
    pub clas: Score,
    /// Morphology-aware labelled attachment of content words.
    pub mlas: Score,
    /// Bilexical (lemma-aware) labelled attachment of content words.
    pub blex: Score,
}

impl Scores {
    /// Each metric with the name the shared-task script prints, in its order.
    pub fn metrics(&self) -> [(&'static str, &Score); 13] {
        [
            ("Tokens", &self.tokens),
            ("Sentences", &self.sentences),
            ("Words", &self.words),
            ("UPOS", &self.upos),
            ("XPOS", &self.xpos),
            ("UFeats", &self.ufeats),
            ("AllTags", &self.alltags),
            ("Lemmas", &self.lemmas),
            ("UAS", &self.uas),
            ("LAS", &self.las),
            ("CLAS", &self.clas),
            ("MLAS", &self.mlas),
            ("BLEX", &self.blex),
        ]
    }

    /// The table the shared-task script prints in verbose mode (percentages, 2 decimals).
    pub fn table(&self) -> String {
        let mut out = String::from("Metric     | Precision |    Recall |  F1 Score | AligndAcc\n");
        out.push_str("-----------+-----------+-----------+-----------+-----------\n");
        for (name, score) in self.metrics() {
            let accuracy = score
                .aligned_accuracy()
                .map(|a| format!("{:>10.2}", 100.0 * a))
                .unwrap_or_default();
            out.push_str(&format!(
                "{:<11}|{:>10.2} |{:>10.2} |{:>10.2} |{}\n",
                name,
                100.0 * score.precision(),
                100.0 * score.recall(),
                100.0 * score.f1(),
                accuracy
            ));
        }
        out
    }
}

impl fmt::Display for Scores {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.table())
    }
}

/// Scores `system` against `gold`; fails if their whitespace-free texts differ.
pub fn evaluate(gold: &[Sentence], system: &[Sentence]) -> Result<Scores, EvalError> {
    let gold = Document::new(gold);
    let system = Document::new(system);
    check_same_text(&gold.text, &system.text)?;
    let alignment = Alignment::new(&gold.words, &system.words);
    let pair = Pair {
        gold: &gold,
        system: &system,
        alignment: &alignment,
    };
    Ok(pair.scores())
}

fn check_same_text(gold: &str, system: &str) -> Result<(), EvalError> {
    if gold == system {
        return Ok(());
    }
    let offset = gold
        .chars()
        .zip(system.chars())
        .take_while(|(g, s)| g == s)
        .count();
    let snippet = |text: &str| text.chars().skip(offset).take(SNIPPET_CHARS).collect();
    Err(EvalError::TextMismatch {
        offset,
        gold: snippet(gold),
        system: snippet(system),
    })
}

/// A half-open range of character indices in the whitespace-free text.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Span {
    start: usize,
    end: usize,
}

/// Where a word's HEAD points, as an index into the document's words.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Head {
    Root,
    Word(usize),
    /// `_` or out of range: never correct.
    Missing,
}

/// A word prepared for scoring.
struct EvalWord<'a> {
    word: &'a Word,
    span: Span,
    /// Whether the word is part of a multi-word token (its span is the token's).
    multiword: bool,
    lowercase_form: String,
    head: Head,
    /// DEPREL without subtype.
    deprel: &'a str,
    /// Universal features only, sorted, `|`-separated.
    ufeats: String,
    /// Indices of dependents with a functional relation, in word order.
    functional_children: Vec<usize>,
}

impl EvalWord<'_> {
    fn is_content(&self) -> bool {
        CONTENT_DEPRELS.contains(&self.deprel)
    }

    fn is_functional(&self) -> bool {
        FUNCTIONAL_DEPRELS.contains(&self.deprel)
    }
}

/// One file seen as the shared task sees it.
#[derive(Default)]
struct Document<'a> {
    /// All token forms concatenated, whitespace removed.
    text: String,
    /// Length of `text` in characters.
    chars: usize,
    tokens: Vec<Span>,
    sentences: Vec<Span>,
    words: Vec<EvalWord<'a>>,
}

impl<'a> Document<'a> {
    fn new(sentences: &'a [Sentence]) -> Self {
        let mut doc = Document::default();
        for sentence in sentences {
            doc.add_sentence(sentence);
        }
        doc.link_functional_children();
        doc
    }

    fn add_sentence(&mut self, sentence: &'a Sentence) {
        let start = self.chars;
        let base = self.words.len();
        let words = &sentence.words;
        let mut tokens = sentence.tokens.iter().peekable();
        let mut i = 0;
        while let Some(word) = words.get(i) {
            while tokens.next_if(|t| t.last < word.id).is_some() {}
            match tokens.next_if(|t| t.first <= word.id) {
                Some(token) => {
                    let span = self.add_token(&token.form);
                    let covered = words[i..].iter().take_while(|w| w.id <= token.last);
                    for word in covered {
                        self.add_word(word, span, true, base, words.len());
                        i += 1;
                    }
                }
                None => {
                    let span = self.add_token(&word.form);
                    self.add_word(word, span, false, base, words.len());
                    i += 1;
                }
            }
        }
        self.sentences.push(Span {
            start,
            end: self.chars,
        });
    }

    /// Appends a surface token's characters, returning its span.
    fn add_token(&mut self, form: &str) -> Span {
        let start = self.chars;
        for c in form.chars().filter(|c| !c.is_whitespace()) {
            self.text.push(c);
            self.chars += 1;
        }
        let span = Span {
            start,
            end: self.chars,
        };
        self.tokens.push(span);
        span
    }

    fn add_word(&mut self, word: &'a Word, span: Span, multiword: bool, base: usize, len: usize) {
        let head = match word.head {
            Some(0) => Head::Root,
            Some(h) if (h as usize) <= len => Head::Word(base + h as usize - 1),
            _ => Head::Missing,
        };
        self.words.push(EvalWord {
            word,
            span,
            multiword,
            lowercase_form: word.form.to_lowercase(),
            head,
            deprel: universal_deprel(&word.deprel),
            ufeats: universal_features(&word.feats),
            functional_children: Vec::new(),
        });
    }

    fn link_functional_children(&mut self) {
        for child in 0..self.words.len() {
            if let Head::Word(parent) = self.words[child].head {
                if self.words[child].is_functional() {
                    self.words[parent].functional_children.push(child);
                }
            }
        }
    }
}

/// `nmod:poss` → `nmod`.
fn universal_deprel(deprel: &str) -> &str {
    deprel.split(':').next().unwrap_or(deprel)
}

/// Keeps the universal features of a FEATS column, sorted.
fn universal_features(feats: &str) -> String {
    let mut kept: Vec<&str> = feats
        .split('|')
        .filter(|f| {
            let name = f.split('=').next().unwrap_or(f);
            UNIVERSAL_FEATURES.contains(&name)
        })
        .collect();
    kept.sort_unstable();
    kept.join("|")
}

/// Pairs of aligned words (gold index, system index), in order.
struct Alignment {
    pairs: Vec<(usize, usize)>,
    /// For each system word, the gold word aligned to it.
    system_to_gold: Vec<Option<usize>>,
}

impl Alignment {
    fn new(gold: &[EvalWord], system: &[EvalWord]) -> Self {
        let mut pairs = Vec::new();
        let (mut gi, mut si) = (0, 0);
        while gi < gold.len() && si < system.len() {
            let (g, s) = (&gold[gi], &system[si]);
            if g.multiword || s.multiword {
                let (gold_range, system_range) = multiword_region(gold, system, gi, si);
                align_by_lcs(
                    gold,
                    system,
                    gold_range.clone(),
                    system_range.clone(),
                    &mut pairs,
                );
                if (gold_range.end, system_range.end) == (gi, si) {
                    // Only zero-width spans can stall; step past the multi-word one.
                    if g.multiword {
                        gi += 1;
                    } else {
                        si += 1;
                    }
                } else {
                    (gi, si) = (gold_range.end, system_range.end);
                }
            } else if g.span == s.span {
                pairs.push((gi, si));
                gi += 1;
                si += 1;
            } else if g.span.start <= s.span.start {
                gi += 1;
            } else {
                si += 1;
            }
        }
        let mut system_to_gold = vec![None; system.len()];
        for &(g, s) in &pairs {
            system_to_gold[s] = Some(g);
        }
        Self {
            pairs,
            system_to_gold,
        }
    }
}

/// The smallest run of gold and system words, from `gi`/`si`, whose multi-word tokens do
/// not reach past it. One of `gold[gi]`, `system[si]` is in a multi-word token.
fn multiword_region(
    gold: &[EvalWord],
    system: &[EvalWord],
    mut gi: usize,
    mut si: usize,
) -> (Range<usize>, Range<usize>) {
    let mut end;
    if gold[gi].multiword {
        end = gold[gi].span.end;
        if !system[si].multiword && system[si].span.start < gold[gi].span.start {
            si += 1;
        }
    } else {
        end = system[si].span.end;
        if gold[gi].span.start < system[si].span.start {
            gi += 1;
        }
    }
    let (gold_start, system_start) = (gi, si);
    while !past_region(gold, gi, end) || !past_region(system, si, end) {
        let take_gold =
            gi < gold.len() && (si >= system.len() || gold[gi].span.start <= system[si].span.start);
        if take_gold {
            end = extend_region(&gold[gi], end);
            gi += 1;
        } else {
            end = extend_region(&system[si], end);
            si += 1;
        }
    }
    (gold_start..gi, system_start..si)
}

/// Whether word `i` lies beyond a region ending at character `end`.
fn past_region(words: &[EvalWord], i: usize, end: usize) -> bool {
    match words.get(i) {
        None => true,
        Some(w) if w.multiword => w.span.start >= end,
        Some(w) => w.span.end > end,
    }
}

/// A multi-word token reaching past the region extends it.
fn extend_region(word: &EvalWord, end: usize) -> usize {
    if word.multiword {
        end.max(word.span.end)
    } else {
        end
    }
}

/// Aligns the words of two ranges along a longest common subsequence of lowercased forms.
fn align_by_lcs(
    gold: &[EvalWord],
    system: &[EvalWord],
    gold_range: Range<usize>,
    system_range: Range<usize>,
    pairs: &mut Vec<(usize, usize)>,
) {
    let g = &gold[gold_range.clone()];
    let s = &system[system_range.clone()];
    if g.is_empty() || s.is_empty() {
        return;
    }
    let same = |i: usize, j: usize| g[i].lowercase_form == s[j].lowercase_form;
    // lcs[i][j]: length of the LCS of g[i..] and s[j..], stored row-major with a zero border.
    let width = s.len() + 1;
    let mut lcs = vec![0usize; (g.len() + 1) * width];
    for i in (0..g.len()).rev() {
        for j in (0..s.len()).rev() {
            let diagonal = if same(i, j) {
                1 + lcs[(i + 1) * width + j + 1]
            } else {
                0
            };
            lcs[i * width + j] = diagonal
                .max(lcs[(i + 1) * width + j])
                .max(lcs[i * width + j + 1]);
        }
    }
    let (mut i, mut j) = (0, 0);
    while i < g.len() && j < s.len() {
        if same(i, j) {
            pairs.push((gold_range.start + i, system_range.start + j));
            i += 1;
            j += 1;
        } else if lcs[i * width + j] == lcs[(i + 1) * width + j] {
            i += 1;
        } else {
            j += 1;
        }
    }
}

/// The two documents and their alignment, with the metric definitions.
struct Pair<'p, 'a> {
    gold: &'p Document<'a>,
    system: &'p Document<'a>,
    alignment: &'p Alignment,
}

impl Pair<'_, '_> {
    fn scores(&self) -> Scores {
        let all = |_: &EvalWord| true;
        let content = |w: &EvalWord| w.is_content();
        Scores {
            tokens: span_score(&self.gold.tokens, &self.system.tokens),
            sentences: span_score(&self.gold.sentences, &self.system.sentences),
            words: Score {
                gold: self.gold.words.len(),
                system: self.system.words.len(),
                correct: self.alignment.pairs.len(),
                aligned: None,
            },
            upos: self.word_score(all, |g, s| g.word.upos == s.word.upos),
            xpos: self.word_score(all, |g, s| g.word.xpos == s.word.xpos),
            ufeats: self.word_score(all, |g, s| g.ufeats == s.ufeats),
            alltags: self.word_score(all, same_tags),
            lemmas: self.word_score(all, same_lemma),
            uas: self.word_score(all, |g, s| self.same_head(g, s)),
            las: self.word_score(all, |g, s| self.same_labelled_head(g, s)),
            clas: self.word_score(content, |g, s| self.same_labelled_head(g, s)),
            mlas: self.word_score(content, |g, s| self.same_morphosyntax(g, s)),
            blex: self.word_score(content, |g, s| {
                self.same_labelled_head(g, s) && same_lemma(g, s)
            }),
        }
    }

    /// Counts words passing `filter` (the gold word's, for aligned pairs) and those correct.
    fn word_score(
        &self,
        filter: impl Fn(&EvalWord) -> bool,
        correct: impl Fn(&EvalWord, &EvalWord) -> bool,
    ) -> Score {
        let (mut aligned, mut right) = (0, 0);
        for &(g, s) in &self.alignment.pairs {
            let (g, s) = (&self.gold.words[g], &self.system.words[s]);
            if filter(g) {
                aligned += 1;
                right += usize::from(correct(g, s));
            }
        }
        Score {
            gold: self.gold.words.iter().filter(|w| filter(w)).count(),
            system: self.system.words.iter().filter(|w| filter(w)).count(),
            correct: right,
            aligned: Some(aligned),
        }
    }

    /// Whether the system word's head is aligned to the gold word's head (or both are root).
    fn same_head(&self, gold: &EvalWord, system: &EvalWord) -> bool {
        match (gold.head, system.head) {
            (Head::Root, Head::Root) => true,
            (Head::Word(g), Head::Word(s)) => self.alignment.system_to_gold[s] == Some(g),
            _ => false,
        }
    }

    fn same_labelled_head(&self, gold: &EvalWord, system: &EvalWord) -> bool {
        self.same_head(gold, system) && gold.deprel == system.deprel
    }

    /// MLAS: labelled head, UPOS, features, and the same functional dependents.
    fn same_morphosyntax(&self, gold: &EvalWord, system: &EvalWord) -> bool {
        let same_word = |g: &EvalWord, s: &EvalWord| {
            g.deprel == s.deprel && g.word.upos == s.word.upos && g.ufeats == s.ufeats
        };
        let same_children = gold.functional_children.len() == system.functional_children.len()
            && gold
                .functional_children
                .iter()
                .zip(&system.functional_children)
                .all(|(&g, &s)| {
                    self.alignment.system_to_gold[s] == Some(g)
                        && same_word(&self.gold.words[g], &self.system.words[s])
                });
        self.same_head(gold, system) && same_word(gold, system) && same_children
    }
}

fn same_tags(gold: &EvalWord, system: &EvalWord) -> bool {
    gold.word.upos == system.word.upos
        && gold.word.xpos == system.word.xpos
        && gold.ufeats == system.ufeats
}

fn same_lemma(gold: &EvalWord, system: &EvalWord) -> bool {
    gold.word.lemma == "_" || gold.word.lemma == system.word.lemma
}

/// Counts spans present, with the same start and end, in both sorted lists.
fn span_score(gold: &[Span], system: &[Span]) -> Score {
    let mut correct = 0;
    let (mut gi, mut si) = (0, 0);
    while gi < gold.len() && si < system.len() {
        let (g, s) = (gold[gi], system[si]);
        if s.start < g.start {
            si += 1;
        } else if g.start < s.start {
            gi += 1;
        } else {
            correct += usize::from(g.end == s.end);
            gi += 1;
            si += 1;
        }
    }
    Score {
        gold: gold.len(),
        system: system.len(),
        correct,
        aligned: None,
    }
}
