//! The seventeen universal part-of-speech tags.

use std::fmt;
use std::str::FromStr;

/// A Universal Dependencies part-of-speech tag.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Upos {
    /// Adjective.
    Adj,
    /// Adposition.
    Adp,
    /// Adverb.
    Adv,
    /// Auxiliary.
    Aux,
    /// Coordinating conjunction.
    Cconj,
    /// Determiner.
    Det,
    /// Interjection.
    Intj,
    /// Noun.
    Noun,
    /// Numeral.
    Num,
    /// Particle.
    Part,
    /// Pronoun.
    Pron,
    /// Proper noun.
    Propn,
    /// Punctuation.
    Punct,
    /// Subordinating conjunction.
    Sconj,
    /// Symbol.
    Sym,
    /// Verb.
    Verb,
    /// Other.
    X,
}

impl Upos {
    /// Every tag, in declaration order.
    pub const ALL: [Upos; 17] = [
        Upos::Adj,
        Upos::Adp,
        Upos::Adv,
        Upos::Aux,
        Upos::Cconj,
        Upos::Det,
        Upos::Intj,
        Upos::Noun,
        Upos::Num,
        Upos::Part,
        Upos::Pron,
        Upos::Propn,
        Upos::Punct,
        Upos::Sconj,
        Upos::Sym,
        Upos::Verb,
        Upos::X,
    ];

    /// The tag as written in CoNLL-U (`NOUN`, `PROPN`, ...).
    pub fn as_str(self) -> &'static str {
        match self {
            Upos::Adj => "ADJ",
            Upos::Adp => "ADP",
            Upos::Adv => "ADV",
            Upos::Aux => "AUX",
            Upos::Cconj => "CCONJ",
            Upos::Det => "DET",
            Upos::Intj => "INTJ",
            Upos::Noun => "NOUN",
            Upos::Num => "NUM",
            Upos::Part => "PART",
            Upos::Pron => "PRON",
            Upos::Propn => "PROPN",
            Upos::Punct => "PUNCT",
            Upos::Sconj => "SCONJ",
            Upos::Sym => "SYM",
            Upos::Verb => "VERB",
            Upos::X => "X",
        }
    }

    /// Whether the tag is a noun or proper noun.
    pub fn is_nominal(self) -> bool {
        matches!(self, Upos::Noun | Upos::Propn)
    }
}

impl fmt::Display for Upos {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The string is not one of the seventeen UPOS tags.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown UPOS tag {0:?}")]
pub struct UnknownUpos(pub String);

impl FromStr for Upos {
    type Err = UnknownUpos;

    fn from_str(s: &str) -> Result<Upos, UnknownUpos> {
        Upos::ALL
            .iter()
            .copied()
            .find(|u| u.as_str() == s)
            .ok_or_else(|| UnknownUpos(s.to_string()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_every_tag_it_prints() {
        for u in Upos::ALL {
            assert_eq!(u.as_str().parse::<Upos>(), Ok(u));
        }
        assert!("NN".parse::<Upos>().is_err());
    }
}
