//! `entente fetch` and `watch` against a local HTTP server serving our fixture feed and
//! pages: events from the articles, warnings for a dead feed and a disallowed page.

#[path = "../../fetch/tests/support/server.rs"]
mod server;

use std::process::Command;

use server::{Reply, Server};

const STORY: &str = "China accused Japan of violating its airspace on Monday, and the Chinese \
foreign ministry said it would lodge a formal protest with Tokyo over the incident.";

fn routes(path: &str, _hit: usize) -> Reply {
    match path {
        "/robots.txt" => Reply::ok("text/plain", "User-agent: *\nDisallow: /private/\n"),
        "/rss.xml" => Reply::ok(
            "application/rss+xml",
            "<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>Local news</title>\
             <item><title>Airspace</title><link>/world/airspace.html</link>\
             <pubDate>Tue, 05 Mar 2024 06:07:08 GMT</pubDate></item>\
             <item><title>Copy</title><link>/other/airspace-copy.html</link></item>\
             <item><title>Hidden</title><link>/private/x.html</link></item>\
             <item><title>Gone</title><link>/gone.html</link></item></channel></rss>",
        ),
        "/world/airspace.html" => Reply::ok(
            "text/html; charset=utf-8",
            format!(
                "<html lang=\"en\"><head><title>Airspace row</title></head><body>\
                 <nav><a href=\"/\">Home</a></nav><article><h1>Airspace row</h1><p>{STORY}</p>\
                 <p>Japan denied the accusation and said its aircraft had stayed in \
                 international airspace throughout the flight.</p></article></body></html>"
            ),
        ),
        "/other/airspace-copy.html" => Reply::ok(
            "text/html",
            format!(
                "<html><body><article><p>By Staff</p><p>{STORY}</p><p>Japan denied the \
                 accusation and said its aircraft had stayed in international airspace \
                 throughout the flight.</p></article><footer>Copyright</footer></body></html>"
            ),
        ),
        "/dead.xml" => Reply::status(500),
        _ => Reply::status(404),
    }
}

fn entente(args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_entente"))
        .args(args)
        .output()
        .expect("runs")
}

const POLITE: [&str; 6] = ["--delay", "0", "--retries", "1", "--backoff", "0.01"];

#[test]
fn fetch_codes_feed_articles_and_reports_failures() {
    let server = Server::start(Box::new(routes));
    let feed = format!("{}/rss.xml", server.base);
    let dead = format!("{}/dead.xml", server.base);
    let mut args = vec!["fetch", feed.as_str(), dead.as_str(), "--dedup"];
    args.extend(POLITE);
    let out = entente(&args);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    let events: Vec<serde_json::Value> = String::from_utf8_lossy(&out.stdout)
        .lines()
        .map(|l| serde_json::from_str(l).expect("json"))
        .collect();
    assert!(!events.is_empty(), "{stderr}");
    let article = format!("{}/world/airspace.html", server.base);
    for e in &events {
        assert_eq!(e["doc_id"], article.as_str());
        assert_eq!(e["num_articles"], 2);
        assert_eq!(e["date"].as_str().map(|d| &d[..7]), Some("2024-03"), "{e}");
    }
    assert!(stderr.contains("dead.xml: HTTP 500 (2 tries)"), "{stderr}");
    assert!(
        stderr.contains("private/x.html: disallowed by robots.txt"),
        "{stderr}"
    );
    assert!(stderr.contains("gone.html: HTTP 404"), "{stderr}");
    assert!(
        stderr.contains("fetched 1 feeds (1 failed) and 2 pages (2 failed, 1 disallowed"),
        "{stderr}"
    );
    assert!(stderr.contains("1 duplicates"), "{stderr}");
    assert!(!server.paths().iter().any(|p| p.starts_with("/private/")));
}

#[test]
fn fetch_save_writes_pages_and_watch_fetches_each_link_once() {
    let server = Server::start(Box::new(routes));
    let dir = std::env::temp_dir().join(format!("entente-fetch-save-{}", std::process::id()));
    let feed = format!("{}/rss.xml", server.base);
    let mut args = vec!["fetch", feed.as_str(), "--save", dir.to_str().unwrap()];
    args.extend(POLITE);
    let out = entente(&args);
    assert!(String::from_utf8_lossy(&out.stderr).contains("saved 2 pages"));
    let mut names: Vec<String> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert_eq!(names.len(), 2);
    assert!(names[1].ends_with("world_airspace.html"), "{names:?}");

    let mut args = vec![
        "watch",
        feed.as_str(),
        "--interval",
        "0",
        "--rounds",
        "2",
        "-q",
    ];
    args.extend(POLITE);
    let out = entente(&args);
    assert!(!out.stdout.is_empty());
    let paths = server.paths();
    let count = |p: &str| paths.iter().filter(|x| *x == p).count();
    // Two fetches and two polls of the feed, each article once per run.
    assert_eq!(count("/rss.xml"), 3);
    assert_eq!(count("/world/airspace.html"), 2);
}
