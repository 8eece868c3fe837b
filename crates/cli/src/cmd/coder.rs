//! What the commands that code events share: building the coder from `--dict`,
//! coding one document.

use std::fs;
use std::path::{Path, PathBuf};

use anyhow::{bail, Context};
use chrono::NaiveDate;
use entente_actors::{DictError, Dictionary};
use entente_coder::{Coder, DocInfo, Event, Options, VerbDict};
use entente_document::{noise_lines, Document};
use entente_nlp::{Doc, Pipeline};
use entente_petrarch::{read_config, translate_set, DictionarySet, Translation};

use crate::args::CoderArg;

/// Reads every `.txt` file under `dir/sub`, sorted.
fn read_folder(dir: &Path, sub: &str) -> anyhow::Result<Vec<(PathBuf, String)>> {
    let folder = dir.join(sub);
    let mut files: Vec<PathBuf> = fs::read_dir(&folder)
        .with_context(|| format!("cannot read dictionary folder {}", folder.display()))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "txt"))
        .collect();
    files.sort();
    files
        .into_iter()
        .map(|p| {
            let text =
                fs::read_to_string(&p).with_context(|| format!("cannot read {}", p.display()))?;
            Ok((p, text))
        })
        .collect()
}

/// Compiles dictionaries: the built-in ones or those in `dir`. Returns the coder
/// parts and every problem found (the caller decides whether they are fatal).
pub fn compile(dir: Option<&Path>) -> anyhow::Result<(Dictionary, VerbDict, Vec<DictError>)> {
    let (actors, verbs) = match dir {
        Some(d) => (read_folder(d, "actors")?, read_folder(d, "verbs")?),
        None => {
            let own = |it: &mut dyn Iterator<Item = (&Path, &str)>| -> Vec<(PathBuf, String)> {
                it.map(|(p, t)| (p.to_path_buf(), t.to_string())).collect()
            };
            (
                own(&mut entente_actors::builtin_sources()),
                own(&mut entente_coder::builtin_verb_sources()),
            )
        }
    };
    let (dict, mut errors) =
        Dictionary::from_sources_lenient(actors.iter().map(|(p, t)| (p.as_path(), t.as_str())));
    let (verbs, verb_errors) =
        VerbDict::from_sources_lenient(verbs.iter().map(|(p, t)| (p.as_path(), t.as_str())));
    errors.extend(verb_errors);
    Ok((dict, verbs, errors))
}

/// The PETRARCH dictionary set a command asked for, if any (`--dictionaries
/// petrarch:DIR` or `--petrarch-config FILE`).
pub fn petrarch_set(arg: &CoderArg) -> anyhow::Result<Option<DictionarySet>> {
    if let Some(ini) = &arg.petrarch_config {
        return Ok(Some(read_config(ini)?));
    }
    let Some(spec) = &arg.dictionaries else {
        return Ok(None);
    };
    match spec.split_once(':') {
        Some(("petrarch", dir)) => Ok(Some(DictionarySet::from_dir(Path::new(dir))?)),
        _ => bail!("unknown --dictionaries {spec:?}: expected petrarch:DIR"),
    }
}

/// Translates and compiles a PETRARCH set; says on standard error what could not be
/// expressed (listed with `-v` by `dict convert` and `validate-petrarch`).
pub fn compile_petrarch(
    set: &DictionarySet,
) -> anyhow::Result<(Dictionary, VerbDict, Vec<DictError>, Translation)> {
    let translation = translate_set(set)?;
    let (dict, verbs, errors) = translation.compile();
    Ok((dict, verbs, errors, translation))
}

/// Builds the coder for a command, refusing broken dictionaries unless `--lenient`.
pub fn build(arg: &CoderArg) -> anyhow::Result<Coder> {
    let (dict, verbs, errors) = match petrarch_set(arg)? {
        Some(set) => {
            let (d, v, e, t) = compile_petrarch(&set)?;
            eprintln!(
                "entente: PETRARCH dictionaries: {} patterns translated, {} entries or patterns not expressible in our format (list them with `entente dict convert -v`)",
                t.patterns,
                t.skipped.len()
            );
            (d, v, e)
        }
        None => compile(arg.dict.as_deref())?,
    };
    for e in &errors {
        eprintln!("entente: {e}");
    }
    if !errors.is_empty() && !arg.lenient {
        bail!(
            "{} dictionary error(s); fix them, or run with --lenient to skip the bad lines",
            errors.len()
        );
    }
    Ok(Coder::new(
        dict,
        verbs,
        Options {
            keep_negated: arg.keep_negated,
            keep_claimed: arg.keep_claimed,
        },
    ))
}

/// Reads `--date`.
pub fn parse_date(s: Option<&str>) -> anyhow::Result<Option<NaiveDate>> {
    s.map(|d| {
        NaiveDate::parse_from_str(d, "%Y-%m-%d")
            .with_context(|| format!("bad --date {d:?}: expected YYYY-MM-DD"))
    })
    .transpose()
}

/// Analyses and codes one document.
pub fn code_document(
    pipeline: &Pipeline,
    coder: &Coder,
    doc: &Document,
    default_date: Option<NaiveDate>,
) -> (Doc, Vec<Event>) {
    let analysed = coder.analyze(pipeline, &doc.text);
    let info = info(doc, default_date);
    let events = coder.code(&analysed, &info);
    (analysed, events)
}

/// The coder's view of a document's metadata.
pub fn info(doc: &Document, default_date: Option<NaiveDate>) -> DocInfo {
    DocInfo {
        id: doc.id.clone(),
        date: doc.date.or(default_date),
        noise: noise_lines(&doc.text),
    }
}

/// Documents coded in parallel per batch; results stay in input order.
pub const BATCH: usize = 64;

/// What [`code_paths`] read.
#[derive(Debug, Default, Clone, Copy)]
pub struct ReadCounts {
    /// Documents read (coded or not).
    pub docs: usize,
    /// Inputs that could not be read (each reported on standard error).
    pub failed: usize,
}

/// Reads every document under `paths` and runs `work` on those `wanted` says need it,
/// in parallel batches of [`BATCH`]; `sink` gets each batch's results in input order.
/// Unreadable inputs are reported and counted; the first error of `sink` stops the run.
pub fn code_paths<T: Send>(
    paths: &[PathBuf],
    intake: &mut crate::intake::Intake,
    read: &crate::args::IngestArg,
    mut wanted: impl FnMut(&Document) -> bool,
    work: impl Fn(Document) -> T + Sync,
    mut sink: impl FnMut(Vec<T>) -> anyhow::Result<()>,
) -> anyhow::Result<ReadCounts> {
    use crate::intake::Admit;
    use rayon::prelude::*;
    let mut counts = ReadCounts::default();
    let mut batch: Vec<Document> = Vec::with_capacity(BATCH);
    let mut flush = |batch: &mut Vec<Document>| -> anyhow::Result<()> {
        let done: Vec<T> = std::mem::take(batch).into_par_iter().map(&work).collect();
        sink(done)
    };
    let opts = crate::intake::read_options(read, intake.progress());
    let mut result = Ok(());
    for path in paths {
        entente_document::read_input(path, &opts, &mut |item| {
            if result.is_err() {
                return;
            }
            // Empty, non-English and (with --dedup) copied documents stop here,
            // counted in the intake's summary.
            match intake.take(item) {
                Admit::Keep(doc, _) => {
                    counts.docs += 1;
                    if wanted(&doc) {
                        batch.push(doc);
                        if batch.len() >= BATCH {
                            result = flush(&mut batch);
                            intake.tick();
                        }
                    }
                }
                Admit::CopyOf(..) | Admit::Skip => {}
            }
        });
        result.as_ref().map_err(|e| anyhow::anyhow!("{e:#}"))?;
    }
    flush(&mut batch)?;
    counts.failed = intake.stats.unreadable;
    Ok(counts)
}
