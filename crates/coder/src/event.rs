//! The event record: the contract other tools and the evaluations read (one JSON
//! object per line).

use serde::Serialize;

use crate::quantity::Quantity;
use crate::resolve::Via;
use crate::stance::Modality;

/// One side of an event.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Party {
    /// Full actor code (`RUSMIL`).
    pub code: String,
    /// State code, when the actor belongs to a state.
    pub country: Option<String>,
    /// Agent code (`MIL`), when there is one.
    pub agent: Option<String>,
    /// The noun phrase as written.
    pub text: String,
    /// Character offsets of the phrase in the document.
    pub span: [usize; 2],
    /// How the actor was found.
    pub via: Via,
    /// The dictionary label of the actor ("Russia", "Vladimir Putin").
    pub label: String,
}

/// The word that triggered the event.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Trigger {
    /// As written.
    pub text: String,
    /// Its lemma.
    pub lemma: String,
    /// Character offsets in the document.
    pub span: [usize; 2],
}

/// Who asserts the event.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Attribution {
    /// The asserting actor's code, when it is a known actor.
    pub code: Option<String>,
    /// The phrase naming who asserts it ("Syrian state media", "officials").
    pub text: Option<String>,
    /// The verb of saying ("said", "according to").
    pub verb: String,
}

/// PLOVER type and mode of the event.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PloverType {
    /// PLOVER event type (`CONSULT`).
    #[serde(rename = "type")]
    pub kind: String,
    /// PLOVER mode, when the mapping gives one.
    pub mode: Option<String>,
}

/// Which dictionary entry fired.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PatternRef {
    /// The pattern as written.
    pub text: String,
    /// `file:line` of the pattern.
    pub at: String,
}

/// One coded event.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Event {
    /// The document's id.
    pub doc_id: String,
    /// `doc_id:sentence:n`, unique in a run.
    pub event_id: String,
    /// 0-based index of the sentence in the document.
    pub sentence_index: usize,
    /// The sentence's text.
    pub sentence: String,
    /// Character offsets of the sentence in the document.
    pub span: [usize; 2],
    /// `YYYY-MM-DD`, `YYYY-MM` or `YYYY`, when known.
    pub date: Option<String>,
    /// The date expression it was resolved from, if any.
    pub date_text: Option<String>,
    /// Who did it.
    pub source: Party,
    /// To whom.
    pub target: Party,
    /// CAMEO code (or a code of the dictionaries' own ontology, such as `903`).
    pub code: String,
    /// Root: the code's first 2 digits.
    pub root: String,
    /// GDELT quad class (1 verbal cooperation .. 4 material conflict); 0 for a code
    /// outside CAMEO.
    pub quad_class: u8,
    /// Goldstein score; 0.0 for a code outside CAMEO.
    pub goldstein: f32,
    /// PLOVER type, when CAMEO maps to one.
    pub plover: Option<PloverType>,
    /// The triggering word.
    pub trigger: Trigger,
    /// Who asserts the event, if the text says.
    pub attribution: Option<Attribution>,
    /// How certain it is.
    pub modality: Modality,
    /// Quantities in the event's clause.
    pub quantities: Vec<Quantity>,
    /// The pattern that fired.
    pub pattern: PatternRef,
    /// Coded from a symmetric wording (the reverse event is also emitted).
    pub symmetric: bool,
}
