//! `entente dedup` (near-duplicate stories in real input) and `entente dedup-bench`
//! (speed, precision and recall on a synthetic corpus with planted copies).

use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::PathBuf;
use std::time::Instant;

use anyhow::Context;
use entente_dedup::synth::{generate, Spec};
use entente_dedup::{Deduper, Params, Signature, Verdict};
use entente_document::read_input;
use rayon::prelude::*;
use serde::Serialize;

use super::thread_cpu_secs;
use crate::args::{DedupArgs, DedupBenchArgs};
use crate::input::paths_or_stdin;
use crate::intake::{input_bytes, read_options, Admit, Intake};
use crate::Outcome;

#[derive(Serialize)]
struct CopyLine<'a> {
    id: &'a str,
    copy_of: &'a str,
    origin: &'a str,
}

/// Reads the inputs and prints one line per near-duplicate.
pub fn run(args: &DedupArgs) -> anyhow::Result<Outcome> {
    let mut out: Box<dyn Write> = match &args.output {
        Some(p) => Box::new(BufWriter::new(
            File::create(p).with_context(|| format!("cannot create {}", p.display()))?,
        )),
        None => Box::new(BufWriter::new(std::io::stdout().lock())),
    };
    let paths: Vec<PathBuf> = paths_or_stdin(&args.paths);
    let mut ingest = args.ingest.clone();
    ingest.dedup = true;
    let mut intake = Intake::new(&ingest, input_bytes(&paths), args.quiet)?;
    let opts = read_options(&ingest, intake.progress());
    let mut kept_ids: Vec<String> = Vec::new();
    let mut clusters = 0usize;
    let mut copies_of: Vec<u32> = Vec::new();
    let mut result = Ok(());
    for path in &paths {
        read_input(path, &opts, &mut |item| {
            if result.is_err() {
                return;
            }
            match intake.take(item) {
                Admit::Keep(doc, _) => {
                    kept_ids.push(doc.id);
                    copies_of.push(0);
                }
                Admit::CopyOf(doc, n) => {
                    let n = n as usize;
                    if copies_of[n] == 0 {
                        clusters += 1;
                    }
                    copies_of[n] += 1;
                    let line = CopyLine {
                        id: &doc.id,
                        copy_of: &kept_ids[n],
                        origin: &doc.origin,
                    };
                    result = serde_json::to_writer(&mut out, &line)
                        .map_err(anyhow::Error::from)
                        .and_then(|_| Ok(out.write_all(b"\n")?));
                }
                Admit::Skip => {}
            }
            if intake.stats.read % 1024 == 0 {
                intake.tick();
            }
        });
        result.as_ref().map_err(|e| anyhow::anyhow!("{e:#}"))?;
    }
    out.flush()?;
    intake.bar.finish_and_clear();
    if !args.quiet {
        let s = &intake.stats;
        let secs = intake.elapsed();
        eprintln!(
            "entente: read {} documents: {} originals, {} duplicates in {clusters} clusters of \
             2 or more; skipped {} (non-English {}, non-HTML {}, HTTP error {}, unreadable {}, \
             empty {}); {secs:.1} s ({:.0} documents/s)",
            s.read,
            s.kept,
            s.duplicates,
            s.non_english + s.non_html + s.http_status + s.unreadable + s.empty,
            s.non_english,
            s.non_html,
            s.http_status,
            s.unreadable,
            s.empty,
            s.read as f64 / secs.max(1e-9)
        );
    }
    Ok(if intake.stats.unreadable > 0 {
        Outcome::SomeFailed
    } else {
        Outcome::Done
    })
}

/// Generates a corpus, deduplicates it and reports speed, quality and memory.
pub fn bench(args: &DedupBenchArgs) -> anyhow::Result<Outcome> {
    let t = Instant::now();
    let corpus = generate(&Spec {
        docs: args.docs,
        copy_rate: args.copy_rate,
        seed: args.seed,
        ..Spec::default()
    });
    let bytes: usize = corpus.docs.iter().map(String::len).sum();
    println!(
        "corpus: {} documents, {:.1} MB, {} planted copies (generated in {:.1} s)",
        corpus.docs.len(),
        bytes as f64 / 1e6,
        corpus.planted_copies(),
        t.elapsed().as_secs_f64()
    );
    let params = Params {
        threshold: args.threshold,
        ..Params::default()
    };
    params.validate()?;
    // One core, end to end: signature and index lookup per document, in order.
    let mut d: Deduper<u32> = Deduper::new(params)?;
    let cpu = thread_cpu_secs();
    let t = Instant::now();
    let verdicts: Vec<Verdict<u32>> = corpus
        .docs
        .iter()
        .enumerate()
        .map(|(i, text)| d.observe(i as u32, text))
        .collect();
    let one_core = t.elapsed().as_secs_f64();
    let one_core_cpu = thread_cpu_secs().zip(cpu).map(|(b, a)| b - a);
    let memory = d.memory_bytes();
    // All cores for the signatures, then the index in order (as `code --dedup` could).
    let t = Instant::now();
    let sigs: Vec<Signature> = corpus
        .docs
        .par_iter()
        .map(|text| Signature::of(text, &params))
        .collect();
    let sig_secs = t.elapsed().as_secs_f64();
    let mut d2: Deduper<u32> = Deduper::new(params)?;
    let t = Instant::now();
    for (i, s) in sigs.iter().enumerate() {
        d2.observe_signature(i as u32, s);
    }
    let index_secs = t.elapsed().as_secs_f64();
    let (mut right, mut wrong) = (0usize, 0usize);
    for (i, v) in verdicts.iter().enumerate() {
        if let Verdict::CopyOf(j) = v {
            if corpus.story[*j as usize] == corpus.story[i] {
                right += 1;
            } else {
                wrong += 1;
            }
        }
    }
    let n = corpus.docs.len() as f64;
    println!(
        "one core:  {:.0} documents/s ({:.2} s, {:.0} MB/s){}",
        n / one_core.max(1e-9),
        one_core,
        bytes as f64 / 1e6 / one_core.max(1e-9),
        one_core_cpu.map_or(String::new(), |c| format!(
            "; by CPU time {:.0} documents/s ({c:.2} s on the CPU: the machine may be shared)",
            n / c.max(1e-9)
        ))
    );
    println!(
        "{} threads: signatures {:.0} documents/s, index {:.0} documents/s, together {:.0} documents/s",
        rayon::current_num_threads(),
        n / sig_secs.max(1e-9),
        n / index_secs.max(1e-9),
        n / (sig_secs + index_secs).max(1e-9)
    );
    println!(
        "found {} copies ({} right, {} wrong): precision {:.4}, recall {:.4}; {} originals",
        right + wrong,
        right,
        wrong,
        right as f64 / (right + wrong).max(1) as f64,
        right as f64 / corpus.planted_copies().max(1) as f64,
        d.originals()
    );
    if let Some(kb) = peak_rss_kb() {
        println!(
            "peak memory (VmHWM, corpus included): {:.1} MB",
            kb as f64 / 1024.0
        );
    }
    println!(
        "index memory: {:.1} MB ({:.0} bytes per original)",
        memory as f64 / 1e6,
        memory as f64 / d.originals().max(1) as f64
    );
    let rate = n / one_core.max(1e-9);
    if let Some(min) = args.min_docs_per_sec {
        anyhow::ensure!(
            rate >= min,
            "{rate:.0} documents/s on one core is below the floor of {min:.0}"
        );
    }
    let precision = right as f64 / (right + wrong).max(1) as f64;
    let recall = right as f64 / corpus.planted_copies().max(1) as f64;
    if let Some(min) = args.min_quality {
        anyhow::ensure!(
            precision >= min && recall >= min,
            "precision {precision:.4} or recall {recall:.4} is below the floor of {min}"
        );
    }
    Ok(Outcome::Done)
}

fn peak_rss_kb() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}
