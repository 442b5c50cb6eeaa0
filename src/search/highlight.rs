//! Matched characters mapped back onto the original text, and the context
//! snippet around them. Computed per hit, for the rows on screen only: the
//! text is folded again with its offset map ([`crate::text::Folded`]).

use super::query::Query;
use super::searcher::Searcher;
use super::{Field, Hit, Item, Results, Tier};
use crate::text::Folded;
use std::ops::Range;

/// Where a hit matched, in the original text of its field
/// ([`super::Index::text`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Highlight {
    /// Byte ranges of the matched characters (diacritics and tatweel of a
    /// matched letter included), ascending, not overlapping.
    pub ranges: Vec<Range<usize>>,
    /// The part to show: for passages and notes, about a line of context
    /// around the first match (on character boundaries); otherwise the
    /// whole text.
    pub snippet: Range<usize>,
}

/// Characters of context shown before the first match, and in all.
const BEFORE: usize = 30;
const WIDTH: usize = 110;

impl Searcher {
    /// The highlight of `hit`, one of `results`' hits (or of the complete
    /// ranking of the same query). First-page hits carry theirs already
    /// ([`Hit::highlight`]); this is for rows scrolled into view later.
    pub fn highlight(&self, results: &Results, hit: &Hit) -> Highlight {
        if let Some(h) = &hit.highlight {
            return h.clone();
        }
        self.highlight_with(results.compiled.as_deref(), hit)
    }

    /// The highlight of `hit` for compiled query `q`.
    pub(super) fn highlight_with(&self, q: Option<&Query>, hit: &Hit) -> Highlight {
        let text = self.index().text(&hit.item, &hit.field).unwrap_or("");
        let ranges = match (&hit.via, q) {
            (Some((_, mention)), _) => vec![mention.clone()],
            (None, Some(q)) => {
                let folded = Folded::new(text);
                let f = folded.text();
                let phrase = q.phrase_range(f).filter(|_| hit.tier >= Tier::Exact);
                let found: Vec<Range<usize>> = match phrase {
                    Some(r) => vec![r],
                    None => q.word_ranges(f, hit.tier == Tier::Scattered),
                };
                let mut mapped: Vec<Range<usize>> = found
                    .into_iter()
                    .map(|r| folded.original_range(r))
                    .collect();
                mapped.sort_by_key(|r| r.start);
                merge(mapped)
            }
            (None, None) => Vec::new(),
        };
        let long = matches!(hit.field, Field::Text | Field::Summary(_))
            || matches!(hit.item, Item::Note(_));
        let snippet = match ranges.first() {
            Some(first) if long => snippet(text, first.start),
            _ => 0..text.len(),
        };
        Highlight { ranges, snippet }
    }
}

/// Sorted ranges with touching or overlapping ones joined.
fn merge(ranges: Vec<Range<usize>>) -> Vec<Range<usize>> {
    let mut out: Vec<Range<usize>> = Vec::with_capacity(ranges.len());
    for r in ranges {
        match out.last_mut() {
            Some(last) if r.start <= last.end => last.end = last.end.max(r.end),
            _ => out.push(r),
        }
    }
    out
}

/// About `WIDTH` characters of `text` starting up to `BEFORE` characters
/// before byte `at`, moved to word boundaries when one is near.
fn snippet(text: &str, at: usize) -> Range<usize> {
    let before: Vec<(usize, char)> = text[..at].char_indices().rev().take(BEFORE).collect();
    let mut start = before.last().map_or(at, |(i, _)| *i);
    if start > 0 {
        // Start after a space among the skipped characters, if any.
        if let Some((i, c)) = before.iter().rev().find(|(_, c)| c.is_whitespace()) {
            start = i + c.len_utf8();
        }
    }
    let mut end = text[start..]
        .char_indices()
        .nth(WIDTH)
        .map_or(text.len(), |(i, _)| start + i);
    if end < text.len()
        && let Some(space) = text[at.max(start)..end].rfind(char::is_whitespace)
    {
        end = at.max(start) + space;
    }
    start..end
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn snippet_keeps_the_match_and_cuts_at_spaces() {
        let text = "one two three four five six seven eight nine ten eleven twelve";
        let at = text.find("seven").unwrap();
        let s = super::snippet(text, at);
        assert!(s.start <= at && s.end >= at + 5);
        assert!(text[s.clone()].starts_with(|c: char| c.is_alphanumeric()));
        let short = super::snippet("abc", 1);
        assert_eq!(short, 0..3);
    }

    #[test]
    fn merge_joins_touching_ranges() {
        assert_eq!(merge(vec![0..2, 2..3, 5..6, 5..7]), vec![0..3, 5..7]);
    }
}
