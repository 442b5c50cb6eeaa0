//! Saving notes when the folder cannot take them: a read-only mount, a
//! folder the user may not write (run as `nobody`, since these tests run as
//! root and root ignores permissions), a full disk (a 64 KiB tmpfs), and
//! other write errors. Each must fail with a clear message, keep the text in
//! a recovery file, and leave the notes already there byte-identical.
//!
//! Mounts are made in a private mount namespace (`unshare -m`), so nothing
//! leaks to the host. A test whose tool is missing says so and skips, and
//! fails instead under COOPDASH_REQUIRE_TOOLS; one whose privilege (to
//! mount, to become `nobody`) is missing skips, and fails instead under
//! COOPDASH_REQUIRE_PRIVILEGED (both set in CI, which runs as root).

use crate::support::notes::*;
use crate::support::{as_nobody, can_mount};
use coopdash::notes::Store;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// Exit code of the wrapper scripts when the mount itself failed.
const NO_MOUNT: i32 = 90;

/// The notes folder the probe child checks.
const PROBE_DIR: &str = "COOPDASH_TEST_PROBE_DIR";

/// The body of a child process run inside the tests' mounts or as another
/// user: prints what [`Store::writable`] says about a folder.
#[test]
#[ignore = "the body of a child process; the tests below run it"]
fn child_probe() {
    let Ok(dir) = std::env::var(PROBE_DIR) else {
        eprintln!("not started as a child probe: nothing to do");
        return;
    };
    match Store::new(dir).writable() {
        Ok(()) => println!("probe: writable"),
        Err(e) => println!("probe: {e}"),
    }
}

/// This test binary, running only [`child_probe`] on `dir`, behind `wrapper`.
fn probe(wrapper: &[&str], script: &str, dir: &Path) -> Output {
    let mut c = Command::new(wrapper[0]);
    c.args(&wrapper[1..])
        .args(["sh", "-c", script, "sh"])
        .arg(dir)
        .arg(std::env::current_exe().unwrap())
        .args([
            "--ignored",
            "--exact",
            "notes_faults::child_probe",
            "--nocapture",
            "-q",
        ])
        .env(PROBE_DIR, dir);
    c.output().unwrap()
}

fn probe_says(out: &Output) -> String {
    stdout(out)
        .lines()
        .find_map(|l| l.strip_prefix("probe: "))
        .unwrap_or_else(|| panic!("no probe output: {}{}", stdout(out), stderr(out)))
        .to_string()
}

#[test]
fn writable_probe_on_plain_folders() {
    let f = Fixture::new();
    assert!(
        Store::new(f.notes()).writable().is_ok(),
        "missing, in a writable workspace"
    );
    fs::write(f.notes(), "a file").unwrap();
    let e = Store::new(f.notes()).writable().unwrap_err();
    assert!(e.to_string().starts_with("cannot write"), "{e}");
}

/// A notes folder holding one note, and a snapshot of its files.
fn with_one_note(f: &Fixture) -> (String, Vec<(PathBuf, Vec<u8>)>) {
    let id = ok_line(&f.run(&["note", "add", "cybercrime", "ملاحظة قائمة"], ""));
    (id, snapshot(&f.notes()))
}

/// Every file in `dir` (hidden ones too) by name, with its bytes: names,
/// not paths, so a folder can be compared with a copy of it.
fn snapshot(dir: &Path) -> Vec<(PathBuf, Vec<u8>)> {
    files(dir)
        .into_iter()
        .map(|p| {
            let bytes = fs::read(&p).unwrap();
            (PathBuf::from(p.file_name().unwrap()), bytes)
        })
        .collect()
}

/// The binary's arguments for adding `draft` from standard input, wrapped
/// in `script` run by `sh -c` (with `$1` the notes folder).
fn wrapped(f: &Fixture, wrapper: &[&str], script: &str) -> Command {
    let inner = f.cmd(&["note", "add", "cybercrime", "-"]);
    let mut c = Command::new(wrapper[0]);
    c.args(&wrapper[1..])
        .args(["sh", "-c", script, "sh"])
        .arg(f.notes())
        .arg(inner.get_program())
        .args(inner.get_args());
    for (k, v) in inner.get_envs() {
        match v {
            Some(v) => c.env(k, v),
            None => c.env_remove(k),
        };
    }
    c
}

/// Checks a failed save: the message, the recovery file, and the notes
/// folder (`after`: the folder, or a copy of it taken where the save ran)
/// as it was `before`.
fn assert_kept(
    f: &Fixture,
    out: &Output,
    draft: &str,
    says: &str,
    before: &[(PathBuf, Vec<u8>)],
    after: &Path,
) {
    let err = stderr(out);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(err.contains(says), "{err}");
    let recovered = f.recovered();
    assert_eq!(recovered.len(), 1, "{err}");
    assert!(
        err.contains(&recovered[0].display().to_string()),
        "the message names the file: {err}"
    );
    let kept = fs::read_to_string(&recovered[0]).unwrap();
    assert!(kept.contains(draft), "the draft is in the recovery file");
    assert!(!before.is_empty(), "a folder with notes to keep");
    let after = snapshot(after);
    let names = |s: &[(PathBuf, Vec<u8>)]| s.iter().map(|(n, _)| n.clone()).collect::<Vec<_>>();
    assert_eq!(
        names(&after),
        names(before),
        "the same files in the notes folder"
    );
    for ((name, got), (_, want)) in after.iter().zip(before) {
        assert!(got == want, "{} changed", name.display());
    }
}

#[test]
fn read_only_mount() {
    if can_mount() != Some(true) {
        return;
    }
    let f = Fixture::new();
    let (_, before) = with_one_note(&f);
    let script = format!(
        "mount --bind \"$1\" \"$1\" && mount -o remount,bind,ro \"$1\" || exit {NO_MOUNT}; shift; exec \"$@\""
    );
    let out = probe(&["unshare", "-m"], &script, &f.notes());
    assert_ne!(out.status.code(), Some(NO_MOUNT), "{}", stderr(&out));
    assert!(
        probe_says(&out).starts_with("notes are read-only here"),
        "{}",
        stdout(&out)
    );
    let draft = "مسودة على قرص للقراءة فقط";
    let out = run_with_input(wrapped(&f, &["unshare", "-m"], &script), draft);
    assert_ne!(out.status.code(), Some(NO_MOUNT), "{}", stderr(&out));
    assert_kept(
        &f,
        &out,
        draft,
        "notes are read-only here",
        &before,
        &f.notes(),
    );
    assert!(
        stderr(&out).contains("Read-only file system"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn folder_not_writable_by_the_user() {
    let Some(as_nobody) = as_nobody() else {
        return;
    };
    let f = Fixture::new();
    let (id, before) = with_one_note(&f);
    // Reading still works: the dashboard runs and shows the notes.
    let list = wrapped(&f, &as_nobody, "shift; exec \"$@\"");
    let args: Vec<_> = list.get_args().map(|a| a.to_os_string()).collect();
    let add_at = args.iter().position(|a| a == "add").unwrap();
    let mut listing = Command::new(as_nobody[0]);
    listing
        .args(&args[..add_at])
        .arg("list")
        .envs(list.get_envs().filter_map(|(k, v)| v.map(|v| (k, v))));
    let out = listing.output().unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(stdout(&out).contains(&id));

    let out = probe(&as_nobody, "shift; exec \"$@\"", &f.notes());
    assert!(
        probe_says(&out).starts_with("notes are read-only here"),
        "{}",
        stdout(&out)
    );
    let draft = "a draft nobody may save";
    let out = run_with_input(wrapped(&f, &as_nobody, "shift; exec \"$@\""), draft);
    assert_kept(
        &f,
        &out,
        draft,
        "notes are read-only here",
        &before,
        &f.notes(),
    );
    assert!(
        stderr(&out).contains("Permission denied"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn disk_full_on_a_small_tmpfs() {
    if can_mount() != Some(true) {
        return;
    }
    let f = Fixture::new();
    // Taken before the run: what the folder must still hold after it.
    let (_, before) = with_one_note(&f);
    let seen = f.ws().join("seen");
    fs::create_dir(&seen).unwrap();
    // Mount 64 KiB over the folder, put its files back in, try to add a
    // 100 KB note, and copy out what the folder holds afterwards (the
    // mount ends with the namespace).
    let script = format!(
        "cp -a \"$1\"/. '{s}/orig' && mount -t tmpfs -o size=64k tmpfs \"$1\" || exit {NO_MOUNT}
         cp -a '{s}/orig/.' \"$1\"/ || exit 91
         notes=\"$1\"; shift; \"$@\"; rc=$?
         cp -a \"$notes\"/. '{s}/after' || exit 92
         exit $rc",
        s = seen.display()
    );
    let draft = "ن".repeat(50_000);
    let out = run_with_input(wrapped(&f, &["unshare", "-m"], &script), &draft);
    assert_ne!(out.status.code(), Some(NO_MOUNT), "{}", stderr(&out));
    // No partial or temporary file is left, and the note is unchanged.
    assert_kept(
        &f,
        &out,
        &draft,
        "the disk is full",
        &before,
        &seen.join("after"),
    );
    assert!(
        stderr(&out).contains("No space left on device"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn file_size_limit_fails_the_write_and_keeps_the_folder() {
    // Runs everywhere: the file-size limit turns the write into a real
    // EFBIG through the same path. The recovery file is over the limit too,
    // so the message must say that no copy could be kept.
    let f = Fixture::new();
    let (_, before) = with_one_note(&f);
    let script = "trap '' XFSZ; ulimit -f 2; shift; exec \"$@\"";
    let draft = "x".repeat(8 * 1024);
    let out = run_with_input(wrapped(&f, &["env"], script), &draft);
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(
        err.contains("cannot write") && err.contains("File too large"),
        "{err}"
    );
    assert!(
        err.contains("no recovery file could be written either"),
        "{err}"
    );
    assert_eq!(snapshot(&f.notes()), before);
}

#[test]
fn notes_path_that_is_a_file_is_a_write_error_with_recovery() {
    let f = Fixture::new();
    fs::write(f.notes(), "not a folder").unwrap();
    let draft = "نص لا يضيع";
    let out = f.run(&["note", "add", "interpol", "-"], draft);
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(err.contains("cannot write"), "{err}");
    let recovered = f.recovered();
    assert_eq!(recovered.len(), 1, "{err}");
    assert!(fs::read_to_string(&recovered[0]).unwrap().contains(draft));
    assert_eq!(fs::read_to_string(f.notes()).unwrap(), "not a folder");
}
