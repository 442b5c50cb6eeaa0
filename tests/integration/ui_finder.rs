//! The finder through a real session: typing searches off the UI thread,
//! ranking, folding, aliases, the kind filter, Enter and Esc.

use crate::support::ui::Dash;
use coopdash::search::Kind;
use coopdash::ui::State;
use coopdash::ui::finder::{Found, Jump};
use coopdash::ui::state::Pane;
use ratatui::crossterm::event::KeyCode;

/// The seed at 100x30 with the finder's search thread running.
fn open() -> Dash {
    Dash::seed(100, 30).with_search()
}

fn entity(s: &State, id: &str) -> usize {
    s.ws.entities.iter().position(|e| e.id == id).unwrap()
}

#[test]
fn every_partner_body_is_found_by_its_arabic_name_without_diacritics_or_hamza_and_by_its_acronym() {
    let mut f = open();
    f.press(KeyCode::Char('/'));
    let bodies: Vec<(usize, String, Vec<String>)> =
        f.ws.entities
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
        f.clear_query();
        for alias in aliases
            .iter()
            .filter(|a| a.chars().all(|c| c.is_ascii_uppercase()))
        {
            let found = f.find(alias);
            assert_eq!(found.rows[0].jump, Jump::Entity(i), "acronym {alias}");
            f.clear_query();
        }
    }
}

#[test]
fn an_acronym_finds_the_arabic_passages_naming_the_body() {
    let mut f = open();
    f.press(KeyCode::Char('/'));
    let found = f.find("unodc");
    let unodc = entity(&f, "unodc");
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
        f.ws.span_text(span),
        "مكتب الأمم المتحدة المعني بالمخدرات والجريمة"
    );
    let screen = f.screen();
    assert!(screen.contains("/ unodc"), "{screen}");
    assert!(screen.contains("body"), "{screen}");
}

#[test]
fn tab_filters_by_kind_and_enter_opens_a_passage_in_the_reader() {
    let mut f = open();
    f.press(KeyCode::Char('/'));
    f.find("الصحه العالميه");
    for _ in 0..3 {
        f.press(KeyCode::Tab); // theme, entity, passage
    }
    assert_eq!(f.overlays.finder().unwrap().kind, Some(Kind::Passage));
    let found = f.settle();
    assert!(!found.rows.is_empty() && found.rows.iter().all(|r| r.kind == Kind::Passage));
    f.press(KeyCode::Enter);
    assert!(f.overlays.finder().is_none());
    let r = f.reader.as_ref().expect("the reader opens at the match");
    let mark = r.current_span().unwrap();
    assert_eq!(mark.passage + 1, 5);
}

#[test]
fn enter_selects_a_theme_in_place_and_esc_restores() {
    let mut f = open();
    f.press(KeyCode::Char('3'));
    f.press(KeyCode::Char('j'));
    f.press(KeyCode::Char('j'));
    let before = (f.focus, f.entities);
    f.press(KeyCode::Char('/'));
    f.find("maritime");
    f.press(KeyCode::Esc);
    assert!(f.overlays.finder().is_none());
    assert_eq!((f.focus, f.entities), before, "Esc restores where you were");
    f.press(KeyCode::Char('/'));
    let found = f.find("maritime");
    assert_eq!(found.rows[0].jump, Jump::Theme(4));
    f.press(KeyCode::Enter);
    assert_eq!(f.focus, Pane::Themes);
    assert_eq!(f.theme(), Some(4));
}

#[test]
fn stale_answers_are_never_shown() {
    let mut f = open();
    f.press(KeyCode::Char('/'));
    f.find("interpol");
    // An answer to an older query arrives late: it is dropped.
    let late = Found {
        query: "inter".into(),
        kind: None,
        rows: Vec::new(),
        total: 0,
        complete: true,
    };
    f.found(late);
    let shown = f.overlays.finder().unwrap().found.as_ref().unwrap();
    assert_eq!(shown.query, "interpol");
    assert!(!shown.rows.is_empty());
    // Typing on: what is shown answers the new text only once it arrives.
    f.press(KeyCode::Char('x'));
    assert!(!f.overlays.finder().unwrap().current());
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
    let mut f = open().with_notes(&coopdash::notes::SharedNotes::open(&store_dir).unwrap());
    f.press(KeyCode::Char('/'));
    let found = f.find("زياره ليون");
    assert_eq!(found.rows[0].kind, Kind::Note, "{:?}", found.rows);
    f.press(KeyCode::Enter);
    assert_eq!(f.focus, Pane::Notes);
    assert_eq!(
        f.note().unwrap().stored.note.body,
        "زيارة ليون الأسبوع المقبل"
    );
}
