//! The local commit: what changed in the synced paths, staged by explicit
//! paths (never `git add -A`), a message that names it, and one
//! `Coopdash-Author:` trailer per author.

use super::error::SyncError;
use super::git::Git;
use super::themes;
use crate::notes::format::{MAX_FILE_BYTES, parse};
use crate::workspace::{SEEDS_DIR, THEMES_FILE};
use std::collections::BTreeSet;
use std::fmt;
use std::path::Path;

/// The trailer that names who made a change.
pub const AUTHOR_TRAILER: &str = "Coopdash-Author";

/// Where the synced files are: the workspace's folder inside the
/// repository (`""` at the top, else ending in `/`).
#[derive(Debug, Clone)]
pub struct Scope {
    /// The workspace relative to the repository's top, `/`-terminated.
    pub prefix: String,
}

/// What a synced path is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Part {
    /// A note, analyst link or rejection (`notes/ID.md`).
    Note,
    /// `themes.yaml`.
    Themes,
    /// A file under `seeds/`.
    Seed,
}

impl Scope {
    /// The pathspecs of everything synced, for git.
    pub fn pathspecs(&self) -> Vec<String> {
        [crate::notes::DIR, THEMES_FILE, SEEDS_DIR]
            .iter()
            .map(|p| format!("{}{p}", self.prefix))
            .collect()
    }

    /// Which part a repository path is, if it is synced at all. Hidden
    /// names (`.lock`, `.x.tmp`, `.trash/`) and `.coopdash/` never are.
    pub fn part(&self, path: &str) -> Option<Part> {
        let rel = path.strip_prefix(&self.prefix)?;
        if rel == THEMES_FILE {
            return Some(Part::Themes);
        }
        let (top, rest) = rel.split_once('/')?;
        let hidden = rest.split('/').any(|c| c.starts_with('.') || c.is_empty());
        match top {
            _ if hidden => None,
            crate::notes::DIR if !rest.contains('/') && rest.ends_with(".md") => Some(Part::Note),
            SEEDS_DIR => Some(Part::Seed),
            _ => None,
        }
    }
}

/// Counts of added, changed and removed files, per part.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Tally {
    /// Notes: added, changed, removed.
    pub notes: [usize; 3],
    /// Seeds: added, changed, removed.
    pub seeds: [usize; 3],
    /// `themes.yaml`'s item summary (`~theme a`), or `~` when changed
    /// without an item changing, empty when unchanged.
    pub themes: String,
}

impl Tally {
    /// Counts one file's change: `A`, `M` or `D`.
    pub fn count(&mut self, part: Part, status: char) {
        let slot = match status {
            'A' => 0,
            'D' => 2,
            _ => 1,
        };
        match part {
            Part::Note => self.notes[slot] += 1,
            Part::Seed => self.seeds[slot] += 1,
            Part::Themes if self.themes.is_empty() => self.themes = "~".into(),
            Part::Themes => {}
        }
    }

    /// Whether nothing changed.
    pub fn is_empty(&self) -> bool {
        self.notes == [0; 3] && self.seeds == [0; 3] && self.themes.is_empty()
    }

    /// How many files changed.
    pub fn files(&self) -> usize {
        self.notes.iter().chain(&self.seeds).sum::<usize>() + usize::from(!self.themes.is_empty())
    }
}

/// `notes: +3 ~1 -0; themes: ~theme a; seeds: +1` (parts that did not
/// change are left out).
impl fmt::Display for Tally {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut parts = Vec::new();
        let counts = |c: [usize; 3]| format!("+{} ~{} -{}", c[0], c[1], c[2]);
        if self.notes != [0; 3] {
            parts.push(format!("notes: {}", counts(self.notes)));
        }
        if !self.themes.is_empty() {
            parts.push(format!("themes: {}", self.themes));
        }
        if self.seeds != [0; 3] {
            parts.push(format!("seeds: {}", counts(self.seeds)));
        }
        f.write_str(&parts.join("; "))
    }
}

/// A local commit made by a sync.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Committed {
    /// What it holds.
    pub tally: Tally,
    /// Its authors.
    pub authors: Vec<String>,
}

/// Commits every change to the synced paths. `None` when there was none.
pub fn commit(git: &Git, scope: &Scope, syncer: &str) -> Result<Option<Committed>, SyncError> {
    let mut args = vec![
        "status",
        "--porcelain=v1",
        "-z",
        "--untracked-files=all",
        "--no-renames",
        "--",
    ];
    let specs = scope.pathspecs();
    args.extend(specs.iter().map(String::as_str));
    let out = git.run(&args)?;
    if out.code != 0 {
        return Err(super::git::failure(&args, &out));
    }
    let mut tally = Tally::default();
    let mut add = Vec::new();
    let mut remove = Vec::new();
    let mut authors = BTreeSet::new();
    for entry in out.fields() {
        let (Some(xy), Some(path)) = (entry.get(..2), entry.get(3..)) else {
            continue;
        };
        let Some(part) = scope.part(path) else {
            continue;
        };
        let file = git.top.join(path);
        let present = std::fs::symlink_metadata(&file).is_ok();
        let status = match xy {
            _ if !present => 'D',
            "??" => 'A',
            _ if xy.starts_with('A') => 'A',
            _ => 'M',
        };
        tally.count(part, status);
        if part == Part::Note && present {
            authors.insert(note_author(&file).unwrap_or_else(|| syncer.to_string()));
        } else {
            authors.insert(syncer.to_string());
        }
        if present {
            add.push(path.to_string());
        } else {
            remove.push(path.to_string());
        }
    }
    if tally.is_empty() {
        return Ok(None);
    }
    if tally.themes == "~" {
        let path = format!("{}{THEMES_FILE}", scope.prefix);
        let old = git.run(&["show", &format!("HEAD:{path}")])?;
        let old = (old.code == 0).then(|| String::from_utf8_lossy(&old.stdout).into_owned());
        let new = std::fs::read_to_string(git.top.join(&path)).ok();
        let summary = themes::summary(old.as_deref(), new.as_deref());
        if !summary.is_empty() {
            tally.themes = summary;
        }
    }
    git.with_paths(&["add"], &add)?;
    git.with_paths(&["rm", "--cached", "--quiet", "--ignore-unmatch"], &remove)?;
    let authors: Vec<String> = authors.into_iter().collect();
    let message = message(&tally.to_string(), &authors);
    // Only the synced paths: anything else the user staged stays staged.
    let mut all: Vec<String> = add;
    all.extend(remove);
    let mut args = vec!["commit", "--quiet", "-m", &message, "--only", "--"];
    if all.len() <= 500 {
        args.extend(all.iter().map(String::as_str));
        git.ok(&args)?;
    } else {
        // Too many for one command line: the parts' folders instead.
        args.extend(
            specs
                .iter()
                .filter(|s| all.iter().any(|p| p.starts_with(s.as_str())))
                .map(String::as_str),
        );
        git.ok(&args)?;
    }
    Ok(Some(Committed { tally, authors }))
}

/// A commit message: the summary, a blank line, the trailers.
pub fn message(summary: &str, authors: &[String]) -> String {
    let mut text = format!("{summary}\n\n");
    for a in authors {
        text.push_str(&format!("{AUTHOR_TRAILER}: {}\n", trailer_value(a)));
    }
    text
}

/// An author name as a trailer value: one line, no controls.
fn trailer_value(name: &str) -> String {
    let one: String = name
        .chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect();
    let one = one.split_whitespace().collect::<Vec<_>>().join(" ");
    if one.is_empty() {
        "unknown".into()
    } else {
        one
    }
}

/// The author in a note file's front matter.
fn note_author(path: &Path) -> Option<String> {
    let dir = path.parent()?;
    let name = path.file_name()?.to_str()?;
    let bytes =
        crate::fsio::read_within(crate::fsio::open_in(dir, name).ok()?, MAX_FILE_BYTES).ok()?;
    parse(path, &bytes).ok().map(|n| n.author)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parts_leave_out_private_and_transient_files() {
        let scope = Scope {
            prefix: "ws/".into(),
        };
        assert_eq!(scope.part("ws/notes/a.md"), Some(Part::Note));
        assert_eq!(scope.part("ws/themes.yaml"), Some(Part::Themes));
        assert_eq!(scope.part("ws/seeds/x/y.txt"), Some(Part::Seed));
        for private in [
            "ws/notes/.lock",
            "ws/notes/.a.md.1.tmp",
            "ws/notes/.trash/a.md",
            "ws/.coopdash/host_key",
            "ws/seeds/.x.tmp",
            "themes.yaml",
            "ws/other.txt",
        ] {
            assert_eq!(scope.part(private), None, "{private}");
        }
    }

    #[test]
    fn message_has_one_trailer_per_author() {
        let mut t = Tally::default();
        t.count(Part::Note, 'A');
        t.count(Part::Note, 'A');
        t.count(Part::Note, 'M');
        t.count(Part::Seed, 'A');
        let m = message(&t.to_string(), &["ana".into(), "bo\nb".into()]);
        assert_eq!(
            m,
            "notes: +2 ~1 -0; seeds: +1 ~0 -0\n\nCoopdash-Author: ana\nCoopdash-Author: bo b\n"
        );
    }
}
