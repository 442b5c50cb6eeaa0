//! Dates as analysts write them: a year, a month or a day.

use chrono::NaiveDate;
use std::fmt;

/// A date with year, month or day precision.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct PartialDate {
    /// Year.
    pub year: i32,
    /// Month 1–12, if given.
    pub month: Option<u32>,
    /// Day of month, if given (only with a month).
    pub day: Option<u32>,
}

impl PartialDate {
    /// Parses `YYYY`, `YYYY-MM` or `YYYY-MM-DD`; the error says what is
    /// wrong in plain words.
    pub fn parse(s: &str) -> Result<Self, String> {
        let bad = || format!("`{s}` is not a date written YYYY, YYYY-MM or YYYY-MM-DD");
        let parts: Vec<&str> = s.trim().split('-').collect();
        let num = |p: &str, len: usize| -> Result<u32, String> {
            if p.len() != len || !p.bytes().all(|b| b.is_ascii_digit()) {
                return Err(bad());
            }
            p.parse().map_err(|_| bad())
        };
        let year = num(parts[0], 4)? as i32;
        let month = parts.get(1).map(|m| num(m, 2)).transpose()?;
        let day = parts.get(2).map(|d| num(d, 2)).transpose()?;
        if parts.len() > 3 {
            return Err(bad());
        }
        let date = PartialDate { year, month, day };
        let check_day = day.unwrap_or(1);
        if NaiveDate::from_ymd_opt(year, month.unwrap_or(1), check_day).is_none() {
            return Err(format!("`{s}` is not a real calendar date"));
        }
        Ok(date)
    }
}

impl fmt::Display for PartialDate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}", self.year)?;
        if let Some(m) = self.month {
            write!(f, "-{m:02}")?;
        }
        if let Some(d) = self.day {
            write!(f, "-{d:02}")?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn precisions() {
        assert_eq!(PartialDate::parse("1997").unwrap().to_string(), "1997");
        assert_eq!(PartialDate::parse("2022-12").unwrap().month, Some(12));
        assert_eq!(PartialDate::parse("2022-12-09").unwrap().day, Some(9));
    }

    #[test]
    fn bad_dates() {
        for s in [
            "97",
            "2022-1",
            "2022-13",
            "2022-02-30",
            "2022-12-09-01",
            "soon",
            "",
        ] {
            assert!(PartialDate::parse(s).is_err(), "{s}");
        }
    }
}
