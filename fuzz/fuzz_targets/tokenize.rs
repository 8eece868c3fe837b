//! Fuzzes `entente_text::tokenize` with arbitrary bytes (decoded lossily) and checks
//! the structural invariants of its output.
#![no_main]

use entente_text::{tokenize, MAX_SENTENCE_WORDS};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let text: &str = &text;
    let t = tokenize(text);

    let mut prev_end = 0;
    for (k, w) in t.words.iter().enumerate() {
        assert!(w.span.start < w.span.end, "empty word");
        assert!(
            w.span.start >= prev_end,
            "words overlap or are out of order"
        );
        assert!(text.is_char_boundary(w.span.start) && text.is_char_boundary(w.span.end));
        let form = w.form(text);
        assert!(!form.chars().any(|c| c.is_whitespace() || c.is_control()));
        if k > 0 {
            let prev = &t.words[k - 1];
            assert!(w.token == prev.token || w.token == prev.token.wrapping_add(1));
            if w.token == prev.token {
                assert_eq!(prev.span.end, w.span.start, "gap inside a multi-word token");
                assert!(!prev.space_after);
            }
        }
        prev_end = w.span.end;
    }

    let mut next = 0;
    for s in &t.sentences {
        assert_eq!(s.first_word, next, "sentences must be contiguous");
        assert!(s.end_word > s.first_word, "empty sentence");
        assert!(s.end_word - s.first_word <= MAX_SENTENCE_WORDS);
        assert_eq!(s.span.start, t.words[s.first_word].span.start);
        assert_eq!(s.span.end, t.words[s.end_word - 1].span.end);
        next = s.end_word;
    }
    assert_eq!(next, t.words.len(), "sentences must cover all words");
    assert_eq!(entente_text::words(text), t.words);
});
