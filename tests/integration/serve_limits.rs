//! `serve` under load, over real sockets from several 127.x.y.z source
//! addresses, bounded in count and time: strangers cannot keep analysts
//! out, one key cannot take more than its share, offered keys are not
//! failures. Timings are for `bench/serve_load.sh`, not here.

use crate::support::ssh::{Fixture, Server};
use crate::support::ssh_client::{connect, dashboard, login, runtime, tcp_from};
use crate::support::{require_tools, wait_until};
use std::process::Command;
use std::time::Duration;

fn tools() -> bool {
    require_tools(&["ssh", "ssh-keygen"])
}

/// Waits (generously) until the server's log satisfies `cond`.
fn wait_log(server: &Server, what: &str, cond: impl Fn(&str) -> bool) {
    wait_until(what, Duration::from_secs(60), || {
        let log = server.log_text();
        if cond(&log) { Ok(()) } else { Err(log) }
    });
}

/// 64 silent connections from 64 addresses (never a banner) fill the
/// budget of 60 for connections not logged in; alice still logs in and
/// gets her dashboard, because a newcomer displaces the oldest silent one.
#[test]
fn a_login_gets_through_a_flood_of_silent_connections() {
    if !tools() {
        return;
    }
    let f = Fixture::new();
    // A long banner grace: the flood holds its sockets for the whole test.
    let server = Server::start(&f, &["--banner-grace", "600"]);
    let flood: Vec<_> = (1..=64)
        .filter_map(|i| tcp_from(&format!("127.0.1.{i}"), server.port).ok())
        .collect();
    assert_eq!(flood.len(), 64);
    wait_log(&server, "the flood to be admitted", |log| {
        log.matches("127.0.1.").count() >= 64
    });
    let rt = runtime();
    rt.block_on(async {
        let mut alice = connect("127.0.0.1", server.port).await.expect("connected");
        assert!(
            login(&mut alice, &f.key("alice")).await.unwrap(),
            "logged in"
        );
        dashboard(&alice, 80, 24).await.expect("a dashboard");
    });
    let log = server.log_text();
    assert!(
        log.contains("dropped: silent while the login budget was full"),
        "the budget was full and a silent one made room:\n{log}"
    );
    assert!(log.contains("session start for \"alice@example\""), "{log}");
    drop(flood);
}

/// After the shell, a second session channel on the same connection is
/// refused; a key's dashboards are capped across connections; a pty is
/// clamped; the screen memory budget refuses what it cannot hold.
#[test]
fn one_dashboard_per_connection_and_per_key_caps() {
    if !tools() {
        return;
    }
    let f = Fixture::new();
    let server = Server::start(
        &f,
        &[
            "--max-per-key",
            "2",
            "--max-pty",
            "150x50",
            "--screen-memory",
            "1",
        ],
    );
    let rt = runtime();
    rt.block_on(async {
        let mut one = connect("127.0.0.1", server.port).await.unwrap();
        assert!(login(&mut one, &f.key("alice")).await.unwrap());
        // A huge pty is drawn at 150x50 (720 KB of the 1 MiB budget).
        let _first = dashboard(&one, 10000, 10000)
            .await
            .expect("clamped, then admitted");
        let second = dashboard(&one, 80, 24).await;
        assert!(second.is_err(), "a second dashboard on one connection");

        let mut two = connect("127.0.0.2", server.port).await.unwrap();
        assert!(login(&mut two, &f.key("alice")).await.unwrap());
        // 150x50 again would pass the key cap but not the budget.
        let refused = dashboard(&two, 150, 50).await.expect_err("over the budget");
        assert!(refused.contains("screen memory limit"), "{refused}");
        let mut three = connect("127.0.0.3", server.port).await.unwrap();
        assert!(login(&mut three, &f.key("alice")).await.unwrap());
        let _small = dashboard(&three, 20, 10).await.expect("within both");
        let mut four = connect("127.0.0.4", server.port).await.unwrap();
        assert!(login(&mut four, &f.key("alice")).await.unwrap());
        let refused = dashboard(&four, 20, 10)
            .await
            .expect_err("a third for one key");
        assert!(refused.contains("most dashboards"), "{refused}");
        // Another key is not held back by alice's cap.
        let mut bob = connect("127.0.0.5", server.port).await.unwrap();
        assert!(login(&mut bob, &f.key("bob")).await.unwrap());
        dashboard(&bob, 20, 10).await.expect("bob's own");
    });
    let log = server.log_text();
    assert!(
        log.contains("session start for \"alice@example\" at 150x50"),
        "{log}"
    );
    assert!(log.contains("refused a second session channel"), "{log}");
}

/// An unknown key offered (a query, no signature) is a question, not a
/// failure: a user whose agent holds three other keys logs in again and
/// again. Before, each offer counted toward the address's block of 10.
#[test]
fn offered_keys_do_not_block_the_address() {
    if !tools() {
        return;
    }
    let f = Fixture::new();
    let server = Server::start(&f, &[]);
    let mut identities = Vec::new();
    for n in 0..3 {
        let key = f.dir.path().join(format!("other{n}"));
        let ok = Command::new("ssh-keygen")
            .args(["-q", "-t", "ed25519", "-N", "", "-f"])
            .arg(&key)
            .status()
            .unwrap();
        assert!(ok.success());
        identities.extend(["-i".to_string(), key.display().to_string()]);
    }
    // The others first: ssh offers identities in the order given.
    identities.extend(["-i".to_string(), f.key("alice").display().to_string()]);
    let first = f.dir.path().join("other0");
    let opts: Vec<&str> = identities[2..].iter().map(String::as_str).collect();
    for _ in 0..5 {
        // Exec is refused, but only after a login.
        let _ = server.ssh(&first, &opts, &["true"]);
    }
    let log = server.log_text();
    assert_eq!(log.matches("auth ok").count(), 5, "{log}");
    assert!(!log.contains("TooManyFailures"), "{log}");
}

/// A signed login right after a failed one on the same connection (as
/// paramiko does) is answered at once, not at the end of the login grace.
#[test]
fn a_second_signed_attempt_is_answered() {
    if !tools() {
        return;
    }
    let f = Fixture::new();
    let server = Server::start(&f, &["--login-grace", "600"]);
    let rt = runtime();
    rt.block_on(async {
        let mut c = connect("127.0.0.1", server.port).await.unwrap();
        assert!(!login(&mut c, &f.key("mallory")).await.unwrap());
        let second = tokio::time::timeout(Duration::from_secs(60), login(&mut c, &f.key("alice")))
            .await
            .expect("answered well before the 600 s grace");
        assert!(second.unwrap());
    });
}

/// The login-grace timer ends with its connection: a connection that
/// already closed is not reported as "did not authenticate in time".
#[test]
fn no_grace_message_for_a_closed_connection() {
    if !tools() {
        return;
    }
    let f = Fixture::new();
    let server = Server::start(&f, &["--login-grace", "2"]);
    let rt = runtime();
    rt.block_on(async {
        let c = connect("127.0.0.2", server.port).await.unwrap();
        let _ = c
            .disconnect(russh::Disconnect::ByApplication, "bye", "")
            .await;
    });
    wait_log(&server, "the first to be gone", |log| {
        log.lines()
            .any(|l| l.contains("127.0.0.2") && l.contains("disconnected"))
    });
    // A second one stays silent after its banner: its grace message comes,
    // and by then the first one's would have too.
    rt.block_on(async {
        let _c = connect("127.0.0.3", server.port).await.unwrap();
        wait_log(&server, "the second's grace to end", |log| {
            log.contains("did not authenticate in time")
        });
    });
    let log = server.log_text();
    assert!(
        !log.lines()
            .any(|l| l.contains("127.0.0.2") && l.contains("did not authenticate")),
        "{log}"
    );
}

/// ssh-audit (PyPI) against `serve`: no failure, and no warning but the
/// post-quantum ones for the classical key exchanges kept for
/// compatibility. Its DHEat check opens connections as fast as it can
/// from one address: the per-address rate keeps that under 20 a second.
#[test]
fn ssh_audit_finds_no_failure_and_only_post_quantum_warnings() {
    if !tools() || !crate::support::require_tool("ssh-audit") {
        return;
    }
    let f = Fixture::new();
    let server = Server::start(&f, &[]);
    let out = Command::new("ssh-audit")
        .args(["--no-colors", "-p", &server.port.to_string(), "127.0.0.1"])
        .output()
        .unwrap();
    let report = String::from_utf8_lossy(&out.stdout);
    assert!(report.contains("mlkem768x25519-sha256"), "{report}");
    let bad: Vec<&str> = report
        .lines()
        .filter(|l| l.contains("[fail]") || (l.contains("[warn]") && !l.contains("post-quantum")))
        .collect();
    assert!(
        bad.is_empty(),
        "{}\n\nfull report:\n{report}",
        bad.join("\n")
    );
}
