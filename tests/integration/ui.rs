//! The dashboard through a session on ratatui's TestBackend: snapshots at
//! 80x24 and 160x48, key flows, sanitizing, NO_COLOR.

use crate::support::seed;
use crate::support::ui::{Dash, row, text};

use coopdash::model::Workspace;
use coopdash::ui::keys::BINDINGS;
use coopdash::ui::reader::MarkKind;
use coopdash::ui::state::Pane;
use coopdash::workspace;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::style::{Color, Modifier};

#[test]
fn snapshot_80x24() {
    let mut s = Dash::seed(80, 24);
    insta::assert_snapshot!(s.screen());
}

#[test]
fn snapshot_160x48() {
    let mut s = Dash::seed(160, 48);
    s.press(KeyCode::Char('j'));
    s.press(KeyCode::Enter);
    insta::assert_snapshot!(s.screen());
}

#[test]
fn the_five_areas_are_listed() {
    let screen = Dash::seed(80, 24).screen();
    for name in [
        "Cybercrime",
        "Emerging technology",
        "Financial crime and",
        "Global health",
        "Maritime security",
    ] {
        assert!(screen.contains(name), "{name} missing:\n{screen}");
    }
}

#[test]
fn theme_to_passage_to_reader_and_back() {
    let mut s = Dash::seed(80, 24);
    s.press(KeyCode::Char('j'));
    s.press(KeyCode::Char('j')); // Financial crime and corruption
    assert_eq!(s.theme(), Some(2));
    s.press(KeyCode::Enter);
    assert_eq!(s.focus, Pane::Passages);
    s.press(KeyCode::Char('G')); // its last link: ¶15
    let span = s.passage().unwrap();
    assert_eq!(span.passage + 1, 15);
    s.press(KeyCode::Enter);
    let r = s.reader.as_ref().expect("reader open");
    let mark = &r.marks[r.current];
    assert_eq!(
        (mark.passage, mark.range.clone()),
        (span.passage, span.range.clone())
    );
    assert_eq!(mark.kind, MarkKind::Link(2));
    let (at, marks) = (r.current, r.marks.len());
    let screen = s.screen();
    assert!(screen.contains("¶15"), "{screen}");
    // n moves to the next mark, N back.
    s.press(KeyCode::Char('n'));
    assert_eq!(s.reader.as_ref().unwrap().current, (at + 1) % marks);
    s.press(KeyCode::Char('N'));
    assert_eq!(s.reader.as_ref().unwrap().current, at);
    s.press(KeyCode::Esc);
    assert!(s.reader.is_none());
    assert_eq!(s.focus, Pane::Passages);
    assert_eq!(s.passage(), Some(span));
}

#[test]
fn partner_body_to_mention_to_reader() {
    let mut s = Dash::seed(80, 24);
    s.press(KeyCode::Char('3'));
    assert_eq!(s.focus, Pane::Entities);
    // The tree starts with the UN; INTERPOL is the last root, its office,
    // Secretary General and Global Policing Goals below it.
    s.press(KeyCode::Char('G'));
    for _ in 0..3 {
        s.press(KeyCode::Char('k'));
    }
    let e = s.entity().unwrap();
    assert_eq!(s.ws.entities[e].id, "interpol");
    s.press(KeyCode::Enter);
    assert_eq!(s.focus, Pane::Passages);
    assert_eq!(s.passage_rows().len(), 8);
    let screen = s.screen();
    assert!(
        screen.contains("Mentions · INTERPOL · International"),
        "{screen}"
    );
    s.press(KeyCode::Char('j'));
    s.press(KeyCode::Enter);
    let r = s.reader.as_ref().unwrap();
    assert_eq!(r.marks[r.current].kind, MarkKind::Mention(e));
    assert_eq!(r.marks[r.current].passage + 1, 3);
}

#[test]
fn tab_and_digits_move_between_panes() {
    let mut s = Dash::seed(80, 24);
    let mut seen = vec![s.focus];
    for _ in 0..5 {
        s.press(KeyCode::Tab);
        seen.push(s.focus);
    }
    assert_eq!(
        seen,
        [
            Pane::Themes,
            Pane::Passages,
            Pane::Entities,
            Pane::Details,
            Pane::Notes,
            Pane::Themes
        ]
    );
    s.press(KeyCode::BackTab);
    assert_eq!(s.focus, Pane::Notes);
    s.press(KeyCode::Char('2'));
    assert_eq!(s.focus, Pane::Passages);
}

#[test]
fn help_lists_every_key_of_the_table() {
    let mut s = Dash::seed(100, 40);
    s.press(KeyCode::Char('?'));
    // Page through the help, collecting what it shows.
    let mut seen = String::new();
    for _ in 0..BINDINGS.len() {
        seen.push_str(&s.screen());
        s.press(KeyCode::Char('j'));
    }
    for b in BINDINGS {
        // As drawn: words in Arabic are laid out like any data.
        let shown = crate::support::ui::shown(b.help);
        assert!(seen.contains(&shown), "help lacks {:?}", b.help);
    }
    s.press(KeyCode::Esc);
    assert!(s.overlays.help().is_none());
}

#[test]
fn quit_keys() {
    for key in [
        KeyEvent::new(KeyCode::Char('q'), KeyModifiers::NONE),
        KeyEvent::new(KeyCode::Char('c'), KeyModifiers::CONTROL),
    ] {
        let mut s = Dash::seed(80, 24);
        s.key(key);
        assert!(s.quit);
    }
}

#[test]
fn too_small_says_so() {
    let mut s = Dash::seed(30, 8);
    let screen = s.screen();
    assert!(screen.contains("Terminal too small"), "{screen}");
    assert!(screen.contains("need 40×10, have 30×8"), "{screen}");
}

#[test]
fn small_terminals_get_tabs_and_resize_is_live() {
    let mut s = Dash::seed(60, 18);
    let screen = s.screen();
    assert!(
        screen.contains("1 Themes│2 Passages│3 Bodies│4 Details"),
        "{screen}"
    );
    s.resize(80, 24);
    let screen = s.screen();
    // The pane's title as long as fits: see snapshot_160x48 for all of it.
    assert!(screen.contains("3 Bodies and programmes"), "{screen}");
}

#[test]
fn no_text_spills_over_a_border_at_any_size() {
    for (w, h) in [
        (40, 10),
        (60, 18),
        (80, 24),
        (100, 30),
        (160, 48),
        (200, 60),
    ] {
        let mut s = Dash::seed(w, h);
        // Visit every pane and the reader; the right edge stays a border on
        // every row between header and status bar.
        for key in [
            KeyCode::Char('j'),
            KeyCode::Enter,
            KeyCode::Enter,
            KeyCode::Esc,
            KeyCode::Tab,
            KeyCode::Tab,
            KeyCode::Char('j'),
        ] {
            s.press(key);
            let buf = s.buffer();
            let pane_rows: Vec<u16> = (1..h - 1)
                .filter(|&y| ["│", "┌", "└"].contains(&buf[(0, y)].symbol()))
                .collect();
            assert!(
                pane_rows.len() as u16 >= h - 3,
                "{w}x{h}: panes missing:\n{}",
                text(&buf)
            );
            for y in pane_rows {
                let edge = buf[(w - 1, y)].symbol();
                assert!(
                    ["│", "┐", "┘"].contains(&edge),
                    "{w}x{h} row {y} ends in {edge:?}:\n{}",
                    text(&buf)
                );
            }
        }
    }
}

fn workspace_with(text: &str) -> (tempfile::TempDir, Workspace) {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("seeds")).unwrap();
    std::fs::write(dir.path().join("seeds/evil.txt"), text).unwrap();
    std::fs::write(
        dir.path().join("themes.yaml"),
        "themes:\n  - id: t\n    name: \"Theme\\e[2J\\u202E\"\n    links:\n      - source: evil\n        quote: clear\nentities:\n  - id: e\n    kind: body\n    name: Body\n",
    )
    .unwrap();
    let ws = workspace::load(dir.path()).unwrap();
    (dir, ws)
}

#[test]
fn escape_sequences_and_bidi_overrides_never_reach_the_screen() {
    let evil =
        "Evil \u{1b}[2J title\n\nclear \u{1b}]0;pwned\u{7} the \u{202E}screen Body \u{9b}31m now\n";
    let (_dir, ws) = workspace_with(evil);
    let mut s = Dash::new(ws, 80, 24, false);
    let mut screens = vec![s.buffer()];
    s.press(KeyCode::Enter);
    screens.push(s.buffer());
    s.press(KeyCode::Enter);
    assert!(s.reader.is_some());
    screens.push(s.buffer());
    for buf in &screens {
        for cell in buf.content() {
            for c in cell.symbol().chars() {
                assert!(
                    !(c.is_control()
                        || ('\u{202A}'..='\u{202E}').contains(&c)
                        || ('\u{2066}'..='\u{2069}').contains(&c)),
                    "raw {c:?} on screen:\n{}",
                    text(buf)
                );
            }
        }
    }
    let reader = text(&screens[2]);
    assert!(
        reader.contains("␛]0;pwned␇"),
        "escapes are shown, not obeyed:\n{reader}"
    );
}

#[test]
fn no_color_keeps_the_selection_visible_without_colour() {
    let mut s = Dash::new(seed(), 80, 24, true);
    let buf = s.buffer();
    for cell in buf.content() {
        assert_eq!(
            (cell.fg, cell.bg),
            (Color::Reset, Color::Reset),
            "no colour at all under NO_COLOR"
        );
    }
    // The selected theme row: a marker and reverse video.
    let y = (0..24)
        .find(|&y| row(&buf, y).contains("▶ Cybercrime"))
        .expect("marker");
    let x = row(&buf, y).chars().position(|c| c == 'C').unwrap() as u16;
    assert!(buf[(x, y)].modifier.contains(Modifier::REVERSED));
}

#[test]
fn l_switches_the_language_of_names() {
    let mut s = Dash::seed(80, 24);
    assert_eq!(s.languages, ["ar", "en"]);
    let key = KeyEvent::new(KeyCode::Char('L'), KeyModifiers::SHIFT);
    s.key(key);
    assert_eq!(s.lang, "ar");
    let screen = s.screen();
    assert!(
        screen.contains(&crate::support::ui::shown("الجريمة السيبرية")),
        "{screen}"
    );
    // Details keeps the other language visible.
    assert!(screen.contains("en: Cybercrime"), "{screen}");
    s.key(key);
    assert_eq!(s.lang, "en");
}

#[test]
fn reader_snapshots_in_each_bidi_mode() {
    use coopdash::layout::BidiMode;
    for mode in BidiMode::ALL {
        let mut s = Dash::seed(80, 24);
        s.bidi = mode;
        s.press(KeyCode::Enter);
        s.press(KeyCode::Char('j'));
        s.press(KeyCode::Enter); // ¶5, the five areas
        assert_eq!(s.reader.as_ref().unwrap().mode, mode);
        insta::assert_snapshot!(format!("reader_{}", mode.name()), s.screen());
    }
}

#[test]
fn b_cycles_the_bidi_mode_and_relays_the_reader() {
    use coopdash::layout::BidiMode;
    let mut s = Dash::seed(80, 24);
    s.press(KeyCode::Enter);
    s.press(KeyCode::Enter);
    let before = s.reader.as_ref().unwrap().lines.len();
    let mut seen = vec![s.bidi];
    for _ in 0..3 {
        s.press(KeyCode::Char('b'));
        seen.push(s.bidi);
    }
    assert_eq!(
        seen,
        [
            BidiMode::App,
            BidiMode::AppNoShape,
            BidiMode::Terminal,
            BidiMode::App
        ]
    );
    assert!(s.screen().contains("bidi app · en"));
    s.press(KeyCode::Char('b'));
    s.press(KeyCode::Char('b'));
    let r = s.reader.as_ref().unwrap();
    assert_eq!(r.mode, BidiMode::Terminal);
    // Terminal mode: full width, no gutter, so lines are laid out wider.
    assert!(r.lines.len() <= before);
    assert!(r.lines.iter().all(|l| l.gutter.is_none()));
}

#[test]
fn app_mode_reader_lines_are_the_layout_of_the_passage() {
    use coopdash::layout::{BidiMode, LayoutOptions, layout};
    let mut s = Dash::seed(80, 24);
    s.press(KeyCode::Enter);
    s.press(KeyCode::Char('j'));
    s.press(KeyCode::Enter);
    let screen = s.screen();
    let ws = seed();
    let p5 = &ws.sources[0].passages[4].text;
    let opts = LayoutOptions {
        mode: BidiMode::App,
        lang: Some("ar"),
    };
    for line in layout::<()>(p5, &[], 80 - 2 - coopdash::ui::reader::GUTTER, &opts) {
        assert!(
            screen.contains(&line.text()),
            "missing {:?} in\n{screen}",
            line.text()
        );
    }
    // Right-aligned: each line of ¶5 ends at the right border. The lines
    // are found by a shaped word of ¶5; none found would check nothing.
    let lines: Vec<&str> = screen.lines().filter(|l| l.contains("ﺔﻳﺮﺒﻴﺴﻟﺍ")).collect();
    assert!(!lines.is_empty(), "no line of ¶5 on screen:\n{screen}");
    for line in lines {
        assert!(
            line.trim_end_matches('│')
                .ends_with(|c: char| !c.is_whitespace()),
            "{line:?}"
        );
    }
}
