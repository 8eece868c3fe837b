//! A small arena tree built from the tokens with the forgiving rules browsers use where
//! it matters for reading text: implied ends of `p`, `li`, `td` and friends, void
//! elements, unmatched end tags ignored, and a depth cap so no page nests without bound.
//! Metadata that lives outside the body (`<title>`, `<meta>`, canonical links, JSON-LD)
//! is collected on the way.

use std::ops::Range;

use crate::lexer::{attributes, Lexer, Token};

macro_rules! tags {
    ($($variant:ident = $name:literal),* $(,)?) => {
        /// The element kinds the extractor tells apart; everything else is `Other`.
        #[derive(Debug, Clone, Copy, PartialEq, Eq)]
        pub(crate) enum Tag { Document, Text, Other, $($variant),* }

        impl Tag {
            fn from_lower(name: &[u8]) -> Tag {
                match name { $($name => Tag::$variant,)* _ => Tag::Other }
            }
        }
    };
}

tags! {
    A = b"a", Abbr = b"abbr", Address = b"address", Article = b"article", Aside = b"aside",
    Audio = b"audio", B = b"b", Base = b"base", Blockquote = b"blockquote", Body = b"body",
    Br = b"br", Button = b"button", Canvas = b"canvas", Caption = b"caption",
    Center = b"center", Cite = b"cite", Code = b"code", Col = b"col", Dd = b"dd",
    Details = b"details", Dialog = b"dialog", Div = b"div", Dl = b"dl", Dt = b"dt",
    Em = b"em", Embed = b"embed", Fieldset = b"fieldset", Figcaption = b"figcaption",
    Figure = b"figure", Font = b"font", Footer = b"footer", Form = b"form", H1 = b"h1",
    H2 = b"h2", H3 = b"h3", H4 = b"h4", H5 = b"h5", H6 = b"h6", Head = b"head",
    Header = b"header", Hr = b"hr", Html = b"html", I = b"i", Iframe = b"iframe",
    Img = b"img", Input = b"input", Label = b"label", Li = b"li", Link = b"link",
    Main = b"main", Math = b"math", Menu = b"menu", Meta = b"meta", Nav = b"nav",
    Noscript = b"noscript", Object = b"object", Ol = b"ol", Option = b"option", P = b"p",
    Picture = b"picture", Pre = b"pre", Q = b"q", S = b"s", Script = b"script",
    Section = b"section", Select = b"select", Small = b"small", Source = b"source",
    Span = b"span", Strong = b"strong", Style = b"style", Sub = b"sub", Summary = b"summary",
    Sup = b"sup", Svg = b"svg", Table = b"table", Tbody = b"tbody", Td = b"td",
    Template = b"template", Textarea = b"textarea", Tfoot = b"tfoot", Th = b"th",
    Thead = b"thead", Time = b"time", Title = b"title", Tr = b"tr", U = b"u", Ul = b"ul",
    Video = b"video", Wbr = b"wbr",
}

impl Tag {
    /// Elements that have no content and no end tag.
    pub(crate) fn is_void(self) -> bool {
        use Tag::*;
        matches!(
            self,
            Br | Hr | Img | Input | Link | Meta | Base | Col | Embed | Source | Wbr
        )
    }

    /// Inline (phrasing) elements: text inside them continues the surrounding line.
    pub(crate) fn is_inline(self) -> bool {
        use Tag::*;
        matches!(
            self,
            A | Abbr
                | B
                | Cite
                | Code
                | Em
                | Font
                | I
                | Q
                | S
                | Small
                | Span
                | Strong
                | Sub
                | Sup
                | Time
                | U
                | Label
                | Img
                | Wbr
                | Other
        )
    }

    /// Elements whose start closes an open `<p>`.
    fn closes_p(self) -> bool {
        use Tag::*;
        matches!(
            self,
            Address
                | Article
                | Aside
                | Blockquote
                | Details
                | Dialog
                | Div
                | Dl
                | Fieldset
                | Figcaption
                | Figure
                | Footer
                | Form
                | H1
                | H2
                | H3
                | H4
                | H5
                | H6
                | Header
                | Hr
                | Main
                | Menu
                | Nav
                | Ol
                | P
                | Pre
                | Section
                | Table
                | Ul
                | Center
                | Li
                | Dd
                | Dt
        )
    }

    /// `h1`..`h6`.
    pub(crate) fn is_heading(self) -> bool {
        matches!(
            self,
            Tag::H1 | Tag::H2 | Tag::H3 | Tag::H4 | Tag::H5 | Tag::H6
        )
    }
}

/// Element flags.
pub(crate) mod flag {
    /// `hidden`, `aria-hidden="true"`, or an inline style hiding it.
    pub const HIDDEN: u16 = 1;
    /// `itemprop="articleBody"` (or `articlebody`).
    pub const ARTICLE_BODY: u16 = 2;
    /// A link with an `href`.
    pub const HREF: u16 = 4;
    /// ARIA landmark roles that are not content: navigation, banner, contentinfo,
    /// complementary, menu, search, dialog, alert.
    pub const ROLE_CHROME: u16 = 8;
    /// `role="main"` or `role="article"`.
    pub const ROLE_MAIN: u16 = 16;
}

pub(crate) const NONE: u32 = u32::MAX;

/// One node: an element, a text run, or the document root.
#[derive(Debug, Clone)]
pub(crate) struct Node {
    pub tag: Tag,
    pub parent: u32,
    pub first_child: u32,
    pub last_child: u32,
    pub next: u32,
    pub flags: u16,
    /// Lower-cased `class` and `id` joined by a space, as a range into `Dom::attrs`.
    pub class_id: Range<u32>,
    /// Text nodes: their decoded text, as a range into `Dom::text`.
    pub text: Range<u32>,
    /// `Other` elements: a hash of the name, to match end tags.
    name_hash: u32,
}

/// The parsed page.
#[derive(Debug, Default)]
pub(crate) struct Dom {
    pub nodes: Vec<Node>,
    pub text: String,
    pub attrs: String,
    pub meta: PageMeta,
}

/// Metadata found while parsing.
#[derive(Debug, Default, Clone)]
pub(crate) struct PageMeta {
    pub title: Option<String>,
    pub lang: Option<String>,
    pub canonical: Option<String>,
    /// `(key, content)` of every `<meta>` with `name`, `property` or `itemprop`; keys
    /// lower-cased.
    pub metas: Vec<(String, String)>,
    /// The raw content of every `<script type="application/ld+json">`.
    pub json_ld: Vec<String>,
    /// `datetime` of `<time>` elements, in document order, with whether they carry a
    /// published/date hint (`itemprop`, `class`, `pubdate`).
    pub times: Vec<(String, bool)>,
}

impl Dom {
    pub(crate) fn node(&self, id: u32) -> &Node {
        &self.nodes[id as usize]
    }

    pub(crate) fn class_id(&self, id: u32) -> &str {
        let r = &self.nodes[id as usize].class_id;
        &self.attrs[r.start as usize..r.end as usize]
    }

    pub(crate) fn text_of(&self, id: u32) -> &str {
        let r = &self.nodes[id as usize].text;
        &self.text[r.start as usize..r.end as usize]
    }

    /// Children of `id`, in order.
    pub(crate) fn children(&self, id: u32) -> impl Iterator<Item = u32> + '_ {
        let mut c = self.nodes[id as usize].first_child;
        std::iter::from_fn(move || {
            if c == NONE {
                return None;
            }
            let out = c;
            c = self.nodes[c as usize].next;
            Some(out)
        })
    }

    fn push(&mut self, parent: u32, mut node: Node) -> u32 {
        let id = self.nodes.len() as u32;
        node.parent = parent;
        self.nodes.push(node);
        let p = &mut self.nodes[parent as usize];
        if p.first_child == NONE {
            p.first_child = id;
        } else {
            let last = p.last_child;
            p.last_child = id;
            self.nodes[last as usize].next = id;
            return id;
        }
        p.last_child = id;
        id
    }
}

/// Deepest nesting kept; deeper elements are flattened into their ancestor at this depth.
const MAX_DEPTH: usize = 256;

fn lower_into<'b>(name: &str, buf: &'b mut [u8; 16]) -> &'b [u8] {
    let n = name.len().min(16);
    for (d, s) in buf.iter_mut().zip(name.as_bytes()) {
        *d = s.to_ascii_lowercase();
    }
    if name.len() > 16 {
        // Longer than any tag we know: make sure it matches none.
        buf[15] = b'~';
    }
    &buf[..n]
}

fn hash_name(name: &str) -> u32 {
    name.bytes().fold(2166136261u32, |h, b| {
        (h ^ u32::from(b.to_ascii_lowercase())).wrapping_mul(16777619)
    })
}

/// Decodes character references in `raw` onto `out`.
pub(crate) fn push_decoded(out: &mut String, raw: &str) {
    if raw.contains('&') {
        html_escape::decode_html_entities_to_string(raw, out);
    } else {
        out.push_str(raw);
    }
}

fn decoded(raw: &str) -> String {
    let mut s = String::new();
    push_decoded(&mut s, raw);
    s
}

fn new_node(tag: Tag) -> Node {
    Node {
        tag,
        parent: NONE,
        first_child: NONE,
        last_child: NONE,
        next: NONE,
        flags: 0,
        class_id: 0..0,
        text: 0..0,
        name_hash: 0,
    }
}

/// Parses a page.
pub(crate) fn parse(src: &str) -> Dom {
    let mut dom = Dom {
        nodes: Vec::with_capacity(src.len() / 64 + 16),
        text: String::with_capacity(src.len() / 4),
        ..Dom::default()
    };
    dom.nodes.push(new_node(Tag::Document));
    let mut stack: Vec<u32> = vec![0];
    // What the next raw-text token belongs to.
    let mut raw_owner = Tag::Other;
    let mut raw_is_json_ld = false;
    let mut buf = [0u8; 16];

    for tok in Lexer::new(src) {
        match tok {
            Token::Raw(raw) => match raw_owner {
                Tag::Title if dom.meta.title.is_none() => dom.meta.title = Some(decoded(raw)),
                Tag::Script if raw_is_json_ld => dom.meta.json_ld.push(raw.to_string()),
                _ => {}
            },
            Token::Text(raw) => {
                let top = *stack.last().unwrap_or(&0);
                let start = dom.text.len() as u32;
                push_decoded(&mut dom.text, raw);
                let end = dom.text.len() as u32;
                // Merge with a preceding text sibling.
                let last = dom.nodes[top as usize].last_child;
                if last != NONE
                    && dom.nodes[last as usize].tag == Tag::Text
                    && dom.nodes[last as usize].text.end == start
                {
                    dom.nodes[last as usize].text.end = end;
                } else {
                    let mut n = new_node(Tag::Text);
                    n.text = start..end;
                    dom.push(top, n);
                }
            }
            Token::Start {
                name,
                attrs,
                self_closing,
            } => {
                let tag = Tag::from_lower(lower_into(name, &mut buf));
                match tag {
                    Tag::Title | Tag::Style | Tag::Noscript | Tag::Textarea | Tag::Iframe => {
                        raw_owner = tag;
                        continue;
                    }
                    Tag::Script => {
                        raw_owner = tag;
                        raw_is_json_ld = attributes(attrs).any(|(k, v)| {
                            k.eq_ignore_ascii_case("type")
                                && v.trim().eq_ignore_ascii_case("application/ld+json")
                        });
                        continue;
                    }
                    Tag::Meta => {
                        read_meta(&mut dom.meta, attrs);
                        continue;
                    }
                    Tag::Link => {
                        read_link(&mut dom.meta, attrs);
                        continue;
                    }
                    Tag::Html => {
                        if dom.meta.lang.is_none() {
                            if let Some((_, v)) =
                                attributes(attrs).find(|(k, _)| k.eq_ignore_ascii_case("lang"))
                            {
                                let v = v.trim();
                                if !v.is_empty() {
                                    dom.meta.lang = Some(decoded(v));
                                }
                            }
                        }
                        continue;
                    }
                    Tag::Head | Tag::Body | Tag::Base => continue,
                    _ => {}
                }
                implied_ends(&dom, &mut stack, tag);
                let mut node = new_node(tag);
                if tag == Tag::Other {
                    node.name_hash = hash_name(name);
                }
                read_attrs(&mut dom, &mut node, attrs);
                if tag == Tag::Time {
                    read_time(&mut dom.meta, attrs);
                }
                let top = *stack.last().unwrap_or(&0);
                let id = dom.push(top, node);
                let void = tag.is_void()
                    || (self_closing && matches!(tag, Tag::Other | Tag::Svg | Tag::Math));
                if !void && stack.len() < MAX_DEPTH {
                    stack.push(id);
                }
            }
            Token::End(name) => {
                let tag = Tag::from_lower(lower_into(name, &mut buf));
                match tag {
                    Tag::Body | Tag::Html | Tag::Head => continue,
                    Tag::Br => {
                        let top = *stack.last().unwrap_or(&0);
                        dom.push(top, new_node(Tag::Br));
                        continue;
                    }
                    t if t.is_void() => continue,
                    _ => {}
                }
                let hash = if tag == Tag::Other {
                    hash_name(name)
                } else {
                    0
                };
                if let Some(pos) = stack.iter().rposition(|&id| {
                    let n = &dom.nodes[id as usize];
                    n.tag == tag && n.name_hash == hash
                }) {
                    if pos > 0 {
                        stack.truncate(pos);
                    }
                }
            }
        }
    }
    dom
}

/// Closes the elements a new `tag` implicitly ends.
fn implied_ends(dom: &Dom, stack: &mut Vec<u32>, tag: Tag) {
    use Tag::*;
    let tag_of = |id: u32| dom.nodes[id as usize].tag;
    let close_to = |stack: &mut Vec<u32>, targets: &[Tag], stops: &[Tag]| {
        for i in (1..stack.len()).rev() {
            let t = tag_of(stack[i]);
            if targets.contains(&t) {
                stack.truncate(i);
                return;
            }
            if stops.contains(&t) {
                return;
            }
        }
    };
    if tag.closes_p() {
        // An open `p` is closed when only inline elements stand between it and the top.
        for i in (1..stack.len()).rev() {
            let t = tag_of(stack[i]);
            if t == P {
                stack.truncate(i);
                break;
            }
            if !t.is_inline() {
                break;
            }
        }
    }
    match tag {
        Li => close_to(stack, &[Li], &[Ul, Ol, Menu, Table, Td, Th]),
        Dt | Dd => close_to(stack, &[Dt, Dd], &[Dl, Table, Td, Th]),
        Tr => close_to(stack, &[Tr], &[Table, Thead, Tbody, Tfoot]),
        Td | Th => close_to(stack, &[Td, Th], &[Tr, Table]),
        Thead | Tbody | Tfoot => close_to(stack, &[Thead, Tbody, Tfoot], &[Table]),
        Option => close_to(stack, &[Option], &[Select]),
        H1 | H2 | H3 | H4 | H5 | H6 => {
            if let Some(&top) = stack.last() {
                if tag_of(top).is_heading() {
                    stack.pop();
                }
            }
        }
        A => {
            for i in (1..stack.len()).rev() {
                let t = tag_of(stack[i]);
                if t == A {
                    stack.truncate(i);
                    break;
                }
                if !t.is_inline() {
                    break;
                }
            }
        }
        _ => {}
    }
}

fn read_attrs(dom: &mut Dom, node: &mut Node, attrs: &str) {
    if attrs.is_empty() {
        return;
    }
    let start = dom.attrs.len() as u32;
    for (k, v) in attributes(attrs) {
        let k = k.as_bytes();
        if k.eq_ignore_ascii_case(b"class") || k.eq_ignore_ascii_case(b"id") {
            if dom.attrs.len() as u32 > start {
                dom.attrs.push(' ');
            }
            let from = dom.attrs.len();
            dom.attrs.push_str(v);
            dom.attrs[from..].make_ascii_lowercase();
        } else if k.eq_ignore_ascii_case(b"hidden") {
            node.flags |= flag::HIDDEN;
        } else if k.eq_ignore_ascii_case(b"aria-hidden") {
            if v.eq_ignore_ascii_case("true") {
                node.flags |= flag::HIDDEN;
            }
        } else if k.eq_ignore_ascii_case(b"style") {
            let s: String = v
                .chars()
                .filter(|c| !c.is_whitespace())
                .collect::<String>()
                .to_ascii_lowercase();
            if s.contains("display:none") || s.contains("visibility:hidden") {
                node.flags |= flag::HIDDEN;
            }
        } else if k.eq_ignore_ascii_case(b"itemprop") {
            if v.eq_ignore_ascii_case("articlebody") {
                node.flags |= flag::ARTICLE_BODY;
            }
        } else if k.eq_ignore_ascii_case(b"href") {
            node.flags |= flag::HREF;
        } else if k.eq_ignore_ascii_case(b"role") {
            let v = v.trim().to_ascii_lowercase();
            if matches!(
                v.as_str(),
                "navigation"
                    | "banner"
                    | "contentinfo"
                    | "complementary"
                    | "menu"
                    | "menubar"
                    | "search"
                    | "dialog"
                    | "alert"
                    | "toolbar"
            ) {
                node.flags |= flag::ROLE_CHROME;
            } else if v == "main" || v == "article" {
                node.flags |= flag::ROLE_MAIN;
            }
        }
    }
    node.class_id = start..dom.attrs.len() as u32;
}

fn read_time(meta: &mut PageMeta, attrs: &str) {
    let mut datetime = None;
    let mut hint = false;
    for (k, v) in attributes(attrs) {
        if k.eq_ignore_ascii_case("datetime") {
            datetime = Some(v.trim());
        } else if k.eq_ignore_ascii_case("pubdate") {
            hint = true;
        } else if k.eq_ignore_ascii_case("itemprop") || k.eq_ignore_ascii_case("class") {
            let v = v.to_ascii_lowercase();
            hint |= v.contains("datepublished") || v.contains("publish") || v.contains("pubdate");
        }
    }
    if let Some(d) = datetime.filter(|d| !d.is_empty()) {
        if meta.times.len() < 64 {
            meta.times.push((d.to_string(), hint));
        }
    }
}

fn read_meta(meta: &mut PageMeta, attrs: &str) {
    let mut key = None;
    let mut content = None;
    for (k, v) in attributes(attrs) {
        if k.eq_ignore_ascii_case("name")
            || k.eq_ignore_ascii_case("property")
            || k.eq_ignore_ascii_case("itemprop")
        {
            if key.is_none() {
                key = Some(v.trim().to_ascii_lowercase());
            }
        } else if k.eq_ignore_ascii_case("content") {
            content = Some(v);
        } else if k.eq_ignore_ascii_case("http-equiv") && v.eq_ignore_ascii_case("content-language")
        {
            key = Some("content-language".to_string());
        }
    }
    if let (Some(k), Some(c)) = (key, content) {
        let c = decoded(c.trim());
        if !c.is_empty() && meta.metas.len() < 512 {
            meta.metas.push((k, c));
        }
    }
}

fn read_link(meta: &mut PageMeta, attrs: &str) {
    let mut canonical = false;
    let mut href = None;
    for (k, v) in attributes(attrs) {
        if k.eq_ignore_ascii_case("rel") {
            canonical = v
                .split_ascii_whitespace()
                .any(|r| r.eq_ignore_ascii_case("canonical"));
        } else if k.eq_ignore_ascii_case("href") {
            href = Some(v);
        }
    }
    if let (true, Some(h), None) = (canonical, href, &meta.canonical) {
        let h = decoded(h.trim());
        if !h.is_empty() {
            meta.canonical = Some(h);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tags_under(dom: &Dom, id: u32) -> Vec<Tag> {
        dom.children(id).map(|c| dom.node(c).tag).collect()
    }

    #[test]
    fn implied_ends_and_metadata() {
        let dom = parse(
            "<html lang=en><head><title>T &amp; U</title><meta property='og:site_name' content='Site'>\
             <link rel=canonical href='http://x/a'></head><body><p>one<p>two<ul><li>a<li>b</ul></body>",
        );
        assert_eq!(dom.meta.title.as_deref(), Some("T & U"));
        assert_eq!(dom.meta.lang.as_deref(), Some("en"));
        assert_eq!(dom.meta.canonical.as_deref(), Some("http://x/a"));
        assert_eq!(
            dom.meta.metas,
            vec![("og:site_name".to_string(), "Site".to_string())]
        );
        assert_eq!(tags_under(&dom, 0), vec![Tag::P, Tag::P, Tag::Ul]);
        let ul = dom.children(0).nth(2).unwrap_or(0);
        assert_eq!(tags_under(&dom, ul), vec![Tag::Li, Tag::Li]);
    }

    #[test]
    fn deep_nesting_is_capped() {
        let page = "<div>".repeat(100_000);
        let dom = parse(&page);
        assert_eq!(dom.nodes.len(), 100_001);
    }
}
