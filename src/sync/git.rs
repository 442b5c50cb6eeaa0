//! Running the user's own `git`, as lazygit does, so remotes, SSH keys,
//! credential helpers, hooks and signing work as they set them up — but
//! never waiting on a person: no terminal prompt, no askpass program,
//! stdin closed, SSH in batch mode unless the user chose their own SSH
//! command, and a timeout after which the command (and what it started)
//! is killed. Output is captured up to a cap.

use super::error::SyncError;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::OnceLock;
use std::time::{Duration, Instant};

/// The oldest git supported: 2.30 (Debian 11, Ubuntu 22.04 ship newer).
/// What is used needs 2.22 at most (`%(trailers:key=…,valueonly)`,
/// `merge -X no-renames`, `rev-parse --absolute-git-dir`); 2.30 is the
/// oldest we vouch for.
pub const MIN_VERSION: (u32, u32) = (2, 30);
/// [`MIN_VERSION`] as text.
pub const MIN_VERSION_TEXT: &str = "2.30";

/// The default time a git command may take.
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(120);

/// Most output kept from one command (the rest is read and dropped).
const OUTPUT_CAP: usize = 16 * 1024 * 1024;

/// Set by SIGINT, SIGTERM or SIGHUP once [`stop_on_signals`] ran.
static INTERRUPTED: OnceLock<std::sync::Arc<std::sync::atomic::AtomicBool>> = OnceLock::new();

/// Makes Ctrl-C (SIGINT), SIGTERM and SIGHUP stop the running git command
/// and everything it started (it runs in its own process group, out of
/// the terminal's reach), then end the sync with [`SyncError::Interrupted`].
/// For `coopdash sync`; the dashboard has its own signal handling.
pub fn stop_on_signals() -> std::io::Result<()> {
    use signal_hook::consts::{SIGHUP, SIGINT, SIGTERM};
    let flag = INTERRUPTED.get_or_init(Default::default);
    for signal in [SIGINT, SIGTERM, SIGHUP] {
        signal_hook::flag::register(signal, flag.clone())?;
    }
    Ok(())
}

fn interrupted() -> bool {
    INTERRUPTED
        .get()
        .is_some_and(|f| f.load(std::sync::atomic::Ordering::Relaxed))
}

/// What a finished git command said.
#[derive(Debug)]
pub struct Output {
    /// Exit code (-1: killed by a signal).
    pub code: i32,
    /// Standard output (capped).
    pub stdout: Vec<u8>,
    /// Standard error (capped).
    pub stderr: String,
}

impl Output {
    /// Standard output as text, trailing line break trimmed.
    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.stdout)
            .trim_end_matches('\n')
            .to_string()
    }

    /// The `\0`-separated fields of `-z` output.
    pub fn fields(&self) -> Vec<String> {
        self.stdout
            .split(|&b| b == 0)
            .filter(|f| !f.is_empty())
            .map(|f| String::from_utf8_lossy(f).into_owned())
            .collect()
    }

    /// The last lines of standard error, for messages.
    pub fn said(&self) -> String {
        let lines: Vec<&str> = self
            .stderr
            .lines()
            .filter(|l| !l.trim().is_empty())
            .collect();
        let tail = &lines[lines.len().saturating_sub(4)..];
        crate::text::sanitize(&tail.join(" / ")).into_owned()
    }
}

/// A repository's git, run from its top folder.
#[derive(Debug, Clone)]
pub struct Git {
    /// The working tree's top folder.
    pub top: PathBuf,
    /// How long one command may take.
    pub timeout: Duration,
    /// `GIT_SSH_COMMAND` to set (batch-mode SSH), when the user set none.
    ssh: Option<String>,
}

impl Git {
    /// Git for the repository holding `dir`. Checks the version (once per
    /// process) and that `dir` is in a working tree.
    pub fn open(dir: &Path, timeout: Duration) -> Result<Git, SyncError> {
        check_version()?;
        let probe = Git {
            top: dir.to_path_buf(),
            timeout,
            ssh: None,
        };
        let out = probe.run_raw(&["rev-parse", "--show-toplevel"])?;
        if out.code != 0 {
            return Err(SyncError::NotARepository {
                dir: dir.to_path_buf(),
            });
        }
        let mut git = Git {
            top: PathBuf::from(out.text()),
            timeout,
            ssh: None,
        };
        // Batch mode makes ssh fail instead of asking for a password or a
        // passphrase on /dev/tty (stdin being closed does not stop it).
        // A user who set their own ssh command keeps it untouched.
        let own = std::env::var_os("GIT_SSH_COMMAND").is_some()
            || std::env::var_os("GIT_SSH").is_some()
            || !git
                .run(&["config", "--get", "core.sshCommand"])?
                .text()
                .is_empty();
        if !own {
            git.ssh = Some("ssh -o BatchMode=yes".into());
        }
        Ok(git)
    }

    /// Runs `git ARGS`; a non-zero exit is an error.
    pub fn ok(&self, args: &[&str]) -> Result<String, SyncError> {
        let out = self.run(args)?;
        if out.code != 0 {
            return Err(failure(args, &out));
        }
        Ok(out.text())
    }

    /// Runs `git ARGS`; the exit code is the caller's to judge, but a
    /// prompt git could not show is always an error.
    pub fn run(&self, args: &[&str]) -> Result<Output, SyncError> {
        let out = self.run_raw(args)?;
        if out.code != 0
            && let Some(e) = prompt(args, &out)
        {
            return Err(e);
        }
        Ok(out)
    }

    /// Runs git with paths appended after `--`, in batches that fit a
    /// command line.
    pub fn with_paths(&self, args: &[&str], paths: &[String]) -> Result<(), SyncError> {
        for chunk in paths.chunks(500) {
            let mut all: Vec<&str> = args.to_vec();
            all.push("--");
            all.extend(chunk.iter().map(String::as_str));
            self.ok(&all)?;
        }
        Ok(())
    }

    fn run_raw(&self, args: &[&str]) -> Result<Output, SyncError> {
        let mut cmd = Command::new("git");
        cmd.arg("-C").arg(&self.top).args(args);
        quiet(&mut cmd);
        if let Some(ssh) = &self.ssh {
            cmd.env("GIT_SSH_COMMAND", ssh);
        }
        run_bounded(cmd, args, self.timeout)
    }
}

/// The environment that keeps git from asking anyone anything.
fn quiet(cmd: &mut Command) {
    cmd.stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .env("GIT_TERMINAL_PROMPT", "0")
        // Set but empty: git skips askpass (core.askPass included) and,
        // with prompts off, fails instead.
        .env("GIT_ASKPASS", "")
        .env_remove("SSH_ASKPASS")
        .env("SSH_ASKPASS_REQUIRE", "never")
        .env("GIT_EDITOR", "true")
        .env("GIT_MERGE_AUTOEDIT", "no")
        .env("GIT_PAGER", "cat")
        .env("GIT_LITERAL_PATHSPECS", "1")
        .env("GIT_OPTIONAL_LOCKS", "0")
        // Messages in English: they are matched below.
        .env("LC_ALL", "C")
        .env_remove("LANGUAGE");
    // Its own process group: a timeout kills git and the ssh it started.
    std::os::unix::process::CommandExt::process_group(cmd, 0);
}

/// Spawns, reads both pipes on threads (capped), kills the group on
/// timeout.
fn run_bounded(mut cmd: Command, args: &[&str], timeout: Duration) -> Result<Output, SyncError> {
    if interrupted() {
        return Err(SyncError::Interrupted);
    }
    let mut child = match cmd.spawn() {
        Ok(c) => c,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Err(SyncError::GitMissing),
        Err(e) => return Err(SyncError::io("git", e)),
    };
    let reader = |pipe: Option<Box<dyn Read + Send>>| {
        std::thread::spawn(move || {
            let mut kept = Vec::new();
            if let Some(pipe) = pipe {
                let mut pipe = pipe;
                let _ = (&mut pipe).take(OUTPUT_CAP as u64).read_to_end(&mut kept);
                let _ = std::io::copy(&mut pipe, &mut std::io::sink());
            }
            kept
        })
    };
    let out = reader(child.stdout.take().map(|p| Box::new(p) as _));
    let err = reader(child.stderr.take().map(|p| Box::new(p) as _));
    let start = Instant::now();
    let mut pause = Duration::from_millis(1);
    let status = loop {
        match child.try_wait() {
            Ok(Some(status)) => break status,
            Ok(None) if start.elapsed() >= timeout || interrupted() => {
                let group = rustix::process::Pid::from_raw(child.id() as i32);
                if let Some(group) = group {
                    let _ =
                        rustix::process::kill_process_group(group, rustix::process::Signal::KILL);
                }
                let _ = child.kill();
                let _ = child.wait();
                if interrupted() {
                    return Err(SyncError::Interrupted);
                }
                return Err(SyncError::Timeout {
                    command: shown(args),
                    after: timeout,
                });
            }
            Ok(None) => {
                std::thread::sleep(pause);
                pause = (pause * 2).min(Duration::from_millis(20));
            }
            Err(e) => return Err(SyncError::io("git", e)),
        }
    };
    let stdout = out.join().unwrap_or_default();
    let stderr = String::from_utf8_lossy(&err.join().unwrap_or_default()).into_owned();
    Ok(Output {
        code: status.code().unwrap_or(-1),
        stdout,
        stderr,
    })
}

/// Checks `git --version` once per process.
fn check_version() -> Result<(), SyncError> {
    static CHECKED: OnceLock<Result<(), String>> = OnceLock::new();
    let result = CHECKED.get_or_init(|| {
        let mut cmd = Command::new("git");
        cmd.arg("--version");
        quiet(&mut cmd);
        match run_bounded(cmd, &["--version"], DEFAULT_TIMEOUT) {
            Ok(out) if out.code == 0 => {
                let text = out.text();
                match parse_version(&text) {
                    Some(v) if v >= MIN_VERSION => Ok(()),
                    _ => Err(text),
                }
            }
            Ok(out) => Err(out.said()),
            Err(_) => Err(String::new()),
        }
    });
    match result {
        Ok(()) => Ok(()),
        Err(found) if found.is_empty() => Err(SyncError::GitMissing),
        Err(found) => Err(SyncError::GitTooOld {
            found: crate::text::sanitize(found).into_owned(),
        }),
    }
}

/// `git version 2.47.3` (or `2.39.2.windows.1`) → (2, 47).
pub fn parse_version(text: &str) -> Option<(u32, u32)> {
    let v = text.split_whitespace().nth(2)?;
    let mut parts = v.split('.');
    let major = parts.next()?.parse().ok()?;
    let minor = parts.next()?.parse().ok()?;
    Some((major, minor))
}

fn shown(args: &[&str]) -> String {
    let mut text = args.iter().take(6).copied().collect::<Vec<_>>().join(" ");
    if args.len() > 6 {
        text.push_str(" …");
    }
    crate::text::sanitize(&text).into_owned()
}

/// The error for a failed command, with a hint when git's message is
/// one we know.
pub fn failure(args: &[&str], out: &Output) -> SyncError {
    if let Some(e) = prompt(args, out) {
        return e;
    }
    let e = &out.stderr;
    let hint = if e.contains("Please tell me who you are") || e.contains("empty ident") {
        "; tell git who you are: `git config --global user.name \"NAME\"` and `git config --global user.email EMAIL`"
    } else if e.contains("index.lock") {
        "; another git holds the index: wait and sync again"
    } else if e.contains("unrelated histories") {
        "; this repository and the remote share no history: start from a clone of the remote \
         (`git clone URL`), copy your notes/ into it and sync there"
    } else if e.contains("would be overwritten") {
        "; a file there was changed while syncing: sync again"
    } else {
        ""
    };
    SyncError::Git {
        command: shown(args),
        code: out.code,
        said: out.said(),
        hint: hint.into(),
    }
}

/// A failure because git (or ssh, or gpg) wanted to ask someone.
fn prompt(args: &[&str], out: &Output) -> Option<SyncError> {
    let e = &out.stderr;
    let (wanted, hint) = if e.contains("terminal prompts disabled")
        || e.contains("could not read Username")
        || e.contains("could not read Password")
    {
        (
            "a user name or password",
            "store it in a credential helper (`git config --global credential.helper store`, or your system's), or use an SSH remote",
        )
    } else if e.contains("Permission denied (publickey")
        || e.contains("Host key verification failed")
    {
        (
            "an SSH key it could use, or a host key to trust",
            "load the key into ssh-agent (`ssh-add`), and connect once with `ssh HOST` to trust the host",
        )
    } else if e.contains("passphrase") {
        (
            "a passphrase",
            "load the key into an agent (`ssh-add`, or gpg-agent) before syncing",
        )
    } else if e.contains("gpg failed to sign") || e.contains("failed to sign the data") {
        (
            "a signing key's PIN or passphrase",
            "unlock the key in its agent first (e.g. sign one commit by hand), or turn signing off for this repository",
        )
    } else {
        return None;
    };
    Some(SyncError::Prompt {
        command: shown(args),
        wanted,
        hint,
        said: out.said(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn versions() {
        assert_eq!(parse_version("git version 2.47.3"), Some((2, 47)));
        assert_eq!(parse_version("git version 2.39.2.windows.1"), Some((2, 39)));
        assert_eq!(parse_version("git version 2.3"), Some((2, 3)));
        assert!(parse_version("git version 2.29.0").unwrap() < MIN_VERSION);
        assert_eq!(parse_version("nonsense"), None);
    }

    #[test]
    fn a_command_past_the_timeout_is_killed_with_what_it_started() {
        let marker = std::env::temp_dir().join(format!("coopdash-timeout-{}", std::process::id()));
        let mut cmd = Command::new("sh");
        // The grandchild would create the marker if it outlived the kill.
        cmd.arg("-c").arg(format!(
            "(sleep 2; touch '{}') & sleep 30",
            marker.display()
        ));
        quiet(&mut cmd);
        let start = Instant::now();
        let e = run_bounded(cmd, &["fetch"], Duration::from_millis(200)).unwrap_err();
        assert!(matches!(e, SyncError::Timeout { .. }), "{e}");
        assert!(start.elapsed() < Duration::from_secs(5));
        std::thread::sleep(Duration::from_millis(2500));
        assert!(!marker.exists(), "the process group was killed");
    }

    #[test]
    fn prompts_say_what_git_wanted() {
        let out = |stderr: &str| Output {
            code: 128,
            stdout: Vec::new(),
            stderr: stderr.into(),
        };
        let e = failure(
            &["push"],
            &out("fatal: could not read Username for 'https://x': terminal prompts disabled"),
        );
        assert!(
            e.to_string().contains("needed a user name or password"),
            "{e}"
        );
        let e = failure(
            &["fetch"],
            &out(
                "git@x: Permission denied (publickey).\nfatal: Could not read from remote repository.",
            ),
        );
        assert!(e.to_string().contains("ssh-add"), "{e}");
        let e = failure(
            &["commit"],
            &out("error: gpg failed to sign the data\nfatal: failed to write commit object"),
        );
        assert!(e.to_string().contains("signing key"), "{e}");
        let e = failure(&["commit"], &out("*** Please tell me who you are."));
        assert!(
            e.to_string().contains("git config --global user.name"),
            "{e}"
        );
    }
}
