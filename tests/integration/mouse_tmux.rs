//! The mouse with the real binary in a real terminal, locally and over
//! `serve`: tmux with `mouse on` turns a terminal's mouse reports into
//! events for the pane (see `MouseTmux`), only when the pane asked for
//! them. Also what goes to the terminal: modes 1000 and 1006 only, none
//! with `--no-mouse`, and nothing at all from an idle dashboard.

use crate::support::ssh::{Fixture, Server};
use crate::support::tmux::{MouseTmux, Tmux, WAIT};
use crate::support::{bin, cell, require_tool, require_tools, root, wait_until};
use std::time::{Duration, Instant};

fn in_repo(cmd: &str) -> String {
    format!("cd '{}' && {cmd}", root().display())
}

/// The pane's mouse modes as tmux records them: X10/normal (1000), SGR
/// (1006), button motion (1002), any motion (1003).
fn modes(t: &Tmux) -> String {
    t.format("#{mouse_standard_flag}#{mouse_sgr_flag}#{mouse_button_flag}#{mouse_all_flag}")
}

/// Clicks and the wheel on a dashboard that asked for the mouse (`what`
/// names it in failures): a click on a theme selects it, the wheel moves
/// through the themes, a click in the bodies pane focuses it and selects
/// the body (the Passages pane then lists its mentions).
fn clicks_and_wheel(m: &MouseTmux, what: &str) {
    let screen = m.inner.wait_text("Maritime security");
    assert_eq!(
        modes(&m.inner),
        "1100",
        "{what}: buttons and SGR, no motion"
    );
    let (x, y) = cell(&screen, "Global health");
    m.click(x + 2, y);
    m.inner.wait_text("▶ Global health");
    m.wheel(x, y, true);
    m.inner.wait_text("▶ Maritime security");
    m.wheel(x, y, false);
    m.wheel(x, y, false);
    m.inner.wait_text("▶ Financial crime");
    let screen = m.inner.screen();
    let (x, y) = cell(&screen, "Bodies and programmes");
    m.click(x + 2, y + 3);
    let screen = m.inner.wait_text("Mentions ·");
    assert!(
        !screen.contains("▶ United Nations"),
        "{what}: the third body is selected:\n{screen}"
    );
}

/// Quits, and the pane's mouse reporting is off again.
fn quit(m: &MouseTmux, what: &str) {
    m.inner.keys(&["q"]);
    m.inner.wait_text("EXIT=0");
    assert_eq!(modes(&m.inner), "0000", "{what}: mouse reporting off again");
}

#[test]
fn clicks_select_and_the_wheel_scrolls_locally() {
    if !require_tool("tmux") {
        return;
    }
    let m = MouseTmux::start(80, 24, &in_repo(bin()));
    clicks_and_wheel(&m, "local");
    quit(&m, "local");
}

#[test]
fn clicks_select_and_the_wheel_scrolls_over_serve() {
    if !require_tools(&["ssh", "ssh-keygen", "tmux"]) {
        return;
    }
    let f = Fixture::new();
    let server = Server::start(&f, &[]);
    let m = MouseTmux::start(80, 24, &server.ssh_command(&f.key("alice"), "-tt"));
    clicks_and_wheel(&m, "serve");
    // Left alone after the clicks, the session sends nothing.
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("out");
    m.inner.pipe_output(&file);
    assert_idle(&file, "serve");
    // Ctrl-Z does nothing over serve: the dashboard stays, keys still work.
    m.inner.keys(&["C-z", "1", "k"]);
    m.inner.wait_text("▶ Emerging technology");
    assert_eq!(m.inner.format("#{alternate_on}"), "1");
    quit(&m, "serve");
}

#[test]
fn without_the_mouse_the_terminal_keeps_it() {
    if !require_tool("tmux") {
        return;
    }
    let m = MouseTmux::start(80, 24, &in_repo(&format!("{} --no-mouse", bin())));
    let screen = m.inner.wait_text("Maritime security");
    assert_eq!(modes(&m.inner), "0000");
    // The wheel is tmux's own again: it scrolls its history (copy mode),
    // and the dashboard sees nothing.
    let (x, y) = cell(&screen, "Global health");
    m.click(x, y);
    m.wheel(x, y, false);
    wait_until("tmux's copy mode", WAIT, || {
        let mode = m.inner.format("#{pane_in_mode}");
        (mode == "1").then_some(()).ok_or(mode)
    });
    m.inner.keys(&["q"]);
    m.inner.keys(&["q"]);
    let screen = m.inner.wait_text("EXIT=0");
    assert!(!screen.contains("▶ Global health"), "{screen}");
}

/// The bytes the dashboard writes to its terminal from its first one, in
/// a pane that starts it on Enter (so `pipe-pane` is in place first).
fn piped(args: &str) -> (Tmux, tempfile::TempDir, std::path::PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("out");
    let t = Tmux::start(80, 24, &format!("read go; {}", in_repo(args)));
    t.pipe_output(&file);
    t.keys(&["Enter"]);
    t.wait_text("Maritime security");
    (t, dir, file)
}

/// Once the output settled (the first frames out, then nothing for a
/// while), a second more of the dashboard left alone writes nothing.
fn assert_idle(file: &std::path::Path, what: &str) {
    let mut last = (bytes(file).len(), Instant::now());
    wait_until(
        "the output to settle (an idle dashboard writes nothing)",
        WAIT,
        || {
            let len = bytes(file).len();
            if len != last.0 {
                last = (len, Instant::now());
            }
            (last.1.elapsed() > Duration::from_millis(300))
                .then_some(())
                .ok_or(format!("{len} bytes"))
        },
    );
    // The one fixed wait: idleness is measured over a span of time.
    let before = bytes(file).len();
    std::thread::sleep(Duration::from_secs(1));
    let idle = bytes(file).len() - before;
    assert_eq!(
        idle, 0,
        "{what}: an idle dashboard wrote {idle} bytes in 1 s"
    );
}

fn bytes(file: &std::path::Path) -> Vec<u8> {
    std::fs::read(file).unwrap_or_default()
}

fn holds(haystack: &[u8], needle: &[u8]) -> bool {
    haystack.windows(needle.len()).any(|w| w == needle)
}

#[test]
fn only_modes_1000_and_1006_none_with_no_mouse_and_an_idle_dashboard_sends_nothing() {
    if !require_tool("tmux") {
        return;
    }
    let (t, _dir, file) = piped(bin());
    assert_idle(&file, "local");
    t.keys(&["q"]);
    t.wait_text("EXIT=0");
    let out = bytes(&file);
    assert!(holds(&out, b"\x1b[?1000h\x1b[?1006h"), "mouse on");
    assert!(holds(&out, b"\x1b[?1006l\x1b[?1000l"), "and off at the end");
    for motion in [&b"\x1b[?1002h"[..], b"\x1b[?1003h", b"\x1b[?1015h"] {
        assert!(
            !holds(&out, motion),
            "{:?} sent",
            String::from_utf8_lossy(motion)
        );
    }

    let (t, _dir, file) = piped(&format!("{} --no-mouse", bin()));
    t.keys(&["q"]);
    t.wait_text("EXIT=0");
    let out = bytes(&file);
    assert!(holds(&out, b"\x1b[?2004h"), "the capture holds the set-up");
    for mode in ["1000", "1002", "1003", "1006", "1015"] {
        let on = format!("\x1b[?{mode}h");
        assert!(!holds(&out, on.as_bytes()), "--no-mouse sent mode {mode}");
    }
}
