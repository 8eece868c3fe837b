//! Feature hashing: templates and values folded into one 64-bit [`Feature`](crate::perceptron::Feature).
//!
//! Strings are hashed once per word ([`str_hash`]); a feature is then a cheap mix of a
//! template number and a few such hashes ([`feat`]), so extracting dozens of features
//! per decision costs no allocation and no string work.

/// Hashes a string (FNV-1a, then a final avalanche).
pub fn str_hash(s: &str) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in s.bytes() {
        h ^= b as u64;
        h = h.wrapping_mul(0x0000_0100_0000_01b3);
    }
    avalanche(h)
}

/// Mixes two 64-bit values into one, order-sensitively.
#[inline]
pub fn mix(a: u64, b: u64) -> u64 {
    avalanche(a.rotate_left(23) ^ b.wrapping_mul(0x9e37_79b9_7f4a_7c15))
}

/// A feature from a template number and its values.
#[inline]
pub fn feat(template: u32, values: &[u64]) -> u64 {
    let mut h = avalanche(template as u64 + 0x5851_f42d_4c95_7f2d);
    for v in values {
        h = mix(h, *v);
    }
    h
}

#[inline]
fn avalanche(mut h: u64) -> u64 {
    // The splitmix64 finaliser.
    h ^= h >> 30;
    h = h.wrapping_mul(0xbf58_476d_1ce4_e5b9);
    h ^= h >> 27;
    h = h.wrapping_mul(0x94d0_49bb_1331_11eb);
    h ^ (h >> 31)
}

/// A small deterministic random number generator (splitmix64) for shuffling training
/// data reproducibly from a seed.
pub struct Rng(u64);

impl Rng {
    /// A generator from a seed.
    pub fn new(seed: u64) -> Rng {
        Rng(seed)
    }

    /// The next 64 random bits.
    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        avalanche(self.0)
    }

    /// A uniform number in `[0, 1)`.
    pub fn next_f64(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 / (1u64 << 53) as f64
    }

    /// Shuffles `items` in place (Fisher–Yates).
    pub fn shuffle<T>(&mut self, items: &mut [T]) {
        for i in (1..items.len()).rev() {
            let j = (self.next_u64() % (i as u64 + 1)) as usize;
            items.swap(i, j);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn features_depend_on_template_order_and_values() {
        let a = str_hash("sanctions");
        let b = str_hash("NNS");
        assert_ne!(feat(1, &[a, b]), feat(1, &[b, a]));
        assert_ne!(feat(1, &[a]), feat(2, &[a]));
        assert_eq!(feat(3, &[a, b]), feat(3, &[a, b]));
    }

    #[test]
    fn shuffle_is_deterministic_for_a_seed() {
        let mut x: Vec<u32> = (0..50).collect();
        let mut y = x.clone();
        Rng::new(7).shuffle(&mut x);
        Rng::new(7).shuffle(&mut y);
        assert_eq!(x, y);
        assert_ne!(x, (0..50).collect::<Vec<_>>());
    }
}
