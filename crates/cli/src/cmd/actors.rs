//! `entente actors`: actor phrases found in documents; `--unknown` lists proper names
//! that no dictionary entry matches, so users can grow the dictionaries.

use std::collections::HashMap;
use std::io::Write;

use entente_document::{noise_lines, read_path};
use std::ops::Range;

use entente_coder::Coder;
use entente_nlp::{Annotation, Doc, Pipeline, Upos};
use entente_store::Mention;
use entente_text::Span;

use crate::args::ActorsArgs;
use crate::cmd::coder::build;
use crate::input::paths_or_stdin;
use crate::{model, Outcome};

/// Counts known actor phrases, or unknown proper-noun phrases, over all inputs.
pub fn run(args: &ActorsArgs) -> anyhow::Result<Outcome> {
    let coder = build(&args.coder)?;
    let (model, _) = model::load(&args.coder.model)?;
    let pipeline = Pipeline::new(model);
    let mut counts: HashMap<String, usize> = HashMap::new();
    let mut failed = 0;
    for path in paths_or_stdin(&args.paths) {
        read_path(
            &path,
            &mut |d| {
                let doc = match d {
                    Ok(d) => d,
                    Err(e) => {
                        eprintln!("entente: {e}");
                        failed += 1;
                        return;
                    }
                };
                let noise = noise_lines(&doc.text);
                let a = coder.analyze(&pipeline, &doc.text);
                for s in article_sentences(&a, &noise) {
                    let (words, ann) = a.sentence(s);
                    let forms: Vec<&str> = words.iter().map(|w| w.form(&a.text)).collect();
                    let found = coder.actors().find(&forms);
                    let mut known = vec![false; forms.len()];
                    for m in &found {
                        known[m.start..m.end].iter_mut().for_each(|k| *k = true);
                        if !args.unknown {
                            let label = if m.entry.code.is_empty() {
                                &m.entry.label
                            } else {
                                &m.entry.code
                            };
                            *counts
                                .entry(format!("{}\t{}", forms[m.start..m.end].join(" "), label))
                                .or_default() += 1;
                        }
                    }
                    if args.unknown {
                        for (_, phrase) in unknown_runs(&forms, ann, &known) {
                            *counts.entry(phrase).or_default() += 1;
                        }
                    }
                }
            },
            &mut |w| eprintln!("entente: warning: {w}"),
        );
    }
    let mut rows: Vec<(String, usize)> = counts.into_iter().collect();
    rows.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    for (phrase, n) in rows.into_iter().take(args.limit) {
        writeln!(out, "{n}\t{phrase}")?;
    }
    Ok(if failed > 0 {
        Outcome::SomeFailed
    } else {
        Outcome::Done
    })
}

/// Runs of proper nouns not covered by a known actor phrase (dates and stray letters
/// left out): the first word of each run and its words joined by spaces.
fn unknown_runs(forms: &[&str], ann: &[Annotation], known: &[bool]) -> Vec<(Range<usize>, String)> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < forms.len() {
        if ann[i].upos == Upos::Propn && !known[i] {
            let start = i;
            while i < forms.len() && ann[i].upos == Upos::Propn && !known[i] {
                i += 1;
            }
            let span = &forms[start..i];
            if !is_time_or_noise(span) {
                out.push((start..i, span.join(" ")));
            }
        } else {
            i += 1;
        }
    }
    out
}

/// The unknown actor phrases of an analysed document (sentences on noise lines
/// skipped), as `entente actors --unknown` counts them, with their byte spans.
pub fn unknown_mentions(coder: &Coder, a: &Doc, noise: &[Span]) -> Vec<Mention> {
    let mut out = Vec::new();
    for s in article_sentences(a, noise) {
        let (words, ann) = a.sentence(s);
        let forms: Vec<&str> = words.iter().map(|w| w.form(&a.text)).collect();
        let mut known = vec![false; forms.len()];
        for m in coder.actors().find(&forms) {
            known[m.start..m.end].iter_mut().for_each(|k| *k = true);
        }
        for (r, text) in unknown_runs(&forms, ann, &known) {
            out.push(Mention {
                sentence_index: s,
                text,
                span: [words[r.start].span.start, words[r.end - 1].span.end],
            });
        }
    }
    out
}

/// The indices of the sentences that do not touch a noise line.
fn article_sentences<'a>(a: &'a Doc, noise: &'a [Span]) -> impl Iterator<Item = usize> + 'a {
    (0..a.sentences.len()).filter(move |&s| {
        let span = a.sentences[s].span;
        !noise
            .iter()
            .any(|n| n.start < span.end && span.start < n.end)
    })
}

/// Dates and stray letters are proper nouns to the tagger but never actors.
fn is_time_or_noise(span: &[&str]) -> bool {
    span.iter().all(|w| {
        entente_coder::weekday(w).is_some()
            || entente_coder::month(w).is_some()
            || w.chars().filter(|c| c.is_alphabetic()).count() < 2
    })
}
