//! Re-attaching a stored quote to a source that may have changed since it
//! was captured, the way Hypothesis re-anchors annotations: by position if
//! the text there still equals the quote, else by the best exact occurrence
//! (scored on prefix, suffix and closeness to the old position), else by the
//! best folded occurrence (the shared phrase rule, so whitespace and
//! diacritic edits do not matter), else approximately. What cannot be
//! re-attached is an orphan: the caller keeps it and shows its quote.

use crate::model::{Passage, Span, Workspace};
use crate::text::{Folded, Phrase, char_offset, fold};
use serde::{Deserialize, Serialize};
use std::cmp::Reverse;
use std::ops::Range;

/// Characters of context kept on each side of a captured quote.
pub const CONTEXT_CHARS: usize = 32;

/// Lowest bigram similarity (Sørensen–Dice, 0–1) an approximate match needs.
pub const FUZZY_MIN: f64 = 0.75;

/// Folded quotes shorter than this are never matched approximately: a short
/// word "almost matches" too many others.
const FUZZY_MIN_CHARS: usize = 8;

/// A quote in a source, as stored with a note: a W3C TextQuoteSelector
/// (`exact`, `prefix`, `suffix`) plus a TextPositionSelector used as a hint
/// (`passage`, `start`, `end`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TextAnchor {
    /// Source id.
    pub source: String,
    /// 1-based passage number (the `N` of `SOURCE:N`) when captured.
    pub passage: usize,
    /// Start, in characters (Unicode scalars) of the passage text.
    pub start: usize,
    /// End (exclusive), in characters of the passage text.
    pub end: usize,
    /// The quoted text.
    pub exact: String,
    /// Text just before the quote in its passage (up to [`CONTEXT_CHARS`]).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub prefix: String,
    /// Text just after the quote in its passage (up to [`CONTEXT_CHARS`]).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub suffix: String,
}

/// How an anchor was re-attached.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Method {
    /// The text at the stored position still equals the quote.
    Position,
    /// An exact occurrence elsewhere.
    Exact,
    /// An occurrence after folding (spacing, diacritics, letter forms).
    Folded,
    /// The most similar stretch of text, similar enough.
    Fuzzy,
}

/// Where an anchor is now.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reanchored {
    /// The span in the current workspace.
    pub span: Span,
    /// How it was found.
    pub method: Method,
}

/// Why an anchor could not be re-attached.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Orphaned {
    /// Its source is no longer in the workspace.
    #[error("source `{0}` no longer exists")]
    SourceGone(String),
    /// Nothing in the source matches the quote closely enough.
    #[error("the quoted text is no longer in the source")]
    NotFound,
    /// The anchor quotes no text.
    #[error("the anchor quotes no text")]
    Empty,
}

/// A candidate place: passage index and byte range.
type Place = (usize, Range<usize>);

impl TextAnchor {
    /// Captures `span` of the workspace: its text, context and position.
    pub fn capture(ws: &Workspace, span: &Span) -> TextAnchor {
        let text = &ws.passage(span).text;
        let r = span.range.clone();
        let before = &text[..r.start];
        let skip = before.chars().count().saturating_sub(CONTEXT_CHARS);
        TextAnchor {
            source: ws.sources[span.source].id.clone(),
            passage: span.passage + 1,
            start: char_offset(text, r.start),
            end: char_offset(text, r.end),
            exact: text[r.clone()].to_string(),
            prefix: before.chars().skip(skip).collect(),
            suffix: text[r.end..].chars().take(CONTEXT_CHARS).collect(),
        }
    }

    /// The `SOURCE:N` address the anchor was captured at.
    pub fn address(&self) -> String {
        format!("{}:{}", self.source, self.passage)
    }

    /// Finds the anchor in the current workspace.
    pub fn reanchor(&self, ws: &Workspace) -> Result<Reanchored, Orphaned> {
        let source = ws
            .sources
            .iter()
            .position(|s| s.id == self.source)
            .ok_or_else(|| Orphaned::SourceGone(self.source.clone()))?;
        if self.exact.trim().is_empty() {
            return Err(Orphaned::Empty);
        }
        let passages = &ws.sources[source].passages;
        let found = |(passage, range): Place, method| Reanchored {
            span: Span {
                source,
                passage,
                range,
            },
            method,
        };
        if let Some(place) = self.at_position(passages) {
            return Ok(found(place, Method::Position));
        }
        let exact = passages.iter().enumerate().flat_map(|(i, p)| {
            p.text
                .match_indices(self.exact.as_str())
                .map(move |(at, m)| (i, at..at + m.len()))
        });
        if let Some(place) = self.best_in_context(passages, exact) {
            return Ok(found(place, Method::Exact));
        }
        if let Some(phrase) = Phrase::new(&self.exact) {
            let folded = passages.iter().enumerate().flat_map(|(i, p)| {
                let f = Folded::new(&p.text);
                phrase
                    .find_in(&f)
                    .into_iter()
                    .map(|r| (i, f.original_range(r)))
                    .collect::<Vec<_>>()
            });
            if let Some(place) = self.best_in_context(passages, folded) {
                return Ok(found(place, Method::Folded));
            }
        }
        self.fuzzy(passages)
            .map(|place| found(place, Method::Fuzzy))
            .ok_or(Orphaned::NotFound)
    }

    /// The stored position, if the text there is still the quote.
    fn at_position(&self, passages: &[Passage]) -> Option<Place> {
        let i = self.passage.checked_sub(1)?;
        let text = &passages.get(i)?.text;
        let range = char_range(text, self.start, self.end)?;
        (text[range.clone()] == self.exact).then_some((i, range))
    }

    /// The candidate whose surroundings best match the stored prefix and
    /// suffix; among equals, the one closest to the stored position.
    fn best_in_context(
        &self,
        passages: &[Passage],
        candidates: impl Iterator<Item = Place>,
    ) -> Option<Place> {
        candidates.max_by_key(|(i, r)| {
            let text = &passages[*i].text;
            let context = common_suffix(&self.prefix, &text[..r.start])
                + common_prefix(&self.suffix, &text[r.end..]);
            (
                context,
                Reverse(self.distance(*i, char_offset(text, r.start))),
            )
        })
    }

    /// How far a place is from the stored position: passages, then characters.
    fn distance(&self, passage: usize, start: usize) -> (usize, usize) {
        (
            passage.abs_diff(self.passage.saturating_sub(1)),
            start.abs_diff(self.start),
        )
    }

    /// The most similar stretch of whole words, if similar enough. Only the
    /// stored passage, its neighbours and the passages sharing the most words
    /// are searched, which keeps the cost bounded on long sources.
    fn fuzzy(&self, passages: &[Passage]) -> Option<Place> {
        let quote = fold(&self.exact);
        if quote.chars().count() < FUZZY_MIN_CHARS {
            return None;
        }
        let mut best: Option<(f64, (usize, usize), Place)> = None;
        for i in self.fuzzy_candidates(&quote, passages) {
            let folded = Folded::new(&passages[i].text);
            let text = folded.text();
            let starts: Vec<usize> = std::iter::once(0)
                .chain(text.match_indices(' ').map(|(at, _)| at + 1))
                .collect();
            let ends: Vec<usize> = text
                .match_indices(' ')
                .map(|(at, _)| at)
                .chain(std::iter::once(text.len()))
                .collect();
            for &s in &starts {
                // Windows of about the quote's length: the nearest word end and
                // the ones either side of it.
                let near = ends.partition_point(|&e| e < s + quote.len());
                for &e in ends[near.saturating_sub(1)..(near + 2).min(ends.len())].iter() {
                    if e <= s {
                        continue;
                    }
                    let sim = strsim::sorensen_dice(&quote, &text[s..e]);
                    let range = folded.original_range(s..e);
                    let dist = self.distance(i, char_offset(&passages[i].text, range.start));
                    let better = best
                        .as_ref()
                        .is_none_or(|(bs, bd, _)| sim > *bs || (sim == *bs && dist < *bd));
                    if better {
                        best = Some((sim, dist, (i, range)));
                    }
                }
            }
        }
        best.filter(|(sim, _, _)| *sim >= FUZZY_MIN)
            .map(|(_, _, place)| place)
    }

    /// Passages worth an approximate search, each once.
    fn fuzzy_candidates(&self, quote: &str, passages: &[Passage]) -> Vec<usize> {
        let hint = self.passage.saturating_sub(1);
        let mut out: Vec<usize> = (hint.saturating_sub(1)..=hint + 1)
            .filter(|&i| i < passages.len())
            .collect();
        let words: Vec<&str> = quote.split(' ').filter(|w| w.chars().count() > 1).collect();
        let mut shared: Vec<(usize, usize)> = passages
            .iter()
            .enumerate()
            .map(|(i, p)| {
                let f = fold(&p.text);
                (words.iter().filter(|w| f.contains(**w)).count(), i)
            })
            .filter(|(n, _)| *n > 0)
            .collect();
        shared.sort_by_key(|&(n, i)| (Reverse(n), i));
        for (_, i) in shared.into_iter().take(3) {
            if !out.contains(&i) {
                out.push(i);
            }
        }
        out
    }
}

/// Byte range of the characters `start..end` of `text`, if in bounds.
fn char_range(text: &str, start: usize, end: usize) -> Option<Range<usize>> {
    if start > end {
        return None;
    }
    let mut offsets = text
        .char_indices()
        .map(|(i, _)| i)
        .chain(std::iter::once(text.len()));
    let s = offsets.nth(start)?;
    let e = if end == start {
        s
    } else {
        offsets.nth(end - start - 1)?
    };
    Some(s..e)
}

/// Characters shared at the end of both strings.
fn common_suffix(a: &str, b: &str) -> usize {
    a.chars()
        .rev()
        .zip(b.chars().rev())
        .take_while(|(x, y)| x == y)
        .count()
}

/// Characters shared at the start of both strings.
fn common_prefix(a: &str, b: &str) -> usize {
    a.chars().zip(b.chars()).take_while(|(x, y)| x == y).count()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{LangText, Source};
    use crate::workspace::seeds::split_passages;
    use std::path::PathBuf;

    fn ws(text: &str) -> Workspace {
        Workspace {
            root: PathBuf::new(),
            sources: vec![Source {
                id: "src".into(),
                file: PathBuf::from("src.txt"),
                title: LangText::default(),
                lang: None,
                date: None,
                passages: split_passages(text).into(),
            }],
            themes: vec![],
            entities: vec![],
            events: vec![],
            warnings: vec![],
        }
    }

    const V1: &str = "Title\n\nThe councils met on cyber crime and on fraud.\n\nLater they met on fraud again, and on border control at sea.";

    fn anchor_on(w: &Workspace, passage: usize, quote: &str) -> TextAnchor {
        let text = &w.sources[0].passages[passage].text;
        let at = text.find(quote).unwrap();
        TextAnchor::capture(
            w,
            &Span {
                source: 0,
                passage,
                range: at..at + quote.len(),
            },
        )
    }

    fn text_of<'a>(w: &'a Workspace, r: &Reanchored) -> &'a str {
        w.span_text(&r.span)
    }

    #[test]
    fn capture_then_position() {
        let w = ws(V1);
        let a = anchor_on(&w, 2, "fraud again");
        assert_eq!((a.passage, a.start, a.end), (3, 18, 29));
        assert_eq!(a.prefix, "Later they met on ");
        assert_eq!(a.suffix, ", and on border control at sea.");
        let r = a.reanchor(&w).unwrap();
        assert_eq!(r.method, Method::Position);
        assert_eq!(text_of(&w, &r), "fraud again");
    }

    #[test]
    fn moved_text_is_found_by_context() {
        let a = anchor_on(&ws(V1), 1, "fraud");
        // A passage inserted before: positions shift, "fraud" occurs twice.
        let w2 = ws(
            "Title\n\nNew intro.\n\nLater they met on fraud again.\n\nThe councils met on cyber crime and on fraud.",
        );
        let r = a.reanchor(&w2).unwrap();
        assert_eq!(r.method, Method::Exact);
        assert_eq!(r.span.passage, 3, "the occurrence with the same prefix");
    }

    #[test]
    fn respelled_text_is_found_folded() {
        let w = ws("العنوان\n\nواشتملت المجالات على الجريمة السيبرية، والفساد.");
        let a = anchor_on(&w, 1, "الجريمة السيبرية");
        let w2 = ws("العنوان\n\nواشتملت المجالات على الجريمة   السّيبريّة، والفساد.");
        let r = a.reanchor(&w2).unwrap();
        assert_eq!(r.method, Method::Folded);
        assert_eq!(text_of(&w2, &r), "الجريمة   السّيبريّة");
    }

    #[test]
    fn edited_text_is_found_approximately() {
        let a = anchor_on(&ws(V1), 2, "they met on fraud again, and on border control");
        let w2 = ws(
            "Title\n\nThe councils met on cyber crime and on fraud.\n\nLater they met on fraud once again, and on border control at sea.",
        );
        let r = a.reanchor(&w2).unwrap();
        assert_eq!(r.method, Method::Fuzzy);
        assert_eq!(
            text_of(&w2, &r),
            "they met on fraud once again, and on border control"
        );
    }

    #[test]
    fn orphans() {
        let a = anchor_on(&ws(V1), 2, "border control at sea");
        let w2 = ws("Title\n\nSomething else entirely about health.");
        assert_eq!(a.reanchor(&w2), Err(Orphaned::NotFound));
        let gone = TextAnchor {
            source: "other".into(),
            ..a.clone()
        };
        assert_eq!(
            gone.reanchor(&w2),
            Err(Orphaned::SourceGone("other".into()))
        );
        let empty = TextAnchor {
            exact: " ".into(),
            ..a
        };
        assert_eq!(empty.reanchor(&w2), Err(Orphaned::Empty));
    }

    #[test]
    fn char_ranges() {
        assert_eq!(char_range("أبج", 1, 3), Some(2..6));
        assert_eq!(char_range("أبج", 3, 3), Some(6..6));
        assert_eq!(char_range("أبج", 2, 4), None);
        assert_eq!(char_range("أبج", 2, 1), None);
    }
}
