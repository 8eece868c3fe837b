//! `entente query`: questions to an event database, answered as JSON Lines or a table.

use std::io::Write;
use std::path::Path;

use anyhow::Context;
use entente_store::{EventFilter, Interval, NetworkQuery, Page, Store};
use serde::Serialize;
use serde_json::Value;

use crate::args::{DbArg, FilterArgs, IntervalArg, PageArgs, QueryCommand, RowFormat};
use crate::Outcome;

/// Opens a database for reading, saying which file failed.
pub fn open(db: &DbArg) -> anyhow::Result<Store> {
    if !Path::new(&db.db).exists() {
        anyhow::bail!(
            "{}: no such database (create one with `entente ingest`)",
            db.db.display()
        );
    }
    Store::open_read_only(&db.db).with_context(|| format!("cannot open {}", db.db.display()))
}

/// The store's filter from the command line.
pub fn filter(f: &FilterArgs) -> EventFilter {
    EventFilter {
        actor: f.actor.clone(),
        country: f.country.clone(),
        agent: f.agent.clone(),
        source: f.source.clone(),
        target: f.target.clone(),
        both_directions: f.both_directions,
        code: f.code.clone(),
        root: f.root.clone(),
        quad_class: f.quad_class,
        from: f.from.clone(),
        to: f.to.clone(),
        modality: f.modality.clone(),
        text: f.text.clone(),
        doc_id: f.doc_id.clone(),
    }
}

fn page(p: &PageArgs) -> Page {
    Page {
        limit: p.limit,
        offset: p.offset,
        after: p.after.clone(),
    }
}

/// Prints rows as JSON Lines, or as a table of the named columns (dotted paths into
/// each row; arrays and objects printed as JSON).
fn print<T: Serialize>(rows: &[T], format: RowFormat, columns: &[&str]) -> anyhow::Result<()> {
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    match format {
        RowFormat::Jsonl => {
            for r in rows {
                serde_json::to_writer(&mut out, r)?;
                out.write_all(b"\n")?;
            }
        }
        RowFormat::Table => {
            let cell = |v: &Value, path: &str| -> String {
                let mut v = v;
                for key in path.split('.') {
                    v = match v.get(key) {
                        Some(x) => x,
                        None => return String::new(),
                    };
                }
                let s = match v {
                    Value::Null => String::new(),
                    Value::String(s) => s.clone(),
                    other => other.to_string(),
                };
                let s: String = s
                    .chars()
                    .map(|c| if c.is_control() { ' ' } else { c })
                    .collect();
                if s.chars().count() > 60 {
                    format!("{}…", s.chars().take(59).collect::<String>())
                } else {
                    s
                }
            };
            let values: Vec<Value> = rows
                .iter()
                .map(serde_json::to_value)
                .collect::<Result<_, _>>()?;
            let table: Vec<Vec<String>> = values
                .iter()
                .map(|v| columns.iter().map(|c| cell(v, c)).collect())
                .collect();
            let mut widths: Vec<usize> = columns.iter().map(|c| c.chars().count()).collect();
            for row in &table {
                for (w, c) in widths.iter_mut().zip(row) {
                    *w = (*w).max(c.chars().count());
                }
            }
            let line = |cells: &mut dyn Iterator<Item = String>| -> String {
                cells
                    .zip(&widths)
                    .map(|(c, w)| format!("{c:<w$}"))
                    .collect::<Vec<_>>()
                    .join("  ")
                    .trim_end()
                    .to_string()
            };
            writeln!(out, "{}", line(&mut columns.iter().map(|c| c.to_string())))?;
            for row in table {
                writeln!(out, "{}", line(&mut row.into_iter()))?;
            }
        }
    }
    out.flush()?;
    Ok(())
}

/// Runs `entente query ...`.
pub fn run(cmd: &QueryCommand) -> anyhow::Result<Outcome> {
    match cmd {
        QueryCommand::Events {
            opts,
            filter: f,
            page: p,
        } => {
            let store = open(&opts.db)?;
            let result = store.events(&filter(f), &page(p))?;
            print(
                &result.events,
                opts.format,
                &[
                    "id",
                    "date",
                    "source.code",
                    "code",
                    "target.code",
                    "goldstein",
                    "modality",
                    "sentence",
                ],
            )?;
            if let Some(next) = result.next {
                eprintln!("entente: more events: add --after '{next}' for the next page");
            }
        }
        QueryCommand::Event { id, opts } => {
            let store = open(&opts.db)?;
            match store.event(*id)? {
                Some(ctx) => match opts.format {
                    RowFormat::Jsonl => print(&[ctx], opts.format, &[])?,
                    RowFormat::Table => {
                        let e = &ctx.event;
                        let marked: String = ctx
                            .segments
                            .iter()
                            .map(|s| match s.role {
                                entente_store::Role::Text => s.text.clone(),
                                entente_store::Role::Source => format!("[source: {}]", s.text),
                                entente_store::Role::Trigger => format!("[trigger: {}]", s.text),
                                entente_store::Role::Target => format!("[target: {}]", s.text),
                            })
                            .collect();
                        println!(
                            "event {} ({}) {} {} {} on {}, goldstein {}, {}",
                            e.id,
                            e.event_id,
                            e.source.code,
                            e.code,
                            e.target.code,
                            e.date.as_deref().unwrap_or("no date"),
                            e.goldstein,
                            e.modality
                        );
                        println!(
                            "document {} {}",
                            ctx.document.doc_id,
                            ctx.document.title.as_deref().unwrap_or("")
                        );
                        println!("\n{marked}\n");
                    }
                },
                None => anyhow::bail!("{}: no event with id {id}", opts.db.db.display()),
            }
        }
        QueryCommand::Series {
            opts,
            filter: f,
            interval,
        } => {
            let store = open(&opts.db)?;
            let interval = match interval {
                IntervalArg::Day => Interval::Day,
                IntervalArg::Week => Interval::Week,
                IntervalArg::Month => Interval::Month,
            };
            let points = store.series(&filter(f), interval)?;
            print(
                &points,
                opts.format,
                &[
                    "period",
                    "events",
                    "quad",
                    "goldstein_sum",
                    "goldstein_mean",
                ],
            )?;
        }
        QueryCommand::Network {
            opts,
            from,
            to,
            min_events,
            max_edges,
        } => {
            let store = open(&opts.db)?;
            let net = store.network(&NetworkQuery {
                from: from.clone(),
                to: to.clone(),
                min_events: *min_events,
                max_edges: *max_edges,
            })?;
            match opts.format {
                RowFormat::Jsonl => print(&[net], opts.format, &[])?,
                RowFormat::Table => print(
                    &net.edges,
                    opts.format,
                    &[
                        "source",
                        "target",
                        "events",
                        "cooperation",
                        "conflict",
                        "goldstein_mean",
                    ],
                )?,
            }
        }
        QueryCommand::Actor {
            node,
            opts,
            from,
            to,
            top,
        } => {
            let store = open(&opts.db)?;
            let s = store.actor_summary(node, from.as_deref(), to.as_deref(), *top)?;
            match opts.format {
                RowFormat::Jsonl => print(&[s], opts.format, &[])?,
                RowFormat::Table => {
                    println!(
                        "{}: {} events as source, {} as target, mean Goldstein {:.2}",
                        s.node, s.as_source, s.as_target, s.goldstein_mean
                    );
                    println!("\npartners (cooperation):");
                    print(
                        &s.partners,
                        opts.format,
                        &[
                            "node",
                            "events",
                            "cooperation",
                            "conflict",
                            "goldstein_mean",
                        ],
                    )?;
                    println!("\nadversaries (conflict):");
                    print(
                        &s.adversaries,
                        opts.format,
                        &[
                            "node",
                            "events",
                            "cooperation",
                            "conflict",
                            "goldstein_mean",
                        ],
                    )?;
                }
            }
        }
        QueryCommand::Actors { opts, page: p } => {
            let store = open(&opts.db)?;
            let rows = store.actors(&page(p))?;
            print(
                &rows,
                opts.format,
                &["code", "country", "agent", "label", "events"],
            )?;
        }
        QueryCommand::Unknown { opts, page: p } => {
            let store = open(&opts.db)?;
            let rows = store.unknown_actors(&page(p))?;
            print(
                &rows,
                opts.format,
                &["text", "mentions", "documents", "example"],
            )?;
        }
        QueryCommand::Search {
            query,
            opts,
            page: p,
        } => {
            let store = open(&opts.db)?;
            let rows = store.search(query, &page(p))?;
            print(
                &rows,
                opts.format,
                &["doc_id", "sentence_index", "event_ids", "text"],
            )?;
        }
        QueryCommand::Stats { opts } => {
            let store = open(&opts.db)?;
            let s = store.stats()?;
            print(
                &[s],
                opts.format,
                &[
                    "documents",
                    "sentences",
                    "events",
                    "actors",
                    "first_day",
                    "last_day",
                ],
            )?;
        }
    }
    Ok(Outcome::Done)
}
