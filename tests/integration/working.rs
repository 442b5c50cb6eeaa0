//! Long work in a running dashboard: an import, an export or a reload that
//! runs longer than `progress::QUIET_FOR` shows what it does and a bar in
//! the status bar while keys go on working; quick work shows nothing. The
//! jobs are held by the test (`Dash::with_held_jobs`) and the clock is the
//! test's (`Dash::tick_at` at the session's own deadline): no sleeps.

use crate::support::seed_copy;
use crate::support::ui::Dash;
use coopdash::progress::{self, Progress, QUIET_FOR, TICK};
use coopdash::ui::session::Applied;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use std::sync::Arc;
use std::time::Duration;

fn dash() -> (tempfile::TempDir, Dash) {
    let dir = seed_copy();
    let ws = coopdash::workspace::load(dir.path()).unwrap();
    (dir, Dash::new(ws, 100, 30, true).with_held_jobs())
}

/// Whether the status bar shows a bar (the prompts' own "exporting…"
/// is there from the start).
fn has_bar(bar: &str) -> bool {
    bar.contains('░') || bar.contains('█')
}

/// Reports to `p` from the test, as the job's own thread would.
fn report(p: &Arc<Progress>, stage: &'static str, done: usize, total: usize) {
    progress::within(Some(p.clone()), || {
        progress::stage(stage, total);
        progress::advance(done);
    });
}

#[test]
fn a_slow_export_shows_its_stage_and_a_bar_and_keys_still_work() {
    let (dir, mut d) = dash();
    d.press(KeyCode::Char('x'));
    d.press(KeyCode::Enter);
    let job = d.next_job();
    let (what, p) = job.progress().expect("an export reports its progress");
    assert_eq!(what, "exporting");
    let p = p.clone();
    // Nothing yet, and the session asks to be woken when it may show.
    let due = d.deadline().expect("a deadline while the export runs");
    assert_eq!(d.tick_at(due - Duration::from_millis(1)), Applied::Nothing);
    assert!(!has_bar(&d.status_bar()), "{}", d.status_bar());
    // The runner draws when it shows, and when it moves.
    assert_eq!(d.tick_at(due), Applied::Changed);
    let bar = d.status_bar();
    assert!(bar.contains(" exporting ░░░░"), "{bar}");
    // Redrawn as it goes, every tick.
    assert_eq!(d.deadline(), Some(due + TICK));
    assert_eq!(d.tick_at(due + TICK), Applied::Nothing);
    report(&p, "rendering", 1, 4);
    assert_eq!(d.tick_at(due + TICK * 2), Applied::Changed);
    let bar = d.status_bar();
    assert!(bar.contains("exporting: rendering 25% █████░"), "{bar}");
    // The dashboard is usable meanwhile.
    d.press(KeyCode::Char('?'));
    assert!(d.overlays.top().is_some(), "help opens");
    assert!(d.status_bar().contains("rendering 25%"));
    d.press(KeyCode::Esc);
    // Done: the bar goes, the report comes, the session is idle again.
    d.done(job.run());
    let bar = d.status_bar();
    assert!(!has_bar(&bar), "{bar}");
    assert!(bar.contains("Exported json"), "{bar}");
    assert_eq!(d.deadline(), None);
    assert!(dir.path().join("exports/workspace.json").exists());
}

#[test]
fn a_slow_import_shows_how_far_it_is_and_q_quits() {
    let (_dir, mut d) = dash();
    d.press(KeyCode::Char('I'));
    d.type_text("inbox/nothing-here.html");
    d.press(KeyCode::Enter);
    let job = d.next_job();
    let (what, p) = job.progress().expect("an import reports its progress");
    assert_eq!(what, "importing");
    report(p, "importing", 2, 5);
    let due = d.deadline().expect("a deadline while the import runs");
    d.tick_at(due);
    let bar = d.status_bar();
    assert!(bar.contains(" importing 40% ████████░░░"), "{bar}");
    // Out of the prompt (where q is a letter), q quits as usual.
    d.press(KeyCode::Esc);
    assert!(d.status_bar().contains("importing 40%"));
    let q = KeyEvent::new(KeyCode::Char('q'), KeyModifiers::NONE);
    assert_eq!(d.key_applied(q), Applied::Quit);
}

#[test]
fn quick_work_shows_nothing() {
    let (_dir, mut d) = dash();
    d.press(KeyCode::Char('x'));
    d.press(KeyCode::Enter);
    let job = d.next_job();
    let due = d.deadline().expect("a deadline while the export runs");
    d.tick_at(due - QUIET_FOR / 2);
    assert!(!has_bar(&d.status_bar()), "{}", d.status_bar());
    // Done before it was due: never shown, and no more wake-ups.
    d.done(job.run());
    assert_eq!(d.deadline(), None);
    d.tick_at(due + QUIET_FOR);
    assert!(!has_bar(&d.status_bar()), "{}", d.status_bar());
    assert!(d.busy.is_none());
}

#[test]
fn a_slow_reload_names_its_stage_until_the_new_version_arrives() {
    let (_dir, mut d) = dash();
    let p = Progress::new();
    d.reloading(&p);
    report(&p, "finding mentions", 13, 100);
    let due = d.deadline().expect("a deadline while the reload runs");
    d.tick_at(due);
    let bar = d.status_bar();
    assert!(
        bar.contains(" reloading: finding mentions 13% ███░░"),
        "{bar}"
    );
    p.finish();
    d.reload_workspace();
    assert!(!has_bar(&d.status_bar()), "{}", d.status_bar());
    assert_eq!(d.deadline(), None);
}
