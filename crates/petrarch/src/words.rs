//! Small helpers shared by the readers: comments, phrases and dates.

/// The content of a PETRARCH line without its comment. Both `#` comments and whole-line
/// XML comments (`<!-- ... -->`, used by the validation dictionaries) are removed.
pub fn content(line: &str) -> &str {
    let t = line.trim();
    if t.starts_with("<!--") || t.ends_with("-->") {
        return "";
    }
    match t.find('#') {
        Some(i) => t[..i].trim(),
        None => t,
    }
}

/// True while inside a multi-line XML comment; updates the state for this line.
pub fn in_xml_comment(line: &str, open: &mut bool) -> bool {
    let t = line.trim();
    if *open {
        if t.contains("-->") {
            *open = false;
        }
        return true;
    }
    if t.starts_with("<!--") && !t.contains("-->") {
        *open = true;
        return true;
    }
    false
}

/// The lines of a PETRARCH file outside XML comments, as (1-based number, content
/// without comments); blank content is kept, since some formats give it meaning.
pub fn content_lines(text: &str) -> impl Iterator<Item = (usize, &str)> {
    let mut xml = false;
    text.lines().enumerate().filter_map(move |(i, raw)| {
        if in_xml_comment(raw, &mut xml) {
            None
        } else {
            Some((i + 1, content(raw)))
        }
    })
}

/// An error at `line` of a PETRARCH file.
pub fn bad(file: &std::path::Path, line: usize, msg: String) -> entente_actors::DictError {
    entente_actors::DictError {
        file: file.to_path_buf(),
        line,
        kind: entente_actors::DictErrorKind::BadPattern(msg),
    }
}

/// Small words written in lower case inside a name ("Bank of England").
const SMALL: &[&str] = &[
    "of", "the", "and", "for", "de", "del", "la", "le", "al", "el", "in", "on", "du", "des", "da",
    "di", "von", "van", "bin", "ibn", "to",
];

/// Splits a PETRARCH phrase (`ISLAMIC_REPUBLIC_OF_AFGHANISTAN`, `HAMAS WING`) into words.
/// A trailing `_` (a "stopped" word: no suffixes) carries no meaning for us, since our
/// matching is always by whole tokens.
pub fn phrase_words(raw: &str) -> Vec<String> {
    raw.split(|c: char| c == '_' || c.is_whitespace())
        .filter(|w| !w.is_empty())
        .map(str::to_string)
        .collect()
}

/// A name in our case rules: first letters capital, the rest free (`Mazar-i-sharif`), small
/// linking words in lower case, so that "IRAN" still matches "Iran" and "IRAN".
pub fn name_phrase(raw: &str) -> String {
    let words = phrase_words(raw);
    let n = words.len();
    words
        .iter()
        .enumerate()
        .map(|(i, w)| {
            let lower = w.to_lowercase();
            if i > 0 && i + 1 < n && SMALL.contains(&lower.as_str()) {
                return lower;
            }
            if i == 0 && n > 1 && lower == "the" {
                return lower;
            }
            let mut c = lower.chars();
            match c.next() {
                Some(f) => f.to_uppercase().chain(c).collect(),
                None => lower,
            }
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// A common-noun phrase (agents): lower case, which matches any case.
pub fn noun_phrase(raw: &str) -> String {
    phrase_words(raw)
        .iter()
        .map(|w| w.to_lowercase())
        .collect::<Vec<_>>()
        .join(" ")
}

/// The regular plural of a phrase: its last word gets `s`/`es`/`ies`.
pub fn plural(phrase: &str) -> String {
    let (head, last) = match phrase.rsplit_once(' ') {
        Some((h, l)) => (format!("{h} "), l),
        None => (String::new(), phrase),
    };
    let l = last;
    let p = if l.ends_with('s')
        || l.ends_with('x')
        || l.ends_with('z')
        || l.ends_with("ch")
        || l.ends_with("sh")
    {
        format!("{l}es")
    } else if l.ends_with('y')
        && !l.ends_with("ay")
        && !l.ends_with("ey")
        && !l.ends_with("oy")
        && !l.ends_with("uy")
    {
        format!("{}ies", &l[..l.len() - 1])
    } else if let Some(stem) = l.strip_suffix("man") {
        format!("{stem}men")
    } else {
        format!("{l}s")
    };
    format!("{head}{p}")
}

/// Reads a PETRARCH date: `yymmdd` (years below 30 are 20yy, the others 19yy) or
/// `yyyymmdd`. Returns our `YYYY-MM-DD`.
pub fn date(raw: &str) -> Option<String> {
    if !raw.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let (y, rest) = match raw.len() {
        6 => {
            let yy: u32 = raw[..2].parse().ok()?;
            (if yy < 30 { 2000 + yy } else { 1900 + yy }, &raw[2..])
        }
        8 => (raw[..4].parse().ok()?, &raw[4..]),
        _ => return None,
    };
    let m: u32 = rest[..2].parse().ok()?;
    let d: u32 = rest[2..].parse().ok()?;
    if !(1..=12).contains(&m) || !(1..=31).contains(&d) {
        return None;
    }
    Some(format!("{y:04}-{m:02}-{d:02}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn phrases_and_dates() {
        assert_eq!(
            name_phrase("ISLAMIC_REPUBLIC_OF_AFGHANISTAN"),
            "Islamic Republic of Afghanistan"
        );
        assert_eq!(name_phrase("ARNOR_"), "Arnor");
        assert_eq!(name_phrase("THE_SHIRE"), "the Shire");
        assert_eq!(noun_phrase("BORDER_POLICE"), "border police");
        assert_eq!(plural("border guard"), "border guards");
        assert_eq!(plural("militia"), "militias");
        assert_eq!(plural("boss"), "bosses");
        assert_eq!(plural("deputy"), "deputies");
        assert_eq!(plural("congressman"), "congressmen");
        assert_eq!(date("080508").as_deref(), Some("2008-05-08"));
        assert_eq!(date("950601").as_deref(), Some("1995-06-01"));
        assert_eq!(date("19990815").as_deref(), Some("1999-08-15"));
        assert_eq!(date("9913"), None);
        assert_eq!(content("ARNOR [ARN] # note"), "ARNOR [ARN]");
        assert_eq!(content("<!-- a comment -->"), "");
    }
}
