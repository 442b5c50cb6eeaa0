//! A living workspace with the real binary in tmux: a theme added to
//! `themes.yaml` appears, a broken quote leaves the dashboard up with the
//! problem listed and goes when fixed, a new source's passages are found,
//! a storm of writes ends on the final version. Every step waits for its
//! event.

use crate::support::tmux::{Tmux, WAIT};
use crate::support::{bin, copy_seed_to, require_tool};
use std::path::Path;

fn themes(dir: &Path) -> String {
    std::fs::read_to_string(dir.join("themes.yaml")).unwrap()
}

fn write_themes(dir: &Path, text: &str) {
    // As an editor saves: a temporary file renamed over the old one.
    let tmp = dir.join(".themes.yaml.tmp");
    std::fs::write(&tmp, text).unwrap();
    std::fs::rename(tmp, dir.join("themes.yaml")).unwrap();
}

#[test]
fn the_dashboard_follows_themes_yaml_and_seeds_as_they_change() {
    if !require_tool("tmux") {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let ws = dir.path();
    copy_seed_to(ws);
    let good = themes(ws);
    let run = format!(
        "cd '{}' && XDG_STATE_HOME='{}' {}",
        ws.display(),
        dir.path().join("state").display(),
        bin()
    );
    let t = Tmux::start(120, 30, &run);
    t.wait_text("Maritime security");

    // A theme added appears, and the status bar says so.
    let added = good.replacen(
        "themes:\n",
        "themes:\n  - id: ports\n    name: {en: Port security, ar: أمن الموانئ}\n",
        1,
    );
    write_themes(ws, &added);
    let screen = t.wait_text("Port security");
    assert!(screen.contains("reloaded: +1 theme"), "{screen}");

    // A quote broken: the dashboard stays up, the problem is listed.
    let at = added.find("quote:").unwrap();
    let end = at + added[at..].find('\n').unwrap();
    let broken = format!(
        "{}quote: words that are nowhere{}",
        &added[..at],
        &added[end..]
    );
    write_themes(ws, &broken);
    t.wait_text("1 problem(s): !");
    t.keys(&["!"]);
    t.wait_text("«words that are nowhere» is not found");
    t.keys(&["Escape"]);
    t.wait_for("the list to close", WAIT, |s| !s.contains("Problems ·"));

    // Fixed: the problem goes.
    write_themes(ws, &added);
    t.wait_for("the problem to go", WAIT, |s| {
        s.contains("reloaded") && !s.contains("problem(s)")
    });
    t.keys(&["!"]);
    t.wait_text("no problems: the workspace is whole");
    t.keys(&["Escape"]);
    t.wait_for("the list to close", WAIT, |s| !s.contains("Problems ·"));

    // A new source: its passages are in the finder.
    std::fs::write(
        ws.join("seeds/weekly.txt"),
        "Weekly note\n\nThe harbourmaster zebra protocol was agreed.\n",
    )
    .unwrap();
    t.wait_text("+1 source");
    t.keys(&["/"]);
    t.type_text("zebra protocol");
    t.wait_text("harbourmaster zebra protocol");
    t.keys(&["Escape"]);
    t.wait_for("the finder to close", WAIT, |s| !s.contains("Tab kind"));

    // A storm of writes, a half-written file among them: no crash, and the
    // dashboard ends on the final version.
    let mut half = added.len() / 2;
    while !added.is_char_boundary(half) {
        half -= 1;
    }
    for i in 0..40 {
        let text = if i % 7 == 3 {
            added[..half].to_string()
        } else {
            added.replace("Port security", &format!("Port security {i}"))
        };
        write_themes(ws, &text);
    }
    write_themes(ws, &added.replace("Port security", "Harbour safety"));
    t.wait_text("Harbour safety");
    // themes.yaml gone, then back: the last good version stays meanwhile.
    std::fs::remove_file(ws.join("themes.yaml")).unwrap();
    t.wait_text("showing the last good version");
    write_themes(ws, &added);
    t.wait_for("the banner to go", WAIT, |s| {
        s.contains("Port security") && !s.contains("last good version")
    });
    t.keys(&["q"]);
    t.wait_text("EXIT=0");
}

#[test]
fn over_serve_one_reload_reaches_every_analyst() {
    use crate::support::ssh::{Fixture, Server};
    if !crate::support::require_tools(&["tmux", "ssh", "ssh-keygen"]) {
        return;
    }
    let f = Fixture::new();
    let server = Server::start(&f, &[]);
    let alice = Tmux::start(100, 30, &server.ssh_command(&f.key("alice"), "-tt"));
    let bob = Tmux::start(100, 30, &server.ssh_command(&f.key("bob"), "-tt"));
    alice.wait_text("Maritime security");
    bob.wait_text("Maritime security");
    let ws = f.workspace();
    let good = themes(&ws);
    let added = good.replacen(
        "themes:\n",
        "themes:\n  - id: ports\n    name: {en: Port security, ar: أمن الموانئ}\n",
        1,
    );
    write_themes(&ws, &added);
    alice.wait_text("Port security");
    bob.wait_text("Port security");
    // Loaded once for the server, not once per session.
    server.wait_log("workspace reloaded", WAIT);
    assert_eq!(server.log_text().matches("workspace reloaded").count(), 1);
    // A session that connects now opens on the new version.
    let carol = Tmux::start(100, 30, &server.ssh_command(&f.key("alice"), "-tt"));
    carol.wait_text("Port security");
    // A broken quote: every dashboard stays up, the problem is listed.
    let at = added.find("quote:").unwrap();
    let end = at + added[at..].find('\n').unwrap();
    write_themes(
        &ws,
        &format!("{}quote: nowhere at all{}", &added[..at], &added[end..]),
    );
    alice.wait_text("1 problem(s): !");
    bob.wait_text("1 problem(s): !");
    for t in [&alice, &bob, &carol] {
        t.keys(&["q"]);
        t.wait_text("EXIT=0");
    }
}
