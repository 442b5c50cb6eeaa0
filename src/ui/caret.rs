//! Text being typed, laid out like every other text (shaped, in visual
//! order, right-to-left paragraphs right-aligned), and where its insertion
//! point is drawn. Arrows move on the screen, as browsers and LibreOffice
//! do: ← goes to the cell on the left, which in a right-to-left line is the
//! next letter in reading order. Pure: the fields and the editor call it
//! from `update` (to move) and `view` (to draw) with the same width.
//!
//! Every grapheme is laid out as its own mark, so its cell is known through
//! shaping and reordering; the insertion point before a grapheme is drawn
//! on that grapheme's cell, and the end of a paragraph one cell past its
//! last grapheme, on the side its direction writes to.

use crate::layout::{BidiMode, Direction, LayoutOptions, Mark, VisualLine, bidi, layout};
use crate::text::width::width;
use unicode_segmentation::UnicodeSegmentation;

/// A move of the insertion point.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Move {
    /// One cell left on the screen.
    Left,
    /// One cell right on the screen.
    Right,
    /// The line above, at the nearest cell.
    Up,
    /// The line below, at the nearest cell.
    Down,
    /// The start of the visual line, in reading order.
    Home,
    /// The end of the visual line, in reading order.
    End,
}

/// Where an insertion point (a byte offset of the text) is drawn.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Caret {
    x: usize,
    at: usize,
}

/// A text laid out for editing.
#[derive(Debug, Clone)]
pub struct Laid {
    /// The visual lines, to draw (segments are graphemes and padding).
    pub lines: Vec<VisualLine<usize>>,
    /// Each line's insertion points, left to right.
    carets: Vec<Vec<Caret>>,
}

/// Lays `text` out in lines of at most `width` cells.
pub fn lay_out(text: &str, width: usize, opts: &LayoutOptions) -> Laid {
    let width = width.max(1);
    let marks: Vec<Mark<usize>> = text
        .grapheme_indices(true)
        .map(|(at, g)| Mark {
            range: at..at + g.len(),
            tag: at,
        })
        .collect();
    let lines = layout(text, &marks, width, opts);
    let paragraphs = bidi::paragraphs(text);
    let mut carets = Vec::with_capacity(lines.len());
    for (i, line) in lines.iter().enumerate() {
        let mut row = Vec::new();
        let mut x = 0;
        for s in &line.segments {
            if let Some(at) = s.mark {
                row.push(Caret { x, at });
            }
            x += width_of(&s.text);
        }
        let para = paragraphs
            .iter()
            .find(|p| p.start <= line.source.start && line.source.start <= p.end);
        let rtl = opts.mode != BidiMode::Terminal
            && para.is_some_and(|p| bidi::direction(&text[p.clone()], opts.lang) == Direction::Rtl);
        // A grapheme drawn inside another's cell (the alef of lam-alef)
        // takes that cell; a space dropped at a wrap, the cell past the
        // grapheme before it.
        let drawn: Vec<usize> = row.iter().map(|c| c.at).collect();
        for (at, g) in text[line.source.clone()].grapheme_indices(true) {
            let at = line.source.start + at;
            if drawn.contains(&at) {
                continue;
            }
            let before = row.iter().filter(|c| c.at < at).max_by_key(|c| c.at);
            let x = match before {
                Some(c) if g.trim().is_empty() && rtl => c.x.saturating_sub(1),
                Some(c) if g.trim().is_empty() => (c.x + 1).min(width - 1),
                Some(c) => c.x,
                None => row.iter().min_by_key(|c| c.at).map_or(0, |c| c.x),
            };
            row.push(Caret { x, at });
        }
        // Spaces dropped where the line wraps are insertion points past its
        // end, on the side it writes to.
        if let Some(next) = lines.get(i + 1)
            && next.source.start > line.source.end
            && para.is_some_and(|p| next.source.start <= p.end)
        {
            let xs = row.iter().map(|c| c.x);
            let x = if rtl {
                xs.min().unwrap_or(width).saturating_sub(1)
            } else {
                xs.max().map_or(0, |x| x + 1).min(width - 1)
            };
            for (at, _) in text[line.source.end..next.source.start].grapheme_indices(true) {
                row.push(Caret {
                    x,
                    at: line.source.end + at,
                });
            }
        }
        // The end of a paragraph, on its last line.
        let last = lines
            .get(i + 1)
            .is_none_or(|next| para.is_none_or(|p| next.source.start > p.end));
        if let (Some(p), true) = (para, last) {
            row.push(Caret {
                x: end_x(text, p.clone(), &row, width, opts),
                at: p.end,
            });
        }
        row.sort_by_key(|c| (c.x, c.at));
        carets.push(row);
    }
    Laid { lines, carets }
}

/// The cell just past a paragraph's last grapheme, in its writing
/// direction; for an empty paragraph, its start edge.
fn end_x(
    text: &str,
    para: std::ops::Range<usize>,
    row: &[Caret],
    width: usize,
    opts: &LayoutOptions,
) -> usize {
    let logical = opts.mode == BidiMode::Terminal;
    let base = bidi::direction(&text[para.clone()], opts.lang);
    let Some((at, g)) = text[para.clone()].grapheme_indices(true).next_back() else {
        return match (base, logical) {
            (Direction::Rtl, false) => width - 1,
            _ => 0,
        };
    };
    let at = para.start + at;
    let x = row.iter().find(|c| c.at == at).map_or(0, |c| c.x);
    use unicode_bidi::BidiClass::{AL, L, R};
    // After a letter: beside it, on the side its script writes to. After
    // a digit or punctuation: at the paragraph's far end.
    match g.chars().next().map(unicode_bidi::bidi_class) {
        _ if logical => (x + width_of(g)).min(width - 1),
        Some(R | AL) => x.saturating_sub(1),
        Some(L) => (x + width_of(g)).min(width - 1),
        _ if base == Direction::Rtl => row.iter().map(|c| c.x).min().unwrap_or(0).saturating_sub(1),
        _ => row
            .iter()
            .map(|c| c.x)
            .max()
            .map_or(0, |x| x + 1)
            .min(width - 1),
    }
}

fn width_of(s: &str) -> usize {
    width(s)
}

impl Laid {
    /// The row and cell where the insertion point `cursor` is drawn.
    pub fn position(&self, cursor: usize) -> (usize, usize) {
        for (row, carets) in self.carets.iter().enumerate() {
            if let Some(c) = carets.iter().find(|c| c.at == cursor) {
                return (row, c.x);
            }
        }
        // Not an insertion point of the text (never happens for a cursor on
        // a grapheme boundary): the nearest one before it.
        self.carets
            .iter()
            .enumerate()
            .flat_map(|(row, cs)| cs.iter().map(move |c| (row, *c)))
            .filter(|(_, c)| c.at <= cursor)
            .max_by_key(|(_, c)| c.at)
            .map_or((0, 0), |(row, c)| (row, c.x))
    }

    /// The insertion point after `m` from `cursor`, or `None` where there
    /// is nowhere to go (the edge of the text).
    pub fn moved(&self, cursor: usize, m: Move) -> Option<usize> {
        let (row, x) = self.position(cursor);
        let line = self.carets.get(row)?;
        let nearest = |cs: &[Caret]| {
            cs.iter()
                .min_by_key(|c| (c.x.abs_diff(x), c.at))
                .map(|c| c.at)
        };
        match m {
            Move::Left => line
                .iter()
                .filter(|c| c.x < x)
                .max_by_key(|c| (c.x, std::cmp::Reverse(c.at)))
                .map(|c| c.at)
                .or_else(|| self.across(row, false)),
            Move::Right => line
                .iter()
                .filter(|c| c.x > x)
                .min_by_key(|c| (c.x, c.at))
                .map(|c| c.at)
                .or_else(|| self.across(row, true)),
            Move::Up => nearest(self.carets.get(row.checked_sub(1)?)?),
            Move::Down => nearest(self.carets.get(row + 1)?),
            Move::Home => line.iter().map(|c| c.at).min(),
            Move::End => line.iter().map(|c| c.at).max(),
        }
    }

    /// Past the edge of line `row` going right (or left): into the next
    /// line in reading order when that is the way the line reads.
    fn across(&self, row: usize, right: bool) -> Option<usize> {
        let line = &self.lines[row];
        let rtl = self.carets[row]
            .first()
            .zip(self.carets[row].last())
            .is_some_and(|(first, last)| first.at > last.at);
        let next_line = right != rtl;
        let target = if next_line {
            self.carets.get(row + 1)?
        } else {
            self.carets.get(row.checked_sub(1)?)?
        };
        let _ = line;
        // The start of the next line, or the end of the previous one.
        if next_line {
            target.iter().map(|c| c.at).min()
        } else {
            target.iter().map(|c| c.at).max()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn opts(mode: BidiMode) -> LayoutOptions<'static> {
        LayoutOptions { mode, lang: None }
    }

    #[test]
    fn english_moves_like_a_plain_field() {
        let l = lay_out("abc", 10, &opts(BidiMode::App));
        assert_eq!(l.position(0), (0, 0));
        assert_eq!(l.position(3), (0, 3));
        assert_eq!(l.moved(1, Move::Left), Some(0));
        assert_eq!(l.moved(1, Move::Right), Some(2));
        assert_eq!(l.moved(3, Move::Right), None);
        assert_eq!(l.moved(2, Move::Home), Some(0));
        assert_eq!(l.moved(0, Move::End), Some(3));
    }

    #[test]
    fn in_arabic_left_is_the_next_letter() {
        // Four letters, right-aligned in 10 cells: the first at cell 9.
        let text = "سلمى";
        let l = lay_out(text, 10, &opts(BidiMode::AppNoShape));
        let starts: Vec<usize> = text.char_indices().map(|(i, _)| i).collect();
        assert_eq!(l.position(0), (0, 9));
        assert_eq!(l.position(starts[1]), (0, 8));
        // The end is left of the last letter.
        assert_eq!(l.position(text.len()), (0, 5));
        assert_eq!(l.moved(0, Move::Left), Some(starts[1]));
        assert_eq!(l.moved(starts[1], Move::Right), Some(0));
        assert_eq!(l.moved(starts[3], Move::Left), Some(text.len()));
        assert_eq!(l.moved(text.len(), Move::Left), None);
        assert_eq!(l.moved(starts[2], Move::Home), Some(0));
        assert_eq!(l.moved(0, Move::End), Some(text.len()));
    }

    #[test]
    fn a_mixed_line_reads_right_and_every_point_is_reachable() {
        let text = "تقرير UNODC لعام 2026";
        for mode in [BidiMode::App, BidiMode::AppNoShape, BidiMode::Terminal] {
            let l = lay_out(text, 40, &opts(mode));
            // Walking left from the start and right from the far left end
            // visits every insertion point once.
            let mut at = if mode == BidiMode::Terminal {
                text.len()
            } else {
                0
            };
            let mut seen = vec![at];
            while let Some(next) = l.moved(at, Move::Left) {
                assert!(!seen.contains(&next), "{mode:?}: a loop at {next}");
                seen.push(next);
                at = next;
            }
            let points = text.grapheme_indices(true).count() + 1;
            assert_eq!(seen.len(), points, "{mode:?}: {seen:?}");
        }
    }

    #[test]
    fn up_and_down_keep_the_column_across_wrapped_lines() {
        let l = lay_out("one two three four", 10, &opts(BidiMode::App));
        assert_eq!(l.lines.len(), 2);
        let at = "one two".len();
        let (row, x) = l.position(at);
        assert_eq!(row, 0);
        let below = l.moved(at, Move::Down).unwrap();
        assert_eq!(l.position(below), (1, x));
        assert_eq!(l.moved(below, Move::Up), Some(at));
        assert_eq!(l.moved(at, Move::Up), None);
    }

    #[test]
    fn an_empty_right_to_left_line_starts_at_the_right() {
        let opts = LayoutOptions {
            mode: BidiMode::App,
            lang: Some("ar"),
        };
        assert_eq!(lay_out("", 10, &opts).position(0), (0, 9));
        let ltr = LayoutOptions {
            mode: BidiMode::App,
            lang: Some("en"),
        };
        assert_eq!(lay_out("", 10, &ltr).position(0), (0, 0));
    }
}
