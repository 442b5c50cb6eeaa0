//! The real binary in a real terminal (tmux, 80x24). Needs `tmux`; skipped
//! with a message when it is missing (never in CI, which installs it).

use crate::support::tmux::{Tmux, WAIT};
use crate::support::{bin, require_tool, root as repo, seed_copy as workspace_copy};

fn in_repo(cmd: &str) -> String {
    format!("cd '{}' && {cmd}", repo().display())
}

/// The row of the Themes pane (the left 32 columns) holding `text`; fails,
/// showing the screen, when no row does.
fn line_with(screen: &str, text: &str) -> String {
    themes_row(screen, text).unwrap_or_else(|| panic!("no row holds {text:?}:\n{screen}"))
}

/// The row of the Themes pane holding `text`, if one does.
fn themes_row(screen: &str, text: &str) -> Option<String> {
    screen
        .lines()
        .map(|l| l.chars().take(32).collect::<String>())
        .find(|l| l.contains(text))
}

#[test]
fn dashboard_shows_the_five_areas_moves_and_quits_cleanly() {
    if !require_tool("tmux") {
        return;
    }
    let t = Tmux::start(80, 24, &in_repo(bin()));
    let screen = t.wait_text("Maritime security");
    for area in [
        "Cybercrime",
        "Emerging technology",
        "Financial crime",
        "Global health",
        "Maritime security",
    ] {
        assert!(screen.contains(area), "{area} missing:\n{screen}");
    }
    assert!(line_with(&screen, "Cybercrime").contains('▶'), "{screen}");
    assert_eq!(
        t.format("#{alternate_on}"),
        "1",
        "the dashboard uses the alternate screen"
    );

    t.keys(&["j"]);
    // Polled while the screen is being redrawn: a missing row is not
    // yet a failure here.
    let screen = t.wait_for("selection to move", WAIT, |s| {
        themes_row(s, "Emerging technology").is_some_and(|l| l.contains('▶'))
    });
    assert!(!line_with(&screen, "Cybercrime").contains('▶'));

    // Into the passages, the reader, and back.
    t.keys(&["Enter", "Enter"]);
    // The status bar names the mark the reader opened at.
    t.wait_text("curated link · Emerging technology");
    t.keys(&["Escape"]);
    t.wait_text("2 Passages · Emerging technology");

    t.keys(&["q"]);
    t.wait_text("EXIT=0");
    assert_eq!(t.format("#{alternate_on}"), "0", "alternate screen left");
    assert_eq!(t.format("#{cursor_flag}"), "1", "cursor shown again");
}

#[test]
fn a_workspace_with_problems_opens_and_lists_them() {
    if !require_tool("tmux") {
        return;
    }
    let fixture = repo().join("tests/fixtures/problems/unknown-ref");
    let t = Tmux::start(
        200,
        24,
        &format!("{} --workspace '{}'", bin(), fixture.display()),
    );
    t.wait_text("problems in the workspace");
    t.keys(&["!"]);
    let screen = t.wait_text("Problems ·");
    assert!(
        screen.contains("unknown partner body `interpoll`"),
        "{screen}"
    );
    t.keys(&["Escape"]);
    t.wait_for("the list to close", WAIT, |s| !s.contains("Problems ·"));
    t.keys(&["q"]);
    t.wait_text("EXIT=0");
    assert_eq!(t.format("#{alternate_on}"), "0");
}

#[test]
fn a_fatal_problem_prints_its_errors_and_exits_1() {
    if !require_tool("tmux") {
        return;
    }
    let fixture = repo().join("tests/fixtures/problems/syntax");
    let t = Tmux::start(
        200,
        24,
        &format!("{} --workspace '{}'", bin(), fixture.display()),
    );
    let screen = t.wait_text("EXIT=1");
    assert!(screen.contains("YAML syntax error"), "{screen}");
    assert_eq!(t.format("#{alternate_on}"), "0");
}

#[test]
fn sigterm_and_sighup_restore_the_terminal() {
    if !require_tool("tmux") {
        return;
    }
    for signal in ["TERM", "HUP"] {
        let dir = tempfile::tempdir().unwrap();
        let pidfile = dir.path().join("pid");
        let cmd = format!("sh -c 'echo $$ > {}; exec {}'", pidfile.display(), bin());
        let t = Tmux::start(80, 24, &in_repo(&cmd));
        t.wait_text("Maritime security");
        assert_eq!(t.format("#{mouse_any_flag}"), "1", "mouse on by default");
        let pid = std::fs::read_to_string(&pidfile).unwrap();
        let status = std::process::Command::new("kill")
            .arg(format!("-{signal}"))
            .arg(pid.trim())
            .status()
            .unwrap();
        assert!(status.success());
        t.wait_text("EXIT=");
        assert_eq!(
            t.format("#{alternate_on}"),
            "0",
            "SIG{signal}: alternate screen left"
        );
        assert_eq!(t.format("#{cursor_flag}"), "1", "SIG{signal}: cursor shown");
        assert_eq!(t.format("#{mouse_any_flag}"), "0", "SIG{signal}: mouse off");
    }
}

#[test]
fn the_dashboard_follows_a_resize() {
    if !require_tool("tmux") {
        return;
    }
    let t = Tmux::start(80, 24, &in_repo(bin()));
    t.wait_text("Maritime security");
    t.resize(50, 16);
    t.wait_text("1 Themes│2 Passages│3 Bodies│4 Details");
    t.resize(30, 8);
    t.wait_text("Terminal too small");
    t.resize(120, 40);
    t.wait_text("3 Partner bodies and programmes");
}

#[test]
fn the_reader_shows_the_visual_arabic_lines_in_app_mode() {
    use coopdash::layout::{BidiMode, LayoutOptions, layout};
    if !require_tool("tmux") {
        return;
    }
    let t = Tmux::start(80, 24, &in_repo(&format!("{} --bidi app", bin())));
    t.wait_text("Maritime security");
    // Cybercrime → its passages → ¶5 (the second) → reader.
    t.keys(&["Enter", "j", "Enter"]);
    let screen = t.wait_text("┌ un-interpol-2022 · ");
    let ws = coopdash::workspace::load(repo()).unwrap();
    let p5 = &ws.sources[0].passages[4].text;
    let opts = LayoutOptions {
        mode: BidiMode::App,
        lang: Some("ar"),
    };
    let width = 80 - 2 - coopdash::ui::reader::GUTTER;
    for line in layout::<()>(p5, &[], width, &opts) {
        let want = line.text();
        assert!(
            screen.lines().any(|l| l.contains(want.trim_start())),
            "missing {want:?} in\n{screen}"
        );
    }
    // Joined letter forms, and each line right-aligned against the border.
    let first = layout::<()>(p5, &[], width, &opts)[0].text();
    let row = screen
        .lines()
        .find(|l| l.contains(first.trim_start()))
        .unwrap();
    assert!(
        row.ends_with(&format!("{}│", first.trim_start())),
        "{row:?}"
    );
    assert!(
        first
            .chars()
            .any(|c| ('\u{FE70}'..='\u{FEFF}').contains(&c)),
        "shaped: {first:?}"
    );
    t.keys(&["q"]);
    t.wait_text("EXIT=0");
}

#[test]
fn a_note_typed_in_arabic_reaches_another_running_instance_and_stays() {
    if !require_tool("tmux") {
        return;
    }
    let ws = workspace_copy();
    let run = format!(
        "cd '{}' && COOPDASH_AUTHOR=analyst {}",
        ws.path().display(),
        bin()
    );
    let writer = Tmux::start(100, 30, &run);
    let reader = Tmux::start(100, 30, &run);
    writer.wait_text("Maritime security");
    reader.wait_text("Maritime security");
    reader.keys(&["5"]);
    reader.wait_text("no notes yet");

    writer.keys(&["a"]);
    writer.wait_text("C-s save");
    let text = "ملاحظة عن الجريمة السيبرية";
    writer.type_text(text);
    writer.keys(&["C-s"]);
    writer.wait_text("note saved");

    // The other instance shows it without a restart (its notes watcher
    // sees the file; the wait is a generous deadline, not a budget).
    reader.wait_text("analyst ·");

    // Typed Arabic arrived intact in the stored note.
    let store = coopdash::notes::Store::open(ws.path().join("notes")).unwrap();
    assert_eq!(store.notes()[0].note.body, text);

    writer.keys(&["q"]);
    writer.wait_text("EXIT=0");
    reader.keys(&["q"]);
    reader.wait_text("EXIT=0");
    let again = Tmux::start(100, 30, &run);
    again.wait_text("Maritime security");
    again.keys(&["5"]);
    again.wait_text("analyst ·");
    again.keys(&["q"]);
}

#[test]
fn sighup_while_writing_a_note_keeps_the_draft() {
    if !require_tool("tmux") {
        return;
    }
    let ws = workspace_copy();
    let state = tempfile::tempdir().unwrap();
    let pidfile = ws.path().join("pid");
    let run = format!(
        "cd '{}' && XDG_STATE_HOME='{}' sh -c 'echo $$ > {}; exec {}'",
        ws.path().display(),
        state.path().display(),
        pidfile.display(),
        bin()
    );
    let t = Tmux::start(100, 30, &run);
    t.wait_text("Maritime security");
    t.keys(&["a"]);
    t.wait_text("C-s save");
    t.type_text("unsaved thoughts");
    t.wait_text("unsaved thoughts");
    let pid = std::fs::read_to_string(&pidfile).unwrap();
    std::process::Command::new("kill")
        .args(["-HUP", pid.trim()])
        .status()
        .unwrap();
    t.wait_text("EXIT=");
    let recovery = state.path().join("coopdash/recovery");
    let kept: Vec<String> = std::fs::read_dir(&recovery)
        .unwrap()
        .map(|e| std::fs::read_to_string(e.unwrap().path()).unwrap())
        .collect();
    // A draft file: front matter (what it is about), then the text.
    assert_eq!(kept.len(), 1, "{kept:?}");
    assert!(kept[0].starts_with("---\n"), "{}", kept[0]);
    assert!(kept[0].ends_with("\n---\nunsaved thoughts"), "{}", kept[0]);
    assert_eq!(t.format("#{alternate_on}"), "0");
}
