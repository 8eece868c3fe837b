//! The JSON API: read-only routes over the store's queries.
//!
//! | route | parameters | answer |
//! | --- | --- | --- |
//! | `GET /api` | | this list, as JSON |
//! | `GET /api/stats` | | documents, sentences, events, actors, first and last day |
//! | `GET /api/events` | filter (below), `limit` (1-500), `offset` (≤ 10,000) or `after` (cursor), `count` | `{events, next, total?}` |
//! | `GET /api/events/{id}` | | the event, its document, the sentence cut into segments, text before and after |
//! | `GET /api/series` | filter, `interval` (`day`, `week`, `month`) | counts per period by quad class, Goldstein sum and mean |
//! | `GET /api/network` | `from`, `to`, `min_events`, `max_edges` (≤ 1,000) | nodes and directed edges |
//! | `GET /api/actors` | `limit`, `offset` | actor codes seen, by events |
//! | `GET /api/actors/{node}` | `from`, `to`, `top` (≤ 100) | partners, adversaries, codes |
//! | `GET /api/unknown-actors` | `limit`, `offset` | names no dictionary knows |
//! | `GET /api/search` | `q`, `limit`, `offset` | sentences matching a full-text query |
//! | `GET /api/documents/{id}` | | a document's metadata |
//!
//! The filter: `actor`, `country`, `agent`, `source`, `target`, `both_directions`,
//! `code`, `root`, `quad_class`, `from`, `to` (`YYYY-MM-DD`), `modality`, `text` (or `q`:
//! an FTS5 query over the sentence), `doc_id`. An unknown parameter, a malformed value or
//! one out of range is a 400 with a JSON body naming it.

use axum::extract::rejection::{PathRejection, QueryRejection};
use axum::extract::{FromRequestParts, Path, Query, State};
use axum::http::request::Parts;
use axum::routing::get;
use axum::{Json, Router};
use entente_store::{
    ActorInfo, ActorSummary, DocumentInfo, EventContext, EventFilter, Interval, Network,
    NetworkQuery, Page, SentenceHit, SeriesPoint, Stats, StoredEvent, UnknownActor,
};
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use tower_http::compression::CompressionLayer;

use crate::error::ApiError;
use crate::AppState;

/// The largest page one request may ask for (`limit`).
pub const MAX_LIMIT: u32 = 500;
/// The largest `offset`; past it, page with the `after` cursor.
pub const MAX_OFFSET: u64 = 10_000;
/// The longest text parameter accepted (search terms, codes, dates), in bytes.
pub const MAX_TEXT: usize = 200;
/// The most partners, adversaries and codes an actor summary lists.
pub const MAX_TOP: u32 = 100;

/// The `/api` routes.
pub(crate) fn routes(state: AppState) -> Router {
    Router::new()
        .route("/", get(index))
        .route("/stats", get(stats))
        .route("/events", get(events))
        .route("/events/{id}", get(event))
        .route("/series", get(series))
        .route("/network", get(network))
        .route("/actors", get(actors))
        .route("/actors/{node}", get(actor))
        .route("/unknown-actors", get(unknown_actors))
        .route("/search", get(search))
        .route("/documents/{id}", get(document))
        .fallback(|| async { ApiError::not_found("no such API route; GET /api lists them") })
        .layer(CompressionLayer::new())
        .with_state(state)
}

/// Query parameters, parsed strictly: a malformed or unknown one is a JSON 400.
pub(crate) struct Params<T>(pub T);

impl<T: DeserializeOwned, S: Send + Sync> FromRequestParts<S> for Params<T> {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, ApiError> {
        match Query::<T>::from_request_parts(parts, state).await {
            Ok(Query(t)) => Ok(Params(t)),
            Err(e) => Err(query_error(&e)),
        }
    }
}

fn query_error(e: &QueryRejection) -> ApiError {
    // "Failed to deserialize query string: <serde's message>": keep serde's message.
    let text = e.body_text();
    let detail = text.split_once(": ").map_or(text.as_str(), |(_, d)| d);
    ApiError::bad_request(format!("bad query parameter: {detail}"))
}

fn path_error(e: &PathRejection) -> ApiError {
    ApiError::bad_request(format!("bad path: {}", e.body_text()))
}

/// Every filter and paging parameter any route takes; each route refuses the ones it
/// does not use.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct FilterParams {
    actor: Option<String>,
    country: Option<String>,
    agent: Option<String>,
    source: Option<String>,
    target: Option<String>,
    both_directions: Option<bool>,
    code: Option<String>,
    root: Option<String>,
    #[serde(alias = "quad")]
    quad_class: Option<u8>,
    from: Option<String>,
    to: Option<String>,
    modality: Option<String>,
    #[serde(alias = "q")]
    text: Option<String>,
    doc_id: Option<String>,
    limit: Option<u32>,
    offset: Option<u64>,
    after: Option<String>,
    count: Option<bool>,
    interval: Option<Interval>,
}

impl FilterParams {
    fn filter(&self) -> Result<EventFilter, ApiError> {
        let text = |name: &str, v: &Option<String>| -> Result<Option<String>, ApiError> {
            match v {
                Some(s) if s.len() > MAX_TEXT => Err(ApiError::bad_request(format!(
                    "{name} is longer than {MAX_TEXT} bytes"
                ))),
                Some(s) if s.is_empty() => Ok(None),
                other => Ok(other.clone()),
            }
        };
        let search = text("text", &self.text)?;
        if let Some(q) = &search {
            check_fts(q)?;
        }
        Ok(EventFilter {
            actor: text("actor", &self.actor)?,
            country: text("country", &self.country)?,
            agent: text("agent", &self.agent)?,
            source: text("source", &self.source)?,
            target: text("target", &self.target)?,
            both_directions: self.both_directions.unwrap_or(false),
            code: text("code", &self.code)?,
            root: text("root", &self.root)?,
            quad_class: self.quad_class,
            from: text("from", &self.from)?,
            to: text("to", &self.to)?,
            modality: text("modality", &self.modality)?,
            text: search,
            doc_id: text("doc_id", &self.doc_id)?,
        })
    }
}

/// Refuses a full-text query SQLite would reject in a way the store does not name.
fn check_fts(q: &str) -> Result<(), ApiError> {
    if q.chars().filter(|&c| c == '"').count() % 2 == 1 {
        return Err(ApiError::bad_request(format!(
            "text search: {q:?} has an unbalanced double quote"
        )));
    }
    Ok(())
}

/// Checks paging parameters and turns them into the store's [`Page`].
fn page(limit: Option<u32>, offset: Option<u64>, after: Option<String>) -> Result<Page, ApiError> {
    let limit = limit.unwrap_or(entente_store::DEFAULT_PAGE);
    if limit == 0 || limit > MAX_LIMIT {
        return Err(ApiError::bad_request(format!(
            "limit {limit} is not 1 to {MAX_LIMIT}"
        )));
    }
    let offset = offset.unwrap_or(0);
    if offset > MAX_OFFSET {
        return Err(ApiError::bad_request(format!(
            "offset {offset} is above {MAX_OFFSET}; page on with the `after` cursor (`next`)"
        )));
    }
    if after.as_ref().is_some_and(|a| a.len() > MAX_TEXT) {
        return Err(ApiError::bad_request(
            "after is not a cursor this server gave",
        ));
    }
    Ok(Page {
        limit,
        offset,
        after,
    })
}

fn refuse(route: &str, given: &[(&str, bool)]) -> Result<(), ApiError> {
    match given.iter().find(|(_, present)| *present) {
        Some((name, _)) => Err(ApiError::bad_request(format!(
            "{route} takes no `{name}` parameter"
        ))),
        None => Ok(()),
    }
}

/// A short description of the API.
async fn index() -> Json<serde_json::Value> {
    Json(serde_json::json!({
        "routes": [
            "/api/stats",
            "/api/events?source=&target=&both_directions=&actor=&country=&agent=&code=&root=&quad_class=&from=&to=&modality=&q=&doc_id=&limit=&offset=&after=&count=",
            "/api/events/{id}",
            "/api/series?source=&target=&both_directions=&interval=day|week|month (+ event filters)",
            "/api/network?from=&to=&min_events=&max_edges=",
            "/api/actors?limit=&offset=",
            "/api/actors/{node}?from=&to=&top=",
            "/api/unknown-actors?limit=&offset=",
            "/api/search?q=&limit=&offset=",
            "/api/documents/{id}",
        ],
        "limits": { "limit": MAX_LIMIT, "offset": MAX_OFFSET, "text_bytes": MAX_TEXT },
    }))
}

async fn stats(State(s): State<AppState>) -> Result<Json<Stats>, ApiError> {
    s.pool.run(|store| store.stats()).await.map(Json)
}

/// A page of events.
#[derive(Debug, Serialize)]
pub(crate) struct EventsAnswer {
    events: Vec<StoredEvent>,
    /// Cursor of the next page (`after=`), absent on the last page.
    next: Option<String>,
    /// All matching events, when `count=true` was asked.
    #[serde(skip_serializing_if = "Option::is_none")]
    total: Option<u64>,
}

async fn events(
    State(s): State<AppState>,
    Params(p): Params<FilterParams>,
) -> Result<Json<EventsAnswer>, ApiError> {
    refuse("/api/events", &[("interval", p.interval.is_some())])?;
    let filter = p.filter()?;
    let page = page(p.limit, p.offset, p.after)?;
    let count = p.count.unwrap_or(false);
    s.pool
        .run(move |store| {
            let found = store.events(&filter, &page)?;
            let total = if count {
                Some(store.count_events(&filter)?)
            } else {
                None
            };
            Ok(EventsAnswer {
                events: found.events,
                next: found.next,
                total,
            })
        })
        .await
        .map(Json)
}

async fn event(
    State(s): State<AppState>,
    id: Result<Path<i64>, PathRejection>,
) -> Result<Json<EventContext>, ApiError> {
    let Path(id) = id.map_err(|e| path_error(&e))?;
    match s.pool.run(move |store| store.event(id)).await? {
        Some(e) => Ok(Json(e)),
        None => Err(ApiError::not_found(format!("no event {id}"))),
    }
}

async fn series(
    State(s): State<AppState>,
    Params(p): Params<FilterParams>,
) -> Result<Json<Vec<SeriesPoint>>, ApiError> {
    refuse(
        "/api/series",
        &[
            ("limit", p.limit.is_some()),
            ("offset", p.offset.is_some()),
            ("after", p.after.is_some()),
            ("count", p.count.is_some()),
        ],
    )?;
    let filter = p.filter()?;
    let interval = p.interval.unwrap_or_default();
    s.pool
        .run(move |store| store.series(&filter, interval))
        .await
        .map(Json)
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct NetworkParams {
    from: Option<String>,
    to: Option<String>,
    min_events: Option<u64>,
    max_edges: Option<u32>,
}

async fn network(
    State(s): State<AppState>,
    Params(p): Params<NetworkParams>,
) -> Result<Json<Network>, ApiError> {
    let defaults = NetworkQuery::default();
    let q = NetworkQuery {
        from: p.from.filter(|d| !d.is_empty()),
        to: p.to.filter(|d| !d.is_empty()),
        min_events: p.min_events.unwrap_or(defaults.min_events),
        max_edges: p.max_edges.unwrap_or(defaults.max_edges),
    };
    s.pool.run(move |store| store.network(&q)).await.map(Json)
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct PageParams {
    limit: Option<u32>,
    offset: Option<u64>,
}

async fn actors(
    State(s): State<AppState>,
    Params(p): Params<PageParams>,
) -> Result<Json<Vec<ActorInfo>>, ApiError> {
    let page = page(p.limit, p.offset, None)?;
    s.pool.run(move |store| store.actors(&page)).await.map(Json)
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct ActorParams {
    from: Option<String>,
    to: Option<String>,
    top: Option<u32>,
}

async fn actor(
    State(s): State<AppState>,
    node: Result<Path<String>, PathRejection>,
    Params(p): Params<ActorParams>,
) -> Result<Json<ActorSummary>, ApiError> {
    let Path(node) = node.map_err(|e| path_error(&e))?;
    if node.len() > MAX_TEXT {
        return Err(ApiError::bad_request("actor code too long"));
    }
    let top = p.top.unwrap_or(10);
    if top == 0 || top > MAX_TOP {
        return Err(ApiError::bad_request(format!(
            "top {top} is not 1 to {MAX_TOP}"
        )));
    }
    let (from, to) = (
        p.from.filter(|d| !d.is_empty()),
        p.to.filter(|d| !d.is_empty()),
    );
    s.pool
        .run(move |store| store.actor_summary(&node, from.as_deref(), to.as_deref(), top))
        .await
        .map(Json)
}

async fn unknown_actors(
    State(s): State<AppState>,
    Params(p): Params<PageParams>,
) -> Result<Json<Vec<UnknownActor>>, ApiError> {
    let page = page(p.limit, p.offset, None)?;
    s.pool
        .run(move |store| store.unknown_actors(&page))
        .await
        .map(Json)
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct SearchParams {
    #[serde(alias = "text")]
    q: String,
    limit: Option<u32>,
    offset: Option<u64>,
}

async fn search(
    State(s): State<AppState>,
    Params(p): Params<SearchParams>,
) -> Result<Json<Vec<SentenceHit>>, ApiError> {
    if p.q.trim().is_empty() || p.q.len() > MAX_TEXT {
        return Err(ApiError::bad_request(format!(
            "q must be 1 to {MAX_TEXT} bytes of search terms"
        )));
    }
    check_fts(&p.q)?;
    let page = page(p.limit, p.offset, None)?;
    s.pool
        .run(move |store| store.search(&p.q, &page))
        .await
        .map(Json)
}

async fn document(
    State(s): State<AppState>,
    id: Result<Path<String>, PathRejection>,
) -> Result<Json<DocumentInfo>, ApiError> {
    let Path(id) = id.map_err(|e| path_error(&e))?;
    if id.len() > 1000 {
        return Err(ApiError::bad_request("document id too long"));
    }
    let shown = id.clone();
    match s.pool.run(move |store| store.document(&id)).await? {
        Some(d) => Ok(Json(d)),
        None => Err(ApiError::not_found(format!("no document {shown:?}"))),
    }
}
