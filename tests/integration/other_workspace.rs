//! Another workspace (English, different themes and partners) works with no
//! code change, and the JSON export has the documented shape.

use coopdash::workspace;
use serde_json::Value;
use std::path::{Path, PathBuf};

fn english() -> PathBuf {
    crate::support::root().join("tests/fixtures/workspaces/english")
}

#[test]
fn an_english_workspace_loads_with_case_sensitive_acronyms() {
    let ws = workspace::load(&english()).unwrap();
    let who = ws.entities.iter().find(|e| e.id == "who").unwrap();
    let found: Vec<(usize, &str)> = who
        .mentions
        .iter()
        .map(|m| (m.passage() + 1, ws.span_text(&m.span())))
        .collect();
    // "Officials who attended" and "Patients who buy" are not mentions of WHO.
    assert_eq!(
        found,
        [
            (1, "WHO"),
            (3, "World Health Organization"),
            (3, "WHO"),
            (6, "WHO")
        ]
    );
    let kinds: Vec<_> = ws.sources[0]
        .passages
        .iter()
        .map(|p| format!("{:?}", p.kind))
        .collect();
    assert_eq!(
        kinds,
        [
            "Title",
            "Heading",
            "Paragraph",
            "Heading",
            "Paragraph",
            "Paragraph"
        ]
    );
}

fn export(dir: &Path) -> Value {
    let out = crate::support::coopdash()
        .arg("export")
        .arg("-w")
        .arg(dir)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap()
}

fn keys(v: &Value) -> Vec<&str> {
    let mut k: Vec<&str> = v.as_object().unwrap().keys().map(String::as_str).collect();
    k.sort();
    k
}

#[test]
fn json_export_has_the_documented_shape_and_char_offsets() {
    let doc = export(crate::support::root());
    assert_eq!(
        keys(&doc),
        [
            "analyst_links",
            "entities",
            "events",
            "notes",
            "orphans",
            "sources",
            "themes"
        ]
    );
    // No notes or analyst links are stored yet: the arrays are there, empty.
    assert_eq!(doc["notes"], serde_json::json!([]));
    assert_eq!(doc["analyst_links"], serde_json::json!([]));
    let source = &doc["sources"][0];
    assert_eq!(
        keys(source),
        ["date", "file", "id", "lang", "passages", "title"]
    );
    assert_eq!(keys(&source["passages"][0]), ["kind", "n", "text"]);
    let theme = &doc["themes"][0];
    assert_eq!(
        keys(theme),
        ["entities", "id", "keywords", "links", "name", "summary"]
    );
    assert_eq!(
        keys(&theme["links"][0]),
        ["end", "passage", "quote", "source", "start"]
    );
    let entity = &doc["entities"][0];
    assert_eq!(
        keys(entity),
        ["aliases", "id", "kind", "mentions", "name", "part_of"]
    );
    assert_eq!(
        keys(&entity["mentions"][0]),
        ["end", "passage", "source", "start", "text"]
    );
    assert_eq!(
        keys(&doc["events"][0]),
        ["date", "label", "passage", "source"]
    );

    // start/end are character offsets into the passage text: slicing by
    // characters gives back each mention's text, Arabic included.
    let passages = source["passages"].as_array().unwrap();
    for e in doc["entities"].as_array().unwrap() {
        for m in e["mentions"].as_array().unwrap() {
            let text = passages[m["passage"].as_u64().unwrap() as usize - 1]["text"]
                .as_str()
                .unwrap();
            let (s, t) = (
                m["start"].as_u64().unwrap() as usize,
                m["end"].as_u64().unwrap() as usize,
            );
            let slice: String = text.chars().skip(s).take(t - s).collect();
            assert_eq!(slice, m["text"].as_str().unwrap());
        }
    }
    let cyber = &doc["themes"][0]["links"][0];
    let text = passages[4]["text"].as_str().unwrap();
    let (s, t) = (
        cyber["start"].as_u64().unwrap() as usize,
        cyber["end"].as_u64().unwrap() as usize,
    );
    assert_eq!(
        text.chars().skip(s).take(t - s).collect::<String>(),
        "الجريمة السيبرية"
    );
}

#[test]
fn export_writes_a_file_when_asked() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("ws.json");
    let status = crate::support::coopdash()
        .arg("export")
        .arg("-w")
        .arg(english())
        .arg("-o")
        .arg(&out)
        .status()
        .unwrap();
    assert!(status.success());
    let doc: Value = serde_json::from_str(&std::fs::read_to_string(&out).unwrap()).unwrap();
    assert_eq!(doc["sources"][0]["id"], "who-unodc-2024");
}
