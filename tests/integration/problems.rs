//! Every kind of workspace problem, one fixture each under
//! tests/fixtures/problems/NAME/, with its exact messages, lines and columns
//! in NAME/expected.txt (paths relative to the fixture).

use coopdash::workspace;
use std::path::Path;

fn problems_of(dir: &Path) -> String {
    let err = workspace::load(dir).expect_err("fixture must have problems");
    let prefix = format!("{}/", dir.display());
    err.problems
        .iter()
        .map(|p| format!("{p}\n").replacen(&prefix, "", 1))
        .collect()
}

#[test]
fn each_fixture_reports_exactly_its_problems() {
    let root = crate::support::root().join("tests/fixtures/problems");
    let mut dirs: Vec<_> = std::fs::read_dir(&root)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    dirs.sort();
    assert!(dirs.len() >= 15, "fixtures missing: {dirs:?}");
    for dir in dirs {
        let expected = std::fs::read_to_string(dir.join("expected.txt")).unwrap();
        assert_eq!(problems_of(&dir), expected, "fixture {}", dir.display());
    }
}

#[test]
fn every_problem_but_the_missing_files_has_a_position() {
    let root = crate::support::root().join("tests/fixtures/problems");
    for name in [
        "syntax",
        "unknown-field",
        "missing-field",
        "duplicate-id",
        "unknown-ref",
        "cycle",
        "quote-not-found",
        "quote-ambiguous",
        "bad-values",
        "wrong-type",
        "unknown-section",
        "encoding",
    ] {
        let err = workspace::load(&root.join(name)).unwrap_err();
        for p in &err.problems {
            assert!(p.pos.is_some(), "{name}: {p} has no position");
        }
    }
}

#[test]
fn check_exits_1_and_prints_every_problem() {
    let dir = crate::support::root().join("tests/fixtures/problems/unknown-ref");
    let out = crate::support::coopdash()
        .args(["check", "--workspace"])
        .arg(&dir)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert_eq!(stderr.lines().count(), 4, "{stderr}");
    assert!(
        stderr.contains(
            "themes.yaml:4:16: unknown partner body `interpoll` — did you mean `interpol`?"
        ),
        "{stderr}"
    );
    let tail = format!("3 problems in workspace {}\n", dir.display());
    assert!(stderr.ends_with(&tail), "{stderr}");
}

#[test]
fn the_dashboard_refuses_an_invalid_workspace_with_the_same_messages() {
    let dir = crate::support::root().join("tests/fixtures/problems/cycle");
    // No terminal is needed: the workspace is checked before the screen opens.
    let out = crate::support::coopdash()
        .arg("--workspace")
        .arg(&dir)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(
        stderr.contains("themes.yaml:5:14: part_of goes round in a circle: a → c → b → a"),
        "{stderr}"
    );
    assert!(out.stdout.is_empty(), "nothing may be drawn");
}

#[test]
fn control_characters_in_yaml_values_never_reach_error_output() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("seeds")).unwrap();
    std::fs::write(dir.path().join("seeds/a.txt"), "Title\n\nText.\n").unwrap();
    std::fs::write(
        dir.path().join("themes.yaml"),
        "themes:\n  - id: \"x\\e]0;pwned\\a\\e[2J\"\n    name: X\n    entities: [\"\\e[31mred\"]\n",
    )
    .unwrap();
    let out = crate::support::coopdash()
        .arg("check")
        .arg("-w")
        .arg(dir.path())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(
        !stderr.contains('\u{1b}') && !stderr.contains('\u{7}'),
        "{stderr:?}"
    );
    assert!(stderr.contains("␛[31mred"), "{stderr}");
}
