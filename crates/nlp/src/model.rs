//! The trained model: tagger, lemmatizer and parser saved together as one file.
//!
//! Layout: the magic bytes `ENTENTE-NLP`, a format version (`u32`), then a gzip stream
//! holding the [`ModelInfo`], the tagger, the lemmatizer and the parser, in that order.

use std::io::{Read, Write};
use std::path::Path;

use flate2::read::GzDecoder;
use flate2::write::GzEncoder;
use thiserror::Error;

use crate::codec::{DecodeError, Decoder, Encoder};
use crate::{Lemmatizer, Parser, Tagger};

const MAGIC: &[u8] = b"ENTENTE-NLP";
const VERSION: u32 = 1;

/// Why a model could not be loaded or saved.
#[derive(Debug, Error)]
#[non_exhaustive]
pub enum ModelError {
    /// The file could not be read or written.
    #[error("{path}: {source}")]
    Io {
        /// The model file.
        path: String,
        /// The underlying error.
        source: std::io::Error,
    },
    /// The bytes are not an entente model.
    #[error("not an entente NLP model (bad magic bytes)")]
    NotAModel,
    /// The model was written by an incompatible version.
    #[error("model format version {found} is not supported (this build reads version {VERSION})")]
    Version {
        /// The version found in the file.
        found: u32,
    },
    /// The compressed payload is damaged.
    #[error("model payload is damaged: {0}")]
    Compression(std::io::Error),
    /// The payload decoded to something inconsistent.
    #[error(transparent)]
    Decode(#[from] DecodeError),
}

/// Where a model came from: training data, seed and settings, kept inside the model.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ModelInfo {
    /// Names of the treebank files the model was trained on.
    pub training_files: Vec<String>,
    /// Free-form notes (seed, epochs, licences).
    pub notes: Vec<String>,
}

/// Everything the NLP stage learned.
#[derive(Clone, Debug)]
pub struct Model {
    /// Provenance.
    pub info: ModelInfo,
    /// Part-of-speech tagger.
    pub tagger: Tagger,
    /// Lemmatizer.
    pub lemmatizer: Lemmatizer,
    /// Dependency parser.
    pub parser: Parser,
}

impl Model {
    /// Serializes the model (deterministically: equal models give equal bytes).
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut enc = Encoder::new();
        enc.strs(&self.info.training_files);
        enc.strs(&self.info.notes);
        self.tagger.encode(&mut enc);
        self.lemmatizer.encode(&mut enc);
        self.parser.encode(&mut enc);
        let payload = enc.into_bytes();
        let mut out = Vec::with_capacity(payload.len() / 3);
        out.extend_from_slice(MAGIC);
        out.extend_from_slice(&VERSION.to_le_bytes());
        let mut gz = GzEncoder::new(out, flate2::Compression::best());
        // Writing into a Vec cannot fail.
        let _ = gz.write_all(&payload);
        gz.finish().unwrap_or_default()
    }

    /// Reads a model from bytes written by [`Model::to_bytes`].
    pub fn from_bytes(bytes: &[u8]) -> Result<Model, ModelError> {
        let rest = bytes.strip_prefix(MAGIC).ok_or(ModelError::NotAModel)?;
        let (version, rest) = rest.split_at_checked(4).ok_or(ModelError::NotAModel)?;
        let version = u32::from_le_bytes([version[0], version[1], version[2], version[3]]);
        if version != VERSION {
            return Err(ModelError::Version { found: version });
        }
        let mut payload = Vec::with_capacity(rest.len() * 3);
        GzDecoder::new(rest)
            .read_to_end(&mut payload)
            .map_err(ModelError::Compression)?;
        let mut dec = Decoder::new(&payload);
        let info = ModelInfo {
            training_files: dec.strs()?,
            notes: dec.strs()?,
        };
        let tagger = Tagger::decode(&mut dec)?;
        let lemmatizer = Lemmatizer::decode(&mut dec)?;
        let parser = Parser::decode(&mut dec)?;
        if !dec.is_at_end() {
            return Err(dec.invalid("trailing bytes after the parser").into());
        }
        Ok(Model {
            info,
            tagger,
            lemmatizer,
            parser,
        })
    }

    /// Loads a model file.
    pub fn load(path: &Path) -> Result<Model, ModelError> {
        let bytes = std::fs::read(path).map_err(|source| ModelError::Io {
            path: path.display().to_string(),
            source,
        })?;
        Model::from_bytes(&bytes)
    }

    /// Saves the model to a file.
    pub fn save(&self, path: &Path) -> Result<(), ModelError> {
        std::fs::write(path, self.to_bytes()).map_err(|source| ModelError::Io {
            path: path.display().to_string(),
            source,
        })
    }
}
