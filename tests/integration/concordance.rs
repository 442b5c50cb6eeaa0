//! The concordance (issue 18): `c` on a theme or partner body, its key
//! column fixed in every bidi mode (snapshots and a check of every row's
//! cells), `o` and Enter; `coopdash kwic` plain and CSV; and the
//! `suggest` commands' outputs.

use crate::suggest::workspace;
use crate::support::notes::{stderr, stdout};
use crate::support::ui::Dash;
use crate::support::{coopdash, seed};
use coopdash::layout::{BidiMode, Columns};
use coopdash::ui::concordance::lines_area;
use coopdash::ui::views::Chart;
use ratatui::crossterm::event::KeyCode;
use ratatui::style::{Color, Modifier};

/// A dashboard with the concordance of INTERPOL open, in `mode`.
fn interpol(mode: BidiMode) -> Dash {
    let mut d = Dash::new(seed(), 100, 24, false);
    let e =
        d.ws.entities
            .iter()
            .position(|e| e.id == "interpol")
            .unwrap();
    let row = d.entity_rows.iter().position(|r| r.entity == e).unwrap();
    d.press(KeyCode::Char('3'));
    for _ in 0..row {
        d.press(KeyCode::Char('j'));
    }
    while d.bidi != mode {
        d.press(KeyCode::Char('b'));
    }
    d.press(KeyCode::Char('c'));
    assert!(matches!(d.chart, Some(Chart::Concordance(_))));
    d
}

/// The cells of the matched words (green, bold) on each line but the
/// selected one, and where the key column is.
fn check_columns(d: &mut Dash) -> usize {
    let Some(Chart::Concordance(c)) = &d.chart else {
        unreachable!()
    };
    let key = c.key;
    let (lines, _) = lines_area(d.areas().main, d.bidi);
    let cols = Columns::new(lines.width as usize, key);
    let (from, to) = (
        lines.x as usize + cols.key_start(),
        lines.x as usize + cols.key_start() + cols.key,
    );
    let buf = d.buffer();
    let mut checked = 0;
    // Row 0 is the selected line, drawn in the selection's colours.
    for y in lines.y + 1..lines.y + lines.height {
        let matched: Vec<usize> = (lines.x..lines.x + lines.width)
            .filter(|&x| {
                let cell = &buf[(x, y)];
                cell.fg == Color::Green && cell.modifier.contains(Modifier::BOLD)
            })
            .map(|x| x as usize)
            .collect();
        if matched.is_empty() {
            continue;
        }
        checked += 1;
        for x in &matched {
            assert!(
                (from..to).contains(x),
                "{:?}: row {y} has matched words at {x}, outside the key column {from}..{to}",
                d.bidi
            );
        }
        // A blank cell on either side of the key column.
        assert_eq!(buf[(from as u16 - 1, y)].symbol(), " ");
        assert_eq!(buf[(to as u16, y)].symbol(), " ");
    }
    checked
}

#[test]
fn the_key_column_holds_in_every_bidi_mode() {
    for (mode, name) in [
        (BidiMode::App, "concordance_app"),
        (BidiMode::AppNoShape, "concordance_app_noshape"),
        (BidiMode::Terminal, "concordance_terminal"),
    ] {
        let mut d = interpol(mode);
        let rows = check_columns(&mut d);
        assert!(rows >= 7, "{mode:?}: {rows} rows checked");
        insta::assert_snapshot!(name, d.screen());
    }
}

#[test]
fn the_order_cycles_and_enter_opens_the_reader_there() {
    let mut d = interpol(BidiMode::App);
    let first = |d: &Dash| {
        let Some(Chart::Concordance(c)) = &d.chart else {
            unreachable!()
        };
        c.order.clone()
    };
    let by_source = first(&d);
    assert!(by_source.windows(2).all(|w| w[0] < w[1]));
    d.press(KeyCode::Char('o'));
    assert!(d.screen().contains("by left context"));
    let by_left = first(&d);
    assert_ne!(by_left, by_source);
    d.press(KeyCode::Char('o'));
    assert!(d.screen().contains("by right context"));
    d.press(KeyCode::Char('o'));
    assert_eq!(first(&d), by_source);
    // The third line opens the reader at its mention.
    d.press(KeyCode::Char('j'));
    d.press(KeyCode::Char('j'));
    let Some(Chart::Concordance(c)) = &d.chart else {
        unreachable!()
    };
    let want = c.span(&d.ws, 2).unwrap();
    d.press(KeyCode::Enter);
    let r = d.reader.as_ref().expect("the reader opens");
    assert_eq!(r.source, want.source);
    assert_eq!(r.focus_passage(), want.passage);
    d.press(KeyCode::Esc);
    assert!(matches!(d.chart, Some(Chart::Concordance(_))));
}

#[test]
fn kwic_prints_the_key_in_one_column_and_csv_in_reading_order() {
    let o = coopdash()
        .args(["-w"])
        .arg(crate::support::root())
        .args(["kwic", "interpol", "--csv"])
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", stderr(&o));
    let table = stdout(&o);
    let mut csv = ::csv::Reader::from_reader(table.as_bytes());
    let rows: Vec<Vec<String>> = csv
        .records()
        .map(|r| r.unwrap().iter().map(str::to_string).collect())
        .collect();
    let ws = seed();
    let interpol = ws.entities.iter().find(|e| e.id == "interpol").unwrap();
    assert_eq!(rows.len(), interpol.mentions.len());
    // ¶1: the words before the key in reading order, then the key with
    // its clitic, then the words after.
    assert_eq!(rows[0][..2], ["un-interpol-2022", "1"]);
    assert!(rows[0][2].ends_with("للأمم المتحدة"), "{:?}", rows[0]);
    assert_eq!(rows[0][3], "والإنتربول");
    assert!(rows[0][4].starts_with("يجتمعان في وقت"), "{:?}", rows[0]);

    // The terminal mode prints logical order: each key starts in the
    // same cell column.
    let o = coopdash()
        .args(["-w"])
        .arg(crate::support::root())
        .args(["--bidi", "terminal", "kwic", "interpol", "--width", "90"])
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", stderr(&o));
    let text = stdout(&o);
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), rows.len());
    let mut columns = std::collections::BTreeSet::new();
    for (line, row) in lines.iter().zip(&rows) {
        let key = &row[3];
        let at = line
            .find(key.as_str())
            .unwrap_or_else(|| panic!("{key} in {line}"));
        columns.insert(coopdash::text::width::width(&line[..at]));
        assert!(line.starts_with(&format!("{}:{}", row[0], row[1])));
    }
    assert_eq!(
        columns.len(),
        1,
        "keys start in columns {columns:?}:\n{text}"
    );
    // App mode (the default): every line as wide, in visual order.
    let o = coopdash()
        .args(["-w"])
        .arg(crate::support::root())
        .args(["kwic", "interpol", "--width", "90"])
        .output()
        .unwrap();
    insta::assert_snapshot!("kwic_interpol_app", stdout(&o));
    let o = coopdash()
        .args(["-w"])
        .arg(crate::support::root())
        .args(["kwic", "nobody"])
        .output()
        .unwrap();
    assert!(!o.status.success());
    assert!(stderr(&o).contains("unknown theme or partner body `nobody`"));
}

#[test]
fn suggest_commands_list_accept_and_reject() {
    let dir = workspace();
    let root = dir.path();
    let run = |args: &[&str]| {
        coopdash()
            .args(["-w"])
            .arg(root)
            .env("COOPDASH_AUTHOR", "amal")
            .args(args)
            .output()
            .unwrap()
    };
    let o = run(&["suggest", "list"]);
    assert!(o.status.success(), "{}", stderr(&o));
    insta::assert_snapshot!("suggest_list", stdout(&o));
    let o = run(&["suggest", "list", "maritime-security", "--json"]);
    let rows: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    let rows = rows.as_array().unwrap();
    assert_eq!(rows.len(), 2);
    assert_eq!(rows[0]["theme"], "maritime-security");
    assert_eq!(rows[0]["source"], "press-2023");
    let evidence = &rows[0]["evidence"][0];
    assert!(evidence["start"].as_u64().unwrap() < evidence["end"].as_u64().unwrap());

    // Curated: themes.yaml gains the link; asked again, it says so.
    let o = run(&["suggest", "accept", "cybercrime", "press-2023:2"]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(
        stdout(&o).starts_with("+link cybercrime press-2023"),
        "{}",
        stdout(&o)
    );
    let o = run(&["suggest", "accept", "cybercrime", "press-2023:2"]);
    assert!(!o.status.success());
    assert!(stderr(&o).contains("already linked"), "{}", stderr(&o));
    // Analyst: a link note; rejected: a rejection; both leave the list.
    let o = run(&[
        "suggest",
        "accept",
        "maritime-security",
        "press-2023:3",
        "--analyst",
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let o = run(&[
        "suggest",
        "reject",
        "maritime-security",
        "press-2023:5",
        "--reason",
        "too vague",
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let o = run(&["suggest", "reject", "maritime-security", "press-2023:5"]);
    assert!(stderr(&o).contains("already decided"), "{}", stderr(&o));
    let o = run(&["suggest", "list"]);
    assert_eq!(stdout(&o), "");
    assert!(stderr(&o).contains("no suggestions"));
    let o = run(&["note", "list"]);
    let listed = stdout(&o);
    assert!(
        listed.contains("  link  maritime-security  amal"),
        "{listed}"
    );
    assert!(
        !listed.contains("rejection") && !listed.contains("too vague"),
        "{listed}"
    );
    // Not suggested at all: said plainly.
    let o = run(&["suggest", "reject", "cybercrime", "press-2023:4"]);
    assert!(
        stderr(&o).contains("names none of theme `cybercrime`"),
        "{}",
        stderr(&o)
    );
}
