//! The notes tests' fixture: a small workspace, the real
//! binary, and helpers to look at a notes folder.

use coopdash::notes::{Store, format};
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

pub use super::{stderr, stdout};
use tempfile::TempDir;

pub const THEMES: &str = "\
sources:
  - id: talk
    file: talk.txt
    lang: ar
themes:
  - id: cybercrime
    name: {en: Cybercrime, ar: الجريمة السيبرية}
    entities: [interpol]
    links:
      - source: talk
        quote: الجريمة السيبرية
  - id: maritime
    name: {en: Maritime security, ar: الأمن البحري}
entities:
  - id: interpol
    kind: organization
    name: {en: INTERPOL, ar: الإنتربول}
";

pub const TALK: &str = "\
اجتماع الأمينين العامين

ناقش الأمينان العامان مجالات التعاون، ومنها الجريمة السيبرية والفساد.

The Secretaries-General discussed cybercrime, corruption and maritime security.

وأكد الإنتربول أهمية الشراكة مع الأمم المتحدة.
";

/// A temporary workspace (readable by every user, for the tests that run
/// the binary as `nobody`) with an empty `notes/` path (not created).
pub struct Fixture {
    pub root: TempDir,
    /// Recovery files go here (`XDG_STATE_HOME`), never in the user's home.
    pub state: PathBuf,
}

impl Fixture {
    pub fn new() -> Fixture {
        Fixture::in_dir(&std::env::temp_dir())
    }

    /// A fixture in memory (`/dev/shm`) when there is one, where fsync costs
    /// nothing: for the tests of many concurrent writers, which are about
    /// locking and ids, not about durability on power loss (no test here
    /// can cut the power).
    pub fn in_memory() -> Fixture {
        let shm = Path::new("/dev/shm");
        if shm.is_dir() {
            Fixture::in_dir(shm)
        } else {
            Fixture::new()
        }
    }

    fn in_dir(parent: &Path) -> Fixture {
        let root = tempfile::tempdir_in(parent).unwrap();
        write_workspace(root.path(), THEMES, TALK);
        let state = root.path().join("state");
        std::fs::create_dir(&state).unwrap();
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let open = |p: &Path, m| {
                std::fs::set_permissions(p, std::fs::Permissions::from_mode(m)).unwrap()
            };
            open(root.path(), 0o755);
            open(&state, 0o777);
        }
        Fixture { root, state }
    }

    pub fn ws(&self) -> &Path {
        self.root.path()
    }

    pub fn notes(&self) -> PathBuf {
        self.root.path().join("notes")
    }

    /// The workspace as loaded by the library.
    pub fn workspace(&self) -> coopdash::model::Workspace {
        coopdash::workspace::load(self.ws()).unwrap()
    }

    /// The real binary on this workspace and notes folder, with a clean
    /// environment for the settings that matter.
    pub fn cmd(&self, args: &[&str]) -> Command {
        let mut c = super::coopdash();
        c.arg("--workspace")
            .arg(self.ws())
            .arg("--notes")
            .arg(self.notes())
            .args(args)
            .env("XDG_STATE_HOME", &self.state)
            .env("COOPDASH_AUTHOR", "tester")
            .env_remove("COOPDASH_NOTES")
            .env_remove("VISUAL")
            .env_remove("EDITOR");
        c
    }

    /// Runs the binary to completion with `stdin` as its input.
    pub fn run(&self, args: &[&str], stdin: &str) -> Output {
        run_with_input(self.cmd(args), stdin)
    }

    /// Files in the recovery folder.
    pub fn recovered(&self) -> Vec<PathBuf> {
        files(&self.state.join("coopdash/recovery"))
    }
}

pub fn write_workspace(root: &Path, themes: &str, talk: &str) {
    std::fs::create_dir_all(root.join("seeds")).unwrap();
    std::fs::write(root.join("themes.yaml"), themes).unwrap();
    std::fs::write(root.join("seeds/talk.txt"), talk).unwrap();
}

pub fn run_with_input(mut cmd: Command, stdin: &str) -> Output {
    use std::io::Write;
    use std::process::Stdio;
    let mut child = cmd
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut input = child.stdin.take().unwrap();
    let text = stdin.to_string();
    let feeder = std::thread::spawn(move || {
        let _ = input.write_all(text.as_bytes());
    });
    let out = child.wait_with_output().unwrap();
    feeder.join().unwrap();
    out
}

/// Asserts success and returns stdout's one line (an id).
pub fn ok_line(o: &Output) -> String {
    assert!(o.status.success(), "failed: {}\n{}", o.status, stderr(o));
    stdout(o).trim().to_string()
}

/// Every file in `dir` (hidden ones too), sorted; none if it is missing.
pub fn files(dir: &Path) -> Vec<PathBuf> {
    let mut out: Vec<PathBuf> = match std::fs::read_dir(dir) {
        Ok(e) => e.map(|e| e.unwrap().path()).collect(),
        Err(_) => vec![],
    };
    out.sort();
    out
}

/// The note files (`*.md`) in `dir`.
pub fn note_files(dir: &Path) -> Vec<PathBuf> {
    files(dir)
        .into_iter()
        .filter(|p| p.extension().is_some_and(|e| e == "md"))
        .collect()
}

/// Asserts every note file parses, and returns the store.
pub fn open_clean(dir: &Path) -> Store {
    for f in note_files(dir) {
        let bytes = std::fs::read(&f).unwrap();
        if let Err(p) = format::parse(&f, &bytes) {
            panic!("{p}\n{}", String::from_utf8_lossy(&bytes));
        }
    }
    let store = Store::open(dir).unwrap();
    assert_eq!(store.problems().count(), 0);
    store
}
