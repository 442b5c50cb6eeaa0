//! Imports in batches: every document of one `coopdash import` is
//! registered in one `themes.yaml` edit (one validation of the workspace,
//! not one per document), a refusal refuses its own document only, and
//! the summary counts the suggested links each import produced.

use super::support::{self, coopdash, stderr, stdout};
use coopdash::import::{ImportError, Importer, Input};
use coopdash::workspace::Limits;
use std::path::Path;

/// A text document in memory, as if read from `name`.
fn text(name: &str, body: &str) -> Result<Input, ImportError> {
    Ok(Input {
        path: format!("/inbox/{name}").into(),
        bytes: body.as_bytes().to_vec(),
    })
}

fn source_ids(ws: &Path) -> Vec<String> {
    let loaded = coopdash::workspace::load(ws).expect("check passes");
    loaded.sources.iter().map(|s| s.id.clone()).collect()
}

#[test]
fn a_batch_is_registered_in_one_edit() {
    let ws = support::seed_copy();
    let limits = Limits::default();
    let mut importer = Importer::new(ws.path(), &limits).unwrap();
    let batch = importer.import_all(
        [
            text("a.txt", "Drill one\n\nPort officers met.\n"),
            text("b.txt", "Drill two\n\nCustoms officers met.\n"),
            // The first again under another name: refused, the rest stays.
            text("a-copy.txt", "Drill one\n\nPort officers met.\n"),
            text("c.txt", "Drill three\n\nJudges met.\n"),
        ],
        None,
    );
    let ids: Vec<Result<&str, String>> = batch
        .outcomes
        .iter()
        .map(|o| o.as_ref().map(|i| i.id.as_str()).map_err(|e| e.to_string()))
        .collect();
    assert!(
        matches!(
            ids.as_slice(),
            [Ok("drill-one"), Ok("drill-two"), Err(dup), Ok("drill-three")]
                if dup.contains("already imported as `drill-one`")
        ),
        "{ids:?}"
    );
    let [applied] = batch.applied.as_slice() else {
        panic!("one edit for the batch: {:?}", batch.applied)
    };
    assert_eq!(applied.summary, "+3 sources");
    let listed = source_ids(ws.path());
    for id in ["drill-one", "drill-two", "drill-three"] {
        assert!(listed.iter().any(|l| l == id), "{id} in {listed:?}");
    }
    assert!(!ws.path().join("seeds/a-copy.txt").exists());
    // One undo takes the whole batch back; the files stay, unlisted
    // sources named after their files, and the workspace still loads.
    coopdash::curate::apply(ws.path(), &limits, &applied.undo).unwrap();
    let yaml = std::fs::read_to_string(ws.path().join("themes.yaml")).unwrap();
    assert!(!yaml.contains("drill-"), "{yaml}");
    assert_eq!(source_ids(ws.path()).len(), listed.len());
}

#[test]
fn a_refused_registration_refuses_its_own_document_only() {
    let ws = support::seed_copy();
    let limits = Limits::default();
    let mut importer = Importer::new(ws.path(), &limits).unwrap();
    // Meanwhile another curator adds a theme whose id is the slug the
    // second document's title gives: the batch edit is refused, and each
    // document is then registered alone.
    let out = coopdash()
        .arg("-w")
        .arg(ws.path())
        .args(["theme", "add", "drill-two", "--name", "en=Drill two"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    let before = std::fs::read(ws.path().join("themes.yaml")).unwrap();
    let batch = importer.import_all(
        [
            text("a.txt", "Drill one\n\nPort officers met.\n"),
            text("b.txt", "Drill two\n\nCustoms officers met.\n"),
            text("c.txt", "Drill three\n\nJudges met.\n"),
        ],
        None,
    );
    let refused: Vec<String> = batch
        .outcomes
        .iter()
        .filter_map(|o| o.as_ref().err().map(|e| e.to_string()))
        .collect();
    assert_eq!(refused.len(), 1, "{refused:?}");
    assert!(refused[0].contains("drill-two"), "{refused:?}");
    assert!(batch.outcomes[0].is_ok() && batch.outcomes[2].is_ok());
    assert_eq!(
        batch.applied.len(),
        2,
        "one edit per document after the refusal"
    );
    assert!(!ws.path().join("seeds/drill-two.txt").exists());
    let listed = source_ids(ws.path());
    assert!(listed.iter().any(|l| l == "drill-one") && listed.iter().any(|l| l == "drill-three"));
    // Undone last first, the file is as it was before the imports.
    for applied in batch.applied.iter().rev() {
        coopdash::curate::apply(ws.path(), &limits, &applied.undo).unwrap();
    }
    assert_eq!(
        std::fs::read(ws.path().join("themes.yaml")).unwrap(),
        before
    );
}

#[test]
fn the_summary_counts_the_suggested_links_of_each_import() {
    let ws = support::seed_copy();
    let dir = tempfile::tempdir().unwrap();
    // The first names the maritime security theme (in Arabic through a
    // clitic); the second names no theme.
    let docs = [
        (
            "ports.txt",
            "Port security drill\n\nThe UN and INTERPOL discussed maritime piracy.\n\nناقشوا والأمن البحري.\n\nWeather was fine.\n",
        ),
        ("weather.txt", "Weather report\n\nIt rained all week.\n"),
    ];
    let mut args = vec![
        "-w".to_string(),
        ws.path().display().to_string(),
        "import".into(),
    ];
    for (name, body) in docs {
        let p = dir.path().join(name);
        std::fs::write(&p, body).unwrap();
        args.push(p.display().to_string());
    }
    let out = coopdash().args(&args).output().unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    let lines: Vec<String> = stdout(&out).lines().map(str::to_string).collect();
    assert_eq!(lines.len(), 2, "{lines:?}");
    let mut total = 0;
    for line in &lines {
        let id = line
            .strip_prefix("imported ")
            .and_then(|l| l.split(' ').next())
            .unwrap();
        let said: usize = line
            .rsplit(", ")
            .next()
            .and_then(|tail| tail.split(' ').next())
            .and_then(|n| n.parse().ok())
            .unwrap_or_else(|| panic!("no count in {line:?}"));
        let listed = coopdash()
            .arg("-w")
            .arg(ws.path())
            .args(["suggest", "list", "--source", id, "--json"])
            .output()
            .unwrap();
        let json: serde_json::Value = serde_json::from_str(&stdout(&listed)).unwrap();
        let expected = json.as_array().map_or(0, Vec::len);
        assert_eq!(said, expected, "{line}");
        total += said;
    }
    assert!(total > 0, "the fixture must produce suggestions: {lines:?}");
}
