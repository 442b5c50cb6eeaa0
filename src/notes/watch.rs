//! Seeing other sessions' changes: a listing of the notes folder (names,
//! sizes, times, inodes) that [`super::Store::refresh`] compares to reload only
//! what changed, and a [`Watcher`] thread that polls it and says when it
//! differs. Polling is portable (network and container file systems drop
//! inotify events) and cheap: one directory read and a `stat` per note.

use std::collections::BTreeMap;
use std::fs;
use std::io;
use std::path::{Path, PathBuf};
use std::sync::mpsc::{self, Receiver, RecvTimeoutError, Sender};
use std::thread::JoinHandle;
use std::time::{Duration, SystemTime};

/// How often a watcher looks: well inside the 2 s other sessions may wait.
pub const POLL: Duration = Duration::from_millis(500);

/// What a note file looked like when listed. Every save replaces the file
/// (a new inode), so even a same-size save within one clock tick shows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Fingerprint {
    len: u64,
    modified: Option<SystemTime>,
    inode: u64,
}

/// Note file name → its fingerprint.
pub(crate) type Listing = BTreeMap<String, Fingerprint>;

/// Whether a file name is a note file: `*.md`, not hidden (the lock and
/// temporary files are hidden).
pub(crate) fn is_note_file(name: &str) -> bool {
    !name.starts_with('.') && name.len() > 3 && name.ends_with(".md")
}

/// Lists the note files in `dir`; a missing folder lists as empty.
pub(crate) fn scan(dir: &Path) -> io::Result<Listing> {
    let entries = match fs::read_dir(dir) {
        Ok(e) => e,
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(Listing::new()),
        Err(e) => return Err(e),
    };
    let mut out = Listing::new();
    for entry in entries {
        let entry = entry?;
        let Ok(name) = entry.file_name().into_string() else {
            continue;
        };
        if !is_note_file(&name) {
            continue;
        }
        // Gone between listing and stat: it is simply not listed. A link is
        // never listed, so never read: a note lives in the folder.
        let Ok(meta) = fs::symlink_metadata(entry.path()) else {
            continue;
        };
        if !meta.file_type().is_file() {
            continue;
        }
        #[cfg(unix)]
        let inode = std::os::unix::fs::MetadataExt::ino(&meta);
        #[cfg(not(unix))]
        let inode = 0;
        out.insert(
            name,
            Fingerprint {
                len: meta.len(),
                modified: meta.modified().ok(),
                inode,
            },
        );
    }
    Ok(out)
}

/// A thread that polls a notes folder and calls back when it changed. It
/// stops when dropped, or when the callback returns `false`.
pub struct Watcher {
    stop: Option<Sender<()>>,
    thread: Option<JoinHandle<()>>,
}

impl Watcher {
    /// Starts polling `dir` every `every`, comparing with `baseline`; calls
    /// `on_change` after each poll that differs from the one before. The
    /// callback should only wake the owner, who then calls
    /// [`super::Store::refresh`].
    pub(crate) fn spawn(
        dir: PathBuf,
        every: Duration,
        baseline: Listing,
        mut on_change: impl FnMut() -> bool + Send + 'static,
    ) -> Watcher {
        let (stop, stopped) = mpsc::channel::<()>();
        let thread = std::thread::Builder::new()
            .name("notes-watcher".into())
            .spawn(move || {
                let mut last = baseline;
                while let Err(RecvTimeoutError::Timeout) = stopped.recv_timeout(every) {
                    // An unreadable folder looks empty until it reads again.
                    let now = scan(&dir).unwrap_or_default();
                    if now != last {
                        last = now;
                        if !on_change() {
                            break;
                        }
                    }
                }
            })
            .expect("a thread can be started");
        Watcher {
            stop: Some(stop),
            thread: Some(thread),
        }
    }

    /// Like [`Watcher::spawn`], with a channel that gets `()` on each change.
    pub(crate) fn channel(
        dir: PathBuf,
        every: Duration,
        baseline: Listing,
    ) -> (Watcher, Receiver<()>) {
        let (tx, rx) = mpsc::channel();
        let w = Watcher::spawn(dir, every, baseline, move || tx.send(()).is_ok());
        (w, rx)
    }
}

impl Drop for Watcher {
    fn drop(&mut self) {
        drop(self.stop.take());
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }
}
