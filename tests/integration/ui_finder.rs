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

/// The screen row of the finder's first result.
fn first_row(f: &mut Dash) -> (u16, String) {
    let screen = f.screen();
    let y = screen
        .lines()
        .position(|l| l.contains('▶'))
        .expect("a selected row");
    (y as u16, screen.lines().nth(y).unwrap().to_string())
}

#[test]
fn a_name_cut_by_the_width_shows_its_matched_words_as_context() {
    let mut f = Dash::seed(80, 24).with_search();
    f.press(KeyCode::Char('/'));
    let found = f.find("office on drugs");
    assert_eq!(found.rows[0].jump, Jump::Entity(entity(&f, "unodc")));
    let (_, row) = first_row(&mut f);
    // The label is cut before the words that matched: they show after it.
    assert!(
        row.contains("United Nations Office") && row.contains('…'),
        "{row}"
    );
    assert!(row.contains("Office on Drugs"), "{row}");
    insta::assert_snapshot!("finder_cut_name", f.screen());
}

#[test]
fn a_name_that_fits_marks_its_matched_words_in_place() {
    let mut f = Dash::seed(200, 30).with_search();
    f.press(KeyCode::Char('/'));
    f.find("office on drugs");
    let (y, row) = first_row(&mut f);
    let at = row.find("Office on Drugs").expect("the whole name shows");
    assert_eq!(
        row.matches("Office on Drugs").count(),
        1,
        "no context repeats it"
    );
    let x = row[..at].chars().count() as u16;
    let buf = f.buffer();
    let (name, matched) = (&buf[(x - 2, y)], &buf[(x, y)]);
    assert_ne!(name.style(), matched.style(), "the matched words stand out");
    // The first row is selected: the link's marks on the selection's colours.
    let marked = f.palette.within_selection(f.palette.link(), true);
    assert_eq!(matched.style().fg, marked.fg);
    assert!(matched.style().add_modifier.contains(marked.add_modifier));
}

#[test]
fn note_results_show_target_and_author() {
    let dir = tempfile::tempdir().unwrap();
    let store_dir = dir.path().join("notes");
    let note = coopdash::notes::Note::new(
        coopdash::notes::NoteKind::Note,
        "unodc".parse().unwrap(),
        None,
        "salma",
        "زيارة ليون الأسبوع المقبل",
    );
    let id = note.id.clone();
    coopdash::notes::Store::open(&store_dir)
        .unwrap()
        .add(note)
        .unwrap();
    let mut f = Dash::seed(120, 30)
        .with_search()
        .with_notes(&coopdash::notes::SharedNotes::open(&store_dir).unwrap());
    f.press(KeyCode::Char('/'));
    let found = f.find("زياره ليون");
    assert_eq!(found.rows[0].kind, Kind::Note);
    let (_, row) = first_row(&mut f);
    assert!(row.contains("salma · United Nations Office on"), "{row}");
    assert!(!row.contains(&id), "{row}");
}

#[test]
fn ctrl_u_and_ctrl_w_edit_the_query_and_search_again() {
    let mut f = open();
    f.press(KeyCode::Char('/'));
    f.find("maritime security");
    f.ctrl('w');
    assert_eq!(f.overlays.finder().unwrap().query.text(), "maritime ");
    let found = f.settle();
    assert_eq!(found.query, "maritime ");
    f.ctrl('u');
    assert_eq!(f.overlays.finder().unwrap().query.text(), "");
    let found = f.find("interpol");
    assert!(!found.rows.is_empty());
}

#[test]
fn slash_reopens_with_the_last_query_selected() {
    let mut f = open();
    f.press(KeyCode::Char('/'));
    f.find("interpol");
    f.press(KeyCode::Esc);
    f.press(KeyCode::Char('/'));
    let q = &f.overlays.finder().unwrap().query;
    assert_eq!((q.text(), q.is_selected()), ("interpol", true));
    // Searched again at once, and drawn as a selection.
    let found = f.settle();
    assert_eq!(found.query, "interpol");
    let screen = f.screen();
    assert!(screen.contains("/ interpol"), "{screen}");
    // Typing replaces it.
    let found = f.find("maritime");
    assert_eq!(found.query, "maritime");
    // Enter on a result remembers the query too.
    f.press(KeyCode::Enter);
    f.press(KeyCode::Char('/'));
    assert_eq!(f.overlays.finder().unwrap().query.text(), "maritime");
    // Moving keeps the text and ends the selection.
    f.press(KeyCode::End);
    f.type_text(" security");
    assert_eq!(
        f.overlays.finder().unwrap().query.text(),
        "maritime security"
    );
}
