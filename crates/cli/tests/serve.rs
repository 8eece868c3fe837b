//! `entente serve` end to end: our fixture articles (tests/data/serve) are coded into a
//! database with `entente ingest`, the server is started on a free loopback port, and the
//! API is asked over HTTP: filters, paging, evidence, escaping, errors, read-only.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::Duration;

use serde_json::Value;

const FIXTURE: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/tests/data/serve/articles.jsonl"
);

/// A running `entente serve`, stopped when dropped.
struct Server {
    child: Child,
    port: u16,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn temp_dir(name: &str) -> PathBuf {
    let dir =
        std::env::temp_dir().join(format!("entente-serve-test-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("temp dir");
    dir
}

fn ingest(db: &Path) {
    let out = Command::new(env!("CARGO_BIN_EXE_entente"))
        .args(["ingest", FIXTURE, "--db"])
        .arg(db)
        .output()
        .expect("runs");
    assert!(
        out.status.success(),
        "ingest failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

fn start(db: &Path) -> Server {
    let mut child = Command::new(env!("CARGO_BIN_EXE_entente"))
        .args(["serve", "--listen", "127.0.0.1:0", "--db"])
        .arg(db)
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("runs");
    let stderr = child.stderr.take().expect("stderr");
    let mut lines = BufReader::new(stderr).lines();
    let mut seen = String::new();
    let port = loop {
        let Some(Ok(line)) = lines.next() else {
            let _ = child.kill();
            panic!("entente serve stopped before listening: {seen}");
        };
        seen.push_str(&line);
        if let Some(rest) = line.split("http://127.0.0.1:").nth(1) {
            let digits: String = rest.chars().take_while(char::is_ascii_digit).collect();
            break digits.parse().expect("port");
        }
    };
    // Keep draining stderr so the server never blocks on a full pipe.
    std::thread::spawn(move || for _ in lines {});
    Server { child, port }
}

thread_local! {
    /// The port of the server the checks of [`api_over_coded_articles`] ask.
    static PORT: std::cell::Cell<u16> = const { std::cell::Cell::new(0) };
}

fn port() -> u16 {
    PORT.with(std::cell::Cell::get)
}

/// One server over the fixture database for all the checks (stopped at the end, even
/// when a check fails).
#[test]
fn api_over_coded_articles() {
    let dir = temp_dir("fixture");
    let db = dir.join("fixture.db");
    ingest(&db);
    let server = start(&db);
    PORT.with(|p| p.set(server.port));
    stats_count_the_fixture();
    filters_select_the_right_events();
    pages_are_bounded_and_chained_by_cursor();
    evidence_marks_the_parties_and_keeps_markup_as_text();
    series_network_actors_and_search();
    bad_requests_are_json_400s_and_writes_are_refused();
    drop(server);
    let _ = std::fs::remove_dir_all(dir);
}

/// A minimal HTTP/1.1 client: one request, `Connection: close`, body read to the end.
fn request(port: u16, method: &str, path: &str) -> (u16, String, String) {
    let mut stream = TcpStream::connect(("127.0.0.1", port)).expect("connect");
    stream
        .set_read_timeout(Some(Duration::from_secs(30)))
        .expect("timeout");
    write!(
        stream,
        "{method} {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\nContent-Length: 0\r\n\r\n"
    )
    .expect("send");
    let mut raw = Vec::new();
    stream.read_to_end(&mut raw).expect("read");
    let raw = String::from_utf8_lossy(&raw).into_owned();
    let (head, body) = raw.split_once("\r\n\r\n").expect("a head and a body");
    let status = head
        .split_whitespace()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .expect("status");
    let chunked = head
        .to_ascii_lowercase()
        .contains("transfer-encoding: chunked");
    let body = if chunked {
        dechunk(body)
    } else {
        body.to_string()
    };
    (status, head.to_string(), body)
}

fn dechunk(mut body: &str) -> String {
    let mut out = String::new();
    while let Some((size, rest)) = body.split_once("\r\n") {
        let n = usize::from_str_radix(size.trim(), 16).expect("chunk size");
        if n == 0 {
            break;
        }
        out.push_str(&rest[..n]);
        body = &rest[n + 2..];
    }
    out
}

fn get_json(path: &str) -> Value {
    let (status, _, body) = request(port(), "GET", path);
    assert_eq!(status, 200, "{path}: {body}");
    serde_json::from_str(&body).expect("JSON")
}

fn events(path: &str) -> Vec<Value> {
    get_json(path)["events"]
        .as_array()
        .cloned()
        .unwrap_or_default()
}

fn stats_count_the_fixture() {
    let stats = get_json("/api/stats");
    assert_eq!(stats["documents"], 4, "{stats}");
    assert!(stats["events"].as_u64().unwrap_or(0) >= 6, "{stats}");
    assert_eq!(stats["first_day"], "2024-01-15", "{stats}");
    assert_eq!(stats["last_day"], "2024-03-28", "{stats}");
}

fn filters_select_the_right_events() {
    let all = events("/api/events?limit=500");
    assert!(all.len() >= 6);
    let by_source = events("/api/events?source=USA&target=IRN");
    assert_eq!(by_source.len(), 1, "{by_source:?}");
    assert_eq!(by_source[0]["code"], "163");
    let both = events("/api/events?source=USA&target=IRN&both_directions=true");
    assert_eq!(both.len(), 2, "{both:?}");
    for e in events("/api/events?country=DEU") {
        let sides = [&e["source"]["country"], &e["target"]["country"]];
        assert!(sides.iter().any(|c| *c == "DEU"), "{e}");
    }
    for e in events("/api/events?quad_class=4") {
        assert_eq!(e["quad_class"], 4);
    }
    for e in events("/api/events?root=11") {
        assert_eq!(e["root"], "11");
    }
    let march = events("/api/events?from=2024-03-01&to=2024-03-31");
    assert!(!march.is_empty());
    assert!(march
        .iter()
        .all(|e| e["date"].as_str().is_some_and(|d| d.starts_with("2024-03"))));
    let found = events("/api/events?q=sanctions");
    assert_eq!(found.len(), 1, "{found:?}");
    assert!(events("/api/events?modality=negated").is_empty());
}

fn pages_are_bounded_and_chained_by_cursor() {
    let all = events("/api/events?limit=500");
    let mut seen = Vec::new();
    let mut next = String::new();
    loop {
        let page = get_json(&format!("/api/events?limit=2{next}"));
        let got = page["events"].as_array().cloned().unwrap_or_default();
        assert!(got.len() <= 2);
        seen.extend(got.iter().map(|e| e["id"].clone()));
        match page["next"].as_str() {
            Some(c) => next = format!("&after={}", c.replace('|', "%7C")),
            None => break,
        }
    }
    let ids: Vec<_> = all.iter().map(|e| e["id"].clone()).collect();
    assert_eq!(seen, ids, "cursor paging gives every event once, in order");
    let (status, _, body) = request(port(), "GET", "/api/events?limit=501");
    assert_eq!(status, 400, "{body}");
    let counted = get_json("/api/events?limit=1&count=true");
    assert_eq!(counted["total"].as_u64(), Some(all.len() as u64));
}

fn evidence_marks_the_parties_and_keeps_markup_as_text() {
    let found = events("/api/events?q=shelling");
    assert_eq!(found.len(), 1, "{found:?}");
    let id = found[0]["id"].as_i64().expect("id");
    let evidence = get_json(&format!("/api/events/{id}"));
    let segments = evidence["segments"].as_array().cloned().unwrap_or_default();
    let sentence: String = segments.iter().filter_map(|s| s["text"].as_str()).collect();
    assert_eq!(
        sentence,
        evidence["event"]["sentence"].as_str().unwrap_or("")
    );
    assert!(
        sentence.contains("<script>alert('x')</script>"),
        "{sentence}"
    );
    let role = |r: &str| -> Vec<&str> {
        segments
            .iter()
            .filter(|s| s["role"] == r)
            .filter_map(|s| s["text"].as_str())
            .collect()
    };
    assert_eq!(role("source"), ["India"]);
    assert_eq!(role("target"), ["Pakistan"]);
    assert_eq!(role("trigger"), ["accused"]);
    assert_eq!(
        evidence["document"]["title"],
        "<b>Border</b> clash & <i>talks</i>"
    );
    assert!(evidence["after"]
        .as_str()
        .unwrap_or("")
        .contains("Pakistan rejected"));
    let (status, head, _) = request(port(), "GET", &format!("/api/events/{id}"));
    assert_eq!(status, 200);
    let head = head.to_ascii_lowercase();
    assert!(head.contains("content-type: application/json"), "{head}");
    assert!(head.contains("x-content-type-options: nosniff"), "{head}");
}

fn series_network_actors_and_search() {
    let series = get_json("/api/series?source=USA&target=IRN&both_directions=true&interval=month");
    let points = series.as_array().cloned().unwrap_or_default();
    assert_eq!(points.len(), 1, "{series}");
    assert_eq!(points[0]["period"], "2024-02");
    assert_eq!(points[0]["events"], 2);
    let network = get_json("/api/network");
    let edges = network["edges"].as_array().cloned().unwrap_or_default();
    assert!(
        edges
            .iter()
            .any(|e| e["source"] == "USA" && e["target"] == "IRN" && e["conflict"] == 1),
        "{network}"
    );
    let march = get_json("/api/network?from=2024-03-01&to=2024-03-31");
    assert!(
        march["edges"]
            .as_array()
            .is_some_and(|e| e.iter().all(|e| e["source"] != "USA")),
        "{march}"
    );
    let deu = get_json("/api/actors/DEU");
    assert!(deu["as_source"].as_u64().unwrap_or(0) >= 1, "{deu}");
    let hits = get_json("/api/search?q=missile");
    assert!(hits.as_array().is_some_and(|h| h.len() == 1), "{hits}");
    let _ = get_json("/api/unknown-actors");
    let _ = get_json("/api/actors");
}

fn bad_requests_are_json_400s_and_writes_are_refused() {
    let port = port();
    for path in [
        "/api/events?from=2024-02-30x",
        "/api/events?quad_class=9",
        "/api/events?source=USA%27%3B%20DROP%20TABLE%20events%3B--",
        "/api/events?limit=-1",
        "/api/events?unknown=1",
    ] {
        let (status, _, body) = request(port, "GET", path);
        assert_eq!(status, 400, "{path}: {body}");
        let v: Value = serde_json::from_str(&body).expect("JSON error body");
        assert!(v["error"].as_str().is_some_and(|m| !m.is_empty()), "{body}");
    }
    for (method, path) in [("POST", "/api/events"), ("DELETE", "/api/events/1")] {
        let (status, _, _) = request(port, method, path);
        assert_eq!(status, 405, "{method} {path}");
    }
    // The data is still all there.
    assert!(get_json("/api/stats")["events"].as_u64().unwrap_or(0) >= 6);
}

#[test]
fn a_missing_database_is_a_clear_error() {
    let dir = temp_dir("missing");
    let out = Command::new(env!("CARGO_BIN_EXE_entente"))
        .args(["serve", "--listen", "127.0.0.1:0", "--db"])
        .arg(dir.join("nothing.db"))
        .output()
        .expect("runs");
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("nothing.db") && err.contains("no such database"),
        "{err}"
    );
    let _ = std::fs::remove_dir_all(dir);
}
