//! Ctrl-Z with the real binary under an interactive shell in tmux: the
//! shell gets its screen back, and `fg` brings the dashboard back whole.

use crate::support::tmux::{Tmux, WAIT};
use crate::support::{bin, require_tool, root, wait_until};

/// The pane's state worth restoring: alternate screen, mouse modes
/// (1000, 1006), cursor shown.
fn terminal(t: &Tmux) -> String {
    t.format(
        "alt=#{alternate_on} mouse=#{mouse_standard_flag}#{mouse_sgr_flag} cursor=#{cursor_flag}",
    )
}

#[test]
fn ctrl_z_gives_the_shell_its_screen_and_fg_restores_the_dashboard() {
    if !require_tool("tmux") {
        return;
    }
    let t = Tmux::start(80, 24, "PS1='shell> ' bash --norc --noprofile -i");
    t.wait_text("shell>");
    t.type_text(&format!("cd '{}' && {}", root().display(), bin()));
    t.keys(&["Enter"]);
    t.wait_text("Maritime security");
    assert_eq!(terminal(&t), "alt=1 mouse=11 cursor=0");

    t.keys(&["C-z"]);
    let screen = t.wait_for("the shell", WAIT, |s| {
        s.contains("Stopped") && s.trim_end().ends_with("shell>")
    });
    assert!(!screen.contains("Maritime security"), "{screen}");
    wait_until("the terminal restored", WAIT, || {
        let now = terminal(&t);
        (now == "alt=0 mouse=00 cursor=1").then_some(()).ok_or(now)
    });

    t.type_text("fg");
    t.keys(&["Enter"]);
    // Every part of the screen is drawn again, not only what changed.
    let screen = t.wait_for("the dashboard drawn again", WAIT, |s| {
        [
            "coopdash ·",
            "1 Themes",
            "2 Passages",
            "3 Bodies",
            "4 Details",
            "Cybercrime",
        ]
        .iter()
        .all(|part| s.contains(part))
    });
    assert!(screen.contains("▶ Cybercrime"), "{screen}");
    wait_until("the terminal taken back", WAIT, || {
        let now = terminal(&t);
        (now == "alt=1 mouse=11 cursor=0").then_some(()).ok_or(now)
    });
    // Raw mode again: a key acts at once, without Enter.
    t.keys(&["j"]);
    t.wait_text("▶ Emerging technology");
    t.keys(&["q"]);
    let screen = t.wait_for("the shell after quitting", WAIT, |s| {
        s.trim_end().ends_with("shell>")
    });
    assert_eq!(screen.matches("Stopped").count(), 1, "it quit:\n{screen}");
    assert_eq!(terminal(&t), "alt=0 mouse=00 cursor=1");
}

#[test]
fn where_no_shell_could_resume_it_ctrl_z_changes_nothing() {
    if !require_tool("tmux") {
        return;
    }
    // Started by tmux's non-interactive shell: an orphaned process group,
    // whose SIGTSTP the kernel ignores.
    let t = Tmux::start(80, 24, &format!("cd '{}' && {}", root().display(), bin()));
    t.wait_text("Maritime security");
    t.keys(&["C-z", "j"]);
    t.wait_text("▶ Emerging technology");
    assert_eq!(terminal(&t), "alt=1 mouse=11 cursor=0");
}
