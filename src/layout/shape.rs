//! Arabic shaping for terminals that draw code points one by one: each
//! letter becomes its contextual presentation form (isolated, initial,
//! medial, final) and lam followed by alef becomes one ligature, through the
//! ar-reshaper crate. Diacritics are kept. Every shaped character keeps the
//! byte range of the original text it stands for, so highlights still land
//! on the right cells.

use ar_reshaper::config::LigaturesFlags;
use ar_reshaper::prelude::LigatureNames;
use ar_reshaper::{ArabicReshaper, Language, ReshaperConfig};
use std::collections::VecDeque;
use std::ops::Range;
use std::sync::LazyLock;
use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::is_combining_mark;

/// A shaped character and the original bytes it stands for.
pub type Shaped = (char, Range<usize>);

static RESHAPER: LazyLock<ArabicReshaper> = LazyLock::new(|| {
    let mut config = ReshaperConfig::new(Language::Arabic, LigaturesFlags::none());
    // The default deletes harakat; analysts read vocalized text.
    config.delete_harakat = false;
    // Only lam-alef: the crate's other default, the Allah ligature, also
    // fires inside longer words (اللهجة) and draws four letters in one cell.
    for name in [
        LigatureNames::ARABIC_LIGATURE_LAM_WITH_ALEF,
        LigatureNames::ARABIC_LIGATURE_LAM_WITH_ALEF_WITH_HAMZA_ABOVE,
        LigatureNames::ARABIC_LIGATURE_LAM_WITH_ALEF_WITH_HAMZA_BELOW,
        LigatureNames::ARABIC_LIGATURE_LAM_WITH_ALEF_WITH_MADDA_ABOVE,
    ] {
        config.update_ligature(name, true);
    }
    config.to_reshaper()
});

/// A letter the reshaper gives forms to. ZWJ is in its table too, but the
/// crate drops it from its output while still counting it when it places
/// ligatures (which can index out of bounds): ZWJ ends a run instead.
fn is_letter(c: char) -> bool {
    c != '\u{200D}' && RESHAPER.need_reshape(c.encode_utf8(&mut [0; 4]))
}

/// Shapes `text`; byte ranges are offsets into `text` plus `offset`.
pub fn shape(text: &str, offset: usize) -> Vec<Shaped> {
    let mut out = Vec::with_capacity(text.len() / 2);
    let mut chars = text.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        if !is_letter(c) {
            out.push((c, offset + i..offset + i + c.len_utf8()));
            continue;
        }
        // A run starts with a letter (the crate panics on a leading mark)
        // and holds letters and their marks: joining never crosses anything
        // else.
        let mut end = i + c.len_utf8();
        while let Some(&(j, n)) = chars.peek() {
            if !(is_letter(n) || is_combining_mark(n)) {
                break;
            }
            end = j + n.len_utf8();
            chars.next();
        }
        let run = &text[i..end];
        let input: Vec<Shaped> = run
            .char_indices()
            .map(|(j, c)| (c, offset + i + j..offset + i + j + c.len_utf8()))
            .collect();
        match align(&input, &RESHAPER.reshape(run)) {
            Some(shaped) => out.extend(shaped),
            None => out.extend(input),
        }
    }
    out
}

/// Maps the reshaper's output for a run back onto the run's characters.
/// The crate keeps letters in order (a ligature replaces several) and puts
/// each mark after the letter it followed, so marks come out in input
/// order. Anything unexpected gives `None`: the run is then left unshaped
/// rather than mislabelled.
fn align(input: &[Shaped], output: &str) -> Option<Vec<Shaped>> {
    let (marks, letters): (Vec<&Shaped>, Vec<&Shaped>) =
        input.iter().partition(|(c, _)| is_combining_mark(*c));
    let mut marks = VecDeque::from(marks);
    let mut letters = VecDeque::from(letters);
    let mut out = Vec::with_capacity(input.len());
    for c in output.chars() {
        if is_combining_mark(c) {
            let (m, range) = marks.pop_front()?;
            if *m != c {
                return None;
            }
            out.push((c, range.clone()));
            continue;
        }
        // A presentation form decomposes (NFKC) to the letters it draws.
        let plain: String = c.nfkc().collect();
        let mut from = String::new();
        let mut range: Option<Range<usize>> = None;
        for _ in 0..plain.chars().count() {
            let (l, r) = letters.pop_front()?;
            from.push(*l);
            range = Some(range.map_or(r.clone(), |a| a.start..r.end));
        }
        if from.nfkc().ne(plain.chars()) {
            return None;
        }
        out.push((c, range?));
    }
    (marks.is_empty() && letters.is_empty()).then_some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(s: &[Shaped]) -> String {
        s.iter().map(|(c, _)| c).collect()
    }

    #[test]
    fn letters_take_their_joining_forms() {
        // بيت: initial beh, medial yeh, final teh.
        assert_eq!(text(&shape("بيت", 0)), "\u{FE91}\u{FEF4}\u{FE96}");
        // Latin and digits pass through.
        assert_eq!(text(&shape("a 1", 0)), "a 1");
    }

    #[test]
    fn lam_alef_becomes_one_ligature_covering_both_letters() {
        let s = shape("السلام", 10);
        // alef, initial lam, medial seen, final lam-alef, final meem.
        assert_eq!(text(&s), "\u{FE8D}\u{FEDF}\u{FEB4}\u{FEFC}\u{FEE1}");
        // The ligature stands for lam (bytes 6..8) and alef (8..10).
        assert_eq!(s[3].1, 16..20);
        assert_eq!(s[4].1, 20..22);
    }

    #[test]
    fn diacritics_are_kept_and_mapped() {
        let src = "مُحَمَّد";
        let s = shape(src, 0);
        assert_eq!(s.len(), src.chars().count());
        for (c, r) in &s {
            if is_combining_mark(*c) {
                assert_eq!(&src[r.clone()], c.to_string());
            }
        }
        // A mark between lam and alef stays, after the ligature.
        let s = shape("لَا", 0);
        assert_eq!(text(&s), "\u{FEFB}\u{064E}");
        assert_eq!(s[0].1, 0..6);
        assert_eq!(s[1].1, 2..4);
    }

    #[test]
    fn allah_is_not_one_glyph_and_words_containing_it_stay_intact() {
        assert_eq!(shape("الله", 0).len(), 4);
        assert_eq!(shape("اللهجة", 0).len(), 6);
    }

    #[test]
    fn odd_input_never_panics() {
        for s in [
            "\u{064E}ب",
            "ب\u{200D}لا",
            "لا\u{200D}",
            "\u{0640}لا",
            "ب\u{0654}\u{0655}",
        ] {
            let shaped = shape(s, 0);
            let covered: usize = shaped.iter().map(|(_, r)| r.len()).sum();
            assert_eq!(covered, s.len(), "{s:?}");
        }
    }
}
