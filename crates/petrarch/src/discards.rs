//! PETRARCH discard lists: phrases that make a sentence (or, with `+`, a whole story)
//! uncodable. Our dictionary format has no counterpart; `validate-petrarch` applies them
//! itself, and `dict convert` reports them as not converted.

use std::path::Path;

use crate::words::{content, in_xml_comment};

/// A discard list.
#[derive(Debug, Clone, Default)]
pub struct Discards {
    /// Sentence-level phrases, as upper-case words.
    pub sentence: Vec<Vec<String>>,
    /// Story-level phrases (`+` lines), as upper-case words.
    pub story: Vec<Vec<String>>,
}

fn words(s: &str) -> Vec<String> {
    s.split(|c: char| !c.is_alphanumeric() && c != '\'')
        .filter(|w| !w.is_empty())
        .map(str::to_uppercase)
        .collect()
}

/// Reads a discard file.
pub fn read_discards(_file: &Path, text: &str) -> Discards {
    let mut out = Discards::default();
    let mut xml = false;
    for raw in text.lines() {
        if in_xml_comment(raw, &mut xml) {
            continue;
        }
        let line = content(raw);
        let (story, phrase) = match line.strip_prefix('+') {
            Some(p) => (true, p),
            None => (false, line),
        };
        let w = words(&phrase.replace('_', " "));
        if w.is_empty() {
            continue;
        }
        if story {
            out.story.push(w);
        } else {
            out.sentence.push(w);
        }
    }
    out
}

impl Discards {
    /// Number of phrases.
    pub fn len(&self) -> usize {
        self.sentence.len() + self.story.len()
    }

    /// True when there are none.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Adds another list.
    pub fn extend(&mut self, other: Discards) {
        self.sentence.extend(other.sentence);
        self.story.extend(other.story);
    }

    /// True when `text` contains one of the phrases (whole words, any case).
    pub fn matches(&self, text: &str) -> bool {
        let t = words(text);
        self.sentence
            .iter()
            .chain(&self.story)
            .any(|p| t.windows(p.len()).any(|w| w == p.as_slice()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn discards_match_whole_words() {
        let d = read_discards(
            Path::new("d.txt"),
            "# c\nCHESS MATCH\n+FOOTBALL_LEAGUE # x\n",
        );
        assert_eq!((d.sentence.len(), d.story.len()), (1, 1));
        assert!(d.matches("The chess match ended."));
        assert!(d.matches("a Football League game"));
        assert!(!d.matches("chessmatch"));
    }
}
