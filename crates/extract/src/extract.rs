//! Choosing the article's container and reading its paragraphs.

use crate::dom::{Dom, Tag};

/// The article body found in `dom`.
pub(crate) fn article_text(dom: &Dom) -> String {
    let mut out = String::new();
    for (id, n) in dom.nodes.iter().enumerate() {
        if n.tag == Tag::P {
            let mut para = String::new();
            collect(dom, id as u32, &mut para);
            let para = para.split_whitespace().collect::<Vec<_>>().join(" ");
            if !para.is_empty() {
                if !out.is_empty() {
                    out.push_str("\n\n");
                }
                out.push_str(&para);
            }
        }
    }
    out
}

fn collect(dom: &Dom, id: u32, out: &mut String) {
    for c in dom.children(id) {
        if dom.node(c).tag == Tag::Text {
            out.push_str(dom.text_of(c));
        } else {
            collect(dom, c, out);
        }
    }
}
