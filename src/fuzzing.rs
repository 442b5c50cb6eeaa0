//! Properties checked on arbitrary bytes, shared by the fuzz targets in
//! `fuzz/` and by the corpus replay (`tests/fuzz_replay.rs`), so that every
//! input a fuzzer ever saved is checked again on stable Rust in `cargo test`.
//!
//! Each function takes the raw bytes a fuzzer produced, derives its inputs
//! from them, and panics when a property fails. They never fail on input
//! that is merely invalid: refusing bad input with a clear error is the
//! expected outcome there.

use crate::anchor::TextAnchor;
use crate::layout::{self, BidiMode, LayoutOptions, Mark};
use crate::notes::{Note, NoteKind, Target, format};
use crate::serve::input::{InputParser, MAX_PENDING, MAX_SEQUENCE};
use crate::text::sanitize::display_char;
use crate::text::{Folded, fold, width::width};
use crate::workspace::{self, Limits};
use chrono::DateTime;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};
use unicode_segmentation::UnicodeSegmentation;

/// The normalizer and the layout: folding never panics and every folded
/// range maps back onto character boundaries of the original; laid-out
/// lines and snippets never exceed the requested width, in every bidi
/// mode; and in the terminal mode (logical order, unshaped) wrapping loses
/// no visible text.
///
/// Bytes: the first is the width, the second picks the bidi mode, the
/// language and the mark and snippet ranges, the rest (lossily decoded) is
/// the text.
pub fn text(data: &[u8]) {
    let (head, rest) = data.split_at(data.len().min(2));
    let cells = head.first().map_or(1, |&b| usize::from(b % 96) + 1);
    let pick = head.get(1).copied().unwrap_or(0);
    let text = String::from_utf8_lossy(rest);
    check_fold(&text, pick);
    let cuts = char_cuts(&text, pick);
    let marks: Vec<Mark<usize>> = cuts
        .chunks_exact(2)
        .enumerate()
        .map(|(tag, c)| Mark {
            range: c[0]..c[1],
            tag,
        })
        .collect();
    let opts = LayoutOptions {
        mode: BidiMode::ALL[usize::from(pick >> 6) % BidiMode::ALL.len()],
        lang: [None, Some("ar"), Some("en")][usize::from(pick >> 4 & 3) % 3],
    };
    check_layout(&text, &marks, cells, &opts);
    check_terminal_safety(&text);
    if let [start, end, ..] = cuts[..] {
        let line = layout::snippet(&text, start..end, cells, &opts);
        let shown = width(&line.text());
        assert!(
            shown <= cells,
            "snippet is {shown} cells wide, asked for {cells}: {:?}",
            line.text()
        );
        assert!(line.source.start <= line.source.end && line.source.end <= text.len());
    }
}

fn check_fold(text: &str, pick: u8) {
    let f = Folded::new(text);
    assert_eq!(fold(text), f.text(), "fold and Folded agree");
    let folded = f.text();
    let bounds: Vec<usize> = folded
        .char_indices()
        .map(|(i, _)| i)
        .chain([folded.len()])
        .collect();
    let span = usize::from(pick % 8) + 1;
    for (i, &start) in bounds.iter().enumerate() {
        for &end in [bounds.get(i + 1), bounds.get(i + span)]
            .into_iter()
            .flatten()
        {
            let r = f.original_range(start..end);
            assert!(
                r.start <= r.end
                    && r.end <= text.len()
                    && text.is_char_boundary(r.start)
                    && text.is_char_boundary(r.end),
                "folded {start}..{end} maps to {r:?}, not a range of the original ({} bytes)",
                text.len()
            );
        }
    }
    for (at, _) in text.char_indices().chain([(text.len(), ' ')]) {
        assert!(f.folded_offset(at) <= folded.len());
    }
}

/// Up to four increasing character boundaries of `text`, spread by `pick`.
fn char_cuts(text: &str, pick: u8) -> Vec<usize> {
    let bounds: Vec<usize> = text
        .char_indices()
        .map(|(i, _)| i)
        .chain([text.len()])
        .collect();
    let step = usize::from(pick % 16) + 1;
    bounds.iter().step_by(step).take(4).copied().collect()
}

fn check_layout(text: &str, marks: &[Mark<usize>], cells: usize, opts: &LayoutOptions) {
    let lines = layout::layout(text, marks, cells, opts);
    let mut shown = String::new();
    for line in &lines {
        let t = line.text();
        assert_eq!(width(&t), line.width, "a line's width is what it draws");
        assert!(
            line.width <= cells,
            "line {t:?} is {} cells wide, asked for {cells} ({opts:?})",
            line.width
        );
        assert!(line.source.start <= line.source.end && line.source.end <= text.len());
        shown.push_str(&t);
    }
    if opts.mode != BidiMode::Terminal {
        // Shaped and reordered: the characters drawn are not the text's.
        return;
    }
    let visible = |s: &str| -> String { s.chars().filter(|c| !c.is_whitespace()).collect() };
    // What each grapheme draws as; one wider than the line is an ellipsis.
    // Paragraph separators (bidi class B) end a line and are not drawn.
    let expected: String = text
        .split([
            '\n', '\r', '\u{1c}', '\u{1d}', '\u{1e}', '\u{85}', '\u{2029}',
        ])
        .flat_map(|paragraph| paragraph.graphemes(true))
        .map(|g| {
            let shown: String = g.chars().filter_map(display_char).collect();
            if width(&shown) > cells {
                "…".to_string()
            } else {
                shown
            }
        })
        .collect();
    assert_eq!(
        visible(&shown),
        visible(&expected),
        "wrapping keeps every visible character"
    );
}

/// The note file parser: never panics, every refusal has a line, a parsed
/// note renders back to a file that parses to the same note, and a note
/// built from arbitrary fields, if valid, is read back exactly as written.
///
/// Bytes: the whole input is tried as a note file; split at 0xFF, its
/// pieces are the fields of a note to write and read back.
pub fn note(data: &[u8]) {
    let text = String::from_utf8_lossy(data);
    let stem = text
        .lines()
        .find_map(|l| l.strip_prefix("id:"))
        .map(str::trim)
        .filter(|id| crate::notes::model::valid_id(id))
        .unwrap_or("x");
    let path = PathBuf::from(format!("notes/{stem}.md"));
    match format::parse(&path, data) {
        Ok(n) => round_trip(&path, &n),
        Err(p) => assert!(p.pos.is_some(), "a refusal without a line: {p}"),
    }

    let mut fields = data
        .split(|&b| b == 0xFF)
        .map(|f| String::from_utf8_lossy(f).into_owned());
    let mut next = || fields.next().unwrap_or_default();
    let target = next().parse().unwrap_or(Target::Item("theme".into()));
    let (source, exact, prefix, suffix) = (next(), next(), next(), next());
    let anchor = (!source.is_empty()).then(|| TextAnchor {
        passage: exact.len() % 7 + 1,
        start: prefix.len(),
        end: prefix.len() + exact.chars().count(),
        source,
        exact,
        prefix,
        suffix,
    });
    let kind = if anchor.is_some() && matches!(target, Target::Item(_)) {
        NoteKind::Link
    } else {
        NoteKind::Note
    };
    let time = DateTime::parse_from_rfc3339("2026-11-29T08:15:02+03:00").expect("a valid time");
    let author = next();
    let note = Note {
        id: "20261129T081502123Z-7f3a9c2e".into(),
        kind,
        target,
        anchor,
        author,
        created: time,
        updated: time,
        conflict_of: None,
        body: crate::notes::model::normalize_body(&next()),
    };
    if note.check().is_ok() {
        let path = PathBuf::from(format!("notes/{}.md", note.id));
        round_trip(&path, &note);
    }
}

fn round_trip(path: &Path, note: &Note) {
    let file = format::render(note);
    let back = match format::parse(path, file.as_bytes()) {
        Ok(n) => n,
        Err(p) => panic!("a written note does not read back: {p}\n{file}"),
    };
    assert_eq!(&back, note, "a note reads back as written:\n{file}");
    assert_eq!(format::render(&back), file, "rendering is stable");
}

/// Nothing from data leaves as a control: JSON escapes them and reads back
/// exactly, clipboard text keeps only tabs and line feeds; and a phrase
/// set built from the text's words, each given twice, holds each once.
fn check_terminal_safety(text: &str) {
    let json = crate::text::json::to_string(text);
    assert!(
        !json.chars().any(crate::text::json::must_escape),
        "raw control in JSON: {json:?}"
    );
    assert_eq!(
        serde_json::from_str::<String>(&json).ok().as_deref(),
        Some(text)
    );
    let copied = crate::text::sanitize::for_clipboard(text);
    assert!(
        copied.chars().all(|c| matches!(c, '\t' | '\n')
            || !(c.is_control() || crate::text::sanitize::is_bidi_control(c))),
        "control in a copy: {copied:?}"
    );
    let words: Vec<(String, ())> = text
        .split_whitespace()
        .map(|w| (w.to_string(), ()))
        .collect();
    let twice = crate::text::PhraseSet::new(words.iter().chain(&words).cloned());
    let distinct: std::collections::HashSet<_> = words
        .iter()
        .filter_map(|(w, _)| crate::text::Phrase::new(w))
        .collect();
    assert_eq!(twice.len(), distinct.len(), "a phrase held twice");
}

/// The SSH input parser: never panics, and never holds more than
/// [`MAX_PENDING`] bytes of an unfinished paste nor [`MAX_SEQUENCE`] of an
/// unfinished escape sequence (a mouse report among them), whatever the
/// messages; after an unfinished sequence expires (bodies of length 1 mod
/// 3), a key arrives as itself, and then an SGR mouse report (its button
/// and cell taken from the body) as the mouse event it says.
///
/// Bytes: a series of messages, each a header byte then its body: the low
/// 7 bits give the body's length, the high bit repeats the body 1024 times
/// (so small inputs can make the long pastes and sequences the cap is for).
pub fn input(data: &[u8]) {
    let mut parser = InputParser::default();
    let mut rest = data;
    while let Some((&header, tail)) = rest.split_first() {
        let len = usize::from(header & 0x7F).min(tail.len());
        let (body, tail) = tail.split_at(len);
        rest = tail;
        let message = if header & 0x80 != 0 {
            body.repeat(1024)
        } else {
            body.to_vec()
        };
        parser.feed(&message);
        let held = held(&parser);
        assert!(
            held <= MAX_PENDING,
            "the parser holds {held} bytes, over the cap of {MAX_PENDING}"
        );
        assert!(
            !parser.waiting() || held <= MAX_SEQUENCE,
            "the parser holds {held} bytes of a sequence, over the cap of {MAX_SEQUENCE}"
        );
        // A quiet spell ends an unfinished escape sequence (mouse reports,
        // OSC and the like): a key typed next arrives as itself.
        if body.len() % 3 == 1 && parser.waiting() {
            parser.expire();
            let next = parser.feed(b"q");
            assert_eq!(
                next,
                [crate::ui::Input::Key(
                    ratatui::crossterm::event::KeyEvent::new(
                        ratatui::crossterm::event::KeyCode::Char('q'),
                        ratatui::crossterm::event::KeyModifiers::NONE,
                    )
                )],
                "a key after an expired sequence"
            );
            check_mouse(&mut parser, body);
        }
    }
}

/// A press, a release or a wheel notch at a cell taken from `body` (any
/// column and row a terminal can report) arrives as that mouse event.
fn check_mouse(parser: &mut InputParser, body: &[u8]) {
    use ratatui::crossterm::event::{KeyModifiers, MouseButton, MouseEvent, MouseEventKind};
    let byte = |i: usize| body.get(i).copied().unwrap_or(0);
    let (code, kind) = match byte(0) % 4 {
        0 => ("0;", "M"),
        1 => ("0;", "m"),
        2 => ("64;", "M"),
        _ => ("65;", "M"),
    };
    let column = u16::from_le_bytes([byte(1), byte(2)]).max(1);
    let row = u16::from_le_bytes([byte(3), byte(4)]).max(1);
    let report = format!("\x1b[<{code}{column};{row}{kind}");
    let expected = MouseEvent {
        kind: match (code, kind) {
            ("0;", "M") => MouseEventKind::Down(MouseButton::Left),
            ("0;", _) => MouseEventKind::Up(MouseButton::Left),
            ("64;", _) => MouseEventKind::ScrollUp,
            _ => MouseEventKind::ScrollDown,
        },
        column: column - 1,
        row: row - 1,
        modifiers: KeyModifiers::NONE,
    };
    assert_eq!(
        parser.feed(report.as_bytes()),
        [crate::ui::Input::Mouse(expected)],
        "the mouse report {report:?}"
    );
}

/// The bytes termina's parser holds inside `parser`. termina has no
/// accessor for its buffer; its derived `Debug` lists the bytes, so this
/// counts them there (and fails loudly if that format ever changes).
fn held(parser: &InputParser) -> usize {
    let shown = format!("{parser:?}");
    let list = shown
        .split_once("buffer: [")
        .and_then(|(_, rest)| rest.split_once(']'))
        .map(|(list, _)| list)
        .expect("termina's Parser shows its buffer in Debug");
    if list.trim().is_empty() {
        0
    } else {
        list.matches(',').count() + 1
    }
}

/// Longest a workspace made of fuzz input may take to load: far above
/// what such small input needs, far below a hang.
pub const LOAD_BOUND: Duration = Duration::from_secs(5);

/// The workspace loader, from memory: never panics, finishes within
/// [`LOAD_BOUND`], and every problem about a file with content has a
/// position.
///
/// Bytes: split at the first two 0xFF bytes into `themes.yaml` and one or
/// two sources (`seeds/a.txt`, `seeds/b.md`).
pub fn workspace(data: &[u8]) {
    let mut parts = data.splitn(3, |&b| b == 0xFF);
    let themes = parts.next().unwrap_or_default();
    let sources: Vec<(PathBuf, &[u8])> = ["a.txt", "b.md"]
        .into_iter()
        .zip(parts)
        .map(|(name, bytes)| (PathBuf::from(name), bytes))
        .collect();
    let limits = Limits {
        passages: 200,
        ..Limits::default()
    };
    let started = Instant::now();
    let result = workspace::load_from_memory(Path::new("ws"), themes, &sources, &limits);
    let took = started.elapsed();
    assert!(took < LOAD_BOUND, "loading took {took:?}");
    if let Err(e) = result {
        for p in &e.problems {
            let empty = if p.file.ends_with(workspace::THEMES_FILE) {
                themes.is_empty()
            } else {
                sources
                    .iter()
                    .find(|(name, _)| p.file.ends_with(name))
                    .is_none_or(|(_, bytes)| bytes.is_empty())
            };
            assert!(
                empty || p.pos.is_some(),
                "a problem in a file with content has no position: {p}"
            );
            // The message reaches a terminal: nothing raw may be in it.
            let shown = p.to_string();
            assert!(shown.chars().all(|c| display_char(c) == Some(c)));
        }
    }
}

/// The passages of the bundled workspace's source, which the saved cache
/// inputs were made from (the cache holds no passages: a load splits them
/// from the sources again).
fn bundled_passages() -> crate::workspace::seeds::Unchanged {
    const FILE: &str = "000_18db5c9e3ffd8243.txt";
    let text = include_bytes!("../seeds/000_18db5c9e3ffd8243.txt");
    let limits = Limits::default();
    crate::workspace::seeds::passages_of(text, &limits)
        .map(|p| (std::path::PathBuf::from(FILE), p))
        .into_iter()
        .collect()
}

/// The search cache, from bytes: decoding never panics, and whatever it
/// accepts can be searched and printed as `coopdash search` does.
///
/// Bytes: the cache body (what follows the file's header), read against
/// the bundled source's passages; the check appends the right checksum, as
/// a crafted file would carry one.
pub fn cache(data: &[u8]) {
    let mut body = data.to_vec();
    body.extend(xxhash_rust::xxh3::xxh3_64(data).to_le_bytes());
    let Ok(Some((ws, index))) =
        crate::search::cache::decode(&body[..], Path::new("ws"), &bundled_passages(), 1 << 24)
    else {
        return;
    };
    // Queries that reach every kind of item the cache holds: its own
    // names and words, and a few that match almost anything.
    let mut queries: Vec<String> = ["a", "un", "ال", "2022"].map(String::from).into();
    let names = ws.entities.iter().flat_map(|e| e.phrases());
    let words = ws.themes.iter().flat_map(|t| t.phrases());
    let texts = ws
        .sources
        .iter()
        .flat_map(|s| s.passages.iter())
        .map(|p| p.text.as_str());
    for text in names.chain(words).chain(texts).take(8) {
        queries.push(text.chars().take(12).collect());
    }
    let searcher = crate::search::Searcher::new(std::sync::Arc::new(index));
    for query in &queries {
        if let Some(results) = searcher.search(query, None, Some(20), &searcher.ticket()) {
            for json in [false, true] {
                crate::cli::search::render(&searcher, &results, json).expect("hits serialize");
            }
        }
    }
}

/// Which confined paths [`links`] plants a symbolic link at, by bit of its
/// first byte.
pub mod planted {
    /// A note file, `notes/<id>.md`, to a note outside.
    pub const NOTE: u8 = 1;
    /// `notes/.lock`, to a path outside where nothing is yet.
    pub const LOCK: u8 = 1 << 1;
    /// `notes/.trash`, to a folder outside holding an expired "trashed"
    /// note.
    pub const TRASH: u8 = 1 << 2;
    /// A draft file in a key's draft folder, to a draft outside.
    pub const DRAFT: u8 = 1 << 3;
    /// The key's draft folder `.coopdash/drafts/<key>` itself, to a draft
    /// folder outside (this wins over [`DRAFT`]).
    pub const DRAFTS: u8 = 1 << 4;
    /// `exports`, to a folder outside.
    pub const EXPORTS: u8 = 1 << 5;
    /// The export file `exports/out.json`, to a file outside.
    pub const EXPORT: u8 = 1 << 6;
    /// The search cache `.coopdash/search-cache.bin`, to a file outside.
    pub const CACHE: u8 = 1 << 7;
}

/// The workspace [`links`] plants its links in.
const LINKS_THEMES: &str = "\
sources:
  - id: a
    file: a.txt
themes:
  - id: t
    name: {en: Cooperation}
";

/// Text planted outside the workspace: whatever coopdash reads back must
/// never hold it.
const BAIT: &str = "\u{2603}outside-the-root\u{2603}";

/// Symbolic links planted in the confined places of a workspace (the
/// notes folder's files, lock and trash, a key's drafts, the search cache,
/// the export folder and file) are never followed: nothing read holds text
/// from outside, nothing outside is created, changed or removed, and what
/// is refused is refused only for a link. The notes folder and
/// `.coopdash` themselves, and sources, may be links on purpose (README)
/// and are not planted.
///
/// Bytes: the first picks the links ([`planted`]); the rest (lossily
/// decoded, at most 200 characters) is added to the text planted outside.
pub fn links(data: &[u8]) {
    use crate::notes::{Deleted, Draft, DraftStore, Store};
    use std::fs;
    use std::os::unix::fs::symlink;

    let mask = data.first().copied().unwrap_or(0);
    let has = |bit: u8| mask & bit != 0;
    let extra: String = String::from_utf8_lossy(data.get(1..).unwrap_or_default())
        .chars()
        .take(200)
        .collect();
    let scratch = Scratch::new();
    let (ws, out) = (scratch.0.join("ws"), scratch.0.join("outside"));
    let notes = ws.join("notes");
    let keys = ws.join(".coopdash").join("drafts");
    for dir in [&notes, &keys, &out.join("trash")] {
        fs::create_dir_all(dir).unwrap();
    }
    let bait_note = |id: &str| {
        let mut note = Note::new(NoteKind::Note, Target::Item("t".into()), None, "x", BAIT);
        note.id = id.into();
        let mut with_extra = note.clone();
        with_extra.body = format!("{BAIT}{extra}");
        format::render(if with_extra.check().is_ok() {
            &with_extra
        } else {
            &note
        })
    };
    fs::write(out.join("note.md"), bait_note("planted")).unwrap();
    let expired = out.join("trash").join("trashed.md");
    fs::write(&expired, bait_note("trashed")).unwrap();
    let long_ago = std::time::SystemTime::now() - crate::notes::trash::KEEP * 2;
    fs::File::options()
        .write(true)
        .open(&expired)
        .and_then(|f| f.set_modified(long_ago))
        .unwrap();
    let theirs = DraftStore::in_dirs(vec![out.join("drafts")], &ws, &notes, "analyst");
    let bait_draft = theirs
        .save(&Draft::new(None, "analyst", &format!("{BAIT}{extra}")))
        .unwrap();
    fs::write(out.join("export.json"), BAIT).unwrap();
    // A search cache good for this workspace, moved outside: read through
    // a link, it would be used.
    fs::create_dir_all(ws.join("seeds")).unwrap();
    fs::write(ws.join(workspace::THEMES_FILE), LINKS_THEMES).unwrap();
    fs::write(
        ws.join("seeds").join("a.txt"),
        "Title\n\nINTERPOL and the UN.\n",
    )
    .unwrap();
    let cache = ws.join(crate::search::cache::CACHE_FILE);
    let first = crate::search::cache::load(&ws, &Limits::default()).expect("the workspace loads");
    assert!(!first.from_cache && cache.is_file(), "the cache is written");
    fs::rename(&cache, out.join("cache.bin")).unwrap();

    let key = keys.join("fp");
    let plant = |bit: u8, target: PathBuf, link: PathBuf| {
        if has(bit) {
            symlink(target, link).unwrap();
        }
    };
    plant(planted::NOTE, out.join("note.md"), notes.join("planted.md"));
    plant(planted::LOCK, out.join("lock"), notes.join(".lock"));
    plant(planted::TRASH, out.join("trash"), notes.join(".trash"));
    if has(planted::DRAFTS) {
        symlink(out.join("drafts"), &key).unwrap();
    } else {
        private_folder(&key);
        plant(planted::DRAFT, bait_draft.clone(), key.join("planted.md"));
    }
    plant(planted::EXPORTS, out.clone(), ws.join("exports"));
    if has(planted::EXPORT) && !has(planted::EXPORTS) {
        fs::create_dir(ws.join("exports")).unwrap();
        symlink(out.join("export.json"), ws.join("exports").join("out.json")).unwrap();
    }
    plant(
        planted::CACHE,
        out.join("cache.bin"),
        ws.join(".coopdash/search-cache.bin"),
    );
    let before = tree(&out);

    // The notes folder: open (and purge), add, delete and restore.
    let mut store = Store::open(&notes).expect("the notes folder opens");
    assert!(store.notes().iter().all(|s| !s.note.body.contains(BAIT)));
    let added = store
        .add(Note::new(
            NoteKind::Note,
            Target::Item("t".into()),
            None,
            "a",
            "mine",
        ))
        .expect("adding takes no lock");
    match store.delete(&added) {
        Ok(Deleted::Trashed { .. }) => {
            let back = store.restore(&added.note.id).expect("restored");
            assert_eq!(back, added);
        }
        other => assert!(has(planted::LOCK | planted::TRASH), "delete: {other:?}"),
    }
    assert!(store.restore("trashed").is_err(), "restored from outside");
    if let Ok(trash) = store.trash() {
        assert!(trash.notes.iter().all(|t| !t.note.body.contains(BAIT)));
    }

    // A key's drafts.
    let drafts = DraftStore::for_key(&ws, &notes, "fp", "analyst");
    assert!(drafts.list().iter().all(|d| !d.text.contains(BAIT)));
    let saved = drafts.save(&Draft::new(None, "analyst", "mine"));
    assert!(saved.is_ok() || has(planted::DRAFTS), "draft: {saved:?}");

    // The search cache: a link is not read as one (and is replaced, not
    // written through, when the cache is saved again).
    let loaded = crate::search::cache::load(&ws, &Limits::default()).expect("the workspace loads");
    assert!(
        !loaded.from_cache,
        "a cache read through a link, or none written"
    );

    // An export over serve.
    let written = crate::ui::effects::write_confined(
        &crate::model::Workspace::empty(&ws),
        &crate::export::Extras::default(),
        crate::export::Format::Json,
        &ws.join("exports"),
        &ws.join("exports").join("out.json"),
    );
    assert!(
        written.is_ok() || has(planted::EXPORTS),
        "export: {written:?}"
    );

    assert_eq!(
        tree(&out),
        before,
        "something outside the workspace changed"
    );
}

/// A scratch folder, removed when dropped (the library has no tempfile).
struct Scratch(PathBuf);

impl Scratch {
    fn new() -> Scratch {
        static N: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);
        let n = N.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        let dir = std::env::temp_dir().join(format!("coopdash-links-{}-{n}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir(&dir).expect("a scratch folder");
        Scratch(dir)
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        // remove_dir_all removes links, never what they point to.
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// A folder only its owner may enter, as the draft store wants.
fn private_folder(dir: &Path) {
    use std::os::unix::fs::PermissionsExt;
    std::fs::create_dir_all(dir).unwrap();
    std::fs::set_permissions(dir, std::fs::Permissions::from_mode(0o700)).unwrap();
}

/// Every entry under `dir` (links not followed) with its kind, content or
/// target, and modification time: what must not change.
fn tree(dir: &Path) -> Vec<(PathBuf, String, Vec<u8>, Option<std::time::SystemTime>)> {
    let mut out = Vec::new();
    let mut todo = vec![dir.to_path_buf()];
    while let Some(d) = todo.pop() {
        for entry in std::fs::read_dir(&d).unwrap() {
            let path = entry.unwrap().path();
            let meta = std::fs::symlink_metadata(&path).unwrap();
            let (kind, content) = if meta.is_dir() {
                todo.push(path.clone());
                ("dir", Vec::new())
            } else if meta.is_symlink() {
                let target = std::fs::read_link(&path).unwrap();
                ("link", target.into_os_string().into_encoded_bytes())
            } else {
                ("file", std::fs::read(&path).unwrap())
            };
            out.push((path, kind.to_string(), content, meta.modified().ok()));
        }
    }
    out.sort();
    out
}
