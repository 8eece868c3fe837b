//! RSS 2.0 (and 0.9x/1.0) and Atom feeds: the items' links, titles, dates and ids.

use chrono::{DateTime, NaiveDate};
use quick_xml::events::{BytesStart, Event};
use quick_xml::Reader;

/// A feed's items.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Feed {
    /// The channel's or feed's title.
    pub title: Option<String>,
    /// Items in document order.
    pub items: Vec<FeedItem>,
}

/// One item (RSS) or entry (Atom).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FeedItem {
    /// The article's address, resolved against the feed's URL.
    pub link: String,
    /// The title.
    pub title: Option<String>,
    /// Publication date, `YYYY-MM-DD`.
    pub date: Option<String>,
    /// The `guid` or Atom `id`, else the link.
    pub id: String,
}

/// A feed that cannot be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("not a readable RSS or Atom feed: {0}")]
pub struct FeedError(String);

/// Whether `bytes` look like an RSS or Atom feed (an `<rss`, `<feed` or `<rdf:RDF` root
/// near the start).
pub fn looks_like_feed(bytes: &[u8]) -> bool {
    let head = String::from_utf8_lossy(&bytes[..bytes.len().min(1024)]).to_ascii_lowercase();
    ["<rss", "<feed", "<rdf:rdf"]
        .iter()
        .any(|t| head.contains(t))
}

fn local(name: &[u8]) -> String {
    let name = match name.iter().rposition(|&b| b == b':') {
        Some(i) => &name[i + 1..],
        None => name,
    };
    String::from_utf8_lossy(name).to_ascii_lowercase()
}

fn attr(e: &BytesStart<'_>, key: &str) -> Option<String> {
    e.attributes().flatten().find_map(|a| {
        (local(a.key.as_ref()) == key).then(|| {
            a.unescape_value()
                .map(|v| v.into_owned())
                .unwrap_or_else(|_| String::from_utf8_lossy(&a.value).into_owned())
        })
    })
}

/// The day of an RFC 2822 (RSS) or RFC 3339 (Atom) date.
fn day(s: &str) -> Option<String> {
    let s = s.trim();
    if let Ok(d) = DateTime::parse_from_rfc2822(s) {
        return Some(d.date_naive().format("%Y-%m-%d").to_string());
    }
    let d = NaiveDate::parse_from_str(s.get(..10)?, "%Y-%m-%d").ok()?;
    Some(d.format("%Y-%m-%d").to_string())
}

/// Reads a feed; relative links are resolved against `base` (the feed's URL).
pub fn parse_feed(bytes: &[u8], base: Option<&str>) -> Result<Feed, FeedError> {
    let mut reader = Reader::from_reader(bytes);
    reader.config_mut().check_end_names = false;
    let mut buf = Vec::new();
    let mut feed = Feed::default();
    let mut path: Vec<String> = Vec::new();
    let mut text = String::new();
    let mut item: Option<FeedItem> = None;
    let mut root_seen = false;
    loop {
        let event = reader
            .read_event_into(&mut buf)
            .map_err(|e| FeedError(format!("at byte {}: {e}", reader.buffer_position())))?;
        match event {
            Event::Start(e) => {
                open(&e, &mut path, &mut item, &mut root_seen)?;
                text.clear();
            }
            Event::Empty(e) => {
                open(&e, &mut path, &mut item, &mut root_seen)?;
                text.clear();
                close(&mut path, &mut item, &mut feed, "");
            }
            Event::End(_) => {
                close(&mut path, &mut item, &mut feed, &text);
                text.clear();
            }
            Event::Text(t) => {
                text.push_str(&t.decode().unwrap_or_default());
            }
            Event::CData(c) => {
                text.push_str(&String::from_utf8_lossy(&c));
            }
            Event::GeneralRef(r) => {
                if let Ok(Some(c)) = r.resolve_char_ref() {
                    text.push(c);
                } else {
                    text.push_str(match r.as_ref() {
                        b"amp" => "&",
                        b"lt" => "<",
                        b"gt" => ">",
                        b"quot" => "\"",
                        b"apos" => "'",
                        _ => "",
                    });
                }
            }
            Event::Eof => break,
            _ => {}
        }
        buf.clear();
    }
    if !root_seen {
        return Err(FeedError("no root element".into()));
    }
    for it in &mut feed.items {
        if let Some(b) = base {
            it.link = crate::resolve(b, &it.link);
        }
        if it.id.is_empty() {
            it.id = it.link.clone();
        }
    }
    Ok(feed)
}

/// Opens an element: checks the root, starts items, takes Atom `<link href>`s.
fn open(
    e: &BytesStart<'_>,
    path: &mut Vec<String>,
    item: &mut Option<FeedItem>,
    root_seen: &mut bool,
) -> Result<(), FeedError> {
    let name = local(e.name().as_ref());
    if path.is_empty() {
        if !matches!(name.as_str(), "rss" | "feed" | "rdf") {
            return Err(FeedError(format!("the root element is <{name}>")));
        }
        *root_seen = true;
    }
    if name == "item" || name == "entry" {
        *item = Some(FeedItem::default());
    }
    if name == "link" {
        if let (Some(it), Some(href)) = (item.as_mut(), attr(e, "href")) {
            let rel = attr(e, "rel").unwrap_or_else(|| "alternate".into());
            if rel == "alternate" && it.link.is_empty() {
                it.link = href;
            }
        }
    }
    path.push(name);
    Ok(())
}

/// Closes the innermost element, storing the text it held.
fn close(path: &mut Vec<String>, item: &mut Option<FeedItem>, feed: &mut Feed, text: &str) {
    let Some(name) = path.pop() else { return };
    let value = text.trim();
    match (item.as_mut(), name.as_str()) {
        (Some(_), "item" | "entry") => {
            if let Some(it) = item.take() {
                if !it.link.is_empty() {
                    feed.items.push(it);
                }
            }
        }
        (Some(it), "title") if it.title.is_none() && !value.is_empty() => {
            it.title = Some(value.to_string())
        }
        (Some(it), "link") if it.link.is_empty() && !value.is_empty() => {
            it.link = value.to_string()
        }
        (Some(it), "guid" | "id") if it.id.is_empty() => it.id = value.to_string(),
        (Some(it), "pubdate" | "published" | "updated" | "date") if it.date.is_none() => {
            it.date = day(value)
        }
        (None, "title") if feed.title.is_none() && !value.is_empty() => {
            feed.title = Some(value.to_string())
        }
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn atom_entries() {
        let atom = br#"<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Wire &amp; more</title>
 <entry><title type="html">Talks &lt;resume&gt;</title>
  <link rel="self" href="/self/1"/><link href="/news/1.html"/>
  <id>tag:news.example,2024:1</id><updated>2024-03-05T06:07:08Z</updated></entry>
 <entry><title><![CDATA[Second & last]]></title><link rel="alternate" href="https://o.example/2"/>
  <published>2024-03-06T01:00:00+01:00</published></entry>
</feed>"#;
        let f = parse_feed(atom, Some("https://news.example/feeds/atom.xml")).unwrap();
        assert_eq!(f.title.as_deref(), Some("Wire & more"));
        assert_eq!(f.items.len(), 2);
        assert_eq!(f.items[0].link, "https://news.example/news/1.html");
        assert_eq!(f.items[0].title.as_deref(), Some("Talks <resume>"));
        assert_eq!(f.items[0].id, "tag:news.example,2024:1");
        assert_eq!(f.items[0].date.as_deref(), Some("2024-03-05"));
        assert_eq!(f.items[1].title.as_deref(), Some("Second & last"));
        assert_eq!(f.items[1].id, "https://o.example/2");
    }

    #[test]
    fn rss_items_and_bad_feeds() {
        let rss = b"<rss version=\"2.0\"><channel><title>T</title><link>https://n.example/</link>\
            <item><title>A</title><link>https://n.example/a</link><guid>a1</guid>\
            <pubDate>Wed, 06 Mar 2024 23:30:00 -0500</pubDate></item>\
            <item><title>No link</title></item></channel></rss>";
        let f = parse_feed(rss, None).unwrap();
        assert_eq!(f.title.as_deref(), Some("T"));
        assert_eq!(f.items.len(), 1);
        assert_eq!(f.items[0].id, "a1");
        assert_eq!(f.items[0].date.as_deref(), Some("2024-03-06"));
        assert!(parse_feed(b"<html><body>no</body></html>", None).is_err());
        assert!(parse_feed(b"", None).is_err());
        assert!(!looks_like_feed(b"<!DOCTYPE html><html>"));
    }
}
