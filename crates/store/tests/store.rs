//! The store over hand-made coded documents: writing, idempotency, replacement, every
//! query and every export format, read back.

use std::time::Duration;

use chrono::NaiveDate;
use entente_coder::{
    Attribution, Event, Modality, Party, PatternRef, PloverType, Quantity, Trigger, Via,
};
use entente_document::Document;
use entente_store::{
    export::{COLUMNS, GDELT_COLUMNS},
    CodedDocument, Error, EventFilter, Interval, Mention, NetworkQuery, Page, Role, Store,
};

/// Where `needle` starts and ends in `text`, in characters.
fn chars(text: &str, needle: &str) -> [usize; 2] {
    let b = text.find(needle).expect("needle in text");
    let start = text[..b].chars().count();
    [start, start + needle.chars().count()]
}

fn party(
    text: &str,
    phrase: &str,
    code: &str,
    country: Option<&str>,
    agent: Option<&str>,
) -> Party {
    Party {
        code: code.into(),
        country: country.map(Into::into),
        agent: agent.map(Into::into),
        text: phrase.into(),
        span: chars(text, phrase),
        via: Via::Dictionary,
        label: format!("label of {code}"),
    }
}

struct Ev<'a> {
    sentence: usize,
    src: (&'a str, &'a str, Option<&'a str>, Option<&'a str>),
    trigger: &'a str,
    tgt: (&'a str, &'a str, Option<&'a str>, Option<&'a str>),
    code: &'a str,
    quad: u8,
    goldstein: f32,
    date: Option<&'a str>,
    modality: Modality,
}

/// A document whose sentences are the given lines (joined by spaces), with events.
fn doc(id: &str, date: Option<&str>, lines: &[&str], evs: &[Ev]) -> CodedDocument {
    let text = lines.join(" ");
    let mut sentences = Vec::new();
    let mut at = 0;
    for l in lines {
        sentences.push([at, at + l.len()]);
        at += l.len() + 1;
    }
    let mut document = Document::from_text(id, &text);
    document.title = None;
    document.date = date.map(|d| NaiveDate::parse_from_str(d, "%Y-%m-%d").expect("date"));
    let events = evs
        .iter()
        .enumerate()
        .map(|(n, e)| {
            let [b0, b1] = sentences[e.sentence];
            let sent = &text[b0..b1];
            let c0 = text[..b0].chars().count();
            let sub = |p: &str| {
                let [a, b] = chars(sent, p);
                [a + c0, b + c0]
            };
            let mk = |(phrase, code, country, agent): (&str, &str, Option<&str>, Option<&str>)| {
                let mut p = party(sent, phrase, code, country, agent);
                p.span = sub(phrase);
                p
            };
            Event {
                doc_id: id.into(),
                event_id: format!("{id}:{}:{n}", e.sentence),
                sentence_index: e.sentence,
                sentence: sent.into(),
                span: [c0, c0 + sent.chars().count()],
                date: e.date.map(Into::into),
                date_text: e.date.map(|_| "on Monday".into()),
                source: mk(e.src),
                target: mk(e.tgt),
                code: e.code.into(),
                root: e.code[..2].into(),
                quad_class: e.quad,
                goldstein: e.goldstein,
                plover: Some(PloverType {
                    kind: "CONSULT".into(),
                    mode: None,
                }),
                trigger: Trigger {
                    text: e.trigger.into(),
                    lemma: e.trigger.to_lowercase(),
                    span: sub(e.trigger),
                },
                attribution: (e.modality == Modality::Reported).then(|| Attribution {
                    code: None,
                    text: Some("officials".into()),
                    verb: "said".into(),
                }),
                modality: e.modality,
                quantities: vec![Quantity {
                    text: "two".into(),
                    value: 2.0,
                    unit: None,
                }],
                pattern: PatternRef {
                    text: "* MEET +".into(),
                    at: "verbs.txt:1".into(),
                },
                symmetric: false,
            }
        })
        .collect();
    CodedDocument {
        document,
        sentences,
        events,
        unknown: vec![Mention {
            sentence_index: 0,
            text: "Zorblatt".into(),
            span: [0, 0],
        }],
    }
}

fn fixtures() -> Vec<CodedDocument> {
    let a = doc(
        "talks",
        Some("2024-03-04"),
        &[
            "Russia met Ukraine in Istanbul on Monday.",
            "Ukraine's army shelled Russian positions near Kharkiv.",
            "Zorblatt officials welcomed the café talks.",
        ],
        &[
            Ev {
                sentence: 0,
                src: ("Russia", "RUS", Some("RUS"), None),
                trigger: "met",
                tgt: ("Ukraine", "UKR", Some("UKR"), None),
                code: "040",
                quad: 1,
                goldstein: 1.0,
                date: Some("2024-03-04"),
                modality: Modality::Asserted,
            },
            Ev {
                sentence: 0,
                src: ("Ukraine", "UKR", Some("UKR"), None),
                trigger: "met",
                tgt: ("Russia", "RUS", Some("RUS"), None),
                code: "040",
                quad: 1,
                goldstein: 1.0,
                date: Some("2024-03-04"),
                modality: Modality::Asserted,
            },
            Ev {
                sentence: 1,
                src: ("Ukraine's army", "UKRMIL", Some("UKR"), Some("MIL")),
                trigger: "shelled",
                tgt: ("Russian positions", "RUSMIL", Some("RUS"), Some("MIL")),
                code: "195",
                quad: 4,
                goldstein: -10.0,
                date: Some("2024-03-05"),
                modality: Modality::Reported,
            },
        ],
    );
    let b = doc(
        "aid",
        Some("2024-04-10"),
        &[
            "The United Nations sent aid to Ukraine.",
            "Russia threatened Ukraine with sanctions.",
        ],
        &[
            Ev {
                sentence: 0,
                src: ("The United Nations", "UNO", None, None),
                trigger: "sent",
                tgt: ("Ukraine", "UKR", Some("UKR"), None),
                code: "073",
                quad: 2,
                goldstein: 7.4,
                date: Some("2024-04-10"),
                modality: Modality::Asserted,
            },
            Ev {
                sentence: 1,
                src: ("Russia", "RUS", Some("RUS"), None),
                trigger: "threatened",
                tgt: ("Ukraine", "UKR", Some("UKR"), None),
                code: "130",
                quad: 3,
                goldstein: -4.4,
                date: Some("2024-04"),
                modality: Modality::Claimed,
            },
        ],
    );
    let c = doc(
        "undated",
        None,
        &["France praised Germany."],
        &[Ev {
            sentence: 0,
            src: ("France", "FRA", Some("FRA"), None),
            trigger: "praised",
            tgt: ("Germany", "DEU", Some("DEU"), None),
            code: "051",
            quad: 1,
            goldstein: 3.4,
            date: None,
            modality: Modality::Intended,
        }],
    );
    vec![a, b, c]
}

fn store() -> Store {
    let mut s = Store::open_in_memory().expect("store");
    let w = s.write(&fixtures()).expect("write");
    assert_eq!((w.added, w.replaced, w.unchanged), (3, 0, 0));
    s
}

fn ids(s: &Store, f: EventFilter) -> Vec<String> {
    let mut v: Vec<String> = s
        .events(
            &f,
            &Page {
                limit: 1000,
                ..Page::default()
            },
        )
        .expect("events")
        .events
        .into_iter()
        .map(|e| e.event_id)
        .collect();
    v.sort();
    v
}

#[test]
fn writing_counts_rows_and_rewriting_the_same_documents_changes_nothing() {
    let mut s = store();
    let before = s.stats().expect("stats");
    assert_eq!(
        (before.documents, before.sentences, before.events),
        (3, 6, 6)
    );
    assert_eq!(before.first_day.as_deref(), Some("2024-03-04"));
    assert_eq!(before.last_day.as_deref(), Some("2024-04-10"));
    let first_ids = ids(&s, EventFilter::default());
    let w = s.write(&fixtures()).expect("write again");
    assert_eq!((w.added, w.replaced, w.unchanged), (0, 0, 3));
    assert_eq!(s.stats().expect("stats"), before);
    assert_eq!(ids(&s, EventFilter::default()), first_ids);
}

#[test]
fn a_changed_document_replaces_all_its_old_rows() {
    let mut s = store();
    let changed = doc(
        "talks",
        Some("2024-03-04"),
        &["Turkey hosted Russia."],
        &[Ev {
            sentence: 0,
            src: ("Turkey", "TUR", Some("TUR"), None),
            trigger: "hosted",
            tgt: ("Russia", "RUS", Some("RUS"), None),
            code: "042",
            quad: 1,
            goldstein: 1.9,
            date: Some("2024-03-04"),
            modality: Modality::Asserted,
        }],
    );
    let w = s.write(&[changed]).expect("write");
    assert_eq!((w.added, w.replaced, w.unchanged), (0, 1, 0));
    let st = s.stats().expect("stats");
    assert_eq!((st.documents, st.sentences, st.events), (3, 4, 4));
    assert_eq!(
        ids(
            &s,
            EventFilter {
                doc_id: Some("talks".into()),
                ..EventFilter::default()
            }
        ),
        vec!["talks:0:0"]
    );
    // The old sentences left the full-text index with their rows.
    assert!(s
        .search("Kharkiv", &Page::default())
        .expect("search")
        .is_empty());
    assert_eq!(
        s.search("Turkey", &Page::default()).expect("search").len(),
        1
    );
    let unknown = s.unknown_actors(&Page::default()).expect("unknown");
    assert_eq!(unknown[0].mentions, 3);
}

#[test]
fn events_are_filtered_by_every_field() {
    let s = store();
    let f = EventFilter::default;
    assert_eq!(
        ids(
            &s,
            EventFilter {
                actor: Some("RUSMIL".into()),
                ..f()
            }
        ),
        vec!["talks:1:2"]
    );
    assert_eq!(
        ids(
            &s,
            EventFilter {
                country: Some("RUS".into()),
                ..f()
            }
        )
        .len(),
        4
    );
    assert_eq!(
        ids(
            &s,
            EventFilter {
                agent: Some("MIL".into()),
                ..f()
            }
        ),
        vec!["talks:1:2"]
    );
    assert_eq!(
        ids(
            &s,
            EventFilter {
                source: Some("RUS".into()),
                target: Some("UKR".into()),
                ..f()
            }
        ),
        vec!["aid:1:1", "talks:0:0"]
    );
    assert_eq!(
        ids(
            &s,
            EventFilter {
                source: Some("RUS".into()),
                target: Some("UKR".into()),
                both_directions: true,
                ..f()
            }
        ),
        vec!["aid:1:1", "talks:0:0", "talks:0:1", "talks:1:2"]
    );
    assert_eq!(
        ids(
            &s,
            EventFilter {
                source: Some("UNO".into()),
                ..f()
            }
        ),
        vec!["aid:0:0"]
    );
    assert_eq!(
        ids(
            &s,
            EventFilter {
                code: Some("195".into()),
                ..f()
            }
        ),
        vec!["talks:1:2"]
    );
    assert_eq!(
        ids(
            &s,
            EventFilter {
                root: Some("04".into()),
                ..f()
            }
        )
        .len(),
        2
    );
    assert_eq!(
        ids(
            &s,
            EventFilter {
                quad_class: Some(2),
                ..f()
            }
        ),
        vec!["aid:0:0"]
    );
    assert_eq!(
        ids(
            &s,
            EventFilter {
                from: Some("2024-03-05".into()),
                to: Some("2024-04-01".into()),
                ..f()
            }
        ),
        vec!["aid:1:1", "talks:1:2"],
        "a month-only date counts as the month's first day"
    );
    assert_eq!(
        ids(
            &s,
            EventFilter {
                to: Some("2030-01-01".into()),
                ..f()
            }
        )
        .len(),
        5,
        "undated events match no range"
    );
    assert_eq!(
        ids(
            &s,
            EventFilter {
                modality: Some("claimed".into()),
                ..f()
            }
        ),
        vec!["aid:1:1"]
    );
    assert_eq!(
        ids(
            &s,
            EventFilter {
                text: Some("shelled".into()),
                ..f()
            }
        ),
        vec!["talks:1:2"]
    );
    assert_eq!(
        ids(
            &s,
            EventFilter {
                text: Some("cafe OR café".into()),
                ..f()
            }
        )
        .len(),
        0
    );
    assert_eq!(
        ids(
            &s,
            EventFilter {
                doc_id: Some("undated".into()),
                ..f()
            }
        ),
        vec!["undated:0:0"]
    );
    assert_eq!(
        s.count_events(&EventFilter {
            country: Some("UKR".into()),
            ..f()
        })
        .expect("count"),
        5
    );
}

#[test]
fn bad_parameters_are_refused_as_bad_queries() {
    let s = store();
    let bad = |f: EventFilter, p: Page| matches!(s.events(&f, &p), Err(Error::BadQuery(_)));
    let f = EventFilter::default;
    assert!(bad(
        EventFilter {
            from: Some("2024-1-1".into()),
            ..f()
        },
        Page::default()
    ));
    assert!(bad(
        EventFilter {
            quad_class: Some(5),
            ..f()
        },
        Page::default()
    ));
    assert!(bad(
        EventFilter {
            modality: Some("maybe".into()),
            ..f()
        },
        Page::default()
    ));
    assert!(bad(
        EventFilter {
            country: Some("R'US".into()),
            ..f()
        },
        Page::default()
    ));
    assert!(bad(
        EventFilter {
            text: Some("\"unterminated".into()),
            ..f()
        },
        Page::default()
    ));
    assert!(bad(
        f(),
        Page {
            limit: 0,
            ..Page::default()
        }
    ));
    assert!(bad(
        f(),
        Page {
            limit: 1001,
            ..Page::default()
        }
    ));
    assert!(bad(
        f(),
        Page {
            after: Some("nonsense".into()),
            ..Page::default()
        }
    ));
    assert!(matches!(
        s.search("AND", &Page::default()),
        Err(Error::BadQuery(_))
    ));
}

#[test]
fn pages_go_newest_first_and_cursors_and_offsets_cover_every_event_once() {
    let s = store();
    let all = s
        .events(
            &EventFilter::default(),
            &Page {
                limit: 100,
                ..Page::default()
            },
        )
        .expect("all");
    let days: Vec<Option<&str>> = all.events.iter().map(|e| e.date.as_deref()).collect();
    assert_eq!(days[0], Some("2024-04-10"));
    assert_eq!(days[5], None, "undated events come last");
    assert!(all.next.is_none());
    let mut seen = Vec::new();
    let mut page = Page {
        limit: 2,
        ..Page::default()
    };
    loop {
        let p = s.events(&EventFilter::default(), &page).expect("page");
        seen.extend(p.events.iter().map(|e| e.id));
        match p.next {
            Some(n) => page.after = Some(n),
            None => break,
        }
    }
    assert_eq!(seen, all.events.iter().map(|e| e.id).collect::<Vec<_>>());
    let second = s
        .events(
            &EventFilter::default(),
            &Page {
                limit: 2,
                offset: 2,
                after: None,
            },
        )
        .expect("offset");
    assert_eq!(
        second.events.iter().map(|e| e.id).collect::<Vec<_>>(),
        seen[2..4]
    );
}

#[test]
fn stored_events_keep_every_field_of_the_event_record() {
    let s = store();
    let docs = fixtures();
    let original = &docs[0].events[2];
    let stored = s
        .events(
            &EventFilter {
                code: Some("195".into()),
                ..EventFilter::default()
            },
            &Page::default(),
        )
        .expect("events")
        .events
        .remove(0);
    let mut a = serde_json::to_value(original).expect("json");
    let mut b = serde_json::to_value(&stored).expect("json");
    b.as_object_mut().expect("object").remove("id");
    a.as_object_mut().expect("object");
    assert_eq!(a, b);
    assert_eq!(
        stored.attribution.as_ref().map(|x| x.verb.as_str()),
        Some("said")
    );
}

#[test]
fn an_event_comes_with_its_highlighted_sentence_and_document_context() {
    let s = store();
    let id = s
        .events(
            &EventFilter {
                code: Some("195".into()),
                ..EventFilter::default()
            },
            &Page::default(),
        )
        .expect("events")
        .events[0]
        .id;
    let ctx = s.event(id).expect("event").expect("found");
    let roles: Vec<(Role, &str)> = ctx
        .segments
        .iter()
        .map(|x| (x.role, x.text.as_str()))
        .collect();
    assert_eq!(
        roles,
        vec![
            (Role::Source, "Ukraine's army"),
            (Role::Text, " "),
            (Role::Trigger, "shelled"),
            (Role::Text, " "),
            (Role::Target, "Russian positions"),
            (Role::Text, " near Kharkiv."),
        ]
    );
    assert_eq!(ctx.before, "Russia met Ukraine in Istanbul on Monday. ");
    assert_eq!(ctx.after, " Zorblatt officials welcomed the café talks.");
    assert_eq!(ctx.document.doc_id, "talks");
    assert!(s.event(9999).expect("query").is_none());
}

#[test]
fn series_count_quad_classes_and_goldstein_per_period() {
    let s = store();
    let dyad = EventFilter {
        source: Some("RUS".into()),
        target: Some("UKR".into()),
        both_directions: true,
        ..EventFilter::default()
    };
    let months = s.series(&dyad, Interval::Month).expect("series");
    assert_eq!(months.len(), 2);
    assert_eq!(months[0].period, "2024-03");
    assert_eq!(months[0].events, 3);
    assert_eq!(months[0].quad, [2, 0, 0, 1]);
    assert!((months[0].goldstein_sum - (-8.0)).abs() < 1e-6);
    assert!((months[0].goldstein_mean - (-8.0 / 3.0)).abs() < 1e-6);
    assert_eq!(months[1].period, "2024-04");
    let weeks = s.series(&dyad, Interval::Week).expect("weeks");
    // 2024-03-04 is a Monday, 2024-03-05 the Tuesday of the same week; 2024-04-01 a Monday.
    assert_eq!(
        weeks.iter().map(|p| p.period.as_str()).collect::<Vec<_>>(),
        vec!["2024-03-04", "2024-04-01"]
    );
    let days = s.series(&dyad, Interval::Day).expect("days");
    assert_eq!(days.len(), 3);
}

#[test]
fn the_network_has_directed_weighted_edges_between_nodes() {
    let s = store();
    let net = s.network(&NetworkQuery::default()).expect("network");
    let edge = |a: &str, b: &str| {
        net.edges
            .iter()
            .find(|e| e.source == a && e.target == b)
            .cloned()
    };
    let ru = edge("RUS", "UKR").expect("RUS->UKR");
    assert_eq!((ru.events, ru.cooperation, ru.conflict), (2, 1, 1));
    let ur = edge("UKR", "RUS").expect("UKR->RUS");
    assert_eq!((ur.events, ur.quad), (2, [1, 0, 0, 1]));
    assert!(
        edge("UNO", "UKR").is_some(),
        "a stateless actor is its own node"
    );
    assert!(
        edge("FRA", "DEU").is_some(),
        "without a period, undated events count too"
    );
    let narrow = s
        .network(&NetworkQuery {
            from: Some("2024-04-01".into()),
            to: Some("2024-04-30".into()),
            ..NetworkQuery::default()
        })
        .expect("network");
    assert_eq!(narrow.edges.len(), 2);
    let busy = s
        .network(&NetworkQuery {
            min_events: 2,
            ..NetworkQuery::default()
        })
        .expect("network");
    assert_eq!(busy.edges.len(), 2);
    assert_eq!(busy.nodes.len(), 2);
    assert!(matches!(
        s.network(&NetworkQuery {
            max_edges: 0,
            ..NetworkQuery::default()
        }),
        Err(Error::BadQuery(_))
    ));
}

#[test]
fn actor_summaries_list_partners_and_adversaries() {
    let s = store();
    let ukr = s.actor_summary("UKR", None, None, 10).expect("summary");
    assert_eq!((ukr.as_source, ukr.as_target), (2, 3));
    assert_eq!(
        ukr.partners
            .iter()
            .map(|p| (p.node.as_str(), p.cooperation))
            .collect::<Vec<_>>(),
        vec![("RUS", 2), ("UNO", 1)]
    );
    assert_eq!(
        ukr.adversaries
            .iter()
            .map(|p| (p.node.as_str(), p.conflict))
            .collect::<Vec<_>>(),
        vec![("RUS", 2)]
    );
    assert!(ukr
        .actors
        .iter()
        .any(|a| a.code == "UKRMIL" && a.label == "label of UKRMIL"));
    let april = s
        .actor_summary("UKR", Some("2024-04-01"), None, 10)
        .expect("summary");
    assert_eq!((april.as_source, april.as_target), (0, 2));
}

#[test]
fn actors_unknown_actors_and_search() {
    let s = store();
    let actors = s.actors(&Page::default()).expect("actors");
    assert_eq!(actors[0].code, "UKR");
    assert_eq!(actors[0].events, 4);
    let unknown = s.unknown_actors(&Page::default()).expect("unknown");
    assert_eq!(unknown.len(), 1);
    assert_eq!(
        (
            unknown[0].text.as_str(),
            unknown[0].mentions,
            unknown[0].documents
        ),
        ("Zorblatt", 3, 3)
    );
    let hits = s.search("\"sent aid\"", &Page::default()).expect("search");
    assert_eq!(hits.len(), 1);
    assert_eq!(hits[0].doc_id, "aid");
    assert_eq!(hits[0].event_ids.len(), 1);
    assert_eq!(s.search("café", &Page::default()).expect("search").len(), 1);
}

#[test]
fn exports_read_back_with_the_same_values() {
    let s = store();
    let f = EventFilter {
        country: Some("RUS".into()),
        ..EventFilter::default()
    };
    let mut jsonl = Vec::new();
    assert_eq!(s.export_jsonl(&f, &mut jsonl).expect("jsonl"), 4);
    let lines: Vec<serde_json::Value> = String::from_utf8(jsonl)
        .expect("utf8")
        .lines()
        .map(|l| serde_json::from_str(l).expect("json line"))
        .collect();
    assert_eq!(lines.len(), 4);
    assert_eq!(lines[0]["event_id"], "talks:0:0");

    let mut csv_out = Vec::new();
    s.export_csv(&f, &mut csv_out).expect("csv");
    let mut r = csv::Reader::from_reader(csv_out.as_slice());
    let header: Vec<String> = r
        .headers()
        .expect("header")
        .iter()
        .map(String::from)
        .collect();
    assert_eq!(
        header,
        COLUMNS.iter().map(|c| c.0.to_string()).collect::<Vec<_>>()
    );
    let rows: Vec<csv::StringRecord> = r.records().collect::<Result<_, _>>().expect("rows");
    assert_eq!(rows.len(), 4);
    let col = |name: &str| header.iter().position(|h| h == name).expect("column");
    let shelling = rows.iter().find(|r| &r[col("code")] == "195").expect("row");
    assert_eq!(&shelling[col("source_code")], "UKRMIL");
    assert_eq!(&shelling[col("goldstein")], "-10");
    assert_eq!(&shelling[col("attribution_verb")], "said");
    assert_eq!(
        &shelling[col("sentence")],
        "Ukraine's army shelled Russian positions near Kharkiv."
    );

    let mut tsv = Vec::new();
    s.export_gdelt(&f, &mut tsv).expect("gdelt");
    let tsv = String::from_utf8(tsv).expect("utf8");
    let rows: Vec<Vec<&str>> = tsv.lines().map(|l| l.split('\t').collect()).collect();
    assert_eq!(rows.len(), 4);
    assert!(rows.iter().all(|r| r.len() == 61));
    let g = |name: &str| {
        GDELT_COLUMNS
            .iter()
            .position(|c| *c == name)
            .expect("gdelt column")
    };
    let shelling = rows
        .iter()
        .find(|r| r[g("EventCode")] == "195")
        .expect("row");
    assert_eq!(shelling[g("Day")], "20240305");
    assert_eq!(shelling[g("MonthYear")], "202403");
    assert_eq!(shelling[g("Year")], "2024");
    assert_eq!(shelling[g("Actor1Code")], "UKRMIL");
    assert_eq!(shelling[g("Actor1CountryCode")], "UKR");
    assert_eq!(shelling[g("Actor1Type1Code")], "MIL");
    assert_eq!(shelling[g("Actor2Name")], "LABEL OF RUSMIL");
    assert_eq!(shelling[g("EventBaseCode")], "195");
    assert_eq!(shelling[g("EventRootCode")], "19");
    assert_eq!(shelling[g("QuadClass")], "4");
    assert_eq!(shelling[g("GoldsteinScale")], "-10");
    assert_eq!(shelling[g("IsRootEvent")], "0");
    assert_eq!(shelling[g("AvgTone")], "");
    assert_eq!(shelling[g("SOURCEURL")], "talks");
    assert_eq!(shelling[60], "talks");
    let threat = rows
        .iter()
        .find(|r| r[g("EventCode")] == "130")
        .expect("row");
    assert_eq!((threat[g("Day")], threat[g("MonthYear")]), ("", "202404"));

    let path = std::env::temp_dir().join(format!(
        "entente-store-export-{}.parquet",
        std::process::id()
    ));
    s.export_parquet(&f, std::fs::File::create(&path).expect("create"))
        .expect("parquet");
    let file = std::fs::File::open(&path).expect("open");
    let reader = parquet::arrow::arrow_reader::ParquetRecordBatchReaderBuilder::try_new(file)
        .expect("parquet file")
        .build()
        .expect("reader");
    let batches: Vec<arrow_array::RecordBatch> = reader.collect::<Result<_, _>>().expect("batches");
    let total: usize = batches.iter().map(|b| b.num_rows()).sum();
    assert_eq!(total, 4);
    let b = &batches[0];
    let codes = b
        .column_by_name("code")
        .expect("code")
        .as_any()
        .downcast_ref::<arrow_array::StringArray>()
        .expect("strings");
    let gold = b
        .column_by_name("goldstein")
        .expect("goldstein")
        .as_any()
        .downcast_ref::<arrow_array::Float32Array>()
        .expect("floats");
    let i = (0..b.num_rows())
        .find(|&i| codes.value(i) == "195")
        .expect("row");
    assert_eq!(gold.value(i), -10.0);
    let agents = b
        .column_by_name("target_agent")
        .expect("agent")
        .as_any()
        .downcast_ref::<arrow_array::StringArray>()
        .expect("strings");
    assert_eq!(agents.value(i), "MIL");
    let j = (0..b.num_rows())
        .find(|&i| codes.value(i) == "040")
        .expect("row");
    assert!(arrow_array::Array::is_null(agents, j));
}

#[test]
fn a_database_reopens_read_only_and_refuses_other_files() {
    let dir = std::env::temp_dir().join(format!("entente-store-test-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("dir");
    let path = dir.join("reopen.db");
    let _ = std::fs::remove_file(&path);
    {
        let mut s = Store::open(&path).expect("open");
        s.write(&fixtures()).expect("write");
    }
    let r = Store::open_read_only(&path).expect("read only");
    assert_eq!(r.stats().expect("stats").events, 6);
    let other = dir.join("other.db");
    let _ = std::fs::remove_file(&other);
    rusqlite::Connection::open(&other)
        .expect("sqlite")
        .execute_batch("CREATE TABLE t (x);")
        .expect("table");
    assert!(matches!(
        Store::open_read_only(&other),
        Err(Error::Sqlite(_)) | Err(Error::Schema(_))
    ));
}

#[test]
fn generated_databases_answer_queries_and_a_query_past_its_time_limit_stops() {
    let dir = std::env::temp_dir().join(format!("entente-store-gen-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("dir");
    let path = dir.join("gen.db");
    let _ = std::fs::remove_file(&path);
    let g = entente_store::generate::generate(&path, 6000, 7).expect("generate");
    assert_eq!((g.events, g.documents), (6000, 1200));
    assert!(
        entente_store::generate::generate(&path, 10, 7).is_err(),
        "never overwrites"
    );
    let mut s = Store::open_read_only(&path).expect("open");
    let st = s.stats().expect("stats");
    assert_eq!((st.events, st.sentences, st.documents), (6000, 6000, 1200));
    // A word in every sentence: the text filter is tested event by event in page order.
    let common = EventFilter {
        text: Some("regarding".into()),
        country: Some("CHN".into()),
        ..EventFilter::default()
    };
    let by_scan = s
        .events(
            &common,
            &Page {
                limit: 1000,
                ..Page::default()
            },
        )
        .expect("events");
    let plain = s
        .events(
            &EventFilter {
                country: Some("CHN".into()),
                ..EventFilter::default()
            },
            &Page {
                limit: 1000,
                ..Page::default()
            },
        )
        .expect("events");
    assert_eq!(by_scan.events, plain.events);
    let net = s.network(&NetworkQuery::default()).expect("network");
    assert_eq!(net.edges[0].source, "USA", "the most reported state leads");
    let page = s
        .events(
            &EventFilter {
                country: Some("RUS".into()),
                ..EventFilter::default()
            },
            &Page::default(),
        )
        .expect("events");
    assert_eq!(page.events.len(), 50);
    let ctx = s.event(page.events[0].id).expect("event").expect("found");
    assert!(ctx
        .segments
        .iter()
        .any(|x| x.role == Role::Trigger && x.text == "regarding"));
    s.set_time_limit(Some(Duration::ZERO));
    assert!(matches!(
        s.network(&NetworkQuery::default()),
        Err(Error::TimedOut(0))
    ));
    s.set_time_limit(None);
    assert!(s.network(&NetworkQuery::default()).is_ok());
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig::with_cases(300))]

    /// Whatever a client sends, a query answers or refuses it as a bad query: it never
    /// fails inside SQLite, never panics, and text never reaches SQL unparameterized.
    #[test]
    fn any_parameters_give_an_answer_or_a_bad_query(
        country in proptest::option::of("\\PC{0,12}"),
        source in proptest::option::of("[A-Z';\" ]{0,6}"),
        from in proptest::option::of("[0-9-]{0,11}"),
        text in proptest::option::of("\\PC{0,20}"),
        modality in proptest::option::of("[a-z]{0,9}"),
        after in proptest::option::of("[0-9|-]{0,16}"),
        quad in proptest::option::of(0u8..7),
        limit in 0u32..1200,
        offset in 0u64..200_000,
        both in proptest::bool::ANY,
    ) {
        let s = Store::open_in_memory().expect("store");
        let f = EventFilter {
            country, source, from, text, modality, quad_class: quad, both_directions: both,
            target: Some("UKR".into()),
            ..EventFilter::default()
        };
        let page = Page { limit, offset, after };
        for r in [
            s.events(&f, &page).map(|_| ()),
            s.count_events(&f).map(|_| ()),
            s.series(&f, Interval::Week).map(|_| ()),
        ] {
            proptest::prop_assert!(matches!(r, Ok(()) | Err(Error::BadQuery(_))), "{r:?}");
        }
        if let Some(t) = &f.text {
            let r = s.search(t, &Page::default());
            proptest::prop_assert!(matches!(r, Ok(_) | Err(Error::BadQuery(_))), "{r:?}");
        }
    }
}
