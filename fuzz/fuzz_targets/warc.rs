//! Fuzz target: arbitrary bytes through the WARC reader, both as a whole archive and as
//! the HTTP response inside one well-formed record (so headers, chunked bodies, gzip
//! payloads and HTML extraction are reached quickly). Nothing may panic, and reading
//! must end.
#![no_main]

use entente_document::{read_bytes, InputKind, Item, ReadOptions};
use libfuzzer_sys::fuzz_target;

fn check(bytes: &[u8]) {
    let opts = ReadOptions {
        max_page_bytes: 1 << 20,
        ..ReadOptions::default()
    };
    read_bytes("f", "fuzz", Some(InputKind::Warc), bytes, &opts, &mut |item| {
        if let Item::Doc(d) = item {
            assert!(d.origin.starts_with("fuzz:record "));
            assert!(d.id.starts_with("f-"));
        }
    });
}

fuzz_target!(|data: &[u8]| {
    check(data);
    let mut rec = format!(
        "WARC/1.0\r\nWARC-Type: response\r\nWARC-Target-URI: http://x.example/a\r\n\
         WARC-Date: 2024-01-02T03:04:05Z\r\nContent-Length: {}\r\n\r\n",
        data.len()
    )
    .into_bytes();
    rec.extend_from_slice(data);
    rec.extend_from_slice(b"\r\n\r\n");
    check(&rec);
});
