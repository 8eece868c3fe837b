//! Reading input files and standard input as text.

use std::io::Read;
use std::path::{Path, PathBuf};

/// One input document.
pub struct Input {
    /// The text, with invalid UTF-8 replaced by U+FFFD.
    pub text: String,
}

/// Expands an empty list to standard input.
pub fn paths_or_stdin(files: &[PathBuf]) -> Vec<PathBuf> {
    if files.is_empty() {
        vec![PathBuf::from("-")]
    } else {
        files.to_vec()
    }
}

/// Reads a file (or `-` for standard input) as text. Invalid UTF-8 is replaced, with
/// one warning naming the input.
pub fn read_text(path: &Path) -> Result<Input, String> {
    let (name, bytes) = if path.as_os_str() == "-" {
        let mut buf = Vec::new();
        std::io::stdin()
            .read_to_end(&mut buf)
            .map_err(|e| format!("<stdin>: {e}"))?;
        ("<stdin>".to_string(), buf)
    } else {
        let name = path.display().to_string();
        let bytes = std::fs::read(path).map_err(|e| format!("{name}: {e}"))?;
        (name, bytes)
    };
    let text = match String::from_utf8(bytes) {
        Ok(t) => t,
        Err(e) => {
            let bytes = e.into_bytes();
            let bad = String::from_utf8_lossy(&bytes).matches('\u{FFFD}').count();
            eprintln!(
                "entente: warning: {name}: invalid UTF-8 ({bad} sequence(s) replaced with U+FFFD)"
            );
            String::from_utf8_lossy(&bytes).into_owned()
        }
    };
    Ok(Input { text })
}
