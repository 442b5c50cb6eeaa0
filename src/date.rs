//! Dates as analysts write them: a year, a month or a day ([`PartialDate`]),
//! and dates as sources write them in running text ([`find_written`]):
//! "14 March 2024", "March 2024", "٩ ديسمبر، ٢٠٢٢", "كانون الأول ٢٠٢٢".
//!
//! Written dates are recognised on folded text ([`crate::text::fold`]), so
//! Arabic-Indic and Eastern digits, hamza forms (أبريل/ابريل), teh marbuta
//! (يونية/يونيو), Arabic commas and Latin case never matter. A written date
//! needs a four-digit year: a bare year is not taken (running text is full of
//! them: events, agenda names), and neither is a day and month without a year.

use crate::model::Passage;
use crate::text::Folded;
use chrono::{Datelike, NaiveDate};
use std::collections::HashMap;
use std::fmt;
use std::ops::Range;
use std::sync::OnceLock;

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

/// How precisely a [`PartialDate`] is known.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Precision {
    /// A year: `1997`.
    Year,
    /// A month: `2022-12`.
    Month,
    /// A day: `2022-12-09`.
    Day,
}

impl PartialDate {
    /// A day-precision date.
    pub fn day(year: i32, month: u32, day: u32) -> Option<Self> {
        NaiveDate::from_ymd_opt(year, month, day).map(|_| PartialDate {
            year,
            month: Some(month),
            day: Some(day),
        })
    }

    /// A month-precision date.
    pub fn month(year: i32, month: u32) -> Option<Self> {
        NaiveDate::from_ymd_opt(year, month, 1).map(|_| PartialDate {
            year,
            month: Some(month),
            day: None,
        })
    }

    /// Year, month or day, as written.
    pub fn precision(&self) -> Precision {
        match (self.month, self.day) {
            (Some(_), Some(_)) => Precision::Day,
            (Some(_), None) => Precision::Month,
            _ => Precision::Year,
        }
    }

    /// The first day of the period the date names (a time axis places a
    /// year-precision date from 1 January to 31 December).
    pub fn first_day(&self) -> NaiveDate {
        NaiveDate::from_ymd_opt(self.year, self.month.unwrap_or(1), self.day.unwrap_or(1))
            .unwrap_or(NaiveDate::MIN)
    }

    /// The last day of the period the date names.
    pub fn last_day(&self) -> NaiveDate {
        let first = self.first_day();
        match self.precision() {
            Precision::Day => first,
            Precision::Month => first
                .checked_add_months(chrono::Months::new(1))
                .and_then(|d| d.pred_opt())
                .unwrap_or(NaiveDate::MAX),
            Precision::Year => NaiveDate::from_ymd_opt(first.year(), 12, 31).unwrap_or(first),
        }
    }
}

/// A date found written in a text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WrittenDate {
    /// The date, with month or day precision.
    pub date: PartialDate,
    /// Byte range of the words that write it, in the original text.
    pub range: Range<usize>,
}

/// Month names in every form recognised, written as people write them;
/// [`months`] folds them. Arabic has two families: the Gregorian names
/// transliterated (Egypt, the Gulf, the Maghreb) and the Syriac names of the
/// Levant and Iraq, two of which are two words long.
const MONTH_NAMES: &[(&str, u32)] = &[
    ("january", 1),
    ("jan", 1),
    ("february", 2),
    ("feb", 2),
    ("march", 3),
    ("mar", 3),
    ("april", 4),
    ("apr", 4),
    ("may", 5),
    ("june", 6),
    ("jun", 6),
    ("july", 7),
    ("jul", 7),
    ("august", 8),
    ("aug", 8),
    ("september", 9),
    ("sep", 9),
    ("sept", 9),
    ("october", 10),
    ("oct", 10),
    ("november", 11),
    ("nov", 11),
    ("december", 12),
    ("dec", 12),
    ("يناير", 1),
    ("فبراير", 2),
    ("مارس", 3),
    ("أبريل", 4),
    ("إبريل", 4),
    ("مايو", 5),
    ("يونيو", 6),
    ("يونية", 6),
    ("يوليو", 7),
    ("يولية", 7),
    ("أغسطس", 8),
    ("سبتمبر", 9),
    ("أكتوبر", 10),
    ("نوفمبر", 11),
    ("ديسمبر", 12),
    ("كانون الثاني", 1),
    ("شباط", 2),
    ("آذار", 3),
    ("نيسان", 4),
    ("أيار", 5),
    ("حزيران", 6),
    ("تموز", 7),
    ("آب", 8),
    ("أيلول", 9),
    ("تشرين الأول", 10),
    ("تشرين الثاني", 11),
    ("كانون الأول", 12),
];

/// Folded month name (one or two words) → month number.
fn months() -> &'static HashMap<String, u32> {
    static MONTHS: OnceLock<HashMap<String, u32>> = OnceLock::new();
    MONTHS.get_or_init(|| {
        MONTH_NAMES
            .iter()
            .map(|&(name, m)| (crate::text::fold(name), m))
            .collect()
    })
}

/// A word, digit run or sign of folded text.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Tok<'a> {
    Word(&'a str),
    Num(&'a str),
    Sign(char),
}

/// Splits folded text into words (runs of letters), digit runs and single
/// signs, each with its byte range; spaces only separate.
fn tokens(folded: &str) -> Vec<(Tok<'_>, Range<usize>)> {
    let mut out = Vec::new();
    let mut chars = folded.char_indices().peekable();
    while let Some((at, c)) = chars.next() {
        if c.is_whitespace() {
            continue;
        }
        let same: fn(char) -> bool = if c.is_ascii_digit() {
            |c| c.is_ascii_digit()
        } else if c.is_alphabetic() {
            char::is_alphabetic
        } else {
            out.push((Tok::Sign(c), at..at + c.len_utf8()));
            continue;
        };
        let mut end = at + c.len_utf8();
        while let Some(&(i, d)) = chars.peek() {
            if !same(d) {
                break;
            }
            end = i + d.len_utf8();
            chars.next();
        }
        let text = &folded[at..end];
        let tok = if c.is_ascii_digit() {
            Tok::Num(text)
        } else {
            Tok::Word(text)
        };
        out.push((tok, at..end));
    }
    out
}

/// Reads tokens left to right for one date pattern.
struct Cursor<'t, 'a> {
    toks: &'t [(Tok<'a>, Range<usize>)],
    at: usize,
}

impl Cursor<'_, '_> {
    fn peek(&self) -> Option<&Tok<'_>> {
        self.toks.get(self.at).map(|(t, _)| t)
    }

    /// A number of `min..=max` digits.
    fn num(&mut self, min: usize, max: usize) -> Option<u32> {
        match self.peek()? {
            Tok::Num(n) if (min..=max).contains(&n.len()) => {
                let v = n.parse().ok()?;
                self.at += 1;
                Some(v)
            }
            _ => None,
        }
    }

    /// Skips `sign` if it is next.
    fn skip_sign(&mut self, sign: char) {
        if self.peek() == Some(&Tok::Sign(sign)) {
            self.at += 1;
        }
    }

    /// Skips the next token if it is one of `words`.
    fn skip_word(&mut self, words: &[&str]) {
        if matches!(self.peek(), Some(Tok::Word(w)) if words.contains(w)) {
            self.at += 1;
        }
    }

    /// A month name, one or two words, optionally followed by `/` and the
    /// same month's name in the other family ("ديسمبر/كانون الأول").
    fn month(&mut self) -> Option<u32> {
        let m = self.one_month()?;
        let back = self.at;
        if self.peek() == Some(&Tok::Sign('/')) {
            self.at += 1;
            if self.one_month() != Some(m) {
                self.at = back;
            }
        }
        Some(m)
    }

    fn one_month(&mut self) -> Option<u32> {
        let word = |i: usize| match self.toks.get(i) {
            Some((Tok::Word(w), _)) => Some(*w),
            _ => None,
        };
        let first = word(self.at)?;
        if let Some(second) = word(self.at + 1)
            && let Some(&m) = months().get(&format!("{first} {second}"))
        {
            self.at += 2;
            return Some(m);
        }
        let &m = months().get(first)?;
        self.at += 1;
        // An abbreviation may end with a full stop ("Sept. 2024").
        if first.len() <= 4 {
            self.skip_sign('.');
        }
        Some(m)
    }

    /// `14`, `14th`: a day number with an optional English ordinal suffix.
    fn day(&mut self) -> Option<u32> {
        let d = self.num(1, 2)?;
        self.skip_word(&["st", "nd", "rd", "th"]);
        Some(d)
    }
}

/// Tries every pattern at token `start`; returns the date and the number of
/// tokens it spans.
fn date_at(toks: &[(Tok<'_>, Range<usize>)], start: usize) -> Option<(PartialDate, usize)> {
    let cur = |at| Cursor { toks, at };
    // 14 March 2024 · ٩ ديسمبر، ٢٠٢٢ · 14th of March, 2024
    let mut c = cur(start);
    if let Some(d) = c.day() {
        c.skip_word(&["of"]);
        if let Some(m) = c.month() {
            c.skip_sign(',');
            if let Some(y) = c.num(4, 4) {
                return Some((PartialDate::day(y as i32, m, d)?, c.at - start));
            }
        }
    }
    // March 14, 2024
    let mut c = cur(start);
    if let Some(m) = c.month()
        && let Some(d) = c.day()
    {
        c.skip_sign(',');
        if let Some(y) = c.num(4, 4) {
            return Some((PartialDate::day(y as i32, m, d)?, c.at - start));
        }
    }
    // March 2024 · كانون الأول ٢٠٢٢
    let mut c = cur(start);
    if let Some(m) = c.month() {
        c.skip_sign(',');
        if let Some(y) = c.num(4, 4) {
            return Some((PartialDate::month(y as i32, m)?, c.at - start));
        }
    }
    // 2022-12-09
    let mut c = cur(start);
    let y = c.num(4, 4)?;
    c.skip_sign('-');
    let m = c.num(2, 2)?;
    c.skip_sign('-');
    let d = c.num(2, 2)?;
    (c.at - start == 5).then_some(())?;
    Some((PartialDate::day(y as i32, m, d)?, 5))
}

/// Every date of month or day precision written in `text`, in text order.
pub fn find_written(text: &str) -> Vec<WrittenDate> {
    let folded = Folded::new(text);
    let toks = tokens(folded.text());
    let mut found = Vec::new();
    let mut i = 0;
    while i < toks.len() {
        match date_at(&toks, i) {
            Some((date, len)) => {
                let range = toks[i].1.start..toks[i + len - 1].1.end;
                found.push(WrittenDate {
                    date,
                    range: folded.original_range(range),
                });
                i += len;
            }
            None => i += 1,
        }
    }
    found
}

/// How many passages from the top a dateline may sit in: the title, then
/// usually the dateline itself, sometimes a subtitle first.
const DATELINE_PASSAGES: usize = 3;

/// The date a source's dateline gives: the first date of month or day
/// precision written in its first three passages, with the index of the
/// passage it is in. Dates further down are about events, not the source.
pub fn dateline(passages: &[Passage]) -> Option<(usize, WrittenDate)> {
    passages
        .iter()
        .take(DATELINE_PASSAGES)
        .enumerate()
        .find_map(|(i, p)| find_written(&p.text).into_iter().next().map(|d| (i, d)))
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
