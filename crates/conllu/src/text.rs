//! Raw text of a CoNLL-U file, for evaluating a pipeline that starts from text.

use crate::Sentence;

/// Reconstructs the raw text of a file.
///
/// A sentence's text is its `# text = ` comment when present, else its surface tokens
/// (multi-word token forms, other word forms) joined by single spaces except after tokens
/// marked `SpaceAfter=No`. Within a paragraph sentences are joined by one space; a sentence
/// with a `# newpar` or `# newdoc` comment starts a new paragraph, separated by `\n\n`.
/// No newline is added at the end.
pub fn document_text(sentences: &[Sentence]) -> String {
    let mut text = String::new();
    for (i, sentence) in sentences.iter().enumerate() {
        if i > 0 {
            let new_paragraph = sentence.starts_paragraph() || sentence.starts_document();
            text.push_str(if new_paragraph { "\n\n" } else { " " });
        }
        match sentence.comment_value("text") {
            Some(value) => text.push_str(value),
            None => push_tokens(&mut text, sentence),
        }
    }
    text
}

/// Appends the surface tokens of a sentence, spaced as MISC says.
fn push_tokens(text: &mut String, sentence: &Sentence) {
    let mut tokens = sentence.tokens.iter().peekable();
    let mut space_pending = false;
    let mut words = sentence.words.iter();
    while let Some(word) = words.next() {
        if space_pending {
            text.push(' ');
        }
        while tokens.next_if(|t| t.last < word.id).is_some() {}
        match tokens.next_if(|t| t.first <= word.id) {
            Some(token) => {
                text.push_str(&token.form);
                space_pending = !token.no_space_after();
                while words.as_slice().first().is_some_and(|w| w.id <= token.last) {
                    words.next();
                }
            }
            None => {
                text.push_str(&word.form);
                space_pending = !word.no_space_after();
            }
        }
    }
}
