//! The arc-hybrid transition system: a parser configuration and its three moves.
//!
//! Words are numbered 1..=n; 0 is the artificial root, which starts at the bottom of the
//! stack. `Shift` moves the front of the buffer onto the stack; `Left(l)` makes the
//! buffer front the head of the stack top and pops it; `Right(l)` makes the second stack
//! item the head of the top and pops it. Attaching to the root is allowed only once the
//! buffer is empty, so every finished parse has exactly one root word.

/// No head assigned yet.
pub const NO_HEAD: u32 = u32::MAX;

/// A move of the arc-hybrid system with its dependency label.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Move {
    /// Push the buffer front onto the stack.
    Shift,
    /// Attach the stack top to the buffer front with this label, and pop.
    Left(u16),
    /// Attach the stack top to the item below it with this label, and pop.
    Right(u16),
}

impl Move {
    /// The classifier class of a move: 0 for shift, then left/right per label.
    #[cfg(test)]
    pub fn class(self) -> usize {
        match self {
            Move::Shift => 0,
            Move::Left(l) => 1 + 2 * l as usize,
            Move::Right(l) => 2 + 2 * l as usize,
        }
    }

    /// The move of a classifier class.
    pub fn from_class(c: usize) -> Move {
        if c == 0 {
            Move::Shift
        } else if c % 2 == 1 {
            Move::Left(((c - 1) / 2) as u16)
        } else {
            Move::Right(((c - 2) / 2) as u16)
        }
    }

    /// Number of classes for `n_labels` labels.
    pub fn n_classes(n_labels: usize) -> usize {
        1 + 2 * n_labels
    }
}

/// Children of one node, as much as features need.
#[derive(Clone, Copy, Debug, Default)]
pub struct Kids {
    /// Leftmost and second-leftmost left child (0 = none; the root is never a child).
    pub left: [u32; 2],
    /// Rightmost and second-rightmost right child (0 = none).
    pub right: [u32; 2],
    /// Number of left children.
    pub n_left: u16,
    /// Number of right children.
    pub n_right: u16,
    /// Bit set of the labels of left children (label id modulo 64).
    pub left_labels: u64,
    /// Bit set of the labels of right children.
    pub right_labels: u64,
}

/// A parser configuration.
#[derive(Clone, Debug)]
pub struct State {
    /// Number of words.
    pub n: u32,
    /// The stack, bottom first; starts as `[0]`.
    pub stack: Vec<u32>,
    /// The buffer front; the buffer is `front..=n`.
    pub front: u32,
    /// Head of each node (index 0 unused); `NO_HEAD` until attached.
    pub heads: Vec<u32>,
    /// Label of each node's arc.
    pub labels: Vec<u16>,
    /// Children summary of each node.
    pub kids: Vec<Kids>,
}

impl State {
    /// The initial configuration for `n` words.
    pub fn new(n: usize) -> State {
        let mut stack = Vec::with_capacity(n + 1);
        stack.push(0);
        State {
            n: n as u32,
            stack,
            front: 1,
            heads: vec![NO_HEAD; n + 1],
            labels: vec![0; n + 1],
            kids: vec![Kids::default(); n + 1],
        }
    }

    /// Whether the buffer is empty.
    pub fn buffer_empty(&self) -> bool {
        self.front > self.n
    }

    /// Whether parsing is finished.
    pub fn is_terminal(&self) -> bool {
        self.buffer_empty() && self.stack.len() == 1
    }

    /// The `i`-th stack item from the top (0 = top), if any.
    pub fn s(&self, i: usize) -> Option<u32> {
        self.stack.len().checked_sub(i + 1).map(|k| self.stack[k])
    }

    /// The `i`-th buffer item (0 = front), if any.
    pub fn b(&self, i: u32) -> Option<u32> {
        let k = self.front + i;
        (k <= self.n).then_some(k)
    }

    /// Whether `m` can be applied. `root_label` is the only label allowed for arcs from the
    /// root and is not allowed elsewhere.
    pub fn is_valid(&self, m: Move, root_label: u16) -> bool {
        match m {
            Move::Shift => !self.buffer_empty(),
            Move::Left(l) => {
                !self.buffer_empty() && self.s(0).is_some_and(|s0| s0 != 0) && l != root_label
            }
            Move::Right(l) => match (self.s(1), self.s(0)) {
                (Some(0), Some(_)) => self.buffer_empty() && l == root_label,
                (Some(_), Some(_)) => l != root_label,
                _ => false,
            },
        }
    }

    /// Applies a valid move.
    pub fn apply(&mut self, m: Move) {
        match m {
            Move::Shift => {
                self.stack.push(self.front);
                self.front += 1;
            }
            Move::Left(l) => {
                if let Some(d) = self.stack.pop() {
                    self.attach(self.front, d, l);
                }
            }
            Move::Right(l) => {
                if let Some(d) = self.stack.pop() {
                    if let Some(&h) = self.stack.last() {
                        self.attach(h, d, l);
                    }
                }
            }
        }
    }

    fn attach(&mut self, head: u32, dep: u32, label: u16) {
        self.heads[dep as usize] = head;
        self.labels[dep as usize] = label;
        let k = &mut self.kids[head as usize];
        let bit = 1u64 << (label % 64);
        if dep < head {
            // Left children arrive nearest first, so the newest is the leftmost.
            k.left = [dep, k.left[0]];
            k.n_left += 1;
            k.left_labels |= bit;
        } else {
            // Right children arrive nearest first too, so the newest is the rightmost.
            k.right = [dep, k.right[0]];
            k.n_right += 1;
            k.right_labels |= bit;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn classes_round_trip() {
        for m in [
            Move::Shift,
            Move::Left(0),
            Move::Right(0),
            Move::Left(7),
            Move::Right(7),
        ] {
            assert_eq!(Move::from_class(m.class()), m);
        }
        assert_eq!(Move::n_classes(3), 7);
    }

    #[test]
    fn builds_a_tree() {
        // "Russia imposed sanctions": 1 <- 2 -> 3, 2 is root. Labels: 0 root, 1 nsubj, 2 obj.
        let mut s = State::new(3);
        for m in [
            Move::Shift,
            Move::Left(1),
            Move::Shift,
            Move::Shift,
            Move::Right(2),
            Move::Right(0),
        ] {
            assert!(s.is_valid(m, 0), "{m:?} should be valid");
            s.apply(m);
        }
        assert!(s.is_terminal());
        assert_eq!(&s.heads[1..], &[2, 0, 2]);
        assert_eq!(&s.labels[1..], &[1, 0, 2]);
        assert_eq!(s.kids[2].left[0], 1);
        assert_eq!(s.kids[2].right[0], 3);
    }

    #[test]
    fn root_only_at_the_end() {
        let mut s = State::new(2);
        s.apply(Move::Shift);
        assert!(
            !s.is_valid(Move::Right(0), 0),
            "root arc with a non-empty buffer"
        );
        assert!(
            !s.is_valid(Move::Left(0), 0),
            "root label on a non-root arc"
        );
    }
}
