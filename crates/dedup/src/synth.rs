//! Synthetic news corpora with planted near-copies, for benchmarks and tests.
//!
//! Stories are sentences of pseudo-words drawn with a Zipf-like skew (a few words are
//! very common, as in English). Some documents are republications of an earlier story:
//! a new byline, a site's boilerplate lines, a few words changed, and sometimes the
//! ending cut. Others are *related* stories: new text that quotes a sentence or two of an
//! earlier story, as follow-ups on the same topic do; they must not be merged.

/// A generated corpus and its truth.
#[derive(Debug, Clone)]
pub struct Corpus {
    /// The documents, in order.
    pub docs: Vec<String>,
    /// For each document, the story it tells: equal numbers are copies of one story.
    pub story: Vec<usize>,
}

impl Corpus {
    /// Documents whose story appeared earlier in the corpus (the planted copies).
    pub fn planted_copies(&self) -> usize {
        let mut seen = vec![false; self.docs.len()];
        let mut n = 0;
        for &s in &self.story {
            if seen[s] {
                n += 1;
            }
            seen[s] = true;
        }
        n
    }
}

/// What to generate.
#[derive(Debug, Clone, Copy)]
pub struct Spec {
    /// Number of documents.
    pub docs: usize,
    /// Share of documents that republish an earlier story.
    pub copy_rate: f64,
    /// Share of documents that are new stories quoting an earlier one.
    pub related_rate: f64,
    /// Random seed.
    pub seed: u64,
}

impl Default for Spec {
    fn default() -> Self {
        Spec {
            docs: 1000,
            copy_rate: 0.3,
            related_rate: 0.1,
            seed: 1,
        }
    }
}

/// A small, fast deterministic generator (SplitMix64).
#[derive(Debug, Clone)]
pub struct Rng(u64);

impl Rng {
    /// A generator from a seed.
    pub fn new(seed: u64) -> Rng {
        Rng(seed ^ 0x5DEE_CE66_D1CE_4E5B)
    }

    /// The next 64 random bits.
    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number in `0..n` (`n` > 0).
    pub fn below(&mut self, n: usize) -> usize {
        (((self.next_u64() >> 32) * n as u64) >> 32) as usize
    }

    /// A number in `[0, 1)`.
    pub fn unit(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 / (1u64 << 53) as f64
    }
}

const SYLLABLES: [&str; 32] = [
    "ka", "ro", "mi", "ten", "sal", "ve", "dor", "pa", "lin", "qu", "est", "an", "mo", "ri", "gal",
    "tu", "ber", "no", "sha", "fi", "ul", "dem", "ox", "ja", "wen", "ic", "por", "zel", "ha", "ny",
    "cru", "be",
];

/// The pseudo-word with rank `i`.
fn word(i: usize) -> String {
    let mut w = String::new();
    let mut n = i + 1;
    while n > 0 {
        w.push_str(SYLLABLES[n % 32]);
        n /= 32;
    }
    w
}

/// A vocabulary rank with a Zipf-like skew over `size` words.
fn zipf(rng: &mut Rng, size: usize) -> usize {
    // The square of a uniform number favours small ranks.
    let u = rng.unit();
    ((u * u * u) * size as f64) as usize
}

fn sentence(rng: &mut Rng, vocab: &[String]) -> String {
    let n = 8 + rng.below(22);
    let mut s = String::new();
    for i in 0..n {
        if i > 0 {
            s.push(' ');
        }
        let w = &vocab[zipf(rng, vocab.len())];
        if i == 0 {
            let mut c = w.chars();
            if let Some(f) = c.next() {
                s.extend(f.to_uppercase());
                s.push_str(c.as_str());
            }
        } else {
            s.push_str(w);
        }
    }
    s.push('.');
    s
}

/// Generates a corpus.
pub fn generate(spec: &Spec) -> Corpus {
    let mut rng = Rng::new(spec.seed);
    let vocab: Vec<String> = (0..20_000).map(word).collect();
    // Stories as sentences, kept so copies and follow-ups can reuse them.
    let mut stories: Vec<Vec<String>> = Vec::new();
    let mut docs = Vec::with_capacity(spec.docs);
    let mut story_of = Vec::with_capacity(spec.docs);
    let sites = [
        "Follow us on social media for the latest updates.",
        "Copyright 2024 The Daily Courier. All rights reserved.",
        "Sign up for our morning newsletter.",
        "Reporting by our correspondents; editing by the news desk.",
    ];
    for _ in 0..spec.docs {
        let r = rng.unit();
        if !stories.is_empty() && r < spec.copy_rate {
            let s = rng.below(stories.len());
            let src = &stories[s];
            let keep = if rng.unit() < 0.3 {
                (src.len() * (75 + rng.below(25)) / 100).max(1)
            } else {
                src.len()
            };
            let mut text = format!("By {} {}\n\n", word(rng.below(500)), word(rng.below(500)));
            for sent in &src[..keep] {
                for (i, w) in sent.split(' ').enumerate() {
                    if i > 0 {
                        text.push(' ');
                    }
                    if rng.unit() < 0.02 {
                        text.push_str(&vocab[rng.below(vocab.len())]);
                    } else {
                        text.push_str(w);
                    }
                }
                text.push('\n');
            }
            text.push_str(sites[rng.below(sites.len())]);
            docs.push(text);
            story_of.push(s);
        } else {
            let n = 6 + rng.below(20);
            let mut sents: Vec<String> = (0..n).map(|_| sentence(&mut rng, &vocab)).collect();
            if !stories.is_empty() && r < spec.copy_rate + spec.related_rate {
                // A follow-up quoting one or two sentences of an earlier story.
                let src = &stories[rng.below(stories.len())];
                for _ in 0..1 + rng.below(2) {
                    let q = src[rng.below(src.len())].clone();
                    let at = rng.below(sents.len());
                    sents.insert(at, q);
                }
            }
            let mut text = format!("By {} {}\n\n", word(rng.below(500)), word(rng.below(500)));
            text.push_str(&sents.join("\n"));
            docs.push(text);
            story_of.push(stories.len());
            stories.push(sents);
        }
    }
    // Story numbers as document-order ids: equal means same story.
    Corpus {
        docs,
        story: story_of,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn deterministic_with_copies() {
        let spec = Spec {
            docs: 200,
            ..Spec::default()
        };
        let a = generate(&spec);
        let b = generate(&spec);
        assert_eq!(a.docs, b.docs);
        let planted = a.planted_copies();
        assert!(planted > 30 && planted < 90, "{planted}");
    }
}
