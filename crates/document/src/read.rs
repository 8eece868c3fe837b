//! Readers: `.txt` files, `.jsonl` files, folders (recursively) and standard input.

use std::fs;
use std::io::Read;
use std::path::{Path, PathBuf};

use chrono::NaiveDate;

/// One document to code.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Document {
    /// Its id: the file stem, or the `id` field of a JSON line.
    pub id: String,
    /// The text (metadata stamps blanked, offsets unchanged).
    pub text: String,
    /// The title, when known.
    pub title: Option<String>,
    /// Publication date, when known.
    pub date: Option<NaiveDate>,
    /// The page's address, when known.
    pub url: Option<String>,
    /// The publisher, when known.
    pub source: Option<String>,
    /// Where it came from (`file` or `file:line`).
    pub origin: String,
}

/// A problem with one input; the run goes on with the others.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{origin}: {message}")]
pub struct DocError {
    /// `file` or `file:line`.
    pub origin: String,
    /// What is wrong.
    pub message: String,
}

/// How a file is read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum InputKind {
    /// Plain text, one document.
    Text,
    /// JSON Lines, one document per line.
    JsonLines,
}

impl InputKind {
    /// The kind for a path, by extension; `None` for files we do not read.
    pub fn of(path: &Path) -> Option<InputKind> {
        let ext = path
            .extension()
            .and_then(|e| e.to_str())
            .map(str::to_ascii_lowercase);
        if ext.as_deref() == Some("gz") {
            return InputKind::of(Path::new(path.file_stem()?));
        }
        match ext.as_deref() {
            Some("txt") | Some("text") => Some(InputKind::Text),
            Some("jsonl") | Some("ndjson") => Some(InputKind::JsonLines),
            _ => None,
        }
    }
}

impl Document {
    /// A document from plain text: the first line is the title when a blank line
    /// follows it; an archive date stamp at the start gives the date.
    pub fn from_text(id: &str, text: &str) -> Document {
        let mut doc = Document {
            id: id.to_string(),
            text: text.to_string(),
            origin: id.to_string(),
            ..Document::default()
        };
        doc.take_date_stamp();
        doc.blank_datelines();
        let mut lines = doc.text.split('\n');
        if let (Some(first), Some(second)) = (lines.next(), lines.next()) {
            let first = first.trim();
            if !first.is_empty() && second.trim().is_empty() && first.len() < 300 {
                doc.title = Some(first.to_string());
            }
        }
        doc
    }

    /// Blanks wire datelines at the start of lines ("MOSCOW, Aug 15 (Reuters) -",
    /// "HAMILTON, Canada (AA) -", "PYONGYANG, Sept. 14 -"): they are not part of the first
    /// sentence, and parsers take the city for its subject. Offsets stay valid.
    fn blank_datelines(&mut self) {
        let mut edits = Vec::new();
        let mut start = 0;
        for line in self.text.split_inclusive('\n') {
            if let Some(len) = dateline_len(line) {
                edits.push(start..start + len);
            }
            start += line.len();
        }
        for r in edits {
            let n = r.end - r.start;
            self.text.replace_range(r, &" ".repeat(n));
        }
    }

    /// Blanks a leading ` date YYYY-MM-DD` stamp (as web archives add) and takes the date.
    fn take_date_stamp(&mut self) {
        let start = self.text.len() - self.text.trim_start().len();
        let rest = &self.text[start..];
        let Some(after) = rest.strip_prefix("date ") else {
            return;
        };
        let Some(stamp) = after.get(..10) else { return };
        if let Ok(d) = NaiveDate::parse_from_str(stamp, "%Y-%m-%d") {
            if self.date.is_none() {
                self.date = Some(d);
            }
            let end = start + 5 + 10;
            self.text
                .replace_range(start..end, &" ".repeat(end - start));
        }
    }
}

/// The byte length of a dateline at the start of `line` (through its dash), if any: an
/// upper-case place name, optionally ", Region" or a date, optionally "(Agency)", then a
/// dash.
fn dateline_len(line: &str) -> Option<usize> {
    let lead = line.len() - line.trim_start().len();
    let rest = &line[lead..];
    // The dash must come early, after at least one word in capitals.
    let dash = rest
        .char_indices()
        .take_while(|(i, _)| *i < 80)
        .find(|(_, c)| matches!(c, '-' | '\u{2013}' | '\u{2014}'))
        .map(|(i, _)| i)?;
    let head = rest[..dash].trim_end();
    if head.is_empty() || !rest[dash..].chars().nth(1).is_some_and(char::is_whitespace) {
        return None;
    }
    // "CITY, ..." or "CITY (Agency)": a bare "NATO - Russia talks" is not a dateline.
    if !head.contains(',') && !head.contains('(') {
        return None;
    }
    let place = head.split([',', '(']).next()?.trim();
    let letters: Vec<char> = place.chars().filter(|c| c.is_alphabetic()).collect();
    if letters.len() < 3 || !letters.iter().all(|c| c.is_uppercase()) {
        return None;
    }
    // What follows the place must look like a dateline, not a sentence.
    if head.split_whitespace().count() > 8
        || head.ends_with('.') && !head.ends_with(". ") && head.len() > 60
    {
        return None;
    }
    let dash_len = rest[dash..].chars().next().map_or(1, char::len_utf8);
    Some(lead + dash + dash_len)
}

fn lossy(bytes: Vec<u8>, origin: &str, warn: &mut dyn FnMut(String)) -> Result<String, DocError> {
    let head = &bytes[..bytes.len().min(8192)];
    if head.contains(&0) {
        return Err(DocError {
            origin: origin.to_string(),
            message: "binary file (contains NUL bytes), skipped".to_string(),
        });
    }
    match String::from_utf8(bytes) {
        Ok(s) => Ok(s),
        Err(e) => {
            warn(format!("{origin}: invalid UTF-8 replaced with U+FFFD"));
            Ok(String::from_utf8_lossy(e.as_bytes()).into_owned())
        }
    }
}

fn stem(path: &Path) -> String {
    path.file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_else(|| path.display().to_string())
}

/// Reads a file or folder (recursively, in sorted order); `-` reads standard input as
/// text. Each document or problem is handed to `out` in input order; `warn` receives
/// warnings (replaced UTF-8).
pub fn read_path(
    path: &Path,
    out: &mut dyn FnMut(Result<Document, DocError>),
    warn: &mut dyn FnMut(String),
) {
    if path == Path::new("-") {
        let mut buf = Vec::new();
        if let Err(e) = std::io::stdin().read_to_end(&mut buf) {
            out(Err(DocError {
                origin: "<stdin>".into(),
                message: e.to_string(),
            }));
            return;
        }
        read_reader("stdin", "<stdin>", InputKind::Text, buf, out, warn);
        return;
    }
    let origin = path.display().to_string();
    let meta = match fs::metadata(path) {
        Ok(m) => m,
        Err(e) => {
            out(Err(DocError {
                origin,
                message: format!("cannot read: {e}"),
            }));
            return;
        }
    };
    if meta.is_dir() {
        let mut entries: Vec<PathBuf> = match fs::read_dir(path) {
            Ok(rd) => rd.filter_map(|e| e.ok().map(|e| e.path())).collect(),
            Err(e) => {
                out(Err(DocError {
                    origin,
                    message: format!("cannot list folder: {e}"),
                }));
                return;
            }
        };
        entries.sort();
        for p in entries {
            if p.is_dir() || InputKind::of(&p).is_some() {
                read_path(&p, out, warn);
            }
        }
        return;
    }
    let kind = InputKind::of(path).unwrap_or(InputKind::Text);
    let gz = path
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("gz"));
    let bytes = fs::read(path).and_then(|b| {
        if gz {
            let mut plain = Vec::new();
            flate2::read::MultiGzDecoder::new(&b[..]).read_to_end(&mut plain)?;
            Ok(plain)
        } else {
            Ok(b)
        }
    });
    let id = if gz {
        stem(Path::new(path.file_stem().unwrap_or_default()))
    } else {
        stem(path)
    };
    match bytes {
        Ok(bytes) => read_reader(&id, &origin, kind, bytes, out, warn),
        Err(e) => out(Err(DocError {
            origin,
            message: format!("cannot read: {e}"),
        })),
    }
}

/// Reads one input's bytes as `kind`.
pub fn read_reader(
    id: &str,
    origin: &str,
    kind: InputKind,
    bytes: Vec<u8>,
    out: &mut dyn FnMut(Result<Document, DocError>),
    warn: &mut dyn FnMut(String),
) {
    let text = match lossy(bytes, origin, warn) {
        Ok(t) => t,
        Err(e) => return out(Err(e)),
    };
    match kind {
        InputKind::Text => {
            let mut d = Document::from_text(id, &text);
            d.origin = origin.to_string();
            out(Ok(d));
        }
        InputKind::JsonLines => {
            for (n, line) in text.lines().enumerate() {
                if line.trim().is_empty() {
                    continue;
                }
                out(json_line(line, &format!("{origin}:{}", n + 1)));
            }
        }
    }
}

fn json_line(line: &str, origin: &str) -> Result<Document, DocError> {
    let err = |message: String| DocError {
        origin: origin.to_string(),
        message,
    };
    let v: serde_json::Value =
        serde_json::from_str(line).map_err(|e| err(format!("malformed JSON: {e}")))?;
    let obj = v
        .as_object()
        .ok_or_else(|| err("expected a JSON object".into()))?;
    let id = match obj.get("id") {
        Some(serde_json::Value::String(s)) => s.clone(),
        Some(serde_json::Value::Number(n)) => n.to_string(),
        _ => return Err(err("missing \"id\"".into())),
    };
    let text = obj
        .get("text")
        .and_then(|t| t.as_str())
        .ok_or_else(|| err("missing \"text\"".into()))?;
    let s = |k: &str| obj.get(k).and_then(|x| x.as_str()).map(str::to_string);
    let mut d = Document::from_text(&id, text);
    d.title = s("title").or(d.title);
    if let Some(date) = s("date") {
        let day = date.get(..10).unwrap_or(&date);
        d.date = Some(
            NaiveDate::parse_from_str(day, "%Y-%m-%d")
                .map_err(|_| err(format!("bad date {date:?}: expected YYYY-MM-DD")))?,
        );
    }
    d.url = s("url");
    d.source = s("source");
    d.origin = origin.to_string();
    Ok(d)
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
    fn date_stamp_is_blanked() {
        let d = Document::from_text("x", " date 2023-06-23 President Biden spoke.");
        assert_eq!(d.date, NaiveDate::from_ymd_opt(2023, 6, 23));
        assert_eq!(
            d.text.len(),
            " date 2023-06-23 President Biden spoke.".len()
        );
        assert!(d.text.trim_start().starts_with("President"));
    }

    #[test]
    fn datelines_are_blanked() {
        for line in [
            "MOSCOW, Aug 15 (Reuters) - Russia said on Monday it would act.",
            "HAMILTON, Canada (AA) - The UN Security Council met.",
            "PYONGYANG, Sept. 14 - North Korean leader Kim Jong Un wrote a letter.",
        ] {
            let d = Document::from_text("x", line);
            assert_eq!(d.text.len(), line.len());
            let first = d.text.split_whitespace().next().unwrap();
            assert!(["Russia", "The", "North"].contains(&first), "{:?}", d.text);
        }
        let keep = "US - China talks resumed on Monday.";
        assert_eq!(Document::from_text("x", keep).text, keep);
        let keep = "NATO - Russia talks resumed on Monday.";
        assert_eq!(Document::from_text("x", keep).text, keep);
        let keep = "Russia said - again - that it would act.";
        assert_eq!(Document::from_text("x", keep).text, keep);
    }

    #[test]
    fn binary_is_refused() {
        let got = read(InputKind::Text, "ab\0cd");
        assert!(got[0].as_ref().unwrap_err().message.contains("binary"));
    }
}
