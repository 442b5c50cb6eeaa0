//! The notes folder: loading every note, adding, editing and deleting one
//! safely while other sessions do the same.
//!
//! Safety rules, each for a fault the issue names:
//! - every write is atomic ([`crate::atomic`]): readers see a whole note or
//!   none, and a killed writer leaves at most a hidden temporary file, swept
//!   at the next open;
//! - a new note is hard-linked into place, which fails rather than replace
//!   an existing file, so concurrent adds need no lock;
//! - every change of an existing note is made under an exclusive lock on
//!   `.lock` in the folder, after re-reading the file it replaces: the lock
//!   is released by the system even when its holder is killed;
//! - a save compares the file with the version the editor started from: if
//!   someone else saved it meanwhile, their version stays and ours is kept as
//!   a conflict copy; a delete of a changed note is refused;
//! - a deleted note goes to the trash ([`super::trash`]) for 30 days, from
//!   where [`Store::restore`] brings it back byte for byte;
//! - a malformed file is reported, never overwritten;
//! - a failed save keeps the text in a recovery file ([`super::error`]).

use super::error::{NotesError, Recovery, save_draft};
use super::format::MAX_FILE_BYTES;
use super::format::{parse, render};
use super::model::{Note, NoteKind, Target, new_id, normalize_body, now, valid_id};
use super::trash::{self, Trash};
use super::watch::{self, Listing, Watcher};
use crate::workspace::Problem;
use crate::{atomic, fsio};
use std::collections::BTreeMap;
use std::fs::{self, File, OpenOptions};
use std::io;
use std::os::fd::AsFd;
use std::path::{Path, PathBuf};
use std::sync::mpsc::Receiver;
use std::time::{Duration, Instant, SystemTime};

/// The lock file, hidden in the notes folder.
pub const LOCK_FILE: &str = ".lock";

/// Temporary files older than this are a killed writer's and are swept; a
/// live writer's are milliseconds old.
pub const STALE_TEMP: Duration = Duration::from_secs(300);

/// The least time between two purges of expired copies from the trash by
/// one store (opening it purges, then a refresh once this has passed): a
/// purge costs a stat per copy in the trash.
pub const PURGE_EVERY: Duration = Duration::from_secs(60 * 60);

/// The exact content a note was read at: what a later save or delete
/// compares the file with to see whether someone else changed it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Version {
    len: usize,
    hash: u64,
}

impl Version {
    /// xxh3, not `DefaultHasher`: a version kept in a draft file must mean
    /// the same to the next build of coopdash.
    fn of(bytes: &[u8]) -> Version {
        Version {
            len: bytes.len(),
            hash: xxhash_rust::xxh3::xxh3_64(bytes),
        }
    }
}

/// `LEN-HASH`, as drafts record the version an edit started from.
impl std::fmt::Display for Version {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}-{:016x}", self.len, self.hash)
    }
}

impl std::str::FromStr for Version {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, String> {
        let bad = || format!("`{s}` is not a note version (LEN-HASH)");
        let (len, hash) = s.split_once('-').ok_or_else(bad)?;
        Ok(Version {
            len: len.parse().map_err(|_| bad())?,
            hash: u64::from_str_radix(hash, 16).map_err(|_| bad())?,
        })
    }
}

/// A note with the version of its file it was read or written at. Keep it
/// while editing and hand it back to [`Store::edit`] or [`Store::delete`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Stored {
    /// The note.
    pub note: Note,
    /// The file's content it came from.
    pub version: Version,
}

/// What an edit did.
// One value per save: boxing the larger variant would buy nothing.
#[allow(clippy::large_enum_variant)]
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Edited {
    /// Saved over the version the edit started from.
    Saved(Stored),
    /// Someone deleted the note meanwhile; it was written again with the edit.
    Recreated(Stored),
    /// Someone else saved the note meanwhile. Their version stays as it is;
    /// the edit was saved as a new note whose `conflict_of` names it.
    Conflict {
        /// Their version, if it parses.
        theirs: Option<Stored>,
        /// The edit, as a new note.
        ours: Stored,
    },
}

/// What a delete did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Deleted {
    /// The note's file was moved to the trash: [`Store::restore`] with
    /// `id` brings it back (an undo).
    Trashed {
        /// The note's id.
        id: String,
        /// Its copy in the trash.
        file: PathBuf,
    },
    /// Someone had already removed it.
    AlreadyGone,
}

/// What [`Store::refresh`] found changed on disk, by note id.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Changes {
    /// New notes.
    pub added: Vec<String>,
    /// Notes whose content changed.
    pub changed: Vec<String>,
    /// Notes no longer there (or now malformed).
    pub removed: Vec<String>,
    /// Whether the list of malformed files changed.
    pub problems: bool,
}

impl Changes {
    /// Whether nothing changed.
    pub fn is_empty(&self) -> bool {
        self.added.is_empty()
            && self.changed.is_empty()
            && self.removed.is_empty()
            && !self.problems
    }
}

/// The notes of one folder, as last read, and the operations on it.
#[derive(Debug)]
pub struct Store {
    dir: PathBuf,
    notes: BTreeMap<String, Stored>,
    /// Malformed or unreadable files, by file name.
    problems: BTreeMap<String, Problem>,
    /// The folder as last listed by [`Store::refresh`].
    seen: Listing,
    /// When the trash was last emptied of expired copies.
    purged: Option<Instant>,
}

impl Store {
    /// A store for `dir` with nothing loaded: enough to add notes.
    pub fn new(dir: impl Into<PathBuf>) -> Store {
        Store {
            dir: dir.into(),
            notes: BTreeMap::new(),
            problems: BTreeMap::new(),
            seen: Listing::new(),
            purged: None,
        }
    }

    /// Opens `dir` (which may not exist yet): sweeps temporary files left by
    /// killed writers and trashed notes older than [`trash::KEEP`], then
    /// loads every note. Malformed files are listed in [`Store::problems`];
    /// the others load.
    pub fn open(dir: impl Into<PathBuf>) -> Result<Store, NotesError> {
        let mut store = Store::new(dir);
        store.sweep();
        store.refresh()?;
        Ok(store)
    }

    /// The notes folder.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// The file of the note `id`.
    pub fn path(&self, id: &str) -> PathBuf {
        self.dir.join(format!("{id}.md"))
    }

    /// A note by id.
    pub fn get(&self, id: &str) -> Option<&Stored> {
        self.notes.get(id)
    }

    /// Every note, newest first.
    pub fn notes(&self) -> Vec<&Stored> {
        let mut all: Vec<&Stored> = self.notes.values().collect();
        all.sort_by(|a, b| Note::newest_first(&a.note, &b.note));
        all
    }

    /// The notes about `target`, newest first.
    pub fn for_target(&self, target: &Target) -> Vec<&Stored> {
        let mut all = self.notes();
        all.retain(|s| &s.note.target == target);
        all
    }

    /// Whether new notes can be saved here now: probes the folder (or, if
    /// it does not exist yet, the folder it would be created in) with a
    /// temporary file, since permission bits say nothing for root, ACLs or
    /// read-only mounts. For the dashboard to say "notes are read-only"
    /// before anyone types.
    pub fn writable(&self) -> Result<(), NotesError> {
        let dir = if fs::symlink_metadata(&self.dir).is_ok() {
            self.dir.as_path()
        } else {
            self.dir
                .parent()
                .filter(|p| !p.as_os_str().is_empty())
                .unwrap_or(Path::new("."))
        };
        let probe = dir.join(format!(".probe.{}.tmp", std::process::id()));
        OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&probe)
            .and_then(|_| fs::remove_file(&probe))
            .map_err(|e| NotesError::write(dir, e, Recovery::NotNeeded))
    }

    /// Files that could not be loaded, in file-name order.
    pub fn problems(&self) -> impl Iterator<Item = &Problem> {
        self.problems.values()
    }

    /// Saves a new note. Its id is replaced by a fresh one if a note with
    /// that id exists (the stored note says which). The folder is created if
    /// missing. Adds take no lock: a new file never replaces another.
    pub fn add(&mut self, note: Note) -> Result<Stored, NotesError> {
        check(&note)?;
        let mut note = note;
        let created = fs::create_dir_all(&self.dir).and_then(|()| self.create(&mut note, false));
        let stored = created.map_err(|e| self.failed(&note, e))?;
        self.notes.insert(stored.note.id.clone(), stored.clone());
        Ok(stored)
    }

    /// Saves a new body for the note `base` was read as. If the file changed
    /// since, both versions are kept (see [`Edited`]).
    pub fn edit(&mut self, base: &Stored, body: &str) -> Result<Edited, NotesError> {
        let mut ours = base.note.clone();
        ours.body = normalize_body(body);
        self.save(base, ours)
    }

    /// Saves the note `base` was read as with its kind changed (an analyst
    /// link promoted to a curated link stays as a plain note with its
    /// text). Conflicts as for [`Store::edit`].
    pub fn set_kind(&mut self, base: &Stored, kind: NoteKind) -> Result<Edited, NotesError> {
        let mut ours = base.note.clone();
        ours.kind = kind;
        self.save(base, ours)
    }

    /// Saves `ours`, an edit of the note `base` was read as.
    fn save(&mut self, base: &Stored, mut ours: Note) -> Result<Edited, NotesError> {
        ours.updated = now();
        check(&ours)?;
        let path = self.path(&ours.id);
        let result = self.locked(|store| match read_if_exists(&path)? {
            None => store.write(&ours).map(Edited::Recreated),
            Some(bytes) if Version::of(&bytes) == base.version => {
                store.write(&ours).map(Edited::Saved)
            }
            Some(bytes) => {
                let theirs = parse(&path, &bytes).ok().map(|note| Stored {
                    note,
                    version: Version::of(&bytes),
                });
                let mut copy = ours.clone();
                copy.id = new_id();
                copy.conflict_of = Some(base.note.id.clone());
                copy.created = copy.updated;
                let ours = store.create(&mut copy, true)?;
                Ok(Edited::Conflict { theirs, ours })
            }
        });
        let edited = result.map_err(|e| self.failed(&ours, e))?;
        match &edited {
            Edited::Saved(s) | Edited::Recreated(s) => {
                self.notes.insert(s.note.id.clone(), s.clone());
            }
            Edited::Conflict { theirs, ours } => {
                if let Some(t) = theirs {
                    self.notes.insert(t.note.id.clone(), t.clone());
                }
                self.notes.insert(ours.note.id.clone(), ours.clone());
            }
        }
        Ok(edited)
    }

    /// Deletes the note `base` was read as, unless someone changed it since
    /// ([`NotesError::Changed`]: the note is kept): its file moves to the
    /// trash, whence [`Store::restore`] brings it back.
    pub fn delete(&mut self, base: &Stored) -> Result<Deleted, NotesError> {
        let id = &base.note.id;
        let path = self.path(id);
        let result = self.locked(|store| {
            let notes = fsio::open_dir(&store.dir)?;
            match read_at(&notes, &format!("{id}.md"))? {
                None => Ok(Ok(Deleted::AlreadyGone)),
                Some(bytes) if Version::of(&bytes) == base.version => {
                    let copy = trash::put(&notes, id, &bytes)?;
                    Ok(Ok(Deleted::Trashed {
                        id: id.clone(),
                        file: store.dir.join(trash::DIR).join(copy),
                    }))
                }
                Some(_) => Ok(Err(NotesError::Changed { id: id.clone() })),
            }
        });
        let outcome = result.map_err(|e| NotesError::write(&path, e, Recovery::NotNeeded))??;
        self.notes.remove(id);
        Ok(outcome)
    }

    /// Brings note `id` back from the trash, byte for byte under its own
    /// name (the copy trashed last, if it was deleted more than once), and
    /// takes it out of the trash. Refused if a note `id` exists
    /// ([`NotesError::Exists`]), if the trash has no copy of it
    /// ([`NotesError::NotInTrash`]) or if the copy is not a note
    /// ([`NotesError::Unrestorable`]); the copy then stays.
    pub fn restore(&mut self, id: &str) -> Result<Stored, NotesError> {
        let missing = || NotesError::NotInTrash { id: id.to_string() };
        if !valid_id(id) || !self.dir.is_dir() {
            return Err(missing());
        }
        let path = self.path(id);
        let result = self.locked(|store| {
            let notes = fsio::open_dir(&store.dir)?;
            let Some(trash) = trash::open(&notes)? else {
                return Ok(Err(missing()));
            };
            let Some(name) = trash::newest(&trash, id)? else {
                return Ok(Err(missing()));
            };
            let (note, bytes) = match trash::read(&trash, &store.dir, &name) {
                Ok(read) => read,
                Err(problem) => return Ok(Err(NotesError::Unrestorable(Box::new(problem)))),
            };
            match store.put_back(id, &bytes) {
                Err(e) if e.kind() == io::ErrorKind::AlreadyExists => {
                    return Ok(Err(NotesError::Exists { id: id.to_string() }));
                }
                other => other?,
            }
            // The note is back: a copy left behind by a failure here is
            // only a second chance to restore it, refused while it is live.
            let _ = trash::remove(&trash, &name);
            Ok(Ok(Stored {
                note,
                version: Version::of(&bytes),
            }))
        });
        let stored = result.map_err(|e| NotesError::write(&path, e, Recovery::NotNeeded))??;
        self.notes.insert(stored.note.id.clone(), stored.clone());
        Ok(stored)
    }

    /// The notes in the trash, most recently deleted first, and the copies
    /// there that are not notes.
    pub fn trash(&self) -> Result<Trash, NotesError> {
        trash::list(&self.dir).map_err(|cause| NotesError::Read {
            dir: self.dir.join(trash::DIR),
            cause,
        })
    }

    /// Re-reads what changed on disk since the last refresh (or open): new,
    /// changed and removed files, by their listing, so unchanged notes are
    /// not parsed again.
    pub fn refresh(&mut self) -> Result<Changes, NotesError> {
        if self.purged.is_none_or(|at| at.elapsed() >= PURGE_EVERY) {
            self.purge();
        }
        let mut listing = watch::scan(&self.dir).map_err(|cause| NotesError::Read {
            dir: self.dir.clone(),
            cause,
        })?;
        let mut changes = Changes::default();
        let mut vanished = Vec::new();
        for (name, print) in &listing {
            if self.seen.get(name) == Some(print) {
                continue;
            }
            let path = self.dir.join(name);
            let bytes = match read_note(&self.dir, name) {
                // Deleted since it was listed: as if it had not been listed.
                Err(e) if e.kind() == io::ErrorKind::NotFound => {
                    vanished.push(name.clone());
                    continue;
                }
                other => other,
            };
            let loaded = bytes
                .map_err(|e| {
                    Problem::at(
                        &path,
                        None,
                        format!("cannot read this note: {e}"),
                        "make it readable to the analysts (chmod 644)",
                    )
                })
                .and_then(|bytes| {
                    parse(&path, &bytes).map(|note| Stored {
                        note,
                        version: Version::of(&bytes),
                    })
                });
            let id = &name[..name.len() - ".md".len()];
            match loaded {
                Ok(stored) => {
                    changes.problems |= self.problems.remove(name).is_some();
                    match self.notes.insert(id.to_string(), stored.clone()) {
                        None => changes.added.push(id.to_string()),
                        Some(old) if old != stored => changes.changed.push(id.to_string()),
                        Some(_) => {}
                    }
                }
                Err(problem) => {
                    if self.notes.remove(id).is_some() {
                        changes.removed.push(id.to_string());
                    }
                    let old = self.problems.insert(name.clone(), problem.clone());
                    changes.problems |= old.as_ref() != Some(&problem);
                }
            }
        }
        for name in vanished {
            listing.remove(&name);
        }
        let gone: Vec<String> = self
            .notes
            .keys()
            .filter(|id| !listing.contains_key(&format!("{id}.md")))
            .cloned()
            .collect();
        for id in gone {
            self.notes.remove(&id);
            changes.removed.push(id);
        }
        let before = self.problems.len();
        self.problems.retain(|name, _| listing.contains_key(name));
        changes.problems |= self.problems.len() != before;
        self.seen = listing;
        Ok(changes)
    }

    /// Starts a [`Watcher`] on the folder that calls `on_change` (from its
    /// thread) within `every` of any change made after the last refresh;
    /// the owner then calls [`Store::refresh`]. [`watch::POLL`] is a good
    /// `every`.
    pub fn watch(
        &self,
        every: Duration,
        on_change: impl FnMut() -> bool + Send + 'static,
    ) -> Watcher {
        Watcher::spawn(self.dir.clone(), every, self.seen.clone(), on_change)
    }

    /// Like [`Store::watch`], with a channel that gets `()` on each change.
    pub fn watch_channel(&self, every: Duration) -> (Watcher, Receiver<()>) {
        Watcher::channel(self.dir.clone(), every, self.seen.clone())
    }

    /// Removes temporary files of killed writers. Best effort: a read-only
    /// folder keeps them, hidden and harmless.
    fn sweep(&self) {
        if self.dir.is_dir() {
            let _ = atomic::sweep(&self.dir, STALE_TEMP);
        }
    }

    /// Removes trashed notes older than [`trash::KEEP`]. Best effort, like
    /// [`Store::sweep`]: a read-only folder keeps them.
    fn purge(&mut self) {
        self.purged = Some(Instant::now());
        let _ = trash::purge(&self.dir, SystemTime::now(), || self.lock());
    }

    /// Runs `f` holding the folder's lock (creating the folder if missing).
    fn locked<T>(&self, f: impl FnOnce(&Self) -> io::Result<T>) -> io::Result<T> {
        let lock = self.lock()?;
        let out = f(self);
        drop(lock);
        out
    }

    /// Takes the folder's exclusive lock ([`atomic::lock`]).
    fn lock(&self) -> io::Result<File> {
        atomic::lock(&self.dir, LOCK_FILE)
    }

    /// Writes a new note's file, never replacing one: on an id in use it
    /// takes a fresh id. `locked` says whether the caller holds the lock.
    fn create(&self, note: &mut Note, locked: bool) -> io::Result<Stored> {
        use io::ErrorKind::*;
        loop {
            let text = render(note);
            match atomic::create(&self.path(&note.id), text.as_bytes()) {
                Ok(()) => {
                    return Ok(Stored {
                        note: note.clone(),
                        version: Version::of(text.as_bytes()),
                    });
                }
                Err(e) if e.kind() == AlreadyExists => note.id = new_id(),
                Err(e) if no_hard_links(&e) => {
                    let mut fallback = |store: &Self| {
                        note.id = store.unused_id(&note.id);
                        store.write(note)
                    };
                    return if locked {
                        fallback(self)
                    } else {
                        self.locked(fallback)
                    };
                }
                Err(e) => return Err(e),
            }
        }
    }

    /// Writes `bytes` as the file of note `id`, never replacing one (an
    /// error of kind `AlreadyExists`). Call under the lock.
    fn put_back(&self, id: &str, bytes: &[u8]) -> io::Result<()> {
        let path = self.path(id);
        match atomic::create(&path, bytes) {
            Err(e) if no_hard_links(&e) => {
                if fs::symlink_metadata(&path).is_ok() {
                    return Err(io::ErrorKind::AlreadyExists.into());
                }
                atomic::write(&path, bytes)
            }
            other => other,
        }
    }

    /// `id` if no file has it, else a fresh one. Call under the lock.
    fn unused_id(&self, id: &str) -> String {
        let mut id = id.to_string();
        while fs::symlink_metadata(self.path(&id)).is_ok() {
            id = new_id();
        }
        id
    }

    /// Writes a note's file atomically. Call under the lock.
    fn write(&self, note: &Note) -> io::Result<Stored> {
        let text = render(note);
        atomic::write(&self.path(&note.id), text.as_bytes())?;
        Ok(Stored {
            note: note.clone(),
            version: Version::of(text.as_bytes()),
        })
    }

    /// The error for a failed save of `note`, after keeping its text in a
    /// recovery file.
    fn failed(&self, note: &Note, cause: io::Error) -> NotesError {
        NotesError::write(
            &self.path(&note.id),
            cause,
            save_draft(&note.id, &render(note)),
        )
    }
}

/// Refuses a note that breaks a rule, keeping its text in a recovery file.
fn check(note: &Note) -> Result<(), NotesError> {
    note.check().map_err(|reason| NotesError::Invalid {
        reason,
        recovery: save_draft(&note.id, &render(note)),
    })
}

/// What link(2) says on a file system without hard links: check and
/// rename under the lock instead.
fn no_hard_links(e: &io::Error) -> bool {
    use io::ErrorKind::*;
    matches!(
        e.kind(),
        PermissionDenied | Unsupported | CrossesDevices | TooManyLinks
    )
}

/// A note file's bytes: never through a symbolic link, and refused unread
/// when it is larger than a note can be.
fn read_note(dir: &Path, name: &str) -> io::Result<Vec<u8>> {
    fsio::read_within(fsio::open_in(dir, name)?, MAX_FILE_BYTES)
}

/// The file's bytes, or `None` if there is no such file.
fn read_if_exists(path: &Path) -> io::Result<Option<Vec<u8>>> {
    let (dir, name) = split(path)?;
    match fsio::open_dir(dir) {
        Ok(dir) => read_at(dir, name),
        Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(None),
        Err(e) => Err(e),
    }
}

/// [`read_if_exists`] for `name` in the open folder `dir`.
fn read_at(dir: impl AsFd, name: &str) -> io::Result<Option<Vec<u8>>> {
    match fsio::open_at(dir, name).and_then(|f| fsio::read_within(f, MAX_FILE_BYTES)) {
        Ok(b) => Ok(Some(b)),
        Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(None),
        Err(e) => Err(e),
    }
}

/// A note path's folder and file name.
fn split(path: &Path) -> io::Result<(&Path, &str)> {
    let name = path.file_name().and_then(|n| n.to_str());
    match (path.parent(), name) {
        (Some(dir), Some(name)) => Ok((dir, name)),
        _ => Err(io::Error::new(
            io::ErrorKind::InvalidInput,
            "not a note file path",
        )),
    }
}
