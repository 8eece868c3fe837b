//! A forgiving HTML tokenizer: start tags with attributes, end tags and text, in one
//! linear pass. Comments, doctypes and processing instructions are skipped; the content
//! of `script`, `style` and the other raw-text elements is handed out as one token.

use memchr::{memchr, memmem};

/// One token of a page. Slices borrow from the input.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Token<'a> {
    /// `<name attr=value ...>`; `self_closing` for `<name/>`.
    Start {
        /// The tag name as written (not yet lower-cased).
        name: &'a str,
        /// The raw text between the name and the closing `>`.
        attrs: &'a str,
        /// Whether the tag ended in `/>`.
        self_closing: bool,
    },
    /// `</name>`.
    End(&'a str),
    /// Character data, entities not yet decoded.
    Text(&'a str),
    /// The content of a raw-text element (`script`, `style`, ...), undecoded.
    Raw(&'a str),
}

/// Elements whose content is not markup.
fn is_raw_text(name: &str) -> bool {
    [
        "script",
        "style",
        "textarea",
        "title",
        "xmp",
        "iframe",
        "noembed",
        "noframes",
        "noscript",
        "plaintext",
    ]
    .iter()
    .any(|t| t.eq_ignore_ascii_case(name))
}

/// Tokenizer over a whole page.
pub(crate) struct Lexer<'a> {
    src: &'a str,
    pos: usize,
    /// Set after a raw-text start tag: the next token is its content up to `</name`.
    raw_until: Option<&'a str>,
}

impl<'a> Lexer<'a> {
    pub(crate) fn new(src: &'a str) -> Self {
        Lexer {
            src,
            pos: 0,
            raw_until: None,
        }
    }
}

impl<'a> Iterator for Lexer<'a> {
    type Item = Token<'a>;

    fn next(&mut self) -> Option<Token<'a>> {
        let src = self.src;
        let bytes = src.as_bytes();
        if let Some(name) = self.raw_until.take() {
            let start = self.pos;
            let end = find_end_tag(&bytes[start..], name).map_or(bytes.len(), |e| start + e);
            self.pos = end;
            if end > start {
                return Some(Token::Raw(&src[start..end]));
            }
        }
        loop {
            let start = self.pos;
            if start >= bytes.len() {
                return None;
            }
            if bytes[start] != b'<' {
                let end = memchr(b'<', &bytes[start..]).map_or(bytes.len(), |e| start + e);
                self.pos = end;
                return Some(Token::Text(&src[start..end]));
            }
            let next = bytes.get(start + 1).copied().unwrap_or(0);
            if next.is_ascii_alphabetic() {
                let name_end = scan_name(bytes, start + 1);
                let (attrs_end, close) = scan_tag_end(bytes, name_end);
                self.pos = close;
                let name = &src[start + 1..name_end];
                let mut attrs = &src[name_end..attrs_end];
                let self_closing = attrs.ends_with('/');
                if self_closing {
                    attrs = &attrs[..attrs.len() - 1];
                }
                if !self_closing && is_raw_text(name) {
                    self.raw_until = Some(name);
                }
                return Some(Token::Start {
                    name,
                    attrs,
                    self_closing,
                });
            }
            if next == b'/' {
                let after = bytes.get(start + 2).copied().unwrap_or(0);
                if after.is_ascii_alphabetic() {
                    let name_end = scan_name(bytes, start + 2);
                    let close =
                        memchr(b'>', &bytes[name_end..]).map_or(bytes.len(), |e| name_end + e + 1);
                    self.pos = close;
                    return Some(Token::End(&src[start + 2..name_end]));
                }
                // `</>` or `</ junk>`: a bogus comment.
                self.pos = memchr(b'>', &bytes[start..]).map_or(bytes.len(), |e| start + e + 1);
                continue;
            }
            if next == b'!' {
                if bytes[start..].starts_with(b"<!--") {
                    self.pos = memmem::find(&bytes[start + 4..], b"-->")
                        .map_or(bytes.len(), |e| start + 4 + e + 3);
                } else if bytes[start..].starts_with(b"<![CDATA[") {
                    let from = start + 9;
                    let end =
                        memmem::find(&bytes[from..], b"]]>").map_or(bytes.len(), |e| from + e);
                    self.pos = (end + 3).min(bytes.len());
                    return Some(Token::Text(&src[from..end]));
                } else {
                    self.pos = memchr(b'>', &bytes[start..]).map_or(bytes.len(), |e| start + e + 1);
                }
                continue;
            }
            if next == b'?' {
                self.pos = memchr(b'>', &bytes[start..]).map_or(bytes.len(), |e| start + e + 1);
                continue;
            }
            // A lone `<` is text.
            let end = memchr(b'<', &bytes[start + 1..]).map_or(bytes.len(), |e| start + 1 + e);
            self.pos = end;
            return Some(Token::Text(&src[start..end]));
        }
    }
}

fn scan_name(bytes: &[u8], from: usize) -> usize {
    let mut i = from;
    while i < bytes.len()
        && !matches!(
            bytes[i],
            b' ' | b'\t' | b'\n' | b'\r' | b'\x0c' | b'/' | b'>'
        )
    {
        i += 1;
    }
    i
}

/// From just after the tag name: the end of the attribute text and the position after
/// the closing `>`, skipping `>` inside quoted values.
fn scan_tag_end(bytes: &[u8], from: usize) -> (usize, usize) {
    let mut i = from;
    let mut quote = 0u8;
    // A quote only opens after `=` (possibly with spaces between).
    let mut after_eq = false;
    while i < bytes.len() {
        let b = bytes[i];
        if quote != 0 {
            if b == quote {
                quote = 0;
            }
        } else if b == b'>' {
            return (i, i + 1);
        } else if (b == b'"' || b == b'\'') && after_eq {
            // An unterminated quote would swallow the page: only accept it when it closes.
            if memchr(b, &bytes[i + 1..]).is_some() {
                quote = b;
            }
        }
        if !b.is_ascii_whitespace() {
            after_eq = b == b'=';
        }
        i += 1;
    }
    (bytes.len(), bytes.len())
}

/// Offset of `</name` (any case) in `hay`.
fn find_end_tag(hay: &[u8], name: &str) -> Option<usize> {
    let n = name.len();
    let mut from = 0;
    while let Some(p) = memmem::find(&hay[from..], b"</") {
        let at = from + p;
        let tail = &hay[at + 2..];
        if tail.len() >= n && tail[..n].eq_ignore_ascii_case(name.as_bytes()) {
            let after = tail.get(n).copied().unwrap_or(b'>');
            if matches!(after, b'>' | b' ' | b'\t' | b'\n' | b'\r' | b'/' | b'\x0c') {
                return Some(at);
            }
        }
        from = at + 2;
    }
    None
}

/// Iterates over `name=value` pairs of a tag's attribute text; names are lower-cased by
/// the caller's comparison, values are raw (entities not decoded).
pub(crate) fn attributes(attrs: &str) -> impl Iterator<Item = (&str, &str)> {
    let bytes = attrs.as_bytes();
    let mut i = 0;
    std::iter::from_fn(move || {
        while i < bytes.len() && (bytes[i].is_ascii_whitespace() || bytes[i] == b'/') {
            i += 1;
        }
        if i >= bytes.len() {
            return None;
        }
        let ns = i;
        while i < bytes.len()
            && !matches!(
                bytes[i],
                b'=' | b' ' | b'\t' | b'\n' | b'\r' | b'\x0c' | b'/'
            )
        {
            i += 1;
        }
        if i == ns {
            // A stray `=`: skip it.
            i += 1;
            return Some(("", ""));
        }
        let name = &attrs[ns..i];
        let mut j = i;
        while j < bytes.len() && bytes[j].is_ascii_whitespace() {
            j += 1;
        }
        if j >= bytes.len() || bytes[j] != b'=' {
            return Some((name, ""));
        }
        j += 1;
        while j < bytes.len() && bytes[j].is_ascii_whitespace() {
            j += 1;
        }
        if j < bytes.len() && (bytes[j] == b'"' || bytes[j] == b'\'') {
            let q = bytes[j];
            let vs = j + 1;
            let ve = memchr(q, &bytes[vs..]).map_or(bytes.len(), |e| vs + e);
            i = (ve + 1).min(bytes.len());
            return Some((name, &attrs[vs..ve]));
        }
        let vs = j;
        while j < bytes.len() && !bytes[j].is_ascii_whitespace() {
            j += 1;
        }
        i = j;
        Some((name, &attrs[vs..j]))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens() {
        let toks: Vec<_> =
            Lexer::new("<P class='a>b'>x &amp; y<!-- c --><br/><script>if (a<b) {}</script></p>")
                .collect();
        assert_eq!(
            toks,
            vec![
                Token::Start {
                    name: "P",
                    attrs: " class='a>b'",
                    self_closing: false
                },
                Token::Text("x &amp; y"),
                Token::Start {
                    name: "br",
                    attrs: "",
                    self_closing: true
                },
                Token::Start {
                    name: "script",
                    attrs: "",
                    self_closing: false
                },
                Token::Raw("if (a<b) {}"),
                Token::End("script"),
                Token::End("p"),
            ]
        );
        let a: Vec<_> = attributes(" class=\"x y\" id=z hidden data-a = 'q'").collect();
        assert_eq!(
            a,
            vec![
                ("class", "x y"),
                ("id", "z"),
                ("hidden", ""),
                ("data-a", "q")
            ]
        );
    }

    #[test]
    fn broken_markup_ends() {
        for s in [
            "<",
            "<a",
            "<a href='",
            "</",
            "<!--",
            "<script>",
            "<![CDATA[x",
            "a<b",
            "<a b=\"c>d",
        ] {
            let _ = Lexer::new(s).count();
        }
    }
}
