//! `entente eval`: events scored against gold with the reference scorer's definitions.

use std::collections::BTreeMap;
use std::fs::File;
use std::io::{BufWriter, Write};

use anyhow::Context;
use entente_coder::eval::{load_gold, load_system, norm, score, Miss, SysEvent};
use entente_document::Document;
use entente_nlp::Pipeline;
use rayon::prelude::*;

use crate::args::EventEvalArgs;
use crate::cmd::coder::{build, code_document, parse_date};
use crate::{model, Outcome};

/// Scores and prints root and exact levels.
pub fn run(args: &EventEvalArgs) -> anyhow::Result<Outcome> {
    let gold = load_gold(&args.gold)?;
    let system: BTreeMap<String, Vec<SysEvent>> = match &args.system {
        Some(p) => load_system(p)?,
        None => {
            let coder = build(&args.coder)?;
            let (model, _) = model::load(&args.coder.model)?;
            let pipeline = Pipeline::new(model);
            let coded: Vec<_> = gold
                .docs
                .par_iter()
                .map(|(id, g)| {
                    let mut doc = Document::from_text(id, &g.text);
                    let date = parse_date(g.date.as_deref().and_then(|d| d.get(..10)))
                        .ok()
                        .flatten();
                    if date.is_some() {
                        doc.date = date;
                    }
                    code_document(&pipeline, &coder, &doc, None).1
                })
                .collect();
            if let Some(p) = &args.system_output {
                let mut w = BufWriter::new(
                    File::create(p).with_context(|| format!("cannot create {}", p.display()))?,
                );
                for e in coded.iter().flatten() {
                    serde_json::to_writer(&mut w, e)?;
                    w.write_all(b"\n")?;
                }
                w.flush()?;
            }
            let mut map: BTreeMap<String, Vec<SysEvent>> = BTreeMap::new();
            for e in coded.into_iter().flatten() {
                map.entry(e.doc_id.clone()).or_default().push(SysEvent {
                    sentence: norm(&e.sentence),
                    source: e.source.code.to_uppercase(),
                    target: e.target.code.to_uppercase(),
                    code: e.code,
                });
            }
            map
        }
    };
    let mut misses = Vec::new();
    let root = score(&gold, &system, false, args.verbose.then_some(&mut misses));
    let exact = score(&gold, &system, true, None);
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    for m in &misses {
        match m {
            Miss::FalsePositive { doc, what } => writeln!(out, "  FP {doc}: {what}")?,
            Miss::FalseNegative { doc, what } => writeln!(out, "  FN {doc}: {what}")?,
        }
    }
    writeln!(out, "root:  {}", root.line())?;
    writeln!(out, "exact: {}", exact.line())?;
    if let Some(min) = args.min_f1 {
        if root.f1 < min {
            eprintln!(
                "entente: root F1 {:.3} is below the floor {min:.3}",
                root.f1
            );
            return Ok(Outcome::SomeFailed);
        }
    }
    Ok(Outcome::Done)
}
