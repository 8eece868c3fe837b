//! Raw text to words and sentences, with every word pointing back into the source.
//!
//! This is the first stage of entente's pipeline. [`tokenize`] takes the text of a
//! news article exactly as it arrived (scraped text, hard-wrapped wire copy, headlines
//! and list lines without a final period) and returns a [`Tokenized`] value:
//!
//! * [`Word`]s follow the Universal Dependencies English conventions (clitics such as
//!   `n't` and `'s` are words of their own, punctuation is split off, `$40billion` is
//!   `$` `40` `billion`). Each word carries the byte [`Span`] of its text in the input,
//!   so `&text[word.span.range()]` is always the word's form.
//! * Words that came from one whitespace-free surface token that UD splits into
//!   several syntactic words (`don't` = `do` + `n't`) share a token index, which is how
//!   multi-word tokens are written to CoNLL-U.
//! * [`Sentence`]s are ranges of words. A line break in scraped text is a strong
//!   boundary; hard-wrapped paragraphs (as in wire copy) are recognised and joined.
//!
//! ```
//! let text = "Russia imposed sanctions on the U.S. on Monday. It didn't say why.";
//! let t = entente_text::tokenize(text);
//! assert_eq!(t.sentences.len(), 2);
//! let forms: Vec<&str> = t.sentence_words(0).iter().map(|w| w.form(text)).collect();
//! assert_eq!(forms, ["Russia", "imposed", "sanctions", "on", "the", "U.S.", "on", "Monday", "."]);
//! ```
//!
//! Tokenizing never fails and runs in time linear in the input: any string, however
//! odd, yields words and sentences (possibly none).
#![deny(missing_docs)]

mod chars;
mod lexicon;
mod lines;
mod patterns;
mod span;
mod splitter;
mod tokenizer;

pub use span::Span;
pub use splitter::MAX_SENTENCE_WORDS;

/// One syntactic word, as UD English counts words.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Word {
    /// Byte offsets of the word's form in the original text.
    pub span: Span,
    /// Index of the surface token the word belongs to; consecutive words with the same
    /// index form one multi-word token (`don't` → `do` + `n't`).
    pub token: u32,
    /// Whether whitespace follows the word in the original text.
    pub space_after: bool,
}

impl Word {
    /// The word's form, sliced from the text it was tokenized from.
    pub fn form<'t>(&self, text: &'t str) -> &'t str {
        &text[self.span.range()]
    }
}

/// A sentence: a contiguous range of words.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Sentence {
    /// Byte offsets in the original text, from the first word's start to the last word's end.
    pub span: Span,
    /// Index of the first word in [`Tokenized::words`].
    pub first_word: usize,
    /// One past the index of the last word.
    pub end_word: usize,
}

/// Words and sentences of a text.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Tokenized {
    /// Every word of the text, in order.
    pub words: Vec<Word>,
    /// Sentences, in order, covering every word exactly once.
    pub sentences: Vec<Sentence>,
}

impl Tokenized {
    /// The words of sentence `i`.
    pub fn sentence_words(&self, i: usize) -> &[Word] {
        let s = &self.sentences[i];
        &self.words[s.first_word..s.end_word]
    }
}

/// Splits `text` into words and sentences. Never fails; linear time.
pub fn tokenize(text: &str) -> Tokenized {
    let words = tokenizer::words(text);
    let sentences = splitter::sentences(text, &words);
    Tokenized { words, sentences }
}

/// Splits `text` into words only (no sentence boundaries), e.g. for a text already
/// known to be one sentence.
pub fn words(text: &str) -> Vec<Word> {
    tokenizer::words(text)
}
