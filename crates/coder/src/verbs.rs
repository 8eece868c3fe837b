//! The verb-pattern dictionary (`dict/verbs/`): which wordings are which CAMEO events.
//! The syntax is documented in `dict/README.md`.

use std::path::{Path, PathBuf};

use entente_actors::{lines, DictError, DictErrorKind, DictErrors, Line};
use entente_cameo::EventCode;
use rustc_hash::FxHashMap;

/// Prepositions that may open a prepositional phrase in a pattern.
pub const PREPOSITIONS: &[&str] = &[
    "about", "across", "against", "along", "amid", "around", "at", "before", "between", "beyond",
    "by", "for", "from", "in", "inside", "into", "near", "of", "off", "on", "onto", "outside",
    "over", "since", "through", "to", "toward", "towards", "under", "upon", "with", "within",
    "without",
];

/// What fills a place in a pattern.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Fill {
    /// The target actor.
    Target,
    /// The source actor.
    Source,
    /// `$S and $T` after `between`: the phrase and its conjunct.
    Pair,
    /// A noun with one of these lemmas.
    Noun(Vec<String>),
    /// Nothing given: the phrase only has to be there.
    Any,
}

/// A prepositional phrase the pattern needs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PrepReq {
    /// The preposition (alternatives: `to|for`).
    pub prep: Vec<String>,
    /// What heads the phrase.
    pub fill: Fill,
}

/// One compiled pattern.
#[derive(Debug, Clone)]
pub struct Pattern {
    /// The CAMEO code it gives; `None` for a `[---]` pattern, which codes nothing: when
    /// it is the best match, no event is coded at the trigger (PETRARCH's "match, but
    /// code nothing").
    pub code: Option<EventCode>,
    /// The trigger lemma.
    pub trigger: String,
    /// A required particle (`pull+out`).
    pub particle: Option<String>,
    /// The trigger is a noun (`~talk between $S and $T`).
    pub noun_trigger: bool,
    /// A modifier the noun trigger needs (`~trade_tie`: "trade ties", as a compound or
    /// adjective).
    pub modifier: Option<String>,
    /// The subject is the target (`$T receive aid from $S`).
    pub subject_is_target: bool,
    /// The subject is a compound whose members are source and target, both ways
    /// (`$S and $T agree`: "A and B agree").
    pub compound_subject: bool,
    /// Direct places after the trigger, in order (one: object; two: indirect object then object).
    pub direct: Vec<Fill>,
    /// Prepositional phrases.
    pub preps: Vec<PrepReq>,
    /// Code both directions.
    pub symmetric: bool,
    /// Also code the reverse direction (target → source) with this code (`; reverse 033`:
    /// "A visited B" is also "B hosted A").
    pub reverse: Option<EventCode>,
    /// Words that must come before the trigger, in this order (`{said would} act`:
    /// "said it would act"); each a set of alternatives, matched by form or lemma.
    pub before: Vec<Vec<String>>,
    /// Only with an infinitive clause under the trigger (`want $T ; infinitive`: "wants
    /// Putin to act" asks something of Putin; "wants Crimea" does not).
    pub infinitive: bool,
    /// The pattern as written, for `explain` and the event's `pattern` field.
    pub text: String,
    /// Where it was written.
    pub file: PathBuf,
    /// Line number.
    pub line: usize,
}

impl Pattern {
    /// How specific the pattern is: more required words rank higher.
    pub fn specificity(&self) -> usize {
        let fills = |f: &Fill| match f {
            Fill::Noun(_) => 2,
            Fill::Any => 1,
            _ => 1,
        };
        1 + usize::from(self.particle.is_some()) * 2
            + usize::from(self.modifier.is_some()) * 2
            + self.direct.iter().map(fills).sum::<usize>()
            + self.preps.iter().map(|p| 1 + fills(&p.fill)).sum::<usize>()
            + self.before.len() * 2
            + usize::from(self.infinitive)
            + usize::from(self.compound_subject) * 2
    }

    /// The place the pattern writes `source`/`target` in the event record.
    pub fn location(&self) -> String {
        format!("{}:{}", self.file.display(), self.line)
    }
}

/// The compiled verb dictionary, indexed by trigger lemma.
#[derive(Debug, Default, Clone)]
pub struct VerbDict {
    patterns: Vec<Pattern>,
    by_trigger: FxHashMap<String, Vec<u32>>,
}

impl VerbDict {
    /// Compiles pattern files given as (name, text) pairs; every problem is reported.
    pub fn from_sources<'a>(
        sources: impl IntoIterator<Item = (&'a Path, &'a str)>,
    ) -> Result<VerbDict, DictErrors> {
        DictErrors::strict(Self::from_sources_lenient(sources))
    }

    /// Compiles what can be compiled and returns the problems beside it.
    pub fn from_sources_lenient<'a>(
        sources: impl IntoIterator<Item = (&'a Path, &'a str)>,
    ) -> (VerbDict, Vec<DictError>) {
        let mut dict = VerbDict::default();
        let mut errors = Vec::new();
        for (file, text) in sources {
            // The current section: none yet, `[---]` (codes nothing), or a code.
            let mut section: Option<Option<EventCode>> = None;
            for (n, line) in lines(text) {
                let err = |kind| DictError {
                    file: file.to_path_buf(),
                    line: n,
                    kind,
                };
                match line {
                    Line::Header { inside, .. } if inside.trim() == NULL_SECTION => {
                        section = Some(None);
                    }
                    Line::Header { inside, .. } => match inside.parse::<EventCode>() {
                        // A CAMEO-form code must lie under a listed code (`[066]` refines
                        // 06); other ontologies' codes (`[903]`, `[174K]`) are carried
                        // through as they are. `dict check` lists both kinds.
                        Ok(c) if entente_cameo::nearest(&c).is_some() || !c.is_cameo_form() => {
                            section = Some(Some(c));
                        }
                        _ => {
                            section = None;
                            errors.push(err(DictErrorKind::BadPattern(format!(
                                "unknown CAMEO code [{inside}] (codes of another ontology must lie outside CAMEO's roots 01-20 or carry a letter)"
                            ))));
                        }
                    },
                    Line::Field { .. } | Line::Other(_) => {
                        let raw = entente_actors::strip_comment(
                            text.lines().nth(n - 1).unwrap_or_default(),
                        )
                        .trim();
                        let Some(c) = &section else {
                            errors.push(err(DictErrorKind::BadPattern(
                                "pattern before any [CODE] section".to_string(),
                            )));
                            continue;
                        };
                        match compile(raw, c.as_ref()) {
                            Ok(list) => {
                                for mut p in list {
                                    p.file = file.to_path_buf();
                                    p.line = n;
                                    dict.push(p);
                                }
                            }
                            Err(msg) => errors.push(err(DictErrorKind::BadPattern(msg))),
                        }
                    }
                }
            }
        }
        for list in dict.by_trigger.values_mut() {
            let patterns = &dict.patterns;
            // Most specific pattern first; among equals, a specific code ("195 air
            // strike") before a catch-all one ("190"); then file order.
            list.sort_by_key(|&i| {
                let p = &patterns[i as usize];
                let catch_all = p.code.as_ref().is_some_and(EventCode::is_catch_all);
                (std::cmp::Reverse(p.specificity()), catch_all)
            });
        }
        (dict, errors)
    }

    fn push(&mut self, p: Pattern) {
        let key = p.trigger.clone();
        self.patterns.push(p);
        self.by_trigger
            .entry(key)
            .or_default()
            .push(self.patterns.len() as u32 - 1);
    }

    /// Patterns whose trigger is `lemma`, most specific first.
    pub fn for_trigger(&self, lemma: &str) -> impl Iterator<Item = &Pattern> {
        self.by_trigger
            .get(lemma)
            .into_iter()
            .flatten()
            .map(|&i| &self.patterns[i as usize])
    }

    /// Rewrites the line numbers recorded for `file` with `f`: for patterns translated
    /// from another format, so that they point at the line of the original file.
    pub fn map_lines(&mut self, file: &Path, f: &dyn Fn(usize) -> usize) {
        for p in self.patterns.iter_mut().filter(|p| p.file == file) {
            p.line = f(p.line);
        }
    }

    /// Number of patterns.
    pub fn len(&self) -> usize {
        self.patterns.len()
    }

    /// True when there are no patterns.
    pub fn is_empty(&self) -> bool {
        self.patterns.is_empty()
    }

    /// Number of patterns per CAMEO root (index 1..=20); extension codes outside CAMEO's
    /// roots are counted by [`VerbDict::extension_codes`] instead.
    pub fn roots(&self) -> [usize; 21] {
        let mut out = [0; 21];
        for code in self.patterns.iter().filter_map(|p| p.code) {
            if let Some(n) = out.get_mut(usize::from(code.root())) {
                *n += 1;
            }
        }
        out
    }

    /// The codes CAMEO does not list (another ontology's, or refinements such as
    /// `066`), each with its number of patterns, in code order.
    pub fn extension_codes(&self) -> Vec<(EventCode, usize)> {
        let mut counts: std::collections::BTreeMap<EventCode, usize> = Default::default();
        for code in self.patterns.iter().filter_map(|p| p.code) {
            if entente_cameo::lookup(&code).is_none() {
                *counts.entry(code).or_default() += 1;
            }
        }
        counts.into_iter().collect()
    }
}

/// The section header of patterns that code nothing.
pub const NULL_SECTION: &str = "---";

impl VerbDict {
    /// Number of `[---]` patterns, which code nothing.
    pub fn null_patterns(&self) -> usize {
        self.patterns.iter().filter(|p| p.code.is_none()).count()
    }
}

fn is_prep(w: &str) -> bool {
    !w.is_empty() && w.split('|').all(|p| p == "*" || PREPOSITIONS.contains(&p))
}

fn preps_of(w: &str) -> Vec<String> {
    w.split('|').map(str::to_string).collect()
}

fn noun(w: &str) -> Result<Fill, String> {
    let alts: Vec<String> = w.split('|').map(|a| a.to_lowercase()).collect();
    if alts.iter().any(|a| a.is_empty() || a.starts_with('$')) {
        return Err(format!("bad word {w:?}"));
    }
    Ok(Fill::Noun(alts))
}

/// Compiles one pattern line; trigger alternatives (`criticize|criticise ...`) give one
/// pattern each.
fn compile(raw: &str, code: Option<&EventCode>) -> Result<Vec<Pattern>, String> {
    let (body, flags) = match raw.split_once(';') {
        Some((b, f)) => (b.trim(), f.trim()),
        None => (raw.trim(), ""),
    };
    let mut symmetric = false;
    let mut reverse = None;
    let mut infinitive = false;
    for flag in flags.split(';').map(str::trim).filter(|f| !f.is_empty()) {
        match flag.split_whitespace().collect::<Vec<_>>()[..] {
            ["symmetric"] => symmetric = true,
            ["infinitive"] => infinitive = true,
            ["reverse", c] => match c.parse::<EventCode>() {
                Ok(c) if entente_cameo::nearest(&c).is_some() || !c.is_cameo_form() => {
                    reverse = Some(c)
                }
                _ => return Err(format!("unknown CAMEO code {c:?} after `reverse`")),
            },
            _ => {
                return Err(format!(
                    "unknown flag {flag:?} (known: `symmetric`, `reverse CODE`, `infinitive`)"
                ))
            }
        }
    }
    // `{said would} trigger ...`: words required before the trigger.
    let (before, body) = match body.strip_prefix('{') {
        Some(rest) => {
            let (inside, after) = rest
                .split_once('}')
                .ok_or_else(|| "`{` without its `}`".to_string())?;
            let words: Vec<Vec<String>> = inside
                .split_whitespace()
                .map(|w| w.split('|').map(str::to_lowercase).collect())
                .collect();
            if words.is_empty() {
                return Err("empty `{}`: name the words that come before the trigger".into());
            }
            (words, after.trim())
        }
        None => (Vec::new(), body),
    };
    let mut toks: Vec<&str> = body.split_whitespace().collect();
    if toks.is_empty() {
        return Err("empty pattern".to_string());
    }
    let mut subject_is_target = false;
    let mut compound_subject = false;
    if toks.starts_with(&["$S", "and", "$T"]) {
        compound_subject = true;
        toks.drain(..3);
    } else if toks[0] == "$T" {
        subject_is_target = true;
        toks.remove(0);
    }
    let Some(&first) = toks.first() else {
        return Err("a pattern needs a trigger word".to_string());
    };
    let (noun_trigger, first) = match first.strip_prefix('~') {
        Some(rest) => (true, rest),
        None => (false, first),
    };
    if first.starts_with('$') || first.is_empty() || is_prep(first) {
        return Err(format!("the trigger must be a word, found {first:?}"));
    }
    let mut triggers: Vec<(String, Option<String>)> = Vec::new();
    let mut modifiers: Vec<Option<String>> = Vec::new();
    for alt in first.split('|') {
        let (m, alt) = match alt.split_once('_') {
            Some((m, rest)) if noun_trigger && !m.is_empty() => (Some(m.to_lowercase()), rest),
            _ => (None, alt),
        };
        modifiers.push(m);
        let (t, p) = match alt.split_once('+') {
            Some((t, p)) => (t, Some(p.to_lowercase())),
            None => (alt, None),
        };
        if t.is_empty() || p.as_deref() == Some("") {
            return Err(format!("bad trigger {alt:?}"));
        }
        triggers.push((t.to_lowercase(), p));
    }
    let mut direct = Vec::new();
    let mut preps: Vec<PrepReq> = Vec::new();
    let mut open_prep: Option<Vec<String>> = None;
    let mut i = 1;
    while i < toks.len() {
        let t = toks[i];
        let fill = if is_prep(t) {
            if let Some(p) = open_prep.take() {
                preps.push(PrepReq {
                    prep: p,
                    fill: Fill::Any,
                });
            }
            open_prep = Some(preps_of(t));
            i += 1;
            continue;
        } else if t == "$S" && toks.get(i + 1) == Some(&"and") && toks.get(i + 2) == Some(&"$T") {
            i += 2;
            Fill::Pair
        } else if t == "$T" {
            Fill::Target
        } else if t == "$S" {
            Fill::Source
        } else if t.starts_with('$') {
            return Err(format!("unknown slot {t:?} (use $S or $T)"));
        } else {
            noun(t)?
        };
        match open_prep.take() {
            Some(prep) => preps.push(PrepReq { prep, fill }),
            None => {
                if fill == Fill::Pair {
                    return Err("`$S and $T` must follow a preposition".to_string());
                }
                if direct.len() == 2 {
                    return Err("at most two places may follow the trigger directly".to_string());
                }
                direct.push(fill);
            }
        }
        i += 1;
    }
    if let Some(p) = open_prep {
        preps.push(PrepReq {
            prep: p,
            fill: Fill::Any,
        });
    }
    let all: Vec<&Fill> = direct.iter().chain(preps.iter().map(|p| &p.fill)).collect();
    let targets = all
        .iter()
        .filter(|f| matches!(f, Fill::Target | Fill::Pair))
        .count()
        + usize::from(subject_is_target || compound_subject);
    let sources = all
        .iter()
        .filter(|f| matches!(f, Fill::Source | Fill::Pair))
        .count()
        + usize::from(compound_subject);
    if targets != 1 {
        return Err(format!("a pattern needs exactly one $T, found {targets}"));
    }
    if sources > 1 || (subject_is_target && sources == 0) {
        return Err("a pattern whose subject is $T needs one $S".to_string());
    }
    if noun_trigger && sources == 0 {
        return Err("a noun trigger (~) needs both $S and $T".to_string());
    }
    let symmetric = symmetric || compound_subject;
    Ok(triggers
        .into_iter()
        .zip(modifiers)
        .map(|((trigger, particle), modifier)| Pattern {
            code: code.copied(),
            trigger,
            particle,
            noun_trigger,
            modifier,
            subject_is_target,
            compound_subject,
            direct: direct.clone(),
            preps: preps.clone(),
            symmetric,
            reverse,
            infinitive,
            before: before.clone(),
            text: raw.to_string(),
            file: PathBuf::new(),
            line: 0,
        })
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn one(s: &str) -> Pattern {
        let code: EventCode = "163".parse().unwrap();
        compile(s, Some(&code)).unwrap().remove(0)
    }

    #[test]
    fn compiles_patterns() {
        let p = one("impose sanction|embargo on $T");
        assert_eq!(p.trigger, "impose");
        assert_eq!(
            p.direct,
            vec![Fill::Noun(vec!["sanction".into(), "embargo".into()])]
        );
        assert_eq!(
            p.preps,
            vec![PrepReq {
                prep: vec!["on".into()],
                fill: Fill::Target
            }]
        );
        let p = one("cut+off|suspend aid to|for $T");
        assert_eq!(p.particle.as_deref(), Some("off"));
        assert_eq!(p.preps[0].prep, vec!["to".to_string(), "for".to_string()]);
        let p = one("give $T aid");
        assert_eq!(p.direct.len(), 2);
        let p = one("$T receive weapon from $S");
        assert!(p.subject_is_target);
        let p = one("~talk between $S and $T ; symmetric");
        assert!(p.noun_trigger && p.symmetric);
        let p = one("~trade_tie between $S and $T");
        assert_eq!(
            (p.trigger.as_str(), p.modifier.as_deref()),
            ("tie", Some("trade"))
        );
        assert_eq!(p.preps[0].fill, Fill::Pair);
        let p = one("welcome * $T");
        assert_eq!(p.preps[0].prep, vec!["*".to_string()]);
        assert_eq!(p.preps[0].fill, Fill::Target);
        let p = one("pull+out of $T");
        assert_eq!(p.particle.as_deref(), Some("out"));
        let code: EventCode = "112".parse().unwrap();
        assert_eq!(compile("accuse|blame $T", Some(&code)).unwrap().len(), 2);
        assert!(compile("accuse", Some(&code)).is_err());
        assert!(compile("accuse $T $T", Some(&code)).is_err());
        assert!(compile("~talk with $T", Some(&code)).is_err());
        assert!(compile("meet $T ; sometimes", Some(&code)).is_err());
        let p = one("visit $T ; reverse 033");
        assert_eq!(
            p.reverse.map(|c| c.as_str().to_string()).as_deref(),
            Some("033")
        );
        assert!(!p.symmetric);
        let p = one("{said would} act $T ; infinitive");
        assert_eq!(
            p.before,
            vec![vec!["said".to_string()], vec!["would".to_string()]]
        );
        assert!(p.infinitive && p.trigger == "act");
        assert!(compile("{said act $T", Some(&code)).is_err());
        assert!(compile("{} act $T", Some(&code)).is_err());
        // Other ontologies' codes are carried; CAMEO-looking codes must be CAMEO's.
        assert!(compile("visit $T ; reverse 903", Some(&code)).is_ok());
        assert!(compile("visit $T ; reverse 009", Some(&code)).is_err());
        let p = one("$S and $T agree on border ; symmetric");
        assert!(p.compound_subject && p.symmetric && !p.subject_is_target);
        assert_eq!(p.trigger, "agree");
        assert!(compile("$S and $T agree with $T", "030".parse().ok().as_ref()).is_err());
        let (dict, errors) = VerbDict::from_sources_lenient([(
            Path::new("v.txt"),
            "[030] intend\nwant $T\n\n[---] codes nothing\nwant divorce * $T\n",
        )]);
        assert!(errors.is_empty(), "{errors:?}");
        assert_eq!(dict.null_patterns(), 1);
        let first = dict.for_trigger("want").next().expect("a want pattern");
        assert!(
            first.code.is_none(),
            "the more specific null pattern comes first"
        );
        assert_eq!(dict.roots()[3], 1);
        let p = one("visit $T ; symmetric ; reverse 033");
        assert!(p.symmetric && p.reverse.is_some());
    }
}
