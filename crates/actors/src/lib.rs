//! Actor dictionaries for entente: who the actors in the news are.
//!
//! A [`Dictionary`] is compiled from text files in our own format (see `dict/README.md`
//! at the root of the repository): states with their names, adjectives, capitals, seats of
//! power and state media; regions and blocs; international organisations; non-state
//! groups; office-holders whose code depends on the date ([`Role`]); and agents
//! ("troops", "government") that combine with a state into codes such as `RUSMIL`.
//!
//! [`Dictionary::find`] finds the dictionary's phrases in a sentence's tokens. Deciding
//! which phrases make up one actor needs the dependency tree, and is the coder's job.
//!
//! ```
//! use std::path::Path;
//! use entente_actors::{Dictionary, Sense};
//!
//! let text = "[country RUS] Russia\nname: Russia\nadj: Russian\n\n[agent MIL] military\nnoun: troops\n";
//! let dict = Dictionary::from_sources([(Path::new("test.txt"), text)]).unwrap();
//! let found = dict.find(&["Russian", "troops", "crossed"]);
//! assert_eq!(found.len(), 2);
//! assert_eq!(found[0].entry.code, "RUS");
//! assert_eq!(found[1].sense, &Sense::AgentNoun);
//! ```
#![deny(missing_docs)]

mod builtin;
mod dict;
mod error;
mod phrase;
mod role;
mod syntax;

pub use builtin::{builtin, builtin_sources};
pub use dict::{Dictionary, Entry, Kind, Mention, Sense};
pub use error::{DictError, DictErrorKind, DictErrors};
pub use phrase::fold;
pub use role::{parse_date, Role};
pub use syntax::{is_code, lines, strip_comment, values, Line};

/// True when `code` starts with a state or region code (not `IGO`, `NGO`, `IMG`, `MNC`
/// or `---`).
pub fn is_state_code(code: &str) -> bool {
    code.len() >= 3
        && code.is_char_boundary(3)
        && !matches!(&code[..3], "IGO" | "NGO" | "IMG" | "MNC" | "---")
}

/// A resolved actor: a full code and its parts.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Actor {
    /// The full code (`RUSMIL`, `IGOUNO`, `---REB`).
    pub code: String,
    /// The state (or region) code, when there is one.
    pub country: Option<String>,
    /// The agent code (`MIL`, `GOV`), when there is one.
    pub agent: Option<String>,
}

impl Actor {
    /// Builds an actor from a base code (state, region, organisation or group) and an
    /// optional agent. Without a base the actor is `---AGENT`.
    pub fn combine(base: Option<&str>, agent: Option<&str>) -> Option<Actor> {
        let code = match (base, agent) {
            (None, None) => return None,
            (Some(b), None) => b.to_string(),
            (None, Some(a)) => format!("---{a}"),
            (Some(b), Some(a)) if b.ends_with(a) => b.to_string(),
            (Some(b), Some(_)) if b.len() >= 6 && !b.starts_with("IGO") => b.to_string(),
            (Some(b), Some(a)) => format!("{b}{a}"),
        };
        let country = base
            .filter(|b| is_state_code(b))
            .map(|b| b[..3].to_string());
        Some(Actor {
            code,
            country,
            agent: agent.map(str::to_string),
        })
    }
}
