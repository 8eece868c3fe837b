//! CAMEO event codes: names, Goldstein scores, PLOVER types and quad classes.
//!
//! [`EventCode`] is a validated code (CAMEO's 2–4 digits, or an ontology's extension). [`lookup`] finds the
//! facts about a listed code by binary search in a static table of all 311 CAMEO 1.1b3
//! codes; [`nearest`] falls back to the closest listed ancestor for unlisted codes.
//! [`QuadClass::of`] gives GDELT's quad class and [`phoenix_quad_class`] Phoenix's.
//!
//! ```
//! use entente_cameo::{lookup, EventCode, PloverEvent, QuadClass};
//!
//! let code: EventCode = "190".parse()?;
//! let info = lookup(&code).expect("190 is a CAMEO code");
//! assert!(info.name.starts_with("Use conventional military force"));
//! assert_eq!(info.goldstein, -10.0);
//! assert_eq!(info.plover.map(|p| p.event), Some(PloverEvent::Assault));
//! assert_eq!(QuadClass::of(&code), QuadClass::MaterialConflict);
//! assert_eq!(code.root_code().as_str(), "19");
//! assert!("2a".parse::<EventCode>().is_err());
//! assert!(!"903".parse::<EventCode>()?.is_cameo_form()); // an extension code
//! # Ok::<(), entente_cameo::ParseEventCodeError>(())
//! ```
#![deny(missing_docs)]

mod code;
mod table;

use std::fmt;

pub use code::{EventCode, ParseEventCodeError};

/// The facts about one listed CAMEO code.
#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize)]
pub struct CodeInfo {
    /// The code, e.g. `"190"`.
    pub code: &'static str,
    /// CAMEO's name for the category, in sentence case.
    pub name: &'static str,
    /// Goldstein conflict–cooperation score, −10 to +10.
    pub goldstein: f32,
    /// The PLOVER mapping, if the conversion table gives one (roots 01, 02 have none).
    pub plover: Option<Plover>,
}

impl CodeInfo {
    /// The code as an [`EventCode`].
    pub fn event_code(&self) -> EventCode {
        // Every table code is valid; the table tests check this.
        self.code
            .parse()
            .unwrap_or_else(|_| unreachable!("bad table code {}", self.code))
    }
}

/// PLOVER event type, mode and context for a CAMEO code (PLOVER manual draft 0.8).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize)]
pub struct Plover {
    /// The PLOVER event type.
    pub event: PloverEvent,
    /// PLOVER mode, e.g. `"visit"`, if given.
    pub mode: Option<&'static str>,
    /// PLOVER context, e.g. `"military"` or `"crime; corruption"`, if given.
    pub context: Option<&'static str>,
}

/// The 16 PLOVER event types.
#[allow(missing_docs)]
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize,
)]
#[serde(rename_all = "UPPERCASE")]
pub enum PloverEvent {
    Agree,
    Consult,
    Support,
    Concede,
    Cooperate,
    Aid,
    Retreat,
    Request,
    Accuse,
    Reject,
    Threaten,
    Protest,
    Sanction,
    Mobilize,
    Coerce,
    Assault,
}

impl PloverEvent {
    /// All event types, in declaration order.
    pub const ALL: [PloverEvent; 16] = [
        Self::Agree,
        Self::Consult,
        Self::Support,
        Self::Concede,
        Self::Cooperate,
        Self::Aid,
        Self::Retreat,
        Self::Request,
        Self::Accuse,
        Self::Reject,
        Self::Threaten,
        Self::Protest,
        Self::Sanction,
        Self::Mobilize,
        Self::Coerce,
        Self::Assault,
    ];

    /// The PLOVER name, e.g. `"ASSAULT"`.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Agree => "AGREE",
            Self::Consult => "CONSULT",
            Self::Support => "SUPPORT",
            Self::Concede => "CONCEDE",
            Self::Cooperate => "COOPERATE",
            Self::Aid => "AID",
            Self::Retreat => "RETREAT",
            Self::Request => "REQUEST",
            Self::Accuse => "ACCUSE",
            Self::Reject => "REJECT",
            Self::Threaten => "THREATEN",
            Self::Protest => "PROTEST",
            Self::Sanction => "SANCTION",
            Self::Mobilize => "MOBILIZE",
            Self::Coerce => "COERCE",
            Self::Assault => "ASSAULT",
        }
    }

    /// The event type with PLOVER name `name` (exact, upper case), if any.
    pub fn from_name(name: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|e| e.as_str() == name)
    }
}

impl fmt::Display for PloverEvent {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Quad class, GDELT convention: roots 01–05, 06–09, 10–14, 15–20.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum QuadClass {
    /// Roots 01–05.
    VerbalCooperation = 1,
    /// Roots 06–09.
    MaterialCooperation = 2,
    /// Roots 10–14.
    VerbalConflict = 3,
    /// Roots 15–20.
    MaterialConflict = 4,
}

impl QuadClass {
    /// The GDELT quad class of `code`'s root.
    pub fn of(code: &EventCode) -> QuadClass {
        match code.root() {
            1..=5 => Self::VerbalCooperation,
            6..=9 => Self::MaterialCooperation,
            10..=14 => Self::VerbalConflict,
            _ => Self::MaterialConflict,
        }
    }

    /// The class number, 1 to 4.
    pub fn as_u8(self) -> u8 {
        self as u8
    }
}

/// Quad class, Phoenix convention: 0 neutral (roots 01–02), 1 (03–05), 2 (06–08),
/// 3 (09–13 and 16), 4 (14, 15, 17–20). Differs from [`QuadClass`]; say which one an
/// export uses.
pub fn phoenix_quad_class(code: &EventCode) -> u8 {
    match code.root() {
        1..=2 => 0,
        3..=5 => 1,
        6..=8 => 2,
        9..=13 | 16 => 3,
        _ => 4,
    }
}

/// All listed codes, sorted by code string.
pub fn all() -> &'static [CodeInfo] {
    &table::TABLE
}

fn find(code: &str) -> Option<&'static CodeInfo> {
    let table = all();
    table
        .binary_search_by(|info| info.code.cmp(code))
        .ok()
        .map(|i| &table[i])
}

/// The facts about `code`, or `None` if CAMEO does not list it.
pub fn lookup(code: &EventCode) -> Option<&'static CodeInfo> {
    find(code.as_str())
}

/// The facts about `code` or, if it is not listed, its nearest listed ancestor
/// (`0215` → `021`). `None` only if no ancestor is listed either.
pub fn nearest(code: &EventCode) -> Option<&'static CodeInfo> {
    let mut current = Some(*code);
    while let Some(c) = current {
        if let Some(info) = lookup(&c) {
            return Some(info);
        }
        current = c.parent();
    }
    None
}

/// The name of `code`, or of its nearest listed ancestor (see [`nearest`]).
pub fn describe(code: &EventCode) -> Option<&'static str> {
    nearest(code).map(|info| info.name)
}

/// Whether `code` is a listed CAMEO code (exact string, e.g. `"190"` but not `"19 "`).
pub fn is_known(code: &str) -> bool {
    find(code).is_some()
}
