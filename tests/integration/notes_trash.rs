//! The trash through the real binary (`note rm`, `note restore`,
//! `note list --trash`) and through a dashboard's finder.

use crate::support::notes::*;
use crate::support::ui::Dash;
use coopdash::notes::{Note, NoteKind, SharedNotes, Store};
use coopdash::search::Kind;
use ratatui::crossterm::event::KeyCode;
use std::fs;
use std::path::Path;
use std::time::{Duration, SystemTime};

fn trash(f: &Fixture) -> std::path::PathBuf {
    f.notes().join(".trash")
}

/// Dates a file `days` back, as if it had been trashed then.
fn age(file: &Path, days: u64) {
    let then = SystemTime::now() - Duration::from_secs(days * 24 * 60 * 60);
    let f = fs::OpenOptions::new().write(true).open(file).unwrap();
    f.set_modified(then).unwrap();
}

#[test]
fn rm_then_restore_gives_back_the_same_file() {
    let f = Fixture::new();
    let id = ok_line(&f.run(
        &[
            "note",
            "add",
            "interpol",
            "--passage",
            "talk:3",
            "زيارة ليون",
        ],
        "",
    ));
    let other = ok_line(&f.run(&["note", "add", "cybercrime", "stays"], ""));
    let file = f.notes().join(format!("{id}.md"));
    let bytes = fs::read(&file).unwrap();

    let out = f.run(&["note", "rm", &id], "");
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(stderr(&out).contains("note restore"), "{}", stderr(&out));
    assert!(!file.exists());
    let copy = trash(&f).join(format!("{id}.md"));
    assert_eq!(fs::read(&copy).unwrap(), bytes);

    // Listed only with --trash.
    let live = stdout(&f.run(&["note", "list"], ""));
    assert!(live.contains(&other) && !live.contains(&id), "{live}");
    let trashed = stdout(&f.run(&["note", "list", "--trash"], ""));
    assert!(
        trashed.contains(&id) && !trashed.contains(&other),
        "{trashed}"
    );
    assert!(
        trashed.contains("    deleted ") && trashed.contains("زيارة ليون"),
        "{trashed}"
    );
    let json = f.run(&["note", "list", "--trash", "--json", "interpol"], "");
    let json: serde_json::Value = serde_json::from_slice(&json.stdout).unwrap();
    assert_eq!(json.as_array().unwrap().len(), 1);
    assert_eq!(json[0]["id"], id.as_str());

    // By an unambiguous start of the id, like the other note commands.
    let out = f.run(&["note", "restore", &id[..id.len() - 2]], "");
    assert_eq!(ok_line(&out), id);
    assert_eq!(fs::read(&file).unwrap(), bytes, "byte for byte");
    assert!(!copy.exists());
    assert!(stdout(&f.run(&["note", "list"], "")).contains(&id));

    // Nothing to restore any more: refused, with where to look.
    let out = f.run(&["note", "restore", &id], "");
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains("not in the trash"),
        "{}",
        stderr(&out)
    );
    assert!(
        stderr(&out).contains("note list --trash"),
        "{}",
        stderr(&out)
    );
    assert_eq!(fs::read(&file).unwrap(), bytes);
}

#[test]
fn restore_never_replaces_a_live_note() {
    let f = Fixture::new();
    let id = ok_line(&f.run(&["note", "add", "interpol", "old text"], ""));
    let file = f.notes().join(format!("{id}.md"));
    let old = fs::read(&file).unwrap();
    assert!(f.run(&["note", "rm", &id], "").status.success());
    // Someone wrote a note of that id again meanwhile.
    let newer = String::from_utf8(old.clone())
        .unwrap()
        .replace("old text", "new text");
    fs::write(&file, &newer).unwrap();

    let out = f.run(&["note", "restore", &id], "");
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("exists"), "{}", stderr(&out));
    assert_eq!(fs::read_to_string(&file).unwrap(), newer);
    assert_eq!(fs::read(trash(&f).join(format!("{id}.md"))).unwrap(), old);

    // Deleted again, it does not clobber the first copy either.
    assert!(f.run(&["note", "rm", &id], "").status.success());
    assert_eq!(fs::read(trash(&f).join(format!("{id}.md"))).unwrap(), old);
    assert_eq!(
        fs::read_to_string(trash(&f).join(format!("{id}~1.md"))).unwrap(),
        newer
    );
    assert_eq!(ok_line(&f.run(&["note", "restore", &id], "")), id);
    assert_eq!(
        fs::read_to_string(&file).unwrap(),
        newer,
        "the last deleted"
    );
}

#[test]
fn the_trash_is_emptied_of_notes_deleted_thirty_days_ago() {
    let f = Fixture::new();
    let old = ok_line(&f.run(&["note", "add", "interpol", "old"], ""));
    let young = ok_line(&f.run(&["note", "add", "interpol", "young"], ""));
    for id in [&old, &young] {
        assert!(f.run(&["note", "rm", id], "").status.success());
    }
    age(&trash(&f).join(format!("{old}.md")), 31);
    age(&trash(&f).join(format!("{young}.md")), 29);

    let listed = stdout(&f.run(&["note", "list", "--trash"], ""));
    assert!(
        listed.contains(&young) && !listed.contains(&old),
        "{listed}"
    );
    assert!(!trash(&f).join(format!("{old}.md")).exists());
    let out = f.run(&["note", "restore", &old], "");
    assert!(
        stderr(&out).contains("not in the trash"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn a_link_planted_at_the_trash_is_refused() {
    let f = Fixture::new();
    let id = ok_line(&f.run(&["note", "add", "interpol", "kept"], ""));
    let outside = f.ws().join("elsewhere");
    fs::create_dir(&outside).unwrap();
    // What a restore through the link would bring in, and a purge remove.
    let bait = outside.join(format!("{id}.md"));
    fs::copy(f.notes().join(format!("{id}.md")), &bait).unwrap();
    age(&bait, 40);
    std::os::unix::fs::symlink(&outside, trash(&f)).unwrap();

    let out = f.run(&["note", "rm", &id], "");
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("symbolic link"), "{}", stderr(&out));
    assert!(stdout(&f.run(&["note", "list"], "")).contains(&id), "kept");
    let out = f.run(&["note", "list", "--trash"], "");
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("symbolic link"), "{}", stderr(&out));

    fs::remove_file(f.notes().join(format!("{id}.md"))).unwrap();
    let out = f.run(&["note", "restore", &id], "");
    assert_eq!(out.status.code(), Some(1));
    assert!(!f.notes().join(format!("{id}.md")).exists());
    assert!(bait.exists(), "nothing purged through the link");
    assert_eq!(fs::read_dir(&outside).unwrap().count(), 1);
}

#[test]
fn the_finder_does_not_find_trashed_notes_until_they_are_restored() {
    let dir = tempfile::tempdir().unwrap();
    let notes = dir.path().join("notes");
    let mut store = Store::open(&notes).unwrap();
    let add = |store: &mut Store, body| {
        let note = Note::new(
            NoteKind::Note,
            "interpol".parse().unwrap(),
            None,
            "salma",
            body,
        );
        store.add(note).unwrap()
    };
    add(&mut store, "زيارة ليون الأسبوع المقبل");
    let gone = add(&mut store, "اجتماع طوكيو في الربيع");
    store.delete(&gone).unwrap();

    let shared = SharedNotes::open(&notes).unwrap();
    let mut f = Dash::seed(100, 30).with_search().with_notes(&shared);
    f.press(KeyCode::Char('/'));
    let notes_found = |found: coopdash::ui::finder::Found| {
        found.rows.iter().filter(|r| r.kind == Kind::Note).count()
    };
    let found = f.find("ليون");
    assert_eq!(notes_found(found), 1, "the live note is found");
    f.clear_query();
    let found = f.find("طوكيو");
    assert_eq!(notes_found(found), 0, "the trashed one is not");
    f.clear_query();

    shared.lock().restore(&gone.note.id).unwrap();
    f.reload_notes();
    // Words not asked before: a late answer to the earlier query (its full
    // ranking) may still be on its way, and would pass for this one.
    let found = f.find("طوكيو الربيع");
    assert_eq!(notes_found(found), 1, "restored, it is found again");
}

/// In a shared sticky folder (anyone may add a file, only its owner remove
/// it) another user's delete fails after the copy is made: the note stays,
/// and no copy is left in the trash to restore over it later.
#[test]
fn a_delete_refused_by_the_folder_leaves_no_copy() {
    use std::os::unix::fs::PermissionsExt;
    let Some(as_nobody) = crate::support::as_nobody() else {
        return;
    };
    let f = Fixture::new();
    let id = ok_line(&f.run(&["note", "add", "interpol", "root's note"], ""));
    fs::create_dir(trash(&f)).unwrap();
    for dir in [f.notes(), trash(&f)] {
        fs::set_permissions(&dir, fs::Permissions::from_mode(0o1777)).unwrap();
    }
    let inner = f.cmd(&["note", "rm", &id]);
    let mut rm = std::process::Command::new(as_nobody[0]);
    rm.args(&as_nobody[1..])
        .arg(inner.get_program())
        .args(inner.get_args());
    for (k, v) in inner.get_envs() {
        match v {
            Some(v) => rm.env(k, v),
            None => rm.env_remove(k),
        };
    }
    let out = rm.output().unwrap();
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert!(
        f.notes().join(format!("{id}.md")).exists(),
        "the note stays"
    );
    assert_eq!(fs::read_dir(trash(&f)).unwrap().count(), 0, "no copy left");
}
