//! The dictionaries compiled into entente (`dict/actors/` at the repository root).

use std::path::Path;
use std::sync::OnceLock;

use crate::{DictErrors, Dictionary};

const FILES: &[(&str, &str)] = &[
    (
        "dict/actors/countries.txt",
        include_str!("../../../dict/actors/countries.txt"),
    ),
    (
        "dict/actors/regions.txt",
        include_str!("../../../dict/actors/regions.txt"),
    ),
    (
        "dict/actors/organisations.txt",
        include_str!("../../../dict/actors/organisations.txt"),
    ),
    (
        "dict/actors/groups.txt",
        include_str!("../../../dict/actors/groups.txt"),
    ),
    (
        "dict/actors/people.txt",
        include_str!("../../../dict/actors/people.txt"),
    ),
    (
        "dict/actors/agents.txt",
        include_str!("../../../dict/actors/agents.txt"),
    ),
];

/// The built-in dictionary files as (path, text) pairs.
pub fn builtin_sources() -> impl Iterator<Item = (&'static Path, &'static str)> {
    FILES.iter().map(|&(p, t)| (Path::new(p), t))
}

/// The built-in actor dictionary, compiled once.
pub fn builtin() -> Result<&'static Dictionary, &'static DictErrors> {
    static DICT: OnceLock<Result<Dictionary, DictErrors>> = OnceLock::new();
    DICT.get_or_init(|| Dictionary::from_sources(builtin_sources()))
        .as_ref()
}
