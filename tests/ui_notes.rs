//! Notes in the dashboard, through real sessions on a real notes folder:
//! writing with the inline editor, drafts, editing, deleting, analyst links,
//! read-only folders, and a second session seeing changes.

use coopdash::notes::{SharedNotes, Store};
use coopdash::ui::reader::MarkKind;
use coopdash::ui::session::Applied;
use coopdash::ui::state::Pane;
use coopdash::ui::style::Palette;
use coopdash::ui::{Input, Session, State};
use coopdash::workspace;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::layout::Rect;
use std::path::Path;
use std::sync::Arc;

type S = Session<TestBackend>;

fn session(notes: &Arc<SharedNotes>, author: &str) -> S {
    let ws = workspace::load(Path::new(env!("CARGO_MANIFEST_DIR"))).unwrap();
    let mut state = State::new(
        Arc::new(ws),
        Palette { no_color: false },
        Rect::new(0, 0, 100, 30),
    );
    state.author = author.into();
    let mut s = Session::new(Terminal::new(TestBackend::new(100, 30)).unwrap(), state);
    s.attach_notes(notes.clone());
    s
}

fn key(s: &mut S, code: KeyCode) -> Applied {
    s.apply(Input::Key(KeyEvent::new(code, KeyModifiers::NONE)))
        .unwrap()
}

fn ctrl(s: &mut S, c: char) {
    s.apply(Input::Key(KeyEvent::new(
        KeyCode::Char(c),
        KeyModifiers::CONTROL,
    )))
    .unwrap();
}

fn type_text(s: &mut S, text: &str) {
    for c in text.chars() {
        let code = if c == '\n' {
            KeyCode::Enter
        } else {
            KeyCode::Char(c)
        };
        key(s, code);
    }
}

fn screen(s: &mut S) -> String {
    s.draw().unwrap();
    let buf = s.terminal.backend().buffer();
    (0..buf.area.height)
        .map(|y| {
            (0..buf.area.width)
                .map(|x| buf[(x, y)].symbol())
                .collect::<String>()
                + "\n"
        })
        .collect()
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
    key(&mut s, KeyCode::Char('a'));
    assert!(s.state.overlays.editor().is_some());
    // Keys that mean something elsewhere are letters in the editor.
    type_text(&mut s, "ملاحظة: quite? q\nsecond line");
    ctrl(&mut s, 's');
    assert!(s.state.overlays.editor().is_none(), "{:?}", s.state.status);
    assert_eq!(
        bodies(&dir.path().join("notes")),
        ["ملاحظة: quite? q\nsecond line"]
    );
    let stored = Store::open(dir.path().join("notes")).unwrap();
    let note = &stored.notes()[0].note;
    assert_eq!(note.author, "سلمى");
    assert_eq!(note.target.to_string(), "cybercrime");
    key(&mut s, KeyCode::Char('5'));
    let text = screen(&mut s);
    assert!(text.contains("Notes · Cybercrime"), "{text}");
    assert!(text.contains("just now"), "{text}");
    assert!(text.contains("second line"), "{text}");
}

#[test]
fn esc_keeps_the_draft_and_a_brings_it_back() {
    let dir = tempfile::tempdir().unwrap();
    let notes = SharedNotes::open(&dir.path().join("notes")).unwrap();
    let mut s = session(&notes, "tester");
    key(&mut s, KeyCode::Char('a'));
    type_text(&mut s, "half a thought");
    key(&mut s, KeyCode::Esc);
    assert!(s.state.overlays.editor().is_none());
    assert_eq!(s.state.drafts.len(), 1);
    assert!(bodies(&dir.path().join("notes")).is_empty());
    key(&mut s, KeyCode::Char('a'));
    assert_eq!(s.state.overlays.editor().unwrap().text(), "half a thought");
    // An explicit discard is the only way to drop it.
    ctrl(&mut s, 'd');
    key(&mut s, KeyCode::Char('a'));
    assert_eq!(s.state.overlays.editor().unwrap().text(), "");
}

#[test]
fn edit_inline_and_delete_after_asking() {
    let dir = tempfile::tempdir().unwrap();
    let notes = SharedNotes::open(&dir.path().join("notes")).unwrap();
    let mut s = session(&notes, "tester");
    key(&mut s, KeyCode::Char('a'));
    type_text(&mut s, "first");
    ctrl(&mut s, 's');
    key(&mut s, KeyCode::Char('5'));
    assert_eq!(s.state.focus, Pane::Notes);
    // Without $EDITOR (as over serve), e edits inline.
    key(&mut s, KeyCode::Char('e'));
    type_text(&mut s, " and more");
    ctrl(&mut s, 's');
    assert_eq!(bodies(&dir.path().join("notes")), ["first and more"]);
    key(&mut s, KeyCode::Char('d'));
    assert!(s.state.overlays.confirm().is_some());
    key(&mut s, KeyCode::Char('n'));
    assert_eq!(bodies(&dir.path().join("notes")).len(), 1);
    key(&mut s, KeyCode::Char('d'));
    key(&mut s, KeyCode::Char('y'));
    assert!(bodies(&dir.path().join("notes")).is_empty());
    assert_eq!(s.state.status.as_ref().unwrap().text, "note deleted");
}

#[test]
fn an_analyst_link_narrowed_word_by_word() {
    let dir = tempfile::tempdir().unwrap();
    let notes = SharedNotes::open(&dir.path().join("notes")).unwrap();
    let mut s = session(&notes, "tester");
    // Cybercrime → its ¶5 link → reader.
    key(&mut s, KeyCode::Enter);
    key(&mut s, KeyCode::Char('j'));
    key(&mut s, KeyCode::Enter);
    key(&mut s, KeyCode::Char('v'));
    let sel = s.state.overlays.selection().cloned().unwrap();
    assert_eq!(sel.passage, 4);
    // Drop the first two words and the last three.
    for _ in 0..2 {
        key(&mut s, KeyCode::Char('l'));
    }
    for _ in 0..3 {
        key(&mut s, KeyCode::Char('H'));
    }
    let span = s.state.overlays.selection().unwrap().span();
    let words = s.state.ws.span_text(&span).to_string();
    assert!(words.starts_with("تعزيز التعاون"), "{words}");
    key(&mut s, KeyCode::Enter);
    assert!(s.state.overlays.picker().is_some());
    for _ in 0..4 {
        key(&mut s, KeyCode::Char('j'));
    }
    key(&mut s, KeyCode::Enter); // maritime security
    assert!(s.state.overlays.editor().is_some());
    ctrl(&mut s, 's'); // the note is optional for a link
    assert!(s.state.overlays.editor().is_none(), "{:?}", s.state.status);
    let store = Store::open(dir.path().join("notes")).unwrap();
    let link = &store.notes()[0].note;
    assert_eq!(link.target.to_string(), "maritime-security");
    assert_eq!(link.anchor.as_ref().unwrap().exact, words);
    // The reader marks it; the theme's passages list it as an analyst link.
    let r = s.state.reader.as_ref().unwrap();
    assert!(
        r.marks
            .iter()
            .any(|m| matches!(m.kind, MarkKind::Analyst(4))),
        "the open reader marks it at once"
    );
    key(&mut s, KeyCode::Esc);
    key(&mut s, KeyCode::Char('1'));
    for _ in 0..4 {
        key(&mut s, KeyCode::Char('j'));
    }
    let rows = s.state.passage_rows();
    assert_eq!(rows.len(), 3);
    assert_eq!(rows[2].analyst.as_ref().unwrap().0, "tester");
    let text = screen(&mut s);
    assert!(text.contains("✎ analyst link by tester"), "{text}");
    key(&mut s, KeyCode::Enter);
    key(&mut s, KeyCode::Char('G'));
    key(&mut s, KeyCode::Enter);
    let r = s.state.reader.as_ref().unwrap();
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
    key(&mut alice, KeyCode::Char('a'));
    type_text(&mut alice, "from alice");
    ctrl(&mut alice, 's');
    rx.recv_timeout(std::time::Duration::from_secs(2))
        .expect("listeners told");
    bob.handle(coopdash::ui::Event::NotesChanged).unwrap();
    key(&mut bob, KeyCode::Char('5'));
    assert!(screen(&mut bob).contains("from alice"));
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
    key(&mut s, KeyCode::Char('5'));
    assert!(screen(&mut s).contains("1 orphan(s): o"));
    key(&mut s, KeyCode::Char('o'));
    let text = screen(&mut s);
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
    key(&mut s, KeyCode::Enter); // Cybercrime's passages
    key(&mut s, KeyCode::Char('j')); // ¶5
    key(&mut s, KeyCode::Char('y'));
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
    assert_eq!(text, s.state.ws.sources[0].passages[4].text);
    assert!(
        s.state
            .status
            .as_ref()
            .unwrap()
            .text
            .starts_with("copied un-interpol-2022:5")
    );
}
