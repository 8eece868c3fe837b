//! HTML pages as documents: the article text and metadata found by `entente-extract`.

use crate::input::{parse_day, DocError};
use crate::read::Document;

/// Whether the start of `bytes` is binary data rather than text in some encoding: NUL
/// bytes (outside UTF-16, which announces itself with a byte-order mark) or many control
/// bytes.
pub(crate) fn binary_head(bytes: &[u8]) -> bool {
    if bytes.starts_with(&[0xff, 0xfe]) || bytes.starts_with(&[0xfe, 0xff]) {
        return false;
    }
    let head = &bytes[..bytes.len().min(4096)];
    let control = head
        .iter()
        .filter(|&&b| b < 0x09 || (b > 0x0d && b < 0x20 && b != 0x1b))
        .count();
    head.contains(&0) || control * 50 > head.len()
}

/// The document in an HTML page (as fetched, or from a file). `content_type` is the HTTP header, when the page came
/// with one (its charset wins over the page's own `<meta>`); `url` the page's address.
/// Returns the document and a warning about its decoding, if any. Binary data is
/// refused; text without markup is read as plain text.
pub fn read_html(
    id: &str,
    origin: &str,
    bytes: &[u8],
    content_type: Option<&str>,
    url: Option<&str>,
) -> Result<(Document, Option<String>), DocError> {
    let looks_html = entente_extract::looks_like_html(bytes);
    if !looks_html && binary_head(bytes) {
        return Err(DocError {
            origin: origin.to_string(),
            message: "binary data, not an HTML page; skipped".to_string(),
        });
    }
    let decoded = entente_extract::decode(bytes, content_type);
    let warning = decoded.warning.map(|w| format!("{origin}: {w}"));
    if !looks_html {
        let mut d = Document::from_text(id, &decoded.text);
        d.origin = origin.to_string();
        d.url = url.map(str::to_string);
        return Ok((d, warning));
    }
    let a = entente_extract::extract_str(&decoded.text, url);
    let mut d = Document::from_text(id, &a.text);
    // The body's first paragraph is not a title: the page says what its headline is.
    d.title = a.title;
    if let Some(day) = a.date.as_deref().and_then(parse_day) {
        d.date = Some(day);
    }
    d.url = a.url.or_else(|| url.map(str::to_string));
    d.source = a.site;
    d.author = a.author;
    d.language = a.language;
    d.origin = origin.to_string();
    Ok((d, warning))
}
