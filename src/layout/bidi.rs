//! The Unicode Bidirectional Algorithm (UAX #9) for one paragraph at a
//! time, through the unicode-bidi crate: base direction, resolved levels,
//! and the visual order of a wrapped line's items. Mirroring (rule L4) is
//! here too; keeping combining marks with their letter (rule L3) comes from
//! reordering whole graphemes, which is the caller's choice of items.

use std::ops::Range;
use unicode_bidi::{BidiClass, ParagraphBidiInfo, bidi_class};

pub use unicode_bidi::Level;

/// A paragraph's base direction.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Direction {
    /// Left to right.
    Ltr,
    /// Right to left.
    Rtl,
}

impl Direction {
    fn level(self) -> Level {
        match self {
            Direction::Ltr => Level::ltr(),
            Direction::Rtl => Level::rtl(),
        }
    }
}

/// Primary language subtags written right to left.
const RTL_LANGUAGES: &[&str] = &[
    "ar", "arc", "ckb", "dv", "fa", "he", "ku", "ps", "sd", "syr", "ug", "ur", "yi",
];

/// The direction a language tag implies (`ar`, `ar-EG` → right to left;
/// `en` → left to right), or `None` for an empty tag.
pub fn lang_direction(lang: &str) -> Option<Direction> {
    let primary = lang.split(['-', '_']).next().unwrap_or("").trim();
    if primary.is_empty() {
        return None;
    }
    let rtl = RTL_LANGUAGES
        .iter()
        .any(|l| l.eq_ignore_ascii_case(primary));
    Some(if rtl { Direction::Rtl } else { Direction::Ltr })
}

/// A paragraph's base direction: the language hint's if there is one,
/// else its first strong character's (outside isolates, rules P2–P3), else
/// left to right.
pub fn direction(text: &str, lang: Option<&str>) -> Direction {
    if let Some(d) = lang.and_then(lang_direction) {
        return d;
    }
    match unicode_bidi::get_base_direction(text) {
        unicode_bidi::Direction::Rtl => Direction::Rtl,
        _ => Direction::Ltr,
    }
}

/// Byte ranges of `text`'s paragraphs (rule P1), separators excluded. A
/// CR LF pair is one separator. Like `str::split`, `n` separators make
/// `n + 1` paragraphs, so an empty text is one empty paragraph.
pub(crate) fn paragraphs(text: &str) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut start = 0;
    let mut chars = text.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        if bidi_class(c) != BidiClass::B {
            continue;
        }
        if c == '\r' && chars.peek().is_some_and(|&(_, n)| n == '\n') {
            chars.next();
        }
        out.push(start..i);
        start = chars.peek().map_or(text.len(), |&(j, _)| j);
    }
    out.push(start..text.len());
    out
}

/// One paragraph's resolved embedding levels.
pub struct Paragraph<'a> {
    info: ParagraphBidiInfo<'a>,
}

/// A line in visual order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reordered {
    /// Each item's level after rule L1, in logical order.
    pub levels: Vec<Level>,
    /// Indices of the items, leftmost first (rule L2).
    pub order: Vec<usize>,
}

impl<'a> Paragraph<'a> {
    /// Resolves `text` (one paragraph, no separator inside) with base
    /// direction `base`, or its first strong character's if `None`.
    pub fn new(text: &'a str, base: Option<Direction>) -> Self {
        Paragraph {
            info: ParagraphBidiInfo::new(text, base.map(Direction::level)),
        }
    }

    /// The paragraph's resolved base direction.
    pub fn direction(&self) -> Direction {
        if self.info.paragraph_level.is_rtl() {
            Direction::Rtl
        } else {
            Direction::Ltr
        }
    }

    /// The visual order of one line: `line` is its byte range in the
    /// paragraph, `starts` the byte offsets of its items in logical order.
    /// Items are whatever the caller reorders as a whole: characters, or
    /// graphemes so that marks stay on their letter.
    pub fn reorder(&self, line: Range<usize>, starts: &[usize]) -> Reordered {
        let per_byte = self.info.reordered_levels(line);
        let levels: Vec<Level> = starts.iter().map(|&s| per_byte[s]).collect();
        let order = visual_order(&levels);
        Reordered { levels, order }
    }
}

/// Rule L2: the visual order of items at `levels` (after rule L1):
/// indices, leftmost first. Reversing every run at or above each odd
/// level in turn is its own inverse: the visual items with their levels
/// reorder back to the logical order.
pub fn visual_order(levels: &[Level]) -> Vec<usize> {
    ParagraphBidiInfo::reorder_visual(levels)
}

/// `c` as drawn at an odd (right-to-left) level: its mirror image if it has
/// one, such as `(` for `)` (rule L4).
pub fn mirrored(c: char) -> char {
    unicode_bidi_mirroring::get_mirrored(c).unwrap_or(c)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn visual(text: &str, base: Option<Direction>) -> String {
        let p = Paragraph::new(text, base);
        let starts: Vec<usize> = text.char_indices().map(|(i, _)| i).collect();
        let chars: Vec<char> = text.chars().collect();
        p.reorder(0..text.len(), &starts)
            .order
            .iter()
            .map(|&i| chars[i])
            .collect()
    }

    #[test]
    fn language_hint_wins_over_first_strong() {
        assert_eq!(direction("hello عالم", Some("ar")), Direction::Rtl);
        assert_eq!(direction("عالم hello", Some("en")), Direction::Ltr);
        assert_eq!(direction("x", Some("ar-EG")), Direction::Rtl);
        assert_eq!(direction("عالم hello", None), Direction::Rtl);
        assert_eq!(direction("2018 hello عالم", None), Direction::Ltr);
        assert_eq!(direction("123 ...", None), Direction::Ltr);
        assert_eq!(direction("عالم", Some("")), Direction::Rtl);
    }

    #[test]
    fn first_strong_skips_isolates() {
        assert_eq!(
            direction("\u{2067}hello\u{2069} عالم", None),
            Direction::Rtl
        );
    }

    #[test]
    fn paragraphs_split_at_separators() {
        let t = "a\r\nb\u{2029}c\n";
        let got: Vec<&str> = paragraphs(t).into_iter().map(|r| &t[r]).collect();
        assert_eq!(got, ["a", "b", "c", ""]);
        assert_eq!(paragraphs(""), vec![0..0]);
    }

    #[test]
    fn latin_digits_stay_left_to_right_inside_arabic() {
        assert_eq!(visual("عام 2018 م", None), "م 2018 ماع");
        assert_eq!(visual("ab جد ef", None), "ab دج ef");
        assert_eq!(visual("ab جد ef", Some(Direction::Rtl)), "ef دج ab");
    }

    #[test]
    fn trailing_space_goes_to_the_base_side() {
        // Rule L1: the trailing space takes the paragraph level.
        assert_eq!(visual("جد ", Some(Direction::Ltr)), "دج ");
        assert_eq!(visual("ab ", Some(Direction::Rtl)), " ab");
    }

    #[test]
    fn brackets_mirror() {
        assert_eq!(mirrored('('), ')');
        assert_eq!(mirrored(')'), '(');
        assert_eq!(mirrored('«'), '»');
        assert_eq!(mirrored('»'), '«');
        assert_eq!(mirrored('['), ']');
        assert_eq!(mirrored('a'), 'a');
    }
}
