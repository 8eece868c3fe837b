//! `entente store`: a synthetic database for benchmarks, and query latencies.

use std::time::Instant;

use anyhow::Context;
use entente_store::{EventFilter, Interval, NetworkQuery, Page, Store};

use crate::args::StoreCommand;
use crate::cmd::query::open;
use crate::Outcome;

/// Runs `entente store ...`.
pub fn run(cmd: &StoreCommand) -> anyhow::Result<Outcome> {
    match cmd {
        StoreCommand::Generate { events, db, seed } => {
            let start = Instant::now();
            let g = entente_store::generate::generate(db, *events, *seed)
                .with_context(|| format!("cannot generate {}", db.display()))?;
            eprintln!(
                "entente: {} events in {} documents written to {} in {:.1} s",
                g.events,
                g.documents,
                db.display(),
                start.elapsed().as_secs_f64()
            );
        }
        StoreCommand::Bench { db, runs } => bench(&open(db)?, (*runs).max(1))?,
    }
    Ok(Outcome::Done)
}

/// One timed query: runs it, returns how many rows it gave.
type Case<'a> = Box<dyn Fn() -> anyhow::Result<usize> + 'a>;

/// Times representative queries, with parameters taken from the data (the busiest
/// dyad, actor and year), and prints median, p99 and max milliseconds.
fn bench(store: &Store, runs: usize) -> anyhow::Result<()> {
    let stats = store.stats()?;
    let last = stats
        .last_day
        .clone()
        .context("the database has no dated events")?;
    let year = format!("{}-01-01", &last[..4]);
    let net = store.network(&NetworkQuery {
        from: Some(year.clone()),
        to: Some(last.clone()),
        ..NetworkQuery::default()
    })?;
    let edge = net.edges.first().context("the database has no edges")?;
    let (a, b) = (edge.source.clone(), edge.target.clone());
    let actor = store
        .actors(&Page {
            limit: 1,
            ..Page::default()
        })?
        .first()
        .map(|x| x.code.clone())
        .context("no actors")?;
    let some_event = store
        .events(&EventFilter::default(), &Page::default())?
        .events
        .first()
        .map(|e| e.id)
        .context("no events")?;
    let f = |g: fn(&mut EventFilter)| {
        let mut x = EventFilter::default();
        g(&mut x);
        x
    };
    let page = Page::default();
    let deep = Page {
        offset: 5000,
        ..Page::default()
    };
    let mut cases: Vec<(String, Case<'_>)> = Vec::new();
    let mut events = |name: String, filter: EventFilter, page: Page| {
        cases.push((
            name,
            Box::new(move || Ok(store.events(&filter, &page)?.events.len())),
        ));
    };
    events(
        "events, no filter".into(),
        EventFilter::default(),
        page.clone(),
    );
    events(
        format!("events, country {a}"),
        EventFilter {
            country: Some(a.clone()),
            ..EventFilter::default()
        },
        page.clone(),
    );
    events(
        format!("events, dyad {a}->{b}"),
        EventFilter {
            source: Some(a.clone()),
            target: Some(b.clone()),
            ..EventFilter::default()
        },
        page.clone(),
    );
    events(
        format!("events, dyad {a}<->{b}, {year}.."),
        EventFilter {
            source: Some(a.clone()),
            target: Some(b.clone()),
            both_directions: true,
            from: Some(year.clone()),
            ..EventFilter::default()
        },
        page.clone(),
    );
    events(
        format!("events, actor {actor}"),
        EventFilter {
            actor: Some(actor.clone()),
            ..EventFilter::default()
        },
        page.clone(),
    );
    events(
        format!("events, root 19, {year}.."),
        EventFilter {
            root: Some("19".into()),
            from: Some(year.clone()),
            ..EventFilter::default()
        },
        page.clone(),
    );
    events(
        format!("events, quad 4, country {b}"),
        EventFilter {
            quad_class: Some(4),
            country: Some(b.clone()),
            ..EventFilter::default()
        },
        page.clone(),
    );
    events(
        "events, modality claimed".into(),
        f(|x| x.modality = Some("claimed".into())),
        page.clone(),
    );
    events(
        "events, code 042 + month".into(),
        EventFilter {
            code: Some("042".into()),
            from: Some(format!("{}-01", &last[..7])),
            to: Some(last.clone()),
            ..EventFilter::default()
        },
        page.clone(),
    );
    events(
        "events, text search".into(),
        f(|x| x.text = Some("military".into())),
        page.clone(),
    );
    events(
        format!("events, country {a}, offset 5000"),
        EventFilter {
            country: Some(a.clone()),
            ..EventFilter::default()
        },
        deep,
    );
    cases.push((
        format!("series {a}<->{b} by month"),
        Box::new(|| {
            Ok(store
                .series(
                    &EventFilter {
                        source: Some(a.clone()),
                        target: Some(b.clone()),
                        both_directions: true,
                        ..EventFilter::default()
                    },
                    Interval::Month,
                )?
                .len())
        }),
    ));
    cases.push((
        format!("network {year}..{last}"),
        Box::new(|| {
            Ok(store
                .network(&NetworkQuery {
                    from: Some(year.clone()),
                    to: Some(last.clone()),
                    ..NetworkQuery::default()
                })?
                .edges
                .len())
        }),
    ));
    cases.push((
        format!("actor summary {a}, {year}.."),
        Box::new(|| {
            Ok(store
                .actor_summary(&a, Some(&year), None, 10)?
                .partners
                .len())
        }),
    ));
    cases.push((
        "event with context".into(),
        Box::new(move || Ok(usize::from(store.event(some_event)?.is_some()))),
    ));
    println!("{} events; {runs} runs each; milliseconds", stats.events);
    println!(
        "{:<44} {:>8} {:>8} {:>8} {:>6}",
        "query", "median", "p99", "max", "rows"
    );
    for (name, case) in &cases {
        let mut times = Vec::with_capacity(runs);
        let mut rows = 0;
        for _ in 0..runs {
            let t = Instant::now();
            rows = case()?;
            times.push(t.elapsed().as_secs_f64() * 1000.0);
        }
        times.sort_by(f64::total_cmp);
        let at = |q: f64| times[((times.len() as f64 - 1.0) * q).round() as usize];
        println!(
            "{name:<44} {:>8.2} {:>8.2} {:>8.2} {rows:>6}",
            at(0.5),
            at(0.99),
            times[times.len() - 1]
        );
    }
    Ok(())
}
