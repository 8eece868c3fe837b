//! The fetcher against a local server: robots.txt, 404 without retry, 500 then 200 with
//! retries, timeouts, the per-host delay, and a feed's items.

mod support;

use std::time::Duration;

use entente_fetch::{parse_feed, FetchError, FetchOptions, Fetcher};
use support::server::{Reply, Server};

fn fast() -> FetchOptions {
    FetchOptions {
        min_interval: Duration::ZERO,
        timeout: Duration::from_millis(400),
        retries: 2,
        backoff: Duration::from_millis(10),
        ..FetchOptions::default()
    }
}

fn routes(path: &str, hit: usize) -> Reply {
    match path {
        "/robots.txt" => Reply::ok(
            "text/plain",
            "User-agent: *\nDisallow: /private/\n\nUser-agent: otherbot\nDisallow: /\n",
        ),
        "/a.html" => Reply::ok("text/html", "<html><p>A</p></html>"),
        "/private/b.html" => Reply::ok("text/html", "<html><p>secret</p></html>"),
        "/flaky.html" if hit == 0 => Reply::status(500),
        "/flaky.html" => Reply::ok("text/html", "<html><p>back</p></html>"),
        "/down.html" => Reply::status(503),
        "/slow.html" => Reply {
            delay: Duration::from_secs(3),
            ..Reply::ok("text/html", "<html>late</html>")
        },
        "/feed.xml" => Reply::ok(
            "application/rss+xml",
            "<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>Local</title>\
             <item><title>A</title><link>/a.html</link><pubDate>Tue, 05 Mar 2024 06:07:08 GMT</pubDate></item>\
             <item><title>B</title><link>/private/b.html</link></item></channel></rss>",
        ),
        _ => Reply::status(404),
    }
}

#[test]
fn pages_robots_and_user_agent() {
    let server = Server::start(Box::new(routes));
    let mut f = Fetcher::new(fast());
    let page = f.get(&format!("{}/a.html", server.base)).unwrap();
    assert_eq!(page.status, 200);
    assert_eq!(page.content_type.as_deref(), Some("text/html"));
    assert_eq!(page.body, b"<html><p>A</p></html>");
    let err = f
        .get(&format!("{}/private/b.html", server.base))
        .unwrap_err();
    assert!(matches!(err, FetchError::Robots(_)), "{err}");
    assert!(err.to_string().contains("robots.txt"));
    // robots.txt was read once, and the disallowed page never asked for.
    assert_eq!(server.paths(), ["/robots.txt", "/a.html"]);
    let log = server.log.lock().unwrap();
    assert!(log
        .iter()
        .all(|(_, agent, _)| agent.starts_with("entente/")));
}

#[test]
fn not_found_is_not_retried_and_server_errors_are() {
    let server = Server::start(Box::new(routes));
    let mut f = Fetcher::new(fast());
    let err = f.get(&format!("{}/missing.html", server.base)).unwrap_err();
    assert!(
        matches!(
            err,
            FetchError::Status {
                status: 404,
                tries: 1,
                ..
            }
        ),
        "{err}"
    );
    let page = f.get(&format!("{}/flaky.html", server.base)).unwrap();
    assert_eq!(page.body, b"<html><p>back</p></html>");
    let err = f.get(&format!("{}/down.html", server.base)).unwrap_err();
    assert!(
        matches!(
            err,
            FetchError::Status {
                status: 503,
                tries: 3,
                ..
            }
        ),
        "{err}"
    );
    assert!(err.to_string().contains("HTTP 503 (3 tries)"));
    let paths = server.paths();
    let count = |p: &str| paths.iter().filter(|x| *x == p).count();
    assert_eq!(
        (
            count("/missing.html"),
            count("/flaky.html"),
            count("/down.html")
        ),
        (1, 2, 3)
    );
}

#[test]
fn timeouts_are_retried_then_reported() {
    let server = Server::start(Box::new(routes));
    let mut f = Fetcher::new(FetchOptions {
        retries: 1,
        ..fast()
    });
    let err = f.get(&format!("{}/slow.html", server.base)).unwrap_err();
    assert!(matches!(err, FetchError::Timeout { tries: 2, .. }), "{err}");
}

#[test]
fn one_host_is_asked_at_most_once_per_interval() {
    let server = Server::start(Box::new(routes));
    let gap = Duration::from_millis(150);
    let mut f = Fetcher::new(FetchOptions {
        min_interval: gap,
        ..fast()
    });
    for _ in 0..3 {
        f.get(&format!("{}/a.html", server.base)).unwrap();
    }
    let log = server.log.lock().unwrap();
    assert_eq!(log.len(), 4); // robots.txt and three pages
    for w in log.windows(2) {
        assert!(w[1].2.duration_since(w[0].2) >= gap - Duration::from_millis(5));
    }
}

#[test]
fn feeds_list_their_items_with_absolute_links() {
    let server = Server::start(Box::new(routes));
    let mut f = Fetcher::new(fast());
    let url = format!("{}/feed.xml", server.base);
    let page = f.get(&url).unwrap();
    let feed = parse_feed(&page.body, Some(&url)).unwrap();
    assert_eq!(feed.title.as_deref(), Some("Local"));
    let links: Vec<&str> = feed.items.iter().map(|i| i.link.as_str()).collect();
    assert_eq!(
        links,
        [
            format!("{}/a.html", server.base),
            format!("{}/private/b.html", server.base)
        ]
    );
    assert_eq!(feed.items[0].date.as_deref(), Some("2024-03-05"));
}
