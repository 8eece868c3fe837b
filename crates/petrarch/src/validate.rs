//! PETRARCH validation files: an `<Environment>` naming the dictionaries and
//! `<Sentence>` records, each with its text and the expected `<EventCoding>` set.

use std::path::Path;

use crate::config::DictionarySet;

/// What a record expects.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Expected {
    /// These (source, target, code) events, as a set.
    Events(Vec<(String, String, String)>),
    /// `noevents`: nothing may be coded.
    NoEvents,
}

/// One `<Sentence>` record.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Record {
    /// `id`.
    pub id: String,
    /// `category`.
    pub category: String,
    /// `date` (yyyymmdd).
    pub date: String,
    /// `sentence="true"`: a record to code.
    pub sentence: bool,
    /// The text.
    pub text: String,
    /// What must come out.
    pub expected: Expected,
}

/// A validation file.
#[derive(Debug, Clone, Default)]
pub struct Validation {
    /// The dictionaries of `<Environment>`, relative to the file's folder.
    pub dictionaries: DictionarySet,
    /// The records, in file order.
    pub records: Vec<Record>,
}

/// Removes `<!-- ... -->` comments.
fn strip_comments(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(a) = rest.find("<!--") {
        out.push_str(&rest[..a]);
        match rest[a..].find("-->") {
            Some(b) => rest = &rest[a + b + 3..],
            None => {
                rest = "";
                break;
            }
        }
    }
    out.push_str(rest);
    out
}

/// `key="value"` pairs of a start tag's inside (spaces around `=` allowed).
fn attributes(tag: &str) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let mut rest = tag;
    while let Some(eq) = rest.find('=') {
        let key = rest[..eq]
            .split_whitespace()
            .last()
            .unwrap_or("")
            .to_string();
        let after = rest[eq + 1..].trim_start();
        let Some(q) = after.chars().next().filter(|c| *c == '"' || *c == '\'') else {
            break;
        };
        let Some(end) = after[1..].find(q) else {
            break;
        };
        out.push((key, after[1..1 + end].to_string()));
        rest = &after[end + 2..];
    }
    out
}

fn attr<'a>(attrs: &'a [(String, String)], key: &str) -> Option<&'a str> {
    attrs
        .iter()
        .find(|(k, _)| k.eq_ignore_ascii_case(key))
        .map(|(_, v)| v.as_str())
}

/// The text between `<tag>` and `</tag>`.
fn element<'a>(s: &'a str, tag: &str) -> Option<&'a str> {
    let a = s.find(&format!("<{tag}>"))? + tag.len() + 2;
    let b = s[a..].find(&format!("</{tag}>"))? + a;
    Some(&s[a..b])
}

/// Reads a validation file; dictionary names are resolved against `dir`.
pub fn parse_validation(text: &str, dir: &Path) -> Result<Validation, String> {
    let text = strip_comments(text);
    let mut v = Validation::default();
    let env = element(&text, "Environment").ok_or("no <Environment> block")?;
    for (tag, kind) in [
        ("Verbfile", "verb"),
        ("Actorfile", "actor"),
        ("Agentfile", "agent"),
        ("Discardfile", "discard"),
    ] {
        let mut rest = env;
        while let Some(name) = element(rest, tag) {
            v.dictionaries.add(kind, dir, name);
            let end = rest.find(&format!("</{tag}>")).unwrap_or(rest.len());
            rest = &rest[end + tag.len() + 3..];
        }
    }
    let mut rest = text.as_str();
    while let Some(a) = rest.find("<Sentence ") {
        let body_start = rest[a..].find('>').ok_or("unclosed <Sentence")? + a;
        let attrs = attributes(&rest[a + 10..body_start]);
        let end = rest[body_start..]
            .find("</Sentence>")
            .ok_or("a <Sentence> without </Sentence>")?
            + body_start;
        let body = &rest[body_start + 1..end];
        rest = &rest[end..];
        let id = attr(&attrs, "id").unwrap_or("").to_string();
        let sentence_text = element(body, "Text")
            .ok_or_else(|| format!("record {id}: no <Text>"))?
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ");
        let mut events = Vec::new();
        let mut none = false;
        let mut codings = body;
        while let Some(c) = codings.find("<EventCoding") {
            let close = codings[c..].find('>').ok_or("unclosed <EventCoding")? + c;
            let a = attributes(&codings[c + 12..close]);
            if attr(&a, "noevents").is_some() {
                none = true;
            } else {
                let get = |k| attr(&a, k).unwrap_or("").trim().to_string();
                events.push((get("sourcecode"), get("targetcode"), get("eventcode")));
            }
            codings = &codings[close..];
        }
        events.sort();
        events.dedup();
        v.records.push(Record {
            id,
            category: attr(&attrs, "category").unwrap_or("").to_string(),
            date: attr(&attrs, "date").unwrap_or("").to_string(),
            sentence: attr(&attrs, "sentence").is_some_and(|s| s.eq_ignore_ascii_case("true")),
            text: sentence_text,
            expected: if none && events.is_empty() {
                Expected::NoEvents
            } else {
                Expected::Events(events)
            },
        });
    }
    Ok(v)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_records() {
        let xml = r#"<Validation>
<!-- <Sentence id="HIDDEN"> -->
<Environment>
  <Verbfile>v.txt</Verbfile>
  <Actorfile>a.txt</Actorfile>
</Environment>
<Sentences>
<Sentence date="20010203" id="T-1" category="VERB" sentence="true">
<EventCoding sourcecode="AAA" targetcode="BBB" eventcode="042"></EventCoding>
<Text>
Line one
continues.
</Text>
<Parse>(ROOT)</Parse>
</Sentence>
<Sentence date="20010203" id="T-2" category="DEMO" sentence="false">
<EventCoding noevents = "True"></EventCoding>
<Text>Nothing.</Text>
</Sentence>
</Sentences></Validation>"#;
        let v = parse_validation(xml, Path::new("/d")).unwrap();
        assert_eq!(
            v.dictionaries.verbs,
            vec![Path::new("/d/v.txt").to_path_buf()]
        );
        assert_eq!(v.records.len(), 2);
        assert_eq!(v.records[0].text, "Line one continues.");
        assert_eq!(
            v.records[0].expected,
            Expected::Events(vec![("AAA".into(), "BBB".into(), "042".into())])
        );
        assert!(!v.records[1].sentence);
        assert_eq!(v.records[1].expected, Expected::NoEvents);
    }
}
