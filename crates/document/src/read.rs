//! The [`Document`] and the metadata found in its text (date stamps, datelines).

use chrono::NaiveDate;

/// One document to code.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Document {
    /// Its id: the file stem, or the `id` field of a JSON line.
    pub id: String,
    /// The text (metadata stamps blanked, offsets unchanged).
    pub text: String,
    /// The title, when known.
    pub title: Option<String>,
    /// Publication date, when known.
    pub date: Option<NaiveDate>,
    /// The page's address, when known.
    pub url: Option<String>,
    /// The publisher (site name), when known.
    pub source: Option<String>,
    /// The author (byline), when known.
    pub author: Option<String>,
    /// The language the page declares (`lang`, `og:locale`), as written, when known.
    pub language: Option<String>,
    /// Where it came from (`file` or `file:line`).
    pub origin: String,
}

impl Document {
    /// A document from plain text: the first line is the title when a blank line
    /// follows it; an archive date stamp at the start gives the date.
    pub fn from_text(id: &str, text: &str) -> Document {
        let mut doc = Document {
            id: id.to_string(),
            text: text.to_string(),
            origin: id.to_string(),
            ..Document::default()
        };
        doc.take_date_stamp();
        doc.blank_datelines();
        let mut lines = doc.text.split('\n');
        if let (Some(first), Some(second)) = (lines.next(), lines.next()) {
            let first = first.trim();
            if !first.is_empty() && second.trim().is_empty() && first.len() < 300 {
                doc.title = Some(first.to_string());
            }
        }
        doc
    }

    /// Blanks wire datelines at the start of lines ("MOSCOW, Aug 15 (Reuters) -",
    /// "HAMILTON, Canada (AA) -", "PYONGYANG, Sept. 14 -"): they are not part of the first
    /// sentence, and parsers take the city for its subject. Offsets stay valid.
    fn blank_datelines(&mut self) {
        let mut edits = Vec::new();
        let mut start = 0;
        for line in self.text.split_inclusive('\n') {
            if let Some(len) = dateline_len(line) {
                edits.push(start..start + len);
            }
            start += line.len();
        }
        for r in edits {
            let n = r.end - r.start;
            self.text.replace_range(r, &" ".repeat(n));
        }
    }

    /// Blanks a leading ` date YYYY-MM-DD` stamp (as web archives add) and takes the date.
    fn take_date_stamp(&mut self) {
        let start = self.text.len() - self.text.trim_start().len();
        let rest = &self.text[start..];
        let Some(after) = rest.strip_prefix("date ") else {
            return;
        };
        let Some(stamp) = after.get(..10) else { return };
        if let Ok(d) = NaiveDate::parse_from_str(stamp, "%Y-%m-%d") {
            if self.date.is_none() {
                self.date = Some(d);
            }
            let end = start + 5 + 10;
            self.text
                .replace_range(start..end, &" ".repeat(end - start));
        }
    }
}

/// The byte length of a dateline at the start of `line` (through its dash), if any: an
/// upper-case place name, optionally ", Region" or a date, optionally "(Agency)", then a
/// dash.
fn dateline_len(line: &str) -> Option<usize> {
    let lead = line.len() - line.trim_start().len();
    let rest = &line[lead..];
    // The dash must come early, after at least one word in capitals.
    let dash = rest
        .char_indices()
        .take_while(|(i, _)| *i < 80)
        .find(|(_, c)| matches!(c, '-' | '\u{2013}' | '\u{2014}'))
        .map(|(i, _)| i)?;
    let head = rest[..dash].trim_end();
    if head.is_empty() || !rest[dash..].chars().nth(1).is_some_and(char::is_whitespace) {
        return None;
    }
    // "CITY, ..." or "CITY (Agency)": a bare "NATO - Russia talks" is not a dateline.
    if !head.contains(',') && !head.contains('(') {
        return None;
    }
    let place = head.split([',', '(']).next()?.trim();
    let letters: Vec<char> = place.chars().filter(|c| c.is_alphabetic()).collect();
    if letters.len() < 3 || !letters.iter().all(|c| c.is_uppercase()) {
        return None;
    }
    // What follows the place must look like a dateline, not a sentence.
    if head.split_whitespace().count() > 8
        || head.ends_with('.') && !head.ends_with(". ") && head.len() > 60
    {
        return None;
    }
    let dash_len = rest[dash..].chars().next().map_or(1, char::len_utf8);
    Some(lead + dash + dash_len)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn date_stamp_is_blanked() {
        let d = Document::from_text("x", " date 2023-06-23 President Biden spoke.");
        assert_eq!(d.date, NaiveDate::from_ymd_opt(2023, 6, 23));
        assert_eq!(
            d.text.len(),
            " date 2023-06-23 President Biden spoke.".len()
        );
        assert!(d.text.trim_start().starts_with("President"));
    }

    #[test]
    fn datelines_are_blanked() {
        for line in [
            "MOSCOW, Aug 15 (Reuters) - Russia said on Monday it would act.",
            "HAMILTON, Canada (AA) - The UN Security Council met.",
            "PYONGYANG, Sept. 14 - North Korean leader Kim Jong Un wrote a letter.",
        ] {
            let d = Document::from_text("x", line);
            assert_eq!(d.text.len(), line.len());
            let first = d.text.split_whitespace().next().unwrap();
            assert!(["Russia", "The", "North"].contains(&first), "{:?}", d.text);
        }
        let keep = "US - China talks resumed on Monday.";
        assert_eq!(Document::from_text("x", keep).text, keep);
        let keep = "NATO - Russia talks resumed on Monday.";
        assert_eq!(Document::from_text("x", keep).text, keep);
        let keep = "Russia said - again - that it would act.";
        assert_eq!(Document::from_text("x", keep).text, keep);
    }
}
