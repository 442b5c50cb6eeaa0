//! Drafts end to end with the real binary in tmux: over `serve` with the
//! real OpenSSH client (the client SIGKILLed, the idle timeout, SIGTERM to
//! the server) and on the local terminal (`q`, SIGHUP). Each time the next
//! session offers the text back on `a`, and another key never sees it.

use crate::support::ssh::{Fixture, Server};
use crate::support::tmux::Tmux;
use crate::support::{self, wait_until};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Duration;

fn tools() -> bool {
    support::require_tools(&["tmux", "ssh", "ssh-keygen"])
}

/// The English half is what the screen is checked for (Arabic is laid
/// out, not shown in logical order); the files are checked for all of it.
const NOTE: &str = "ملاحظة بحرية UNODC 2026 harbour patrols draft";

/// Every draft file's text under `dir`, recursively.
fn draft_files(dir: &Path) -> Vec<String> {
    let mut out = Vec::new();
    let Ok(entries) = std::fs::read_dir(dir) else {
        return out;
    };
    for e in entries.flatten() {
        let path = e.path();
        if path.is_dir() {
            out.extend(draft_files(&path));
        } else if !e.file_name().to_string_lossy().starts_with('.') {
            out.push(std::fs::read_to_string(&path).unwrap_or_default());
        }
    }
    out
}

/// Waits until some draft file under `dir` ends with `text`.
fn wait_draft(dir: &Path, text: &str) {
    wait_until("the draft file", Duration::from_secs(60), || {
        let files = draft_files(dir);
        match files.iter().any(|d| d.ends_with(text)) {
            true => Ok(()),
            false => Err(format!("{}: {files:?}", dir.display())),
        }
    });
}

fn drafts_dir(f: &Fixture) -> PathBuf {
    f.workspace().join(".coopdash/drafts")
}

/// A shell line that records its own pid in `pidfile`, then runs `command`.
fn with_pid(pidfile: &Path, command: &str) -> String {
    format!("sh -c 'echo $$ > {}; exec {command}'", pidfile.display())
}

fn kill(signal: &str, pidfile: &Path) {
    let pid = std::fs::read_to_string(pidfile).unwrap();
    let ok = Command::new("kill")
        .arg(format!("-{signal}"))
        .arg(pid.trim())
        .status()
        .unwrap();
    assert!(ok.success());
}

/// Logs in as `who`, writes a note on the first theme, leaves the editor
/// open.
fn start_writing(server: &Server, f: &Fixture, who: &str, pidfile: &Path) -> Tmux {
    let t = Tmux::start(
        100,
        30,
        &with_pid(pidfile, &server.ssh_command(&f.key(who), "-tt")),
    );
    t.wait_text("Maritime security");
    t.keys(&["a"]);
    t.wait_text("C-s save");
    t.type_text(NOTE);
    t.wait_text("harbour patrols draft");
    t
}

/// Logs in as `who` and presses `a` on the first theme: the recovered text
/// must be in the editor; C-s saves it and the draft is gone.
fn offered_back(server: &Server, f: &Fixture, who: &str) {
    let t = Tmux::start(100, 30, &server.ssh_command(&f.key(who), "-tt"));
    t.wait_text("unsaved draft recovered");
    t.keys(&["a"]);
    t.wait_text("harbour patrols draft");
    t.keys(&["C-s"]);
    t.wait_text("note saved");
    wait_until("the draft removed", Duration::from_secs(60), || {
        let files = draft_files(&drafts_dir(f));
        files.is_empty().then_some(()).ok_or(format!("{files:?}"))
    });
    let notes = draft_files(&f.workspace().join("notes"));
    assert!(notes.iter().any(|n| n.contains(NOTE)), "{notes:?}");
    t.keys(&["q"]);
    t.wait_text("EXIT=");
}

/// `who` sees no draft: `a` opens an empty editor.
fn not_offered(server: &Server, f: &Fixture, who: &str) {
    let t = Tmux::start(100, 30, &server.ssh_command(&f.key(who), "-tt"));
    let screen = t.wait_text("Maritime security");
    assert!(!screen.contains("recovered"), "{screen}");
    t.keys(&["a"]);
    let screen = t.wait_text("C-s save");
    assert!(!screen.contains("harbour"), "{screen}");
    close_editor_and_quit(&t);
}

#[test]
fn a_killed_ssh_client_loses_no_typed_word() {
    if !tools() {
        return;
    }
    let f = Fixture::new();
    let server = Server::start(&f, &[]);
    let pidfile = f.dir.path().join("ssh.pid");
    let _t = start_writing(&server, &f, "alice", &pidfile);
    kill("KILL", &pidfile);
    wait_draft(&drafts_dir(&f), NOTE);
    // Private to the key: a 0700 folder per key, 0600 files.
    #[cfg(unix)]
    for e in std::fs::read_dir(drafts_dir(&f)).unwrap() {
        use std::os::unix::fs::PermissionsExt;
        let dir = e.unwrap().path();
        assert_eq!(
            std::fs::metadata(&dir).unwrap().permissions().mode() & 0o777,
            0o700
        );
        for file in std::fs::read_dir(&dir).unwrap() {
            let mode = file.unwrap().metadata().unwrap().permissions().mode();
            assert_eq!(mode & 0o777, 0o600);
        }
    }
    not_offered(&server, &f, "bob");
    offered_back(&server, &f, "alice");
}

#[test]
fn the_idle_timeout_keeps_the_draft() {
    if !tools() {
        return;
    }
    let f = Fixture::new();
    let server = Server::start(&f, &["--idle-timeout", "2"]);
    let pidfile = f.dir.path().join("ssh.pid");
    let t = start_writing(&server, &f, "alice", &pidfile);
    let screen = t.wait_text("closed after being idle");
    assert!(screen.contains("draft is kept"), "{screen}");
    wait_draft(&drafts_dir(&f), NOTE);
    offered_back(&server, &f, "alice");
}

#[test]
fn sigterm_to_the_server_keeps_the_draft() {
    if !tools() {
        return;
    }
    let f = Fixture::new();
    let mut server = Server::start(&f, &[]);
    let pidfile = f.dir.path().join("ssh.pid");
    let t = start_writing(&server, &f, "alice", &pidfile);
    assert!(server.stop("TERM").success());
    let screen = t.wait_text("EXIT=");
    assert!(screen.contains("draft is kept"), "{screen}");
    wait_draft(&drafts_dir(&f), NOTE);
    let server = Server::start(&f, &[]);
    not_offered(&server, &f, "bob");
    offered_back(&server, &f, "alice");
}

/// The local dashboard in `dir`, its drafts under `state`.
fn local(dir: &Path, state: &Path, pidfile: &Path) -> Tmux {
    let run = format!(
        "cd '{}' && XDG_STATE_HOME='{}' COOPDASH_AUTHOR=salma {}",
        dir.display(),
        state.display(),
        with_pid(pidfile, support::bin())
    );
    Tmux::start(100, 30, &run)
}

fn local_offered_back(dir: &Path, state: &Path) {
    let t = local(dir, state, &dir.join("pid2"));
    t.wait_text("unsaved draft recovered");
    t.keys(&["a"]);
    t.wait_text("harbour patrols draft");
    close_editor_and_quit(&t);
}

/// Esc, then `q` once the editor is gone (sent together, a terminal reads
/// them as Alt-q).
fn close_editor_and_quit(t: &Tmux) {
    t.keys(&["Escape"]);
    t.wait_for("the editor to close", Duration::from_secs(60), |s| {
        !s.contains("C-s save")
    });
    t.keys(&["q"]);
    t.wait_text("EXIT=");
}

#[test]
fn the_local_dashboard_offers_drafts_back_after_q_and_sighup() {
    if !support::require_tool("tmux") {
        return;
    }
    for how in ["q", "HUP"] {
        let f = tempfile::tempdir().unwrap();
        let ws = f.path().join("ws");
        support::copy_seed_to(&ws);
        let state = f.path().join("state");
        let pidfile = f.path().join("pid");
        let t = local(&ws, &state, &pidfile);
        t.wait_text("Maritime security");
        t.keys(&["a"]);
        t.wait_text("C-s save");
        t.type_text(NOTE);
        t.wait_text("harbour patrols draft");
        if how == "q" {
            // In the editor `q` is a letter: Esc keeps the draft, then quit.
            t.keys(&["Escape"]);
            t.wait_text("draft kept");
            t.keys(&["q"]);
        } else {
            kill(how, &pidfile);
        }
        let screen = t.wait_text("EXIT=");
        assert!(screen.contains("draft"), "{how}: {screen}");
        wait_draft(&state, NOTE);
        local_offered_back(&ws, &state);
    }
}
