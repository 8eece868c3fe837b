//! Closed word lists used by the tokenizer and the sentence splitter: abbreviations,
//! hyphen prefixes that stay attached, units split off numbers, contractions and
//! words that typically open a sentence.

/// How an abbreviation with its period behaves at a potential sentence end.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Abbrev {
    /// Almost always followed by more of the same sentence (`Mr.`, `Gen.`, `Sept.`).
    Prefix,
    /// Often sentence-final (`Inc.`, `U.S.`, `etc.`): ends a sentence when the next
    /// word is a typical sentence opener.
    Final,
}

/// Titles, months and other abbreviations that are nearly never sentence-final.
#[rustfmt::skip]
const PREFIX_ABBREVS: &[&str] = &[
    // titles and ranks
    "Adm", "Brig", "Capt", "Cdr", "Cmdr", "Col", "Cpl", "Dr", "Drs", "Fr", "Gen", "Gov", "Hon",
    "Lt", "Maj", "Messrs", "Mlle", "Mme", "Mr", "Mrs", "Ms", "Msgr", "Pres", "Prof", "Pvt", "Rep",
    "Reps", "Rev", "Sen", "Sens", "Sgt", "Supt",
    // months
    "Jan", "Feb", "Mar", "Apr", "Jun", "Jul", "Aug", "Sep", "Sept", "Oct", "Nov", "Dec",
    // references
    "Fig", "Mt", "No", "Nos", "Op", "Vol", "cf", "fig", "no", "nos", "pp", "vol", "vs",
];

/// Abbreviations that frequently end a sentence.
#[rustfmt::skip]
const FINAL_ABBREVS: &[&str] = &[
    // companies, names and addresses
    "Assn", "Ave", "Blvd", "Bros", "Co", "Corp", "Dept", "Ed", "Eds", "Esq", "Ft", "Inc", "Jr",
    "Ltd", "Plc", "Pte", "Rd", "Sr", "St", "Sts", "Univ",
    // U.S. states and Canadian provinces as abbreviated in news copy
    "Ala", "Alta", "Ariz", "Ark", "Calif", "Colo", "Conn", "Del", "Fla", "Ga", "Ill", "Ind", "Kan",
    "Ky", "La", "Mass", "Md", "Mich", "Minn", "Miss", "Mo", "Mont", "Neb", "Nev", "Okla", "Ont",
    "Ore", "Pa", "Que", "Sask", "Tenn", "Tex", "Va", "Vt", "Wash", "Wis", "Wyo",
    // lower-case abbreviations
    "al", "approx", "avg", "ca", "dept", "ed", "eds", "est", "etc", "excl", "ext", "govt", "ibid",
    "inc", "incl", "misc", "wk", "wks", "yr", "yrs",
];

/// Looks up `word` (without its trailing period) as an abbreviation.
///
/// Matches exactly, in all capitals (`INC`), or capitalised for a lower-case entry
/// (`Etc`). Dotted forms such as `U.S`, `e.g`, `Ph.D` and `N.A.T.O` are recognised
/// generically.
pub(crate) fn abbreviation(word: &str) -> Option<Abbrev> {
    if is_dotted_acronym(word) {
        return Some(dotted_kind(word));
    }
    if word.len() > 8 || !word.bytes().all(|b| b.is_ascii_alphabetic()) {
        return None;
    }
    if lookup(PREFIX_ABBREVS, word) {
        Some(Abbrev::Prefix)
    } else if lookup(FINAL_ABBREVS, word) {
        Some(Abbrev::Final)
    } else {
        None
    }
}

fn lookup(list: &[&str], word: &str) -> bool {
    list.iter().any(|e| {
        e.len() == word.len()
            && (*e == word
                || (word.len() >= 2
                    && word.bytes().all(|b| b.is_ascii_uppercase())
                    && e.eq_ignore_ascii_case(word))
                || (e.as_bytes()[0].is_ascii_lowercase()
                    && word.as_bytes()[0].is_ascii_uppercase()
                    && e.eq_ignore_ascii_case(word)))
    })
}

/// `e.g` and `i.e` introduce more text; other dotted acronyms can end a sentence.
fn dotted_kind(word: &str) -> Abbrev {
    if word.eq_ignore_ascii_case("e.g") || word.eq_ignore_ascii_case("i.e") {
        Abbrev::Prefix
    } else {
        Abbrev::Final
    }
}

/// Letters in groups of one or two separated by single periods, at least two groups
/// (`U.S`, `a.m`, `Ph.D`, `N.A.T.O`).
pub(crate) fn is_dotted_acronym(word: &str) -> bool {
    let mut groups = 0;
    for part in word.split('.') {
        if part.is_empty() || part.len() > 2 || !part.bytes().all(|b| b.is_ascii_alphabetic()) {
            return false;
        }
        groups += 1;
    }
    groups >= 2
}

/// Prefixes that UD English keeps attached to the following word (`non-profit`,
/// `co-founder`, `e-mail`), compared in lower case.
const HYPHEN_PREFIXES: &[&str] = &[
    "anti", "bi", "co", "counter", "cross", "de", "e", "ex", "extra", "infra", "inter", "intra",
    "macro", "mega", "micro", "mid", "mini", "mis", "multi", "neo", "non", "over", "post", "pre",
    "pro", "pseudo", "re", "semi", "socio", "sub", "super", "trans", "tri", "ultra", "vice",
];

/// Whether a hyphen after `segment` stays inside the word.
pub(crate) fn is_hyphen_prefix(segment: &str) -> bool {
    segment.len() <= 7
        && HYPHEN_PREFIXES
            .iter()
            .any(|p| p.eq_ignore_ascii_case(segment))
}

/// Units and magnitudes written directly after a number that UD splits off
/// (`40billion`, `10am`, `5km`), compared in lower case.
const UNITS: &[&str] = &[
    "am", "b", "bn", "bbl", "bln", "billion", "c", "cc", "cl", "cm", "dlrs", "f", "ft", "g", "gb",
    "gw", "gwh", "h", "hr", "hrs", "in", "k", "kb", "kg", "kgs", "km", "kmh", "kms", "kph", "kw",
    "kwh", "l", "lb", "lbs", "m", "mb", "mg", "mi", "mile", "miles", "million", "min", "mins",
    "ml", "mln", "mm", "mn", "mph", "ms", "mt", "mw", "mwh", "oz", "p", "pc", "pct", "percent",
    "pm", "pts", "sec", "secs", "t", "tb", "thousand", "tn", "tonnes", "trillion", "v", "w", "x",
    "yd", "yds", "yr", "yrs",
];

/// Whether letters directly after a number are a unit to split off.
pub(crate) fn is_unit(letters: &str) -> bool {
    letters.len() <= 8 && UNITS.iter().any(|u| u.eq_ignore_ascii_case(letters))
}

/// Contractions written without an apostrophe, with their split point: `gonna` →
/// `gon` + `na`, `dont` → `do` + `nt`.
const FUSED: &[(&str, usize)] = &[
    ("cannot", 3),
    ("gonna", 3),
    ("wanna", 3),
    ("gotta", 3),
    ("outta", 3),
    ("kinda", 4),
    ("sorta", 4),
    ("lotta", 3),
    ("gimme", 3),
    ("lemme", 3),
    ("dont", 2),
    ("didnt", 3),
    ("doesnt", 4),
    ("isnt", 2),
    ("wasnt", 3),
    ("werent", 4),
    ("arent", 3),
    ("havent", 4),
    ("hasnt", 3),
    ("hadnt", 3),
    ("couldnt", 5),
    ("wouldnt", 5),
    ("shouldnt", 6),
];

/// Split point (in bytes) of a fused contraction such as `gonna`, if `word` is one.
pub(crate) fn fused_split(word: &str) -> Option<usize> {
    if word.len() > 8 {
        return None;
    }
    FUSED
        .iter()
        .find(|(w, _)| w.eq_ignore_ascii_case(word))
        .map(|&(_, at)| at)
}

/// Capitalised words that usually open a sentence: after an abbreviation such as
/// `Inc.` or `U.S.` they signal a sentence boundary.
const STARTERS: &[&str] = &[
    "A",
    "After",
    "Against",
    "All",
    "Also",
    "Although",
    "An",
    "And",
    "Another",
    "Any",
    "As",
    "At",
    "Because",
    "Before",
    "Both",
    "But",
    "By",
    "Despite",
    "During",
    "Each",
    "Earlier",
    "Even",
    "For",
    "From",
    "Full",
    "He",
    "Her",
    "Here",
    "His",
    "How",
    "However",
    "I",
    "If",
    "In",
    "Instead",
    "It",
    "Its",
    "Last",
    "Later",
    "Like",
    "Many",
    "Meanwhile",
    "More",
    "Most",
    "Mr",
    "Mrs",
    "Ms",
    "My",
    "No",
    "Not",
    "Now",
    "Of",
    "On",
    "One",
    "Only",
    "Or",
    "Other",
    "Our",
    "Over",
    "She",
    "Since",
    "So",
    "Some",
    "Still",
    "Such",
    "That",
    "The",
    "Their",
    "Then",
    "There",
    "These",
    "They",
    "This",
    "Those",
    "Though",
    "To",
    "Under",
    "Until",
    "We",
    "What",
    "When",
    "Where",
    "Whether",
    "Which",
    "While",
    "Who",
    "Why",
    "With",
    "Without",
    "Yet",
    "You",
    "Your",
];

/// Whether `word` is a typical sentence opener (`The`, `It`, `He`…).
pub(crate) fn is_starter(word: &str) -> bool {
    word.len() <= 10 && STARTERS.contains(&word)
}

/// Common top-level domains: a dotted word ending in one of these and followed by
/// `/` is read as a URL without a scheme (`example.org/page`).
const TLDS: &[&str] = &[
    "com", "org", "net", "gov", "edu", "int", "mil", "io", "co", "uk", "us", "ca", "au", "de",
    "fr", "in", "info", "biz", "ly", "me", "tv", "eu", "ru", "cn", "jp", "nz",
];

/// Whether `segment` is a common top-level domain.
pub(crate) fn is_tld(segment: &str) -> bool {
    segment.len() <= 4 && TLDS.iter().any(|t| t.eq_ignore_ascii_case(segment))
}

/// Emoticons kept as one token.
pub(crate) const EMOTICONS: &[&str] = &[
    ":-)", ":-(", ":-D", ":-P", ":-p", ":-/", ":-|", ";-)", ":'(", ":)", ":(", ":D", ":P", ":p",
    ":/", ":|", ":O", ":o", ":]", ":[", ":*", ";)", ";D", "=)", "=(", "<3", "^_^", "^^", "-_-",
    "XD", "(:",
];

/// Whether `form` is one of the [`EMOTICONS`].
pub(crate) fn is_emoticon(form: &str) -> bool {
    form.len() <= 3 && EMOTICONS.contains(&form)
}
