//! `coopdash import`: documents as they arrive (plain text, Markdown, web
//! pages, Word files, PDFs) made into sources.
//!
//! [`extract`] turns a document's bytes into passages and what its
//! metadata says (title, date), with no file system: `text`, `html`
//! (the article only, through a readability extractor), `docx` (zip-bomb
//! guarded) and `pdf` (the text layer; Arabic stored in visual order is
//! put back in reading order by `visual`). [`Importer::import`] then
//! - refuses a text some source already holds (by a hash of the passages,
//!   compared with every source's: no field in `themes.yaml`);
//! - writes `seeds/<id>.txt` (created, never replacing: atomically), then
//!   registers it under `sources:` through [`crate::curate`] (locked,
//!   format-preserving, validated with the real sources), a whole batch
//!   in one edit ([`Importer::import_all`]). The file comes
//!   first so that every state the loader can see passes `check`: an
//!   unlisted source is a source whose id is its file name. If
//!   `themes.yaml` refuses the edit, the file is removed again.
//!
//! Every read is bounded before it is made: the document by the
//! `import-size` limit, what a DOCX part or PDF stream inflates to by the
//! same, the text by `source-size`.

mod docx;
mod error;
mod html;
mod pdf;
mod text;
mod visual;

pub use error::{ImportError, Refusal};

use crate::curate::{self, Applied, Edit, NewSource};
use crate::date::PartialDate;
use crate::fsio;
use crate::model::Passage;
use crate::workspace::limits::Cap;
use crate::workspace::seeds::split_passages;
use crate::workspace::{self, Limits, SEEDS_DIR};
use std::collections::{HashMap, HashSet};
use std::path::{Component, Path, PathBuf};

/// The folder of the workspace that imports over `serve` read from.
pub const INBOX_DIR: &str = "inbox";

/// Longest title written to `themes.yaml`, in characters.
const MAX_TITLE_CHARS: usize = 300;

/// The kinds of document import reads, told by the file's extension.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// `.txt`, `.md`: as they are.
    Text,
    /// `.html`, `.htm`: the article's main content.
    Html,
    /// `.docx`: paragraphs and headings.
    Docx,
    /// `.pdf`: the text layer.
    Pdf,
}

impl Format {
    /// The format of `path`, by its extension (any case).
    pub fn of(path: &Path) -> Option<Format> {
        let ext = path.extension()?.to_str()?.to_ascii_lowercase();
        Some(match ext.as_str() {
            "txt" | "md" => Format::Text,
            "html" | "htm" => Format::Html,
            "docx" => Format::Docx,
            "pdf" => Format::Pdf,
            _ => return None,
        })
    }
}

/// What a document gives before it becomes a source.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Extracted {
    /// The passages in reading order, each without blank lines.
    pub passages: Vec<String>,
    /// The title its metadata gives, if any.
    pub title: Option<String>,
    /// The date its metadata gives (`YYYY-MM-DD`, `YYYY-MM` or `YYYY`).
    pub date: Option<String>,
    /// What the extractor was unsure of (each names the file when shown).
    pub warnings: Vec<String>,
}

/// A document read into memory, ready to import.
#[derive(Debug, Clone)]
pub struct Input {
    /// The path as given (for messages, and its extension for the format).
    pub path: PathBuf,
    /// Its bytes (at most the `import-size` limit).
    pub bytes: Vec<u8>,
}

impl Input {
    /// Reads the file `path` (a link is followed: the analyst named it),
    /// refusing anything over the `import-size` limit before reading it.
    pub fn read(path: &Path, limits: &Limits) -> Result<Input, ImportError> {
        let bytes = fsio::open_file(path, fsio::Links::Follow)
            .and_then(|opened| fsio::read_within(opened, limits.import_bytes))
            .map_err(|e| read_error(path, e, limits))?;
        Ok(Input {
            path: path.to_path_buf(),
            bytes,
        })
    }

    /// Reads `typed`, a file name or a relative path inside the workspace's
    /// [`INBOX_DIR`], opening each folder and the file relative to the one
    /// before and never through a symbolic link: over `serve` nothing else
    /// on the server is the analyst's to read.
    pub fn read_inbox(root: &Path, typed: &str, limits: &Limits) -> Result<Input, ImportError> {
        let inbox = root.join(INBOX_DIR);
        let rel = Path::new(typed.trim());
        let shown = inbox.join(rel);
        let refuse = || {
            ImportError::refused(
                &shown,
                format!("over SSH, imports read from {} only", inbox.display()),
                "give a file name there, or a path relative to it (no `..`, no hidden names)",
            )
        };
        let mut names = Vec::new();
        for part in rel.components() {
            match part {
                Component::Normal(name) => {
                    let name = name.to_str().ok_or_else(refuse)?;
                    if name.starts_with('.') {
                        return Err(refuse());
                    }
                    names.push(name);
                }
                Component::CurDir => {}
                _ => return Err(refuse()),
            }
        }
        let Some((file, folders)) = names.split_last() else {
            return Err(refuse());
        };
        let read = || -> std::io::Result<Vec<u8>> {
            let mut dir = fsio::open_subdir(fsio::open_dir(root)?, INBOX_DIR)?;
            for folder in folders {
                dir = fsio::open_subdir(&dir, folder)?;
            }
            fsio::read_within(fsio::open_at(&dir, file)?, limits.import_bytes)
        };
        let bytes = read().map_err(|e| read_error(&shown, e, limits))?;
        Ok(Input { path: shown, bytes })
    }
}

fn read_error(path: &Path, e: std::io::Error, limits: &Limits) -> ImportError {
    if e.kind() == std::io::ErrorKind::FileTooLarge {
        ImportError::refused(
            path,
            format!(
                "this document is larger than {} ({e})",
                limits.shown(Cap::ImportSize)
            ),
            limits.how_to_raise(Cap::ImportSize),
        )
    } else {
        ImportError::refused(
            path,
            format!("cannot read it: {e}"),
            "check the path and the file's permissions",
        )
    }
}

/// The files `paths` name: a file as itself (whatever its type, so an
/// unknown one is refused with a message), a folder as every file of a
/// known type under it (sorted; hidden entries and links to folders
/// skipped), at most the `sources` limit in all.
pub fn collect(paths: &[PathBuf], limits: &Limits) -> Result<Vec<PathBuf>, ImportError> {
    let mut out = Vec::new();
    for path in paths {
        let meta = std::fs::metadata(path).map_err(|e| read_error(path, e, limits))?;
        if meta.is_dir() {
            let mut found = Vec::new();
            walk(path, &mut found, limits.sources).map_err(|e| read_error(path, e, limits))?;
            found.sort();
            out.extend(found);
        } else {
            out.push(path.clone());
        }
        if out.len() > limits.sources {
            return Err(ImportError::refused(
                path,
                format!(
                    "more than {} documents to import at once",
                    limits.shown(Cap::Sources)
                ),
                limits.how_to_raise(Cap::Sources),
            ));
        }
    }
    Ok(out)
}

fn walk(dir: &Path, out: &mut Vec<PathBuf>, cap: usize) -> std::io::Result<()> {
    for entry in std::fs::read_dir(dir)? {
        let entry = entry?;
        if entry.file_name().to_string_lossy().starts_with('.') {
            continue;
        }
        let path = entry.path();
        // Not followed: a link to a folder could make the walk loop.
        let kind = entry.file_type()?;
        if kind.is_dir() {
            walk(&path, out, cap)?;
        } else if Format::of(&path).is_some() {
            out.push(path);
        }
        if out.len() > cap {
            return Ok(());
        }
    }
    Ok(())
}

/// The passages, title, date and warnings of a document, from its bytes
/// (`path` gives its format and names it in messages).
pub fn extract(path: &Path, bytes: &[u8], limits: &Limits) -> Result<Extracted, ImportError> {
    let format = Format::of(path).ok_or_else(|| {
        ImportError::refused(
            path,
            match path.extension() {
                Some(ext) => format!(
                    "a .{} file is not a type import reads",
                    ext.to_string_lossy()
                ),
                None => "a file without an extension is not a type import reads".into(),
            },
            "import .txt, .md, .html, .htm, .docx or .pdf (save or export it as one of those)",
        )
    })?;
    let mut got = match format {
        Format::Text => text::extract(bytes),
        Format::Html => html::extract(bytes),
        Format::Docx => docx::extract(bytes, limits.import_bytes),
        Format::Pdf => pdf::extract(bytes, limits.import_bytes),
    }
    .map_err(|r| ImportError::refused(path, r.what, r.fix))?;
    let shown = crate::text::sanitize(&path.display().to_string()).into_owned();
    for w in &mut got.warnings {
        *w = format!("{shown}: warning: {w}");
    }
    Ok(got)
}

/// A document made into a source.
#[derive(Debug, Clone)]
pub struct Imported {
    /// The document.
    pub path: PathBuf,
    /// The new source's id.
    pub id: String,
    /// Its file, relative to the workspace (`seeds/<id>.txt`).
    pub file: PathBuf,
    /// How many passages it has.
    pub passages: usize,
    /// Its title.
    pub title: String,
    /// Its date, from its dateline or else its metadata.
    pub date: Option<String>,
    /// Its language, by script.
    pub lang: Option<String>,
    /// What the extractor was unsure of, and warnings of the edit.
    pub warnings: Vec<String>,
    /// How many links to themes are suggested in its passages.
    pub suggestions: usize,
}

impl Imported {
    /// One line: `imported ID (FILE): N passages, «TITLE», DATE, LANG, N
    /// suggested links`.
    pub fn summary(&self) -> String {
        let plural = |n: usize| if n == 1 { "" } else { "s" };
        format!(
            "imported {} ({}): {} passage{}, «{}», {}, {}, {} suggested link{}",
            self.id,
            self.file.display(),
            self.passages,
            plural(self.passages),
            self.title,
            self.date.as_deref().unwrap_or("no date"),
            self.lang.as_deref().unwrap_or("language unknown"),
            self.suggestions,
            plural(self.suggestions),
        )
    }

    /// The JSON object `coopdash import --json` prints for it.
    pub fn to_json(&self) -> serde_json::Value {
        serde_json::json!({
            "ok": true,
            "path": self.path.display().to_string(),
            "id": self.id,
            "file": self.file.display().to_string(),
            "passages": self.passages,
            "title": self.title,
            "date": self.date,
            "lang": self.lang,
            "warnings": self.warnings,
            "suggestions": self.suggestions,
        })
    }
}

/// Imports documents into one workspace. The workspace is loaded once
/// (the texts to compare with, the ids taken); each import adds to that.
/// Edits by others meanwhile are still safe: `themes.yaml` is edited under
/// its lock and refuses a duplicate id, and a source file is never
/// replaced.
pub struct Importer {
    root: PathBuf,
    limits: Limits,
    /// Hash of each source's text → its id.
    known: HashMap<u64, String>,
    /// Ids of sources, themes and partner bodies.
    taken: HashSet<String>,
    /// Sources and passages in the workspace, for its limits.
    sources: usize,
    passages: usize,
    /// Whether this importer made `seeds/` (removed again if it stays empty).
    created_seeds: bool,
}

impl Importer {
    /// Loads the workspace `root` within `limits`.
    pub fn new(root: &Path, limits: &Limits) -> Result<Importer, ImportError> {
        let loaded = workspace::open_with(root, limits).map_err(|e| ImportError::Workspace {
            path: root.to_path_buf(),
            why: e
                .problems
                .first()
                .map_or_else(|| e.to_string(), |p| p.to_string()),
        })?;
        let ws = loaded.ws;
        let known = ws
            .sources
            .iter()
            .map(|s| (text_hash(&s.passages), s.id.clone()))
            .collect();
        let taken = ws
            .sources
            .iter()
            .map(|s| s.id.clone())
            .chain(ws.themes.iter().map(|t| t.id.clone()))
            .chain(ws.entities.iter().map(|e| e.id.clone()))
            .collect();
        Ok(Importer {
            root: root.to_path_buf(),
            limits: *limits,
            known,
            taken,
            sources: ws.sources.len(),
            passages: ws.passage_count(),
            created_seeds: false,
        })
    }

    /// Imports `input` as the source `id` (else a free id from its title).
    /// On any error, `seeds/` and `themes.yaml` are as they were.
    pub fn import(&mut self, input: &Input, id: Option<&str>) -> Result<Imported, ImportError> {
        let staged = self.stage(input, id)?;
        let batch = self.register(vec![staged]);
        batch
            .outcomes
            .into_iter()
            .next()
            .expect("one outcome per staged document")
    }

    /// Imports every input (each read, or why not), and registers all the
    /// imported ones in one `themes.yaml` edit: a batch costs one
    /// validation of the workspace, not one per document. `id` is for a
    /// batch of one. A refused document leaves no trace; the others are
    /// imported all the same.
    pub fn import_all(
        &mut self,
        inputs: impl IntoIterator<Item = Result<Input, ImportError>>,
        id: Option<&str>,
    ) -> Batch {
        let mut outcomes = Vec::new();
        let mut staged = Vec::new();
        for input in inputs {
            match input.and_then(|i| self.stage(&i, id)) {
                Ok(s) => {
                    outcomes.push(None);
                    staged.push(s);
                }
                Err(e) => outcomes.push(Some(Err(e))),
            }
        }
        let registered = self.register(staged);
        let mut done = registered.outcomes.into_iter();
        Batch {
            outcomes: outcomes
                .into_iter()
                .map(|o| o.unwrap_or_else(|| done.next().expect("one outcome per staged document")))
                .collect(),
            applied: registered.applied,
        }
    }

    /// Extracts and checks `input`, and writes its seed file: everything
    /// but the registration. What it takes (its hash, its id, its share of
    /// the limits) is taken at once, so a batch sees its own documents.
    fn stage(&mut self, input: &Input, id: Option<&str>) -> Result<Staged, ImportError> {
        let path = &input.path;
        let got = extract(path, &input.bytes, &self.limits)?;
        let body = got.passages.join("\n\n");
        let passages = split_passages(&body);
        if passages.is_empty() {
            return Err(ImportError::refused(
                path,
                "no text found in it",
                "check it opens and shows text; a scan needs OCR first",
            ));
        }
        // The file holds exactly what the loader will read back.
        let text = passages_text(&passages) + "\n";
        if text.len() > self.limits.source_bytes {
            return Err(ImportError::refused(
                path,
                format!(
                    "its text is larger than {}",
                    self.limits.shown(Cap::SourceSize)
                ),
                format!(
                    "split the document; {}",
                    self.limits.how_to_raise(Cap::SourceSize)
                ),
            ));
        }
        // Checked before the file is written: a workspace over a limit
        // does not load, and the watcher would see it so.
        for (cap, have, more) in [
            (Cap::Sources, self.sources, 1),
            (Cap::Passages, self.passages, passages.len()),
        ] {
            if have + more > self.limits.get(cap) {
                return Err(ImportError::refused(
                    path,
                    format!(
                        "the workspace would hold more than {} {}",
                        self.limits.shown(cap),
                        cap.name()
                    ),
                    self.limits.how_to_raise(cap),
                ));
            }
        }
        let hash = text_hash(&passages);
        if let Some(existing) = self.known.get(&hash) {
            return Err(ImportError::Duplicate {
                path: path.clone(),
                id: existing.clone(),
            });
        }
        let title = short(
            got.title
                .clone()
                .filter(|t| !t.trim().is_empty())
                .unwrap_or_else(|| passages[0].text.replace('\n', " ")),
        );
        let date = crate::date::dateline(&passages)
            .map(|(_, d)| d.date.to_string())
            .or(got.date.clone());
        let lang = language(&passages);
        let seeds = self.root.join(SEEDS_DIR);
        let id = match id {
            Some(id) => {
                if !workspace::spec::usable_id(id) {
                    return Err(ImportError::refused(
                        path,
                        format!("`{id}` is not a usable source id"),
                        workspace::spec::ID_RULE,
                    ));
                }
                id.to_string()
            }
            None => curate::free_id(&curate::slug(&title), |id| {
                self.taken.contains(id) || seeds.join(format!("{id}.txt")).exists()
            }),
        };
        if self.taken.contains(&id) {
            return Err(ImportError::refused(
                path,
                format!("`{id}` is already the id of a source, theme or partner body"),
                "choose another with --id",
            ));
        }
        let file = format!("{id}.txt");
        let seed = seeds.join(&file);
        let write_error = |cause| ImportError::Write {
            path: path.clone(),
            seed: seed.clone(),
            cause,
        };
        if !seeds.is_dir() {
            std::fs::create_dir(&seeds).map_err(write_error)?;
            self.created_seeds = true;
        }
        if let Err(cause) = crate::atomic::create(&seed, text.as_bytes()) {
            self.remove_seeds_if_created();
            if cause.kind() == std::io::ErrorKind::AlreadyExists {
                return Err(ImportError::refused(
                    path,
                    format!("{SEEDS_DIR}/{file} exists already"),
                    "choose another id with --id",
                ));
            }
            return Err(write_error(cause));
        }
        self.known.insert(hash, id.clone());
        self.taken.insert(id.clone());
        self.sources += 1;
        self.passages += passages.len();
        Ok(Staged {
            imported: Imported {
                path: path.clone(),
                id,
                file: Path::new(SEEDS_DIR).join(file),
                passages: passages.len(),
                title,
                date,
                lang,
                warnings: got.warnings,
                suggestions: 0,
            },
            seed,
            hash,
        })
    }

    /// Registers `staged` in one `themes.yaml` edit. If the workspace
    /// refuses the batch, each document is tried alone, so that one
    /// document's problem refuses that document only.
    fn register(&mut self, staged: Vec<Staged>) -> Batch {
        if staged.is_empty() {
            return Batch::default();
        }
        let edit = Edit::AddSources(staged.iter().map(Staged::new_source).collect());
        match curate::apply_and_load(&self.root, &self.limits, &edit) {
            Ok((applied, ws)) => {
                let suggested = suggestions_by_source(&ws);
                let outcomes = staged
                    .into_iter()
                    .map(|s| {
                        let mut imported = s.imported;
                        imported.suggestions = suggested.get(&imported.id).copied().unwrap_or(0);
                        imported
                            .warnings
                            .extend(applied.warnings.iter().map(|w| w.to_string()));
                        Ok(imported)
                    })
                    .collect();
                Batch {
                    outcomes,
                    applied: vec![applied],
                }
            }
            Err(cause) if staged.len() == 1 => {
                let s = staged.into_iter().next().expect("one");
                let path = s.imported.path.clone();
                self.unstage(s);
                Batch {
                    outcomes: vec![Err(ImportError::Curate {
                        path,
                        cause: Box::new(cause),
                    })],
                    applied: Vec::new(),
                }
            }
            Err(_) => {
                let mut batch = Batch::default();
                for s in staged {
                    let one = self.register(vec![s]);
                    batch.outcomes.extend(one.outcomes);
                    batch.applied.extend(one.applied);
                }
                batch
            }
        }
    }

    /// Takes back what [`Importer::stage`] did for a document whose
    /// registration was refused.
    fn unstage(&mut self, s: Staged) {
        let _ = std::fs::remove_file(&s.seed);
        self.remove_seeds_if_created();
        self.known.remove(&s.hash);
        self.taken.remove(&s.imported.id);
        self.sources -= 1;
        self.passages -= s.imported.passages;
    }

    /// Removes `seeds/` if this importer made it and it is empty again.
    fn remove_seeds_if_created(&mut self) {
        if self.created_seeds && std::fs::remove_dir(self.root.join(SEEDS_DIR)).is_ok() {
            self.created_seeds = false;
        }
    }
}

/// A document whose seed file is written, waiting for its registration.
struct Staged {
    /// What will be reported once it is registered.
    imported: Imported,
    /// Its seed file (removed if the registration is refused).
    seed: PathBuf,
    /// Its text's hash.
    hash: u64,
}

impl Staged {
    fn new_source(&self) -> NewSource {
        let i = &self.imported;
        NewSource {
            id: i.id.clone(),
            file: format!("{}.txt", i.id),
            titles: vec![(
                i.lang.clone().unwrap_or_else(|| "en".into()),
                i.title.clone(),
            )],
            date: i.date.clone(),
            lang: i.lang.clone(),
        }
    }
}

/// What [`Importer::import_all`] did.
#[derive(Debug, Default)]
pub struct Batch {
    /// Each document's outcome, in the order given.
    pub outcomes: Vec<Result<Imported, ImportError>>,
    /// The `themes.yaml` edits that registered the imported documents: one
    /// for the batch, or one per document when the workspace refused the
    /// batch and each was tried alone. Their undos, last first, take the
    /// registrations back.
    pub applied: Vec<Applied>,
}

/// How many links are suggested in each source of `ws`, by source id.
fn suggestions_by_source(ws: &crate::model::Workspace) -> HashMap<String, usize> {
    let mut counts = HashMap::new();
    for s in crate::suggest::Suggestions::build(ws).items() {
        *counts.entry(ws.sources[s.source].id.clone()).or_insert(0) += 1;
    }
    counts
}

/// The passages as a source file writes them: blank lines between.
fn passages_text(passages: &[Passage]) -> String {
    passages
        .iter()
        .map(|p| p.text.as_str())
        .collect::<Vec<_>>()
        .join("\n\n")
}

/// What identifies a text whatever file it came from: a hash of its
/// passages as the loader reads them.
fn text_hash(passages: &[Passage]) -> u64 {
    xxhash_rust::xxh3::xxh3_64(passages_text(passages).as_bytes())
}

/// `ar` when Arabic letters outnumber Latin ones, `en` when Latin ones
/// do, else nothing: the script is all import can tell.
fn language(passages: &[Passage]) -> Option<String> {
    let (mut arabic, mut latin) = (0usize, 0usize);
    for c in passages.iter().flat_map(|p| p.text.chars()) {
        if crate::text::is_arabic(c) && c.is_alphabetic() {
            arabic += 1;
        } else if c.is_ascii_alphabetic() || ('\u{00C0}'..='\u{024F}').contains(&c) {
            latin += 1;
        }
    }
    match (arabic, latin) {
        (0, 0) => None,
        (a, l) if a >= l => Some("ar".into()),
        _ => Some("en".into()),
    }
}

/// A title cut to [`MAX_TITLE_CHARS`], on one line.
fn short(title: String) -> String {
    let one_line = title.split_whitespace().collect::<Vec<_>>().join(" ");
    if one_line.chars().count() <= MAX_TITLE_CHARS {
        return one_line;
    }
    let cut: String = one_line.chars().take(MAX_TITLE_CHARS - 1).collect();
    format!("{}…", cut.trim_end())
}

/// A date from document metadata (`2022-12-09T10:00:00Z`, PDF's
/// `D:20221209…`, `2022-12`): the longest of `YYYY-MM-DD`, `YYYY-MM`,
/// `YYYY` that is a real date.
pub(crate) fn metadata_date(raw: &str) -> Option<String> {
    let s = raw.trim().trim_start_matches("D:");
    let digits: String = s.chars().take_while(|c| c.is_ascii_digit()).collect();
    let candidates = if digits.len() >= 8 {
        vec![
            format!("{}-{}-{}", &digits[..4], &digits[4..6], &digits[6..8]),
            format!("{}-{}", &digits[..4], &digits[4..6]),
        ]
    } else {
        let head: String = s.chars().take(10).collect();
        vec![head.clone(), head.chars().take(7).collect()]
    };
    candidates
        .into_iter()
        .chain(std::iter::once(s.chars().take(4).collect()))
        .find(|c| PartialDate::parse(c).is_ok())
}

/// Whitespace runs as one space, trimmed: how a passage's line is kept.
pub(crate) fn squeeze(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn metadata_dates() {
        assert_eq!(
            metadata_date("2022-12-09T10:00:00Z").as_deref(),
            Some("2022-12-09")
        );
        assert_eq!(
            metadata_date("D:20221209103000+01'00'").as_deref(),
            Some("2022-12-09")
        );
        assert_eq!(metadata_date("2024-03").as_deref(), Some("2024-03"));
        assert_eq!(metadata_date("D:2024").as_deref(), Some("2024"));
        assert_eq!(metadata_date("yesterday"), None);
        assert_eq!(metadata_date("2022-13-40").as_deref(), Some("2022"));
    }

    #[test]
    fn language_by_script() {
        let p = |t: &str| split_passages(t);
        assert_eq!(language(&p("الأمن البحري and UN")).as_deref(), Some("ar"));
        assert_eq!(language(&p("Maritime security")).as_deref(), Some("en"));
        assert_eq!(language(&p("2022")), None);
    }

    #[test]
    fn titles_are_one_short_line() {
        assert_eq!(short("A\n  title ".into()), "A title");
        let long = short("word ".repeat(200));
        assert_eq!(long.chars().count(), MAX_TITLE_CHARS);
        assert!(long.ends_with('…'));
    }
}
