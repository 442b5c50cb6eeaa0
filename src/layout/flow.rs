//! The pipeline for one paragraph: shaped text cut into measured graphemes
//! ("units"), wrapped in logical order, then each line reordered, mirrored,
//! marked and padded into a [`VisualLine`].

use super::bidi::{self, Paragraph, mirrored};
use super::shape::{Shaped, shape};
use super::{LayoutOptions, Mark, Segment, VisualLine};
use crate::text::sanitize::display_char;
use std::ops::Range;
use unicode_segmentation::UnicodeSegmentation;

/// One grapheme of the (shaped) text, sanitized and measured.
pub(super) struct Unit {
    /// Bytes of the original text it stands for.
    pub src: Range<usize>,
    /// What to draw, sanitized.
    pub shown: String,
    /// Cells taken.
    pub width: usize,
    /// Whether it is white space (a place to break).
    pub space: bool,
}

/// A paragraph ready to lay out.
pub(super) struct Para<'a> {
    /// Its bytes in the text, separator excluded.
    pub range: Range<usize>,
    /// Its graphemes in logical order.
    pub units: Vec<Unit>,
    /// Its bidi analysis, in the modes where coopdash reorders.
    bidi: Option<Paragraph<'a>>,
}

impl<'a> Para<'a> {
    /// Prepares `text[range]` (one paragraph) for `opts.mode`.
    pub fn new(text: &'a str, range: Range<usize>, opts: &LayoutOptions) -> Self {
        let body = &text[range.clone()];
        let chars: Vec<Shaped> = if opts.mode.shapes() {
            shape(body, range.start)
        } else {
            body.char_indices()
                .map(|(i, c)| (c, range.start + i..range.start + i + c.len_utf8()))
                .collect()
        };
        let bidi = opts
            .mode
            .reorders()
            .then(|| Paragraph::new(body, Some(bidi::direction(body, opts.lang))));
        Para {
            units: units(&chars),
            range,
            bidi,
        }
    }

    /// Makes every unit fit in `width` cells: a grapheme wider than the
    /// whole line (a wide character at width 1, a cluster of spacing
    /// marks) cannot be drawn within it, so an ellipsis stands in for it.
    pub fn fit(&mut self, width: usize) {
        for u in self.units.iter_mut().filter(|u| u.width > width) {
            u.shown = "…".into();
            u.width = 1;
        }
    }

    /// Whether lines are right-aligned: coopdash reorders and the
    /// paragraph runs right to left.
    pub fn right_aligned(&self) -> bool {
        self.bidi
            .as_ref()
            .is_some_and(|b| b.direction() == bidi::Direction::Rtl)
    }

    /// The visual order of `items` (unit indices of one line, logical
    /// order): positions in `items`, leftmost first, and whether each item
    /// is at an odd (right-to-left) level.
    pub fn order(&self, items: &[usize]) -> (Vec<usize>, Vec<bool>) {
        let (Some(bidi), Some(&first), Some(&last)) = (&self.bidi, items.first(), items.last())
        else {
            return ((0..items.len()).collect(), vec![false; items.len()]);
        };
        let base = self.range.start;
        let line = self.units[first].src.start - base..self.units[last].src.end - base;
        let starts: Vec<usize> = items
            .iter()
            .map(|&i| self.units[i].src.start - base)
            .collect();
        let r = bidi.reorder(line, &starts);
        (r.order, r.levels.iter().map(|l| l.is_rtl()).collect())
    }

    /// Lays out one wrapped line.
    pub fn line<T: Clone + PartialEq>(
        &self,
        items: &[usize],
        marks: &Marks<T>,
        width: usize,
    ) -> VisualLine<T> {
        let (order, odd) = self.order(items);
        let mut segments = Segments::default();
        let mut used = 0;
        for i in order {
            let u = &self.units[items[i]];
            used += u.width;
            segments.push(&drawn(u, odd[i]), marks.of(&u.src));
        }
        let source = match (items.first(), items.last()) {
            (Some(&f), Some(&l)) => self.units[f].src.start..self.units[l].src.end,
            _ => self.range.start..self.range.start,
        };
        let mut segments = segments.0;
        if self.right_aligned() && !segments.is_empty() && used < width {
            segments.insert(0, pad(width - used));
            used = width;
        }
        VisualLine {
            segments,
            width: used,
            source,
        }
    }
}

/// A unit's text as drawn at a right-to-left level or not.
pub(super) fn drawn(u: &Unit, odd: bool) -> String {
    if odd {
        u.shown.chars().map(mirrored).collect()
    } else {
        u.shown.clone()
    }
}

/// The marks of a layout, and whether they are in order and apart, as
/// the editor's one-mark-per-grapheme are: then finding a unit's mark is a
/// binary search, not a scan (a long note would cost its length squared
/// on every frame).
pub(super) struct Marks<'a, T> {
    marks: &'a [Mark<T>],
    sorted: bool,
}

impl<'a, T: Clone> Marks<'a, T> {
    /// Looks at the order once, for the whole layout.
    pub fn new(marks: &'a [Mark<T>]) -> Self {
        let sorted = marks.windows(2).all(|w| w[0].range.end <= w[1].range.start);
        Marks { marks, sorted }
    }

    /// The tag of the first mark overlapping `src`.
    fn of(&self, src: &Range<usize>) -> Option<T> {
        let overlaps = |m: &&Mark<T>| m.range.start < src.end && src.start < m.range.end;
        if self.sorted {
            // In order and apart, the first mark ending after `src` starts
            // is the only one that can be the first to overlap it.
            let at = self.marks.partition_point(|m| m.range.end <= src.start);
            return self.marks.get(at).filter(overlaps).map(|m| m.tag.clone());
        }
        self.marks.iter().find(overlaps).map(|m| m.tag.clone())
    }
}

/// Blank cells that right-align a line.
pub(super) fn pad<T>(cells: usize) -> Segment<T> {
    Segment {
        text: " ".repeat(cells),
        mark: None,
    }
}

/// Segments built left to right, runs with the same mark merged.
pub(super) struct Segments<T>(pub Vec<Segment<T>>);

impl<T> Default for Segments<T> {
    fn default() -> Self {
        Segments(Vec::new())
    }
}

impl<T: PartialEq> Segments<T> {
    /// Appends `text` with `mark`; nothing for empty text (a dropped
    /// control character), so no segment is empty.
    pub fn push(&mut self, text: &str, mark: Option<T>) {
        if text.is_empty() {
            return;
        }
        match self.0.last_mut() {
            Some(last) if last.mark == mark => last.text.push_str(text),
            _ => self.0.push(Segment {
                text: text.to_string(),
                mark,
            }),
        }
    }
}

/// Graphemes of the shaped text, each with the original bytes it covers.
fn units(chars: &[Shaped]) -> Vec<Unit> {
    let text: String = chars.iter().map(|(c, _)| c).collect();
    let mut next = chars.iter();
    text.graphemes(true)
        .map(|g| {
            let mut src: Option<Range<usize>> = None;
            for (_, r) in next.by_ref().take(g.chars().count()) {
                src = Some(src.map_or(r.clone(), |s| s.start.min(r.start)..s.end.max(r.end)));
            }
            let shown: String = g.chars().filter_map(display_char).collect();
            Unit {
                src: src.unwrap_or_default(),
                width: crate::text::width::width(&shown),
                // By what is drawn: a vertical tab or form feed shows as a
                // control picture, so it is a character to keep, not a
                // space to drop at a line end.
                space: !shown.is_empty() && shown.chars().all(char::is_whitespace),
                shown,
            }
        })
        .collect()
}

/// Wraps units to `width` cells in logical order: breaks at spaces, drops
/// spaces at line ends, and breaks words longer than a line between
/// graphemes. Returns each line's unit indices.
pub(super) fn break_lines(units: &[Unit], width: usize) -> Vec<Vec<usize>> {
    let mut lines: Vec<Vec<usize>> = vec![Vec::new()];
    let mut used = 0;
    let mut i = 0;
    while i < units.len() {
        // A word: the units up to the next space, or one space.
        let end = units[i..]
            .iter()
            .position(|u| u.space)
            .map_or(units.len(), |p| i + p.max(1));
        let word_width: usize = units[i..end].iter().map(|u| u.width).sum();
        let line = lines.last_mut().expect("at least one line");
        if units[i].space {
            if used + word_width <= width && used > 0 {
                line.push(i);
                used += word_width;
            }
        } else if used + word_width <= width {
            line.extend(i..end);
            used += word_width;
        } else if word_width <= width {
            trim_trailing_space(line, units);
            lines.push((i..end).collect());
            used = word_width;
        } else {
            for (j, u) in units.iter().enumerate().take(end).skip(i) {
                if used + u.width > width && used > 0 {
                    lines.push(Vec::new());
                    used = 0;
                }
                lines.last_mut().expect("line").push(j);
                used += u.width;
            }
        }
        i = end;
    }
    trim_trailing_space(lines.last_mut().expect("line"), units);
    lines
}

fn trim_trailing_space(line: &mut Vec<usize>, units: &[Unit]) {
    while line.last().is_some_and(|&i| units[i].space) {
        line.pop();
    }
}
