//! Bytes to text: the charset from a byte-order mark, the HTTP header, the page's own
//! `<meta>` declaration, or a guess.

use encoding_rs::{Encoding, UTF_8};

/// A page decoded to text.
#[derive(Debug, Clone)]
pub struct Decoded {
    /// The text; bytes that the encoding cannot map are replaced by U+FFFD.
    pub text: String,
    /// The WHATWG name of the encoding used, e.g. `"UTF-8"` or `"windows-1252"`.
    pub encoding: &'static str,
    /// Set when the charset was guessed, or the declared one did not fit the bytes.
    pub warning: Option<String>,
}

/// How many leading bytes are searched for a `<meta charset>` declaration.
const PRESCAN: usize = 4096;

/// Decodes a page: a byte-order mark wins, then the `charset=` of `content_type` (an HTTP
/// `Content-Type` value), then `<meta charset>` or `<meta http-equiv>` in the first 4 KiB,
/// then valid UTF-8, then a statistical guess (chardetng). ISO-8859-1 is read as
/// windows-1252, as browsers do.
pub fn decode(bytes: &[u8], content_type: Option<&str>) -> Decoded {
    if let Some((enc, bom_len)) = Encoding::for_bom(bytes) {
        return finish(enc, &bytes[bom_len..], None);
    }
    let declared = content_type
        .and_then(charset_of_content_type)
        .or_else(|| meta_charset(&bytes[..bytes.len().min(PRESCAN)]));
    if let Some(enc) = declared {
        // A page declared UTF-16 but without a BOM is really ASCII-compatible.
        let enc = if enc == encoding_rs::UTF_16LE || enc == encoding_rs::UTF_16BE {
            UTF_8
        } else {
            enc
        };
        let (text, had_errors) = enc.decode_without_bom_handling(bytes);
        if !had_errors {
            return Decoded {
                text: text.into_owned(),
                encoding: enc.name(),
                warning: None,
            };
        }
        // The declaration is wrong: fall through to the guess, and say so.
        let guessed = guess(bytes);
        let warning = format!(
            "declared charset {} does not fit the bytes; decoded as {}",
            enc.name(),
            guessed.name()
        );
        return finish(guessed, bytes, Some(warning));
    }
    if std::str::from_utf8(bytes).is_ok() {
        return finish(UTF_8, bytes, None);
    }
    let enc = guess(bytes);
    let warning = format!("no charset declared; guessed {}", enc.name());
    finish(enc, bytes, Some(warning))
}

fn finish(enc: &'static Encoding, bytes: &[u8], warning: Option<String>) -> Decoded {
    let (text, _) = enc.decode_without_bom_handling(bytes);
    Decoded {
        text: text.into_owned(),
        encoding: enc.name(),
        warning,
    }
}

fn guess(bytes: &[u8]) -> &'static Encoding {
    if std::str::from_utf8(bytes).is_ok() {
        return UTF_8;
    }
    let mut det = chardetng::EncodingDetector::new();
    det.feed(bytes, true);
    det.guess(None, true)
}

/// The encoding named by `charset=` in a `Content-Type` value.
fn charset_of_content_type(ct: &str) -> Option<&'static Encoding> {
    let lower = ct.to_ascii_lowercase();
    let at = lower.find("charset")?;
    let rest = lower[at + 7..].trim_start();
    let rest = rest.strip_prefix('=')?.trim_start();
    let rest = rest.trim_start_matches(['"', '\'']);
    let end = rest
        .find(|c: char| c == ';' || c == '"' || c == '\'' || c.is_whitespace())
        .unwrap_or(rest.len());
    Encoding::for_label(&rest.as_bytes()[..end])
}

/// The encoding declared by a `<meta charset=...>` or `<meta http-equiv="content-type"
/// content="...; charset=...">` in `head`.
fn meta_charset(head: &[u8]) -> Option<&'static Encoding> {
    let lower: Vec<u8> = head.iter().map(u8::to_ascii_lowercase).collect();
    let mut from = 0;
    while let Some(pos) = memchr::memmem::find(&lower[from..], b"<meta") {
        let start = from + pos;
        let end = memchr::memchr(b'>', &lower[start..]).map_or(lower.len(), |e| start + e);
        let tag = &lower[start..end];
        if let Some(at) = memchr::memmem::find(tag, b"charset") {
            let rest = &tag[at + 7..];
            let rest = trim_ascii_start(rest);
            if let Some(rest) = rest.strip_prefix(b"=") {
                let rest = trim_ascii_start(rest);
                let rest = rest
                    .strip_prefix(b"\"")
                    .or_else(|| rest.strip_prefix(b"'"))
                    .unwrap_or(rest);
                let len = rest
                    .iter()
                    .position(|&b| {
                        matches!(b, b'"' | b'\'' | b';' | b'/' | b' ' | b'\t' | b'\n' | b'\r')
                    })
                    .unwrap_or(rest.len());
                if let Some(enc) = Encoding::for_label(&rest[..len]) {
                    return Some(enc);
                }
            }
        }
        from = end.max(start + 1);
        if from >= lower.len() {
            break;
        }
    }
    None
}

fn trim_ascii_start(b: &[u8]) -> &[u8] {
    let n = b.iter().take_while(|c| c.is_ascii_whitespace()).count();
    &b[n..]
}

/// Whether `bytes` start like a binary file: a known magic number, a NUL byte or many
/// control bytes in the first 2 KiB (UTF-16 text with a byte-order mark is not binary).
pub(crate) fn is_binary(bytes: &[u8]) -> bool {
    if Encoding::for_bom(bytes).is_some_and(|(enc, _)| enc != UTF_8) {
        return false;
    }
    let head = &bytes[..bytes.len().min(2048)];
    const MAGIC: [&[u8]; 8] = [
        b"%PDF",
        b"PK\x03\x04",
        b"\x1f\x8b",
        b"\x89PNG",
        b"GIF8",
        b"\xff\xd8\xff",
        b"\x28\xb5\x2f\xfd",
        b"WARC/",
    ];
    if MAGIC.iter().any(|m| head.starts_with(m)) {
        return true;
    }
    let control = head
        .iter()
        .filter(|&&b| b < 0x09 || (b > 0x0d && b < 0x20 && b != 0x1b))
        .count();
    head.contains(&0) || control * 50 > head.len()
}

/// Whether `bytes` look like an HTML page rather than a binary file or plain text:
/// nothing binary near the start (see the magic numbers and control bytes refused),
/// and a tag HTML pages open with in the first 2 KiB.
pub fn looks_like_html(bytes: &[u8]) -> bool {
    let bytes = match Encoding::for_bom(bytes) {
        Some((enc, n)) if enc == UTF_8 => &bytes[n..],
        // UTF-16 pages are rare; decode the head to check.
        Some((enc, n)) => {
            let end = bytes.len().min(4096);
            let (text, _) = enc.decode_without_bom_handling(&bytes[n..end]);
            return looks_like_html(text.as_bytes());
        }
        None => bytes,
    };
    if is_binary(bytes) {
        return false;
    }
    let head = &bytes[..bytes.len().min(2048)];
    let lower: Vec<u8> = head.iter().map(u8::to_ascii_lowercase).collect();
    const OPENERS: [&[u8]; 9] = [
        b"<!doctype html",
        b"<html",
        b"<head",
        b"<body",
        b"<meta",
        b"<title",
        b"<div",
        b"<p>",
        b"<article",
    ];
    OPENERS
        .iter()
        .any(|m| memchr::memmem::find(&lower, m).is_some())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bom_header_meta_and_guess() {
        assert_eq!(decode(b"\xef\xbb\xbfcaf\xc3\xa9", None).text, "caf\u{e9}");
        let d = decode(b"caf\xe9", Some("text/html; charset=ISO-8859-1"));
        assert_eq!((d.text.as_str(), d.encoding), ("caf\u{e9}", "windows-1252"));
        let page = b"<html><head><meta charset=\"windows-1252\"></head><body>na\xefve \x93quoted\x94</body>";
        let d = decode(page, None);
        assert!(
            d.text.contains("na\u{ef}ve \u{201c}quoted\u{201d}"),
            "{}",
            d.text
        );
        assert!(d.warning.is_none());
        let d = decode(
            b"<p>caf\xe9 cr\xe8me br\xfbl\xe9e, une sp\xe9cialit\xe9 fran\xe7aise</p>",
            None,
        );
        assert_eq!(d.encoding, "windows-1252");
        assert!(d.warning.is_some());
    }

    #[test]
    fn wrong_declaration_is_corrected_with_a_warning() {
        let page = b"<meta charset=utf-8><p>Caf\xe9 cr\xe8me, the menu of the caf\xe9 na\xefve</p>";
        let d = decode(page, None);
        assert_eq!(d.encoding, "windows-1252");
        assert!(d.text.contains("Caf\u{e9} cr\u{e8}me"));
        assert!(d.warning.as_deref().is_some_and(|w| w.contains("UTF-8")));
    }

    #[test]
    fn sniffing() {
        assert!(looks_like_html(b"  <!DOCTYPE html><html>"));
        assert!(looks_like_html(b"<div>x</div>"));
        assert!(!looks_like_html(b"\x89PNG\r\n\x1a\n\0\0\0"));
        assert!(!looks_like_html(b"just some text"));
        assert!(!looks_like_html(b"<html>\0\0\0\x01\x02"));
    }
}
