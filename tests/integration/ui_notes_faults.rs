//! A save that fails (here: the notes folder turned into a file) keeps the
//! text in the editor and in a recovery file, and says where. The dashboard
//! runs in a child process (this binary again), because recovery files go
//! to $XDG_STATE_HOME, and setting it in this process would race with every
//! other test thread.

use crate::support::notes::{stderr, stdout};
use crate::support::ui::Dash;
use crate::support::{self, rerun};
use coopdash::notes::SharedNotes;
use ratatui::crossterm::event::KeyCode;
use std::path::Path;

/// Where the child finds its temporary folders.
const CHILD_DIR: &str = "COOPDASH_TEST_CHILD_DIR";

#[test]
fn a_failed_save_keeps_the_draft_and_names_the_recovery_file() {
    let dir = tempfile::tempdir().unwrap();
    let out = rerun("ui_notes_faults::failed_save_in_a_child")
        .env(CHILD_DIR, dir.path())
        .env("XDG_STATE_HOME", dir.path().join("state"))
        .output()
        .unwrap();
    assert!(
        out.status.success() && stdout(&out).contains("child: checked"),
        "the child failed:\n{}{}",
        stdout(&out),
        stderr(&out)
    );
}

/// The body of the test above, in its own process.
#[test]
#[ignore = "the body of a child process; the test above runs it"]
fn failed_save_in_a_child() {
    let Some(dir) = std::env::var_os(CHILD_DIR) else {
        eprintln!("not started as a child: nothing to do");
        return;
    };
    let dir = Path::new(&dir);
    let state_home = dir.join("state");
    assert_eq!(
        std::env::var_os("XDG_STATE_HOME").as_deref(),
        Some(state_home.as_os_str())
    );
    let notes_dir = dir.join("notes");
    std::fs::create_dir(&notes_dir).unwrap();
    let notes = SharedNotes::open(&notes_dir).unwrap();
    // The folder is replaced by a file after opening: every write fails.
    std::fs::remove_dir(&notes_dir).unwrap();
    std::fs::write(&notes_dir, "not a folder").unwrap();

    let mut s = Dash::seed(100, 30).author("tester").with_notes(&notes);
    s.press(KeyCode::Char('a'));
    s.type_text("کلمات مهمة");
    s.ctrl('s');

    let editor = s.overlays.editor().expect("the editor stays open");
    assert_eq!(editor.text(), "کلمات مهمة");
    let error = editor
        .error
        .clone()
        .expect("the error is shown in the editor");
    assert!(error.starts_with("not saved"), "{error}");
    let kept = support::notes::files(&state_home.join("coopdash/recovery"));
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
    assert!(s.status.as_ref().unwrap().error);
    println!("child: checked");
}
