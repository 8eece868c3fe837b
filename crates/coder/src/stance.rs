//! Who asserts an event (attribution) and how certain it is (modality).

use serde::Serialize;

use crate::tree::Tree;

/// How certain the text is that the event happened.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Modality {
    /// Stated as fact.
    Asserted,
    /// Attributed to someone, or hedged ("reportedly", "is believed to").
    Reported,
    /// Asserted by a party with a stake ("allegedly", "X claimed").
    Claimed,
    /// Planned, promised or in the future ("will", "plans to").
    Intended,
    /// Depends on a condition ("if", "would", "could").
    Conditional,
    /// Denied or did not happen ("not", "refused to").
    Negated,
}

/// Verbs of saying whose complement carries reported events.
pub const SAY_VERBS: &[&str] = &[
    "say",
    "tell",
    "report",
    "announce",
    "state",
    "claim",
    "allege",
    "add",
    "note",
    "insist",
    "confirm",
    "write",
    "declare",
    "reveal",
    "disclose",
    "assert",
    "stress",
    "explain",
    "quote",
    "tweet",
    "post",
    "argue",
    "acknowledge",
    "admit",
    "maintain",
    "indicate",
];

const CLAIM_VERBS: &[&str] = &["claim", "allege", "insist", "argue", "maintain", "assert"];
const HEARSAY_VERBS: &[&str] = &[
    "believe",
    "say",
    "report",
    "think",
    "understand",
    "expect",
    "suspect",
    "allege",
    "rumor",
    "rumour",
    "claim",
    "know",
    "consider",
];
const INTENT_VERBS: &[&str] = &[
    "plan", "intend", "want", "hope", "seek", "vow", "pledge", "promise", "aim", "expect",
    "prepare", "agree", "decide", "threaten", "offer", "propose", "try", "attempt", "wish",
    "schedule", "set", "mean", "resolve", "go", "consider",
];
const NEGATING_VERBS: &[&str] = &[
    "refuse", "fail", "decline", "deny", "reject", "stop", "avoid",
];

/// Where an attribution was found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Source {
    /// The head of the phrase naming who asserts the event.
    pub who: Option<usize>,
    /// The verb of saying (or "according to").
    pub verb: String,
}

/// Finds who asserts the event at trigger `t`: the subject of a verb of saying that
/// governs it ("X said Y attacked Z", "Y attacked Z, X said"), or "according to X".
pub fn attribution(tree: &Tree<'_>, t: usize) -> Option<Source> {
    // "According to X, ..." is sometimes parsed with X as the root of the sentence.
    let mut up = tree.head(t);
    while let Some(a) = up {
        if tree.case_of(a).is_some_and(|p| p.starts_with("according")) {
            return Some(Source {
                who: Some(a),
                verb: "according to".to_string(),
            });
        }
        up = tree.head(a);
    }
    let mut cur = t;
    for _ in 0..6 {
        for &c in &tree.children[cur] {
            if tree.rel(c) == "parataxis" && SAY_VERBS.contains(&tree.lemmas[c].as_str()) {
                return Some(Source {
                    who: tree.kid(c, "nsubj"),
                    verb: tree.lemmas[c].clone(),
                });
            }
            if matches!(tree.base_rel(c), "obl" | "nmod")
                && tree.case_of(c).is_some_and(|p| p.starts_with("according"))
            {
                return Some(Source {
                    who: Some(c),
                    verb: "according to".to_string(),
                });
            }
        }
        let rel = tree.rel(cur);
        let Some(h) = tree.head(cur) else { break };
        if matches!(rel, "ccomp" | "parataxis") && SAY_VERBS.contains(&tree.lemmas[h].as_str()) {
            return Some(Source {
                who: tree.kid(h, "nsubj"),
                verb: tree.lemmas[h].clone(),
            });
        }
        if !matches!(rel, "conj" | "xcomp" | "ccomp" | "advcl") {
            break;
        }
        cur = h;
    }
    None
}

fn has_advmod(tree: &Tree<'_>, n: usize, words: &[&str]) -> bool {
    tree.children[n].iter().any(|&c| {
        matches!(tree.base_rel(c), "advmod" | "aux" | "obl")
            && words.contains(&tree.forms[c].to_lowercase().as_str())
    })
}

fn aux_lemmas(tree: &Tree<'_>, n: usize) -> Vec<String> {
    tree.kids(n, "aux")
        .map(|c| tree.forms[c].to_lowercase())
        .collect()
}

/// The modality of the event at trigger `t`, given its attribution.
pub fn modality(tree: &Tree<'_>, t: usize, attributed: Option<&Source>) -> Modality {
    // The trigger and the verbs that govern it through control and coordination.
    let mut chain = vec![t];
    let mut cur = t;
    while let Some(h) = tree.head(cur) {
        // A purpose clause ("would not give permission ... to help") shares its head's
        // fate, like control and coordination.
        let purpose =
            tree.rel(cur) == "advcl" && tree.kids(cur, "mark").any(|m| tree.lemmas[m] == "to");
        if !(matches!(tree.rel(cur), "xcomp" | "conj") || purpose) || chain.len() > 4 {
            break;
        }
        chain.push(h);
        cur = h;
    }
    let negators = ["not", "n't", "never", "no"];
    for &n in &chain {
        if has_advmod(tree, n, &negators) {
            return Modality::Negated;
        }
    }
    for w in chain.windows(2) {
        if tree.rel(w[0]) == "xcomp" && NEGATING_VERBS.contains(&tree.lemmas[w[1]].as_str()) {
            return Modality::Negated;
        }
    }
    // Conditions: "if"/"unless" on the trigger's clause or the one above it.
    let mut clause = Some(t);
    for _ in 0..3 {
        let Some(c) = clause else { break };
        if tree
            .kids(c, "mark")
            .any(|m| matches!(tree.lemmas[m].as_str(), "if" | "unless"))
        {
            return Modality::Conditional;
        }
        clause = tree.head(c);
    }
    for &n in &chain {
        let aux = aux_lemmas(tree, n);
        if aux
            .iter()
            .any(|a| matches!(a.as_str(), "would" | "could" | "might" | "may" | "'d"))
        {
            return Modality::Conditional;
        }
        if aux
            .iter()
            .any(|a| matches!(a.as_str(), "will" | "shall" | "'ll" | "wo"))
        {
            return Modality::Intended;
        }
    }
    for w in chain.windows(2) {
        let gov = tree.lemmas[w[1]].as_str();
        if tree.rel(w[0]) == "xcomp" {
            if tree.is_passive(w[1]) && HEARSAY_VERBS.contains(&gov) {
                return Modality::Reported; // "is believed to have fired"
            }
            if INTENT_VERBS.contains(&gov) {
                return Modality::Intended;
            }
        }
    }
    if chain
        .iter()
        .any(|&n| has_advmod(tree, n, &["allegedly", "purportedly", "supposedly"]))
    {
        return Modality::Claimed;
    }
    if let Some(src) = attributed {
        if CLAIM_VERBS.contains(&src.verb.as_str()) {
            return Modality::Claimed;
        }
        return Modality::Reported;
    }
    if chain.iter().any(|&n| {
        has_advmod(
            tree,
            n,
            &[
                "reportedly",
                "apparently",
                "reputedly",
                "purportedly",
                "seemingly",
            ],
        )
    }) {
        return Modality::Reported;
    }
    Modality::Asserted
}

/// Verbs that express an intent in CAMEO's sense ("pledged to send aid" is 033).
const PROMISE_VERBS: &[&str] = &[
    "promise", "pledge", "vow", "offer", "agree", "plan", "intend", "want", "hope", "aim",
    "propose", "wish", "resolve", "commit",
];

/// The verb of promising that governs trigger `t` through `xcomp`, if any.
pub fn promise_verb(tree: &Tree<'_>, t: usize) -> Option<usize> {
    let mut cur = t;
    for _ in 0..3 {
        let h = tree.head(cur)?;
        match tree.rel(cur) {
            "xcomp" if PROMISE_VERBS.contains(&tree.lemmas[h].as_str()) => return Some(h),
            "xcomp" | "conj" => cur = h,
            _ => return None,
        }
    }
    None
}

/// The CAMEO intent code (03x) for a cooperative event that is only promised.
pub fn intent_code(code: &entente_cameo::EventCode) -> Option<&'static str> {
    let s = code.as_str();
    Some(match code.root() {
        4 => "036",
        5 => "032",
        6 => match s {
            "061" => "0311",
            "062" => "0312",
            "063" => "0313",
            "064" => "0314",
            _ => "031",
        },
        7 => match s {
            "071" => "0331",
            "072" => "0332",
            "073" => "0333",
            "074" => "0334",
            _ => "033",
        },
        8 => match s {
            "084" | "0841" | "0842" => "0353",
            "081" | "0811" | "0812" | "0813" | "0814" => "0354",
            "087" | "0871" | "0872" | "0873" | "0874" => "0356",
            _ => "035",
        },
        9 => "030",
        _ => return None,
    })
}

/// Verbs whose infinitive only asks for something ("urged Iran to release"): the request
/// is the event (coded by the appeal patterns), the thing asked for is not.
const APPEAL_VERBS: &[&str] = &[
    "urge",
    "ask",
    "call",
    "invite",
    "encourage",
    "press",
    "pressure",
    "request",
    "want",
    "advise",
    "warn",
    "tell",
    "persuade",
    "implore",
    "beg",
    "demand",
    "need",
    "expect",
];

/// Why the event at `t` is only asked for or hypothetical, if it is: an infinitive under
/// an appeal verb ("asked Obama to help Iran") or under a noun that does not commit its
/// owner ("permission to help").
pub fn unrealised(tree: &Tree<'_>, t: usize) -> Option<String> {
    if !tree.kids(t, "mark").any(|m| tree.lemmas[m] == "to") {
        return None;
    }
    let h = tree.head(t)?;
    let gov = tree.lemmas[h].as_str();
    // Only with someone asked ("wants Putin to attack"); "wants to help" is an intent.
    let asked = tree.kid(h, "obj").is_some() || tree.kid(h, "iobj").is_some();
    if matches!(tree.base_rel(t), "xcomp" | "advcl" | "ccomp")
        && APPEAL_VERBS.contains(&gov)
        && asked
    {
        return Some(format!("only asked for (\"{}\")", tree.forms[h]));
    }
    if tree.base_rel(t) == "acl" && matches!(gov, "failure" | "refusal") {
        return Some(format!("did not happen (\"{} to ...\")", tree.forms[h]));
    }
    if tree.base_rel(t) == "acl"
        && matches!(tree.upos(h), entente_nlp::Upos::Noun)
        && !crate::frame::DECISION_NOUNS.contains(&gov)
    {
        return Some(format!("hypothetical (\"{} to ...\")", tree.forms[h]));
    }
    None
}

/// The verb "threaten" (or "warn", "vow") governing trigger `t` through `xcomp`:
/// "threatened to cut gas supplies" is a threat, not a cut.
pub fn threat_verb(tree: &Tree<'_>, t: usize) -> Option<usize> {
    let h = tree.head(t)?;
    (tree.rel(t) == "xcomp" && matches!(tree.lemmas[h].as_str(), "threaten")).then_some(h)
}

/// The CAMEO threat code (13x) for an event that is only threatened.
pub fn threat_code(code: &entente_cameo::EventCode) -> &'static str {
    let s = code.as_str();
    match code.root() {
        16 => match s {
            "162" | "1621" | "1622" | "1623" => "1311",
            "163" => "1312",
            _ => "1313",
        },
        17 => "137",
        15 | 18 | 19 => match s {
            "191" => "1381",
            "192" => "1382",
            "190" | "193" | "194" | "195" => "1384",
            _ => "138",
        },
        20 => "1385",
        12 => "131",
        _ => "130",
    }
}

/// Whether the negated event at trigger `t` is a refusal: a verb of refusing governs it
/// ("refused to extradite him") or it is negated in the future or conditional ("would
/// not give permission", "will never recognise"). A plain denial of the past ("did not
/// attend") is not one.
pub fn refusal(tree: &Tree<'_>, t: usize) -> bool {
    if tree.rel(t) == "xcomp"
        && tree
            .head(t)
            .is_some_and(|h| matches!(tree.lemmas[h].as_str(), "refuse" | "decline" | "reject"))
    {
        return true;
    }
    // Withholding a stance is a refusal whatever the tense: "did not recognise the
    // election", "does not accept the verdict".
    let stance = matches!(
        tree.lemmas[t].as_str(),
        "recognize" | "recognise" | "accept" | "endorse" | "support" | "back" | "approve"
    );
    has_advmod(tree, t, &["not", "n't", "never"])
        && (stance
            || aux_lemmas(tree, t)
                .iter()
                .any(|a| matches!(a.as_str(), "would" | "will" | "wo" | "shall" | "'ll" | "'d")))
}

/// The CAMEO rejection code (12x) for a refused cooperative event, if it has one:
/// refusing to meet is 125, to cooperate materially 121, to give aid 122, to yield 124.
pub fn rejection_code(code: &entente_cameo::EventCode) -> Option<&'static str> {
    Some(match code.root() {
        3 | 5 => "120",
        4 => "125",
        6 => "121",
        7 => "122",
        8 => "124",
        _ => return None,
    })
}

/// The CAMEO appeal code (02x) for an appeal whose object is the event `asked` ("urged
/// Iran to release the sailors" is an appeal to yield, 025 and 0253).
pub fn appeal_code(asked: &entente_cameo::EventCode) -> &'static str {
    let s = asked.as_str();
    match asked.root() {
        4 => "026",
        5 => "022",
        6 => match s {
            "061" => "0211",
            "062" => "0212",
            "063" => "0213",
            "064" => "0214",
            _ => "021",
        },
        7 => match s {
            "071" => "0231",
            "072" => "0232",
            "073" => "0233",
            "074" => "0234",
            _ => "023",
        },
        8 => match s {
            "081" | "0811" | "0812" | "0813" | "0814" => "0251",
            "082" => "0252",
            "084" | "0841" | "0842" => "0253",
            "085" => "0254",
            "086" | "0861" | "0862" | "0863" => "0255",
            "087" | "0871" | "0872" | "0873" | "0874" => "0256",
            _ => "025",
        },
        _ => "020",
    }
}
