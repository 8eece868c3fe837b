//! Fuzz target: arbitrary bytes through the CoNLL-U reader, and what parses back through the writer.
#![no_main]

use entente_conllu::{write_sentence, Reader};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let mut out = Vec::new();
    for sentence in Reader::new(data, "fuzz").flatten() {
        // Writing to a Vec cannot fail; a panic in either step is the bug we look for.
        let _ = write_sentence(&mut out, &sentence);
    }
    // What was written must read back without errors.
    for item in Reader::new(&out[..], "fuzz-rewrite") {
        assert!(item.is_ok(), "rewritten output failed to parse: {item:?}");
    }
});
