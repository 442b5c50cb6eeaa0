//! The trash: a deleted note's file is kept in `.trash/` inside the notes
//! folder for [`KEEP`], and [`super::Store::restore`] brings it back byte
//! for byte under its own name. The loader, the watcher and so the finder
//! never look inside: they list the notes folder's own files, and `.trash`
//! is a hidden folder.
//!
//! A copy of `<id>.md` is named `<id>.md`, or `<id>~N.md` when that name is
//! taken (`~` is never in an id). Its modification time is the time it was
//! trashed: the copy is a new file, so its age is its time in the trash.
//!
//! Everything here is relative to the open notes folder and never through
//! a link: `.trash` and every file in it are opened with `O_NOFOLLOW`, so a
//! link planted at `notes/.trash` makes a delete fail (the note stays) and
//! is never read, listed or purged through. Changes are made under the
//! store's lock, by the store.

use super::format::{MAX_FILE_BYTES, parse};
use super::model::{Note, valid_id};
use super::store::STALE_TEMP;
use crate::workspace::Problem;
use crate::{atomic, fsio};
use rustix::fs::{AtFlags, Dir, Mode, OFlags, fchmod, fstat, fsync, mkdirat, openat, unlinkat};
use std::fs::{File, Metadata};
use std::io;
use std::os::fd::OwnedFd;
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime};

/// The trash folder's name inside the notes folder.
pub const DIR: &str = ".trash";

/// How long a deleted note is kept: copies trashed longer ago are removed
/// when a store opens, and by a refresh an hour or more after that.
pub const KEEP: Duration = Duration::from_secs(30 * 24 * 60 * 60);

/// Entries looked at per purge or listing, at most: a trash stuffed with
/// planted files costs bounded work.
const MAX_ENTRIES: usize = 10_000;

/// The file name of the `n`th copy of note `id` (0 for the first).
fn copy_name(id: &str, n: usize) -> String {
    match n {
        0 => format!("{id}.md"),
        n => format!("{id}~{n}.md"),
    }
}

/// The note id and copy number of a copy's file name.
fn parse_name(name: &str) -> Option<(&str, usize)> {
    let stem = name.strip_suffix(".md")?;
    let (id, n) = match stem.rsplit_once('~') {
        Some((id, n)) if !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()) => {
            (id, n.parse().ok()?)
        }
        Some(_) => return None,
        None => (stem, 0),
    };
    valid_id(id).then_some((id, n))
}

/// What `name` in the folder `dir` is, without following a link or
/// needing read access (an `O_PATH` descriptor).
fn meta(dir: &OwnedFd, name: &str) -> io::Result<Metadata> {
    let flags = OFlags::PATH | OFlags::NOFOLLOW | OFlags::CLOEXEC;
    File::from(openat(dir, name, flags, Mode::empty())?).metadata()
}

/// Says which folder failed: the trash, not the note.
fn in_trash(e: io::Error) -> io::Error {
    io::Error::new(e.kind(), format!("the trash folder `{DIR}`: {e}"))
}

/// The trash folder of the open notes folder, if there is one.
pub(super) fn open(notes: &OwnedFd) -> io::Result<Option<OwnedFd>> {
    match fsio::open_subdir(notes, DIR) {
        Ok(fd) => Ok(Some(fd)),
        Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(None),
        Err(e) => Err(in_trash(e)),
    }
}

/// The trash folder, created if missing with the notes folder's mode, so
/// a group-shared notes folder has a group-shared trash.
fn create(notes: &OwnedFd) -> io::Result<OwnedFd> {
    match mkdirat(notes, DIR, Mode::from_raw_mode(0o700)) {
        Ok(()) => {
            let trash = fsio::open_subdir(notes, DIR).map_err(in_trash)?;
            let mode = fstat(notes)?.st_mode & 0o7777;
            fchmod(&trash, Mode::from_raw_mode(mode))?;
            Ok(trash)
        }
        Err(rustix::io::Errno::EXIST) => fsio::open_subdir(notes, DIR).map_err(in_trash),
        Err(e) => Err(in_trash(e.into())),
    }
}

/// Moves note `id`, whose file in the open notes folder holds `bytes`, to
/// the trash; returns the copy's file name. Call under the lock.
///
/// Copied, then unlinked, rather than renamed: the copy is a new file,
/// dated now and owned by whoever deleted the note, so its time in the
/// trash is its modification time (a renamed file keeps its owner, and
/// only the owner may set its times). At every moment the note is in the
/// folder, in the trash, or (after a crash between the two) both.
pub(super) fn put(notes: &OwnedFd, id: &str, bytes: &[u8]) -> io::Result<String> {
    let trash = create(notes)?;
    let name = free_name(&trash, id)?;
    atomic::write_in(&trash, &name, bytes).map_err(in_trash)?;
    if let Err(e) = unlinkat(notes, copy_name(id, 0), AtFlags::empty()) {
        // The note stays (a sticky folder, say): so should nothing else.
        let _ = remove(&trash, &name);
        return Err(e.into());
    }
    fsync(notes)?;
    Ok(name)
}

/// The first copy name of note `id` nothing in the trash has (a link or a
/// folder included). Call under the lock.
fn free_name(trash: &OwnedFd, id: &str) -> io::Result<String> {
    let mut n = 0;
    loop {
        let name = copy_name(id, n);
        match meta(trash, &name) {
            Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(name),
            Err(e) => return Err(in_trash(e)),
            Ok(_) => n += 1,
        }
    }
}

/// The trash's regular files (never links), with their modification times:
/// at most [`MAX_ENTRIES`] looked at.
fn files(trash: &OwnedFd) -> io::Result<Vec<(String, SystemTime)>> {
    let mut out = Vec::new();
    for entry in Dir::read_from(trash)?.take(MAX_ENTRIES) {
        let entry = entry?;
        let Ok(name) = entry.file_name().to_str() else {
            continue;
        };
        if name == "." || name == ".." {
            continue;
        }
        // Gone since it was listed, or not a file: not ours to touch.
        if let Ok(m) = meta(trash, name)
            && m.is_file()
        {
            out.push((name.to_string(), m.modified()?));
        }
    }
    Ok(out)
}

/// The most recently trashed copy of note `id`, if any.
pub(super) fn newest(trash: &OwnedFd, id: &str) -> io::Result<Option<String>> {
    Ok(files(trash)?
        .into_iter()
        .filter_map(|(name, at)| {
            let n = parse_name(&name).filter(|(of, _)| *of == id)?.1;
            Some((at, n, name))
        })
        .max()
        .map(|(_, _, name)| name))
}

/// A copy's note and bytes, read through the note size cap and parsed as
/// the file it will be again (`<id>.md`, so the id must match); a problem
/// names the copy.
pub(super) fn read(
    trash: &OwnedFd,
    notes_dir: &Path,
    name: &str,
) -> Result<(Note, Vec<u8>), Problem> {
    let file = notes_dir.join(DIR).join(name);
    let id = parse_name(name).map_or(name, |(id, _)| id);
    let bytes = fsio::open_at(trash, name)
        .and_then(|opened| fsio::read_within(opened, MAX_FILE_BYTES))
        .map_err(|e| {
            Problem::at(
                &file,
                None,
                format!("cannot read this trashed note: {e}"),
                "make it readable to the analysts (chmod 644)",
            )
        })?;
    let note = parse(&notes_dir.join(DIR).join(copy_name(id, 0)), &bytes).map_err(|mut p| {
        p.file = file;
        p
    })?;
    Ok((note, bytes))
}

/// Removes a copy once its note is back. Call under the lock.
pub(super) fn remove(trash: &OwnedFd, name: &str) -> io::Result<()> {
    unlinkat(trash, name, AtFlags::empty())?;
    Ok(fsync(trash)?)
}

/// A trashed note, as [`super::Store::trash`] lists it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Trashed {
    /// The note as it was deleted.
    pub note: Note,
    /// The copy's file in the trash.
    pub file: PathBuf,
    /// When it was trashed.
    pub since: SystemTime,
}

/// What the trash holds, most recently trashed first, and the files in it
/// that cannot be read back as notes.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Trash {
    /// The notes that can be restored.
    pub notes: Vec<Trashed>,
    /// Copies that cannot be restored, and why.
    pub problems: Vec<Problem>,
}

/// Lists the trash of the notes folder `notes_dir`.
pub(super) fn list(notes_dir: &Path) -> io::Result<Trash> {
    let mut out = Trash::default();
    let notes = match fsio::open_dir(notes_dir) {
        Ok(fd) => fd,
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(out),
        Err(e) => return Err(e),
    };
    let Some(trash) = open(&notes)? else {
        return Ok(out);
    };
    for (name, since) in files(&trash)? {
        if parse_name(&name).is_none() {
            continue;
        }
        match read(&trash, notes_dir, &name) {
            Ok((note, _)) => out.notes.push(Trashed {
                note,
                file: notes_dir.join(DIR).join(&name),
                since,
            }),
            Err(p) => out.problems.push(p),
        }
    }
    out.notes
        .sort_by(|a, b| b.since.cmp(&a.since).then_with(|| a.file.cmp(&b.file)));
    out.problems.sort_by(|a, b| a.file.cmp(&b.file));
    Ok(out)
}

/// Removes the copies trashed [`KEEP`] or longer before `now`, and
/// temporary files of writers killed in the trash. Takes the lock (with
/// `lock`) only when there is something to remove, and looks again under
/// it. Returns how many files went.
pub(super) fn purge(
    notes_dir: &Path,
    now: SystemTime,
    lock: impl FnOnce() -> io::Result<File>,
) -> io::Result<usize> {
    let notes = match fsio::open_dir(notes_dir) {
        Ok(fd) => fd,
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(0),
        Err(e) => return Err(e),
    };
    let Some(trash) = open(&notes)? else {
        return Ok(0);
    };
    let expired = |name: &str, at: SystemTime| {
        let age = now.duration_since(at).unwrap_or_default();
        if atomic::is_temp(name) {
            age >= STALE_TEMP
        } else {
            parse_name(name).is_some() && age >= KEEP
        }
    };
    let old: Vec<String> = files(&trash)?
        .into_iter()
        .filter(|(name, at)| expired(name, *at))
        .map(|(name, _)| name)
        .collect();
    if old.is_empty() {
        return Ok(0);
    }
    let _lock = lock()?;
    let mut removed = 0;
    for name in old {
        // Restored and trashed again meanwhile, it is a young copy now.
        if let Ok(m) = meta(&trash, &name)
            && m.is_file()
            && expired(&name, m.modified()?)
        {
            unlinkat(&trash, &name, AtFlags::empty())?;
            removed += 1;
        }
    }
    fsync(&trash)?;
    Ok(removed)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::notes::{Deleted, Edited, NoteKind, NotesError, Store, Stored};
    use std::fs;
    use std::os::unix::fs::symlink;

    fn note(body: &str) -> Note {
        Note::new(
            NoteKind::Note,
            "interpol".parse().unwrap(),
            None,
            "salma",
            body,
        )
    }

    fn trashed(store: &mut Store, base: &Stored) -> PathBuf {
        match store.delete(base).unwrap() {
            Deleted::Trashed { id, file } => {
                assert_eq!(id, base.note.id);
                file
            }
            other => panic!("{other:?}"),
        }
    }

    /// Dates a file `days` back, as if trashed then.
    fn age(file: &Path, days: u64) {
        let then = SystemTime::now() - Duration::from_secs(days * 24 * 60 * 60);
        let f = fs::OpenOptions::new().write(true).open(file).unwrap();
        f.set_modified(then).unwrap();
    }

    #[test]
    fn a_deleted_note_is_restored_byte_for_byte_and_only_once() {
        let dir = tempfile::tempdir().unwrap();
        let notes = dir.path().join("notes");
        let mut store = Store::open(&notes).unwrap();
        let kept = store.add(note("stays")).unwrap();
        let base = store.add(note("زيارة ليون")).unwrap();
        let live = store.path(&base.note.id);
        let bytes = fs::read(&live).unwrap();

        let copy = trashed(&mut store, &base);
        assert!(!live.exists());
        assert_eq!(copy, notes.join(DIR).join(format!("{}.md", base.note.id)));
        assert_eq!(fs::read(&copy).unwrap(), bytes);
        let age =
            SystemTime::now().duration_since(fs::metadata(&copy).unwrap().modified().unwrap());
        assert!(
            age.unwrap_or_default() < Duration::from_secs(60),
            "dated when trashed"
        );
        // Neither loaded nor a problem, now or after a refresh.
        let other = Store::open(&notes).unwrap();
        assert_eq!(other.notes().len(), 1);
        assert!(other.get(&kept.note.id).is_some());
        assert_eq!(other.problems().count(), 0);
        assert!(store.refresh().unwrap().is_empty());
        let listed = store.trash().unwrap();
        assert_eq!(listed.notes.len(), 1);
        assert_eq!(listed.notes[0].note, base.note);

        let back = store.restore(&base.note.id).unwrap();
        assert_eq!(back, base);
        assert_eq!(fs::read(&live).unwrap(), bytes);
        assert_eq!(store.get(&base.note.id), Some(&base));
        assert!(!copy.exists());
        assert!(store.trash().unwrap().notes.is_empty());
        let again = store.restore(&base.note.id).unwrap_err();
        assert!(matches!(again, NotesError::NotInTrash { .. }), "{again}");
        // The restored version is the one a later delete must match.
        trashed(&mut store, &back);
    }

    #[test]
    fn a_live_note_is_never_replaced_and_copies_never_clobber_each_other() {
        let dir = tempfile::tempdir().unwrap();
        let notes = dir.path().join("notes");
        let mut store = Store::open(&notes).unwrap();
        let first = store.add(note("first")).unwrap();
        let id = first.note.id.clone();
        let one = trashed(&mut store, &first);
        // An edit of the deleted note writes it again; then it is deleted
        // again: a second copy, beside the first.
        let Edited::Recreated(second) = store.edit(&first, "second").unwrap() else {
            panic!("expected the note written again");
        };
        let live_bytes = fs::read(store.path(&id)).unwrap();
        let e = store.restore(&id).unwrap_err();
        assert!(matches!(e, NotesError::Exists { .. }), "{e}");
        assert_eq!(fs::read(store.path(&id)).unwrap(), live_bytes);
        assert!(one.exists(), "the copy stays");

        let two = trashed(&mut store, &second);
        assert_eq!(two, notes.join(DIR).join(format!("{id}~1.md")));
        assert_eq!(fs::read(&one).unwrap(), render_of(&first));
        assert_eq!(store.trash().unwrap().notes.len(), 2);
        // The last one deleted comes back first.
        assert_eq!(store.restore(&id).unwrap().note.body, "second");
        assert!(one.exists() && !two.exists());
    }

    fn render_of(s: &Stored) -> Vec<u8> {
        crate::notes::format::render(&s.note).into_bytes()
    }

    #[test]
    fn copies_go_after_thirty_days_at_open() {
        let dir = tempfile::tempdir().unwrap();
        let notes = dir.path().join("notes");
        let mut store = Store::open(&notes).unwrap();
        let old = store.add(note("old")).unwrap();
        let young = store.add(note("young")).unwrap();
        let old_copy = trashed(&mut store, &old);
        let young_copy = trashed(&mut store, &young);
        age(&old_copy, 31);
        age(&young_copy, 29);
        // Not a copy's name: whatever planted it, not ours to remove.
        let other = notes.join(DIR).join("README");
        fs::write(&other, "x").unwrap();
        age(&other, 100);
        let killed = notes.join(DIR).join(".x.md.1.0.tmp");
        fs::write(&killed, "half").unwrap();
        age(&killed, 1);

        let reopened = Store::open(&notes).unwrap();
        assert!(!old_copy.exists() && !killed.exists());
        assert!(young_copy.exists() && other.exists());
        let listed = reopened.trash().unwrap();
        assert_eq!(listed.notes.len(), 1);
        assert_eq!(listed.notes[0].note.id, young.note.id);
    }

    #[test]
    fn a_link_planted_at_the_trash_is_never_followed() {
        let dir = tempfile::tempdir().unwrap();
        let notes = dir.path().join("notes");
        let outside = dir.path().join("outside");
        fs::create_dir(&outside).unwrap();
        let mut store = Store::open(&notes).unwrap();
        let base = store.add(note("kept")).unwrap();
        let bait = outside.join(format!("{}.md", base.note.id));
        fs::write(&bait, render_of(&base)).unwrap();
        age(&bait, 40);
        symlink(&outside, notes.join(DIR)).unwrap();
        let before = fs::read_dir(&outside).unwrap().count();

        let e = store.delete(&base).unwrap_err();
        assert!(e.to_string().contains("symbolic link"), "{e}");
        assert!(store.path(&base.note.id).exists(), "the note stays");
        // Neither purged, listed nor restored through it.
        let reopened = Store::open(&notes).unwrap();
        assert!(bait.exists());
        assert!(reopened.trash().is_err());
        fs::remove_file(store.path(&base.note.id)).unwrap();
        assert!(store.restore(&base.note.id).is_err());
        assert!(!store.path(&base.note.id).exists());
        assert_eq!(fs::read_dir(&outside).unwrap().count(), before);
    }

    #[test]
    fn the_watchers_listing_does_not_see_the_trash() {
        let dir = tempfile::tempdir().unwrap();
        let notes = dir.path().join("notes");
        let mut store = Store::open(&notes).unwrap();
        let gone = store.add(note("gone")).unwrap();
        store.add(note("stays")).unwrap();
        trashed(&mut store, &gone);
        let listed = super::super::watch::scan(&notes).unwrap();
        // Anything done inside the trash leaves the listing as it was.
        let copy = notes.join(DIR).join(format!("{}.md", gone.note.id));
        age(&copy, 3);
        fs::write(notes.join(DIR).join("planted.md"), "---\n").unwrap();
        assert_eq!(super::super::watch::scan(&notes).unwrap(), listed);
        assert_eq!(listed.len(), 1);
        assert!(store.refresh().unwrap().is_empty());
    }

    #[test]
    fn copy_names_map_back_to_their_note() {
        for (id, n) in [("20261129T053015085Z-a3704cb0", 0), ("a.md", 0), ("x", 12)] {
            assert_eq!(parse_name(&copy_name(id, n)), Some((id, n)));
        }
        for junk in [".md", "a~.md", "a~1x.md", "a.txt", ".hidden.md", "~1.md"] {
            assert_eq!(parse_name(junk), None, "{junk}");
        }
    }
}
