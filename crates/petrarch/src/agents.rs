//! PETRARCH agent dictionaries.
//!
//! ```text
//! !PERSON! = MAN, MEN, WOMAN, WOMEN     a substitution set
//! SOLDIER [~MIL]                       a noun; the regular plural is added
//! THIEF {THIEVES} [~CRM]               irregular plurals given in braces
//! POLICE {} [~COP]                     no plural
//! CATTLE!PERSON! [~AGR]                every member of the set substituted
//! MSF {} [NGO~]                        a code written as a prefix
//! ```

use std::path::Path;

use entente_actors::is_code;
use rustc_hash_free::Map;

use crate::words::{bad, content_lines, noun_phrase, plural};
use crate::{Converted, Skipped, Target, Translation};

mod rustc_hash_free {
    /// An insertion-ordered map (few keys; linear search is enough).
    #[derive(Default)]
    pub struct Map<V>(pub Vec<(String, V)>);

    impl<V: Default> Map<V> {
        pub fn entry(&mut self, k: &str) -> &mut V {
            let i = match self.0.iter().position(|(key, _)| key == k) {
                Some(i) => i,
                None => {
                    self.0.push((k.to_string(), V::default()));
                    self.0.len() - 1
                }
            };
            &mut self.0[i].1
        }
    }
}

/// Translates a PETRARCH agent dictionary into `[agent CODE]` entries with `noun:` lines.
pub fn translate_agents(file: &Path, text: &str) -> Translation {
    let mut out = Translation::default();
    let mut sets: Map<Vec<String>> = Map::default();
    // Per agent code: (noun phrase, source line).
    let mut agents: Map<Vec<(String, usize)>> = Map::default();
    for (n, line) in content_lines(text) {
        if line.is_empty() {
            continue;
        }
        let err = |msg: String| bad(file, n, msg);
        if line.starts_with('!') {
            if let Some((name, members)) = line.split_once('=') {
                let list = members
                    .split(',')
                    .map(|m| m.trim().to_string())
                    .filter(|m| !m.is_empty())
                    .collect();
                *sets.entry(name.trim()) = list;
                continue;
            }
        }
        let Some(open) = line.find('[') else {
            out.errors
                .push(err(format!("agent without a [~CODE]: {line:?}")));
            continue;
        };
        let Some(close) = line[open..].find(']').map(|c| c + open) else {
            out.errors
                .push(err(format!("unclosed code bracket in {line:?}")));
            continue;
        };
        let code_raw: String = line[open + 1..close].split_whitespace().collect();
        let code = match (code_raw.strip_prefix('~'), code_raw.strip_suffix('~')) {
            (Some(c), _) => c.to_string(),
            (None, Some(c)) => {
                out.skipped.push(Skipped {
                    file: file.to_path_buf(),
                    line: n,
                    reason: format!(
                        "prefix agent [{code_raw}]: our agents are always appended; kept as suffix {c}"
                    ),
                });
                c.to_string()
            }
            _ => {
                out.errors.push(err(format!(
                    "agent code must start or end with `~`: [{code_raw}]"
                )));
                continue;
            }
        };
        if !is_code(&code) {
            out.errors.push(err(format!("bad agent code {code:?}")));
            continue;
        }
        let before = line[..open].trim();
        let (word, plurals) = match before.find('{') {
            Some(b) => {
                let inner = before[b + 1..].trim_end_matches('}').trim();
                (before[..b].trim(), Some(inner))
            }
            None => (before, None),
        };
        if word.is_empty() {
            out.errors.push(err("agent without a noun".to_string()));
            continue;
        }
        let forms = expand(word, &sets);
        let list = agents.entry(&code);
        let substituted = word.contains('!');
        for f in &forms {
            let p = noun_phrase(f);
            if p.is_empty() {
                continue;
            }
            if plurals.is_none() && !substituted {
                list.push((plural(&p), n));
            }
            list.push((p, n));
        }
        for pl in plurals.unwrap_or("").split_whitespace() {
            for f in expand(pl, &sets) {
                list.push((noun_phrase(&f), n));
            }
        }
    }
    let mut conv = Converted::new(file, Target::Actors);
    for (code, nouns) in &agents.0 {
        let first = nouns.first().map(|(_, n)| *n).unwrap_or(0);
        let label = nouns.first().map(|(p, _)| p.as_str()).unwrap_or(code);
        conv.push(&format!("[agent {code}] {label}"), first);
        for (p, n) in nouns {
            conv.push(&format!("noun: {p}"), *n);
        }
        conv.push("", 0);
    }
    out.files.push(conv);
    out
}

/// Substitutes `!SET!` markers by each member of the set.
fn expand(word: &str, sets: &Map<Vec<String>>) -> Vec<String> {
    let Some(a) = word.find('!') else {
        return vec![word.to_string()];
    };
    let Some(b) = word[a + 1..].find('!').map(|b| b + a + 1) else {
        return vec![word.to_string()];
    };
    let name = &word[a..=b];
    let Some((_, members)) = sets.0.iter().find(|(k, _)| k == name) else {
        return vec![word.to_string()];
    };
    members
        .iter()
        .flat_map(|m| expand(&format!("{}{m}{}", &word[..a], &word[b + 1..]), sets))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn translates_agents() {
        let src = "!PERSON! = MAN, MEN\nSOLDIER [~MIL]\nPOLICE {} [~COP]\nTHIEF {THIEVES} [~CRM]\nCATTLE!PERSON! [~AGR]\nRELIEF_GROUP {} [NGO~]\nBORDER_GUARD  [~MIL] # comment\n";
        let t = translate_agents(Path::new("ag.txt"), src);
        assert!(t.errors.is_empty(), "{:?}", t.errors);
        let text = &t.files[0].text;
        assert!(text.contains("[agent MIL] soldiers\nnoun: soldiers\nnoun: soldier\nnoun: border guards\nnoun: border guard\n"), "{text}");
        assert!(text.contains("[agent COP] police\nnoun: police\n\n"));
        assert!(text.contains("noun: thief\nnoun: thieves\n"));
        assert!(text.contains("noun: cattleman\nnoun: cattlemen\n"));
        assert!(text.contains("[agent NGO]"));
        assert_eq!(t.skipped.len(), 1);
        let (dict, _, errors) = t.compile();
        assert!(errors.is_empty(), "{errors:?}");
        assert_eq!(dict.find(&["thieves"])[0].entry.code, "CRM");
    }

    #[test]
    fn bad_agent_lines_are_errors() {
        let t = translate_agents(Path::new("ag.txt"), "SOLDIER\nTROOPS [MIL]\n");
        assert_eq!(t.errors.len(), 2);
        assert_eq!(t.errors[1].line, 2);
    }
}
