//! PETRARCH actor dictionaries: synonym blocks and (dated) codes.
//!
//! ```text
//! GONDOR [GON]          a name and its code
//! +MINAS_TIRITH         synonyms of the name above
//! GOLLUM                a name whose codes follow on their own lines
//!     [HOB <950601]     before a date (yymmdd or yyyymmdd)
//!     [HOBGOV 950601-990815]
//!     [HOBREB >990816]  after a date
//!     [HOB]             with no date: whenever no dated code applies
//! ```

use std::path::Path;

use entente_actors::is_code;

use crate::words::{bad, content_lines, date, name_phrase};
use crate::{Converted, Skipped, Target, Translation};

/// One code of an actor, with its validity.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Code {
    code: String,
    /// Our role range (`FROM..TO`), or `None` when the code is undated.
    range: Option<String>,
}

#[derive(Debug, Default)]
struct Block {
    names: Vec<(String, usize)>,
    codes: Vec<Code>,
    line: usize,
}

/// Translates a PETRARCH actor dictionary into `[country]`, `[igo]`, `[group]` and
/// `[person]` entries of our format.
pub fn translate_actors(file: &Path, text: &str) -> Translation {
    let mut out = Translation::default();
    let mut conv = Converted::new(file, Target::Actors);
    let mut block: Option<Block> = None;
    for (n, line) in content_lines(text) {
        if line.is_empty() {
            continue;
        }
        let err = |msg: String| bad(file, n, msg);
        let (words, codes) = match line.find('[') {
            Some(at) => (line[..at].trim(), &line[at..]),
            None => (line, ""),
        };
        let mut parsed = Vec::new();
        let mut bad = false;
        for part in codes.split('[').skip(1) {
            let Some(inner) = part.split(']').next().filter(|_| part.contains(']')) else {
                out.errors
                    .push(err(format!("unclosed code bracket in {line:?}")));
                bad = true;
                break;
            };
            match parse_code(inner) {
                Ok(Ok(c)) => parsed.push(c),
                Ok(Err(reason)) => out.skipped.push(Skipped {
                    file: file.to_path_buf(),
                    line: n,
                    reason,
                }),
                Err(m) => {
                    out.errors.push(err(m));
                    bad = true;
                }
            }
        }
        if bad {
            continue;
        }
        if let Some(syn) = words.strip_prefix('+') {
            match block.as_mut() {
                Some(b) if !syn.trim().is_empty() => b.names.push((syn.trim().to_string(), n)),
                Some(_) => {}
                None => out
                    .errors
                    .push(err("synonym `+` before any actor".to_string())),
            }
            if let Some(b) = block.as_mut() {
                b.codes.extend(parsed);
            }
        } else if words.is_empty() {
            match block.as_mut() {
                Some(b) => b.codes.extend(parsed),
                None => out
                    .errors
                    .push(err("code line before any actor".to_string())),
            }
        } else {
            if let Some(b) = block.take() {
                emit(&mut conv, &mut out, file, b);
            }
            block = Some(Block {
                names: vec![(words.to_string(), n)],
                codes: parsed,
                line: n,
            });
        }
    }
    if let Some(b) = block.take() {
        emit(&mut conv, &mut out, file, b);
    }
    out.files.push(conv);
    out
}

/// Reads the inside of `[...]`: `CODE`, `CODE >date`, `CODE <date`, `CODE d1-d2`.
/// `Ok(Err(reason))` for codes we cannot express (`+++`, a range that ends before it
/// starts).
fn parse_code(inner: &str) -> Result<Result<Code, String>, String> {
    let inner = inner.trim();
    let (code, rest) = match inner.find(char::is_whitespace) {
        Some(i) => (&inner[..i], inner[i..].trim()),
        None => (inner, ""),
    };
    // Several actors at once ("ELR/GAL"): we keep the first.
    let code = code.split('/').next().unwrap_or("").to_uppercase();
    if code.is_empty() {
        return Err(format!("code block [{inner}] has no code"));
    }
    if !is_code(&code) {
        return Ok(Err(format!(
            "code [{}] has no counterpart in our format",
            inner.trim()
        )));
    }
    let bad = || format!("bad date restriction in [{inner}]");
    let range = if rest.is_empty() {
        None
    } else if let Some(d) = rest.strip_prefix('>') {
        Some(format!("{}..", date(d.trim()).ok_or_else(bad)?))
    } else if let Some(d) = rest.strip_prefix('<') {
        Some(format!("..{}", before(&date(d.trim()).ok_or_else(bad)?)))
    } else {
        let compact: String = rest.split_whitespace().collect();
        let (a, b) = compact.split_once('-').ok_or_else(bad)?;
        let (a, b) = (date(a).ok_or_else(bad)?, date(b).ok_or_else(bad)?);
        if a > b {
            return Ok(Err(format!(
                "date range in [{}] ends before it starts; the code is left out",
                inner.trim()
            )));
        }
        Some(format!("{a}..{b}"))
    };
    Ok(Ok(Code { code, range }))
}

/// The day before an ISO date (PETRARCH's `<date` excludes the date itself).
fn before(iso: &str) -> String {
    let parts: Vec<u32> = iso.split('-').filter_map(|p| p.parse().ok()).collect();
    if let [y, m, d] = parts[..] {
        if d > 1 {
            return format!("{y:04}-{m:02}-{:02}", d - 1);
        }
        if m > 1 {
            return format!("{y:04}-{:02}-28", m - 1);
        }
        return format!("{:04}-12-31", y - 1);
    }
    iso.to_string()
}

fn emit(conv: &mut Converted, out: &mut Translation, file: &Path, b: Block) {
    if b.codes.is_empty() {
        out.skipped.push(Skipped {
            file: file.to_path_buf(),
            line: b.line,
            reason: "actor without a code".to_string(),
        });
        return;
    }
    let label = name_phrase(&b.names[0].0);
    let dated = b.codes.iter().any(|c| c.range.is_some());
    if dated || b.codes.len() > 1 {
        conv.push(&format!("[person] {label}"), b.line);
        for (name, n) in &b.names {
            conv.push(&format!("name: {}", name_phrase(name)), *n);
        }
        // Dated roles first; an undated code applies whenever none of them does.
        for c in b.codes.iter().filter(|c| c.range.is_some()) {
            conv.push(
                &format!("role: {} {}", c.code, c.range.as_deref().unwrap_or("")),
                b.line,
            );
        }
        if let Some(c) = b.codes.iter().find(|c| c.range.is_none()) {
            conv.push(&format!("role: {}", c.code), b.line);
        }
    } else {
        let code = &b.codes[0].code;
        let kind = if code.starts_with("IGO") {
            "igo"
        } else if code.len() == 3 && code.bytes().all(|c| c.is_ascii_uppercase()) {
            "country"
        } else {
            "group"
        };
        conv.push(&format!("[{kind} {code}] {label}"), b.line);
        for (name, n) in &b.names {
            conv.push(&format!("name: {}", name_phrase(name)), *n);
        }
    }
    conv.push("", 0);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn translates_blocks_codes_and_dates() {
        let src = "# a comment\nARNOR_ [ARN]\n+ARNORIAN # demonym\n\nOLD_KING\n  [ARNGOV 950101-991231]\n  [ARNELI >000101]\n  [ARN <950101]\nEAST_ALLIANCE [IGOEAL]\nBLUE_HAND_MILITIA [ARNREB]\nWEIRD [+++]\n";
        let t = translate_actors(Path::new("a.txt"), src);
        assert!(t.errors.is_empty(), "{:?}", t.errors);
        let text = &t.files[0].text;
        assert!(text.contains("[country ARN] Arnor\nname: Arnor\nname: Arnorian\n"));
        assert!(text.contains("[person] Old King\nname: Old King\n"));
        assert!(text.contains("role: ARNGOV 1995-01-01..1999-12-31\n"));
        assert!(text.contains("role: ARNELI 2000-01-01..\n"));
        assert!(text.contains("role: ARN ..1994-12-31\n"));
        assert!(text.contains("[igo IGOEAL] East Alliance"));
        assert!(text.contains("[group ARNREB] Blue Hand Militia"));
        assert_eq!(t.skipped.len(), 2, "{:?}", t.skipped);
        let (dict, _, errors) = t.compile();
        assert!(errors.is_empty(), "{errors:?}");
        let found = dict.find(&["Arnorian", "forces"]);
        assert_eq!(found[0].entry.code, "ARN");
        // Entries point at the PETRARCH line they came from.
        assert_eq!(found[0].entry.line, 2);
        // The converted text maps back to the source lines.
        assert_eq!(t.files[0].source_line(1), 2);
        assert_eq!(t.files[0].source_line(3), 3);
    }

    #[test]
    fn errors_name_file_and_line() {
        let t = translate_actors(Path::new("a.txt"), "+ORPHAN\nX [ABC >9913]\n");
        assert_eq!(t.errors.len(), 2);
        assert_eq!((t.errors[0].line, t.errors[1].line), (1, 2));
    }
}
