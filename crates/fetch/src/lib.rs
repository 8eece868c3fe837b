//! Polite fetching of news: RSS 2.0 and Atom feeds and the article pages they link to.
//!
//! A tour:
//! - [`Fetcher::get`] fetches one URL over HTTP(S) (blocking, with `ureq`) the way a
//!   well-behaved crawler does: a user agent that names entente, robots.txt read once per
//!   site and honoured, at most one request per `min_interval` to a host, a timeout, and
//!   retries with exponential backoff on 5xx, 429, timeouts and network errors (never on
//!   other 4xx, such as 404).
//! - [`parse_feed`] reads an RSS 2.0 or Atom document into [`FeedItem`]s (link, title,
//!   date, id); [`looks_like_feed`] tells a feed from a page.
//! - [`Robots`] is the robots.txt matcher on its own.
//!
//! ```
//! let rss = br#"<?xml version="1.0"?><rss version="2.0"><channel><title>News</title>
//!   <item><title>Talks resume</title><link>https://news.example/a</link>
//!   <pubDate>Tue, 05 Mar 2024 06:07:08 GMT</pubDate></item></channel></rss>"#;
//! assert!(entente_fetch::looks_like_feed(rss));
//! let feed = entente_fetch::parse_feed(rss, None).unwrap();
//! assert_eq!(feed.items[0].link, "https://news.example/a");
//! assert_eq!(feed.items[0].date.as_deref(), Some("2024-03-05"));
//! ```
#![deny(missing_docs)]

mod feed;
mod robots;

use std::collections::HashMap;
use std::io::Read;
use std::time::{Duration, Instant};

pub use feed::{looks_like_feed, parse_feed, Feed, FeedError, FeedItem};
pub use robots::Robots;

/// How politely to fetch.
#[derive(Debug, Clone)]
pub struct FetchOptions {
    /// The `User-Agent` header; its first word (before `/`) is matched in robots.txt.
    pub user_agent: String,
    /// Least time between two requests to one host.
    pub min_interval: Duration,
    /// Time allowed for one whole request (connect, headers and body).
    pub timeout: Duration,
    /// Retries after the first try, on 5xx, 429, timeouts and network errors.
    pub retries: u32,
    /// The first wait before a retry; each further wait doubles.
    pub backoff: Duration,
    /// Honour robots.txt.
    pub robots: bool,
    /// Bodies larger than this are refused.
    pub max_bytes: u64,
}

impl Default for FetchOptions {
    fn default() -> Self {
        FetchOptions {
            user_agent: format!(
                "entente/{} (news event coder; +https://example.invalid/entente)",
                env!("CARGO_PKG_VERSION")
            ),
            min_interval: Duration::from_secs(1),
            timeout: Duration::from_secs(20),
            retries: 3,
            backoff: Duration::from_millis(500),
            robots: true,
            max_bytes: 16 << 20,
        }
    }
}

/// A fetched page.
#[derive(Debug, Clone)]
pub struct Page {
    /// The URL asked for.
    pub url: String,
    /// The HTTP status (2xx).
    pub status: u16,
    /// The `Content-Type` header, if any.
    pub content_type: Option<String>,
    /// The body.
    pub body: Vec<u8>,
}

/// Why a URL could not be fetched.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum FetchError {
    /// Not an `http://` or `https://` URL.
    #[error("{0}: not an http(s) URL")]
    BadUrl(String),
    /// robots.txt forbids it.
    #[error("{0}: disallowed by robots.txt, not fetched")]
    Robots(String),
    /// The server answered with an error status (after retries, for 5xx).
    #[error("{url}: HTTP {status}{}", retried(*.tries))]
    Status {
        /// The URL.
        url: String,
        /// The status code.
        status: u16,
        /// Tries made.
        tries: u32,
    },
    /// No answer in time (after retries).
    #[error("{url}: timed out{}", retried(*.tries))]
    Timeout {
        /// The URL.
        url: String,
        /// Tries made.
        tries: u32,
    },
    /// Connection refused, name not found, TLS or protocol errors (after retries).
    #[error("{url}: {message}{}", retried(*.tries))]
    Network {
        /// The URL.
        url: String,
        /// What went wrong.
        message: String,
        /// Tries made.
        tries: u32,
    },
    /// The body is over the size limit.
    #[error("{0}: larger than the size limit, not kept")]
    TooLarge(String),
}

fn retried(tries: u32) -> String {
    if tries > 1 {
        format!(" ({tries} tries)")
    } else {
        String::new()
    }
}

/// The parts of an http(s) URL that politeness needs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UrlParts<'a> {
    /// `http://host:port` (the robots.txt site and the rate-limit key).
    pub origin: &'a str,
    /// The path with its query, at least `/`.
    pub path: &'a str,
}

/// Splits an http(s) URL into origin and path (fragment dropped); `None` for other URLs.
pub fn url_parts(url: &str) -> Option<UrlParts<'_>> {
    let lower = url.get(..8)?.to_ascii_lowercase();
    let scheme_len = if lower.starts_with("https://") {
        8
    } else if lower.starts_with("http://") {
        7
    } else {
        return None;
    };
    let url = url.split('#').next().unwrap_or(url);
    let rest = &url[scheme_len..];
    let host_end = rest.find(['/', '?']).unwrap_or(rest.len());
    if host_end == 0 {
        return None;
    }
    let origin = &url[..scheme_len + host_end];
    let path = &rest[host_end..];
    Some(UrlParts {
        origin,
        path: if path.is_empty() { "/" } else { path },
    })
}

/// Resolves a link found in a page or feed at `base` (absolute, root-relative or
/// relative to the base's folder).
pub fn resolve(base: &str, link: &str) -> String {
    let link = link.trim();
    if url_parts(link).is_some() || link.contains("://") {
        return link.to_string();
    }
    let Some(b) = url_parts(base) else {
        return link.to_string();
    };
    if let Some(rest) = link.strip_prefix("//") {
        let scheme = &base[..base.find("://").unwrap_or(0)];
        return format!("{scheme}://{rest}");
    }
    if link.starts_with('/') {
        return format!("{}{link}", b.origin);
    }
    let path = b.path.split('?').next().unwrap_or("/");
    let folder = &path[..path.rfind('/').map_or(0, |i| i + 1)];
    format!("{}{folder}{link}", b.origin)
}

/// Fetches pages politely (see the crate documentation).
pub struct Fetcher {
    agent: ureq::Agent,
    opts: FetchOptions,
    /// When each host was last asked.
    last: HashMap<String, Instant>,
    /// robots.txt per origin.
    robots: HashMap<String, Robots>,
}

enum Try {
    Done(Result<Page, FetchError>),
    Again(FetchError),
}

impl Fetcher {
    /// A fetcher with these options.
    pub fn new(opts: FetchOptions) -> Fetcher {
        let agent: ureq::Agent = ureq::Agent::config_builder()
            .timeout_global(Some(opts.timeout))
            .user_agent(opts.user_agent.clone())
            .http_status_as_error(false)
            .build()
            .into();
        Fetcher {
            agent,
            opts,
            last: HashMap::new(),
            robots: HashMap::new(),
        }
    }

    /// The options.
    pub fn options(&self) -> &FetchOptions {
        &self.opts
    }

    /// Fetches `url`: robots.txt checked, the host's rate limit kept, retried on
    /// server errors and timeouts.
    pub fn get(&mut self, url: &str) -> Result<Page, FetchError> {
        let parts = url_parts(url).ok_or_else(|| FetchError::BadUrl(url.to_string()))?;
        let (origin, path) = (parts.origin.to_string(), parts.path.to_string());
        if self.opts.robots && !self.robots_for(&origin).allows(&path) {
            return Err(FetchError::Robots(url.to_string()));
        }
        self.get_with_retries(url, &origin)
    }

    fn robots_for(&mut self, origin: &str) -> &Robots {
        if !self.robots.contains_key(origin) {
            let url = format!("{origin}/robots.txt");
            let token = self
                .opts
                .user_agent
                .split(['/', ' '])
                .next()
                .unwrap_or("entente")
                .to_string();
            let robots = match self.get_with_retries(&url, origin) {
                Ok(page) => Robots::parse(&String::from_utf8_lossy(&page.body), &token),
                Err(FetchError::Status {
                    status: 401 | 403, ..
                }) => Robots::deny_all(),
                // No robots.txt (404), or none could be had: nothing is forbidden.
                Err(_) => Robots::allow_all(),
            };
            self.robots.insert(origin.to_string(), robots);
        }
        &self.robots[origin]
    }

    fn wait_for_host(&mut self, origin: &str) {
        if let Some(last) = self.last.get(origin) {
            let next = *last + self.opts.min_interval;
            let now = Instant::now();
            if next > now {
                std::thread::sleep(next - now);
            }
        }
        self.last.insert(origin.to_string(), Instant::now());
    }

    fn get_with_retries(&mut self, url: &str, origin: &str) -> Result<Page, FetchError> {
        let mut tries = 0;
        loop {
            tries += 1;
            self.wait_for_host(origin);
            match self.try_once(url, tries) {
                Try::Done(r) => return r,
                Try::Again(e) => {
                    if tries > self.opts.retries {
                        return Err(e);
                    }
                    let wait = self.opts.backoff.saturating_mul(1 << (tries - 1).min(16));
                    std::thread::sleep(wait);
                }
            }
        }
    }

    fn try_once(&self, url: &str, tries: u32) -> Try {
        let mut resp = match self.agent.get(url).call() {
            Ok(r) => r,
            Err(ureq::Error::Timeout(_)) => {
                return Try::Again(FetchError::Timeout {
                    url: url.to_string(),
                    tries,
                })
            }
            Err(ureq::Error::Io(e)) if e.kind() == std::io::ErrorKind::TimedOut => {
                return Try::Again(FetchError::Timeout {
                    url: url.to_string(),
                    tries,
                })
            }
            Err(e @ (ureq::Error::BadUri(_) | ureq::Error::HostNotFound)) => {
                return Try::Done(Err(FetchError::Network {
                    url: url.to_string(),
                    message: e.to_string(),
                    tries,
                }))
            }
            Err(e) => {
                return Try::Again(FetchError::Network {
                    url: url.to_string(),
                    message: e.to_string(),
                    tries,
                })
            }
        };
        let status = resp.status().as_u16();
        if !(200..300).contains(&status) {
            let e = FetchError::Status {
                url: url.to_string(),
                status,
                tries,
            };
            return if status >= 500 || status == 429 {
                Try::Again(e)
            } else {
                Try::Done(Err(e))
            };
        }
        let content_type = resp
            .headers()
            .get("content-type")
            .and_then(|v| v.to_str().ok())
            .map(str::to_string);
        let mut body = Vec::new();
        let limit = self.opts.max_bytes;
        let read = resp
            .body_mut()
            .with_config()
            .limit(limit.saturating_add(1))
            .reader()
            .take(limit.saturating_add(1))
            .read_to_end(&mut body);
        match read {
            Ok(_) if body.len() as u64 > limit => {
                Try::Done(Err(FetchError::TooLarge(url.to_string())))
            }
            Ok(_) => Try::Done(Ok(Page {
                url: url.to_string(),
                status,
                content_type,
                body,
            })),
            Err(e) if e.kind() == std::io::ErrorKind::TimedOut => Try::Again(FetchError::Timeout {
                url: url.to_string(),
                tries,
            }),
            Err(e) => Try::Again(FetchError::Network {
                url: url.to_string(),
                message: format!("reading the body: {e}"),
                tries,
            }),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls() {
        let p = url_parts("https://News.example:8080/a/b.html?x=1#top").unwrap();
        assert_eq!(p.origin, "https://News.example:8080");
        assert_eq!(p.path, "/a/b.html?x=1");
        assert_eq!(url_parts("http://h.example").unwrap().path, "/");
        assert!(url_parts("ftp://h.example/x").is_none());
        assert!(url_parts("http:///x").is_none());
        assert_eq!(
            resolve("http://h.example/news/feed.xml", "a.html"),
            "http://h.example/news/a.html"
        );
        assert_eq!(
            resolve("http://h.example/news/feed.xml", "/b"),
            "http://h.example/b"
        );
        assert_eq!(
            resolve("https://h.example/", "//cdn.example/c"),
            "https://cdn.example/c"
        );
        assert_eq!(
            resolve("https://h.example/", "http://o.example/d"),
            "http://o.example/d"
        );
    }
}
