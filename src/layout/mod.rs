//! Laying text out into terminal lines, right-to-left text included. Pure:
//! tested without a screen.
//!
//! The pipeline, per paragraph (UAX #9 rule P1: at line breaks):
//! 1. base direction from the language hint, else the first strong
//!    character ([`bidi::direction`]);
//! 2. in [`BidiMode::App`], Arabic shaping into presentation forms with a
//!    map back to the original bytes ([`shape`]);
//! 3. bidi levels, resolved once for the paragraph ([`bidi::Paragraph`]);
//! 4. wrapping in logical order, measuring grapheme by grapheme;
//! 5. per line: visual order by grapheme (so marks stay on their letter),
//!    mirrored brackets at right-to-left levels, sanitizing, marks on the
//!    cells of the bytes they cover, and right-to-left paragraphs padded to
//!    end at the right edge.
//!
//! [`BidiMode::Terminal`] skips 2, 3 and 5's reordering and padding: the
//! terminal does its own.

pub mod bidi;
mod flow;
pub mod kwic;
mod mode;
pub mod shape;
mod snippet;

pub use bidi::{Direction, Level};
pub use kwic::{Columns, Part, kwic};
pub use mode::{BidiMode, UnknownMode, bidi_test};
pub use snippet::snippet;

use flow::{Para, break_lines};
use std::ops::Range;

/// A run of text on one visual line sharing one mark.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Segment<T> {
    /// Sanitized text, ready to draw.
    pub text: String,
    /// The highlight covering it, if any.
    pub mark: Option<T>,
}

/// One line of laid-out text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VisualLine<T> {
    /// Runs of text, left to right.
    pub segments: Vec<Segment<T>>,
    /// Cells taken.
    pub width: usize,
    /// Byte range of the logical text this line shows.
    pub source: Range<usize>,
}

impl<T> VisualLine<T> {
    /// The line's text without marks.
    pub fn text(&self) -> String {
        self.segments.iter().map(|s| s.text.as_str()).collect()
    }
}

/// A highlight: a byte range of the text and what it stands for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mark<T> {
    /// Byte range in the laid-out text.
    pub range: Range<usize>,
    /// Tag handed back on the covered segments.
    pub tag: T,
}

/// How to lay text out.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct LayoutOptions<'a> {
    /// Who orders and joins right-to-left text.
    pub mode: BidiMode,
    /// The text's language (`ar`, `en`, …), which sets each paragraph's
    /// base direction; without it the first strong character does.
    pub lang: Option<&'a str>,
}

/// Lays `text` out in lines of at most `width` cells. Line breaks in the
/// text are kept; long words are broken between graphemes. Marks are byte
/// ranges of `text`; they must not overlap (the first overlapping a
/// grapheme wins) and land on the cells drawing their bytes, through
/// shaping and reordering.
pub fn layout<T: Clone + PartialEq>(
    text: &str,
    marks: &[Mark<T>],
    width: usize,
    opts: &LayoutOptions,
) -> Vec<VisualLine<T>> {
    let width = width.max(1);
    // Data must not steer the layout: its bidi controls are neutralized
    // here, where all of it enters (byte offsets kept for the marks).
    let text = &*crate::text::sanitize::neutralize_bidi(text);
    let marks = flow::Marks::new(marks);
    let mut out = Vec::new();
    for range in bidi::paragraphs(text) {
        let mut para = Para::new(text, range, opts);
        para.fit(width);
        for items in break_lines(&para.units, width) {
            out.push(para.line(&items, &marks, width));
        }
    }
    out
}

/// [`layout`] in logical order, as the terminal mode: what coopdash drew
/// before it laid out right-to-left text itself.
pub fn wrap<T: Clone + PartialEq>(
    text: &str,
    marks: &[Mark<T>],
    width: usize,
) -> Vec<VisualLine<T>> {
    let opts = LayoutOptions {
        mode: BidiMode::Terminal,
        lang: None,
    };
    layout(text, marks, width, &opts)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lines(text: &str, width: usize) -> Vec<String> {
        wrap::<()>(text, &[], width)
            .iter()
            .map(VisualLine::text)
            .collect()
    }

    #[test]
    fn wraps_at_spaces() {
        assert_eq!(lines("the quick brown fox", 10), ["the quick", "brown fox"]);
        assert_eq!(lines("a\nb c", 10), ["a", "b c"]);
        assert_eq!(lines("abcdefghij", 4), ["abcd", "efgh", "ij"]);
    }

    #[test]
    fn every_line_fits() {
        let text = "الأمينان العامّان للأمم المتحدة والإنتربول يجتمعان في وقت يشهد فيه العالم تهديدات غير مسبوقة";
        for w in 1..40 {
            for l in wrap::<()>(text, &[], w) {
                assert!(l.width <= w, "width {w}: {:?}", l.text());
            }
        }
    }

    #[test]
    fn marks_land_on_their_graphemes() {
        let text = "in الأمم المتحدة now";
        let at = text.find("الأمم").unwrap();
        let marks = [Mark {
            range: at..at + "الأمم المتحدة".len(),
            tag: 1,
        }];
        let l = &wrap(text, &marks, 80)[0];
        let marked: Vec<_> = l
            .segments
            .iter()
            .filter(|s| s.mark == Some(1))
            .map(|s| s.text.as_str())
            .collect();
        assert_eq!(marked, ["الأمم المتحدة"]);
    }

    #[test]
    fn snippet_centres_the_range() {
        let text = "one two three four five six seven eight nine ten";
        let at = text.find("six").unwrap();
        let s = snippet(text, at..at + 3, 20, &LayoutOptions::default());
        // Up to a third of the width (6 cells) of context before the range.
        assert_eq!(s.text(), "…five six seven…");
        assert!(s.width <= 20);
        let marked: String = s
            .segments
            .iter()
            .filter(|g| g.mark == Some(true))
            .map(|g| g.text.as_str())
            .collect();
        assert_eq!(marked, "six");
        let whole = snippet("short", 0..5, 20, &LayoutOptions::default());
        assert_eq!(whole.text(), "short");
    }

    #[test]
    fn control_characters_never_pass() {
        let l = &wrap::<()>("a\u{1b}[2Jb\u{202E}c", &[], 80)[0];
        assert_eq!(l.text(), "a␛[2Jbc");
    }

    /// `s` reversed character by character: how a right-to-left word
    /// without marks is stored in visual order.
    fn r(s: &str) -> String {
        s.chars().rev().collect()
    }

    fn visual(text: &str, width: usize, mode: BidiMode, lang: Option<&str>) -> Vec<String> {
        layout::<()>(text, &[], width, &LayoutOptions { mode, lang })
            .iter()
            .map(VisualLine::text)
            .collect()
    }

    fn noshape(text: &str, width: usize) -> Vec<String> {
        visual(text, width, BidiMode::AppNoShape, None)
    }

    #[test]
    fn latin_digits_inside_arabic_keep_their_order() {
        let want = format!("{} 2018 {} {}", r("م"), r("عام"), r("في"));
        assert_eq!(noshape("في عام 2018 م", 13), [want]);
        // Arabic-Indic digits too.
        let want = format!("٢٠٢٢ ،{} ٩", r("ديسمبر"));
        assert_eq!(noshape("٩ ديسمبر، ٢٠٢٢", 14), [want]);
    }

    #[test]
    fn latin_names_and_punctuation_inside_arabic() {
        let text = "قال Jürgen Stock: نعم.";
        let want = format!(".{} :Jürgen Stock {}", r("نعم"), r("قال"));
        assert_eq!(noshape(text, 22), [want]);
    }

    #[test]
    fn arabic_inside_english() {
        let text = "The UN (الأمم المتحدة) met.";
        let want = format!("The UN ({} {}) met.", r("المتحدة"), r("الأمم"));
        assert_eq!(noshape(text, 80), [want]);
    }

    #[test]
    fn brackets_mirror_in_right_to_left_runs() {
        let text = "الأمم المتحدة (نيويورك)";
        let want = format!("({}) {} {}", r("نيويورك"), r("المتحدة"), r("الأمم"));
        assert_eq!(noshape(text, 23), [want]);
    }

    #[test]
    fn right_to_left_lines_end_at_the_right_edge() {
        assert_eq!(
            noshape("واحد اثنان ثلاثة", 11),
            [
                format!(" {} {}", r("اثنان"), r("واحد")),
                format!("      {}", r("ثلاثة")),
            ]
        );
        // The language hint sets the base direction.
        assert_eq!(
            visual("abc", 5, BidiMode::AppNoShape, Some("ar")),
            ["  abc"]
        );
        assert_eq!(
            visual("عالم", 6, BidiMode::AppNoShape, Some("en")),
            [r("عالم")]
        );
    }

    #[test]
    fn diacritics_stay_after_their_letter() {
        // أُنجز: the damma stays after alef-hamza once graphemes reverse.
        assert_eq!(noshape("أُنجز", 5), [" زجنأ\u{064F}"]);
    }

    #[test]
    fn app_mode_joins_letters_and_ligates_lam_alef() {
        // salam: isolated alef, initial lam, medial seen, final lam-alef,
        // isolated meem; shown right to left.
        let lines = visual("السلام", 5, BidiMode::App, None);
        assert_eq!(lines, ["\u{FEE1}\u{FEFC}\u{FEB4}\u{FEDF}\u{FE8D}"]);
        // Five cells: the ligature takes one, not two. The rest pads.
        let line = &layout::<()>("السلام", &[], 80, &LayoutOptions::default())[0];
        assert_eq!(line.segments[0].text, " ".repeat(75));
        assert_eq!(line.width, 80);
    }

    #[test]
    fn terminal_mode_is_logical_and_unpadded() {
        let text = "في عام 2018 (نيويورك)";
        assert_eq!(visual(text, 40, BidiMode::Terminal, Some("ar")), [text]);
    }

    #[test]
    fn a_mark_lands_on_its_word_through_shaping_and_reordering() {
        let text = "وأُطلقت أهداف الإنتربول المذكورة";
        let at = text.find("الإنتربول").unwrap();
        let marks = [Mark {
            range: at..at + "الإنتربول".len(),
            tag: 7,
        }];
        let line = &layout(text, &marks, 80, &LayoutOptions::default())[0];
        let texts: Vec<(&str, Option<i32>)> = line
            .segments
            .iter()
            .map(|s| (s.text.as_str(), s.mark))
            .collect();
        // Visual: padding, "المذكورة " (left), the mark, " أهداف وأُطلقت".
        // الإنتربول shaped: alef, lam-alef-hamza-below, noon, teh, reh,
        // beh, waw, lam; reversed.
        let word = "\u{FEDD}\u{FEEE}\u{FE91}\u{FEAE}\u{FE98}\u{FEE7}\u{FEF9}\u{FE8D}";
        assert_eq!(texts.len(), 4, "{texts:?}");
        assert_eq!(texts[2], (word, Some(7)));
        assert!(texts[1].0.ends_with(' ') && texts[1].1.is_none());
        assert!(texts[3].0.starts_with(' ') && texts[3].1.is_none());
        assert_eq!(crate::text::width::width(word), 8);
    }

    #[test]
    fn a_mark_on_either_letter_of_a_ligature_lights_the_ligature() {
        let text = "السلام";
        for range in [6..8, 8..10] {
            let marks = [Mark { range, tag: () }];
            let line = &layout(text, &marks, 80, &LayoutOptions::default())[0];
            let marked: Vec<&str> = line
                .segments
                .iter()
                .filter(|s| s.mark.is_some())
                .map(|s| s.text.as_str())
                .collect();
            assert_eq!(marked, ["\u{FEFC}"]);
        }
    }
}
