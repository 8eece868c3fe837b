//! The lemmatizer: lookup tables learned from a treebank, a short list of English
//! irregulars, and suffix rules for unseen words.
//!
//! Every training pair is turned into an edit [`Rule`] ("lowercase, strip `ed`, add
//! nothing"). A word is looked up, in order, by its exact form and tag, by its lowercased
//! form and tag, in the hand-written irregulars; punctuation, symbols and digit numerals
//! are their own lemmas; any other word takes the rule most often seen with the longest
//! suffix it shares with training words of its tag, preferring a suffix whose rule gives
//! a lemma known from training (`tasted` → `taste`, not `tast`). Tags are XPOS, or UPOS
//! when the XPOS is `_`. Tables are keyed by 64-bit hashes, so a lookup costs no string
//! building beyond lowercasing.

use rustc_hash::{FxHashMap, FxHashSet};

use crate::codec::{DecodeError, Decoder, Encoder};
use crate::hash::{feat, str_hash};
use crate::{GoldSentence, Upos};

/// Format version written at the start of an encoded lemmatizer.
const FORMAT_VERSION: u32 = 1;
/// The longest suffix (in characters) suffix rules are keyed by.
const MAX_SUFFIX: usize = 6;
/// A suffix rule is used only when seen with at least this many distinct words.
const MIN_SUFFIX_SUPPORT: u32 = 1;

const EXACT: u32 = 1;
const LOWER: u32 = 2;
const SUFFIX: u32 = 3;

/// An edit turning a form into its lemma: optionally lowercase, strip `strip` characters
/// from the end, append `add`.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
struct Rule {
    lower: bool,
    strip: u32,
    add: String,
}

impl Rule {
    /// The rule that turns `form` into `lemma`. Lemmas without capitals are derived from
    /// the lowercased form, so the rule also fits other casings of the word.
    fn learn(form: &str, lemma: &str) -> Rule {
        let lower = !lemma.chars().any(char::is_uppercase);
        let source = if lower {
            form.to_lowercase()
        } else {
            form.to_string()
        };
        let common = source
            .chars()
            .zip(lemma.chars())
            .take_while(|(a, b)| a == b)
            .count();
        let strip = (source.chars().count() - common) as u32;
        let start = lemma
            .char_indices()
            .nth(common)
            .map_or(lemma.len(), |(i, _)| i);
        Rule {
            lower,
            strip,
            add: lemma[start..].to_string(),
        }
    }

    /// The rule applied to `form`; `None` when the form is too short for it.
    fn apply(&self, form: &str) -> Option<String> {
        let mut out = if self.lower {
            form.to_lowercase()
        } else {
            form.to_string()
        };
        let strip = self.strip as usize;
        let cut = match strip {
            0 => out.len(),
            n => out.char_indices().rev().nth(n - 1)?.0,
        };
        out.truncate(cut);
        out.push_str(&self.add);
        Some(out)
    }
}

/// What part of speech an irregular form belongs to.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Kind {
    Verb,
    Noun,
    Adj,
}

/// English irregulars the training data may lack: (form, lemma, kind).
const IRREGULAR: &[(&str, &str, Kind)] = &[
    ("am", "be", Kind::Verb),
    ("is", "be", Kind::Verb),
    ("are", "be", Kind::Verb),
    ("was", "be", Kind::Verb),
    ("were", "be", Kind::Verb),
    ("been", "be", Kind::Verb),
    ("being", "be", Kind::Verb),
    ("'m", "be", Kind::Verb),
    ("'re", "be", Kind::Verb),
    ("has", "have", Kind::Verb),
    ("had", "have", Kind::Verb),
    ("having", "have", Kind::Verb),
    ("'ve", "have", Kind::Verb),
    ("does", "do", Kind::Verb),
    ("did", "do", Kind::Verb),
    ("done", "do", Kind::Verb),
    ("went", "go", Kind::Verb),
    ("gone", "go", Kind::Verb),
    ("goes", "go", Kind::Verb),
    ("said", "say", Kind::Verb),
    ("says", "say", Kind::Verb),
    ("made", "make", Kind::Verb),
    ("took", "take", Kind::Verb),
    ("taken", "take", Kind::Verb),
    ("got", "get", Kind::Verb),
    ("gotten", "get", Kind::Verb),
    ("came", "come", Kind::Verb),
    ("knew", "know", Kind::Verb),
    ("known", "know", Kind::Verb),
    ("thought", "think", Kind::Verb),
    ("saw", "see", Kind::Verb),
    ("seen", "see", Kind::Verb),
    ("gave", "give", Kind::Verb),
    ("given", "give", Kind::Verb),
    ("found", "find", Kind::Verb),
    ("told", "tell", Kind::Verb),
    ("began", "begin", Kind::Verb),
    ("begun", "begin", Kind::Verb),
    ("brought", "bring", Kind::Verb),
    ("bought", "buy", Kind::Verb),
    ("left", "leave", Kind::Verb),
    ("felt", "feel", Kind::Verb),
    ("kept", "keep", Kind::Verb),
    ("held", "hold", Kind::Verb),
    ("wrote", "write", Kind::Verb),
    ("written", "write", Kind::Verb),
    ("stood", "stand", Kind::Verb),
    ("understood", "understand", Kind::Verb),
    ("ran", "run", Kind::Verb),
    ("spoke", "speak", Kind::Verb),
    ("spoken", "speak", Kind::Verb),
    ("chose", "choose", Kind::Verb),
    ("chosen", "choose", Kind::Verb),
    ("sold", "sell", Kind::Verb),
    ("met", "meet", Kind::Verb),
    ("paid", "pay", Kind::Verb),
    ("sent", "send", Kind::Verb),
    ("built", "build", Kind::Verb),
    ("lost", "lose", Kind::Verb),
    ("fell", "fall", Kind::Verb),
    ("fallen", "fall", Kind::Verb),
    ("led", "lead", Kind::Verb),
    ("won", "win", Kind::Verb),
    ("spent", "spend", Kind::Verb),
    ("fought", "fight", Kind::Verb),
    ("caught", "catch", Kind::Verb),
    ("taught", "teach", Kind::Verb),
    ("sought", "seek", Kind::Verb),
    ("drove", "drive", Kind::Verb),
    ("driven", "drive", Kind::Verb),
    ("broke", "break", Kind::Verb),
    ("broken", "break", Kind::Verb),
    ("rose", "rise", Kind::Verb),
    ("risen", "rise", Kind::Verb),
    ("flew", "fly", Kind::Verb),
    ("flown", "fly", Kind::Verb),
    ("fled", "flee", Kind::Verb),
    ("grew", "grow", Kind::Verb),
    ("grown", "grow", Kind::Verb),
    ("threw", "throw", Kind::Verb),
    ("thrown", "throw", Kind::Verb),
    ("drew", "draw", Kind::Verb),
    ("drawn", "draw", Kind::Verb),
    ("withdrew", "withdraw", Kind::Verb),
    ("withdrawn", "withdraw", Kind::Verb),
    ("struck", "strike", Kind::Verb),
    ("shot", "shoot", Kind::Verb),
    ("sat", "sit", Kind::Verb),
    ("slept", "sleep", Kind::Verb),
    ("meant", "mean", Kind::Verb),
    ("heard", "hear", Kind::Verb),
    ("became", "become", Kind::Verb),
    ("ate", "eat", Kind::Verb),
    ("eaten", "eat", Kind::Verb),
    ("men", "man", Kind::Noun),
    ("women", "woman", Kind::Noun),
    ("children", "child", Kind::Noun),
    ("feet", "foot", Kind::Noun),
    ("teeth", "tooth", Kind::Noun),
    ("mice", "mouse", Kind::Noun),
    ("geese", "goose", Kind::Noun),
    ("lives", "life", Kind::Noun),
    ("wives", "wife", Kind::Noun),
    ("knives", "knife", Kind::Noun),
    ("halves", "half", Kind::Noun),
    ("crises", "crisis", Kind::Noun),
    ("analyses", "analysis", Kind::Noun),
    ("criteria", "criterion", Kind::Noun),
    ("phenomena", "phenomenon", Kind::Noun),
    ("better", "good", Kind::Adj),
    ("best", "good", Kind::Adj),
    ("worse", "bad", Kind::Adj),
    ("worst", "bad", Kind::Adj),
];

/// The hand-written lemma of an irregular form, if `upos` fits its kind.
fn irregular(lower: &str, upos: Upos) -> Option<&'static str> {
    let kind = match upos {
        Upos::Verb | Upos::Aux => Kind::Verb,
        Upos::Noun => Kind::Noun,
        Upos::Adj => Kind::Adj,
        _ => return None,
    };
    IRREGULAR
        .iter()
        .find(|(f, _, k)| *f == lower && *k == kind)
        .map(|(_, l, _)| *l)
}

/// The tag lemma tables are keyed by: the XPOS, or the UPOS when XPOS is missing.
fn tag_key(upos: Upos, xpos: &str) -> u64 {
    match xpos {
        "" | "_" => str_hash(upos.as_str()),
        x => str_hash(x),
    }
}

/// The last `n` characters of `s`, or `None` when it is shorter.
fn suffix(s: &str, n: usize) -> Option<&str> {
    match n {
        0 => Some(&s[s.len()..]),
        n => s.char_indices().rev().nth(n - 1).map(|(i, _)| &s[i..]),
    }
}

/// A lemmatizer trained on a treebank.
#[derive(Clone, Debug, Default)]
pub struct Lemmatizer {
    rules: Vec<Rule>,
    /// Hash of (tag, exact form or lowercased form) → rule.
    words: FxHashMap<u64, u32>,
    /// Hash of (tag, suffix) → (rule, number of distinct words supporting it).
    suffixes: FxHashMap<u64, (u32, u32)>,
    /// Hashes of every lowercased lemma seen in training.
    lemmas: FxHashSet<u64>,
}

/// Collects rule counts from training pairs.
#[derive(Default)]
struct Builder {
    rule_ids: FxHashMap<Rule, u32>,
    rules: Vec<Rule>,
    counts: RuleCounts,
    /// Distinct (tag, lowercased form) pairs in first-seen order, for the suffix rules.
    types: Vec<(u64, String)>,
    lemmas: FxHashSet<u64>,
}

impl Builder {
    fn add(&mut self, form: &str, lemma: &str, tag: u64) {
        if lemma == "_" && form != "_" {
            return;
        }
        let id = self.rule_id(Rule::learn(form, lemma));
        let lower = form.to_lowercase();
        count(&mut self.counts, feat(EXACT, &[tag, str_hash(form)]), id);
        let key = feat(LOWER, &[tag, str_hash(&lower)]);
        if !self.counts.contains_key(&key) {
            self.types.push((tag, lower));
        }
        count(&mut self.counts, key, id);
        self.lemmas.insert(str_hash(&lemma.to_lowercase()));
    }

    fn rule_id(&mut self, rule: Rule) -> u32 {
        let next = self.rules.len() as u32;
        let id = *self.rule_ids.entry(rule.clone()).or_insert(next);
        if id == next {
            self.rules.push(rule);
        }
        id
    }

    fn build(self) -> Lemmatizer {
        let words: FxHashMap<u64, u32> = self
            .counts
            .iter()
            .map(|(k, row)| (*k, best(row).0))
            .collect();
        let suffixes = suffix_rules(&self.types, &words, &self.rules);
        Lemmatizer {
            rules: self.rules,
            words,
            suffixes,
            lemmas: self.lemmas,
        }
    }
}

/// Rule counts per key, in first-seen order.
type RuleCounts = FxHashMap<u64, Vec<(u32, u32)>>;

fn count(counts: &mut RuleCounts, key: u64, rule: u32) {
    let row = counts.entry(key).or_default();
    match row.iter_mut().find(|(r, _)| *r == rule) {
        Some((_, n)) => *n += 1,
        None => row.push((rule, 1)),
    }
}

/// The most frequent rule of a row (the earliest seen on ties) and its count.
fn best(row: &[(u32, u32)]) -> (u32, u32) {
    let mut best = row[0];
    for &(r, n) in &row[1..] {
        if n > best.1 {
            best = (r, n);
        }
    }
    best
}

impl Lemmatizer {
    /// Learns lookup tables and suffix rules from gold lemmas.
    pub fn train(sentences: &[GoldSentence]) -> Lemmatizer {
        let mut b = Builder::default();
        for s in sentences {
            let n = s
                .len()
                .min(s.lemmas.len())
                .min(s.xpos.len())
                .min(s.upos.len());
            for i in 0..n {
                b.add(&s.forms[i], &s.lemmas[i], tag_key(s.upos[i], &s.xpos[i]));
            }
        }
        b.build()
    }

    /// The lemma of `form` tagged `upos`/`xpos`. Never fails: any input gets a lemma.
    pub fn lemma(&self, form: &str, upos: Upos, xpos: &str) -> String {
        let tag = tag_key(upos, xpos);
        let exact = self.words.get(&feat(EXACT, &[tag, str_hash(form)]));
        if let Some(lemma) = exact.and_then(|&r| self.apply(r, form)) {
            return lemma;
        }
        let lower = form.to_lowercase();
        let known = self.words.get(&feat(LOWER, &[tag, str_hash(&lower)]));
        if let Some(lemma) = known.and_then(|&r| self.apply(r, form)) {
            return lemma;
        }
        // A form both past tense and past participle has one lemma: "freed" known or
        // ruled as a past tense is "free" as a participle too.
        let twin = match xpos {
            "VBD" => Some(tag_key(upos, "VBN")),
            "VBN" => Some(tag_key(upos, "VBD")),
            _ => None,
        };
        if let Some(twin) = twin {
            let known = self.words.get(&feat(LOWER, &[twin, str_hash(&lower)]));
            if let Some(lemma) = known.and_then(|&r| self.apply(r, form)) {
                return lemma;
            }
        }
        if let Some(lemma) = irregular(&lower, upos) {
            return lemma.to_string();
        }
        if let Some(lemma) = symbolic(form, upos) {
            return lemma;
        }
        let own = self.by_suffix(form, &lower, tag);
        let lemma = match (own, twin) {
            (Some((lemma, true)), _) => Some(lemma),
            // The twin tag's rules win when they give a known lemma, or when the tag's
            // own rules give nothing.
            (own, Some(twin)) => match (own, self.by_suffix(form, &lower, twin)) {
                (_, Some((lemma, true))) => Some(lemma),
                (Some((lemma, _)), _) | (None, Some((lemma, _))) => Some(lemma),
                (None, None) => None,
            },
            (own, None) => own.map(|(lemma, _)| lemma),
        };
        lemma.unwrap_or_else(|| match upos {
            Upos::Propn => form.to_string(),
            _ => lower,
        })
    }

    /// The lemma from the suffix rules known under `tag`: the longest suffix whose rule
    /// gives a lemma seen in training (with `true`), else the longest suffix with a rule
    /// that applies (with `false`).
    fn by_suffix(&self, form: &str, lower: &str, tag: u64) -> Option<(String, bool)> {
        let mut fallback = None;
        for n in (0..=MAX_SUFFIX).rev() {
            let Some(s) = suffix(lower, n) else { continue };
            let rule = match self.suffixes.get(&feat(SUFFIX, &[tag, str_hash(s)])) {
                Some(&(rule, support)) if support >= MIN_SUFFIX_SUPPORT => rule,
                _ => continue,
            };
            let Some(lemma) = self.apply(rule, form) else {
                continue;
            };
            if self.lemmas.contains(&str_hash(&lemma.to_lowercase())) {
                return Some((lemma, true));
            }
            fallback.get_or_insert((lemma, false));
        }
        fallback
    }

    fn apply(&self, rule: u32, form: &str) -> Option<String> {
        self.rules.get(rule as usize)?.apply(form)
    }

    /// Writes the lemmatizer, keys in sorted order.
    pub fn encode(&self, enc: &mut Encoder) {
        enc.u32(FORMAT_VERSION);
        enc.u32(self.rules.len() as u32);
        for r in &self.rules {
            enc.u8(r.lower as u8);
            enc.u32(r.strip);
            enc.str(&r.add);
        }
        let mut words: Vec<(u64, u32)> = self.words.iter().map(|(k, v)| (*k, *v)).collect();
        words.sort_unstable();
        enc.u32(words.len() as u32);
        for (k, r) in words {
            enc.u64(k);
            enc.u32(r);
        }
        let mut suffixes: Vec<(u64, (u32, u32))> =
            self.suffixes.iter().map(|(k, v)| (*k, *v)).collect();
        suffixes.sort_unstable();
        enc.u32(suffixes.len() as u32);
        for (k, (r, n)) in suffixes {
            enc.u64(k);
            enc.u32(r);
            enc.u32(n);
        }
        let mut lemmas: Vec<u64> = self.lemmas.iter().copied().collect();
        lemmas.sort_unstable();
        enc.u32(lemmas.len() as u32);
        lemmas.into_iter().for_each(|h| enc.u64(h));
    }

    /// Reads a lemmatizer written by [`Lemmatizer::encode`].
    pub fn decode(dec: &mut Decoder) -> Result<Lemmatizer, DecodeError> {
        if dec.u32()? != FORMAT_VERSION {
            return Err(dec.invalid("unsupported lemmatizer format version"));
        }
        let mut lem = Lemmatizer::default();
        for _ in 0..dec.u32()? {
            let lower = dec.u8()? != 0;
            let strip = dec.u32()?;
            lem.rules.push(Rule {
                lower,
                strip,
                add: dec.str()?.to_string(),
            });
        }
        let n_rules = lem.rules.len() as u32;
        for _ in 0..dec.u32()? {
            let key = dec.u64()?;
            lem.words.insert(key, rule_id(dec, n_rules)?);
        }
        for _ in 0..dec.u32()? {
            let key = dec.u64()?;
            let rule = rule_id(dec, n_rules)?;
            lem.suffixes.insert(key, (rule, dec.u32()?));
        }
        for _ in 0..dec.u32()? {
            lem.lemmas.insert(dec.u64()?);
        }
        Ok(lem)
    }
}

fn rule_id(dec: &mut Decoder, n_rules: u32) -> Result<u32, DecodeError> {
    let id = dec.u32()?;
    if id >= n_rules {
        return Err(dec.invalid("lemma rule index out of range"));
    }
    Ok(id)
}

/// Punctuation and symbols are their own lemmas; so are numerals in digits, less the
/// commas that group their digits (`1,250` → `1250`).
fn symbolic(form: &str, upos: Upos) -> Option<String> {
    match upos {
        Upos::Punct | Upos::Sym => Some(form.to_string()),
        Upos::Num if form.chars().any(|c| c.is_ascii_digit()) => {
            let numeric = form
                .chars()
                .all(|c| c.is_ascii_digit() || c == ',' || c == '.');
            Some(if numeric {
                form.replace(',', "")
            } else {
                form.to_string()
            })
        }
        _ => None,
    }
}

/// Suffix rules from word types: each distinct (tag, lowercased form) votes once for its
/// most frequent rule under every suffix long enough to contain the stripped part.
fn suffix_rules(
    types: &[(u64, String)],
    words: &FxHashMap<u64, u32>,
    rules: &[Rule],
) -> FxHashMap<u64, (u32, u32)> {
    let mut counts = RuleCounts::default();
    let mut keys = Vec::new();
    for (tag, lower) in types {
        let Some(&id) = words.get(&feat(LOWER, &[*tag, str_hash(lower)])) else {
            continue;
        };
        let strip = rules[id as usize].strip as usize;
        for n in strip..=MAX_SUFFIX {
            let Some(s) = suffix(lower, n) else { break };
            let key = feat(SUFFIX, &[*tag, str_hash(s)]);
            if !counts.contains_key(&key) {
                keys.push(key);
            }
            count(&mut counts, key, id);
        }
    }
    keys.iter().map(|k| (*k, best(&counts[k]))).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rules_learn_and_apply() {
        let cases = [
            ("walked", "walk"),
            ("Dogs", "dog"),
            ("Americans", "American"),
            ("went", "go"),
            ("me", "I"),
            ("naïvest", "naïve"),
        ];
        for (form, lemma) in cases {
            let rule = Rule::learn(form, lemma);
            assert_eq!(rule.apply(form).as_deref(), Some(lemma), "{form}");
        }
        assert_eq!(
            Rule::learn("walked", "walk").apply("jumped").as_deref(),
            Some("jump")
        );
        assert_eq!(Rule::learn("walked", "walk").apply("d"), None);
    }

    #[test]
    fn suffixes_count_characters() {
        assert_eq!(suffix("café", 2), Some("fé"));
        assert_eq!(suffix("café", 0), Some(""));
        assert_eq!(suffix("ab", 3), None);
    }
}
