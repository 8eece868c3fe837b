//! `entente code`: documents in, events out (JSON Lines), in input order.
//!
//! Reading, cleaning, language identification and near-duplicate detection run in input
//! order on one thread (`crate::intake`); analysis and coding run in parallel batches
//! whose results are written in input order.
//!
//! With `--dedup`, a copy may arrive after its original's events were written, so events
//! go to a spool file first; at the end of input every event is written with
//! `num_articles` (1 + the copies of its document, as GDELT's NumArticles) and `copies`
//! (their ids). Memory stays flat: the spool is on disk.

use std::fs::File;
use std::io::{BufRead, BufReader, BufWriter, Seek, Write};
use std::path::{Path, PathBuf};

use anyhow::Context;
use chrono::NaiveDate;
use entente_coder::Coder;
use entente_document::{read_input, Document};
use entente_nlp::Pipeline;
use rayon::prelude::*;

use crate::args::{CodeArgs, CoderArg};
use crate::cmd::coder::{build, code_document, parse_date};
use crate::input::paths_or_stdin;
use crate::intake::{input_bytes, read_options, Admit, Intake};
use crate::{model, Outcome};

/// Documents coded in parallel per batch; output stays in input order.
const BATCH: usize = 64;

/// Codes every input and writes the events.
pub fn run(args: &CodeArgs) -> anyhow::Result<Outcome> {
    let paths: Vec<PathBuf> = paths_or_stdin(&args.paths);
    let mut sink = EventSink::new(
        &args.coder,
        args.run.date.as_deref(),
        args.output.as_deref(),
        args.ingest.dedup,
    )?;
    let mut intake = Intake::new(&args.ingest, input_bytes(&paths), args.run.quiet)?;
    let opts = read_options(&args.ingest, intake.progress());
    let mut result = Ok(());
    for path in &paths {
        read_input(path, &opts, &mut |item| {
            if result.is_ok() {
                let admit = intake.take(item);
                result = sink.take(admit, &mut intake);
            }
        });
        result.as_ref().map_err(|e| anyhow::anyhow!("{e:#}"))?;
    }
    sink.finish(&mut intake)?;
    intake.bar.finish_and_clear();
    if !args.run.quiet {
        eprintln!("entente: {}", intake.stats.summary(intake.elapsed()));
    }
    Ok(if intake.stats.unreadable > 0 {
        Outcome::SomeFailed
    } else {
        Outcome::Done
    })
}

/// Admitted documents in, events out: coded in parallel batches, written in input order.
/// With a spool (`--dedup` on a finite input), events wait on disk until the end of input
/// so that each can carry its document's `num_articles` and `copies`.
pub struct EventSink {
    pipeline: Pipeline,
    coder: Coder,
    default_date: Option<NaiveDate>,
    out: Box<dyn Write>,
    spool: Option<BufWriter<File>>,
    /// Ids of each kept document's copies (only with a spool).
    copies: Vec<Vec<String>>,
    batch: Vec<(Document, u32)>,
}

impl EventSink {
    /// Loads the coder and model and opens the output (`None`: standard output).
    pub fn new(
        coder: &CoderArg,
        date: Option<&str>,
        output: Option<&Path>,
        spool: bool,
    ) -> anyhow::Result<EventSink> {
        let default_date = parse_date(date)?;
        let built = build(coder)?;
        let (model, _) = model::load(&coder.model)?;
        let out: Box<dyn Write> = match output {
            Some(p) => Box::new(BufWriter::new(
                File::create(p).with_context(|| format!("cannot create {}", p.display()))?,
            )),
            None => Box::new(BufWriter::new(std::io::stdout().lock())),
        };
        let spool = if spool {
            Some(BufWriter::new(
                tempfile::tempfile().context("cannot create a spool file for --dedup")?,
            ))
        } else {
            None
        };
        Ok(EventSink {
            pipeline: Pipeline::new(model),
            coder: built,
            default_date,
            out,
            spool,
            copies: Vec::new(),
            batch: Vec::with_capacity(BATCH),
        })
    }

    /// Takes what the intake decided about one document.
    pub fn take(&mut self, admit: Admit, intake: &mut Intake) -> anyhow::Result<()> {
        match admit {
            Admit::Keep(doc, n) => {
                if self.spool.is_some() {
                    self.copies.push(Vec::new());
                }
                self.batch.push((doc, n));
                if self.batch.len() >= BATCH {
                    self.flush(intake)?;
                }
            }
            Admit::CopyOf(doc, n) => {
                if let Some(c) = self.copies.get_mut(n as usize) {
                    c.push(doc.id);
                }
                if intake.stats.duplicates % 256 == 0 {
                    intake.tick();
                }
            }
            Admit::Skip => {}
        }
        Ok(())
    }

    /// Codes the pending documents and writes (or spools) their events.
    pub fn flush(&mut self, intake: &mut Intake) -> anyhow::Result<()> {
        let (pipeline, coder, date) = (&self.pipeline, &self.coder, self.default_date);
        let coded: Vec<_> = self
            .batch
            .par_iter()
            .map(|(d, _)| code_document(pipeline, coder, d, date))
            .collect();
        for ((doc, evs), (_, n)) in coded.into_iter().zip(self.batch.iter()) {
            intake.stats.sentences += doc.sentences.len();
            intake.stats.events += evs.len();
            for e in evs {
                match &mut self.spool {
                    Some(s) => {
                        write!(s, "{n}\t")?;
                        serde_json::to_writer(&mut *s, &e)?;
                        s.write_all(b"\n")?;
                    }
                    None => {
                        serde_json::to_writer(&mut self.out, &e)?;
                        self.out.write_all(b"\n")?;
                    }
                }
            }
        }
        self.out.flush()?;
        intake.tick();
        self.batch.clear();
        Ok(())
    }

    /// Codes what is left and writes the spooled events with their copies.
    pub fn finish(mut self, intake: &mut Intake) -> anyhow::Result<()> {
        self.flush(intake)?;
        if let Some(s) = self.spool.take() {
            let mut file = s.into_inner().map_err(|e| e.into_error())?;
            file.rewind()?;
            write_with_copies(BufReader::new(file), &self.copies, &mut self.out)?;
        }
        self.out.flush()?;
        Ok(())
    }
}

/// Copies the spooled events to `out`, each with `num_articles` and `copies` added.
fn write_with_copies(
    spool: impl BufRead,
    copies: &[Vec<String>],
    out: &mut dyn Write,
) -> anyhow::Result<()> {
    for line in spool.lines() {
        let line = line?;
        let (n, json) = line
            .split_once('\t')
            .context("spool file damaged: no tab")?;
        let n: usize = n.parse().context("spool file damaged: bad index")?;
        let json = json
            .strip_suffix('}')
            .context("spool file damaged: not a JSON object")?;
        let ids = copies.get(n).map(Vec::as_slice).unwrap_or(&[]);
        out.write_all(json.as_bytes())?;
        write!(out, ",\"num_articles\":{},\"copies\":", ids.len() + 1)?;
        serde_json::to_writer(&mut *out, ids)?;
        out.write_all(b"}\n")?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spooled_events_get_their_copies() {
        let spool = "0\t{\"doc_id\":\"a\"}\n1\t{\"doc_id\":\"b\"}\n0\t{\"doc_id\":\"a\",\"x\":1}\n";
        let copies = vec![vec!["a2".to_string(), "a3".to_string()], vec![]];
        let mut out = Vec::new();
        write_with_copies(spool.as_bytes(), &copies, &mut out).unwrap();
        let lines: Vec<serde_json::Value> = String::from_utf8(out)
            .unwrap()
            .lines()
            .map(|l| serde_json::from_str(l).unwrap())
            .collect();
        assert_eq!(lines[0]["num_articles"], 3);
        assert_eq!(lines[0]["copies"][1], "a3");
        assert_eq!(lines[1]["num_articles"], 1);
        assert_eq!(lines[2]["x"], 1);
        assert_eq!(lines[2]["num_articles"], 3);
    }
}
