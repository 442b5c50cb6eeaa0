//! The timeline: every event of every source and every source's own date,
//! in date order, each with the passage that says so. Pure data; the UI
//! lays it out on a time axis.
//!
//! Dates keep the precision they were written with (year, month or day).
//! Sorting follows [`PartialDate`]'s order, so within a year the bare year
//! comes first, then its months, each before its days. A source's date is
//! its `themes.yaml` date or, failing that, the dateline found in its text
//! ([`crate::date::dateline`]); it points to the passage where the date is
//! written when the text writes it.

use crate::date::{self, PartialDate};
use crate::model::{Span, Workspace};
use chrono::NaiveDate;

/// What a timeline entry stands for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum What {
    /// An event (index into [`Workspace::events`]).
    Event(usize),
    /// A source's date (index into [`Workspace::sources`]).
    Source(usize),
}

/// One dated item.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    /// When, with the precision written.
    pub date: PartialDate,
    /// What happened.
    pub what: What,
    /// Where a source says so: the event's quote, or the words that write a
    /// source's date (none when only `themes.yaml` gives it).
    pub span: Option<Span>,
}

/// The timeline of a workspace.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Timeline {
    /// Entries in date order (ties: sources before events, then file order).
    pub entries: Vec<Entry>,
}

impl Timeline {
    /// Collects and sorts every dated item of `ws`. Dates that do not parse
    /// are left out (loading has reported them already).
    pub fn build(ws: &Workspace) -> Timeline {
        let mut entries = Vec::new();
        for (si, source) in ws.sources.iter().enumerate() {
            let Some(date) = source
                .date
                .as_deref()
                .and_then(|d| PartialDate::parse(d).ok())
            else {
                continue;
            };
            // Point to the dateline only if it writes this very date.
            let span = date::dateline(&source.passages)
                .filter(|(_, w)| w.date == date)
                .map(|(passage, w)| Span {
                    source: si,
                    passage,
                    range: w.range,
                });
            entries.push(Entry {
                date,
                what: What::Source(si),
                span,
            });
        }
        for (ei, event) in ws.events.iter().enumerate() {
            if let Ok(date) = PartialDate::parse(&event.date) {
                entries.push(Entry {
                    date,
                    what: What::Event(ei),
                    span: Some(event.span.clone()),
                });
            }
        }
        // Stable: sources (pushed first) before events on the same date.
        entries.sort_by_key(|e| e.date);
        Timeline { entries }
    }

    /// The days the timeline covers, from the first day of its earliest
    /// entry to the last day of its latest (a year runs to 31 December).
    pub fn extent(&self) -> Option<(NaiveDate, NaiveDate)> {
        let first = self.entries.iter().map(|e| e.date.first_day()).min()?;
        let last = self.entries.iter().map(|e| e.date.last_day()).max()?;
        Some((first, last))
    }
}
