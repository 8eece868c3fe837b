//! Property tests: tokenizing never panics and always yields well-formed output.

use entente_text::{tokenize, words, Tokenized, MAX_SENTENCE_WORDS};
use proptest::prelude::*;

/// Checks every structural invariant of a tokenization of `text`.
fn check(text: &str, t: &Tokenized) -> Result<(), TestCaseError> {
    let mut prev_end = 0;
    for (k, w) in t.words.iter().enumerate() {
        prop_assert!(w.span.start < w.span.end, "empty word");
        prop_assert!(
            w.span.start >= prev_end,
            "words overlap or are out of order"
        );
        prop_assert!(text.is_char_boundary(w.span.start) && text.is_char_boundary(w.span.end));
        let form = w.form(text);
        prop_assert!(
            !form.chars().any(|c| c.is_whitespace() || c.is_control()),
            "whitespace or control character in {:?}",
            form
        );
        if k > 0 {
            let prev = &t.words[k - 1];
            prop_assert!(w.token == prev.token || w.token == prev.token.wrapping_add(1));
            if w.token == prev.token {
                prop_assert_eq!(prev.span.end, w.span.start, "gap inside a multi-word token");
            }
        }
        prev_end = w.span.end;
    }
    let mut next = 0;
    for s in &t.sentences {
        prop_assert_eq!(s.first_word, next);
        prop_assert!(s.end_word > s.first_word);
        prop_assert!(s.end_word - s.first_word <= MAX_SENTENCE_WORDS);
        prop_assert_eq!(s.span.start, t.words[s.first_word].span.start);
        prop_assert_eq!(s.span.end, t.words[s.end_word - 1].span.end);
        next = s.end_word;
    }
    prop_assert_eq!(next, t.words.len(), "sentences must cover all words");
    Ok(())
}

/// Fragments that exercise the tokenizer's special cases when glued together.
fn fragment() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("don't".to_string()),
        Just("’s".to_string()),
        Just("'".to_string()),
        Just("U.S.".to_string()),
        Just("Mr.".to_string()),
        Just("No.".to_string()),
        Just("$40billion".to_string()),
        Just("1,000".to_string()),
        Just("3.5%".to_string()),
        Just("e-mail".to_string()),
        Just("-".to_string()),
        Just("--".to_string()),
        Just("...".to_string()),
        Just("…".to_string()),
        Just(".".to_string()),
        Just("?!".to_string()),
        Just("\"".to_string()),
        Just("“".to_string()),
        Just("http://x.org/a".to_string()),
        Just("www.".to_string()),
        Just("a@b.c".to_string()),
        Just("@".to_string()),
        Just("#".to_string()),
        Just(":)".to_string()),
        Just("👍🏽".to_string()),
        Just("\u{200D}".to_string()),
        Just("\u{301}".to_string()),
        Just("\u{0}".to_string()),
        Just(" ".to_string()),
        Just("\n".to_string()),
        Just("\n\n".to_string()),
        Just("\r".to_string()),
        Just("    ".to_string()),
        "[a-zA-Z]{1,12}",
        "[0-9]{1,5}",
        any::<char>().prop_map(String::from),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    #[test]
    fn arbitrary_strings(text in any::<String>()) {
        let t = tokenize(&text);
        check(&text, &t)?;
        prop_assert_eq!(words(&text), t.words);
    }

    #[test]
    fn glued_fragments(parts in prop::collection::vec(fragment(), 0..80)) {
        let text = parts.concat();
        check(&text, &tokenize(&text))?;
    }

    #[test]
    fn spaced_fragments(parts in prop::collection::vec(fragment(), 0..300)) {
        let text = parts.join(" ");
        check(&text, &tokenize(&text))?;
    }

    #[test]
    fn wrapped_lines(lines in prop::collection::vec("[a-z ,.]{0,80}", 0..40)) {
        let text = lines.join("\n");
        check(&text, &tokenize(&text))?;
    }
}
