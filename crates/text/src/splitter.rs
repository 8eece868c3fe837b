//! Sentence splitting over tokenized words.
//!
//! A sentence ends after `.`, `!`, `?` or an ellipsis (plus attached closing quotes
//! and brackets) when the next word can start a sentence, after an abbreviation such
//! as `Inc.` or `U.S.` only when the next word is a typical sentence opener, and at
//! every line break that [`crate::lines`] considers hard. Runs longer than
//! [`MAX_SENTENCE_WORDS`] are cut at the last `;`, `,` or conjunction in the window.

use crate::chars::{is_closing, is_quote};
use crate::lexicon::{self, Abbrev};
use crate::lines;
use crate::{Sentence, Span, Word};

/// The most words a sentence may have; longer runs are split.
pub const MAX_SENTENCE_WORDS: usize = 200;

/// A forced split never leaves a sentence shorter than this many words when it can
/// cut at punctuation.
const MIN_FORCED_WORDS: usize = MAX_SENTENCE_WORDS / 4;

/// Groups `words` (tokenized from `text`) into sentences.
pub(crate) fn sentences(text: &str, words: &[Word]) -> Vec<Sentence> {
    let mut out = Vec::new();
    if words.is_empty() {
        return out;
    }
    let hard = lines::hard_breaks(text);
    let mut next_hard = 0;
    let mut start = 0;
    for i in 0..words.len() {
        let boundary = match words.get(i + 1) {
            None => true,
            Some(next) if next.token == words[i].token => false,
            Some(next) => {
                let (end, gap_end) = (words[i].span.end, next.span.start);
                while next_hard < hard.len() && hard[next_hard] < end {
                    next_hard += 1;
                }
                let line_break = hard.get(next_hard).is_some_and(|&b| b < gap_end);
                line_break || (may_end(text, &words[i]) && ends_sentence(text, words, i))
            }
        };
        if boundary {
            push_limited(&mut out, text, words, start, i + 1);
            start = i + 1;
        }
    }
    out
}

/// Cheap filter: only words ending in punctuation (or emoticons such as `:D`) can
/// end a sentence.
fn may_end(text: &str, word: &Word) -> bool {
    let bytes = text.as_bytes();
    let (first, last) = (bytes[word.span.start], bytes[word.span.end - 1]);
    !last.is_ascii_alphanumeric() || matches!(first, b':' | b';' | b'X' | b'<')
}

/// What a word contributes to ending a sentence.
enum Terminal {
    /// `.`, `!`, `?`, `…` and runs of them.
    Strong,
    /// An emoticon such as `:)`: ends a sentence before a capital letter.
    Emoticon,
    /// A single-letter initial such as `J.`.
    Initial,
    /// A word with an abbreviation period.
    Abbrev(Abbrev),
}

/// Classifies the form of a potential sentence-final word.
fn terminal(form: &str) -> Option<Terminal> {
    if !form.is_empty() && form.chars().all(|c| matches!(c, '.' | '!' | '?' | '…')) {
        return Some(Terminal::Strong);
    }
    if lexicon::is_emoticon(form) {
        return Some(Terminal::Emoticon);
    }
    let stem = form.strip_suffix('.')?;
    if stem.chars().count() == 1 {
        return Some(Terminal::Initial);
    }
    Some(Terminal::Abbrev(
        lexicon::abbreviation(stem).unwrap_or(Abbrev::Final),
    ))
}

/// Whether `form` is a single closing quote or bracket.
fn is_closing_form(form: &str) -> bool {
    let mut cs = form.chars();
    matches!((cs.next(), cs.next()), (Some(c), None) if is_closing(c))
}

/// Whether words `k..k + 3` are a numbered reference such as `[12]`.
fn is_citation(text: &str, words: &[Word], k: usize) -> bool {
    match words.get(k..k + 3) {
        Some([open, num, close]) => {
            open.form(text) == "["
                && close.form(text) == "]"
                && num.form(text).bytes().all(|b| b.is_ascii_digit())
        }
        _ => false,
    }
}

/// The word that decides whether a sentence ends after word `i`: `i` itself, or
/// the punctuation before attached closing quotes, brackets and references.
fn deciding_word(text: &str, words: &[Word], i: usize) -> usize {
    let mut j = i;
    loop {
        if j >= 3 && is_citation(text, words, j - 2) {
            j -= 3;
        } else if j > 0 && is_closing_form(words[j].form(text)) && !words[j - 1].space_after {
            j -= 1;
        } else {
            return j;
        }
    }
}

/// Whether a sentence ends after word `i` (which is not the last word).
fn ends_sentence(text: &str, words: &[Word], i: usize) -> bool {
    let next = words[i + 1].form(text);
    if (!words[i].space_after && is_closing_form(next)) || is_citation(text, words, i + 1) {
        return false;
    }
    let j = deciding_word(text, words, i);
    let Some(kind) = terminal(words[j].form(text)) else {
        return false;
    };
    let Some(c) = next.chars().next() else {
        return false;
    };
    match kind {
        Terminal::Strong if j == i && c.is_lowercase() => {
            let form = words[i].form(text);
            !form.starts_with('…') && !form.starts_with("..")
        }
        Terminal::Strong => can_start(c),
        Terminal::Emoticon => c.is_uppercase(),
        Terminal::Initial => is_opener(next),
        Terminal::Abbrev(Abbrev::Prefix) => false,
        Terminal::Abbrev(Abbrev::Final) => is_opener(next) || (is_quote(c) && words[i].space_after),
    }
}

/// Whether `word` typically opens a sentence (`The`, `It`, `Mr.`).
fn is_opener(word: &str) -> bool {
    lexicon::is_starter(word) || matches!(word, "Mr." | "Mrs." | "Ms." | "Dr.")
}

/// Whether a word starting with `c` can begin a sentence.
fn can_start(c: char) -> bool {
    if c.is_alphabetic() {
        return !c.is_lowercase();
    }
    !matches!(
        c,
        ',' | ';' | ':' | ')' | ']' | '}' | '%' | '.' | '!' | '?' | '…' | '/' | '”' | '’'
    )
}

/// Pushes the sentence `start..end`, cut into pieces of at most
/// [`MAX_SENTENCE_WORDS`] words.
fn push_limited(out: &mut Vec<Sentence>, text: &str, words: &[Word], mut start: usize, end: usize) {
    while end - start > MAX_SENTENCE_WORDS {
        let cut = forced_cut(text, words, start);
        push(out, words, start, cut);
        start = cut;
    }
    push(out, words, start, end);
}

fn push(out: &mut Vec<Sentence>, words: &[Word], start: usize, end: usize) {
    out.push(Sentence {
        span: Span::new(words[start].span.start, words[end - 1].span.end),
        first_word: start,
        end_word: end,
    });
}

/// Where to cut a run of more than [`MAX_SENTENCE_WORDS`] words starting at
/// `start`: after the last `;`, else after the last `,`, else before the last
/// conjunction in the window, else at the window's end; never inside a multi-word
/// token.
fn forced_cut(text: &str, words: &[Word], start: usize) -> usize {
    let limit = start + MAX_SENTENCE_WORDS;
    let (mut semicolon, mut comma, mut conjunction) = (None, None, None);
    for (k, word) in words
        .iter()
        .enumerate()
        .take(limit)
        .skip(start + MIN_FORCED_WORDS)
    {
        match word.form(text) {
            ";" => semicolon = Some(k + 1),
            "," => comma = Some(k + 1),
            f if ["and", "or", "but", "while", "because"].contains(&f) => conjunction = Some(k),
            _ => {}
        }
    }
    let mut cut = semicolon.or(comma).or(conjunction).unwrap_or(limit);
    while cut > start + 1 && words[cut].token == words[cut - 1].token {
        cut -= 1;
    }
    cut
}
