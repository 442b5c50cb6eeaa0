//! Integrating the remote's commits with a merge (never a rebase), then
//! settling every synced file both sides changed by coopdash's own rules,
//! so a note never holds conflict markers and the repository is never left
//! mid-merge:
//! - a note edited on both sides: theirs stays at its path, ours becomes a
//!   new note with `conflict_of` (the rule of [`crate::notes::Store`]);
//! - a note deleted on one side and edited on the other: the edit wins;
//! - `themes.yaml`: merged per item ([`super::themes`]);
//! - a seed file changed on both sides: a conflict.
//!
//! A conflict undoes the merge (`git merge --abort`): the local commit
//! stays and nothing is pushed.

use super::commit::{Part, Scope, Tally, message};
use super::error::{Conflict, SyncError};
use super::git::Git;
use super::themes::{self, Merged, Take};
use crate::notes::format::{parse, render};
use crate::notes::model::{new_id, now};
use std::collections::BTreeSet;
use std::path::PathBuf;

/// The file in the git folder that says a merge under way is ours (an
/// interrupted sync's, to undo).
pub const MARKER: &str = "coopdash-merge";

/// What integrating the remote did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Integrated {
    /// What came in.
    pub tally: Tally,
    /// Conflict copies made: (the copy's id, the note it conflicts with).
    pub copies: Vec<(String, String)>,
    /// Notes deleted on one side and edited on the other: kept, edited.
    pub kept: Vec<String>,
}

/// Merges `theirs` (a commit) into HEAD.
pub fn integrate(
    git: &Git,
    gitdir: &std::path::Path,
    scope: &Scope,
    syncer: &str,
    theirs: &str,
    take: Option<Take>,
) -> Result<Integrated, SyncError> {
    let mut done = Integrated::default();
    let head = git.run(&["rev-parse", "-q", "--verify", "HEAD^{commit}"])?;
    if head.code != 0 {
        // Nothing here yet: take theirs as it is.
        git.ok(&["merge", "--ff-only", "--quiet", theirs])?;
        done.tally = incoming(git, scope, None, Some(theirs))?;
        return Ok(done);
    }
    let head = head.text();
    if git
        .run(&["merge-base", "--is-ancestor", theirs, &head])?
        .code
        == 0
    {
        return Ok(done);
    }
    if git
        .run(&["merge-base", "--is-ancestor", &head, theirs])?
        .code
        == 0
    {
        git.ok(&["merge", "--ff-only", "--quiet", theirs])?;
        done.tally = incoming(git, scope, Some(&head), Some(theirs))?;
        return Ok(done);
    }
    let base = git.ok(&["merge-base", &head, theirs])?;
    let marker = gitdir.join(MARKER);
    crate::atomic::write(&marker, head.as_bytes()).map_err(|e| SyncError::io(&marker, e))?;
    let merged = git.run(&[
        "merge",
        "--no-commit",
        "--no-ff",
        "--no-edit",
        "-X",
        "no-renames",
        "--quiet",
        theirs,
    ])?;
    // 0: merged, 1: conflicts left; anything else did not start.
    if merged.code > 1 || !gitdir.join("MERGE_HEAD").exists() {
        let _ = std::fs::remove_file(&marker);
        return Err(super::git::failure(&["merge", theirs], &merged));
    }
    let settled = settle(git, scope, &base, &head, theirs, take, &mut done);
    let settled = settled.and_then(|()| {
        let left = git.ok(&["ls-files", "-u", "-z"])?;
        if left.is_empty() {
            Ok(())
        } else {
            let paths: BTreeSet<String> = left
                .split('\0')
                .filter_map(|l| l.split_once('\t').map(|(_, p)| p.to_string()))
                .collect();
            Err(SyncError::Git {
                command: "merge".into(),
                code: 1,
                said: format!(
                    "conflicts in files coopdash does not sync: {}",
                    paths.into_iter().collect::<Vec<_>>().join(", ")
                ),
                hint: "; merge them by hand (`git merge @{u}`), then sync again".into(),
            })
        }
    });
    if let Err(e) = settled {
        abort(git, &marker);
        // Copies of our versions, which the kept local commit still holds.
        for (copy, _) in &done.copies {
            let _ = std::fs::remove_file(
                git.top
                    .join(&scope.prefix)
                    .join(crate::notes::DIR)
                    .join(format!("{copy}.md")),
            );
        }
        return Err(e);
    }
    let mut summary = format!(
        "merge remote changes: {}",
        incoming(git, scope, Some(&head), None)?
    );
    if !done.copies.is_empty() {
        summary.push_str(&format!("; conflict copies: {}", done.copies.len()));
    }
    let commit = git.ok(&[
        "commit",
        "--quiet",
        "-m",
        &message(&summary, &[syncer.to_string()]),
    ]);
    if let Err(e) = commit {
        abort(git, &marker);
        return Err(e);
    }
    let _ = std::fs::remove_file(&marker);
    // What theirs brought (our conflict copies are not news).
    done.tally = incoming(git, scope, Some(&base), Some(theirs))?;
    Ok(done)
}

/// Undoes the merge under way and forgets it was ours.
pub fn abort(git: &Git, marker: &std::path::Path) {
    let _ = git.run(&["merge", "--abort"]);
    let _ = std::fs::remove_file(marker);
}

/// Settles every synced path both sides changed since `base`.
fn settle(
    git: &Git,
    scope: &Scope,
    base: &str,
    ours: &str,
    theirs: &str,
    take: Option<Take>,
    done: &mut Integrated,
) -> Result<(), SyncError> {
    let ours_changed = changed(git, scope, base, ours)?;
    let theirs_changed = changed(git, scope, base, theirs)?;
    let mut conflicts = Vec::new();
    for path in ours_changed.intersection(&theirs_changed) {
        let Some(part) = scope.part(path) else {
            continue;
        };
        let b = blob(git, base, path)?;
        let o = blob(git, ours, path)?;
        let t = blob(git, theirs, path)?;
        if o == t {
            // The same change on both sides (two deletions included).
            put(git, path, o.as_deref())?;
            continue;
        }
        match part {
            Part::Note => note(git, path, o, t, done)?,
            // Sources are added or replaced whole: a side taken takes the file.
            Part::Seed if take.is_some() => {
                let kept = if take == Some(Take::Theirs) { &t } else { &o };
                put(git, path, kept.as_deref())?;
            }
            Part::Seed => conflicts.push(Conflict {
                file: path.clone(),
                item: String::new(),
                ours: presence(o.as_deref()),
                theirs: presence(t.as_deref()),
            }),
            Part::Themes => {
                fn text(b: &Option<Vec<u8>>) -> Option<std::borrow::Cow<'_, str>> {
                    b.as_deref().map(String::from_utf8_lossy)
                }
                let (bt, ot, tt) = (text(&b), text(&o), text(&t));
                let (Some(ot), Some(tt)) = (ot, tt) else {
                    conflicts.push(Conflict {
                        file: path.clone(),
                        item: String::new(),
                        ours: presence(o.as_deref()),
                        theirs: presence(t.as_deref()),
                    });
                    continue;
                };
                match themes::merge3(bt.as_deref(), &ot, &tt, take) {
                    Ok(Merged::Text(merged)) => put(git, path, Some(merged.as_bytes()))?,
                    Ok(Merged::Conflicts(c)) => conflicts.extend(c),
                    Err(why) => conflicts.push(Conflict {
                        file: path.clone(),
                        item: format!("(cannot merge automatically: {why})"),
                        ours: "changed".into(),
                        theirs: "changed".into(),
                    }),
                }
            }
        }
    }
    if conflicts.is_empty() {
        Ok(())
    } else {
        Err(SyncError::Conflict(conflicts))
    }
}

/// A note both sides changed.
fn note(
    git: &Git,
    path: &str,
    ours: Option<Vec<u8>>,
    theirs: Option<Vec<u8>>,
    done: &mut Integrated,
) -> Result<(), SyncError> {
    let id = path
        .rsplit('/')
        .next()
        .and_then(|n| n.strip_suffix(".md"))
        .unwrap_or_default()
        .to_string();
    match (ours, theirs) {
        // Deleted on one side, edited on the other: the edit wins.
        (None, Some(edit)) | (Some(edit), None) => {
            put(git, path, Some(&edit))?;
            done.kept.push(id);
        }
        (Some(ours), Some(theirs)) => {
            put(git, path, Some(&theirs))?;
            let file = git.top.join(path);
            let dir = file.parent().map(PathBuf::from).unwrap_or_default();
            let (copy_id, bytes) = match parse(&file, &ours) {
                Ok(mut note) => {
                    note.id = new_id();
                    note.conflict_of = Some(id.clone());
                    note.created = now();
                    note.updated = note.created;
                    (note.id.clone(), render(&note).into_bytes())
                }
                // Not a note we can read: kept byte for byte all the same.
                Err(_) => (new_id(), ours),
            };
            let copy = dir.join(format!("{copy_id}.md"));
            crate::atomic::create(&copy, &bytes).map_err(|e| SyncError::io(&copy, e))?;
            let rel = copy
                .strip_prefix(&git.top)
                .map(|p| p.to_string_lossy().into_owned())
                .unwrap_or_default();
            git.with_paths(&["add"], &[rel])?;
            done.copies.push((copy_id, id));
        }
        (None, None) => put(git, path, None)?,
    }
    Ok(())
}

/// Sets a path in the working tree and the index to `bytes`, or removes it.
fn put(git: &Git, path: &str, bytes: Option<&[u8]>) -> Result<(), SyncError> {
    let file = git.top.join(path);
    match bytes {
        Some(b) => {
            crate::atomic::write(&file, b).map_err(|e| SyncError::io(&file, e))?;
            git.with_paths(&["add"], &[path.to_string()])
        }
        None => {
            match std::fs::remove_file(&file) {
                Err(e) if e.kind() != std::io::ErrorKind::NotFound => {
                    return Err(SyncError::io(&file, e));
                }
                _ => {}
            }
            git.with_paths(
                &["rm", "--cached", "--quiet", "--ignore-unmatch"],
                &[path.to_string()],
            )
        }
    }
}

/// The synced paths changed between two commits.
fn changed(git: &Git, scope: &Scope, from: &str, to: &str) -> Result<BTreeSet<String>, SyncError> {
    let mut args = vec!["diff", "--name-only", "-z", "--no-renames", from, to, "--"];
    let specs = scope.pathspecs();
    args.extend(specs.iter().map(String::as_str));
    let out = git.run(&args)?;
    if out.code != 0 {
        return Err(super::git::failure(&args, &out));
    }
    Ok(out.fields().into_iter().collect())
}

/// A file's bytes at a commit, `None` if it has none.
fn blob(git: &Git, rev: &str, path: &str) -> Result<Option<Vec<u8>>, SyncError> {
    let spec = format!("{rev}:{path}");
    if git.run(&["cat-file", "-e", &spec])?.code != 0 {
        return Ok(None);
    }
    let out = git.run(&["cat-file", "blob", &spec])?;
    if out.code != 0 {
        return Err(super::git::failure(&["cat-file", "blob", &spec], &out));
    }
    Ok(Some(out.stdout))
}

fn presence(b: Option<&[u8]>) -> String {
    match b {
        Some(b) => format!("changed ({} bytes)", b.len()),
        None => "removed".into(),
    }
}

/// What changed in the synced paths from `from` (`None`: nothing) to `to`
/// (`None`: the index).
pub fn incoming(
    git: &Git,
    scope: &Scope,
    from: Option<&str>,
    to: Option<&str>,
) -> Result<Tally, SyncError> {
    let empty;
    let from = match from {
        Some(f) => f,
        None => {
            empty = git.ok(&["hash-object", "-t", "tree", "--stdin"])?;
            &empty
        }
    };
    let mut args = vec!["diff", "--name-status", "-z", "--no-renames"];
    match to {
        Some(to) => args.extend([from, to]),
        None => args.extend(["--cached", from]),
    }
    args.push("--");
    let specs = scope.pathspecs();
    args.extend(specs.iter().map(String::as_str));
    let out = git.run(&args)?;
    if out.code != 0 {
        return Err(super::git::failure(&args, &out));
    }
    let fields = out.fields();
    let mut tally = Tally::default();
    let mut themes_changed = false;
    for pair in fields.chunks(2) {
        let [status, path] = pair else { continue };
        if let Some(part) = scope.part(path) {
            tally.count(part, status.chars().next().unwrap_or('M'));
            themes_changed |= part == Part::Themes;
        }
    }
    if themes_changed {
        let path = format!("{}{}", scope.prefix, crate::workspace::THEMES_FILE);
        let text = |rev: &str| -> Result<Option<String>, SyncError> {
            Ok(blob(git, rev, &path)?.map(|b| String::from_utf8_lossy(&b).into_owned()))
        };
        // `:path` is the index's version.
        let summary = themes::summary(text(from)?.as_deref(), text(to.unwrap_or(""))?.as_deref());
        if !summary.is_empty() {
            tally.themes = summary;
        }
    }
    Ok(tally)
}
