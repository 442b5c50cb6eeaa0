//! `coopdash note …` and the export's notes, end to end through the binary.

use crate::support::notes::*;
use serde_json::Value;
use std::fs;

fn json(o: &std::process::Output) -> Value {
    assert!(o.status.success(), "{}", stderr(o));
    serde_json::from_slice(&o.stdout).unwrap()
}

#[test]
fn add_list_edit_remove() {
    let f = Fixture::new();
    let a = ok_line(&f.run(&["note", "add", "cybercrime", "أول ملاحظة\nsecond line"], ""));
    let b = ok_line(&f.run(
        &[
            "--author",
            "سلمى",
            "note",
            "add",
            "interpol",
            "--passage",
            "talk:3",
            "-",
        ],
        "from stdin\n",
    ));
    let c = ok_line(&f.run(&["note", "add", "talk:2"], "on a passage"));

    let list = f.run(&["note", "list"], "");
    let text = stdout(&list);
    let lines: Vec<&str> = text.lines().collect();
    assert!(lines[0].starts_with(&c), "newest first: {text}");
    assert!(
        text.contains(&format!("{b}  note  interpol  سلمى  ")),
        "{text}"
    );
    assert!(text.contains("  talk:3\n    from stdin\n"), "{text}");
    assert!(text.contains("    أول ملاحظة\n    second line\n"), "{text}");

    // Filtered by target; a passage also lists the notes anchored in it.
    let only = stdout(&f.run(&["note", "list", "interpol"], ""));
    assert!(only.contains(&b) && !only.contains(&a), "{only}");
    let passage = stdout(&f.run(&["note", "list", "talk:3"], ""));
    assert!(passage.contains(&b) && !passage.contains(&c), "{passage}");

    // Edit by an unambiguous start of the id.
    let mut edit = f.cmd(&["note", "edit", &a[..a.len() - 3]]);
    edit.env("EDITOR", "sed -i s/أول/ثاني/");
    let out = edit.output().unwrap();
    assert_eq!(ok_line(&out), a);
    let listed = json(&f.run(&["note", "list", "cybercrime", "--json"], ""));
    assert_eq!(listed[0]["body"], "ثاني ملاحظة\nsecond line");
    assert_eq!(listed[0]["author"], "tester");

    // No change: nothing written.
    let file = f.notes().join(format!("{a}.md"));
    let before = fs::read(&file).unwrap();
    let mut same = f.cmd(&["note", "edit", &a]);
    same.env("EDITOR", "true");
    let out = same.output().unwrap();
    assert!(out.status.success() && stderr(&out).contains("no change"));
    assert_eq!(fs::read(&file).unwrap(), before);

    let out = f.run(&["note", "rm", &a], "");
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(!file.exists());
    let out = f.run(&["note", "rm", &a], "");
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains("there is no note"),
        "{}",
        stderr(&out)
    );
    assert!(
        f.recovered().is_empty(),
        "edit buffers are removed after saving"
    );
}

#[test]
fn targets_are_checked_against_the_workspace() {
    let f = Fixture::new();
    let cases = [
        (
            vec!["note", "add", "cybercrim", "x"],
            "unknown theme or partner body `cybercrim`: did you mean `cybercrime`?",
        ),
        (
            vec!["note", "add", "talk:9", "x"],
            "source `talk` has passages 1 to 4, not 9",
        ),
        (
            vec!["note", "add", "nowhere:1", "x"],
            "unknown source `nowhere`",
        ),
        (
            vec!["note", "add", "cybercrime", "--passage", "talk", "x"],
            "--passage takes SOURCE:N",
        ),
        (
            vec![
                "note",
                "add",
                "interpol",
                "--passage",
                "talk:2",
                "--link",
                "x",
            ],
            "TARGET must be a theme id",
        ),
        (vec!["note", "add", "cybercrime", ""], "the note is empty"),
        (vec!["note", "add", "two words", "x"], "is not a target"),
    ];
    for (args, message) in cases {
        let out = f.run(&args, "");
        assert_eq!(out.status.code(), Some(1), "{args:?}");
        assert!(stderr(&out).contains(message), "{args:?}: {}", stderr(&out));
    }
    assert!(!f.notes().exists(), "nothing was written");
}

#[test]
fn author_comes_from_flag_then_environment_then_login() {
    let f = Fixture::new();
    let author = |args: &[&str], env: &[(&str, &str)]| {
        let mut c = f.cmd(&[args, &["note", "add", "cybercrime", "x"]].concat());
        c.env_remove("COOPDASH_AUTHOR")
            .env_remove("USER")
            .env_remove("LOGNAME");
        c.envs(env.iter().copied());
        let id = ok_line(&c.output().unwrap());
        let listed = json(&f.run(&["note", "list", "--json"], ""));
        let note = listed
            .as_array()
            .unwrap()
            .iter()
            .find(|n| n["id"] == id.as_str())
            .unwrap();
        note["author"].as_str().unwrap().to_string()
    };
    assert_eq!(
        author(
            &["--author", "amal"],
            &[("COOPDASH_AUTHOR", "env"), ("USER", "login")]
        ),
        "amal"
    );
    assert_eq!(
        author(&[], &[("COOPDASH_AUTHOR", "env"), ("USER", "login")]),
        "env"
    );
    assert_eq!(author(&[], &[("USER", "login")]), "login");
    assert_eq!(author(&[], &[("LOGNAME", "logname")]), "logname");
}

#[test]
fn untrusted_text_is_sanitized_when_printed() {
    let f = Fixture::new();
    ok_line(&f.run(
        &[
            "--author",
            "evil\u{202e}name",
            "note",
            "add",
            "cybercrime",
            "-",
        ],
        "clear \u{1b}[2J screen \u{202e}reversed",
    ));
    let text = stdout(&f.run(&["note", "list"], ""));
    assert!(text.contains("clear ␛[2J screen reversed"), "{text}");
    assert!(text.contains("evilname"), "{text}");
    assert!(!text.contains('\u{1b}') && !text.contains('\u{202e}'));
}

#[test]
fn oversized_note_is_refused_and_kept() {
    let f = Fixture::new();
    let big = "ن".repeat(coopdash::notes::model::MAX_BODY_BYTES);
    let out = f.run(&["note", "add", "cybercrime", "-"], &big);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains("notes are limited to 256 KiB"),
        "{}",
        stderr(&out)
    );
    let kept = f.recovered();
    assert_eq!(kept.len(), 1);
    assert!(stderr(&out).contains(&kept[0].display().to_string()));
    assert!(fs::read_to_string(&kept[0]).unwrap().contains(&big));
}

#[test]
fn export_has_notes_and_analyst_links() {
    let f = Fixture::new();
    let note = ok_line(&f.run(
        &["note", "add", "interpol", "--passage", "talk:4", "ملاحظة"],
        "",
    ));
    let link = ok_line(&f.run(
        &[
            "note",
            "add",
            "maritime",
            "--passage",
            "talk:3",
            "--link",
            "sea",
        ],
        "",
    ));
    let doc = json(&f.cmd(&["export"]).output().unwrap());
    let notes = doc["notes"].as_array().unwrap();
    let links = doc["analyst_links"].as_array().unwrap();
    assert_eq!((notes.len(), links.len()), (1, 1));
    assert_eq!(notes[0]["id"], note.as_str());
    assert_eq!(notes[0]["target"]["kind"], "entity");
    assert_eq!(notes[0]["target"]["id"], "interpol");
    assert_eq!(notes[0]["anchor"]["passage"], 4);
    let l = &links[0];
    assert_eq!(l["theme"], "maritime");
    assert_eq!(l["author"], "tester");
    assert_eq!(l["note"], "sea");
    assert_eq!(l["passage"], 3);
    assert_eq!(l["quote"], TALK.split("\n\n").nth(2).unwrap());
    let t = l["created"].as_str().unwrap();
    assert!(chrono::DateTime::parse_from_rfc3339(t).is_ok(), "{t}");
    assert_eq!(doc["orphans"], serde_json::json!([]));
    // The link is still listed with its id by `note list`.
    let listed = json(&f.run(&["note", "list", "maritime", "--json"], ""));
    assert_eq!(listed[0]["id"], link.as_str());
    assert_eq!(listed[0]["kind"], "link");
    // Curated links are unchanged and separate.
    assert_eq!(doc["themes"][0]["links"].as_array().unwrap().len(), 1);
}

#[test]
fn orphans_are_listed_with_the_text_they_had() {
    let f = Fixture::new();
    let on_theme = ok_line(&f.run(&["note", "add", "maritime", "about the sea"], ""));
    let anchored = ok_line(&f.run(&["note", "add", "interpol", "--passage", "talk:4", "x"], ""));
    // The theme is removed and the anchored passage rewritten entirely.
    let themes = THEMES.replace(
        "  - id: maritime\n    name: {en: Maritime security, ar: الأمن البحري}\n",
        "",
    );
    let talk = TALK.replace(
        "وأكد الإنتربول أهمية الشراكة مع الأمم المتحدة.",
        "فقرة أخرى تماما.",
    );
    write_workspace(f.ws(), &themes, &talk);
    let text = stdout(&f.run(&["note", "list"], ""));
    assert!(
        text.contains(&format!("{on_theme}  note  maritime")),
        "{text}"
    );
    assert!(
        text.contains("    orphan: `maritime` no longer exists\n"),
        "{text}"
    );
    assert!(text.contains(&anchored), "{text}");
    assert!(text.contains("    orphan: its quote cannot be found: the quoted text is no longer in the source\n    quote was: «وأكد الإنتربول أهمية الشراكة مع الأمم المتحدة.» (talk:4)"), "{text}");
    let only = stdout(&f.run(&["note", "list", "maritime"], ""));
    assert!(
        only.contains(&on_theme) && !only.contains(&anchored),
        "{only}"
    );
    let doc = json(&f.cmd(&["export"]).output().unwrap());
    // Orphans stay in the export, with the text they had and why.
    let orphaned = doc["orphans"].as_array().unwrap();
    assert_eq!(orphaned.len(), 2);
    assert!(doc["notes"].as_array().unwrap().is_empty());
    let quoted = orphaned
        .iter()
        .find(|o| o["id"] == anchored.as_str())
        .unwrap();
    assert_eq!(
        quoted["quote"],
        "وأكد الإنتربول أهمية الشراكة مع الأمم المتحدة."
    );
    assert!(
        quoted["reason"]
            .as_str()
            .unwrap()
            .contains("cannot be found")
    );
}

#[test]
fn malformed_note_files_are_warnings_not_failures() {
    let f = Fixture::new();
    let good = ok_line(&f.run(&["note", "add", "cybercrime", "fine"], ""));
    fs::write(
        f.notes().join("broken.md"),
        "---\nid: broken\nkind: opinion\n---\n",
    )
    .unwrap();
    let out = f.run(&["note", "list"], "");
    assert!(out.status.success());
    assert!(stdout(&out).contains(&good));
    let err = stderr(&out);
    assert!(
        err.contains("warning: ")
            && err.contains("broken.md:3:7: front matter: kind: unknown variant `opinion`"),
        "{err}"
    );
}
