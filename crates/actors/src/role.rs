//! Dated roles of office-holders: `CODE FROM..TO`.

use chrono::{Datelike, NaiveDate};

use crate::error::DictErrorKind;
use crate::syntax;

/// One office held by a person over a period.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Role {
    /// The actor code while in office (`RUSGOV`).
    pub code: String,
    /// First day in office (inclusive); the earliest date when open.
    pub from: NaiveDate,
    /// Last day in office (inclusive); the latest date when still in office.
    pub to: NaiveDate,
}

impl Role {
    /// Reads `CODE FROM..TO`.
    pub fn parse(s: &str) -> Result<Role, DictErrorKind> {
        let bad = || DictErrorKind::BadRole(s.to_string());
        let mut parts = s.split_whitespace();
        let code = parts.next().ok_or_else(bad)?;
        let range = parts.next().unwrap_or("..");
        if parts.next().is_some() || !syntax::is_code(code) {
            return Err(bad());
        }
        let (a, b) = range.split_once("..").ok_or_else(bad)?;
        let from = if a.is_empty() {
            NaiveDate::MIN
        } else {
            parse_date(a, false).ok_or_else(bad)?
        };
        let to = if b.is_empty() {
            NaiveDate::MAX
        } else {
            parse_date(b, true).ok_or_else(bad)?
        };
        if from > to {
            return Err(bad());
        }
        Ok(Role {
            code: code.to_string(),
            from,
            to,
        })
    }

    /// Was the role held on `date`?
    pub fn contains(&self, date: NaiveDate) -> bool {
        self.from <= date && date <= self.to
    }

    /// Days between `date` and the role's period (0 inside it).
    pub fn distance(&self, date: NaiveDate) -> i64 {
        if date < self.from {
            (self.from - date).num_days()
        } else if date > self.to {
            (date - self.to).num_days()
        } else {
            0
        }
    }
}

/// Reads `YYYY`, `YYYY-MM` or `YYYY-MM-DD`; a partial date is its first day, or its
/// last day when `end` is set.
pub fn parse_date(s: &str, end: bool) -> Option<NaiveDate> {
    let mut it = s.split('-');
    let y: i32 = it.next()?.parse().ok()?;
    let m: Option<u32> = it.next().map(str::parse).transpose().ok()?;
    let d: Option<u32> = it.next().map(str::parse).transpose().ok()?;
    if it.next().is_some() || !(1000..=9999).contains(&y) {
        return None;
    }
    match (m, d) {
        (Some(m), Some(d)) => NaiveDate::from_ymd_opt(y, m, d),
        (Some(m), None) => {
            let first = NaiveDate::from_ymd_opt(y, m, 1)?;
            if end {
                let next = if m == 12 {
                    NaiveDate::from_ymd_opt(y + 1, 1, 1)?
                } else {
                    NaiveDate::from_ymd_opt(y, m + 1, 1)?
                };
                next.pred_opt()
            } else {
                Some(first)
            }
        }
        (None, _) => {
            if end {
                NaiveDate::from_ymd_opt(y, 12, 31)
            } else {
                NaiveDate::from_ymd_opt(y, 1, 1)
            }
        }
    }
    .filter(|d| d.year() == y)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn roles() {
        let r = Role::parse("RUSGOV 2012-05-07..").unwrap();
        assert!(r.contains(NaiveDate::from_ymd_opt(2024, 1, 1).unwrap()));
        let r = Role::parse("USAGOV 2009..2017-01").unwrap();
        assert_eq!(r.to, NaiveDate::from_ymd_opt(2017, 1, 31).unwrap());
        assert!(Role::parse("USAGOV 2017..2009").is_err());
        assert!(Role::parse("usagov 2009..").is_err());
        assert!(Role::parse("USAGOV 2009-13..").is_err());
    }
}
