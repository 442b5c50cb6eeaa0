//! The mouse through a real session: reports at cells of the drawn screen
//! become actions (the pure mapping in `ui::mouse`, over the same areas the
//! view draws), then `update`. Also Ctrl-Z, which only a local runner acts
//! on. The real terminal, tmux and `serve` are in `mouse_tmux`.

use crate::support::ui::Dash;
use coopdash::ui::areas::{areas, finder_results, inner};
use coopdash::ui::session::Applied;
use coopdash::ui::state::{Owner, Pane};
use coopdash::ui::views::Chart;
use ratatui::crossterm::event::{KeyCode, MouseButton, MouseEventKind};

/// Where `text` is drawn on the screen: its first cell's column and row.
fn cell_of(f: &mut Dash, text: &str) -> (u16, u16) {
    crate::support::cell(&f.screen(), text)
}

/// The inside of `pane`'s border on the screen.
fn inside(f: &Dash, pane: Pane) -> ratatui::layout::Rect {
    inner(areas(f.size).pane(pane, f.focus, f.corner).expect("shown"))
}

#[test]
fn a_click_selects_the_row_under_the_pointer_and_focuses_its_pane() {
    let mut f = Dash::seed(100, 30);
    f.press(KeyCode::Char('2'));
    let (x, y) = cell_of(&mut f, "Global health");
    f.click(x + 2, y);
    assert_eq!((f.focus, f.themes.selected), (Pane::Themes, 3));
    assert!(f.row(y).contains("▶ Global health"), "drawn selected");

    // A body in the tree: the Passages pane now lists its mentions.
    let bodies = inside(&f, Pane::Entities);
    f.click(bodies.x + 4, bodies.y + 2);
    assert_eq!((f.focus, f.entities.selected), (Pane::Entities, 2));
    assert_eq!(f.owner, Owner::Entity);

    // Passages take two lines a row: the second line of the second row
    // is still the second row.
    let theme = (0..f.ws.themes.len())
        .find(|&t| f.ws.themes[t].links.len() >= 2)
        .expect("a theme with two passages");
    let themes = inside(&f, Pane::Themes);
    f.click(themes.x + 2, themes.y + theme as u16);
    assert_eq!(f.themes.selected, theme);
    let passages = inside(&f, Pane::Passages);
    f.click(passages.x + 5, passages.y + 3);
    assert_eq!((f.focus, f.passages.selected), (Pane::Passages, 1));
    assert_eq!(f.owner, Owner::Theme, "still the theme's passages");

    // Details has no rows: a click focuses it.
    let details = inside(&f, Pane::Details);
    f.click(details.x + 1, details.y + 1);
    assert_eq!(f.focus, Pane::Details);
    assert_eq!(f.passages.selected, 1, "nothing else moved");

    // The border, or below the last row, focuses without moving.
    let themes = areas(f.size).pane(Pane::Themes, f.focus, f.corner).unwrap();
    f.click(themes.x, themes.y + 2);
    assert_eq!((f.focus, f.themes.selected), (Pane::Themes, theme));
    f.press(KeyCode::Char('2'));
    let below = inside(&f, Pane::Themes);
    f.click(below.x + 3, below.y + below.height - 1);
    assert_eq!((f.focus, f.themes.selected), (Pane::Themes, theme));
}

#[test]
fn a_click_on_a_tab_focuses_its_pane() {
    let mut f = Dash::seed(60, 18);
    let (x, y) = cell_of(&mut f, "3 Bodies");
    f.click(x + 1, y);
    assert_eq!(f.focus, Pane::Entities);
    let (x, y) = cell_of(&mut f, "2 Passages");
    f.click(x, y);
    assert_eq!(f.focus, Pane::Passages);
    // The gap after the last tab is nothing.
    let (x, y) = cell_of(&mut f, "5 Notes");
    f.click(x + 20, y);
    assert_eq!(f.focus, Pane::Passages);
}

#[test]
fn the_wheel_moves_through_the_pane_under_the_pointer() {
    let mut f = Dash::seed(100, 30);
    f.press(KeyCode::Char('2'));
    let themes = inside(&f, Pane::Themes);
    f.wheel(themes.x + 2, themes.y, true);
    f.wheel(themes.x + 2, themes.y, true);
    assert_eq!((f.focus, f.themes.selected), (Pane::Themes, 2));
    f.wheel(themes.x + 2, themes.y + 4, false);
    assert_eq!(f.themes.selected, 1);
    assert!(f.row(themes.y + 1).contains("▶ Emerging technology"));

    // Details scrolls by lines, a few a notch, within its text.
    let details = inside(&f, Pane::Details);
    let max = coopdash::ui::view::details_len(&f).saturating_sub(details.height as usize);
    f.wheel(details.x + 1, details.y + 1, true);
    assert_eq!(f.focus, Pane::Details);
    assert_eq!(f.details_scroll, coopdash::ui::mouse::WHEEL_LINES.min(max));
}

#[test]
fn the_wheel_scrolls_the_reader_and_the_help() {
    let mut f = Dash::seed(100, 30);
    f.press(KeyCode::Enter);
    f.press(KeyCode::Enter);
    let start = f.reader.as_ref().expect("the reader is open").scroll;
    let main = areas(f.size).main;
    f.wheel(main.x + 10, main.y + 5, false);
    let up = f.reader.as_ref().unwrap().scroll;
    assert_eq!(up, start.saturating_sub(coopdash::ui::mouse::WHEEL_LINES));
    f.wheel(main.x + 10, main.y + 5, true);
    f.wheel(main.x + 10, main.y + 5, true);
    let down = f.reader.as_ref().unwrap().scroll;
    assert!(down > up, "scrolled down: {up} → {down}");
    assert!(down <= up + 2 * coopdash::ui::mouse::WHEEL_LINES);

    f.press(KeyCode::Char('?'));
    f.wheel(main.x + 10, main.y + 5, true);
    assert_eq!(
        f.overlays.help().unwrap().scroll,
        coopdash::ui::mouse::WHEEL_LINES
    );
    f.wheel(main.x + 10, main.y + 5, false);
    assert_eq!(f.overlays.help().unwrap().scroll, 0);
    // Under the help, the reader did not move.
    assert_eq!(f.reader.as_ref().unwrap().scroll, down);
}

#[test]
fn the_wheel_moves_through_the_matrix_as_the_arrow_keys() {
    let mut f = Dash::seed(100, 30);
    f.press(KeyCode::Char('m'));
    let main = areas(f.size).main;
    f.wheel(main.x + 5, main.y + 5, true);
    f.wheel(main.x + 5, main.y + 5, true);
    f.wheel(main.x + 5, main.y + 5, false);
    let Some(Chart::Matrix(m)) = &f.chart else {
        panic!("the matrix is open")
    };
    assert_eq!(m.rows.selected, 1);
}

#[test]
fn a_click_on_a_finder_result_opens_it_as_enter_does() {
    let open = || {
        let mut f = Dash::seed(100, 30).with_search();
        f.press(KeyCode::Char('/'));
        let found = f.find("crime");
        assert!(
            found.rows.len() >= 3,
            "enough results: {}",
            found.rows.len()
        );
        f
    };
    let mut by_keys = open();
    by_keys.press(KeyCode::Down);
    by_keys.press(KeyCode::Down);
    by_keys.press(KeyCode::Enter);

    let mut f = open();
    // The wheel moves through the results, one a notch.
    let results = finder_results(areas(f.size).main);
    f.wheel(results.x + 3, results.y, true);
    assert_eq!(f.overlays.finder().unwrap().cursor.selected, 1);
    // A click above the results (on the query) opens nothing.
    f.click(results.x + 3, results.y - 2);
    assert!(f.overlays.finder().is_some());
    f.click(results.x + 3, results.y + 2);
    assert!(f.overlays.finder().is_none(), "the finder closed");
    let place = |f: &Dash| {
        (
            f.focus,
            f.themes.selected,
            f.entities.selected,
            f.reader.as_ref().map(|r| (r.source, r.focus_passage())),
        )
    };
    assert_eq!(place(&f), place(&by_keys), "the third result, as Enter");
}

#[test]
fn where_the_mouse_means_nothing_it_changes_nothing() {
    let mut f = Dash::seed(100, 30);
    f.press(KeyCode::Char('a'));
    assert!(f.overlays.editor().is_some());
    for kind in [
        MouseEventKind::Down(MouseButton::Left),
        MouseEventKind::ScrollDown,
    ] {
        assert_eq!(f.mouse(kind, 5, 3), Applied::Nothing, "the editor");
    }
    f.press(KeyCode::Esc);
    // Other buttons, releases and motion: nothing, anywhere.
    for kind in [
        MouseEventKind::Down(MouseButton::Right),
        MouseEventKind::Up(MouseButton::Left),
        MouseEventKind::Moved,
        MouseEventKind::Drag(MouseButton::Left),
    ] {
        assert_eq!(f.mouse(kind, 5, 3), Applied::Nothing, "{kind:?}");
    }
    // Off the screen (a terminal that reports a cell past its size).
    assert_eq!(
        f.mouse(MouseEventKind::Down(MouseButton::Left), 500, 500),
        Applied::Nothing
    );
}

#[test]
fn ctrl_z_asks_to_suspend_only_where_the_runner_can() {
    let mut f = Dash::seed(100, 30);
    f.ctrl('z');
    assert!(!f.take_suspend(), "serve's sessions never suspend");
    f.suspendable = true;
    f.ctrl('z');
    assert!(f.take_suspend(), "the local runner is asked");
    assert!(!f.take_suspend(), "once");
    // In the note editor too, the text kept.
    f.press(KeyCode::Char('a'));
    f.type_text("half");
    f.ctrl('z');
    assert!(f.take_suspend(), "from the editor");
    assert_eq!(f.overlays.editor().expect("still open").text(), "half");
    f.press(KeyCode::Esc);
    // In the help, found by its words.
    f.press(KeyCode::Char('?'));
    f.press(KeyCode::Char('/'));
    f.type_text("suspend");
    let screen = f.screen();
    assert!(screen.contains("C-z     suspend to the shell"), "{screen}");
}
