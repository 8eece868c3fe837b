//! Table-driven checks of the CAMEO table, plus (when the shared reference files are
//! present) a full comparison against them.

use std::collections::{BTreeMap, HashSet};
use std::path::PathBuf;

use entente_cameo::{
    all, describe, is_known, lookup, nearest, phoenix_quad_class, EventCode, ParseEventCodeError,
    PloverEvent, QuadClass,
};

fn code(s: &str) -> EventCode {
    s.parse().unwrap_or_else(|e| panic!("{e}"))
}

/// (code, name prefix, root, GDELT quad, Phoenix quad, PLOVER event)
type Case = (
    &'static str,
    &'static str,
    u8,
    QuadClass,
    u8,
    Option<PloverEvent>,
);

#[test]
fn well_known_codes() {
    use PloverEvent::*;
    use QuadClass::*;
    #[rustfmt::skip]
    let cases: &[Case] = &[
        ("01", "Make public statement", 1, VerbalCooperation, 0, None),
        ("010", "Make statement", 1, VerbalCooperation, 0, None),
        ("042", "Make a visit", 4, VerbalCooperation, 1, Some(Consult)),
        ("043", "Host a visit", 4, VerbalCooperation, 1, Some(Consult)),
        ("057", "Sign formal agreement", 5, VerbalCooperation, 1, Some(Support)),
        ("073", "Provide humanitarian aid", 7, MaterialCooperation, 2, Some(Aid)),
        ("090", "Investigate", 9, MaterialCooperation, 3, Some(Accuse)),
        ("112", "Accuse", 11, VerbalConflict, 3, Some(Accuse)),
        ("141", "Demonstrate or rally", 14, VerbalConflict, 4, Some(Protest)),
        ("163", "Impose embargo, boycott, or sanctions", 16, MaterialConflict, 3, Some(Coerce)),
        ("173", "Arrest, detain", 17, MaterialConflict, 4, Some(Coerce)),
        ("190", "Use conventional military force", 19, MaterialConflict, 4, Some(Assault)),
        ("2042", "Detonate nuclear weapons", 20, MaterialConflict, 4, Some(Assault)),
    ];
    for &(s, name, root, quad, phoenix, event) in cases {
        let c = code(s);
        let info = lookup(&c).unwrap_or_else(|| panic!("{s} not listed"));
        assert_eq!(info.code, s);
        assert!(info.name.starts_with(name), "{s}: {:?}", info.name);
        assert_eq!(c.root(), root, "{s}");
        assert_eq!(QuadClass::of(&c), quad, "{s}");
        assert_eq!(QuadClass::of(&c).as_u8(), quad as u8);
        assert_eq!(phoenix_quad_class(&c), phoenix, "{s}");
        assert_eq!(info.plover.map(|p| p.event), event, "{s}");
    }
}

#[test]
fn goldstein_scores() {
    for (s, g) in [
        ("01", 0.0),
        ("010", 0.0),
        ("190", -10.0),
        ("163", -8.0),
        ("042", 1.9),
    ] {
        assert_eq!(lookup(&code(s)).map(|i| i.goldstein), Some(g), "{s}");
    }
    assert!(all().iter().all(|i| (-10.0..=10.0).contains(&i.goldstein)));
}

#[test]
fn plover_modes_and_contexts() {
    let p = lookup(&code("042")).and_then(|i| i.plover);
    assert_eq!(p.and_then(|p| p.mode), Some("visit"));
    let p = lookup(&code("1124")).and_then(|i| i.plover);
    assert_eq!(p.and_then(|p| p.context), Some("military; legal"));
    // `08` is listed under CONCEDE first, then RETREAT; the first is kept.
    assert_eq!(
        lookup(&code("08")).and_then(|i| i.plover).map(|p| p.event),
        Some(PloverEvent::Concede)
    );
    for info in all() {
        if let Some(p) = info.plover {
            assert_eq!(PloverEvent::from_name(p.event.as_str()), Some(p.event));
            for s in [p.mode, p.context].into_iter().flatten() {
                assert!(!s.is_empty() && s.trim() == s, "{}: {s:?}", info.code);
            }
        }
    }
    let used: HashSet<PloverEvent> = all()
        .iter()
        .filter_map(|i| i.plover)
        .map(|p| p.event)
        .collect();
    assert_eq!(used.len(), 16, "every PLOVER event type is used");
}

#[test]
fn table_shape() {
    let table = all();
    assert_eq!(table.len(), 311);
    assert!(
        table.windows(2).all(|w| w[0].code < w[1].code),
        "sorted, no duplicates"
    );
    let roots: Vec<&str> = table
        .iter()
        .filter(|i| i.code.len() == 2)
        .map(|i| i.code)
        .collect();
    let expected: Vec<String> = (1..=20).map(|r| format!("{r:02}")).collect();
    assert_eq!(roots, expected);
    for info in table {
        let c = info.event_code();
        assert_eq!(c.as_str(), info.code);
        assert!(is_known(info.code));
        assert!(lookup(&c.root_code()).is_some(), "root of {}", info.code);
        if let Some(parent) = c.parent() {
            assert!(lookup(&parent).is_some(), "parent of {}", info.code);
        }
        let first = info.name.chars().next().unwrap_or(' ');
        assert!(first.is_ascii_uppercase(), "{}: {:?}", info.code, info.name);
        assert!(
            info.name.len() < 4 || info.name != info.name.to_uppercase(),
            "sentence case: {}",
            info.name
        );
    }
}

#[test]
fn nearest_falls_back_to_ancestor() {
    let unlisted = code("0215");
    assert!(lookup(&unlisted).is_none());
    assert_eq!(nearest(&unlisted).map(|i| i.code), Some("021"));
    assert_eq!(describe(&unlisted), lookup(&code("021")).map(|i| i.name));
    assert_eq!(nearest(&code("199")).map(|i| i.code), Some("19"));
    assert_eq!(nearest(&code("190")).map(|i| i.code), Some("190"));
    assert!(!is_known("0215"));
    assert!(!is_known("19 "));
    assert!(!is_known(""));
}

#[test]
fn code_structure() {
    let c = code("1823");
    assert_eq!(c.as_str(), "1823");
    assert_eq!(c.to_string(), "1823");
    assert_eq!(c.depth(), 4);
    assert_eq!(c.parent(), Some(code("182")));
    assert_eq!(code("182").parent(), Some(code("18")));
    assert_eq!(code("18").parent(), None);
    assert_eq!(c.root_code(), code("18"));
    assert_eq!(code("01").root(), 1);
    assert_eq!(code("20").root(), 20);
    assert_eq!(format!("{:?}", c), "EventCode(\"1823\")");
}

#[test]
fn parsing_rejects_bad_codes() {
    for bad in [
        "", "1", "0a", "12345", "00", " 19", "19 ", "-1", "１９", "19a", "A19",
    ] {
        let err = bad.parse::<EventCode>().expect_err(bad);
        assert!(err.to_string().contains(&format!("{bad:?}")), "{err}");
    }
    assert_eq!(
        "00".parse::<EventCode>(),
        Err(ParseEventCodeError::Root("00".into()))
    );
    assert_eq!(
        "0a".parse::<EventCode>(),
        Err(ParseEventCodeError::Syntax("0a".into()))
    );
    assert!(EventCode::try_from("0000").is_err());
}

#[test]
fn extension_codes_parse_but_are_not_cameo() {
    for ext in ["21", "99", "903", "2100", "174K", "075A"] {
        let code: EventCode = ext.parse().expect(ext);
        assert_eq!(code.as_str(), ext);
        assert!(!code.is_cameo_form(), "{ext}");
    }
    assert!("190".parse::<EventCode>().is_ok_and(|c| c.is_cameo_form()));
    // An extension below a CAMEO code takes its facts; one outside CAMEO has none.
    let k: EventCode = "174K".parse().expect("valid");
    assert_eq!(nearest(&k).map(|i| i.code), Some("174"));
    let x: EventCode = "903".parse().expect("valid");
    assert!(nearest(&x).is_none());
}

#[test]
fn ordering_matches_string_order() {
    let mut codes: Vec<EventCode> = ["02", "190", "01", "0211", "010", "19", "021", "20"]
        .iter()
        .map(|s| code(s))
        .collect();
    codes.sort();
    let strs: Vec<&str> = codes.iter().map(EventCode::as_str).collect();
    assert_eq!(strs, ["01", "010", "02", "021", "0211", "19", "190", "20"]);
    let from_table: Vec<EventCode> = all().iter().map(|i| i.event_code()).collect();
    assert!(from_table.windows(2).all(|w| w[0] < w[1]));
}

#[test]
fn serde_round_trip() {
    let codes = vec![code("01"), code("190"), code("2042")];
    let json = serde_json::to_string(&codes).unwrap_or_default();
    assert_eq!(json, r#"["01","190","2042"]"#);
    let back: Vec<EventCode> = serde_json::from_str(&json).unwrap_or_default();
    assert_eq!(back, codes);
    assert!(serde_json::from_str::<EventCode>(r#""2a""#).is_err());
    assert!(
        serde_json::from_str::<EventCode>("190").is_err(),
        "numbers lose leading zeros"
    );
    let info = serde_json::to_value(lookup(&code("042"))).unwrap_or_default();
    assert_eq!(info["plover"]["event"], "CONSULT");
    assert_eq!(
        serde_json::to_string(&PloverEvent::Assault).ok().as_deref(),
        Some("\"ASSAULT\"")
    );
}

// ---- comparison with the shared reference files (skipped when absent) ----

fn shared_dir() -> Option<PathBuf> {
    let base = match std::env::var_os("ENTENTE_SHARED") {
        Some(dir) => PathBuf::from(dir),
        None => PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared"),
    };
    let dir = base.join("data/cameo");
    dir.is_dir().then_some(dir)
}

fn read_tsv(path: &PathBuf) -> BTreeMap<String, String> {
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    text.lines()
        .skip(1)
        .filter_map(|line| line.split_once('\t'))
        .map(|(k, v)| (k.trim().to_owned(), v.trim().to_owned()))
        .filter(|(k, _)| !k.is_empty())
        .collect()
}

/// `code: EVENT, mode, context # comment`; the first entry of a code wins.
fn read_plover(path: &PathBuf) -> BTreeMap<String, (String, Option<String>, Option<String>)> {
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let mut map = BTreeMap::new();
    for line in text.lines() {
        let line = line.split('#').next().unwrap_or("").trim();
        let Some((code, rest)) = line.split_once(':') else {
            continue;
        };
        if code.is_empty() || !code.bytes().all(|b| b.is_ascii_digit()) {
            continue;
        }
        let mut parts = rest.splitn(3, ',').map(str::trim);
        let field = |s: Option<&str>| s.filter(|s| !s.is_empty()).map(str::to_owned);
        let event = parts.next().unwrap_or("").to_owned();
        let mode = field(parts.next());
        let context = field(parts.next());
        map.entry(code.to_owned()).or_insert((event, mode, context));
    }
    map
}

#[test]
fn matches_shared_reference_files() {
    let Some(dir) = shared_dir() else {
        println!("note: shared CAMEO files not found (set ENTENTE_SHARED); comparison skipped");
        return;
    };
    let names = read_tsv(&dir.join("event-codes.tsv"));
    let gold = read_tsv(&dir.join("goldstein.tsv"));
    let plover = read_plover(&dir.join("CAMEO2PLOVER-2021.txt"));

    let ours: Vec<&str> = all().iter().map(|i| i.code).collect();
    let theirs: Vec<&str> = names.keys().map(String::as_str).collect();
    assert_eq!(ours, theirs, "same set of codes");
    assert_eq!(
        names.keys().collect::<Vec<_>>(),
        gold.keys().collect::<Vec<_>>()
    );

    for info in all() {
        let c = info.code;
        assert_eq!(
            info.name.to_lowercase(),
            names[c].to_lowercase(),
            "name of {c}"
        );
        let g: f32 = gold[c]
            .parse()
            .unwrap_or_else(|e| panic!("goldstein of {c}: {e}"));
        assert_eq!(info.goldstein, g, "goldstein of {c}");
        let expected = plover.get(c);
        let got = info.plover.map(|p| {
            (
                p.event.as_str().to_owned(),
                p.mode.map(str::to_owned),
                p.context.map(str::to_owned),
            )
        });
        assert_eq!(got.as_ref(), expected, "PLOVER of {c}");
    }
    // Codes only in the PLOVER table (e.g. 1213, 1214) are absent from CAMEO 1.1b3.
    for (c, (event, _, _)) in &plover {
        assert!(
            PloverEvent::from_name(event).is_some(),
            "{c}: unknown PLOVER event {event}"
        );
        if !is_known(c) {
            println!("note: PLOVER lists {c}, which CAMEO 1.1b3 does not");
        }
    }
}
