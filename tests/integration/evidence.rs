//! The evidence check: a theme's link (curated or an analyst's) whose
//! passage names none of the theme's names and keywords is a warning — in
//! `coopdash check` at the link's `quote:`, in the workspace for a problems
//! list, in the Details pane, and after `note add --link` — never an error,
//! never a refused save. Each case on a small workspace of its own.

use crate::support::notes::{Fixture, ok_line, stderr, stdout};
use crate::support::ui::Dash;
use coopdash::notes::SharedNotes;
use coopdash::workspace::{self, Severity};
use ratatui::crossterm::event::KeyCode;
use std::path::Path;
use std::process::Output;

/// A workspace of one theme with one link to ¶2 of `report.txt`.
fn workspace(name: &str, keywords: &str, quote: &str, passage: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("seeds")).unwrap();
    let themes = format!(
        "\
themes:
  - id: theme
    name: {name}
    keywords: [{keywords}]
    links:
      - source: report
        quote: {quote}
"
    );
    std::fs::write(dir.path().join("themes.yaml"), themes).unwrap();
    let report = format!("تقرير الاجتماع\n\n{passage}\n");
    std::fs::write(dir.path().join("seeds/report.txt"), report).unwrap();
    dir
}

/// What `check` printed on stderr, the workspace's path taken out.
fn check(dir: &Path, strict: bool) -> (Output, String) {
    let mut cmd = crate::support::coopdash();
    cmd.arg("--workspace").arg(dir).arg("check");
    if strict {
        cmd.arg("--strict");
    }
    let out = cmd.output().unwrap();
    let err = stderr(&out).replace(&format!("{}/", dir.display()), "");
    (out, err)
}

const WARNING: &str = "themes.yaml:7:16: warning: link of theme `theme` to report:2 mentions \
     none of its names or keywords — quote words that name the theme, or add the keyword the \
     passage uses\n";

#[test]
fn a_link_whose_passage_names_no_theme_word_is_a_warning_at_its_quote() {
    // «الأمني» holds «الأمن» inside a longer word: not a mention.
    let dir = workspace(
        "{en: Security, ar: الأمن}",
        "security",
        "تعاون وثيق",
        "تعاون وثيق في المجال الأمني بين المنظمتين.",
    );
    let ws = workspace::load(dir.path()).expect("a warning does not stop the load");
    assert_eq!(ws.warnings.len(), 1);
    assert_eq!(ws.warnings[0].severity, Severity::Warning);
    assert_eq!(ws.themes[0].links.len(), 1, "the link stays");

    let (out, err) = check(dir.path(), false);
    assert_eq!(out.status.code(), Some(0), "{err}");
    assert_eq!(err, WARNING);
    assert!(
        stdout(&out).ends_with(
            ", 1 link, 0 partner bodies and programmes, 0 mentions, 0 events, 1 warning\n"
        ),
        "{}",
        stdout(&out)
    );

    let (out, err) = check(dir.path(), true);
    assert_eq!(out.status.code(), Some(1), "--strict fails on warnings");
    assert!(err.starts_with(WARNING), "{err}");
    assert!(err.contains("1 warning in workspace"), "{err}");
    assert!(err.contains("--strict"), "{err}");
    assert!(stdout(&out).is_empty(), "{}", stdout(&out));
}

#[test]
fn a_passage_naming_the_theme_through_a_clitic_passes() {
    // والإنتربول: the conjunction و before the name's article.
    let dir = workspace(
        "{en: INTERPOL, ar: الإنتربول}",
        "",
        "تعاون وثيق",
        "تعاون وثيق بين الأمم المتحدة والإنتربول.",
    );
    let ws = workspace::load(dir.path()).unwrap();
    assert!(ws.warnings.is_empty(), "{:?}", ws.warnings);
    let (out, err) = check(dir.path(), true);
    assert_eq!(out.status.code(), Some(0), "{err}");
    assert_eq!(err, "");
    assert!(stdout(&out).ends_with(", 0 warnings\n"), "{}", stdout(&out));

    // ل + ال: the article's alef drops (للإنتربول), and hamza folds away.
    let dir = workspace(
        "{en: INTERPOL, ar: الإنتربول}",
        "",
        "مكتب",
        "افتتح مكتب للانتربول في نيويورك.",
    );
    assert!(workspace::load(dir.path()).unwrap().warnings.is_empty());
}

#[test]
fn a_passage_naming_the_theme_through_a_keyword_passes() {
    let dir = workspace(
        "{en: Cybercrime, ar: الجريمة السيبرية}",
        "الجرائم السيبرانية",
        "تزايدت",
        "تزايدت الجرائم السيبرانية في المنطقة.",
    );
    let ws = workspace::load(dir.path()).unwrap();
    assert!(ws.warnings.is_empty(), "{:?}", ws.warnings);
    let (out, err) = check(dir.path(), true);
    assert_eq!(out.status.code(), Some(0), "{err}");

    // Without the keyword the same link is a warning.
    let dir = workspace(
        "{en: Cybercrime, ar: الجريمة السيبرية}",
        "cyber crime",
        "تزايدت",
        "تزايدت الجرائم السيبرانية في المنطقة.",
    );
    let (out, err) = check(dir.path(), false);
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(err, WARNING);
}

#[test]
fn an_analyst_link_that_names_nothing_is_saved_with_a_warning() {
    // talk:4 names INTERPOL and the UN, not maritime security.
    let f = Fixture::new();
    let out = f.run(
        &[
            "note",
            "add",
            "maritime",
            "--passage",
            "talk:4",
            "--link",
            "why",
        ],
        "",
    );
    let id = ok_line(&out);
    assert!(f.notes().join(format!("{id}.md")).is_file(), "saved anyway");
    let err = stderr(&out);
    assert!(
        err.contains(&format!(
            "{id}.md: warning: link of theme `maritime` to talk:4 mentions none of its names or keywords — quote words that name the theme, or add the keyword the passage uses"
        )),
        "{err}"
    );
    // talk:3 says "maritime security": no warning.
    let out = f.run(
        &[
            "note",
            "add",
            "maritime",
            "--passage",
            "talk:3",
            "--link",
            "ok",
        ],
        "",
    );
    ok_line(&out);
    assert_eq!(stderr(&out), "");

    // The workspace answers for analyst links as for curated ones.
    let ws = f.workspace();
    let maritime = ws.themes.iter().position(|t| t.id == "maritime").unwrap();
    let span = |n: usize| coopdash::model::Span {
        source: 0,
        passage: n - 1,
        range: 0..0,
    };
    assert!(ws.link_warning(maritime, &span(4)).is_some());
    assert!(ws.link_warning(maritime, &span(3)).is_none());

    // The Details pane shows the warning on the unsupported link only.
    let notes = SharedNotes::open(&f.notes()).unwrap();
    let mut s = Dash::new(ws, 100, 30, true).with_notes(&notes);
    s.press(KeyCode::Char('j'));
    s.press(KeyCode::Enter);
    let mut seen = Vec::new();
    for _ in 0..2 {
        let screen = s.screen();
        let passage = s.passage().unwrap().passage + 1;
        seen.push((passage, screen.contains("⚠ warning: link of theme")));
        s.press(KeyCode::Char('j'));
    }
    seen.sort();
    assert_eq!(seen, [(3, false), (4, true)]);
}
