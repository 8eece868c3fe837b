//! `entente fetch` and `entente watch`: feeds and pages over HTTP into the same pipeline as
//! `entente code` (or saved to a folder).
//!
//! `fetch` with `--dedup` spools events like `code` and writes them at the end with
//! `num_articles`; `watch` never ends, so it writes each poll's events at once and copies
//! are only counted (they are not coded again).

use std::collections::HashSet;
use std::path::Path;
use std::time::Duration;

use anyhow::Context;
use entente_document::{read_html, Item, SkipReason};
use entente_fetch::{looks_like_feed, parse_feed, FetchError, FetchOptions, Fetcher, Page};

use crate::args::{FetchArgs, PoliteArg, WatchArgs};
use crate::cmd::code::EventSink;
use crate::intake::Intake;
use crate::Outcome;

/// Fetches the URLs once.
pub fn fetch(args: &FetchArgs) -> anyhow::Result<Outcome> {
    rounds(args, None, Some(1))
}

/// Polls the feeds until interrupted or `--rounds` polls are done.
pub fn watch(args: &WatchArgs) -> anyhow::Result<Outcome> {
    rounds(
        &args.fetch,
        Some(Duration::from_secs(args.interval)),
        args.rounds,
    )
}

fn seconds(s: f64, what: &str) -> anyhow::Result<Duration> {
    Duration::try_from_secs_f64(s).with_context(|| format!("bad --{what} {s}"))
}

fn fetch_options(p: &PoliteArg) -> anyhow::Result<FetchOptions> {
    Ok(FetchOptions {
        min_interval: seconds(p.delay, "delay")?,
        timeout: seconds(p.timeout, "timeout")?,
        retries: p.retries,
        backoff: seconds(p.backoff, "backoff")?,
        robots: !p.ignore_robots,
        ..FetchOptions::default()
    })
}

/// What was fetched, for the summary.
#[derive(Default)]
struct Counts {
    feeds: usize,
    feed_failures: usize,
    pages: usize,
    page_failures: usize,
    robots: usize,
    saved: usize,
}

struct Run<'a> {
    args: &'a FetchArgs,
    fetcher: Fetcher,
    intake: Intake,
    sink: Option<EventSink>,
    counts: Counts,
    /// Article URLs already fetched (each is coded once, also across polls).
    seen: HashSet<String>,
}

fn rounds(
    args: &FetchArgs,
    interval: Option<Duration>,
    max_rounds: Option<usize>,
) -> anyhow::Result<Outcome> {
    let sink = match &args.save {
        Some(dir) => {
            std::fs::create_dir_all(dir)
                .with_context(|| format!("cannot create {}", dir.display()))?;
            None
        }
        None => Some(EventSink::new(
            &args.coder,
            args.run.date.as_deref(),
            args.output.as_deref(),
            args.ingest.dedup && interval.is_none(),
        )?),
    };
    let mut run = Run {
        args,
        fetcher: Fetcher::new(fetch_options(&args.polite)?),
        intake: Intake::new(&args.ingest, None, args.run.quiet)?,
        sink,
        counts: Counts::default(),
        seen: HashSet::new(),
    };
    let mut round = 0;
    loop {
        round += 1;
        for url in &args.urls {
            run.one_url(url)?;
        }
        if let Some(sink) = &mut run.sink {
            sink.flush(&mut run.intake)?;
        }
        if max_rounds.is_some_and(|m| round >= m) {
            break;
        }
        match interval {
            Some(i) => std::thread::sleep(i),
            None => break,
        }
    }
    if let Some(sink) = run.sink.take() {
        sink.finish(&mut run.intake)?;
    }
    run.intake.bar.finish_and_clear();
    let c = &run.counts;
    if !args.run.quiet {
        eprintln!(
            "entente: fetched {} feeds ({} failed) and {} pages ({} failed, {} disallowed by \
             robots.txt){}",
            c.feeds,
            c.feed_failures,
            c.pages,
            c.page_failures,
            c.robots,
            if args.save.is_some() {
                format!("; saved {} pages", c.saved)
            } else {
                String::new()
            }
        );
        if args.save.is_none() {
            eprintln!(
                "entente: {}",
                run.intake.stats.summary(run.intake.elapsed())
            );
        }
    }
    Ok(
        if c.feed_failures + c.page_failures > 0 || run.intake.stats.unreadable > 0 {
            Outcome::SomeFailed
        } else {
            Outcome::Done
        },
    )
}

impl Run<'_> {
    /// Fetches one command-line URL: a feed's new items, or an article.
    fn one_url(&mut self, url: &str) -> anyhow::Result<()> {
        let page = match self.fetcher.get(url) {
            Ok(p) => p,
            Err(e) => {
                // A URL we were given is a feed or an article; we cannot know which.
                self.counts.feed_failures += 1;
                self.warn(&e);
                return Ok(());
            }
        };
        if !looks_like_feed(&page.body) {
            if self.seen.insert(url.to_string()) {
                self.counts.pages += 1;
                self.article(page, None)?;
            }
            return Ok(());
        }
        self.counts.feeds += 1;
        let feed = match parse_feed(&page.body, Some(url)) {
            Ok(f) => f,
            Err(e) => {
                self.counts.feed_failures += 1;
                self.intake.say(&format!("warning: {url}: {e}"));
                return Ok(());
            }
        };
        for item in feed.items {
            if !self.seen.insert(item.link.clone()) {
                continue;
            }
            match self.fetcher.get(&item.link) {
                Ok(p) => {
                    self.counts.pages += 1;
                    self.article(p, item.date.as_deref())?;
                }
                Err(e) => {
                    self.counts.page_failures += 1;
                    self.warn(&e);
                }
            }
        }
        Ok(())
    }

    fn warn(&mut self, e: &FetchError) {
        if matches!(e, FetchError::Robots(_)) {
            self.counts.robots += 1;
        }
        self.intake.say(&format!("warning: {e}"));
    }

    /// An article page: saved, or read and handed to the coder.
    fn article(&mut self, page: Page, feed_date: Option<&str>) -> anyhow::Result<()> {
        if let Some(dir) = &self.args.save {
            let path = dir.join(file_name(&page.url));
            std::fs::write(&path, &page.body)
                .with_context(|| format!("cannot write {}", path.display()))?;
            self.counts.saved += 1;
            return Ok(());
        }
        let html = page
            .content_type
            .as_deref()
            .is_none_or(|ct| ct.to_ascii_lowercase().contains("html"));
        let item = if !html {
            Item::Skipped {
                origin: page.url.clone(),
                reason: SkipReason::NotHtml,
            }
        } else {
            match read_html(
                &page.url,
                &page.url,
                &page.body,
                page.content_type.as_deref(),
                Some(&page.url),
            ) {
                Ok((mut doc, warning)) => {
                    if let Some(w) = warning {
                        self.intake.say(&format!("warning: {w}"));
                    }
                    if doc.date.is_none() {
                        doc.date = feed_date.and_then(|d| d.parse().ok());
                    }
                    Item::Doc(doc)
                }
                Err(e) => Item::Failed(e),
            }
        };
        let admit = self.intake.take(item);
        if let Some(sink) = &mut self.sink {
            sink.take(admit, &mut self.intake)?;
        }
        Ok(())
    }
}

/// A file name for a saved page: the URL's host and path, other characters as `_`.
fn file_name(url: &str) -> String {
    let rest = url.split_once("://").map_or(url, |(_, r)| r);
    let mut name: String = rest
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '.' || c == '-' {
                c
            } else {
                '_'
            }
        })
        .take(150)
        .collect();
    let trimmed = name.trim_end_matches('_').len();
    name.truncate(trimmed);
    if !Path::new(&name)
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("html") || e.eq_ignore_ascii_case("htm"))
    {
        name.push_str(".html");
    }
    name
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn file_names() {
        assert_eq!(
            file_name("https://news.example/world/2024/talks?id=3"),
            "news.example_world_2024_talks_id_3.html"
        );
        assert_eq!(file_name("http://n.example/a.html"), "n.example_a.html");
    }
}
