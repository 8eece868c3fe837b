//! `entente explain`: every decision the coder makes on a sentence or document.

use std::io::Write;

use entente_document::Document;
use entente_nlp::Pipeline;

use crate::args::ExplainArgs;
use crate::cmd::coder::{build, info, parse_date};
use crate::input::read_text;
use crate::output::sentence_to_conllu;
use crate::{model, Outcome};

/// Prints the analysis, the actor phrases, the patterns tried and the events.
pub fn run(args: &ExplainArgs) -> anyhow::Result<Outcome> {
    let date = parse_date(args.date.as_deref())?;
    let coder = build(&args.coder)?;
    let (model, _) = model::load(&args.coder.model)?;
    let pipeline = Pipeline::new(model);
    let doc = match (&args.text, &args.doc) {
        (Some(t), _) => Document::from_text("sentence", t),
        (None, Some(p)) => {
            let input = read_text(p).map_err(|m| anyhow::anyhow!(m))?;
            let stem = p
                .file_stem()
                .map(|s| s.to_string_lossy().into_owned())
                .unwrap_or_else(|| "doc".into());
            Document::from_text(&stem, &input.text)
        }
        (None, None) => anyhow::bail!("give a sentence or --doc FILE"),
    };
    let analysed = coder.analyze(&pipeline, &doc.text);
    let mut info = info(&doc, date);
    if let Some(n) = args.sentence {
        anyhow::ensure!(
            n < analysed.sentences.len(),
            "the document has {} sentences; --sentence {n} is out of range",
            analysed.sentences.len()
        );
        // Hide every other sentence from the coder by marking it as noise.
        info.noise.extend(
            analysed
                .sentences
                .iter()
                .enumerate()
                .filter(|(i, _)| *i != n)
                .map(|(_, s)| s.span),
        );
    }
    let mut trace = Vec::new();
    let events = coder.explain(&analysed, &info, &mut trace);
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    writeln!(out, "# analysis (CoNLL-U)")?;
    for s in 0..analysed.sentences.len() {
        if args.sentence.is_some_and(|n| n != s) {
            continue;
        }
        entente_conllu::write_sentence(&mut out, &sentence_to_conllu(&analysed, s, &doc.id))?;
    }
    writeln!(out, "# coding")?;
    for line in trace {
        if args.sentence.is_some() && line.contains("skipped, it is on a boilerplate line") {
            continue;
        }
        writeln!(out, "{line}")?;
    }
    writeln!(out, "# events ({})", events.len())?;
    for e in &events {
        serde_json::to_writer_pretty(&mut out, e)?;
        writeln!(out)?;
    }
    Ok(Outcome::Done)
}
