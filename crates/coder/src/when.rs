//! Dates of events: "on Monday", "yesterday", "last week", "in June", "in September
//! 2017", resolved against the article date.

use chrono::{Datelike, Duration, NaiveDate, Weekday};

use crate::tree::Tree;

/// A resolved date and the words it came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct When {
    /// `YYYY-MM-DD`, `YYYY-MM` or `YYYY`.
    pub date: String,
    /// The expression, or `None` when the article date was used.
    pub text: Option<String>,
}

/// The day of a weekday name or abbreviation ("Monday", "Tue.").
pub fn weekday(w: &str) -> Option<Weekday> {
    Some(match w.to_lowercase().trim_end_matches('.') {
        "monday" | "mon" => Weekday::Mon,
        "tuesday" | "tue" | "tues" => Weekday::Tue,
        "wednesday" | "wed" => Weekday::Wed,
        "thursday" | "thu" | "thur" | "thurs" => Weekday::Thu,
        "friday" | "fri" => Weekday::Fri,
        "saturday" | "sat" => Weekday::Sat,
        "sunday" | "sun" => Weekday::Sun,
        _ => return None,
    })
}

/// The month number of a month name or abbreviation.
pub fn month(w: &str) -> Option<u32> {
    Some(match w.to_lowercase().trim_end_matches('.') {
        "january" | "jan" => 1,
        "february" | "feb" => 2,
        "march" | "mar" => 3,
        "april" | "apr" => 4,
        "may" => 5,
        "june" | "jun" => 6,
        "july" | "jul" => 7,
        "august" | "aug" => 8,
        "september" | "sep" | "sept" => 9,
        "october" | "oct" => 10,
        "november" | "nov" => 11,
        "december" | "dec" => 12,
        _ => return None,
    })
}

fn ymd(d: NaiveDate) -> String {
    d.format("%Y-%m-%d").to_string()
}

/// Resolves the temporal modifiers of trigger `t` against `article`; falls back to the
/// article date.
pub fn resolve(tree: &Tree<'_>, t: usize, article: Option<NaiveDate>) -> Option<When> {
    let fallback = article.map(|d| When {
        date: ymd(d),
        text: None,
    });
    // Temporal phrases anywhere in the trigger's clause, nearest first ("sanctions on
    // Iran on Monday" often hangs "on Monday" under "Iran").
    let mut candidates: Vec<usize> = Vec::new();
    let mut queue = vec![t];
    let mut k = 0;
    while k < queue.len() && queue.len() < 64 {
        let n = queue[k];
        for &c in &tree.children[n] {
            if matches!(
                tree.base_rel(c),
                "ccomp" | "parataxis" | "advcl" | "acl" | "conj"
            ) {
                continue;
            }
            candidates.push(c);
            queue.push(c);
        }
        k += 1;
    }
    for c in candidates {
        if !matches!(tree.base_rel(c), "obl" | "advmod" | "nmod") {
            continue;
        }
        let words = tree.subtree(c);
        if words.len() > 5 {
            continue;
        }
        if let Some(date) = expression(tree, &words, article) {
            let text = tree
                .text_of(words[0], *words.last().unwrap_or(&c))
                .to_string();
            return Some(When {
                date,
                text: Some(text),
            });
        }
    }
    fallback
}

fn expression(tree: &Tree<'_>, words: &[usize], article: Option<NaiveDate>) -> Option<String> {
    let forms: Vec<String> = words
        .iter()
        .map(|&w| tree.forms[w].to_lowercase())
        .collect();
    let has = |s: &str| forms.iter().any(|f| f == s);
    let year: Option<i32> = forms
        .iter()
        .filter(|f| f.len() == 4)
        .find_map(|f| f.parse().ok())
        .filter(|y| (1900..=2100).contains(y));
    let day: Option<u32> = forms
        .iter()
        .filter(|f| f.len() <= 2)
        .find_map(|f| f.parse().ok())
        .filter(|d| (1..=31).contains(d));
    if let Some(m) = forms.iter().find_map(|f| month(f)) {
        // "May" alone is too often the verb; require "in"/a day/a year with it.
        if m == 5 && day.is_none() && year.is_none() && !has("in") {
            return None;
        }
        let y = match (year, article) {
            (Some(y), _) => y,
            (None, Some(a)) if m > a.month() => a.year() - 1,
            (None, Some(a)) => a.year(),
            (None, None) => return None,
        };
        return Some(match day.and_then(|d| NaiveDate::from_ymd_opt(y, m, d)) {
            Some(d) => ymd(d),
            None => format!("{y:04}-{m:02}"),
        });
    }
    if let Some(y) = year {
        if has("in") || forms.len() == 1 {
            return Some(format!("{y:04}"));
        }
    }
    let a = article?;
    if let Some(wd) = forms.iter().find_map(|f| weekday(f)) {
        let back = (7 + a.weekday().num_days_from_monday() - wd.num_days_from_monday()) % 7;
        return Some(ymd(a - Duration::days(i64::from(back))));
    }
    if has("yesterday") {
        return Some(ymd(a - Duration::days(1)));
    }
    if has("today") || has("tonight") {
        return Some(ymd(a));
    }
    if has("tomorrow") {
        return Some(ymd(a + Duration::days(1)));
    }
    if has("last") || has("next") {
        let sign: i64 = if has("last") { -1 } else { 1 };
        if has("week") {
            return Some(ymd(a + Duration::days(7 * sign)));
        }
        if has("month") {
            let (y, m) = if sign < 0 {
                if a.month() == 1 {
                    (a.year() - 1, 12)
                } else {
                    (a.year(), a.month() - 1)
                }
            } else if a.month() == 12 {
                (a.year() + 1, 1)
            } else {
                (a.year(), a.month() + 1)
            };
            return Some(format!("{y:04}-{m:02}"));
        }
        if has("year") {
            return Some(format!("{:04}", a.year() + sign as i32));
        }
    }
    None
}
