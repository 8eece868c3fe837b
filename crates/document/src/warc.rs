//! A streaming WARC reader (WARC/1.0 and 1.1, as Common Crawl and CC-NEWS write them)
//! and the parsing of the HTTP responses stored in `response` records.
//!
//! Records are read one at a time from any `BufRead`, so a multi-gigabyte `.warc.gz`
//! never sits in memory. A block larger than the limit is skipped without being kept.

use std::io::{self, BufRead, Read};

/// One WARC record: its named fields and its content block.
#[derive(Debug, Default)]
pub(crate) struct Record {
    /// Header fields, names as written.
    pub fields: Vec<(String, String)>,
    /// The content block (empty when it was over the size limit).
    pub block: Vec<u8>,
    /// The block was over the size limit and was skipped.
    pub oversized: bool,
}

impl Record {
    /// The value of a header field (names compare case-insensitively).
    pub fn field(&self, name: &str) -> Option<&str> {
        self.fields
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
}

/// Why reading stopped early.
#[derive(Debug)]
pub(crate) enum WarcError {
    /// The input ended inside a record, or the (gzip) stream is corrupt.
    Truncated(io::Error),
    /// The record does not start with a `WARC/` version line or has no usable
    /// `Content-Length`.
    Malformed(String),
}

/// Reads one line (up to `\n`) into `buf`, at most `limit` bytes; returns 0 at the end.
fn read_line_limited<R: BufRead + ?Sized>(
    r: &mut R,
    buf: &mut Vec<u8>,
    limit: u64,
) -> io::Result<usize> {
    buf.clear();
    Read::take(&mut *r, limit).read_until(b'\n', buf)
}

fn trim_eol(line: &[u8]) -> &[u8] {
    let line = line.strip_suffix(b"\n").unwrap_or(line);
    line.strip_suffix(b"\r").unwrap_or(line)
}

/// Reads the next record; `Ok(None)` at a clean end of input.
pub(crate) fn next_record<R: BufRead + ?Sized>(
    r: &mut R,
    max_block: u64,
) -> Result<Option<Record>, WarcError> {
    let mut line = Vec::new();
    // Skip the blank lines that separate records.
    loop {
        let n = read_line_limited(r, &mut line, 64 * 1024).map_err(WarcError::Truncated)?;
        if n == 0 {
            return Ok(None);
        }
        if !trim_eol(&line).iter().all(u8::is_ascii_whitespace) {
            break;
        }
    }
    if !line.starts_with(b"WARC/") {
        let shown = String::from_utf8_lossy(&line[..line.len().min(40)]).into_owned();
        return Err(WarcError::Malformed(format!(
            "expected a WARC/ version line, found {:?}",
            shown.trim_end()
        )));
    }
    let mut rec = Record::default();
    loop {
        let n = read_line_limited(r, &mut line, 64 * 1024).map_err(WarcError::Truncated)?;
        if n == 0 {
            return Err(WarcError::Truncated(io::Error::new(
                io::ErrorKind::UnexpectedEof,
                "input ends inside a record header",
            )));
        }
        let l = trim_eol(&line);
        if l.is_empty() {
            break;
        }
        if rec.fields.len() >= 1000 {
            return Err(WarcError::Malformed("more than 1000 header fields".into()));
        }
        let text = String::from_utf8_lossy(l);
        if let Some((k, v)) = text.split_once(':') {
            rec.fields
                .push((k.trim().to_string(), v.trim().to_string()));
        }
    }
    let len: u64 = rec
        .field("Content-Length")
        .and_then(|v| v.parse().ok())
        .ok_or_else(|| WarcError::Malformed("missing or bad Content-Length".into()))?;
    if len > max_block {
        let skipped = io::copy(&mut Read::take(&mut *r, len), &mut io::sink())
            .map_err(WarcError::Truncated)?;
        if skipped < len {
            return Err(eof_in_block());
        }
        rec.oversized = true;
        return Ok(Some(rec));
    }
    let got = Read::take(&mut *r, len)
        .read_to_end(&mut rec.block)
        .map_err(WarcError::Truncated)?;
    if (got as u64) < len {
        return Err(eof_in_block());
    }
    Ok(Some(rec))
}

fn eof_in_block() -> WarcError {
    WarcError::Truncated(io::Error::new(
        io::ErrorKind::UnexpectedEof,
        "input ends inside a record's content",
    ))
}

/// An HTTP response as stored in a `response` record.
#[derive(Debug)]
pub(crate) struct Response<'a> {
    /// The status code (0 when the status line is unreadable).
    pub status: u16,
    /// Header fields.
    pub headers: Vec<(String, String)>,
    /// The payload, de-chunked and decompressed when the headers say so.
    pub body: std::borrow::Cow<'a, [u8]>,
}

impl Response<'_> {
    /// The value of a header (names compare case-insensitively).
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
}

/// Parses the HTTP response in a record's block.
pub(crate) fn parse_response(block: &[u8]) -> Response<'_> {
    let (head, body) = match find(block, b"\r\n\r\n") {
        Some(i) => (&block[..i], &block[i + 4..]),
        None => match find(block, b"\n\n") {
            Some(i) => (&block[..i], &block[i + 2..]),
            None => (block, &block[block.len()..]),
        },
    };
    let head = String::from_utf8_lossy(head);
    let mut lines = head.lines();
    let status = lines
        .next()
        .and_then(|l| l.split_whitespace().nth(1))
        .and_then(|c| c.parse().ok())
        .unwrap_or(0);
    let headers: Vec<(String, String)> = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(k, v)| (k.trim().to_string(), v.trim().to_string()))
        .collect();
    let mut resp = Response {
        status,
        headers,
        body: std::borrow::Cow::Borrowed(body),
    };
    if resp
        .header("Transfer-Encoding")
        .is_some_and(|v| v.eq_ignore_ascii_case("chunked"))
    {
        if let Some(plain) = dechunk(&resp.body) {
            resp.body = std::borrow::Cow::Owned(plain);
        }
    }
    if resp
        .header("Content-Encoding")
        .is_some_and(|v| v.eq_ignore_ascii_case("gzip") || v.eq_ignore_ascii_case("x-gzip"))
    {
        let mut plain = Vec::new();
        if flate2::read::MultiGzDecoder::new(&resp.body[..])
            .take(256 << 20)
            .read_to_end(&mut plain)
            .is_ok()
        {
            resp.body = std::borrow::Cow::Owned(plain);
        }
    }
    resp
}

fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).position(|w| w == needle)
}

/// Decodes `Transfer-Encoding: chunked`; `None` when the body is not validly chunked
/// (Common Crawl stores most payloads already de-chunked but keeps the header).
fn dechunk(mut body: &[u8]) -> Option<Vec<u8>> {
    let mut out = Vec::with_capacity(body.len());
    loop {
        let eol = find(body, b"\r\n")?;
        let size_text = std::str::from_utf8(&body[..eol]).ok()?;
        let size_text = size_text.split(';').next()?.trim();
        let size = usize::from_str_radix(size_text, 16).ok()?;
        body = &body[eol + 2..];
        if size == 0 {
            return Some(out);
        }
        out.extend_from_slice(body.get(..size)?);
        body = body.get(size..)?;
        body = body.strip_prefix(b"\r\n").unwrap_or(body);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn records_and_responses() {
        let body = "<html><p>Hi</p></html>";
        let http =
            format!("HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\n\r\n{body}");
        let warc = format!(
            "WARC/1.0\r\nWARC-Type: warcinfo\r\nContent-Length: 3\r\n\r\nabc\r\n\r\n\
             WARC/1.0\r\nWARC-Type: response\r\nContent-Length: {}\r\n\r\n{http}\r\n\r\n",
            http.len()
        );
        let mut r = warc.as_bytes();
        let a = next_record(&mut r, 1 << 20).unwrap().unwrap();
        assert_eq!(a.field("warc-type"), Some("warcinfo"));
        let b = next_record(&mut r, 1 << 20).unwrap().unwrap();
        let resp = parse_response(&b.block);
        assert_eq!(resp.status, 200);
        assert_eq!(
            resp.header("content-type"),
            Some("text/html; charset=utf-8")
        );
        assert_eq!(&resp.body[..], body.as_bytes());
        assert!(next_record(&mut r, 1 << 20).unwrap().is_none());
    }

    #[test]
    fn oversized_blocks_are_skipped_and_short_ones_are_truncated() {
        let warc = "WARC/1.0\r\nContent-Length: 10\r\n\r\n0123456789\r\n\r\nWARC/1.0\r\nContent-Length: 10\r\n\r\n0123";
        let mut r = warc.as_bytes();
        let a = next_record(&mut r, 4).unwrap().unwrap();
        assert!(a.oversized && a.block.is_empty());
        assert!(matches!(
            next_record(&mut r, 4),
            Err(WarcError::Truncated(_))
        ));
        let mut r = &b"garbage\r\n"[..];
        assert!(matches!(
            next_record(&mut r, 4),
            Err(WarcError::Malformed(_))
        ));
    }

    #[test]
    fn chunked_bodies_are_decoded() {
        assert_eq!(
            dechunk(b"5\r\nhello\r\n6\r\n world\r\n0\r\n\r\n").as_deref(),
            Some(&b"hello world"[..])
        );
        assert_eq!(dechunk(b"<html>"), None);
    }
}
