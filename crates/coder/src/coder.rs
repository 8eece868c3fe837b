//! The coder: one analysed document in, its events out.

use chrono::NaiveDate;
use entente_actors::{DictErrors, Dictionary, Kind, Sense};
use entente_cameo::{EventCode, QuadClass};
use entente_nlp::{Doc, Pipeline};
use entente_text::Span;

use crate::event::{Attribution, Event, Party, PatternRef, PloverType, Trigger};
use crate::frame::{match_at, Frame};
use crate::quantity::quantities;
use crate::resolve::{
    coordinated_modifiers, names_person, resolve, Context, Found, SentenceMentions,
};
use crate::stance::{
    appeal_code, attribution, intent_code, modality, promise_verb, refusal, rejection_code,
    threat_code, threat_verb, unrealised, Modality,
};
use crate::tree::Tree;
use crate::verbs::VerbDict;
use crate::when;

/// What the coder needs to know about a document besides its analysis.
#[derive(Debug, Clone, Default)]
pub struct DocInfo {
    /// Document id (file stem or the `id` field).
    pub id: String,
    /// Article date, for leaders' roles and relative dates.
    pub date: Option<NaiveDate>,
    /// Byte spans of lines that are not article text (link lists, consent notices);
    /// sentences touching them yield nothing.
    pub noise: Vec<Span>,
}

/// Options of the coder.
#[derive(Debug, Clone, Copy, Default)]
pub struct Options {
    /// Emit negated events (flagged `negated`) instead of dropping them.
    pub keep_negated: bool,
    /// Emit a deed that a known actor only claims or alleges ("the US claimed that ISIL
    /// attacked Iraq"), flagged `claimed`, beside the claimant's accusation (112);
    /// without this, the accusation alone is coded.
    pub keep_claimed: bool,
}

/// The event coder: actor and verb dictionaries plus options.
#[derive(Debug, Clone)]
pub struct Coder {
    actors: Dictionary,
    verbs: VerbDict,
    options: Options,
}

/// Maps byte offsets to character offsets in one text.
struct CharIndex {
    /// Character offset of every byte boundary (indexed by byte).
    chars: Vec<u32>,
}

impl CharIndex {
    fn new(text: &str) -> CharIndex {
        let mut chars = vec![0u32; text.len() + 1];
        let mut n = 0u32;
        for (b, _) in text.char_indices() {
            chars[b] = n;
            n += 1;
        }
        chars[text.len()] = n;
        // Fill continuation bytes (never used as boundaries, but keep them sane).
        for b in 1..chars.len() {
            if !text.is_char_boundary(b) {
                chars[b] = chars[b - 1];
            }
        }
        CharIndex { chars }
    }

    fn span(&self, s: Span) -> [usize; 2] {
        [self.chars[s.start] as usize, self.chars[s.end] as usize]
    }
}

impl Coder {
    /// A coder over the given dictionaries.
    pub fn new(actors: Dictionary, verbs: VerbDict, options: Options) -> Coder {
        Coder {
            actors,
            verbs,
            options,
        }
    }

    /// A coder over the dictionaries built into entente.
    pub fn builtin(options: Options) -> Result<Coder, DictErrors> {
        let actors = entente_actors::builtin().map_err(Clone::clone)?.clone();
        let verbs = crate::builtin_verbs()?;
        Ok(Coder::new(actors, verbs, options))
    }

    /// The actor dictionary.
    pub fn actors(&self) -> &Dictionary {
        &self.actors
    }

    /// The verb dictionary.
    pub fn verbs(&self) -> &VerbDict {
        &self.verbs
    }

    /// Analyses `text` with `pipeline`, telling the tagger which words the actor
    /// dictionary knows as names ([`Coder::name_mask`]): the analysis to code.
    pub fn analyze(&self, pipeline: &Pipeline, text: &str) -> Doc {
        pipeline.analyze_with(text, &|forms: &[&str]| self.name_mask(forms))
    }

    /// Marks the words of a sentence that belong to names in the actor dictionary:
    /// states, cities, organisations, groups, people, seats and media. Demonyms and
    /// agent words ("Russian", "troops") are not names.
    pub fn name_mask(&self, forms: &[&str]) -> Vec<bool> {
        let mut mask = vec![false; forms.len()];
        for m in self.actors.find(forms) {
            if matches!(
                m.sense,
                Sense::Adjective | Sense::AgentNoun | Sense::AgentAdj
            ) || m.entry.kind == Kind::Agent
            {
                continue;
            }
            for w in mask.iter_mut().take(m.end).skip(m.start) {
                *w = true;
            }
        }
        mask
    }

    /// Codes every sentence of `doc`.
    pub fn code(&self, doc: &Doc, info: &DocInfo) -> Vec<Event> {
        self.run(doc, info, None)
    }

    /// Codes `doc` and writes a readable account of every decision to `trace`.
    pub fn explain(&self, doc: &Doc, info: &DocInfo, trace: &mut Vec<String>) -> Vec<Event> {
        self.run(doc, info, Some(trace))
    }

    fn run(&self, doc: &Doc, info: &DocInfo, mut trace: Option<&mut Vec<String>>) -> Vec<Event> {
        let index = CharIndex::new(&doc.text);
        let mut ctx = Context::default();
        let mut events = Vec::new();
        for s in 0..doc.sentences.len() {
            let sent = &doc.sentences[s];
            if sent.first_word == sent.end_word {
                continue;
            }
            if info
                .noise
                .iter()
                .any(|n| n.start < sent.span.end && sent.span.start < n.end)
            {
                if let Some(tr) = trace.as_deref_mut() {
                    tr.push(format!(
                        "sentence {s}: skipped, it is on a boilerplate line"
                    ));
                }
                continue;
            }
            let tree = Tree::new(doc, s);
            let ments = SentenceMentions::new(&self.actors, &tree);
            if let Some(tr) = trace.as_deref_mut() {
                tr.push(format!("sentence {s}: {}", &doc.text[sent.span.range()]));
                for m in &ments.mentions {
                    tr.push(format!(
                        "  actor phrase {:?} → {} {} ({:?}; {}:{})",
                        tree.text_of(m.start, m.end - 1),
                        m.entry.kind.name(),
                        if m.entry.code.is_empty() {
                            &m.entry.label
                        } else {
                            &m.entry.code
                        },
                        m.sense,
                        m.entry.file.display(),
                        m.entry.line
                    ));
                }
            }
            let before = events.len();
            for t in 0..tree.len() {
                let mut tried = trace.as_ref().map(|_| Vec::new());
                let frames = match_at(&tree, &self.verbs, t, tried.as_mut());
                if let (Some(tr), Some(lines)) = (trace.as_deref_mut(), tried) {
                    if !lines.is_empty() {
                        tr.push(format!(
                            "  trigger {:?} (lemma {:?})",
                            tree.forms[t], tree.lemmas[t]
                        ));
                        tr.extend(lines);
                    }
                }
                // The most specific pattern whose places hold known actors wins.
                for frame in &frames {
                    let outcome = self.emit(
                        &tree,
                        &ments,
                        frame,
                        s,
                        info,
                        &ctx,
                        &index,
                        &mut events,
                        trace.as_deref_mut(),
                    );
                    if outcome != Emitted::NoActors {
                        break;
                    }
                }
            }
            // Remember who was named, for coreference in later sentences.
            for m in &ments.mentions {
                if let Some(f) = resolve(&tree, &ments, m.start, info.date, &ctx) {
                    let person = names_person(&ments, &f);
                    ctx.observe(&f, person);
                } else if m.entry.kind == Kind::Country {
                    if let Some(a) = entente_actors::Actor::combine(Some(&m.entry.code), None) {
                        let f = Found {
                            actor: a,
                            first: m.start,
                            last: m.end - 1,
                            via: crate::resolve::Via::Dictionary,
                            label: m.entry.label.clone(),
                        };
                        ctx.observe(&f, false);
                    }
                }
            }
            // An unknown name with a title ("Mr Kennedy") may be who "he" means next.
            let titled_unknown = (1..tree.len()).any(|w| {
                tree.upos(w) == entente_nlp::Upos::Propn
                    && ments.at(w).is_none()
                    && matches!(
                        tree.forms[w - 1].trim_end_matches('.'),
                        "Mr" | "Mrs" | "Ms" | "Dr" | "Sir" | "Lord" | "Lady"
                    )
            });
            if titled_unknown {
                ctx.unknown_person();
            }
            // The main clause's subject is what "he" and "the kingdom" most likely pick
            // up next.
            let root = (0..tree.len()).find(|&w| tree.head(w).is_none());
            if let Some(subj) = root.and_then(|r| tree.kid(r, "nsubj")) {
                if let Some(f) = resolve(&tree, &ments, subj, info.date, &ctx) {
                    let person = names_person(&ments, &f);
                    ctx.observe(&f, person);
                }
            }
            if let Some(tr) = trace.as_deref_mut() {
                if events.len() == before {
                    tr.push("  no event".to_string());
                }
            }
        }
        events
    }

    #[allow(clippy::too_many_arguments)]
    fn emit(
        &self,
        tree: &Tree<'_>,
        ments: &SentenceMentions<'_>,
        frame: &Frame<'_>,
        s: usize,
        info: &DocInfo,
        ctx: &Context,
        index: &CharIndex,
        events: &mut Vec<Event>,
        mut trace: Option<&mut Vec<String>>,
    ) -> Emitted {
        let mut note = |msg: String| {
            if let Some(tr) = trace.as_deref_mut() {
                tr.push(format!("    {msg}"));
            }
        };
        let t = frame.trigger;
        let Some(mut code) = frame.pattern.code else {
            note("a pattern that codes nothing fits best: no event".to_string());
            return Emitted::Suppressed;
        };
        if let Some(why) = unrealised(tree, t) {
            note(format!("not emitted: {why}"));
            return Emitted::Suppressed;
        }
        let src_attr = attribution(tree, t);
        let mut modality = modality(tree, t, src_attr.as_ref());
        // "would not give permission to Russia": refusing a cooperative act is itself an
        // event, a rejection (12x).
        if modality == Modality::Negated && refusal(tree, t) {
            if let Some(reject) = rejection_code(&code).and_then(|c| c.parse().ok()) {
                note(format!("refused: {code} becomes rejection code {reject}"));
                code = reject;
                modality = if src_attr.is_some() {
                    Modality::Reported
                } else {
                    Modality::Asserted
                };
            }
        }
        if modality == Modality::Negated && !self.options.keep_negated {
            note("negated: not emitted (use --keep-negated)".to_string());
            return Emitted::Suppressed;
        }
        if threat_verb(tree, t).is_some() {
            if let Ok(threat) = threat_code(&code).parse::<EventCode>() {
                note(format!(
                    "threatened, not done: {code} becomes threat code {threat}"
                ));
                code = threat;
            }
        }
        if modality == Modality::Intended && promise_verb(tree, t).is_some() {
            if let Some(intent) = intent_code(&code).and_then(|c| c.parse().ok()) {
                note(format!(
                    "promised, not done: {code} becomes intent code {intent}"
                ));
                code = intent;
            }
        }
        // What an infinitive clause under the trigger asks for ("urged Iran to release
        // the sailors", "wants Putin to attack"): the code of its best pattern.
        if code.root() == 3 || code.as_str() == "020" {
            let clause = tree.infinitive_clause(t);
            let asked = clause
                .and_then(|v| match_at(tree, &self.verbs, v, None).into_iter().next())
                .and_then(|f| f.pattern.code);
            let appeal = asked.and_then(|a| appeal_code(&a).parse::<EventCode>().ok());
            if code.root() == 3 {
                // An intent pattern (PETRARCH's `WANT [030]`) whose object is to act is
                // an appeal to that object, not an intention.
                let object_asked = tree
                    .kid(t, "obj")
                    .is_some_and(|o| frame.targets.contains(&o));
                if let Some(refined) = appeal.filter(|_| object_asked) {
                    note(format!(
                        "its object is asked to act: intent {code} becomes appeal {refined}"
                    ));
                    code = refined;
                }
            } else {
                // "wants Obama to head back": wanting is an appeal only when what is
                // wanted is itself an event.
                if asked.is_none() && frame.pattern.infinitive {
                    note("what is wanted is not an event: no appeal".to_string());
                    return Emitted::Suppressed;
                }
                if let Some(refined) = appeal.filter(|r| *r != code) {
                    let verb = tree.forms[clause.unwrap_or(t)];
                    note(format!("asks for {verb}: 020 becomes {refined}"));
                    code = refined;
                }
            }
        }
        if let Some(riot) = riot_code(tree, frame, &code) {
            note(format!(
                "done by protesters: {code} becomes riot code {riot}"
            ));
            code = riot;
        }
        let code = &code;
        // An extension code outside CAMEO (a PETRARCH ontology's `903`) has no quad
        // class, Goldstein score or PLOVER type: they are coded 0, 0.0 and null.
        let info_code = entente_cameo::nearest(code);
        // A claim that someone did harm is an accusation by the claimant.
        let src_attr_accuser = src_attr.as_ref().and_then(|a| {
            let harm = code.is_cameo_form();
            let accusing = matches!(a.verb.as_str(), "claim" | "allege" | "accuse" | "charge")
                && harm
                && code.root() >= 11
                || matches!(a.verb.as_str(), "say" | "insist" | "assert")
                    && (18..=20).contains(&code.root());
            if !accusing {
                return None;
            }
            // Only a known state or organisation accuses; "officials said" does not.
            a.who
                .and_then(|w| resolve(tree, ments, w, info.date, ctx))
                .filter(|f| !f.actor.code.starts_with("---"))
        });
        let attribution = src_attr.map(|a| {
            let found = a.who.and_then(|w| resolve(tree, ments, w, info.date, ctx));
            let text = a.who.map(|w| {
                let words = tree.subtree(w);
                tree.text_of(words[0], *words.last().unwrap_or(&w))
                    .to_string()
            });
            Attribution {
                code: found.map(|f| f.actor.code),
                text,
                verb: a.verb,
            }
        });
        let when = when::resolve(tree, t, info.date);
        let clause: Vec<usize> = {
            let mut words = vec![t];
            let mut k = 0;
            while k < words.len() {
                let n = words[k];
                words.extend(tree.children[n].iter().copied().filter(|&c| {
                    !matches!(tree.base_rel(c), "ccomp" | "parataxis" | "advcl" | "conj")
                        && tree.rel(c) != "acl:relcl"
                }));
                k += 1;
            }
            words.sort_unstable();
            words
        };
        let quantities = quantities(tree, &clause);
        let sent_span = tree.span(0, tree.len() - 1);
        let sentence_text = tree.text_of(0, tree.len() - 1).to_string();
        let party = |f: &Found| Party {
            code: f.actor.code.clone(),
            country: f.actor.country.clone(),
            agent: f.actor.agent.clone(),
            text: tree.text_of(f.first, f.last).to_string(),
            span: index.span(tree.span(f.first, f.last)),
            via: f.via,
            label: f.label.clone(),
        };
        let side = |nodes: &[usize], what: &str, note: &mut dyn FnMut(String)| -> Vec<Found> {
            let mut out: Vec<Found> = Vec::new();
            for &n in nodes {
                let Some(mut f) = resolve(tree, ments, n, info.date, ctx) else {
                    // A conjunct without an actor of its own ("Japanese banks and firms")
                    // may still belong to the first conjunct's state.
                    note(format!("{what} {:?} is not a known actor", tree.forms[n]));
                    continue;
                };
                if f.actor.country.is_none() && f.actor.code.starts_with("---") {
                    if let Some(c) = out.first().and_then(|o| o.actor.country.clone()) {
                        if let Some(a) =
                            entente_actors::Actor::combine(Some(&c), f.actor.agent.as_deref())
                        {
                            f.actor = a;
                        }
                    }
                }
                let extra = coordinated_modifiers(tree, ments, n, &f);
                out.push(f);
                out.extend(extra);
            }
            out
        };
        let accuser: Option<Found> = src_attr_accuser;
        let mut accusations: Vec<(Found, Found)> = Vec::new();
        let sent_index = s;
        let make = |a: &Found,
                    b: &Found,
                    code: EventCode,
                    info_code: Option<&entente_cameo::CodeInfo>,
                    modality: Modality,
                    symmetric: bool,
                    pattern: &crate::verbs::Pattern|
         -> Event {
            Event {
                doc_id: info.id.clone(),
                event_id: String::new(),
                sentence_index: sent_index,
                sentence: sentence_text.clone(),
                span: index.span(sent_span),
                date: when.as_ref().map(|w| w.date.clone()),
                date_text: when.as_ref().and_then(|w| w.text.clone()),
                source: party(a),
                target: party(b),
                code: code.as_str().to_string(),
                root: format!("{:02}", code.root()),
                quad_class: info_code.map_or(0, |_| QuadClass::of(&code).as_u8()),
                goldstein: info_code.map_or(0.0, |i| i.goldstein),
                plover: info_code.and_then(|i| i.plover).map(|p| PloverType {
                    kind: p.event.as_str().to_string(),
                    mode: p.mode.map(str::to_string),
                }),
                trigger: Trigger {
                    text: tree.forms[t].to_string(),
                    lemma: tree.lemmas[t].clone(),
                    span: index.span(tree.spans[t]),
                },
                attribution: attribution.clone(),
                modality,
                quantities: quantities.clone(),
                pattern: PatternRef {
                    text: pattern.text.clone(),
                    at: pattern.location(),
                },
                symmetric,
            }
        };
        let mut resolved = false;
        let sources = side(&frame.sources, "source", &mut note);
        let targets = side(&frame.targets, "target", &mut note);
        for src in &sources {
            for tgt in &targets {
                let (src, tgt) = (src.clone(), tgt.clone());
                // "The US claimed that ISIL had attacked Iraq": in CAMEO the claim is
                // itself an accusation (112) by the speaker against the doer, even when
                // the deed itself is not coded ("Iraq had attacked itself").
                if let Some(speaker) = accuser.as_ref() {
                    if speaker.actor.code != src.actor.code
                        && !accusations.iter().any(|(s, d)| {
                            s.actor.code == speaker.actor.code && d.actor.code == src.actor.code
                        })
                    {
                        accusations.push((speaker.clone(), src.clone()));
                    }
                    // A deed only claimed or alleged is not a fact to count: the
                    // claimant's accusation records it (as CAMEO codes allegations).
                    if modality == Modality::Claimed
                        && speaker.actor.code != src.actor.code
                        && !self.options.keep_claimed
                    {
                        note(format!(
                            "claimed by {}: coded as its accusation, not as a deed (use --keep-claimed)",
                            speaker.actor.code
                        ));
                        resolved = true;
                        continue;
                    }
                }
                if src.actor.code == tgt.actor.code {
                    note(format!("source and target are both {}", src.actor.code));
                    continue;
                }
                // A state and one of its own organs ("France" and "the French
                // government") are not two parties.
                let bare =
                    |a: &entente_actors::Actor| a.country.as_deref() == Some(a.code.as_str());
                if src.actor.country.is_some()
                    && src.actor.country == tgt.actor.country
                    && (bare(&src.actor) || bare(&tgt.actor))
                {
                    note(format!(
                        "{} and {} are one state",
                        src.actor.code, tgt.actor.code
                    ));
                    continue;
                }
                // "The minister" or "the spokesperson" without a state is an incomplete
                // actor: coding it would name a party we do not know.
                let stateless_organ = |code: &str| {
                    matches!(code, "---GOV" | "---MIL" | "---COP" | "---JUD" | "---SPY")
                };
                if stateless_organ(&src.actor.code) || stateless_organ(&tgt.actor.code) {
                    note(format!(
                        "{} → {}: a state organ without its state is not coded",
                        src.actor.code, tgt.actor.code
                    ));
                    continue;
                }
                if src.actor.code.starts_with("---") && tgt.actor.code.starts_with("---") {
                    note(format!(
                        "neither {} nor {} belongs to a known state or organisation",
                        src.actor.code, tgt.actor.code
                    ));
                    continue;
                }
                resolved = true;
                let mut pairs = vec![(&src, &tgt)];
                if frame.symmetric {
                    pairs.push((&tgt, &src));
                }
                for (a, b) in pairs {
                    let ev = make(
                        a,
                        b,
                        *code,
                        info_code,
                        modality,
                        frame.symmetric,
                        frame.pattern,
                    );
                    push_unique(events, ev, &mut note);
                }
                // `; reverse CODE`: the same wording seen from the target's side.
                if let Some(rc) = frame.pattern.reverse {
                    let rinfo = entente_cameo::nearest(&rc);
                    let ev = make(&tgt, &src, rc, rinfo, modality, false, frame.pattern);
                    push_unique(events, ev, &mut note);
                }
            }
        }
        let outcome = if resolved {
            Emitted::Events
        } else {
            Emitted::NoActors
        };
        let Ok(accuse) = "112".parse::<EventCode>() else {
            return outcome;
        };
        if let Some(accuse_info) = entente_cameo::lookup(&accuse) {
            for (speaker, doer) in &accusations {
                let mut ev = make(
                    speaker,
                    doer,
                    accuse,
                    Some(accuse_info),
                    Modality::Asserted,
                    false,
                    frame.pattern,
                );
                ev.attribution = None;
                push_unique(events, ev, &mut note);
            }
        }
        outcome
    }
}

/// What became of a matched pattern.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Emitted {
    /// Its places held known actors: events were coded.
    Events,
    /// The event is negated, asked for or hypothetical: nothing is coded, and no less
    /// specific pattern is tried.
    Suppressed,
    /// No known actors in its places: a less specific pattern may still fit.
    NoActors,
}

/// Adds `ev` unless the sentence already has an event with the same dyad and root;
/// numbers it within its sentence.
fn push_unique(events: &mut Vec<Event>, mut ev: Event, note: &mut dyn FnMut(String)) {
    let dup = events
        .iter()
        .rev()
        .take_while(|e| e.sentence_index == ev.sentence_index && e.doc_id == ev.doc_id)
        .any(|e| {
            e.source.code == ev.source.code && e.target.code == ev.target.code && e.root == ev.root
        });
    if dup {
        return;
    }
    note(format!(
        "event {} → {} {} ({:?})",
        ev.source.code, ev.target.code, ev.code, ev.modality
    ));
    let n = events
        .iter()
        .rev()
        .take_while(|e| e.sentence_index == ev.sentence_index && e.doc_id == ev.doc_id)
        .count();
    ev.event_id = format!("{}:{}:{}", ev.doc_id, ev.sentence_index, n);
    events.push(ev);
}

/// Crowds whose violence CAMEO codes as a riot.
const PROTEST_NOUNS: &[&str] = &[
    "protester",
    "protestor",
    "demonstrator",
    "rioter",
    "mob",
    "crowd",
];

/// "The building was demolished by protesters": destruction of property and beatings by
/// a crowd of protesters are a violent protest (145) in CAMEO, not coercion or assault.
/// Armed attacks ("demonstrators launched missiles") keep their own code.
fn riot_code(tree: &Tree<'_>, frame: &Frame<'_>, code: &EventCode) -> Option<EventCode> {
    let violent = code.root() == 17 || matches!(code.as_str(), "180" | "182" | "1821" | "1822");
    let crowd = frame
        .sources
        .iter()
        .any(|&n| PROTEST_NOUNS.contains(&tree.lemmas[n].as_str()));
    (violent && crowd).then(|| "145".parse().ok()).flatten()
}
