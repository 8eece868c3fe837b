//! Main-text extraction from HTML pages: the article body and its metadata, without the
//! navigation, share bars, comments, related links and footers around it.
//!
//! The tour: [`decode`] turns the page's bytes into text (byte-order mark, HTTP header,
//! `<meta charset>`, then a guess); a forgiving tokenizer and tree builder read the
//! markup in one linear pass; the extractor drops chrome by tag, role and class/id
//! signals, scores blocks of text by length and link density, picks the container that
//! holds the article, and reads paragraphs out of it. [`extract`] does all of that and
//! returns an [`Article`]; [`looks_like_html`] refuses binary files before any of it.
//!
//! The parser is our own rather than a spec-complete HTML5 tree builder: extraction
//! needs elements, attributes and text, not the DOM a browser scripts, and a tokenizer
//! built on `memchr` keeps whole pages at hundreds of megabytes per second. It keeps the
//! HTML rules that change what text belongs together (implied ends of `p`, `li`, `td`)
//! and caps nesting depth, so broken or huge pages cost linear time.
//!
//! ```
//! let page = br#"<html lang="en"><head><title>Rain in Spain - The Daily</title>
//!   <meta property="article:published_time" content="2024-05-01T10:00:00Z"></head>
//!   <body><nav><a href="/">Home</a> <a href="/world">World</a></nav>
//!   <article><h1>Rain in Spain</h1>
//!   <p>Heavy rain fell on the plains of Spain on Tuesday, flooding roads and fields.</p>
//!   <p>Officials said the storm would move north by Thursday.</p></article>
//!   <footer>Copyright 2024 The Daily</footer></body></html>"#;
//! let article = entente_extract::extract(page, Some("https://daily.example/world/rain"));
//! assert_eq!(article.title.as_deref(), Some("Rain in Spain"));
//! assert_eq!(article.date.as_deref(), Some("2024-05-01"));
//! assert!(article.text.starts_with("Heavy rain fell"));
//! assert!(!article.text.contains("Copyright"));
//! ```
#![deny(missing_docs)]

mod decode;
mod dom;
mod extract;
mod lexer;
mod meta;

pub use decode::{decode, looks_like_html, Decoded};

use serde::Serialize;

/// An article found in an HTML page.
#[derive(Debug, Clone, Default, Serialize, PartialEq, Eq)]
pub struct Article {
    /// The headline.
    pub title: Option<String>,
    /// The cleaned article body: paragraphs separated by `"\n\n"`; the headline is not
    /// included.
    pub text: String,
    /// Publication date, `YYYY-MM-DD`.
    pub date: Option<String>,
    /// Author (byline), as written.
    pub author: Option<String>,
    /// Site name (`og:site_name`, or the host of the URL).
    pub site: Option<String>,
    /// Canonical URL if the page names one, else the URL given.
    pub url: Option<String>,
    /// Declared language (`<html lang>` or a `<meta>`), e.g. `"en"`.
    pub language: Option<String>,
}

/// Extracts the article from a page's bytes; the charset is detected with [`decode`].
/// `url` is the page's address, if known (used for the site name, relative canonical
/// links and dates in the path). Never fails: a page without an article yields an empty
/// `text`, and binary input (see [`looks_like_html`]) an empty [`Article`].
pub fn extract(html: &[u8], url: Option<&str>) -> Article {
    if decode::is_binary(html) {
        return Article::default();
    }
    let decoded = decode(html, None);
    extract_str(&decoded.text, url)
}

/// Like [`extract`], for a page already decoded to text.
pub fn extract_str(html: &str, url: Option<&str>) -> Article {
    let dom = dom::parse(html);
    let body = extract::article_text(&dom);
    meta::article(&dom, body, url)
}

/// Why a container was chosen: the ten best candidates, one a line, with their score,
/// visible characters, characters in links, and their path of tags with class and id.
pub fn explain(html: &[u8]) -> String {
    let decoded = decode(html, None);
    extract::explain(&dom::parse(&decoded.text))
}
