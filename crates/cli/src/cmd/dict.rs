//! `entente dict check`: validate dictionaries and summarise them.

use std::io::Write;

use entente_actors::Kind;

use crate::args::DictCheckArgs;
use crate::cmd::coder::compile;
use crate::Outcome;

/// Reports every error (file:line) and a summary; exit 1 when there are errors.
pub fn check(args: &DictCheckArgs) -> anyhow::Result<Outcome> {
    let (dict, verbs, errors) = compile(args.dir.as_deref())?;
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    for e in &errors {
        writeln!(out, "error: {e}")?;
    }
    for w in dict.warnings() {
        writeln!(out, "warning: {w}")?;
    }
    let count = |k: Kind| dict.entries().iter().filter(|e| e.kind == k).count();
    writeln!(
        out,
        "actors: {} states, {} regions, {} organisations, {} groups, {} people, {} agents; {} phrases",
        count(Kind::Country),
        count(Kind::Region),
        count(Kind::Igo),
        count(Kind::Group),
        count(Kind::Person),
        count(Kind::Agent),
        dict.phrase_count()
    )?;
    let roots = verbs.roots();
    let per_root: Vec<String> = (1..=20).map(|r| format!("{r:02}:{}", roots[r])).collect();
    writeln!(
        out,
        "verbs: {} patterns ({})",
        verbs.len(),
        per_root.join(" ")
    )?;
    // Codes CAMEO does not list are allowed (refinements, other ontologies) but worth
    // a look: a typo in a section header lands here too.
    let extensions = verbs.extension_codes();
    for (code, n) in &extensions {
        writeln!(
            out,
            "warning: code [{code}] ({n} pattern(s)) is not listed in CAMEO: no quad class, Goldstein score or PLOVER type unless a listed parent supplies them"
        )?;
    }
    writeln!(
        out,
        "{} error(s), {} warning(s)",
        errors.len(),
        dict.warnings().len() + extensions.len()
    )?;
    Ok(if errors.is_empty() {
        Outcome::Done
    } else {
        Outcome::SomeFailed
    })
}
