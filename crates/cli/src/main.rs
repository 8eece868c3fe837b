//! The `entente` command: news articles in, who did what to whom out.
//!
//! `main` only parses arguments, runs the chosen command and maps the outcome to an
//! exit status: 0 when all input was processed, 1 when some input failed (each failure
//! was reported on its own line), 2 on usage errors. A closed output pipe (`| head`) is
//! a normal end, not an error.

mod args;
mod cmd;
mod input;
mod intake;
mod model;
mod output;

use std::process::ExitCode;

use clap::Parser as _;

/// How a command ended.
pub enum Outcome {
    /// Everything was processed.
    Done,
    /// Some inputs failed; each was reported already.
    SomeFailed,
}

fn main() -> ExitCode {
    let args = match args::Cli::try_parse() {
        Ok(a) => a,
        Err(e) => {
            let _ = e.print();
            return ExitCode::from(if e.use_stderr() { 2 } else { 0 });
        }
    };
    match cmd::run(args) {
        Ok(Outcome::Done) => ExitCode::SUCCESS,
        Ok(Outcome::SomeFailed) => ExitCode::from(1),
        Err(e) if is_broken_pipe(&e) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("entente: {e:#}");
            ExitCode::from(1)
        }
    }
}

fn is_broken_pipe(e: &anyhow::Error) -> bool {
    e.chain().any(|c| {
        c.downcast_ref::<std::io::Error>()
            .is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
    })
}
