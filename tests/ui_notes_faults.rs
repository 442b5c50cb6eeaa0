//! A save that fails (here: the notes folder turned into a file) keeps the
//! text in the editor and in a recovery file, and says where. One test in
//! its own binary, because it points XDG_STATE_HOME at a temporary folder.

use coopdash::notes::SharedNotes;
use coopdash::ui::style::Palette;
use coopdash::ui::{Input, Session, State};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::layout::Rect;
use std::path::Path;
use std::sync::Arc;

#[test]
fn a_failed_save_keeps_the_draft_and_names_the_recovery_file() {
    let state_home = tempfile::tempdir().unwrap();
    // SAFETY: the only test in this binary; no other thread reads the
    // environment while it is set.
    unsafe { std::env::set_var("XDG_STATE_HOME", state_home.path()) };
    let dir = tempfile::tempdir().unwrap();
    let notes_dir = dir.path().join("notes");
    std::fs::create_dir(&notes_dir).unwrap();
    let notes = SharedNotes::open(&notes_dir).unwrap();
    // The folder is replaced by a file after opening: every write fails.
    std::fs::remove_dir(&notes_dir).unwrap();
    std::fs::write(&notes_dir, "not a folder").unwrap();

    let ws = coopdash::workspace::load(Path::new(env!("CARGO_MANIFEST_DIR"))).unwrap();
    let state = State::new(
        Arc::new(ws),
        Palette { no_color: false },
        Rect::new(0, 0, 100, 30),
    );
    let mut s = Session::new(Terminal::new(TestBackend::new(100, 30)).unwrap(), state);
    s.state.author = "tester".into();
    s.attach_notes(notes);
    let press = |s: &mut Session<TestBackend>, code: KeyCode, mods: KeyModifiers| {
        s.apply(Input::Key(KeyEvent::new(code, mods))).unwrap();
    };
    press(&mut s, KeyCode::Char('a'), KeyModifiers::NONE);
    for c in "کلمات مهمة".chars() {
        press(&mut s, KeyCode::Char(c), KeyModifiers::NONE);
    }
    press(&mut s, KeyCode::Char('s'), KeyModifiers::CONTROL);

    let editor = s.state.overlays.editor().expect("the editor stays open");
    assert_eq!(editor.text(), "کلمات مهمة");
    let error = editor
        .error
        .clone()
        .expect("the error is shown in the editor");
    assert!(error.starts_with("not saved"), "{error}");
    let recovery = state_home.path().join("coopdash/recovery");
    let kept: Vec<_> = std::fs::read_dir(&recovery)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    assert_eq!(kept.len(), 1, "{error}");
    // The whole note is kept, front matter and all, ready to be put back.
    assert!(
        std::fs::read_to_string(&kept[0])
            .unwrap()
            .ends_with("---\nکلمات مهمة\n")
    );
    assert!(
        error.contains(&kept[0].display().to_string()),
        "the message names the file: {error}"
    );
    assert!(s.state.status.as_ref().unwrap().error);
}
