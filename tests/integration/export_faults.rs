//! `coopdash export -o FILE` where FILE cannot be written: a read-only
//! mount, a folder the user may not write, a full disk (a 64 KiB tmpfs).
//! The export always runs as `nobody`: these tests run as root, and root
//! ignores permissions (the mounts are made as root, then dropped).
//! Each must fail with a clear message and exit 1, leave an earlier export
//! at FILE byte-identical, and leave no temporary file behind.
//!
//! Mounts are made in a private mount namespace (`unshare -m`), so nothing
//! leaks to the host. A test whose tool is missing says so and skips (fails
//! under COOPDASH_REQUIRE_TOOLS); one whose privilege (to mount, to become
//! `nobody`) is missing skips too (fails under COOPDASH_REQUIRE_PRIVILEGED).

use crate::support::notes::*;
use crate::support::{self, can_mount};
use std::fs;
use std::path::Path;
use std::process::{Command, Output};

/// Exit code of the wrapper scripts when the mount itself failed.
const NO_MOUNT: i32 = 90;

/// What an earlier export left at the output path.
const EARLIER: &str = "{\"an\": \"earlier export, kept byte for byte\"}\n";

/// `setpriv` as one shell word list, to run a command as `nobody`; `None`
/// (the test skips) when that is not possible here.
fn nobody() -> Option<String> {
    support::as_nobody().map(|args| args.join(" "))
}

/// A workspace whose JSON export is larger than 64 KiB, and a folder
/// `out/` holding an earlier export, writable by `mode`.
fn fixture(mode: u32) -> Fixture {
    let f = Fixture::new();
    let long = "A paragraph on maritime security and cybercrime, repeated. ".repeat(40);
    let source: String = (0..60).map(|i| format!("{long}{i}\n\n")).collect();
    fs::write(f.ws().join("seeds/long.txt"), format!("Long\n\n{source}")).unwrap();
    let out = f.ws().join("out");
    fs::create_dir(&out).unwrap();
    fs::write(out.join("export.json"), EARLIER).unwrap();
    use std::os::unix::fs::PermissionsExt;
    fs::set_permissions(&out, fs::Permissions::from_mode(mode)).unwrap();
    f
}

/// `export -f json -o out/export.json`, run by `sh -c script` behind
/// `wrapper`, with `$1` the output folder and the command after it.
fn export(f: &Fixture, wrapper: &[&str], script: &str) -> Output {
    let inner = f.cmd(&["export", "-f", "json", "-o"]);
    let mut c = Command::new(wrapper[0]);
    c.args(&wrapper[1..])
        .args(["sh", "-c", script, "sh"])
        .arg(f.ws().join("out"))
        .arg(inner.get_program())
        .args(inner.get_args())
        .arg(f.ws().join("out/export.json"));
    for (k, v) in inner.get_envs() {
        match v {
            Some(v) => c.env(k, v),
            None => c.env_remove(k),
        };
    }
    c.output().unwrap()
}

/// The failure is clear, and the folder holds exactly the earlier export.
fn assert_untouched(out: &Output, says: &str, folder: &Path) {
    let err = stderr(out);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(
        err.contains("cannot write") && err.contains("export.json"),
        "{err}"
    );
    assert!(err.contains(says), "{err}");
    assert_eq!(
        files(folder),
        [folder.join("export.json")],
        "no temporary file is left"
    );
    assert_eq!(
        fs::read_to_string(folder.join("export.json")).unwrap(),
        EARLIER
    );
}

#[test]
fn the_export_is_larger_than_the_small_disk() {
    // Else the disk-full test would prove nothing.
    let f = fixture(0o755);
    let out = f.run(&["export", "-f", "json"], "");
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(out.stdout.len() > 64 * 1024, "{} bytes", out.stdout.len());
}

#[test]
fn read_only_mount() {
    if can_mount() != Some(true) {
        return;
    }
    let Some(nobody) = nobody() else { return };
    // A folder anyone may write, mounted read-only: the mount refuses.
    let f = fixture(0o777);
    let script = format!(
        "mount --bind \"$1\" \"$1\" && mount -o remount,bind,ro \"$1\" || exit {NO_MOUNT}; shift; exec {nobody} \"$@\""
    );
    let out = export(&f, &["unshare", "-m"], &script);
    assert_ne!(out.status.code(), Some(NO_MOUNT), "{}", stderr(&out));
    assert_untouched(&out, "Read-only file system", &f.ws().join("out"));
}

#[test]
fn folder_not_writable_by_the_user() {
    let Some(nobody) = nobody() else { return };
    let f = fixture(0o755);
    let out = export(&f, &["env"], &format!("shift; exec {nobody} \"$@\""));
    assert_untouched(&out, "Permission denied", &f.ws().join("out"));
}

#[test]
fn disk_full_on_a_small_tmpfs() {
    if can_mount() != Some(true) {
        return;
    }
    let Some(nobody) = nobody() else { return };
    let f = fixture(0o777);
    let seen = f.ws().join("seen");
    fs::create_dir(&seen).unwrap();
    // Mount 64 KiB (writable by anyone) over out/, put the earlier export
    // back in, export as nobody, and record what the folder holds
    // afterwards (the mount ends with the namespace).
    let script = format!(
        "cp -p \"$1\"/export.json '{s}'/ && mount -t tmpfs -o size=64k,mode=0777 tmpfs \"$1\" || exit {NO_MOUNT}
         cp -p '{s}'/export.json \"$1\"/ && rm '{s}'/export.json || exit 91
         dir=\"$1\"; shift; {nobody} \"$@\"; rc=$?
         cp -a \"$dir\"/. '{s}'/
         exit $rc",
        s = seen.display()
    );
    let out = export(&f, &["unshare", "-m"], &script);
    assert_ne!(out.status.code(), Some(NO_MOUNT), "{}", stderr(&out));
    assert_untouched(&out, "No space left on device", &seen);
}
