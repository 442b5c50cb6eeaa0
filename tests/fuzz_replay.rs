//! Every input the fuzzers ever saved, run once through the same checks as
//! the fuzz targets (`coopdash::fuzzing`), on stable Rust: the committed
//! corpora in fuzz/corpus/TARGET and the crash inputs in
//! fuzz/artifacts/TARGET (each crash found was fixed and stays fixed).
//! `fuzz/replay.sh` runs just this file.

use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::Path;

fn replay(target: &str, check: fn(&[u8])) {
    let fuzz = Path::new(env!("CARGO_MANIFEST_DIR")).join("fuzz");
    let mut files = Vec::new();
    for dir in ["corpus", "artifacts"] {
        if let Ok(entries) = std::fs::read_dir(fuzz.join(dir).join(target)) {
            files.extend(entries.map(|e| e.unwrap().path()));
        }
    }
    files.sort();
    let seeds = files
        .iter()
        .filter(|f| {
            f.file_name()
                .is_some_and(|n| n.to_string_lossy().starts_with("seed-"))
        })
        .count();
    assert!(seeds > 0, "{target}: the seed corpus is missing");
    let mut failed = Vec::new();
    for file in &files {
        let data = std::fs::read(file).unwrap();
        if catch_unwind(AssertUnwindSafe(|| check(&data))).is_err() {
            failed.push(file.display().to_string());
        }
    }
    assert!(
        failed.is_empty(),
        "{target}: {} of {} saved inputs fail: {failed:#?}",
        failed.len(),
        files.len()
    );
}

#[test]
fn text_corpus() {
    replay("text", coopdash::fuzzing::text);
}

#[test]
fn note_corpus() {
    replay("note", coopdash::fuzzing::note);
}

#[test]
fn input_corpus() {
    replay("input", coopdash::fuzzing::input);
}

#[test]
fn workspace_corpus() {
    replay("workspace", coopdash::fuzzing::workspace);
}

#[test]
fn cache_corpus() {
    replay("cache", coopdash::fuzzing::cache);
}

#[test]
fn links_corpus() {
    replay("links", coopdash::fuzzing::links);
}
