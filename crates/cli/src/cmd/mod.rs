//! One module per command.

mod actors;
mod code;
mod coder;
mod dedup;
mod dict;
mod eval;
mod explain;
mod extract;
mod fetch;
mod nlp;
mod parse;
mod petrarch;
// event store (crates/store)
mod export;
mod ingest;
mod query;
mod store;
// serve and demo (crates/serve)
mod serve;

use crate::args::{Cli, Command, DictCommand, NlpCommand};
use crate::Outcome;

/// Runs the chosen command.
pub fn run(cli: Cli) -> anyhow::Result<Outcome> {
    match cli.command {
        Command::Parse(a) => parse::run(&a),
        Command::Code(a) => code::run(&a),
        Command::Explain(a) => explain::run(&a),
        Command::Eval(a) => eval::run(&a),
        Command::Dict(DictCommand::Check(a)) => dict::check(&a),
        Command::Dict(DictCommand::Convert(a)) => petrarch::convert(&a),
        Command::ValidatePetrarch(a) => petrarch::validate(&a),
        Command::Actors(a) => actors::run(&a),
        Command::Nlp(NlpCommand::Train(a)) => nlp::train(&a),
        Command::Nlp(NlpCommand::Eval(a)) => nlp::eval(&a),
        Command::Nlp(NlpCommand::Bench(a)) => nlp::bench(&a),
        Command::Nlp(NlpCommand::Clusters(a)) => nlp::clusters(&a),
        Command::Dedup(a) => dedup::run(&a),
        Command::DedupBench(a) => dedup::bench(&a),
        Command::Fetch(a) => fetch::fetch(&a),
        Command::Watch(a) => fetch::watch(&a),
        Command::Extract(a) => extract::run(&a),
        Command::EvalExtract(a) => extract::eval(&a),
        // event store (crates/store)
        Command::Ingest(a) => ingest::run(&a),
        Command::Query(q) => query::run(&q),
        Command::Export(a) => export::run(&a),
        Command::Store(s) => store::run(&s),
        Command::Serve(a) => serve::serve(&a),
        Command::Demo(a) => serve::demo(&a),
    }
}

/// Seconds this thread has run on a CPU (Linux `schedstat`), to tell our own speed from
/// time lost to other processes on a shared machine. `None` where it cannot be read.
pub(crate) fn thread_cpu_secs() -> Option<f64> {
    let s = std::fs::read_to_string("/proc/thread-self/schedstat").ok()?;
    let ns: f64 = s.split_whitespace().next()?.parse().ok()?;
    Some(ns / 1e9)
}
