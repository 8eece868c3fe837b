//! CoNLL-U writer.
//!
//! Lines are written in file order: comments, then words by ID with each multi-word token
//! line just before its first word and each empty node just after its integer predecessor,
//! then a blank line. Writing what [`Reader`](crate::Reader) read from a well-formed file
//! reproduces the file (line endings become `\n`, a byte-order mark is dropped).

use std::io::{self, Write};

use crate::{MultiwordToken, Sentence, Word};

/// Writes one sentence followed by a blank line. Pass a buffered writer for speed.
pub fn write_sentence(w: &mut impl Write, s: &Sentence) -> io::Result<()> {
    for comment in &s.comments {
        if comment.is_empty() {
            w.write_all(b"#\n")?;
        } else {
            writeln!(w, "# {comment}")?;
        }
    }
    let mut tokens = s.tokens.iter().peekable();
    let mut empty_nodes = s.empty_nodes.iter().peekable();
    while let Some(node) = empty_nodes.next_if(|n| empty_node_predecessor(n) == 0) {
        writeln!(w, "{node}")?;
    }
    for word in &s.words {
        while let Some(token) = tokens.next_if(|t| t.first <= word.id) {
            write_token(w, token)?;
        }
        write_word(w, word)?;
        while let Some(node) = empty_nodes.next_if(|n| empty_node_predecessor(n) <= word.id) {
            writeln!(w, "{node}")?;
        }
    }
    for token in tokens {
        write_token(w, token)?;
    }
    for node in empty_nodes {
        writeln!(w, "{node}")?;
    }
    w.write_all(b"\n")
}

/// Writes sentences one after the other (each followed by a blank line).
pub fn write_sentences<'a>(
    w: &mut impl Write,
    sentences: impl IntoIterator<Item = &'a Sentence>,
) -> io::Result<()> {
    for sentence in sentences {
        write_sentence(w, sentence)?;
    }
    Ok(())
}

fn write_word(w: &mut impl Write, word: &Word) -> io::Result<()> {
    write!(
        w,
        "{}\t{}\t{}\t{}\t{}\t{}\t",
        word.id, word.form, word.lemma, word.upos, word.xpos, word.feats
    )?;
    match word.head {
        Some(head) => write!(w, "{head}")?,
        None => w.write_all(b"_")?,
    }
    writeln!(w, "\t{}\t{}\t{}", word.deprel, word.deps, word.misc)
}

fn write_token(w: &mut impl Write, token: &MultiwordToken) -> io::Result<()> {
    writeln!(
        w,
        "{}-{}\t{}\t_\t_\t_\t_\t_\t_\t_\t{}",
        token.first, token.last, token.form, token.misc
    )
}

/// The integer part of an empty node's ID (`8` for `8.1`); unparsable IDs sort last.
fn empty_node_predecessor(line: &str) -> u32 {
    line.split(['.', '\t'])
        .next()
        .and_then(|major| major.parse().ok())
        .unwrap_or(u32::MAX)
}
