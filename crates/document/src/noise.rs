//! Line-level cleaning of scraped text: which lines are not article text (link lists,
//! consent notices, captions and credits, bylines, navigation).
//!
//! The rules look at the shape of a line and its neighbours, never at a particular
//! site's wording: a line is noise when it starts like a link or notice ("READ MORE",
//! "Source:", "[LATEST]"), talks about cookies and consent, carries a credit (`©`), sits
//! right above a credit (a caption), is a short byline or time stamp, is mostly in
//! another script, is title-cased without a final stop (a related-article headline), or
//! is one of several very short lines in a row (navigation).

use entente_text::Span;

const PREFIXES: &[&str] = &[
    "read more",
    "read also",
    "also read",
    "read:",
    "related:",
    "related articles",
    "related stories",
    "related news",
    "more:",
    "more from",
    "recommended",
    "see also",
    "source:",
    "sources:",
    "photo:",
    "photos:",
    "image:",
    "picture:",
    "credit:",
    "file photo",
    "watch:",
    "video:",
    "listen",
    "advertisement",
    "sponsored",
    "subscribe",
    "sign up",
    "sign in",
    "log in",
    "login",
    "register",
    "follow us",
    "share this",
    "share on",
    "click here",
    "skip to",
    "jump to",
    "copyright",
    "all rights reserved",
    "get short url",
    "left menu",
    "tags:",
    "topics:",
    "newsletter",
    "download the",
    "print this",
    "(reporting by",
    "reporting by",
    "editing by",
    "writing by",
    "additional reporting",
    "top stories",
    "trending",
    "most read",
    "you may also like",
    "don't miss",
];

const SMALL: &[&str] = &[
    "a", "an", "the", "of", "to", "in", "on", "for", "and", "or", "at", "by", "with", "from", "as",
    "is", "vs", "vs.", "-", "–", "—", "&", "|",
];

struct LineInfo<'a> {
    span: Span,
    text: &'a str,
}

fn ends_sentence(t: &str) -> bool {
    t.trim_end_matches(['"', '\u{201d}', '\u{2019}', '\'', ')'])
        .ends_with(['.', '!', '?', ':', ';'])
}

fn words(t: &str) -> Vec<&str> {
    t.split_whitespace().collect()
}

fn is_credit(t: &str) -> bool {
    let l = t.to_lowercase();
    t.starts_with('©')
        || (t.contains('©') && words(t).len() < 15)
        || l.starts_with("photo:")
        || l.starts_with("credit:")
        || l.contains("getty images")
        || (words(t).len() < 12
            && (l.ends_with("/ reuters") || l.ends_with("/ afp") || l.ends_with("/ ap")))
}

fn is_notice(t: &str) -> bool {
    let l = t.to_lowercase();
    if PREFIXES.iter().any(|p| l.starts_with(p)) {
        return true;
    }
    if l.contains("cookie")
        && [
            "accept", "consent", "privacy", "we use", "continue", "browsing", "policy", "settings",
        ]
        .iter()
        .any(|w| l.contains(w))
    {
        return true;
    }
    if l.contains("by continuing to use") || (l.contains("privacy policy") && words(t).len() < 25) {
        return true;
    }
    // "[LATEST] ...", "[WATCH] ..."
    if let Some(rest) = t.strip_prefix('[') {
        if let Some(close) = rest.find(']') {
            let inner = &rest[..close];
            if !inner.is_empty()
                && inner.len() < 30
                && inner
                    .chars()
                    .filter(|c| c.is_alphabetic())
                    .all(char::is_uppercase)
            {
                return true;
            }
        }
    }
    false
}

fn is_byline_or_stamp(t: &str) -> bool {
    let w = words(t);
    if w.len() <= 5 && w.first() == Some(&"By") && !ends_sentence(t) {
        return true;
    }
    if t.contains(" | ") && w.len() <= 12 && !ends_sentence(t) {
        return true;
    }
    let has_clock = t.as_bytes().windows(5).any(|b| {
        b[0].is_ascii_digit()
            && b[1].is_ascii_digit()
            && b[2] == b':'
            && b[3].is_ascii_digit()
            && b[4].is_ascii_digit()
    });
    has_clock && w.len() <= 10
}

fn mostly_other_script(t: &str) -> bool {
    let letters: Vec<char> = t.chars().filter(|c| c.is_alphabetic()).collect();
    if letters.len() < 4 {
        return false;
    }
    let latin = letters.iter().filter(|c| (**c as u32) < 0x250).count();
    latin * 2 < letters.len()
}

fn title_cased(t: &str) -> bool {
    let w: Vec<&str> = words(t)
        .into_iter()
        .filter(|w| !SMALL.contains(&w.to_lowercase().as_str()))
        .collect();
    if w.len() < 4 || ends_sentence(t) {
        return false;
    }
    let caps = w
        .iter()
        .filter(|w| {
            w.chars()
                .next()
                .is_some_and(|c| c.is_uppercase() || c.is_ascii_digit())
        })
        .count();
    caps * 10 >= w.len() * 8
}

/// Byte spans (trimmed) of the lines of `text` that are not article text.
pub fn noise_lines(text: &str) -> Vec<Span> {
    let mut lines: Vec<LineInfo<'_>> = Vec::new();
    let mut start = 0;
    for raw in text.split_inclusive('\n') {
        let lead = raw.len() - raw.trim_start().len();
        let t = raw.trim();
        if !t.is_empty() {
            let s = start + lead;
            lines.push(LineInfo {
                span: Span::new(s, s + t.len()),
                text: t,
            });
        }
        start += raw.len();
    }
    let mut noise = vec![false; lines.len()];
    for (i, l) in lines.iter().enumerate() {
        let t = l.text;
        let short = words(t).len() <= 3 && !ends_sentence(t);
        noise[i] = is_notice(t)
            || is_credit(t)
            || is_byline_or_stamp(t)
            || mostly_other_script(t)
            || (i > 0 && (title_cased(t) || short));
        // A caption sits right above its credit.
        if !noise[i] && lines.get(i + 1).is_some_and(|n| is_credit(n.text)) && words(t).len() < 40 {
            noise[i] = true;
        }
    }
    // Navigation: three or more very short lines in a row.
    let mut i = 0;
    while i < lines.len() {
        let mut j = i;
        while j < lines.len() && words(lines[j].text).len() <= 6 && !ends_sentence(lines[j].text) {
            j += 1;
        }
        if j - i >= 3 {
            noise[i..j].iter_mut().for_each(|n| *n = true);
        }
        i = j.max(i + 1);
    }
    lines
        .iter()
        .zip(noise)
        .filter(|(_, n)| *n)
        .map(|(l, _)| l.span)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn noisy(text: &str) -> Vec<&str> {
        noise_lines(text)
            .into_iter()
            .map(|s| &text[s.range()])
            .collect()
    }

    #[test]
    fn finds_notices_links_and_captions() {
        let text = "Leaders meet in Paris\n\nFrance hosted talks with Germany on Monday.\n\
            We use cookies to improve your experience. Accept all cookies?\n\
            READ MORE: Something else happened\n\
            [LATEST] Another headline here\n\
            Troops patrol a street in Kabul\n\
            © Reuters / Somebody\n\
            Source: Read Full Article\n\
            By Jane Doe\n\
            The minister said trade had doubled.\n";
        let got = noisy(text);
        assert_eq!(
            got,
            vec![
                "We use cookies to improve your experience. Accept all cookies?",
                "READ MORE: Something else happened",
                "[LATEST] Another headline here",
                "Troops patrol a street in Kabul",
                "© Reuters / Somebody",
                "Source: Read Full Article",
                "By Jane Doe",
            ]
        );
    }

    #[test]
    fn keeps_article_paragraphs_and_title() {
        let text = "Russia And China Sign Trade Pact\n\nRussia and China signed a trade pact on Monday, officials said.\n";
        assert!(noisy(text).is_empty());
    }

    #[test]
    fn navigation_runs() {
        let text = "Home\nWorld\nAsia & Pacific\nBusiness\n\nThe talks ended without a deal.\n";
        assert_eq!(
            noisy(text),
            vec!["Home", "World", "Asia & Pacific", "Business"]
        );
    }
}
