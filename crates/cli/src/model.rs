//! The model entente analyses text with: built into the binary, or `--model FILE`.

use std::time::Instant;

use anyhow::Context;
use entente_nlp::Model;

use crate::args::ModelArg;

/// The model trained from Universal Dependencies, compiled into the binary so that
/// entente needs no download and no data folder.
static BUILT_IN: &[u8] = include_bytes!(concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../../models/en_ud.model"
));

/// Loads the chosen model; returns it and the seconds it took.
pub fn load(arg: &ModelArg) -> anyhow::Result<(Model, f64)> {
    let start = Instant::now();
    let model = match &arg.model {
        Some(path) => match Model::load(path) {
            Ok(model) => model,
            // The I/O error names the file already.
            Err(e @ entente_nlp::ModelError::Io { .. }) => {
                return Err(anyhow::Error::new(e).context("cannot load model"))
            }
            Err(e) => {
                return Err(
                    anyhow::Error::new(e).context(format!("cannot load model {}", path.display()))
                )
            }
        },
        None => Model::from_bytes(BUILT_IN).context("the built-in model is damaged")?,
    };
    Ok((model, start.elapsed().as_secs_f64()))
}
