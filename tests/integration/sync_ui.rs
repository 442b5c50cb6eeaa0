//! Sync from the dashboard (`S`) and from `serve --sync-every`.

use crate::support::require_tool;
use crate::sync::{Net, add_notes, assert_clean, curate, git, note_files, sync_ok};
use coopdash::notes::{Note, NoteKind, Store, Target};
use std::fs;
use std::time::Duration;

#[test]
fn details_shows_the_last_change_from_the_start() {
    use crate::support::ui::Dash;
    if !require_tool("git") {
        return;
    }
    let net = Net::new();
    let a = net.a();
    let ws = coopdash::workspace::load(&a).unwrap();
    let theme = ws.themes[0].id.clone();
    curate(&a, &["theme", "edit", &theme, "--add-keyword", "kw-start"]);
    sync_ok(&a);
    let ws = coopdash::workspace::load(&a).unwrap();
    // A real runner reads the history once as the session starts, no S.
    let mut dash = Dash::new(ws, 140, 30, true).with_executor();
    let screen = dash.screen();
    assert!(
        screen.contains("last change") && screen.contains("by syncer"),
        "{screen}"
    );
}

#[test]
fn s_in_the_dashboard_syncs_and_says_what_came_in() {
    use crate::support::ui::Dash;
    use ratatui::crossterm::event::KeyCode;
    if !require_tool("git") {
        return;
    }
    let net = Net::new();
    let (a, b) = (net.a(), net.b());
    add_notes(&a, "ana", 2);
    sync_ok(&a);
    add_notes(&b, "bo", 1);
    // The dashboard runs git in this process, with its environment: the
    // identity is the repository's own (no process-wide variables set).
    git(&b, &["config", "user.name", "Test"]);
    git(&b, &["config", "user.email", "test@example.invalid"]);
    let ws = coopdash::workspace::load(&b).unwrap();
    let mut dash = Dash::new(ws, 140, 30, true).author("bo");
    // The selected theme, changed on the other side.
    let theme = dash.ws.themes[dash.theme().unwrap()].id.clone();
    curate(&a, &["theme", "edit", &theme, "--add-keyword", "kw-ana"]);
    sync_ok(&a);
    assert!(!dash.screen().contains("last change"));
    dash.press(KeyCode::Char('S'));
    let status = dash.status_bar();
    assert!(status.contains("synced: in: notes: +2 ~0 -0"), "{status}");
    assert!(
        status.contains(&format!("themes: ~theme {theme}")),
        "{status}"
    );
    assert!(status.contains("out: 1 files"), "{status}");
    assert_eq!(note_files(&b).len(), 3);
    assert_clean(&b);
    // Details says who changed it last, read once by the sync.
    let screen = dash.screen();
    assert!(
        screen.contains("last change") && screen.contains("by syncer"),
        "{screen}"
    );
    // A true conflict asks which side to keep; `y` keeps theirs.
    curate(&a, &["theme", "edit", &theme, "--name", "en=Ana's name"]);
    sync_ok(&a);
    curate(&b, &["theme", "edit", &theme, "--name", "en=Bo's name"]);
    dash.press(KeyCode::Char('S'));
    let screen = dash.screen();
    assert!(
        screen.contains("Keep which side") && screen.contains("y keep theirs"),
        "{screen}"
    );
    assert_clean(&b);
    dash.press(KeyCode::Char('y'));
    let status = dash.status_bar();
    assert!(
        status.starts_with(" synced") || status.contains("synced:"),
        "{status}"
    );
    assert_clean(&b);
    let text = fs::read_to_string(b.join("themes.yaml")).unwrap();
    assert!(text.contains("Ana's name") && !text.contains("Bo's name"));
}

#[test]
fn serve_sync_every_shows_another_clones_note_live() {
    use crate::support::ssh::{Fixture, Server};
    use crate::support::tmux::Tmux;
    if !crate::support::require_tools(&["git", "tmux", "ssh", "ssh-keygen"]) {
        return;
    }
    let f = Fixture::new();
    let ws = f.workspace();
    let root = f.dir.path();
    git(root, &["init", "-q", "--bare", "-b", "main", "remote.git"]);
    fs::write(ws.join(".gitignore"), "/.coopdash/\n/notes/.lock\n").unwrap();
    git(&ws, &["init", "-q", "-b", "main"]);
    git(&ws, &["add", ".gitignore", "themes.yaml", "seeds"]);
    git(&ws, &["commit", "-qm", "start"]);
    git(&ws, &["remote", "add", "origin", "../remote.git"]);
    git(&ws, &["push", "-q", "-u", "origin", "main"]);
    git(root, &["clone", "-q", "remote.git", "other"]);
    let env = [
        ("GIT_CONFIG_GLOBAL", "/dev/null"),
        ("GIT_CONFIG_NOSYSTEM", "1"),
        ("GIT_AUTHOR_NAME", "Server"),
        ("GIT_AUTHOR_EMAIL", "server@example.invalid"),
        ("GIT_COMMITTER_NAME", "Server"),
        ("GIT_COMMITTER_EMAIL", "server@example.invalid"),
    ];
    let server = Server::start_env(&f, &["--sync-every", "1s"], &env);
    let bob = Tmux::start(100, 30, &server.ssh_command(&f.key("bob"), "-tt"));
    bob.wait_text("Maritime security");
    bob.keys(&["5"]);
    bob.wait_text("no notes yet");
    // A note on every theme from the other clone: whichever is selected
    // shows it.
    let other = root.join("other");
    let mut store = Store::new(other.join("notes"));
    for t in coopdash::workspace::load(&other).unwrap().themes.iter() {
        let note = Note::new(
            NoteKind::Note,
            Target::Item(t.id.clone()),
            None,
            "remote-ana",
            "from the other office",
        );
        store.add(note).unwrap();
    }
    sync_ok(&other);
    bob.wait_text("remote-ana");
    server.wait_log("synced: in: notes: +", Duration::from_secs(30));
    bob.keys(&["q"]);
}
