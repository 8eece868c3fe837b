//! The read side: filtered pages of events, one event's evidence, time series, the
//! relations network, actor summaries, unknown actors, full-text search.

use std::collections::HashMap;

use rusqlite::types::Value;
use rusqlite::{params, OptionalExtension, Row};

use crate::model::*;
use crate::{Error, Store};

/// The columns [`read_event`] reads, in order; `e` is `events`, `s` its sentence, `d`
/// its document.
pub(crate) const EVENT_COLUMNS: &str = "e.id, d.doc_id, e.event_id, e.sentence_index, s.text,
    s.start, s.end, e.date, e.date_text,
    e.src_code, e.src_country, e.src_agent, e.src_text, e.src_start, e.src_end, e.src_via, e.src_label,
    e.tgt_code, e.tgt_country, e.tgt_agent, e.tgt_text, e.tgt_start, e.tgt_end, e.tgt_via, e.tgt_label,
    e.code, e.root, e.quad_class, e.goldstein, e.plover_type, e.plover_mode,
    e.trigger_text, e.trigger_lemma, e.trigger_start, e.trigger_end,
    e.attr_code, e.attr_text, e.attr_verb, e.modality, e.quantities, e.pattern_text, e.pattern_at,
    e.symmetric, e.day";

/// The joins [`EVENT_COLUMNS`] needs.
pub(crate) const EVENT_FROM: &str =
    "events e JOIN sentences s ON s.id = e.sentence JOIN documents d ON d.id = e.doc";

/// Reads one row selected with [`EVENT_COLUMNS`]; also returns its `day`.
pub(crate) fn read_event(r: &Row) -> rusqlite::Result<(StoredEvent, String)> {
    let us = |i: usize| -> rusqlite::Result<usize> { Ok(r.get::<_, i64>(i)?.max(0) as usize) };
    let party = |b: usize| -> rusqlite::Result<Party> {
        Ok(Party {
            code: r.get(b)?,
            country: r.get(b + 1)?,
            agent: r.get(b + 2)?,
            text: r.get(b + 3)?,
            span: [us(b + 4)?, us(b + 5)?],
            via: r.get(b + 6)?,
            label: r.get(b + 7)?,
        })
    };
    let quantities: String = r.get(39)?;
    let quantities: Vec<Quantity> = serde_json::from_str(&quantities).map_err(|e| {
        rusqlite::Error::FromSqlConversionFailure(39, rusqlite::types::Type::Text, Box::new(e))
    })?;
    let plover_type: Option<String> = r.get(29)?;
    let attr_verb: Option<String> = r.get(37)?;
    let event = StoredEvent {
        id: r.get(0)?,
        doc_id: r.get(1)?,
        event_id: r.get(2)?,
        sentence_index: us(3)?,
        sentence: r.get(4)?,
        span: [us(5)?, us(6)?],
        date: r.get(7)?,
        date_text: r.get(8)?,
        source: party(9)?,
        target: party(17)?,
        code: r.get(25)?,
        root: r.get(26)?,
        quad_class: r.get(27)?,
        goldstein: r.get::<_, f64>(28)? as f32,
        plover: match plover_type {
            Some(kind) => Some(Plover {
                kind,
                mode: r.get(30)?,
            }),
            None => None,
        },
        trigger: Trigger {
            text: r.get(31)?,
            lemma: r.get(32)?,
            span: [us(33)?, us(34)?],
        },
        attribution: match attr_verb {
            Some(verb) => Some(Attribution {
                code: r.get(35)?,
                text: r.get(36)?,
                verb,
            }),
            None => None,
        },
        modality: r.get(38)?,
        quantities,
        pattern: PatternRef {
            text: r.get(40)?,
            at: r.get(41)?,
        },
        symmetric: r.get(42)?,
    };
    Ok((event, r.get(43)?))
}

/// A WHERE clause and its parameters, built from a filter.
pub(crate) struct Where {
    pub(crate) sql: String,
    pub(crate) params: Vec<Value>,
}

impl Where {
    /// Adds `clause`, where `?` stands for each of `values` in turn.
    fn and(&mut self, clause: &str, values: &[&str]) {
        let mut out = String::new();
        let mut vals = values.iter();
        for ch in clause.chars() {
            if ch == '?' {
                if let Some(v) = vals.next() {
                    self.params.push(Value::Text((*v).to_string()));
                    out.push_str(&format!("?{}", self.params.len()));
                }
            } else {
                out.push(ch);
            }
        }
        self.sql.push_str(if self.sql.is_empty() {
            " WHERE "
        } else {
            " AND "
        });
        self.sql.push_str(&out);
    }

    fn and_int(&mut self, clause: &str, value: i64) {
        self.params.push(Value::Integer(value));
        self.sql.push_str(if self.sql.is_empty() {
            " WHERE "
        } else {
            " AND "
        });
        self.sql
            .push_str(&clause.replace('?', &format!("?{}", self.params.len())));
    }
}

const MODALITIES: &[&str] = &[
    "asserted",
    "reported",
    "claimed",
    "intended",
    "conditional",
    "negated",
];

/// Checks a `YYYY-MM-DD` parameter.
fn check_day(name: &str, d: &str) -> Result<(), Error> {
    let b = d.as_bytes();
    let ok = b.len() == 10
        && b[4] == b'-'
        && b[7] == b'-'
        && b.iter()
            .enumerate()
            .all(|(i, c)| i == 4 || i == 7 || c.is_ascii_digit());
    if ok {
        Ok(())
    } else {
        Err(Error::BadQuery(format!(
            "{name} {d:?} is not a date (YYYY-MM-DD)"
        )))
    }
}

/// Checks a code-like parameter (letters, digits, `-`, `_`, at most 64 bytes).
fn check_code(name: &str, v: &str) -> Result<(), Error> {
    if v.is_empty()
        || v.len() > 64
        || !v
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
    {
        return Err(Error::BadQuery(format!(
            "{name} {v:?} is not a code (letters, digits, - or _)"
        )));
    }
    Ok(())
}

/// The WHERE clause of a filter over `events e`.
pub(crate) fn filter_where(f: &EventFilter) -> Result<Where, Error> {
    filter_where_after(f, Vec::new())
}

/// The WHERE clause of a filter, its parameters numbered after `params` (which the
/// result's parameters start with).
pub(crate) fn filter_where_after(f: &EventFilter, params: Vec<Value>) -> Result<Where, Error> {
    filter_where_sides(f, params, Sides::default())
}

/// For each filter that may match either side of an event, the side one branch of a
/// union takes: `None` both (an OR), `Some(false)` the source side (for a two-way
/// dyad: source to target), `Some(true)` the target side (target to source).
///
/// An OR over two indexed columns cannot be read in page order from one index; a
/// union of one branch per side can, each branch reading only a page from its index.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct Sides {
    actor: Option<bool>,
    country: Option<bool>,
    agent: Option<bool>,
    dyad: Option<bool>,
    /// Test the text match per event in page order instead of looking up each
    /// matching sentence's events: faster when the words are common.
    text_scan: bool,
}

/// The branches a filter's either-side conditions split into (one, all `None`, when
/// it has none).
pub(crate) fn branches(f: &EventFilter) -> Vec<Sides> {
    let mut out = vec![Sides::default()];
    let split = |out: Vec<Sides>, set: fn(&mut Sides, bool)| -> Vec<Sides> {
        out.into_iter()
            .flat_map(|s| {
                [false, true].map(|side| {
                    let mut b = s;
                    set(&mut b, side);
                    b
                })
            })
            .collect()
    };
    if f.actor.is_some() {
        out = split(out, |s, v| s.actor = Some(v));
    }
    if f.country.is_some() {
        out = split(out, |s, v| s.country = Some(v));
    }
    if f.agent.is_some() {
        out = split(out, |s, v| s.agent = Some(v));
    }
    if f.both_directions && (f.source.is_some() || f.target.is_some()) {
        out = split(out, |s, v| s.dyad = Some(v));
    }
    out
}

/// The WHERE clause of one branch of a filter (see [`Sides`]).
pub(crate) fn filter_where_sides(
    f: &EventFilter,
    params: Vec<Value>,
    sides: Sides,
) -> Result<Where, Error> {
    let mut w = Where {
        sql: String::new(),
        params,
    };
    for (name, v) in [
        ("actor", &f.actor),
        ("country", &f.country),
        ("agent", &f.agent),
        ("source", &f.source),
        ("target", &f.target),
        ("code", &f.code),
        ("root", &f.root),
    ] {
        if let Some(v) = v {
            check_code(name, v)?;
        }
    }
    let either = |w: &mut Where, side: Option<bool>, src: &str, tgt: &str, v: &str| match side {
        None => w.and(&format!("(e.{src} = ? OR e.{tgt} = ?)"), &[v, v]),
        Some(false) => w.and(&format!("e.{src} = ?"), &[v]),
        Some(true) => w.and(&format!("e.{tgt} = ?"), &[v]),
    };
    if let Some(a) = &f.actor {
        either(&mut w, sides.actor, "src_code", "tgt_code", a);
    }
    if let Some(c) = &f.country {
        either(&mut w, sides.country, "src_country", "tgt_country", c);
    }
    if let Some(a) = &f.agent {
        either(&mut w, sides.agent, "src_agent", "tgt_agent", a);
    }
    match (&f.source, &f.target, f.both_directions) {
        (Some(s), Some(t), false) => w.and("e.src_node = ? AND e.tgt_node = ?", &[s, t]),
        (Some(s), Some(t), true) => match sides.dyad {
            None => w.and(
                "((e.src_node = ? AND e.tgt_node = ?) OR (e.src_node = ? AND e.tgt_node = ?))",
                &[s, t, t, s],
            ),
            Some(false) => w.and("e.src_node = ? AND e.tgt_node = ?", &[s, t]),
            Some(true) => w.and("e.src_node = ? AND e.tgt_node = ?", &[t, s]),
        },
        (Some(s), None, false) => w.and("e.src_node = ?", &[s]),
        (None, Some(t), false) => w.and("e.tgt_node = ?", &[t]),
        (Some(n), None, true) | (None, Some(n), true) => {
            either(&mut w, sides.dyad, "src_node", "tgt_node", n)
        }
        (None, None, _) => {}
    }
    if let Some(c) = &f.code {
        w.and("e.code = ?", &[c]);
    }
    if let Some(r) = &f.root {
        w.and("e.root = ?", &[r]);
    }
    if let Some(q) = f.quad_class {
        if !(1..=4).contains(&q) {
            return Err(Error::BadQuery(format!("quad_class {q} is not 1 to 4")));
        }
        w.and_int("e.quad_class = ?", i64::from(q));
    }
    if let Some(d) = &f.from {
        check_day("from", d)?;
        w.and("e.day >= ?", &[d]);
    }
    if let Some(d) = &f.to {
        check_day("to", d)?;
        w.and("e.day <> '' AND e.day <= ?", &[d]);
    }
    if let Some(m) = &f.modality {
        if !MODALITIES.contains(&m.as_str()) {
            return Err(Error::BadQuery(format!(
                "modality {m:?} is not one of {}",
                MODALITIES.join(", ")
            )));
        }
        w.and("e.modality = ?", &[m]);
    }
    if let Some(t) = &f.text {
        if t.trim().is_empty() || t.len() > 500 {
            return Err(Error::BadQuery(
                "text must be 1 to 500 bytes of search terms".into(),
            ));
        }
        w.and(
            if sides.text_scan {
                "+e.sentence IN (SELECT rowid FROM sentences_fts WHERE sentences_fts MATCH ?)"
            } else {
                "e.sentence IN (SELECT rowid FROM sentences_fts WHERE sentences_fts MATCH ?)"
            },
            &[t],
        );
    }
    if let Some(d) = &f.doc_id {
        w.and("e.doc = (SELECT id FROM documents WHERE doc_id = ?)", &[d]);
    }
    Ok(w)
}

/// Checks a page size.
fn check_limit(limit: u32) -> Result<i64, Error> {
    if limit == 0 || limit > MAX_PAGE {
        return Err(Error::BadQuery(format!(
            "limit {limit} is not 1 to {MAX_PAGE}"
        )));
    }
    Ok(i64::from(limit))
}

/// Turns SQLite's complaint about a full-text query (a syntax error, an unknown
/// column) into a bad query; `has_text` says whether the query had one.
fn fts_error(has_text: bool) -> impl Fn(Error) -> Error {
    move |e| match e {
        Error::Sqlite(rusqlite::Error::SqliteFailure(f, Some(m)))
            if has_text && f.code == rusqlite::ErrorCode::Unknown =>
        {
            Error::BadQuery(format!("text search: {m}"))
        }
        e => e,
    }
}

/// Parses a keyset cursor `day|id`.
fn parse_cursor(c: &str) -> Result<(String, i64), Error> {
    let bad = || Error::BadQuery(format!("cursor {c:?} is not one this store gave"));
    let (day, id) = c.rsplit_once('|').ok_or_else(bad)?;
    if !day.is_empty() {
        check_day("cursor", day).map_err(|_| bad())?;
    }
    Ok((day.to_string(), id.parse().map_err(|_| bad())?))
}

/// `d` with its time of day cut to whole days in SQL, per interval.
fn period_sql(interval: Interval) -> &'static str {
    match interval {
        Interval::Day => "e.day",
        Interval::Week => {
            "date(e.day, '-' || ((CAST(strftime('%w', e.day) AS INTEGER) + 6) % 7) || ' days')"
        }
        Interval::Month => "substr(e.day, 1, 7)",
    }
}

impl Store {
    /// What the store holds.
    pub fn stats(&self) -> Result<Stats, Error> {
        self.timed(|| {
            let count = |t: &str| -> Result<u64, Error> {
                Ok(self
                    .conn
                    .query_row(&format!("SELECT count(*) FROM {t}"), [], |r| {
                        r.get::<_, i64>(0)
                    })?
                    .max(0) as u64)
            };
            let (first_day, last_day) = self.conn.query_row(
                "SELECT (SELECT min(day) FROM events WHERE day <> ''),
                        (SELECT max(day) FROM events WHERE day <> '')",
                [],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )?;
            Ok(Stats {
                documents: count("documents")?,
                sentences: count("sentences")?,
                events: count("events")?,
                actors: count("actors")?,
                first_day,
                last_day,
            })
        })
    }

    /// A page of the events matching `filter`, newest first.
    pub fn events(&self, filter: &EventFilter, page: &Page) -> Result<EventPage, Error> {
        let limit = check_limit(page.limit)?;
        let cursor = page.after.as_deref().map(parse_cursor).transpose()?;
        let offset = if cursor.is_some() {
            0
        } else {
            i64::try_from(page.offset)
                .ok()
                .filter(|o| *o <= MAX_OFFSET)
                .ok_or_else(|| {
                    Error::BadQuery(format!(
                        "offset {} is over {MAX_OFFSET}: page on with the `after` cursor",
                        page.offset
                    ))
                })?
        };
        let add_cursor = |w: &mut Where| {
            if let Some((day, id)) = &cursor {
                w.params.push(Value::Text(day.clone()));
                w.params.push(Value::Integer(*id));
                let (a, b) = (w.params.len() - 1, w.params.len());
                w.sql
                    .push_str(if w.sql.is_empty() { " WHERE " } else { " AND " });
                w.sql
                    .push_str(&format!("(e.day < ?{a} OR (e.day = ?{a} AND e.id < ?{b}))"));
            }
        };
        let mut branches = branches(filter);
        if let Some(t) = &filter.text {
            if self.common_text(t).map_err(fts_error(true))? {
                branches.iter_mut().for_each(|b| b.text_scan = true);
            }
        }
        let (sql, w) = if branches.len() == 1 {
            let mut w = filter_where_sides(filter, Vec::new(), branches[0])?;
            add_cursor(&mut w);
            (
                format!(
                    "SELECT {EVENT_COLUMNS} FROM {EVENT_FROM}{} ORDER BY e.day DESC, e.id DESC LIMIT {} OFFSET {offset}",
                    w.sql,
                    limit + 1
                ),
                w,
            )
        } else {
            // One page-ordered branch per side, merged: see `Sides`.
            let mut params = Vec::new();
            let mut parts = Vec::new();
            for b in branches {
                let mut w = filter_where_sides(filter, params, b)?;
                add_cursor(&mut w);
                parts.push(format!(
                    "SELECT * FROM (SELECT e.id AS id, e.day AS day FROM events e{}
                     ORDER BY e.day DESC, e.id DESC LIMIT {})",
                    w.sql,
                    offset + limit + 1
                ));
                params = w.params;
            }
            let w = Where {
                sql: String::new(),
                params,
            };
            (
                format!(
                    "SELECT {EVENT_COLUMNS} FROM ({}) u JOIN events e ON e.id = u.id
                     JOIN sentences s ON s.id = e.sentence JOIN documents d ON d.id = e.doc
                     ORDER BY u.day DESC, u.id DESC LIMIT {} OFFSET {offset}",
                    parts.join(" UNION "),
                    limit + 1
                ),
                w,
            )
        };
        self.timed(|| {
            let mut st = self.conn.prepare_cached(&sql)?;
            let rows = st.query_map(rusqlite::params_from_iter(w.params.iter()), read_event)?;
            let mut events = Vec::new();
            let mut last_day = String::new();
            let mut more = false;
            for r in rows {
                let (e, day) = r?;
                if events.len() as i64 == limit {
                    more = true;
                    break;
                }
                last_day = day;
                events.push(e);
            }
            let next = match (more, events.last()) {
                (true, Some(e)) => Some(format!("{last_day}|{}", e.id)),
                _ => None,
            };
            Ok(EventPage { events, next })
        })
        .map_err(fts_error(filter.text.is_some()))
    }

    /// Whether a full-text query matches so many sentences that scanning events in
    /// page order finds a page sooner than looking up every match.
    fn common_text(&self, text: &str) -> Result<bool, Error> {
        if text.trim().is_empty() || text.len() > 500 {
            return Ok(false);
        }
        let n: i64 = self.timed(|| {
            Ok(self
                .conn
                .prepare_cached(
                    "SELECT count(*) FROM (SELECT 1 FROM sentences_fts WHERE sentences_fts MATCH ?1 LIMIT 5000)",
                )?
                .query_row([text], |r| r.get(0))?)
        })?;
        Ok(n >= 5000)
    }

    /// How many events match `filter`.
    pub fn count_events(&self, filter: &EventFilter) -> Result<u64, Error> {
        let w = filter_where(filter)?;
        let sql = format!("SELECT count(*) FROM events e{}", w.sql);
        self.timed(|| {
            Ok(self
                .conn
                .prepare_cached(&sql)?
                .query_row(rusqlite::params_from_iter(w.params.iter()), |r| {
                    r.get::<_, i64>(0)
                })?
                .max(0) as u64)
        })
        .map_err(fts_error(filter.text.is_some()))
    }

    /// One event by store id, with its document, its sentence cut into highlighted
    /// segments, and the document text around it.
    pub fn event(&self, id: i64) -> Result<Option<EventContext>, Error> {
        self.timed(|| {
            let sql = format!("SELECT {EVENT_COLUMNS} FROM {EVENT_FROM} WHERE e.id = ?1");
            let Some((event, _)) = self
                .conn
                .prepare_cached(&sql)?
                .query_row([id], read_event)
                .optional()?
            else {
                return Ok(None);
            };
            let (doc_row, document, text): (i64, DocumentInfo, String) = self.conn.query_row(
                "SELECT d.id, d.doc_id, d.title, d.date, d.url, d.source, d.origin, d.content_hash, d.text
                 FROM documents d JOIN events e ON e.doc = d.id WHERE e.id = ?1",
                [id],
                |r| {
                    Ok((
                        r.get(0)?,
                        DocumentInfo {
                            doc_id: r.get(1)?,
                            title: r.get(2)?,
                            date: r.get(3)?,
                            url: r.get(4)?,
                            source: r.get(5)?,
                            origin: r.get(6)?,
                            content_hash: r.get(7)?,
                        },
                        r.get(8)?,
                    ))
                },
            )?;
            let segments = segments(&event);
            let (s_start, s_end): (i64, i64) = self.conn.query_row(
                "SELECT s.byte_start, s.byte_end FROM sentences s JOIN events e ON e.sentence = s.id
                 WHERE e.id = ?1",
                [id],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )?;
            let (s_start, s_end) = (s_start.max(0) as usize, s_end.max(0) as usize);
            let lo = floor_char(&text, s_start.saturating_sub(CONTEXT_CHARS));
            let hi = ceil_char(&text, s_end.saturating_add(CONTEXT_CHARS).min(text.len()));
            // Start and end the context at sentence boundaries when one is in reach.
            let (first, last): (Option<i64>, Option<i64>) = self.conn.query_row(
                "SELECT (SELECT min(byte_start) FROM sentences WHERE doc = ?1 AND byte_start >= ?2),
                        (SELECT max(byte_end) FROM sentences WHERE doc = ?1 AND byte_end <= ?3)",
                params![doc_row, lo as i64, hi as i64],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )?;
            let first = first
                .map(|v| v.max(0) as usize)
                .filter(|&v| v <= s_start && text.is_char_boundary(v))
                .unwrap_or(lo);
            let last = last
                .map(|v| v.max(0) as usize)
                .filter(|&v| v >= s_end && text.is_char_boundary(v))
                .unwrap_or(hi);
            let before = text
                .get(first..s_start.min(text.len()))
                .unwrap_or_default()
                .to_string();
            let after = text
                .get(s_end.min(text.len())..last)
                .unwrap_or_default()
                .to_string();
            Ok(Some(EventContext {
                event,
                document,
                segments,
                before,
                after,
            }))
        })
    }

    /// Counts per period of the events matching `filter` (undated events left out).
    pub fn series(
        &self,
        filter: &EventFilter,
        interval: Interval,
    ) -> Result<Vec<SeriesPoint>, Error> {
        let w = filter_where(filter)?;
        let cond = if w.sql.is_empty() {
            " WHERE e.day <> ''".to_string()
        } else {
            format!("{} AND e.day <> ''", w.sql)
        };
        let sql = format!(
            "SELECT {p} AS period, count(*), sum(e.quad_class = 1), sum(e.quad_class = 2),
                    sum(e.quad_class = 3), sum(e.quad_class = 4), total(e.goldstein)
             FROM events e{cond} GROUP BY period ORDER BY period",
            p = period_sql(interval)
        );
        self.timed(|| {
            let mut st = self.conn.prepare_cached(&sql)?;
            let rows = st.query_map(rusqlite::params_from_iter(w.params.iter()), |r| {
                let n =
                    |i: usize| -> rusqlite::Result<u64> { Ok(r.get::<_, i64>(i)?.max(0) as u64) };
                let events = n(1)?;
                let sum: f64 = r.get(6)?;
                Ok(SeriesPoint {
                    period: r.get(0)?,
                    events,
                    quad: [n(2)?, n(3)?, n(4)?, n(5)?],
                    goldstein_sum: sum,
                    goldstein_mean: if events > 0 { sum / events as f64 } else { 0.0 },
                })
            })?;
            Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
        })
        .map_err(fts_error(filter.text.is_some()))
    }

    /// The relations network of a period: directed edges between nodes (states, or
    /// actors without a state), busiest first. Events within one node are left out.
    pub fn network(&self, q: &NetworkQuery) -> Result<Network, Error> {
        if q.max_edges == 0 || q.max_edges > MAX_PAGE {
            return Err(Error::BadQuery(format!(
                "max_edges {} is not 1 to {MAX_PAGE}",
                q.max_edges
            )));
        }
        let filter = EventFilter {
            from: q.from.clone(),
            to: q.to.clone(),
            ..EventFilter::default()
        };
        let mut w = filter_where(&filter)?;
        w.sql
            .push_str(if w.sql.is_empty() { " WHERE " } else { " AND " });
        w.sql.push_str("e.src_node <> e.tgt_node");
        w.params
            .push(Value::Integer(q.min_events.min(i64::MAX as u64) as i64));
        let min = w.params.len();
        w.params.push(Value::Integer(i64::from(q.max_edges)));
        let max = w.params.len();
        let sql = format!(
            "SELECT e.src_node, e.tgt_node, count(*) AS n, sum(e.quad_class = 1), sum(e.quad_class = 2),
                    sum(e.quad_class = 3), sum(e.quad_class = 4), total(e.goldstein)
             FROM events e{} GROUP BY e.src_node, e.tgt_node HAVING n >= ?{min}
             ORDER BY n DESC, e.src_node, e.tgt_node LIMIT ?{max}",
            w.sql
        );
        self.timed(|| {
            let mut st = self.conn.prepare_cached(&sql)?;
            let edges = st
                .query_map(rusqlite::params_from_iter(w.params.iter()), |r| {
                    let n = |i: usize| -> rusqlite::Result<u64> {
                        Ok(r.get::<_, i64>(i)?.max(0) as u64)
                    };
                    let events = n(2)?;
                    let quad = [n(3)?, n(4)?, n(5)?, n(6)?];
                    let sum: f64 = r.get(7)?;
                    Ok(Edge {
                        source: r.get(0)?,
                        target: r.get(1)?,
                        events,
                        cooperation: quad[0] + quad[1],
                        conflict: quad[2] + quad[3],
                        quad,
                        goldstein_sum: sum,
                        goldstein_mean: if events > 0 { sum / events as f64 } else { 0.0 },
                    })
                })?
                .collect::<rusqlite::Result<Vec<_>>>()?;
            let mut nodes: HashMap<&str, (u64, f64)> = HashMap::new();
            for e in &edges {
                for n in [&e.source, &e.target] {
                    let v = nodes.entry(n).or_default();
                    v.0 += e.events;
                    v.1 += e.goldstein_sum;
                }
            }
            let mut nodes: Vec<Node> = nodes
                .into_iter()
                .map(|(id, (events, sum))| Node {
                    id: id.to_string(),
                    events,
                    goldstein_mean: if events > 0 { sum / events as f64 } else { 0.0 },
                })
                .collect();
            nodes.sort_by(|a, b| b.events.cmp(&a.events).then_with(|| a.id.cmp(&b.id)));
            Ok(Network { nodes, edges })
        })
    }

    /// What `node` (a state code, or an actor code without a state) did in a period,
    /// and its `top` partners and adversaries.
    pub fn actor_summary(
        &self,
        node: &str,
        from: Option<&str>,
        to: Option<&str>,
        top: u32,
    ) -> Result<ActorSummary, Error> {
        check_code("actor", node)?;
        if top == 0 || top > MAX_PAGE {
            return Err(Error::BadQuery(format!("top {top} is not 1 to {MAX_PAGE}")));
        }
        let range = |side: &str, params: Vec<Value>| -> Result<Where, Error> {
            let f = EventFilter {
                source: (side == "src").then(|| node.to_string()),
                target: (side == "tgt").then(|| node.to_string()),
                from: from.map(str::to_string),
                to: to.map(str::to_string),
                ..EventFilter::default()
            };
            filter_where_after(&f, params)
        };
        let src = range("src", Vec::new())?;
        let tgt = range("tgt", Vec::new())?;
        // The target side numbered after the source side, for queries over both.
        let both = range("tgt", src.params.clone())?;
        self.timed(|| {
            let one = |w: &Where| -> Result<(u64, f64), Error> {
                Ok(self
                    .conn
                    .prepare_cached(&format!(
                        "SELECT count(*), total(e.goldstein) FROM events e{}",
                        w.sql
                    ))?
                    .query_row(rusqlite::params_from_iter(w.params.iter()), |r| {
                        Ok((r.get::<_, i64>(0)?.max(0) as u64, r.get(1)?))
                    })?)
            };
            let (as_source, s_sum) = one(&src)?;
            let (as_target, t_sum) = one(&tgt)?;
            let total = as_source + as_target;
            // Partners: both directions, grouped by the other node.
            let sql = format!(
                "SELECT other, count(*), sum(q <= 2), sum(q >= 3), avg(g) FROM (
                   SELECT e.tgt_node AS other, e.quad_class AS q, e.goldstein AS g FROM events e{}
                   UNION ALL
                   SELECT e.src_node, e.quad_class, e.goldstein FROM events e{})
                 WHERE other <> ?{} GROUP BY other",
                src.sql,
                both.sql,
                both.params.len() + 1
            );
            let mut params: Vec<Value> = both.params.clone();
            params.push(Value::Text(node.to_string()));
            let mut st = self.conn.prepare_cached(&sql)?;
            let all: Vec<Partner> = st
                .query_map(rusqlite::params_from_iter(params.iter()), |r| {
                    let n = |i: usize| -> rusqlite::Result<u64> {
                        Ok(r.get::<_, i64>(i)?.max(0) as u64)
                    };
                    Ok(Partner {
                        node: r.get(0)?,
                        events: n(1)?,
                        cooperation: n(2)?,
                        conflict: n(3)?,
                        goldstein_mean: r.get(4)?,
                    })
                })?
                .collect::<rusqlite::Result<_>>()?;
            let mut partners: Vec<Partner> =
                all.iter().filter(|p| p.cooperation > 0).cloned().collect();
            partners.sort_by(|a, b| {
                b.cooperation
                    .cmp(&a.cooperation)
                    .then_with(|| a.node.cmp(&b.node))
            });
            partners.truncate(top as usize);
            let mut adversaries: Vec<Partner> =
                all.into_iter().filter(|p| p.conflict > 0).collect();
            adversaries.sort_by(|a, b| {
                b.conflict
                    .cmp(&a.conflict)
                    .then_with(|| a.node.cmp(&b.node))
            });
            adversaries.truncate(top as usize);
            let codes = self
                .conn
                .prepare_cached(&format!(
                    "SELECT e.code, count(*) AS n FROM events e{} GROUP BY e.code
                     ORDER BY n DESC, e.code LIMIT {top}",
                    src.sql
                ))?
                .query_map(rusqlite::params_from_iter(src.params.iter()), |r| {
                    Ok(CodeCount {
                        code: r.get(0)?,
                        events: r.get::<_, i64>(1)?.max(0) as u64,
                    })
                })?
                .collect::<rusqlite::Result<Vec<_>>>()?;
            let sql = format!(
                "SELECT c.code, a.country, a.agent, coalesce(a.label, ''), c.n FROM (
                   SELECT code, count(*) AS n FROM (
                     SELECT e.src_code AS code FROM events e{}
                     UNION ALL SELECT e.tgt_code FROM events e{})
                   GROUP BY code) c LEFT JOIN actors a ON a.code = c.code
                 ORDER BY c.n DESC, c.code LIMIT {top}",
                src.sql, both.sql
            );
            let params = &both.params;
            let actors = self
                .conn
                .prepare_cached(&sql)?
                .query_map(rusqlite::params_from_iter(params.iter()), |r| {
                    Ok(ActorInfo {
                        code: r.get(0)?,
                        country: r.get(1)?,
                        agent: r.get(2)?,
                        label: r.get(3)?,
                        events: r.get::<_, i64>(4)?.max(0) as u64,
                    })
                })?
                .collect::<rusqlite::Result<Vec<_>>>()?;
            Ok(ActorSummary {
                node: node.to_string(),
                as_source,
                as_target,
                goldstein_mean: if total > 0 {
                    (s_sum + t_sum) / total as f64
                } else {
                    0.0
                },
                partners,
                adversaries,
                codes,
                actors,
            })
        })
    }

    /// The directory of actor codes seen, most active first.
    pub fn actors(&self, page: &Page) -> Result<Vec<ActorInfo>, Error> {
        let limit = check_limit(page.limit)?;
        let offset = i64::try_from(page.offset).unwrap_or(i64::MAX);
        self.timed(|| {
            let mut st = self.conn.prepare_cached(
                "SELECT a.code, a.country, a.agent, a.label,
                        (SELECT count(*) FROM events WHERE src_code = a.code)
                      + (SELECT count(*) FROM events WHERE tgt_code = a.code) AS n
                 FROM actors a ORDER BY n DESC, a.code LIMIT ?1 OFFSET ?2",
            )?;
            let rows = st.query_map(params![limit, offset], |r| {
                Ok(ActorInfo {
                    code: r.get(0)?,
                    country: r.get(1)?,
                    agent: r.get(2)?,
                    label: r.get(3)?,
                    events: r.get::<_, i64>(4)?.max(0) as u64,
                })
            })?;
            Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
        })
    }

    /// Proper-noun phrases no dictionary entry matched, most mentioned first.
    pub fn unknown_actors(&self, page: &Page) -> Result<Vec<UnknownActor>, Error> {
        let limit = check_limit(page.limit)?;
        let offset = i64::try_from(page.offset).unwrap_or(i64::MAX);
        self.timed(|| {
            let mut st = self.conn.prepare_cached(
                "SELECT u.text, u.n, u.docs, s.text FROM (
                   SELECT text, count(*) AS n, count(DISTINCT doc) AS docs, min(sentence) AS sid
                   FROM unknown_mentions GROUP BY text) u
                 JOIN sentences s ON s.id = u.sid
                 ORDER BY u.n DESC, u.text LIMIT ?1 OFFSET ?2",
            )?;
            let rows = st.query_map(params![limit, offset], |r| {
                Ok(UnknownActor {
                    text: r.get(0)?,
                    mentions: r.get::<_, i64>(1)?.max(0) as u64,
                    documents: r.get::<_, i64>(2)?.max(0) as u64,
                    example: r.get(3)?,
                })
            })?;
            Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
        })
    }

    /// Sentences matching an FTS5 query (`sanctions AND oil`, `"peace talks"`), best
    /// first, with the events coded from each.
    pub fn search(&self, query: &str, page: &Page) -> Result<Vec<SentenceHit>, Error> {
        let limit = check_limit(page.limit)?;
        let offset = i64::try_from(page.offset).unwrap_or(i64::MAX);
        if query.trim().is_empty() || query.len() > 500 {
            return Err(Error::BadQuery(
                "search must be 1 to 500 bytes of search terms".into(),
            ));
        }
        self.timed(|| {
            let mut st = self.conn.prepare_cached(
                "SELECT s.id, d.doc_id, s.idx, s.text FROM sentences_fts f
                 JOIN sentences s ON s.id = f.rowid JOIN documents d ON d.id = s.doc
                 WHERE sentences_fts MATCH ?1 ORDER BY f.rank, s.id LIMIT ?2 OFFSET ?3",
            )?;
            let hits = st
                .query_map(params![query, limit, offset], |r| {
                    Ok((
                        r.get::<_, i64>(0)?,
                        SentenceHit {
                            doc_id: r.get(1)?,
                            sentence_index: r.get::<_, i64>(2)?.max(0) as usize,
                            text: r.get(3)?,
                            event_ids: Vec::new(),
                        },
                    ))
                })?
                .collect::<rusqlite::Result<Vec<_>>>()?;
            let mut ev = self
                .conn
                .prepare_cached("SELECT id FROM events WHERE sentence = ?1 ORDER BY id")?;
            let mut out = Vec::with_capacity(hits.len());
            for (sid, mut hit) in hits {
                hit.event_ids = ev
                    .query_map([sid], |r| r.get(0))?
                    .collect::<rusqlite::Result<Vec<i64>>>()?;
                out.push(hit);
            }
            Ok(out)
        })
        .map_err(fts_error(true))
    }

    /// Metadata of a stored document.
    pub fn document(&self, doc_id: &str) -> Result<Option<DocumentInfo>, Error> {
        self.timed(|| {
            Ok(self
                .conn
                .prepare_cached(
                    "SELECT doc_id, title, date, url, source, origin, content_hash
                     FROM documents WHERE doc_id = ?1",
                )?
                .query_row([doc_id], |r| {
                    Ok(DocumentInfo {
                        doc_id: r.get(0)?,
                        title: r.get(1)?,
                        date: r.get(2)?,
                        url: r.get(3)?,
                        source: r.get(4)?,
                        origin: r.get(5)?,
                        content_hash: r.get(6)?,
                    })
                })
                .optional()?)
        })
    }
}

/// The sentence of `e` cut into plain text and the source, trigger and target phrases
/// (those inside the sentence; an overlapping later one is left plain).
pub fn segments(e: &StoredEvent) -> Vec<Segment> {
    let [s_start, s_end] = e.span;
    let text = e.sentence.as_str();
    // Spans count characters; find the bytes of a character offset in the sentence.
    let byte = |c: usize| -> usize { text.char_indices().nth(c).map_or(text.len(), |(b, _)| b) };
    let mut marks: Vec<(usize, usize, Role)> = [
        (e.source.span, Role::Source),
        (e.trigger.span, Role::Trigger),
        (e.target.span, Role::Target),
    ]
    .into_iter()
    .filter(|([a, b], _)| *a >= s_start && *b <= s_end && a < b)
    .map(|([a, b], r)| (byte(a - s_start), byte(b - s_start), r))
    .collect();
    marks.sort_by_key(|m| (m.0, m.1));
    let mut out = Vec::new();
    let mut at = 0;
    for (a, b, role) in marks {
        if a < at {
            continue;
        }
        if a > at {
            out.push(Segment {
                role: Role::Text,
                text: text[at..a].to_string(),
            });
        }
        out.push(Segment {
            role,
            text: text[a..b].to_string(),
        });
        at = b;
    }
    if at < text.len() {
        out.push(Segment {
            role: Role::Text,
            text: text[at..].to_string(),
        });
    }
    out
}

fn floor_char(s: &str, mut i: usize) -> usize {
    i = i.min(s.len());
    while !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

fn ceil_char(s: &str, mut i: usize) -> usize {
    i = i.min(s.len());
    while !s.is_char_boundary(i) {
        i += 1;
    }
    i
}
