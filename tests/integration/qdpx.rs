//! REFI-QDA exports: the `.qdpx` project validates against the QDA-XML 1.0
//! schema (xmllint), its layout is what tools expect, its positions give
//! back every quote from the exported plain text, it carries every theme,
//! link, partner body, mention, note and author, and its GUIDs are stable.
//! The `.qdc` codebook holds the same Codes.

use crate::support;
use crate::support::extras::{links, notes};
use crate::support::seed;
use coopdash::export::{self, Extras, Format};
use coopdash::model::Workspace;
use roxmltree::{Document, Node};
use std::collections::{BTreeMap, BTreeSet};
use std::io::Read;
use std::path::PathBuf;
use std::process::Command;

const PROJECT_NS: &str = "urn:QDA-XML:project:1.0";

fn xsd() -> PathBuf {
    crate::support::root().join("tests/fixtures/refi-qda/Project.xsd")
}

/// Every entry of a zip archive, by name.
fn unzip(bytes: &[u8]) -> BTreeMap<String, Vec<u8>> {
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
    (0..zip.len())
        .map(|i| {
            let mut f = zip.by_index(i).unwrap();
            let mut data = Vec::new();
            f.read_to_end(&mut data).unwrap();
            (f.name().unwrap().to_string(), data)
        })
        .collect()
}

/// Validates an XML document against the project schema with xmllint,
/// when xmllint is there (else says the check is skipped; fails instead
/// under COOPDASH_REQUIRE_TOOLS).
fn validate(xml: &[u8]) {
    if support::require_tool("xmllint") {
        xmllint(xml).unwrap();
    }
}

/// xmllint's verdict on `xml` against the project schema.
fn xmllint(xml: &[u8]) -> Result<(), String> {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("project.qde");
    std::fs::write(&file, xml).unwrap();
    let out = Command::new("xmllint")
        .arg("--noout")
        .arg("--schema")
        .arg(xsd())
        .arg(&file)
        .output()
        .unwrap();
    if out.status.success() {
        Ok(())
    } else {
        Err(String::from_utf8_lossy(&out.stderr).into_owned())
    }
}

fn render(ws: &Workspace, extras: &Extras, format: Format) -> Vec<u8> {
    export::render(ws, extras, format).unwrap()
}

fn attr<'a>(n: &Node<'a, '_>, name: &str) -> &'a str {
    n.attribute(name)
        .unwrap_or_else(|| panic!("{} has no {name}", n.tag_name().name()))
}

fn children<'a, 'i>(n: Node<'a, 'i>, name: &'a str) -> impl Iterator<Item = Node<'a, 'i>> {
    n.children().filter(move |c| c.tag_name().name() == name)
}

fn descendants<'a, 'i>(n: Node<'a, 'i>, name: &'a str) -> impl Iterator<Item = Node<'a, 'i>> {
    n.descendants().filter(move |c| c.tag_name().name() == name)
}

/// Characters `start..end` of `text`.
fn chars(text: &str, start: usize, end: usize) -> String {
    text.chars().skip(start).take(end - start).collect()
}

#[test]
fn the_seed_project_validates_against_the_schema() {
    // Without xmllint this test has nothing to check: it skips, saying so.
    if !support::require_tool("xmllint") {
        return;
    }
    let ws = seed();
    let (n, l) = (notes(&ws), links(&ws));
    for extras in [
        Extras::default(),
        Extras {
            notes: &n,
            links: &l,
            ..Default::default()
        },
    ] {
        let files = unzip(&render(&ws, &extras, Format::Qdpx));
        xmllint(&files["project.qde"]).unwrap();
    }
}

#[test]
fn hostile_text_still_makes_a_valid_project() {
    // Control characters cannot appear in XML 1.0 at all: a theme name or a
    // passage carrying ESC must not make the document ill-formed.
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("seeds")).unwrap();
    std::fs::write(
        dir.path().join("seeds/s.txt"),
        "Title\n\nThe \u{1b}[31m UN\u{1b}[0m & <INTERPOL> \"meet\" \u{202E}here.\n",
    )
    .unwrap();
    std::fs::write(
        dir.path().join("themes.yaml"),
        "themes:\n  - id: t\n    name: \"Red \\e[31m & <b>\"\n    links:\n      - source: s\n        quote: meet\nentities:\n  - id: un\n    kind: organization\n    name: United Nations\n    aliases: [UN]\n",
    )
    .unwrap();
    let ws = coopdash::workspace::load(dir.path()).unwrap();
    let files = unzip(&render(&ws, &Extras::default(), Format::Qdpx));
    let qde = std::str::from_utf8(&files["project.qde"]).unwrap();
    let doc = Document::parse(qde).unwrap();
    let code = descendants(doc.root(), "Code").next().unwrap();
    assert_eq!(attr(&code, "name"), "Red \u{FFFD}[31m & <b>");
    // The plain text keeps the source as it is; positions still fit.
    let text = files.iter().find(|(k, _)| k.ends_with(".txt")).unwrap().1;
    let text = std::str::from_utf8(text).unwrap();
    let sel = descendants(doc.root(), "PlainTextSelection")
        .find(|s| attr(s, "name") == "UN")
        .unwrap();
    let (s, e) = (
        attr(&sel, "startPosition").parse().unwrap(),
        attr(&sel, "endPosition").parse().unwrap(),
    );
    assert_eq!(chars(text, s, e), "UN");
    validate(qde.as_bytes());
}

#[test]
fn the_archive_has_project_qde_and_lowercase_sources() {
    let ws = seed();
    let files = unzip(&render(&ws, &Extras::default(), Format::Qdpx));
    let doc = Document::parse(std::str::from_utf8(&files["project.qde"]).unwrap()).unwrap();
    let root = doc.root_element();
    assert_eq!(root.tag_name().name(), "Project");
    assert_eq!(root.tag_name().namespace(), Some(PROJECT_NS));

    let mut expected: BTreeSet<String> = BTreeSet::from(["project.qde".to_string()]);
    let text_sources: Vec<Node> = descendants(root, "TextSource").collect();
    assert_eq!(text_sources.len(), ws.sources.len());
    for (ts, source) in text_sources.iter().zip(&ws.sources) {
        let guid = attr(ts, "guid");
        assert_eq!(attr(ts, "plainTextPath"), format!("internal://{guid}.txt"));
        assert!(ts.attribute("PlainTextContent").is_none());
        let name = format!("sources/{guid}.txt");
        let bytes = &files[&name];
        assert!(!bytes.starts_with(b"\xEF\xBB\xBF"), "no BOM");
        assert!(!bytes.contains(&b'\r'), "LF line ends only");
        // The documented convention: passages joined by a blank line.
        let joined: Vec<&str> = source.passages.iter().map(|p| p.text.as_str()).collect();
        assert_eq!(std::str::from_utf8(bytes).unwrap(), joined.join("\n\n"));
        expected.insert(name);
    }
    let names: BTreeSet<String> = files.keys().cloned().collect();
    assert_eq!(names, expected);
}

/// The texts of every selection coded with each Code, by Code name, and
/// everything else the checks below need.
struct Parsed {
    /// Code GUID → (name, parent Code's name, note GUIDs).
    codes: BTreeMap<String, (String, Option<String>, Vec<String>)>,
    /// Code name → texts of the selections coded with it.
    coded: BTreeMap<String, Vec<String>>,
    /// Note GUID → texts of the selections it is attached to.
    note_selections: BTreeMap<String, Vec<String>>,
    /// Note GUID → (body, creating user's name).
    notes: BTreeMap<String, (String, String)>,
    users: BTreeMap<String, String>,
    /// Names of the users on coded selections and their codings.
    selection_users: Vec<String>,
}

fn parse(files: &BTreeMap<String, Vec<u8>>) -> Parsed {
    let qde = std::str::from_utf8(&files["project.qde"]).unwrap();
    let doc = Document::parse(qde).unwrap();
    let root = doc.root_element();
    let users: BTreeMap<String, String> = descendants(root, "User")
        .map(|u| (attr(&u, "guid").into(), attr(&u, "name").into()))
        .collect();
    let user = |guid: &str| users.get(guid).cloned().expect("creatingUser is a User");
    let mut codes = BTreeMap::new();
    for c in descendants(root, "Code") {
        let parent = c
            .parent_element()
            .filter(|p| p.tag_name().name() == "Code")
            .map(|p| attr(&p, "name").to_string());
        let notes = children(c, "NoteRef")
            .map(|n| attr(&n, "targetGUID").to_string())
            .collect();
        let color = attr(&c, "color");
        assert!(color.len() == 7 && color.starts_with('#'), "{color}");
        codes.insert(
            attr(&c, "guid").to_string(),
            (attr(&c, "name").to_string(), parent, notes),
        );
    }
    let mut coded: BTreeMap<String, Vec<String>> = BTreeMap::new();
    let mut note_selections: BTreeMap<String, Vec<String>> = BTreeMap::new();
    let mut selection_users = Vec::new();
    for ts in descendants(root, "TextSource") {
        let path = attr(&ts, "plainTextPath").replace("internal://", "sources/");
        let text = std::str::from_utf8(&files[&path]).unwrap();
        for sel in children(ts, "PlainTextSelection") {
            let (s, e): (usize, usize) = (
                attr(&sel, "startPosition").parse().unwrap(),
                attr(&sel, "endPosition").parse().unwrap(),
            );
            assert!(s < e && e <= text.chars().count());
            let quote = chars(text, s, e);
            if let Some(u) = sel.attribute("creatingUser") {
                selection_users.push(user(u));
            }
            for coding in children(sel, "Coding") {
                if let Some(u) = coding.attribute("creatingUser") {
                    selection_users.push(user(u));
                }
                let target = attr(&children(coding, "CodeRef").next().unwrap(), "targetGUID");
                let (name, _, _) = codes.get(target).expect("CodeRef names a Code");
                coded.entry(name.clone()).or_default().push(quote.clone());
            }
            for n in children(sel, "NoteRef") {
                let target = attr(&n, "targetGUID").to_string();
                note_selections
                    .entry(target)
                    .or_default()
                    .push(quote.clone());
            }
        }
    }
    let notes = descendants(root, "Note")
        .map(|n| {
            let body = children(n, "PlainTextContent")
                .next()
                .and_then(|b| b.text())
                .unwrap_or_default();
            (
                attr(&n, "guid").to_string(),
                (body.to_string(), user(attr(&n, "creatingUser"))),
            )
        })
        .collect();
    Parsed {
        codes,
        coded,
        note_selections,
        notes,
        users,
        selection_users,
    }
}

#[test]
fn positions_give_back_every_quote_and_every_item_is_there() {
    let ws = seed();
    let (n, l) = (notes(&ws), links(&ws));
    let extras = Extras {
        notes: &n,
        links: &l,
        ..Default::default()
    };
    let p = parse(&unzip(&render(&ws, &extras, Format::Qdpx)));

    // Themes: the quotes of their curated and analyst links, Arabic included.
    for (ti, t) in ws.themes.iter().enumerate() {
        let mut want: Vec<String> = t
            .links
            .iter()
            .map(|k| ws.span_text(&k.span).to_string())
            .chain(
                l.iter()
                    .filter(|k| k.theme == ti)
                    .map(|k| ws.span_text(&k.span).to_string()),
            )
            .collect();
        let mut got = p.coded.get(t.name.get("en")).cloned().unwrap_or_default();
        want.sort();
        got.sort();
        assert_eq!(got, want, "theme {}", t.id);
    }
    let maritime = &p.coded["Maritime security"];
    assert!(maritime.contains(&"والاتجار بالبشر".to_string()));

    // Partner bodies: every mention, under its parent's Code.
    for e in &ws.entities {
        let mut want: Vec<String> = e
            .mentions
            .iter()
            .map(|m| ws.span_text(&m.span()).to_string())
            .collect();
        let mut got = p.coded.get(e.name.get("en")).cloned().unwrap_or_default();
        want.sort();
        got.sort();
        assert_eq!(got, want, "entity {}", e.id);
        let parent = e
            .part_of
            .map_or("Partner bodies", |i| ws.entities[i].name.get("en"));
        let code = p.codes.values().find(|c| c.0 == e.name.get("en")).unwrap();
        assert_eq!(
            code.1.as_deref(),
            Some(parent),
            "{} nests under {parent}",
            e.id
        );
    }
    assert_eq!(p.codes.len(), ws.themes.len() + ws.entities.len() + 1);

    // Notes: the five notes and the two analyst links' notes, each attached.
    assert_eq!(p.notes.len(), n.len() + 2);
    for note in &n {
        let (guid, (_, author)) = p
            .notes
            .iter()
            .find(|(_, (body, _))| *body == note.body)
            .unwrap_or_else(|| panic!("note {} is exported", note.id));
        assert_eq!(author, &note.author);
        let on_code = p.codes.values().filter(|c| c.2.contains(guid)).count();
        let on_selection = p.note_selections.get(guid).cloned().unwrap_or_default();
        match &note.target {
            coopdash::export::NoteTarget::Passage(span) => {
                assert_eq!(on_code, 0);
                assert_eq!(on_selection, [ws.span_text(span)], "note {}", note.id);
            }
            _ => {
                assert_eq!(on_code, 1, "note {} on its Code", note.id);
                let anchors: Vec<&str> = note.anchor.iter().map(|a| ws.span_text(a)).collect();
                assert_eq!(on_selection, anchors, "note {} at its anchor", note.id);
            }
        }
    }
    for link in &l {
        let body = link.note.as_ref().unwrap();
        let (guid, _) = p.notes.iter().find(|(_, (b, _))| b == body).unwrap();
        assert_eq!(p.note_selections[guid], [ws.span_text(&link.span)]);
    }

    // Authors are Users, and name what they created.
    let names: BTreeSet<&str> = p.users.values().map(String::as_str).collect();
    assert_eq!(names, BTreeSet::from(["Layla Haddad", "Sam O'Neil"]));
    assert_eq!(
        p.selection_users.len(),
        4,
        "two analyst links, each with its coding"
    );
}

#[test]
fn guids_are_stable_across_exports() {
    let ws = seed();
    let (n, l) = (notes(&ws), links(&ws));
    let extras = Extras {
        notes: &n,
        links: &l,
        ..Default::default()
    };
    let one = render(&ws, &extras, Format::Qdpx);
    let two = render(&ws, &extras, Format::Qdpx);
    assert_eq!(one, two, "the same workspace gives the same archive");

    // Loading again and exporting without notes keeps the GUIDs of codes,
    // sources and curated selections.
    let plain = render(&seed(), &Extras::default(), Format::Qdpx);
    let (one_all, plain_all) = (guids(&one), guids(&plain));
    let of = |all: &[(String, String)], kinds: &[&str]| -> BTreeSet<String> {
        all.iter()
            .filter(|(kind, _)| kinds.contains(&kind.as_str()))
            .map(|(_, g)| g.clone())
            .collect()
    };
    let fixed = ["Code", "TextSource"];
    assert_eq!(of(&one_all, &fixed), of(&plain_all, &fixed));
    let sel = ["PlainTextSelection", "Coding"];
    assert!(of(&plain_all, &sel).is_subset(&of(&one_all, &sel)));
    let distinct: BTreeSet<&String> = one_all.iter().map(|(_, g)| g).collect();
    assert_eq!(
        distinct.len(),
        one_all.len(),
        "every GUID names one element"
    );
}

/// (element name, guid) of every element of a project that has a GUID.
fn guids(qdpx: &[u8]) -> Vec<(String, String)> {
    let files = unzip(qdpx);
    let doc = Document::parse(std::str::from_utf8(&files["project.qde"]).unwrap()).unwrap();
    doc.descendants()
        .filter_map(|n| {
            let g = n.attribute("guid")?;
            Some((n.tag_name().name().to_string(), g.to_string()))
        })
        .collect()
}

#[test]
fn the_codebook_holds_the_same_codes() {
    let ws = seed();
    let qdc = render(&ws, &Extras::default(), Format::Qdc);
    let qdc = std::str::from_utf8(&qdc).unwrap();
    let doc = Document::parse(qdc).unwrap();
    let root = doc.root_element();
    assert_eq!(root.tag_name().name(), "CodeBook");
    assert_eq!(
        root.tag_name().namespace(),
        Some("urn:QDA-XML:codebook:1.0")
    );
    let code_guids = |d: &Document| -> Vec<(String, String)> {
        d.descendants()
            .filter(|n| n.tag_name().name() == "Code")
            .map(|n| (attr(&n, "guid").to_string(), attr(&n, "name").to_string()))
            .collect()
    };
    let files = unzip(&render(&ws, &Extras::default(), Format::Qdpx));
    let project = Document::parse(std::str::from_utf8(&files["project.qde"]).unwrap()).unwrap();
    assert_eq!(code_guids(&doc), code_guids(&project));

    // The codebook schema's Codes are the project schema's without notes:
    // set in a project document, they must validate against Project.xsd.
    let codes = &qdc[qdc.find("<Codes>").unwrap()..qdc.find("</CodeBook>").unwrap()];
    let wrapped = format!(
        "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<Project xmlns=\"{PROJECT_NS}\" name=\"x\"><CodeBook>{codes}</CodeBook></Project>"
    );
    validate(wrapped.as_bytes());
}

#[test]
fn qdpx_is_refused_on_a_terminal_and_written_to_a_file() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("seed.qdpx");
    let status = support::coopdash()
        .args(["export", "-f", "qdpx", "-o"])
        .arg(&out)
        .current_dir(support::root())
        .status()
        .unwrap();
    assert!(status.success());
    assert!(unzip(&std::fs::read(&out).unwrap()).contains_key("project.qde"));

    // `script` gives the command a real terminal as standard output.
    if !support::require_tool("script") {
        return;
    }
    let cmd = format!("{} export -f qdpx", support::bin());
    let run = Command::new("script")
        .args(["-qec", &cmd, "/dev/null"])
        .current_dir(support::root())
        .output()
        .unwrap();
    let shown = String::from_utf8_lossy(&run.stdout);
    assert!(!run.status.success(), "{shown}");
    assert!(shown.contains("zip archive"), "{shown}");
    assert!(
        !shown.contains("PK\u{3}\u{4}"),
        "no zip bytes on the terminal"
    );
}
