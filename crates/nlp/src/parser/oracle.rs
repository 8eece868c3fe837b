//! The dynamic oracle of the arc-hybrid system (Goldberg and Nivre, 2013): the number of
//! gold arcs a move makes unreachable, from any configuration, so training can learn to
//! recover from its own mistakes.
//!
//! Costs are exact for projective gold trees; [`projectivize`] lifts the few
//! non-projective arcs of the treebanks before training.

use super::state::{Move, State};

/// Gold tree of one sentence, 1-based like [`State`] (index 0 unused).
pub struct Gold {
    /// Gold head of each word.
    pub heads: Vec<u32>,
    /// Gold label of each word.
    pub labels: Vec<u16>,
    /// Gold dependents of each node.
    pub deps: Vec<Vec<u32>>,
}

impl Gold {
    /// A gold tree from 0-indexed heads (0 = root, else 1-based) and labels.
    pub fn new(heads: &[u32], labels: &[u16]) -> Gold {
        let n = heads.len();
        let mut g = Gold {
            heads: Vec::with_capacity(n + 1),
            labels: Vec::with_capacity(n + 1),
            deps: vec![Vec::new(); n + 1],
        };
        g.heads.push(0);
        g.labels.push(0);
        for (i, (&h, &l)) in heads.iter().zip(labels).enumerate() {
            g.heads.push(h);
            g.labels.push(l);
            if (h as usize) <= n {
                g.deps[h as usize].push(i as u32 + 1);
            }
        }
        g
    }

    /// Number of gold dependents of `node` still in the buffer.
    fn deps_in_buffer(&self, node: u32, st: &State) -> u32 {
        self.deps[node as usize]
            .iter()
            .filter(|&&d| d >= st.front)
            .count() as u32
    }

    /// The costs of every move in `st`, computed once per configuration.
    pub fn costs(&self, st: &State) -> Costs {
        let mut c = Costs {
            shift: u32::MAX,
            left: u32::MAX,
            right: u32::MAX,
            left_label: None,
            right_label: None,
        };
        if st.b(0).is_some() {
            c.shift = self.shift_cost(st);
        }
        let Some(s0) = st.s(0) else { return c };
        let h = self.heads[s0 as usize];
        let gold_label = self.labels[s0 as usize];
        let lost_deps = self.deps_in_buffer(s0, st);
        if let Some(b0) = st.b(0) {
            let head_lost = h != b0 && (Some(h) == st.s(1) || h >= st.front);
            c.left = head_lost as u32 + lost_deps;
            c.left_label = (h == b0).then_some(gold_label);
        }
        if let Some(s1) = st.s(1) {
            let head_lost = h != s1 && h >= st.front;
            c.right = head_lost as u32 + lost_deps;
            c.right_label = (h == s1).then_some(gold_label);
        }
        c
    }

    /// The cost of `m` in `st`: gold arcs (and labels) it makes unreachable.
    #[cfg(test)]
    pub fn cost(&self, st: &State, m: Move) -> u32 {
        self.costs(st).of(m)
    }

    fn shift_cost(&self, st: &State) -> u32 {
        let Some(b0) = st.b(0) else { return u32::MAX };
        let h = self.heads[b0 as usize];
        let top = st.s(0);
        let mut cost = 0;
        let below_top = &st.stack[..st.stack.len().saturating_sub(1)];
        if Some(h) != top && below_top.contains(&h) {
            cost += 1;
        }
        cost += st
            .stack
            .iter()
            .filter(|&&d| d != 0 && self.heads[d as usize] == b0)
            .count() as u32;
        cost
    }
}

/// The costs of the moves from one configuration.
pub struct Costs {
    shift: u32,
    left: u32,
    right: u32,
    /// The gold label when a left arc would attach the stack top to its gold head.
    left_label: Option<u16>,
    /// Likewise for a right arc.
    right_label: Option<u16>,
}

impl Costs {
    /// The cost of one move (`u32::MAX` when it is impossible).
    pub fn of(&self, m: Move) -> u32 {
        let wrong = |gold: Option<u16>, l: u16| gold.is_some_and(|g| g != l) as u32;
        match m {
            Move::Shift => self.shift,
            Move::Left(l) => self.left.saturating_add(wrong(self.left_label, l)),
            Move::Right(l) => self.right.saturating_add(wrong(self.right_label, l)),
        }
    }
}

/// Makes a tree projective by lifting each non-projective arc to its head's head until
/// none remain. `heads` is 0-indexed with 0 = root and 1-based head positions.
pub fn projectivize(heads: &mut [u32]) {
    // Each lift moves an arc strictly closer to the root, so this terminates; the bound
    // guards against malformed (cyclic) input.
    for _ in 0..heads.len() * heads.len() + 1 {
        match shortest_nonprojective(heads) {
            Some(d) => {
                let h = heads[d] as usize;
                heads[d] = if h == 0 { 0 } else { heads[h - 1] };
            }
            None => return,
        }
    }
}

/// Whether `anc` dominates `node` (1-based nodes, 0 = root).
fn dominates(heads: &[u32], anc: u32, mut node: u32) -> bool {
    for _ in 0..=heads.len() {
        if node == anc {
            return true;
        }
        if node == 0 {
            return false;
        }
        node = heads[node as usize - 1];
    }
    false
}

/// The 0-based index of the dependent of the shortest non-projective arc.
fn shortest_nonprojective(heads: &[u32]) -> Option<usize> {
    let mut best: Option<(u32, usize)> = None;
    for (i, &h) in heads.iter().enumerate() {
        let d = i as u32 + 1;
        let (lo, hi) = if h < d { (h, d) } else { (d, h) };
        let crossing = (lo + 1..hi).any(|k| !dominates(heads, h, k));
        if crossing && best.is_none_or(|(len, _)| hi - lo < len) {
            best = Some((hi - lo, i));
        }
    }
    best.map(|(_, i)| i)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Following zero-cost moves from the start always reaches the gold tree.
    fn follow_oracle(heads: &[u32], labels: &[u16]) -> (Vec<u32>, Vec<u16>) {
        let gold = Gold::new(heads, labels);
        let n_labels = labels.iter().copied().max().unwrap_or(0) as usize + 1;
        let mut st = State::new(heads.len());
        while !st.is_terminal() {
            let m = (0..Move::n_classes(n_labels))
                .map(Move::from_class)
                .find(|&m| st.is_valid(m, 0) && gold.cost(&st, m) == 0)
                .expect("a zero-cost move exists");
            st.apply(m);
        }
        (st.heads[1..].to_vec(), st.labels[1..].to_vec())
    }

    #[test]
    fn zero_cost_path_reproduces_projective_trees() {
        // The president said that Russia imposed new sanctions .
        let heads = [2, 3, 0, 6, 6, 3, 8, 6, 3];
        let labels = [1, 2, 0, 3, 2, 4, 5, 6, 7];
        let (h, l) = follow_oracle(&heads, &labels);
        assert_eq!(h, heads);
        assert_eq!(l, labels);
    }

    #[test]
    fn wrong_moves_cost_what_they_lose() {
        // 1 <- 2 (root) -> 3
        let gold = Gold::new(&[2, 0, 2], &[1, 0, 2]);
        let mut st = State::new(3);
        st.apply(Move::Shift);
        // Shifting 2 over 1 loses 1's head (2), and 2's head (the root, now buried).
        assert_eq!(gold.cost(&st, Move::Shift), 2);
        assert_eq!(gold.cost(&st, Move::Left(1)), 0);
        assert_eq!(gold.cost(&st, Move::Left(2)), 1, "right head, wrong label");
    }

    #[test]
    fn projectivize_lifts_crossing_arcs() {
        // 1 -> 3 crosses 2 -> 4 when 2 is root: heads (1-based): w1<-w2? build a crossing.
        // w1 head 3, w2 root, w3 head 2, w4 head 1: arc 1->4 crosses 2->3.
        let mut heads = [3, 0, 2, 1];
        projectivize(&mut heads);
        assert!(shortest_nonprojective(&heads).is_none());
        assert_eq!(heads[1], 0);
        let (h, _) = follow_oracle(&heads, &[1, 0, 1, 1]);
        assert_eq!(h, heads);
    }
}
