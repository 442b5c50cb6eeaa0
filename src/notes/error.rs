//! What can go wrong when notes are saved, and the recovery file that keeps
//! the text when the notes folder cannot.

use std::fmt;
use std::fs;
use std::io;
use std::path::{Path, PathBuf};

/// A failed note operation. Every failed save tried to keep the text in a
/// recovery file first; [`NotesError::recovery`] says where. Messages quote
/// paths and ids: sanitize them before drawing.
#[derive(Debug, thiserror::Error)]
pub enum NotesError {
    /// The folder or file cannot be written: a read-only mount or missing
    /// permissions.
    #[error("notes are read-only here: cannot write {}: {cause}{recovery}", .path.display())]
    ReadOnly {
        /// What could not be written.
        path: PathBuf,
        /// The system's error.
        cause: io::Error,
        /// Where the text was kept.
        recovery: Recovery,
    },
    /// No space left on the device, or over quota.
    #[error("the disk is full: cannot write {}: {cause}{recovery}", .path.display())]
    NoSpace {
        /// What could not be written.
        path: PathBuf,
        /// The system's error.
        cause: io::Error,
        /// Where the text was kept.
        recovery: Recovery,
    },
    /// Any other write error.
    #[error("cannot write {}: {cause}{recovery}", .path.display())]
    Write {
        /// What could not be written.
        path: PathBuf,
        /// The system's error.
        cause: io::Error,
        /// Where the text was kept.
        recovery: Recovery,
    },
    /// The notes folder cannot be listed.
    #[error("cannot read the notes folder {}: {cause}", .dir.display())]
    Read {
        /// The folder.
        dir: PathBuf,
        /// The system's error.
        cause: io::Error,
    },
    /// The note breaks a rule (too long, no anchor on a link, …).
    #[error("the note cannot be saved: {reason}{recovery}")]
    Invalid {
        /// Which rule, in plain words.
        reason: String,
        /// Where the text was kept.
        recovery: Recovery,
    },
    /// A delete found the note changed by someone else since it was read;
    /// the note was kept.
    #[error(
        "note `{id}` was changed by someone else since it was read, so it was not deleted; look at the new version first"
    )]
    Changed {
        /// The note's id.
        id: String,
    },
    /// A restore found no copy of the note in the trash (never deleted,
    /// restored already, or kept past the 30 days).
    #[error("note `{id}` is not in the trash: there is nothing to restore")]
    NotInTrash {
        /// The note's id.
        id: String,
    },
    /// A restore found a note with that id in the folder (restored or saved
    /// again meanwhile); the trashed copy stays in the trash.
    #[error(
        "note `{id}` exists in the notes folder, so it was not restored; its trashed copy stays in the trash"
    )]
    Exists {
        /// The note's id.
        id: String,
    },
    /// The trashed copy cannot be read back as a note; it stays in the
    /// trash.
    #[error("the trashed note cannot be restored: {0}")]
    Unrestorable(Box<crate::workspace::Problem>),
}

impl NotesError {
    /// The recovery file holding the text that could not be saved, if any.
    pub fn recovery(&self) -> Option<&Path> {
        match self {
            NotesError::ReadOnly { recovery, .. }
            | NotesError::NoSpace { recovery, .. }
            | NotesError::Write { recovery, .. }
            | NotesError::Invalid { recovery, .. } => match recovery {
                Recovery::Saved(p) => Some(p),
                _ => None,
            },
            _ => None,
        }
    }

    /// A write error, classified by its cause.
    pub(crate) fn write(path: &Path, cause: io::Error, recovery: Recovery) -> NotesError {
        let path = path.to_path_buf();
        match cause.kind() {
            io::ErrorKind::ReadOnlyFilesystem | io::ErrorKind::PermissionDenied => {
                NotesError::ReadOnly {
                    path,
                    cause,
                    recovery,
                }
            }
            io::ErrorKind::StorageFull | io::ErrorKind::QuotaExceeded => NotesError::NoSpace {
                path,
                cause,
                recovery,
            },
            _ => NotesError::Write {
                path,
                cause,
                recovery,
            },
        }
    }
}

/// What became of the text of a failed save.
#[derive(Debug)]
pub enum Recovery {
    /// Nothing needed keeping (a delete).
    NotNeeded,
    /// Kept in this file.
    Saved(PathBuf),
    /// No recovery folder could take it; why, for each one tried.
    Failed(String),
}

impl fmt::Display for Recovery {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Recovery::NotNeeded => Ok(()),
            Recovery::Saved(p) => write!(f, "; the text is kept in {}", p.display()),
            Recovery::Failed(why) => {
                write!(f, "; no recovery file could be written either ({why})")
            }
        }
    }
}

/// Where recovery files go, in order of preference:
/// `$XDG_STATE_HOME/coopdash/recovery`, `~/.local/state/coopdash/recovery`,
/// then `coopdash-recovery-$USER` in the system's temporary folder.
pub fn recovery_dirs() -> Vec<PathBuf> {
    let env = |k| {
        std::env::var_os(k)
            .map(PathBuf::from)
            .filter(|p| p.is_absolute())
    };
    let mut dirs = Vec::new();
    if let Some(state) = env("XDG_STATE_HOME") {
        dirs.push(state.join("coopdash/recovery"));
    }
    if let Some(home) = env("HOME") {
        dirs.push(home.join(".local/state/coopdash/recovery"));
    }
    let user = std::env::var("USER").unwrap_or_else(|_| "user".into());
    let user: String = user
        .chars()
        .filter(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_'))
        .collect();
    dirs.push(std::env::temp_dir().join(format!("coopdash-recovery-{user}")));
    dirs
}

/// Keeps `text` in a new file named after `name` (`NAME.md`, else
/// `NAME-2.md`, …) in the first recovery folder that takes it. The file is
/// private to the user (0600): it is a draft, not a shared note.
pub fn save_draft(name: &str, text: &str) -> Recovery {
    let mut why = Vec::new();
    for dir in recovery_dirs() {
        match write_new(&dir, name, text) {
            Ok(path) => return Recovery::Saved(path),
            Err(e) => why.push(format!("{}: {e}", dir.display())),
        }
    }
    Recovery::Failed(why.join("; "))
}

/// Writes `text` to the first free `NAME.md`, `NAME-2.md`, … in `dir`,
/// creating the folder private to the user (0700) if needed.
fn write_new(dir: &Path, name: &str, text: &str) -> io::Result<PathBuf> {
    let mut builder = fs::DirBuilder::new();
    builder.recursive(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::DirBuilderExt;
        builder.mode(0o700);
    }
    builder.create(dir)?;
    let mut n = 1;
    loop {
        let file = if n == 1 {
            format!("{name}.md")
        } else {
            format!("{name}-{n}.md")
        };
        let path = dir.join(file);
        match crate::atomic::create_private(&path, text.as_bytes()) {
            Ok(()) => return Ok(path),
            Err(e) if e.kind() == io::ErrorKind::AlreadyExists => n += 1,
            Err(e) => return Err(e),
        }
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn drafts_are_private_and_never_overwrite() {
        let dir = tempfile::tempdir().unwrap();
        let folder = dir.path().join("recovery");
        let first = super::write_new(&folder, "n", "one").unwrap();
        let second = super::write_new(&folder, "n", "two").unwrap();
        assert_eq!(first, folder.join("n.md"));
        assert_eq!(second, folder.join("n-2.md"));
        assert_eq!(std::fs::read_to_string(&first).unwrap(), "one");
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = |p: &std::path::Path| std::fs::metadata(p).unwrap().permissions().mode();
            assert_eq!(mode(&second) & 0o777, 0o600);
            assert_eq!(mode(&folder) & 0o777, 0o700);
        }
    }
}
