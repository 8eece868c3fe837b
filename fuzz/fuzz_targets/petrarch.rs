//! Fuzz target: arbitrary text through the PETRARCH-2 dictionary translators and the
//! validation-file reader.
#![no_main]

use std::path::Path;

use entente_petrarch::{parse_validation, read_discards, translate_actors, translate_agents, translate_verbs};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let file = Path::new("fuzz.txt");
    let _ = translate_actors(file, &text);
    let _ = translate_agents(file, &text);
    let _ = translate_verbs(file, &text);
    let _ = read_discards(file, &text);
    let _ = parse_validation(&text, Path::new("."));
});
