//! Language identification, so that non-English documents are skipped rather than coded
//! as if they were English. Uses `whatlang` (trigram profiles of 69 languages, no model
//! files, microseconds per document).

use whatlang::{Lang, Script};

/// What language a document is in, as far as coding is concerned.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Language {
    /// English, or text too short or mixed to tell that is written in Latin script and
    /// not declared as something else: it is coded.
    English,
    /// Another language: the document is skipped.
    Other {
        /// ISO 639-3 code, e.g. `deu`.
        code: &'static str,
        /// The language's English name, e.g. `German`.
        name: &'static str,
    },
}

/// Identifies the language of `text` (its first 4 KB are enough). `declared` is what the
/// page says (`<html lang>`), used only when the text alone is not conclusive.
///
/// A document is `Other` when the detector is confident of a language that is not
/// English, when it is written in a script English does not use (Cyrillic, Arabic, Han,
/// ...), or when the detector leans away from English and the page declares another
/// language.
pub fn identify_language(text: &str, declared: Option<&str>) -> Language {
    let mut end = text.len().min(4096);
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    let sample = &text[..end];
    if english_function_words(sample) {
        return Language::English;
    }
    let Some(info) = whatlang::detect(sample) else {
        return Language::English;
    };
    if info.lang() == Lang::Eng {
        return Language::English;
    }
    let other = Language::Other {
        code: info.lang().code(),
        name: info.lang().eng_name(),
    };
    let declared_other = declared.is_some_and(|d| {
        let d = d.trim().to_ascii_lowercase();
        !d.is_empty() && !d.starts_with("en")
    });
    if info.script() != Script::Latin || info.is_reliable() || declared_other {
        other
    } else {
        Language::English
    }
}

/// Frequent English words that are not also frequent words of other languages written
/// in Latin script (so no `in`, `an`, `was`, `is`, `a`, `die`).
const FUNCTION_WORDS: [&str; 24] = [
    "the", "of", "and", "to", "said", "for", "that", "with", "from", "which", "would", "they",
    "their", "been", "were", "has", "have", "this", "by", "it", "its", "after", "but", "will",
];

/// Whether at least one word in eight is an English function word: trigram detectors
/// misjudge short English texts with many names ("Vitronics Corp said it plans to
/// establish a plant in Plymouth, England"), never this.
fn english_function_words(text: &str) -> bool {
    let (mut words, mut hits) = (0usize, 0usize);
    for w in text
        .split(|c: char| !c.is_alphabetic())
        .filter(|w| !w.is_empty())
    {
        words += 1;
        if w.len() <= 5 && FUNCTION_WORDS.iter().any(|f| f.eq_ignore_ascii_case(w)) {
            hits += 1;
        }
    }
    hits >= 2 && hits * 8 >= words
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn english_and_others() {
        let en = "The government said on Monday that it would send troops to the border after \
                  clashes that killed three people over the weekend.";
        assert_eq!(identify_language(en, None), Language::English);
        let de = "Die Regierung teilte am Montag mit, sie werde nach den Zusammenstößen am \
                  Wochenende, bei denen drei Menschen getötet wurden, Truppen an die Grenze schicken.";
        assert_eq!(
            identify_language(de, Some("en")),
            Language::Other {
                code: "deu",
                name: "German"
            }
        );
        let ru = "Правительство заявило в понедельник, что направит войска к границе.";
        assert!(matches!(
            identify_language(ru, None),
            Language::Other { code: "rus", .. }
        ));
        let en = "Vitronics Corp said it plans to establish a plant in Plymouth, England, to serve European customers.";
        assert_eq!(identify_language(en, None), Language::English);
        let fr = "Le gouvernement a annoncé lundi qu'il enverrait des troupes à la frontière après des affrontements qui ont fait trois morts ce week-end.";
        assert!(matches!(
            identify_language(fr, None),
            Language::Other { code: "fra", .. }
        ));
        // Too short to tell, Latin script, nothing declared: coded.
        assert_eq!(
            identify_language("Iran protested.", None),
            Language::English
        );
        assert_eq!(identify_language("", None), Language::English);
    }
}
