//! The themes × partner bodies matrix against counts derived independently
//! from the JSON export: the real binary's output (and the library's, with
//! analyst links), parsed as JSON and recounted here with plain sets.
//!
//! JSON lists theme links and body mentions but not theme mentions, so
//! those are found here from the JSON's passage texts, theme names and
//! keywords with the phrase matcher itself (tested on its own in
//! `text::phrase`); the rest of the rule and all the counting is this
//! file's own.

use coopdash::export::{self, Extras};
use coopdash::matrix::Matrix;
use coopdash::text::{Folded, PhraseSet};
use coopdash::workspace;
use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

type At = (String, u64);

fn root() -> PathBuf {
    crate::support::root().to_path_buf()
}

fn export_json(dir: &Path) -> Value {
    let out = crate::support::coopdash()
        .args(["export", "--format", "json", "-w"])
        .arg(dir)
        .output()
        .unwrap();
    assert!(out.status.success());
    serde_json::from_slice(&out.stdout).unwrap()
}

fn strs(v: &Value) -> impl Iterator<Item = &str> {
    v.as_array().into_iter().flatten().filter_map(Value::as_str)
}

fn at(v: &Value) -> At {
    (
        v["source"].as_str().unwrap().to_string(),
        v["passage"].as_u64().unwrap(),
    )
}

/// (theme id, entity id) → passages where both occur, recounted from JSON.
fn expected(doc: &Value) -> BTreeMap<(String, String), BTreeSet<At>> {
    let themes = doc["themes"].as_array().unwrap();
    let mut theme_at: Vec<BTreeSet<At>> = themes
        .iter()
        .map(|t| t["links"].as_array().unwrap().iter().map(at).collect())
        .collect();
    for l in doc["analyst_links"].as_array().unwrap() {
        let i = themes.iter().position(|t| t["id"] == l["theme"]).unwrap();
        theme_at[i].insert(at(l));
    }
    // Theme mentions: every name and keyword of every theme, competing.
    let phrases: Vec<(String, usize)> = themes
        .iter()
        .enumerate()
        .flat_map(|(i, t)| {
            let names = t["name"].as_object().unwrap().values();
            names
                .filter_map(Value::as_str)
                .chain(strs(&t["keywords"]))
                .map(move |p| (p.to_string(), i))
                .collect::<Vec<_>>()
        })
        .collect();
    let set = PhraseSet::new(phrases);
    for s in doc["sources"].as_array().unwrap() {
        for p in s["passages"].as_array().unwrap() {
            let text = p["text"].as_str().unwrap();
            for hit in set.find_in(&Folded::new(text)) {
                theme_at[hit.tag].insert((
                    s["id"].as_str().unwrap().to_string(),
                    p["n"].as_u64().unwrap(),
                ));
            }
        }
    }
    let mut out = BTreeMap::new();
    for (t, passages) in themes.iter().zip(&theme_at) {
        for e in doc["entities"].as_array().unwrap() {
            let mentioned: BTreeSet<At> =
                e["mentions"].as_array().unwrap().iter().map(at).collect();
            out.insert(
                (
                    t["id"].as_str().unwrap().to_string(),
                    e["id"].as_str().unwrap().to_string(),
                ),
                passages.intersection(&mentioned).cloned().collect(),
            );
        }
    }
    out
}

/// Checks every cell of `m` against `want`, drill-down passages included.
fn check(
    ws: &coopdash::model::Workspace,
    m: &Matrix,
    want: &BTreeMap<(String, String), BTreeSet<At>>,
) {
    assert_eq!(want.len(), m.themes() * m.entities());
    for (ti, t) in ws.themes.iter().enumerate() {
        for (ei, e) in ws.entities.iter().enumerate() {
            let w = &want[&(t.id.clone(), e.id.clone())];
            assert_eq!(m.count(ti, ei), w.len(), "{} × {}", t.id, e.id);
            let got: BTreeSet<At> = m
                .passages(ti, ei)
                .iter()
                .map(|s| (ws.sources[s.source].id.clone(), s.passage as u64 + 1))
                .collect();
            assert_eq!(&got, w, "{} × {}", t.id, e.id);
            // Each passage is given as one of the body's mentions there.
            for s in m.passages(ti, ei) {
                assert!(e.mentions.iter().any(|x| &x.span() == s));
            }
        }
    }
}

#[test]
fn seed_matrix_matches_counts_from_the_json_export() {
    let doc = export_json(&root());
    let want = expected(&doc);
    let ws = workspace::load(&root()).unwrap();
    let m = Matrix::build(&ws, &[]);
    check(&ws, &m, &want);
    let total: usize = want.values().map(BTreeSet::len).sum();
    // Themes and bodies meet in ¶15 only: corruption among the subjects of
    // the General Assembly's and the Security Council's resolutions that
    // name INTERPOL.
    assert_eq!(total, 4, "the seed's matrix ({total})");
    assert_eq!(m.max(), want.values().map(BTreeSet::len).max().unwrap());
}

#[test]
fn analyst_links_count_too() {
    let ws = crate::support::seed();
    let links = crate::support::extras::links(&ws);
    let extras = Extras {
        notes: &[],
        links: &links,
        ..Default::default()
    };
    let doc: Value = serde_json::from_str(&export::json::render(&ws, &extras)).unwrap();
    let want = expected(&doc);
    let m = Matrix::build(&ws, &links);
    check(&ws, &m, &want);
    // The analyst link puts the General Assembly (¶15) with maritime security.
    let ms = ws
        .themes
        .iter()
        .position(|t| t.id == "maritime-security")
        .unwrap();
    let ga = ws.entities.iter().position(|e| e.id == "un-ga").unwrap();
    assert_eq!(Matrix::build(&ws, &[]).count(ms, ga), 0);
    assert_eq!(m.count(ms, ga), 1);
}

#[test]
fn english_matrix_counts_theme_mentions() {
    let dir = root().join("tests/fixtures/workspaces/english");
    let want = expected(&export_json(&dir));
    let ws = workspace::load(&dir).unwrap();
    let m = Matrix::build(&ws, &[]);
    check(&ws, &m, &want);
    // "falsified medicines" in the title (¶1) is a mention of the theme, not
    // a link: WHO counts there with it.
    let health = ws.themes.iter().position(|t| t.id == "health").unwrap();
    let who = ws.entities.iter().position(|e| e.id == "who").unwrap();
    let passages: Vec<usize> = m
        .passages(health, who)
        .iter()
        .map(|s| s.passage + 1)
        .collect();
    assert_eq!(passages, [1, 3, 6]);
}
