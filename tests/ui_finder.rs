//! The finder through a real session: typing searches off the UI thread,
//! ranking, folding, aliases, the kind filter, Enter and Esc.

use coopdash::search::Kind;
use coopdash::ui::finder::{Found, Jump, SearchBase};
use coopdash::ui::state::Pane;
use coopdash::ui::style::Palette;
use coopdash::ui::{Input, Session, State};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::layout::Rect;
use std::path::Path;
use std::sync::Arc;
use std::sync::mpsc::{Receiver, channel};
use std::time::Duration;

struct Finder {
    s: Session<TestBackend>,
    answers: Receiver<Found>,
}

fn open() -> Finder {
    let ws = Arc::new(coopdash::workspace::load(Path::new(env!("CARGO_MANIFEST_DIR"))).unwrap());
    let state = State::new(
        ws.clone(),
        Palette { no_color: false },
        Rect::new(0, 0, 100, 30),
    );
    let mut s = Session::new(Terminal::new(TestBackend::new(100, 30)).unwrap(), state);
    let (tx, answers) = channel();
    s.attach_search(SearchBase::new(ws), move |f| {
        let _ = tx.send(f);
    });
    Finder { s, answers }
}

impl Finder {
    fn key(&mut self, code: KeyCode) {
        self.s
            .apply(Input::Key(KeyEvent::new(code, KeyModifiers::NONE)))
            .unwrap();
    }

    /// Types `text` and waits for the complete answer to it.
    fn find(&mut self, text: &str) -> Found {
        for c in text.chars() {
            self.key(KeyCode::Char(c));
        }
        self.settle()
    }

    /// Feeds answers to the session until the complete one for what is typed.
    fn settle(&mut self) -> Found {
        loop {
            let found = self
                .answers
                .recv_timeout(Duration::from_secs(10))
                .expect("an answer");
            self.s
                .handle(coopdash::ui::Event::Found(found.clone()))
                .unwrap();
            let f = self.s.state.overlays.finder().unwrap();
            if found.complete && f.current() {
                return found;
            }
        }
    }

    fn clear(&mut self) {
        let n = self
            .s
            .state
            .overlays
            .finder()
            .unwrap()
            .query
            .text()
            .chars()
            .count();
        self.key(KeyCode::End);
        for _ in 0..n {
            self.key(KeyCode::Backspace);
        }
    }

    fn screen(&mut self) -> String {
        self.s.draw().unwrap();
        let buf = self.s.terminal.backend().buffer();
        (0..buf.area.height)
            .map(|y| {
                (0..buf.area.width)
                    .map(|x| buf[(x, y)].symbol())
                    .collect::<String>()
                    + "\n"
            })
            .collect()
    }
}

fn entity(s: &State, id: &str) -> usize {
    s.ws.entities.iter().position(|e| e.id == id).unwrap()
}

#[test]
fn every_partner_body_is_found_by_its_arabic_name_without_diacritics_or_hamza_and_by_its_acronym() {
    let mut f = open();
    f.key(KeyCode::Char('/'));
    let bodies: Vec<(usize, String, Vec<String>)> =
        f.s.state
            .ws
            .entities
            .iter()
            .enumerate()
            .map(|(i, e)| (i, e.name.get("ar").to_string(), e.aliases.clone()))
            .collect();
    for (i, arabic, aliases) in bodies {
        // Typed the plain way: no hamza, no diacritics, ة as ه, ى as ي.
        let plain = coopdash::text::fold(&arabic);
        let found = f.find(&plain);
        assert_eq!(
            found.rows[0].jump,
            Jump::Entity(i),
            "{arabic} typed as {plain}"
        );
        f.clear();
        for alias in aliases
            .iter()
            .filter(|a| a.chars().all(|c| c.is_ascii_uppercase()))
        {
            let found = f.find(alias);
            assert_eq!(found.rows[0].jump, Jump::Entity(i), "acronym {alias}");
            f.clear();
        }
    }
}

#[test]
fn an_acronym_finds_the_arabic_passages_naming_the_body() {
    let mut f = open();
    f.key(KeyCode::Char('/'));
    let found = f.find("unodc");
    let unodc = entity(&f.s.state, "unodc");
    assert_eq!(
        found.rows[0].jump,
        Jump::Entity(unodc),
        "the body ranks above passages"
    );
    let passage = found
        .rows
        .iter()
        .find(|r| r.kind == Kind::Passage)
        .expect("a passage through the alias");
    let Jump::Reader(span) = &passage.jump else {
        panic!()
    };
    assert_eq!(span.passage + 1, 14);
    assert_eq!(
        f.s.state.ws.span_text(span),
        "مكتب الأمم المتحدة المعني بالمخدرات والجريمة"
    );
    let screen = f.screen();
    assert!(screen.contains("/ unodc"), "{screen}");
    assert!(screen.contains("body"), "{screen}");
}

#[test]
fn tab_filters_by_kind_and_enter_opens_a_passage_in_the_reader() {
    let mut f = open();
    f.key(KeyCode::Char('/'));
    f.find("الصحه العالميه");
    for _ in 0..3 {
        f.key(KeyCode::Tab); // theme, entity, passage
    }
    assert_eq!(
        f.s.state.overlays.finder().unwrap().kind,
        Some(Kind::Passage)
    );
    let found = f.settle();
    assert!(!found.rows.is_empty() && found.rows.iter().all(|r| r.kind == Kind::Passage));
    f.key(KeyCode::Enter);
    assert!(f.s.state.overlays.finder().is_none());
    let r =
        f.s.state
            .reader
            .as_ref()
            .expect("the reader opens at the match");
    let mark = r.current_span().unwrap();
    assert_eq!(mark.passage + 1, 5);
}

#[test]
fn enter_selects_a_theme_in_place_and_esc_restores() {
    let mut f = open();
    f.key(KeyCode::Char('3'));
    f.key(KeyCode::Char('j'));
    f.key(KeyCode::Char('j'));
    let before = (f.s.state.focus, f.s.state.entities);
    f.key(KeyCode::Char('/'));
    f.find("maritime");
    f.key(KeyCode::Esc);
    assert!(f.s.state.overlays.finder().is_none());
    assert_eq!(
        (f.s.state.focus, f.s.state.entities),
        before,
        "Esc restores where you were"
    );
    f.key(KeyCode::Char('/'));
    let found = f.find("maritime");
    assert_eq!(found.rows[0].jump, Jump::Theme(4));
    f.key(KeyCode::Enter);
    assert_eq!(f.s.state.focus, Pane::Themes);
    assert_eq!(f.s.state.theme(), Some(4));
}

#[test]
fn stale_answers_are_never_shown() {
    let mut f = open();
    f.key(KeyCode::Char('/'));
    f.find("interpol");
    // An answer to an older query arrives late: it is dropped.
    let late = Found {
        query: "inter".into(),
        kind: None,
        rows: Vec::new(),
        total: 0,
        complete: true,
    };
    f.s.handle(coopdash::ui::Event::Found(late)).unwrap();
    let shown = f.s.state.overlays.finder().unwrap().found.as_ref().unwrap();
    assert_eq!(shown.query, "interpol");
    assert!(!shown.rows.is_empty());
    // Typing on: what is shown answers the new text only once it arrives.
    f.key(KeyCode::Char('x'));
    assert!(!f.s.state.overlays.finder().unwrap().current());
}

#[test]
fn notes_are_found_too_and_enter_shows_them() {
    let dir = tempfile::tempdir().unwrap();
    let store_dir = dir.path().join("notes");
    let note = coopdash::notes::Note::new(
        coopdash::notes::NoteKind::Note,
        "interpol".parse().unwrap(),
        None,
        "salma",
        "زيارة ليون الأسبوع المقبل",
    );
    coopdash::notes::Store::open(&store_dir)
        .unwrap()
        .add(note)
        .unwrap();
    let mut f = open();
    f.s.attach_notes(coopdash::notes::SharedNotes::open(&store_dir).unwrap());
    f.key(KeyCode::Char('/'));
    let found = f.find("زياره ليون");
    assert_eq!(found.rows[0].kind, Kind::Note, "{:?}", found.rows);
    f.key(KeyCode::Enter);
    assert_eq!(f.s.state.focus, Pane::Notes);
    assert_eq!(
        f.s.state.note().unwrap().stored.note.body,
        "زيارة ليون الأسبوع المقبل"
    );
}
