//! Readers: plain text, JSON Lines, HTML pages, WARC archives; gzip and zstd; folders
//! (recursively) and standard input. Files stream: a JSON Lines dump or a WARC archive is
//! read one line or record at a time.

use std::fs::{self, File};
use std::io::{self, BufRead, BufReader, Read};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;

use chrono::NaiveDate;

use crate::html::read_html;
use crate::read::Document;
use crate::warc::{next_record, parse_response, WarcError};

/// A problem with one input; the run goes on with the others.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{origin}: {message}")]
pub struct DocError {
    /// `file`, `file:line` or `file:record N`.
    pub origin: String,
    /// What is wrong.
    pub message: String,
}

impl DocError {
    fn new(origin: &str, message: impl Into<String>) -> DocError {
        DocError {
            origin: origin.to_string(),
            message: message.into(),
        }
    }
}

/// How a file is read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum InputKind {
    /// Plain text, one document.
    Text,
    /// JSON Lines, one document per line.
    JsonLines,
    /// An HTML page, one document (its main text, found by `entente-extract`).
    Html,
    /// A WARC archive: one document per `response` record holding an HTML page.
    Warc,
}

/// How a file is compressed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Compression {
    None,
    Gzip,
    Zstd,
}

impl InputKind {
    /// The kind for a path, by extension (after `.gz` or `.zst`); `None` for files we do
    /// not read.
    pub fn of(path: &Path) -> Option<InputKind> {
        let ext = extension(path);
        if matches!(ext.as_deref(), Some("gz" | "zst" | "zstd")) {
            return InputKind::of(Path::new(path.file_stem()?));
        }
        match ext.as_deref() {
            Some("txt" | "text") => Some(InputKind::Text),
            Some("jsonl" | "ndjson") => Some(InputKind::JsonLines),
            Some("html" | "htm" | "xhtml") => Some(InputKind::Html),
            Some("warc") => Some(InputKind::Warc),
            _ => None,
        }
    }

    /// The kind of some bytes by their content: `WARC/`, a JSON object, markup, or text.
    pub fn sniff(head: &[u8]) -> InputKind {
        let start = head
            .iter()
            .position(|b| !b.is_ascii_whitespace())
            .unwrap_or(head.len());
        let head = &head[start..];
        if head.starts_with(b"WARC/") {
            InputKind::Warc
        } else if head.starts_with(b"{") {
            InputKind::JsonLines
        } else if entente_extract::looks_like_html(head) {
            InputKind::Html
        } else {
            InputKind::Text
        }
    }
}

fn extension(path: &Path) -> Option<String> {
    path.extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase)
}

/// Field names of JSON Lines input.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct JsonFields {
    /// The document id (a string or a number); default `id`.
    pub id: String,
    /// The text; default `text`.
    pub text: String,
    /// The date (`YYYY-MM-DD`, optionally followed by a time); default `date`.
    pub date: String,
    /// The title; default `title`.
    pub title: String,
    /// The address; default `url`.
    pub url: String,
    /// The publisher; default `source`.
    pub source: String,
}

impl Default for JsonFields {
    fn default() -> Self {
        JsonFields {
            id: "id".into(),
            text: "text".into(),
            date: "date".into(),
            title: "title".into(),
            url: "url".into(),
            source: "source".into(),
        }
    }
}

/// How inputs are read.
#[derive(Debug, Clone)]
pub struct ReadOptions {
    /// Field names of JSON Lines input.
    pub json: JsonFields,
    /// Pages (HTML files, WARC payloads) and JSON lines larger than this are refused.
    pub max_page_bytes: u64,
    /// When set, the number of raw (compressed) input bytes read so far is added here,
    /// for progress bars.
    pub progress: Option<Arc<AtomicU64>>,
}

impl Default for ReadOptions {
    fn default() -> Self {
        ReadOptions {
            json: JsonFields::default(),
            max_page_bytes: 16 << 20,
            progress: None,
        }
    }
}

/// Why an input record was passed over without being an error.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SkipReason {
    /// A WARC response whose payload is not HTML (images, PDFs, feeds).
    NotHtml,
    /// A WARC response whose HTTP status is not 200.
    HttpStatus(u16),
}

impl std::fmt::Display for SkipReason {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            SkipReason::NotHtml => write!(f, "not HTML"),
            SkipReason::HttpStatus(s) => write!(f, "HTTP status {s}"),
        }
    }
}

/// What a reader hands out, in input order.
#[derive(Debug)]
pub enum Item {
    /// A document.
    Doc(Document),
    /// An input (or part of one) that could not be read; reported on one line.
    Failed(DocError),
    /// A record passed over on purpose (counted, not reported one by one).
    Skipped {
        /// Where (`file:record N`).
        origin: String,
        /// Why.
        reason: SkipReason,
    },
    /// Something the user should know that lost nothing (invalid UTF-8 replaced).
    Warning(String),
}

/// Reads a file or folder (recursively, in sorted order); `-` reads standard input, whose
/// kind and compression are found from its content. Each document, problem and skipped
/// record is handed to `out` in input order.
pub fn read_input(path: &Path, opts: &ReadOptions, out: &mut dyn FnMut(Item)) {
    if path == Path::new("-") {
        let stdin = io::stdin();
        let reader = Counting {
            inner: stdin.lock(),
            progress: opts.progress.clone(),
        };
        read_stream("stdin", "<stdin>", None, None, Box::new(reader), opts, out);
        return;
    }
    let origin = path.display().to_string();
    let meta = match fs::metadata(path) {
        Ok(m) => m,
        Err(e) => {
            return out(Item::Failed(DocError::new(
                &origin,
                format!("cannot read: {e}"),
            )))
        }
    };
    if meta.is_dir() {
        let mut entries: Vec<PathBuf> = match fs::read_dir(path) {
            Ok(rd) => rd.filter_map(|e| e.ok().map(|e| e.path())).collect(),
            Err(e) => {
                return out(Item::Failed(DocError::new(
                    &origin,
                    format!("cannot list folder: {e}"),
                )))
            }
        };
        entries.sort();
        // One-document files (pages, texts) are read and extracted in parallel, a few at a
        // time; archives and folders one after another. The order stays sorted.
        let mut chunk: Vec<PathBuf> = Vec::new();
        for p in entries {
            let is_dir = p.is_dir();
            let kind = InputKind::of(&p);
            if !is_dir && matches!(kind, Some(InputKind::Html | InputKind::Text)) {
                chunk.push(p);
                if chunk.len() >= FILE_BATCH {
                    read_files(&mut chunk, opts, out);
                }
                continue;
            }
            read_files(&mut chunk, opts, out);
            if is_dir || kind.is_some() {
                read_input(&p, opts, out);
            }
        }
        read_files(&mut chunk, opts, out);
        return;
    }
    let file = match File::open(path) {
        Ok(f) => f,
        Err(e) => {
            return out(Item::Failed(DocError::new(
                &origin,
                format!("cannot read: {e}"),
            )))
        }
    };
    let compression = match extension(path).as_deref() {
        Some("gz") => Some(Compression::Gzip),
        Some("zst" | "zstd") => Some(Compression::Zstd),
        _ => None,
    };
    let inner = if compression.is_some() {
        Path::new(path.file_stem().unwrap_or_default())
    } else {
        path
    };
    let id = inner
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_else(|| origin.clone());
    let reader = Counting {
        inner: file,
        progress: opts.progress.clone(),
    };
    read_stream(
        &id,
        &origin,
        InputKind::of(path),
        compression,
        Box::new(reader),
        opts,
        out,
    );
}

/// One-document files read in parallel at a time.
const FILE_BATCH: usize = 32;

/// Reads one-document files in parallel and hands out their items in order.
fn read_files(paths: &mut Vec<PathBuf>, opts: &ReadOptions, out: &mut dyn FnMut(Item)) {
    use rayon::prelude::*;
    let items: Vec<Vec<Item>> = std::mem::take(paths)
        .par_iter()
        .map(|p| {
            let mut v = Vec::new();
            read_input(p, opts, &mut |i| v.push(i));
            v
        })
        .collect();
    for item in items.into_iter().flatten() {
        out(item);
    }
}

/// Reads the documents in `bytes` (an input already in memory), as `kind` or, when `None`,
/// as its content says. Compressed bytes are decompressed.
pub fn read_bytes(
    id: &str,
    origin: &str,
    kind: Option<InputKind>,
    bytes: &[u8],
    opts: &ReadOptions,
    out: &mut dyn FnMut(Item),
) {
    read_stream(id, origin, kind, None, Box::new(bytes), opts, out);
}

/// Counts the bytes read from the inner reader into a shared counter.
struct Counting<R> {
    inner: R,
    progress: Option<Arc<AtomicU64>>,
}

impl<R: Read> Read for Counting<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.inner.read(buf)?;
        if let Some(p) = &self.progress {
            p.fetch_add(n as u64, Ordering::Relaxed);
        }
        Ok(n)
    }
}

const GZIP_MAGIC: &[u8] = &[0x1f, 0x8b];
const ZSTD_MAGIC: &[u8] = &[0x28, 0xb5, 0x2f, 0xfd];

fn decompress<'a>(
    raw: Box<dyn Read + 'a>,
    compression: Option<Compression>,
    origin: &str,
) -> Result<Box<dyn BufRead + 'a>, DocError> {
    let mut raw = BufReader::with_capacity(64 * 1024, raw);
    let head = raw
        .fill_buf()
        .map_err(|e| DocError::new(origin, format!("cannot read: {e}")))?;
    // The content decides; the extension only names what we expect.
    let found = if head.starts_with(GZIP_MAGIC) {
        Compression::Gzip
    } else if head.starts_with(ZSTD_MAGIC) {
        Compression::Zstd
    } else {
        Compression::None
    };
    if let Some(expected) = compression {
        if expected != found && !head.is_empty() {
            let name = if expected == Compression::Gzip {
                "gzip"
            } else {
                "zstd"
            };
            return Err(DocError::new(origin, format!("not a {name} file")));
        }
    }
    Ok(match found {
        Compression::None => Box::new(raw),
        Compression::Gzip => Box::new(BufReader::with_capacity(
            64 * 1024,
            flate2::bufread::MultiGzDecoder::new(raw),
        )),
        Compression::Zstd => {
            let dec = ruzstd::decoding::StreamingDecoder::new(raw)
                .map_err(|e| DocError::new(origin, format!("bad zstd stream: {e}")))?;
            Box::new(BufReader::with_capacity(64 * 1024, ZstdRead(dec)))
        }
    })
}

/// ruzstd's decoder, with its errors reported as `io::Error`s.
struct ZstdRead<R: Read>(ruzstd::decoding::StreamingDecoder<R, ruzstd::decoding::FrameDecoder>);

impl<R: Read> Read for ZstdRead<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        self.0.read(buf)
    }
}

fn read_stream<'a>(
    id: &str,
    origin: &str,
    kind: Option<InputKind>,
    compression: Option<Compression>,
    raw: Box<dyn Read + 'a>,
    opts: &ReadOptions,
    out: &mut dyn FnMut(Item),
) {
    let mut reader = match decompress(raw, compression, origin) {
        Ok(r) => r,
        Err(e) => return out(Item::Failed(e)),
    };
    let kind = match kind {
        Some(k) => k,
        None => match reader.fill_buf() {
            Ok(head) => InputKind::sniff(head),
            Err(e) => {
                return out(Item::Failed(DocError::new(
                    origin,
                    format!("cannot read: {e}"),
                )))
            }
        },
    };
    match kind {
        InputKind::Text => match read_all(&mut reader, u64::MAX, origin) {
            Ok(bytes) => match lossy(bytes, origin) {
                Ok((text, warning)) => {
                    if let Some(w) = warning {
                        out(Item::Warning(w));
                    }
                    let mut d = Document::from_text(id, &text);
                    d.origin = origin.to_string();
                    out(Item::Doc(d));
                }
                Err(e) => out(Item::Failed(e)),
            },
            Err(e) => out(Item::Failed(e)),
        },
        InputKind::Html => match read_all(&mut reader, opts.max_page_bytes, origin) {
            Ok(bytes) => match read_html(id, origin, &bytes, None, None) {
                Ok((d, warning)) => {
                    if let Some(w) = warning {
                        out(Item::Warning(w));
                    }
                    out(Item::Doc(d));
                }
                Err(e) => out(Item::Failed(e)),
            },
            Err(e) => out(Item::Failed(e)),
        },
        InputKind::JsonLines => {
            json_lines(&mut reader, origin, &opts.json, opts.max_page_bytes, out)
        }
        InputKind::Warc => warc(&mut reader, id, origin, opts, out),
    }
}

/// Reads everything, refusing more than `limit` bytes.
fn read_all(r: &mut dyn BufRead, limit: u64, origin: &str) -> Result<Vec<u8>, DocError> {
    let mut bytes = Vec::new();
    r.take(limit.saturating_add(1))
        .read_to_end(&mut bytes)
        .map_err(|e| DocError::new(origin, format!("cannot read: {e}")))?;
    if bytes.len() as u64 > limit {
        return Err(DocError::new(
            origin,
            format!(
                "larger than the {} MB limit for one page, skipped",
                limit >> 20
            ),
        ));
    }
    Ok(bytes)
}

/// Bytes as text: refused when binary, invalid UTF-8 replaced (with a warning).
fn lossy(bytes: Vec<u8>, origin: &str) -> Result<(String, Option<String>), DocError> {
    if is_binary(&bytes) {
        return Err(DocError::new(
            origin,
            "binary file (contains NUL bytes), skipped",
        ));
    }
    match String::from_utf8(bytes) {
        Ok(s) => Ok((s, None)),
        Err(e) => Ok((
            String::from_utf8_lossy(e.as_bytes()).into_owned(),
            Some(format!("{origin}: invalid UTF-8 replaced with U+FFFD")),
        )),
    }
}

/// NUL bytes in the first 8 KB mark binary data (no text encoding we read has them,
/// except UTF-16, which news pages do not use).
pub(crate) fn is_binary(bytes: &[u8]) -> bool {
    bytes[..bytes.len().min(8192)].contains(&0)
}

fn json_lines(
    r: &mut dyn BufRead,
    origin: &str,
    fields: &JsonFields,
    limit: u64,
    out: &mut dyn FnMut(Item),
) {
    let mut line = Vec::new();
    let mut n = 0usize;
    loop {
        line.clear();
        n += 1;
        let read = Read::take(&mut *r, limit.saturating_add(1))
            .read_until(b'\n', &mut line)
            .and_then(|got| {
                if got as u64 > limit && line.last() != Some(&b'\n') {
                    // Skip the rest of an over-long line without keeping it.
                    skip_line(r)?;
                    Ok(None)
                } else {
                    Ok(Some(got))
                }
            });
        match read {
            Ok(Some(0)) => return,
            Ok(Some(_)) => {}
            Ok(None) => {
                out(Item::Failed(DocError::new(
                    &format!("{origin}:{n}"),
                    format!(
                        "line longer than the {} MB limit for one document, skipped",
                        limit >> 20
                    ),
                )));
                continue;
            }
            Err(e) => {
                return out(Item::Failed(DocError::new(
                    origin,
                    format!("cannot read line {n} ({e}); the lines before it were kept"),
                )))
            }
        }
        let text = String::from_utf8_lossy(&line);
        if text.trim().is_empty() {
            continue;
        }
        let here = format!("{origin}:{n}");
        out(match json_line(&text, &here, fields) {
            Ok(d) => Item::Doc(d),
            Err(e) => Item::Failed(e),
        });
    }
}

fn json_line(line: &str, origin: &str, f: &JsonFields) -> Result<Document, DocError> {
    let err = |message: String| DocError::new(origin, message);
    let v: serde_json::Value =
        serde_json::from_str(line).map_err(|e| err(format!("malformed JSON: {e}")))?;
    let obj = v
        .as_object()
        .ok_or_else(|| err("expected a JSON object".into()))?;
    let id = match obj.get(&f.id) {
        Some(serde_json::Value::String(s)) => s.clone(),
        Some(serde_json::Value::Number(n)) => n.to_string(),
        _ => return Err(err(format!("missing {:?}", f.id))),
    };
    let text = obj
        .get(&f.text)
        .and_then(|t| t.as_str())
        .ok_or_else(|| err(format!("missing {:?}", f.text)))?;
    let s = |k: &str| obj.get(k).and_then(|x| x.as_str()).map(str::to_string);
    let mut d = Document::from_text(&id, text);
    d.title = s(&f.title).or(d.title);
    if let Some(date) = s(&f.date) {
        d.date = Some(
            parse_day(&date)
                .ok_or_else(|| err(format!("bad date {date:?}: expected YYYY-MM-DD")))?,
        );
    }
    d.url = s(&f.url);
    d.source = s(&f.source);
    d.origin = origin.to_string();
    Ok(d)
}

/// Consumes input up to and including the next newline.
fn skip_line(r: &mut dyn BufRead) -> io::Result<()> {
    loop {
        let buf = r.fill_buf()?;
        if buf.is_empty() {
            return Ok(());
        }
        match buf.iter().position(|&b| b == b'\n') {
            Some(i) => {
                r.consume(i + 1);
                return Ok(());
            }
            None => {
                let n = buf.len();
                r.consume(n);
            }
        }
    }
}

/// The day of `YYYY-MM-DD` or an ISO 8601 timestamp that starts with one.
pub(crate) fn parse_day(s: &str) -> Option<NaiveDate> {
    let s = s.trim();
    NaiveDate::parse_from_str(s.get(..10)?, "%Y-%m-%d").ok()
}

/// A WARC record on its way out: ready, or a page still to extract.
enum Slot {
    Ready(Item),
    Page {
        doc_id: String,
        here: String,
        body: Vec<u8>,
        content_type: Option<String>,
        url: Option<String>,
        crawled: Option<NaiveDate>,
    },
}

/// Pages extracted in parallel at a time (output order is kept).
const WARC_BATCH: usize = 32;

/// Extracts the pending pages in parallel and hands everything out in order.
fn drain(slots: &mut Vec<Slot>, out: &mut dyn FnMut(Item)) {
    use rayon::prelude::*;
    let items: Vec<Vec<Item>> = std::mem::take(slots)
        .into_par_iter()
        .map(|slot| match slot {
            Slot::Ready(item) => vec![item],
            Slot::Page {
                doc_id,
                here,
                body,
                content_type,
                url,
                crawled,
            } => match read_html(
                &doc_id,
                &here,
                &body,
                content_type.as_deref(),
                url.as_deref(),
            ) {
                Ok((mut d, warning)) => {
                    if d.date.is_none() {
                        d.date = crawled;
                    }
                    warning
                        .map(Item::Warning)
                        .into_iter()
                        .chain([Item::Doc(d)])
                        .collect()
                }
                Err(e) => vec![Item::Failed(e)],
            },
        })
        .collect();
    for item in items.into_iter().flatten() {
        out(item);
    }
}

fn warc(
    r: &mut dyn BufRead,
    id: &str,
    origin: &str,
    opts: &ReadOptions,
    out: &mut dyn FnMut(Item),
) {
    let mut slots: Vec<Slot> = Vec::new();
    let mut pages = 0;
    let mut n = 0usize;
    loop {
        if pages >= WARC_BATCH {
            drain(&mut slots, out);
            pages = 0;
        }
        n += 1;
        let here = format!("{origin}:record {n}");
        let rec = match next_record(r, opts.max_page_bytes.saturating_mul(2)) {
            Ok(Some(rec)) => rec,
            Ok(None) => break,
            Err(e) => {
                let (what, detail) = match e {
                    WarcError::Truncated(e) => ("truncated at", e.to_string()),
                    WarcError::Malformed(m) => ("malformed", m),
                };
                slots.push(Slot::Ready(Item::Failed(DocError::new(
                    origin,
                    format!(
                        "{what} record {n} ({detail}); the {} record(s) before it were kept",
                        n - 1
                    ),
                ))));
                break;
            }
        };
        if !rec
            .field("WARC-Type")
            .is_some_and(|t| t.eq_ignore_ascii_case("response"))
        {
            continue;
        }
        if rec.oversized {
            slots.push(Slot::Ready(Item::Failed(DocError::new(
                &here,
                format!(
                    "larger than the {} MB limit for one page, skipped",
                    opts.max_page_bytes >> 20
                ),
            ))));
            continue;
        }
        let resp = parse_response(&rec.block);
        if resp.status != 200 {
            slots.push(Slot::Ready(Item::Skipped {
                origin: here,
                reason: SkipReason::HttpStatus(resp.status),
            }));
            continue;
        }
        let content_type = resp.header("Content-Type").map(str::to_string);
        let html = match &content_type {
            Some(ct) => ct.to_ascii_lowercase().contains("html"),
            None => entente_extract::looks_like_html(&resp.body),
        };
        if !html {
            slots.push(Slot::Ready(Item::Skipped {
                origin: here,
                reason: SkipReason::NotHtml,
            }));
            continue;
        }
        pages += 1;
        slots.push(Slot::Page {
            doc_id: format!("{id}-{n}"),
            here,
            body: resp.body.into_owned(),
            content_type,
            url: rec.field("WARC-Target-URI").map(str::to_string),
            crawled: rec.field("WARC-Date").and_then(parse_day),
        });
    }
    drain(&mut slots, out);
}

/// Reads a file or folder like [`read_input`] with default options, handing documents
/// and problems to `out` and warnings to `warn`; skipped records are dropped.
pub fn read_path(
    path: &Path,
    out: &mut dyn FnMut(Result<Document, DocError>),
    warn: &mut dyn FnMut(String),
) {
    read_input(path, &ReadOptions::default(), &mut |item| {
        adapt(item, out, warn)
    });
}

/// Reads one input's bytes as `kind` with default options (see [`read_path`]).
pub fn read_reader(
    id: &str,
    origin: &str,
    kind: InputKind,
    bytes: Vec<u8>,
    out: &mut dyn FnMut(Result<Document, DocError>),
    warn: &mut dyn FnMut(String),
) {
    read_bytes(
        id,
        origin,
        Some(kind),
        &bytes,
        &ReadOptions::default(),
        &mut |item| adapt(item, out, warn),
    );
}

fn adapt(
    item: Item,
    out: &mut dyn FnMut(Result<Document, DocError>),
    warn: &mut dyn FnMut(String),
) {
    match item {
        Item::Doc(d) => out(Ok(d)),
        Item::Failed(e) => out(Err(e)),
        Item::Warning(w) => warn(w),
        Item::Skipped { .. } => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(kind: InputKind, text: &str) -> Vec<Result<Document, DocError>> {
        let mut out = Vec::new();
        read_reader(
            "t",
            "t.jsonl",
            kind,
            text.as_bytes().to_vec(),
            &mut |d| out.push(d),
            &mut |_| {},
        );
        out
    }

    #[test]
    fn json_lines() {
        let got = read(
            InputKind::JsonLines,
            "{\"id\":\"a\",\"text\":\"Hi.\",\"date\":\"2020-01-02\",\"x\":1}\n{bad\n\n{\"id\":3,\"text\":\"x\"}\n",
        );
        assert_eq!(got.len(), 3);
        let a = got[0].as_ref().unwrap();
        assert_eq!(
            (a.id.as_str(), a.date),
            ("a", NaiveDate::from_ymd_opt(2020, 1, 2))
        );
        assert_eq!(got[1].as_ref().unwrap_err().origin, "t.jsonl:2");
        assert_eq!(got[2].as_ref().unwrap().id, "3");
    }

    #[test]
    fn json_field_names_are_configurable() {
        let opts = ReadOptions {
            json: JsonFields {
                id: "uuid".into(),
                text: "body".into(),
                date: "published".into(),
                ..JsonFields::default()
            },
            ..ReadOptions::default()
        };
        let line = br#"{"uuid":"u1","body":"Iran protested.","published":"2021-03-04T10:00:00Z","id":"x","text":"no"}"#;
        let mut got = Vec::new();
        read_bytes("f", "f", None, line, &opts, &mut |i| got.push(i));
        let Item::Doc(d) = &got[0] else {
            panic!("{got:?}")
        };
        assert_eq!(d.id, "u1");
        assert_eq!(d.text, "Iran protested.");
        assert_eq!(d.date, NaiveDate::from_ymd_opt(2021, 3, 4));
    }

    #[test]
    fn over_long_json_lines_are_skipped_alone() {
        let opts = ReadOptions {
            max_page_bytes: 64,
            ..ReadOptions::default()
        };
        let long = format!("{{\"id\":\"big\",\"text\":\"{}\"}}", "x".repeat(500));
        let input =
            format!("{{\"id\":\"a\",\"text\":\"A.\"}}\n{long}\n{{\"id\":\"b\",\"text\":\"B.\"}}\n");
        let mut got = Vec::new();
        read_bytes(
            "f",
            "f",
            Some(InputKind::JsonLines),
            input.as_bytes(),
            &opts,
            &mut |i| got.push(i),
        );
        assert_eq!(got.len(), 3, "{got:?}");
        assert!(matches!(&got[0], Item::Doc(d) if d.id == "a"));
        assert!(
            matches!(&got[1], Item::Failed(e) if e.origin == "f:2" && e.message.contains("longer"))
        );
        assert!(matches!(&got[2], Item::Doc(d) if d.id == "b"));
    }

    #[test]
    fn binary_is_refused() {
        let got = read(InputKind::Text, "ab\0cd");
        assert!(got[0].as_ref().unwrap_err().message.contains("binary"));
    }

    #[test]
    fn kinds_by_name_and_content() {
        assert_eq!(
            InputKind::of(Path::new("a/b.warc.gz")),
            Some(InputKind::Warc)
        );
        assert_eq!(InputKind::of(Path::new("b.HTM")), Some(InputKind::Html));
        assert_eq!(
            InputKind::of(Path::new("b.jsonl.zst")),
            Some(InputKind::JsonLines)
        );
        assert_eq!(InputKind::of(Path::new("b.pdf")), None);
        assert_eq!(InputKind::sniff(b"\r\nWARC/1.1\r\n"), InputKind::Warc);
        assert_eq!(InputKind::sniff(b" {\"id\":1}"), InputKind::JsonLines);
        assert_eq!(InputKind::sniff(b"Russia said."), InputKind::Text);
    }
}
