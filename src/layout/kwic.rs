//! A keyword-in-context line, for concordances: the words holding a
//! mention in a fixed column, the context before and after it filling the
//! columns either side, every line the same width.
//!
//! Reading order decides the sides. In a left-to-right paragraph the text
//! before the key is on the left; in a right-to-left one (in the app
//! modes) it is on the right, each side in visual order, the key
//! right-aligned in its column, so an Arabic concordance reads on from
//! its right edge. In the terminal mode every line is written in logical
//! order, as a left-to-right one: a terminal that reorders a right-to-left
//! row mirrors it whole, and since the key column is centred, it stays in
//! place with the text before it on the right.

use super::flow::{Para, Segments, Unit, drawn};
use super::{LayoutOptions, VisualLine, bidi};
use crate::text::word::{word_end, word_start};
use std::ops::Range;

/// What a cell of a concordance line shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Part {
    /// Text before the key, in reading order.
    Before,
    /// The key's words around the match (a clitic such as و in والإنتربول).
    Key,
    /// The matched words.
    Match,
    /// Text after the key.
    After,
}

/// The columns of a concordance, the same for all its lines: a context
/// column, a blank cell, the key column, a blank cell, a context column.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Columns {
    /// Cells of each context column.
    pub side: usize,
    /// Cells of the key column.
    pub key: usize,
}

impl Columns {
    /// Columns for lines of at most `width` cells whose keys take up to
    /// `key` cells: the key column (at most a third of the width) in the
    /// middle, both context columns as wide.
    pub fn new(width: usize, key: usize) -> Columns {
        let key = key.clamp(1, (width / 3).max(1));
        Columns {
            side: width.saturating_sub(key + 2) / 2,
            key,
        }
    }

    /// The first cell of the key column.
    pub fn key_start(&self) -> usize {
        self.side + 1
    }

    /// Cells each line takes.
    pub fn width(&self) -> usize {
        2 * self.side + self.key + 2
    }
}

/// The words of `text` holding the byte range `range`: from the start of
/// the word it starts in to the end of the word it ends in (a match after
/// a clitic takes the clitic along).
pub fn key_range(text: &str, range: Range<usize>) -> Range<usize> {
    let start = word_start(text, range.start).min(range.start);
    start..word_end(text, range.end).max(range.end)
}

/// The concordance line of the match `range` of `text`, in `cols`
/// (exactly [`Columns::width`] cells). The context stays within the
/// paragraph (UAX #9: up to a line break) holding the match; an ellipsis
/// stands where it was cut.
pub fn kwic(
    text: &str,
    range: Range<usize>,
    cols: Columns,
    opts: &LayoutOptions,
) -> VisualLine<Part> {
    // Data must not steer the layout (same byte offsets).
    let text = &*crate::text::sanitize::neutralize_bidi(text);
    let paragraphs = bidi::paragraphs(text);
    let holding = paragraphs
        .iter()
        .position(|p| range.start <= p.end)
        .unwrap_or(paragraphs.len() - 1);
    let within = paragraphs[holding].clone();
    let start = range.start.clamp(within.start, within.end);
    let matched = start..range.end.clamp(start, within.end);
    let key = key_range(text, matched.clone());
    let key = key.start.max(within.start)..key.end.min(within.end);
    let para = Para::new(text, within, opts);
    let units = &para.units;
    let first = units
        .iter()
        .position(|u| u.src.end > key.start)
        .unwrap_or(units.len());
    let after = units[first..]
        .iter()
        .position(|u| u.src.start >= key.end)
        .map_or(units.len(), |p| first + p);

    let (key_items, key_cut) = forward(units, first, after, cols.key);
    let (before, before_cut) = backward(units, first, cols.side);
    let (after, after_cut) = forward(units, after, units.len(), cols.side);
    let shown = before
        .first()
        .or(key_items.first())
        .map_or(key.start, |&i| units[i].src.start)
        ..after
            .last()
            .or(key_items.last())
            .map_or(key.end, |&i| units[i].src.end);
    let group = |items: &[usize], part: Part| -> Group {
        let (order, odd) = para.order(items);
        let mut segments = Segments::default();
        let mut width = 0;
        for i in order {
            let u = &units[items[i]];
            let tag = match part {
                Part::Key if u.src.start < matched.end && matched.start < u.src.end => Part::Match,
                other => other,
            };
            segments.push(&drawn(u, odd[i]), Some(tag));
            width += u.width;
        }
        Group {
            segments: segments.0,
            width,
        }
    };
    let key = group(&key_items, Part::Key);
    let before = (group(&before, Part::Before), before_cut, Part::Before);
    let after = (group(&after, Part::After), after_cut, Part::After);
    let rtl = para.right_aligned();
    let ((left, left_cut, left_part), (right, right_cut, right_part)) = if rtl {
        (after, before)
    } else {
        (before, after)
    };

    let mut out = Segments::default();
    let mut put = |text: &str, mark: Option<Part>| out.push(text, mark);
    let blank = |cells: usize| " ".repeat(cells);
    // The left column, right-aligned against the key, cut at its far end.
    put(&blank(cols.side - left.width - usize::from(left_cut)), None);
    if left_cut {
        put("…", Some(left_part));
    }
    left.segments.iter().for_each(|s| put(&s.text, s.mark));
    put(" ", None);
    // The key from its reading edge; a cut is at the other end.
    let key_pad = blank(cols.key - key.width - usize::from(key_cut));
    if rtl {
        put(&key_pad, None);
        if key_cut {
            put("…", Some(Part::Key));
        }
        key.segments.iter().for_each(|s| put(&s.text, s.mark));
    } else {
        key.segments.iter().for_each(|s| put(&s.text, s.mark));
        if key_cut {
            put("…", Some(Part::Key));
        }
        put(&key_pad, None);
    }
    put(" ", None);
    // The right column, left-aligned against the key.
    right.segments.iter().for_each(|s| put(&s.text, s.mark));
    if right_cut {
        put("…", Some(right_part));
    }
    put(
        &blank(cols.side - right.width - usize::from(right_cut)),
        None,
    );
    VisualLine {
        segments: out.0,
        width: cols.width(),
        source: shown,
    }
}

/// One part of the line, in visual order.
struct Group {
    segments: Vec<super::Segment<Part>>,
    width: usize,
}

/// The units from `from` (spaces skipped) up to `to` that fit in `room`
/// cells, with one cell kept for an ellipsis when some are left out.
fn forward(units: &[Unit], from: usize, to: usize, room: usize) -> (Vec<usize>, bool) {
    let mut start = from;
    while start < to && units[start].space {
        start += 1;
    }
    let all: usize = units[start..to].iter().map(|u| u.width).sum();
    let room = if all <= room {
        room
    } else {
        room.saturating_sub(1)
    };
    let mut end = start;
    let mut used = 0;
    while end < to && used + units[end].width <= room {
        used += units[end].width;
        end += 1;
    }
    // A cut at a space would leave a blank before the ellipsis.
    let cut = end < to && room > 0;
    while cut && end > start && units[end - 1].space {
        end -= 1;
    }
    ((start..end).collect(), cut)
}

/// The units before `to` (spaces next to it skipped) that fit in `room`
/// cells, nearest first kept, with one cell kept for an ellipsis.
fn backward(units: &[Unit], to: usize, room: usize) -> (Vec<usize>, bool) {
    let mut end = to;
    while end > 0 && units[end - 1].space {
        end -= 1;
    }
    let all: usize = units[..end].iter().map(|u| u.width).sum();
    let room = if all <= room {
        room
    } else {
        room.saturating_sub(1)
    };
    let mut start = end;
    let mut used = 0;
    while start > 0 && used + units[start - 1].width <= room {
        start -= 1;
        used += units[start].width;
    }
    let cut = start > 0 && room > 0;
    while cut && start < end && units[start].space {
        start += 1;
    }
    ((start..end).collect(), cut)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::layout::BidiMode;

    fn r(s: &str) -> String {
        s.chars().rev().collect()
    }

    fn line(text: &str, word: &str, cols: Columns, mode: BidiMode) -> (String, String) {
        let at = text.find(word).unwrap();
        let l = kwic(
            text,
            at..at + word.len(),
            cols,
            &LayoutOptions { mode, lang: None },
        );
        assert_eq!(l.width, cols.width());
        assert_eq!(crate::text::width::width(&l.text()), cols.width());
        let key: String = l
            .segments
            .iter()
            .filter(|s| matches!(s.mark, Some(Part::Key | Part::Match)))
            .map(|s| s.text.as_str())
            .collect();
        (l.text(), key)
    }

    #[test]
    fn left_to_right_context_is_before_on_the_left() {
        let cols = Columns::new(31, 6);
        assert_eq!((cols.side, cols.key, cols.width()), (11, 6, 30));
        let (text, key) = line(
            "the council met interpol today in lyon",
            "interpol",
            cols,
            BidiMode::App,
        );
        // The key is cut to its column; the sides are cut at their far ends.
        assert_eq!(key, "inter…");
        assert_eq!(text, "…ouncil met inter… today in l…");
    }

    #[test]
    fn right_to_left_context_before_is_on_the_right() {
        let cols = Columns::new(40, 8);
        let text = "واحد اثنان والإنتربول ثلاثة أربعة";
        let (shown, key) = line(text, "الإنتربول", cols, BidiMode::AppNoShape);
        // The clitic و comes along in the key column, right-aligned.
        assert_eq!(key, format!("…{}", r("والإنتر")));
        // After the key on its left, before it on its right.
        assert_eq!(
            shown,
            format!(
                "{}{} {key} {}{}",
                " ".repeat(cols.side - 11),
                r("ثلاثة أربعة"),
                r("واحد اثنان"),
                " ".repeat(cols.side - 10)
            )
        );
    }

    #[test]
    fn terminal_mode_writes_logical_order_with_the_same_columns() {
        let cols = Columns::new(40, 9);
        let text = "واحد اثنان والإنتربول ثلاثة";
        let (shown, key) = line(text, "الإنتربول", cols, BidiMode::Terminal);
        assert_eq!(key, "والإنترب…");
        assert!(shown.starts_with(&" ".repeat(cols.side - 10)), "{shown:?}");
        assert_eq!(shown.trim(), format!("واحد اثنان {key} ثلاثة"));
    }

    #[test]
    fn the_key_column_is_the_same_on_every_line() {
        let cols = Columns::new(50, 10);
        for mode in BidiMode::ALL {
            for (text, word) in [
                (
                    "a long english sentence about INTERPOL and more words after it",
                    "INTERPOL",
                ),
                (
                    "التعاون بين الأمم المتحدة والإنتربول في مجالات عديدة ومتنوعة",
                    "الإنتربول",
                ),
                ("UN", "UN"),
            ] {
                let at = text.find(word).unwrap();
                let l = kwic(
                    text,
                    at..at + word.len(),
                    cols,
                    &LayoutOptions { mode, lang: None },
                );
                let mut x = 0;
                for s in &l.segments {
                    let w = crate::text::width::width(&s.text);
                    if matches!(s.mark, Some(Part::Key | Part::Match)) {
                        assert!(
                            x >= cols.key_start() && x + w <= cols.key_start() + cols.key,
                            "{mode:?} {text}: key at {x}..{}",
                            x + w
                        );
                    } else if s.mark.is_some() {
                        assert!(
                            x + w <= cols.side || x > cols.key_start() + cols.key,
                            "{mode:?} {text}: context at {x}"
                        );
                    }
                    x += w;
                }
                assert_eq!(x, cols.width());
            }
        }
    }
}
