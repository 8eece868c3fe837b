//! End-to-end tests of the event store commands: `ingest` stores what `code` prints,
//! re-runs change nothing, a killed ingest leaves a sound database that a re-run
//! completes, and `query`/`export` answer from it.

use std::collections::BTreeMap;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

use entente_store::Store;

fn entente(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_entente"))
        .args(args)
        .stdin(Stdio::null())
        .output()
        .expect("runs")
}

fn temp_dir(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("entente-store-cli-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("temp dir");
    dir
}

fn samples() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../samples/articles")
}

fn s(p: &Path) -> &str {
    p.to_str().expect("utf-8 path")
}

/// A JSON Lines corpus of `n` articles: the sample articles with numbered variations,
/// dated over a few months.
fn corpus(dir: &Path, n: usize) -> PathBuf {
    let mut texts = Vec::new();
    for e in std::fs::read_dir(samples()).expect("samples") {
        let p = e.expect("entry").path();
        texts.push(std::fs::read_to_string(p).expect("sample"));
    }
    texts.sort();
    let path = dir.join("corpus.jsonl");
    let mut f = std::fs::File::create(&path).expect("corpus");
    for i in 0..n {
        let text = format!(
            "{}\nOfficials in Ankara said talks number {i} would continue next week.\n",
            texts[i % texts.len()]
        );
        let line = serde_json::json!({
            "id": format!("doc-{i:04}"),
            "date": format!("2024-{:02}-{:02}", 1 + i % 6, 1 + i % 28),
            "text": text,
        });
        writeln!(f, "{line}").expect("write");
    }
    path
}

/// Per document id: (sentences, events).
fn per_document(db: &Path) -> BTreeMap<String, (i64, i64)> {
    let store = Store::open_read_only(db).expect("open");
    let conn = store.connection();
    let mut st = conn
        .prepare(
            "SELECT d.doc_id,
                    (SELECT count(*) FROM sentences s WHERE s.doc = d.id),
                    (SELECT count(*) FROM events e WHERE e.doc = d.id)
             FROM documents d",
        )
        .expect("prepare");
    st.query_map([], |r| Ok((r.get(0)?, (r.get(1)?, r.get(2)?))))
        .expect("query")
        .collect::<Result<_, _>>()
        .expect("rows")
}

fn integrity(db: &Path) -> String {
    let store = Store::open_read_only(db).expect("open");
    store
        .connection()
        .query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .expect("integrity check")
}

#[test]
fn ingest_stores_exactly_what_code_prints_and_a_rerun_changes_nothing() {
    let dir = temp_dir("same");
    let db = dir.join("e.db");
    let input = corpus(&dir, 6);
    let code = entente(&["code", s(&input), "--quiet"]);
    assert!(
        code.status.success(),
        "{}",
        String::from_utf8_lossy(&code.stderr)
    );
    let out = entente(&["ingest", s(&input), "--db", s(&db)]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("6 documents (6 added, 0 replaced, 0 unchanged)"),
        "{err}"
    );

    let export = dir.join("events.jsonl");
    let ex = entente(&[
        "export",
        "--db",
        s(&db),
        "--format",
        "jsonl",
        "-o",
        s(&export),
    ]);
    assert!(
        ex.status.success(),
        "{}",
        String::from_utf8_lossy(&ex.stderr)
    );
    let mut stored: Vec<serde_json::Value> = std::fs::read_to_string(&export)
        .expect("export")
        .lines()
        .map(|l| serde_json::from_str(l).expect("json"))
        .collect();
    for v in &mut stored {
        v.as_object_mut().expect("object").remove("id");
    }
    let coded: Vec<serde_json::Value> = String::from_utf8_lossy(&code.stdout)
        .lines()
        .map(|l| serde_json::from_str(l).expect("json"))
        .collect();
    assert!(!coded.is_empty());
    assert_eq!(
        stored, coded,
        "the store gives back the event records of `code`"
    );

    let before = per_document(&db);
    let again = entente(&["ingest", s(&input), "--db", s(&db)]);
    assert!(String::from_utf8_lossy(&again.stderr).contains("(0 added, 0 replaced, 6 unchanged)"));
    assert_eq!(per_document(&db), before);

    // A changed document is replaced; the others stay.
    let changed = dir.join("changed.jsonl");
    std::fs::write(
        &changed,
        "{\"id\": \"doc-0001\", \"text\": \"Russia attacked Ukraine. Turkey condemned the attack.\"}\n",
    )
    .expect("write");
    let c = entente(&["ingest", s(&changed), "--db", s(&db)]);
    assert!(String::from_utf8_lossy(&c.stderr).contains("(0 added, 1 replaced, 0 unchanged)"));
    let after = per_document(&db);
    assert_eq!(after.len(), 6);
    assert_eq!(after["doc-0001"].0, 2);
    assert_eq!(after["doc-0002"], before["doc-0002"]);
}

#[test]
fn queries_answer_from_an_ingested_database_and_refuse_bad_parameters() {
    let dir = temp_dir("query");
    let db = dir.join("q.db");
    let input = corpus(&dir, 4);
    assert!(entente(&["ingest", s(&input), "--db", s(&db), "--quiet"])
        .status
        .success());
    let stats = entente(&["query", "stats", "--db", s(&db)]);
    let v: serde_json::Value = serde_json::from_slice(&stats.stdout).expect("json");
    assert_eq!(v["documents"], 4);
    let events = entente(&[
        "query",
        "events",
        "--db",
        s(&db),
        "--country",
        "QAT",
        "--limit",
        "3",
    ]);
    assert!(events.status.success());
    let lines: Vec<serde_json::Value> = String::from_utf8_lossy(&events.stdout)
        .lines()
        .map(|l| serde_json::from_str(l).expect("json"))
        .collect();
    assert!(!lines.is_empty() && lines.len() <= 3);
    assert!(lines
        .iter()
        .all(|e| e["source"]["country"] == "QAT" || e["target"]["country"] == "QAT"));
    let id = lines[0]["id"].as_i64().expect("id");
    let ev = entente(&["query", "event", &id.to_string(), "--db", s(&db)]);
    let ctx: serde_json::Value = serde_json::from_slice(&ev.stdout).expect("json");
    let joined: String = ctx["segments"]
        .as_array()
        .expect("segments")
        .iter()
        .map(|x| x["text"].as_str().expect("text"))
        .collect();
    assert_eq!(joined, lines[0]["sentence"].as_str().expect("sentence"));
    let table = entente(&["query", "network", "--db", s(&db), "--format", "table"]);
    assert!(String::from_utf8_lossy(&table.stdout).starts_with("source  target"));
    for bad in [
        vec!["query", "events", "--from", "2024-13"],
        vec!["query", "events", "--limit", "5000"],
        vec!["query", "search", "\"open"],
    ] {
        let mut args = bad.clone();
        args.extend(["--db", s(&db)]);
        let out = entente(&args);
        assert_eq!(out.status.code(), Some(1), "{bad:?}");
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(
            err.starts_with("entente: bad query:") && err.lines().count() == 1,
            "{err}"
        );
    }
    let missing = entente(&["query", "stats", "--db", s(&dir.join("none.db"))]);
    assert!(String::from_utf8_lossy(&missing.stderr).contains("no such database"));
}

#[test]
fn a_killed_ingest_leaves_a_sound_database_that_a_rerun_completes() {
    let dir = temp_dir("crash");
    let input = corpus(&dir, 600);
    let clean = dir.join("clean.db");
    let out = entente(&["ingest", s(&input), "--db", s(&clean), "--quiet"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let full = per_document(&clean);
    assert_eq!(full.len(), 600);

    let db = dir.join("killed.db");
    let mut child = Command::new(env!("CARGO_BIN_EXE_entente"))
        .args(["ingest", s(&input), "--db", s(&db), "--quiet"])
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("spawn");
    // Kill it once some batches are committed, while it is still running.
    let start = Instant::now();
    loop {
        std::thread::sleep(Duration::from_millis(10));
        let stored = db.exists()
            && Store::open_read_only(&db)
                .and_then(|s| s.stats())
                .is_ok_and(|s| s.documents >= 128);
        if stored || start.elapsed() > Duration::from_secs(120) {
            break;
        }
    }
    assert!(
        child.try_wait().expect("wait").is_none(),
        "ingest ended before it could be killed"
    );
    child.kill().expect("SIGKILL");
    child.wait().expect("reaped");

    assert_eq!(integrity(&db), "ok");
    let partial = per_document(&db);
    assert!(
        partial.len() >= 128 && partial.len() < 600,
        "{} documents",
        partial.len()
    );
    for (id, counts) in &partial {
        assert_eq!(Some(counts), full.get(id), "{id} is whole");
    }

    let rerun = entente(&["ingest", s(&input), "--db", s(&db)]);
    assert!(rerun.status.success());
    let err = String::from_utf8_lossy(&rerun.stderr);
    assert!(
        err.contains(&format!(
            "({} added, 0 replaced, {} unchanged)",
            600 - partial.len(),
            partial.len()
        )),
        "{err}"
    );
    assert_eq!(integrity(&db), "ok");
    assert_eq!(per_document(&db), full);
    let a = Store::open_read_only(&db)
        .expect("open")
        .stats()
        .expect("stats");
    let b = Store::open_read_only(&clean)
        .expect("open")
        .stats()
        .expect("stats");
    assert_eq!(a, b);
}

#[test]
fn exports_write_every_format_to_files() {
    let dir = temp_dir("export");
    let db = dir.join("x.db");
    let input = corpus(&dir, 3);
    assert!(entente(&["ingest", s(&input), "--db", s(&db), "--quiet"])
        .status
        .success());
    let n = Store::open_read_only(&db)
        .expect("open")
        .stats()
        .expect("stats")
        .events as usize;
    assert!(n > 0);
    for (format, header) in [("csv", 1), ("gdelt", 0)] {
        let path = dir.join(format!("out.{format}"));
        let out = entente(&["export", "--db", s(&db), "--format", format, "-o", s(&path)]);
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        let text = std::fs::read_to_string(&path).expect("read");
        if format == "gdelt" {
            assert!(text.lines().all(|l| l.split('\t').count() == 61));
            assert_eq!(text.lines().count(), n + header);
        } else {
            assert!(text.starts_with("id,doc_id,event_id,"));
            assert_eq!(csv_rows(&text).len(), n);
        }
    }
    let pq = dir.join("out.parquet");
    let out = entente(&[
        "export",
        "--db",
        s(&db),
        "--format",
        "parquet",
        "-o",
        s(&pq),
        "--root",
        "04",
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(std::fs::read(&pq).expect("parquet").starts_with(b"PAR1"));
    let stdout_parquet = entente(&["export", "--db", s(&db), "--format", "parquet", "-o", "-"]);
    assert_eq!(stdout_parquet.status.code(), Some(1));
}

/// Rows of a CSV text after its header (quoted fields may hold line breaks).
fn csv_rows(text: &str) -> Vec<Vec<String>> {
    let mut rows = Vec::new();
    let mut row = Vec::new();
    let mut field = String::new();
    let mut quoted = false;
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match (c, quoted) {
            ('"', true) if chars.peek() == Some(&'"') => {
                field.push('"');
                chars.next();
            }
            ('"', _) => quoted = !quoted,
            (',', false) => row.push(std::mem::take(&mut field)),
            ('\n', false) => {
                row.push(std::mem::take(&mut field));
                rows.push(std::mem::take(&mut row));
            }
            (c, _) => field.push(c),
        }
    }
    rows.remove(0);
    rows
}
