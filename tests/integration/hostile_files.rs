//! Files planted by anyone who can write to the workspace or its notes
//! folder: a note file too large to read, links out of the notes folder,
//! a link at the lock, an `exports` that is a link. Each costs bounded
//! memory and follows no link.

use crate::support::notes::*;
use crate::support::seed_copy;
use crate::support::ui::Dash;
use coopdash::workspace;
use ratatui::crossterm::event::KeyCode;
use std::fs;
use std::os::unix::fs::symlink;

/// A sparse 1 TiB note (no disk used) is refused from its size, unread:
/// reading it whole first would need a terabyte of memory.
#[test]
fn a_huge_note_file_is_refused_unread() {
    let f = Fixture::new();
    let good = ok_line(&f.run(&["note", "add", "cybercrime", "fine"], ""));
    let huge = fs::File::create(f.notes().join("huge.md")).unwrap();
    huge.set_len(1 << 40).unwrap();
    let out = f.run(&["note", "list"], "");
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(stdout(&out).contains(&good));
    let err = stderr(&out);
    assert!(
        err.contains("huge.md") && err.contains("1099511627776 bytes, over the limit"),
        "{err}"
    );
}

/// A note file that is a link to a file outside the folder is neither
/// listed nor shown; a link at `.lock` is not followed by `note rm`.
#[test]
fn links_in_the_notes_folder_are_not_followed() {
    let f = Fixture::new();
    let id = ok_line(&f.run(&["note", "add", "cybercrime", "mine"], ""));
    let outside = tempfile::tempdir().unwrap();
    let secret = outside.path().join("secret.md");
    fs::write(
        &secret,
        "---\nid: secret\nkind: note\ntarget: cybercrime\nauthor: x\ncreated: 2024-01-01T00:00:00Z\n---\nTOP SECRET\n",
    )
    .unwrap();
    symlink(&secret, f.notes().join("secret.md")).unwrap();
    let out = f.run(&["note", "list"], "");
    assert!(!stdout(&out).contains("TOP SECRET"), "{}", stdout(&out));

    let lock = f.notes().join(".lock");
    let _ = fs::remove_file(&lock);
    let target = outside.path().join("created-by-lock");
    symlink(&target, &lock).unwrap();
    let out = f.run(&["note", "rm", &id], "");
    assert!(!target.exists(), "the lock link was followed");
    assert!(!out.status.success(), "a lock it cannot take is an error");
}

/// Over `serve`, an `exports` that is a link to a folder outside the
/// workspace is refused, whenever the link was made.
#[test]
fn an_exports_link_out_of_the_workspace_is_refused() {
    let dir = seed_copy();
    let outside = tempfile::tempdir().unwrap();
    symlink(outside.path(), dir.path().join("exports")).unwrap();
    let mut s = Dash::new(workspace::load(dir.path()).unwrap(), 100, 30, false);
    s.confine_exports = true;
    s.press(KeyCode::Char('x'));
    s.press(KeyCode::End);
    while !s.overlays.export().unwrap().path.text().is_empty() {
        s.press(KeyCode::Backspace);
    }
    for c in "exports/mine.json".chars() {
        s.press(KeyCode::Char(c));
    }
    s.press(KeyCode::Enter);
    assert_eq!(
        fs::read_dir(outside.path()).unwrap().count(),
        0,
        "{:?}",
        s.status
    );
    let status = s
        .status
        .as_ref()
        .map(|s| s.text.clone())
        .unwrap_or_default();
    assert!(status.contains("symbolic link"), "{status}");
}
