//! The REFI-QDA code tree shared by projects (`.qdpx`) and codebooks
//! (`.qdc`): one codable Code per theme, coloured, then a "Partner bodies"
//! Code (not codable itself) holding one Code per partner body, nested by
//! `part_of`.

use super::ids::guid;
use super::xml::Xml;
use super::{ENTITY_COLOR, theme_color};
use crate::model::{LangText, Workspace};
use std::io;

/// The GUID of theme `i`'s Code.
pub(crate) fn theme_guid(ws: &Workspace, i: usize) -> String {
    guid(&format!("theme:{}", ws.themes[i].id))
}

/// The GUID of partner body `i`'s Code.
pub(crate) fn entity_guid(ws: &Workspace, i: usize) -> String {
    guid(&format!("entity:{}", ws.entities[i].id))
}

/// Name of the branch that holds the partner bodies.
pub(crate) const BRANCH_NAME: &str = "Partner bodies";

/// Note GUIDs to attach to each Code with NoteRef (projects only: the
/// codebook schema has no notes).
#[derive(Debug, Default)]
pub(crate) struct CodeNotes {
    /// Per theme index.
    pub themes: Vec<Vec<String>>,
    /// Per entity index.
    pub entities: Vec<Vec<String>>,
}

/// Writes `<Codes>…</Codes>`.
pub(crate) fn write_codes(x: &mut Xml, ws: &Workspace, notes: &CodeNotes) -> io::Result<()> {
    let refs = |list: &Vec<Vec<String>>, i: usize| list.get(i).cloned().unwrap_or_default();
    x.open("Codes", &[])?;
    for (i, t) in ws.themes.iter().enumerate() {
        let description = describe(&t.id, None, &t.name, &t.summary, ("keywords", &t.keywords));
        code(
            x,
            &theme_guid(ws, i),
            t.name.get("en"),
            theme_color(i),
            &description,
            &refs(&notes.themes, i),
        )?;
        x.close("Code")?;
    }
    x.open(
        "Code",
        &[
            ("guid", &guid("branch:partner-bodies")),
            ("name", BRANCH_NAME),
            ("isCodable", "false"),
            ("color", ENTITY_COLOR),
        ],
    )?;
    // Written with an explicit stack rather than recursion: a long `part_of`
    // chain in a hostile themes.yaml cannot exhaust the call stack.
    let mut children: Vec<Vec<usize>> = vec![Vec::new(); ws.entities.len()];
    let mut roots = Vec::new();
    for (i, e) in ws.entities.iter().enumerate() {
        match e.part_of {
            Some(p) => children[p].push(i),
            None => roots.push(i),
        }
    }
    // `Some(i)` opens entity i; `None` closes the Code opened last.
    let mut stack: Vec<Option<usize>> = roots.into_iter().rev().map(Some).collect();
    while let Some(step) = stack.pop() {
        let Some(i) = step else {
            x.close("Code")?;
            continue;
        };
        let e = &ws.entities[i];
        let description = describe(
            &e.id,
            Some(&e.kind),
            &e.name,
            &LangText::default(),
            ("aliases", &e.aliases),
        );
        code(
            x,
            &entity_guid(ws, i),
            e.name.get("en"),
            ENTITY_COLOR,
            &description,
            &refs(&notes.entities, i),
        )?;
        stack.push(None);
        stack.extend(children[i].iter().rev().map(|&c| Some(c)));
    }
    x.close("Code")?;
    x.close("Codes")
}

/// Opens a codable `<Code>` with its Description and NoteRefs (the caller
/// writes any child Codes, then closes it).
fn code(
    x: &mut Xml,
    guid: &str,
    name: &str,
    color: &str,
    description: &str,
    notes: &[String],
) -> io::Result<()> {
    x.open(
        "Code",
        &[
            ("guid", guid),
            ("name", name),
            ("isCodable", "true"),
            ("color", color),
        ],
    )?;
    x.text("Description", description)?;
    for n in notes {
        x.empty("NoteRef", &[("targetGUID", n)])?;
    }
    Ok(())
}

/// A Code's Description: the coopdash id (so a round trip can find the
/// item again), the kind, every name, the summary per language, and the
/// extra words, one per line.
fn describe(
    id: &str,
    kind: Option<&str>,
    name: &LangText,
    summary: &LangText,
    (words_label, words): (&str, &[String]),
) -> String {
    let mut lines = vec![format!("coopdash id: {id}")];
    lines.extend(kind.map(|k| format!("kind: {k}")));
    lines.extend(name.0.iter().map(|(l, n)| format!("name ({l}): {n}")));
    lines.extend(summary.0.iter().map(|(l, s)| format!("summary ({l}): {s}")));
    if !words.is_empty() {
        lines.push(format!("{words_label}: {}", words.join(", ")));
    }
    lines.join("\n")
}
