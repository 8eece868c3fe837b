//! The entente event coder: who did what to whom, with the evidence.
//!
//! A [`Coder`] holds an actor [`Dictionary`](entente_actors::Dictionary) and a
//! [`VerbDict`] of CAMEO patterns. [`Coder::code`] takes one analysed document (an
//! [`entente_nlp::Doc`], with tags and dependency trees) and returns its [`Event`]s:
//!
//! 1. each sentence's words are searched for actor phrases (`entente-actors`);
//! 2. at every word whose lemma triggers patterns, the most specific pattern that fits
//!    the dependency tree gives the CAMEO code and the source and target phrases
//!    (`frame`), following the passive, coordination and control verbs;
//! 3. each phrase is resolved to an actor (`resolve`): "Russian troops" → `RUSMIL`,
//!    "Putin" → `RUSGOV` on the article's date, "the kingdom" → the state named before;
//! 4. the event gets its attribution and modality (`stance`), quantities and date.
//!
//! Nothing is guessed: a sentence with no pattern, or a pattern whose places do not hold
//! known actors, yields no event. [`Coder::explain`] records every decision.
#![deny(missing_docs)]

mod builtin;
mod coder;
pub mod eval;
mod event;
mod frame;
mod quantity;
mod resolve;
mod stance;
mod tree;
mod verbs;
mod when;

pub use builtin::{builtin_verb_sources, builtin_verbs};
pub use coder::{Coder, DocInfo, Options};
pub use event::{Attribution, Event, Party, PatternRef, PloverType, Trigger};
pub use quantity::Quantity;
pub use resolve::Via;
pub use stance::Modality;
pub use verbs::{Fill, Pattern, PrepReq, VerbDict, PREPOSITIONS};
pub use when::{month, weekday};
