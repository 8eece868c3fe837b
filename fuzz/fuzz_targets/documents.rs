//! Fuzz target: arbitrary bytes through the document readers (text, JSON Lines, HTML) and
//! the line cleaner; offsets must stay inside the text.
#![no_main]

use entente_document::{noise_lines, read_reader, InputKind};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    for kind in [InputKind::Text, InputKind::JsonLines, InputKind::Html] {
        read_reader("f", "fuzz", kind, data.to_vec(), &mut |d| {
            if let Ok(doc) = d {
                for s in noise_lines(&doc.text) {
                    assert!(s.start <= s.end && s.end <= doc.text.len());
                    assert!(doc.text.is_char_boundary(s.start) && doc.text.is_char_boundary(s.end));
                }
            }
        }, &mut |_| {});
    }
});
