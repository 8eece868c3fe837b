//! The trained model: tagger, lemmatizer and parser saved together as one file.
//!
//! Layout: the magic bytes `ENTENTE-NLP`, a format version (`u32`), then a gzip stream
//! holding the [`ModelInfo`], the word clusters (from version 2), the tagger, the
//! lemmatizer and the parser, in that order. The tagger reads the model's one copy of
//! the clusters.

use std::io::{Read, Write};
use std::path::Path;

use flate2::read::GzDecoder;
use flate2::write::GzEncoder;
use thiserror::Error;

use crate::codec::{DecodeError, Decoder, Encoder};
use crate::{Lemmatizer, Parser, Tagger, WordClusters};

const MAGIC: &[u8] = b"ENTENTE-NLP";
/// Version written (2: with word clusters; 3: the parser names its engine); versions 1
/// and 2 still load.
const VERSION: u32 = 3;

/// Why a model could not be loaded or saved.
#[derive(Debug, Error)]
#[non_exhaustive]
pub enum ModelError {
    /// The file could not be read or written (the reason is the error's source).
    #[error("{path}")]
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
    #[error(
        "model format version {found} is not supported (this build reads versions 1 to {VERSION})"
    )]
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
    /// Word clusters the tagger reads (empty for none).
    pub clusters: std::sync::Arc<WordClusters>,
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
        self.clusters.encode(&mut enc);
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
        if !(1..=VERSION).contains(&version) {
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
        let clusters = std::sync::Arc::new(if version >= 2 {
            WordClusters::decode(&mut dec)?
        } else {
            WordClusters::default()
        });
        let mut tagger = Tagger::decode(&mut dec)?;
        let lemmatizer = Lemmatizer::decode(&mut dec)?;
        let parser = Parser::decode(&mut dec, version >= 3)?;
        tagger.clusters = clusters.clone();
        let mut parser = parser;
        parser.clusters = clusters.clone();
        if !dec.is_at_end() {
            return Err(dec.invalid("trailing bytes after the parser").into());
        }
        Ok(Model {
            info,
            clusters,
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::train::{train, TrainOptions};
    use crate::{ClusterOptions, GoldSentence, Upos};

    /// "SUBJ attacked OBJ ." with subject and object from small lists.
    fn treebank() -> Vec<GoldSentence> {
        let mut out = Vec::new();
        for subject in ["Russia", "Japan", "rebels", "troops"] {
            for object in ["villages", "Iran", "convoys", "Kabul"] {
                let mut g = GoldSentence::default();
                for (form, upos, xpos, head, rel) in [
                    (subject, Upos::Propn, "NNP", 2, "nsubj"),
                    ("attacked", Upos::Verb, "VBD", 0, "root"),
                    (object, Upos::Noun, "NNS", 2, "obj"),
                    (".", Upos::Punct, ".", 2, "punct"),
                ] {
                    g.forms.push(form.to_string());
                    g.upos.push(upos);
                    g.xpos.push(xpos.to_string());
                    g.lemmas.push(form.to_lowercase());
                    g.heads.push(head);
                    g.deprels.push(rel.to_string());
                }
                out.push(g);
            }
        }
        out
    }

    #[test]
    fn clusters_are_stored_once_and_reach_the_tagger() {
        let text: Vec<Vec<&str>> = ["Russia attacked Iran .", "Moscow attacked Tehran ."]
            .iter()
            .map(|s| s.split(' ').collect())
            .collect();
        let clusters = WordClusters::learn(
            &crate::cluster::ClusterText::from_sentences(&text),
            &ClusterOptions {
                levels: vec![4, 2],
                min_count: 1,
                iterations: 5,
            },
            &mut |_| {},
        );
        let options = TrainOptions {
            clusters: std::sync::Arc::new(clusters.clone()),
            folds: 1,
            ..TrainOptions::default()
        };
        let model = train(&treebank(), ModelInfo::default(), &options, &|_| {});
        let back = Model::from_bytes(&model.to_bytes()).unwrap();
        assert_eq!(*back.clusters, clusters);
        assert!(std::sync::Arc::ptr_eq(
            &back.clusters,
            &back.tagger.clusters
        ));
        let forms = ["Moscow", "attacked", "Tehran", "."];
        assert_eq!(model.tagger.tag(&forms), back.tagger.tag(&forms));
        let tags = ["NNP", "VBD", "NNP", "."];
        let upos = [Upos::Propn, Upos::Verb, Upos::Propn, Upos::Punct];
        assert_eq!(
            model.parser.parse(&forms, &tags, &upos),
            back.parser.parse(&forms, &tags, &upos)
        );
    }

    #[test]
    fn a_model_of_the_first_format_still_loads() {
        let model = train(
            &treebank(),
            ModelInfo::default(),
            &TrainOptions {
                folds: 1,
                ..TrainOptions::default()
            },
            &|_| {},
        );
        // Version 1 has no clusters section: the payload starts with the tagger.
        let mut enc = Encoder::new();
        enc.strs(&model.info.training_files);
        enc.strs(&model.info.notes);
        model.tagger.encode(&mut enc);
        model.lemmatizer.encode(&mut enc);
        model.parser.encode_untagged(&mut enc);
        let mut bytes = MAGIC.to_vec();
        bytes.extend_from_slice(&1u32.to_le_bytes());
        let mut gz = GzEncoder::new(bytes, flate2::Compression::fast());
        gz.write_all(&enc.into_bytes()).unwrap();
        let back = Model::from_bytes(&gz.finish().unwrap()).unwrap();
        assert!(back.clusters.is_empty());
        let forms = ["Russia", "attacked", "Kabul", "."];
        assert_eq!(model.tagger.tag(&forms), back.tagger.tag(&forms));
    }
}
