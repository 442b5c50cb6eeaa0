//! One line of context around a range, for list panes: the same pipeline
//! as [`super::layout`], cut to a window of the range's paragraph.

use super::flow::{Para, Segments, drawn, pad};
use super::{LayoutOptions, VisualLine, bidi};
use std::ops::Range;

/// One line of `text` around `range`, at most `width` cells: some context
/// before, the range marked `true`, ellipses where text was cut. The
/// context stays within the paragraph (UAX #9: up to a line break) holding
/// `range.start`; in the app modes it is in visual order and right-to-left
/// paragraphs end at the right edge.
pub fn snippet(
    text: &str,
    range: Range<usize>,
    width: usize,
    opts: &LayoutOptions,
) -> VisualLine<bool> {
    let paragraphs = bidi::paragraphs(text);
    let holding = paragraphs
        .iter()
        .position(|p| range.start <= p.end)
        .unwrap_or(paragraphs.len() - 1);
    let para = Para::new(text, paragraphs[holding].clone(), opts);
    let units = &para.units;
    let first = units
        .iter()
        .position(|u| u.src.start >= range.start)
        .unwrap_or(units.len());
    // Up to a third of the width of context before the range.
    let mut start = first;
    let mut before = 0;
    while start > 0 && before + units[start - 1].width <= width / 3 {
        start -= 1;
        before += units[start].width;
    }
    // Context starts on a word: a cut word (`…023` of 2023) says nothing.
    while start > 0 && start < first && !units[start - 1].space {
        start += 1;
    }
    while start < first && units[start].space {
        start += 1;
    }
    let lead = start > 0;
    let mut end = start;
    let mut used = usize::from(lead);
    while end < units.len() && used + units[end].width + usize::from(end + 1 < units.len()) <= width
    {
        used += units[end].width;
        end += 1;
    }
    // And ends on one: back to the last word end after the range's start,
    // unless the range's first word alone does not fit.
    if end < units.len() && !units[end].space {
        let mut at = end;
        while at > first && !units[at - 1].space {
            at -= 1;
        }
        while at > first && units[at - 1].space {
            at -= 1;
        }
        if at > first {
            used -= units[at..end].iter().map(|u| u.width).sum::<usize>();
            end = at;
        }
    }
    let trail = end < units.len();
    used += usize::from(trail);

    let items: Vec<usize> = (start..end).collect();
    let (order, odd) = para.order(&items);
    let right_aligned = para.right_aligned();
    // The ellipses sit at the paragraph's start and end sides.
    let (left, right) = if right_aligned {
        (trail, lead)
    } else {
        (lead, trail)
    };
    let mut segments = Segments::default();
    if left {
        segments.push("…", Some(false));
    }
    for i in order {
        let u = &units[items[i]];
        let marked = range.start < u.src.end && u.src.start < range.end;
        segments.push(&drawn(u, odd[i]), Some(marked));
    }
    if right {
        segments.push("…", Some(false));
    }
    let mut segments = segments.0;
    let used = used.min(width);
    let width = if right_aligned && used < width {
        segments.insert(0, pad(width - used));
        width
    } else {
        used
    };
    let source = units.get(start).map_or(para.range.start, |u| u.src.start)
        ..units.get(end).map_or(para.range.end, |u| u.src.start);
    VisualLine {
        segments,
        width,
        source,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::layout::BidiMode;

    fn r(s: &str) -> String {
        s.chars().rev().collect()
    }

    const NOSHAPE: LayoutOptions = LayoutOptions {
        mode: BidiMode::AppNoShape,
        lang: None,
    };

    #[test]
    fn right_to_left_context_reads_from_the_right() {
        let text = "واحد اثنان ثلاثة أربعة خمسة ستة سبعة";
        let at = text.find("خمسة").unwrap();
        let s = snippet(text, at..at + "خمسة".len(), 19, &NOSHAPE);
        // Cut text on the left is the paragraph's end, on the right its
        // start; whole words only, right-aligned.
        assert_eq!(s.text(), format!("   …{}…", r("أربعة خمسة ستة")));
        assert_eq!(s.width, 19);
        let marked: Vec<&str> = s
            .segments
            .iter()
            .filter(|g| g.mark == Some(true))
            .map(|g| g.text.as_str())
            .collect();
        assert_eq!(marked, [r("خمسة")]);
        assert_eq!(&text[s.source], "أربعة خمسة ستة");
    }

    #[test]
    fn short_right_to_left_snippets_are_right_aligned() {
        let s = snippet("عالم", 0..2, 10, &NOSHAPE);
        assert_eq!(s.text(), format!("      {}", r("عالم")));
        assert_eq!(s.width, 10);
    }

    #[test]
    fn context_starts_and_ends_on_word_boundaries() {
        let text =
            "In 2023 the secretariats met in Lyon and agreed on 2024 plans for 2025 and after";
        let at = text.find("met").unwrap();
        for width in 8..text.len() {
            let s = snippet(text, at..at + 3, width, &LayoutOptions::default());
            let shown = &text[s.source.clone()];
            let starts = s.source.start == 0 || text[..s.source.start].ends_with(' ');
            let ends = s.source.end == text.len() || text[s.source.end..].starts_with(' ');
            assert!(starts && ends, "width {width}: «{shown}» cuts a word");
            assert!(shown.contains("met"), "width {width}: «{shown}»");
            assert!(s.width <= width);
        }
    }

    #[test]
    fn context_stays_in_the_range_paragraph() {
        let text = "first line\nsecond line";
        let at = text.find("line\n").unwrap();
        let s = snippet(text, at..at + 4, 40, &LayoutOptions::default());
        assert_eq!(s.text(), "first line");
        let at = text.rfind("line").unwrap();
        let s = snippet(text, at..at + 4, 40, &LayoutOptions::default());
        assert_eq!(s.text(), "second line");
    }
}
