//! Unicode's bidi conformance data (BidiCharacterTest.txt) against the
//! layout's line reordering: every case's paragraph level, resolved levels
//! (after rule L1) and visual order.

use coopdash::layout::Direction;
use coopdash::layout::bidi::Paragraph;
use std::path::Path;

/// Where Debian's `unicode-data` package installs it.
const DATA: &str = "/usr/share/unicode/BidiCharacterTest.txt";

struct Case {
    text: String,
    base: Option<Direction>,
    level: u8,
    /// Per character; `None` for characters removed by rule X9.
    levels: Vec<Option<u8>>,
    order: Vec<usize>,
}

fn parse(line: &str) -> Case {
    let f: Vec<&str> = line.split(';').collect();
    assert_eq!(f.len(), 5, "bad line {line:?}");
    let text = f[0]
        .split_whitespace()
        .map(|h| char::from_u32(u32::from_str_radix(h, 16).expect("hex")).expect("char"))
        .collect();
    let base = match f[1] {
        "0" => Some(Direction::Ltr),
        "1" => Some(Direction::Rtl),
        _ => None,
    };
    Case {
        text,
        base,
        level: f[2].parse().expect("level"),
        levels: f[3].split_whitespace().map(|l| l.parse().ok()).collect(),
        order: f[4]
            .split_whitespace()
            .map(|i| i.parse().expect("index"))
            .collect(),
    }
}

/// Why a case fails, or `None` when it passes.
fn check(case: &Case) -> Option<String> {
    let p = Paragraph::new(&case.text, case.base);
    let rtl = p.direction() == Direction::Rtl;
    if u8::from(rtl) != case.level {
        return Some(format!("paragraph level {} expected", case.level));
    }
    let starts: Vec<usize> = case.text.char_indices().map(|(i, _)| i).collect();
    let r = p.reorder(0..case.text.len(), &starts);
    let levels: Vec<Option<u8>> = r
        .levels
        .iter()
        .zip(&case.levels)
        .map(|(got, want)| want.and(Some(got.number())))
        .collect();
    if levels != case.levels {
        return Some(format!("levels {levels:?}"));
    }
    // The data leaves out characters removed by rule X9.
    let order: Vec<usize> = r
        .order
        .into_iter()
        .filter(|&i| case.levels[i].is_some())
        .collect();
    (order != case.order).then(|| format!("order {order:?}"))
}

#[test]
fn every_bidi_character_test_case_passes() {
    let Ok(data) = std::fs::read_to_string(Path::new(DATA)) else {
        // CI installs the data; elsewhere it is optional.
        assert!(
            std::env::var_os("CI").is_none(),
            "{DATA} is missing in CI: install unicode-data"
        );
        println!("skipped: {DATA} not found; install unicode-data (apt-get install unicode-data)");
        return;
    };
    let mut passed = 0;
    let mut failed = Vec::new();
    for (n, line) in data.lines().enumerate() {
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        match check(&parse(line)) {
            None => passed += 1,
            Some(why) => failed.push(format!("line {}: {line}\n  got {why}", n + 1)),
        }
    }
    println!(
        "BidiCharacterTest: {passed} passed, {} failed",
        failed.len()
    );
    assert!(passed > 90_000, "only {passed} cases read from {DATA}");
    assert!(
        failed.is_empty(),
        "{} of {} cases failed; first ones:\n{}",
        failed.len(),
        passed + failed.len(),
        failed[..failed.len().min(10)].join("\n")
    );
}
