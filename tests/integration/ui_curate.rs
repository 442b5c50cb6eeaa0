//! Curating from the dashboard (TestBackend, real files): forms that check
//! as you type, every write reviewable in `themes.yaml`, questions that say
//! what a removal takes with it, undo and redo, and the role.

use crate::support::ui::Dash;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use std::path::Path;

fn themes(dir: &Path) -> String {
    std::fs::read_to_string(dir.join("themes.yaml")).unwrap()
}

/// A dashboard over a fresh copy of the bundled workspace.
fn dash() -> (tempfile::TempDir, Dash) {
    let dir = crate::support::seed_copy();
    let ws = coopdash::workspace::load(dir.path()).unwrap();
    (dir, Dash::new(ws, 140, 45, true))
}

/// Focuses the Bodies pane on the body `id`.
fn select_body(d: &mut Dash, id: &str) {
    d.press(KeyCode::Char('3'));
    let row = d
        .entity_rows
        .iter()
        .position(|r| d.ws.entities[r.entity].id == id)
        .unwrap();
    for _ in 0..row {
        d.press(KeyCode::Char('j'));
    }
}

/// `coopdash note add ARGS` in `dir`; the note's file.
fn add_note(dir: &Path, args: &[&str]) -> std::path::PathBuf {
    let out = crate::support::coopdash()
        .args(["note", "add"])
        .args(args)
        .arg("-w")
        .arg(dir)
        .output()
        .unwrap();
    assert!(out.status.success(), "{out:?}");
    let id = String::from_utf8(out.stdout).unwrap().trim().to_string();
    dir.join("notes").join(format!("{id}.md"))
}

fn ctrl_r(d: &mut Dash) {
    d.key(KeyEvent::new(KeyCode::Char('r'), KeyModifiers::CONTROL));
}

#[test]
fn a_new_theme_from_its_form_then_undone_and_redone() {
    let (dir, mut d) = dash();
    let before = themes(dir.path());
    d.press(KeyCode::Char('1'));
    d.press(KeyCode::Char('n'));
    assert!(d.screen().contains("New theme"), "{}", d.screen());
    // The id follows the name; a taken id is refused as it is typed.
    d.type_text("Cybercrime");
    assert!(d.screen().contains("cybercrime-2"), "{}", d.screen());
    d.type_text(" at sea");
    assert!(d.screen().contains("cybercrime-at-sea"), "{}", d.screen());
    d.press(KeyCode::Tab); // Name (ar)
    d.type_text("الجريمة في البحر");
    d.press(KeyCode::Enter);
    let after = themes(dir.path());
    assert!(after.contains("- id: cybercrime-at-sea"), "{after}");
    assert!(after.contains("الجريمة في البحر"), "{after}");
    assert!(d.status_bar().contains("(u undoes)"), "{}", d.status_bar());
    // Written as an addition: every line of the file before is still there, in order.
    let kept: Vec<&str> = before.lines().collect();
    let mut new = after.lines();
    assert!(
        kept.iter().all(|l| new.any(|n| n == *l)),
        "an addition changes no line"
    );
    coopdash::workspace::load(dir.path()).expect("check passes");
    // Seen on screen once the watcher delivers it.
    d.reload_workspace();
    assert!(d.screen().contains("Cybercrime at sea"), "{}", d.screen());

    d.press(KeyCode::Char('u'));
    assert_eq!(themes(dir.path()), before, "undo restores every byte");
    assert!(d.status_bar().contains("undone"), "{}", d.status_bar());
    ctrl_r(&mut d);
    assert_eq!(themes(dir.path()), after, "redo makes it again");
}

#[test]
fn a_form_refuses_what_check_would_and_changes_nothing() {
    let (dir, mut d) = dash();
    let before = themes(dir.path());
    d.press(KeyCode::Char('1'));
    d.press(KeyCode::Char('n'));
    // Straight to the id: one already taken.
    d.press(KeyCode::BackTab);
    d.type_text("maritime-security");
    assert!(d.screen().contains("is taken"), "{}", d.screen());
    d.press(KeyCode::Enter);
    assert!(d.status_bar().contains("not yet"), "{}", d.status_bar());
    assert_eq!(themes(dir.path()), before);
    // A body that does not exist.
    for _ in 0.."maritime-security".len() {
        d.press(KeyCode::Backspace);
    }
    d.type_text("ports");
    d.press(KeyCode::Tab);
    d.type_text("Ports");
    // Past the Arabic name, both summaries and the keywords.
    for _ in 0..5 {
        d.press(KeyCode::Tab);
    }
    d.type_text("interpol, nobody");
    assert!(
        d.screen().contains("no partner body has the id `nobody`"),
        "{}",
        d.screen()
    );
    d.press(KeyCode::Enter);
    assert_eq!(themes(dir.path()), before);
    d.press(KeyCode::Esc);
    assert_eq!(themes(dir.path()), before, "cancel writes nothing");
}

#[test]
fn a_keyword_in_arabic_and_a_theme_deleted_after_its_question() {
    let (dir, mut d) = dash();
    let before = themes(dir.path());
    d.press(KeyCode::Char('1'));
    d.press(KeyCode::Char('G')); // the last theme: maritime security
    let id = d.ws.themes.last().unwrap().id.clone();
    d.press(KeyCode::Char('+'));
    d.type_text("الموانئ");
    d.press(KeyCode::Enter);
    let text = themes(dir.path());
    let changed: Vec<_> = before
        .lines()
        .zip(text.lines())
        .filter(|(a, b)| a != b)
        .collect();
    assert_eq!(changed.len(), 1, "one line edited: {changed:?}");
    assert!(changed[0].1.contains("الموانئ"), "{changed:?}");
    assert_eq!(before.lines().count(), text.lines().count());
    d.reload_workspace();

    d.press(KeyCode::Char('D'));
    let Some(coopdash::ui::state::Confirm::Remove { question, .. }) = d.overlays.confirm() else {
        panic!("a question: {}", d.screen())
    };
    assert!(
        question.contains("1 link and 0 notes point at it"),
        "{question}"
    );
    assert!(d.screen().contains("y yes · n no"), "{}", d.screen());
    d.press(KeyCode::Char('n'));
    assert_eq!(themes(dir.path()), text, "n keeps it");
    d.press(KeyCode::Char('D'));
    d.press(KeyCode::Char('y'));
    assert!(!themes(dir.path()).contains(&format!("id: {id}")));
    coopdash::workspace::load(dir.path()).expect("check passes");
    d.press(KeyCode::Char('u'));
    assert_eq!(themes(dir.path()), text);
    d.press(KeyCode::Char('u'));
    assert_eq!(themes(dir.path()), before, "both steps undone");
}

#[test]
fn an_edit_made_meanwhile_by_someone_else_is_not_overwritten() {
    let (dir, mut d) = dash();
    d.press(KeyCode::Char('1'));
    d.press(KeyCode::Char('E'));
    assert!(d.screen().contains("Theme cybercrime"), "{}", d.screen());
    // Someone renames the theme while the form is open (its name in the
    // language shown, the form's first field).
    assert_eq!(d.lang, "en");
    let renamed = themes(dir.path()).replacen("{en: Cybercrime,", "{en: Cyber crime,", 1);
    std::fs::write(dir.path().join("themes.yaml"), &renamed).unwrap();
    d.type_text(" (all)");
    d.press(KeyCode::Enter);
    assert_eq!(themes(dir.path()), renamed, "nothing silently overwritten");
    let screen = d.screen();
    assert!(
        screen.contains("Cyber crime"),
        "the current value is shown: {screen}"
    );
    assert!(
        screen.contains("Theme cybercrime"),
        "the form stays open: {screen}"
    );
}

#[test]
fn without_the_role_the_forms_say_why_before_anyone_types() {
    let (dir, mut d) = dash();
    d.curation = Err("this key is not a curator's".into());
    for key in ['n', 'E', 'D', '+'] {
        d.press(KeyCode::Char('1'));
        d.press(KeyCode::Char(key));
        assert!(
            d.status_bar()
                .contains("curation is not available: this key is not a curator's"),
            "{key}: {}",
            d.status_bar()
        );
        assert!(!d.screen().contains("New theme"));
    }
    assert_eq!(
        themes(dir.path()),
        std::fs::read_to_string(crate::support::root().join("themes.yaml")).unwrap()
    );
}

/// Over `serve` with OpenSSH: a key whose `authorized_keys` line carries the
/// curator role curates; another does not, and cannot claim the role with
/// a client `SetEnv`.
#[test]
fn over_serve_only_a_curator_key_curates() {
    use crate::support::ssh::{Fixture, Server};
    use crate::support::tmux::{Tmux, WAIT};
    if !crate::support::require_tools(&["tmux", "ssh", "ssh-keygen"]) {
        return;
    }
    let f = Fixture::new();
    let ws = f.workspace();
    let keys = ws.join(".coopdash/authorized_keys");
    let text = std::fs::read_to_string(&keys).unwrap();
    let alice = text.lines().find(|l| l.ends_with("alice@example")).unwrap();
    let curator = format!("environment=\"COOPDASH_ROLE=curator\" {alice}");
    std::fs::write(&keys, text.replace(alice, &curator)).unwrap();
    let server = Server::start(&f, &[]);
    let before = themes(&ws);

    let bob = Tmux::start(
        110,
        32,
        &server.ssh_command(&f.key("bob"), "-tt -o SetEnv=COOPDASH_ROLE=curator"),
    );
    bob.wait_text("Maritime security");
    bob.keys(&["1", "+"]);
    bob.wait_text("curation is not available");
    assert_eq!(themes(&ws), before);
    // The next key clears the report, so the reload's can show.
    bob.keys(&["j"]);
    bob.wait_for("the report cleared", WAIT, |s| {
        !s.contains("curation is not available")
    });

    let alice = Tmux::start(110, 32, &server.ssh_command(&f.key("alice"), "-tt"));
    alice.wait_text("Maritime security");
    alice.keys(&["1", "+"]);
    alice.wait_text("New keyword of cybercrime");
    alice.type_text("ransomware");
    alice.keys(&["Enter"]);
    alice.wait_text("+keyword");
    crate::support::wait_until("the keyword in themes.yaml", WAIT, || {
        themes(&ws)
            .contains("ransomware")
            .then_some(())
            .ok_or_else(|| "not yet".to_string())
    });
    // Everyone sees it through the reload, the analyst too.
    bob.wait_text("reloaded");
    for t in [&alice, &bob] {
        t.keys(&["q"]);
        t.wait_text("EXIT=0");
    }
}

#[test]
fn a_body_with_parts_detached_then_undone() {
    let (dir, mut d) = dash();
    let before = themes(dir.path());
    select_body(&mut d, "un-sc");
    d.press(KeyCode::Char('D'));
    assert!(
        d.screen().contains("y move · d detach · n keep"),
        "{}",
        d.screen()
    );
    d.press(KeyCode::Char('d'));
    let after = themes(dir.path());
    assert!(!after.contains("id: un-sc"), "{after}");
    assert!(!after.contains("part_of: un-sc"), "its part is detached");
    assert!(
        after.contains("entities: [interpol, un-ga]"),
        "gone from the theme"
    );
    coopdash::workspace::load(dir.path()).expect("check passes");
    d.press(KeyCode::Char('u'));
    assert_eq!(themes(dir.path()), before);
}

#[test]
fn a_curated_link_and_an_event_from_the_readers_selection() {
    let (dir, mut d) = dash();
    let before = themes(dir.path());
    // ¶5 of the source, from the Cybercrime theme's passages.
    d.press(KeyCode::Char('2'));
    d.press(KeyCode::Enter);
    d.press(KeyCode::Char('v'));
    for _ in 0..3 {
        d.press(KeyCode::Char('H')); // the last words dropped
    }
    d.press(KeyCode::Enter);
    assert!(
        d.screen().contains("C curated"),
        "the picker offers it: {}",
        d.screen()
    );
    d.press(KeyCode::Char('j')); // Emerging technology
    d.press(KeyCode::Char('C'));
    let linked = themes(dir.path());
    assert!(d.status_bar().contains("(u undoes)"), "{}", d.status_bar());
    let added: Vec<_> = linked
        .lines()
        .filter(|l| !before.lines().any(|b| b == *l))
        .collect();
    assert!(
        added.iter().any(|l| l.contains("quote: واشتملت")),
        "{added:?}"
    );
    assert_eq!(
        linked.lines().count(),
        before.lines().count() + 2,
        "source and quote"
    );
    coopdash::workspace::load(dir.path()).expect("check passes");

    d.press(KeyCode::Char('v'));
    d.press(KeyCode::Char('e'));
    assert!(
        d.screen().contains("New event from un-interpol-2022"),
        "{}",
        d.screen()
    );
    assert!(
        d.screen().contains("2022-12-09"),
        "the source's date is offered"
    );
    d.press(KeyCode::Tab);
    d.type_text("Areas of cooperation agreed");
    d.press(KeyCode::Enter);
    let dated = themes(dir.path());
    assert!(dated.contains("Areas of cooperation agreed"), "{dated}");
    coopdash::workspace::load(dir.path()).expect("check passes");
    d.press(KeyCode::Char('u'));
    assert_eq!(themes(dir.path()), linked);
    d.press(KeyCode::Char('u'));
    assert_eq!(themes(dir.path()), before);
}

#[test]
fn an_analyst_link_promoted_stays_a_note_and_is_undone() {
    use coopdash::notes::SharedNotes;
    let (dir, _) = dash();
    let note = add_note(
        dir.path(),
        &[
            "global-health",
            "--passage",
            "un-interpol-2022:5",
            "--link",
            "health too",
        ],
    );
    let before = themes(dir.path());
    let notes = SharedNotes::open(&dir.path().join("notes")).unwrap();
    let ws = coopdash::workspace::load(dir.path()).unwrap();
    let mut d = Dash::new(ws, 140, 45, true).with_notes(&notes);
    d.press(KeyCode::Char('1'));
    d.press(KeyCode::Char('j'));
    d.press(KeyCode::Char('j'));
    d.press(KeyCode::Char('j')); // Global health
    d.press(KeyCode::Char('5'));
    d.press(KeyCode::Char('P'));
    assert!(d.status_bar().contains("(u undoes)"), "{}", d.status_bar());
    let after = themes(dir.path());
    assert_ne!(after, before);
    coopdash::workspace::load(dir.path()).expect("check passes");
    let text = std::fs::read_to_string(note).unwrap();
    assert!(
        text.contains("health too"),
        "the note keeps its text: {text}"
    );
    assert!(
        !text.contains("kind: link"),
        "and is a plain note now: {text}"
    );
    d.press(KeyCode::Char('u'));
    assert_eq!(themes(dir.path()), before);
}

#[test]
fn a_deleted_note_comes_back_with_u_and_goes_again_with_ctrl_r() {
    use coopdash::notes::SharedNotes;
    let (dir, _) = dash();
    let file = add_note(dir.path(), &["cybercrime", "a note to keep"]);
    let notes_dir = dir.path().join("notes");
    let bytes = std::fs::read(&file).unwrap();
    let notes = SharedNotes::open(&notes_dir).unwrap();
    let ws = coopdash::workspace::load(dir.path()).unwrap();
    let mut d = Dash::new(ws, 140, 45, true).with_notes(&notes);
    // Note deletions are undone by anyone who keeps notes, curator or not.
    d.curation = Err("read-only themes.yaml".into());
    d.press(KeyCode::Char('5'));
    d.press(KeyCode::Char('d'));
    d.press(KeyCode::Char('y'));
    assert!(!file.exists(), "deleted");
    assert!(
        d.status_bar().contains("u brings it back"),
        "{}",
        d.status_bar()
    );
    d.press(KeyCode::Char('u'));
    assert_eq!(std::fs::read(&file).unwrap(), bytes, "back, byte for byte");
    assert!(d.screen().contains("a note to keep"), "{}", d.screen());
    ctrl_r(&mut d);
    assert!(!file.exists(), "deleted again");
}

#[test]
fn a_curated_link_removed_from_the_passages_pane_and_a_body_moved_in_the_tree() {
    let (dir, mut d) = dash();
    let before = themes(dir.path());
    // Cybercrime's one curated link.
    d.press(KeyCode::Char('2'));
    d.press(KeyCode::Char('D'));
    let Some(coopdash::ui::state::Confirm::Remove { question, .. }) = d.overlays.confirm() else {
        panic!("a question: {}", d.screen())
    };
    assert!(
        question.contains("Remove the curated link «الجريمة السيبرية»"),
        "{question}"
    );
    d.press(KeyCode::Char('y'));
    let unlinked = themes(dir.path());
    assert_eq!(
        before.lines().count() - unlinked.lines().count(),
        3,
        "the links: key and its item's two lines: {unlinked}"
    );
    coopdash::workspace::load(dir.path()).expect("check passes");
    d.press(KeyCode::Char('u'));
    assert_eq!(themes(dir.path()), before);

    // UNODC moves under the Security Council: one line changes.
    select_body(&mut d, "unodc");
    d.press(KeyCode::Char('E'));
    assert!(d.screen().contains("Partner body unodc"), "{}", d.screen());
    let part_of = d.overlays.form().unwrap().fields.len() - 1;
    for _ in 0..part_of {
        d.press(KeyCode::Tab);
    }
    for _ in 0.."un".len() {
        d.press(KeyCode::Backspace);
    }
    d.type_text("un-sc");
    d.press(KeyCode::Enter);
    let moved = themes(dir.path());
    let changed: Vec<_> = before
        .lines()
        .zip(moved.lines())
        .filter(|(a, b)| a != b)
        .collect();
    assert_eq!(changed, [("    part_of: un", "    part_of: un-sc")]);
}
