//! Why a sync stopped, each with what to do about it.

use std::path::PathBuf;
use std::time::Duration;

/// How to start syncing a folder that is not a repository yet.
pub const HOW_TO_START: &str = "make it one: `git init`, commit, then `git remote add origin URL`; \
     or start a new workspace with `coopdash init --git DIR`";

/// A sync that could not finish. Whatever it is, the notes and
/// `themes.yaml` on disk are whole and the repository is usable.
#[derive(Debug, thiserror::Error)]
pub enum SyncError {
    /// No `git` on `PATH`.
    #[error("git is not installed or not on PATH; install git {min} or newer", min = super::git::MIN_VERSION_TEXT)]
    GitMissing,
    /// A `git` older than [`super::git::MIN_VERSION`].
    #[error("git {found} is too old: coopdash sync needs git {min} or newer", min = super::git::MIN_VERSION_TEXT)]
    GitTooOld {
        /// What `git --version` said.
        found: String,
    },
    /// The workspace is not inside a git repository.
    #[error("{} is not in a git repository: {HOW_TO_START}", .dir.display())]
    NotARepository {
        /// The workspace.
        dir: PathBuf,
    },
    /// `.coopdash/` (host key, authorized keys, drafts) is in the repository.
    #[error(
        "refusing to sync: .coopdash/ is tracked by git ({first} and {more} more), and it holds the \
         host key, authorized_keys and drafts, which must never leave this host. \
         Untrack it with `git rm -r --cached .coopdash` and commit; add `/.coopdash/` to .gitignore"
    )]
    PrivateTracked {
        /// The first tracked file.
        first: String,
        /// How many more.
        more: usize,
    },
    /// HEAD is not on a branch.
    #[error("HEAD is detached: switch to the workspace's branch first (`git switch main`)")]
    Detached,
    /// A merge, rebase, cherry-pick or revert that coopdash did not start.
    #[error("the repository is in the middle of a {what} that coopdash did not start: {fix}")]
    Midway {
        /// What is under way.
        what: &'static str,
        /// The commands that finish or undo it.
        fix: &'static str,
    },
    /// `index.lock` is held by a git that may still be running.
    #[error(
        "{} exists ({age}s old){running}: another git is working in this repository. \
         Wait and sync again; if no git is running, remove it (`rm {}`)",
        .path.display(), .path.display(),
        running = if *.running { " and a git process is running in the repository" } else { "" }
    )]
    Locked {
        /// The lock file.
        path: PathBuf,
        /// Its age in seconds.
        age: u64,
        /// Whether a git process was seen working in the repository.
        running: bool,
    },
    /// Another sync is running in this process (another session's `S`,
    /// or `serve --sync-every`).
    #[error(
        "a sync is already running here (another analyst's S, or --sync-every); try again in a moment"
    )]
    Busy,
    /// A git command ran past the timeout and was killed.
    #[error("`git {command}` took longer than {}s and was stopped; check the network or the remote, or raise --git-timeout", .after.as_secs())]
    Timeout {
        /// The command.
        command: String,
        /// The limit.
        after: Duration,
    },
    /// Ctrl-C or a signal stopped the sync (and the git it was running).
    #[error("sync interrupted; the next `coopdash sync` picks up where this one stopped")]
    Interrupted,
    /// Git wanted something from a person (a password, a passphrase, a PIN).
    #[error("`git {command}` needed {wanted}, and a sync cannot ask: {hint}\n  git said: {said}")]
    Prompt {
        /// The command.
        command: String,
        /// What git wanted.
        wanted: &'static str,
        /// How to give it to git without a prompt.
        hint: &'static str,
        /// Git's own message (last lines).
        said: String,
    },
    /// A git command failed.
    #[error("`git {command}` failed (exit {code}): {said}{hint}")]
    Git {
        /// The command.
        command: String,
        /// Its exit code (-1: killed by a signal).
        code: i32,
        /// Git's message (last lines).
        said: String,
        /// What to do, when known (starts with `; `).
        hint: String,
    },
    /// Both sides changed the same thing to different values: the merge was
    /// undone, the local commit kept, nothing pushed.
    #[error("{}", conflicts_text(.0))]
    Conflict(Vec<Conflict>),
    /// A file could not be read or written.
    #[error("{}: {cause}", .path.display())]
    Io {
        /// The file.
        path: PathBuf,
        /// Why.
        cause: std::io::Error,
    },
}

/// One true conflict: the same field (or seed file) set to two values.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Conflict {
    /// The file (`themes.yaml`, `seeds/x.txt`).
    pub file: String,
    /// The item and field (`theme cybercrime: name.en`), empty for a whole file.
    pub item: String,
    /// This host's value.
    pub ours: String,
    /// The remote's value.
    pub theirs: String,
}

fn conflicts_text(conflicts: &[Conflict]) -> String {
    let mut out = String::from(
        "sync stopped: both sides changed the same thing; nothing was pushed, the local commit is kept \
         and the repository is as it was before the merge",
    );
    for c in conflicts {
        if c.item.is_empty() {
            out.push_str(&format!(
                "\n  {}: changed here and on the remote ({} here, {} there)",
                c.file, c.ours, c.theirs
            ));
        } else {
            out.push_str(&format!(
                "\n  {} {}: here {}, there {}",
                c.file, c.item, c.ours, c.theirs
            ));
        }
    }
    out.push_str(
        "\n  settle it: keep one side for all of these with `coopdash sync --take theirs` (or \
         `--take ours`); or set each here to the value you agree on after taking theirs",
    );
    out
}

impl SyncError {
    /// An I/O error on `path`.
    pub fn io(path: impl Into<PathBuf>, cause: std::io::Error) -> SyncError {
        SyncError::Io {
            path: path.into(),
            cause,
        }
    }
}
