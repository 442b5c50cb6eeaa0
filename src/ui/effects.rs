//! Carrying out what `update` asked for: the dashboard's file I/O. A
//! [`Job`] holds everything it needs, so a runner can run it on any thread
//! (the local runner on a worker thread, `serve` with `spawn_blocking`, so
//! one analyst's large export never stalls another's keys); its [`Done`]
//! comes back through the session's one entrance. An import or an export
//! reports its progress ([`Job::progress`]) for the status bar.

use super::export_prompt;
use super::notes::{Purpose, new_note};
use super::state::Why;
use super::update::edited_message;
use crate::atomic;
use crate::curate;
use crate::export::{self, Extras, Format};
use crate::model::Workspace;
use crate::notes::Bundle;
use crate::notes::{
    Deleted, Draft, DraftStore, NoteKind, NotesError, Recovery, SharedNotes, Stored,
};
use crate::progress::{self, Progress};
use crate::workspace::Limits;
use rustix::fs::{AtFlags, Mode, OFlags, mkdirat, openat, unlinkat};
use rustix::io::Errno;
use std::fs;
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// A piece of I/O, ready to run anywhere.
pub struct Job(Work);

enum Work {
    Save {
        notes: Option<Arc<SharedNotes>>,
        purpose: Purpose,
        body: String,
        author: String,
        draft: String,
    },
    Delete {
        notes: Option<Arc<SharedNotes>>,
        base: Stored,
    },
    Restore {
        notes: Option<Arc<SharedNotes>>,
        id: String,
    },
    KeepDraft {
        store: Option<DraftStore>,
        draft: Draft,
    },
    DropDraft {
        store: Option<DraftStore>,
        id: String,
    },
    Export {
        ws: Arc<Workspace>,
        notes: Bundle,
        format: Format,
        path: PathBuf,
        confine: Option<PathBuf>,
        progress: Arc<Progress>,
    },
    Curate {
        root: PathBuf,
        limits: Limits,
        edit: curate::Edit,
        why: Why,
    },
    Promote {
        root: PathBuf,
        notes: Option<Arc<SharedNotes>>,
        limits: Limits,
        id: String,
    },
    Import {
        root: PathBuf,
        limits: Limits,
        typed: String,
        confine: bool,
        progress: Arc<Progress>,
    },
    Sync {
        root: PathBuf,
        author: String,
        take: Option<crate::sync::Take>,
    },
    History {
        root: PathBuf,
    },
}

/// What a job did, for `update`.
#[derive(Debug)]
pub enum Done {
    /// A note save: the draft it came from, and the store's answer.
    Saved {
        /// The draft id of the editor that saved.
        draft: String,
        /// A message, or why not.
        result: Result<String, NotesError>,
    },
    /// A note delete.
    Deleted(Result<Deleted, NotesError>),
    /// A note brought back from the trash.
    Restored(Result<Box<Stored>, NotesError>),
    /// A draft written (or why not).
    DraftKept(Result<PathBuf, String>),
    /// A draft removed (or why not).
    DraftDropped(Result<(), String>),
    /// An export: what was written, or why not.
    Exported(Result<String, String>),
    /// A curation edit: what it did and how to take it back, or why not.
    Curated {
        /// Why it was applied.
        why: Why,
        /// What it did, or why not.
        result: Result<Box<curate::Applied>, String>,
    },
    /// An analyst link promoted: the curated link added, or why not.
    Promoted(Result<Box<curate::Applied>, String>),
    /// An import: what was imported, or why not.
    Imported(Result<String, String>),
    /// The last change of each item, from git (empty outside a
    /// repository).
    History(crate::ui::sync::LastChanges),
    /// A sync: what came in and went out, and the last change of each
    /// item (read once per sync); or why it stopped.
    Synced(Result<(String, crate::ui::sync::LastChanges), crate::ui::sync::Stopped>),
}

impl Done {
    /// Whether the notes folder changed, so every session should reload.
    pub fn changed_notes(&self) -> bool {
        matches!(
            self,
            Done::Saved { result: Ok(_), .. }
                | Done::Deleted(Ok(_))
                | Done::Restored(Ok(_))
                | Done::Promoted(Ok(_))
        )
    }
}

impl Job {
    /// Saves the text of draft `draft` for `purpose` as `author`.
    pub fn save(
        notes: Option<Arc<SharedNotes>>,
        purpose: Purpose,
        body: String,
        author: String,
        draft: String,
    ) -> Job {
        Job(Work::Save {
            notes,
            purpose,
            body,
            author,
            draft,
        })
    }

    /// Deletes the note `base` was read as.
    pub fn delete(notes: Option<Arc<SharedNotes>>, base: Stored) -> Job {
        Job(Work::Delete { notes, base })
    }

    /// Brings the note `id` back from the trash.
    pub fn restore(notes: Option<Arc<SharedNotes>>, id: String) -> Job {
        Job(Work::Restore { notes, id })
    }

    /// Writes `draft` to `store`.
    pub fn keep_draft(store: Option<DraftStore>, draft: Draft) -> Job {
        Job(Work::KeepDraft { store, draft })
    }

    /// Removes draft `id` from `store`.
    pub fn drop_draft(store: Option<DraftStore>, id: String) -> Job {
        Job(Work::DropDraft { store, id })
    }

    /// Applies `edit` to `themes.yaml` in `root`.
    pub fn curate(root: &Path, limits: Limits, edit: curate::Edit, why: Why) -> Job {
        Job(Work::Curate {
            root: root.to_path_buf(),
            limits,
            edit,
            why,
        })
    }

    /// Promotes the analyst link of note `id` to a curated link.
    pub fn promote(
        root: &Path,
        notes: Option<Arc<SharedNotes>>,
        limits: Limits,
        id: String,
    ) -> Job {
        Job(Work::Promote {
            root: root.to_path_buf(),
            notes,
            limits,
            id,
        })
    }

    /// Reads the last change of each item of the workspace at `root`
    /// from its git history.
    pub fn history(root: &Path) -> Job {
        Job(Work::History {
            root: root.to_path_buf(),
        })
    }

    /// Syncs the workspace at `root` through git, as `author`, settling
    /// true conflicts for `take`'s side if given.
    pub fn sync(root: &Path, author: &str, take: Option<crate::sync::Take>) -> Job {
        Job(Work::Sync {
            root: root.to_path_buf(),
            author: author.to_string(),
            take,
        })
    }

    /// Imports the document or folder `typed`, from `root` when relative;
    /// with `confine`, only a file in `<root>/inbox/` (see
    /// [`crate::import::Input::read_inbox`]).
    pub fn import(root: &Path, limits: Limits, typed: &str, confine: bool) -> Job {
        Job(Work::Import {
            root: root.to_path_buf(),
            limits,
            typed: typed.to_string(),
            confine,
            progress: Progress::new(),
        })
    }

    /// Writes `format` to `path` as typed, from `root` when relative; with
    /// `confine`, only a plain file name in `<root>/exports/` is allowed.
    pub fn export(
        ws: Arc<Workspace>,
        notes: Bundle,
        format: Format,
        typed: &str,
        root: &Path,
        confine: bool,
    ) -> Job {
        Job(Work::Export {
            ws,
            notes,
            format,
            path: root.join(typed.trim()),
            confine: confine.then(|| root.join("exports")),
            progress: Progress::new(),
        })
    }

    /// What the job is ("importing") and where it reports how far it is,
    /// for a job worth following (an import, an export).
    pub fn progress(&self) -> Option<(&'static str, &Arc<Progress>)> {
        match &self.0 {
            Work::Import { progress, .. } => Some(("importing", progress)),
            Work::Export { progress, .. } => Some(("exporting", progress)),
            _ => None,
        }
    }

    /// Does the work. Never panics on a failed write: every failure is in
    /// the answer.
    pub fn run(self) -> Done {
        match self.0 {
            Work::Save {
                notes,
                purpose,
                body,
                author,
                draft,
            } => Done::Saved {
                draft,
                result: save(notes.as_deref(), &purpose, &body, &author),
            },
            Work::Delete { notes, base } => Done::Deleted(match notes {
                Some(n) => n.lock().delete(&base),
                None => Err(no_store(Recovery::NotNeeded)),
            }),
            Work::Restore { notes, id } => Done::Restored(match notes {
                Some(n) => n.lock().restore(&id).map(Box::new),
                None => Err(no_store(Recovery::NotNeeded)),
            }),
            Work::KeepDraft { store, draft } => Done::DraftKept(match store {
                Some(s) => s.save(&draft).map_err(|e| e.to_string()),
                None => Err("no draft folder".into()),
            }),
            Work::DropDraft { store, id } => Done::DraftDropped(match store {
                Some(s) => s.remove(&id).map_err(|e| e.to_string()),
                None => Ok(()),
            }),
            Work::Curate {
                root,
                limits,
                edit,
                why,
            } => Done::Curated {
                why,
                result: curate::apply(&root, &limits, &edit)
                    .map(Box::new)
                    .map_err(|e| e.to_string()),
            },
            Work::Promote {
                root,
                notes,
                limits,
                id,
            } => Done::Promoted(match notes {
                Some(n) => {
                    // The store's own lock is not held: promote takes the
                    // folder's lock for the note's rewrite.
                    let dir = n.lock().dir().to_path_buf();
                    curate::promote(&root, &dir, &limits, &id)
                        .map(|p| Box::new(p.applied))
                        .map_err(|e| e.to_string())
                }
                None => Err(no_store(Recovery::NotNeeded).to_string()),
            }),
            Work::Import {
                root,
                limits,
                typed,
                confine,
                progress,
            } => Done::Imported(progress::observe(&progress, || {
                import(&root, &limits, &typed, confine)
            })),
            Work::History { root } => Done::History(crate::ui::sync::last_changes(
                crate::sync::log::last_changes(&root, crate::sync::DEFAULT_TIMEOUT)
                    .unwrap_or_default(),
            )),
            Work::Sync { root, author, take } => {
                let opts = crate::sync::Options {
                    workspace: root,
                    author,
                    timeout: crate::sync::DEFAULT_TIMEOUT,
                    take,
                };
                Done::Synced(
                    crate::sync::sync_exclusive(&opts)
                        .map(|r| {
                            // History is a nicety: a failure to read it
                            // leaves the Details pane without it.
                            let last =
                                crate::sync::log::last_changes(&opts.workspace, opts.timeout)
                                    .unwrap_or_default();
                            (r.short(), crate::ui::sync::last_changes(last))
                        })
                        .map_err(|e| crate::ui::sync::Stopped {
                            conflict: matches!(e, crate::sync::SyncError::Conflict(_)),
                            why: e.to_string(),
                        }),
                )
            }
            Work::Export {
                ws,
                notes,
                format,
                path,
                confine,
                progress,
            } => Done::Exported(
                progress::observe(&progress, || {
                    progress::stage("exporting", 0);
                    match confine.as_deref() {
                        Some(exports) => {
                            write_confined(&ws, &notes.extras(), format, exports, &path)
                        }
                        None => write(&ws, &notes.extras(), format, &path),
                    }
                })
                .map(|bytes| {
                    format!(
                        "Exported {} ({bytes} bytes) to {}",
                        export_prompt::name(format),
                        path.display()
                    )
                })
                .map_err(|e| format!("Export failed: {}: {e}", path.display())),
            ),
        }
    }
}

fn save(
    notes: Option<&SharedNotes>,
    purpose: &Purpose,
    body: &str,
    author: &str,
) -> Result<String, NotesError> {
    // The text is already in the draft store: no second recovery file.
    let Some(shared) = notes else {
        return Err(no_store(Recovery::NotNeeded));
    };
    let mut store = shared.lock();
    match purpose {
        Purpose::New { kind, .. } => {
            let note = new_note(purpose, author, body).expect("a new note");
            let what = match kind {
                NoteKind::Link => "analyst link saved",
                NoteKind::Note => "note saved",
                NoteKind::Rejection => "suggestion rejected: nobody is asked again",
            };
            store.add(note).map(|_| what.to_string())
        }
        Purpose::Edit { base } => store.edit(base, body).map(|o| edited_message(&o)),
    }
}

/// Why a save failed when no notes folder is attached.
fn no_store(recovery: Recovery) -> NotesError {
    NotesError::Write {
        path: PathBuf::from("notes"),
        cause: std::io::Error::other("no notes folder is open in this session"),
        recovery,
    }
}

/// Over `serve`, exports stay in the workspace's `exports/` folder: a remote
/// analyst must not write wherever the server process may. The folder is
/// opened relative to the workspace without following a link (an
/// `exports` that is a link to elsewhere is refused, whenever it was
/// made), and the file written relative to it ([`atomic::write_in`]).
pub(crate) fn write_confined(
    ws: &Workspace,
    extras: &Extras,
    format: Format,
    exports: &Path,
    path: &Path,
) -> Result<usize, String> {
    let refuse = || {
        format!(
            "over SSH, exports go into {} only: give a file name there",
            exports.display()
        )
    };
    let name = path
        .file_name()
        .and_then(|n| n.to_str())
        .filter(|n| !n.starts_with('.'))
        .ok_or_else(refuse)?;
    let (Some(root), Some(folder)) = (
        exports.parent(),
        exports.file_name().and_then(|n| n.to_str()),
    ) else {
        return Err(refuse());
    };
    if path.parent() != Some(exports) {
        return Err(refuse());
    }
    let bytes = export::render(ws, extras, format).map_err(|e| e.to_string())?;
    let root = crate::fsio::open_dir(root).map_err(|e| e.to_string())?;
    let created = match mkdirat(&root, folder, Mode::from_raw_mode(0o755)) {
        Ok(()) => true,
        Err(Errno::EXIST) => false,
        Err(e) => return Err(e.to_string()),
    };
    let dir = openat(
        &root,
        folder,
        OFlags::RDONLY | OFlags::DIRECTORY | OFlags::NOFOLLOW | OFlags::CLOEXEC,
        Mode::empty(),
    )
    .map_err(|_| {
        format!(
            "{} is not a folder of the workspace (a symbolic link?): nothing written",
            exports.display()
        )
    })?;
    atomic::write_in(&dir, name, &bytes).map_err(|e| {
        if created {
            let _ = unlinkat(&root, folder, AtFlags::REMOVEDIR);
        }
        e.to_string()
    })?;
    Ok(bytes.len())
}

/// Renders and writes the export; the number of bytes written. A missing
/// folder is created if its own parent exists (for `exports/`), and removed
/// again if the write fails, so a failed export leaves nothing behind.
fn write(ws: &Workspace, extras: &Extras, format: Format, path: &Path) -> Result<usize, String> {
    if path.file_name().is_none() || path.is_dir() {
        return Err("give a file name".into());
    }
    let bytes = export::render(ws, extras, format).map_err(|e| e.to_string())?;
    let folder = path.parent().unwrap_or(Path::new("."));
    let created = !folder.exists();
    if created {
        fs::create_dir(folder).map_err(|e| e.to_string())?;
    }
    atomic::write(path, &bytes).map_err(|e| {
        if created {
            let _ = fs::remove_dir(folder);
        }
        e.to_string()
    })?;
    Ok(bytes.len())
}

/// Imports what `typed` names (see [`Job::import`]): one line saying what
/// was imported, or why not (with how many others were).
fn import(root: &Path, limits: &Limits, typed: &str, confine: bool) -> Result<String, String> {
    use crate::import::{Importer, Input, collect};
    let files = if confine {
        Vec::new()
    } else {
        collect(&[root.join(typed)], limits).map_err(|e| e.to_string())?
    };
    let mut importer = Importer::new(root, limits).map_err(|e| e.to_string())?;
    progress::stage("importing", if confine { 1 } else { files.len() });
    let inputs: Box<dyn Iterator<Item = _>> = if confine {
        Box::new(std::iter::once_with(|| {
            progress::advance(1);
            Input::read_inbox(root, typed, limits)
        }))
    } else {
        Box::new(files.iter().map(|f| {
            progress::advance(1);
            Input::read(f, limits)
        }))
    };
    let (mut done, mut refused, mut warnings) = (Vec::new(), Vec::new(), Vec::new());
    for outcome in importer.import_all(inputs, None).outcomes {
        match outcome {
            Ok(imported) => {
                warnings.extend(imported.warnings.iter().cloned());
                done.push(imported);
            }
            Err(e) => refused.push(e.to_string()),
        }
    }
    let mut said = match done.as_slice() {
        [] => String::new(),
        [one] => one.summary(),
        many => format!(
            "imported {} documents ({} suggested links): {}",
            many.len(),
            many.iter().map(|i| i.suggestions).sum::<usize>(),
            many.iter()
                .map(|i| i.id.as_str())
                .collect::<Vec<_>>()
                .join(", ")
        ),
    };
    if let Some(first) = refused.first() {
        let others = match refused.len() {
            1 => String::new(),
            n => format!(" (and {} more refused)", n - 1),
        };
        let why = format!("{first}{others}");
        return Err(if said.is_empty() {
            why
        } else {
            format!("{said}; refused: {why}")
        });
    }
    if done.is_empty() {
        return Err(format!("nothing to import in {typed}"));
    }
    if let Some(w) = warnings.first() {
        said.push_str(&format!("; {w}"));
    }
    Ok(said)
}

/// A thread that runs one session's jobs in order (a kept draft is never
/// overtaken by its removal), off the UI thread and off any async runtime.
pub struct Worker {
    jobs: std::sync::mpsc::Sender<Job>,
}

impl Worker {
    /// Starts the thread; `deliver` gets each job's answer, on it.
    pub fn start(deliver: impl Fn(Done) + Send + 'static) -> Worker {
        let (jobs, rx) = std::sync::mpsc::channel::<Job>();
        std::thread::Builder::new()
            .name("effects".into())
            .spawn(move || {
                for job in rx {
                    deliver(job.run());
                }
            })
            .expect("a thread can be started");
        Worker { jobs }
    }

    /// An executor for [`super::Session::set_executor`] that queues jobs
    /// here.
    pub fn executor(&self) -> super::session::Executor {
        let jobs = self.jobs.clone();
        Box::new(move |job| {
            let _ = jobs.send(job);
        })
    }
}
