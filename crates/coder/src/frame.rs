//! Matching verb patterns at a trigger word: which tree nodes are the source and the
//! target of the event.

use entente_nlp::Upos;

use crate::tree::Tree;
use crate::verbs::{Fill, Pattern, VerbDict};

/// A pattern matched at a trigger, with the nodes that fill its places.
#[derive(Debug, Clone)]
pub struct Frame<'p> {
    /// The pattern.
    pub pattern: &'p Pattern,
    /// The trigger word.
    pub trigger: usize,
    /// Source phrase heads (one per conjunct).
    pub sources: Vec<usize>,
    /// Target phrase heads (one per conjunct).
    pub targets: Vec<usize>,
    /// The event goes both ways (a symmetric pattern, or a compound subject with a
    /// symmetric pattern and no target).
    pub symmetric: bool,
    /// Phrases the pattern names that the sentence lacks (a symmetric pattern's
    /// "with $T" when a compound subject supplies both sides).
    pub missing: usize,
}

/// Verbs whose object, not subject, does what their `xcomp` says ("urge X to ...").
const OBJECT_CONTROL: &[&str] = &[
    "urge",
    "ask",
    "call",
    "persuade",
    "order",
    "force",
    "tell",
    "invite",
    "encourage",
    "allow",
    "help",
    "want",
    "press",
    "pressure",
    "request",
    "advise",
    "warn",
    "compel",
];

/// Nouns whose infinitive is done by whoever has them ("the decision to recall"), unlike
/// "permission to help", which someone else receives.
pub(crate) const DECISION_NOUNS: &[&str] = &[
    "decision",
    "plan",
    "pledge",
    "promise",
    "offer",
    "threat",
    "attempt",
    "bid",
    "effort",
    "move",
    "intention",
    "commitment",
    "readiness",
    "willingness",
    "refusal",
    "failure",
    "vow",
    "proposal",
    "determination",
    "step",
    "order",
    "call",
];

/// Verbs with which a subject makes a decision its own ("announced the decision to").
const LIGHT_DECISION_VERBS: &[&str] = &[
    "announce",
    "make",
    "take",
    "reach",
    "declare",
    "confirm",
    "adopt",
    "unveil",
    "approve",
    "issue",
    "give",
    "express",
    "reaffirm",
    "reiterate",
    "signal",
];

/// The subject of `t` when it has none of its own: coordinated verbs share it, control
/// verbs pass theirs (or their object) down, participles take the noun they modify.
pub fn subject(tree: &Tree<'_>, t: usize) -> Vec<usize> {
    subject_at(tree, t, 0)
}

fn subject_at(tree: &Tree<'_>, t: usize, depth: usize) -> Vec<usize> {
    if depth > 4 {
        return Vec::new();
    }
    let passive = tree.is_passive(t);
    let own = if passive {
        tree.kid(t, "obl:agent")
            .or_else(|| {
                tree.kids(t, "obl")
                    .find(|&c| tree.case_of(c).is_some_and(|p| p == "by"))
            })
            .or_else(|| {
                // "imposed on Iran by the EU": the by-phrase is often attached one level
                // too low.
                tree.children[t]
                    .iter()
                    .flat_map(|&c| tree.kids(c, "nmod"))
                    .find(|&c| tree.case_of(c).is_some_and(|p| p == "by"))
            })
    } else {
        // With two subjects (a parse error: "Turkish President Erdogan spoke"), the one
        // nearest the verb heads the phrase.
        tree.kids(t, "nsubj")
            .filter(|&c| tree.rel(c) == "nsubj")
            .filter(|&c| c < t && !is_temporal(tree, c))
            .last()
            .or_else(|| tree.kid(t, "nsubj"))
    };
    if let Some(s) = own {
        return tree.conjuncts(s);
    }
    if tree.is_misread_relative(t) {
        // The participle's "subject" is the noun it modifies: what was done to.
        return Vec::new();
    }
    if let Some(n) = tree.misread_relative_noun(t) {
        return if passive {
            Vec::new()
        } else {
            tree.conjuncts(n)
        };
    }
    if passive && tree.rel(t) != "acl" {
        return Vec::new();
    }
    let Some(h) = tree.head(t) else {
        return Vec::new();
    };
    match tree.rel(t) {
        "conj" if tree.upos(h) == Upos::Verb && !tree.is_passive(h) => {
            subject_at(tree, h, depth + 1)
        }
        "xcomp" => {
            // "Obama is scheduled to attend", "rebels are believed to have fired": the
            // passive subject of a raising verb does the infinitive.
            if let Some(s) = tree.kid(h, "nsubj:pass") {
                return tree.conjuncts(s);
            }
            // "the leader prepared to attend", "the troops ordered to leave": the noun a
            // participle modifies does its infinitive.
            if tree.rel(h) == "acl" {
                if let Some(n) = tree.head(h) {
                    return tree.conjuncts(n);
                }
            }
            if OBJECT_CONTROL.contains(&tree.lemmas[h].as_str()) {
                if let Some(o) = tree.kid(h, "obj") {
                    return tree.conjuncts(o);
                }
            }
            subject_at(tree, h, depth + 1)
        }
        "acl" if tree.ann[t].xpos == "VBG" || tree.is_main_verb_misread(t) => tree.conjuncts(h),
        // "announced the decision to recall its ambassador": the one who decides acts.
        "acl"
            if tree.kids(t, "mark").any(|m| tree.lemmas[m] == "to")
                && DECISION_NOUNS.contains(&tree.lemmas[h].as_str()) =>
        {
            // The owner decides: "Trump's decision to impose", "the decision of Trump to
            // impose"; else whoever announced or took the decision.
            let owner = tree.kid(h, "nmod:poss").or_else(|| {
                tree.kids(h, "nmod")
                    .find(|&c| tree.case_of(c).is_some_and(|p| p == "of" || p == "by"))
            });
            if let Some(o) = owner {
                return tree.conjuncts(o);
            }
            match tree.head(h) {
                Some(v)
                    if tree.base_rel(h) == "obj"
                        && LIGHT_DECISION_VERBS.contains(&tree.lemmas[v].as_str()) =>
                {
                    subject_at(tree, v, depth + 1)
                }
                _ => Vec::new(),
            }
        }
        // "wants Putin to attack" is often parsed as an adverbial clause.
        "advcl"
            if tree.kids(t, "mark").any(|m| tree.lemmas[m] == "to")
                && OBJECT_CONTROL.contains(&tree.lemmas[h].as_str())
                && tree.kid(h, "obj").is_some() =>
        {
            tree.kid(h, "obj")
                .map(|o| tree.conjuncts(o))
                .unwrap_or_default()
        }
        // "responded by recalling", "... to provide aid": an adverbial clause without a
        // subject of its own shares its head's (but not a condition's).
        "advcl"
            if !tree.kids(t, "mark").any(|m| {
                matches!(
                    tree.lemmas[m].as_str(),
                    "if" | "unless" | "because" | "as" | "since" | "though" | "although"
                )
            }) =>
        {
            subject_at(tree, h, depth + 1)
        }
        _ => Vec::new(),
    }
}

/// The direct object of `t` (in the passive, its subject; for a passive participle,
/// the noun it modifies).
fn object(tree: &Tree<'_>, t: usize) -> Option<usize> {
    if tree.is_main_verb_misread(t) {
        return tree.kid(t, "obj");
    }
    if tree.is_passive(t) {
        if tree.rel(t) == "acl" {
            return tree.head(t);
        }
        if tree.is_misread_relative(t) {
            return tree.kid(t, "nsubj");
        }
        return tree
            .kid(t, "nsubj:pass")
            .or_else(|| tree.misread_relative_noun(t));
    }
    tree.kid(t, "obj").or_else(|| {
        // A bare nominal the parser called an oblique ("sent on Tuesday aid and teams to
        // Syria") is the object when there is no other.
        tree.kids(t, "obl")
            .find(|&c| tree.case_of(c).is_none() && tree.rel(c) == "obl" && !is_temporal(tree, c))
    })
}

fn noun_ok(tree: &Tree<'_>, n: usize, lemmas: &[String]) -> bool {
    let l = tree.lemmas[n].as_str();
    let form = tree.forms[n].to_lowercase();
    // A compound written apart or hyphenated matches its closed form: "air strike",
    // "air-strike" → "airstrike".
    let closed = tree.children[n]
        .iter()
        .copied()
        .rfind(|&c| matches!(tree.base_rel(c), "compound" | "amod"))
        .filter(|&c| c + 1 == n || (c + 2 == n && tree.forms[c + 1] == "-"))
        .map(|c| format!("{}{}", tree.forms[c].to_lowercase(), l));
    if lemmas
        .iter()
        .any(|x| x == l || *x == form || closed.as_deref() == Some(x.as_str()))
    {
        return true;
    }
    // "$40 billion", "€2bn": a sum of money stands for the money.
    if matches!(form.as_str(), "$" | "us$" | "£" | "€" | "¥") {
        return lemmas.iter().any(|x| {
            matches!(
                x.as_str(),
                "money" | "dollar" | "fund" | "funding" | "euro" | "pound"
            )
        });
    }
    // "aid and rescue teams" is often parsed with "aid" as a compound of "teams".
    tree.kids(n, "compound")
        .any(|c| lemmas.iter().any(|x| *x == tree.lemmas[c]))
}

/// The name a date swallowed: "met with President Assad Tuesday" is often parsed with
/// "Tuesday" as the head of the phrase and the name as its compound. Returns the name's
/// head when `n` is such a date.
fn name_before_date(tree: &Tree<'_>, n: usize) -> Option<usize> {
    if !is_temporal(tree, n) {
        return None;
    }
    tree.kids(n, "compound")
        .filter(|&c| c < n && tree.upos(c) == Upos::Propn)
        .last()
}

/// Is `n` the head of a time expression ("on Friday", "in June", "last week")?
fn is_temporal(tree: &Tree<'_>, n: usize) -> bool {
    let l = tree.lemmas[n].as_str();
    crate::when::month(l).is_some()
        || crate::when::weekday(l).is_some()
        || matches!(
            l,
            "day"
                | "week"
                | "month"
                | "year"
                | "morning"
                | "afternoon"
                | "evening"
                | "night"
                | "time"
                | "weekend"
                | "today"
                | "yesterday"
                | "tomorrow"
        )
        || (tree.upos(n) == Upos::Num && tree.forms[n].len() == 4)
}

/// Lemmas to look a trigger up by: the lemmatizer's, then regular inflections undone
/// by rule, so that a lemmatizer slip ("invaded" → "invad") does not hide a pattern.
pub fn trigger_lemmas(tree: &Tree<'_>, t: usize) -> Vec<String> {
    let mut out = vec![tree.lemmas[t].clone()];
    let form = tree.forms[t].to_lowercase();
    let mut push = |s: String| {
        if s.len() > 1 && !out.contains(&s) {
            out.push(s);
        }
    };
    for suffix in ["ed", "ing"] {
        if let Some(stem) = form.strip_suffix(suffix) {
            push(format!("{stem}e"));
            push(stem.to_string());
            let b = stem.as_bytes();
            if b.len() > 2 && b[b.len() - 1] == b[b.len() - 2] {
                push(stem[..stem.len() - 1].to_string()); // "stopped" → "stop"
            }
            if let Some(y) = stem.strip_suffix('i') {
                push(format!("{y}y")); // "denied" → "deny"
            }
        }
    }
    if let Some(stem) = form.strip_suffix("ies") {
        push(format!("{stem}y"));
    }
    if let Some(stem) = form.strip_suffix("es") {
        push(stem.to_string());
    }
    if let Some(stem) = form.strip_suffix('s') {
        push(stem.to_string());
    }
    push(form);
    out
}

/// Tries every pattern of the trigger's lemma and returns those that match, most
/// specific first (the coder uses the first whose places hold known actors). `tried`
/// receives one line per pattern for `explain`.
pub fn match_at<'p>(
    tree: &Tree<'_>,
    verbs: &'p VerbDict,
    t: usize,
    mut tried: Option<&mut Vec<String>>,
) -> Vec<Frame<'p>> {
    let mut out = Vec::new();
    let upos = tree.upos(t);
    if !matches!(upos, Upos::Verb | Upos::Noun | Upos::Aux) || tree.ann[t].xpos.starts_with("NNP") {
        return out; // "United" in "the United States" is never a verb
    }
    let lemmas = trigger_lemmas(tree, t);
    let Some(lemma) = lemmas
        .iter()
        .find(|l| verbs.for_trigger(l).next().is_some())
    else {
        return out;
    };
    for p in verbs.for_trigger(lemma) {
        if p.noun_trigger != (upos == Upos::Noun) {
            continue;
        }
        match try_pattern(tree, p, t) {
            Ok(frame) => {
                if let Some(tr) = tried.as_deref_mut() {
                    tr.push(format!("  matched  {}  ({})", p.text, p.location()));
                }
                out.push(frame);
            }
            Err(why) => {
                if let Some(tr) = tried.as_deref_mut() {
                    tr.push(format!("  no       {}  ({}): {why}", p.text, p.location()));
                }
            }
        }
    }
    // A pattern that matched everything it names goes before one that matched with a
    // phrase missing, however specific that one is.
    out.sort_by_key(|f| f.missing > 0);
    out
}

/// The first phrase naming something (a proper noun, or a noun with a proper-noun
/// modifier: "Gondor soldiers") with a preposition `case_ok` accepts, breadth first below
/// the trigger's object and then below the trigger, at most four levels down. A `by`
/// phrase of the trigger itself (the passive agent) is never taken.
fn deep_target(tree: &Tree<'_>, t: usize, case_ok: &dyn Fn(usize) -> bool) -> Option<usize> {
    let named = |c: usize| {
        tree.upos(c) == Upos::Propn
            || tree.children[c].iter().any(|&m| {
                tree.upos(m) == Upos::Propn && matches!(tree.rel(m), "compound" | "nmod:poss")
            })
    };
    let starts: Vec<usize> = object(tree, t).into_iter().chain([t]).collect();
    for start in starts {
        let mut level = vec![start];
        for _ in 0..4 {
            let mut next = Vec::new();
            for &n in &level {
                for &c in &tree.children[n] {
                    // A participle passes through ("a package totaling $100 million for
                    // relief in Syria"), and so does an appositive, which names the
                    // same thing again; a relative clause does not.
                    let participle =
                        tree.rel(c) == "acl" && matches!(tree.ann[c].xpos.as_str(), "VBG" | "VBN");
                    if !(matches!(tree.base_rel(c), "obl" | "nmod" | "obj" | "appos") || participle)
                        || tree.rel(c) == "nmod:poss"
                    {
                        continue;
                    }
                    let passive_agent = n == t && tree.case_of(c).is_some_and(|k| k == "by");
                    if tree.base_rel(c) != "obj"
                        && !participle
                        && !passive_agent
                        && named(c)
                        && case_ok(c)
                        && !is_temporal(tree, c)
                    {
                        return Some(c);
                    }
                    next.push(c);
                }
            }
            level = next;
        }
    }
    None
}

/// Do `words` occur, in order, among the words before `t` (by form or lemma)?
fn words_before(tree: &Tree<'_>, words: &[Vec<String>], t: usize) -> bool {
    let mut next = 0;
    for w in 0..t {
        let Some(want) = words.get(next) else { break };
        let form = tree.forms[w].to_lowercase();
        if want.iter().any(|x| *x == form || *x == tree.lemmas[w]) {
            next += 1;
        }
    }
    next == words.len()
}

fn try_pattern<'p>(tree: &Tree<'_>, p: &'p Pattern, t: usize) -> Result<Frame<'p>, String> {
    if let Some(m) = &p.modifier {
        let ok = tree.children[t]
            .iter()
            .any(|&c| matches!(tree.base_rel(c), "compound" | "amod") && tree.lemmas[c] == *m);
        if !ok {
            return Err(format!("no modifier {m:?}"));
        }
    }
    if !p.before.is_empty() && !words_before(tree, &p.before, t) {
        return Err(format!("no {:?} before the trigger", p.before));
    }
    if p.infinitive && tree.infinitive_clause(t).is_none() {
        return Err("no infinitive clause".to_string());
    }
    if let Some(part) = &p.particle {
        let ok = tree
            .kids(t, "compound")
            .chain(tree.kids(t, "advmod"))
            .any(|c| tree.forms[c].eq_ignore_ascii_case(part));
        if !ok {
            return Err(format!("no particle {part:?}"));
        }
    }
    let mut sources: Vec<usize> = Vec::new();
    let mut targets: Vec<usize> = Vec::new();
    let mut missing = 0;
    // Nodes whose prepositional phrases may also serve the pattern.
    let mut hosts = vec![t];

    if !p.noun_trigger {
        let obj = object(tree, t);
        let iobj = tree.kid(t, "iobj");
        let places: Vec<Option<usize>> = match p.direct.len() {
            0 => vec![],
            1 => vec![obj.or(iobj)],
            _ => vec![iobj, obj],
        };
        for (fill, node) in p.direct.iter().zip(places) {
            let Some(n) = node else {
                if *fill == Fill::Target && p.symmetric {
                    missing += 1;
                    continue; // "A and B met": the target may be a conjunct of the subject
                }
                return Err("no object".to_string());
            };
            match fill {
                Fill::Noun(lemmas) => {
                    // "three batches of aid": a measure noun passes to its of-phrase.
                    let of = tree
                        .kids(n, "nmod")
                        .find(|&c| tree.case_of(c).is_some_and(|p| p == "of"));
                    let ok = tree.conjuncts(n).iter().any(|&c| noun_ok(tree, c, lemmas))
                        || of.is_some_and(|o| noun_ok(tree, o, lemmas));
                    if !ok {
                        return Err(format!("object is {:?}", tree.lemmas[n]));
                    }
                    hosts.push(n);
                    hosts.extend(of);
                }
                Fill::Target => {
                    targets = tree.conjuncts(n);
                    hosts.push(n);
                }
                Fill::Source => sources = tree.conjuncts(n),
                Fill::Pair | Fill::Any => {}
            }
        }
    }

    for req in &p.preps {
        // `*` stands for any preposition.
        let case_ok = |c: usize| {
            tree.case_of(c).is_some_and(|case| {
                let first = case.split(' ').next().unwrap_or_default();
                req.prep.iter().any(|p| p == first || p == "*")
            })
        };
        let deep =
            matches!(req.fill, Fill::Target | Fill::Source) && req.prep.iter().any(|p| p == "*");
        let found = hosts.iter().filter(|_| !deep).find_map(|&h| {
            tree.children[h].iter().copied().find(|&c| {
                matches!(tree.base_rel(c), "obl" | "nmod" | "advcl")
                    && case_ok(c)
                    && match &req.fill {
                        Fill::Noun(l) => noun_ok(tree, c, l),
                        Fill::Target | Fill::Source | Fill::Pair => {
                            !is_temporal(tree, c) || name_before_date(tree, c).is_some()
                        }
                        Fill::Any => true,
                    }
            })
        });
        // "pledged $5 billion in aid to Ukraine": a target phrase may hang one level
        // lower, under a phrase of the trigger.
        let found = found.or_else(|| {
            if req.fill != Fill::Target || deep {
                return None;
            }
            tree.children[t]
                .iter()
                .filter(|&&c| matches!(tree.base_rel(c), "obl" | "obj"))
                .flat_map(|&c| tree.kids(c, "nmod").collect::<Vec<_>>())
                .find(|&c| !is_temporal(tree, c) && case_ok(c))
        });
        // `* $T`: a name in a phrase anywhere below the trigger's phrases ("welcomed
        // the resumption of ties with Mordor").
        let found = found.or_else(|| deep.then(|| deep_target(tree, t, &case_ok)).flatten());
        let Some(c) = found else {
            if req.fill == Fill::Target && p.symmetric {
                missing += 1;
                continue;
            }
            // "sought Beijing's support" says what "sought support from Beijing" says.
            if req.fill == Fill::Target {
                let owner = hosts[1..].iter().find_map(|&h| tree.kid(h, "nmod:poss"));
                if let Some(o) = owner.filter(|&o| tree.upos(o) != Upos::Pron) {
                    targets = tree.conjuncts(o);
                    continue;
                }
            }
            return Err(format!("no {:?} phrase", req.prep));
        };
        let c = name_before_date(tree, c).unwrap_or(c);
        match &req.fill {
            Fill::Target => targets = tree.conjuncts(c),
            Fill::Source => sources = tree.conjuncts(c),
            Fill::Pair => {
                let mut all = tree.conjuncts(c);
                if all.len() < 2 {
                    // "talks between A of X and B": the second member is often attached
                    // to the trigger instead of the first member.
                    all.extend(
                        hosts
                            .iter()
                            .flat_map(|&h| tree.kids(h, "conj"))
                            .filter(|&k| k > c),
                    );
                }
                if all.len() < 2 {
                    return Err("\"between\" needs two actors".to_string());
                }
                sources = vec![all[0]];
                targets = all[1..].to_vec();
            }
            Fill::Noun(_) => hosts.push(c),
            Fill::Any => {}
        }
    }

    let subj = subject(tree, t);
    if p.compound_subject {
        // "A and B agree": the members of the subject, both ways.
        if subj.len() < 2 {
            return Err("the subject is not a compound".to_string());
        }
        sources = subj;
        targets.clear();
    } else if p.subject_is_target {
        targets = subj;
    } else if sources.is_empty() {
        sources = subj;
    }
    let mut symmetric = p.symmetric;
    if targets.is_empty() && p.symmetric && sources.len() >= 2 {
        // "A and B signed an agreement": a symmetric event between the conjuncts.
        targets = sources.split_off(1);
        symmetric = true;
    }
    if sources.is_empty() {
        return Err("no source".to_string());
    }
    if targets.is_empty() {
        return Err("no target".to_string());
    }
    Ok(Frame {
        pattern: p,
        trigger: t,
        sources,
        targets,
        symmetric,
        missing,
    })
}
