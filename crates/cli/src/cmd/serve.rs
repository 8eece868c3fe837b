//! `entente serve` and `entente demo`: the dashboard and the JSON API (crates/serve).

use std::time::Duration;

use crate::args::{ListenArg, ServeArgs};
use crate::Outcome;

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
