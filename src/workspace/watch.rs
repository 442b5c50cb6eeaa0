//! Watching `themes.yaml` and `seeds/` and loading each settled version
//! once per process, off the UI thread.
//!
//! Every [`POLL`] the watcher takes a snapshot: for each file its size and
//! modification time, and a content hash (computed again only for files
//! whose size or time moved, so an idle poll reads no source). A version is
//! loaded once the snapshot has stayed the same for two polls; a version
//! that brings more problems than the one shown is delivered only after it
//! has been stable for [`DOUBTFUL`], so an editor's save storm or a
//! half-written file is not taken as the truth. A reload reads only the
//! sources whose files changed since the version it replaces; the others'
//! passages are shared with it. Each load, and the delivery after it,
//! reports to a [`Progress`] of its own, handed out as it begins.

use super::limits::Limits;
use super::seeds::{list, read_capped};
use super::{LoadError, Problem, SEEDS_DIR, THEMES_FILE, Unchanged, reopen};
use crate::model::Workspace;
use crate::progress::{self, Progress};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant, SystemTime};

/// How often the files are looked at.
pub const POLL: Duration = Duration::from_millis(500);
/// How long a version with more problems must stay unchanged to be shown.
pub const DOUBTFUL: Duration = Duration::from_secs(2);

/// One file as last seen.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Seen {
    len: u64,
    modified: Option<SystemTime>,
    hash: u64,
}

/// The workspace's files as last seen (`None`: missing or unreadable).
type Snapshot = BTreeMap<PathBuf, Option<Seen>>;

/// A version of the workspace as loaded, shared by every session.
#[derive(Debug)]
pub struct Version {
    /// The workspace.
    pub ws: Arc<Workspace>,
    /// What is wrong with items in it.
    pub problems: Vec<Problem>,
}

/// What a watcher delivers: the new version, or why it cannot load (the
/// last good version stays in use).
pub type Reloaded = Result<Arc<Version>, Arc<LoadError>>;

/// A running watcher; stops when dropped.
pub struct Watcher {
    stop: Arc<AtomicBool>,
}

impl Drop for Watcher {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::SeqCst);
    }
}

/// Watches the workspace in `root`, whose current version `ws` was loaded
/// with `problems` problems; calls `deliver` (on the watcher's thread) with
/// every settled new version, and `reloading` with the progress of each
/// load as it begins (finished once its version is delivered or dropped).
pub fn watch(
    root: &Path,
    limits: Limits,
    ws: Arc<Workspace>,
    problems: usize,
    reloading: impl Fn(&Arc<Progress>) + Send + 'static,
    deliver: impl Fn(Reloaded) + Send + 'static,
) -> Watcher {
    let stop = Arc::new(AtomicBool::new(false));
    let flag = stop.clone();
    let root = root.to_path_buf();
    // Taken now, not when the thread gets to run: a change made right
    // after this call must be seen as one.
    let mut shown = snapshot(&root, &limits, &Snapshot::new());
    std::thread::Builder::new()
        .name("workspace-watch".into())
        .spawn(move || {
            let mut shown_problems = problems;
            // The last version loaded and the files as they were for it
            // (`shown` moves on to a fatal version too; this does not).
            let (mut good, mut good_files) = (ws, shown.clone());
            let mut last = shown.clone();
            let mut stable_since = Instant::now();
            let mut polls_same = 0;
            while !flag.load(Ordering::SeqCst) {
                std::thread::sleep(POLL);
                let now = snapshot(&root, &limits, &last);
                if now != last {
                    last = now;
                    stable_since = Instant::now();
                    polls_same = 0;
                    continue;
                }
                polls_same += 1;
                if last == shown || polls_same < 2 {
                    continue;
                }
                let unchanged = unchanged(&root, &good, &good_files, &last);
                let load = Progress::new();
                reloading(&load);
                let loaded =
                    progress::within(Some(load.clone()), || reopen(&root, &limits, &unchanged));
                drop(unchanged);
                let count = match &loaded {
                    Ok(l) => l.problems.len(),
                    Err(_) => usize::MAX,
                };
                // More problems than before: maybe a file caught mid-write.
                if count > shown_problems && stable_since.elapsed() < DOUBTFUL {
                    load.finish();
                    continue;
                }
                shown = last.clone();
                let version = loaded.map(|l| {
                    shown_problems = l.problems.len();
                    let ws = Arc::new(l.ws);
                    (good, good_files) = (ws.clone(), last.clone());
                    Arc::new(Version {
                        ws,
                        problems: l.problems,
                    })
                });
                // What `deliver` builds for the version (a search index)
                // is part of the reload.
                progress::observe(&load, || deliver(version.map_err(Arc::new)));
            }
        })
        .expect("a thread can be started");
    Watcher { stop }
}

/// The passages of `ws`'s sources whose files are as they were when it
/// was loaded (`then`) and still are (`now`).
fn unchanged(root: &Path, ws: &Workspace, then: &Snapshot, now: &Snapshot) -> Unchanged {
    let seeds = root.join(SEEDS_DIR);
    ws.sources
        .iter()
        .filter(|s| {
            let path = seeds.join(&s.file);
            matches!((then.get(&path), now.get(&path)), (Some(Some(a)), Some(Some(b))) if a == b)
        })
        .map(|s| (s.file.clone(), s.passages.clone()))
        .collect()
}

/// The files as they are now; hashes reused from `before` where size and
/// time did not move.
fn snapshot(root: &Path, limits: &Limits, before: &Snapshot) -> Snapshot {
    let seeds = root.join(SEEDS_DIR);
    let mut files = vec![(root.join(THEMES_FILE), limits.themes_bytes)];
    if let Ok(rels) = list(&seeds, limits.sources) {
        files.extend(
            rels.into_iter()
                .map(|r| (seeds.join(r), limits.source_bytes)),
        );
    }
    files
        .into_iter()
        .map(|(path, cap)| {
            let seen = look(&path, cap, before.get(&path).copied().flatten());
            (path, seen)
        })
        .collect()
}

fn look(path: &Path, cap: usize, before: Option<Seen>) -> Option<Seen> {
    let meta = std::fs::metadata(path).ok().filter(|m| m.is_file())?;
    let (len, modified) = (meta.len(), meta.modified().ok());
    if let Some(b) = before.filter(|b| b.len == len && b.modified == modified) {
        return Some(b);
    }
    let bytes = read_capped(path, cap).ok()?;
    Some(Seen {
        len,
        modified,
        hash: xxhash_rust::xxh3::xxh3_64(&bytes),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::mpsc;

    #[test]
    fn a_settled_change_is_delivered_once_and_a_broken_file_keeps_the_last() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        std::fs::create_dir(root.join("seeds")).unwrap();
        std::fs::write(root.join("seeds/a.txt"), "Title\n\nThe UN met.\n").unwrap();
        std::fs::write(root.join("themes.yaml"), "themes: []\n").unwrap();
        let (tx, rx) = mpsc::channel();
        let ws = Arc::new(crate::workspace::open(root).unwrap().ws);
        let (began_tx, began) = mpsc::channel();
        let _w = watch(
            root,
            Limits::default(),
            ws.clone(),
            0,
            move |p| {
                let _ = began_tx.send(p.clone());
            },
            move |r| {
                let _ = tx.send(r);
            },
        );
        let theme = "themes:\n  - id: t\n    name: T\n";
        std::fs::write(root.join("themes.yaml"), theme).unwrap();
        let got = rx.recv_timeout(Duration::from_secs(60)).unwrap().unwrap();
        assert_eq!(got.ws.themes.len(), 1);
        // The load reported what it did, and was over once delivered.
        let load = began.recv_timeout(Duration::from_secs(60)).unwrap();
        let deadline = Instant::now() + Duration::from_secs(60);
        while !load.snapshot().finished {
            assert!(Instant::now() < deadline, "the reload never finished");
            std::thread::yield_now();
        }
        assert!(!load.snapshot().stage.is_empty());
        // The source did not change: its passages are shared, not read again.
        assert!(Arc::ptr_eq(
            &got.ws.sources[0].passages,
            &ws.sources[0].passages
        ));
        std::fs::write(root.join("seeds/a.txt"), "Title\n\nINTERPOL met.\n").unwrap();
        let changed = rx.recv_timeout(Duration::from_secs(60)).unwrap().unwrap();
        assert_eq!(changed.ws.sources[0].passages[1].text, "INTERPOL met.");
        // A syntax error is delivered as such (after settling), never as a
        // half version.
        std::fs::write(root.join("themes.yaml"), "themes: [\n").unwrap();
        let got = rx.recv_timeout(Duration::from_secs(60)).unwrap();
        assert!(got.is_err());
        // Nothing more while nothing changes.
        assert!(rx.recv_timeout(POLL * 4).is_err());
    }
}
