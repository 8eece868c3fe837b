//! The line syntax shared by all dictionary files: comments, `[...]` headers and
//! `field: value; value` lines.

/// One meaningful line of a dictionary file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Line<'a> {
    /// `[inside] rest`: the text between the brackets and the label after them.
    Header {
        /// Text inside the brackets, trimmed.
        inside: &'a str,
        /// Text after the closing bracket, trimmed.
        label: &'a str,
    },
    /// `name: v1; v2`, with the values trimmed (empty values kept, so they can be reported).
    Field {
        /// The field name before the colon.
        name: &'a str,
        /// Everything after the colon.
        rest: &'a str,
    },
    /// Any other non-blank line (a verb pattern, or an error in an actor file).
    Other(&'a str),
}

/// Removes a comment: `#` at the start of the line or after whitespace.
pub fn strip_comment(line: &str) -> &str {
    let bytes = line.as_bytes();
    for (i, &b) in bytes.iter().enumerate() {
        if b == b'#' && (i == 0 || bytes[i - 1].is_ascii_whitespace()) {
            return &line[..i];
        }
    }
    line
}

/// Iterates over the meaningful lines of `text` with their 1-based numbers.
pub fn lines(text: &str) -> impl Iterator<Item = (usize, Line<'_>)> {
    text.lines().enumerate().filter_map(|(i, raw)| {
        let line = strip_comment(raw).trim();
        if line.is_empty() {
            return None;
        }
        Some((i + 1, classify(line)))
    })
}

fn classify(line: &str) -> Line<'_> {
    if let Some(rest) = line.strip_prefix('[') {
        if let Some(close) = rest.find(']') {
            return Line::Header {
                inside: rest[..close].trim(),
                label: rest[close + 1..].trim(),
            };
        }
        return Line::Other(line);
    }
    if let Some(colon) = line.find(':') {
        let name = line[..colon].trim();
        if !name.is_empty() && name.bytes().all(|b| b.is_ascii_lowercase() || b == b'_') {
            return Line::Field {
                name,
                rest: line[colon + 1..].trim(),
            };
        }
    }
    Line::Other(line)
}

/// Splits a field's values on `;`, trimming each.
pub fn values(rest: &str) -> impl Iterator<Item = &str> {
    rest.split(';').map(str::trim)
}

/// True when `code` is a well-formed actor code: upper-case ASCII letters, digits, `-`.
pub fn is_code(code: &str) -> bool {
    !code.is_empty()
        && code
            .bytes()
            .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit() || b == b'-')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn comments_headers_fields() {
        let text = "# top\n[country RUS] Russia # note\nname: Russia; Russian Federation\n\nC# is a word\n";
        let got: Vec<_> = lines(text).collect();
        assert_eq!(
            got,
            vec![
                (
                    2,
                    Line::Header {
                        inside: "country RUS",
                        label: "Russia"
                    }
                ),
                (
                    3,
                    Line::Field {
                        name: "name",
                        rest: "Russia; Russian Federation"
                    }
                ),
                (5, Line::Other("C# is a word")),
            ]
        );
        assert_eq!(values("a; b ;c").collect::<Vec<_>>(), ["a", "b", "c"]);
        assert!(is_code("IGOUNO") && is_code("---REB") && !is_code("rus"));
    }
}
