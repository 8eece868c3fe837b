//! `entente code`: documents in, events out (JSON Lines), in input order.
//!
//! Reading, cleaning, language identification and near-duplicate detection run in input
//! order on one thread (`crate::ingest`); analysis and coding run in parallel batches
//! whose results are written in input order.
//!
//! With `--dedup`, a copy may arrive after its original's events were written, so events
//! go to a spool file first; at the end of input every event is written with
//! `num_articles` (1 + the copies of its document, as GDELT's NumArticles) and `copies`
//! (their ids). Memory stays flat: the spool is on disk.

use std::fs::File;
use std::io::{BufRead, BufReader, BufWriter, Seek, Write};
use std::path::PathBuf;

use anyhow::Context;
use entente_document::{read_input, Document};
use entente_nlp::Pipeline;
use rayon::prelude::*;

use crate::args::CodeArgs;
use crate::cmd::coder::{build, code_document, parse_date};
use crate::ingest::{read_options, Admit, Intake};
use crate::input::paths_or_stdin;
use crate::{model, Outcome};

/// Documents coded in parallel per batch; output stays in input order.
const BATCH: usize = 64;

/// Codes every input and writes the events.
pub fn run(args: &CodeArgs) -> anyhow::Result<Outcome> {
    let default_date = parse_date(args.date.as_deref())?;
    let coder = build(&args.coder)?;
    let (model, _) = model::load(&args.coder.model)?;
    let pipeline = Pipeline::new(model);
    let mut out: Box<dyn Write> = match &args.output {
        Some(p) => Box::new(BufWriter::new(
            File::create(p).with_context(|| format!("cannot create {}", p.display()))?,
        )),
        None => Box::new(BufWriter::new(std::io::stdout().lock())),
    };
    let paths: Vec<PathBuf> = paths_or_stdin(&args.paths);
    let mut intake = Intake::new(&args.ingest, &paths, args.quiet)?;
    let opts = read_options(&args.ingest, intake.progress());
    // With --dedup: events wait in a spool, `<kept index>\t<json>` per line.
    let mut spool = if args.ingest.dedup {
        Some(BufWriter::new(
            tempfile::tempfile().context("cannot create a spool file for --dedup")?,
        ))
    } else {
        None
    };
    // Ids of each kept document's copies (only with --dedup).
    let mut copies: Vec<Vec<String>> = Vec::new();
    let mut batch: Vec<(Document, u32)> = Vec::with_capacity(BATCH);
    let flush = |batch: &mut Vec<(Document, u32)>,
                 intake: &mut Intake,
                 out: &mut Box<dyn Write>,
                 spool: &mut Option<BufWriter<File>>|
     -> anyhow::Result<()> {
        let coded: Vec<_> = batch
            .par_iter()
            .map(|(d, _)| code_document(&pipeline, &coder, d, default_date))
            .collect();
        for ((doc, evs), (_, n)) in coded.into_iter().zip(batch.iter()) {
            intake.stats.sentences += doc.sentences.len();
            intake.stats.events += evs.len();
            for e in evs {
                match spool {
                    Some(s) => {
                        write!(s, "{n}\t")?;
                        serde_json::to_writer(&mut *s, &e)?;
                        s.write_all(b"\n")?;
                    }
                    None => {
                        serde_json::to_writer(&mut *out, &e)?;
                        out.write_all(b"\n")?;
                    }
                }
            }
        }
        intake.tick();
        batch.clear();
        Ok(())
    };
    let mut result = Ok(());
    for path in &paths {
        read_input(path, &opts, &mut |item| {
            if result.is_err() {
                return;
            }
            match intake.take(item) {
                Admit::Keep(doc, n) => {
                    if spool.is_some() {
                        copies.push(Vec::new());
                    }
                    batch.push((doc, n));
                    if batch.len() >= BATCH {
                        result = flush(&mut batch, &mut intake, &mut out, &mut spool);
                    }
                }
                Admit::CopyOf(doc, n) => {
                    if let Some(c) = copies.get_mut(n as usize) {
                        c.push(doc.id);
                    }
                    if intake.stats.duplicates % 256 == 0 {
                        intake.tick();
                    }
                }
                Admit::Skip => {}
            }
        });
        result.as_ref().map_err(|e| anyhow::anyhow!("{e:#}"))?;
    }
    flush(&mut batch, &mut intake, &mut out, &mut spool)?;
    if let Some(s) = spool.take() {
        let mut file = s.into_inner().map_err(|e| e.into_error())?;
        file.rewind()?;
        write_with_copies(BufReader::new(file), &copies, &mut out)?;
    }
    out.flush()?;
    intake.bar.finish_and_clear();
    if !args.quiet {
        eprintln!("entente: {}", intake.stats.summary(intake.elapsed()));
    }
    Ok(if intake.stats.unreadable > 0 {
        Outcome::SomeFailed
    } else {
        Outcome::Done
    })
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
