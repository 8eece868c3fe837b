//! PETRARCH-2 compatibility: `entente dict convert` and `entente validate-petrarch`.

use std::collections::BTreeMap;
use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};

use anyhow::{bail, Context};
use chrono::NaiveDate;
use entente_coder::{Coder, Options};
use entente_document::Document;
use entente_nlp::Pipeline;
use entente_petrarch::{
    parse_validation, read_config, read_discards, DictionarySet, Discards, Expected, Target,
    Translation,
};
use rayon::prelude::*;

use crate::args::{DictConvertArgs, ValidatePetrarchArgs};
use crate::cmd::coder::{code_document, compile_petrarch};
use crate::{model, Outcome};

fn print_skipped(out: &mut impl Write, t: &Translation, verbose: bool) -> std::io::Result<()> {
    let mut reasons: BTreeMap<String, usize> = BTreeMap::new();
    for s in &t.skipped {
        // Group by the reason's kind (its text up to the first quote or parenthesis).
        let mut kind = String::new();
        let mut depth = 0;
        for c in s
            .reason
            .split('"')
            .step_by(2)
            .collect::<Vec<_>>()
            .join("…")
            .chars()
        {
            match c {
                '[' | '(' => depth += 1,
                ']' | ')' => depth -= 1,
                c if depth == 0 => kind.push(c),
                _ => {}
            }
        }
        let kind = kind.split_whitespace().collect::<Vec<_>>().join(" ");
        *reasons.entry(kind).or_default() += 1;
        if verbose {
            writeln!(
                out,
                "  not converted: {}:{}: {}",
                s.file.display(),
                s.line,
                s.reason
            )?;
        }
    }
    writeln!(
        out,
        "translated {} patterns; {} entries or patterns not expressible in our format",
        t.patterns,
        t.skipped.len()
    )?;
    for (k, n) in reasons {
        writeln!(out, "  {n:6}  {k}")?;
    }
    Ok(())
}

fn read_all_discards(set: &DictionarySet) -> anyhow::Result<Discards> {
    let mut d = Discards::default();
    for p in &set.discards {
        let bytes = fs::read(p).with_context(|| format!("cannot read {}", p.display()))?;
        d.extend(read_discards(p, &String::from_utf8_lossy(&bytes)));
    }
    Ok(d)
}

/// `entente dict convert`: writes the translation under OUTDIR and checks it compiles.
pub fn convert(args: &DictConvertArgs) -> anyhow::Result<Outcome> {
    let set = match (&args.petrarch_config, &args.petrarch) {
        (Some(ini), _) => read_config(ini)?,
        (None, Some(dir)) => DictionarySet::from_dir(dir)?,
        (None, None) => bail!("give --petrarch DIR or --petrarch-config FILE"),
    };
    let (dict, verbs, errors, t) = compile_petrarch(&set)?;
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    for e in &errors {
        writeln!(out, "error: {e}")?;
    }
    for f in &t.files {
        let sub = match f.target {
            Target::Actors => "actors",
            Target::Verbs => "verbs",
        };
        let dir = args.output.join(sub);
        fs::create_dir_all(&dir).with_context(|| format!("cannot create {}", dir.display()))?;
        let name = f
            .source
            .file_name()
            .map(PathBuf::from)
            .unwrap_or_else(|| PathBuf::from("dictionary.txt"));
        let mut path = dir.join(&name);
        if path.extension().is_none_or(|x| x != "txt") {
            path.set_extension("txt");
        }
        let header = format!(
            "# Translated by `entente dict convert` from the PETRARCH dictionary {}\n\n",
            f.source.display()
        );
        fs::write(&path, format!("{header}{}", f.text))
            .with_context(|| format!("cannot write {}", path.display()))?;
        writeln!(out, "wrote {}", path.display())?;
    }
    print_skipped(&mut out, &t, args.verbose)?;
    let discards = read_all_discards(&set)?;
    if !discards.is_empty() {
        writeln!(
            out,
            "{} discard phrases not converted: our format has no discard lists",
            discards.len()
        )?;
    }
    writeln!(
        out,
        "compiled: {} actor entries, {} phrases, {} verb patterns; {} error(s)",
        dict.entries().len(),
        dict.phrase_count(),
        verbs.len(),
        errors.len()
    )?;
    Ok(if errors.is_empty() {
        Outcome::Done
    } else {
        Outcome::SomeFailed
    })
}

type EventSet = Vec<(String, String, String)>;

/// `entente validate-petrarch`.
pub fn validate(args: &ValidatePetrarchArgs) -> anyhow::Result<Outcome> {
    let bytes =
        fs::read(&args.file).with_context(|| format!("cannot read {}", args.file.display()))?;
    let dir = args.file.parent().unwrap_or(Path::new("."));
    let v = parse_validation(&String::from_utf8_lossy(&bytes), dir)
        .map_err(|e| anyhow::anyhow!("{}: {e}", args.file.display()))?;
    let (dict, verbs, errors, t) = compile_petrarch(&v.dictionaries)?;
    for e in &errors {
        eprintln!("entente: {e}");
    }
    if !errors.is_empty() && !args.lenient {
        bail!(
            "{} dictionary error(s); fix them, or run with --lenient to skip the bad lines",
            errors.len()
        );
    }
    let discards = read_all_discards(&v.dictionaries)?;
    let coder = Coder::new(
        dict,
        verbs,
        Options {
            keep_negated: false,
            keep_claimed: false,
        },
    );
    let (model, _) = model::load(&args.model)?;
    let pipeline = Pipeline::new(model);
    let records: Vec<_> = v.records.iter().filter(|r| r.sentence).collect();
    let results: Vec<(bool, EventSet)> = records
        .par_iter()
        .map(|r| {
            let mut doc = Document::from_text(&r.id, &r.text);
            doc.date = NaiveDate::parse_from_str(&r.date, "%Y%m%d").ok();
            let mut got: EventSet = if discards.matches(&r.text) {
                Vec::new()
            } else {
                code_document(&pipeline, &coder, &doc, None)
                    .1
                    .into_iter()
                    .map(|e| (e.source.code, e.target.code, e.code))
                    .collect()
            };
            got.sort();
            got.dedup();
            let pass = match &r.expected {
                Expected::NoEvents => got.is_empty(),
                Expected::Events(want) => *want == got,
            };
            (pass, got)
        })
        .collect();
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    if args.verbose {
        print_skipped(&mut out, &t, true)?;
    }
    let fmt = |s: &EventSet| {
        if s.is_empty() {
            "(none)".to_string()
        } else {
            s.iter()
                .map(|(a, b, c)| format!("{a} {b} {c}"))
                .collect::<Vec<_>>()
                .join("; ")
        }
    };
    let mut per: BTreeMap<&str, (usize, usize)> = BTreeMap::new();
    for (r, (pass, got)) in records.iter().zip(&results) {
        let e = per.entry(r.category.as_str()).or_default();
        e.1 += 1;
        if *pass {
            e.0 += 1;
        } else if args.verbose {
            let want = match &r.expected {
                Expected::NoEvents => "noevents".to_string(),
                Expected::Events(w) => fmt(w),
            };
            writeln!(out, "FAIL {} [{}] {}", r.id, r.category, r.text)?;
            writeln!(out, "     expected: {want}")?;
            writeln!(out, "     produced: {}", fmt(got))?;
        }
    }
    writeln!(out, "{:<12} {:>6} {:>6}", "category", "passed", "of")?;
    for (c, (p, n)) in &per {
        writeln!(out, "{c:<12} {p:>6} {n:>6}")?;
    }
    let passed = results.iter().filter(|(p, _)| *p).count();
    writeln!(out, "{:<12} {passed:>6} {:>6}", "total", results.len())?;
    if !args.verbose {
        writeln!(
            out,
            "({} PETRARCH entries or patterns were not expressible; -v lists them and each failure)",
            t.skipped.len()
        )?;
    }
    if let Some(min) = args.min_pass {
        if passed < min {
            eprintln!("entente: {passed} records passed, below the floor {min}");
            return Ok(Outcome::SomeFailed);
        }
    }
    Ok(Outcome::Done)
}
