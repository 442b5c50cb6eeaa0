//! Terminal cell widths, measured the way ratatui draws: grapheme by
//! grapheme. (A whole-string width undercounts lam followed by alef, which
//! unicode-width treats as one ligature cell while the terminal draws two.)

use unicode_segmentation::UnicodeSegmentation;
use unicode_width::UnicodeWidthStr;

/// Cells taken by `s` once drawn.
pub fn width(s: &str) -> usize {
    s.graphemes(true).map(UnicodeWidthStr::width).sum()
}

/// The longest prefix of `s` that fits in `max` cells, with an ellipsis when
/// something was cut.
pub fn truncate(s: &str, max: usize) -> std::borrow::Cow<'_, str> {
    if width(s) <= max {
        return s.into();
    }
    if max == 0 {
        return "".into();
    }
    let mut out = String::new();
    let mut used = 0;
    for g in s.graphemes(true) {
        let w = g.width();
        if used + w > max - 1 {
            break;
        }
        used += w;
        out.push_str(g);
    }
    out.push('…');
    out.into()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn diacritics_take_no_cell() {
        assert_eq!(width("العامّان"), 7);
        assert_eq!(width("مُحَمَّد"), 4);
    }

    #[test]
    fn lam_alef_counts_two_cells() {
        assert_eq!(width("لا"), 2);
        assert_eq!(width("السلام"), 6);
    }

    #[test]
    fn truncation_fits() {
        assert_eq!(truncate("abcdef", 4), "abc…");
        assert_eq!(truncate("abc", 4), "abc");
        assert_eq!(width(&truncate("الأمم المتحدة والإنتربول", 10)), 10);
    }
}
