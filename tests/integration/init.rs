//! `coopdash init`, with the real binary: a workspace that `check --strict`
//! passes, refusals that change nothing, and `--git`'s first commit.

use crate::support::{coopdash, require_tool, stderr, stdout};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// `coopdash ARGS` with no settings file and no workspace from the
/// environment.
fn run(args: &[&str]) -> Output {
    coopdash()
        .args(args)
        .env("COOPDASH_CONFIG", "/dev/null")
        .env_remove("COOPDASH_WORKSPACE")
        .output()
        .unwrap()
}

/// Every file under `dir` with its bytes, and every folder (as `None`).
fn tree(dir: &Path) -> BTreeMap<PathBuf, Option<Vec<u8>>> {
    let mut out = BTreeMap::new();
    let mut todo = vec![dir.to_path_buf()];
    while let Some(d) = todo.pop() {
        for e in std::fs::read_dir(&d).unwrap() {
            let path = e.unwrap().path();
            let rel = path.strip_prefix(dir).unwrap().to_path_buf();
            if path.is_dir() {
                out.insert(rel, None);
                todo.push(path);
            } else {
                out.insert(rel, Some(std::fs::read(&path).unwrap()));
            }
        }
    }
    out
}

#[test]
fn init_makes_a_workspace_that_check_strict_passes() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("new");
    let elsewhere = tmp.path().join("elsewhere");
    // DIR wins over -w.
    let out = run(&[
        "-w",
        elsewhere.to_str().unwrap(),
        "init",
        dir.to_str().unwrap(),
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(
        !elsewhere.exists(),
        "-w is not where init writes when DIR is given"
    );
    for f in ["themes.yaml", "seeds/example.txt", ".gitignore"] {
        assert!(dir.join(f).is_file(), "{f} is created");
    }
    let check = run(&["-w", dir.to_str().unwrap(), "check", "--strict"]);
    assert!(check.status.success(), "{}", stderr(&check));
    assert!(
        stdout(&check).contains("1 theme, 1 link, 1 partner body"),
        "{}",
        stdout(&check)
    );
    let ignore = std::fs::read_to_string(dir.join(".gitignore")).unwrap();
    for line in [".coopdash/", "notes/.lock", "notes/.*.tmp", "notes/.trash/"] {
        assert!(ignore.lines().any(|l| l == line), "{line} in {ignore}");
    }
    // Every field is explained.
    let themes = std::fs::read_to_string(dir.join("themes.yaml")).unwrap();
    assert!(themes.matches('#').count() > 20, "{themes}");
    // Without DIR, -w says where.
    let out = run(&["-w", elsewhere.to_str().unwrap(), "init"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(elsewhere.join("themes.yaml").is_file());
}

#[test]
fn a_second_init_refuses_and_changes_nothing() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().to_str().unwrap();
    assert!(run(&["init", dir]).status.success());
    // A note and an edit of their own, as after a day's work.
    std::fs::write(tmp.path().join("seeds/mine.txt"), "My own source.\n").unwrap();
    let before = tree(tmp.path());
    let out = run(&["init", dir]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains("already holds themes.yaml: nothing was changed"),
        "{}",
        stderr(&out)
    );
    assert_eq!(
        tree(tmp.path()),
        before,
        "the tree is byte for byte the same"
    );
}

#[test]
fn init_refuses_a_folder_with_seeds_or_themes() {
    for existing in ["seeds", "themes.yaml"] {
        let tmp = tempfile::tempdir().unwrap();
        let path = tmp.path().join(existing);
        if existing == "seeds" {
            std::fs::create_dir(&path).unwrap();
            std::fs::write(path.join("a.txt"), "A source.\n").unwrap();
        } else {
            std::fs::write(&path, "themes: []\n").unwrap();
        }
        let before = tree(tmp.path());
        let out = run(&["init", tmp.path().to_str().unwrap()]);
        assert_eq!(out.status.code(), Some(1), "{existing}");
        assert!(
            stderr(&out).contains(&format!("already holds {existing}")),
            "{}",
            stderr(&out)
        );
        assert_eq!(tree(tmp.path()), before, "{existing}: nothing changed");
    }
}

/// git isolated from this machine's configuration, with its own identity.
fn git(dir: &Path, args: &[&str]) -> String {
    let out = Command::new("git")
        .args(args)
        .current_dir(dir)
        .envs(git_env())
        .output()
        .unwrap();
    assert!(out.status.success(), "git {args:?}: {}", stderr(&out));
    stdout(&out)
}

fn git_env() -> [(&'static str, &'static str); 6] {
    [
        ("GIT_CONFIG_GLOBAL", "/dev/null"),
        ("GIT_CONFIG_NOSYSTEM", "1"),
        ("GIT_AUTHOR_NAME", "Salma Analyst"),
        ("GIT_AUTHOR_EMAIL", "salma@example.org"),
        ("GIT_COMMITTER_NAME", "Salma Analyst"),
        ("GIT_COMMITTER_EMAIL", "salma@example.org"),
    ]
}

#[test]
fn init_git_makes_a_clean_repository_with_one_commit() {
    if !require_tool("git") {
        return;
    }
    let tmp = tempfile::tempdir().unwrap();
    let out = coopdash()
        .args(["init", "--git", tmp.path().to_str().unwrap()])
        .env("COOPDASH_CONFIG", "/dev/null")
        .envs(git_env())
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(git(tmp.path(), &["status", "--porcelain"]), "");
    assert_eq!(
        git(tmp.path(), &["rev-list", "--count", "HEAD"]).trim(),
        "1"
    );
    let files = git(tmp.path(), &["ls-files"]);
    assert_eq!(
        files.lines().collect::<Vec<_>>(),
        [".gitignore", "seeds/example.txt", "themes.yaml"]
    );
    // What must never be shared is ignored.
    std::fs::create_dir_all(tmp.path().join(".coopdash")).unwrap();
    std::fs::write(tmp.path().join(".coopdash/host_key"), "secret").unwrap();
    std::fs::create_dir_all(tmp.path().join("notes/.trash")).unwrap();
    std::fs::write(tmp.path().join("notes/.lock"), "").unwrap();
    std::fs::write(tmp.path().join("notes/.n.md.1.2.tmp"), "").unwrap();
    std::fs::write(tmp.path().join("notes/.trash/x.md"), "").unwrap();
    assert_eq!(git(tmp.path(), &["status", "--porcelain"]), "");
}

#[test]
fn init_git_without_git_says_so() {
    let tmp = tempfile::tempdir().unwrap();
    let out = coopdash()
        .args(["init", "--git", tmp.path().to_str().unwrap()])
        .env("COOPDASH_CONFIG", "/dev/null")
        .env("PATH", tmp.path())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains("git is not installed"),
        "{}",
        stderr(&out)
    );
    assert!(
        tmp.path().join("themes.yaml").is_file(),
        "the workspace is made"
    );
}
