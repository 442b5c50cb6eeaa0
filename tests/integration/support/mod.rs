//! Shared by every integration test: the repository and the binary, the
//! seed workspace (loaded once, copied on demand), the one dashboard
//! harness (`ui`), tmux and ssh drivers, the notes fixture, waiting for
//! events, and the rules for outside tools and privileges.

pub mod extras;
pub mod notes;
pub mod ssh;
pub mod ssh_client;
pub mod tmux;
pub mod ui;

use coopdash::model::Workspace;
use std::path::Path;
use std::process::{Command, Output};
use std::sync::OnceLock;
use std::time::{Duration, Instant};

/// The repository: the bundled workspace and the fixtures.
pub fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// The real binary.
pub fn bin() -> &'static str {
    env!("CARGO_BIN_EXE_coopdash")
}

/// A command running the real binary.
pub fn coopdash() -> Command {
    Command::new(bin())
}

/// The bundled seed workspace, loaded once per test binary.
pub fn seed() -> Workspace {
    static SEED: OnceLock<Workspace> = OnceLock::new();
    SEED.get_or_init(|| coopdash::workspace::load(root()).expect("the bundled workspace loads"))
        .clone()
}

/// A copy of the bundled workspace (`themes.yaml` and `seeds/`) in a
/// temporary folder, for tests that write into it (notes, exports, the
/// search cache).
pub fn seed_copy() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    copy_seed_to(dir.path());
    dir
}

/// Copies the bundled workspace into `to` (created if missing).
pub fn copy_seed_to(to: &Path) {
    std::fs::create_dir_all(to.join("seeds")).unwrap();
    std::fs::copy(root().join("themes.yaml"), to.join("themes.yaml")).unwrap();
    for f in std::fs::read_dir(root().join("seeds")).unwrap() {
        let f = f.unwrap();
        std::fs::copy(f.path(), to.join("seeds").join(f.file_name())).unwrap();
    }
}

/// The running test's name (libtest names each test's thread after it).
fn test_name() -> String {
    std::thread::current()
        .name()
        .unwrap_or("this test")
        .to_string()
}

/// Skips (returns false) when `tool` is not installed, saying so plainly;
/// panics instead when COOPDASH_REQUIRE_TOOLS is set (`.ci/run`, which
/// installs every tool, so nothing may skip there).
pub fn require_tool(tool: &str) -> bool {
    let found = Command::new("sh")
        .arg("-c")
        .arg(format!("command -v '{tool}'"))
        .output()
        .is_ok_and(|o| o.status.success());
    if !found {
        assert!(
            std::env::var_os("COOPDASH_REQUIRE_TOOLS").is_none(),
            "{}: `{tool}` is required (COOPDASH_REQUIRE_TOOLS is set) but not installed",
            test_name()
        );
        eprintln!(
            "skipped: {}: this test needs `{tool}`, which is not installed",
            test_name()
        );
    }
    found
}

/// Whether `python3` can import `module` (installed by `.ci/run` from PyPI),
/// skipping or failing as [`require_tool`] does.
pub fn require_python_module(module: &str) -> bool {
    let found = Command::new("python3")
        .args(["-c", &format!("import {module}")])
        .output()
        .is_ok_and(|o| o.status.success());
    if !found {
        assert!(
            std::env::var_os("COOPDASH_REQUIRE_TOOLS").is_none(),
            "{}: the Python module `{module}` is required (COOPDASH_REQUIRE_TOOLS is set) but not installed",
            test_name()
        );
        eprintln!(
            "skipped: {}: this test needs the Python module `{module}` (pip install {module})",
            test_name()
        );
    }
    found
}

/// All of `tools`, each checked (and reported) by [`require_tool`].
pub fn require_tools(tools: &[&str]) -> bool {
    tools.iter().all(|t| require_tool(t))
}

/// Skips (returns false) when `result` says a privilege is missing (a mount
/// refused, a user switch not permitted), saying what and why; panics
/// instead when COOPDASH_REQUIRE_PRIVILEGED is set (`.ci/run`, as root).
/// Kept apart from [`require_tool`]: a developer may have every tool and
/// still not be root.
pub fn require_privilege(what: &str, result: Result<(), String>) -> bool {
    let Err(why) = result else { return true };
    assert!(
        std::env::var_os("COOPDASH_REQUIRE_PRIVILEGED").is_none(),
        "{}: cannot {what} (COOPDASH_REQUIRE_PRIVILEGED is set): {why}",
        test_name()
    );
    eprintln!(
        "skipped: {}: this test needs to {what}, which is not permitted here: {why}",
        test_name()
    );
    false
}

/// Whether this process may mount a tmpfs in a private mount namespace
/// (`unshare -m`), as the fault tests do. Checks the tools first.
pub fn can_mount() -> Option<bool> {
    if !require_tools(&["unshare", "mount"]) {
        return None;
    }
    let dir = tempfile::tempdir().unwrap();
    let out = Command::new("unshare")
        .args(["-m", "mount", "-t", "tmpfs", "-o", "size=64k", "tmpfs"])
        .arg(dir.path())
        .output()
        .unwrap();
    let result = if out.status.success() {
        Ok(())
    } else {
        Err(stderr(&out))
    };
    Some(require_privilege(
        "mount in a private namespace (unshare -m)",
        result,
    ))
}

/// `setpriv` arguments that run a command as `nobody`, when `setpriv` is
/// there and switching users is permitted (else the test skips, see
/// [`require_privilege`]).
pub fn as_nobody() -> Option<[&'static str; 4]> {
    const ARGS: [&str; 4] = [
        "setpriv",
        "--reuid=65534",
        "--regid=65534",
        "--clear-groups",
    ];
    if !require_tool("setpriv") {
        return None;
    }
    let out = Command::new(ARGS[0])
        .args(&ARGS[1..])
        .arg("true")
        .output()
        .unwrap();
    let result = if out.status.success() {
        Ok(())
    } else {
        Err(stderr(&out))
    };
    require_privilege("run a command as nobody (setpriv)", result).then_some(ARGS)
}

/// Polls `cond` every 20 ms until it holds; panics with `what` (and the
/// last state `cond` reported) after `timeout`. Timeouts are generous
/// deadlines for something that must happen, never the property tested.
pub fn wait_until<T>(
    what: &str,
    timeout: Duration,
    mut cond: impl FnMut() -> Result<T, String>,
) -> T {
    let start = Instant::now();
    loop {
        match cond() {
            Ok(v) => return v,
            Err(last) => assert!(
                start.elapsed() < timeout,
                "timed out after {timeout:?} waiting for {what}; last seen:\n{last}"
            ),
        }
        std::thread::sleep(Duration::from_millis(20));
    }
}

/// Runs `f` on its own thread and panics if it has not finished within
/// `deadline`: for "never hangs" properties, where a hang would otherwise
/// stall the whole test run. The deadline is generous (tens of seconds on
/// a debug build), far above the time the work takes and far below
/// forever.
pub fn finishes_within<T: Send + 'static>(
    what: &str,
    deadline: Duration,
    f: impl FnOnce() -> T + Send + 'static,
) -> T {
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let _ = tx.send(f());
    });
    match rx.recv_timeout(deadline) {
        Ok(v) => v,
        Err(std::sync::mpsc::RecvTimeoutError::Timeout) => {
            panic!("{what} did not finish within {deadline:?}")
        }
        Err(std::sync::mpsc::RecvTimeoutError::Disconnected) => {
            panic!("{what} panicked (see above)")
        }
    }
}

/// This test binary, run again for the one ignored test `test` (its full
/// path, e.g. `notes_faults::child_probe`): for work that needs its own
/// process (its own environment, a process to kill or to wrap).
pub fn rerun(test: &str) -> Command {
    let mut c = Command::new(std::env::current_exe().unwrap());
    c.args([
        "--ignored",
        "--exact",
        test,
        "--nocapture",
        "-q",
        "--test-threads=1",
    ]);
    c
}

pub fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

pub fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// The cell where `text` starts on `screen` (one line a row): its column
/// and row.
pub fn cell(screen: &str, text: &str) -> (u16, u16) {
    screen
        .lines()
        .enumerate()
        .find_map(|(y, line)| {
            let at = line.find(text)?;
            Some((line[..at].chars().count() as u16, y as u16))
        })
        .unwrap_or_else(|| panic!("{text:?} is not on the screen:\n{screen}"))
}
