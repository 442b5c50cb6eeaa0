//! Layout properties over every paragraph of the seed, at several widths,
//! in every mode.

use coopdash::layout::bidi::{self, Paragraph, visual_order};
use coopdash::layout::{BidiMode, Direction, LayoutOptions, Mark, VisualLine, layout};
use coopdash::text::width::width;
use coopdash::workspace::seeds::split_passages;
use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::is_combining_mark;
use unicode_segmentation::UnicodeSegmentation;

const WIDTHS: [usize; 5] = [20, 33, 40, 60, 80];
/// The seed's language, from themes.yaml.
const LANG: Option<&str> = Some("ar");

/// The seed's paragraphs (UAX #9 sense: passages split at line breaks).
fn paragraphs() -> Vec<String> {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/seeds/000_18db5c9e3ffd8243.txt"
    );
    let text = std::fs::read_to_string(path).expect("seed");
    let out: Vec<String> = split_passages(&text)
        .iter()
        .flat_map(|p| p.text.split('\n').map(str::to_string).collect::<Vec<_>>())
        .collect();
    assert!(out.len() > 15, "seed has {} paragraphs", out.len());
    out
}

fn lines(text: &str, w: usize, mode: BidiMode) -> Vec<VisualLine<()>> {
    layout(text, &[], w, &LayoutOptions { mode, lang: LANG })
}

/// Every paragraph × width × mode.
fn each(mut f: impl FnMut(&str, usize, BidiMode, &[VisualLine<()>])) {
    for p in paragraphs() {
        for w in WIDTHS {
            for mode in BidiMode::ALL {
                f(&p, w, mode, &lines(&p, w, mode));
            }
        }
    }
}

#[test]
fn every_line_fits_and_says_its_width() {
    each(|p, w, mode, lines| {
        for l in lines {
            assert!(l.width <= w, "{mode} w{w}: {:?} in {p}", l.text());
            assert_eq!(l.width, width(&l.text()), "{mode}: {:?}", l.text());
        }
    });
}

#[test]
fn right_to_left_lines_end_at_the_right_edge() {
    each(|p, w, mode, lines| {
        if mode == BidiMode::Terminal {
            return;
        }
        assert_eq!(bidi::direction(p, LANG), Direction::Rtl);
        for l in lines {
            let text = l.text();
            assert_eq!(l.width, w, "{mode} w{w}: {text:?}");
            assert!(!text.ends_with(' '), "{mode} w{w}: {text:?}");
        }
    });
}

#[test]
fn terminal_mode_keeps_logical_order_unpadded() {
    each(|p, _, mode, lines| {
        if mode != BidiMode::Terminal {
            return;
        }
        for l in lines {
            assert_eq!(l.text(), p[l.source.clone()]);
        }
    });
}

#[test]
fn lines_cover_every_word_once_in_order() {
    each(|p, w, mode, lines| {
        let mut at = 0;
        for l in lines {
            assert!(l.source.start >= at, "{mode} w{w}: overlapping lines");
            assert!(
                p[at..l.source.start].trim().is_empty(),
                "{mode} w{w}: skipped text"
            );
            at = l.source.end;
        }
        assert_eq!(at, p.len(), "{mode} w{w}");
    });
}

/// A lam in a form joined to the next letter (initial, medial).
fn joining_lam(c: char) -> bool {
    matches!(c, '\u{FEDF}' | '\u{FEE0}')
}

/// An alef (plain, hamza above or below, madda) in final form.
fn final_alef(c: char) -> bool {
    matches!(c, '\u{FE8E}' | '\u{FE84}' | '\u{FE88}' | '\u{FE82}')
}

#[test]
fn app_mode_shapes_every_letter_and_never_leaves_lam_before_alef() {
    each(|_, w, mode, lines| {
        if mode != BidiMode::App {
            return;
        }
        for l in lines {
            let text = l.text();
            let letters: Vec<char> = text.chars().filter(|c| !is_combining_mark(*c)).collect();
            // Arabic letters (tatweel, U+0640, has no forms).
            let unshaped =
                |c: &char| matches!(c, '\u{0621}'..='\u{063A}' | '\u{0641}'..='\u{064A}');
            assert!(
                !letters.iter().any(unshaped),
                "w{w}: unshaped letter in {text:?}"
            );
            // Visual order is right to left: logical lam + alef would show
            // as a final alef then a joining lam.
            for pair in letters.windows(2) {
                assert!(
                    !(final_alef(pair[0]) && joining_lam(pair[1])),
                    "w{w}: bare lam-alef in {text:?}"
                );
            }
        }
    });
}

#[test]
fn no_line_or_segment_starts_with_a_combining_mark() {
    each(|_, w, mode, lines| {
        for l in lines {
            for s in &l.segments {
                let first = s.text.chars().next();
                assert!(
                    !first.is_some_and(is_combining_mark),
                    "{mode} w{w}: {:?}",
                    l.text()
                );
            }
        }
    });
}

#[test]
fn reordering_a_line_twice_gives_back_the_logical_text() {
    for p in paragraphs() {
        let para = Paragraph::new(&p, Some(bidi::direction(&p, LANG)));
        for w in WIDTHS {
            for l in lines(&p, w, BidiMode::App) {
                let line = &p[l.source.clone()];
                let (starts, items): (Vec<usize>, Vec<&str>) = line
                    .grapheme_indices(true)
                    .map(|(i, g)| (l.source.start + i, g))
                    .unzip();
                let r = para.reorder(l.source.clone(), &starts);
                let visual: Vec<usize> = r.order.clone();
                let levels: Vec<_> = visual.iter().map(|&i| r.levels[i]).collect();
                let back: String = visual_order(&levels)
                    .into_iter()
                    .map(|i| items[visual[i]])
                    .collect();
                assert_eq!(back, line, "w{w}");
                if line.chars().any(|c| c.is_alphabetic()) {
                    assert_ne!(visual, (0..items.len()).collect::<Vec<_>>(), "w{w}: {line}");
                }
            }
        }
    }
}

/// `text` read back in logical order: graphemes reversed, forms unfolded.
fn logical(visual: &str) -> String {
    visual
        .graphemes(true)
        .rev()
        .collect::<String>()
        .nfkc()
        .collect()
}

#[test]
fn a_mark_on_any_word_lands_on_exactly_that_word() {
    for p in paragraphs() {
        for (at, word) in p.split_word_bound_indices() {
            let arabic = word.chars().all(|c| ('\u{0621}'..='\u{065F}').contains(&c));
            let digits = word.chars().all(|c| c.is_ascii_digit());
            if !(arabic || digits) {
                continue;
            }
            let marks = [Mark {
                range: at..at + word.len(),
                tag: (),
            }];
            for w in WIDTHS {
                let opts = LayoutOptions {
                    mode: BidiMode::App,
                    lang: LANG,
                };
                let marked: Vec<String> = layout(&p, &marks, w, &opts)
                    .iter()
                    .flat_map(|l| l.segments.iter().filter(|s| s.mark.is_some()))
                    .map(|s| s.text.clone())
                    .collect();
                let want = if digits {
                    word.to_string()
                } else {
                    word.nfkc().collect()
                };
                let got = if digits {
                    marked.concat()
                } else {
                    logical(&marked.concat())
                };
                assert_eq!(marked.len(), 1, "w{w}: {word} → {marked:?}");
                assert_eq!(got, want, "w{w}: {word}");
            }
        }
    }
}
