//! Feature templates of the parser: words, tags and labels around the stack top and the
//! buffer front, their children, distances and valencies (after Zhang and Nivre, 2011).

use super::state::State;
use crate::hash::feat;
use crate::perceptron::Feature;

/// Per-sentence hashes of word and tag strings, computed once before parsing.
pub struct Atoms {
    /// Hash of each node's lowercased form (index 0 = root).
    pub words: Vec<u64>,
    /// Hash of each node's Penn Treebank tag.
    pub tags: Vec<u64>,
    /// Hash of each node's universal tag.
    pub upos: Vec<u64>,
    /// Hash of each node's last three characters, lowercased (for unseen words).
    pub suffixes: Vec<u64>,
}

/// Hash used for a missing position (no such stack item or child).
const NONE: u64 = 0x6e6f_6e65;

/// Values of one position in the configuration: word, tag, and the label of its arc.
#[derive(Clone, Copy)]
struct Slot {
    w: u64,
    t: u64,
    u: u64,
    x: u64,
    l: u64,
}

const EMPTY: Slot = Slot {
    w: NONE,
    t: NONE,
    u: NONE,
    x: NONE,
    l: NONE,
};

fn slot(atoms: &Atoms, st: &State, node: Option<u32>) -> Slot {
    match node {
        Some(i) => {
            let i = i as usize;
            let l = if st.heads[i] == super::state::NO_HEAD {
                NONE
            } else {
                st.labels[i] as u64 + 1
            };
            Slot {
                w: atoms.words[i],
                t: atoms.tags[i],
                u: atoms.upos[i],
                x: atoms.suffixes[i],
                l,
            }
        }
        None => EMPTY,
    }
}

fn child(node: Option<u32>, pick: impl Fn(&super::state::Kids) -> u32, st: &State) -> Option<u32> {
    let c = pick(&st.kids[node? as usize]);
    (c != 0).then_some(c)
}

/// Distance between two nodes, bucketed.
fn distance(a: Option<u32>, b: Option<u32>) -> u64 {
    match (a, b) {
        (Some(a), Some(b)) => match a.abs_diff(b) {
            d @ 0..=4 => d as u64,
            5..=7 => 5,
            8..=12 => 6,
            _ => 7,
        },
        _ => 8,
    }
}

/// Writes the features of `st` into `out` (cleared first).
pub fn extract(atoms: &Atoms, st: &State, out: &mut Vec<Feature>) {
    out.clear();
    let (n_s0, n_s1, n_s2) = (st.s(0), st.s(1), st.s(2));
    let (n_b0, n_b1, n_b2) = (st.b(0), st.b(1), st.b(2));
    let s0 = slot(atoms, st, n_s0);
    let s1 = slot(atoms, st, n_s1);
    let s2 = slot(atoms, st, n_s2);
    let b0 = slot(atoms, st, n_b0);
    let b1 = slot(atoms, st, n_b1);
    let b2 = slot(atoms, st, n_b2);
    let s0l = slot(atoms, st, child(n_s0, |k| k.left[0], st));
    let s0l2 = slot(atoms, st, child(n_s0, |k| k.left[1], st));
    let s0r = slot(atoms, st, child(n_s0, |k| k.right[0], st));
    let s0r2 = slot(atoms, st, child(n_s0, |k| k.right[1], st));
    let s1l = slot(atoms, st, child(n_s1, |k| k.left[0], st));
    let s1r = slot(atoms, st, child(n_s1, |k| k.right[0], st));
    let s1r2 = slot(atoms, st, child(n_s1, |k| k.right[1], st));
    let b0l = slot(atoms, st, child(n_b0, |k| k.left[0], st));
    let b0l2 = slot(atoms, st, child(n_b0, |k| k.left[1], st));
    let kids = |n: Option<u32>| n.map(|i| st.kids[i as usize]).unwrap_or_default();
    let (k_s0, k_s1, k_b0) = (kids(n_s0), kids(n_s1), kids(n_b0));

    let mut t = 0u32;
    let mut f = |vals: &[u64]| {
        t += 1;
        out.push(feat(t, vals));
    };
    f(&[]); // bias
            // Single positions.
    for s in [s0, s1, b0, b1] {
        f(&[s.w]);
        f(&[s.t]);
        f(&[s.w, s.t]);
    }
    f(&[b2.w]);
    f(&[b2.t]);
    f(&[s2.t]);
    f(&[s2.w]);
    // Pairs: the stack top with the buffer front, and the two stack tops.
    f(&[s0.w, s0.t, b0.w, b0.t]);
    f(&[s0.w, s0.t, b0.w]);
    f(&[s0.w, b0.w, b0.t]);
    f(&[s0.w, s0.t, b0.t]);
    f(&[s0.t, b0.w, b0.t]);
    f(&[s0.w, b0.w]);
    f(&[s0.t, b0.t]);
    f(&[b0.t, b1.t]);
    f(&[s1.w, s1.t, s0.w, s0.t]);
    f(&[s1.w, s1.t, s0.t]);
    f(&[s1.t, s0.w, s0.t]);
    f(&[s1.w, s0.w]);
    f(&[s1.t, s0.t]);
    f(&[s1.w, s0.w, b0.t]);
    // Tag trigrams.
    f(&[b0.t, b1.t, b2.t]);
    f(&[s0.t, b0.t, b1.t]);
    f(&[s1.t, s0.t, b0.t]);
    f(&[s2.t, s1.t, s0.t]);
    f(&[s1.t, s0.t, b1.t]);
    f(&[s0.w, b0.t, b1.t]);
    f(&[s1.t, s0.w, b0.t]);
    // Children of the stack items and of the buffer front.
    for c in [s0l, s0r, s1l, s1r, b0l] {
        f(&[c.w]);
        f(&[c.t]);
        f(&[c.l]);
    }
    f(&[s0.t, s0l.t, s0l2.t]);
    f(&[s0.t, s0r.t, s0r2.t]);
    f(&[s1.t, s1r.t, s1r2.t]);
    f(&[b0.t, b0l.t, b0l2.t]);
    f(&[s0.t, s0l.l, s0l2.l]);
    f(&[s0.t, s0r.l, s0r2.l]);
    f(&[s1.t, s1r.l, s1r2.l]);
    f(&[b0.t, b0l.l, b0l2.l]);
    f(&[s1.t, s0.t, s0l.t]);
    f(&[s1.t, s0.t, s0r.t]);
    f(&[s1.t, s1r.t, s0.t]);
    f(&[s1.t, s1l.t, s0.t]);
    f(&[s0.t, b0.t, b0l.t]);
    f(&[s0.t, s0l.t, b0.t]);
    f(&[s0.t, s0r.t, b0.t]);
    f(&[s0.w, b0.t, b0l.t]);
    f(&[s1.w, s0.t, s0r.l]);
    // Distances.
    let d_s0b0 = distance(n_s0, n_b0);
    let d_s1s0 = distance(n_s1, n_s0);
    f(&[s0.w, d_s0b0]);
    f(&[s0.t, d_s0b0]);
    f(&[b0.w, d_s0b0]);
    f(&[b0.t, d_s0b0]);
    f(&[s0.w, b0.w, d_s0b0]);
    f(&[s0.t, b0.t, d_s0b0]);
    f(&[s1.t, s0.t, d_s1s0]);
    f(&[s1.w, s0.w, d_s1s0]);
    f(&[s1.t, s0.w, d_s1s0]);
    // Valencies and label sets.
    f(&[s0.w, k_s0.n_left as u64]);
    f(&[s0.t, k_s0.n_left as u64]);
    f(&[s0.w, k_s0.n_right as u64]);
    f(&[s0.t, k_s0.n_right as u64]);
    f(&[s1.t, k_s1.n_right as u64]);
    f(&[s1.w, k_s1.n_right as u64]);
    f(&[b0.w, k_b0.n_left as u64]);
    f(&[b0.t, k_b0.n_left as u64]);
    f(&[s0.t, k_s0.left_labels]);
    f(&[s0.t, k_s0.right_labels]);
    f(&[s1.t, k_s1.right_labels]);
    f(&[b0.t, k_b0.left_labels]);
    f(&[s0.w, k_s0.right_labels]);
    f(&[b0.w, k_b0.left_labels]);
    // Universal tags: they separate what Penn tags conflate (AUX/VERB, SCONJ/ADP, DET/PRON).
    f(&[s0.u, b0.u]);
    f(&[s1.u, s0.u]);
    f(&[s0.u, b0.u, b1.u]);
    f(&[s1.u, s0.u, b0.u]);
    f(&[s0.w, s0.u]);
    f(&[b0.w, b0.u]);
    f(&[s0.u, s0l.l, b0.u]);
    f(&[s1.u, s1r.l, s0.u]);
    f(&[s1.w, s1.u]);
    f(&[b1.w, b1.u]);
    f(&[s0.u, s0r.u, b0.u]);
    f(&[b0.u, b0l.u, b0l2.u]);
    f(&[s0.u, s0l.u, s0r.u]);
    f(&[s2.u, s1.u, s0.u]);
    f(&[b0.u, b1.u, b2.u]);
    // Suffixes stand in for words never seen in training.
    f(&[s0.x, s0.u]);
    f(&[b0.x, b0.u]);
    f(&[s1.x, s1.u]);
    f(&[s0.x, b0.x]);
    // Whether the root is the only thing under the top (root attachment comes last).
    f(&[
        s0.t,
        (st.stack.len() as u64).min(4),
        st.buffer_empty() as u64,
    ]);
}
