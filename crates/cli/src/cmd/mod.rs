//! One module per command.

mod nlp;
mod parse;

use crate::args::{Cli, Command, NlpCommand};
use crate::Outcome;

/// Runs the chosen command.
pub fn run(cli: Cli) -> anyhow::Result<Outcome> {
    match cli.command {
        Command::Parse(a) => parse::run(&a),
        Command::Nlp(NlpCommand::Train(a)) => nlp::train(&a),
        Command::Nlp(NlpCommand::Eval(a)) => nlp::eval(&a),
        Command::Nlp(NlpCommand::Bench(a)) => nlp::bench(&a),
    }
}
