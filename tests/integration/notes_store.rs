//! The notes store through the library: round trips, conflicts, deletes,
//! malformed files, orphans, recovery, refresh.

use crate::support::notes::*;
use coopdash::anchor::{Method, Orphaned, TextAnchor};
use coopdash::model::Span;
use coopdash::notes::{
    Deleted, Edited, Note, NoteKind, NotesError, OrphanReason, Store, Target, TargetRef, format,
    orphans, place,
};
use std::fs;

fn item(id: &str) -> Target {
    Target::Item(id.into())
}

/// "الجريمة السيبرية" in passage 2 of the fixture.
fn span_anchor(f: &Fixture) -> TextAnchor {
    let ws = f.workspace();
    let text = &ws.sources[0].passages[1].text;
    let at = text.find("الجريمة السيبرية").unwrap();
    TextAnchor::capture(
        &ws,
        &Span {
            source: 0,
            passage: 1,
            range: at..at + "الجريمة السيبرية".len(),
        },
    )
}

#[test]
fn every_field_round_trips_and_the_file_is_byte_stable() {
    let f = Fixture::new();
    let mut store = Store::new(f.notes());
    let mut note = Note::new(
        NoteKind::Link,
        item("cybercrime"),
        Some(span_anchor(&f)),
        "سلمى",
        "## تعاون\n\nThe *link* holds: «الجريمة السيبرية».\n",
    );
    note.conflict_of = Some("20260101T000000000Z-00000000".into());
    let saved = store.add(note.clone()).unwrap();
    assert_eq!(saved.note, note);
    let path = f.notes().join(format!("{}.md", note.id));
    let first = fs::read(&path).unwrap();

    let loaded = open_clean(&f.notes());
    assert_eq!(loaded.get(&note.id).unwrap().note, note);
    // Parsing and rendering again gives the same bytes.
    let parsed = format::parse(&path, &first).unwrap();
    assert_eq!(format::render(&parsed).as_bytes(), first.as_slice());

    // An edit changes the body and `updated` only; other lines stay put.
    let mut store = loaded;
    let base = store.get(&note.id).unwrap().clone();
    let Edited::Saved(after) = store.edit(&base, "نص جديد").unwrap() else {
        panic!("expected a plain save");
    };
    let second = fs::read_to_string(&path).unwrap();
    let first = String::from_utf8(first).unwrap();
    let head = |t: &str| -> Vec<String> {
        let end = t.find("\n---\n").unwrap();
        t[..end]
            .lines()
            .filter(|l| !l.starts_with("updated:"))
            .map(str::to_string)
            .collect()
    };
    assert_eq!(head(&first), head(&second));
    assert!(second.ends_with("---\nنص جديد\n"));
    assert_eq!(after.note.created, note.created);
}

#[test]
fn missing_folder_is_created_on_first_save() {
    let f = Fixture::new();
    let mut store = Store::open(f.notes()).unwrap();
    assert!(!f.notes().exists(), "opening creates nothing");
    assert!(store.notes().is_empty());
    store
        .add(Note::new(NoteKind::Note, item("maritime"), None, "a", "x"))
        .unwrap();
    assert_eq!(note_files(&f.notes()).len(), 1);
}

#[test]
fn second_save_of_one_note_keeps_both_versions() {
    let f = Fixture::new();
    let mut a = Store::new(f.notes());
    let id = a
        .add(Note::new(
            NoteKind::Note,
            item("cybercrime"),
            None,
            "a",
            "v0",
        ))
        .unwrap()
        .note
        .id;
    let mut b = Store::open(f.notes()).unwrap();
    let mut a = Store::open(f.notes()).unwrap();
    let base_a = a.get(&id).unwrap().clone();
    let base_b = b.get(&id).unwrap().clone();

    assert!(matches!(
        a.edit(&base_a, "from A").unwrap(),
        Edited::Saved(_)
    ));
    let Edited::Conflict { theirs, ours } = b.edit(&base_b, "from B").unwrap() else {
        panic!("B saved over A's edit");
    };
    assert_eq!(theirs.unwrap().note.body, "from A");
    assert_eq!(ours.note.body, "from B");
    assert_eq!(ours.note.conflict_of.as_deref(), Some(id.as_str()));

    let all = open_clean(&f.notes());
    let bodies: Vec<&str> = all.notes().iter().map(|s| s.note.body.as_str()).collect();
    assert_eq!(all.notes().len(), 2);
    assert!(bodies.contains(&"from A") && bodies.contains(&"from B"));
    assert_eq!(all.get(&id).unwrap().note.body, "from A");
}

#[test]
fn a_delete_never_discards_an_edit_saved_meanwhile() {
    let f = Fixture::new();
    let mut a = Store::new(f.notes());
    let id = a
        .add(Note::new(
            NoteKind::Note,
            item("cybercrime"),
            None,
            "a",
            "v0",
        ))
        .unwrap()
        .note
        .id;
    let mut a = Store::open(f.notes()).unwrap();
    let mut b = Store::open(f.notes()).unwrap();
    let base_b = b.get(&id).unwrap().clone();
    let base_a = a.get(&id).unwrap().clone();
    a.edit(&base_a, "edited by A").unwrap();

    let err = b.delete(&base_b).unwrap_err();
    assert!(matches!(err, NotesError::Changed { .. }), "{err}");
    assert!(err.to_string().contains("not deleted"));
    assert_eq!(
        open_clean(&f.notes()).get(&id).unwrap().note.body,
        "edited by A"
    );

    // With the new version in hand the delete goes through, once.
    b.refresh().unwrap();
    let fresh = b.get(&id).unwrap().clone();
    assert!(matches!(b.delete(&fresh).unwrap(), Deleted::Trashed { id: gone, .. } if gone == id));
    assert_eq!(b.delete(&fresh).unwrap(), Deleted::AlreadyGone);
    assert!(note_files(&f.notes()).is_empty());

    // An edit of a note deleted meanwhile writes it again: nothing lost.
    let again = a.edit(&base_a, "still wanted").unwrap();
    assert!(matches!(again, Edited::Recreated(_)));
    assert_eq!(
        open_clean(&f.notes()).get(&id).unwrap().note.body,
        "still wanted"
    );
}

#[test]
fn malformed_files_are_reported_and_never_overwritten() {
    let f = Fixture::new();
    let mut store = Store::new(f.notes());
    let good = store
        .add(Note::new(
            NoteKind::Note,
            item("cybercrime"),
            None,
            "a",
            "good",
        ))
        .unwrap();
    let bad = f.notes().join("20260101T000000000Z-badbadba.md");
    let bad_text = "---\nid: 20260101T000000000Z-badbadba\nkind: note\ntarget: cybercrime\nauthor: [unclosed\n---\nbody\n";
    fs::write(&bad, bad_text).unwrap();
    let no_front = f.notes().join("plain.md");
    fs::write(&no_front, "just text\n").unwrap();

    let mut store = Store::open(f.notes()).unwrap();
    assert_eq!(store.notes().len(), 1, "the good note still loads");
    let problems: Vec<String> = store.problems().map(|p| p.to_string()).collect();
    assert_eq!(problems.len(), 2, "{problems:?}");
    assert!(
        problems[0].contains("20260101T000000000Z-badbadba.md:"),
        "{problems:?}"
    );
    assert!(
        problems[1].contains("plain.md:1:1: the file does not start with a line `---`"),
        "{problems:?}"
    );

    // Saving the note under the malformed file's id must pick another id.
    let mut clash = Note::new(NoteKind::Note, item("cybercrime"), None, "a", "new");
    clash.id = "20260101T000000000Z-badbadba".into();
    let saved = store.add(clash).unwrap();
    assert_ne!(saved.note.id, "20260101T000000000Z-badbadba");
    // An edit whose base no longer matches a now-malformed file keeps it too.
    fs::write(store.path(&good.note.id), "---\nbroken\n").unwrap();
    let edited = store.edit(&good, "my edit").unwrap();
    assert!(matches!(edited, Edited::Conflict { theirs: None, .. }));
    assert_eq!(fs::read_to_string(&bad).unwrap(), bad_text);
    assert_eq!(
        fs::read_to_string(store.path(&good.note.id)).unwrap(),
        "---\nbroken\n"
    );
}

#[test]
fn orphaned_notes_and_anchors_are_listed_with_their_text() {
    let f = Fixture::new();
    let mut store = Store::new(f.notes());
    let on_theme = store
        .add(Note::new(
            NoteKind::Note,
            item("maritime"),
            None,
            "a",
            "theme note",
        ))
        .unwrap();
    let anchored = store
        .add(Note::new(
            NoteKind::Link,
            item("cybercrime"),
            Some(span_anchor(&f)),
            "a",
            "",
        ))
        .unwrap();
    let ws = f.workspace();
    assert!(orphans(&ws, [&on_theme.note, &anchored.note]).is_empty());
    let p = place(&ws, &anchored.note);
    assert_eq!(p.target, Some(TargetRef::Theme(0)));
    assert_eq!(p.anchor.unwrap().unwrap().method, Method::Position);

    // The source is edited: a passage is inserted (the anchor moves) …
    let moved = TALK.replacen("\n\n", "\n\nفقرة جديدة.\n\n", 1);
    write_workspace(f.ws(), THEMES, &moved);
    let ws = f.workspace();
    let p = place(&ws, &anchored.note);
    let r = p.anchor.clone().unwrap().unwrap();
    assert_eq!((r.span.passage, r.method), (2, Method::Exact));
    assert_eq!(ws.span_text(&r.span), "الجريمة السيبرية");

    // … then the quoted words and the theme disappear.
    let gone_text = moved.replace("الجريمة السيبرية", "التجارة");
    let gone_themes = THEMES
        .replace(
            "  - id: maritime\n    name: {en: Maritime security, ar: الأمن البحري}\n",
            "",
        )
        .replace("        quote: الجريمة السيبرية", "        quote: التجارة");
    write_workspace(f.ws(), &gone_themes, &gone_text);
    let ws = f.workspace();
    let all = open_clean(&f.notes());
    let lost = orphans(&ws, all.notes().iter().map(|s| &s.note));
    assert_eq!(lost.len(), 2, "{lost:?}");
    let by_id = |id: &str| lost.iter().find(|o| o.note.id == id).unwrap();
    assert_eq!(
        by_id(&on_theme.note.id).reason,
        OrphanReason::TargetGone("maritime".into())
    );
    let a = by_id(&anchored.note.id);
    assert_eq!(a.reason, OrphanReason::AnchorLost(Orphaned::NotFound));
    assert_eq!(
        a.quote(),
        Some("الجريمة السيبرية"),
        "kept with the text it had"
    );
    assert_eq!(all.notes().len(), 2, "orphans are never dropped");
}

#[test]
fn stale_temporary_files_are_swept_at_open() {
    let f = Fixture::new();
    fs::create_dir_all(f.notes()).unwrap();
    let stale = f.notes().join(".x.md.999.0.tmp");
    fs::write(&stale, "half a no").unwrap();
    let fresh = f.notes().join(".y.md.998.0.tmp");
    fs::write(&fresh, "being writ").unwrap();
    let long_ago = std::time::SystemTime::now() - 2 * coopdash::notes::store::STALE_TEMP;
    fs::File::options()
        .write(true)
        .open(&stale)
        .unwrap()
        .set_modified(long_ago)
        .unwrap();
    let store = Store::open(f.notes()).unwrap();
    assert!(!stale.exists());
    assert!(fresh.exists(), "a live writer's file is left alone");
    assert!(store.notes().is_empty() && store.problems().count() == 0);
}

#[test]
fn refresh_reports_what_changed() {
    let f = Fixture::new();
    let mut mine = Store::open(f.notes()).unwrap();
    let mut other = Store::new(f.notes());
    let added = other
        .add(Note::new(
            NoteKind::Note,
            item("interpol"),
            None,
            "b",
            "hello",
        ))
        .unwrap();
    let c = mine.refresh().unwrap();
    assert_eq!(c.added, std::slice::from_ref(&added.note.id));
    assert!(
        mine.refresh().unwrap().is_empty(),
        "nothing new the second time"
    );
    other.edit(&added, "changed").unwrap();
    assert_eq!(
        mine.refresh().unwrap().changed,
        std::slice::from_ref(&added.note.id)
    );
    let now = mine.get(&added.note.id).unwrap().clone();
    other.delete(&now).unwrap();
    assert_eq!(
        mine.refresh().unwrap().removed,
        std::slice::from_ref(&added.note.id)
    );
    fs::write(f.notes().join("bad.md"), "nope").unwrap();
    let c = mine.refresh().unwrap();
    assert!(c.problems && mine.problems().count() == 1);
    // A store's own saves do not come back as changes.
    let own = mine
        .add(Note::new(
            NoteKind::Note,
            item("interpol"),
            None,
            "a",
            "own",
        ))
        .unwrap();
    assert!(mine.refresh().unwrap().is_empty());
    assert_eq!(mine.for_target(&item("interpol"))[0].note.id, own.note.id);
}
