//! Drafts through real sessions on a real draft folder: kept on Esc, on
//! every way a session ends and while typing; offered back to the same
//! analyst only; removed only when saved or discarded; an edit whose note
//! changed meanwhile goes through the conflict rule.

use crate::support::{self, ui::Dash};
use coopdash::notes::{DraftStore, SharedNotes, Store};
use coopdash::ui::End;
use coopdash::ui::session::AUTOSAVE;
use coopdash::ui::state::Pane;
use ratatui::crossterm::event::KeyCode;
use std::path::PathBuf;
use std::sync::Arc;

type S = Dash;

/// A notes folder and a draft folder, shared by the sessions of a test.
struct Place {
    dir: tempfile::TempDir,
    notes: Arc<SharedNotes>,
}

impl Place {
    fn new() -> Place {
        let dir = tempfile::tempdir().unwrap();
        let notes = SharedNotes::open(&dir.path().join("notes")).unwrap();
        Place { dir, notes }
    }

    fn drafts_dir(&self, who: &str) -> PathBuf {
        self.dir.path().join("drafts").join(who)
    }

    fn store(&self, who: &str) -> DraftStore {
        DraftStore::in_dirs(
            vec![self.drafts_dir(who)],
            support::root(),
            &self.dir.path().join("notes"),
            who,
        )
    }

    /// A dashboard for `who`, with their drafts attached.
    fn session(&self, who: &str) -> S {
        Dash::seed(100, 30)
            .author(who)
            .with_notes(&self.notes)
            .with_drafts(self.store(who))
    }

    /// The texts of `who`'s draft files.
    fn draft_texts(&self, who: &str) -> Vec<String> {
        self.store(who).list().into_iter().map(|d| d.text).collect()
    }

    fn bodies(&self) -> Vec<String> {
        let store = Store::open(self.dir.path().join("notes")).unwrap();
        let mut out: Vec<String> = store.notes().iter().map(|n| n.note.body.clone()).collect();
        out.sort();
        out
    }
}

fn key(s: &mut S, code: KeyCode) {
    s.press(code);
}

fn ctrl(s: &mut S, c: char) {
    s.ctrl(c);
}

fn type_text(s: &mut S, text: &str) {
    s.type_text(text);
}

fn status(s: &S) -> String {
    s.status
        .as_ref()
        .map(|m| m.text.clone())
        .unwrap_or_default()
}

fn editor_text(s: &S) -> Option<String> {
    s.overlays.editor().map(|e| e.text())
}

const NOTE: &str = "ملاحظة عن UNODC 2026: half a thought";

#[test]
fn every_way_a_session_ends_keeps_the_open_editor() {
    for end in [
        End::Quit,
        End::Gone,
        End::Terminated,
        End::Idle,
        End::Shutdown,
        End::Dropped,
    ] {
        let place = Place::new();
        let mut s = place.session("salma");
        key(&mut s, KeyCode::Char('a'));
        type_text(&mut s, NOTE);
        if end == End::Dropped {
            // A panic unwinding or a cancelled task drops the session.
            drop(s);
        } else {
            let said = s.finish(end);
            assert!(said.iter().any(|l| l.contains("kept")), "{end:?}: {said:?}");
        }
        assert_eq!(place.draft_texts("salma"), [NOTE], "{end:?}");

        // The next session says so, and `a` on the same theme reopens it.
        let mut next = place.session("salma");
        assert!(
            status(&next).contains("1 unsaved draft recovered"),
            "{end:?}"
        );
        key(&mut next, KeyCode::Char('a'));
        assert_eq!(editor_text(&next).as_deref(), Some(NOTE), "{end:?}");
        // Saving it is the end of the draft.
        ctrl(&mut next, 's');
        assert_eq!(place.bodies(), [NOTE]);
        assert!(place.draft_texts("salma").is_empty(), "{end:?}");
    }
}

#[test]
fn another_analyst_never_sees_the_draft() {
    let place = Place::new();
    let mut s = place.session("salma");
    key(&mut s, KeyCode::Char('a'));
    type_text(&mut s, NOTE);
    s.finish(End::Gone);
    let mut other = place.session("omar");
    assert!(other.drafts.is_empty());
    key(&mut other, KeyCode::Char('a'));
    assert_eq!(editor_text(&other).as_deref(), Some(""));
    // Even pointed at the same folder, the author in the file decides.
    let shared = DraftStore::in_dirs(
        vec![place.drafts_dir("salma")],
        support::root(),
        &place.dir.path().join("notes"),
        "omar",
    );
    assert!(shared.list().is_empty());
}

#[test]
fn esc_writes_the_draft_and_the_notes_pane_lists_it() {
    let place = Place::new();
    let mut s = place.session("salma");
    key(&mut s, KeyCode::Char('a'));
    type_text(&mut s, "kept with Esc");
    key(&mut s, KeyCode::Esc);
    assert!(s.overlays.editor().is_none());
    assert_eq!(place.draft_texts("salma"), ["kept with Esc"]);
    // Listed at the top of the Notes pane, marked as a draft.
    key(&mut s, KeyCode::Char('5'));
    assert_eq!(s.focus, Pane::Notes);
    let screen = s.screen();
    assert!(screen.contains("✎ draft"), "{screen}");
    // Enter reopens it; C-d throws it away, on disk too.
    key(&mut s, KeyCode::Enter);
    assert_eq!(editor_text(&s).as_deref(), Some("kept with Esc"));
    ctrl(&mut s, 'd');
    assert!(place.draft_texts("salma").is_empty());
    assert!(s.drafts.is_empty());
}

#[test]
fn d_on_a_listed_draft_asks_then_discards_it() {
    let place = Place::new();
    let mut s = place.session("salma");
    key(&mut s, KeyCode::Char('a'));
    type_text(&mut s, "to be thrown away");
    s.finish(End::Quit);
    drop(s);
    let mut s = place.session("salma");
    key(&mut s, KeyCode::Char('5'));
    key(&mut s, KeyCode::Char('d'));
    assert!(s.overlays.confirm().is_some(), "d asks first");
    key(&mut s, KeyCode::Char('n'));
    assert_eq!(place.draft_texts("salma").len(), 1, "n keeps it");
    key(&mut s, KeyCode::Char('d'));
    key(&mut s, KeyCode::Char('y'));
    assert!(place.draft_texts("salma").is_empty());
    assert!(place.bodies().is_empty(), "a discarded draft is no note");
}

#[test]
fn typing_is_written_at_most_every_two_seconds() {
    let place = Place::new();
    let mut s = place.session("salma");
    key(&mut s, KeyCode::Char('a'));
    assert_eq!(s.deadline(), None, "an empty editor has nothing to keep");
    type_text(&mut s, "x");
    // The first change is written at once.
    assert_eq!(place.draft_texts("salma"), ["x"]);
    type_text(&mut s, "yz");
    assert_eq!(place.draft_texts("salma"), ["x"], "not again within 2 s");
    let due = s.deadline().expect("a write is due");
    assert!(due <= std::time::Instant::now() + AUTOSAVE);
    // The runner wakes the session at the deadline.
    while std::time::Instant::now() < due {
        std::thread::sleep(due - std::time::Instant::now());
    }
    s.tick();
    assert_eq!(place.draft_texts("salma"), ["xyz"]);
    assert_eq!(s.deadline(), None, "nothing more to write");
}

#[test]
fn an_edit_whose_note_changed_meanwhile_keeps_both_versions() {
    let place = Place::new();
    let mut s = place.session("salma");
    key(&mut s, KeyCode::Char('a'));
    type_text(&mut s, "first version");
    ctrl(&mut s, 's');
    assert_eq!(place.bodies(), ["first version"]);
    // Open it inline from the Notes pane and change it, then lose the
    // connection.
    key(&mut s, KeyCode::Char('5'));
    key(&mut s, KeyCode::Enter);
    type_text(&mut s, " and mine");
    s.finish(End::Gone);
    drop(s);
    // Someone else edits the note meanwhile.
    {
        let mut store = Store::open(place.dir.path().join("notes")).unwrap();
        let base = store.notes()[0].clone();
        store.edit(&base, "their version").unwrap();
    }
    place.notes.lock().refresh().unwrap();
    let mut s = place.session("salma");
    key(&mut s, KeyCode::Char('5'));
    key(&mut s, KeyCode::Enter);
    assert_eq!(editor_text(&s).as_deref(), Some("first version and mine"));
    ctrl(&mut s, 's');
    assert_eq!(place.bodies(), ["first version and mine", "their version"]);
    assert!(status(&s).contains("both versions kept"), "{}", status(&s));
    assert!(place.draft_texts("salma").is_empty());
}

#[test]
fn drafts_of_another_workspace_are_not_offered() {
    let place = Place::new();
    let mut s = place.session("salma");
    key(&mut s, KeyCode::Char('a'));
    type_text(&mut s, NOTE);
    s.finish(End::Quit);
    let elsewhere = tempfile::tempdir().unwrap();
    let store = DraftStore::in_dirs(
        vec![place.drafts_dir("salma")],
        elsewhere.path(),
        &elsewhere.path().join("notes"),
        "salma",
    );
    assert!(store.list().is_empty());
}
