//! `entente export`: events from a database as JSON Lines, CSV, GDELT 2.0 TSV or Parquet.

use std::fs::File;
use std::io::{BufWriter, Write};

use anyhow::Context;

use crate::args::{ExportArgs, ExportFormat};
use crate::cmd::query::{filter, open};
use crate::Outcome;

/// Runs `entente export`.
pub fn run(args: &ExportArgs) -> anyhow::Result<Outcome> {
    let store = open(&args.db)?;
    let f = filter(&args.filter);
    let to_stdout = args.output.as_os_str() == "-";
    if to_stdout && args.format == ExportFormat::Parquet {
        anyhow::bail!("Parquet needs a file: give --output FILE");
    }
    let name = args.output.display().to_string();
    let mut out: Box<dyn Write + Send> = if to_stdout {
        Box::new(BufWriter::new(std::io::stdout()))
    } else {
        Box::new(BufWriter::new(
            File::create(&args.output).with_context(|| format!("cannot create {name}"))?,
        ))
    };
    let n = match args.format {
        ExportFormat::Jsonl => store.export_jsonl(&f, &mut out),
        ExportFormat::Csv => store.export_csv(&f, &mut out),
        ExportFormat::Gdelt => store.export_gdelt(&f, &mut out),
        ExportFormat::Parquet => store.export_parquet(&f, &mut out),
    }
    .with_context(|| format!("cannot export to {name}"))?;
    out.flush()
        .with_context(|| format!("cannot write {name}"))?;
    eprintln!("entente: {n} events written to {name}");
    Ok(Outcome::Done)
}
