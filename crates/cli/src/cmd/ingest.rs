//! `entente ingest`: the `code` pipeline, written into an event database.
//!
//! Documents are coded in parallel batches as by `code`; a writer thread stores each
//! batch in one transaction while the next is coded. Documents already stored with
//! the same content are not coded again, which is how a killed run resumes.

use std::path::{Path, PathBuf};
use std::sync::mpsc;
use std::time::Instant;

use anyhow::Context;
use chrono::NaiveDate;
use entente_coder::Coder;
use entente_document::noise_lines;
use entente_nlp::Pipeline;
use entente_store::{content_hash, CodedDocument, Store, WriteSummary};

use crate::args::{IngestArg, IngestArgs};
use crate::cmd::actors::unknown_mentions;
use crate::cmd::coder::{build, code_document, code_paths, parse_date};
use crate::input::paths_or_stdin;
use crate::intake::{input_bytes, Intake};
use crate::{model, Outcome};

/// What an ingest did.
#[derive(Debug, Default, Clone, Copy)]
pub struct IngestReport {
    /// Documents read.
    pub docs: usize,
    /// Inputs that could not be read.
    pub failed: usize,
    /// Sentences of the documents coded.
    pub sentences: usize,
    /// Events of the documents coded.
    pub events: usize,
    /// What the writes did (documents skipped before coding count as unchanged).
    pub written: WriteSummary,
}

/// Codes `paths` into the database at `db` (created when missing).
pub fn ingest(
    db: &Path,
    paths: &[PathBuf],
    coder: &Coder,
    pipeline: &Pipeline,
    default_date: Option<NaiveDate>,
    intake: &mut Intake,
    read: &IngestArg,
) -> anyhow::Result<IngestReport> {
    let mut store =
        Store::open(db).with_context(|| format!("cannot open database {}", db.display()))?;
    let lookup = Store::open_read_only(db)
        .with_context(|| format!("cannot open database {}", db.display()))?;
    let mut report = IngestReport::default();
    let mut skipped = 0usize;
    let (tx, rx) = mpsc::sync_channel::<Vec<CodedDocument>>(2);
    let writer = std::thread::spawn(move || -> anyhow::Result<WriteSummary> {
        let mut total = WriteSummary::default();
        for batch in rx {
            total.add(store.write(&batch)?);
        }
        store.optimize()?;
        Ok(total)
    });
    let mut lookup_error = None;
    let counts = code_paths(
        paths,
        intake,
        read,
        |d| match lookup.stored_hash(&d.id) {
            Ok(Some(h)) if h == content_hash(d) => {
                skipped += 1;
                false
            }
            Ok(_) => true,
            Err(e) => {
                lookup_error.get_or_insert(e);
                true
            }
        },
        |d| {
            let (analysed, events) = code_document(pipeline, coder, &d, default_date);
            let unknown = unknown_mentions(coder, &analysed, &noise_lines(&d.text));
            CodedDocument {
                sentences: analysed
                    .sentences
                    .iter()
                    .map(|s| [s.span.start, s.span.end])
                    .collect(),
                document: d,
                events,
                unknown,
            }
        },
        |batch| {
            report.sentences += batch.iter().map(|d| d.sentences.len()).sum::<usize>();
            report.events += batch.iter().map(|d| d.events.len()).sum::<usize>();
            if tx.send(batch).is_err() {
                anyhow::bail!("the database writer stopped");
            }
            Ok(())
        },
    );
    drop(tx);
    // The writer's error explains a stopped run better than the send failure.
    let written = writer
        .join()
        .map_err(|_| anyhow::anyhow!("the database writer panicked"))?
        .with_context(|| format!("cannot write to {}", db.display()))?;
    let read = counts?;
    if let Some(e) = lookup_error {
        return Err(e).with_context(|| format!("cannot read {}", db.display()));
    }
    report.docs = read.docs;
    report.failed = read.failed;
    report.written = written;
    report.written.unchanged += skipped;
    Ok(report)
}

/// Runs `entente ingest`.
pub fn run(args: &IngestArgs) -> anyhow::Result<Outcome> {
    let start = Instant::now();
    let default_date = parse_date(args.run.date.as_deref())?;
    let coder = build(&args.coder)?;
    let (model, _) = model::load(&args.coder.model)?;
    let pipeline = Pipeline::new(model);
    let paths = paths_or_stdin(&args.paths);
    let mut intake = Intake::new(&args.ingest, input_bytes(&paths), args.run.quiet)?;
    let r = ingest(
        &args.db.db,
        &paths,
        &coder,
        &pipeline,
        default_date,
        &mut intake,
        &args.ingest,
    )?;
    intake.bar.finish_and_clear();
    intake.stats.sentences = r.sentences;
    intake.stats.events = r.events;
    if !args.run.quiet {
        eprintln!("entente: {}", intake.stats.summary(intake.elapsed()));
        let secs = start.elapsed().as_secs_f64();
        eprintln!(
            "entente: {} documents ({} added, {} replaced, {} unchanged), {} sentences and {} events coded, {} failed, {secs:.1} s ({:.0} sentences/s) into {}",
            r.docs,
            r.written.added,
            r.written.replaced,
            r.written.unchanged,
            r.sentences,
            r.events,
            r.failed,
            r.sentences as f64 / secs.max(1e-9),
            args.db.db.display()
        );
    }
    Ok(if r.failed > 0 {
        Outcome::SomeFailed
    } else {
        Outcome::Done
    })
}
