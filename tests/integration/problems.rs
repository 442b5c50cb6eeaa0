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
fn only_a_fatal_problem_keeps_the_dashboard_from_opening() {
    let dir = crate::support::root().join("tests/fixtures/problems/syntax");
    // No terminal is needed: the workspace is read before the screen opens.
    let out = crate::support::coopdash()
        .arg("--workspace")
        .arg(&dir)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(stderr.contains("YAML syntax error"), "{stderr}");
    assert!(out.stdout.is_empty(), "nothing may be drawn");
}

/// Every problem that concerns one item opens the workspace: the item is
/// left out or marked broken, the rest is there, and `check` still fails.
#[test]
fn every_item_problem_opens_the_workspace() {
    let fixtures = crate::support::root().join("tests/fixtures/problems");
    for kind in [
        "bad-values",
        "cycle",
        "duplicate-id",
        "encoding",
        "missing-field",
        "quote-ambiguous",
        "quote-not-found",
        "unknown-field",
        "unknown-ref",
        "unreadable",
        "wrong-type",
    ] {
        let dir = fixtures.join(kind);
        let opened = coopdash::workspace::open(&dir);
        let loaded = opened.unwrap_or_else(|e| panic!("{kind}: {e}: {:?}", e.problems));
        assert!(
            !loaded.problems.is_empty(),
            "{kind}: its problems are listed"
        );
        assert!(
            coopdash::workspace::load(&dir).is_err(),
            "{kind}: check still fails"
        );
        // The notes commands work on it.
        let out = crate::support::coopdash()
            .args(["note", "list", "-w"])
            .arg(&dir)
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(0), "{kind}: {out:?}");
        let stderr = String::from_utf8(out.stderr).unwrap();
        assert!(stderr.contains("run coopdash check"), "{kind}: {stderr}");
    }
}

#[test]
fn a_quote_not_found_is_a_broken_link_of_its_theme() {
    let dir = crate::support::root().join("tests/fixtures/problems/quote-not-found");
    let loaded = coopdash::workspace::open(&dir).unwrap();
    let broken: Vec<_> = loaded.ws.themes.iter().flat_map(|t| &t.broken).collect();
    assert_eq!(broken.len(), 1, "{broken:?}");
    assert!(broken[0].why.contains("is not found"), "{:?}", broken[0]);
}

#[test]
fn notes_work_even_on_a_fatal_problem() {
    let dir = tempfile::tempdir().unwrap();
    crate::support::copy_seed_to(dir.path());
    std::fs::write(
        dir.path().join("themes.yaml"),
        "themes: [
",
    )
    .unwrap();
    let add = crate::support::coopdash()
        .args([
            "note",
            "add",
            "cybercrime",
            "kept whatever themes.yaml says",
            "-w",
        ])
        .arg(dir.path())
        .output()
        .unwrap();
    let list = crate::support::coopdash()
        .args(["note", "list", "-w"])
        .arg(dir.path())
        .output()
        .unwrap();
    let stdout = String::from_utf8(list.stdout).unwrap();
    assert!(
        stdout.contains("kept whatever themes.yaml says"),
        "add: {add:?}\nlist: {stdout}"
    );
}

#[test]
fn an_export_with_problems_says_what_it_left_out_and_fails_unless_allowed() {
    let dir = crate::support::root().join("tests/fixtures/problems/quote-not-found");
    let run = |extra: &[&str]| {
        crate::support::coopdash()
            .args(["export", "-f", "json", "-w"])
            .arg(&dir)
            .args(extra)
            .output()
            .unwrap()
    };
    let strict = run(&[]);
    assert_eq!(strict.status.code(), Some(1));
    assert!(!strict.stdout.is_empty(), "what is sound is written");
    let stderr = String::from_utf8(strict.stderr).unwrap();
    assert!(
        stderr.contains("left out:") && stderr.contains("--allow-problems"),
        "{stderr}"
    );
    assert_eq!(run(&["--allow-problems"]).status.code(), Some(0));
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

#[test]
fn search_opens_despite_problems_and_writes_no_cache_for_them() {
    let dir = tempfile::tempdir().unwrap();
    let fixture = crate::support::root().join("tests/fixtures/problems/quote-not-found");
    std::fs::create_dir(dir.path().join("seeds")).unwrap();
    std::fs::copy(fixture.join("themes.yaml"), dir.path().join("themes.yaml")).unwrap();
    std::fs::copy(
        fixture.join("seeds/report.txt"),
        dir.path().join("seeds/report.txt"),
    )
    .unwrap();
    let out = crate::support::coopdash()
        .args(["search", "corruption", "-w"])
        .arg(dir.path())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(
        stderr.contains("1 problem") && stderr.contains("run coopdash check"),
        "{stderr}"
    );
    assert!(
        String::from_utf8(out.stdout)
            .unwrap()
            .contains("Corruption")
    );
    // A cached load could not say what was left out: none is written.
    assert!(!dir.path().join(".coopdash/search-cache.bin").exists());
}

/// Every kind of item problem opens the dashboard itself: the header says
/// how many, `!` lists each at its `file:line:col`, and an item still shown
/// that a problem concerns is marked `!` in its pane and says so in
/// Details.
#[test]
fn every_item_problem_opens_the_dashboard_with_the_item_marked() {
    use crate::support::ui::Dash;
    use ratatui::crossterm::event::KeyCode;
    let fixtures = crate::support::root().join("tests/fixtures/problems");
    // Kind, and the theme or partner body shown marked (by its row text).
    let cases: &[(&str, Option<(char, &str)>)] = &[
        ("bad-values", None),
        ("cycle", Some(('3', "Alpha"))),
        ("duplicate-id", Some(('1', "Cyber"))),
        ("encoding", None),
        ("missing-field", None),
        ("quote-ambiguous", Some(('1', "Cybercrime"))),
        ("quote-not-found", Some(('1', "Cybercrime"))),
        ("unknown-field", None),
        ("unknown-ref", Some(('1', "Cybercrime"))),
        ("unreadable", None),
        ("wrong-type", None),
    ];
    for &(kind, marked) in cases {
        let dir = fixtures.join(kind);
        let loaded = coopdash::workspace::open(&dir).unwrap();
        let problems = loaded.problems.clone();
        let mut dash = Dash::new(loaded.ws, 160, 50, true).with_problems(problems.clone());
        let screen = dash.screen();
        assert!(
            screen
                .contains("in the workspace: the items they concern are left out or marked broken"),
            "{kind}: {screen}"
        );
        if let Some((pane, label)) = marked {
            dash.press(KeyCode::Char(pane));
            let row = (0..50)
                .map(|y| dash.row(y))
                .find(|r| r.contains(&format!("▶ {label} ")))
                .unwrap_or_else(|| panic!("{kind}: no selected row {label}: {}", dash.screen()));
            assert!(row.contains(" ! "), "{kind}: {label} is not marked: {row}");
            assert!(
                dash.screen().contains("— ! lists them"),
                "{kind}: {}",
                dash.screen()
            );
        }
        dash.press(KeyCode::Char('!'));
        let listed = dash.screen();
        for p in &problems {
            let file = p
                .file
                .strip_prefix(&dir)
                .unwrap_or(&p.file)
                .display()
                .to_string();
            let at = match p.pos {
                Some(pos) => format!("{file}:{}:{}", pos.line, pos.column),
                None => file,
            };
            assert!(listed.contains(&at), "{kind}: {at} not listed:\n{listed}");
        }
    }
}
