//! Metadata: title, date, author, site, canonical URL and language.

use crate::dom::Dom;
use crate::Article;

/// Builds the article from the body text and the page's metadata.
pub(crate) fn article(dom: &Dom, text: String, url: Option<&str>) -> Article {
    let m = &dom.meta;
    let get = |key: &str| {
        m.metas
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.clone())
    };
    Article {
        title: get("og:title").or_else(|| m.title.as_deref().map(trim_site)),
        text,
        date: get("article:published_time").map(|d| d.chars().take(10).collect()),
        author: get("author"),
        site: get("og:site_name"),
        url: m.canonical.clone().or_else(|| url.map(str::to_string)),
        language: m.lang.clone(),
    }
}

/// The longest part of a `<title>` split at " | ", " - ", " – " or " — " (the rest is
/// usually the site name).
fn trim_site(title: &str) -> String {
    title
        .split(" | ")
        .flat_map(|p| p.split(" - "))
        .flat_map(|p| p.split(" \u{2013} "))
        .flat_map(|p| p.split(" \u{2014} "))
        .max_by_key(|p| p.len())
        .unwrap_or(title)
        .trim()
        .to_string()
}
