//! Arabic wherever an analyst looks or types: the finder's query, the note
//! editor, the export path, titles and the partner-body tree, in each bidi
//! mode. Snapshots show the screen and where the cursor is drawn; a scan of
//! every cell of every screen checks that the app mode shows joined forms
//! and the other modes never do.

use crate::support::tmux::Tmux;
use crate::support::ui::{Dash, shown};
use crate::support::{bin, require_tool, root};
use coopdash::layout::BidiMode;
use coopdash::notes::SharedNotes;
use ratatui::buffer::Buffer;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::style::Color;

const MODES: [BidiMode; 3] = [BidiMode::App, BidiMode::AppNoShape, BidiMode::Terminal];

/// The cells drawn as the cursor (black on yellow).
fn cursor_cells(buf: &Buffer) -> Vec<(u16, u16)> {
    let mut out = Vec::new();
    for y in 0..buf.area.height {
        for x in 0..buf.area.width {
            if buf[(x, y)].bg == Color::Yellow {
                out.push((x, y));
            }
        }
    }
    out
}

/// The screen, then where the cursor is.
fn capture(s: &mut Dash) -> String {
    let buf = s.buffer();
    let screen: String = (0..buf.area.height)
        .map(|y| {
            (0..buf.area.width)
                .map(|x| buf[(x, y)].symbol().to_string())
                .collect::<String>()
                + "\n"
        })
        .collect();
    format!("{screen}cursor at {:?}\n", cursor_cells(&buf))
}

fn dash(mode: BidiMode) -> Dash {
    let mut s = Dash::seed(80, 24);
    s.bidi = mode;
    s
}

fn press(s: &mut Dash, code: KeyCode, times: usize) {
    for _ in 0..times {
        s.press(code);
    }
}

#[test]
fn the_finder_with_an_arabic_query() {
    for mode in MODES {
        let mut s = dash(mode).with_search();
        s.press(KeyCode::Char('/'));
        s.find("الامم المتحده");
        // Two letters on: the cursor inside the query.
        press(&mut s, KeyCode::Left, 2);
        insta::assert_snapshot!(format!("finder_{}", mode.name()), capture(&mut s));
    }
}

const LONG_NOTE: &str = "ملاحظة عن تعاون مكتب UNODC مع الإنتربول في عام 2026: \
    the report names maritime security and financial crime, \
    وتذكر الفقرة الخامسة الأمن البحري والجرائم المالية والفساد.";

#[test]
fn the_editor_with_a_long_mixed_note() {
    for mode in MODES {
        let mut s = dash(mode);
        s.press(KeyCode::Char('a'));
        s.type_text(LONG_NOTE);
        // Up a line and into it: the cursor mid-line.
        s.press(KeyCode::Up);
        press(&mut s, KeyCode::Left, 3);
        insta::assert_snapshot!(format!("editor_{}", mode.name()), capture(&mut s));
        // Wrapped, never scrolled sideways: every word is on screen.
        let screen = s.screen();
        for word in ["UNODC", "maritime", "2026"] {
            assert!(screen.contains(word), "{mode:?}: {word}\n{screen}");
        }
    }
}

#[test]
fn the_export_prompt_with_an_arabic_folder() {
    for mode in MODES {
        let mut s = dash(mode);
        s.press(KeyCode::Char('x'));
        let typed = s.overlays.export().unwrap().path.text().chars().count();
        press(&mut s, KeyCode::Backspace, typed);
        s.type_text("تقارير/الأمن البحري.json");
        press(&mut s, KeyCode::Home, 1);
        press(&mut s, KeyCode::Right, 3);
        insta::assert_snapshot!(format!("export_{}", mode.name()), capture(&mut s));
        // A path reads left to right: the extension stays at its end.
        let screen = s.screen();
        let line = screen.lines().find(|l| l.contains("File")).unwrap();
        assert!(
            line.trim_end_matches(['│', ' ']).ends_with(".json"),
            "{line}"
        );
    }
}

#[test]
fn the_tree_under_l() {
    for mode in MODES {
        let mut s = dash(mode);
        s.key(KeyEvent::new(KeyCode::Char('L'), KeyModifiers::SHIFT));
        s.press(KeyCode::Char('3'));
        insta::assert_snapshot!(format!("tree_{}", mode.name()), capture(&mut s));
    }
}

#[test]
fn the_mirrored_tree_has_its_connectors_on_the_right() {
    let mut s = dash(BidiMode::App);
    s.key(KeyEvent::new(KeyCode::Char('L'), KeyModifiers::SHIFT));
    let screen = s.screen();
    // Connectors face the names on their left: ` ┤`, ` ┘`, never `├ `.
    let children = screen.lines().filter(|l| l.contains(" ┤ ")).count();
    assert!(children >= 5, "{screen}");
    assert!(screen.contains(" ┘ "), "{screen}");
    assert!(!screen.contains("├ ") && !screen.contains("└ "), "{screen}");
    // Names stay right-aligned against the connectors.
    let un = shown("الأمم المتحدة");
    let root = screen
        .lines()
        .find_map(|l| l.split_once(&format!("{un} ")))
        .expect("the root row");
    assert!(
        root.1
            .trim_start()
            .starts_with(|c: char| c.is_ascii_digit()),
        "{screen}"
    );
}

#[test]
fn arrows_move_on_the_screen() {
    // In a right-to-left field ← goes to the next letter: the cursor's
    // cell moves left as the insertion point moves forward in the text.
    let mut s = dash(BidiMode::App).with_search();
    s.press(KeyCode::Char('/'));
    s.type_text("سمير");
    let at_end = s.overlays.finder().unwrap().query.cursor();
    // The query is on the finder's first row.
    let x = |s: &mut Dash| {
        let cells = cursor_cells(&s.buffer());
        cells.iter().find(|(_, y)| *y == 2).expect("the cursor").0
    };
    let end_x = x(&mut s);
    s.press(KeyCode::Right);
    let cursor = s.overlays.finder().unwrap().query.cursor();
    assert!(cursor < at_end, "→ goes back in reading order");
    assert_eq!(x(&mut s), end_x + 1);
    s.press(KeyCode::Left);
    assert_eq!(s.overlays.finder().unwrap().query.cursor(), at_end);
    assert_eq!(x(&mut s), end_x);
}

/// Arabic letters with presentation forms (U+FB50–FDFF, U+FE70–FEFF).
fn presentation_form(c: char) -> bool {
    matches!(c, '\u{FB50}'..='\u{FDFF}' | '\u{FE70}'..='\u{FEFC}')
}

/// An Arabic letter that shaping would turn into a presentation form.
fn shapeable(c: char) -> bool {
    ('\u{0620}'..='\u{06FF}').contains(&c)
        && c.is_alphabetic()
        && coopdash::layout::shape::shape(&c.to_string(), 0)
            .first()
            .is_some_and(|(shaped, _)| *shaped != c)
}

/// Every screen and overlay worth a look, each as text.
fn every_screen(mode: BidiMode) -> Vec<(String, Buffer)> {
    let dir = tempfile::tempdir().unwrap();
    let notes = SharedNotes::open(&dir.path().join("notes")).unwrap();
    let mut out = Vec::new();
    let mut s = dash(mode).author("سلمى").with_notes(&notes).with_search();
    let mut shot = |s: &mut Dash, what: &str| out.push((what.to_string(), s.buffer()));
    for lang in ["en", "ar"] {
        if lang == "ar" {
            s.key(KeyEvent::new(KeyCode::Char('L'), KeyModifiers::SHIFT));
        }
        for pane in ['1', '2', '3', '4', '5'] {
            s.press(KeyCode::Char(pane));
            shot(&mut s, &format!("pane {pane} ({lang})"));
        }
    }
    s.press(KeyCode::Char('1'));
    s.press(KeyCode::Char('a'));
    s.type_text("ملاحظة عن الأمن البحري UNODC 2026");
    shot(&mut s, "editor");
    s.ctrl('s');
    s.press(KeyCode::Char('5'));
    shot(&mut s, "notes");
    s.press(KeyCode::Char('d'));
    shot(&mut s, "confirm");
    s.press(KeyCode::Char('n'));
    s.press(KeyCode::Char('/'));
    s.find("الأمن");
    shot(&mut s, "finder");
    s.press(KeyCode::Esc);
    s.press(KeyCode::Char('x'));
    shot(&mut s, "export");
    s.press(KeyCode::Esc);
    s.press(KeyCode::Char('2'));
    s.press(KeyCode::Enter);
    shot(&mut s, "reader");
    s.press(KeyCode::Char('v'));
    shot(&mut s, "selection");
    s.press(KeyCode::Enter);
    shot(&mut s, "picker");
    s.press(KeyCode::Esc);
    s.press(KeyCode::Esc);
    s.press(KeyCode::Esc);
    s.press(KeyCode::Char('m'));
    shot(&mut s, "matrix");
    s.press(KeyCode::Enter);
    shot(&mut s, "matrix passages");
    s.press(KeyCode::Esc);
    s.press(KeyCode::Esc);
    s.press(KeyCode::Char('t'));
    shot(&mut s, "timeline");
    s.press(KeyCode::Esc);
    s.press(KeyCode::Char('?'));
    shot(&mut s, "help");
    out
}

#[test]
fn every_cell_is_joined_in_app_mode_and_only_there() {
    for mode in MODES {
        let mut arabic_cells = 0;
        for (what, buf) in every_screen(mode) {
            for y in 0..buf.area.height {
                for x in 0..buf.area.width {
                    for c in buf[(x, y)].symbol().chars() {
                        let at = format!("{mode:?}, {what}, cell {x},{y}: {c:?}");
                        if mode == BidiMode::App {
                            assert!(!shapeable(c), "unjoined letter: {at}");
                        } else {
                            assert!(!presentation_form(c), "a presentation form: {at}");
                        }
                        arabic_cells += usize::from(shapeable(c) || presentation_form(c));
                    }
                }
            }
        }
        assert!(
            arabic_cells > 500,
            "{mode:?}: only {arabic_cells} Arabic cells"
        );
    }
}

/// The column of the yellow (cursor) cell on row `y`, waiting for it.
fn cursor_column(t: &Tmux, y: usize) -> usize {
    crate::support::wait_until("the cursor", std::time::Duration::from_secs(60), || {
        let cells = t.row_cells(y);
        cells
            .iter()
            .position(|(_, yellow)| *yellow)
            .ok_or_else(|| cells.iter().map(|(c, _)| c).collect())
    })
}

#[test]
fn typed_arabic_reads_right_in_a_real_terminal() {
    if !require_tool("tmux") {
        return;
    }
    let run = format!(
        "cd '{}' && XDG_STATE_HOME=$(mktemp -d) {}",
        root().display(),
        bin()
    );
    let t = Tmux::start(100, 30, &run);
    t.wait_text("Maritime security");
    // The finder: the query is laid out, the cursor left of its end.
    t.keys(&["/"]);
    t.type_text("سمير");
    t.wait_text(&shown("سمير"));
    let end = cursor_column(&t, 2);
    t.keys(&["Right"]);
    t.wait_for("→ to move", std::time::Duration::from_secs(60), |_| {
        cursor_column(&t, 2) == end + 1
    });
    t.keys(&["Left"]);
    t.wait_for(
        "← to move back",
        std::time::Duration::from_secs(60),
        |_| cursor_column(&t, 2) == end,
    );
    t.keys(&["Escape"]);
    t.wait_for(
        "the finder to close",
        std::time::Duration::from_secs(60),
        |s| !s.contains("Tab kind"),
    );
    // The editor: a mixed note wraps and reads right to left.
    t.keys(&["a"]);
    t.wait_text("C-s save");
    t.type_text("ملاحظة عن مكتب UNODC في عام 2026");
    // Shaped, in visual order, right-aligned against the border.
    let want = shown("ملاحظة عن مكتب UNODC في عام 2026");
    let screen = t.wait_text(&want);
    let line = screen.lines().find(|l| l.contains(&want)).unwrap();
    assert!(line.contains(&format!("{want}│")), "{line}");
    t.keys(&["Escape"]);
}
