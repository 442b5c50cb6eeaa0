//! Suggested links (issue 18): found through clitics, accepted as curated
//! and analyst links, rejected for good (after a restart, for another
//! analyst, after a source edit), and rejections kept out of note lists,
//! the finder and the exports; the view through the Dash harness and the
//! CLI through the real binary.

use crate::support::notes::{stderr, stdout};
use crate::support::ui::Dash;
use crate::support::{coopdash, copy_seed_to};
use coopdash::notes::SharedNotes;
use coopdash::search::Kind;
use coopdash::suggest::{Decided, Grouping, Suggestions};
use coopdash::ui::views::Chart;
use ratatui::crossterm::event::KeyCode;
use std::path::Path;
use std::sync::Arc;
use tempfile::TempDir;

/// A press release the seed's themes do not link yet: cybercrime after
/// clitics (بالجريمة, للجريمة), maritime security after و, INTERPOL and
/// the UN named beside them, and a passage naming only the bodies.
pub const PRESS: &str = "\
الإنتربول والأمم المتحدة يعززان التعاون

أكد الإنتربول والأمم المتحدة التزامهما بالتصدي للجريمة السيبرية وبالجريمة السيبرية العابرة للحدود.

وناقش الخبراء والأمن البحري في خليج غينيا.

والتقى ممثلو الإنتربول بممثلي الأمم المتحدة في نيويورك.

INTERPOL and the UN discussed maritime security at sea.
";

/// The seed workspace plus `seeds/press-2023.txt`.
pub fn workspace() -> TempDir {
    let dir = tempfile::tempdir().unwrap();
    copy_seed_to(dir.path());
    std::fs::write(dir.path().join("seeds/press-2023.txt"), PRESS).unwrap();
    dir
}

fn load(root: &Path) -> coopdash::model::Workspace {
    coopdash::workspace::open(root)
        .expect("the workspace opens")
        .ws
}

fn theme(ws: &coopdash::model::Workspace, id: &str) -> usize {
    ws.themes.iter().position(|t| t.id == id).unwrap()
}

fn source(ws: &coopdash::model::Workspace, id: &str) -> usize {
    ws.sources.iter().position(|s| s.id == id).unwrap()
}

/// (theme id, SOURCE:N) of every open suggestion in the view.
fn listed(d: &Dash) -> Vec<(String, String)> {
    let Some(Chart::Suggest(v)) = &d.chart else {
        panic!("the Suggestions view is not open")
    };
    v.items
        .iter()
        .filter_map(|&i| v.data.get(i))
        .map(|s| {
            (
                d.ws.themes[s.theme].id.clone(),
                format!("{}:{}", d.ws.sources[s.source].id, s.passage + 1),
            )
        })
        .collect()
}

/// Moves the view's selection to `theme`'s suggestion for `address`.
fn select(d: &mut Dash, theme: &str, address: &str) {
    let at = listed(d)
        .iter()
        .position(|(t, a)| t == theme && a == address)
        .unwrap_or_else(|| panic!("{theme} {address} is not suggested: {:?}", listed(d)));
    d.press(KeyCode::Home);
    for _ in 0..at {
        d.press(KeyCode::Char('j'));
    }
}

fn dash(root: &Path, notes: &Arc<SharedNotes>, author: &str) -> Dash {
    Dash::new(load(root), 100, 30, true)
        .author(author)
        .with_notes(notes)
}

#[test]
fn suggestions_are_found_through_clitics_with_their_evidence() {
    let dir = workspace();
    let ws = load(dir.path());
    let s = Suggestions::build(&ws);
    let (cyber, press) = (theme(&ws, "cybercrime"), source(&ws, "press-2023"));
    let found = s
        .items()
        .iter()
        .find(|x| x.theme == cyber && x.source == press && x.passage == 1)
        .expect("¶2 is suggested for cybercrime");
    let text = &ws.sources[press].passages[1].text;
    let words: Vec<&str> = found.evidence.iter().map(|r| &text[r.clone()]).collect();
    // للجريمة: ل + ال with the alef dropped; بالجريمة: ب + ال.
    assert_eq!(words, ["لجريمة السيبرية", "الجريمة السيبرية"]);
    let bodies: Vec<&str> = found
        .bodies
        .iter()
        .map(|&e| ws.entities[e].id.as_str())
        .collect();
    assert_eq!(bodies, ["interpol", "un"]);
    // وناقش … والأمن البحري: maritime security through و.
    let maritime = theme(&ws, "maritime-security");
    assert!(s.find(maritime, press, 2).is_some());
    // The bodies alone never make a suggestion (¶4 names INTERPOL and the UN only).
    assert!(
        s.items()
            .iter()
            .all(|x| x.source != press || x.passage != 3)
    );
    // The seed's own passages are linked where they name a theme.
    let seed = source(&ws, "un-interpol-2022");
    assert!(
        s.open(&Decided::default(), Grouping::Theme)
            .iter()
            .filter_map(|&i| s.get(i))
            .all(|x| x.source != seed || x.theme != cyber)
    );
    // More evidence and bodies: ¶2 first among cybercrime's.
    let first = s.items().iter().find(|x| x.theme == cyber).unwrap();
    assert_eq!((first.source, first.passage), (press, 1));
}

#[test]
fn the_view_lists_by_theme_and_by_source_and_highlights_the_evidence() {
    let dir = workspace();
    let notes = SharedNotes::open(&dir.path().join("notes")).unwrap();
    let mut d = dash(dir.path(), &notes, "amal");
    d.press(KeyCode::Char('s'));
    let by_theme = listed(&d);
    assert!(by_theme.contains(&("cybercrime".into(), "press-2023:2".into())));
    insta::assert_snapshot!("suggestions_by_theme", d.screen());
    d.press(KeyCode::Char('g'));
    let mut by_source = listed(&d);
    let screen = d.screen();
    assert!(screen.contains("by source"), "{screen}");
    by_source.sort();
    let mut sorted = by_theme.clone();
    sorted.sort();
    assert_eq!(by_source, sorted);
    // Enter opens the reader at the words; Esc comes back to the view.
    d.press(KeyCode::Char('g'));
    select(&mut d, "cybercrime", "press-2023:2");
    d.press(KeyCode::Enter);
    assert!(d.reader.is_some());
    d.press(KeyCode::Esc);
    assert!(matches!(d.chart, Some(Chart::Suggest(_))));
}

#[test]
fn the_evidence_is_marked_in_the_passage() {
    let dir = workspace();
    let notes = SharedNotes::open(&dir.path().join("notes")).unwrap();
    let mut d = Dash::new(load(dir.path()), 100, 30, false)
        .author("amal")
        .with_notes(&notes);
    d.press(KeyCode::Char('s'));
    select(&mut d, "cybercrime", "press-2023:2");
    let buf = d.buffer();
    // The passage box is the last third of the main area; its marked
    // cells (yellow: the evidence) spell the words of the theme.
    let mut marked = 0;
    for y in 0..buf.area.height {
        for x in 0..buf.area.width {
            let cell = &buf[(x, y)];
            if cell.fg == ratatui::style::Color::Yellow && cell.symbol() != " " {
                marked += 1;
            }
        }
    }
    // Two evidence words of 14-15 letters in the passage, one in the row.
    assert!(marked >= 2 * 13, "{marked} marked cells");
}

#[test]
fn accepting_makes_an_analyst_link_or_a_curated_link() {
    let dir = workspace();
    let notes = SharedNotes::open(&dir.path().join("notes")).unwrap();
    let mut d = dash(dir.path(), &notes, "amal");
    d.press(KeyCode::Char('s'));
    select(&mut d, "maritime-security", "press-2023:3");
    d.press(KeyCode::Char('a'));
    assert!(
        !listed(&d).contains(&("maritime-security".into(), "press-2023:3".into())),
        "an accepted suggestion leaves the list"
    );
    let t = theme(&d.ws, "maritime-security");
    let linked: Vec<String> = d
        .notes
        .links_of(t)
        .map(|(span, e)| format!("{} {}", d.ws.address(span), e.stored.note.author))
        .collect();
    assert_eq!(linked, ["press-2023:3 amal"]);

    // A: a curated link in themes.yaml, quoting the evidence words.
    select(&mut d, "cybercrime", "press-2023:2");
    d.press(KeyCode::Char('A'));
    let yaml = std::fs::read_to_string(dir.path().join("themes.yaml")).unwrap();
    assert!(yaml.contains("source: press-2023"), "{yaml}");
    d.reload_workspace();
    let t = theme(&d.ws, "cybercrime");
    let press = source(&d.ws, "press-2023");
    assert!(
        d.ws.themes[t]
            .links
            .iter()
            .any(|l| l.span.source == press && l.span.passage == 1)
    );
    // Built again on the new version: both stay out.
    let now = listed(&d);
    assert!(!now.contains(&("cybercrime".into(), "press-2023:2".into())));
    assert!(!now.contains(&("maritime-security".into(), "press-2023:3".into())));
}

#[test]
fn a_curated_accept_needs_the_curator_role() {
    let dir = workspace();
    let notes = SharedNotes::open(&dir.path().join("notes")).unwrap();
    let mut d = dash(dir.path(), &notes, "amal");
    d.curation = Err("your key is an analyst's, not a curator's".into());
    let before = std::fs::read(dir.path().join("themes.yaml")).unwrap();
    d.press(KeyCode::Char('s'));
    let listed_before = listed(&d);
    d.press(KeyCode::Char('A'));
    assert_eq!(
        std::fs::read(dir.path().join("themes.yaml")).unwrap(),
        before
    );
    assert_eq!(listed(&d), listed_before);
    assert!(d.status_bar().contains("curation is not available"));
}

#[test]
fn rejections_hold_after_a_restart_for_another_analyst_and_after_an_edit() {
    let dir = workspace();
    let notes_dir = dir.path().join("notes");
    {
        let notes = SharedNotes::open(&notes_dir).unwrap();
        let mut d = dash(dir.path(), &notes, "amal");
        d.press(KeyCode::Char('s'));
        select(&mut d, "cybercrime", "press-2023:2");
        d.press(KeyCode::Char('r'));
        assert!(d.status_bar().contains("reject"));
        d.type_text("تكرار لخبر سابق");
        d.press(KeyCode::Enter);
        assert!(!listed(&d).contains(&("cybercrime".into(), "press-2023:2".into())));
    }
    // One file, of kind rejection, anchored at the evidence, the reason as its text.
    let files: Vec<_> = std::fs::read_dir(&notes_dir)
        .unwrap()
        .filter_map(|e| e.ok())
        .filter(|e| e.path().extension().is_some_and(|x| x == "md"))
        .collect();
    assert_eq!(files.len(), 1);
    let text = std::fs::read_to_string(files[0].path()).unwrap();
    assert!(text.contains("kind: rejection"), "{text}");
    assert!(text.contains("target: cybercrime"), "{text}");
    assert!(text.contains("تكرار لخبر سابق"), "{text}");

    // Another analyst, another process's store: not asked again.
    let other = SharedNotes::open(&notes_dir).unwrap();
    let mut d = dash(dir.path(), &other, "salma");
    d.press(KeyCode::Char('s'));
    let now = listed(&d);
    assert!(!now.contains(&("cybercrime".into(), "press-2023:2".into())));
    assert!(now.contains(&("maritime-security".into(), "press-2023:3".into())));

    // The source is edited (a passage inserted before): the rejection
    // follows its words.
    let edited = PRESS.replacen("\n\n", "\n\nفقرة جديدة في البداية.\n\n", 1);
    std::fs::write(dir.path().join("seeds/press-2023.txt"), edited).unwrap();
    d.reload_workspace();
    let now = listed(&d);
    assert!(now.contains(&("maritime-security".into(), "press-2023:4".into())));
    assert!(!now.iter().any(|(t, _)| t == "cybercrime"), "{now:?}");
}

#[test]
fn rejections_stay_out_of_note_lists_the_finder_and_the_exports() {
    let dir = workspace();
    let root = dir.path();
    let o = coopdash()
        .args(["-w"])
        .arg(root)
        .args(["suggest", "reject", "cybercrime", "press-2023:2"])
        .args(["--reason", "zebra-reason-unique"])
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", stderr(&o));
    let o = coopdash()
        .args(["-w"])
        .arg(root)
        .args(["note", "list"])
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(stdout(&o), "", "note list shows no rejection");
    for format in ["json", "markdown", "csv"] {
        let o = coopdash()
            .args(["-w"])
            .arg(root)
            .args(["export", "--format", format])
            .output()
            .unwrap();
        assert!(o.status.success(), "{}", stderr(&o));
        assert!(
            !stdout(&o).contains("zebra"),
            "{format} export holds the rejection"
        );
    }
    // A note of the same words, for contrast: it is listed and found.
    let o = coopdash()
        .args(["-w"])
        .arg(root)
        .args(["note", "add", "cybercrime", "zebra-note"])
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", stderr(&o));
    let o = coopdash()
        .args(["-w"])
        .arg(root)
        .args(["note", "list"])
        .output()
        .unwrap();
    assert!(stdout(&o).contains("zebra-note") && !stdout(&o).contains("zebra-reason"));
    // The finder searches notes: not the rejection's reason.
    let notes = SharedNotes::open(&root.join("notes")).unwrap();
    let mut d = dash(root, &notes, "amal").with_search();
    assert_eq!(d.notes.entries.len(), 1);
    assert_eq!(d.notes.rejections.len(), 1);
    d.press(KeyCode::Char('/'));
    let found = d.find("zebra");
    let notes_found: Vec<_> = found.rows.iter().filter(|r| r.kind == Kind::Note).collect();
    assert_eq!(notes_found.len(), 1, "{:?}", found.rows);
    // The theme's Notes pane lists the note, not the rejection.
    d.press(KeyCode::Esc);
    d.press(KeyCode::Char('5'));
    let screen = d.screen();
    assert!(
        screen.contains("zebra-note") && !screen.contains("zebra-reason"),
        "{screen}"
    );
}

#[test]
fn a_link_that_cannot_be_saved_gives_the_suggestion_back() {
    let dir = workspace();
    // No notes folder attached: the save fails, as on a read-only folder.
    let mut d = Dash::new(load(dir.path()), 100, 30, true).author("amal");
    d.press(KeyCode::Char('s'));
    let before = listed(&d);
    d.press(KeyCode::Char('a'));
    assert!(d.status_bar().contains("not saved"), "{}", d.status_bar());
    assert_eq!(listed(&d), before);
}
