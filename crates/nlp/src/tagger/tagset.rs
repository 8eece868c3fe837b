//! The tag set: the (UPOS, XPOS) pairs a tagger predicts, and how missing XPOS are filled.

use rustc_hash::FxHashMap;

use crate::codec::{DecodeError, Decoder, Encoder};
use crate::{GoldSentence, Upos};

/// The table of classes a tagger predicts: the (UPOS, XPOS) pairs seen in training.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct TagSet {
    classes: Vec<(Upos, String)>,
}

impl TagSet {
    /// Number of classes.
    pub fn len(&self) -> usize {
        self.classes.len()
    }

    /// Whether there are no classes.
    pub fn is_empty(&self) -> bool {
        self.classes.is_empty()
    }

    /// The UPOS of a class (`X` for an out-of-range class).
    pub fn upos(&self, class: u16) -> Upos {
        self.classes.get(class as usize).map_or(Upos::X, |c| c.0)
    }

    /// The XPOS of a class (`_` for an out-of-range class).
    pub fn xpos(&self, class: u16) -> &str {
        self.classes
            .get(class as usize)
            .map_or("_", |c| c.1.as_str())
    }

    /// The class of a (UPOS, XPOS) pair, if the tag set has it.
    pub fn class(&self, upos: Upos, xpos: &str) -> Option<u16> {
        let i = self
            .classes
            .iter()
            .position(|(u, x)| *u == upos && x == xpos)?;
        Some(i as u16)
    }

    /// Writes the tag set.
    pub fn encode(&self, enc: &mut Encoder) {
        enc.u32(self.classes.len() as u32);
        for (upos, xpos) in &self.classes {
            enc.u8(*upos as u8);
            enc.str(xpos);
        }
    }

    /// Reads a tag set written by [`TagSet::encode`].
    pub fn decode(dec: &mut Decoder) -> Result<TagSet, DecodeError> {
        let n = dec.u32()?;
        if n > u16::MAX as u32 {
            return Err(dec.invalid("too many tag classes"));
        }
        let mut classes = Vec::new();
        for _ in 0..n {
            let upos = *Upos::ALL
                .get(dec.u8()? as usize)
                .ok_or_else(|| dec.invalid("unknown UPOS index"))?;
            classes.push((upos, dec.str()?.to_string()));
        }
        Ok(TagSet { classes })
    }

    /// The sorted, deduplicated classes of `sentences`, with missing XPOS filled in.
    pub(super) fn from_sentences(sentences: &[GoldSentence], fill: &XposFill) -> TagSet {
        let mut classes: Vec<(Upos, String)> = sentences
            .iter()
            .flat_map(|s| s.upos.iter().zip(&s.xpos))
            .map(|(u, x)| (*u, fill.xpos(*u, x).to_string()))
            .collect();
        classes.sort_unstable();
        classes.dedup();
        TagSet { classes }
    }

    pub(super) fn index(&self) -> FxHashMap<(Upos, &str), u16> {
        let pairs = self.classes.iter().enumerate();
        pairs
            .map(|(i, (u, x))| ((*u, x.as_str()), i as u16))
            .collect()
    }
}

/// Replaces missing XPOS (`_`) by the most frequent XPOS of the word's UPOS.
pub(super) struct XposFill {
    by_upos: [Option<String>; 17],
}

impl XposFill {
    pub(super) fn new(sentences: &[GoldSentence]) -> XposFill {
        let mut counts: FxHashMap<(Upos, &str), usize> = FxHashMap::default();
        for s in sentences {
            for (u, x) in s.upos.iter().zip(&s.xpos) {
                if x != "_" {
                    *counts.entry((*u, x.as_str())).or_default() += 1;
                }
            }
        }
        let mut sorted: Vec<((Upos, &str), usize)> = counts.into_iter().collect();
        // Most frequent first; ties by name, so the choice is deterministic.
        sorted.sort_unstable_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
        let mut by_upos: [Option<String>; 17] = Default::default();
        for ((u, x), _) in sorted {
            by_upos[u as usize].get_or_insert_with(|| x.to_string());
        }
        XposFill { by_upos }
    }

    pub(super) fn xpos<'a>(&'a self, upos: Upos, xpos: &'a str) -> &'a str {
        match (xpos, &self.by_upos[upos as usize]) {
            ("_", Some(fill)) => fill,
            _ => xpos,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sentence(tags: &[(Upos, &str)]) -> GoldSentence {
        GoldSentence {
            forms: tags.iter().map(|_| "w".to_string()).collect(),
            upos: tags.iter().map(|t| t.0).collect(),
            xpos: tags.iter().map(|t| t.1.to_string()).collect(),
            ..GoldSentence::default()
        }
    }

    #[test]
    fn missing_xpos_takes_the_most_frequent_of_its_upos() {
        let data = [sentence(&[
            (Upos::Noun, "NN"),
            (Upos::Noun, "NN"),
            (Upos::Noun, "NNS"),
            (Upos::Noun, "_"),
            (Upos::Intj, "_"),
        ])];
        let fill = XposFill::new(&data);
        assert_eq!(fill.xpos(Upos::Noun, "_"), "NN");
        assert_eq!(fill.xpos(Upos::Noun, "NNS"), "NNS");
        assert_eq!(fill.xpos(Upos::Intj, "_"), "_");
        let set = TagSet::from_sentences(&data, &fill);
        assert_eq!(set.len(), 3);
        assert_eq!(set.class(Upos::Noun, "NN"), Some(1));
    }
}
