//! The readers on fixtures built here: a WARC archive (gzipped per record, then cut
//! short), zstd JSON Lines, a windows-1252 page, a binary file named `.html`, folders.

use std::io::Write;
use std::path::Path;

use chrono::NaiveDate;
use entente_document::{read_input, Document, Item, ReadOptions, SkipReason};

fn read_all(path: &Path) -> Vec<Item> {
    let mut items = Vec::new();
    read_input(path, &ReadOptions::default(), &mut |i| items.push(i));
    items
}

fn docs(items: &[Item]) -> Vec<&Document> {
    items
        .iter()
        .filter_map(|i| match i {
            Item::Doc(d) => Some(d),
            _ => None,
        })
        .collect()
}

fn failures(items: &[Item]) -> Vec<String> {
    items
        .iter()
        .filter_map(|i| match i {
            Item::Failed(e) => Some(e.to_string()),
            _ => None,
        })
        .collect()
}

fn page(headline: &str, body: &str) -> String {
    format!(
        "<!DOCTYPE html><html lang=\"en\"><head><title>{headline}</title></head><body>\
         <nav><a href=\"/\">Home</a> <a href=\"/world\">World</a></nav>\
         <article><h1>{headline}</h1><p>{body}</p>\
         <p>Officials said more talks were planned for next week in the capital.</p></article>\
         <footer>Copyright The Example Times</footer></body></html>"
    )
}

/// One WARC record, gzipped as its own member (as Common Crawl writes them).
fn record(kind: &str, uri: &str, block: &[u8]) -> Vec<u8> {
    let mut rec = format!(
        "WARC/1.0\r\nWARC-Type: {kind}\r\nWARC-Target-URI: {uri}\r\n\
         WARC-Date: 2024-03-05T06:07:08Z\r\nContent-Type: application/http; msgtype={kind}\r\n\
         Content-Length: {}\r\n\r\n",
        block.len()
    )
    .into_bytes();
    rec.extend_from_slice(block);
    rec.extend_from_slice(b"\r\n\r\n");
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
    gz.write_all(&rec).unwrap();
    gz.finish().unwrap()
}

fn response(status: &str, content_type: &str, body: &[u8]) -> Vec<u8> {
    let mut r = format!("HTTP/1.1 {status}\r\nContent-Type: {content_type}\r\n\r\n").into_bytes();
    r.extend_from_slice(body);
    r
}

fn build_warc() -> (Vec<u8>, Vec<usize>) {
    let mut members: Vec<Vec<u8>> = vec![
        record("warcinfo", "", b"software: entente tests\r\n"),
        record("request", "https://news.example/a", b"GET /a HTTP/1.1\r\n\r\n"),
        record(
            "response",
            "https://news.example/a",
            &response(
                "200 OK",
                "text/html; charset=utf-8",
                page(
                    "Talks resume",
                    "Negotiators from both countries met in Geneva on Monday to resume talks on a ceasefire.",
                )
                .as_bytes(),
            ),
        ),
        record(
            "response",
            "https://news.example/gone",
            &response("404 Not Found", "text/html", b"<html>not here</html>"),
        ),
        record(
            "response",
            "https://news.example/logo.png",
            &response("200 OK", "image/png", b"\x89PNG\r\n\x1a\n\0\0"),
        ),
    ];
    // A windows-1252 page whose charset only the HTTP header gives.
    let mut cp1252 = page(
        "Caf\u{e9} talks",
        "The minister said the \u{201c}caf\u{e9} diplomacy\u{201d} had worked and that the talks would go on.",
    )
    .replace('\u{e9}', "\u{1}")
    .replace('\u{201c}', "\u{2}")
    .replace('\u{201d}', "\u{3}")
    .into_bytes();
    for b in cp1252.iter_mut() {
        *b = match *b {
            1 => 0xe9,
            2 => 0x93,
            3 => 0x94,
            b => b,
        };
    }
    members.push(record(
        "response",
        "https://news.example/cafe",
        &response("200 OK", "text/html; charset=windows-1252", &cp1252),
    ));
    let mut bytes = Vec::new();
    let mut starts = Vec::new();
    for m in members {
        starts.push(bytes.len());
        bytes.extend_from_slice(&m);
    }
    (bytes, starts)
}

#[test]
fn warc_gz_keeps_html_responses_and_counts_the_rest() {
    let dir = tempfile::tempdir().unwrap();
    let (bytes, _) = build_warc();
    let path = dir.path().join("news.warc.gz");
    std::fs::write(&path, &bytes).unwrap();
    let items = read_all(&path);
    assert!(failures(&items).is_empty(), "{:?}", failures(&items));
    let d = docs(&items);
    assert_eq!(d.len(), 2);
    assert_eq!(d[0].url.as_deref(), Some("https://news.example/a"));
    assert_eq!(d[0].title.as_deref(), Some("Talks resume"));
    assert!(
        d[0].text.contains("Negotiators from both countries"),
        "{:?}",
        d[0].text
    );
    assert!(!d[0].text.contains("Copyright"));
    // No date in the page: the crawl date stands in.
    assert_eq!(d[0].date, NaiveDate::from_ymd_opt(2024, 3, 5));
    assert_eq!(d[0].id, "news-3");
    assert!(
        d[1].text.contains("\u{201c}caf\u{e9} diplomacy\u{201d}"),
        "{:?}",
        d[1].text
    );
    let skipped: Vec<SkipReason> = items
        .iter()
        .filter_map(|i| match i {
            Item::Skipped { reason, .. } => Some(*reason),
            _ => None,
        })
        .collect();
    assert_eq!(skipped, [SkipReason::HttpStatus(404), SkipReason::NotHtml]);
}

#[test]
fn truncated_warc_names_the_record_and_keeps_the_ones_before() {
    let dir = tempfile::tempdir().unwrap();
    let (bytes, starts) = build_warc();
    // Cut in the middle of the fourth member (the 404 response).
    let cut = (starts[3] + starts[4]) / 2;
    let path = dir.path().join("cut.warc.gz");
    std::fs::write(&path, &bytes[..cut]).unwrap();
    let items = read_all(&path);
    assert_eq!(docs(&items).len(), 1);
    let f = failures(&items);
    assert_eq!(f.len(), 1, "{f:?}");
    assert!(
        f[0].contains("cut.warc.gz") && f[0].contains("record 4"),
        "{}",
        f[0]
    );
    // The same archive uncompressed and cut inside a block.
    let mut plain = Vec::new();
    std::io::Read::read_to_end(
        &mut flate2::read::MultiGzDecoder::new(&bytes[..]),
        &mut plain,
    )
    .unwrap();
    let path = dir.path().join("cut.warc");
    std::fs::write(&path, &plain[..plain.len() - 40]).unwrap();
    let items = read_all(&path);
    assert_eq!(docs(&items).len(), 1);
    assert!(
        failures(&items)[0].contains("record 6"),
        "{:?}",
        failures(&items)
    );
}

#[test]
fn zstd_json_lines_with_field_names() {
    let dir = tempfile::tempdir().unwrap();
    let jsonl =
        "{\"uuid\":\"x1\",\"body\":\"Iran protested on Monday.\",\"published\":\"2022-02-03\"}\n\
                 {\"uuid\":\"x2\",\"body\":\"Chile and Peru signed a trade pact.\"}\n";
    let path = dir.path().join("dump.jsonl.zst");
    let z = ruzstd::encoding::compress_to_vec(
        jsonl.as_bytes(),
        ruzstd::encoding::CompressionLevel::Fastest,
    );
    std::fs::write(&path, z).unwrap();
    let mut opts = ReadOptions::default();
    opts.json.id = "uuid".into();
    opts.json.text = "body".into();
    opts.json.date = "published".into();
    let mut items = Vec::new();
    read_input(&path, &opts, &mut |i| items.push(i));
    let d = docs(&items);
    assert_eq!(d.len(), 2, "{items:?}");
    assert_eq!(d[0].id, "x1");
    assert_eq!(d[0].date, NaiveDate::from_ymd_opt(2022, 2, 3));
    assert_eq!(d[1].text, "Chile and Peru signed a trade pact.");
    // A file named .zst that is not zstd is one failure, not a panic.
    let bad = dir.path().join("bad.jsonl.zst");
    std::fs::write(&bad, b"{\"id\":1}").unwrap();
    assert!(failures(&read_all(&bad))[0].contains("not a zstd file"));
}

#[test]
fn html_files_plain_and_gzipped_and_binary_refused() {
    let dir = tempfile::tempdir().unwrap();
    let html = page(
        "Border reopens",
        "The border crossing reopened on Friday after a week of closures, officials said.",
    );
    std::fs::write(dir.path().join("a.html"), &html).unwrap();
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
    gz.write_all(html.as_bytes()).unwrap();
    std::fs::create_dir(dir.path().join("sub")).unwrap();
    std::fs::write(dir.path().join("sub/b.htm.gz"), gz.finish().unwrap()).unwrap();
    std::fs::write(dir.path().join("c.html"), b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR").unwrap();
    std::fs::write(dir.path().join("ignored.pdf"), b"%PDF-1.4").unwrap();
    std::fs::write(dir.path().join("d.txt"), "Title\n\nRussia warned Japan.").unwrap();
    let items = read_all(dir.path());
    let d = docs(&items);
    let ids: Vec<&str> = d.iter().map(|d| d.id.as_str()).collect();
    assert_eq!(ids, ["a", "d", "b"]);
    assert_eq!(d[0].title.as_deref(), Some("Border reopens"));
    assert_eq!(d[0].language.as_deref(), Some("en"));
    assert!(
        d[2].text.starts_with("The border crossing reopened"),
        "{:?}",
        d[2].text
    );
    let f = failures(&items);
    assert_eq!(f.len(), 1);
    assert!(
        f[0].contains("c.html") && f[0].contains("binary"),
        "{}",
        f[0]
    );
}

#[test]
fn missing_files_and_corrupt_gzip_are_one_failure_each() {
    let dir = tempfile::tempdir().unwrap();
    assert!(failures(&read_all(&dir.path().join("none.txt")))[0].contains("cannot read"));
    let path = dir.path().join("x.jsonl.gz");
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
    for i in 0..2000 {
        writeln!(
            gz,
            "{{\"id\":{i},\"text\":\"Story number {i} about the talks.\"}}"
        )
        .unwrap();
    }
    let bytes = gz.finish().unwrap();
    std::fs::write(&path, &bytes[..bytes.len() / 2]).unwrap();
    let items = read_all(&path);
    let n = docs(&items).len();
    assert!(n > 100 && n < 2000, "{n}");
    let f = failures(&items);
    assert_eq!(f.len(), 1, "{f:?}");
    assert!(f[0].contains("x.jsonl.gz") && f[0].contains("lines before it were kept"));
}

#[test]
fn unnamed_input_is_sniffed_gzip_warc_zstd_and_html() {
    use entente_document::read_bytes;
    let opts = ReadOptions::default();
    let (warc, _) = build_warc();
    let mut items = Vec::new();
    read_bytes("stdin", "<stdin>", None, &warc, &opts, &mut |i| {
        items.push(i)
    });
    assert_eq!(docs(&items).len(), 2);
    assert_eq!(docs(&items)[0].origin, "<stdin>:record 3");
    let html = page(
        "Vote",
        "Parliament approved the budget on Wednesday after a long debate.",
    );
    let z = ruzstd::encoding::compress_to_vec(
        html.as_bytes(),
        ruzstd::encoding::CompressionLevel::Fastest,
    );
    let mut items = Vec::new();
    read_bytes("stdin", "<stdin>", None, &z, &opts, &mut |i| items.push(i));
    let d = docs(&items);
    assert_eq!(d[0].title.as_deref(), Some("Vote"));
    assert!(
        d[0].text.starts_with("Parliament approved"),
        "{:?}",
        d[0].text
    );
}

#[test]
fn folders_keep_sorted_order_across_parallel_batches() {
    let dir = tempfile::tempdir().unwrap();
    for i in 0..70 {
        std::fs::write(
            dir.path().join(format!("{i:03}.txt")),
            format!("Story {i} about the talks."),
        )
        .unwrap();
    }
    std::fs::write(
        dir.path().join("050.jsonl"),
        "{\"id\":\"j\",\"text\":\"x\"}\n",
    )
    .unwrap();
    let items = read_all(dir.path());
    let ids: Vec<String> = docs(&items).iter().map(|d| d.id.clone()).collect();
    let mut expected: Vec<String> = (0..70).map(|i| format!("{i:03}")).collect();
    // "050.jsonl" sorts before "050.txt".
    expected.insert(50, "j".into());
    assert_eq!(ids, expected);
}
