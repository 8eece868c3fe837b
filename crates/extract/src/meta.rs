//! Metadata: title, publication date, author, site, canonical URL and language, from
//! `<meta>` tags, JSON-LD, `<time>` elements, the URL and the text's dateline.

use serde_json::Value;

use crate::dom::{Dom, Tag};
use crate::Article;

/// Builds the article from the body text and the page's metadata.
pub(crate) fn article(dom: &Dom, text: String, url: Option<&str>) -> Article {
    let m = &dom.meta;
    let get = |keys: &[&str]| {
        keys.iter().find_map(|key| {
            m.metas
                .iter()
                .find(|(k, v)| k == key && !v.trim().is_empty())
                .map(|(_, v)| v.trim().to_string())
        })
    };
    let ld = JsonLd::read(&m.json_ld);

    let canonical = m
        .canonical
        .as_deref()
        .map(|c| resolve(c, url))
        .or_else(|| get(&["og:url"]).filter(|u| u.starts_with("http")))
        .or_else(|| url.map(str::to_string));
    let host = canonical
        .as_deref()
        .and_then(host_of)
        .or_else(|| url.and_then(host_of));

    let site = get(&[
        "og:site_name",
        "application-name",
        "twitter:app:name:iphone",
    ])
    .or_else(|| ld.publisher.clone())
    .or_else(|| host.clone());

    let h1 = first_text(dom, Tag::H1);
    let title = get(&["og:title", "twitter:title"])
        .or_else(|| ld.headline.clone())
        .or_else(|| h1.clone())
        .or_else(|| m.title.clone())
        .map(|t| trim_site(&t, site.as_deref()));

    let date = ld
        .published
        .as_deref()
        .and_then(parse_date)
        .or_else(|| {
            get(&[
                "article:published_time",
                "og:published_time",
                "datepublished",
                "article.published",
                "pubdate",
                "publishdate",
                "publish-date",
                "publication_date",
                "date",
                "dc.date",
                "dc.date.issued",
                "dcterms.created",
                "dcterms.date",
                "sailthru.date",
                "parsely-pub-date",
                "citation_publication_date",
                "cxenseparse:recs:publishtime",
                "article:published",
                "datecreated",
            ])
            .as_deref()
            .and_then(parse_date)
        })
        .or_else(|| {
            m.times
                .iter()
                .find(|(_, hint)| *hint)
                .and_then(|(d, _)| parse_date(d))
        })
        .or_else(|| canonical.as_deref().and_then(date_in_url))
        .or_else(|| url.and_then(date_in_url))
        .or_else(|| m.times.first().and_then(|(d, _)| parse_date(d)))
        .or_else(|| {
            // A wire dateline gives month and day; the year comes from another date.
            let year = ld
                .modified
                .as_deref()
                .and_then(parse_date)
                .or_else(|| {
                    get(&["article:modified_time", "og:updated_time", "datemodified"])
                        .as_deref()
                        .and_then(parse_date)
                })
                .map(|d| d[..4].to_string())?;
            let (month, day) = dateline(&text)?;
            Some(format!("{year}-{month:02}-{day:02}"))
        });

    let author = ld
        .author
        .clone()
        .or_else(|| {
            get(&[
                "author",
                "article:author",
                "byl",
                "dc.creator",
                "dcterms.creator",
                "parsely-author",
                "sailthru.author",
            ])
            .filter(|a| !a.starts_with("http"))
        })
        .map(|a| clean_author(&a))
        .filter(|a| !a.is_empty());

    let language = m
        .lang
        .clone()
        .or_else(|| get(&["content-language", "og:locale", "language", "dc.language"]))
        .or_else(|| ld.language.clone())
        .and_then(|l| primary_language(&l));

    Article {
        title: title.filter(|t| !t.is_empty()),
        text,
        date,
        author,
        site,
        url: canonical,
        language,
    }
}

/// What the page's JSON-LD says about its article.
#[derive(Default)]
struct JsonLd {
    headline: Option<String>,
    published: Option<String>,
    modified: Option<String>,
    author: Option<String>,
    publisher: Option<String>,
    language: Option<String>,
}

impl JsonLd {
    fn read(scripts: &[String]) -> JsonLd {
        let mut out = JsonLd::default();
        for raw in scripts {
            match serde_json::from_str::<Value>(raw.trim().trim_end_matches(';')) {
                Ok(v) => out.visit(&v, 0),
                Err(_) => {
                    // Invalid JSON is common (raw newlines, trailing commas): pick the
                    // plain string fields by key.
                    if out.published.is_none() {
                        out.published = string_field(raw, "datePublished");
                    }
                    if out.modified.is_none() {
                        out.modified = string_field(raw, "dateModified");
                    }
                    if out.headline.is_none() {
                        out.headline = string_field(raw, "headline");
                    }
                }
            }
        }
        out
    }

    fn visit(&mut self, v: &Value, depth: usize) {
        if depth > 8 {
            return;
        }
        match v {
            Value::Array(items) => items.iter().for_each(|i| self.visit(i, depth + 1)),
            Value::Object(o) => {
                if let Some(g) = o.get("@graph") {
                    self.visit(g, depth + 1);
                }
                let is_article = o.get("@type").is_some_and(type_is_article);
                if !is_article && !o.contains_key("datePublished") {
                    return;
                }
                let s = |k: &str| {
                    o.get(k)
                        .and_then(Value::as_str)
                        .map(|s| s.trim().to_string())
                        .filter(|s| !s.is_empty())
                };
                if self.published.is_none() {
                    self.published = s("datePublished").or_else(|| s("dateCreated"));
                }
                if self.modified.is_none() {
                    self.modified = s("dateModified");
                }
                if is_article {
                    if self.headline.is_none() {
                        self.headline = s("headline").or_else(|| s("name"));
                    }
                    if self.author.is_none() {
                        self.author = o.get("author").and_then(names);
                    }
                    if self.publisher.is_none() {
                        self.publisher = o.get("publisher").and_then(names);
                    }
                    if self.language.is_none() {
                        self.language = s("inLanguage");
                    }
                }
            }
            _ => {}
        }
    }
}

fn type_is_article(t: &Value) -> bool {
    let one = |s: &str| {
        s.ends_with("Article")
            || matches!(
                s,
                "BlogPosting" | "Report" | "LiveBlogPosting" | "NewsArticle" | "ReportageNews"
            )
    };
    match t {
        Value::String(s) => one(s),
        Value::Array(a) => a.iter().any(|x| x.as_str().is_some_and(one)),
        _ => false,
    }
}

/// The name(s) of a JSON-LD person or organisation value, joined by ", ".
fn names(v: &Value) -> Option<String> {
    let list: Vec<String> = match v {
        Value::String(s) => vec![s.trim().to_string()],
        Value::Object(o) => o
            .get("name")
            .and_then(Value::as_str)
            .map(|s| s.trim().to_string())
            .into_iter()
            .collect(),
        Value::Array(a) => a.iter().filter_map(names).collect(),
        _ => Vec::new(),
    };
    let list: Vec<String> = list
        .into_iter()
        .filter(|s| !s.is_empty() && !s.starts_with("http"))
        .collect();
    (!list.is_empty()).then(|| list.join(", "))
}

/// The string value of `"key": "..."` in text that is not valid JSON.
fn string_field(raw: &str, key: &str) -> Option<String> {
    let at = raw.find(&format!("\"{key}\""))?;
    let rest = raw[at + key.len() + 2..]
        .trim_start()
        .strip_prefix(':')?
        .trim_start()
        .strip_prefix('"')?;
    let end = rest.find('"')?;
    let v = rest[..end].trim();
    (!v.is_empty()).then(|| v.to_string())
}

/// The text of the first `tag` element, whitespace collapsed.
fn first_text(dom: &Dom, tag: Tag) -> Option<String> {
    let id = dom.nodes.iter().position(|n| n.tag == tag)? as u32;
    let mut s = String::new();
    collect_text(dom, id, &mut s, 0);
    let t = s.split_whitespace().collect::<Vec<_>>().join(" ");
    (!t.is_empty()).then_some(t)
}

fn collect_text(dom: &Dom, id: u32, out: &mut String, depth: usize) {
    if depth > 64 {
        return;
    }
    for c in dom.children(id) {
        if dom.node(c).tag == Tag::Text {
            out.push_str(dom.text_of(c));
        } else {
            out.push(' ');
            collect_text(dom, c, out, depth + 1);
        }
    }
}

/// A title without the site name that pages append or prepend ("Rain in Spain | The
/// Daily"): the part that is not the site name, or else the longest part.
fn trim_site(title: &str, site: Option<&str>) -> String {
    let title = title.split_whitespace().collect::<Vec<_>>().join(" ");
    const SEPS: [&str; 5] = [" | ", " - ", " \u{2013} ", " \u{2014} ", " :: "];
    let parts: Vec<&str> = SEPS
        .iter()
        .fold(vec![title.as_str()], |acc, sep| {
            acc.into_iter().flat_map(|p| p.split(sep)).collect()
        })
        .into_iter()
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .collect();
    if parts.len() < 2 {
        return title.trim().to_string();
    }
    let norm = |s: &str| {
        s.to_lowercase()
            .chars()
            .filter(|c| c.is_alphanumeric())
            .collect::<String>()
    };
    let site_norm = site.map(norm).unwrap_or_default();
    let is_site = |p: &str| {
        let n = norm(p);
        !site_norm.is_empty()
            && (n == site_norm || site_norm.contains(&n) || n.contains(&site_norm))
    };
    let first_is_site = is_site(parts[0]);
    let last_is_site = is_site(parts[parts.len() - 1]);
    if last_is_site && !first_is_site {
        // Keep everything before the site name, separators included.
        if let Some(pos) = title.rfind(parts[parts.len() - 1]) {
            let head = title[..pos].trim_end();
            let head = SEPS.iter().fold(head.to_string(), |h, sep| {
                h.trim_end_matches(sep.trim_end()).to_string()
            });
            return head.trim().to_string();
        }
    }
    if first_is_site && !last_is_site {
        if let Some(pos) = title.find(parts[0]) {
            let tail = title[pos + parts[0].len()..].trim_start();
            let tail = SEPS.iter().fold(tail.to_string(), |t, sep| {
                t.trim_start_matches(sep.trim_start()).to_string()
            });
            return tail.trim().to_string();
        }
    }
    // No site name known: a short last part is the site ("Story | Site"); else keep.
    let last = parts[parts.len() - 1];
    if site_norm.is_empty() || last.split_whitespace().count() <= 3 {
        let longest = parts
            .iter()
            .max_by_key(|p| p.len())
            .copied()
            .unwrap_or(title.as_str());
        if longest.split_whitespace().count() >= 3 {
            return longest.to_string();
        }
    }
    title.trim().to_string()
}

const MONTHS: [&str; 12] = [
    "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
];

fn month_of(word: &str) -> Option<u32> {
    let w = word.trim_end_matches('.').to_ascii_lowercase();
    if w.len() < 3 {
        return None;
    }
    let i = MONTHS.iter().position(|m| w.starts_with(m))?;
    // "mayor" and "marching" are not months.
    let full = [
        "january",
        "february",
        "march",
        "april",
        "may",
        "june",
        "july",
        "august",
        "september",
        "october",
        "november",
        "december",
    ];
    (w.len() == 3 || full[i].starts_with(&w) || w == "sept").then_some(i as u32 + 1)
}

fn valid(y: u32, m: u32, d: u32) -> Option<String> {
    ((1990..=2100).contains(&y) && (1..=12).contains(&m) && (1..=31).contains(&d))
        .then(|| format!("{y:04}-{m:02}-{d:02}"))
}

/// A date in the common written forms: ISO 8601 (`2019-11-19T10:20:59-05:00`),
/// `2019/11/19`, `20191119`, `19.11.2019`, `November 19, 2019`, `20 Nov 2019 08:02 GMT`,
/// `Tue, 19 Nov 2019 ...`. Returns `YYYY-MM-DD`.
pub(crate) fn parse_date(s: &str) -> Option<String> {
    let s = s.trim();
    let b = s.as_bytes();
    let num = |r: std::ops::Range<usize>| -> Option<u32> {
        let t = s.get(r)?;
        t.bytes()
            .all(|c| c.is_ascii_digit())
            .then(|| t.parse().ok())?
    };
    // 2019-11-19, 2019/11/19, 2019.11.19
    if b.len() >= 10 && matches!(b[4], b'-' | b'/' | b'.') && b[7] == b[4] {
        if let (Some(y), Some(m), Some(d)) = (num(0..4), num(5..7), num(8..10)) {
            return valid(y, m, d);
        }
    }
    // 20191119 (alone or followed by a time)
    if b.len() >= 8 && (b.len() == 8 || !b[8].is_ascii_digit()) {
        if let (Some(y), Some(m), Some(d)) = (num(0..4), num(4..6), num(6..8)) {
            if let Some(v) = valid(y, m, d) {
                return Some(v);
            }
        }
    }
    // Words: numbers and month names in any order ("Nov 19, 2019", "19 November 2019").
    let words: Vec<&str> = s
        .split(|c: char| c.is_whitespace() || c == ',' || c == '/' || c == '-')
        .filter(|w| !w.is_empty())
        .take(8)
        .collect();
    let mut month = None;
    let mut year = None;
    let mut day = None;
    for w in &words {
        let digits = w.trim_end_matches(|c: char| c.is_ascii_alphabetic() || c == '.');
        if let Some(m) = month_of(w) {
            month.get_or_insert(m);
        } else if digits.len() == 4 && digits.bytes().all(|c| c.is_ascii_digit()) {
            year.get_or_insert(digits.parse::<u32>().ok()?);
        } else if (1..=2).contains(&digits.len()) && digits.bytes().all(|c| c.is_ascii_digit()) {
            day.get_or_insert(digits.parse::<u32>().ok()?);
        }
    }
    if let (Some(y), Some(m), Some(d)) = (year, month, day) {
        return valid(y, m, d);
    }
    // 19.11.2019 (day first, as written outside the US)
    if b.len() >= 10 && b[2] == b'.' && b[5] == b'.' {
        if let (Some(d), Some(m), Some(y)) = (num(0..2), num(3..5), num(6..10)) {
            return valid(y, m, d);
        }
    }
    None
}

/// `/2019/11/19/` or `2019-11-19` in a URL's path.
fn date_in_url(url: &str) -> Option<String> {
    let path = url
        .split("://")
        .nth(1)
        .map_or(url, |rest| rest.find('/').map_or("", |i| &rest[i..]));
    let b = path.as_bytes();
    for i in 0..b.len().saturating_sub(9) {
        if b[i] == b'/' || b[i] == b'-' || b[i] == b'_' || i == 0 {
            let start = if i == 0 && b[0].is_ascii_digit() {
                0
            } else {
                i + 1
            };
            let cand = &path[start..];
            let cb = cand.as_bytes();
            if cb.len() >= 10 && matches!(cb[4], b'/' | b'-' | b'_') && cb[7] == cb[4] {
                let n = |r: std::ops::Range<usize>| cand.get(r).and_then(|t| t.parse::<u32>().ok());
                if let (Some(y), Some(m), Some(d)) = (n(0..4), n(5..7), n(8..10)) {
                    if let Some(v) = valid(y, m, d) {
                        return Some(v);
                    }
                }
            }
        }
    }
    None
}

/// Month and day of a wire dateline at the start of the text:
/// "MOSCOW, Aug 15 (Reuters) -", "WASHINGTON, Nov. 19, 2019 (AP) —".
fn dateline(text: &str) -> Option<(u32, u32)> {
    let head: String = text.chars().take(120).collect();
    let upto = head
        .find(['(', '\u{2014}', '\u{2013}'])
        .unwrap_or(head.len());
    let words: Vec<&str> = head[..upto]
        .split([' ', ','])
        .filter(|w| !w.is_empty())
        .collect();
    for pair in words.windows(2) {
        if let Some(m) = month_of(pair[0]) {
            if let Ok(d) = pair[1].trim_end_matches('.').parse::<u32>() {
                if (1..=31).contains(&d) {
                    return Some((m, d));
                }
            }
        }
    }
    None
}

fn clean_author(a: &str) -> String {
    let a = a.split_whitespace().collect::<Vec<_>>().join(" ");
    let a = a
        .strip_prefix("By ")
        .or_else(|| a.strip_prefix("by "))
        .unwrap_or(&a);
    a.trim().to_string()
}

/// `en-US`, `en_US`, `EN` → `en`.
fn primary_language(tag: &str) -> Option<String> {
    let p = tag
        .trim()
        .split(['-', '_', ',', ';', ' '])
        .next()?
        .to_ascii_lowercase();
    (p.len() >= 2 && p.len() <= 3 && p.bytes().all(|b| b.is_ascii_alphabetic())).then_some(p)
}

/// The host of an absolute URL, without `www.`.
fn host_of(url: &str) -> Option<String> {
    let rest = url.split_once("://")?.1;
    let host = rest
        .split(['/', '?', '#'])
        .next()?
        .rsplit('@')
        .next()?
        .split(':')
        .next()?
        .to_ascii_lowercase();
    let host = host.strip_prefix("www.").unwrap_or(&host).to_string();
    (!host.is_empty()).then_some(host)
}

/// A possibly relative link resolved against the page's URL.
fn resolve(link: &str, base: Option<&str>) -> String {
    if link.contains("://") {
        return link.to_string();
    }
    let Some(base) = base else {
        return link.to_string();
    };
    let Some((scheme, rest)) = base.split_once("://") else {
        return link.to_string();
    };
    let host = rest.split('/').next().unwrap_or("");
    if let Some(l) = link.strip_prefix("//") {
        return format!("{scheme}://{l}");
    }
    if link.starts_with('/') {
        return format!("{scheme}://{host}{link}");
    }
    let dir = base
        .rfind('/')
        .filter(|&i| i > scheme.len() + 2)
        .map_or(base, |i| &base[..i]);
    format!("{dir}/{link}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates() {
        assert_eq!(
            parse_date("2019-11-19T10:20:59-05:00").as_deref(),
            Some("2019-11-19")
        );
        assert_eq!(
            parse_date("20 Nov 2019 08:02 GMT").as_deref(),
            Some("2019-11-20")
        );
        assert_eq!(
            parse_date("November 19, 2019 at 9:45 am").as_deref(),
            Some("2019-11-19")
        );
        assert_eq!(
            parse_date("Tue, 19 Nov 2019 10:00:00 +0000").as_deref(),
            Some("2019-11-19")
        );
        assert_eq!(parse_date("19.11.2019").as_deref(), Some("2019-11-19"));
        assert_eq!(parse_date("20191119").as_deref(), Some("2019-11-19"));
        assert_eq!(parse_date("yesterday"), None);
        assert_eq!(
            date_in_url("https://x.com/2019/11/19/story/").as_deref(),
            Some("2019-11-19")
        );
        assert_eq!(
            date_in_url("https://x.com/news/story-2019-11-19.html").as_deref(),
            Some("2019-11-19")
        );
        assert_eq!(date_in_url("https://x.com/news/12345"), None);
        assert_eq!(
            dateline("MOSCOW, Aug 15 (Reuters) - Russia said"),
            Some((8, 15))
        );
        assert_eq!(
            dateline("WASHINGTON, Nov. 19 (AP) \u{2014} The"),
            Some((11, 19))
        );
        assert_eq!(dateline("The mayor said on May day"), None);
    }

    #[test]
    fn titles_and_urls() {
        assert_eq!(
            trim_site("Rain in Spain | The Daily", Some("The Daily")),
            "Rain in Spain"
        );
        assert_eq!(
            trim_site("The Daily - Rain in Spain", Some("The Daily")),
            "Rain in Spain"
        );
        assert_eq!(
            trim_site("Rain in Spain falls - Weather | Daily", None),
            "Rain in Spain falls"
        );
        assert_eq!(trim_site("Left - right", Some("x.com")), "Left - right");
        assert_eq!(
            host_of("https://www.Example.com:8080/a?b").as_deref(),
            Some("example.com")
        );
        assert_eq!(
            resolve("/a/b", Some("https://x.com/c/d")),
            "https://x.com/a/b"
        );
        assert_eq!(primary_language("en-US").as_deref(), Some("en"));
        assert_eq!(primary_language("pt_BR").as_deref(), Some("pt"));
    }
}
