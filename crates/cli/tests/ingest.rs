//! End-to-end tests of ingestion: HTML and JSON Lines in, non-English and empty documents
//! skipped, near-duplicates folded into their original's events (`code --dedup`), and
//! `dedup`'s copy list.

use std::path::PathBuf;
use std::process::{Command, Output};

fn entente(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_entente"))
        .args(args)
        .output()
        .expect("runs")
}

fn dir() -> PathBuf {
    let d = std::env::temp_dir().join(format!("entente-ingest-test-{}", std::process::id()));
    std::fs::create_dir_all(&d).expect("temp dir");
    d
}

const STORY: &str = "Western states imposed new sanctions on Iran last week over its missile \
programme, and the European Union said further measures were under consideration. Officials \
in Brussels said the measures would target banks and shipping companies linked to the \
programme, and that talks with Tehran had stalled since the spring.";

fn corpus() -> PathBuf {
    let lines = [
        serde_json::json!({"uuid": "a", "body": STORY, "published": "2024-05-02"}),
        serde_json::json!({"uuid": "b", "body": format!("By Jane Roe\n\n{STORY}\nSign up for our newsletter.")}),
        serde_json::json!({"uuid": "c", "body": "Die westlichen Staaten verhängten vergangene Woche neue Sanktionen gegen den Iran wegen seines Raketenprogramms, und die Europäische Union erklärte, weitere Maßnahmen würden geprüft."}),
        serde_json::json!({"uuid": "d", "body": "  \n "}),
        serde_json::json!({"uuid": "e", "body": "China accused Japan of violating its airspace on Monday, and the Chinese foreign ministry said it would lodge a formal protest with Tokyo over the incident."}),
        serde_json::json!({"uuid": "f", "body": STORY}),
    ];
    let text: String = lines.iter().map(|l| format!("{l}\n")).collect();
    // Tests run in parallel threads of one process: each gets its own file, so none
    // reads a file another is rewriting.
    static NEXT: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
    let n = NEXT.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
    let path = dir().join(format!("corpus-{n}.jsonl"));
    std::fs::write(&path, text).expect("write");
    path
}

const FIELDS: [&str; 6] = [
    "--id-field",
    "uuid",
    "--text-field",
    "body",
    "--date-field",
    "published",
];

#[test]
fn code_dedup_counts_copies_on_the_original_events() {
    let path = corpus();
    let mut args = vec!["code", path.to_str().unwrap(), "--dedup"];
    args.extend(FIELDS);
    let out = entente(&args);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stderr}");
    let events: Vec<serde_json::Value> = String::from_utf8_lossy(&out.stdout)
        .lines()
        .map(|l| serde_json::from_str(l).expect("json"))
        .collect();
    assert!(!events.is_empty());
    let ids: Vec<&str> = events.iter().filter_map(|e| e["doc_id"].as_str()).collect();
    assert!(ids.contains(&"a") && ids.contains(&"e"), "{ids:?}");
    assert!(
        !ids.iter().any(|i| ["b", "c", "d", "f"].contains(i)),
        "{ids:?}"
    );
    for e in &events {
        if e["doc_id"] == "a" {
            assert_eq!(e["num_articles"], 3, "{e}");
            assert_eq!(e["copies"], serde_json::json!(["b", "f"]));
            assert_eq!(e["date"].as_str().map(|d| &d[..4]), Some("2024"));
        } else {
            assert_eq!(e["num_articles"], 1);
        }
    }
    // Events stay in input order.
    let first_e = ids.iter().position(|i| *i == "e").unwrap();
    assert!(ids[..first_e].iter().all(|i| *i == "a"));
    assert!(stderr.contains("German"), "{stderr}");
    assert!(
        stderr.contains("read 6 documents, 2 cleaned and coded, 2 duplicates")
            && stderr.contains("1 non-English, 1 empty"),
        "{stderr}"
    );
}

#[test]
fn code_without_dedup_codes_every_english_document() {
    let path = corpus();
    let mut args = vec!["code", path.to_str().unwrap(), "-q"];
    args.extend(FIELDS);
    let out = entente(&args);
    assert!(out.status.success());
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(stdout.contains("\"doc_id\":\"b\"") && stdout.contains("\"doc_id\":\"f\""));
    assert!(!stdout.contains("\"doc_id\":\"c\"") && !stdout.contains("num_articles"));
}

#[test]
fn dedup_lists_copies() {
    let path = corpus();
    let mut args = vec!["dedup", path.to_str().unwrap()];
    args.extend(FIELDS);
    let out = entente(&args);
    assert!(out.status.success());
    let lines: Vec<serde_json::Value> = String::from_utf8_lossy(&out.stdout)
        .lines()
        .map(|l| serde_json::from_str(l).expect("json"))
        .collect();
    assert_eq!(lines.len(), 2);
    assert_eq!(
        (&lines[0]["id"], &lines[0]["copy_of"]),
        (&"b".into(), &"a".into())
    );
    assert_eq!(lines[1]["id"], "f");
    assert!(String::from_utf8_lossy(&out.stderr).contains("2 duplicates in 1 clusters"));
}

#[test]
fn html_pages_are_coded_and_binary_ones_refused() {
    let d = dir().join("pages");
    std::fs::create_dir_all(&d).unwrap();
    let page = format!(
        "<html lang=\"en\"><head><title>Sanctions</title>\
         <meta property=\"article:published_time\" content=\"2024-06-01T08:00:00Z\"></head>\
         <body><nav><a href=\"/\">Home</a></nav><article><h1>Sanctions</h1><p>{STORY}</p>\
         </article><footer>Copyright Example News</footer></body></html>"
    );
    std::fs::write(d.join("page.html"), page).unwrap();
    std::fs::write(d.join("logo.html"), b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0").unwrap();
    let out = entente(&["code", d.to_str().unwrap()]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("logo.html: binary data"), "{stderr}");
    assert!(stderr.contains("1 unreadable"), "{stderr}");
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(stdout.contains("\"doc_id\":\"page\""), "{stdout}");
    assert!(stdout.contains("\"date\":\"2024-"), "{stdout}");
}
