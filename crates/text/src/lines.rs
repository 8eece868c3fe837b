//! Line structure: which line breaks are sentence boundaries.
//!
//! In scraped text a line break ends a headline, a list item or a caption, so it is a
//! boundary. Hard-wrapped text (wire copy) breaks lines at a fixed width in the middle
//! of sentences; there a line break is just a space. A block of lines (between blank
//! lines) counts as hard-wrapped when its lines fill a common width and a good share of
//! them continue in lower case on the next line; small blocks follow the document.
//! Within a wrapped block a break is soft when the line was filled up to the width, or
//! when it ends without punctuation and the text goes on (in lower case, or after a
//! line at least half as wide); it stays a boundary when the next line is indented
//! more than the block (a new paragraph) or starts a list item. Blank lines are
//! always boundaries.

use crate::chars::{is_line_break, is_space};

/// Narrowest and widest plausible wrap widths, in characters.
const MIN_WIDTH: usize = 25;
const MAX_WIDTH: usize = 160;

/// One line of the text.
#[derive(Clone, Copy, Debug, Default)]
struct Line {
    /// Byte offset of the break character ending the line, if any.
    brk: Option<usize>,
    /// Whether the break is a paragraph separator (U+2029) or a form feed.
    para: bool,
    /// Characters up to the last non-space character.
    len: usize,
    /// Leading space characters.
    indent: usize,
    /// Characters in the first whitespace-delimited chunk.
    first_len: usize,
    /// First visible character.
    first: Option<char>,
    /// Second visible character.
    second: Option<char>,
    /// Last visible character.
    last: Option<char>,
}

impl Line {
    fn is_blank(&self) -> bool {
        self.first.is_none()
    }

    /// Whether the line ends without sentence-final punctuation.
    fn is_open(&self) -> bool {
        self.last
            .is_some_and(|c| c.is_alphanumeric() || matches!(c, ',' | '-' | '&'))
    }

    /// Whether the line starts with a lower-case letter.
    fn starts_lower(&self) -> bool {
        self.first.is_some_and(char::is_lowercase)
    }

    /// Whether the line starts like a list item (`- `, `* `, `• `).
    fn is_bullet(&self) -> bool {
        matches!(self.first, Some('-' | '*' | '•' | '–' | '—' | '·'))
            && self.second.is_some_and(is_space)
    }
}

/// Byte offsets of the line-break characters that end a sentence, in order.
pub(crate) fn hard_breaks(text: &str) -> Vec<usize> {
    let lines = split_lines(text);
    if lines.len() < 2 {
        return Vec::new();
    }
    let doc = doc_stats(&lines);
    let mut hard = Vec::new();
    let mut k = 0;
    while k < lines.len() {
        let block_end = (k..lines.len())
            .find(|&j| {
                lines[j].is_blank()
                    || lines[j].para
                    || !matches!(lines.get(j + 1), Some(l) if !l.is_blank())
            })
            .unwrap_or(lines.len() - 1);
        mark_block(&lines[k..=block_end], doc, &mut hard);
        if let Some(b) = lines[block_end].brk {
            hard.push(b);
        }
        k = block_end + 1;
    }
    hard
}

/// Splits `text` into lines with the measurements used for wrap detection.
fn split_lines(text: &str) -> Vec<Line> {
    let mut lines = Vec::new();
    let mut line = Line::default();
    let mut chars = 0; // characters so far on this line
    let mut in_first = false; // inside the first chunk
    let mut prev_cr = false;
    for (i, c) in text.char_indices() {
        if is_line_break(c) {
            if prev_cr && c == '\n' {
                prev_cr = false;
                continue;
            }
            line.brk = Some(i);
            line.para = matches!(c, '\u{2029}' | '\u{0C}');
            // One blank line stands for a run of them: all their breaks are hard.
            if !(line.is_blank() && lines.last().is_some_and(Line::is_blank)) {
                lines.push(line);
            }
            line = Line::default();
            chars = 0;
            in_first = false;
            prev_cr = c == '\r';
            continue;
        }
        prev_cr = false;
        chars += 1;
        if is_space(c) {
            if line.first.is_none() {
                line.indent += 1;
            } else if line.second.is_none() {
                line.second = Some(c);
            }
            in_first = false;
            continue;
        }
        if line.first.is_none() {
            line.first = Some(c);
            in_first = true;
        } else if line.second.is_none() {
            line.second = Some(c);
        }
        if in_first {
            line.first_len += 1;
        }
        line.len = chars;
        line.last = Some(c);
    }
    lines.push(line);
    lines
}

/// Counts over the breaks of a block or document.
#[derive(Clone, Copy, Debug, Default)]
struct Stats {
    breaks: usize,
    full: usize,
    lower: usize,
}

impl Stats {
    /// Whether these counts look like hard-wrapped prose.
    fn wrapped(self) -> bool {
        self.breaks > 0 && self.full * 10 >= self.breaks * 6 && self.lower * 4 >= self.breaks
    }
}

/// Widest line of a block, if it is a plausible wrap width.
fn width(lines: &[Line]) -> Option<usize> {
    let w = lines.iter().map(|l| l.len).max()?;
    (MIN_WIDTH..=MAX_WIDTH).contains(&w).then_some(w)
}

/// Whether line `a` was filled up to the wrap width `w`, given the next line `b`.
fn is_full(a: &Line, b: &Line, w: usize) -> bool {
    let tolerance = (w / 8).max(4);
    a.len + 1 + b.first_len + tolerance > w
}

/// Smallest indentation in a block.
fn min_indent(lines: &[Line]) -> usize {
    lines.iter().map(|l| l.indent).min().unwrap_or(0)
}

/// Statistics of one block (consecutive non-blank lines).
fn block_stats(lines: &[Line], w: usize) -> Stats {
    let indent = min_indent(lines);
    let mut s = Stats::default();
    for pair in lines.windows(2) {
        let (a, b) = (&pair[0], &pair[1]);
        if b.indent > indent || b.is_bullet() {
            continue;
        }
        s.breaks += 1;
        s.full += usize::from(is_full(a, b, w));
        s.lower += usize::from(b.starts_lower());
    }
    s
}

/// Statistics summed over all blocks of the document.
fn doc_stats(lines: &[Line]) -> Stats {
    let mut total = Stats::default();
    for block in lines.split(|l| l.is_blank() || l.para) {
        if let Some(w) = width(block) {
            let s = block_stats(block, w);
            total.breaks += s.breaks;
            total.full += s.full;
            total.lower += s.lower;
        }
    }
    total
}

/// Pushes the hard breaks between the lines of one block (not the break after the
/// block's last line).
fn mark_block(lines: &[Line], doc: Stats, hard: &mut Vec<usize>) {
    let wrapped_width = width(lines).filter(|&w| {
        let s = block_stats(lines, w);
        if s.breaks >= 3 {
            s.wrapped()
        } else {
            doc.breaks >= 3 && doc.wrapped() && (s.breaks == 0 || s.full * 2 >= s.breaks)
        }
    });
    let indent = min_indent(lines);
    for pair in lines.windows(2) {
        let (a, b) = (&pair[0], &pair[1]);
        let soft = wrapped_width.is_some_and(|w| {
            let continues =
                is_full(a, b, w) || (a.is_open() && (b.starts_lower() || a.len * 2 >= w));
            continues && b.indent <= indent && !b.is_bullet()
        });
        if !soft {
            if let Some(brk) = a.brk {
                hard.push(brk);
            }
        }
    }
}
