//! Extraction on small pages written for these tests: what is kept, what is dropped, and
//! the metadata found.

use entente_extract::{decode, extract, looks_like_html, Article};

fn page(name: &str) -> Vec<u8> {
    let path = format!("{}/tests/pages/{name}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

fn paragraphs(a: &Article) -> Vec<&str> {
    a.text.split("\n\n").collect()
}

#[test]
fn news_page_keeps_the_story_and_drops_the_chrome() {
    let a = extract(&page("news.html"), Some("https://herald.example/local/x"));
    let paras = paragraphs(&a);
    assert!(
        paras[0].starts_with("PORTHAVEN \u{2014} The harbour bridge reopened"),
        "{}",
        a.text
    );
    assert!(a.text.contains("\u{201c}It has been a long winter"));
    assert!(
        a.text.contains("Cyclists welcome new lane"),
        "subheadings belong to the story"
    );
    assert!(
        paras
            .last()
            .is_some_and(|p| p.starts_with("A separate cycle lane")),
        "{}",
        a.text
    );
    for chrome in [
        "Harbour bridge reopens after repairs", // the headline is not body text
        "Local",
        "Share on Social",
        "Advertisement",
        "Ferry timetable",
        "About time too",
        "Lifeboat crew",
        "All rights reserved",
        "not text",
        "color: red",
        "By Mira",
    ] {
        assert!(
            !a.text.contains(chrome),
            "{chrome:?} leaked into {:?}",
            a.text
        );
    }
    assert_eq!(
        a.title.as_deref(),
        Some("Harbour bridge reopens after repairs")
    );
    assert_eq!(a.date.as_deref(), Some("2024-03-07"));
    assert_eq!(a.author.as_deref(), Some("Mira Okafor"));
    assert_eq!(a.site.as_deref(), Some("The Coastal Herald"));
    assert_eq!(
        a.url.as_deref(),
        Some("https://herald.example/local/2024/03/07/harbour-bridge-reopens")
    );
    assert_eq!(a.language.as_deref(), Some("en"));
}

#[test]
fn windows_1252_page_with_meta_charset() {
    let bytes = page("cp1252.html");
    let d = decode(&bytes, None);
    assert_eq!(d.encoding, "windows-1252");
    assert!(d.warning.is_none());
    let a = extract(&bytes, None);
    assert!(a.text.contains("The caf\u{e9} on the square"), "{}", a.text);
    assert!(a.text.contains("\u{201c}local readers\u{201d}"));
    assert!(a.text.contains("cr\u{e8}me br\u{fb}l\u{e9}e"));
    assert_eq!(a.title.as_deref(), Some("Caf\u{e9} news"));
    // Without the declaration the bytes still decode, with a warning.
    let d = decode(
        b"<p>The caf\xe9 on the square re-opened with cr\xe8me br\xfbl\xe9e.</p>",
        None,
    );
    assert_eq!(d.encoding, "windows-1252");
    assert!(d.warning.is_some());
}

#[test]
fn json_ld_gives_date_authors_and_publisher() {
    let a = extract(&page("jsonld.html"), None);
    assert_eq!(a.date.as_deref(), Some("2023-11-02"));
    assert_eq!(a.author.as_deref(), Some("Ana Lima, Tom Reed"));
    assert_eq!(a.site.as_deref(), Some("Valley News"));
    assert_eq!(a.language.as_deref(), Some("en"));
    assert!(a.text.starts_with("The town council approved"));
    assert_eq!(paragraphs(&a).len(), 2);
}

#[test]
fn broken_markup_still_reads() {
    let a = extract(&page("broken.html"), None);
    let paras = paragraphs(&a);
    assert!(
        paras[0].starts_with("The storm brought down power lines"),
        "{}",
        a.text
    );
    assert!(paras[1].contains("to the worst-hit villages"), "{}", a.text);
    assert!(!a.text.contains("unterminated comment"));
    assert_eq!(paras.len(), 2, "{}", a.text);
}

#[test]
fn wire_dateline_dates_the_story() {
    let a = extract(&page("dateline.html"), None);
    assert_eq!(a.date.as_deref(), Some("2022-08-15"));
    assert!(
        a.text.starts_with("MOSCOW, Aug 15 (Reuters) - Russia"),
        "the dateline stays in the text"
    );
}

#[test]
fn binary_file_is_not_html() {
    assert!(!looks_like_html(&page("binary.html")));
    for name in [
        "news.html",
        "cp1252.html",
        "jsonld.html",
        "broken.html",
        "dateline.html",
    ] {
        assert!(looks_like_html(&page(name)), "{name}");
    }
    // Extracting it anyway yields no article.
    let a = extract(&page("binary.html"), None);
    assert_eq!(a, Article::default());
}

#[test]
fn huge_and_deep_pages_take_linear_time() {
    let mut big = String::from("<html><body><div class=story>");
    for i in 0..20_000 {
        big.push_str(&format!(
            "<p>Paragraph {i} of a very long page, with enough words to count as text.</p>"
        ));
    }
    big.push_str(&"<div>".repeat(50_000));
    big.push_str(&"<b><i>".repeat(20_000));
    let a = extract(big.as_bytes(), None);
    assert!(a.text.contains("Paragraph 19999 of"));
    assert!(a.text.starts_with("Paragraph 0 of"));
}
