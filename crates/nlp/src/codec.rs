//! The little-endian binary encoding of trained models.
//!
//! Models are our own: a few tables of strings and perceptron weights. A hand-written
//! encoder keeps the format explicit, versioned and fast to load (no reflection, no
//! per-field framing), and every read is bounds-checked so a damaged file gives a
//! [`DecodeError`], never a panic.

use thiserror::Error;

/// Why a model could not be decoded.
#[derive(Debug, Error)]
#[error("model data is damaged at byte {offset}: {what}")]
pub struct DecodeError {
    /// Byte offset where decoding failed.
    pub offset: usize,
    /// What was wrong.
    pub what: String,
}

/// Appends values to a byte buffer.
#[derive(Default)]
pub struct Encoder {
    buf: Vec<u8>,
}

impl Encoder {
    /// An empty encoder.
    pub fn new() -> Encoder {
        Encoder::default()
    }

    /// The bytes written so far.
    pub fn into_bytes(self) -> Vec<u8> {
        self.buf
    }

    /// Writes raw bytes without a length prefix.
    pub fn raw(&mut self, b: &[u8]) {
        self.buf.extend_from_slice(b);
    }

    /// Writes a byte.
    pub fn u8(&mut self, v: u8) {
        self.buf.push(v);
    }

    /// Writes a `u16`.
    pub fn u16(&mut self, v: u16) {
        self.raw(&v.to_le_bytes());
    }

    /// Writes a `u32`.
    pub fn u32(&mut self, v: u32) {
        self.raw(&v.to_le_bytes());
    }

    /// Writes a `u64`.
    pub fn u64(&mut self, v: u64) {
        self.raw(&v.to_le_bytes());
    }

    /// Writes a map from hashes to small numbers: its length, then the pairs by key (so
    /// the bytes do not depend on the map's iteration order).
    pub fn hash_map_u16(&mut self, map: &rustc_hash::FxHashMap<u64, u16>) {
        let mut entries: Vec<(u64, u16)> = map.iter().map(|(k, v)| (*k, *v)).collect();
        entries.sort_unstable();
        self.u32(entries.len() as u32);
        for (k, v) in entries {
            self.u64(k);
            self.u16(v);
        }
    }

    /// Writes an `f32`.
    pub fn f32(&mut self, v: f32) {
        self.raw(&v.to_le_bytes());
    }

    /// Writes a length-prefixed UTF-8 string.
    pub fn str(&mut self, s: &str) {
        self.u32(s.len() as u32);
        self.raw(s.as_bytes());
    }

    /// Writes a length-prefixed list of strings.
    pub fn strs<S: AsRef<str>>(&mut self, items: &[S]) {
        self.u32(items.len() as u32);
        for s in items {
            self.str(s.as_ref());
        }
    }
}

/// Reads values back from a byte slice.
pub struct Decoder<'a> {
    buf: &'a [u8],
    pos: usize,
}

impl<'a> Decoder<'a> {
    /// A decoder at the start of `buf`.
    pub fn new(buf: &'a [u8]) -> Decoder<'a> {
        Decoder { buf, pos: 0 }
    }

    /// An error at the current position.
    pub fn invalid(&self, what: &str) -> DecodeError {
        DecodeError {
            offset: self.pos,
            what: what.to_string(),
        }
    }

    /// Number of bytes not read yet.
    pub fn remaining(&self) -> usize {
        self.buf.len() - self.pos
    }

    /// Whether every byte has been read.
    pub fn is_at_end(&self) -> bool {
        self.pos == self.buf.len()
    }

    /// Reads `n` raw bytes.
    pub fn raw(&mut self, n: usize) -> Result<&'a [u8], DecodeError> {
        let end = self.pos.checked_add(n).filter(|&e| e <= self.buf.len());
        let end = end.ok_or_else(|| self.invalid("unexpected end of data"))?;
        let out = &self.buf[self.pos..end];
        self.pos = end;
        Ok(out)
    }

    fn array<const N: usize>(&mut self) -> Result<[u8; N], DecodeError> {
        let mut a = [0u8; N];
        a.copy_from_slice(self.raw(N)?);
        Ok(a)
    }

    /// Reads a byte.
    pub fn u8(&mut self) -> Result<u8, DecodeError> {
        Ok(self.array::<1>()?[0])
    }

    /// Reads a `u16`.
    pub fn u16(&mut self) -> Result<u16, DecodeError> {
        Ok(u16::from_le_bytes(self.array()?))
    }

    /// Reads a map written by [`Encoder::hash_map_u16`].
    pub fn hash_map_u16(&mut self) -> Result<rustc_hash::FxHashMap<u64, u16>, DecodeError> {
        let n = self.u32()?;
        let mut map = rustc_hash::FxHashMap::default();
        for _ in 0..n {
            let key = self.u64()?;
            map.insert(key, self.u16()?);
        }
        Ok(map)
    }

    /// Reads a `u32`.
    pub fn u32(&mut self) -> Result<u32, DecodeError> {
        Ok(u32::from_le_bytes(self.array()?))
    }

    /// Reads a `u64`.
    pub fn u64(&mut self) -> Result<u64, DecodeError> {
        Ok(u64::from_le_bytes(self.array()?))
    }

    /// Reads an `f32`.
    pub fn f32(&mut self) -> Result<f32, DecodeError> {
        Ok(f32::from_le_bytes(self.array()?))
    }

    /// Reads a length-prefixed UTF-8 string.
    pub fn str(&mut self) -> Result<&'a str, DecodeError> {
        let n = self.u32()? as usize;
        let bytes = self.raw(n)?;
        std::str::from_utf8(bytes).map_err(|_| self.invalid("string is not UTF-8"))
    }

    /// Reads a length-prefixed list of strings.
    pub fn strs(&mut self) -> Result<Vec<String>, DecodeError> {
        let n = self.u32()? as usize;
        // Guard against absurd counts from damaged data before allocating.
        if n > self.buf.len() - self.pos {
            return Err(self.invalid("list length exceeds data"));
        }
        (0..n).map(|_| self.str().map(str::to_string)).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_and_rejects_truncation() {
        let mut e = Encoder::new();
        e.u8(7);
        e.u16(513);
        e.u32(70_000);
        e.u64(1 << 40);
        e.f32(-1.5);
        e.strs(&["NOUN", "naïve"]);
        let bytes = e.into_bytes();
        let mut d = Decoder::new(&bytes);
        assert_eq!(d.u8().ok(), Some(7));
        assert_eq!(d.u16().ok(), Some(513));
        assert_eq!(d.u32().ok(), Some(70_000));
        assert_eq!(d.u64().ok(), Some(1 << 40));
        assert_eq!(d.f32().ok(), Some(-1.5));
        assert_eq!(
            d.strs().ok(),
            Some(vec!["NOUN".to_string(), "naïve".to_string()])
        );
        assert!(d.is_at_end());
        let mut short = Decoder::new(&bytes[..bytes.len() - 2]);
        short.raw(15).ok();
        assert!(short.strs().is_err());
    }
}
