//! The matrix and timeline views and the `x` export prompt, through a
//! session on ratatui's TestBackend: snapshots, key
//! flows down to the reader and back, NO_COLOR, and exports written (or
//! refused) from the dashboard.

use crate::support::ui::{Dash, row, text};
use crate::support::{seed, seed_copy};

use coopdash::export::{self, Extras, Format};
use coopdash::matrix::Matrix;
use coopdash::model::Workspace;
use coopdash::timeline::Timeline;
use coopdash::ui::chart_areas::matrix_areas;
use coopdash::ui::reader::MarkKind;
use coopdash::ui::update::reader_size;
use coopdash::ui::views::Chart;
use coopdash::workspace;
use ratatui::buffer::Buffer;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::style::Color;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

fn entity(ws: &Workspace, id: &str) -> usize {
    ws.entities.iter().position(|e| e.id == id).unwrap()
}

fn theme(ws: &Workspace, id: &str) -> usize {
    ws.themes.iter().position(|t| t.id == id).unwrap()
}

/// Opens the matrix and moves the cursor to (`theme`, `entity`).
fn matrix_at(s: &mut Dash, theme: usize, entity: usize) {
    s.press(KeyCode::Char('m'));
    for _ in 0..theme {
        s.press(KeyCode::Char('j'));
    }
    for _ in 0..entity {
        s.press(KeyCode::Right);
    }
}

#[test]
fn matrix_80x24() {
    let mut s = Dash::seed(80, 24);
    s.press(KeyCode::Char('m'));
    insta::assert_snapshot!(s.screen());
}

#[test]
fn timeline_80x24() {
    let mut s = Dash::seed(80, 24);
    s.press(KeyCode::Char('t'));
    insta::assert_snapshot!(s.screen());
}

#[test]
fn matrix_160x48_with_a_cell_open() {
    let mut s = Dash::seed(160, 48);
    let (t, e) = (
        theme(&s.ws, "financial-crime-corruption"),
        entity(&s.ws, "interpol"),
    );
    matrix_at(&mut s, t, e);
    s.press(KeyCode::Enter);
    insta::assert_snapshot!(s.screen());
}

#[test]
fn timeline_160x48() {
    let mut s = Dash::seed(160, 48);
    s.press(KeyCode::Char('t'));
    s.press(KeyCode::Char('j'));
    insta::assert_snapshot!(s.screen());
}

/// `SOURCE ¶N` of every row of the matrix's passage list, top to bottom.
fn listed(buf: &Buffer) -> Vec<String> {
    let title = (0..buf.area.height)
        .find(|&y| row(buf, y).contains("┌ Passages"))
        .expect("passage list");
    (title + 1..buf.area.height)
        .map(|y| row(buf, y))
        .take_while(|r| !r.starts_with('└'))
        .filter_map(|r| {
            let words: Vec<&str> = r.trim_matches('│').split_whitespace().collect();
            let at = words.iter().position(|w| w.starts_with('¶'))?;
            Some(format!("{} {}", words[at - 1], words[at]))
        })
        .collect()
}

#[test]
fn matrix_cell_to_passages_to_reader_and_back() {
    let ws = seed();
    let matrix = Matrix::build(&ws, &[]);
    let mut s = Dash::new(ws, 80, 24, false);
    let interpol = entity(&s.ws, "interpol");
    // The one theme whose passages name INTERPOL (¶15).
    let id = "financial-crime-corruption";
    let t = theme(&s.ws, id);
    let expected = matrix.passages(t, interpol).to_vec();
    assert!(!expected.is_empty(), "{id} × interpol is empty");
    matrix_at(&mut s, t, interpol);
    let screen = s.screen();
    assert!(
        screen.contains(&format!("{} passage", expected.len()))
            && screen.contains("× International Criminal Police Organization"),
        "footer names the cell:\n{screen}"
    );
    // The list shows the cell's passages, in the matrix's order.
    let addresses: Vec<String> = expected
        .iter()
        .map(|p| format!("{} ¶{}", s.ws.sources[p.source].id, p.passage + 1))
        .collect();
    assert_eq!(listed(&s.buffer()), addresses);

    s.press(KeyCode::Enter);
    s.press(KeyCode::Char('G'));
    let last = expected.last().unwrap();
    s.press(KeyCode::Enter);
    let r = s.reader.as_ref().expect("reader open");
    let mark = &r.marks[r.current];
    assert_eq!((mark.passage, &mark.range), (last.passage, &last.range));
    assert_eq!(mark.kind, MarkKind::Mention(interpol));
    assert!(s.screen().contains(&format!("¶{}", last.passage + 1)));

    // Esc: to the matrix's list, to its grid, to the panes.
    s.press(KeyCode::Esc);
    assert!(s.reader.is_none());
    let Some(Chart::Matrix(m)) = &s.chart else {
        panic!("back in the matrix")
    };
    assert!(m.in_list);
    assert_eq!((m.rows.selected, m.cols.selected), (t, interpol));
    s.press(KeyCode::Esc);
    s.press(KeyCode::Esc);
    assert!(s.chart.is_none());
    assert!(s.screen().contains("1 Themes"));
}

#[test]
fn an_empty_cell_opens_nothing() {
    let mut s = Dash::seed(80, 24);
    let (t, e) = (theme(&s.ws, "global-health"), entity(&s.ws, "unesco"));
    matrix_at(&mut s, t, e);
    s.press(KeyCode::Enter);
    let Some(Chart::Matrix(m)) = &s.chart else {
        panic!("matrix")
    };
    assert!(!m.in_list);
    assert!(s.screen().contains("No passage where both occur"));
}

#[test]
fn matrix_scrolls_columns_that_do_not_fit() {
    let mut s = Dash::seed(60, 18);
    s.press(KeyCode::Char('m'));
    let last = s.ws.entities.len() - 1;
    for _ in 0..last {
        s.press(KeyCode::Char('l'));
    }
    let screen = s.screen();
    // The footer names the cell, cut to fit.
    let name: String = s.ws.entities[last]
        .name
        .get("en")
        .chars()
        .take(20)
        .collect();
    assert!(screen.contains(&format!("Cybercr… × {name}")), "{screen}");
    assert!(
        screen.contains(&format!("–{0} of {0}", last + 1)),
        "{screen}"
    );
    assert!(
        screen.contains('«'),
        "scrolled columns are flagged:\n{screen}"
    );
}

#[test]
fn timeline_is_sorted_and_enter_lands_on_each_entry() {
    let ws = seed();
    let timeline = Timeline::build(&ws);
    assert!(timeline.entries.windows(2).all(|w| w[0].date <= w[1].date));
    let mut s = Dash::new(ws, 80, 24, false);
    s.press(KeyCode::Char('t'));
    // The list shows the dates in that order.
    let screen = s.screen();
    let mut at = 0;
    for e in &timeline.entries {
        let found = screen[at..].find(&format!(" {} ", e.date)).expect("listed");
        at += found + 1;
    }
    let height = reader_size(&s).1;
    for (i, e) in timeline.entries.iter().enumerate() {
        s.press(KeyCode::Enter);
        let span = e.span.clone().expect("every seed entry has a passage");
        let r = s.reader.as_ref().expect("reader open");
        assert_eq!(r.source, span.source);
        let line = r
            .lines
            .iter()
            .position(|l| l.passage == Some(span.passage) && l.line.source.end > span.range.start)
            .unwrap();
        assert!(
            (r.scroll..r.scroll + height).contains(&line),
            "entry {i} ({}): line {line} not in view from {}",
            e.date,
            r.scroll
        );
        s.press(KeyCode::Esc);
        assert!(matches!(s.chart, Some(Chart::Timeline(_))));
        s.press(KeyCode::Char('j'));
    }
}

#[test]
fn no_color_heat_grid_uses_characters_not_only_colour() {
    // The seed's themes and bodies meet once per cell at most: a link of
    // financial crime to ¶14 (which names INTERPOL, as ¶15 does) makes a 2.
    let mut ws = seed();
    let fin = theme(&ws, "financial-crime-corruption");
    let span = crate::support::extras::find(&ws, 14, "يتعاون الإنتربول");
    ws.themes[fin].links.push(coopdash::model::Link {
        quote: "يتعاون الإنتربول".into(),
        span,
    });
    let mut s = Dash::new(ws, 80, 24, true);
    s.press(KeyCode::Char('m'));
    let buf = s.buffer();
    for cell in buf.content() {
        assert_eq!((cell.fg, cell.bg), (Color::Reset, Color::Reset));
    }
    let Some(Chart::Matrix(m)) = &s.chart else {
        panic!("matrix")
    };
    let a = matrix_areas(s.areas().main, &s.ws, &s.lang, &m.data);
    // What each count looks like on screen.
    let mut looks: BTreeMap<usize, Vec<String>> = BTreeMap::new();
    for t in 0..m.data.themes() {
        let y = a.grid.y + 1 + (a.head + t) as u16;
        for e in 0..a.cols.min(m.data.entities()) {
            let x = a.grid.x + 1 + (a.label + e * (a.cell + 1)) as u16;
            let cell: String = (x..x + a.cell as u16)
                .map(|x| buf[(x, y)].symbol())
                .collect();
            looks.entry(m.data.count(t, e)).or_default().push(cell);
        }
    }
    assert!(looks.len() >= 3, "the seed has 0, 1 and 2: {looks:?}");
    for (count, cells) in &looks {
        assert!(cells.iter().all(|c| c == &cells[0]), "{count}: {cells:?}");
    }
    let shades: Vec<String> = looks
        .values()
        .map(|c| c[0].chars().filter(|ch| !ch.is_ascii_digit()).collect())
        .collect();
    for (i, a) in shades.iter().enumerate() {
        for b in &shades[i + 1..] {
            assert_ne!(a.trim(), b.trim(), "shades differ by count: {looks:?}");
        }
    }
    assert_eq!(looks[&0][0].trim(), "·");
}

#[test]
fn views_never_spill_over_a_border_at_any_size() {
    for (w, h) in [
        (40, 10),
        (60, 18),
        (80, 24),
        (100, 30),
        (160, 48),
        (200, 60),
    ] {
        for lang_switch in [false, true] {
            let mut s = Dash::seed(w, h);
            if lang_switch {
                s.key(KeyEvent::new(KeyCode::Char('L'), KeyModifiers::SHIFT));
            }
            let steps: [&[KeyCode]; 3] = [
                &[KeyCode::Char('m'), KeyCode::Char('j'), KeyCode::Right],
                &[KeyCode::Enter],
                &[
                    KeyCode::Esc,
                    KeyCode::Esc,
                    KeyCode::Char('t'),
                    KeyCode::Char('G'),
                ],
            ];
            for keys in steps {
                for &k in keys {
                    s.press(k);
                }
                let buf = s.buffer();
                for y in 1..h - 1 {
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
}

#[test]
fn data_never_reaches_the_screen_raw() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("seeds")).unwrap();
    std::fs::write(
        dir.path().join("seeds/evil.txt"),
        "Evil title\n\nIn 1999 the Body \u{1b}[2Jmet about the clear theme.\n",
    )
    .unwrap();
    std::fs::write(
        dir.path().join("themes.yaml"),
        "themes:\n  - id: t\n    name: \"Theme\\e[2J\\u202E\"\n    links:\n      - source: evil\n        quote: clear\nentities:\n  - id: e\n    kind: person\n    name: \"Body \\e]0;x\\a\"\n    aliases: [Body]\nevents:\n  - date: 1999\n    label: \"Met\\e[31m \\u2066here\"\n    source: evil\n    quote: In 1999\n",
    )
    .unwrap();
    let ws = workspace::load(dir.path()).unwrap();
    let mut s = Dash::new(ws, 80, 24, false);
    let mut screens = Vec::new();
    for key in [
        KeyCode::Char('m'),
        KeyCode::Enter,
        KeyCode::Esc,
        KeyCode::Esc,
    ] {
        s.press(key);
        screens.push(s.buffer());
    }
    s.press(KeyCode::Char('t'));
    screens.push(s.buffer());
    for buf in &screens {
        for c in buf.content().iter().flat_map(|c| c.symbol().chars()) {
            assert!(
                !(c.is_control()
                    || ('\u{202A}'..='\u{202E}').contains(&c)
                    || ('\u{2066}'..='\u{2069}').contains(&c)),
                "raw {c:?} on screen:\n{}",
                text(buf)
            );
        }
    }
    assert!(text(&screens[4]).contains("Met␛[31m here"));
}

/// Every file and folder under `dir`, with file sizes.
fn tree(dir: &Path) -> BTreeMap<PathBuf, u64> {
    let mut out = BTreeMap::new();
    for e in std::fs::read_dir(dir).unwrap() {
        let e = e.unwrap();
        let meta = e.metadata().unwrap();
        out.insert(e.path(), meta.len());
        if meta.is_dir() {
            out.extend(tree(&e.path()));
        }
    }
    out
}

fn status(s: &mut Dash) -> String {
    s.status_bar()
}

/// Replaces the prompt's path by `path`, typed key by key.
fn type_path(s: &mut Dash, path: &str) {
    s.press(KeyCode::End);
    let typed = s.overlays.export().unwrap().path.text().chars().count();
    for _ in 0..typed {
        s.press(KeyCode::Backspace);
    }
    assert_eq!(s.overlays.export().unwrap().path.text(), "");
    for c in path.chars() {
        s.press(KeyCode::Char(c));
    }
}

#[test]
fn x_writes_the_json_export_into_the_workspace() {
    let dir = seed_copy();
    let ws = workspace::load(dir.path()).unwrap();
    let expected = export::render(&ws, &Extras::default(), Format::Json).unwrap();
    let mut s = Dash::new(ws, 100, 30, false);
    s.press(KeyCode::Char('x'));
    let screen = s.screen();
    assert!(screen.contains("● json"), "{screen}");
    assert!(screen.contains("exports/workspace.json"), "{screen}");
    s.press(KeyCode::Enter);
    let file = dir.path().join("exports/workspace.json");
    assert_eq!(std::fs::read(&file).unwrap(), expected);
    assert!(s.overlays.export().is_none(), "the prompt closes");
    let bar = status(&mut s);
    assert!(bar.contains("Exported json"), "{bar}");
    assert!(
        bar.contains(&format!("({} bytes)", expected.len())),
        "{bar}"
    );
    assert!(bar.contains("workspace.json"), "{bar}");
    // The report goes with the next key.
    s.press(KeyCode::Char('j'));
    assert!(!status(&mut s).contains("Exported"));
}

#[test]
fn x_formats_change_the_extension_and_arabic_names_arrive_intact() {
    let dir = seed_copy();
    let ws = workspace::load(dir.path()).unwrap();
    let mut s = Dash::new(ws, 80, 24, false);
    s.press(KeyCode::Char('x'));
    s.press(KeyCode::Down); // markdown
    assert!(
        s.overlays
            .export()
            .unwrap()
            .path
            .text()
            .ends_with("/workspace.md")
    );
    s.press(KeyCode::Tab); // csv
    let prompt = s.overlays.export().unwrap();
    assert_eq!(prompt.format, Format::Csv);
    assert!(prompt.path.text().ends_with("/workspace.csv"));
    // Relative to the workspace; `q` and `?` are typed, not obeyed.
    type_path(&mut s, "تقارير/تقرير q?.csv");
    assert!(!s.quit && s.overlays.help().is_none());
    s.press(KeyCode::Enter);
    let file = dir.path().join("تقارير/تقرير q?.csv");
    let csv = std::fs::read_to_string(&file).unwrap();
    assert!(csv.starts_with("theme,source,passage"), "{csv}");
    let bar = status(&mut s);
    assert!(
        bar.contains(&crate::support::ui::shown("تقارير/تقرير")) && bar.contains(" q?.csv"),
        "{}",
        status(&mut s)
    );
}

#[test]
fn x_with_an_unwritable_path_says_why_and_changes_nothing() {
    let dir = seed_copy();
    let ws = workspace::load(dir.path()).unwrap();
    let before = tree(dir.path());
    let mut s = Dash::new(ws, 80, 24, false);
    s.press(KeyCode::Char('x'));
    // Root can write anywhere, so unwritable here means: a file where a
    // folder should be, or folders missing two deep.
    for path in ["themes.yaml/out.json", "missing/deeper/out.json"] {
        type_path(&mut s, path);
        s.press(KeyCode::Enter);
        let bar = status(&mut s);
        assert!(bar.contains("Export failed"), "{path}: {bar}");
        assert!(
            s.status.as_ref().is_some_and(|m| m.error),
            "{path}: reported as an error"
        );
        assert!(
            s.overlays.export().is_some(),
            "the prompt stays to fix the path"
        );
        assert_eq!(tree(dir.path()), before, "{path}: nothing changed");
    }
    s.press(KeyCode::Esc);
    assert!(s.overlays.export().is_none());
    assert_eq!(tree(dir.path()), before);
}

#[test]
fn pasted_text_is_typed_into_the_prompt() {
    let mut s = Dash::seed(80, 24);
    // Outside a text field a paste does nothing.
    s.paste("q");
    assert!(!s.quit);
    s.press(KeyCode::Char('x'));
    s.paste("/tmp/ملف\n.json");
    let path = s.overlays.export().unwrap().path.text();
    assert!(path.ends_with("workspace.json/tmp/ملف.json"), "{path}");
}

#[test]
fn a_source_dated_only_in_themes_yaml_opens_at_its_top() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("seeds")).unwrap();
    std::fs::write(
        dir.path().join("seeds/note.txt"),
        "A note\n\nThe Body met.\n",
    )
    .unwrap();
    std::fs::write(
        dir.path().join("themes.yaml"),
        "sources:\n  - id: note\n    file: note.txt\n    date: 2021-03\nthemes:\n  - id: t\n    name: T\nentities:\n  - id: e\n    kind: body\n    name: Body\n",
    )
    .unwrap();
    let mut s = Dash::new(workspace::load(dir.path()).unwrap(), 80, 24, true);
    s.press(KeyCode::Char('t'));
    let screen = s.screen();
    assert!(screen.contains("▶ 2021-03    ▪ Source: A note"), "{screen}");
    assert!(screen.contains("date from themes.yaml"), "{screen}");
    s.press(KeyCode::Enter);
    let r = s.reader.as_ref().expect("reader open");
    assert_eq!((r.source, r.scroll), (0, 0));
}

#[test]
fn over_serve_exports_stay_in_the_exports_folder() {
    let dir = seed_copy();
    let outside = tempfile::tempdir().unwrap();
    let mut s = Dash::new(workspace::load(dir.path()).unwrap(), 100, 30, false);
    s.confine_exports = true;
    s.press(KeyCode::Char('x'));
    for path in [
        outside.path().join("x.json").display().to_string(),
        "../escape.json".to_string(),
        "exports/../themes.yaml".to_string(),
    ] {
        type_path(&mut s, &path);
        s.press(KeyCode::Enter);
        assert!(
            s.overlays.export().is_some(),
            "{path}: refused, the prompt stays"
        );
        assert!(
            s.status.as_ref().unwrap().text.contains("exports go into"),
            "{path}"
        );
    }
    assert_eq!(std::fs::read_dir(outside.path()).unwrap().count(), 0);
    type_path(&mut s, "exports/mine.json");
    s.press(KeyCode::Enter);
    assert!(
        dir.path().join("exports/mine.json").is_file(),
        "{:?}",
        s.status
    );
}
