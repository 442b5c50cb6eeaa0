//! Syncing a workspace through git (issue #21): commit the local changes to
//! notes, `themes.yaml` and `seeds/`; fetch the upstream and merge (never
//! rebase); push. Nothing private or transient is ever committed
//! (`.coopdash/`, `notes/.lock`, temporary files, `notes/.trash/`).
//!
//! - [`git`]: the user's own `git`, run non-interactively with a timeout.
//! - [`commit`]: the local commit, by explicit paths, with trailers.
//! - [`merge`]: the merge and coopdash's rules for both-sides changes.
//! - [`themes`]: `themes.yaml` merged per item.
//! - [`log`]: who changed what, from the history.
//! - [`error`]: why a sync stopped and what to do.
//!
//! A sync interrupted at any point (Ctrl-C, SIGKILL) leaves whole files and
//! a repository the next sync recovers: a merge it had started is undone
//! and made again, a stale `index.lock` is removed.

pub mod commit;
pub mod error;
pub mod git;
pub mod log;
pub mod merge;
pub mod themes;

pub use commit::{AUTHOR_TRAILER, Committed, Scope, Tally};
pub use error::{Conflict, SyncError};
pub use git::{DEFAULT_TIMEOUT, Git, MIN_VERSION_TEXT};
pub use merge::Integrated;
pub use themes::Take;

use std::fmt;
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime};

/// How many times a push the remote refused (it moved on meanwhile) is
/// retried after fetching and merging again.
pub const PUSH_RETRIES: usize = 3;

/// The lock one workspace's syncs take, in `.coopdash/`.
pub const LOCK_FILE: &str = "sync.lock";

/// What to sync and as whom.
#[derive(Debug, Clone)]
pub struct Options {
    /// The workspace folder.
    pub workspace: PathBuf,
    /// Who syncs: the author of `themes.yaml` and `seeds/` changes.
    pub author: String,
    /// How long one git command may take.
    pub timeout: Duration,
    /// The side true conflicts are settled for; `None`: they stop the sync.
    pub take: Option<Take>,
}

/// Why local commits are not on the remote yet.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Unshared {
    /// The remote could not be reached; git's reason.
    Offline(String),
    /// The repository has no remote.
    NoRemote,
}

/// What a sync did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Report {
    /// Repairs made first (a stale lock removed, an interrupted merge undone).
    pub recovered: Vec<String>,
    /// The local commit, if there was anything to commit.
    pub committed: Option<Committed>,
    /// What came in from the remote.
    pub came_in: Integrated,
    /// Files sent to the remote.
    pub sent: usize,
    /// Files changed locally and not on the remote yet, and why.
    pub unshared: Option<(usize, Unshared)>,
}

impl Report {
    /// One line for a status bar.
    pub fn short(&self) -> String {
        let mut parts = Vec::new();
        if self.came_in.tally.is_empty() {
            parts.push("nothing came in".to_string());
        } else {
            parts.push(format!("in: {}", self.came_in.tally));
        }
        if !self.came_in.copies.is_empty() {
            parts.push(format!("{} conflict copies", self.came_in.copies.len()));
        }
        if self.sent > 0 {
            parts.push(format!("out: {} files", self.sent));
        }
        if let Some((n, why)) = &self.unshared {
            parts.push(unshared_text(*n, why));
        }
        format!("synced: {}", parts.join("; "))
    }
}

fn unshared_text(n: usize, why: &Unshared) -> String {
    let changes = if n == 1 { "change" } else { "changes" };
    match why {
        Unshared::Offline(_) => format!("{n} {changes} not yet shared: offline"),
        Unshared::NoRemote => format!("{n} {changes} not yet shared: no remote"),
    }
}

/// What `coopdash sync` prints.
impl fmt::Display for Report {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for r in &self.recovered {
            writeln!(f, "recovered: {r}")?;
        }
        match &self.committed {
            Some(c) => writeln!(f, "committed: {} (by {})", c.tally, c.authors.join(", "))?,
            None => writeln!(f, "committed: nothing new")?,
        }
        if self.came_in.tally.is_empty() {
            writeln!(f, "came in: nothing")?;
        } else {
            writeln!(f, "came in: {}", self.came_in.tally)?;
        }
        for (copy, of) in &self.came_in.copies {
            writeln!(
                f,
                "conflict: note {of} was edited here and there; theirs stays, ours is note {copy} (conflict_of: {of})"
            )?;
        }
        for id in &self.came_in.kept {
            writeln!(
                f,
                "kept: note {id} was deleted on one side and edited on the other; the edit is kept"
            )?;
        }
        writeln!(f, "went out: {} files", self.sent)?;
        match &self.unshared {
            None => writeln!(f, "not yet shared: nothing"),
            Some((n, why)) => {
                write!(f, "{}", unshared_text(*n, why))?;
                match why {
                    Unshared::Offline(said) => {
                        writeln!(f, " (git said: {said}); the next sync sends them")
                    }
                    Unshared::NoRemote => {
                        writeln!(f, "; add one: `git remote add origin URL`, then sync again")
                    }
                }
            }
        }
    }
}

/// [`sync`], one at a time per process: a second caller meanwhile (another
/// session of `serve`, its `--sync-every` thread) gets [`SyncError::Busy`]
/// at once instead of waiting.
pub fn sync_exclusive(opts: &Options) -> Result<Report, SyncError> {
    use std::sync::atomic::{AtomicBool, Ordering};
    static RUNNING: AtomicBool = AtomicBool::new(false);
    /// Lowers the flag however the sync ends (a panic included).
    struct Running;
    impl Drop for Running {
        fn drop(&mut self) {
            RUNNING.store(false, Ordering::Release);
        }
    }
    if RUNNING.swap(true, Ordering::AcqRel) {
        return Err(SyncError::Busy);
    }
    let _running = Running;
    sync(opts)
}

/// Syncs the workspace once. Syncs of one workspace by several processes
/// take turns (a lock in `.coopdash/`).
pub fn sync(opts: &Options) -> Result<Report, SyncError> {
    let git = Git::open(&opts.workspace, opts.timeout)?;
    let scope = scope(&git, &opts.workspace)?;
    let gitdir = PathBuf::from(git.ok(&["rev-parse", "--absolute-git-dir"])?);
    // One sync of a workspace at a time (two dashboards, a serve and a CLI).
    let state = opts.workspace.join(crate::curate::STATE_DIR);
    let _lock = crate::atomic::lock(&state, LOCK_FILE)
        .map_err(|e| SyncError::io(state.join(LOCK_FILE), e))?;
    let mut report = Report::default();
    preflight(&git, &scope, &gitdir, &mut report)?;
    let branch = git.run(&["symbolic-ref", "-q", "--short", "HEAD"])?;
    if branch.code != 0 {
        return Err(SyncError::Detached);
    }
    let branch = branch.text();
    report.committed = {
        let _held = hold(&opts.workspace)?;
        commit::commit(&git, &scope, &opts.author)?
    };
    let Some(remote) = remote(&git, &branch)? else {
        let n = unshared(&git, &scope, None)?;
        report.unshared = (n > 0).then_some((n, Unshared::NoRemote));
        return Ok(report);
    };
    let tracking = format!("refs/remotes/{}/{}", remote.name, remote.branch);
    for attempt in 0..=PUSH_RETRIES {
        match fetch(&git, &remote, &tracking)? {
            Fetched::Offline(said) => {
                let n = unshared(&git, &scope, Some(&tracking))?;
                report.unshared = (n > 0).then_some((n, Unshared::Offline(said)));
                return Ok(report);
            }
            Fetched::Empty => {}
            Fetched::Got => {
                let held = hold(&opts.workspace)?;
                let came =
                    merge::integrate(&git, &gitdir, &scope, &opts.author, &tracking, opts.take)?;
                drop(held);
                report.came_in.tally = merge_tallies(&report.came_in.tally, &came.tally);
                report.came_in.copies.extend(came.copies);
                report.came_in.kept.extend(came.kept);
            }
        }
        let n = unshared(&git, &scope, Some(&tracking))?;
        let ahead = git.run(&["rev-list", "--count", &format!("{tracking}..HEAD")])?;
        let nothing = ahead.code == 0 && ahead.text() == "0";
        if nothing {
            return Ok(report);
        }
        match push(&git, &remote, attempt == PUSH_RETRIES)? {
            Pushed::Done => {
                report.sent += n;
                return Ok(report);
            }
            Pushed::Offline(said) => {
                report.unshared = (n > 0).then_some((n, Unshared::Offline(said)));
                return Ok(report);
            }
            Pushed::Moved => {}
        }
    }
    unreachable!("the last push attempt returns")
}

/// Holds the curators' lock on `themes.yaml` and the notes folder's lock
/// (in that order, as curation does) while the sync reads or writes them:
/// a save or a curation waits, so it is neither half committed nor
/// overwritten by the merge. Not held while talking to the remote.
fn hold(workspace: &Path) -> Result<(std::fs::File, std::fs::File), SyncError> {
    let state = workspace.join(crate::curate::STATE_DIR);
    let themes = crate::atomic::lock(&state, crate::curate::LOCK_FILE)
        .map_err(|e| SyncError::io(state.join(crate::curate::LOCK_FILE), e))?;
    let notes = workspace.join(crate::notes::DIR);
    let folder = crate::atomic::lock(&notes, crate::notes::store::LOCK_FILE)
        .map_err(|e| SyncError::io(notes.join(crate::notes::store::LOCK_FILE), e))?;
    Ok((themes, folder))
}

fn merge_tallies(a: &Tally, b: &Tally) -> Tally {
    let add = |x: [usize; 3], y: [usize; 3]| [x[0] + y[0], x[1] + y[1], x[2] + y[2]];
    Tally {
        notes: add(a.notes, b.notes),
        seeds: add(a.seeds, b.seeds),
        themes: [a.themes.as_str(), b.themes.as_str()]
            .into_iter()
            .filter(|t| !t.is_empty())
            .collect::<Vec<_>>()
            .join(" "),
    }
}

/// The workspace's place in the repository.
pub(super) fn scope(git: &Git, workspace: &Path) -> Result<Scope, SyncError> {
    let top = git
        .top
        .canonicalize()
        .map_err(|e| SyncError::io(&git.top, e))?;
    let ws = workspace
        .canonicalize()
        .map_err(|e| SyncError::io(workspace, e))?;
    let rel = ws.strip_prefix(&top).unwrap_or(Path::new(""));
    let mut prefix = rel.to_string_lossy().into_owned();
    if !prefix.is_empty() {
        prefix.push('/');
    }
    Ok(Scope { prefix })
}

/// Refuses what must not be synced and repairs what an interrupted sync
/// left.
fn preflight(
    git: &Git,
    scope: &Scope,
    gitdir: &Path,
    report: &mut Report,
) -> Result<(), SyncError> {
    let private = format!("{}{}", scope.prefix, crate::curate::STATE_DIR);
    let tracked = git.ok(&["ls-files", "-z", "--", &private])?;
    let files: Vec<&str> = tracked.split('\0').filter(|f| !f.is_empty()).collect();
    if let Some(first) = files.first() {
        return Err(SyncError::PrivateTracked {
            first: crate::text::sanitize(first).into_owned(),
            more: files.len() - 1,
        });
    }
    let lock = gitdir.join("index.lock");
    if let Ok(meta) = std::fs::symlink_metadata(&lock) {
        let age = meta
            .modified()
            .ok()
            .and_then(|m| SystemTime::now().duration_since(m).ok())
            .unwrap_or_default();
        let running = git_running_in(&git.top);
        if age < git.timeout || running {
            return Err(SyncError::Locked {
                path: lock,
                age: age.as_secs(),
                running,
            });
        }
        std::fs::remove_file(&lock).map_err(|e| SyncError::io(&lock, e))?;
        report.recovered.push(format!(
            "removed {}, left {}s ago by a git that was stopped (no git is running in the repository)",
            lock.display(),
            age.as_secs()
        ));
    }
    let marker = gitdir.join(merge::MARKER);
    if gitdir.join("MERGE_HEAD").exists() {
        if marker.exists() {
            merge::abort(git, &marker);
            report.recovered.push(
                "undid the merge an interrupted sync had started; it is made again now".into(),
            );
        } else {
            return Err(SyncError::Midway {
                what: "merge",
                fix: "finish it (resolve, `git add`, `git commit`) or undo it (`git merge --abort`), then sync again",
            });
        }
    } else if marker.exists() {
        let _ = std::fs::remove_file(&marker);
    }
    let midway: [(&str, &'static str, &'static str); 4] = [
        (
            "rebase-merge",
            "rebase",
            "`git rebase --continue` or `git rebase --abort`, then sync again",
        ),
        (
            "rebase-apply",
            "rebase",
            "`git rebase --continue` or `git rebase --abort` (`git am --abort` for am), then sync again",
        ),
        (
            "CHERRY_PICK_HEAD",
            "cherry-pick",
            "`git cherry-pick --continue` or `git cherry-pick --abort`, then sync again",
        ),
        (
            "REVERT_HEAD",
            "revert",
            "`git revert --continue` or `git revert --abort`, then sync again",
        ),
    ];
    for (file, what, fix) in midway {
        if gitdir.join(file).exists() {
            return Err(SyncError::Midway { what, fix });
        }
    }
    Ok(())
}

/// Whether a `git` process is working in the repository at `top` (Linux:
/// by `/proc`; elsewhere nothing is seen, and the lock's age decides).
fn git_running_in(top: &Path) -> bool {
    let Ok(procs) = std::fs::read_dir("/proc") else {
        return false;
    };
    let top = top.canonicalize().unwrap_or_else(|_| top.to_path_buf());
    procs.flatten().any(|p| {
        let dir = p.path();
        let comm = std::fs::read_to_string(dir.join("comm")).unwrap_or_default();
        comm.trim() == "git"
            && std::fs::read_link(dir.join("cwd")).is_ok_and(|cwd| cwd.starts_with(&top))
    })
}

/// The remote and branch a branch syncs with.
struct Remote {
    name: String,
    branch: String,
    /// Whether the branch has no upstream yet (the push sets it).
    set_upstream: bool,
}

fn remote(git: &Git, branch: &str) -> Result<Option<Remote>, SyncError> {
    let get = |key: String| -> Result<String, SyncError> {
        Ok(git.run(&["config", "--get", &key])?.text())
    };
    let name = get(format!("branch.{branch}.remote"))?;
    let merge = get(format!("branch.{branch}.merge"))?;
    if !name.is_empty() && name != "." && !merge.is_empty() {
        return Ok(Some(Remote {
            name,
            branch: merge
                .strip_prefix("refs/heads/")
                .unwrap_or(&merge)
                .to_string(),
            set_upstream: false,
        }));
    }
    let remotes = git.ok(&["remote"])?;
    let remotes: Vec<&str> = remotes.lines().collect();
    let name = if remotes.contains(&"origin") {
        "origin"
    } else if let [only] = remotes[..] {
        only
    } else {
        return Ok(None);
    };
    Ok(Some(Remote {
        name: name.into(),
        branch: branch.into(),
        set_upstream: true,
    }))
}

enum Fetched {
    Got,
    /// The remote has no such branch yet.
    Empty,
    Offline(String),
}

fn fetch(git: &Git, remote: &Remote, tracking: &str) -> Result<Fetched, SyncError> {
    let spec = format!("+refs/heads/{}:{tracking}", remote.branch);
    // A remote that does not answer in time is as good as offline.
    let out = match git.run(&["fetch", "--quiet", "--no-tags", &remote.name, &spec]) {
        Err(SyncError::Timeout { after, .. }) => {
            return Ok(Fetched::Offline(format!(
                "no answer within {}s",
                after.as_secs()
            )));
        }
        other => other?,
    };
    if out.code == 0 {
        return Ok(Fetched::Got);
    }
    if out.stderr.contains("couldn't find remote ref") {
        return Ok(Fetched::Empty);
    }
    Ok(Fetched::Offline(out.said()))
}

enum Pushed {
    Done,
    /// Rejected: the remote moved on.
    Moved,
    Offline(String),
}

fn push(git: &Git, remote: &Remote, last: bool) -> Result<Pushed, SyncError> {
    let spec = format!("HEAD:refs/heads/{}", remote.branch);
    let mut args = vec!["push", "--quiet", "--porcelain"];
    if remote.set_upstream {
        args.push("--set-upstream");
    }
    args.extend([remote.name.as_str(), spec.as_str()]);
    let out = match git.run(&args) {
        Err(SyncError::Timeout { after, .. }) => {
            return Ok(Pushed::Offline(format!(
                "no answer within {}s",
                after.as_secs()
            )));
        }
        other => other?,
    };
    if out.code == 0 {
        return Ok(Pushed::Done);
    }
    let all = format!("{}\n{}", out.text(), out.stderr);
    let moved = [
        "[rejected]",
        "non-fast-forward",
        "fetch first",
        "cannot lock ref",
        "stale info",
        "failed to update ref",
    ]
    .iter()
    .any(|s| all.contains(s));
    if moved && !last {
        return Ok(Pushed::Moved);
    }
    if moved || all.contains("[remote rejected]") || all.contains("hook declined") {
        return Err(git::failure(&args, &out));
    }
    Ok(Pushed::Offline(out.said()))
}

/// Synced files changed in local commits the remote does not have.
fn unshared(git: &Git, scope: &Scope, tracking: Option<&str>) -> Result<usize, SyncError> {
    if git
        .run(&["rev-parse", "-q", "--verify", "HEAD^{commit}"])?
        .code
        != 0
    {
        return Ok(0);
    }
    let from = match tracking {
        Some(t)
            if git
                .run(&["rev-parse", "-q", "--verify", &format!("{t}^{{commit}}")])?
                .code
                == 0 =>
        {
            git.ok(&["merge-base", t, "HEAD"])?
        }
        _ => git.ok(&["hash-object", "-t", "tree", "--stdin"])?,
    };
    Ok(merge::incoming(git, scope, Some(&from), Some("HEAD"))?.files())
}
