//! `coopdash serve` against the real OpenSSH client. Needs `ssh`,
//! `ssh-keygen` and `tmux`; skipped with a message when one is missing
//! (never in CI, which installs them).

use crate::support::ssh::{Fixture, Server, free_port};
use crate::support::tmux::{Tmux, WAIT};
use crate::support::{require_tool, require_tools, wait_until};
use std::io::{Read, Write};
use std::time::Duration;

fn tools() -> bool {
    require_tools(&["ssh", "ssh-keygen", "tmux"])
}

#[test]
fn an_analyst_gets_the_dashboard_keys_work_and_resize_follows() {
    if !tools() {
        return;
    }
    let f = Fixture::new();
    let server = Server::start(&f, &[]);
    let t = Tmux::start(80, 24, &server.ssh_command(&f.key("alice"), "-tt"));
    t.wait_text("Maritime security");
    t.keys(&["j"]);
    t.wait_for("selection to move", WAIT, |s| {
        s.contains("▶ Emerging technology")
    });
    t.resize(120, 40);
    t.wait_text("3 Partner bodies and programmes · mentions ──");
    // Arabic typed into the finder arrives intact, and finds the body.
    t.keys(&["/"]);
    t.type_text("الامم المتحده");
    // Laid out: shaped, right to left.
    t.wait_text(&crate::support::ui::shown("الامم المتحده"));
    t.wait_text("body    United Nations");
    t.keys(&["Escape"]);
    t.resize(60, 18);
    t.wait_text("1 Themes│2 Passages│3 Bodies│4 Details");
    t.keys(&["q"]);
    t.wait_text("EXIT=0");
    assert_eq!(
        t.format("#{alternate_on}"),
        "0",
        "the client's terminal is restored"
    );
    let log = server.log_text();
    assert!(
        log.contains("auth ok: user") && log.contains("as \"alice@example\""),
        "{log}"
    );
    assert!(
        log.contains("session start for \"alice@example\" at 80x24"),
        "{log}"
    );
    assert!(
        log.contains("session end for \"alice@example\": user quit"),
        "{log}"
    );
}

#[test]
fn everything_but_an_interactive_session_is_refused() {
    if !tools() {
        return;
    }
    let f = Fixture::new();
    let server = Server::start(&f, &[]);

    let unknown = server.ssh(&f.key("mallory"), &["-tt"], &["true"]);
    assert!(!unknown.status.success());
    assert!(
        String::from_utf8_lossy(&unknown.stderr).contains("Permission denied (publickey)"),
        "{}",
        String::from_utf8_lossy(&unknown.stderr)
    );

    let password = server.ssh(
        &f.key("alice"),
        &[
            "-o",
            "PubkeyAuthentication=no",
            "-o",
            "PreferredAuthentications=password,keyboard-interactive",
        ],
        &["true"],
    );
    assert!(!password.status.success());
    assert!(String::from_utf8_lossy(&password.stderr).contains("Permission denied (publickey)"));

    let exec = server.ssh(&f.key("alice"), &[], &["somecommand"]);
    assert!(!exec.status.success());
    assert!(
        String::from_utf8_lossy(&exec.stderr).contains("exec request failed"),
        "{}",
        String::from_utf8_lossy(&exec.stderr)
    );

    let sftp = server.ssh(&f.key("alice"), &["-s"], &["sftp"]);
    assert!(!sftp.status.success());

    let remote = server.ssh(
        &f.key("alice"),
        &[
            "-N",
            "-o",
            "ExitOnForwardFailure=yes",
            "-R",
            "0:127.0.0.1:9",
        ],
        &[],
    );
    assert!(!remote.status.success(), "remote forwarding must fail");
    // Local forwarding opens a channel only when something connects.
    let local_port = free_port();
    let mut local = std::process::Command::new("ssh")
        .args(server.ssh_args(&f.key("alice")))
        .args([
            "-N",
            "-L",
            &format!("{local_port}:127.0.0.1:9"),
            "127.0.0.1",
        ])
        .stdin(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    let mut forwarded = wait_until("ssh to listen for -L", WAIT, || {
        std::net::TcpStream::connect(("127.0.0.1", local_port)).map_err(|e| e.to_string())
    });
    // A deadline for the close to arrive, not a window: a read that times
    // out fails below.
    forwarded.set_read_timeout(Some(WAIT)).unwrap();
    let mut buf = [0u8; 16];
    assert_eq!(
        forwarded.read(&mut buf).unwrap_or(0),
        0,
        "the forwarded connection is closed at once"
    );
    server.wait_log("refused local port forwarding", WAIT);
    let _ = local.kill();
    let _ = local.wait();

    let no_pty = server.ssh(&f.key("alice"), &["-T"], &[]);
    assert!(
        !no_pty.status.success()
            || String::from_utf8_lossy(&no_pty.stderr).contains("interactive terminal")
    );

    let log = server.log_text();
    for refusal in [
        "method publickey (unknown key offered)",
        "refused exec",
        "refused subsystem \"sftp\"",
        "refused remote port forwarding",
        "refused a shell without a pty",
    ] {
        assert!(log.contains(refusal), "log lacks {refusal:?}:\n{log}");
    }
    assert!(!log.contains("somecommand"), "commands are never logged");
}

#[test]
fn the_host_key_persists_across_restarts() {
    if !tools() || !require_tool("ssh-keyscan") {
        return;
    }
    let f = Fixture::new();
    let scan = |port: u16| {
        let out = std::process::Command::new("ssh-keyscan")
            .args(["-t", "ed25519", "-p", &port.to_string(), "127.0.0.1"])
            .output()
            .unwrap();
        let text = String::from_utf8_lossy(&out.stdout).to_string();
        text.split_whitespace()
            .last()
            .unwrap_or_default()
            .to_string()
    };
    let mut first = Server::start(&f, &[]);
    let key1 = scan(first.port);
    first.stop("TERM");
    let second = Server::start(&f, &[]);
    let key2 = scan(second.port);
    assert!(!key1.is_empty());
    assert_eq!(key1, key2, "same host key after a restart");
    let mode = std::fs::metadata(f.workspace().join(".coopdash/ssh_host_ed25519_key")).unwrap();
    use std::os::unix::fs::PermissionsExt;
    assert_eq!(mode.permissions().mode() & 0o777, 0o600);
}

#[test]
fn misbehaving_clients_only_hurt_themselves() {
    if !tools() {
        return;
    }
    let f = Fixture::new();
    let server = Server::start(&f, &["--max-per-address", "8"]);
    let addr = format!("127.0.0.1:{}", server.port);

    // Garbage instead of an SSH handshake.
    let mut garbage = std::net::TcpStream::connect(&addr).unwrap();
    let _ = garbage.write_all(&[0xFFu8; 65536]);
    // A flood of idle connections from another address.
    let mut flood = Vec::new();
    for _ in 0..40 {
        let socket = socket2_connect_from("127.0.0.2", server.port);
        if let Some(s) = socket {
            flood.push(s);
        }
    }
    // A client that stops reading its screen: it types keys without end
    // while its output goes into a pipe that a reader holds open but never
    // reads, so ssh stops reading the socket.
    let dir = f.dir.path().display().to_string();
    let frozen_cmd = format!(
        "mkfifo {dir}/never && (sleep 600 < {dir}/never &) && yes j | {} > {dir}/never",
        server.ssh_command(&f.key("bob"), "-tt")
    );
    use std::os::unix::process::CommandExt;
    let mut frozen = std::process::Command::new("sh")
        .arg("-c")
        .arg(&frozen_cmd)
        .process_group(0)
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    server.wait_log("session start for \"bob@example\"", WAIT);

    // Meanwhile alice works normally.
    let t = Tmux::start(80, 24, &server.ssh_command(&f.key("alice"), "-tt"));
    t.wait_text("Maritime security");
    for _ in 0..3 {
        t.keys(&["j"]);
    }
    t.wait_for("alice's keys", WAIT, |s| s.contains("▶ Global health"));
    // A client that vanishes mid-frame.
    let mut vanishing = std::process::Command::new("sh")
        .arg("-c")
        .arg(format!(
            "yes k | {}",
            server.ssh_command(&f.key("bob"), "-tt")
        ))
        .process_group(0)
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    let mut buf = [0u8; 512];
    let _ = vanishing.stdout.as_mut().unwrap().read(&mut buf);
    kill_group(vanishing.id());
    let _ = vanishing.wait();
    t.keys(&["k"]);
    t.wait_for("alice still served", WAIT, |s| {
        s.contains("▶ Financial crime")
    });
    t.keys(&["q"]);
    t.wait_text("EXIT=0");
    // The whole group: sh, yes, ssh and the reader that never reads.
    kill_group(frozen.id());
    let _ = frozen.wait();
    let log = server.log_text();
    assert!(
        log.contains("127.0.0.2") && log.contains("connection refused: TooManyFromAddress"),
        "the flood hit the per-address cap:\n{log}"
    );
    drop(flood);
    drop(garbage);
}

/// Connects from a chosen loopback source address (std cannot bind before
/// connecting).
fn socket2_connect_from(source: &str, port: u16) -> Option<std::net::TcpStream> {
    use socket2::{Domain, Socket, Type};
    let socket = Socket::new(Domain::IPV4, Type::STREAM, None).ok()?;
    let from: std::net::SocketAddr = format!("{source}:0").parse().ok()?;
    socket.bind(&from.into()).ok()?;
    let to: std::net::SocketAddr = format!("127.0.0.1:{port}").parse().ok()?;
    socket
        .connect_timeout(&to.into(), Duration::from_secs(2))
        .ok()?;
    Some(socket.into())
}

#[test]
fn sigterm_tells_sessions_and_restores_their_terminals() {
    if !tools() {
        return;
    }
    let f = Fixture::new();
    let mut server = Server::start(&f, &[]);
    let t = Tmux::start(80, 24, &server.ssh_command(&f.key("alice"), "-tt"));
    t.wait_text("Maritime security");
    let status = server.stop("TERM");
    assert!(status.success(), "clean exit on SIGTERM");
    let screen = t.wait_text("EXIT=");
    assert!(
        screen.contains("coopdash serve is shutting down"),
        "{screen}"
    );
    assert_eq!(t.format("#{alternate_on}"), "0");
    assert!(server.log_text().contains("stopped"));
}

/// Kills a process group (a pipeline started with `process_group(0)`).
fn kill_group(pgid: u32) {
    let _ = std::process::Command::new("kill")
        .args(["-s", "KILL", "--"])
        .arg(format!("-{pgid}"))
        .status();
}

#[test]
fn a_note_from_one_analyst_appears_live_for_another() {
    if !tools() {
        return;
    }
    let f = Fixture::new();
    let server = Server::start(&f, &[]);
    let alice = Tmux::start(100, 30, &server.ssh_command(&f.key("alice"), "-tt"));
    let bob = Tmux::start(100, 30, &server.ssh_command(&f.key("bob"), "-tt"));
    alice.wait_text("Maritime security");
    bob.wait_text("Maritime security");
    bob.keys(&["5"]);
    bob.wait_text("no notes yet");
    alice.keys(&["a"]);
    alice.wait_text("C-s save");
    // Arabic typed over SSH arrives intact.
    let text = "ملاحظة من أليس";
    alice.type_text(text);
    alice.keys(&["C-s"]);
    alice.wait_text("note saved");
    // Signed with the verified key's name, and live in bob's session.
    bob.wait_text("alice@example ·");
    let store = coopdash::notes::Store::open(f.workspace().join("notes")).unwrap();
    let note = &store.notes()[0].note;
    assert_eq!(
        (note.body.as_str(), note.author.as_str()),
        (text, "alice@example")
    );
    alice.keys(&["q"]);
    bob.keys(&["q"]);
    alice.wait_text("EXIT=0");
}

#[test]
fn authorized_keys_are_reloaded_when_the_file_changes() {
    if !tools() {
        return;
    }
    let f = Fixture::new();
    let server = Server::start(&f, &[]);
    let refused = server.ssh(&f.key("mallory"), &["-tt"], &["true"]);
    assert!(!refused.status.success());
    // Authorize mallory (under another name) while the server runs.
    let line = std::fs::read_to_string(f.key("mallory").with_extension("pub")).unwrap();
    let line = format!("restrict,pty,environment=\"COOPDASH_AUTHOR=Mallory Analyst\" {line}");
    let keys = f.workspace().join(".coopdash/authorized_keys");
    let mut all = std::fs::read_to_string(&keys).unwrap();
    all.push_str(&line);
    std::fs::write(&keys, all).unwrap();
    let t = Tmux::start(80, 24, &server.ssh_command(&f.key("mallory"), "-tt"));
    t.wait_text("Maritime security");
    t.keys(&["q"]);
    t.wait_text("EXIT=0");
    assert!(
        server.log_text().contains("as \"Mallory Analyst\""),
        "{}",
        server.log_text()
    );
}

#[test]
fn an_idle_dashboard_sends_nothing() {
    if !tools() {
        return;
    }
    let f = Fixture::new();
    let server = Server::start(&f, &[]);
    let t = Tmux::start(80, 24, &server.ssh_command(&f.key("alice"), "-tt"));
    // The whole first frame is on the screen: the status bar (its last
    // row) is drawn.
    t.wait_text("bidi app · en");
    let sent = f.dir.path().join("sent");
    std::fs::write(&sent, "").unwrap();
    t.pipe_output(&sent);
    // Silence cannot be waited for, only watched: a window is unavoidable
    // here. It starts once the frame is complete, so nothing legitimate
    // falls into it, and it is long enough for a ticking redraw (a clock,
    // a spinner, a poll of the screen) to show.
    std::thread::sleep(Duration::from_secs(2));
    let idle = std::fs::read(&sent).unwrap();
    assert!(
        idle.is_empty(),
        "{} bytes sent while idle: {:?}",
        idle.len(),
        String::from_utf8_lossy(&idle)
    );
    // The connection and the pipe worked all along: a key gets its frame.
    t.keys(&["j"]);
    wait_until("a frame after a key", WAIT, || {
        let n = std::fs::metadata(&sent).unwrap().len();
        if n > 0 { Ok(()) } else { Err("nothing".into()) }
    });
    t.keys(&["q"]);
    t.wait_text("EXIT=0");
}

/// paramiko asks for the login service again before each key it tries,
/// which russh does not answer: after a refused key it would wait for the
/// whole login grace. The connection is closed a few seconds after a
/// refusal instead, while OpenSSH's next key (asked at once) still gets in.
#[test]
fn a_client_that_waits_after_a_refused_key_is_let_go_early() {
    if !tools() || !crate::support::require_python_module("paramiko") {
        return;
    }
    let f = Fixture::new();
    let server = Server::start(&f, &[]);
    let script = r#"
import sys, paramiko
t = paramiko.Transport(("127.0.0.1", int(sys.argv[1])))
t.start_client(timeout=30)
for key in sys.argv[2:]:
    try:
        t.auth_publickey("analyst", paramiko.Ed25519Key.from_private_key_file(key))
        print("in")
        break
    except Exception as e:
        print("refused:", type(e).__name__)
t.close()
"#;
    let out = std::process::Command::new("python3")
        .args(["-c", script, &server.port.to_string()])
        .arg(f.key("mallory"))
        .arg(f.key("alice"))
        .output()
        .unwrap();
    let said = String::from_utf8_lossy(&out.stdout);
    assert!(said.starts_with("refused:"), "{said} {out:?}");
    server.wait_log("asked nothing more within 5s of a refused login", WAIT);
    assert!(
        !server.log_text().contains("did not authenticate in time"),
        "{}",
        server.log_text()
    );
    // OpenSSH with the unknown key first still gets in on one connection.
    let alice = f.key("alice").display().to_string();
    // Logged in, then the command refused: exec is not offered.
    let ok = server.ssh(&f.key("mallory"), &["-i", &alice], &["true"]);
    let log = server.log_text();
    assert!(log.contains("as \"alice@example\""), "{ok:?}\n{log}");
}
