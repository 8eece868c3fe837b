//! Character classes shared by the tokenizer and the sentence splitter.

/// Whitespace for tokenization: Unicode white space, every control character and
/// invisible format characters that never belong to a word (zero-width space, BOM,
/// bidirectional marks).
pub(crate) fn is_space(c: char) -> bool {
    if c.is_ascii() {
        return c <= ' ' || c == '\u{7f}';
    }
    c.is_whitespace()
        || c.is_control()
        || matches!(
            c,
            '\u{200B}'
                | '\u{200E}'
                | '\u{200F}'
                | '\u{202A}'..='\u{202E}'
                | '\u{2060}'..='\u{2064}'
                | '\u{2066}'..='\u{2069}'
                | '\u{FEFF}'
        )
}

/// Line breaks: newline, carriage return, vertical tab, form feed, NEL and the
/// Unicode line and paragraph separators.
pub(crate) fn is_line_break(c: char) -> bool {
    matches!(
        c,
        '\n' | '\r' | '\u{0B}' | '\u{0C}' | '\u{85}' | '\u{2028}' | '\u{2029}'
    )
}

/// Characters that continue a word without starting one: combining marks, joiners,
/// variation selectors and the soft hyphen.
pub(crate) fn is_mark(c: char) -> bool {
    matches!(
        c,
        '\u{00AD}'
            | '\u{0300}'..='\u{036F}'
            | '\u{0483}'..='\u{0489}'
            | '\u{0591}'..='\u{05C7}'
            | '\u{0610}'..='\u{061A}'
            | '\u{064B}'..='\u{065F}'
            | '\u{0670}'
            | '\u{06D6}'..='\u{06ED}'
            | '\u{0900}'..='\u{0963}'
            | '\u{0966}'..='\u{0DFF}'
            | '\u{0E31}'..='\u{0E4E}'
            | '\u{1AB0}'..='\u{1AFF}'
            | '\u{1DC0}'..='\u{1DFF}'
            | '\u{200C}'
            | '\u{200D}'
            | '\u{20D0}'..='\u{20FF}'
            | '\u{FE00}'..='\u{FE0F}'
            | '\u{FE20}'..='\u{FE2F}'
    )
}

/// Characters inside a word: letters, digits and marks.
pub(crate) fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() || (!c.is_ascii() && is_mark(c))
}

/// Pictographic characters that start an emoji sequence.
pub(crate) fn is_emoji(c: char) -> bool {
    matches!(
        c,
        '\u{2190}'..='\u{21FF}'
            | '\u{2300}'..='\u{23FF}'
            | '\u{25A0}'..='\u{27BF}'
            | '\u{2900}'..='\u{297F}'
            | '\u{2B00}'..='\u{2BFF}'
            | '\u{1F000}'..='\u{1FAFF}'
    )
}

/// Characters that modify or join a preceding emoji.
pub(crate) fn is_emoji_modifier(c: char) -> bool {
    matches!(
        c,
        '\u{FE0E}' | '\u{FE0F}' | '\u{20E3}' | '\u{1F3FB}'..='\u{1F3FF}' | '\u{E0020}'..='\u{E007F}'
    )
}

/// Apostrophes: straight, right single quotation mark, grave accent and (misused)
/// left single quotation mark.
pub(crate) fn is_apostrophe(c: char) -> bool {
    matches!(c, '\'' | '\u{2019}' | '`' | '\u{2018}')
}

/// Closing quotes and brackets that may follow a sentence-final punctuation mark.
pub(crate) fn is_closing(c: char) -> bool {
    matches!(
        c,
        '"' | '\'' | ')' | ']' | '}' | '\u{2019}' | '\u{201D}' | '\u{00BB}' | '\u{203A}'
    )
}

/// Quotation marks that can open a quote.
pub(crate) fn is_quote(c: char) -> bool {
    matches!(
        c,
        '"' | '\'' | '`' | '\u{2018}' | '\u{201C}' | '\u{00AB}' | '\u{2039}'
    )
}

/// The character starting at byte `i` of `s`, if `i` is a character boundary inside `s`.
pub(crate) fn char_at(s: &str, i: usize) -> Option<char> {
    s.get(i..).and_then(|r| r.chars().next())
}

/// The character ending at byte `i` of `s`, if `i` is a character boundary.
pub(crate) fn char_before(s: &str, i: usize) -> Option<char> {
    s.get(..i).and_then(|r| r.chars().next_back())
}
