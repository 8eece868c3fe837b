//! The verb patterns compiled into entente (`dict/verbs/` at the repository root).

use std::path::Path;

use entente_actors::DictErrors;

use crate::verbs::VerbDict;

const FILES: &[(&str, &str)] = &[
    (
        "dict/verbs/01-statement.txt",
        include_str!("../../../dict/verbs/01-statement.txt"),
    ),
    (
        "dict/verbs/02-appeal.txt",
        include_str!("../../../dict/verbs/02-appeal.txt"),
    ),
    (
        "dict/verbs/03-intend.txt",
        include_str!("../../../dict/verbs/03-intend.txt"),
    ),
    (
        "dict/verbs/04-consult.txt",
        include_str!("../../../dict/verbs/04-consult.txt"),
    ),
    (
        "dict/verbs/05-diplomatic-cooperation.txt",
        include_str!("../../../dict/verbs/05-diplomatic-cooperation.txt"),
    ),
    (
        "dict/verbs/06-material-cooperation.txt",
        include_str!("../../../dict/verbs/06-material-cooperation.txt"),
    ),
    (
        "dict/verbs/07-aid.txt",
        include_str!("../../../dict/verbs/07-aid.txt"),
    ),
    (
        "dict/verbs/08-yield.txt",
        include_str!("../../../dict/verbs/08-yield.txt"),
    ),
    (
        "dict/verbs/09-investigate.txt",
        include_str!("../../../dict/verbs/09-investigate.txt"),
    ),
    (
        "dict/verbs/10-demand.txt",
        include_str!("../../../dict/verbs/10-demand.txt"),
    ),
    (
        "dict/verbs/11-disapprove.txt",
        include_str!("../../../dict/verbs/11-disapprove.txt"),
    ),
    (
        "dict/verbs/12-reject.txt",
        include_str!("../../../dict/verbs/12-reject.txt"),
    ),
    (
        "dict/verbs/13-threaten.txt",
        include_str!("../../../dict/verbs/13-threaten.txt"),
    ),
    (
        "dict/verbs/14-protest.txt",
        include_str!("../../../dict/verbs/14-protest.txt"),
    ),
    (
        "dict/verbs/15-force-posture.txt",
        include_str!("../../../dict/verbs/15-force-posture.txt"),
    ),
    (
        "dict/verbs/16-reduce-relations.txt",
        include_str!("../../../dict/verbs/16-reduce-relations.txt"),
    ),
    (
        "dict/verbs/17-coerce.txt",
        include_str!("../../../dict/verbs/17-coerce.txt"),
    ),
    (
        "dict/verbs/18-assault.txt",
        include_str!("../../../dict/verbs/18-assault.txt"),
    ),
    (
        "dict/verbs/19-fight.txt",
        include_str!("../../../dict/verbs/19-fight.txt"),
    ),
    (
        "dict/verbs/20-mass-violence.txt",
        include_str!("../../../dict/verbs/20-mass-violence.txt"),
    ),
];

/// The built-in verb pattern files as (path, text) pairs.
pub fn builtin_verb_sources() -> impl Iterator<Item = (&'static Path, &'static str)> {
    FILES.iter().map(|&(p, t)| (Path::new(p), t))
}

/// Compiles the built-in verb patterns.
pub fn builtin_verbs() -> Result<VerbDict, DictErrors> {
    VerbDict::from_sources(builtin_verb_sources())
}
