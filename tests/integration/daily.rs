//! The daily trip-ups of issue #19: readable selections, pastes that keep
//! their lines, resizes that keep lists full, help one key away, marks that
//! say what they are, whole counts, cut text that keeps what identifies it,
//! and linking from the reader. Dashboards on TestBackend at 50×15, 80×24,
//! 120×40 and 200×50; the real binary in tmux for paste, resize and typing.
//! Expected counts and names come from the data, never from constants.

use crate::support::tmux::Tmux;
use crate::support::ui::Dash;
use crate::support::{bin, require_tool, seed, seed_copy, wait_until};
use coopdash::model::Workspace;
use coopdash::notes::{SharedNotes, Store, TargetRef};
use coopdash::ui::keymap::Keymap;
use coopdash::ui::keys::Context;
use coopdash::ui::reader::MarkKind;
use coopdash::ui::state::Pane;
use ratatui::buffer::Buffer;
use ratatui::crossterm::event::KeyCode;
use ratatui::style::{Color, Modifier};
use std::time::Duration;

/// The sizes the issue tried, smallest first.
const SIZES: [(u16, u16); 4] = [(50, 15), (80, 24), (120, 40), (200, 50)];

fn press(s: &mut Dash, keys: &str) {
    for c in keys.chars() {
        s.press(KeyCode::Char(c));
    }
}

/// A dashboard over the seed with a fresh notes folder, signing as salma.
fn with_notes(w: u16, h: u16) -> (tempfile::TempDir, Dash) {
    let dir = tempfile::tempdir().unwrap();
    let notes = SharedNotes::open(&dir.path().join("notes")).unwrap();
    let s = Dash::seed(w, h).author("salma").with_notes(&notes);
    (dir, s)
}

/// Opens the reader at theme `t`'s first passage.
fn reader_from_theme(s: &mut Dash, t: usize) {
    s.press(KeyCode::Char('1'));
    s.press(KeyCode::Char('g'));
    for _ in 0..t {
        s.press(KeyCode::Char('j'));
    }
    s.press(KeyCode::Enter);
    s.press(KeyCode::Enter);
    assert!(s.reader.is_some(), "the reader opens from theme {t}");
}

/// Every cell whose text and background are both set and the same colour.
fn invisible_cells(buf: &Buffer) -> Vec<(u16, u16, Color)> {
    let mut out = Vec::new();
    for y in 0..buf.area.height {
        for x in 0..buf.area.width {
            let c = &buf[(x, y)];
            if c.fg != Color::Reset && c.fg == c.bg && !c.symbol().trim().is_empty() {
                out.push((x, y, c.fg));
            }
        }
    }
    out
}

// 1. Readable selection --------------------------------------------------

#[test]
fn no_drawn_text_has_its_own_background_colour() {
    for (w, h) in SIZES {
        let mut s = Dash::seed(w, h);
        let mut screens = Vec::new();
        // The Themes selection focused, then unfocused (Passages focused).
        screens.push(("themes", s.buffer()));
        s.press(KeyCode::Enter);
        screens.push(("passages", s.buffer()));
        s.press(KeyCode::Char('3'));
        screens.push(("bodies", s.buffer()));
        s.press(KeyCode::Char('1'));
        s.press(KeyCode::Enter);
        s.press(KeyCode::Enter);
        screens.push(("reader", s.buffer()));
        s.press(KeyCode::Char('v'));
        screens.push(("selection", s.buffer()));
        s.press(KeyCode::Enter);
        screens.push(("picker", s.buffer()));
        let mut s = Dash::seed(w, h);
        s.press(KeyCode::Char('m'));
        screens.push(("matrix", s.buffer()));
        s.press(KeyCode::Enter);
        screens.push(("matrix list", s.buffer()));
        let mut s = Dash::seed(w, h);
        s.press(KeyCode::Char('t'));
        screens.push(("timeline", s.buffer()));
        s.press(KeyCode::Char('?'));
        screens.push(("help", s.buffer()));
        for (what, buf) in screens {
            let bad = invisible_cells(&buf);
            assert!(bad.is_empty(), "{what} at {w}×{h}: {bad:?}");
        }
    }
}

#[test]
fn the_selected_row_keeps_one_readable_pair_across_its_spans() {
    // The unfocused Themes selection holds a dim count column: it takes
    // the row's colours, never grey on grey.
    let mut s = Dash::seed(80, 24);
    s.press(KeyCode::Char('2'));
    let buf = s.buffer();
    let row = (0..buf.area.height)
        .find(|&y| crate::support::ui::row(&buf, y).contains("▶ Cybercrime"))
        .expect("the selected theme row");
    let selected = s.palette.selected(false);
    for x in 1..31 {
        let c = &buf[(x, row)];
        assert_eq!(
            (c.fg, c.bg),
            (selected.fg.unwrap(), selected.bg.unwrap()),
            "cell {x} of the selected row"
        );
    }
}

// 2. Paste keeps lines -------------------------------------------------

#[test]
fn a_paste_keeps_its_lines_whatever_ends_them() {
    let (_dir, mut s) = with_notes(80, 24);
    s.press(KeyCode::Char('a'));
    s.paste("one\rtwo\r\nthree\nfour");
    let text = s.overlays.editor().expect("the editor").text();
    assert_eq!(text, "one\ntwo\nthree\nfour");
}

#[test]
fn a_bracketed_paste_in_tmux_keeps_its_lines() {
    if !require_tool("tmux") {
        return;
    }
    let ws = seed_copy();
    let state = tempfile::tempdir().unwrap();
    let t = Tmux::start(
        100,
        30,
        &format!(
            "XDG_STATE_HOME='{}' COOPDASH_AUTHOR=salma {} --workspace '{}'",
            state.path().display(),
            bin(),
            ws.path().display()
        ),
    );
    t.wait_text("Maritime security");
    t.keys(&["a"]);
    t.wait_text("C-s save");
    // tmux sends the buffer's line ends as CR inside the paste brackets.
    t.paste("first pasted line\nsecond pasted line\nthird pasted line");
    let screen = t.wait_text("third pasted line");
    for line in ["first", "second"] {
        let row = screen
            .lines()
            .find(|l| l.contains(&format!("{line} pasted line")))
            .unwrap_or_else(|| panic!("{line} line missing:\n{screen}"));
        assert_eq!(row.matches("pasted line").count(), 1, "{screen}");
    }
    t.keys(&["C-s"]);
    let notes = ws.path().join("notes");
    wait_until("the note saved", Duration::from_secs(60), || {
        let bodies: Vec<String> = Store::open(&notes)
            .map(|s| s.notes().into_iter().map(|n| n.note.body.clone()).collect())
            .unwrap_or_default();
        match bodies.first() {
            Some(b) if b == "first pasted line\nsecond pasted line\nthird pasted line" => Ok(()),
            _ => Err(format!("{bodies:?}")),
        }
    });
}

// 3. Resize keeps the view sane ------------------------------------------

/// Every list's window is full (or shows the list from its start) and
/// holds its selection.
fn assert_windows_full(s: &Dash, when: &str) {
    for pane in [Pane::Themes, Pane::Passages, Pane::Entities, Pane::Notes] {
        let c = match pane {
            Pane::Themes => s.themes,
            Pane::Passages => s.passages,
            Pane::Entities => s.entities,
            _ => s.notes_cursor,
        };
        let len = s.rows_in(pane);
        let visible = coopdash::ui::update::visible_rows(s, pane);
        assert!(
            c.offset <= len.saturating_sub(visible),
            "{when}: {pane:?} scrolled to {} of {len} with {visible} rows",
            c.offset
        );
        assert!(c.selected >= c.offset && c.selected < c.offset + visible.max(1) || len == 0);
    }
}

#[test]
fn shrinking_then_growing_shows_a_list_from_its_start_again() {
    let mut s = Dash::seed(120, 40);
    press(&mut s, "3G");
    let last = s.rows_in(Pane::Entities) - 1;
    assert_eq!(s.entities.selected, last);
    s.resize(80, 24);
    assert_windows_full(&s, "at 80×24");
    assert!(s.entities.offset > 0, "the end is scrolled into view");
    s.resize(120, 40);
    assert_windows_full(&s, "back at 120×40");
    let first = &s.ws.entities[s.entity_rows[0].entity];
    let name = first.name.get("en").to_string();
    let screen = s.screen();
    assert!(
        screen.lines().any(|l| l.contains(&format!("│  {name} "))),
        "the first body is back in sight:\n{screen}"
    );
}

#[test]
fn every_scroll_is_clamped_at_every_size() {
    for (w, h) in SIZES {
        for (w2, h2) in SIZES {
            let mut s = Dash::seed(w, h);
            press(&mut s, "3G1G2G");
            s.press(KeyCode::Char('4'));
            for _ in 0..40 {
                s.press(KeyCode::Char('j'));
            }
            s.resize(w2, h2);
            assert_windows_full(&s, &format!("{w}×{h} → {w2}×{h2}"));
            // Help scrolled to its end stays within its rows.
            s.press(KeyCode::Char('?'));
            s.press(KeyCode::Char('G'));
            s.resize(w, h);
            let kept = s.overlays.help().unwrap().scroll;
            s.press(KeyCode::Char('G'));
            let end = s.overlays.help().unwrap().scroll;
            assert!(
                kept <= end,
                "{w2}×{h2} → {w}×{h}: {kept} past the end {end}"
            );
            assert_eq!(
                s.overlays.help().unwrap().scroll,
                end,
                "{w2}×{h2} → {w}×{h}"
            );
        }
    }
}

#[test]
fn resizing_the_real_terminal_keeps_the_bodies_list_full() {
    if !require_tool("tmux") {
        return;
    }
    let t = Tmux::start(
        120,
        40,
        &format!("cd '{}' && {}", crate::support::root().display(), bin()),
    );
    t.wait_text("Maritime security");
    t.keys(&["3", "G"]);
    let ws = seed();
    t.resize(80, 24);
    t.wait_for("the 80×24 layout", crate::support::tmux::WAIT, |s| {
        s.lines().count() <= 24 && s.contains("3 Bodies")
    });
    t.resize(120, 40);
    let first = ws.entities[0].name.get("en").to_string();
    t.wait_for(
        "the first body back at the top",
        crate::support::tmux::WAIT,
        |s| {
            let rows: Vec<&str> = s.lines().collect();
            rows.iter()
                .position(|l| l.contains("3 Partner bodies") || l.contains("3 Bodies"))
                .and_then(|at| rows.get(at + 1))
                .is_some_and(|l| l.contains(&first) && !l.contains('├'))
        },
    );
}

// 4. Help is one key away -----------------------------------------------

/// The essential hints of the context `s` is in, as the status bar writes
/// them.
fn essentials(ctx: Context) -> Vec<String> {
    let map = Keymap::default();
    map.hints(ctx)
        .take(map.essential_hints(ctx))
        .map(|(k, w)| format!(" {k} {w} "))
        .collect()
}

#[test]
fn help_find_and_quit_hints_win_at_every_width() {
    let sizes = [(40, 10), (50, 15), (60, 20), (80, 24), (120, 40), (200, 50)];
    for (w, h) in sizes {
        let mut s = Dash::seed(w, h);
        let mut seen = Vec::new();
        let mut check = |s: &mut Dash, ctx: Context| {
            let want = essentials(ctx);
            assert!(want.len() >= 2, "{ctx:?} hints help and quit");
            let bar = s.status_bar();
            for hint in &want {
                assert!(
                    bar.contains(hint.as_str()),
                    "{ctx:?} at {w}×{h}: {hint:?} missing in {bar:?}"
                );
            }
            seen.push(ctx);
        };
        check(&mut s, Context::Dashboard);
        s.press(KeyCode::Enter);
        s.press(KeyCode::Enter);
        check(&mut s, Context::Reader);
        s.press(KeyCode::Char('v'));
        check(&mut s, Context::Select);
        s.press(KeyCode::Enter);
        check(&mut s, Context::Picker);
        let mut s = Dash::seed(w, h);
        s.press(KeyCode::Char('m'));
        check(&mut s, Context::Views);
        s.press(KeyCode::Char('?'));
        check(&mut s, Context::Help);
        assert_eq!(seen.len(), 6);
    }
    // Where they are bound, find and help are among them.
    let dash = essentials(Context::Dashboard).join("");
    assert!(dash.contains(" ? help ") && dash.contains(" / find ") && dash.contains(" q quit "));
}

#[test]
fn the_help_pages_says_more_follows_and_finds_keys() {
    for (w, h) in [(50, 15), (80, 24)] {
        let mut s = Dash::seed(w, h);
        s.press(KeyCode::Char('?'));
        let screen = s.screen();
        assert!(screen.contains("↓ more"), "{w}×{h}:\n{screen}");
        s.press(KeyCode::PageDown);
        let page = s.overlays.help().unwrap().scroll;
        assert!(page > 1, "PgDn moves a page, not a line");
        s.press(KeyCode::Char(' '));
        assert_eq!(s.overlays.help().unwrap().scroll, 2 * page);
        s.press(KeyCode::PageUp);
        assert_eq!(s.overlays.help().unwrap().scroll, page);
        s.press(KeyCode::Char('G'));
        let screen = s.screen();
        assert!(screen.contains(" end "), "G goes to the end:\n{screen}");
        assert!(!screen.contains("↓ more"));
        s.press(KeyCode::Char('g'));
        assert_eq!(s.overlays.help().unwrap().scroll, 0);
        // `/` searches: typing narrows the keys, letters are not commands.
        s.press(KeyCode::Char('/'));
        s.type_text("clitic");
        let help = s.overlays.help().unwrap();
        assert!(help.typing && help.query.text() == "clitic");
        let screen = s.screen();
        assert!(screen.contains("Selecting words in the reader"), "{screen}");
        assert!(screen.contains("drop the first word"), "{screen}");
        assert!(!screen.contains("next pane"), "{screen}");
        s.press(KeyCode::Enter);
        assert!(!s.overlays.help().unwrap().typing);
        s.press(KeyCode::Char('q'));
        assert!(s.quit, "after Enter, keys are commands again");
    }
}

#[test]
fn typing_a_help_search_in_tmux() {
    if !require_tool("tmux") {
        return;
    }
    let t = Tmux::start(
        80,
        24,
        &format!("cd '{}' && {}", crate::support::root().display(), bin()),
    );
    t.wait_text("Maritime security");
    let bar = t.screen();
    for hint in essentials(Context::Dashboard) {
        assert!(bar.contains(hint.trim()), "{hint:?}:\n{bar}");
    }
    t.keys(&["?"]);
    t.wait_text("↓ more");
    t.keys(&["/"]);
    t.type_text("orphan");
    // Only the keys that hold the word are left.
    t.wait_for("the keys narrowed", crate::support::tmux::WAIT, |s| {
        s.contains("/ orphan")
            && s.contains("orphans (notes that lost their place)")
            && !s.contains("next pane")
    });
    t.keys(&["Escape", "Escape", "q"]);
    t.wait_text("EXIT=0");
}

// 5. Marks say what they are ---------------------------------------------

/// What the status bar should say of a mark, from the data.
fn mark_words(ws: &Workspace, kind: MarkKind, author: &str) -> String {
    match kind {
        MarkKind::Link(t) => format!("curated link · {}", ws.themes[t].name.get("en")),
        MarkKind::Analyst(t) => format!("analyst link · {}", ws.themes[t].name.get("en")),
        MarkKind::Keyword(t) => format!("theme keyword · {}", ws.themes[t].name.get("en")),
        MarkKind::Mention(e) => format!("mention · {}", ws.entities[e].name.get("en")),
        MarkKind::Note(_) => format!("note · by {author}"),
    }
}

#[test]
fn the_status_bar_names_every_mark() {
    let mut s = Dash::seed(200, 50);
    reader_from_theme(&mut s, 0);
    let n = s.reader.as_ref().unwrap().marks.len();
    let mut kinds = std::collections::HashSet::new();
    for _ in 0..n {
        let r = s.reader.as_ref().unwrap();
        let kind = r.marks[r.current].kind;
        kinds.insert(std::mem::discriminant(&kind));
        let want = format!("{}/{n} {}", r.current + 1, mark_words(&s.ws, kind, ""));
        let bar = s.status_bar();
        assert!(bar.contains(&want), "{want:?} not in {bar:?}");
        s.press(KeyCode::Char('n'));
    }
    assert!(kinds.len() >= 2, "links and mentions both named");
}

#[test]
fn every_link_mention_and_keyword_of_the_source_is_marked() {
    let mut s = Dash::seed(120, 40);
    reader_from_theme(&mut s, 0);
    let ws = s.ws.clone();
    let r = s.reader.as_ref().unwrap();
    let source = r.source;
    let marked: std::collections::HashSet<(usize, usize, usize)> = r
        .marks
        .iter()
        .map(|m| (m.passage, m.range.start, m.range.end))
        .collect();
    let mut want: Vec<coopdash::model::Span> = Vec::new();
    for t in &ws.themes {
        want.extend(t.links.iter().map(|l| l.span.clone()));
        want.extend(t.mentions.iter().map(|m| m.span()));
    }
    for e in &ws.entities {
        want.extend(e.mentions.iter().map(|m| m.span()));
    }
    let want: std::collections::HashSet<(usize, usize, usize)> = want
        .into_iter()
        .filter(|s| s.source == source)
        .map(|s| (s.passage, s.range.start, s.range.end))
        .collect();
    assert_eq!(marked, want, "one mark per marked span, none missing");
}

#[test]
fn theme_keywords_found_in_the_text_are_marks_of_their_own() {
    // A second workspace, where themes are named in text they do not link.
    let dir = tempfile::tempdir().unwrap();
    crate::support::notes::write_workspace(
        dir.path(),
        crate::support::notes::THEMES,
        crate::support::notes::TALK,
    );
    let ws = coopdash::workspace::load(dir.path()).unwrap();
    let mut s = Dash::new(ws, 120, 40, false);
    reader_from_theme(&mut s, 0);
    let ws = s.ws.clone();
    let marks = s.reader.as_ref().unwrap().marks.clone();
    let linked: Vec<_> = ws
        .themes
        .iter()
        .flat_map(|t| t.links.iter())
        .map(|l| (l.span.passage, l.span.range.clone()))
        .collect();
    let mut want: Vec<(usize, usize, std::ops::Range<usize>)> = Vec::new();
    for (t, theme) in ws.themes.iter().enumerate() {
        for m in &theme.mentions {
            if !linked.contains(&(m.passage(), m.range())) {
                want.push((t, m.passage(), m.range()));
            }
        }
    }
    assert!(
        !want.is_empty(),
        "the fixture names a theme it does not link"
    );
    for (t, passage, range) in want {
        let at = marks
            .iter()
            .position(|m| m.passage == passage && m.range == range)
            .unwrap_or_else(|| panic!("{}'s keyword at ¶{passage} unmarked", ws.themes[t].id));
        assert_eq!(marks[at].kind, MarkKind::Keyword(t));
        while s.reader.as_ref().unwrap().current != at {
            s.press(KeyCode::Char('n'));
        }
        let want = format!("theme keyword · {}", ws.themes[t].name.get("en"));
        assert!(s.status_bar().contains(&want), "{}", s.status_bar());
    }
}

#[test]
fn the_opened_from_themes_links_stand_out() {
    let mut s = Dash::seed(120, 40);
    reader_from_theme(&mut s, 0);
    // Move the current mark off the theme's link, onto a mention.
    let r = s.reader.as_ref().unwrap();
    let mention = r
        .marks
        .iter()
        .position(|m| matches!(m.kind, MarkKind::Mention(_)))
        .unwrap();
    while s.reader.as_ref().unwrap().current != mention {
        s.press(KeyCode::Char('n'));
    }
    let (own, other) = (s.palette.link(), s.palette.other_link());
    assert_ne!(own, other);
    let r = s.reader.as_ref().unwrap();
    let others = r
        .marks
        .iter()
        .filter(|m| matches!(m.kind, MarkKind::Link(t) if t != 0))
        .count();
    assert!(others > 0, "the source has other themes' links");
    // Scroll through the whole source, collecting the styles drawn.
    let (mut bold, mut plain) = (0, 0);
    let height = s.size.height;
    let lines = s.reader.as_ref().unwrap().lines.len();
    let mut scroll = 0;
    s.press(KeyCode::Char('g'));
    while scroll < lines {
        let buf = s.buffer();
        for y in 0..height {
            for x in 0..buf.area.width {
                let c = &buf[(x, y)];
                if c.fg == own.fg.unwrap() && c.bg == Color::Reset {
                    if c.modifier.contains(Modifier::BOLD | Modifier::UNDERLINED) {
                        bold += 1;
                    } else {
                        plain += 1;
                    }
                }
            }
        }
        s.press(KeyCode::PageDown);
        scroll += (height as usize).saturating_sub(4).max(1);
    }
    assert!(bold > 0, "the theme's own link is bold and underlined");
    assert!(plain > 0, "other themes' links are drawn plain");
}

#[test]
fn a_note_is_marked_at_its_anchor() {
    let (_dir, mut s) = with_notes(120, 40);
    reader_from_theme(&mut s, 0);
    let anchor = s.reader.as_ref().unwrap().current_span().unwrap();
    s.press(KeyCode::Char('a'));
    s.type_text("about these words");
    s.ctrl('s');
    assert!(s.overlays.editor().is_none(), "{:?}", s.status);
    s.reload_notes();
    let r = s.reader.as_ref().unwrap();
    let note = r
        .marks
        .iter()
        .position(|m| matches!(m.kind, MarkKind::Note(_)))
        .expect("a note mark");
    assert_eq!(r.marks[note].passage, anchor.passage);
    assert_eq!(r.marks[note].range, anchor.range);
    let n = s.ws.passage(&anchor).n;
    let screen = s.screen();
    assert!(
        screen.contains(&format!("¶{n}✎")),
        "the gutter marks the passage:\n{screen}"
    );
    while s.reader.as_ref().unwrap().current != note {
        s.press(KeyCode::Char('n'));
    }
    assert!(
        s.status_bar().contains("note · by salma"),
        "{}",
        s.status_bar()
    );
}

// 6. Counts tell the whole truth ----------------------------------------

/// Links theme `t` to the words the reader opened at (from `t`), with no
/// note; the picker starts on `t`.
fn add_analyst_link(s: &mut Dash, t: usize) {
    reader_from_theme(s, t);
    s.press(KeyCode::Char('v'));
    s.press(KeyCode::Enter);
    assert_eq!(
        s.overlays.picker().unwrap().cursor,
        t,
        "the picker starts on {t}"
    );
    s.press(KeyCode::Enter);
    s.ctrl('s');
    assert!(s.overlays.editor().is_none(), "{:?}", s.status);
    s.reload_notes();
    s.press(KeyCode::Esc);
}

#[test]
fn theme_counts_and_the_markdown_export_include_analyst_links() {
    let (_dir, mut s) = with_notes(120, 40);
    add_analyst_link(&mut s, 1);
    add_analyst_link(&mut s, 3);
    let screen = s.screen();
    for (t, theme) in s.ws.themes.iter().enumerate() {
        let links = theme.links.len() + s.notes.links_of(t).count();
        let want = format!("{links:>2} · {:>2}", theme.mentions.len());
        let row = screen
            .lines()
            .find(|l| l.starts_with('│') && l.contains(theme.name.get("en")))
            .unwrap();
        assert!(row.contains(&want), "{}: {want:?} in {row:?}", theme.id);
    }
    assert!(s.notes.links_of(1).count() > 0);
    let extras = s.notes.bundle.extras();
    let md = String::from_utf8(
        coopdash::export::render(&s.ws, &extras, coopdash::export::Format::Markdown).unwrap(),
    )
    .unwrap();
    for (t, theme) in s.ws.themes.iter().enumerate() {
        let mut passages: Vec<(usize, usize)> = theme
            .links
            .iter()
            .map(|l| (l.span.source, l.span.passage))
            .chain(s.notes.links_of(t).map(|(sp, _)| (sp.source, sp.passage)))
            .collect();
        passages.sort_unstable();
        passages.dedup();
        let n = passages.len();
        let want = format!(
            "- <bdi>{}</bdi> — {n} linked passage{}",
            theme.name.get("en"),
            if n == 1 { "" } else { "s" }
        );
        assert!(md.contains(&want), "{want:?} missing");
    }
}

#[test]
fn details_count_notes_and_a_shared_corner_says_they_exist() {
    for (w, h) in SIZES {
        let (_dir, mut s) = with_notes(w, h);
        for body in ["one", "two"] {
            press(&mut s, "1");
            s.press(KeyCode::Char('a'));
            s.type_text(body);
            s.ctrl('s');
        }
        s.reload_notes();
        let n = s.notes.about(TargetRef::Theme(0)).len();
        assert_eq!(n, 2);
        press(&mut s, "4");
        let details = coopdash::ui::view::details_len(&s);
        assert!(details > 0);
        let screen = s.screen();
        let want = format!("✎ {n} notes");
        assert!(
            screen.contains(&want),
            "{w}×{h}: Details lacks {want:?}:\n{screen}"
        );
        // Notes shares its corner below 140 columns: the title says so.
        let shared = w < coopdash::ui::areas::WIDE
            && h >= coopdash::ui::areas::TABS_HEIGHT
            && w >= coopdash::ui::areas::TABS_WIDTH;
        let titled = screen.contains(&format!("4 Details · ✎ {n} notes"));
        assert_eq!(titled, shared, "{w}×{h}:\n{screen}");
        if w < coopdash::ui::areas::TABS_WIDTH || h < coopdash::ui::areas::TABS_HEIGHT {
            assert!(screen.contains("5 Notes✎"), "the tab says so:\n{screen}");
        }
    }
}

// 7. Cut text keeps what identifies it -----------------------------------

#[test]
fn addresses_keep_their_paragraph_and_the_end_of_the_id() {
    let ws = seed();
    let id = ws.sources[0].id.clone();
    let tail: String = id
        .chars()
        .rev()
        .take(4)
        .collect::<Vec<_>>()
        .into_iter()
        .rev()
        .collect();
    let mut cut_seen = false;
    for w in (50..=90).step_by(5) {
        let mut s = Dash::seed(w, 24);
        s.press(KeyCode::Char('t'));
        let screen = s.screen();
        for row in screen.lines().filter(|l| l.contains(&id[..4])) {
            assert!(row.contains(&format!("{tail} ¶")), "{w}: {row:?}");
            cut_seen |= !row.contains(&id);
        }
    }
    assert!(cut_seen, "some width cut the id");
}

#[test]
fn bodies_whose_names_share_a_start_show_their_acronyms() {
    for (w, h) in [(80, 24), (120, 40)] {
        let mut s = Dash::seed(w, h);
        press(&mut s, "3");
        let rows = s.entity_rows.len();
        let mut seen = String::new();
        for _ in 0..rows {
            seen.push_str(&s.screen());
            s.press(KeyCode::Char('j'));
        }
        // Bodies with an acronym whose names are cut are told apart by it.
        let ws = s.ws.clone();
        for e in &ws.entities {
            let acronym = e
                .aliases
                .iter()
                .find(|a| a.len() >= 3 && a.chars().all(|c| c.is_ascii_uppercase()));
            let name = e.name.get("en");
            if let Some(a) = acronym
                && !name.contains(a.as_str())
                && !seen.contains(&format!("{name} "))
            {
                assert!(seen.contains(&format!("{a} · ")), "{w}: {a} missing");
            }
        }
        for a in ["UNODC", "UNESCO"] {
            assert!(seen.contains(a), "{w}×{h}: {a}");
        }
    }
}

#[test]
fn a_long_error_is_cut_inside_its_path() {
    let dir = "/nonexistent-folder-for-this-test/with/a/rather/deep/path/inside";
    for w in [80, 120] {
        let mut s = Dash::seed(w, 24);
        s.press(KeyCode::Char('x'));
        let n = s.overlays.export().unwrap().path.text().chars().count();
        s.press(KeyCode::End);
        for _ in 0..n {
            s.press(KeyCode::Backspace);
        }
        s.type_text(&format!("{dir}/final-report.json"));
        s.press(KeyCode::Enter);
        let status = s.status.clone().expect("a report");
        assert!(status.error, "{status:?}");
        let bar = s.status_bar();
        assert!(
            status.text.chars().count() > w as usize,
            "the report is long: {}",
            status.text
        );
        let first_word = status.text.split_whitespace().next().unwrap();
        assert!(bar.contains(first_word), "what happened stays: {bar:?}");
        assert!(bar.contains("/non"), "the path's start stays: {bar:?}");
        assert!(
            bar.contains("final-report.json"),
            "the file's name stays: {bar:?}"
        );
        assert!(bar.contains('…'), "{bar:?}");
        // With room, what is wrong stays too.
        let last = status.text.split_whitespace().last().unwrap();
        if w >= 120 {
            assert!(bar.contains(last), "what is wrong stays: {bar:?}");
        }
    }
}

#[test]
fn snippets_never_cut_a_number() {
    let ws = seed();
    // Every whole number in the sources, and in their ids (addresses).
    let mut numbers = std::collections::HashSet::new();
    let texts = ws.sources.iter().flat_map(|s| {
        let passages = s.passages.iter().map(|p| p.text.as_str());
        passages.chain([s.id.as_str()])
    });
    for text in texts {
        for n in text
            .split(|c: char| !c.is_ascii_digit())
            .filter(|n| !n.is_empty())
        {
            numbers.insert(n.to_string());
        }
    }
    for (w, h) in SIZES {
        let mut screens = Vec::new();
        let mut s = Dash::seed(w, h);
        for t in 0..ws.themes.len() {
            press(&mut s, "1");
            s.press(KeyCode::Char('g'));
            for _ in 0..t {
                s.press(KeyCode::Char('j'));
            }
            screens.push(s.screen());
        }
        let mut s = Dash::seed(w, h);
        s.press(KeyCode::Char('t'));
        for _ in 0..ws.events.len() + 20 {
            screens.push(s.screen());
            s.press(KeyCode::Char('j'));
        }
        for screen in screens {
            for row in screen.lines() {
                for part in row.split('…').skip(1) {
                    let lead: String = part.chars().take_while(char::is_ascii_digit).collect();
                    assert!(
                        lead.is_empty() || numbers.contains(&lead),
                        "{w}×{h}: a cut number …{lead} in {row:?}"
                    );
                }
                for part in row.split('…').collect::<Vec<_>>().iter().rev().skip(1) {
                    let trail: String = part
                        .chars()
                        .rev()
                        .take_while(char::is_ascii_digit)
                        .collect::<Vec<_>>()
                        .into_iter()
                        .rev()
                        .collect();
                    assert!(
                        trail.is_empty() || numbers.contains(&trail),
                        "{w}×{h}: a cut number {trail}… in {row:?}"
                    );
                }
            }
        }
    }
}

// 8. Linking from the reader ---------------------------------------------

#[test]
fn the_picker_starts_on_the_theme_the_reader_came_from() {
    let ws = seed();
    for t in (0..ws.themes.len()).filter(|&t| !ws.themes[t].links.is_empty()) {
        let mut s = Dash::seed(120, 40);
        reader_from_theme(&mut s, t);
        s.press(KeyCode::Char('v'));
        s.press(KeyCode::Enter);
        assert_eq!(s.overlays.picker().unwrap().cursor, t);
    }
    // From a body's mention there is no theme: the first.
    let mut s = Dash::seed(120, 40);
    press(&mut s, "3");
    s.press(KeyCode::Enter);
    s.press(KeyCode::Enter);
    s.press(KeyCode::Char('v'));
    s.press(KeyCode::Enter);
    assert_eq!(s.overlays.picker().unwrap().cursor, 0);
}

#[test]
fn c_drops_the_clitic_of_the_first_word() {
    let mut s = Dash::seed(120, 40);
    reader_from_theme(&mut s, 0);
    s.press(KeyCode::Char('v'));
    let sel = s.overlays.selection().unwrap().clone();
    let text = s.ws.sources[sel.source].passages[sel.passage].text.clone();
    // A word written with و and the article, as و+ال+…
    let at = sel
        .words
        .iter()
        .position(|w| text[w.clone()].starts_with("وال"))
        .expect("a word with و and ال in the passage");
    for _ in 0..at {
        s.press(KeyCode::Char('l'));
    }
    let before = s.overlays.selection().unwrap().span();
    assert!(s.ws.span_text(&before).starts_with("وال"));
    s.press(KeyCode::Char('c'));
    let after = s.overlays.selection().unwrap().span();
    assert_eq!(after.range.start, before.range.start + "و".len());
    assert!(s.ws.span_text(&after).starts_with("ال"));
    assert_eq!(after.range.end, before.range.end);
    // Nothing more to drop: the article stays.
    s.press(KeyCode::Char('c'));
    assert_eq!(s.overlays.selection().unwrap().span(), after);
    // The linked words are those without the clitic.
    s.press(KeyCode::Enter);
    assert_eq!(s.overlays.picker().unwrap().span, after);
}

// Layout at the sizes -------------------------------------------

#[test]
fn snapshots_of_the_dashboard_and_its_help() {
    for (w, h) in SIZES {
        let mut s = Dash::seed(w, h);
        insta::assert_snapshot!(format!("dashboard_{w}x{h}"), s.screen());
        s.press(KeyCode::Char('?'));
        insta::assert_snapshot!(format!("help_{w}x{h}"), s.screen());
        s.press(KeyCode::Esc);
        reader_from_theme(&mut s, 0);
        insta::assert_snapshot!(format!("reader_{w}x{h}"), s.screen());
    }
}
