//! Event evaluation with the reference scorer's definitions
//! (`../shared/tools/event_score.py`): greedy one-to-one matching per document, root
//! level (actor codes on their first 3 letters, event codes on their 2-digit root) or
//! exact level (full codes, sentence gold only).

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};

use serde::Deserialize;
use serde_json::Value;

/// Errors while reading gold or system files.
#[derive(Debug, thiserror::Error)]
pub enum EvalError {
    /// A file could not be read.
    #[error("{path}: {message}")]
    Io {
        /// The file.
        path: PathBuf,
        /// What went wrong.
        message: String,
    },
    /// A line or file is not the expected JSON.
    #[error("{path}:{line}: {message}")]
    Json {
        /// The file.
        path: PathBuf,
        /// 1-based line (1 for a whole-file JSON document).
        line: usize,
        /// What went wrong.
        message: String,
    },
}

/// One gold event.
#[derive(Debug, Clone)]
pub struct GoldEvent {
    /// Normalised sentence substring ("" for sentence gold: any sentence of the record).
    pub sentence: String,
    /// Source code.
    pub source: String,
    /// Target code.
    pub target: String,
    /// Acceptable codes.
    pub codes: Vec<String>,
    /// Counts toward recall.
    pub required: bool,
    /// Either direction matches.
    pub symmetric: bool,
    /// The full code (sentence gold), for the exact level.
    pub exact_code: Option<String>,
}

/// One gold document (an article, or a sentence record).
#[derive(Debug, Clone, Default)]
pub struct GoldDoc {
    /// Its events.
    pub events: Vec<GoldEvent>,
    /// Normalised substrings of non-article lines.
    pub boilerplate: Vec<String>,
    /// The text to code: the record's text, or the article's `.txt` file.
    pub text: String,
    /// The document date, when given.
    pub date: Option<String>,
}

/// A gold set, by document id.
#[derive(Debug, Clone, Default)]
pub struct Gold {
    /// Documents in the gold's order.
    pub docs: Vec<(String, GoldDoc)>,
}

/// One system event, as the scorer sees it.
#[derive(Debug, Clone)]
pub struct SysEvent {
    /// Normalised sentence text.
    pub sentence: String,
    /// Source code (upper case).
    pub source: String,
    /// Target code (upper case).
    pub target: String,
    /// Event code.
    pub code: String,
}

/// The scores, as the reference scorer prints them.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Scores {
    /// Precision.
    pub precision: f64,
    /// Recall.
    pub recall: f64,
    /// F1.
    pub f1: f64,
    /// Required gold events matched.
    pub tp: usize,
    /// System events matching nothing.
    pub fp: usize,
    /// System events matching only optional gold.
    pub optional_hits: usize,
    /// Required gold events.
    pub gold_required: usize,
    /// False positives on boilerplate lines.
    pub boilerplate_fp: usize,
    /// System events for documents not in the gold.
    pub unknown_doc_events: usize,
}

impl Scores {
    /// The reference scorer's summary line.
    pub fn line(&self) -> String {
        format!(
            "precision={:.3} recall={:.3} f1={:.3} tp={} fp={} optional_hits={} gold_required={} boilerplate_fp={} unknown_doc_events={}",
            self.precision, self.recall, self.f1, self.tp, self.fp, self.optional_hits,
            self.gold_required, self.boilerplate_fp, self.unknown_doc_events
        )
    }
}

/// Whitespace collapsed, trimmed, lower case.
pub fn norm(s: &str) -> String {
    s.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

#[derive(Deserialize)]
struct ArticleGold {
    id: String,
    date: Option<String>,
    #[serde(default)]
    events: Vec<ArticleEvent>,
    #[serde(default)]
    boilerplate: Vec<String>,
}

#[derive(Deserialize)]
struct ArticleEvent {
    sentence: String,
    source: String,
    target: String,
    codes: Vec<String>,
    #[serde(default = "yes")]
    required: bool,
    #[serde(default)]
    symmetric: bool,
}

fn yes() -> bool {
    true
}

#[derive(Deserialize)]
struct SentenceRecord {
    id: String,
    #[serde(default)]
    date: Option<String>,
    text: String,
    #[serde(default)]
    events: Vec<SentenceEvent>,
}

#[derive(Deserialize)]
struct SentenceEvent {
    source: String,
    target: String,
    #[serde(default)]
    code: Option<String>,
    #[serde(default)]
    codes: Option<Vec<String>>,
    #[serde(default)]
    symmetric: bool,
}

fn io(path: &Path, e: impl std::fmt::Display) -> EvalError {
    EvalError::Io {
        path: path.to_path_buf(),
        message: e.to_string(),
    }
}

/// Reads gold: a folder of `<id>.json` + `<id>.txt` articles, or a JSON Lines file of
/// sentence records.
pub fn load_gold(path: &Path) -> Result<Gold, EvalError> {
    let mut gold = Gold::default();
    if path.is_dir() {
        let mut files: Vec<PathBuf> = fs::read_dir(path)
            .map_err(|e| io(path, e))?
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.extension().is_some_and(|x| x == "json"))
            .collect();
        files.sort();
        for f in files {
            let raw = fs::read_to_string(&f).map_err(|e| io(&f, e))?;
            let a: ArticleGold = serde_json::from_str(&raw).map_err(|e| EvalError::Json {
                path: f.clone(),
                line: e.line(),
                message: e.to_string(),
            })?;
            let txt = f.with_extension("txt");
            let text = fs::read(&txt)
                .map(|b| String::from_utf8_lossy(&b).into_owned())
                .unwrap_or_default();
            let events = a
                .events
                .into_iter()
                .map(|e| GoldEvent {
                    sentence: norm(&e.sentence),
                    source: e.source,
                    target: e.target,
                    codes: e.codes,
                    required: e.required,
                    symmetric: e.symmetric,
                    exact_code: None,
                })
                .collect();
            let doc = GoldDoc {
                events,
                boilerplate: a.boilerplate.iter().map(|b| norm(b)).collect(),
                text,
                date: a.date,
            };
            gold.docs.push((a.id, doc));
        }
    } else {
        let raw = fs::read_to_string(path).map_err(|e| io(path, e))?;
        for (n, line) in raw.lines().enumerate() {
            if line.trim().is_empty() {
                continue;
            }
            let r: SentenceRecord = serde_json::from_str(line).map_err(|e| EvalError::Json {
                path: path.to_path_buf(),
                line: n + 1,
                message: e.to_string(),
            })?;
            let events = r
                .events
                .into_iter()
                .map(|e| GoldEvent {
                    sentence: String::new(),
                    source: e.source,
                    target: e.target,
                    codes: e
                        .codes
                        .unwrap_or_else(|| e.code.clone().into_iter().collect()),
                    required: true,
                    symmetric: e.symmetric,
                    exact_code: e.code,
                })
                .collect();
            let doc = GoldDoc {
                events,
                boilerplate: Vec::new(),
                text: r.text,
                date: r.date,
            };
            gold.docs.push((r.id, doc));
        }
    }
    Ok(gold)
}

fn code_of(v: Option<&Value>) -> String {
    match v {
        Some(Value::String(s)) => s.to_uppercase(),
        Some(Value::Object(o)) => o
            .get("code")
            .and_then(Value::as_str)
            .unwrap_or_default()
            .to_uppercase(),
        _ => String::new(),
    }
}

/// Reads system events from JSON Lines, by document, in file order.
pub fn load_system(path: &Path) -> Result<BTreeMap<String, Vec<SysEvent>>, EvalError> {
    let raw = fs::read_to_string(path).map_err(|e| io(path, e))?;
    let mut out: BTreeMap<String, Vec<SysEvent>> = BTreeMap::new();
    for (n, line) in raw.lines().enumerate() {
        let line = line.trim();
        if line.is_empty() {
            continue;
        }
        let v: Value = serde_json::from_str(line).map_err(|e| EvalError::Json {
            path: path.to_path_buf(),
            line: n + 1,
            message: e.to_string(),
        })?;
        let doc = ["doc_id", "document", "doc"]
            .iter()
            .find_map(|k| v.get(*k).filter(|x| !x.is_null()))
            .map(|x| match x {
                Value::String(s) => s.clone(),
                other => other.to_string(),
            })
            .unwrap_or_default();
        let code = ["code", "event_code", "cameo"]
            .iter()
            .find_map(|k| v.get(*k).filter(|x| !x.is_null()))
            .map(|x| match x {
                Value::String(s) => s.clone(),
                Value::Object(o) => o
                    .get("code")
                    .and_then(Value::as_str)
                    .unwrap_or("")
                    .to_string(),
                other => other.to_string(),
            })
            .unwrap_or_default();
        let e = SysEvent {
            sentence: norm(
                v.get("sentence")
                    .or_else(|| v.get("text"))
                    .and_then(Value::as_str)
                    .unwrap_or(""),
            ),
            source: code_of(v.get("source")),
            target: code_of(v.get("target")),
            code,
        };
        if e.source.is_empty() || e.target.is_empty() || e.code.is_empty() {
            continue;
        }
        out.entry(doc).or_default().push(e);
    }
    Ok(out)
}

fn root_actor(c: &str) -> String {
    c.to_uppercase().chars().take(3).collect()
}

fn same(sys: &str, gold: &str) -> bool {
    let g = gold.to_uppercase();
    if matches!(g.as_str(), "IGO" | "NGO" | "MNC") {
        return sys.to_uppercase().starts_with(&g);
    }
    root_actor(sys) == root_actor(gold)
}

fn root_code(c: &str) -> String {
    c.chars().take(2).collect()
}

fn matches(s: &SysEvent, g: &GoldEvent, exact: bool) -> bool {
    if !g.sentence.is_empty() && !s.sentence.contains(&g.sentence) {
        return false;
    }
    if exact {
        if let Some(code) = &g.exact_code {
            return s.source == g.source.to_uppercase()
                && s.target == g.target.to_uppercase()
                && s.code == *code;
        }
    }
    if !g.codes.iter().any(|c| root_code(c) == root_code(&s.code)) {
        return false;
    }
    (same(&s.source, &g.source) && same(&s.target, &g.target))
        || (g.symmetric && same(&s.source, &g.target) && same(&s.target, &g.source))
}

/// One line of `-v` output: a false positive or a missed required event.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Miss {
    /// A system event matching nothing.
    FalsePositive {
        /// Document.
        doc: String,
        /// `SRC->TGT CODE | sentence`.
        what: String,
    },
    /// A required gold event nothing matched.
    FalseNegative {
        /// Document.
        doc: String,
        /// `SRC->TGT [codes] | sentence`.
        what: String,
    },
}

/// Scores `system` against `gold`; `misses` receives the errors for `-v`.
pub fn score(
    gold: &Gold,
    system: &BTreeMap<String, Vec<SysEvent>>,
    exact: bool,
    mut misses: Option<&mut Vec<Miss>>,
) -> Scores {
    let mut sc = Scores::default();
    let mut sys_hit = 0usize;
    for (doc, g) in &gold.docs {
        sc.gold_required += g.events.iter().filter(|e| e.required).count();
        let mut used = std::collections::BTreeSet::new();
        for s in system.get(doc).map(Vec::as_slice).unwrap_or_default() {
            let mut hit: Option<(bool, usize)> = None;
            for (i, ge) in g.events.iter().enumerate() {
                if !matches(s, ge, exact) {
                    continue;
                }
                if ge.required {
                    if used.contains(&i) && !ge.symmetric {
                        continue;
                    }
                    hit = Some((true, i));
                    break;
                }
                hit = hit.or(Some((false, i)));
            }
            match hit {
                Some((true, i)) => {
                    sys_hit += 1;
                    if used.insert(i) {
                        sc.tp += 1;
                    }
                }
                Some((false, _)) => sc.optional_hits += 1,
                None => {
                    sc.fp += 1;
                    if g.boilerplate
                        .iter()
                        .any(|b| !b.is_empty() && s.sentence.contains(b))
                    {
                        sc.boilerplate_fp += 1;
                    }
                    if let Some(m) = misses.as_deref_mut() {
                        let sent: String = s.sentence.chars().take(110).collect();
                        m.push(Miss::FalsePositive {
                            doc: doc.clone(),
                            what: format!("{}->{} {} | {sent}", s.source, s.target, s.code),
                        });
                    }
                }
            }
        }
        if let Some(m) = misses.as_deref_mut() {
            for (i, ge) in g.events.iter().enumerate() {
                if ge.required && !used.contains(&i) {
                    let sent: String = ge.sentence.chars().take(110).collect();
                    m.push(Miss::FalseNegative {
                        doc: doc.clone(),
                        what: format!("{}->{} {:?} | {sent}", ge.source, ge.target, ge.codes),
                    });
                }
            }
        }
    }
    let known: std::collections::BTreeSet<&str> =
        gold.docs.iter().map(|(d, _)| d.as_str()).collect();
    sc.unknown_doc_events = system
        .iter()
        .filter(|(d, _)| !known.contains(d.as_str()))
        .map(|(_, v)| v.len())
        .sum();
    sc.precision = if sys_hit + sc.fp > 0 {
        sys_hit as f64 / (sys_hit + sc.fp) as f64
    } else {
        0.0
    };
    sc.recall = if sc.gold_required > 0 {
        sc.tp as f64 / sc.gold_required as f64
    } else {
        0.0
    };
    sc.f1 = if sc.precision + sc.recall > 0.0 {
        2.0 * sc.precision * sc.recall / (sc.precision + sc.recall)
    } else {
        0.0
    };
    sc
}
