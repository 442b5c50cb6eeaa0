//! Seed paragraphs laid out at width 60 against hand-checked visual lines
//! in tests/fixtures/bidi/`p<passage>-<mode>.txt`. Each fixture line is
//! what an LTR-only terminal should receive: padding, then the line's
//! graphemes right to left, digit runs left to right, brackets mirrored.
//! (Checked by hand once, and against GNU FriBidi, which differs only in
//! leaving the hamza ء unshaped.)

use coopdash::layout::{BidiMode, LayoutOptions, VisualLine, layout};
use coopdash::workspace::seeds::split_passages;

const WIDTH: usize = 60;

#[test]
fn seed_paragraphs_match_their_fixtures() {
    let root = crate::support::root();
    let seed = std::fs::read_to_string(root.join("seeds/000_18db5c9e3ffd8243.txt")).expect("seed");
    let passages = split_passages(&seed);
    let mut checked = 0;
    for entry in std::fs::read_dir(root.join("tests/fixtures/bidi")).expect("fixtures") {
        let path = entry.expect("entry").path();
        let name = path.file_stem().and_then(|s| s.to_str()).expect("name");
        let (n, mode) = name.split_once('-').expect("p<n>-<mode>");
        let n: usize = n.trim_start_matches('p').parse().expect("passage number");
        let mode: BidiMode = mode.parse().expect("mode");
        let want = std::fs::read_to_string(&path).expect("fixture");
        let opts = LayoutOptions {
            mode,
            lang: Some("ar"),
        };
        let got: Vec<String> = layout::<()>(&passages[n - 1].text, &[], WIDTH, &opts)
            .iter()
            .map(VisualLine::text)
            .collect();
        assert_eq!(got, want.lines().collect::<Vec<_>>(), "{name}");
        checked += 1;
    }
    assert!(checked >= 4, "only {checked} fixtures");
}
