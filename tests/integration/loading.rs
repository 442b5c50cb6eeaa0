//! The loading screen, with the real binary in tmux: a workspace that takes
//! longer than half a second to load shows what the load is doing, and `q`
//! quits without waiting for it; a slow reload shows in the status bar.

use crate::search_generated::synth;
use crate::support::{bin, require_tool, tmux::Tmux};

/// The dashboard, `width` columns wide, opening a generated workspace
/// large enough that a debug build takes seconds to load it.
fn dashboard_on_a_large_workspace(width: u16) -> (tempfile::TempDir, Tmux) {
    let dir = tempfile::tempdir().unwrap();
    let mut opts = synth::Options::new(60_000);
    opts.bodies = 400;
    synth::generate(dir.path(), &opts).unwrap();
    let t = Tmux::start(
        width,
        30,
        &format!("{} --no-config -w {}", bin(), dir.path().display()),
    );
    (dir, t)
}

#[test]
fn a_slow_load_shows_its_progress_and_q_quits() {
    if !require_tool("tmux") {
        return;
    }
    let (_dir, t) = dashboard_on_a_large_workspace(100);
    let screen = t.wait_text("q quit");
    assert!(screen.contains("loading"), "{screen}");
    assert!(
        ["starting", "reading sources", "finding mentions"]
            .iter()
            .any(|stage| screen.contains(stage)),
        "no stage named:\n{screen}"
    );
    t.keys(&["q"]);
    t.wait_text("EXIT=0");
}

#[test]
fn a_slow_reload_shows_in_the_status_bar_and_goes_when_done() {
    if !require_tool("tmux") {
        return;
    }
    let (dir, t) = dashboard_on_a_large_workspace(120);
    t.wait_text("bidi");
    // themes.yaml changed: every passage's mentions are found again,
    // which takes a debug build a while.
    let themes = dir.path().join("themes.yaml");
    let mut text = std::fs::read_to_string(&themes).unwrap();
    text.push_str("\n# touched\n");
    std::fs::write(&themes, text).unwrap();
    let screen = t.wait_text("reloading");
    assert!(screen.contains('░') || screen.contains('█'), "{screen}");
    t.wait_for(
        "the reload to end",
        std::time::Duration::from_secs(120),
        |s| !s.contains("reloading"),
    );
    t.keys(&["q"]);
    t.wait_text("EXIT=0");
}
