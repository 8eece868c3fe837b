//! Pattern matchers used by the tokenizer: dates, telephone numbers, numbers with
//! units, clitics, e-mail addresses, handles, emoticons and emoji sequences. Each
//! looks at the text from a position and reports how far its pattern extends.

use crate::chars::{is_apostrophe, is_emoji, is_emoji_modifier};
use crate::lexicon;

/// Case-insensitive ASCII prefix test.
pub(crate) fn starts_with_ci(s: &str, prefix: &str) -> bool {
    s.len() >= prefix.len() && s.as_bytes()[..prefix.len()].eq_ignore_ascii_case(prefix.as_bytes())
}

/// Length of a handle (`POTUS`, `example.org`) after an `@`.
pub(crate) fn handle_len(s: &str) -> usize {
    let mut n = 0;
    loop {
        n += word_run(&s[n..]);
        let b = s.as_bytes();
        if n > 0
            && n + 1 < b.len()
            && matches!(b[n], b'.' | b'-')
            && b[n + 1].is_ascii_alphanumeric()
        {
            n += 1;
        } else {
            return n;
        }
    }
}

/// Length of a run of letters, digits and underscores at the start of `s`.
pub(crate) fn word_run(s: &str) -> usize {
    s.char_indices()
        .find(|&(_, c)| !(c.is_alphanumeric() || c == '_'))
        .map_or(s.len(), |(k, _)| k)
}

/// End of an emoji sequence (modifiers, ZWJ joins, flag pairs) starting at `i`.
pub(crate) fn emoji_end(text: &str, i: usize, hi: usize) -> usize {
    let rest = &text[i..hi];
    let Some(first) = rest.chars().next() else {
        return hi;
    };
    let regional = |c: &char| ('\u{1F1E6}'..='\u{1F1FF}').contains(c);
    let mut end = first.len_utf8();
    if regional(&first) {
        let pair = rest[end..].chars().next().filter(regional);
        return i + end + pair.map_or(0, char::len_utf8);
    }
    while let Some(c) = rest[end..].chars().next() {
        if is_emoji_modifier(c) {
            end += c.len_utf8();
        } else if c == '\u{200D}' {
            let after = end + c.len_utf8();
            match rest[after..].chars().next().filter(|&d| is_emoji(d)) {
                Some(d) => end = after + d.len_utf8(),
                None => break,
            }
        } else {
            break;
        }
    }
    i + end
}

/// Whether a period between `segment` and the character at `after` is a missing
/// space between sentences (`said.The`) rather than part of a word.
pub(crate) fn missing_space(segment: &str, text: &str, after: usize, hi: usize) -> bool {
    let mut next = text[after..hi].chars();
    let (Some(a), Some(b)) = (next.next(), next.next()) else {
        return false;
    };
    a.is_uppercase()
        && b.is_lowercase()
        && segment.chars().count() >= 2
        && !segment.chars().any(char::is_uppercase)
}

/// Whether `rest` (after a comma that follows a digit) starts with exactly three
/// digits, as in `100,000`.
pub(crate) fn thousands(rest: &str) -> bool {
    let b = rest.as_bytes();
    b.len() >= 3
        && b[..3].iter().all(u8::is_ascii_digit)
        && !b.get(3).is_some_and(u8::is_ascii_digit)
}

/// Whether a slash between `left` and `rest` stays inside the word: between digits
/// (`9/11`, `1986/87`) and in short forms such as `b/c`, `w/` and `s/he`.
pub(crate) fn slash_joins(left: &str, rest: &str) -> bool {
    let next = rest.chars().next();
    if left.bytes().last().is_some_and(|b| b.is_ascii_digit()) {
        return next.is_some_and(|c| c.is_ascii_digit());
    }
    let right = &rest[..word_run(rest)];
    ["b/c", "w/o", "w/", "s/he", "c/o"].iter().any(|f| {
        f.split_once('/')
            .is_some_and(|(l, r)| left.eq_ignore_ascii_case(l) && right.eq_ignore_ascii_case(r))
    })
}

/// Whether an ampersand joins short letter groups, as in `AT&T`, `R&D`, `a&m`.
pub(crate) fn ampersand_joins(left: &str, rest: &str) -> bool {
    let right = word_run(rest);
    (1..=3).contains(&left.len())
        && (1..=3).contains(&right)
        && left
            .bytes()
            .chain(rest[..right].bytes())
            .all(|b| b.is_ascii_alphabetic())
}

/// Currency codes written before `$`: `US$`, `A$`, `HK$`.
pub(crate) fn is_currency_prefix(word: &str) -> bool {
    (1..=3).contains(&word.len()) && word.bytes().all(|b| b.is_ascii_uppercase())
}

/// Dates and telephone numbers kept whole: `2017-09-13`, `555-0134`,
/// `212-555-0134`, `09-13-2017`. Returns the length if `s` starts with one.
pub(crate) fn digit_group(s: &str) -> Option<usize> {
    let b = s.as_bytes();
    if !b.first()?.is_ascii_digit() {
        return None;
    }
    if let Some(n) = day_month_year(b) {
        return Some(n);
    }
    let mut lens = [0usize; 4];
    let mut groups = 0;
    let mut i = 0;
    loop {
        let start = i;
        while i < b.len() && b[i].is_ascii_digit() {
            i += 1;
        }
        lens[groups] = i - start;
        groups += 1;
        if groups == 3 || i + 1 >= b.len() || b[i] != b'-' || !b[i + 1].is_ascii_digit() {
            break;
        }
        i += 1;
    }
    if b.get(i)
        .is_some_and(|&c| c.is_ascii_alphanumeric() || c == b'-')
    {
        return None;
    }
    let ok = matches!(
        &lens[..groups],
        [4, 2, 2] | [3, 3, 4] | [3, 4] | [5, 4] | [2, 2, 4] | [1, 2, 4] | [2, 1, 4] | [1, 1, 4]
    );
    ok.then_some(i)
}

/// A date written `01-Feb-2002` or `1-Feb-02`.
pub(crate) fn day_month_year(b: &[u8]) -> Option<usize> {
    let d = b.iter().take_while(|c| c.is_ascii_digit()).count();
    let month = b.get(d + 1..d + 4)?;
    if !(1..=2).contains(&d) || b[d] != b'-' || !month.iter().all(u8::is_ascii_alphabetic) {
        return None;
    }
    if b.get(d + 4) != Some(&b'-') {
        return None;
    }
    let y = b[d + 5..].iter().take_while(|c| c.is_ascii_digit()).count();
    let end = d + 5 + y;
    let ok = (y == 2 || y == 4)
        && !b
            .get(end)
            .is_some_and(|c| c.is_ascii_alphanumeric() || *c == b'-');
    ok.then_some(end)
}

/// Where letters following a number start, if they are a unit UD splits off
/// (`40billion`, `10am`, `10a.m`).
pub(crate) fn number_unit_split(word: &str) -> Option<usize> {
    let b = word.as_bytes();
    if !b.first()?.is_ascii_digit() {
        return None;
    }
    let mut i = 0;
    while i < b.len()
        && (b[i].is_ascii_digit()
            || (matches!(b[i], b'.' | b',' | b':') && b.get(i + 1).is_some_and(u8::is_ascii_digit)))
    {
        i += 1;
    }
    let rest = &word[i..];
    let letters = rest.bytes().all(|c| c.is_ascii_alphabetic());
    let unit = (letters && (lexicon::is_unit(rest) || rest.len() >= 3))
        || rest.eq_ignore_ascii_case("a.m")
        || rest.eq_ignore_ascii_case("p.m");
    (i > 0 && !rest.is_empty() && unit).then_some(i)
}

/// Where a clitic starts at the end of `word`: `n't`, `'s`, `'re`, `'ve`, `'ll`,
/// `'d`, `'m`, or a bare possessive apostrophe after `s`.
pub(crate) fn clitic_split(word: &str) -> Option<usize> {
    let (a, apo) = word.char_indices().rev().find(|&(_, c)| is_apostrophe(c))?;
    let base = &word[..a];
    let suffix = &word[a + apo.len_utf8()..];
    let last = base.chars().next_back()?;
    if suffix.is_empty() {
        return (base.len() >= 2).then_some(a);
    }
    if suffix.eq_ignore_ascii_case("t") && matches!(last, 'n' | 'N') && base.len() >= 2 {
        return Some(a - 1);
    }
    let clitic = ["s", "re", "ve", "ll", "d", "m"]
        .iter()
        .any(|c| c.eq_ignore_ascii_case(suffix));
    (clitic && last.is_alphabetic()).then_some(a)
}

/// An abbreviated decade such as `'90s` or `’80s` at the start of `s`.
pub(crate) fn decade(s: &str) -> Option<usize> {
    let q = s.chars().next()?.len_utf8();
    let b = &s.as_bytes()[q..];
    if b.len() < 2 || !b[0].is_ascii_digit() || !b[1].is_ascii_digit() {
        return None;
    }
    let n = if b.get(2) == Some(&b's') { 3 } else { 2 };
    if b.get(n).is_some_and(|c| c.is_ascii_alphanumeric()) {
        return None;
    }
    Some(q + n)
}

/// Finds e-mail addresses in a chunk. Every start position inside one run of
/// local-part characters shares that run's `@` and domain, so each run is scanned
/// once however many words it contains.
pub(crate) struct Emails {
    /// Whether the chunk contains an `@` at all.
    any: bool,
    /// End of the current run of local-part characters.
    local_end: usize,
    /// End of the address if the run is followed by `@` and a domain.
    end: Option<usize>,
}

impl Emails {
    pub(crate) fn new(text: &str, lo: usize, hi: usize) -> Emails {
        Emails {
            any: text.as_bytes()[lo..hi].contains(&b'@'),
            local_end: lo,
            end: None,
        }
    }

    /// End of an e-mail address starting at the word start `i`.
    pub(crate) fn at(&mut self, text: &str, i: usize, hi: usize) -> Option<usize> {
        if !self.any || !text.as_bytes()[i].is_ascii_alphanumeric() {
            return None;
        }
        if i >= self.local_end {
            let b = &text.as_bytes()[i..hi];
            let local = b
                .iter()
                .position(|&c| !(c.is_ascii_alphanumeric() || b"._%+-".contains(&c)))
                .unwrap_or(b.len());
            self.local_end = i + local;
            self.end = (b.get(local) == Some(&b'@'))
                .then(|| domain_len(&b[local + 1..]))
                .flatten()
                .map(|n| i + local + 1 + n);
        }
        self.end
    }
}

/// Length of the domain of an e-mail address at the start of `b`.
pub(crate) fn domain_len(b: &[u8]) -> Option<usize> {
    let mut end = b
        .iter()
        .position(|&c| !(c.is_ascii_alphanumeric() || c == b'.' || c == b'-'))
        .unwrap_or(b.len());
    while end > 0 && matches!(b[end - 1], b'.' | b'-') {
        end -= 1;
    }
    (end > 0 && b[0].is_ascii_alphanumeric()).then_some(end)
}

/// Length of an emoticon at the start of `s`, if one ends there.
pub(crate) fn emoticon_len(s: &str) -> Option<usize> {
    let e = lexicon::EMOTICONS.iter().find(|e| s.starts_with(**e))?;
    let next = s[e.len()..].chars().next();
    let ok = match next {
        None => true,
        Some(c) => !c.is_alphanumeric() && c != '/' && !(e.ends_with(')') && c == ')'),
    };
    ok.then_some(e.len())
}
