//! From a noun phrase in the tree to an actor: dictionary phrases inside the phrase,
//! combined with agents ("Russian troops" → RUSMIL), partitives ("hundreds of UN
//! troops"), and simple coreference ("he", "the kingdom").

use chrono::NaiveDate;
use entente_actors::{Actor, Dictionary, Kind, Mention, Sense};
use entente_nlp::Upos;

use crate::tree::Tree;

/// How an actor was found.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Via {
    /// A dictionary phrase in the noun phrase.
    Dictionary,
    /// Coreference with an actor named earlier in the document.
    Coreference,
}

/// An actor found at a noun phrase.
#[derive(Debug, Clone)]
pub struct Found {
    /// The actor.
    pub actor: Actor,
    /// First and last word of the phrase.
    pub first: usize,
    /// Last word (inclusive).
    pub last: usize,
    /// How it was found.
    pub via: Via,
    /// The dictionary entry's label (or the earlier mention for coreference).
    pub label: String,
}

/// Dictionary phrases found in one sentence, by word.
pub struct SentenceMentions<'d> {
    /// The phrases, in order.
    pub mentions: Vec<Mention<'d>>,
    by_word: Vec<Option<usize>>,
}

impl<'d> SentenceMentions<'d> {
    /// Finds the dictionary's phrases in `tree`.
    pub fn new(dict: &'d Dictionary, tree: &Tree<'_>) -> SentenceMentions<'d> {
        let mentions = dict.find(&tree.forms);
        let mut by_word = vec![None; tree.len()];
        for (k, m) in mentions.iter().enumerate() {
            for w in &mut by_word[m.start..m.end] {
                *w = Some(k);
            }
        }
        SentenceMentions { mentions, by_word }
    }

    /// The mention covering word `i`.
    pub fn at(&self, i: usize) -> Option<&Mention<'d>> {
        self.by_word
            .get(i)
            .copied()
            .flatten()
            .map(|k| &self.mentions[k])
    }
}

/// What earlier sentences of the document said, for coreference.
#[derive(Debug, Default, Clone)]
pub struct Context {
    last_person: Option<(Actor, String)>,
    last_state: Option<(Actor, String)>,
}

impl Context {
    /// Forgets the last person: someone the dictionaries do not know was named since,
    /// and "he" may well be them.
    pub fn unknown_person(&mut self) {
        self.last_person = None;
    }

    /// Remembers the actors named in a sentence.
    pub fn observe(&mut self, found: &Found, is_person: bool) {
        if is_person {
            self.last_person = Some((found.actor.clone(), found.label.clone()));
        }
        if let Some(c) = &found.actor.country {
            let state = Actor::combine(Some(c), None).unwrap_or_else(|| found.actor.clone());
            self.last_state = Some((state, found.label.clone()));
        }
    }
}

/// Heads that stand for a part of the group they modify ("hundreds of troops").
const PARTITIVES: &[&str] = &[
    "hundred",
    "hundreds",
    "thousand",
    "thousands",
    "dozen",
    "dozens",
    "million",
    "millions",
    "some",
    "many",
    "most",
    "all",
    "each",
    "several",
    "one",
    "two",
    "three",
    "four",
    "five",
    "member",
    "group",
    "number",
    "part",
    "majority",
    "rest",
    "team",
    "delegation",
    "unit",
    "contingent",
    "convoy",
    "battalion",
    "squad",
    "head",
    "leader",
    "chief",
    "spokesman",
    "spokeswoman",
    "spokesperson",
];

/// Nouns that, with "the" alone, refer back to a state already named.
const STATE_ANAPHORS: &[&str] = &["north", "south", "kingdom", "island", "republic", "country"];

/// Nouns that are never actors even with a state in front of them: "meet US
/// requirements", "the Japanese market", "Russian stocks".
const NEVER_ACTORS: &[&str] = &[
    "requirement",
    "standard",
    "deadline",
    "criterion",
    "criteria",
    "condition",
    "need",
    "expectation",
    "goal",
    "obligation",
    "rule",
    "regulation",
    "law",
    "price",
    "rate",
    "level",
    "market",
    "economy",
    "currency",
    "dollar",
    "euro",
    "yen",
    "yuan",
    "pound",
    "rouble",
    "ruble",
    "stock",
    "share",
    "bond",
    "index",
    "growth",
    "inflation",
    "output",
    "budget",
    "debt",
    "deficit",
    "surplus",
    "export",
    "import",
    "production",
    "demand",
    "supply",
    "sale",
    "earnings",
    "profit",
    "revenue",
    "interest",
    "reserve",
    "asset",
    "yield",
    "tax",
    "tariff",
    "quota",
    "figure",
    "data",
    "statistic",
    "number",
    "time",
    "history",
    "culture",
    "language",
    "food",
    "team",
    "football",
    "soccer",
    "cricket",
    "film",
    "music",
    "weather",
    "holiday",
];

/// Can the noun phrase headed by `h` be an actor at all? Not when its head is an
/// economic or abstract quantity ("US requirements", "the Japanese market").
fn head_can_be_actor(tree: &Tree<'_>, ments: &SentenceMentions<'_>, h: usize) -> bool {
    if ments.at(h).is_some() || tree.upos(h) != Upos::Noun {
        return true;
    }
    !NEVER_ACTORS.contains(&tree.lemmas[h].as_str())
}

/// Relations that keep a word inside its head's noun phrase.
fn inside_np(tree: &Tree<'_>, c: usize) -> bool {
    match tree.base_rel(c) {
        "compound" | "flat" | "amod" | "det" | "appos" | "nummod" | "fixed" | "goeswith" => true,
        "nmod" => {
            matches!(tree.rel(c), "nmod:poss" | "nmod:desc")
                || tree.case_of(c).is_some_and(|p| p == "of")
        }
        // A name broken up by the parser ("Japanese Prime Minister Fumio Kishida" with
        // "Fumio" as an object of "Japanese"): proper nouns right after a proper noun
        // stay in its phrase.
        "obj" | "nsubj" | "dep" => {
            tree.upos(c) == Upos::Propn
                && tree
                    .head(c)
                    .is_some_and(|h| tree.upos(h) == Upos::Propn && h < c && c <= h + 4)
        }
        _ => false,
    }
}

/// The words of the noun phrase headed by `h`; without the appositives of `h` itself
/// when `appositives` is false.
fn np_words(tree: &Tree<'_>, h: usize, appositives: bool) -> Vec<usize> {
    let mut out = vec![h];
    let mut k = 0;
    while k < out.len() {
        let n = out[k];
        out.extend(
            tree.children[n]
                .iter()
                .copied()
                .filter(|&c| inside_np(tree, c))
                .filter(|&c| appositives || n != h || tree.base_rel(c) != "appos"),
        );
        k += 1;
    }
    out.sort_unstable();
    out
}

/// The mentions whose last word is among `words` (names are head-final: a phrase
/// belongs to the noun phrase that holds its last word, "President Lula" even when
/// "President" hangs elsewhere).
fn mentions_in<'m>(words: &[usize], ments: &'m SentenceMentions<'_>) -> Vec<&'m Mention<'m>> {
    let mut v: Vec<&Mention<'_>> = Vec::new();
    for &w in words {
        if let Some(m) = ments.at(w) {
            let whole = words.binary_search(&(m.end - 1)).is_ok();
            if whole && !v.iter().any(|o| o.start == m.start) {
                v.push(m);
            }
        }
    }
    v
}

fn is_person(m: &Mention<'_>) -> bool {
    m.entry.kind == Kind::Person
}

/// Resolves the noun phrase headed by `h`, if any actor is in it.
pub fn resolve(
    tree: &Tree<'_>,
    ments: &SentenceMentions<'_>,
    h: usize,
    date: Option<NaiveDate>,
    ctx: &Context,
) -> Option<Found> {
    // "hundreds of UN troops", "members of the opposition": the actor is in the of-phrase.
    if PARTITIVES.contains(&tree.lemmas[h].as_str()) && ments.at(h).is_none() {
        if let Some(of) = tree
            .kids(h, "nmod")
            .find(|&c| tree.case_of(c).is_some_and(|p| p == "of"))
        {
            if let Some(f) = resolve(tree, ments, of, date, ctx) {
                return Some(f);
            }
        }
    }
    if !head_can_be_actor(tree, ments, h) {
        return None;
    }
    // An appositive names the same thing again: "the mayor of Nablus, a member of
    // Hamas" is the mayor of Nablus. The phrase's own words decide when they name a
    // state, group or person; the appositive speaks only when they do not ("the
    // mayor, a member of Hamas").
    let core = np_words(tree, h, false);
    let core_mentions = mentions_in(&core, ments);
    let names = |m: &&Mention<'_>| !matches!(m.sense, Sense::AgentNoun | Sense::AgentAdj);
    let (words, inside) = if !core_mentions.iter().any(names) {
        let words = np_words(tree, h, true);
        let inside = mentions_in(&words, ments);
        (words, inside)
    } else {
        (core, core_mentions)
    };
    let first = words[0];
    let last = *words.last().unwrap_or(&h);
    let found = |actor: Actor, via: Via, label: String| Found {
        actor,
        first,
        last,
        via,
        label,
    };

    // The agent of the head word wins ("government troops" → MIL), unless it is the
    // generic GOV and a modifier is more specific ("military officials" → MIL).
    let is_agent = |m: &&&Mention<'_>| matches!(m.sense, Sense::AgentNoun | Sense::AgentAdj);
    let head_agent = inside
        .iter()
        .filter(is_agent)
        .find(|m| (m.start..m.end).contains(&h))
        .map(|m| m.entry.code.as_str());
    // A modifier's agent counts when it is an agent adjective ("military") or a noun
    // ("government troops"), not a noun-word used as an adjective ("official results").
    let other_agent = inside
        .iter()
        .filter(is_agent)
        .filter(|m| {
            *m.sense == Sense::AgentAdj || matches!(tree.upos(m.end - 1), Upos::Noun | Upos::Propn)
        })
        .find(|m| !(m.start..m.end).contains(&h))
        .map(|m| m.entry.code.as_str());
    let mut agent = match head_agent {
        Some("GOV") | None => other_agent.or(head_agent),
        a => a,
    };

    let person = inside.iter().find(|m| is_person(m));
    if let Some(p) = person.filter(|p| p.entry.in_office(date)) {
        // In office on the date (or no date given): the role decides.
        let code = p.entry.code_on(date)?;
        let mut actor = from_code(code);
        // A dated entry whose code is a bare state is a state that changed over time
        // (PETRARCH's GEORGIA: [USRGEO <910409] [GEO >911221]): it takes an agent as
        // a state does ("Georgian demonstrators" → GEOOPP).
        if actor.country.as_deref() == Some(code) && agent.is_some() {
            actor = Actor::combine(Some(code), agent)?;
        }
        return Some(found(actor, Via::Dictionary, p.entry.label.clone()));
    }
    let base = inside
        .iter()
        .filter(|m| !is_person(m))
        .filter(|m| !matches!(m.sense, Sense::AgentNoun | Sense::AgentAdj))
        .min_by_key(|m| match m.entry.kind {
            Kind::Group => 0,
            Kind::Igo => 1,
            Kind::Country => 2,
            Kind::Region => 3,
            _ => 4,
        });
    if let Some(b) = base {
        let code = match b.sense {
            Sense::Agency(c) => c.as_str(),
            _ => b.entry.code.as_str(),
        };
        match b.sense {
            Sense::Seat if agent.is_none() => agent = Some("GOV"),
            Sense::Media if agent.is_none() => agent = Some("MED"),
            _ => {}
        }
        let actor = Actor::combine(Some(code), agent)?;
        return Some(found(actor, Via::Dictionary, b.entry.label.clone()));
    }
    if let Some(p) = person {
        // Out of office: the person still stands for their state.
        let code = p.entry.code_on(date)?;
        let base = from_code(code);
        let actor = Actor::combine(base.country.as_deref().or(Some(code)), agent)?;
        return Some(found(actor, Via::Dictionary, p.entry.label.clone()));
    }
    // Without a state, only an agent at the head makes an actor: "the insurgents" is
    // one, "a government-held part" is not.
    let agent = if head_agent.is_some() { agent } else { None };
    if let Some(a) = agent {
        let home = agent_home(tree, ments, h, last, date, ctx);
        let actor = Actor::combine(home.as_deref(), Some(a))?;
        return Some(found(actor, Via::Dictionary, a.to_string()));
    }
    // "Russia said it would ...": the subject pronoun of a reported clause is the speaker.
    let lemma = tree.lemmas[h].as_str();
    if tree.upos(h) == Upos::Pron
        && matches!(lemma, "it" | "they" | "he" | "she" | "we")
        && tree.base_rel(h) == "nsubj"
    {
        let clause = tree.head(h);
        let gov = clause
            .filter(|&c| tree.rel(c) == "ccomp")
            .and_then(|c| tree.head(c));
        if let Some(speaker) = gov.and_then(|g| tree.kid(g, "nsubj")).filter(|&s| s != h) {
            if let Some(mut f) = resolve(tree, ments, speaker, date, ctx) {
                f.first = h;
                f.last = h;
                f.via = Via::Coreference;
                return Some(f);
            }
        }
    }
    // "Iraq had attacked themselves": a reflexive object is the clause's subject.
    let form = tree.forms[h].to_lowercase();
    if tree.upos(h) == Upos::Pron
        && matches!(
            form.as_str(),
            "itself" | "themselves" | "himself" | "herself" | "ourselves"
        )
        && !matches!(tree.base_rel(h), "nsubj")
    {
        let subject = tree
            .head(h)
            .and_then(|v| tree.kid(v, "nsubj"))
            .filter(|&s| s != h);
        if let Some(mut f) = subject.and_then(|s| resolve(tree, ments, s, date, ctx)) {
            f.first = h;
            f.last = h;
            f.via = Via::Coreference;
            return Some(f);
        }
    }
    // "the sanctions announced by Washington": a thing stands for whoever made it.
    if tree.upos(h) == Upos::Noun {
        for a in tree.kids(h, "acl") {
            let by = tree.kid(a, "obl:agent").or_else(|| {
                tree.kids(a, "obl")
                    .find(|&c| tree.case_of(c).is_some_and(|p| p == "by"))
            });
            if let Some(f) = by.and_then(|b| resolve(tree, ments, b, date, ctx)) {
                return Some(Found { first, last, ..f });
            }
        }
    }
    // Coreference: "he"/"she" to the last person, "the kingdom" to the last state.
    if tree.upos(h) == Upos::Pron && matches!(lemma, "he" | "she") {
        let (a, label) = ctx.last_person.clone()?;
        return Some(found(a, Via::Coreference, label));
    }
    let only_the = words.len() == 2 && tree.lemmas[words[0]] == "the" && words[1] == h;
    if only_the && STATE_ANAPHORS.contains(&lemma) {
        let (a, label) = ctx.last_state.clone()?;
        return Some(found(a, Via::Coreference, label));
    }
    None
}

/// An actor from a full code such as `RUSGOV` or `IGOUNO`.
pub fn from_code(code: &str) -> Actor {
    let state = entente_actors::is_state_code(code);
    let agent = (state && code.len() == 6).then(|| code[3..].to_string());
    Actor {
        code: code.to_string(),
        country: state.then(|| code[..3].to_string()),
        agent,
    }
}

/// True when the mention names a person (for coreference bookkeeping).
pub fn names_person(ments: &SentenceMentions<'_>, f: &Found) -> bool {
    (f.first..=f.last).any(|w| ments.at(w).is_some_and(is_person))
}

/// Further actors named by coordinated modifiers: "his Turkish and Syrian
/// counterparts" names a Turkish and a Syrian one. Returns the extra actors only.
pub fn coordinated_modifiers(
    tree: &Tree<'_>,
    ments: &SentenceMentions<'_>,
    h: usize,
    first: &Found,
) -> Vec<Found> {
    let adjective = |w: usize| ments.at(w).filter(|m| matches!(m.sense, Sense::Adjective));
    // The usual parse: amod "Turkish" with conj "Syrian".
    let mut adjectives: Vec<usize> = tree
        .kids(h, "amod")
        .filter(|&m| ments.at(m).is_some())
        .flat_map(|m| tree.kids(m, "conj").collect::<Vec<_>>())
        .collect();
    // Also seen: "Turkish" as the head, conj "counterparts" with amod "Syrian".
    if adjective(h).is_some() {
        for c in tree.kids(h, "conj") {
            adjectives.extend(tree.kids(c, "amod"));
        }
    }
    adjectives
        .into_iter()
        .filter_map(|w| {
            let m = adjective(w)?;
            let actor = Actor::combine(Some(&m.entry.code), first.actor.agent.as_deref())?;
            Some(Found {
                actor,
                first: first.first,
                last: first.last,
                via: Via::Dictionary,
                label: m.entry.label.clone(),
            })
        })
        .collect()
}

/// Where a stateless agent (the phrase `h`, ending at word `last`) is from: the state of
/// an "in" or "from" phrase under it ("police in Tbilisi"), or of a from-phrase right
/// after it that the parser hung on the verb ("deported refugees from Syria"; only a
/// bare state there, since "refugees from the rebels" says something else).
fn agent_home(
    tree: &Tree<'_>,
    ments: &SentenceMentions<'_>,
    h: usize,
    last: usize,
    date: Option<NaiveDate>,
    ctx: &Context,
) -> Option<String> {
    let under = tree
        .kids(h, "nmod")
        .filter(|&c| tree.case_of(c).is_some_and(|p| p == "in" || p == "from"))
        .find_map(|c| resolve(tree, ments, c, date, ctx)?.actor.country);
    if under.is_some() {
        return under;
    }
    let p = last + 1;
    if p >= tree.len() || tree.lemmas[p] != "from" || tree.base_rel(p) != "case" {
        return None;
    }
    let object = tree.head(p).filter(|&o| o > p)?;
    let inner = resolve(tree, ments, object, date, ctx)?;
    let country = inner.actor.country?;
    (inner.actor.code == country).then_some(country)
}
