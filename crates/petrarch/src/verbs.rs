//! PETRARCH verb dictionaries (the CAMEO.2.0 style).
//!
//! ```text
//! &WEAPONS              a synonym set: `&WEAPONS` in a pattern stands for any member
//! +RIFLE
//! +TANK
//!
//! --- SEND  [---] ---   a verb block: a verb and its default code (`---`: none)
//! SEND                  the verbs of the block (base forms; `{...}` lists inflections)
//! DISPATCH [042]        a verb with its own default code
//! +CALL_OFF             a multi-word verb (we keep verb + particle)
//! - * &WEAPONS (TO +) [070]      patterns: `*` is the verb, `+` the target, `$` the
//! - $ * (WITH %) [031:031]       source, `%` a compound actor, `(PREP ...)` a phrase,
//! - * {AID CONVOY}  [073]        `{...}` a multi-word noun, `[A:B]` the code for the
//!                                 forward and the reverse direction
//! ```
//!
//! Each PETRARCH pattern becomes one pattern of ours, with the block's verbs as trigger
//! alternatives. What our language cannot say is reported in [`Translation::skipped`].

use std::collections::HashMap;
use std::path::Path;

use entente_cameo::EventCode;
use entente_coder::{VerbDict, PREPOSITIONS};

use crate::words::{bad, content, content_lines, in_xml_comment};
use crate::{Converted, Skipped, Target, Translation};

/// Prepositions that may carry the target when a pattern does not place it.
const ANY_PREP: &str = "*";

/// Words that, right after the verb, are its particle (`call off`).
const PARTICLES: &[&str] = &[
    "up", "out", "off", "down", "away", "back", "forward", "aside", "apart", "in", "on", "over",
];

/// A piece of a PETRARCH pattern.
#[derive(Debug, Clone, PartialEq)]
enum Item {
    Verb,
    Source,
    Target,
    Compound,
    Word(String),
    Group(Vec<String>),
    Paren(Vec<Item>),
}

type Synsets = HashMap<String, Vec<String>>;

/// A verb of a block, in our trigger spelling (`call+off`), with its own default code.
#[derive(Debug, Clone)]
struct Verb {
    trigger: String,
    code: Option<String>,
    line: usize,
}

#[derive(Debug, Default)]
struct Block {
    code: Option<String>,
    line: usize,
    verbs: Vec<Verb>,
    /// (translated pattern, code, source line)
    patterns: Vec<(Pat, String, usize)>,
}

/// Translates a PETRARCH verb dictionary into `[CODE]` sections of our patterns.
pub fn translate_verbs(file: &Path, text: &str) -> Translation {
    let mut out = Translation::default();
    let synsets = collect_synsets(text);
    let mut blocks: Vec<Block> = Vec::new();
    let mut in_synset = false;
    for (n, line) in content_lines(text) {
        let skip = |out: &mut Translation, reason: String| {
            out.skipped.push(Skipped {
                file: file.to_path_buf(),
                line: n,
                reason,
            })
        };
        let err = |msg: String| bad(file, n, msg);
        if line.is_empty() {
            // Blank and comment lines do not end a synonym set.
            continue;
        }
        if line.starts_with('&') {
            in_synset = true;
            continue;
        }
        if in_synset && line.starts_with('+') {
            continue;
        }
        in_synset = false;
        if let Some(rest) = line.strip_prefix("---") {
            let inner = rest.trim().trim_end_matches('-').trim();
            let code = inner
                .find('[')
                .and_then(|a| inner[a + 1..].find(']').map(|b| &inner[a + 1..a + 1 + b]));
            let Some(code) = code else {
                out.errors
                    .push(err(format!("verb block header without [CODE]: {line:?}")));
                blocks.push(Block::default());
                continue;
            };
            let code = code.trim();
            blocks.push(Block {
                code: (code != "---").then(|| code.to_string()),
                line: n,
                ..Block::default()
            });
            continue;
        }
        let Some(block) = blocks.last_mut() else {
            out.errors
                .push(err(format!("line before any verb block: {line:?}")));
            continue;
        };
        if line.starts_with('~') {
            skip(
                &mut out,
                "noun-verb transformation (`~ ... = ...`) has no counterpart".to_string(),
            );
            continue;
        }
        if let Some(body) = line.strip_prefix('-') {
            let Some(open) = body.rfind('[') else {
                out.errors
                    .push(err(format!("pattern without [CODE]: {line:?}")));
                continue;
            };
            let code = body[open + 1..].trim_end().trim_end_matches(']').trim();
            match pattern(&body[..open], &synsets) {
                Ok(p) => block.patterns.push((p, code.to_string(), n)),
                Err(reason) => skip(&mut out, reason),
            }
            continue;
        }
        // A verb line: VERB {forms} [CODE]
        let (word, code) = match line.find('[') {
            Some(a) => (
                line[..a].trim(),
                Some(line[a + 1..].trim_end_matches(']').trim().to_string()),
            ),
            None => (line, None),
        };
        let word = match word.find('{') {
            Some(b) => word[..b].trim(),
            None => word,
        };
        if word.is_empty() {
            out.errors
                .push(err(format!("cannot read verb line {line:?}")));
            continue;
        }
        let word = word.split_whitespace().collect::<Vec<_>>().join("_");
        match trigger(&word) {
            Some(t) => block.verbs.push(Verb {
                trigger: t,
                code: code.filter(|c| c != "---"),
                line: n,
            }),
            None => skip(
                &mut out,
                format!("multi-word verb {word:?}: only verb + particle is expressible"),
            ),
        }
    }
    let mut conv = Converted::new(file, Target::Verbs);
    for b in &blocks {
        if b.verbs.is_empty() {
            continue;
        }
        let all: Vec<&str> = b.verbs.iter().map(|v| v.trigger.as_str()).collect();
        let all = all.join("|");
        // Default codes: the block's for all verbs without their own, and each own one.
        let mut defaults: Vec<(String, String, usize)> = Vec::new();
        let plain: Vec<&str> = b
            .verbs
            .iter()
            .filter(|v| v.code.is_none())
            .map(|v| v.trigger.as_str())
            .collect();
        if let (Some(c), false) = (&b.code, plain.is_empty()) {
            defaults.push((plain.join("|"), c.clone(), b.line));
        }
        for v in b.verbs.iter().filter(|v| v.code.is_some()) {
            defaults.push((
                v.trigger.clone(),
                v.code.clone().unwrap_or_default(),
                v.line,
            ));
        }
        for (triggers, code, line) in defaults {
            for body in [
                format!("{triggers} $T"),
                format!("{triggers} {ANY_PREP} $T"),
            ] {
                emit(&mut conv, &mut out, file, &body, &code, false, line);
            }
        }
        // A pattern written twice in a block with different codes ("- * &TREATY [031]"
        // then "- * &TREATY [057]"): as in PETRARCH, the later entry replaces the
        // earlier one. Patterns that only our translation made equal
        // ("{FREE-TRADE &TREATY}" lost its modifier) give way to an exact one.
        let texts: Vec<String> = b.patterns.iter().map(|(p, ..)| p.line(&all)).collect();
        let rank = |i: usize| (!b.patterns[i].0.lossy, i);
        for (i, (p, code, line)) in b.patterns.iter().enumerate() {
            let winner = (0..texts.len())
                .filter(|&j| texts[j] == texts[i])
                .max_by_key(|&j| rank(j))
                .unwrap_or(i);
            if winner != i {
                out.skipped.push(Skipped {
                    file: file.to_path_buf(),
                    line: *line,
                    reason: format!(
                        "the same pattern as line {} after translation, which takes precedence",
                        b.patterns[winner].2
                    ),
                });
                continue;
            }
            emit(
                &mut conv,
                &mut out,
                file,
                &texts[i],
                code,
                p.symmetric,
                *line,
            );
        }
    }
    out.files.push(conv);
    out
}

/// Writes one pattern under its code, unless the code is not CAMEO.
fn emit(
    conv: &mut Converted,
    out: &mut Translation,
    file: &Path,
    body: &str,
    code: &str,
    symmetric: bool,
    line: usize,
) {
    let (fwd, back) = match code.split_once(':') {
        Some((a, b)) => (a.trim(), Some(b.trim())),
        None => (code, None),
    };
    // `[A:B]`: B is coded from the target back to the source ("A visits B": B hosts A):
    // our `; reverse B` flag, or for `[:B]` a pattern with source and target swapped.
    let back = back.filter(|b| !b.is_empty() && *b != fwd && *b != "---");
    let mut reverse_flag = String::new();
    if let (Some(b), false) = (back, fwd.is_empty()) {
        if is_cameo(b) {
            reverse_flag = format!(" ; reverse {b}");
        } else {
            out.skipped.push(Skipped {
                file: file.to_path_buf(),
                line,
                reason: format!("the reverse code [{b}] is not a CAMEO code"),
            });
        }
    }
    if let (Some(b), true) = (back, fwd.is_empty()) {
        match reversed(body) {
            Some(rb) => emit(conv, out, file, &rb, b, false, line),
            None => out.skipped.push(Skipped {
                file: file.to_path_buf(),
                line,
                reason: format!("the reverse code of [{code}] needs a pattern without `$`"),
            }),
        }
    }
    if fwd.is_empty() {
        return;
    }
    let symmetric = symmetric || back == Some(fwd);
    if fwd != "---" && !is_cameo(fwd) {
        out.skipped.push(Skipped {
            file: file.to_path_buf(),
            line,
            reason: format!("[{fwd}] is not a CAMEO code"),
        });
        return;
    }
    let flag = if symmetric { " ; symmetric" } else { "" };
    let flag = format!("{flag}{reverse_flag}");
    let header = format!("[{fwd}]");
    let text = format!("{body}{flag}");
    // Our own compiler has the last word: what it refuses is reported, not emitted.
    let probe = format!("{header}\n{text}\n");
    if let Err(e) = VerbDict::from_sources([(file, probe.as_str())]) {
        let msg = e.0.first().map(|e| e.kind.to_string()).unwrap_or_default();
        out.skipped.push(Skipped {
            file: file.to_path_buf(),
            line,
            reason: format!("our pattern language: {msg} (in {text:?})"),
        });
        return;
    }
    conv.push(&header, line);
    conv.push(&text, line);
    out.patterns += 1;
}

/// A code our patterns can carry: listed in CAMEO or below a listed code (`066`), or an
/// extension code of the dictionary's own ontology (`903`, `174K`).
fn is_cameo(code: &str) -> bool {
    code.parse::<EventCode>()
        .ok()
        .is_some_and(|c| entente_cameo::nearest(&c).is_some() || !c.is_cameo_form())
}

/// The pattern for the reverse direction: the subject becomes the target and the target
/// the source (`send aid to $T` → `$T send aid to $S`). `None` when the pattern already
/// places its source or its subject.
fn reversed(body: &str) -> Option<String> {
    if body.contains("$S") || body.starts_with("$T ") || body.matches("$T").count() != 1 {
        return None;
    }
    let body = body.strip_suffix(" ; symmetric").unwrap_or(body);
    Some(format!("$T {}", body.replace("$T", "$S")))
}

/// The first pass: every `&NAME` set and its `+MEMBER` lines.
fn collect_synsets(text: &str) -> Synsets {
    let mut sets = Synsets::new();
    let mut current: Option<String> = None;
    let mut xml = false;
    for raw in text.lines() {
        if in_xml_comment(raw, &mut xml) {
            continue;
        }
        let line = content(raw);
        if let Some(name) = line.strip_prefix('&') {
            let name = name.trim().trim_end_matches('_').to_uppercase();
            sets.entry(name.clone()).or_default();
            current = Some(name);
        } else if let (Some(m), Some(c)) = (line.strip_prefix('+'), &current) {
            sets.entry(c.clone())
                .or_default()
                .push(m.trim().to_string());
        } else if !line.is_empty() {
            current = None;
        }
    }
    sets
}

/// A verb form in our trigger spelling: `ACCELERATE` → `accelerate`, `+CALL_OFF` →
/// `call+off`; `None` for other multi-word verbs.
fn trigger(word: &str) -> Option<String> {
    let w = word
        .trim_start_matches('+')
        .trim_end_matches('_')
        .to_lowercase();
    let parts: Vec<&str> = w.split('_').filter(|p| !p.is_empty()).collect();
    match parts[..] {
        [v] if !v.contains('+') => Some(v.to_string()),
        [v, p] if PARTICLES.contains(&p) && !word.contains("_+") => Some(format!("{v}+{p}")),
        _ => None,
    }
}

/// Splits a pattern body into items.
fn items(s: &str) -> Result<Vec<Item>, String> {
    let mut stack: Vec<Vec<Item>> = vec![Vec::new()];
    let mut chars = s.chars().peekable();
    let mut word = String::new();
    fn flush(word: &mut String, into: &mut Vec<Item>) {
        for part in word.split('_').filter(|p| !p.is_empty()) {
            into.push(match part {
                "*" => Item::Verb,
                "$" => Item::Source,
                "+" => Item::Target,
                "%" => Item::Compound,
                w => Item::Word(w.to_string()),
            });
        }
        word.clear();
    }
    while let Some(c) = chars.next() {
        let top = stack.last_mut().expect("never empty");
        match c {
            '(' => {
                flush(&mut word, top);
                stack.push(Vec::new());
            }
            ')' => {
                flush(&mut word, top);
                let inner = stack.pop().expect("pushed");
                let Some(outer) = stack.last_mut() else {
                    return Err("unbalanced `)`".to_string());
                };
                outer.push(Item::Paren(inner));
                if stack.is_empty() {
                    return Err("unbalanced `)`".to_string());
                }
            }
            '{' => {
                flush(&mut word, top);
                let mut g = String::new();
                for c in chars.by_ref() {
                    if c == '}' {
                        break;
                    }
                    g.push(c);
                }
                let words: Vec<String> = g
                    .split(|c: char| c.is_whitespace() || c == '_')
                    .filter(|w| !w.is_empty())
                    .map(str::to_string)
                    .collect();
                top.push(Item::Group(words));
            }
            '*' | '$' | '+' | '%' => {
                flush(&mut word, top);
                word.push(c);
                flush(&mut word, top);
            }
            c if c.is_whitespace() => flush(&mut word, top),
            c => word.push(c),
        }
    }
    let top = stack.last_mut().expect("never empty");
    flush(&mut word, top);
    if stack.len() != 1 {
        return Err("unbalanced `(`".to_string());
    }
    Ok(stack.pop().unwrap_or_default())
}

/// The members of a word: itself, or a synset's members (recursively).
fn members(w: &str, sets: &Synsets, depth: usize) -> Result<Vec<String>, String> {
    match w.strip_prefix('&') {
        Some(name) if depth < 8 => {
            let name = name.trim_end_matches('_').to_uppercase();
            let list = sets
                .get(&name)
                .ok_or_else(|| format!("unknown synset &{name}"))?;
            let mut out = Vec::new();
            for m in list {
                out.extend(members(m, sets, depth + 1)?);
            }
            Ok(out)
        }
        Some(_) => Err("synsets nested too deeply".to_string()),
        None => Ok(vec![w.to_string()]),
    }
}

/// Noun alternatives for the head of a noun phrase (its last word), with crude singulars
/// since our patterns name lemmas.
fn head(words: &[String], sets: &Synsets) -> Result<(String, bool), String> {
    let last = words.last().ok_or("empty noun phrase")?;
    let mut alts: Vec<String> = Vec::new();
    let mut bad = None;
    for m in members_of(last, sets)? {
        let Some(w) = m
            .split(|c: char| c.is_whitespace() || c == '_')
            .rfind(|w| !w.is_empty())
        else {
            continue;
        };
        if w.starts_with('&') {
            for x in members(w, sets, 0)? {
                alts.push(x.to_lowercase());
            }
            continue;
        }
        let w = w.to_lowercase();
        if !w
            .chars()
            .all(|c| c.is_alphanumeric() || c == '-' || c == '\'' || c == '.')
        {
            // One odd member of a synset does not spoil the others.
            bad = Some(w);
            continue;
        }
        if let Some(s) = w.strip_suffix("ies") {
            alts.push(format!("{s}y"));
        }
        if let Some(s) = w.strip_suffix("es") {
            alts.push(s.to_string());
        }
        if let Some(s) = w.strip_suffix('s').filter(|s| !s.ends_with('s')) {
            alts.push(s.to_string());
        }
        alts.push(w);
    }
    let mut seen = std::collections::HashSet::new();
    alts.retain(|a| !a.is_empty() && seen.insert(a.clone()));
    // A two-word noun with a plain first word ("{LETTER &WEAPON}", "DIPLOMATIC TIES")
    // needs that modifier: our closed form ("letterbomb") matches "letter bomb",
    // "letter-bomb" and "diplomatic ties".
    // Other modifiers are dropped: the pattern is then lossy, less specific than written.
    let mut lossy = words.len() > 1;
    if let [modifier, _] = words {
        let m = modifier.to_lowercase();
        if !m.is_empty() && m.chars().all(char::is_alphanumeric) {
            for a in &mut alts {
                *a = format!("{m}{a}");
            }
            lossy = false;
        }
    }
    if alts.is_empty() {
        return Err(match bad {
            Some(w) => format!("cannot use {w:?} as a noun"),
            None => "empty noun phrase".to_string(),
        });
    }
    Ok((alts.join("|"), lossy))
}

fn members_of(w: &str, sets: &Synsets) -> Result<Vec<String>, String> {
    members(w, sets, 0)
}

/// The preposition(s) a word stands for, if it is one (or a synset of them).
fn as_prep(w: &str, sets: &Synsets) -> Option<String> {
    let list = members_of(w, sets).ok()?;
    let lower: Vec<String> = list.iter().map(|m| m.trim().to_lowercase()).collect();
    (!lower.is_empty() && lower.iter().all(|m| PREPOSITIONS.contains(&m.as_str())))
        .then(|| lower.join("|"))
}

/// Translates a pattern body (between `-` and `[CODE]`) into the part of our pattern after
/// the trigger, plus the symmetric flag.
fn pattern(body: &str, sets: &Synsets) -> Result<Pat, String> {
    let all = items(body).map_err(|e| format!("cannot read pattern: {e}"))?;
    let star = all
        .iter()
        .position(|i| *i == Item::Verb)
        .ok_or("pattern without `*`")?;
    let (pre, post) = (&all[..star], &all[star + 1..]);
    let mut subject_target = false;
    // `% *`: a compound subject ("A and B agreed"), coded between its members.
    let mut compound_subject = false;
    let mut before: Vec<String> = Vec::new();
    match pre {
        [] | [Item::Source] => {}
        [Item::Target] => subject_target = true,
        [Item::Compound] => compound_subject = true,
        // `SAID WOULD *`, `SAID $ *`: words that come before the verb.
        _ => {
            for item in pre {
                match item {
                    Item::Source => {}
                    Item::Word(w) => before.extend(before_words(w, sets)?),
                    Item::Group(g) => {
                        for w in g {
                            before.extend(before_words(w, sets)?);
                        }
                    }
                    _ => {
                        return Err(
                            "a target or phrase before the verb is not expressible".to_string()
                        )
                    }
                }
            }
        }
    }
    let mut parts: Vec<String> = Vec::new();
    let mut np: Vec<String> = Vec::new();
    let (mut targets, mut sources, mut compound) = (usize::from(subject_target), 0, 0);
    let mut first = true;
    let mut open_prep = false;
    let mut direct = 0;
    let lossy = std::cell::Cell::new(false);
    let flush_np = |np: &mut Vec<String>, parts: &mut Vec<String>, open: &mut bool| {
        if np.is_empty() {
            return Ok::<(), String>(());
        }
        let (noun, dropped) = head(np, sets)?;
        lossy.set(lossy.get() || dropped);
        parts.push(noun);
        np.clear();
        *open = false;
        Ok(())
    };
    for (k, item) in post.iter().enumerate() {
        match item {
            Item::Word(w) => {
                if let Some(p) = as_prep(w, sets).filter(|_| np.is_empty()) {
                    parts.push(p);
                    open_prep = true;
                } else if first && post.len() == 1 && PARTICLES.contains(&w.to_lowercase().as_str())
                {
                    return Ok(Pat {
                        subject_target: false,
                        particle: Some(w.to_lowercase()),
                        rest: " $T".to_string(),
                        symmetric: false,
                        before,
                        lossy: false,
                        compound_subject,
                    });
                } else {
                    if np.is_empty() && !open_prep {
                        direct += 1;
                    }
                    np.push(w.clone());
                    // A noun phrase ends before a slot, a phrase or another preposition.
                    let ends = match post.get(k + 1) {
                        Some(Item::Word(next)) => as_prep(next, sets).is_some(),
                        Some(Item::Group(_)) => false,
                        _ => true,
                    };
                    if ends {
                        flush_np(&mut np, &mut parts, &mut open_prep)?;
                    }
                }
            }
            Item::Group(g) => {
                if np.is_empty() && !open_prep {
                    direct += 1;
                }
                np.extend(g.iter().cloned());
                flush_np(&mut np, &mut parts, &mut open_prep)?;
            }
            Item::Source | Item::Target | Item::Compound => {
                flush_np(&mut np, &mut parts, &mut open_prep)?;
                if !open_prep {
                    direct += 1;
                }
                open_prep = false;
                match item {
                    Item::Source => {
                        sources += 1;
                        parts.push("$S".into());
                    }
                    Item::Target => {
                        targets += 1;
                        parts.push("$T".into());
                    }
                    _ => {
                        compound += 1;
                        parts.push("$T".into());
                    }
                }
            }
            Item::Paren(inner) => {
                flush_np(&mut np, &mut parts, &mut open_prep)?;
                let Some(Item::Word(p)) = inner.first() else {
                    return Err("a phrase `( ... )` must start with a preposition".to_string());
                };
                let prep = as_prep(p, sets)
                    .ok_or_else(|| format!("{p:?} is not one of our prepositions"))?;
                parts.push(prep);
                let mut inner_np: Vec<String> = Vec::new();
                let mut filled = false;
                for x in &inner[1..] {
                    match x {
                        Item::Word(w) => inner_np.push(w.clone()),
                        Item::Group(g) => inner_np.extend(g.iter().cloned()),
                        Item::Source | Item::Target | Item::Compound if !filled => {
                            if !inner_np.is_empty() {
                                return Err(
                                    "a noun before an actor in a phrase is not expressible"
                                        .to_string(),
                                );
                            }
                            filled = true;
                            match x {
                                Item::Source => sources += 1,
                                Item::Target => targets += 1,
                                _ => compound += 1,
                            }
                            parts.push(if *x == Item::Source { "$S" } else { "$T" }.into());
                        }
                        _ => return Err("nested phrases are not expressible".to_string()),
                    }
                }
                if !inner_np.is_empty() {
                    if filled {
                        return Err(
                            "words after an actor in a phrase are not expressible".to_string()
                        );
                    }
                    let (noun, dropped) = head(&inner_np, sets)?;
                    lossy.set(lossy.get() || dropped);
                    parts.push(noun);
                } else if !filled {
                    // An empty phrase `(TO)`: the target is what it holds.
                    if targets + compound == 0 && k + 1 == post.len() {
                        targets += 1;
                        parts.push("$T".into());
                    }
                }
                open_prep = false;
            }
            Item::Verb => return Err("more than one `*`".to_string()),
        }
        first = false;
    }
    flush_np(&mut np, &mut parts, &mut open_prep)?;
    if compound > 1 || (compound == 1 && targets > 0) {
        return Err("more than one compound or target marker".to_string());
    }
    if open_prep && targets + compound == 0 {
        targets += 1;
        parts.push("$T".into());
    }
    if targets + compound == 0 && !compound_subject {
        // PETRARCH leaves the target open: the first name in the phrases below the verb
        // (for a compound subject with none, our coder pairs the subject's members).
        parts.push(ANY_PREP.to_string());
        parts.push("$T".into());
    }
    if compound_subject && compound > 0 {
        return Err("a compound subject with another compound marker".to_string());
    }
    if sources > 1 || (subject_target && sources == 0) {
        return Err("a target subject (`+ *`) needs a `$` source after the verb".to_string());
    }
    if direct > 2 {
        return Err("more than two noun phrases right after the verb".to_string());
    }
    let mut s = String::new();
    for p in parts {
        s.push(' ');
        s.push_str(&p);
    }
    Ok(Pat {
        subject_target,
        particle: None,
        rest: s,
        symmetric: compound == 1 || compound_subject,
        before,
        lossy: lossy.get(),
        compound_subject,
    })
}

/// A word required before the verb, as our `{...}` list spells it: `IN_AND_` gives
/// `in and`, a synset its members joined by `|`.
fn before_words(w: &str, sets: &Synsets) -> Result<Vec<String>, String> {
    let alts = members_of(w, sets)?;
    if alts.len() > 1 {
        let words: Vec<String> = alts
            .iter()
            .map(|a| a.trim().trim_matches('_').to_lowercase())
            .filter(|a| !a.is_empty() && !a.contains(['_', ' ']))
            .collect();
        if words.len() != alts.len() {
            return Err(format!("synset {w} before the verb has multi-word members"));
        }
        return Ok(vec![words.join("|")]);
    }
    let parts: Vec<String> = w
        .split('_')
        .filter(|p| !p.is_empty())
        .map(str::to_lowercase)
        .collect();
    if parts.iter().any(|p| {
        !p.chars()
            .all(|c| c.is_alphanumeric() || c == '\'' || c == '-')
    }) {
        return Err(format!("{w:?} before the verb is not a word"));
    }
    Ok(parts)
}

/// A translated pattern, still without its triggers.
#[derive(Debug, Clone, PartialEq)]
struct Pat {
    /// `+ *`: the subject is the target (`$T trigger ...`).
    subject_target: bool,
    /// `* UP`: the verb needs this particle.
    particle: Option<String>,
    /// What follows the trigger (starts with a space, or empty).
    rest: String,
    /// `%`: a compound actor, coded both ways.
    symmetric: bool,
    /// Words required before the verb (`SAID WOULD *`).
    before: Vec<String>,
    /// A noun's modifiers were dropped (`{FREE-TRADE &TREATY}` became `treaty|...`).
    lossy: bool,
    /// `% *`: the subject is a compound, coded between its members (`$S and $T ...`).
    compound_subject: bool,
}

impl Pat {
    /// Our pattern line for these triggers (`a|b`).
    fn line(&self, triggers: &str) -> String {
        let t: Vec<String> = triggers
            .split('|')
            .map(|t| match &self.particle {
                Some(p) if !t.contains('+') => format!("{t}+{p}"),
                _ => t.to_string(),
            })
            .collect();
        let mut pre = String::new();
        if !self.before.is_empty() {
            pre = format!("{{{}}} ", self.before.join(" "));
        }
        if self.subject_target {
            pre.push_str("$T ");
        }
        if self.compound_subject {
            pre.push_str("$S and $T ");
        }
        format!("{pre}{}{}", t.join("|"), self.rest)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const SRC: &str = "# header comment\n&ARMS_\n+RIFLE\n+TANKS\n\n&PLACES\n+AT\n+IN\n\n--- SHIP  [---] ---\nSHIP\nSEND {SENDS SENT SENDING}\nDISPATCH [042]\n+CALL_OFF [160]\n+FOO_+BAR\n- * &ARMS (TO +)  [070] # comment\n- * {RELIEF CONVOYS}  [073]\n- $ * (WITH %) [042:042]\n- * (TO)  [043]\n- + * (FROM $) [044]\n- * BACK [045]\n- SAID * [046]\n- * &PLACES TALKS [040]\n- * HELP [:070]\n- % * [031:031]\n- * MONEY [777]\n- * CASH [009]\n- * GOLD [071]\n- * GOLD [072]\n- * DIVORCE [---]\n- SAID + * [047]\n~ a (_ b SHIP) WANT = a b 073\n";

    fn lines(t: &Translation) -> Vec<String> {
        t.files[0].text.lines().map(str::to_string).collect()
    }

    #[test]
    fn translates_blocks_and_patterns() {
        let t = translate_verbs(Path::new("v.txt"), SRC);
        assert!(t.errors.is_empty(), "{:?}", t.errors);
        let l = lines(&t);
        let all = "ship|send|dispatch|call+off";
        assert!(l.contains(&"dispatch $T".to_string()), "{l:?}");
        assert!(l.contains(&format!("dispatch {ANY_PREP} $T")));
        assert!(l.contains(&"call+off $T".to_string()));
        assert!(
            l.contains(&format!("{all} rifle|tank|tanks to $T")),
            "{l:?}"
        );
        assert!(
            l.contains(&format!("{all} reliefconvoy|reliefconvoys {ANY_PREP} $T")),
            "{l:?}"
        );
        assert!(l.contains(&format!("{all} with $T ; symmetric")), "{l:?}");
        assert!(l.contains(&format!("{all} to $T")));
        assert!(l.contains(&format!("$T {all} from $S")));
        assert!(
            l.contains(&"ship+back|send+back|dispatch+back|call+off $T".to_string()),
            "{l:?}"
        );
        assert!(
            l.contains(&format!("{all} at|in talk|talks {ANY_PREP} $T")),
            "{l:?}"
        );
        // Words before the verb become our `{...}` list; another ontology's code is
        // carried as it is.
        assert!(
            l.contains(&format!("{{said}} {all} {ANY_PREP} $T")),
            "{l:?}"
        );
        assert!(l.contains(&format!("{all} money {ANY_PREP} $T")), "{l:?}");
        // The same pattern twice: the later code wins, as in PETRARCH.
        let gold = l
            .iter()
            .position(|x| *x == format!("{all} gold {ANY_PREP} $T"))
            .expect("the gold pattern");
        assert_eq!(l[gold - 1], "[072]");
        assert!(t
            .skipped
            .iter()
            .any(|s| s.reason.contains("takes precedence")));
        // Not expressible: the multi-word verb with a word before it, a target before
        // the verb, a code of CAMEO's form that CAMEO does not have, the `~`
        // transformation.
        let reasons: Vec<&str> = t.skipped.iter().map(|s| s.reason.as_str()).collect();
        assert_eq!(t.skipped.len(), 5, "{reasons:?}");
        assert!(t
            .skipped
            .iter()
            .any(|s| s.reason.contains("a target or phrase before the verb")));
        assert!(t
            .skipped
            .iter()
            .any(|s| s.reason.contains("[009] is not a CAMEO code")));
        let (_, verbs, errors) = t.compile();
        assert!(errors.is_empty(), "{errors:?}");
        // `% *`: the compound subject's members, both ways.
        assert!(l.contains(&format!("$S and $T {all} ; symmetric")), "{l:?}");
        // `[:070]` codes the reverse direction only.
        assert!(l.contains(&format!("$T {all} help {ANY_PREP} $S")), "{l:?}");
        assert_eq!(t.patterns, 17);
        assert_eq!(l.len(), 2 * t.patterns);
        // Trigger alternatives give one compiled pattern each.
        assert_eq!(verbs.len(), 4 + 13 * 4);
        // `[---]`: a pattern that codes nothing.
        assert_eq!(verbs.null_patterns(), 4);
        let p = verbs.for_trigger("send").next().expect("a pattern");
        assert!(p.specificity() >= 2);
        // Patterns point at the PETRARCH line they came from.
        assert!(
            verbs.for_trigger("send").any(|p| p.line == 16),
            "pattern lines"
        );
    }

    #[test]
    fn unreadable_lines_are_errors_with_lines() {
        let t = translate_verbs(Path::new("v.txt"), "SHIP\n--- SHIP ---\n- * AID\n");
        let lines: Vec<usize> = t.errors.iter().map(|e| e.line).collect();
        assert_eq!(lines, vec![1, 2, 3]);
    }
}
