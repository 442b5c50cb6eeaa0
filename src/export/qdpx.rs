//! `export --format qdpx`: a REFI-QDA project (QDA-XML 1.0) that QualCoder,
//! ATLAS.ti, MAXQDA and NVivo open: a zip holding `project.qde` and a
//! lowercase `sources/` folder.
//!
//! - Themes are codable Codes (coloured); partner bodies are Codes under a
//!   "Partner bodies" Code, nested by `part_of`.
//! - Each source is a TextSource whose plain text is `sources/GUID.txt`
//!   (`plainTextPath="internal://GUID.txt"`): its passages joined by a blank
//!   line (`"\n\n"`), UTF-8 without BOM, LF line ends.
//! - Every theme link (curated or analyst) and every partner-body mention is
//!   a PlainTextSelection with one Coding whose CodeRef names the theme's or
//!   body's Code. `startPosition`/`endPosition` are 0-based, end-exclusive
//!   offsets in Unicode code points of that plain text.
//! - Notes are Notes (PlainTextContent) attached with NoteRef: to a Code for
//!   a theme or body note, to a PlainTextSelection for a passage note or a
//!   note's anchor, and to the link's selection for an analyst link's note.
//! - Authors of notes and analyst links are Users, named on what they
//!   created through `creatingUser`.
//!
//! GUIDs are derived from ids (UUID v5 of keys such as `theme:ID`), so two
//! exports of the same workspace carry the same GUIDs; the archive itself is
//! byte-for-byte the same too (entries are dated 1980-01-01, zip's epoch).

use super::codebook::{CodeNotes, entity_guid, theme_guid, write_codes};
use super::ids::guid;
use super::xml::Xml;
use super::{ExportError, Extras, NoteTarget, Origin, all_links, char_range, rfc3339};
use crate::model::{Source, Span, Workspace};
use chrono::{DateTime, FixedOffset};
use std::collections::{BTreeMap, HashMap};
use std::io::{Cursor, Write};

/// The project namespace of QDA-XML 1.0.
pub const NAMESPACE: &str = "urn:QDA-XML:project:1.0";

/// What separates passages in a source's exported plain text.
pub const PASSAGE_SEPARATOR: &str = "\n\n";

/// A source's exported plain text: its passages joined by
/// [`PASSAGE_SEPARATOR`], with any stray carriage return written as a line
/// feed (one code point for one, so positions hold). Also returns the code
/// point offset where each passage starts.
pub fn plain_text(source: &Source) -> (String, Vec<usize>) {
    let mut text = String::new();
    let mut starts = Vec::with_capacity(source.passages.len());
    let mut at = 0;
    for (i, p) in source.passages.iter().enumerate() {
        if i > 0 {
            text.push_str(PASSAGE_SEPARATOR);
            at += PASSAGE_SEPARATOR.chars().count();
        }
        starts.push(at);
        text.extend(p.text.chars().map(|c| if c == '\r' { '\n' } else { c }));
        at += p.text.chars().count();
    }
    (text, starts)
}

/// A PlainTextSelection to write.
struct Selection {
    guid: String,
    name: String,
    start: usize,
    end: usize,
    /// The Code it is coded with, and the Coding's GUID.
    coding: Option<(String, String)>,
    user: Option<String>,
    created: Option<String>,
    notes: Vec<String>,
}

/// A Note to write.
struct NoteOut {
    guid: String,
    name: String,
    description: String,
    user: String,
    created: String,
    body: String,
}

/// Everything gathered before writing, in schema order.
struct Project {
    users: BTreeMap<String, String>,
    code_notes: CodeNotes,
    selections: Vec<Vec<Selection>>,
    notes: Vec<NoteOut>,
}

impl Project {
    /// The GUID of `author`'s User, registering the user.
    fn user(&mut self, author: &str) -> String {
        self.users
            .entry(author.to_string())
            .or_insert_with(|| guid(&format!("user:{author}")))
            .clone()
    }
}

/// Positions of spans in the exported plain texts.
struct Positions<'a> {
    ws: &'a Workspace,
    starts: Vec<Vec<usize>>,
}

impl Positions<'_> {
    /// `startPosition`, `endPosition` of a span.
    fn of(&self, span: &Span) -> (usize, usize) {
        let base = self.starts[span.source][span.passage];
        let (s, e) = char_range(self.ws, span);
        (base + s, base + e)
    }

    /// A key naming a span for GUIDs: its `SOURCE:N` address and character
    /// offsets in the passage (so other passages' edits do not change it).
    fn key(&self, span: &Span) -> String {
        let (s, e) = char_range(self.ws, span);
        format!("{}:{s}:{e}", self.ws.address(span))
    }
}

/// Renders the `.qdpx` archive.
pub fn render(ws: &Workspace, extras: &Extras) -> Result<Vec<u8>, ExportError> {
    let texts: Vec<(String, Vec<usize>)> = ws.sources.iter().map(plain_text).collect();
    let pos = Positions {
        ws,
        starts: texts.iter().map(|(_, s)| s.clone()).collect(),
    };
    let project = gather(ws, extras, &pos);
    let qde = write_project(ws, &project)?;

    let mut zip = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated)
        .last_modified_time(zip::DateTime::default())
        .unix_permissions(0o644);
    zip.start_file("project.qde", options)?;
    zip.write_all(&qde)?;
    for (source, (text, _)) in ws.sources.iter().zip(&texts) {
        zip.start_file(format!("sources/{}.txt", source_guid(source)), options)?;
        zip.write_all(text.as_bytes())?;
    }
    Ok(zip.finish()?.into_inner())
}

fn source_guid(source: &Source) -> String {
    guid(&format!("source:{}", source.id))
}

/// Collects users, selections and notes from links, mentions and notes.
fn gather(ws: &Workspace, extras: &Extras, pos: &Positions) -> Project {
    let mut p = Project {
        users: BTreeMap::new(),
        code_notes: CodeNotes {
            themes: vec![Vec::new(); ws.themes.len()],
            entities: vec![Vec::new(); ws.entities.len()],
        },
        selections: (0..ws.sources.len()).map(|_| Vec::new()).collect(),
        notes: Vec::new(),
    };
    // A theme may link the same words twice; the second gets its own GUID.
    let mut seen: HashMap<String, usize> = HashMap::new();
    let mut unique = |key: String| {
        let n = seen.entry(key.clone()).or_insert(0);
        *n += 1;
        if *n == 1 { key } else { format!("{key}#{n}") }
    };

    for link in all_links(ws, extras) {
        let theme = &ws.themes[link.theme];
        let key = unique(match link.origin {
            Origin::Curated => format!("link:{}:{}", theme.id, pos.key(link.span)),
            Origin::Analyst => format!(
                "analyst-link:{}:{}:{}:{}",
                theme.id,
                pos.key(link.span),
                link.author.unwrap_or_default(),
                link.created.as_ref().map(rfc3339).unwrap_or_default()
            ),
        });
        let user = link.author.map(|a| p.user(a));
        let mut notes = Vec::new();
        if let (Some(body), Some(author), Some(created)) = (link.note, link.author, link.created) {
            let note_guid = guid(&format!("analyst-note:{key}"));
            notes.push(note_guid.clone());
            let description = format!(
                "Why {} links {} to theme {}",
                author,
                ws.address(link.span),
                theme.id
            );
            add_note(&mut p, note_guid, description, author, &created, body);
        }
        let sel = selection(ws, pos, &key, link.span, Some(theme_guid(ws, link.theme)));
        p.selections[link.span.source].push(Selection {
            user,
            created: link.created.as_ref().map(rfc3339),
            notes,
            ..sel
        });
    }

    for (ei, entity) in ws.entities.iter().enumerate() {
        for m in &entity.mentions {
            let key = unique(format!("mention:{}:{}", entity.id, pos.key(&m.span())));
            let sel = selection(ws, pos, &key, &m.span(), Some(entity_guid(ws, ei)));
            p.selections[m.source()].push(sel);
        }
    }

    for note in extras.notes {
        let note_guid = guid(&format!("note:{}", note.id));
        let description = match &note.target {
            NoteTarget::Theme(t) => {
                p.code_notes.themes[*t].push(note_guid.clone());
                format!("On theme {}", ws.themes[*t].id)
            }
            NoteTarget::Entity(e) => {
                p.code_notes.entities[*e].push(note_guid.clone());
                format!("On partner body {}", ws.entities[*e].id)
            }
            NoteTarget::Passage(span) => {
                let key = unique(format!("note-target:{}", note.id));
                let mut sel = selection(ws, pos, &key, span, None);
                sel.notes.push(note_guid.clone());
                p.selections[span.source].push(sel);
                format!("On passage {}", ws.address(span))
            }
        };
        let mut description = description;
        let on_target =
            matches!(&note.target, NoteTarget::Passage(s) if Some(s) == note.anchor.as_ref());
        if let Some(anchor) = note.anchor.as_ref().filter(|_| !on_target) {
            let key = unique(format!("note-anchor:{}", note.id));
            let mut sel = selection(ws, pos, &key, anchor, None);
            sel.notes.push(note_guid.clone());
            p.selections[anchor.source].push(sel);
            description.push_str(&format!(", anchored at {}", ws.address(anchor)));
        }
        add_note(
            &mut p,
            note_guid,
            description,
            &note.author,
            &note.created,
            &note.body,
        );
    }

    for list in &mut p.selections {
        list.sort_by_key(|s| (s.start, s.end));
    }
    p
}

/// A selection over `span`, coded with `code` if given.
fn selection(
    ws: &Workspace,
    pos: &Positions,
    key: &str,
    span: &Span,
    code: Option<String>,
) -> Selection {
    let (start, end) = pos.of(span);
    Selection {
        guid: guid(key),
        name: ws.span_text(span).to_string(),
        start,
        end,
        coding: code.map(|c| (guid(&format!("coding:{key}")), c)),
        user: None,
        created: None,
        notes: Vec::new(),
    }
}

/// Registers a note and its author.
fn add_note(
    p: &mut Project,
    guid: String,
    description: String,
    author: &str,
    created: &DateTime<FixedOffset>,
    body: &str,
) {
    let user = p.user(author);
    p.notes.push(NoteOut {
        guid,
        name: note_name(body),
        description,
        user,
        created: rfc3339(created),
        body: body.to_string(),
    });
}

/// Longest note name, in characters, taken from the note's first line.
const NOTE_NAME_CHARS: usize = 60;

/// A note's name: its first non-empty line, shortened.
fn note_name(body: &str) -> String {
    let line = body.lines().map(str::trim).find(|l| !l.is_empty());
    let line = line.unwrap_or("Note");
    if line.chars().count() <= NOTE_NAME_CHARS {
        line.to_string()
    } else {
        let cut: String = line.chars().take(NOTE_NAME_CHARS - 1).collect();
        format!("{cut}…")
    }
}

/// The project's name: the workspace folder's name.
fn project_name(ws: &Workspace) -> String {
    match ws.root.components().next_back() {
        Some(std::path::Component::Normal(n)) => n.to_string_lossy().into_owned(),
        _ => "coopdash workspace".to_string(),
    }
}

/// Writes `project.qde`, elements in the schema's order: Users, CodeBook,
/// Sources, Notes, Description.
fn write_project(ws: &Workspace, p: &Project) -> Result<Vec<u8>, ExportError> {
    let mut x = Xml::new()?;
    x.open(
        "Project",
        &[
            ("xmlns", NAMESPACE),
            ("name", &project_name(ws)),
            ("origin", super::ORIGIN),
        ],
    )?;
    if !p.users.is_empty() {
        x.open("Users", &[])?;
        for (name, g) in &p.users {
            x.empty("User", &[("guid", g), ("name", name)])?;
        }
        x.close("Users")?;
    }
    x.open("CodeBook", &[])?;
    write_codes(&mut x, ws, &p.code_notes)?;
    x.close("CodeBook")?;

    if !ws.sources.is_empty() {
        x.open("Sources", &[])?;
        for (source, selections) in ws.sources.iter().zip(&p.selections) {
            write_source(&mut x, source, selections)?;
        }
        x.close("Sources")?;
    }

    if !p.notes.is_empty() {
        x.open("Notes", &[])?;
        for n in &p.notes {
            x.open(
                "Note",
                &[
                    ("guid", &n.guid),
                    ("name", &n.name),
                    ("creatingUser", &n.user),
                    ("creationDateTime", &n.created),
                ],
            )?;
            x.text("Description", &n.description)?;
            x.text("PlainTextContent", &n.body)?;
            x.close("Note")?;
        }
        x.close("Notes")?;
    }
    x.text(
        "Description",
        "Exported by coopdash. Each source's plain text is its passages joined by a \
         blank line (\"\\n\\n\"); positions are 0-based, end-exclusive Unicode code \
         point offsets in it.",
    )?;
    x.close("Project")?;
    Ok(x.finish())
}

/// One TextSource with its selections.
fn write_source(x: &mut Xml, source: &Source, selections: &[Selection]) -> std::io::Result<()> {
    let g = source_guid(source);
    let path = format!("internal://{g}.txt");
    x.open(
        "TextSource",
        &[("guid", &g), ("name", &source.id), ("plainTextPath", &path)],
    )?;
    let mut description: Vec<String> = source
        .title
        .0
        .iter()
        .map(|(l, t)| format!("title ({l}): {t}"))
        .collect();
    description.push(format!(
        "file: seeds/{}",
        source.file.to_string_lossy().replace('\\', "/")
    ));
    description.extend(source.date.as_ref().map(|d| format!("date: {d}")));
    description.extend(source.lang.as_ref().map(|l| format!("language: {l}")));
    x.text("Description", &description.join("\n"))?;
    for s in selections {
        let (start, end) = (s.start.to_string(), s.end.to_string());
        let mut attrs = vec![
            ("guid", s.guid.as_str()),
            ("name", s.name.as_str()),
            ("startPosition", start.as_str()),
            ("endPosition", end.as_str()),
        ];
        attrs.extend(s.user.as_deref().map(|u| ("creatingUser", u)));
        attrs.extend(s.created.as_deref().map(|c| ("creationDateTime", c)));
        x.open("PlainTextSelection", &attrs)?;
        if let Some((coding, code)) = &s.coding {
            let mut attrs = vec![("guid", coding.as_str())];
            attrs.extend(s.user.as_deref().map(|u| ("creatingUser", u)));
            attrs.extend(s.created.as_deref().map(|c| ("creationDateTime", c)));
            x.open("Coding", &attrs)?;
            x.empty("CodeRef", &[("targetGUID", code)])?;
            x.close("Coding")?;
        }
        for n in &s.notes {
            x.empty("NoteRef", &[("targetGUID", n)])?;
        }
        x.close("PlainTextSelection")?;
    }
    x.close("TextSource")
}
