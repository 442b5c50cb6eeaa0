//! Drafts: the text of notes being written, kept on disk so that no way a
//! session ends loses it, and offered back to the same analyst next time.
//!
//! A draft file is a `---` fenced YAML front matter (workspace, notes
//! folder, what the draft is about, author, time) and the text. Each
//! editor writes its own file (`d-<time>-<random>.md`), overwritten
//! atomically as the text grows, and removed only when the analyst saves
//! or discards the note.
//!
//! Whose drafts a store holds is decided by where it lives: under `serve`,
//! `.coopdash/drafts/<key fingerprint>/` inside the workspace (the server
//! has no home folder to guess); locally, the Unix user's recovery folders
//! ([`super::recovery_dirs`]), filtered by author name. Folders are 0700,
//! files 0600. Files are read capped and never through a symlink: a draft
//! folder may be shared with files that someone else crafted.

use super::format::{MAX_FILE_BYTES, parse as parse_note};
use super::model::{NoteKind, Target};
use super::store::Version;
use crate::anchor::TextAnchor;
use crate::atomic;
use chrono::{DateTime, FixedOffset, SecondsFormat};
use serde::{Deserialize, Serialize};
use std::fs;
use std::io;
use std::path::{Path, PathBuf};

/// Most draft files read from one folder; the newest are kept.
pub const MAX_DRAFTS: usize = 1000;

/// What a draft is for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum About {
    /// A new note or analyst link.
    New {
        /// Note or link.
        kind: NoteKind,
        /// What it is about.
        target: Target,
        /// The words it is attached to.
        anchor: Option<TextAnchor>,
    },
    /// An edit of a stored note.
    Edit {
        /// The note's id.
        id: String,
        /// The version of the note the edit started from.
        version: Version,
        /// The note's kind, target and anchor, to recreate it if it was
        /// deleted meanwhile.
        kind: NoteKind,
        /// What the note is about.
        target: Target,
        /// Its anchor.
        anchor: Option<TextAnchor>,
    },
}

impl About {
    /// The target of the note, new or edited.
    pub fn target(&self) -> &Target {
        match self {
            About::New { target, .. } | About::Edit { target, .. } => target,
        }
    }

    /// Note or link.
    pub fn kind(&self) -> NoteKind {
        match self {
            About::New { kind, .. } | About::Edit { kind, .. } => *kind,
        }
    }

    /// The words the note is attached to.
    pub fn anchor(&self) -> Option<&TextAnchor> {
        match self {
            About::New { anchor, .. } | About::Edit { anchor, .. } => anchor.as_ref(),
        }
    }
}

/// One draft.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Draft {
    /// The file's stem, unique in its store.
    pub id: String,
    /// What it is for; `None` for a file in the old plain-text format.
    pub about: Option<About>,
    /// Who wrote it.
    pub author: String,
    /// When it was last written.
    pub saved: DateTime<FixedOffset>,
    /// The text.
    pub text: String,
}

impl Draft {
    /// A new draft (with a fresh id) for `about`.
    pub fn new(about: Option<About>, author: &str, text: &str) -> Draft {
        let saved = super::model::now();
        let id = format!(
            "d-{}-{:08x}",
            saved.format("%Y%m%dT%H%M%S"),
            rand::random::<u32>()
        );
        Draft {
            id,
            about,
            author: author.to_string(),
            saved,
            text: text.to_string(),
        }
    }
}

/// The front matter, in file order.
#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct Front {
    coopdash_draft: u32,
    workspace: PathBuf,
    notes: PathBuf,
    author: String,
    saved: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    kind: Option<NoteKind>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    target: Option<Target>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    anchor: Option<TextAnchor>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    edits: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    version: Option<String>,
}

/// Where a session keeps its analyst's drafts.
#[derive(Debug, Clone)]
pub struct DraftStore {
    /// Folders read, the first one written.
    dirs: Vec<PathBuf>,
    /// The workspace folder, canonical: drafts are offered only there.
    workspace: PathBuf,
    /// The notes folder.
    notes: PathBuf,
    /// Only this author's drafts are offered (and old-format files).
    author: String,
}

impl DraftStore {
    /// The local analyst's store: the Unix user's recovery folders, drafts
    /// of `author` in `workspace`.
    pub fn local(workspace: &Path, notes: &Path, author: &str) -> DraftStore {
        DraftStore::in_dirs(super::recovery_dirs(), workspace, notes, author)
    }

    /// The store of the holder of SSH key `fingerprint` under `serve`:
    /// `<workspace>/.coopdash/drafts/<fingerprint>/`.
    pub fn for_key(workspace: &Path, notes: &Path, fingerprint: &str, author: &str) -> DraftStore {
        let safe: String = fingerprint
            .chars()
            .map(|c| if c.is_ascii_alphanumeric() { c } else { '-' })
            .collect();
        let dir = workspace.join(".coopdash").join("drafts").join(safe);
        DraftStore::in_dirs(vec![dir], workspace, notes, author)
    }

    /// A store over `dirs` (the first one written).
    pub fn in_dirs(dirs: Vec<PathBuf>, workspace: &Path, notes: &Path, author: &str) -> Self {
        let canonical = |p: &Path| p.canonicalize().unwrap_or_else(|_| p.to_path_buf());
        DraftStore {
            dirs,
            workspace: canonical(workspace),
            notes: canonical(notes),
            author: author.to_string(),
        }
    }

    /// Writes `draft` (replacing its earlier text) and returns its path.
    pub fn save(&self, draft: &Draft) -> io::Result<PathBuf> {
        let mut last = io::Error::other("no draft folder is configured");
        for dir in &self.dirs {
            match private_dir(dir).and_then(|()| {
                let path = dir.join(format!("{}.md", draft.id));
                atomic::write_private(&path, self.render(draft).as_bytes()).map(|()| path)
            }) {
                Ok(path) => return Ok(path),
                Err(e) => last = io::Error::new(e.kind(), format!("{}: {e}", dir.display())),
            }
        }
        Err(last)
    }

    /// Removes the draft `id` (from whichever folder holds it).
    pub fn remove(&self, id: &str) -> io::Result<()> {
        if !valid_id(id) {
            return Err(io::Error::other(format!("`{id}` is not a draft id")));
        }
        for dir in &self.dirs {
            for name in [format!("{id}.md"), id.to_string()] {
                match atomic::remove(&dir.join(name)) {
                    Ok(()) => return Ok(()),
                    Err(e) if e.kind() == io::ErrorKind::NotFound => {}
                    Err(e) => return Err(e),
                }
            }
        }
        Ok(())
    }

    /// This analyst's drafts in this workspace, newest first.
    pub fn list(&self) -> Vec<Draft> {
        let mut out = Vec::new();
        for dir in &self.dirs {
            if !is_private_dir(dir) {
                continue;
            }
            let Ok(entries) = fs::read_dir(dir) else {
                continue;
            };
            let mut files: Vec<(std::time::SystemTime, PathBuf)> = entries
                .flatten()
                .filter(|e| e.file_type().is_ok_and(|t| t.is_file()))
                .filter(|e| !atomic::is_temp(&e.file_name().to_string_lossy()))
                .filter_map(|e| Some((e.metadata().ok()?.modified().ok()?, e.path())))
                .collect();
            files.sort_by_key(|f| std::cmp::Reverse(f.0));
            files.truncate(MAX_DRAFTS);
            out.extend(files.iter().filter_map(|(_, p)| self.read(p)));
        }
        out.sort_by(|a, b| b.saved.cmp(&a.saved).then_with(|| a.id.cmp(&b.id)));
        out
    }

    /// Reads one draft file, if it is this analyst's in this workspace.
    fn read(&self, path: &Path) -> Option<Draft> {
        let bytes = read_capped(path).ok()?;
        let text = String::from_utf8_lossy(&bytes);
        let id = path.file_name()?.to_string_lossy();
        let id = id.strip_suffix(".md").unwrap_or(&id).to_string();
        if !valid_id(&id) {
            return None;
        }
        let modified = fs::metadata(path)
            .and_then(|m| m.modified())
            .map(|t| DateTime::<chrono::Utc>::from(t).fixed_offset())
            .unwrap_or_else(|_| super::model::now());
        match split_front(&text) {
            Some((front, body)) => {
                if let Ok(front) = serde_yaml::from_str::<Front>(front) {
                    if front.workspace != self.workspace || front.author != self.author {
                        return None;
                    }
                    return Some(Draft {
                        id,
                        about: about_of(&front),
                        author: front.author,
                        saved: DateTime::parse_from_rfc3339(&front.saved).unwrap_or(modified),
                        text: body.to_string(),
                    });
                }
                // A note that could not be saved, in the note format.
                let note = parse_note(path, &bytes)
                    .ok()
                    .filter(|n| n.author == self.author)?;
                Some(Draft {
                    id,
                    about: Some(About::New {
                        kind: note.kind,
                        target: note.target,
                        anchor: note.anchor,
                    }),
                    author: note.author,
                    saved: note.updated,
                    text: note.body,
                })
            }
            // The old plain-text format: a draft without a target.
            None => Some(Draft {
                id,
                about: None,
                author: self.author.clone(),
                saved: modified,
                text: text.into_owned(),
            }),
        }
    }

    fn render(&self, draft: &Draft) -> String {
        let about = draft.about.as_ref();
        let (edits, version) = match about {
            Some(About::Edit { id, version, .. }) => (Some(id.clone()), Some(version.to_string())),
            _ => (None, None),
        };
        let (kind, target, anchor) = (
            about.map(About::kind),
            about.map(|a| a.target().clone()),
            about.and_then(|a| a.anchor().cloned()),
        );
        let front = Front {
            coopdash_draft: 1,
            workspace: self.workspace.clone(),
            notes: self.notes.clone(),
            author: draft.author.clone(),
            saved: draft.saved.to_rfc3339_opts(SecondsFormat::Secs, false),
            kind,
            target,
            anchor,
            edits,
            version,
        };
        let yaml = serde_yaml::to_string(&front).expect("plain data serializes");
        format!("---\n{yaml}---\n{}", draft.text)
    }
}

fn about_of(front: &Front) -> Option<About> {
    let kind = front.kind?;
    let target = front.target.clone()?;
    let anchor = front.anchor.clone();
    Some(match (&front.edits, &front.version) {
        (Some(id), Some(version)) => About::Edit {
            id: id.clone(),
            version: version.parse().ok()?,
            kind,
            target,
            anchor,
        },
        _ => About::New {
            kind,
            target,
            anchor,
        },
    })
}

/// The front matter and the text after it, for a file that starts `---`.
fn split_front(text: &str) -> Option<(&str, &str)> {
    let rest = text.strip_prefix("---\n")?;
    let end = rest.find("\n---\n").map(|i| (i + 1, i + 5)).or_else(|| {
        rest.strip_suffix("\n---")
            .map(|f| (f.len() + 1, rest.len()))
    })?;
    Some((&rest[..end.0], &rest[end.1..]))
}

/// Draft ids are file stems made of letters, digits, `-` and `_`: nothing
/// that could climb out of the folder.
fn valid_id(id: &str) -> bool {
    !id.is_empty()
        && id.len() <= 200
        && !id.starts_with('.')
        && id
            .chars()
            .all(|c| c.is_alphanumeric() || matches!(c, '-' | '_' | '.'))
}

/// Reads at most [`MAX_FILE_BYTES`] of a regular file, refusing symlinks.
/// Opened relative to its folder with `O_NOFOLLOW`, so no link swapped in
/// after a check can be followed; the size is checked before reading.
fn read_capped(path: &Path) -> io::Result<Vec<u8>> {
    let (Some(dir), Some(name)) = (path.parent(), path.file_name().and_then(|n| n.to_str())) else {
        return Err(io::Error::other("not a draft file"));
    };
    crate::fsio::read_within(crate::fsio::open_in(dir, name)?, MAX_FILE_BYTES)
}

/// Creates `dir` (0700) if needed, and checks it is private.
fn private_dir(dir: &Path) -> io::Result<()> {
    let mut builder = fs::DirBuilder::new();
    builder.recursive(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::DirBuilderExt;
        builder.mode(0o700);
    }
    builder.create(dir)?;
    if is_private_dir(dir) {
        Ok(())
    } else {
        Err(io::Error::other(
            "the folder is a symlink or others may read it: it must be mode 0700",
        ))
    }
}

/// A real folder (not a symlink) that only its owner can enter.
fn is_private_dir(dir: &Path) -> bool {
    let Ok(meta) = fs::symlink_metadata(dir) else {
        return false;
    };
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        if meta.permissions().mode() & 0o077 != 0 {
            return false;
        }
    }
    meta.is_dir()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn store(dir: &Path, ws: &Path, author: &str) -> DraftStore {
        DraftStore::in_dirs(vec![dir.join("drafts")], ws, &ws.join("notes"), author)
    }

    #[test]
    fn a_draft_round_trips_with_what_it_is_about() {
        let tmp = tempfile::tempdir().unwrap();
        let s = store(tmp.path(), tmp.path(), "سلمى");
        let about = About::Edit {
            id: "n1".into(),
            version: "12-00000000000000ff".parse().unwrap(),
            kind: NoteKind::Note,
            target: Target::Passage {
                source: "s".into(),
                n: 3,
            },
            anchor: None,
        };
        let draft = Draft::new(Some(about), "سلمى", "نص\n---\nand more");
        let path = s.save(&draft).unwrap();
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = |p: &Path| fs::metadata(p).unwrap().permissions().mode() & 0o777;
            assert_eq!(mode(&path), 0o600);
            assert_eq!(mode(path.parent().unwrap()), 0o700);
        }
        let back = s.list();
        assert_eq!(back.len(), 1);
        assert_eq!(back[0].about, draft.about);
        assert_eq!(back[0].text, draft.text);
        assert_eq!(back[0].id, draft.id);
        s.remove(&draft.id).unwrap();
        assert!(s.list().is_empty());
    }

    #[test]
    fn other_authors_and_workspaces_see_nothing() {
        let tmp = tempfile::tempdir().unwrap();
        let (a, b) = (tmp.path().join("a"), tmp.path().join("b"));
        fs::create_dir_all(&a).unwrap();
        fs::create_dir_all(&b).unwrap();
        let mine = store(tmp.path(), &a, "Salma");
        mine.save(&Draft::new(None, "Salma", "hers")).unwrap();
        assert_eq!(mine.list().len(), 1);
        assert!(store(tmp.path(), &a, "Omar").list().is_empty());
        assert!(store(tmp.path(), &b, "Salma").list().is_empty());
    }

    #[test]
    fn old_plain_files_are_drafts_without_a_target() {
        let tmp = tempfile::tempdir().unwrap();
        let s = store(tmp.path(), tmp.path(), "Salma");
        private_dir(&tmp.path().join("drafts")).unwrap();
        fs::write(
            tmp.path().join("drafts/draft-Note-theme-cyber.md"),
            "old text",
        )
        .unwrap();
        let all = s.list();
        assert_eq!(all.len(), 1);
        assert_eq!(
            (all[0].about.as_ref(), all[0].text.as_str()),
            (None, "old text")
        );
    }

    #[cfg(unix)]
    #[test]
    fn symlinks_and_open_folders_are_not_read() {
        let tmp = tempfile::tempdir().unwrap();
        let s = store(tmp.path(), tmp.path(), "Salma");
        let dir = tmp.path().join("drafts");
        private_dir(&dir).unwrap();
        fs::write(tmp.path().join("secret"), "not a draft").unwrap();
        std::os::unix::fs::symlink(tmp.path().join("secret"), dir.join("x.md")).unwrap();
        assert!(s.list().is_empty(), "a symlink was followed");
        use std::os::unix::fs::PermissionsExt;
        fs::remove_file(dir.join("x.md")).unwrap();
        fs::write(dir.join("y.md"), "text").unwrap();
        fs::set_permissions(&dir, fs::Permissions::from_mode(0o755)).unwrap();
        assert!(s.list().is_empty(), "a folder others can enter was read");
        assert!(s.save(&Draft::new(None, "Salma", "t")).is_err());
    }

    #[test]
    fn ids_cannot_climb_out() {
        let tmp = tempfile::tempdir().unwrap();
        let s = store(tmp.path(), tmp.path(), "Salma");
        assert!(s.remove("../x").is_err());
        assert!(s.remove(".hidden").is_err());
    }
}
