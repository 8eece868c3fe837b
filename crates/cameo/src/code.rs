//! [`EventCode`]: a syntactically valid event code: a CAMEO code, or an extension code
//! of a user's own ontology (PETRARCH dictionaries use such codes, e.g. `903` or `174K`).

use std::fmt;
use std::str::FromStr;

/// Why a string is not an event code.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ParseEventCodeError {
    /// Not two ASCII digits followed by up to two digits or capital letters.
    #[error(
        "invalid event code {0:?}: expected 2 digits and up to 2 more digits or capital letters"
    )]
    Syntax(String),
    /// The root (first two digits) is 00.
    #[error("invalid event code {0:?}: the root cannot be 00")]
    Root(String),
}

/// An event code: two ASCII digits (the root) and up to two more digits or capital
/// letters. CAMEO's codes are all digits with roots 01 to 20 ([`EventCode::is_cameo_form`]);
/// anything else of this form is an extension code of another ontology, which entente
/// carries through but cannot place in a quad class or on the Goldstein scale.
///
/// Parsing checks the form only; whether the code is listed in CAMEO is
/// [`lookup`](crate::lookup)'s business. Codes order as strings do
/// (`01` < `010` < `0211` < `02`), the order of [`all`](crate::all).
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct EventCode {
    /// The digits, zero-padded after `len`; padding with 0 keeps string order.
    bytes: [u8; 4],
    len: u8,
}

impl EventCode {
    /// The code as written, e.g. `"190"`.
    pub fn as_str(&self) -> &str {
        // Only ASCII digits and letters are ever stored, so this cannot fail.
        std::str::from_utf8(&self.bytes[..usize::from(self.len)]).unwrap_or_default()
    }

    /// The root (first two digits) as a number: 1 to 20 in CAMEO, up to 99 in extensions.
    pub fn root(&self) -> u8 {
        (self.bytes[0] - b'0') * 10 + (self.bytes[1] - b'0')
    }

    /// The two-digit root code, e.g. `19` for `190`.
    pub fn root_code(&self) -> EventCode {
        self.truncate(2)
    }

    /// The code one level up (`1821` → `182` → `18`), or `None` for a root.
    pub fn parent(&self) -> Option<EventCode> {
        (self.len > 2).then(|| self.truncate(self.len - 1))
    }

    /// True when the code has CAMEO's form: all digits, root 01 to 20. Whether CAMEO lists
    /// it is [`lookup`](crate::lookup)'s business.
    pub fn is_cameo_form(&self) -> bool {
        (1..=20).contains(&self.root())
            && self.bytes[..usize::from(self.len)]
                .iter()
                .all(u8::is_ascii_digit)
    }

    /// Number of characters: 2 (root), 3 or 4.
    pub fn depth(&self) -> usize {
        usize::from(self.len)
    }

    /// True for a root's catch-all code ("190", "040": three digits ending in 0) or a
    /// bare root: the codes for "not specified below".
    pub fn is_catch_all(&self) -> bool {
        self.len == 2 || (self.len == 3 && self.bytes[2] == b'0')
    }

    fn truncate(&self, len: u8) -> EventCode {
        let mut bytes = [0; 4];
        bytes[..usize::from(len)].copy_from_slice(&self.bytes[..usize::from(len)]);
        EventCode { bytes, len }
    }
}

impl FromStr for EventCode {
    type Err = ParseEventCodeError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let digits = s.as_bytes();
        if !(2..=4).contains(&digits.len())
            || !digits[..2].iter().all(u8::is_ascii_digit)
            || !digits[2..]
                .iter()
                .all(|b| b.is_ascii_digit() || b.is_ascii_uppercase())
        {
            return Err(ParseEventCodeError::Syntax(s.to_owned()));
        }
        let mut bytes = [0; 4];
        bytes[..digits.len()].copy_from_slice(digits);
        // Length checked above: 2..=4 fits in u8.
        let code = EventCode {
            bytes,
            len: digits.len() as u8,
        };
        if code.root() == 0 {
            return Err(ParseEventCodeError::Root(s.to_owned()));
        }
        Ok(code)
    }
}

impl TryFrom<&str> for EventCode {
    type Error = ParseEventCodeError;

    fn try_from(s: &str) -> Result<Self, Self::Error> {
        s.parse()
    }
}

impl fmt::Display for EventCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl fmt::Debug for EventCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "EventCode({:?})", self.as_str())
    }
}

impl serde::Serialize for EventCode {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

impl<'de> serde::Deserialize<'de> for EventCode {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Visitor;
        impl serde::de::Visitor<'_> for Visitor {
            type Value = EventCode;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a CAMEO event code string such as \"190\"")
            }
            fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<EventCode, E> {
                v.parse().map_err(E::custom)
            }
        }
        deserializer.deserialize_str(Visitor)
    }
}
