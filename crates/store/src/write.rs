//! Writing coded documents: one transaction per batch, each document replaced whole.

use entente_coder::Event;
use entente_document::Document;
use rusqlite::{params, OptionalExtension, Transaction};
use serde::Serialize;
use sha2::{Digest, Sha256};

use crate::{Error, Store};

/// A proper-noun phrase that no dictionary entry matched.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mention {
    /// 0-based index of its sentence.
    pub sentence_index: usize,
    /// The phrase.
    pub text: String,
    /// Byte offsets in the document (stored as character offsets).
    pub span: [usize; 2],
}

/// Converts byte offsets into character offsets, fastest when asked in increasing
/// order.
struct CharCount<'t> {
    text: &'t str,
    byte: usize,
    chars: usize,
}

impl<'t> CharCount<'t> {
    fn new(text: &'t str) -> Self {
        CharCount {
            text,
            byte: 0,
            chars: 0,
        }
    }

    /// The character offset of byte `b` (clamped to the text; a byte inside a
    /// character counts as that character's start).
    fn at(&mut self, b: usize) -> usize {
        let b = b.min(self.text.len());
        if b < self.byte {
            self.byte = 0;
            self.chars = 0;
        }
        let mut end = b;
        while !self.text.is_char_boundary(end) {
            end -= 1;
        }
        if end > self.byte {
            self.chars += self.text[self.byte..end].chars().count();
            self.byte = end;
        }
        self.chars
    }
}

/// A coded document, ready to be stored.
#[derive(Debug, Clone)]
pub struct CodedDocument {
    /// The document as read.
    pub document: Document,
    /// Byte spans of its sentences, in order.
    pub sentences: Vec<[usize; 2]>,
    /// The events coded from it, in order.
    pub events: Vec<Event>,
    /// Unknown actor mentions.
    pub unknown: Vec<Mention>,
}

/// What a write did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct WriteSummary {
    /// Documents not stored before.
    pub added: usize,
    /// Documents whose content changed: the old rows were replaced.
    pub replaced: usize,
    /// Documents stored before with the same content: left as they were.
    pub unchanged: usize,
}

impl WriteSummary {
    /// Adds another summary's counts.
    pub fn add(&mut self, other: WriteSummary) {
        self.added += other.added;
        self.replaced += other.replaced;
        self.unchanged += other.unchanged;
    }
}

/// The hash that decides whether a document changed: its id, metadata and text.
pub fn content_hash(doc: &Document) -> String {
    let mut h = Sha256::new();
    let opt = |h: &mut Sha256, s: Option<&str>| {
        match s {
            Some(s) => {
                h.update([1u8]);
                h.update((s.len() as u64).to_le_bytes());
                h.update(s.as_bytes());
            }
            None => h.update([0u8]),
        };
    };
    opt(&mut h, Some(&doc.id));
    opt(&mut h, doc.title.as_deref());
    opt(&mut h, doc.date.map(|d| d.to_string()).as_deref());
    opt(&mut h, doc.url.as_deref());
    opt(&mut h, doc.source.as_deref());
    opt(&mut h, Some(&doc.text));
    h.finalize().iter().map(|b| format!("{b:02x}")).collect()
}

/// The day an event sorts and filters by: its date padded to a full day
/// (`2024-05` → `2024-05-01`), or empty when it has none.
pub fn day_of(date: Option<&str>) -> String {
    match date {
        None => String::new(),
        Some(d) if d.len() == 4 => format!("{d}-01-01"),
        Some(d) if d.len() == 7 => format!("{d}-01"),
        Some(d) => d.to_string(),
    }
}

impl Store {
    /// The content hash stored for a document id, if it is stored.
    pub fn stored_hash(&self, doc_id: &str) -> Result<Option<String>, Error> {
        Ok(self
            .conn
            .prepare_cached("SELECT content_hash FROM documents WHERE doc_id = ?1")?
            .query_row([doc_id], |r| r.get(0))
            .optional()?)
    }

    /// Stores a batch of coded documents in one transaction: a document already stored
    /// with the same content hash is left alone, one with another hash is replaced
    /// whole. Either the whole batch is committed or none of it.
    pub fn write(&mut self, docs: &[CodedDocument]) -> Result<WriteSummary, Error> {
        let tx = self.conn.transaction()?;
        let mut summary = WriteSummary::default();
        for d in docs {
            let hash = content_hash(&d.document);
            let old: Option<(i64, String)> = tx
                .prepare_cached("SELECT id, content_hash FROM documents WHERE doc_id = ?1")?
                .query_row([&d.document.id], |r| Ok((r.get(0)?, r.get(1)?)))
                .optional()?;
            match old {
                Some((_, h)) if h == hash => {
                    summary.unchanged += 1;
                    continue;
                }
                Some((id, _)) => {
                    tx.prepare_cached("DELETE FROM documents WHERE id = ?1")?
                        .execute([id])?;
                    summary.replaced += 1;
                }
                None => summary.added += 1,
            }
            insert_document(&tx, d, &hash)?;
        }
        tx.commit()?;
        Ok(summary)
    }
}

/// Inserts one document and everything coded from it.
fn insert_document(tx: &Transaction, d: &CodedDocument, hash: &str) -> Result<(), Error> {
    let doc = &d.document;
    tx.prepare_cached(
        "INSERT INTO documents (doc_id, content_hash, title, date, url, source, origin, text)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
    )?
    .execute(params![
        doc.id,
        hash,
        doc.title,
        doc.date.map(|d| d.to_string()),
        doc.url,
        doc.source,
        doc.origin,
        doc.text
    ])?;
    let doc_row = tx.last_insert_rowid();
    let mut sentence_rows = Vec::with_capacity(d.sentences.len());
    let mut chars = CharCount::new(&doc.text);
    {
        let mut st = tx.prepare_cached(
            "INSERT INTO sentences (doc, idx, start, end, byte_start, byte_end, text)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
        )?;
        for (i, &[start, end]) in d.sentences.iter().enumerate() {
            let text = doc.text.get(start..end).ok_or_else(|| {
                Error::BadQuery(format!(
                    "{}: sentence {i} span {start}..{end} is not in the text",
                    doc.id
                ))
            })?;
            let (c_start, c_end) = (chars.at(start), chars.at(end));
            st.execute(params![
                doc_row,
                i as i64,
                c_start as i64,
                c_end as i64,
                start as i64,
                end as i64,
                text
            ])?;
            sentence_rows.push(tx.last_insert_rowid());
        }
    }
    let sentence_row = |i: usize| -> Result<i64, Error> {
        sentence_rows.get(i).copied().ok_or_else(|| {
            Error::BadQuery(format!(
                "{}: sentence index {i} past the {} sentences",
                doc.id,
                sentence_rows.len()
            ))
        })
    };
    {
        let mut st = tx.prepare_cached(INSERT_EVENT)?;
        let mut actor = tx.prepare_cached(
            "INSERT INTO actors (code, country, agent, label) VALUES (?1, ?2, ?3, ?4)
             ON CONFLICT (code) DO NOTHING",
        )?;
        for e in &d.events {
            let sentence = sentence_row(e.sentence_index)?;
            let quantities = serde_json::to_string(&e.quantities)
                .map_err(|err| Error::Corrupt(format!("quantities of {}: {err}", e.event_id)))?;
            let via = |v: entente_coder::Via| match v {
                entente_coder::Via::Dictionary => "dictionary",
                entente_coder::Via::Coreference => "coreference",
            };
            let node = |p: &entente_coder::Party| p.country.clone().unwrap_or(p.code.clone());
            st.execute(params![
                e.event_id,
                doc_row,
                sentence,
                e.sentence_index as i64,
                e.date,
                e.date_text,
                day_of(e.date.as_deref()),
                e.source.code,
                e.source.country,
                e.source.agent,
                node(&e.source),
                e.source.text,
                e.source.span[0] as i64,
                e.source.span[1] as i64,
                via(e.source.via),
                e.source.label,
                e.target.code,
                e.target.country,
                e.target.agent,
                node(&e.target),
                e.target.text,
                e.target.span[0] as i64,
                e.target.span[1] as i64,
                via(e.target.via),
                e.target.label,
                e.code,
                e.root,
                e.quad_class,
                e.goldstein as f64,
                e.plover.as_ref().map(|p| &p.kind),
                e.plover.as_ref().and_then(|p| p.mode.as_ref()),
                e.trigger.text,
                e.trigger.lemma,
                e.trigger.span[0] as i64,
                e.trigger.span[1] as i64,
                e.attribution.as_ref().and_then(|a| a.code.as_ref()),
                e.attribution.as_ref().and_then(|a| a.text.as_ref()),
                e.attribution.as_ref().map(|a| &a.verb),
                modality_name(e.modality),
                quantities,
                e.pattern.text,
                e.pattern.at,
                e.symmetric,
            ])?;
            for p in [&e.source, &e.target] {
                actor.execute(params![p.code, p.country, p.agent, p.label])?;
            }
        }
    }
    let mut st = tx.prepare_cached(
        "INSERT INTO unknown_mentions (doc, sentence, text, start, end) VALUES (?1, ?2, ?3, ?4, ?5)",
    )?;
    for m in &d.unknown {
        st.execute(params![
            doc_row,
            sentence_row(m.sentence_index)?,
            m.text,
            chars.at(m.span[0]) as i64,
            chars.at(m.span[1]) as i64
        ])?;
    }
    Ok(())
}

/// The modality as the event record spells it.
pub fn modality_name(m: entente_coder::Modality) -> &'static str {
    use entente_coder::Modality as M;
    match m {
        M::Asserted => "asserted",
        M::Reported => "reported",
        M::Claimed => "claimed",
        M::Intended => "intended",
        M::Conditional => "conditional",
        M::Negated => "negated",
    }
}

/// The insert of one event row (43 values, in the table's column order after `id`).
pub(crate) const INSERT_EVENT: &str = "INSERT INTO events (
    event_id, doc, sentence, sentence_index, date, date_text, day,
    src_code, src_country, src_agent, src_node, src_text, src_start, src_end, src_via, src_label,
    tgt_code, tgt_country, tgt_agent, tgt_node, tgt_text, tgt_start, tgt_end, tgt_via, tgt_label,
    code, root, quad_class, goldstein, plover_type, plover_mode,
    trigger_text, trigger_lemma, trigger_start, trigger_end,
    attr_code, attr_text, attr_verb, modality, quantities, pattern_text, pattern_at, symmetric)
    VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18,
    ?19, ?20, ?21, ?22, ?23, ?24, ?25, ?26, ?27, ?28, ?29, ?30, ?31, ?32, ?33, ?34, ?35, ?36,
    ?37, ?38, ?39, ?40, ?41, ?42, ?43)";
