//! `entente parse`: raw text to CoNLL-U or JSON.

use std::io::{BufWriter, Write};

use entente_nlp::Pipeline;

use crate::args::{ParseArgs, ParseFormat};
use crate::input::{paths_or_stdin, read_text};
use crate::output::{doc_to_json, sentence_to_conllu};
use crate::{model, Outcome};

/// Parses each input and prints it.
pub fn run(args: &ParseArgs) -> anyhow::Result<Outcome> {
    let (model, _) = model::load(&args.model)?;
    let pipeline = Pipeline::new(model);
    let stdout = std::io::stdout();
    let mut out = BufWriter::new(stdout.lock());
    let mut failed = 0;
    for path in paths_or_stdin(&args.files) {
        let input = match read_text(&path) {
            Ok(i) => i,
            Err(msg) => {
                eprintln!("entente: {msg}");
                failed += 1;
                continue;
            }
        };
        let doc = pipeline.analyze(&input.text);
        let doc_id = doc_id(&path);
        match args.format {
            ParseFormat::Conllu => {
                for s in 0..doc.sentences.len() {
                    entente_conllu::write_sentence(
                        &mut out,
                        &sentence_to_conllu(&doc, s, &doc_id),
                    )?;
                }
            }
            ParseFormat::Json => {
                serde_json::to_writer(&mut out, &doc_to_json(&doc, &doc_id))?;
                out.write_all(b"\n")?;
            }
        }
    }
    out.flush()?;
    Ok(if failed > 0 {
        Outcome::SomeFailed
    } else {
        Outcome::Done
    })
}

/// A document id from a path: the file stem, or `stdin`.
fn doc_id(path: &std::path::Path) -> String {
    if path.as_os_str() == "-" {
        return "stdin".into();
    }
    path.file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_else(|| "doc".into())
}
