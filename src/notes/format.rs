//! The note file: a line `---`, YAML front matter with the fields in a fixed
//! order (id, kind, target, anchor, author, created, updated, conflict_of),
//! a line `---`, then the Markdown body. [`render`] and [`parse`] round-trip
//! every field, and rendering a parsed file gives back the same bytes.
//!
//! Files come from colleagues and from hand edits, so [`parse`] treats them
//! as untrusted: size and nesting are capped before YAML parsing, and every
//! fault is a [`Problem`] with a line, never a panic.

use super::model::{MAX_BODY_BYTES, Note, NoteKind, Target, normalize_body};
use crate::anchor::TextAnchor;
use crate::workspace::locate::Locations;
use crate::workspace::{Pos, Problem};
use chrono::{DateTime, FixedOffset};
use serde::{Deserialize, Serialize};
use std::path::Path;

/// Largest front matter accepted, in bytes.
pub const MAX_FRONT_BYTES: usize = 64 * 1024;
/// Largest note file accepted, in bytes.
pub const MAX_FILE_BYTES: usize = MAX_FRONT_BYTES + MAX_BODY_BYTES;

/// The front matter, in file order.
#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct Front {
    id: String,
    kind: NoteKind,
    target: Target,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    anchor: Option<TextAnchor>,
    author: String,
    #[serde(with = "rfc3339")]
    created: DateTime<FixedOffset>,
    #[serde(with = "rfc3339")]
    updated: DateTime<FixedOffset>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    conflict_of: Option<String>,
}

/// Times as RFC 3339 with the writer's offset, e.g. `2026-11-29T08:15:02+03:00`.
mod rfc3339 {
    use chrono::{DateTime, FixedOffset, SecondsFormat};
    use serde::{Deserialize, Deserializer, Serializer, de::Error};

    pub fn serialize<S: Serializer>(t: &DateTime<FixedOffset>, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&t.to_rfc3339_opts(SecondsFormat::AutoSi, false))
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<DateTime<FixedOffset>, D::Error> {
        let s = String::deserialize(d)?;
        DateTime::parse_from_rfc3339(&s).map_err(|e| {
            D::Error::custom(format!(
                "`{s}` is not an RFC 3339 time such as 2026-11-29T08:15:02+03:00 ({e})"
            ))
        })
    }
}

/// The file text of a note.
pub fn render(note: &Note) -> String {
    let front = Front {
        id: note.id.clone(),
        kind: note.kind,
        target: note.target.clone(),
        anchor: note.anchor.clone(),
        author: note.author.clone(),
        created: note.created,
        updated: note.updated,
        conflict_of: note.conflict_of.clone(),
    };
    let yaml = serde_yaml::to_string(&front).expect("plain data serializes");
    if note.body.is_empty() {
        format!("---\n{yaml}---\n")
    } else {
        format!("---\n{yaml}---\n{}\n", note.body)
    }
}

/// Parses the note file at `path` (its name gives the expected id).
pub fn parse(path: &Path, bytes: &[u8]) -> Result<Note, Problem> {
    let at = |line: usize, message: String, hint: &str| {
        Problem::at(path, Some(Pos { line, column: 1 }), message, hint)
    };
    if bytes.len() > MAX_FILE_BYTES {
        return Err(at(
            1,
            format!(
                "the note file is {} KiB, over the limit of {} KiB",
                bytes.len().div_ceil(1024),
                MAX_FILE_BYTES / 1024
            ),
            "split the note, or move long material into a source",
        ));
    }
    let text = std::str::from_utf8(bytes).map_err(|e| {
        let line = bytes[..e.valid_up_to()]
            .iter()
            .filter(|&&b| b == b'\n')
            .count()
            + 1;
        at(
            line,
            "the file is not valid UTF-8".into(),
            "save it as UTF-8",
        )
    })?;
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let (front, body) = split(text).map_err(|(line, message)| {
        at(
            line,
            message,
            "a note file is a line `---`, the fields, a line `---`, then the text",
        )
    })?;
    if front.len() > MAX_FRONT_BYTES {
        return Err(at(
            2,
            format!("the front matter is over {} KiB", MAX_FRONT_BYTES / 1024),
            "shorten the anchor's quote",
        ));
    }
    // The front matter starts on line 2; YAML positions count from its start.
    let shift = |p: Pos| Pos {
        line: p.line + 1,
        column: p.column,
    };
    // This pass refuses deep nesting before serde_yaml's parser, which takes
    // quadratic time on it, sees the text.
    if let Err(e) = Locations::scan(front) {
        return Err(Problem::at(
            path,
            Some(shift(e.pos)),
            format!("YAML syntax error: {}", e.message),
            "fix the front matter at this position",
        ));
    }
    let front: Front = serde_yaml::from_str(front).map_err(|e| {
        let message = e.to_string();
        let (pos, message) = match e.location() {
            Some(l) => {
                let suffix = format!(" at line {} column {}", l.line(), l.column());
                let message = message
                    .strip_suffix(&suffix)
                    .unwrap_or(&message)
                    .to_string();
                (
                    shift(Pos {
                        line: l.line(),
                        column: l.column(),
                    }),
                    message,
                )
            }
            None => (Pos { line: 2, column: 1 }, message),
        };
        Problem::at(
            path,
            Some(pos),
            format!("front matter: {message}"),
            "fields: id, kind (note, link or rejection), target, anchor, author, created, updated",
        )
    })?;
    let id_line = field_line(text, "id");
    let stem = path.file_stem().and_then(|s| s.to_str()).unwrap_or("");
    if front.id != stem {
        return Err(at(
            id_line,
            format!(
                "the id `{}` differs from the file name `{stem}.md`",
                front.id
            ),
            "rename the file to <id>.md, or set the id to the file name",
        ));
    }
    let note = Note {
        id: front.id,
        kind: front.kind,
        target: front.target,
        anchor: front.anchor,
        author: front.author,
        created: front.created,
        updated: front.updated,
        conflict_of: front.conflict_of,
        body: normalize_body(body),
    };
    note.check().map_err(|e| {
        at(
            id_line,
            e,
            "fix the field, or move the file out of the notes folder",
        )
    })?;
    Ok(note)
}

/// Splits a file into front matter and body, or says at which line and why
/// it cannot.
fn split(text: &str) -> Result<(&str, &str), (usize, String)> {
    let mut lines = text.split_inclusive('\n');
    let first = lines.next().unwrap_or("");
    if first.trim_end() != "---" {
        return Err((1, "the file does not start with a line `---`".into()));
    }
    let mut offset = first.len();
    for line in lines {
        if line.trim_end() == "---" {
            return Ok((&text[first.len()..offset], &text[offset + line.len()..]));
        }
        offset += line.len();
    }
    Err((
        1,
        "the front matter opened here is never closed by a line `---`".into(),
    ))
}

/// The 1-based line of a top-level field in the file (line 2 if absent).
fn field_line(text: &str, field: &str) -> usize {
    text.lines()
        .position(|l| l.strip_prefix(field).is_some_and(|r| r.starts_with(':')))
        .map_or(2, |i| i + 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn note() -> Note {
        let mut n = Note::new(
            NoteKind::Link,
            Target::Item("cybercrime".into()),
            Some(TextAnchor {
                source: "un-2022".into(),
                passage: 4,
                start: 10,
                end: 26,
                exact: "الجريمة السيبرية".into(),
                prefix: "واشتملت المجالات على ".into(),
                suffix: "، والفساد.\nسطر".into(),
            }),
            "سلمى (Salma)",
            "## ملاحظة\n\nThe UN *and* INTERPOL: «تعاون» — yes: no\n---\nnot front matter\n",
        );
        n.conflict_of = Some("20261129T081502123Z-7f3a9c2e".into());
        n
    }

    fn path(n: &Note) -> std::path::PathBuf {
        format!("notes/{}.md", n.id).into()
    }

    #[test]
    fn round_trip_is_exact_and_byte_stable() {
        let n = note();
        let text = render(&n);
        let back = parse(&path(&n), text.as_bytes()).unwrap();
        assert_eq!(back, n);
        assert_eq!(render(&back), text);
        assert!(text.starts_with(&format!(
            "---\nid: {}\nkind: link\ntarget: cybercrime\nanchor:\n",
            n.id
        )));
    }

    #[test]
    fn awkward_values_round_trip() {
        for author in [
            "null",
            "1",
            "yes",
            "- a",
            "a: b",
            "'q'",
            "#x",
            "«تعاون»: \"x\"",
        ] {
            let mut n = note();
            n.author = author.into();
            n.body = String::new();
            n.anchor = None;
            n.kind = NoteKind::Note;
            let text = render(&n);
            assert_eq!(parse(&path(&n), text.as_bytes()).unwrap(), n, "{text}");
        }
    }

    #[test]
    fn faults_have_lines() {
        let n = note();
        let p = path(&n);
        let good = render(&n);
        let line = |text: &str| parse(&p, text.as_bytes()).unwrap_err().pos.unwrap().line;
        assert_eq!(line("no front matter"), 1);
        assert_eq!(line("---\nid: x\n"), 1);
        let unknown = good.replacen("kind: link\n", "kind: link\ncolour: red\n", 1);
        let e = parse(&p, unknown.as_bytes()).unwrap_err();
        assert_eq!(e.pos.unwrap().line, 4, "{e}");
        assert!(e.message.contains("unknown field `colour`"), "{e}");
        assert!(!e.message.contains("at line"), "{e}");
        let bad_time = good.replacen("created: ", "created: yesterday ", 1);
        assert!(
            parse(&p, bad_time.as_bytes())
                .unwrap_err()
                .message
                .contains("RFC 3339")
        );
        let other_id = good.replacen(&format!("id: {}", n.id), "id: other", 1);
        assert_eq!(line(&other_id), 2);
        let mut bytes = good.clone().into_bytes();
        bytes.extend_from_slice(b"\n\xff");
        // The file's lines, then an empty one, then the bad byte.
        let lines = good.lines().count();
        assert_eq!(parse(&p, &bytes).unwrap_err().pos.unwrap().line, lines + 2);
    }

    #[test]
    fn damaged_files_never_panic() {
        let n = note();
        let p = path(&n);
        let good = render(&n).into_bytes();
        for at in 0..good.len() {
            let _ = parse(&p, &good[..at]);
            for b in [b'\n', b'-', b':', b' ', b'[', b'"', 0xd9, 0x00] {
                let mut bad = good.clone();
                bad[at] = b;
                let _ = parse(&p, &bad);
            }
        }
    }

    #[test]
    fn hostile_input_is_refused_quickly() {
        let n = note();
        let p = path(&n);
        let deep = format!("---\nid: {}\nkind: {}\n---\n", n.id, "[".repeat(50_000));
        let t = std::time::Instant::now();
        assert!(parse(&p, deep.as_bytes()).is_err());
        assert!(t.elapsed().as_secs() < 2);
        let bomb = "---\na: &a [x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]\nc: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]\nd: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c]\ne: [*d, *d, *d, *d, *d, *d, *d, *d, *d]\n---\n";
        assert!(parse(&p, bomb.as_bytes()).is_err());
        let big = vec![b'x'; MAX_FILE_BYTES + 1];
        assert!(parse(&p, &big).unwrap_err().message.contains("limit"));
    }
}
