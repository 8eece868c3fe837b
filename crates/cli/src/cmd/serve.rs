//! `entente serve` and `entente demo`: the dashboard and the JSON API (crates/serve).

use std::path::PathBuf;
use std::time::Duration;

use anyhow::Context;
use entente_nlp::Pipeline;

use crate::args::{DemoArgs, IngestArg, ListenArg, ServeArgs};
use crate::cmd::coder::{build, parse_date};
use crate::cmd::ingest;
use crate::intake::Intake;
use crate::{model, Outcome};

/// Serves `--db` until Ctrl-C.
pub fn serve(args: &ServeArgs) -> anyhow::Result<Outcome> {
    run(entente_serve::Config::new(args.db.clone()), &args.listen)
}

fn run(mut config: entente_serve::Config, listen: &ListenArg) -> anyhow::Result<Outcome> {
    config.listen = listen.listen;
    config.query_timeout = Duration::from_millis(listen.query_timeout.max(1));
    if !entente_serve::is_loopback(&config.listen) {
        eprintln!(
            "entente: warning: listening on {}, which other machines may reach; \
             the API has no authentication (use 127.0.0.1 to keep it local)",
            config.listen
        );
    }
    if !entente_serve::dashboard_built() {
        eprintln!(
            "entente: the dashboard was not built into this binary (Node.js/npm were missing); \
             the JSON API works. Install npm and rebuild to get it."
        );
    }
    let db = config.db.clone();
    entente_serve::run(config, |addr| {
        let host = if addr.ip().is_unspecified() {
            "127.0.0.1".to_string()
        } else if addr.is_ipv6() {
            format!("[{}]", addr.ip())
        } else {
            addr.ip().to_string()
        };
        eprintln!(
            "entente: serving {} at http://{host}:{}/ (Ctrl-C to stop)",
            db.display(),
            addr.port()
        );
    })?;
    Ok(Outcome::Done)
}

/// Codes the sample articles into a fresh database (a temporary folder, removed on exit,
/// unless `--db` is given) and serves it.
pub fn demo(args: &DemoArgs) -> anyhow::Result<Outcome> {
    if !args.articles.exists() {
        anyhow::bail!(
            "{}: not found; run `entente demo` from the entente repository, or give \
             --articles PATH",
            args.articles.display()
        );
    }
    let (db, temp) = match &args.db {
        Some(db) => (db.clone(), None),
        None => {
            let t = TempDir::new()?;
            (t.0.join("demo.db"), Some(t))
        }
    };
    let default_date = parse_date(Some(&args.date))?;
    let coder = build(&args.coder)?;
    let (model, _) = model::load(&args.coder.model)?;
    let pipeline = Pipeline::new(model);
    eprintln!(
        "entente: coding {} into {}",
        args.articles.display(),
        db.display()
    );
    let read = IngestArg::default();
    let mut intake = Intake::new(&read, None, true)?;
    let report = ingest::ingest(
        &db,
        std::slice::from_ref(&args.articles),
        &coder,
        &pipeline,
        default_date,
        &mut intake,
        &read,
    )?;
    eprintln!(
        "entente: {} documents, {} sentences, {} events",
        report.docs, report.sentences, report.events
    );
    let outcome = run(entente_serve::Config::new(db), &args.listen)?;
    drop(temp);
    Ok(if report.failed > 0 {
        Outcome::SomeFailed
    } else {
        outcome
    })
}

/// A folder removed when dropped.
struct TempDir(PathBuf);

impl TempDir {
    fn new() -> anyhow::Result<TempDir> {
        let dir = std::env::temp_dir().join(format!("entente-demo-{}", std::process::id()));
        std::fs::create_dir_all(&dir)
            .with_context(|| format!("cannot create {}", dir.display()))?;
        Ok(TempDir(dir))
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}
