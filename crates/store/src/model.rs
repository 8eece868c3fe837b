//! What queries take and return. Every type is serde-serializable, so the API server
//! and the command line print them as they are.

use serde::{Deserialize, Serialize};

/// The largest page any query returns.
pub const MAX_PAGE: u32 = 1000;

/// The largest `offset` of an event page; further on, pages go by cursor.
pub const MAX_OFFSET: i64 = 100_000;

/// The page size used when none is given.
pub const DEFAULT_PAGE: u32 = 50;

/// Which events to return. Every field is optional; the fields given must all hold.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct EventFilter {
    /// Full actor code (`RUSMIL`) on either side.
    pub actor: Option<String>,
    /// State code (`RUS`) of either side.
    pub country: Option<String>,
    /// Agent code (`MIL`) of either side.
    pub agent: Option<String>,
    /// Source node: the source's state code, or its actor code when it has no state.
    pub source: Option<String>,
    /// Target node, as [`EventFilter::source`].
    pub target: Option<String>,
    /// With `source` and `target`: also the events from target to source.
    pub both_directions: bool,
    /// CAMEO code (`042`), exact.
    pub code: Option<String>,
    /// CAMEO root (`04`).
    pub root: Option<String>,
    /// Quad class, 1 (verbal cooperation) to 4 (material conflict).
    pub quad_class: Option<u8>,
    /// First day, `YYYY-MM-DD` (inclusive). Events without a date never match a range.
    pub from: Option<String>,
    /// Last day, `YYYY-MM-DD` (inclusive).
    pub to: Option<String>,
    /// `asserted`, `reported`, `claimed`, `intended`, `conditional` or `negated`.
    pub modality: Option<String>,
    /// FTS5 query over the sentence text (`sanctions AND oil`, `"peace talks"`).
    pub text: Option<String>,
    /// The document's id.
    pub doc_id: Option<String>,
}

/// Which page of results. Pages go newest first (`day`, then store id, descending).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Page {
    /// Rows per page, 1 to [`MAX_PAGE`].
    pub limit: u32,
    /// Rows to skip, at most [`MAX_OFFSET`] for events (ignored when `after` is given).
    pub offset: u64,
    /// Keyset cursor: the `next` of the previous page. Faster than `offset` far in.
    pub after: Option<String>,
}

impl Default for Page {
    fn default() -> Self {
        Page {
            limit: DEFAULT_PAGE,
            offset: 0,
            after: None,
        }
    }
}

/// One side of a stored event (the event record's `source` and `target`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Party {
    /// Full actor code.
    pub code: String,
    /// State code, when the actor belongs to a state.
    pub country: Option<String>,
    /// Agent code, when there is one.
    pub agent: Option<String>,
    /// The noun phrase as written.
    pub text: String,
    /// Character offsets of the phrase in the document.
    pub span: [usize; 2],
    /// How the actor was found (`dictionary`, `coreference`).
    pub via: String,
    /// The dictionary label.
    pub label: String,
}

/// The word that triggered an event.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Trigger {
    /// As written.
    pub text: String,
    /// Its lemma.
    pub lemma: String,
    /// Character offsets in the document.
    pub span: [usize; 2],
}

/// Who asserts an event.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Attribution {
    /// The asserting actor's code, when known.
    pub code: Option<String>,
    /// The phrase naming who asserts it.
    pub text: Option<String>,
    /// The verb of saying.
    pub verb: String,
}

/// PLOVER type and mode.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Plover {
    /// PLOVER event type.
    #[serde(rename = "type")]
    pub kind: String,
    /// PLOVER mode.
    pub mode: Option<String>,
}

/// A number in the event's clause.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Quantity {
    /// As written.
    pub text: String,
    /// The value.
    pub value: f64,
    /// Currency code, `percent`, or the counted noun's lemma.
    pub unit: Option<String>,
}

/// Which dictionary pattern fired.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PatternRef {
    /// The pattern as written.
    pub text: String,
    /// `file:line`.
    pub at: String,
}

/// A stored event: the event record of `entente code` plus the store's row id.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StoredEvent {
    /// The store's id of the event (stable until its document is replaced).
    pub id: i64,
    /// The document's id.
    pub doc_id: String,
    /// `doc_id:sentence:n`.
    pub event_id: String,
    /// 0-based sentence index in the document.
    pub sentence_index: usize,
    /// The sentence's text.
    pub sentence: String,
    /// Character offsets of the sentence in the document.
    pub span: [usize; 2],
    /// `YYYY-MM-DD`, `YYYY-MM` or `YYYY`, when known.
    pub date: Option<String>,
    /// The date expression it was resolved from.
    pub date_text: Option<String>,
    /// Who did it.
    pub source: Party,
    /// To whom.
    pub target: Party,
    /// CAMEO code.
    pub code: String,
    /// CAMEO root.
    pub root: String,
    /// Quad class, 1 to 4.
    pub quad_class: u8,
    /// Goldstein score.
    pub goldstein: f32,
    /// PLOVER type.
    pub plover: Option<Plover>,
    /// The triggering word.
    pub trigger: Trigger,
    /// Who asserts it.
    pub attribution: Option<Attribution>,
    /// How certain it is.
    pub modality: String,
    /// Quantities in the clause.
    pub quantities: Vec<Quantity>,
    /// The pattern that fired.
    pub pattern: PatternRef,
    /// Coded from a symmetric wording.
    pub symmetric: bool,
}

/// A page of events.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct EventPage {
    /// The events, newest first.
    pub events: Vec<StoredEvent>,
    /// Cursor for the next page (`Page::after`); `None` on the last page.
    pub next: Option<String>,
}

/// A stored document's metadata.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DocumentInfo {
    /// The document's id.
    pub doc_id: String,
    /// Title, when known.
    pub title: Option<String>,
    /// Publication date, when known.
    pub date: Option<String>,
    /// Address, when known.
    pub url: Option<String>,
    /// Publisher, when known.
    pub source: Option<String>,
    /// Where it was read from.
    pub origin: String,
    /// Hash of its text and metadata (hex SHA-256).
    pub content_hash: String,
}

/// Which part of an evidence sentence a piece of text is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Role {
    /// Plain text.
    Text,
    /// The source actor's phrase.
    Source,
    /// The trigger word.
    Trigger,
    /// The target actor's phrase.
    Target,
}

/// A piece of the evidence sentence, in order; concatenated they give the sentence.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Segment {
    /// What this piece is.
    pub role: Role,
    /// Its text (raw: escape it before putting it in HTML).
    pub text: String,
}

/// One event with the evidence around it, for an evidence view.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct EventContext {
    /// The event.
    pub event: StoredEvent,
    /// Its document's metadata.
    pub document: DocumentInfo,
    /// The sentence cut into plain text and the source, trigger and target phrases.
    pub segments: Vec<Segment>,
    /// Document text before the sentence (up to [`CONTEXT_CHARS`] bytes, cut at a
    /// sentence boundary when there is one).
    pub before: String,
    /// Document text after the sentence (same limit).
    pub after: String,
}

/// How much document text [`EventContext`] gives on each side of the sentence.
pub const CONTEXT_CHARS: usize = 1500;

/// Time series bucket width.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Interval {
    /// Calendar day (`2024-05-01`).
    Day,
    /// ISO-style week starting Monday, named by its Monday (`2024-04-29`).
    Week,
    /// Calendar month (`2024-05`).
    #[default]
    Month,
}

/// Counts of one period of a time series.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SeriesPoint {
    /// The period: a day, a week's Monday, or `YYYY-MM`.
    pub period: String,
    /// Events in the period.
    pub events: u64,
    /// Events per quad class: verbal cooperation, material cooperation, verbal
    /// conflict, material conflict.
    pub quad: [u64; 4],
    /// Sum of Goldstein scores.
    pub goldstein_sum: f64,
    /// Mean Goldstein score.
    pub goldstein_mean: f64,
}

/// Which relations network to build.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct NetworkQuery {
    /// First day (inclusive), `YYYY-MM-DD`.
    pub from: Option<String>,
    /// Last day (inclusive), `YYYY-MM-DD`.
    pub to: Option<String>,
    /// Leave out edges with fewer events.
    pub min_events: u64,
    /// Keep at most this many edges (the busiest), at most [`MAX_PAGE`].
    pub max_edges: u32,
}

impl Default for NetworkQuery {
    fn default() -> Self {
        NetworkQuery {
            from: None,
            to: None,
            min_events: 1,
            max_edges: 200,
        }
    }
}

/// A node of the network: a state, or an actor with no state.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Node {
    /// State code, or actor code.
    pub id: String,
    /// Events it takes part in (on the kept edges).
    pub events: u64,
    /// Mean Goldstein score of those events.
    pub goldstein_mean: f64,
}

/// A directed edge: events from `source` to `target`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Edge {
    /// Source node.
    pub source: String,
    /// Target node.
    pub target: String,
    /// Events on the edge.
    pub events: u64,
    /// Cooperation events (quad classes 1 and 2).
    pub cooperation: u64,
    /// Conflict events (quad classes 3 and 4).
    pub conflict: u64,
    /// Events per quad class.
    pub quad: [u64; 4],
    /// Sum of Goldstein scores.
    pub goldstein_sum: f64,
    /// Mean Goldstein score.
    pub goldstein_mean: f64,
}

/// The relations network of a period.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Network {
    /// Nodes touched by the kept edges, busiest first.
    pub nodes: Vec<Node>,
    /// Edges, busiest first.
    pub edges: Vec<Edge>,
}

/// Another node an actor deals with, and how.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Partner {
    /// The other node.
    pub node: String,
    /// Events between the two, either direction.
    pub events: u64,
    /// Cooperation events (quad classes 1 and 2).
    pub cooperation: u64,
    /// Conflict events (quad classes 3 and 4).
    pub conflict: u64,
    /// Mean Goldstein score.
    pub goldstein_mean: f64,
}

/// How often a CAMEO code occurs.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CodeCount {
    /// CAMEO code.
    pub code: String,
    /// Events.
    pub events: u64,
}

/// What one node did and with whom.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ActorSummary {
    /// The node asked about.
    pub node: String,
    /// Events where it is the source.
    pub as_source: u64,
    /// Events where it is the target.
    pub as_target: u64,
    /// Mean Goldstein score of its events, both sides.
    pub goldstein_mean: f64,
    /// Top partners by cooperation events.
    pub partners: Vec<Partner>,
    /// Top adversaries by conflict events.
    pub adversaries: Vec<Partner>,
    /// Most frequent codes of its events as source.
    pub codes: Vec<CodeCount>,
    /// The actor codes under this node (`RUSMIL`, `RUSGOV`) by events.
    pub actors: Vec<ActorInfo>,
}

/// An actor code from the directory of actors seen.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ActorInfo {
    /// Full actor code.
    pub code: String,
    /// State code.
    pub country: Option<String>,
    /// Agent code.
    pub agent: Option<String>,
    /// Dictionary label.
    pub label: String,
    /// Events it takes part in (either side; 0 where not counted).
    pub events: u64,
}

/// A proper-noun phrase no dictionary entry matched, with how often it occurs.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct UnknownActor {
    /// The phrase.
    pub text: String,
    /// Mentions.
    pub mentions: u64,
    /// Documents that mention it.
    pub documents: u64,
    /// One sentence that mentions it.
    pub example: String,
}

/// A sentence found by full-text search.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SentenceHit {
    /// The document's id.
    pub doc_id: String,
    /// 0-based index of the sentence.
    pub sentence_index: usize,
    /// The sentence's text.
    pub text: String,
    /// Store ids of the events coded from it.
    pub event_ids: Vec<i64>,
}

/// What the store holds.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Stats {
    /// Documents.
    pub documents: u64,
    /// Sentences.
    pub sentences: u64,
    /// Events.
    pub events: u64,
    /// Distinct actor codes seen.
    pub actors: u64,
    /// Earliest event day.
    pub first_day: Option<String>,
    /// Latest event day.
    pub last_day: Option<String>,
}
