//! Laying a paragraph out into terminal lines: sanitizing, measuring
//! grapheme by grapheme, word-wrapping to a width, and carrying highlight
//! marks onto the right cells. Pure: tested without a screen.

use crate::text::sanitize::display_char;
use std::ops::Range;
use unicode_segmentation::UnicodeSegmentation;

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

/// One grapheme, sanitized and measured.
struct Unit {
    at: usize,
    len: usize,
    shown: String,
    width: usize,
    space: bool,
}

fn units(line: &str, offset: usize) -> Vec<Unit> {
    line.grapheme_indices(true)
        .map(|(at, g)| {
            let shown: String = g.chars().filter_map(display_char).collect();
            Unit {
                at: offset + at,
                len: g.len(),
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

/// Wraps `text` to `width` cells. Line breaks in the text are kept; long
/// words are broken between graphemes. Marks must not overlap; the first
/// covering a grapheme's start wins.
pub fn wrap<T: Clone + PartialEq>(
    text: &str,
    marks: &[Mark<T>],
    width: usize,
) -> Vec<VisualLine<T>> {
    let width = width.max(1);
    let mut out = Vec::new();
    let mut offset = 0;
    for hard in text.split('\n') {
        let mut units = units(hard, offset);
        // A grapheme wider than the whole line (a wide character at width
        // 1, a cluster of spacing marks) cannot be drawn within it: an
        // ellipsis stands in for it.
        for u in units.iter_mut().filter(|u| u.width > width) {
            u.shown = "…".into();
            u.width = 1;
        }
        offset += hard.len() + 1;
        let mut lines: Vec<Vec<&Unit>> = vec![Vec::new()];
        let mut used = 0;
        let mut i = 0;
        while i < units.len() {
            // A word: the units up to the next space.
            let end = units[i..]
                .iter()
                .position(|u| u.space)
                .map_or(units.len(), |p| i + p.max(1));
            let word = &units[i..end];
            let word_width: usize = word.iter().map(|u| u.width).sum();
            let line = lines.last_mut().expect("at least one line");
            if word[0].space {
                if used + word_width <= width && used > 0 {
                    line.push(&word[0]);
                    used += word_width;
                }
            } else if used + word_width <= width {
                line.extend(word);
                used += word_width;
            } else if word_width <= width {
                trim_trailing_space(lines.last_mut().expect("line"));
                lines.push(word.iter().collect());
                used = word_width;
            } else {
                for u in word {
                    if used + u.width > width && used > 0 {
                        lines.push(Vec::new());
                        used = 0;
                    }
                    lines.last_mut().expect("line").push(u);
                    used += u.width;
                }
            }
            i = end;
        }
        trim_trailing_space(lines.last_mut().expect("line"));
        let line_start = offset - hard.len() - 1;
        for line in lines {
            out.push(build_line(&line, marks, line_start));
        }
    }
    out
}

/// One line of `text` around `range`, at most `width` cells: some context
/// before, the range marked `true`, ellipses where text was cut.
pub fn snippet(text: &str, range: Range<usize>, width: usize) -> VisualLine<bool> {
    let units = units(text, 0);
    let first = units
        .iter()
        .position(|u| u.at >= range.start)
        .unwrap_or(units.len());
    // Up to a third of the width of context before the range.
    let mut start = first;
    let mut before = 0;
    while start > 0 && before + units[start - 1].width <= width / 3 {
        start -= 1;
        before += units[start].width;
    }
    while start < first && units[start].space {
        start += 1;
    }
    let lead = usize::from(start > 0);
    let mut end = start;
    let mut used = lead;
    while end < units.len() && used + units[end].width + usize::from(end + 1 < units.len()) <= width
    {
        used += units[end].width;
        end += 1;
    }
    let mut segments: Vec<Segment<bool>> = Vec::new();
    let mut push = |text: &str, mark: bool| match segments.last_mut() {
        Some(last) if last.mark == Some(mark) => last.text.push_str(text),
        _ => segments.push(Segment {
            text: text.to_string(),
            mark: Some(mark),
        }),
    };
    if lead == 1 {
        push("…", false);
    }
    for u in &units[start..end] {
        push(&u.shown, range.contains(&u.at));
    }
    if end < units.len() {
        push("…", false);
        used += 1;
    }
    let source = units.get(start).map_or(0, |u| u.at)..units.get(end).map_or(text.len(), |u| u.at);
    VisualLine {
        segments,
        width: used.min(width),
        source,
    }
}

fn trim_trailing_space(line: &mut Vec<&Unit>) {
    while line.last().is_some_and(|u| u.space) {
        line.pop();
    }
}

fn build_line<T: Clone + PartialEq>(
    units: &[&Unit],
    marks: &[Mark<T>],
    empty_at: usize,
) -> VisualLine<T> {
    let mut segments: Vec<Segment<T>> = Vec::new();
    let mut width = 0;
    for u in units {
        let mark = marks
            .iter()
            .find(|m| m.range.contains(&u.at))
            .map(|m| m.tag.clone());
        width += u.width;
        match segments.last_mut() {
            Some(last) if last.mark == mark => last.text.push_str(&u.shown),
            _ => segments.push(Segment {
                text: u.shown.clone(),
                mark,
            }),
        }
    }
    let source = match (units.first(), units.last()) {
        (Some(f), Some(l)) => f.at..l.at + l.len,
        _ => empty_at..empty_at,
    };
    VisualLine {
        segments,
        width,
        source,
    }
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
        let s = snippet(text, at..at + 3, 20);
        assert_eq!(s.text(), "…five six seven eig…");
        assert!(s.width <= 20);
        let marked: String = s
            .segments
            .iter()
            .filter(|g| g.mark == Some(true))
            .map(|g| g.text.as_str())
            .collect();
        assert_eq!(marked, "six");
        let whole = snippet("short", 0..5, 20);
        assert_eq!(whole.text(), "short");
    }

    #[test]
    fn control_characters_never_pass() {
        let l = &wrap::<()>("a\u{1b}[2Jb\u{202E}c", &[], 80)[0];
        assert_eq!(l.text(), "a␛[2Jbc");
    }
}
