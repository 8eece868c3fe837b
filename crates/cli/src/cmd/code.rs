//! `entente code`: documents in, events out (JSON Lines), in input order.

use std::fs::File;
use std::io::{BufWriter, IsTerminal, Write};
use std::path::PathBuf;
use std::time::Instant;

use anyhow::Context;
use entente_nlp::Pipeline;
use indicatif::{ProgressBar, ProgressStyle};

use crate::args::CodeArgs;
use crate::cmd::coder::{build, code_document, code_paths, parse_date};
use crate::input::paths_or_stdin;
use crate::{model, Outcome};

/// Codes every input and writes the events.
pub fn run(args: &CodeArgs) -> anyhow::Result<Outcome> {
    let start = Instant::now();
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
    let show = !args.quiet && std::io::stderr().is_terminal();
    let bar = if show {
        let b = ProgressBar::new_spinner();
        b.set_style(
            ProgressStyle::with_template("{spinner} {pos} documents ({per_sec}) {elapsed} {msg}")
                .unwrap_or_else(|_| ProgressStyle::default_spinner()),
        );
        b
    } else {
        ProgressBar::hidden()
    };
    let mut sentences = 0usize;
    let mut events = 0usize;
    let paths: Vec<PathBuf> = paths_or_stdin(&args.paths);
    let counts = code_paths(
        &paths,
        &bar,
        |_| true,
        |d| code_document(&pipeline, &coder, &d, default_date),
        |coded| {
            let n = coded.len();
            for (doc, evs) in coded {
                sentences += doc.sentences.len();
                events += evs.len();
                for e in evs {
                    serde_json::to_writer(&mut *out, &e)?;
                    out.write_all(b"\n")?;
                }
            }
            bar.inc(n as u64);
            bar.set_message(format!("{events} events"));
            Ok(())
        },
    )?;
    let (docs, failed) = (counts.docs, counts.failed);
    out.flush()?;
    bar.finish_and_clear();
    if !args.quiet {
        let secs = start.elapsed().as_secs_f64();
        eprintln!(
            "entente: {docs} documents, {sentences} sentences, {events} events, {failed} failed, {secs:.1} s ({:.0} sentences/s)",
            sentences as f64 / secs.max(1e-9)
        );
    }
    Ok(if failed > 0 {
        Outcome::SomeFailed
    } else {
        Outcome::Done
    })
}
