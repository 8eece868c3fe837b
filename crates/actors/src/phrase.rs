//! Phrases of dictionary words and how they match tokens (see the case rules in
//! `dict/README.md`).

/// How one dictionary word compares with a token.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Case {
    /// Written in lower case: any case matches.
    Any,
    /// Written with a capital: the token must start with a capital too.
    Capital,
    /// Written all in capitals (two or more letters): only that exact spelling.
    Exact(String),
}

/// One word of a dictionary phrase.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct WordPat {
    /// The normalised (folded) form used as the index key.
    pub key: String,
    pub case: Case,
}

/// Normalises a token for lookup: lower case, curly apostrophes and dashes folded.
pub fn fold(token: &str) -> String {
    let mut out = String::with_capacity(token.len());
    for c in token.chars() {
        match c {
            '\u{2019}' | '\u{2018}' | '`' => out.push('\''),
            '\u{2010}' | '\u{2011}' | '\u{2013}' => out.push('-'),
            _ => out.extend(c.to_lowercase()),
        }
    }
    out
}

impl WordPat {
    pub(crate) fn new(word: &str) -> WordPat {
        let letters = word.chars().filter(|c| c.is_alphabetic()).count();
        let case = if letters >= 2
            && word
                .chars()
                .filter(|c| c.is_alphabetic())
                .all(char::is_uppercase)
        {
            Case::Exact(word.to_string())
        } else if word.chars().next().is_some_and(char::is_uppercase) {
            Case::Capital
        } else {
            Case::Any
        };
        WordPat {
            key: fold(word),
            case,
        }
    }

    /// Does this word match `token`, whose folded form is `key`?
    pub(crate) fn matches(&self, token: &str, key: &str) -> bool {
        if self.key != key {
            return false;
        }
        match &self.case {
            Case::Any => true,
            // A capital anywhere will do: typed names ("iSrael") keep a capital somewhere,
            // while the common word ("turkey", "chad") has none.
            Case::Capital => token.chars().any(char::is_uppercase),
            Case::Exact(s) => s == token,
        }
    }
}

/// Splits a phrase into words as our tokenizer does (hyphens are words of their own)
/// and drops an optional leading `the`; returns the words and whether `the` was there.
pub(crate) fn compile(phrase: &str) -> (Vec<WordPat>, bool) {
    let mut words: Vec<&str> = Vec::new();
    for w in phrase.split_whitespace() {
        // The possessive is a word of its own, as in our tokenizer ("People 's").
        let (w, poss) = match w.strip_suffix("'s").or_else(|| w.strip_suffix("\u{2019}s")) {
            Some(stem) if !stem.is_empty() => (stem, true),
            _ => (w, false),
        };
        if w.len() > 1 && w.contains('-') && !w.starts_with('-') && !w.ends_with('-') {
            let mut first = true;
            for part in w.split('-') {
                if !first {
                    words.push("-");
                }
                if !part.is_empty() {
                    words.push(part);
                }
                first = false;
            }
        } else {
            words.push(w);
        }
        if poss {
            words.push("'s");
        }
    }
    let mut had_the = false;
    if words.len() > 1 && words[0].eq_ignore_ascii_case("the") {
        words.remove(0);
        had_the = true;
    }
    (words.into_iter().map(WordPat::new).collect(), had_the)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn case_rules() {
        let us = WordPat::new("US");
        assert!(us.matches("US", "us"));
        assert!(!us.matches("us", "us") && !us.matches("Us", "us"));
        let turkey = WordPat::new("Turkey");
        assert!(turkey.matches("Turkey", "turkey") && turkey.matches("TURKEY", "turkey"));
        assert!(!turkey.matches("turkey", "turkey"));
        let troops = WordPat::new("troops");
        assert!(troops.matches("Troops", "troops"));
        assert_eq!(compile("the Kremlin").0.len(), 1);
        assert_eq!(compile("Guinea-Bissau").0.len(), 3);
        assert_eq!(compile("People's Daily").0.len(), 3);
        assert_eq!(fold("Côte d’Ivoire"), "côte d'ivoire");
    }
}
