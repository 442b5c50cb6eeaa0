//! `coopdash sync` when things go wrong: the remote offline, moving on or
//! hanging, a killed sync, a stale lock, what it refuses and why.

use crate::support::{copy_seed_to, require_tool, stderr, stdout, wait_until};
use crate::sync::{Net, add_notes, assert_clean, cmd, git, note_files, sync, sync_ok};
use std::fs;
use std::process::{Command, Stdio};
use std::time::{Duration, SystemTime};

#[test]
fn offline_keeps_the_commit_and_the_next_sync_sends_it() {
    if !require_tool("git") {
        return;
    }
    let net = Net::new();
    let a = net.a();
    let remote = net.remote().display().to_string();
    git(
        &a,
        &["remote", "set-url", "origin", "/nonexistent/remote.git"],
    );
    add_notes(&a, "ana", 2);
    let out = sync_ok(&a);
    assert!(out.contains("2 changes not yet shared: offline"), "{out}");
    assert_eq!(git(&a, &["status", "--porcelain"]), "", "committed locally");
    let out = sync_ok(&a);
    assert!(out.contains("committed: nothing new"), "{out}");
    assert!(out.contains("2 changes not yet shared: offline"), "{out}");
    git(&a, &["remote", "set-url", "origin", &remote]);
    let out = sync_ok(&a);
    assert!(out.contains("went out: 2 files"), "{out}");
    assert!(out.contains("not yet shared: nothing"), "{out}");
    let on_remote = git(&net.remote(), &["ls-tree", "--name-only", "main", "notes/"]);
    assert_eq!(on_remote.lines().count(), 2);
}

#[test]
fn a_push_refused_because_the_remote_moved_is_retried() {
    if !require_tool("git") {
        return;
    }
    let net = Net::new();
    let (a, b) = (net.a(), net.b());
    add_notes(&a, "ana", 1);
    git(&a, &["add", "notes"]);
    git(&a, &["commit", "-qm", "ana's note"]);
    // The first time b pushes, a pushes first: b's push is refused.
    let hook = b.join(".git/hooks/pre-push");
    fs::write(
        &hook,
        format!(
            "#!/bin/sh\n[ -e \"$0.done\" ] && exit 0\ntouch \"$0.done\"\nunset GIT_DIR GIT_INDEX_FILE GIT_WORK_TREE GIT_PREFIX\ngit -C '{}' push -q origin main\n",
            a.display()
        ),
    )
    .unwrap();
    use std::os::unix::fs::PermissionsExt;
    fs::set_permissions(&hook, fs::Permissions::from_mode(0o755)).unwrap();
    add_notes(&b, "bo", 1);
    let out = sync_ok(&b);
    assert!(b.join(".git/hooks/pre-push.done").exists(), "the hook ran");
    assert!(
        out.contains("came in: notes: +1 ~0 -0"),
        "the retry merged a's note: {out}"
    );
    let on_remote = git(&net.remote(), &["ls-tree", "--name-only", "main", "notes/"]);
    assert_eq!(on_remote.lines().count(), 2, "{out}");
    assert_clean(&b);
}

#[test]
fn a_stale_index_lock_is_removed_and_a_fresh_one_refused() {
    if !require_tool("git") {
        return;
    }
    let net = Net::new();
    let a = net.a();
    add_notes(&a, "ana", 1);
    let lock = a.join(".git/index.lock");
    fs::write(&lock, "").unwrap();
    let o = sync(&a);
    assert!(!o.status.success());
    assert!(
        stderr(&o).contains("another git is working in this repository"),
        "{}",
        stderr(&o)
    );
    assert!(lock.exists(), "a fresh lock is left alone");
    let hour_ago = SystemTime::now() - Duration::from_secs(3600);
    fs::File::options()
        .write(true)
        .open(&lock)
        .unwrap()
        .set_modified(hour_ago)
        .unwrap();
    let out = sync_ok(&a);
    assert!(
        out.contains("recovered: removed") && out.contains("index.lock"),
        "{out}"
    );
    assert!(out.contains("went out: 1 files"), "{out}");
    assert_clean(&a);
}

#[test]
fn a_sync_killed_at_any_point_is_recovered_by_the_next() {
    if !require_tool("git") {
        return;
    }
    let net = Net::new();
    let (a, b) = (net.a(), net.b());
    let mut expected = 0;
    for delay_ms in [0u64, 10, 25, 50, 80, 120, 180, 260] {
        // Both sides have something new, so the sync in b merges.
        add_notes(&a, "ana", 3);
        sync_ok(&a);
        add_notes(&b, "bo", 3);
        expected += 6;
        let mut child = cmd(&b, "bo", &["sync"])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        std::thread::sleep(Duration::from_millis(delay_ms));
        let _ = child.kill();
        let _ = child.wait();
        // A git the killed sync started may still be finishing.
        let out = wait_until("a sync after the kill", Duration::from_secs(30), || {
            let o = sync(&b);
            if o.status.success() {
                Ok(stdout(&o))
            } else {
                Err(stderr(&o))
            }
        });
        assert!(out.contains("not yet shared: nothing"), "{out}");
        assert_clean(&b);
        assert_eq!(
            note_files(&b).len(),
            expected,
            "after a kill at {delay_ms} ms"
        );
    }
    sync_ok(&a);
    assert_eq!(note_files(&a), note_files(&b));
}

#[test]
fn refusals_say_why_and_what_to_run() {
    if !require_tool("git") {
        return;
    }
    let plain = tempfile::tempdir().unwrap();
    copy_seed_to(plain.path());
    let o = sync(plain.path());
    assert!(!o.status.success());
    let err = stderr(&o);
    assert!(
        err.contains("not in a git repository") && err.contains("git init"),
        "{err}"
    );
    assert!(err.contains("coopdash init --git DIR"), "{err}");

    let net = Net::new();
    let a = net.a();
    fs::create_dir_all(a.join(".coopdash")).unwrap();
    fs::write(a.join(".coopdash/authorized_keys"), "").unwrap();
    git(&a, &["add", "-f", ".coopdash/authorized_keys"]);
    git(&a, &["commit", "-qm", "oops"]);
    let o = sync(&a);
    assert!(!o.status.success());
    assert!(
        stderr(&o).contains("git rm -r --cached .coopdash"),
        "{}",
        stderr(&o)
    );

    git(&a, &["rm", "-q", "-r", "--cached", ".coopdash"]);
    git(&a, &["commit", "-qm", "untrack"]);
    let rebase = a.join(".git/rebase-merge");
    fs::create_dir_all(&rebase).unwrap();
    let o = sync(&a);
    assert!(stderr(&o).contains("git rebase --abort"), "{}", stderr(&o));
    fs::remove_dir_all(&rebase).unwrap();

    // A repository without a remote: committed, and said.
    let solo = tempfile::tempdir().unwrap();
    copy_seed_to(solo.path());
    git(solo.path(), &["init", "-q", "-b", "main"]);
    add_notes(solo.path(), "ana", 1);
    let out = sync_ok(solo.path());
    assert!(
        out.contains("not yet shared: no remote") && out.contains("git remote add"),
        "{out}"
    );
    // themes.yaml and seeds/ were committed too, by explicit paths.
    let tracked = git(solo.path(), &["ls-files"]);
    assert!(
        tracked.contains("themes.yaml") && tracked.contains("seeds/"),
        "{tracked}"
    );
    let log = cmd(solo.path(), "x", &["log"]).output().unwrap();
    assert!(
        stdout(&log).contains("syncer") || stdout(&log).contains("ana"),
        "{}",
        stdout(&log)
    );
}

#[test]
fn a_remote_that_hangs_is_offline_after_the_timeout_and_ctrl_c_stops_it() {
    if !crate::support::require_tools(&["git", "pgrep"]) {
        return;
    }
    let net = Net::new();
    let a = net.a();
    let remote = net.remote().display().to_string();
    // An SSH remote whose "ssh" never answers.
    git(
        &a,
        &[
            "remote",
            "set-url",
            "origin",
            "ssh://example.invalid/remote.git",
        ],
    );
    let hang = |c: &mut Command| {
        c.env("GIT_SSH_COMMAND", "sh -c 'sleep 60' --");
    };
    add_notes(&a, "ana", 1);
    let start = std::time::Instant::now();
    let mut c = cmd(&a, "ana", &["sync", "--git-timeout", "1"]);
    hang(&mut c);
    let o = c.output().unwrap();
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(
        stdout(&o).contains("1 change not yet shared: offline"),
        "{}",
        stdout(&o)
    );
    assert!(stdout(&o).contains("no answer within 1s"), "{}", stdout(&o));
    assert!(start.elapsed() < Duration::from_secs(20));

    // Ctrl-C (SIGINT) stops the sync and the git it was waiting on.
    let mut c = cmd(&a, "ana", &["sync"]);
    hang(&mut c);
    let child = c
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let pid = child.id().to_string();
    // Once the fetch is under way (its `sleep` started), interrupt.
    wait_until("the fetch to start", Duration::from_secs(20), || {
        let o = Command::new("pgrep")
            .args(["-f", "sleep 60"])
            .output()
            .unwrap();
        if o.status.success() {
            Ok(())
        } else {
            Err("no sleep yet".into())
        }
    });
    Command::new("kill").args(["-INT", &pid]).status().unwrap();
    let start = std::time::Instant::now();
    let o = child.wait_with_output().unwrap();
    assert!(start.elapsed() < Duration::from_secs(10));
    assert!(!o.status.success());
    assert!(stderr(&o).contains("sync interrupted"), "{}", stderr(&o));
    wait_until("the hung ssh to be gone", Duration::from_secs(10), || {
        let o = Command::new("pgrep")
            .args(["-f", "sleep 60"])
            .output()
            .unwrap();
        if o.status.success() {
            Err("still running".into())
        } else {
            Ok(())
        }
    });
    git(&a, &["remote", "set-url", "origin", &remote]);
    let out = sync_ok(&a);
    assert!(out.contains("went out: 1 files"), "{out}");
    assert_clean(&a);
}
