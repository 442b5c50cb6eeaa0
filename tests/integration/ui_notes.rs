//! Notes in the dashboard, through real sessions on a real notes folder:
//! writing with the inline editor, drafts, editing, deleting, analyst links,
//! read-only folders, and a second session seeing changes.

use crate::support::ui::Dash;
use coopdash::notes::{SharedNotes, Store};
use coopdash::ui::reader::MarkKind;
use coopdash::ui::state::Pane;
use ratatui::crossterm::event::KeyCode;
use std::path::Path;
use std::sync::Arc;

/// The seed at 100x30 on `notes`, signing as `author`.
fn session(notes: &Arc<SharedNotes>, author: &str) -> Dash {
    Dash::seed(100, 30).author(author).with_notes(notes)
}

fn bodies(dir: &Path) -> Vec<String> {
    let store = Store::open(dir).unwrap();
    store
        .notes()
        .into_iter()
        .map(|n| n.note.body.clone())
        .collect()
}

#[test]
fn a_note_written_in_the_editor_is_saved_and_listed() {
    let dir = tempfile::tempdir().unwrap();
    let notes = SharedNotes::open(&dir.path().join("notes")).unwrap();
    let mut s = session(&notes, "سلمى");
    s.press(KeyCode::Char('a'));
    assert!(s.overlays.editor().is_some());
    // Keys that mean something elsewhere are letters in the editor.
    s.type_text("ملاحظة: quite? q\nsecond line");
    s.ctrl('s');
    assert!(s.overlays.editor().is_none(), "{:?}", s.status);
    assert_eq!(
        bodies(&dir.path().join("notes")),
        ["ملاحظة: quite? q\nsecond line"]
    );
    let stored = Store::open(dir.path().join("notes")).unwrap();
    let note = &stored.notes()[0].note;
    assert_eq!(note.author, "سلمى");
    assert_eq!(note.target.to_string(), "cybercrime");
    s.press(KeyCode::Char('5'));
    let text = s.screen();
    assert!(text.contains("Notes · Cybercrime"), "{text}");
    assert!(text.contains("just now"), "{text}");
    assert!(text.contains("second line"), "{text}");
}

#[test]
fn esc_keeps_the_draft_and_a_brings_it_back() {
    let dir = tempfile::tempdir().unwrap();
    let notes = SharedNotes::open(&dir.path().join("notes")).unwrap();
    let mut s = session(&notes, "tester");
    s.press(KeyCode::Char('a'));
    s.type_text("half a thought");
    s.press(KeyCode::Esc);
    assert!(s.overlays.editor().is_none());
    assert_eq!(s.drafts.len(), 1);
    assert!(bodies(&dir.path().join("notes")).is_empty());
    s.press(KeyCode::Char('a'));
    assert_eq!(s.overlays.editor().unwrap().text(), "half a thought");
    // An explicit discard is the only way to drop it.
    s.ctrl('d');
    s.press(KeyCode::Char('a'));
    assert_eq!(s.overlays.editor().unwrap().text(), "");
}

#[test]
fn edit_inline_and_delete_after_asking() {
    let dir = tempfile::tempdir().unwrap();
    let notes = SharedNotes::open(&dir.path().join("notes")).unwrap();
    let mut s = session(&notes, "tester");
    s.press(KeyCode::Char('a'));
    s.type_text("first");
    s.ctrl('s');
    s.press(KeyCode::Char('5'));
    assert_eq!(s.focus, Pane::Notes);
    // Without $EDITOR (as over serve), e edits inline.
    s.press(KeyCode::Char('e'));
    s.type_text(" and more");
    s.ctrl('s');
    assert_eq!(bodies(&dir.path().join("notes")), ["first and more"]);
    s.press(KeyCode::Char('d'));
    assert!(s.overlays.confirm().is_some());
    s.press(KeyCode::Char('n'));
    assert_eq!(bodies(&dir.path().join("notes")).len(), 1);
    s.press(KeyCode::Char('d'));
    s.press(KeyCode::Char('y'));
    assert!(bodies(&dir.path().join("notes")).is_empty());
    assert_eq!(
        s.status.as_ref().unwrap().text,
        "note deleted (kept in the trash; u brings it back)"
    );
}

#[test]
fn an_analyst_link_narrowed_word_by_word() {
    let dir = tempfile::tempdir().unwrap();
    let notes = SharedNotes::open(&dir.path().join("notes")).unwrap();
    let mut s = session(&notes, "tester");
    // Cybercrime → its ¶5 link → reader.
    s.press(KeyCode::Enter);
    s.press(KeyCode::Enter);
    s.press(KeyCode::Char('v'));
    let sel = s.overlays.selection().cloned().unwrap();
    assert_eq!(sel.passage, 4);
    // Drop the first two words and the last three.
    for _ in 0..2 {
        s.press(KeyCode::Char('l'));
    }
    for _ in 0..3 {
        s.press(KeyCode::Char('H'));
    }
    let span = s.overlays.selection().unwrap().span();
    let words = s.ws.span_text(&span).to_string();
    assert!(words.starts_with("تعزيز التعاون"), "{words}");
    s.press(KeyCode::Enter);
    assert!(s.overlays.picker().is_some());
    for _ in 0..4 {
        s.press(KeyCode::Char('j'));
    }
    s.press(KeyCode::Enter); // maritime security
    assert!(s.overlays.editor().is_some());
    s.ctrl('s'); // the note is optional for a link
    assert!(s.overlays.editor().is_none(), "{:?}", s.status);
    let store = Store::open(dir.path().join("notes")).unwrap();
    let link = &store.notes()[0].note;
    assert_eq!(link.target.to_string(), "maritime-security");
    assert_eq!(link.anchor.as_ref().unwrap().exact, words);
    // The reader marks it; the theme's passages list it as an analyst link.
    let r = s.reader.as_ref().unwrap();
    assert!(
        r.marks
            .iter()
            .any(|m| matches!(m.kind, MarkKind::Analyst(4))),
        "the open reader marks it at once"
    );
    s.press(KeyCode::Esc);
    s.press(KeyCode::Char('1'));
    for _ in 0..4 {
        s.press(KeyCode::Char('j'));
    }
    let rows = s.passage_rows();
    assert_eq!(rows.len(), 2);
    assert_eq!(rows[1].analyst.as_ref().unwrap().0, "tester");
    let text = s.screen();
    assert!(text.contains("✎ analyst link by tester"), "{text}");
    s.press(KeyCode::Enter);
    s.press(KeyCode::Char('G'));
    s.press(KeyCode::Enter);
    let r = s.reader.as_ref().unwrap();
    assert!(matches!(r.marks[r.current].kind, MarkKind::Analyst(4)));
}

#[test]
fn a_second_session_sees_changes_at_once() {
    let dir = tempfile::tempdir().unwrap();
    let notes = SharedNotes::open(&dir.path().join("notes")).unwrap();
    let (tx, rx) = std::sync::mpsc::channel();
    notes.subscribe(move || {
        let _ = tx.send(());
    });
    let mut alice = session(&notes, "alice");
    let mut bob = session(&notes, "bob");
    alice.press(KeyCode::Char('a'));
    alice.type_text("from alice");
    alice.ctrl('s');
    // Listeners are told by the save itself, before it returns: no wait.
    rx.try_recv().expect("listeners told by the save");
    bob.reload_notes();
    bob.press(KeyCode::Char('5'));
    assert!(bob.screen().contains("from alice"));
}

#[test]
fn orphans_are_listed_with_their_text() {
    let dir = tempfile::tempdir().unwrap();
    let notes_dir = dir.path().join("notes");
    let note = coopdash::notes::Note::new(
        coopdash::notes::NoteKind::Note,
        "no-such-theme".parse().unwrap(),
        None,
        "x",
        "lost note",
    );
    Store::open(&notes_dir).unwrap().add(note).unwrap();
    let notes = SharedNotes::open(&notes_dir).unwrap();
    let mut s = session(&notes, "tester");
    s.press(KeyCode::Char('5'));
    assert!(s.screen().contains("1 orphan(s): o"));
    s.press(KeyCode::Char('o'));
    let text = s.screen();
    assert!(
        text.contains("orphan: `no-such-theme` no longer exists"),
        "{text}"
    );
    assert!(text.contains("lost note"), "{text}");
}

#[test]
fn y_copies_through_osc52() {
    use base64::Engine;
    let dir = tempfile::tempdir().unwrap();
    let notes = SharedNotes::open(&dir.path().join("notes")).unwrap();
    let mut s = session(&notes, "tester");
    s.take_raw();
    s.press(KeyCode::Enter); // Cybercrime's passages
    s.press(KeyCode::Char('j')); // ¶5
    s.press(KeyCode::Char('y'));
    let raw = String::from_utf8(s.take_raw()).unwrap();
    let payload = raw
        .strip_prefix("\u{1b}]52;c;")
        .and_then(|r| r.strip_suffix('\u{7}'))
        .expect("OSC 52");
    let text = String::from_utf8(
        base64::engine::general_purpose::STANDARD
            .decode(payload)
            .unwrap(),
    )
    .unwrap();
    assert_eq!(text, s.ws.sources[0].passages[4].text.as_str());
    assert!(
        s.status
            .as_ref()
            .unwrap()
            .text
            .starts_with("copied un-interpol-2022:5")
    );
}
