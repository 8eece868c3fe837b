//! Streaming CoNLL-U reader.
//!
//! [`Reader`] yields one [`Sentence`] per blank-line-separated block and keeps only the
//! current block in memory. It accepts CRLF line endings, a UTF-8 byte-order mark at the
//! start, a final block without a trailing blank line, and gzip input ([`Reader::open`]).

use std::fs::File;
use std::io::{self, BufRead, BufReader};
use std::path::Path;

use flate2::bufread::MultiGzDecoder;

use crate::error::{Error, ErrorKind};
use crate::{MultiwordToken, Sentence, Word};

const GZIP_MAGIC: [u8; 2] = [0x1f, 0x8b];
const COLUMN_NAMES: [&str; 10] = [
    "ID", "FORM", "LEMMA", "UPOS", "XPOS", "FEATS", "HEAD", "DEPREL", "DEPS", "MISC",
];

/// Reads a whole CoNLL-U file (plain or gzip), failing on the first malformed sentence.
pub fn read_path(path: impl AsRef<Path>) -> Result<Vec<Sentence>, Error> {
    Reader::open(path.as_ref())?.collect()
}

/// An iterator over the sentences of a CoNLL-U stream.
///
/// Each item is one sentence block or the first error found in it. After a malformed
/// sentence the reader skips to the next blank line, so iteration can go on with the
/// following sentence; after an I/O error (including truncated gzip) it ends.
///
/// What is not kept: MWT columns other than FORM and MISC, and the position of comment
/// lines that appear after the first word line (they are stored with the other comments).
pub struct Reader<R> {
    lines: Lines<R>,
    source_name: String,
    gzip: bool,
    done: bool,
    word_lines: Vec<u64>,
    token_lines: Vec<u64>,
}

impl<R: BufRead> Reader<R> {
    /// A reader over `reader`; `source_name` (usually the file name) appears in errors.
    pub fn new(reader: R, source_name: impl Into<String>) -> Self {
        Self {
            lines: Lines::new(reader),
            source_name: source_name.into(),
            gzip: false,
            done: false,
            word_lines: Vec::new(),
            token_lines: Vec::new(),
        }
    }

    /// The name used in errors.
    pub fn source_name(&self) -> &str {
        &self.source_name
    }

    fn error(&self, line: u64, kind: ErrorKind) -> Error {
        Error::new(self.source_name.clone(), line, kind)
    }

    fn io_error(&self, err: io::Error) -> Error {
        let kind = if self.gzip && is_gzip_failure(&err) {
            ErrorKind::TruncatedGzip(err)
        } else {
            ErrorKind::Io(err)
        };
        // The error happened while reading the line after the last one returned.
        self.error(self.lines.number + 1, kind)
    }

    /// Reads the next block; `None` at end of input.
    fn read_block(&mut self) -> Option<Result<Sentence, Error>> {
        let mut block = Block::default();
        self.word_lines.clear();
        self.token_lines.clear();
        let mut failure: Option<Error> = None;
        loop {
            let (number, line) = match self.lines.next_line() {
                Err(err) => {
                    self.done = true;
                    return Some(Err(self.io_error(err)));
                }
                Ok(None) => {
                    self.done = true;
                    break;
                }
                Ok(Some(numbered)) => numbered,
            };
            if line.is_empty() {
                if block.started {
                    break;
                }
                continue;
            }
            if !block.started {
                block.started = true;
                block.first_line = number;
            }
            if failure.is_some() {
                continue;
            }
            let parsed = std::str::from_utf8(line)
                .map_err(ErrorKind::InvalidUtf8)
                .and_then(|text| {
                    block.add_line(text, number, &mut self.word_lines, &mut self.token_lines)
                });
            if let Err(kind) = parsed {
                failure = Some(self.error(number, kind));
            }
        }
        if let Some(err) = failure {
            return Some(Err(err));
        }
        if !block.started {
            return None;
        }
        Some(
            block
                .finish(&self.word_lines, &self.token_lines)
                .map_err(|(line, kind)| self.error(line, kind)),
        )
    }
}

impl Reader<Box<dyn BufRead>> {
    /// Opens a file, decompressing it if it starts with the gzip magic bytes (whatever its
    /// name). Concatenated gzip members (as written by bgzip) are read in sequence.
    pub fn open(path: &Path) -> Result<Self, Error> {
        let name = path.display().to_string();
        let file = File::open(path).map_err(|e| Error::new(name.clone(), 0, ErrorKind::Io(e)))?;
        let mut buffered = BufReader::with_capacity(1 << 16, file);
        let head = buffered
            .fill_buf()
            .map_err(|e| Error::new(name.clone(), 0, ErrorKind::Io(e)))?;
        let gzip = head.starts_with(&GZIP_MAGIC);
        let input: Box<dyn BufRead> = if gzip {
            Box::new(BufReader::with_capacity(
                1 << 16,
                MultiGzDecoder::new(buffered),
            ))
        } else {
            Box::new(buffered)
        };
        let mut reader = Reader::new(input, name);
        reader.gzip = gzip;
        Ok(reader)
    }
}

impl<R: BufRead> Iterator for Reader<R> {
    type Item = Result<Sentence, Error>;

    fn next(&mut self) -> Option<Self::Item> {
        if self.done {
            return None;
        }
        self.read_block()
    }
}

/// Whether an I/O error from a gzip decoder means a truncated or corrupt stream.
fn is_gzip_failure(err: &io::Error) -> bool {
    matches!(
        err.kind(),
        io::ErrorKind::UnexpectedEof | io::ErrorKind::InvalidInput | io::ErrorKind::InvalidData
    )
}

/// Line splitter over a `BufRead` that strips line endings and a leading BOM.
struct Lines<R> {
    input: R,
    buf: Vec<u8>,
    /// 1-based number of the line last returned.
    number: u64,
}

impl<R: BufRead> Lines<R> {
    fn new(input: R) -> Self {
        Self {
            input,
            buf: Vec::with_capacity(256),
            number: 0,
        }
    }

    /// The next line's number and text without its terminator, or `None` at end of input.
    fn next_line(&mut self) -> io::Result<Option<(u64, &[u8])>> {
        self.buf.clear();
        if self.input.read_until(b'\n', &mut self.buf)? == 0 {
            return Ok(None);
        }
        self.number += 1;
        let mut line = self.buf.as_slice();
        line = line.strip_suffix(b"\n").unwrap_or(line);
        line = line.strip_suffix(b"\r").unwrap_or(line);
        if self.number == 1 {
            line = line.strip_prefix("\u{feff}".as_bytes()).unwrap_or(line);
        }
        Ok(Some((self.number, line)))
    }
}

/// The sentence being read, with what is needed to check IDs as lines arrive.
#[derive(Default)]
struct Block {
    sentence: Sentence,
    /// Whether a non-blank line has been seen, and which.
    started: bool,
    first_line: u64,
    /// The last empty node read, as (integer part, decimal part).
    last_empty: Option<(u32, u32)>,
}

impl Block {
    fn add_line(
        &mut self,
        line: &str,
        number: u64,
        word_lines: &mut Vec<u64>,
        token_lines: &mut Vec<u64>,
    ) -> Result<(), ErrorKind> {
        if let Some(comment) = line.strip_prefix('#') {
            let comment = comment.strip_prefix(' ').unwrap_or(comment);
            self.sentence.comments.push(comment.to_owned());
            return Ok(());
        }
        let columns = split_columns(line)?;
        match parse_id(columns[0])? {
            Id::Word(id) => {
                self.add_word(id, &columns)?;
                word_lines.push(number);
            }
            Id::Range(first, last) => {
                self.add_token(first, last, &columns)?;
                token_lines.push(number);
            }
            Id::Empty(major, minor) => self.add_empty(major, minor, line, columns[0])?,
        }
        Ok(())
    }

    fn next_word_id(&self) -> u32 {
        u32::try_from(self.sentence.words.len())
            .unwrap_or(u32::MAX)
            .saturating_add(1)
    }

    fn add_word(&mut self, id: u32, columns: &[&str; 10]) -> Result<(), ErrorKind> {
        let expected = self.next_word_id();
        if id != expected {
            return Err(ErrorKind::IdNotSequential {
                expected: expected.to_string(),
                found: columns[0].to_owned(),
            });
        }
        check_not_empty(columns, 1..10)?;
        let head = match columns[6] {
            "_" => None,
            text => Some(parse_number(text).ok_or_else(|| ErrorKind::BadHead(text.to_owned()))?),
        };
        self.sentence.words.push(Word {
            id,
            form: columns[1].to_owned(),
            lemma: columns[2].to_owned(),
            upos: columns[3].to_owned(),
            xpos: columns[4].to_owned(),
            feats: columns[5].to_owned(),
            head,
            deprel: columns[7].to_owned(),
            deps: columns[8].to_owned(),
            misc: columns[9].to_owned(),
        });
        Ok(())
    }

    fn add_token(&mut self, first: u32, last: u32, columns: &[&str; 10]) -> Result<(), ErrorKind> {
        let range = || columns[0].to_owned();
        if last <= first {
            return Err(ErrorKind::BadRange {
                range: range(),
                reason: "the range must span at least two words",
            });
        }
        if let Some(previous) = self.sentence.tokens.last() {
            if first <= previous.last {
                return Err(ErrorKind::BadRange {
                    range: range(),
                    reason: "it overlaps the previous multi-word token",
                });
            }
        }
        let expected = self.next_word_id();
        if first != expected {
            return Err(ErrorKind::IdNotSequential {
                expected: expected.to_string(),
                found: range(),
            });
        }
        check_not_empty(columns, 1..10)?;
        self.sentence.tokens.push(MultiwordToken {
            first,
            last,
            form: columns[1].to_owned(),
            misc: columns[9].to_owned(),
        });
        Ok(())
    }

    fn add_empty(&mut self, major: u32, minor: u32, line: &str, id: &str) -> Result<(), ErrorKind> {
        let words = self.next_word_id() - 1;
        let pending_token = self.sentence.tokens.last().is_some_and(|t| t.first > words);
        let expected_minor = match self.last_empty {
            Some((m, n)) if m == words => n.saturating_add(1),
            _ => 1,
        };
        if pending_token {
            return Err(ErrorKind::IdNotSequential {
                expected: (words + 1).to_string(),
                found: id.to_owned(),
            });
        }
        if major != words || minor != expected_minor {
            return Err(ErrorKind::IdNotSequential {
                expected: format!("{words}.{expected_minor}"),
                found: id.to_owned(),
            });
        }
        self.last_empty = Some((major, minor));
        self.sentence.empty_nodes.push(line.to_owned());
        Ok(())
    }

    /// Checks what needs the whole sentence: HEAD and MWT ranges within it.
    fn finish(self, word_lines: &[u64], token_lines: &[u64]) -> Result<Sentence, (u64, ErrorKind)> {
        let sentence = self.sentence;
        let count = sentence.words.len();
        if count == 0 {
            return Err((self.first_line, ErrorKind::NoWords));
        }
        let limit = u32::try_from(count).unwrap_or(u32::MAX);
        for (word, &line) in sentence.words.iter().zip(word_lines) {
            if let Some(head) = word.head.filter(|&h| h > limit) {
                return Err((line, ErrorKind::HeadOutOfRange { head, words: count }));
            }
        }
        for (token, &line) in sentence.tokens.iter().zip(token_lines) {
            if token.last > limit {
                let range = format!("{}-{}", token.first, token.last);
                let reason = "it ends after the last word of the sentence";
                return Err((line, ErrorKind::BadRange { range, reason }));
            }
        }
        Ok(sentence)
    }
}

/// Splits a line into exactly 10 tab-separated columns.
fn split_columns(line: &str) -> Result<[&str; 10], ErrorKind> {
    let mut columns = [""; 10];
    let mut found = 0;
    let mut start = 0;
    // A byte loop: fields are short, so this beats a memchr-based split.
    for (i, &byte) in line.as_bytes().iter().enumerate() {
        if byte == b'\t' {
            if let Some(slot) = columns.get_mut(found) {
                *slot = &line[start..i];
            }
            found += 1;
            start = i + 1;
        }
    }
    if let Some(slot) = columns.get_mut(found) {
        *slot = &line[start..];
    }
    found += 1;
    if found != 10 {
        return Err(ErrorKind::ColumnCount { found });
    }
    if columns[0].is_empty() {
        return Err(ErrorKind::EmptyColumn { column: "ID" });
    }
    Ok(columns)
}

fn check_not_empty(columns: &[&str; 10], range: std::ops::Range<usize>) -> Result<(), ErrorKind> {
    match range.into_iter().find(|&i| columns[i].is_empty()) {
        Some(i) => Err(ErrorKind::EmptyColumn {
            column: COLUMN_NAMES[i],
        }),
        None => Ok(()),
    }
}

/// The three kinds of ID.
enum Id {
    Word(u32),
    Range(u32, u32),
    Empty(u32, u32),
}

fn parse_id(text: &str) -> Result<Id, ErrorKind> {
    let bad = || ErrorKind::BadId(text.to_owned());
    if let Some((first, last)) = text.split_once('-') {
        let first = parse_number(first).filter(|&n| n > 0).ok_or_else(bad)?;
        return Ok(Id::Range(first, parse_number(last).ok_or_else(bad)?));
    }
    if let Some((major, minor)) = text.split_once('.') {
        let minor = parse_number(minor).filter(|&n| n > 0).ok_or_else(bad)?;
        return Ok(Id::Empty(parse_number(major).ok_or_else(bad)?, minor));
    }
    parse_number(text)
        .filter(|&n| n > 0)
        .map(Id::Word)
        .ok_or_else(bad)
}

/// A decimal number without sign or leading zeros (so that writing it back is lossless).
fn parse_number(text: &str) -> Option<u32> {
    let digits_only = !text.is_empty() && text.bytes().all(|b| b.is_ascii_digit());
    let leading_zero = text.len() > 1 && text.starts_with('0');
    if !digits_only || leading_zero {
        return None;
    }
    text.parse().ok()
}
