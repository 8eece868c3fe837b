//! Dictionary snippets written for these tests: every construct of the format, and
//! errors that name file and line.

use std::path::Path;

use chrono::NaiveDate;
use entente_actors::{Actor, DictErrorKind, Dictionary, Kind, Sense};

const SNIPPET: &str = "\
# A small dictionary in the documented format.
[country RUS] Russia
name: Russia; Russian Federation
adj: Russian; Russians
capital: Moscow
seat: the Kremlin
media: TASS

[country USA] United States   # comments after a header
name: United States; US; U.S.

[region WST] the West
name: the West
adj: Western

[igo IGOUNO] United Nations
name: United Nations; UN
agency: World Health Organization = IGOUNOHLHWHO

[group PSEREBHMS] Hamas
name: Hamas

[person] Vladimir Putin
name: Vladimir Putin; Putin
role: RUSGOV 2000-05-07..2008-05-07
role: RUSGOV 2012-05-07..

[agent MIL] military
adj: military
noun: troops; armed forces
";

fn dict() -> Dictionary {
    Dictionary::from_sources([(Path::new("snippet.txt"), SNIPPET)]).expect("snippet loads")
}

fn codes(d: &Dictionary, text: &str) -> Vec<(String, Sense)> {
    let tokens: Vec<&str> = text.split_whitespace().collect();
    d.find(&tokens)
        .into_iter()
        .map(|m| {
            let code = if m.entry.code.is_empty() {
                m.entry.label.clone()
            } else {
                m.entry.code.clone()
            };
            (code, m.sense.clone())
        })
        .collect()
}

#[test]
fn every_kind_and_field_loads() {
    let d = dict();
    let kinds: Vec<Kind> = d.entries().iter().map(|e| e.kind).collect();
    assert_eq!(
        kinds,
        [
            Kind::Country,
            Kind::Country,
            Kind::Region,
            Kind::Igo,
            Kind::Group,
            Kind::Person,
            Kind::Agent
        ]
    );
    assert_eq!(
        codes(&d, "the Kremlin said"),
        [("RUS".to_string(), Sense::Seat)]
    );
    assert_eq!(
        codes(&d, "TASS reported"),
        [("RUS".to_string(), Sense::Media)]
    );
    assert_eq!(
        codes(&d, "World Health Organization"),
        [("IGOUNO".to_string(), Sense::Agency("IGOUNOHLHWHO".into()))]
    );
    assert_eq!(
        codes(&d, "Russian armed forces"),
        [
            ("RUS".to_string(), Sense::Adjective),
            ("MIL".to_string(), Sense::AgentNoun)
        ]
    );
}

#[test]
fn case_rules_and_the_optional_the() {
    let d = dict();
    assert_eq!(codes(&d, "us and them").len(), 0, "US only in capitals");
    assert_eq!(codes(&d, "the US said").len(), 1);
    assert_eq!(codes(&d, "West Virginia voted").len(), 0, "not the West");
    assert_eq!(codes(&d, "the West responded").len(), 1);
    assert_eq!(
        codes(&d, "RUSSIA ATTACKS").len(),
        1,
        "headlines in capitals"
    );
}

#[test]
fn roles_depend_on_the_date() {
    let d = dict();
    let putin = d.entries().iter().find(|e| e.kind == Kind::Person).unwrap();
    let day = |s: &str| NaiveDate::parse_from_str(s, "%Y-%m-%d").ok();
    assert_eq!(putin.code_on(day("2004-01-01")), Some("RUSGOV"));
    assert_eq!(putin.code_on(day("2020-01-01")), Some("RUSGOV"));
    assert!(!putin.in_office(day("2010-01-01")));
    assert_eq!(
        putin.code_on(day("2010-01-01")),
        Some("RUS"),
        "out of office: the state"
    );
    assert_eq!(
        putin.code_on(None),
        Some("RUSGOV"),
        "no date: the latest role"
    );
}

#[test]
fn actors_combine_with_agents() {
    assert_eq!(
        Actor::combine(Some("RUS"), Some("MIL")).unwrap().code,
        "RUSMIL"
    );
    assert_eq!(Actor::combine(None, Some("REB")).unwrap().code, "---REB");
    let un = Actor::combine(Some("IGOUNO"), Some("MIL")).unwrap();
    assert_eq!((un.code.as_str(), un.country), ("IGOUNOMIL", None));
    assert!(Actor::combine(None, None).is_none());
}

#[test]
fn errors_name_file_and_line_and_are_all_collected() {
    let bad = "\
[country RUS] Russia
name: Russia
colour: red
[planet MARS] Mars
[country rus] lower
this line is nonsense
[person] Someone
role: XXXGOV 2010..2001
name: Russia;; Moscow
";
    let errs = Dictionary::from_sources([(Path::new("bad.txt"), bad)])
        .unwrap_err()
        .0;
    let got: Vec<(usize, String)> = errs.iter().map(|e| (e.line, format!("{}", e))).collect();
    let lines: Vec<usize> = got.iter().map(|(l, _)| *l).collect();
    assert_eq!(lines, [3, 4, 5, 6, 8, 9], "{got:#?}");
    assert!(got
        .iter()
        .all(|(l, m)| m.starts_with(&format!("bad.txt:{l}: "))));
    assert!(matches!(errs[0].kind, DictErrorKind::UnknownField { .. }));
    assert!(matches!(errs[1].kind, DictErrorKind::UnknownKind(_)));
    assert!(matches!(errs[2].kind, DictErrorKind::BadCode(_)));
    assert!(matches!(errs[4].kind, DictErrorKind::BadRole(_)));
    // Lenient loading keeps what could be read.
    let (d, errs) = Dictionary::from_sources_lenient([(Path::new("bad.txt"), bad)]);
    assert_eq!(errs.len(), 6);
    assert_eq!(codes(&d, "Russia").len(), 1);
}

#[test]
fn the_builtin_dictionaries_load() {
    let d = entente_actors::builtin().expect("built-in dictionaries are valid");
    assert!(
        d.entries()
            .iter()
            .filter(|e| e.kind == Kind::Country)
            .count()
            >= 195
    );
    assert!(
        d.warnings().is_empty(),
        "{:?}",
        &d.warnings()[..d.warnings().len().min(5)]
    );
}
