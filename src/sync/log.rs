//! Who changed what and when: the history of the synced files, with the
//! authors from the `Coopdash-Author:` trailers (one commit of `serve` can
//! hold several analysts' work), else git's author.

use super::error::SyncError;
use super::git::Git;
use std::path::Path;

/// One change in the history.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Change {
    /// The commit (abbreviated).
    pub commit: String,
    /// When (the author date, RFC 3339).
    pub when: String,
    /// Who: the trailers' authors, else the commit's author.
    pub who: Vec<String>,
    /// The commit's subject (what changed).
    pub what: String,
}

/// The changes to a note (`TARGET` is its id), to a theme or partner body
/// (the commits whose summary names it), or to the whole workspace
/// (`None`), newest first, at most `limit`. A theme's or body's changes
/// leave merges out: a merge's summary names what came in, changed by
/// someone else.
pub fn history(
    workspace: &Path,
    target: Option<&str>,
    limit: usize,
    timeout: std::time::Duration,
) -> Result<Vec<Change>, SyncError> {
    commits(workspace, target, limit, timeout, target.is_none())
}

fn commits(
    workspace: &Path,
    target: Option<&str>,
    limit: usize,
    timeout: std::time::Duration,
    merges: bool,
) -> Result<Vec<Change>, SyncError> {
    let git = Git::open(workspace, timeout)?;
    let prefix = super::scope(&git, workspace)?.prefix;
    let note = target.map(|t| format!("{prefix}{}/{t}.md", crate::notes::DIR));
    let is_note = note.as_ref().is_some_and(|n| {
        git.top.join(n).is_file()
            || git
                .run(&["log", "-1", "--format=%H", "--", n])
                .is_ok_and(|o| o.code == 0 && !o.text().is_empty())
    });
    let paths: Vec<String> = match (&note, is_note) {
        (Some(n), true) => vec![n.clone()],
        (Some(_), false) => vec![format!("{prefix}{}", crate::workspace::THEMES_FILE)],
        (None, _) => super::commit::Scope { prefix }.pathspecs(),
    };
    let format = format!(
        "--format=%h%x1f%aI%x1f%an%x1f%(trailers:key={},valueonly,separator=%x1d)%x1f%s%x1e",
        super::AUTHOR_TRAILER
    );
    let max = if is_note || target.is_none() {
        limit.to_string()
    } else {
        // Filtered below by the subject: look further back.
        (limit * 20).max(1000).to_string()
    };
    let merges = merges || is_note;
    let mut args = vec!["log", "--no-color", "-n", &max, &format];
    if !merges {
        args.push("--no-merges");
    }
    args.push("--");
    args.extend(paths.iter().map(String::as_str));
    let out = git.run(&args)?;
    if out.code != 0 {
        // A repository without commits has no history.
        if out.stderr.contains("does not have any commits") {
            return Ok(Vec::new());
        }
        return Err(super::git::failure(&args, &out));
    }
    let text = String::from_utf8_lossy(&out.stdout).into_owned();
    let mut changes = Vec::new();
    for record in text.split('\x1e') {
        let fields: Vec<&str> = record.trim_start_matches('\n').split('\x1f').collect();
        let [commit, when, author, trailers, subject] = fields[..] else {
            continue;
        };
        if let Some(t) = target
            && !is_note
            && !subject
                .split(|c: char| c.is_whitespace() || c == ';' || c == ',')
                .any(|w| w == t)
        {
            continue;
        }
        let mut who: Vec<String> = trailers
            .split('\x1d')
            .map(str::trim)
            .filter(|a| !a.is_empty())
            .map(|a| crate::text::sanitize(a).into_owned())
            .collect();
        if who.is_empty() {
            who.push(crate::text::sanitize(author).into_owned());
        }
        changes.push(Change {
            commit: commit.into(),
            when: when.into(),
            who,
            what: crate::text::sanitize(subject).into_owned(),
        });
        if changes.len() >= limit {
            break;
        }
    }
    Ok(changes)
}

/// The last change of each theme, partner body and source named in the
/// history of `themes.yaml` (by the summaries sync writes: `~theme ID`),
/// by id: one `git log` for the whole workspace, for the Details pane.
pub fn last_changes(
    workspace: &Path,
    timeout: std::time::Duration,
) -> Result<std::collections::HashMap<String, Change>, SyncError> {
    let mut last = std::collections::HashMap::new();
    for change in commits(workspace, None, 1000, timeout, false)? {
        for id in named_items(&change.what) {
            last.entry(id).or_insert_with(|| change.clone());
        }
    }
    Ok(last)
}

/// The ids a sync summary names: `themes: +theme a ~partner body b`.
fn named_items(subject: &str) -> Vec<String> {
    let mut ids = Vec::new();
    let mut words = subject.split([' ', ';']).filter(|w| !w.is_empty());
    while let Some(w) = words.next() {
        let kind = w.trim_start_matches(['+', '~', '-']);
        if kind.len() == w.len() {
            continue;
        }
        let id = match kind {
            "theme" | "source" | "event" => words.next(),
            "partner" => words.nth(1),
            _ => None,
        };
        ids.extend(id.map(str::to_string));
    }
    ids
}

#[cfg(test)]
mod tests {
    #[test]
    fn summaries_name_their_items() {
        assert_eq!(
            super::named_items("themes: +theme a ~partner body b -theme c; seeds: +1 ~0 -0"),
            ["a", "b", "c"]
        );
        assert!(super::named_items("notes: +3 ~1 -0").is_empty());
    }
}
