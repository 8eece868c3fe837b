//! Writing analysed documents as CoNLL-U or JSON.

use entente_conllu as conllu;
use entente_nlp::Doc;
use serde::Serialize;

/// The sentences of `doc` as CoNLL-U, with multi-word tokens for clitic splits and a
/// `# text` comment per sentence. Sentence ids are `<doc_id>-<n>`.
pub fn doc_to_conllu(doc: &Doc, doc_id: &str) -> Vec<conllu::Sentence> {
    (0..doc.sentences.len())
        .map(|s| sentence_to_conllu(doc, s, doc_id))
        .collect()
}

/// Sentence `s` of `doc` as CoNLL-U (see [`doc_to_conllu`]).
pub fn sentence_to_conllu(doc: &Doc, s: usize, doc_id: &str) -> conllu::Sentence {
    let (words, anns) = doc.sentence(s);
    let span = doc.sentences[s].span;
    let mut out = conllu::Sentence {
        comments: vec![
            format!("sent_id = {doc_id}-{}", s + 1),
            format!("text = {}", one_line(&doc.text[span.range()])),
        ],
        ..Default::default()
    };
    if s == 0 {
        out.comments.insert(0, format!("newdoc id = {doc_id}"));
    }
    let mut i = 0;
    while i < words.len() {
        let mut j = i + 1;
        while j < words.len() && words[j].token == words[i].token {
            j += 1;
        }
        if j - i > 1 {
            let span = words[i].span.cover(words[j - 1].span);
            out.tokens.push(conllu::MultiwordToken {
                first: i as u32 + 1,
                last: j as u32,
                form: doc.text[span.range()].to_string(),
                misc: misc(words[j - 1].space_after),
            });
        }
        for k in i..j {
            let a = &anns[k];
            let in_mwt = j - i > 1;
            out.words.push(conllu::Word {
                id: k as u32 + 1,
                form: words[k].form(&doc.text).to_string(),
                lemma: a.lemma.clone(),
                upos: a.upos.to_string(),
                xpos: a.xpos.clone(),
                feats: "_".into(),
                head: Some(a.head),
                deprel: a.deprel.clone(),
                deps: "_".into(),
                misc: if in_mwt {
                    "_".into()
                } else {
                    misc(words[k].space_after)
                },
            });
        }
        i = j;
    }
    out
}

fn misc(space_after: bool) -> String {
    if space_after {
        "_".into()
    } else {
        "SpaceAfter=No".into()
    }
}

/// Sentence text on one line (CoNLL-U comments cannot span lines).
fn one_line(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// A document as JSON.
#[derive(Serialize)]
pub struct JsonDoc<'a> {
    /// The input name.
    pub doc_id: &'a str,
    /// Sentences.
    pub sentences: Vec<JsonSentence<'a>>,
}

/// A sentence as JSON.
#[derive(Serialize)]
pub struct JsonSentence<'a> {
    /// The sentence text as it appears in the input.
    pub text: &'a str,
    /// Character offsets of the sentence in the document: [start, end).
    pub span: [usize; 2],
    /// Words.
    pub words: Vec<JsonWord<'a>>,
}

/// A word as JSON.
#[derive(Serialize)]
pub struct JsonWord<'a> {
    /// 1-based position in the sentence.
    pub id: usize,
    /// Form.
    pub form: &'a str,
    /// Lemma.
    pub lemma: &'a str,
    /// Universal POS tag.
    pub upos: &'static str,
    /// Penn Treebank tag.
    pub xpos: &'a str,
    /// Head (0 = root).
    pub head: u32,
    /// Dependency relation.
    pub deprel: &'a str,
    /// Character offsets in the document: [start, end).
    pub span: [usize; 2],
}

/// A document as JSON, with character (Unicode scalar) offsets.
pub fn doc_to_json<'a>(doc: &'a Doc, doc_id: &'a str) -> JsonDoc<'a> {
    let chars = CharIndex::new(&doc.text);
    let sentences = (0..doc.sentences.len())
        .map(|s| {
            let (words, anns) = doc.sentence(s);
            let span = doc.sentences[s].span;
            JsonSentence {
                text: &doc.text[span.range()],
                span: [chars.of(span.start), chars.of(span.end)],
                words: words
                    .iter()
                    .zip(anns)
                    .enumerate()
                    .map(|(i, (w, a))| JsonWord {
                        id: i + 1,
                        form: w.form(&doc.text),
                        lemma: &a.lemma,
                        upos: a.upos.as_str(),
                        xpos: &a.xpos,
                        head: a.head,
                        deprel: &a.deprel,
                        span: [chars.of(w.span.start), chars.of(w.span.end)],
                    })
                    .collect(),
            }
        })
        .collect();
    JsonDoc { doc_id, sentences }
}

/// Maps byte offsets of a text to character offsets in O(1) after O(n) set-up.
pub struct CharIndex {
    /// Character count before each byte offset that starts a character (and the end).
    before: Vec<usize>,
}

impl CharIndex {
    /// Indexes `text`.
    pub fn new(text: &str) -> CharIndex {
        let mut before = vec![0; text.len() + 1];
        let mut n = 0;
        for (b, _) in text.char_indices() {
            before[b] = n;
            n += 1;
        }
        before[text.len()] = n;
        CharIndex { before }
    }

    /// The character offset of a byte offset on a character boundary.
    pub fn of(&self, byte: usize) -> usize {
        self.before.get(byte).copied().unwrap_or(0)
    }
}
