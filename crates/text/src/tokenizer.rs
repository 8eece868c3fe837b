//! Word tokenization following Universal Dependencies English (EWT/GUM) conventions.
//!
//! The text is cut at whitespace into chunks; each chunk is scanned left to right by
//! a hand-written character scanner. Words may contain internal periods (`U.S.`,
//! `3.5`), digit commas (`100,000`), digit colons and slashes (`10:30`, `9/11`),
//! apostrophes (later split into clitics) and the hyphen of a few prefixes
//! (`co-founder`); everything else that is not a letter or digit becomes a token of
//! its own. URLs, e-mail addresses, handles, hashtags and emoticons are recognised
//! first and kept whole.

use crate::chars::{char_at, char_before, is_apostrophe, is_emoji, is_line_break, is_mark};
use crate::chars::{is_space, is_word_char};
use crate::lexicon;
use crate::patterns::Emails;
use crate::patterns::{ampersand_joins, clitic_split, decade, digit_group, emoji_end};
use crate::patterns::{emoticon_len, handle_len, is_currency_prefix, missing_space};
use crate::patterns::{number_unit_split, slash_joins, starts_with_ci, thousands, word_run};
use crate::{Span, Word};

/// Splits `text` into words; words of one surface token share a token index.
pub(crate) fn words(text: &str) -> Vec<Word> {
    let mut t = Tokenizer {
        text,
        words: Vec::with_capacity(text.len() / 5 + 1),
        token: 0,
        quote_open: false,
    };
    let mut i = 0;
    while i < text.len() {
        let (start, blank_line) = t.skip_space(i);
        if start >= text.len() {
            break;
        }
        if blank_line {
            t.quote_open = false;
        }
        let end = t.chunk_end(start);
        t.chunk(start, end);
        i = end;
    }
    t.finish()
}

struct Tokenizer<'t> {
    text: &'t str,
    words: Vec<Word>,
    /// Index the next surface token gets.
    token: u32,
    /// Whether a single quotation mark was opened and not yet closed, so that a
    /// trailing apostrophe after `s` closes the quote instead of marking a possessive.
    quote_open: bool,
}

impl<'t> Tokenizer<'t> {
    /// Skips whitespace from `i`; returns the next non-space position and whether
    /// the skipped run contained two or more line breaks.
    fn skip_space(&self, mut i: usize) -> (usize, bool) {
        let bytes = self.text.as_bytes();
        let mut breaks = 0;
        while i < bytes.len() {
            let b = bytes[i];
            if b < 0x80 {
                if b > b' ' && b != 0x7f {
                    break;
                }
                breaks += usize::from(b == b'\n');
                i += 1;
            } else {
                match char_at(self.text, i) {
                    Some(c) if is_space(c) => {
                        breaks += usize::from(is_line_break(c));
                        i += c.len_utf8();
                    }
                    _ => break,
                }
            }
        }
        (i, breaks >= 2)
    }

    /// End of the whitespace-free chunk starting at `i`.
    fn chunk_end(&self, mut i: usize) -> usize {
        let bytes = self.text.as_bytes();
        while i < bytes.len() {
            let b = bytes[i];
            if b < 0x80 {
                if b <= b' ' || b == 0x7f {
                    break;
                }
                i += 1;
            } else {
                match char_at(self.text, i) {
                    Some(c) if !is_space(c) => i += c.len_utf8(),
                    _ => break,
                }
            }
        }
        i
    }

    /// Fills in `space_after` and returns the words.
    fn finish(mut self) -> Vec<Word> {
        let text = self.text;
        for w in &mut self.words {
            w.space_after = char_at(text, w.span.end).is_some_and(is_space);
        }
        self.words
    }

    /// Adds a one-word token.
    fn token(&mut self, start: usize, end: usize) {
        self.words.push(Word {
            span: Span::new(start, end),
            token: self.token,
            space_after: false,
        });
        self.token = self.token.wrapping_add(1);
    }

    /// Adds one token made of the words between consecutive `cuts`.
    fn multiword(&mut self, cuts: &[usize]) {
        for pair in cuts.windows(2) {
            self.words.push(Word {
                span: Span::new(pair[0], pair[1]),
                token: self.token,
                space_after: false,
            });
        }
        self.token = self.token.wrapping_add(1);
    }

    /// Tokenizes the chunk `lo..hi`, which contains no whitespace.
    fn chunk(&mut self, lo: usize, hi: usize) {
        let mut emails = Emails::new(self.text, lo, hi);
        let mut i = lo;
        while i < hi {
            let Some(c) = char_at(self.text, i) else {
                return;
            };
            let prev_word = i > lo && char_before(self.text, i).is_some_and(is_word_char);
            let special = if prev_word {
                emoticon_len(&self.text[i..hi]).map(|n| i + n)
            } else {
                emails
                    .at(self.text, i, hi)
                    .or_else(|| self.special(c, i, hi))
            };
            i = match special {
                Some(end) => {
                    self.token(i, end);
                    end
                }
                None if c.is_alphanumeric() => {
                    let end = self.scan_word(i, hi);
                    self.emit_word(i, end, hi)
                }
                None => self.punct(c, i, lo, hi),
            };
        }
    }

    /// A URL, e-mail address, handle, hashtag or emoticon starting at `i`.
    fn special(&self, c: char, i: usize, hi: usize) -> Option<usize> {
        let rest = &self.text[i..hi];
        match c {
            'h' | 'H' | 'w' | 'W' | 'f' | 'F' | 'm' | 'M' => {
                let url = ["http://", "https://", "ftp://", "www.", "mailto:"]
                    .iter()
                    .any(|p| {
                        starts_with_ci(rest, p)
                            && rest[p.len()..].starts_with(|c: char| c.is_alphanumeric())
                    });
                if url {
                    return Some(self.url_end(i, hi));
                }
            }
            '@' => {
                let n = handle_len(&rest[1..]);
                if n > 0 {
                    return Some(i + 1 + n);
                }
            }
            '#' if !rest[1..].starts_with(|c: char| c.is_ascii_digit()) => {
                let n = word_run(&rest[1..]);
                if n > 0 {
                    return Some(i + 1 + n);
                }
            }
            _ => {}
        }
        if !c.is_alphanumeric() || c == 'X' {
            return emoticon_len(rest).map(|n| i + n);
        }
        None
    }

    /// End of a URL starting at `i`: up to a quote or bracket that cannot belong to
    /// it, then without trailing sentence punctuation.
    fn url_end(&self, i: usize, hi: usize) -> usize {
        let rest = &self.text[i..hi];
        let mut end = rest
            .find(['"', '<', '>', '“', '”', '«', '»'])
            .unwrap_or(rest.len());
        let opens = rest[..end].matches('(').count();
        let mut closes = rest[..end].matches(')').count();
        let square = rest[..end].contains('[');
        while let Some(last) = rest[..end].chars().next_back() {
            let strip = match last {
                ')' => {
                    closes -= 1;
                    opens <= closes
                }
                ']' => !square,
                '.' | ',' | ';' | ':' | '!' | '?' | '\'' | '’' | '}' => true,
                _ => false,
            };
            if !strip || end <= 4 {
                break;
            }
            end -= last.len_utf8();
        }
        i + end
    }

    /// Scans a word starting at the alphanumeric character at `ws`; returns its end.
    fn scan_word(&self, ws: usize, hi: usize) -> usize {
        if let Some(end) = digit_group(&self.text[ws..hi]) {
            return ws + end;
        }
        let text = self.text;
        let mut i = ws;
        let mut seg = ws; // start of the current letter/digit run
        let mut hseg = ws; // start of the part since the last hyphen
        loop {
            i = skip_word_chars(text, i, hi);
            let Some(j) = char_at(text, i).filter(|_| i < hi) else {
                return i;
            };
            let after = i + j.len_utf8();
            let next = char_at(text, after).filter(|_| after < hi);
            let next_word = next.is_some_and(char::is_alphanumeric);
            let prev = char_before(text, i).unwrap_or(' ');
            let joins = match j {
                '.' => next_word && !missing_space(&text[seg..i], text, after, hi),
                ',' => prev.is_ascii_digit() && thousands(&text[after..hi]),
                ':' => prev.is_ascii_digit() && next.is_some_and(|c| c.is_ascii_digit()),
                '/' => slash_joins(&text[seg..i], &text[after..hi]),
                '&' => ampersand_joins(&text[seg..i], &text[after..hi]),
                '_' => next_word,
                '-' if next_word => lexicon::is_hyphen_prefix(&text[hseg..i]),
                '-' => {
                    // A dangling hyphen at the end of the chunk: `pre-` in `pre- and
                    // post-war`, or a cut-off word.
                    let part = &text[hseg..i];
                    return if next.is_none()
                        && is_letters(part)
                        && (part.len() <= 3 || self.suspended_hyphen(after))
                    {
                        after
                    } else {
                        i
                    };
                }
                c if is_apostrophe(c) => {
                    if next_word {
                        true
                    } else {
                        return if self.possessive_s(ws, i, next) {
                            after
                        } else {
                            i
                        };
                    }
                }
                _ => false,
            };
            if !joins {
                return i;
            }
            if j == '-' {
                hseg = after;
            }
            i = after;
            seg = after;
        }
    }

    /// Whether the text after a word-final hyphen continues like `pre- and post-war`.
    fn suspended_hyphen(&self, after: usize) -> bool {
        let rest = self.text[after..].trim_start_matches(is_space);
        ["and ", "or ", "to ", "and/or "]
            .iter()
            .any(|w| rest.starts_with(w))
    }

    /// Whether an apostrophe at `i` after a word ending in `s` marks a plural
    /// possessive (`officials'`) rather than closing a single-quoted phrase.
    fn possessive_s(&self, ws: usize, i: usize, next: Option<char>) -> bool {
        !self.quote_open
            && i - ws >= 3
            && matches!(self.text.as_bytes()[i - 1], b's' | b'S')
            && !next.is_some_and(|c| is_apostrophe(c) || c.is_alphanumeric())
    }

    /// Emits the word `ws..we` (plus an abbreviation period or a `$`), splitting off
    /// units and clitics. Returns where scanning continues.
    fn emit_word(&mut self, ws: usize, we: usize, hi: usize) -> usize {
        let text = self.text;
        let word = &text[ws..we];
        let glued = we < hi
            && match text.as_bytes()[we] {
                b'$' => is_currency_prefix(word),
                b'!' => word == "Yahoo",
                _ => false,
            };
        if glued {
            self.token(ws, we + 1);
            return we + 1;
        }
        if we < hi
            && text.as_bytes()[we] == b'/'
            && word.contains('.')
            && word.rsplit('.').next().is_some_and(lexicon::is_tld)
        {
            let end = self.url_end(ws, hi);
            self.token(ws, end);
            return end;
        }
        let mut start = ws;
        if let Some(at) = number_unit_split(word) {
            self.token(ws, ws + at);
            start = ws + at;
        }
        let end = if self.attach_period(start, we, hi) {
            we + 1
        } else {
            we
        };
        self.emit_clitics(start, end);
        end
    }

    /// Whether the period right after `start..we` belongs to the word as an
    /// abbreviation (`Mr.`, `U.S.`, `J.`).
    fn attach_period(&self, start: usize, we: usize, hi: usize) -> bool {
        let bytes = self.text.as_bytes();
        if we >= hi || bytes[we] != b'.' {
            return false;
        }
        let word = &self.text[start..we];
        if bytes.get(we + 1) == Some(&b'.') {
            // `Inc..` is `Inc.` followed by a sentence period; `etc...` is an ellipsis.
            return bytes.get(we + 2) != Some(&b'.')
                && word.len() > 1
                && lexicon::abbreviation(word).is_some();
        }
        let (next, newline) = self.next_visible(we + 1);
        if matches!(word, "No" | "no" | "Nos" | "nos" | "NO" | "pop" | "Pop") {
            return next.is_some_and(|c| c.is_ascii_digit());
        }
        if word.len() == 1 {
            let b = word.as_bytes()[0];
            return match b {
                b'I' => false,
                b'A'..=b'Z' => !newline && next.is_some_and(char::is_uppercase),
                b'v' => !newline && next.is_some_and(char::is_alphanumeric),
                b'a'..=b'z' => {
                    !newline && next.is_some_and(|c| c.is_ascii_digit() || c.is_lowercase())
                }
                _ => false,
            };
        }
        lexicon::abbreviation(word).is_some()
    }

    /// The next non-space character from `i` and whether a line break precedes it.
    fn next_visible(&self, i: usize) -> (Option<char>, bool) {
        let mut newline = false;
        for c in self.text.get(i..).unwrap_or("").chars() {
            if !is_space(c) {
                return (Some(c), newline);
            }
            newline |= is_line_break(c);
        }
        (None, newline)
    }

    /// Emits `start..end` as one token, split into clitic words where UD splits it
    /// (`can't've` → `ca` + `n't` + `'ve`).
    fn emit_clitics(&mut self, start: usize, end: usize) {
        if let Some(at) = lexicon::fused_split(&self.text[start..end]) {
            self.multiword(&[start, start + at, end]);
            return;
        }
        // Word boundaries, filled from the back: at most three clitics per token.
        let mut cuts = [start; 5];
        let mut k = cuts.len() - 1;
        cuts[k] = end;
        while k > 1 {
            match clitic_split(&self.text[start..cuts[k]]) {
                Some(at) => {
                    k -= 1;
                    cuts[k] = start + at;
                }
                None => break,
            }
        }
        self.multiword(&cuts[k - 1..]);
    }

    /// Emits punctuation or a symbol at `i`; returns the position after it.
    fn punct(&mut self, c: char, i: usize, lo: usize, hi: usize) -> usize {
        let text = self.text;
        let len = c.len_utf8();
        let end = match c {
            '.' if i == lo || !char_before(text, i).is_some_and(char::is_alphanumeric) => {
                match text[i + 1..hi]
                    .bytes()
                    .take_while(u8::is_ascii_digit)
                    .count()
                {
                    0 => run_of(text, i, hi, |x| matches!(x, '.' | '!' | '?')),
                    n => i + 1 + n,
                }
            }
            '.' | '!' | '?' => run_of(text, i, hi, |x| matches!(x, '.' | '!' | '?')),
            '…' => run_of(text, i, hi, |x| x == '…'),
            '\'' if text[i..hi].starts_with("''") => i + 2,
            '\'' | '’' | '‘' => {
                if let Some(n) = decade(&text[i..hi]) {
                    i + n
                } else {
                    self.track_quote(c, i, lo, hi);
                    i + len
                }
            }
            '`' if text[i..hi].starts_with("``") => i + 2,
            '-' | '=' | '*' | '_' | '~' | '+' | '/' | '\\' | '|' | '<' | '>' | '^' | '#' | '$' => {
                run_of(text, i, hi, |x| x == c)
            }
            c if is_emoji(c) => emoji_end(text, i, hi),
            _ => skip_marks(text, i + len, hi),
        };
        self.token(i, end);
        end
    }

    /// Updates the open-single-quote state for a quote mark at `i`.
    fn track_quote(&mut self, c: char, i: usize, lo: usize, hi: usize) {
        let after = i + c.len_utf8();
        let opens_word = after < hi && char_at(self.text, after).is_some_and(char::is_alphanumeric);
        let starts = i == lo
            || char_before(self.text, i).is_some_and(|p| matches!(p, '(' | '[' | '"' | '“'));
        self.quote_open = c == '‘' || (starts && opens_word);
    }
}

/// Skips letters, digits and marks from `i` (bounded by `hi`).
fn skip_word_chars(text: &str, mut i: usize, hi: usize) -> usize {
    let bytes = text.as_bytes();
    while i < hi {
        let b = bytes[i];
        if b < 0x80 {
            if !b.is_ascii_alphanumeric() {
                break;
            }
            i += 1;
        } else {
            match char_at(text, i) {
                Some(c) if is_word_char(c) => i += c.len_utf8(),
                _ => break,
            }
        }
    }
    i.min(hi)
}

/// Skips combining marks from `i`.
fn skip_marks(text: &str, mut i: usize, hi: usize) -> usize {
    while i < hi {
        match char_at(text, i) {
            Some(c) if !c.is_ascii() && is_mark(c) => i += c.len_utf8(),
            _ => break,
        }
    }
    i
}

/// End of a run of characters matching `f` starting at `i`.
fn run_of(text: &str, i: usize, hi: usize, f: impl Fn(char) -> bool) -> usize {
    let rest = &text[i..hi];
    i + rest
        .char_indices()
        .find(|&(_, c)| !f(c))
        .map_or(rest.len(), |(k, _)| k)
}

/// Whether `s` is non-empty and only letters.
fn is_letters(s: &str) -> bool {
    !s.is_empty() && s.chars().all(char::is_alphabetic)
}
