//! Workspaces as they arrive from other machines: in a folder whose path
//! has spaces and Arabic names, with Windows line ends and a UTF-8 BOM
//! (loading exactly as the original does), and with sources in Windows-1256
//! or UTF-16 (refused with the encoding named, at a position).

use coopdash::workspace;
use std::fs;
use std::path::{Path, PathBuf};

fn repo() -> &'static Path {
    crate::support::root()
}

/// A copy of the bundled workspace under `parent/مساحة عمل/مصادر 2026`,
/// every file rewritten with CRLF line ends and a BOM.
fn windows_copy(parent: &Path) -> PathBuf {
    let root = parent.join("مساحة عمل").join("مصادر 2026");
    fs::create_dir_all(root.join("seeds")).unwrap();
    let windows = |from: &Path, to: &Path| {
        let text = fs::read_to_string(from).unwrap();
        fs::write(to, format!("\u{feff}{}", text.replace('\n', "\r\n"))).unwrap();
    };
    windows(&repo().join("themes.yaml"), &root.join("themes.yaml"));
    for entry in fs::read_dir(repo().join("seeds")).unwrap() {
        let from = entry.unwrap().path();
        windows(&from, &root.join("seeds").join(from.file_name().unwrap()));
    }
    root
}

fn coopdash(args: &[&str], workspace: &Path) -> std::process::Output {
    crate::support::coopdash()
        .arg("--workspace")
        .arg(workspace)
        .args(args)
        .env_remove("COOPDASH_LIMITS")
        .output()
        .unwrap()
}

#[test]
fn crlf_bom_spaces_and_arabic_folders_load_as_the_original() {
    let dir = tempfile::tempdir().unwrap();
    let root = windows_copy(dir.path());
    let original = workspace::load(repo()).unwrap();
    let copy = workspace::load(&root).unwrap();
    assert_eq!(copy.sources.len(), original.sources.len());
    for (a, b) in original.sources.iter().zip(&copy.sources) {
        let texts = |s: &coopdash::model::Source| -> Vec<String> {
            s.passages.iter().map(|p| p.text.to_string()).collect()
        };
        assert_eq!(texts(a), texts(b), "passages lose the CR and the BOM");
    }
    let quoted = |ws: &coopdash::model::Workspace| -> Vec<String> {
        ws.themes
            .iter()
            .flat_map(|t| &t.links)
            .map(|l| {
                ws.sources[l.span.source].passages[l.span.passage].text[l.span.range.clone()]
                    .to_string()
            })
            .collect()
    };
    assert_eq!(quoted(&copy), quoted(&original));
    assert_eq!(copy.mention_count(), original.mention_count());

    // The CLI, on that path: check, an export into a folder of the same
    // kind, and a note.
    let out = coopdash(&["check"], &root);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let summary = String::from_utf8_lossy(&out.stdout).into_owned();
    let bundled = coopdash(&["check"], repo());
    // "ok: PATH: COUNTS": the counts after the path.
    let counts = |s: &str| s.rsplit_once(": ").map(|(_, c)| c.to_string());
    assert_eq!(
        counts(&summary),
        counts(&String::from_utf8_lossy(&bundled.stdout))
    );
    let target = root.join("تصدير نهائي.json");
    let out = coopdash(
        &["export", "-f", "json", "-o", target.to_str().unwrap()],
        &root,
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let json: serde_json::Value = serde_json::from_slice(&fs::read(&target).unwrap()).unwrap();
    assert_eq!(json["sources"][0]["passages"].as_array().unwrap().len(), 15);
    let out = crate::support::coopdash()
        .arg("--workspace")
        .arg(&root)
        .args([
            "--author",
            "سلمى",
            "note",
            "add",
            "cybercrime",
            "ملاحظة في مسار عربي",
        ])
        .env("XDG_STATE_HOME", dir.path())
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let listed = coopdash(&["note", "list"], &root);
    assert!(String::from_utf8_lossy(&listed.stdout).contains("ملاحظة في مسار عربي"));
}

#[test]
fn windows_1256_and_utf16_sources_are_refused_naming_the_encoding() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("مساحة عمل");
    fs::create_dir_all(root.join("seeds")).unwrap();
    fs::write(root.join("themes.yaml"), "themes: []\n").unwrap();
    // "الأمم المتحدة" in Windows-1256, on line 3 after two ASCII lines.
    let cp1256: &[u8] = b"Title\n\n\xC7\xE1\xC3\xE3\xE3 \xC7\xE1\xE3\xCA\xCD\xCF\xC9\n";
    fs::write(root.join("seeds/cp1256.txt"), cp1256).unwrap();
    let utf16 = |text: &str, bom: &[u8], be: bool| -> Vec<u8> {
        let mut out = bom.to_vec();
        for unit in text.encode_utf16() {
            out.extend(if be {
                unit.to_be_bytes()
            } else {
                unit.to_le_bytes()
            });
        }
        out
    };
    fs::write(
        root.join("seeds/le.txt"),
        utf16("الأمم\n", &[0xFF, 0xFE], false),
    )
    .unwrap();
    fs::write(
        root.join("seeds/be.txt"),
        utf16("الأمم\n", &[0xFE, 0xFF], true),
    )
    .unwrap();
    fs::write(
        root.join("seeds/nobom.txt"),
        utf16("Title\nUN\n", &[], false),
    )
    .unwrap();
    let err = workspace::load(&root).unwrap_err();
    let shown: Vec<String> = err
        .problems
        .iter()
        .map(|p| p.to_string().replace(&format!("{}/", root.display()), ""))
        .collect();
    let fix =
        "save the file as UTF-8 (most editors offer \"Save with encoding\"; or `iconv -t UTF-8`)";
    assert_eq!(
        shown,
        [
            format!("seeds/be.txt:1:1: this source is UTF-16, not UTF-8 — {fix}"),
            format!(
                "seeds/cp1256.txt:3:1: this source is not valid UTF-8 (byte 0xC7; perhaps Windows-1256 or Latin-1) — {fix}"
            ),
            format!("seeds/le.txt:1:1: this source is UTF-16, not UTF-8 — {fix}"),
            format!(
                "seeds/nobom.txt:1:2: this source holds NUL bytes: it is UTF-16 without a byte-order mark, or not text — {fix}"
            ),
        ]
    );
}
