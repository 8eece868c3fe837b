//! Small dense neural networks, written for one CPU core: tensors and Adam
//! ([`dense`]) and bidirectional LSTM layers ([`lstm`]). They serve the parser's
//! BiLSTM engine; nothing here knows about language.

pub mod dense;
pub mod lstm;
