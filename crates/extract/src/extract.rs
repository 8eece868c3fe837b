//! Choosing the article's container and reading its paragraphs.
//!
//! Three passes over the arena, each linear:
//! 1. *Chrome*: top-down, mark subtrees that are not content: `nav`, `aside`, `footer`,
//!    forms controls, media, hidden elements, ARIA landmarks such as `navigation`, and
//!    elements whose class or id names chrome (`share`, `comment`, `related`, `sidebar`,
//!    `ad`, ...). A marked element that holds most of the page's text is kept: such
//!    names on a page wrapper say little.
//! 2. *Scores*: bottom-up, every block (an element with text of its own) weighs its
//!    text: long, sentence-like, few links counts for it; short or link-heavy counts
//!    against. A node's score is the sum over its blocks, so the best node holds the
//!    article's paragraphs and as little chrome as possible.
//! 3. *Reading*: the paragraphs of the best node (and of siblings that score like
//!    article text), minus link lists, bylines and stock phrases.

use crate::dom::{flag, Dom, Tag, NONE};

/// Words in a class or id that name page chrome rather than content.
const CHROME_WORDS: &[&str] = &[
    "ad",
    "ads",
    "adsense",
    "adv",
    "advert",
    "advertisement",
    "advertising",
    "aside",
    "banner",
    "breadcrumb",
    "breadcrumbs",
    "byline",
    "caption",
    "combx",
    "comment",
    "commentlist",
    "comments",
    "community",
    "consent",
    "contact",
    "cookie",
    "cookies",
    "copyright",
    "credit",
    "credits",
    "disqus",
    "dropdown",
    "footer",
    "footnote",
    "gallery",
    "jump",
    "legal",
    "masthead",
    "menu",
    "meta",
    "modal",
    "nav",
    "navbar",
    "navigation",
    "newsletter",
    "nocontent",
    "outbrain",
    "pager",
    "pagination",
    "paywall",
    "popular",
    "popup",
    "print",
    "promo",
    "promotion",
    "rail",
    "recirc",
    "recommend",
    "recommendations",
    "recommended",
    "related",
    "remark",
    "replies",
    "reply",
    "rss",
    "scroll",
    "share",
    "sharebar",
    "sharing",
    "sidebar",
    "signup",
    "skip",
    "social",
    "sponsor",
    "sponsored",
    "subscribe",
    "subscription",
    "taboola",
    "tags",
    "toolbar",
    "tools",
    "trending",
    "utility",
    "widget",
    "widgets",
];

/// Words that make a class or id name content, overriding chrome words in the same name
/// only when the name is about the article body itself (`article-body`, `story-text`).
const BODY_WORDS: &[&str] = &[
    "body",
    "text",
    "content",
    "articlebody",
    "entry",
    "story",
    "prose",
];

#[cfg(test)]
fn is_chrome_name(class_id: &str) -> bool {
    chrome_name(class_id).is_some()
}

/// Whether a class/id list names chrome, and if so whether strongly (comments, share
/// bars, related links: never article text, however long).
fn chrome_name(class_id: &str) -> Option<bool> {
    let mut found = None;
    let mut content = false;
    for name in class_id.split_ascii_whitespace() {
        if is_chrome_word_name(name) {
            let parts: Vec<&str> = name.split(['-', '_']).collect();
            if has_strong_chrome(&parts) {
                return Some(true);
            }
            found = Some(false);
        } else if name
            .rsplit(['-', '_'])
            .next()
            .is_some_and(|l| BODY_WORDS.contains(&l))
        {
            content = true;
        }
    }
    // `page-content and-w-sidebar`: the element is the content, laid out with a sidebar.
    if content {
        return None;
    }
    found
}

/// Parts of a class name that say nothing of what the element holds.
const GENERIC_PARTS: &[&str] = &[
    "area",
    "block",
    "box",
    "col",
    "column",
    "container",
    "holder",
    "inner",
    "module",
    "outer",
    "region",
    "section",
    "top",
    "bottom",
    "wrap",
    "wrapper",
    "wrp",
    "zone",
    "list",
    "items",
    "bar",
    "panel",
    "js",
    "mobile",
    "desktop",
];

/// Parts that make a name a state or layout modifier (`has-sidebar`, `modal-enabled`).
const MODIFIER_PARTS: &[&str] = &[
    "with", "has", "no", "without", "enabled", "open", "active", "is", "on",
];

/// One class or id names chrome when its first or last meaningful part is a chrome word
/// (`share-bar`, `article-tags`, `comments`), and it is no layout modifier or article
/// body (`story-body`, but not `comment-body`).
fn is_chrome_word_name(name: &str) -> bool {
    let parts: Vec<&str> = name
        .split(['-', '_', ':', '.'])
        .filter(|p| {
            !p.is_empty() && !p.bytes().all(|b| b.is_ascii_digit()) && !GENERIC_PARTS.contains(p)
        })
        .collect();
    let (Some(first), Some(last)) = (parts.first(), parts.last()) else {
        return false;
    };
    if parts.iter().any(|p| MODIFIER_PARTS.contains(p)) {
        return false;
    }
    let chrome = |p: &str| CHROME_WORDS.binary_search(&p).is_ok();
    if !(chrome(first) || chrome(last)) {
        return false;
    }
    let body = BODY_WORDS.contains(last);
    !body || has_strong_chrome(&parts)
}

/// Chrome words that stay chrome whatever follows them (`comment-body`, `related-content`).
fn has_strong_chrome(parts: &[&str]) -> bool {
    const STRONG: &[&str] = &[
        "comment",
        "commentlist",
        "comments",
        "disqus",
        "related",
        "replies",
        "reply",
    ];
    parts.iter().any(|p| STRONG.contains(p))
}

fn is_chrome_tag(tag: Tag) -> bool {
    use Tag::*;
    matches!(
        tag,
        Nav | Aside
            | Footer
            | Button
            | Select
            | Option
            | Input
            | Textarea
            | Svg
            | Math
            | Template
            | Canvas
            | Video
            | Audio
            | Object
            | Embed
            | Iframe
            | Dialog
            | Label
            | Noscript
            | Header
            | Figcaption
    )
}

/// Per-node figures from the passes.
struct Stats {
    /// Excluded from the article (chrome or inside chrome).
    removed: Vec<bool>,
    /// Visible characters (not whitespace) in the kept subtree.
    chars: Vec<u32>,
    /// Of those, characters inside links.
    link_chars: Vec<u32>,
    /// Sum of block weights in the kept subtree.
    score: Vec<f32>,
    /// Sum of the positive block weights (article-like text) in the kept subtree.
    good: Vec<f32>,
    /// Headings in the kept subtree whose text is mostly a link.
    linked_heads: Vec<u32>,
}

/// Characters that are not ASCII whitespace (counted by their first byte).
fn visible_len(s: &str) -> u32 {
    s.bytes()
        .filter(|&b| !b.is_ascii_whitespace() && (b & 0xC0) != 0x80)
        .count() as u32
}

fn compute(dom: &Dom) -> Stats {
    let n = dom.nodes.len();
    // Raw text per subtree, to keep chrome-tagged page wrappers.
    let mut raw = vec![0u32; n];
    let mut text_len = vec![0u32; n];
    for id in (1..n).rev() {
        let node = &dom.nodes[id];
        if node.tag == Tag::Text {
            text_len[id] = visible_len(dom.text_of(id as u32));
            raw[id] += text_len[id];
        }
        let p = node.parent as usize;
        raw[p] += raw[id];
    }
    let total = raw[0].max(1);

    // Chrome by tag, hidden state and ARIA role.
    let mut removed = vec![false; n];
    for id in 1..n {
        let node = &dom.nodes[id];
        let chrome = node.tag != Tag::Text
            && (is_chrome_tag(node.tag) || node.flags & (flag::HIDDEN | flag::ROLE_CHROME) != 0)
            && raw[id] * 2 < total;
        removed[id] = removed[node.parent as usize] || chrome;
    }
    let first = score_pass(dom, &removed, &text_len);

    // Chrome by class and id, unless the element holds most of the article-like text
    // (a name such as `widget blog` on a blog's post container).
    let total_good = first.good[0].max(1.0);
    for id in 1..n {
        let node = &dom.nodes[id];
        if removed[node.parent as usize] {
            removed[id] = true;
            continue;
        }
        if removed[id]
            || node.tag == Tag::Text
            || node.flags & (flag::ARTICLE_BODY | flag::ROLE_MAIN) != 0
        {
            continue;
        }
        // An article inside an article is a teaser for another story.
        if node.tag == Tag::Article
            && has_ancestor(dom, id as u32, Tag::Article)
            && first.good[id] < 0.5 * total_good
        {
            removed[id] = true;
            continue;
        }
        // A small item with a linked heading is a teaser: headline link plus summary.
        if matches!(node.tag, Tag::Li | Tag::Article | Tag::Div | Tag::Section)
            && first.linked_heads[id] > 0
            && first.chars[id] < TEASER_MAX_CHARS
            && first.good[id] < 0.5 * total_good
        {
            removed[id] = true;
            continue;
        }
        if matches!(node.tag, Tag::Article | Tag::Main | Tag::P) {
            continue;
        }
        if let Some(strong) = chrome_name(dom.class_id(id as u32)) {
            if strong || first.good[id] < 0.5 * total_good {
                removed[id] = true;
            }
        }
    }
    score_pass(dom, &removed, &text_len)
}

/// Largest item (visible characters) taken for a teaser when it has a linked heading.
const TEASER_MAX_CHARS: u32 = 600;

fn has_ancestor(dom: &Dom, id: u32, tag: Tag) -> bool {
    let mut c = dom.node(id).parent;
    while c != NONE && c != 0 {
        if dom.node(c).tag == tag {
            return true;
        }
        c = dom.node(c).parent;
    }
    false
}

/// Scores with the given removals.
fn score_pass(dom: &Dom, removed: &[bool], text_len: &[u32]) -> Stats {
    let n = dom.nodes.len();
    let mut chars = vec![0u32; n];
    let mut link_chars = vec![0u32; n];
    // Text of a block's own (inline) content, and its link part.
    let mut own = vec![0u32; n];
    let mut own_links = vec![0u32; n];
    let mut score = vec![0f32; n];
    let mut good = vec![0f32; n];
    let mut linked_heads = vec![0u32; n];
    for id in (0..n).rev() {
        if removed[id] {
            continue;
        }
        let node = &dom.nodes[id];
        if node.tag == Tag::Text {
            let len = text_len[id];
            chars[id] = len;
            own[id] = len;
        } else if node.tag == Tag::A && node.flags & flag::HREF != 0 {
            link_chars[id] = chars[id];
            own_links[id] = own[id];
        }
        if node.tag.is_heading() && chars[id] > 0 && link_chars[id] * 2 > chars[id] {
            linked_heads[id] += 1;
        }
        let inline = node.tag == Tag::Text || node.tag.is_inline();
        if !inline {
            let w = block_weight(node.tag, own[id], own_links[id]);
            score[id] += w;
            good[id] += w.max(0.0);
        }
        if id == 0 {
            break;
        }
        let p = node.parent as usize;
        chars[p] += chars[id];
        link_chars[p] += link_chars[id];
        score[p] += score[id];
        good[p] += good[id];
        linked_heads[p] += linked_heads[id];
        if inline {
            own[p] += own[id];
            own_links[p] += own_links[id];
        }
    }
    Stats {
        removed: removed.to_vec(),
        chars,
        link_chars,
        score,
        linked_heads,
        good,
    }
}

/// How much a block with `len` characters of its own text, `links` of them in links,
/// speaks for the node that holds it.
fn block_weight(tag: Tag, len: u32, links: u32) -> f32 {
    if len == 0 {
        return 0.0;
    }
    let len_f = len as f32;
    let density = links as f32 / len_f;
    if density > 0.5 {
        return -len_f;
    }
    let paragraph = matches!(tag, Tag::P | Tag::Blockquote | Tag::Pre);
    if len >= 80 || (paragraph && len >= 30) {
        len_f * (1.0 - density)
    } else if tag.is_heading() {
        0.0
    } else {
        -0.3 * len_f
    }
}

/// One paragraph read out of the article.
struct Para {
    text: String,
    chars: u32,
    link_chars: u32,
    heading: bool,
}

/// The article body found in `dom`.
pub(crate) fn article_text(dom: &Dom) -> String {
    let stats = compute(dom);
    let root = best_root(dom, &stats);
    let mut paras = Vec::new();
    let mut reader = Reader {
        dom,
        stats: &stats,
        cur: Para::empty(),
        out: &mut paras,
    };
    for id in roots_with_siblings(dom, &stats, root) {
        reader.walk(id);
        reader.flush();
    }
    let titles = headlines(dom);
    let mut out = String::new();
    for (i, p) in paras.iter().enumerate().filter(|(_, p)| keep_para(p)) {
        if i < 4 && is_headline(&p.text, &titles) {
            continue;
        }
        if !out.is_empty() {
            out.push_str("\n\n");
        }
        out.push_str(&p.text);
    }
    out
}

/// Normalised texts that are the page's headline: `<title>`, `og:title`, `twitter:title`.
fn headlines(dom: &Dom) -> Vec<String> {
    let mut out: Vec<String> = dom
        .meta
        .metas
        .iter()
        .filter(|(k, _)| k == "og:title" || k == "twitter:title")
        .map(|(_, v)| normalise(v))
        .collect();
    out.extend(dom.meta.title.as_deref().map(normalise));
    out.retain(|t| !t.is_empty());
    out
}

fn normalise(s: &str) -> String {
    s.chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect()
}

/// A paragraph near the top that repeats the headline (`<title>` may add the site name).
fn is_headline(text: &str, titles: &[String]) -> bool {
    let n = normalise(text);
    n.len() >= 12
        && titles
            .iter()
            .any(|t| *t == n || (t.starts_with(&n) && n.len() * 3 >= t.len() * 2))
}

/// The node with the highest score; among equals the deepest.
fn best_root(dom: &Dom, stats: &Stats) -> u32 {
    let mut best = 0u32;
    let mut best_score = f32::MIN;
    for id in 0..dom.nodes.len() {
        if stats.removed[id] || dom.nodes[id].tag == Tag::Text {
            continue;
        }
        let s = root_score(dom, stats, id);
        if s >= best_score {
            best = id as u32;
            best_score = s;
        }
    }
    best
}

/// An element that says it holds the article: `<article>`, `role="main"`,
/// `itemprop="articleBody"`, or a class/id ending in a body word (`story-body`).
fn is_content_node(dom: &Dom, id: u32) -> bool {
    let node = dom.node(id);
    node.tag == Tag::Article
        || node.flags & (flag::ARTICLE_BODY | flag::ROLE_MAIN) != 0
        || dom.class_id(id).split_ascii_whitespace().any(|name| {
            name.rsplit(['-', '_'])
                .next()
                .is_some_and(|l| BODY_WORDS.contains(&l))
                || name.contains("articlebody")
        })
}

/// A container's score as a candidate root: discounted by links, raised when the
/// element names itself the article.
fn root_score(dom: &Dom, stats: &Stats, id: usize) -> f32 {
    let s = container_score(stats, id);
    if is_content_node(dom, id as u32) {
        s * 1.5
    } else {
        s
    }
}

/// A container's score, discounted by the share of its text in links (teaser lists
/// have many links between their paragraphs; an article has few).
fn container_score(stats: &Stats, id: usize) -> f32 {
    let density = stats.link_chars[id] as f32 / stats.chars[id].max(1) as f32;
    stats.score[id] * (1.0 - density)
}

/// The root, plus its siblings that read like article text.
fn roots_with_siblings(dom: &Dom, stats: &Stats, root: u32) -> Vec<u32> {
    let node = dom.node(root);
    if root == 0 || node.parent == NONE {
        return vec![root];
    }
    let threshold = (stats.score[root as usize] * 0.2).max(60.0);
    dom.children(node.parent)
        .filter(|&c| {
            let ci = c as usize;
            if c == root {
                return true;
            }
            if stats.removed[ci] || dom.node(c).tag == Tag::Text {
                return false;
            }
            let density = stats.link_chars[ci] as f32 / stats.chars[ci].max(1) as f32;
            stats.score[ci] >= threshold && density < 0.25
        })
        .collect()
}

impl Para {
    fn empty() -> Self {
        Para {
            text: String::new(),
            chars: 0,
            link_chars: 0,
            heading: false,
        }
    }
}

struct Reader<'a> {
    dom: &'a Dom,
    stats: &'a Stats,
    cur: Para,
    out: &'a mut Vec<Para>,
}

impl Reader<'_> {
    fn walk(&mut self, id: u32) {
        let node = self.dom.node(id);
        if self.stats.removed[id as usize] {
            return;
        }
        match node.tag {
            Tag::Text => {
                self.push_text(self.dom.text_of(id), false);
                return;
            }
            Tag::Br | Tag::Hr => {
                self.flush();
                return;
            }
            Tag::H1 => return,
            Tag::A if node.flags & flag::HREF != 0 => {
                let before = self.cur.chars;
                for c in self.dom.children(id) {
                    self.walk(c);
                }
                self.cur.link_chars += self.cur.chars - before;
                return;
            }
            _ => {}
        }
        let block = !node.tag.is_inline();
        if block {
            self.flush();
        }
        if node.tag.is_heading() {
            self.cur.heading = true;
        }
        for c in self.dom.children(id) {
            self.walk(c);
        }
        if block {
            self.flush();
        }
    }

    fn push_text(&mut self, s: &str, _link: bool) {
        let mut pending_space = s.starts_with(char::is_whitespace);
        for word in s.split_whitespace() {
            if pending_space && !self.cur.text.is_empty() && !self.cur.text.ends_with(' ') {
                self.cur.text.push(' ');
            }
            self.cur.text.push_str(word);
            self.cur.chars += word.chars().count() as u32;
            pending_space = true;
        }
        if s.ends_with(char::is_whitespace)
            && !self.cur.text.is_empty()
            && !self.cur.text.ends_with(' ')
        {
            self.cur.text.push(' ');
        }
    }

    fn flush(&mut self) {
        let mut p = std::mem::replace(&mut self.cur, Para::empty());
        let trimmed = p.text.trim_end().len();
        p.text.truncate(trimmed);
        if !p.text.is_empty() {
            self.out.push(p);
        }
    }
}

/// Whether a paragraph read from the article container is article text.
fn keep_para(p: &Para) -> bool {
    // Mostly links: a link list, unless a sentence of its own follows the link (a
    // linked lead-in such as "<a>Company X bought Y</a>. The deal ...").
    let density = p.link_chars as f32 / p.chars.max(1) as f32;
    if density > 0.5 && (density > 0.8 || p.chars - p.link_chars < 60) {
        return false;
    }
    if p.chars < 80 && is_date_line(&p.text) {
        return false;
    }
    !is_stock_phrase(&p.text) || p.heading && p.chars > 40
}

/// A short line that is a date stamp ("Published Monday, November 18, 2019 8:22AM EST",
/// "Updated 19.11.2019"): a date with at most a few other words.
fn is_date_line(text: &str) -> bool {
    if crate::meta::parse_date(text).is_none() {
        return false;
    }
    let words = text
        .split_whitespace()
        .filter(|w| w.chars().any(char::is_alphabetic))
        .count();
    words <= 6
}

/// Short lines that news pages put between paragraphs: advertisement labels, share and
/// follow prompts, "read more" teasers.
fn is_stock_phrase(text: &str) -> bool {
    if text.len() > 120 {
        return false;
    }
    let lower = text.to_lowercase();
    let t = lower.trim_matches(|c: char| !c.is_alphanumeric());
    const EXACT: &[&str] = &[
        "advertisement",
        "advert",
        "ad",
        "ads",
        "sponsored",
        "sponsored content",
        "join the conversation",
        "tell us what you think",
        "leave a comment",
        "leave a reply",
        "newsletter",
        "more from",
        "share",
        "share this",
        "share this article",
        "share this story",
        "tweet",
        "email",
        "print",
        "comments",
        "skip advertisement",
        "continue reading",
        "read more",
        "related",
        "related articles",
        "related stories",
        "story continues below advertisement",
        "article continues below",
        "supported by",
    ];
    if EXACT.contains(&t) {
        return true;
    }
    const ANYWHERE: &[&str] = &[
        "requires javascript",
        "enable javascript",
        "javascript is disabled",
        "your browser does not support",
    ];
    if ANYWHERE.iter().any(|p| lower.contains(p)) {
        return true;
    }
    const PREFIX: &[&str] = &[
        "read more",
        "related:",
        "see also",
        "click here",
        "sign up",
        "subscribe",
        "follow us",
        "follow ",
        "share on",
        "share this",
        "all rights reserved",
        "copyright",
        "©",
        "(c) ",
        "photo:",
        "image:",
        "video:",
        "watch:",
        "listen:",
        "getty images",
        "updated:",
        "published:",
        "posted:",
        "last updated",
    ];
    PREFIX.iter().any(|p| lower.starts_with(p)) && text.len() < 100
}

/// The best candidate containers, best first: score, visible characters, and the path
/// of tags with their class and id.
pub(crate) fn explain(dom: &Dom) -> String {
    let stats = compute(dom);
    let mut ids: Vec<usize> = (0..dom.nodes.len())
        .filter(|&i| !stats.removed[i] && dom.nodes[i].tag != Tag::Text)
        .collect();
    ids.sort_by(|&a, &b| root_score(dom, &stats, b).total_cmp(&root_score(dom, &stats, a)));
    let mut out = String::new();
    for &i in ids.iter().take(10) {
        let mut path = Vec::new();
        let mut c = i as u32;
        while c != 0 && c != NONE {
            let name = dom.class_id(c);
            path.push(if name.is_empty() {
                format!("{:?}", dom.node(c).tag).to_lowercase()
            } else {
                format!(
                    "{}[{name}]",
                    format!("{:?}", dom.node(c).tag).to_lowercase()
                )
            });
            c = dom.node(c).parent;
        }
        path.reverse();
        let path = if path.is_empty() {
            "(page)".to_string()
        } else {
            path.join(" > ")
        };
        out.push_str(&format!(
            "{:.0}\tchars={}\tlinks={}\t{path}\n",
            root_score(dom, &stats, i),
            stats.chars[i],
            stats.link_chars[i]
        ));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chrome_words_are_sorted_for_binary_search() {
        assert!(CHROME_WORDS.windows(2).all(|w| w[0] < w[1]));
    }

    #[test]
    fn chrome_names() {
        assert!(is_chrome_name("social-share-bar"));
        assert!(is_chrome_name("x comments"));
        assert!(is_chrome_name("comment-body"));
        assert!(!is_chrome_name("article-body"));
        assert!(!is_chrome_name("story-text main"));
        assert!(!is_chrome_name("headline"));
        assert!(!is_chrome_name("content-with-sidebar-wrp"));
        assert!(!is_chrome_name("box article modal-enabled"));
        assert!(is_chrome_name("article-tags"));
    }
}
