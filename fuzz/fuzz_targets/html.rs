//! Fuzz target: arbitrary bytes through charset detection, HTML sniffing and article
//! extraction; nothing may panic, and the text is well-formed.
#![no_main]

use entente_extract::{decode, extract, looks_like_html};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let _ = looks_like_html(data);
    let d = decode(data, Some("text/html; charset=utf-8"));
    assert!(!d.encoding.is_empty());
    let a = extract(data, Some("https://fuzz.example/2024/01/02/page"));
    assert!(!a.text.starts_with(char::is_whitespace) && !a.text.ends_with(char::is_whitespace));
    if let Some(date) = &a.date {
        assert_eq!(date.len(), 10);
    }
});
