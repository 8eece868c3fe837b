//! Documents in, for every command that reads them: read options from the arguments,
//! the filters before coding (empty, non-English, near-duplicates), the progress bar,
//! and the counts the closing summary reports.

use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::Instant;

use entente_dedup::{Deduper, Params, Signature, Verdict};
use entente_document::{
    identify_language, noise_lines, Document, InputKind, Item, JsonFields, Language, ReadOptions,
    SkipReason,
};
use indicatif::{ProgressBar, ProgressStyle};

use crate::args::IngestArg;

/// Notes about skipped documents shown one by one before they are only counted.
const NOTES_SHOWN: usize = 10;

/// The read options the arguments ask for, counting raw bytes into `progress`.
pub fn read_options(arg: &IngestArg, progress: Arc<AtomicU64>) -> ReadOptions {
    ReadOptions {
        json: JsonFields {
            id: arg.id_field.clone(),
            text: arg.text_field.clone(),
            date: arg.date_field.clone(),
            title: arg.title_field.clone(),
            url: arg.url_field.clone(),
            source: arg.source_field.clone(),
        },
        max_page_bytes: arg.max_page_mb.saturating_mul(1 << 20),
        progress: Some(progress),
    }
}

/// What the run did, for the closing summary.
#[derive(Debug, Default, Clone)]
pub struct Stats {
    /// Documents read.
    pub read: usize,
    /// Documents kept for coding (cleaned, English, not a copy).
    pub kept: usize,
    /// Near-duplicates of a kept document.
    pub duplicates: usize,
    /// Skipped: not English.
    pub non_english: usize,
    /// Skipped: a WARC response that is not HTML.
    pub non_html: usize,
    /// Skipped: a WARC response whose HTTP status is not 200.
    pub http_status: usize,
    /// Inputs (or parts) that could not be read.
    pub unreadable: usize,
    /// Skipped: no text left after cleaning.
    pub empty: usize,
    /// Sentences analysed.
    pub sentences: usize,
    /// Events written.
    pub events: usize,
}

impl Stats {
    /// The closing summary, one line.
    pub fn summary(&self, secs: f64) -> String {
        let mut skipped = Vec::new();
        for (n, what) in [
            (self.non_english, "non-English"),
            (self.non_html, "non-HTML"),
            (self.http_status, "HTTP error"),
            (self.unreadable, "unreadable"),
            (self.empty, "empty"),
        ] {
            if n > 0 {
                skipped.push(format!("{n} {what}"));
            }
        }
        let skipped = if skipped.is_empty() {
            "none".to_string()
        } else {
            skipped.join(", ")
        };
        format!(
            "read {} documents, {} cleaned and coded, {} duplicates; skipped: {skipped}; \
             {} sentences, {} events; {secs:.1} s ({:.0} documents/s)",
            self.read,
            self.kept,
            self.duplicates,
            self.sentences,
            self.events,
            self.read as f64 / secs.max(1e-9)
        )
    }
}

/// What becomes of a document.
pub enum Admit {
    /// Code it; it is the `n`th kept document (0-based).
    Keep(Document, u32),
    /// A copy of kept document `n`.
    CopyOf(Document, u32),
    /// Skipped (counted).
    Skip,
}

/// The filters between reading and coding, with their counts.
pub struct Intake {
    /// Counts so far.
    pub stats: Stats,
    dedup: Option<Deduper<u32>>,
    notes: usize,
    /// The progress bar warnings are printed around.
    pub bar: ProgressBar,
    start: Instant,
    progress: Arc<AtomicU64>,
}

impl Intake {
    /// Filters for `arg` (deduplication when asked), with a progress bar over `total`
    /// input bytes (a spinner when unknown) unless `quiet` or standard error is not a
    /// terminal.
    pub fn new(arg: &IngestArg, total: Option<u64>, quiet: bool) -> anyhow::Result<Intake> {
        let dedup = if arg.dedup {
            Some(Deduper::new(Params {
                threshold: arg.dedup_threshold,
                ..Params::default()
            })?)
        } else {
            None
        };
        let show = !quiet && std::io::stderr().is_terminal();
        Ok(Intake {
            stats: Stats::default(),
            dedup,
            notes: 0,
            bar: progress_bar(show, total),
            start: Instant::now(),
            progress: Arc::new(AtomicU64::new(0)),
        })
    }

    /// The counter the readers add raw input bytes to.
    pub fn progress(&self) -> Arc<AtomicU64> {
        self.progress.clone()
    }

    /// Seconds since the start.
    pub fn elapsed(&self) -> f64 {
        self.start.elapsed().as_secs_f64()
    }

    /// Moves the progress bar to the bytes read so far and shows the counts.
    pub fn tick(&self) {
        if self.bar.is_hidden() {
            return;
        }
        self.bar.set_position(self.progress.load(Ordering::Relaxed));
        let secs = self.elapsed().max(1e-9);
        self.bar.set_message(format!(
            "{} documents ({:.0}/s), {} duplicates, {} events",
            self.stats.read,
            self.stats.read as f64 / secs,
            self.stats.duplicates,
            self.stats.events
        ));
    }

    /// Prints one line above the progress bar.
    pub fn say(&self, line: &str) {
        self.bar.suspend(|| eprintln!("entente: {line}"));
    }

    /// Takes one reader item: problems are reported and counted, documents filtered.
    pub fn take(&mut self, item: Item) -> Admit {
        match item {
            Item::Doc(doc) => self.admit(doc),
            Item::Failed(e) => {
                self.stats.unreadable += 1;
                self.say(&e.to_string());
                Admit::Skip
            }
            Item::Skipped { reason, .. } => {
                match reason {
                    SkipReason::NotHtml => self.stats.non_html += 1,
                    SkipReason::HttpStatus(_) => self.stats.http_status += 1,
                }
                Admit::Skip
            }
            Item::Warning(w) => {
                self.say(&format!("warning: {w}"));
                Admit::Skip
            }
        }
    }

    /// Filters one document: empty after cleaning, not English, or a near-duplicate.
    pub fn admit(&mut self, doc: Document) -> Admit {
        self.stats.read += 1;
        let clean = cleaned_text(&doc.text);
        if clean.split_whitespace().next().is_none() {
            self.stats.empty += 1;
            self.note(&format!("{}: no text after cleaning, skipped", doc.origin));
            return Admit::Skip;
        }
        if let Language::Other { code, name } = identify_language(&clean, doc.language.as_deref()) {
            self.stats.non_english += 1;
            self.note(&format!("{}: {name} ({code}), not coded", doc.origin));
            return Admit::Skip;
        }
        let n = self.stats.kept as u32;
        if let Some(d) = &mut self.dedup {
            let sig = Signature::of(&clean, d.params());
            if let Verdict::CopyOf(orig) = d.observe_signature(n, &sig) {
                self.stats.duplicates += 1;
                return Admit::CopyOf(doc, orig);
            }
        }
        self.stats.kept += 1;
        Admit::Keep(doc, n)
    }

    fn note(&mut self, line: &str) {
        self.notes += 1;
        if self.notes <= NOTES_SHOWN {
            self.say(&format!("note: {line}"));
        } else if self.notes == NOTES_SHOWN + 1 {
            self.say("note: further skipped documents are only counted in the summary");
        }
    }
}

/// The text without the lines the cleaner marks as noise (consent notices, "Read more"
/// links, photo credits), for language identification and near-duplicate detection.
pub fn cleaned_text(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut at = 0;
    for span in noise_lines(text) {
        let r = span.range();
        if r.start >= at {
            out.push_str(&text[at..r.start]);
            at = r.end;
        }
    }
    out.push_str(&text[at..]);
    out
}

/// Total size of the inputs (files, and the readable files in folders); `None` for
/// standard input.
pub fn input_bytes(paths: &[PathBuf]) -> Option<u64> {
    fn walk(p: &Path, top: bool) -> Option<u64> {
        let meta = std::fs::metadata(p).ok()?;
        if meta.is_dir() {
            let mut n = 0;
            for e in std::fs::read_dir(p).ok()?.flatten() {
                n += walk(&e.path(), false).unwrap_or(0);
            }
            Some(n)
        } else if top || InputKind::of(p).is_some() {
            Some(meta.len())
        } else {
            Some(0)
        }
    }
    let mut total = 0;
    for p in paths {
        if p.as_os_str() == "-" {
            return None;
        }
        total += walk(p, true).unwrap_or(0);
    }
    Some(total)
}

/// A progress bar over input bytes (a spinner for standard input), hidden unless `show`.
pub fn progress_bar(show: bool, total: Option<u64>) -> ProgressBar {
    if !show {
        return ProgressBar::hidden();
    }
    match total {
        Some(t) => {
            let b = ProgressBar::new(t);
            b.set_style(
                ProgressStyle::with_template(
                    "{bar:30} {percent:>3}% {bytes}/{total_bytes}  {msg}  ETA {eta}",
                )
                .unwrap_or_else(|_| ProgressStyle::default_bar()),
            );
            b
        }
        None => {
            let b = ProgressBar::new_spinner();
            b.set_style(
                ProgressStyle::with_template("{spinner} {msg} {elapsed}")
                    .unwrap_or_else(|_| ProgressStyle::default_spinner()),
            );
            b
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cleaning_drops_noise_lines() {
        let t = "Russia imposed sanctions on Iran.\nREAD MORE: Other news\nIran protested.";
        let c = cleaned_text(t);
        assert!(c.contains("Russia imposed") && c.contains("Iran protested"));
        assert!(!c.contains("READ MORE"));
    }
}
