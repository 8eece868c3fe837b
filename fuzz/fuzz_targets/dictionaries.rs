//! Fuzz target: arbitrary text through the actor and verb dictionary loaders, and any
//! dictionary that loads through phrase lookup.
#![no_main]

use std::path::Path;

use entente_actors::Dictionary;
use entente_coder::VerbDict;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let (dict, _errors) = Dictionary::from_sources_lenient([(Path::new("fuzz.txt"), &*text)]);
    let tokens: Vec<&str> = text.split_whitespace().take(64).collect();
    for m in dict.find(&tokens) {
        assert!(m.start < m.end && m.end <= tokens.len());
        let _ = m.entry.code_on(None);
    }
    let _ = VerbDict::from_sources_lenient([(Path::new("fuzz.txt"), &*text)]);
});
