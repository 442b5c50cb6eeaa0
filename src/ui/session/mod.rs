//! One dashboard on one terminal, and its whole lifecycle: the state, what
//! draws it, the effects `update` asks for, drafts kept as they are typed,
//! and what must persist when it ends. The local terminal and each `serve`
//! connection only move bytes and events into [`Session::handle`] and
//! frames out; neither knows about notes, drafts or search. What it takes
//! in and says back is in `events`; the bytes it writes besides frames in
//! `sequences`.

use super::action::Edit;
use super::effects::{Done, Job};
use super::finder::{Found, SearchBase, SearchWorker};
use super::notes::{Effect, NotesView};
use super::state::Why;
use super::working::Working;
use super::{Action, State, update, view};
use crate::layout::BidiMode;
use crate::notes::{DraftStore, SharedNotes, Stored};
use ratatui::Terminal;
use ratatui::backend::Backend;
use ratatui::crossterm::event::KeyEventKind;
use std::collections::BTreeSet;
use std::sync::Arc;
use std::time::{Duration, Instant};

mod events;
mod sequences;

pub use events::{Applied, End, Event, Input};
pub use sequences::{bidi_sequence, osc52};

/// How often, at most, the open editor's text is written to the draft
/// store while typing: a SIGKILL of coopdash loses at most this much.
pub const AUTOSAVE: Duration = Duration::from_secs(2);

/// Runs a [`Job`] somewhere and brings its [`Done`] back as
/// [`Event::Done`]. Without one, jobs run inline (tests).
pub type Executor = Box<dyn Fn(Job) + Send>;

/// A dashboard bound to a terminal.
pub struct Session<B: Backend> {
    /// Where frames go.
    pub terminal: Terminal<B>,
    /// What is shown.
    pub state: State,
    /// Control sequences for the terminal itself, to send before the next
    /// frame (the terminal-bidi mode, OSC 52 copies).
    raw: Vec<u8>,
    /// The bidi mode the terminal was last told about.
    told: Option<BidiMode>,
    /// The notes store, shared with the process's other sessions.
    notes: Option<Arc<SharedNotes>>,
    /// This analyst's drafts.
    drafts: Option<DraftStore>,
    /// Notes to edit in `$EDITOR`, for a runner that can.
    external: Vec<Stored>,
    /// Ctrl-Z asked the runner to suspend the dashboard.
    suspend: bool,
    /// The finder's search thread.
    search: Option<SearchWorker>,
    /// Where search answers go, to restart the thread on a new version.
    deliver: Option<Arc<dyn Fn(Found) + Send + Sync>>,
    /// Where jobs run; inline when `None`.
    executor: Option<Executor>,
    /// Jobs handed to the executor and not yet done.
    in_flight: usize,
    /// Long work under way, for the status bar.
    working: Working,
    /// Drafts kept in this session, written again by [`Session::finish`]
    /// in case their job did not get to it.
    kept: BTreeSet<String>,
    autosave: Autosave,
    finished: bool,
}

/// The open editor's text as last written to the draft store.
#[derive(Default)]
struct Autosave {
    /// Draft id and text last written.
    written: Option<(String, String)>,
    /// When.
    at: Option<Instant>,
    /// When the next write is due, if the text changed since.
    due: Option<Instant>,
}

impl<B: Backend> Session<B> {
    /// Binds `state` to `terminal`.
    pub fn new(terminal: Terminal<B>, mut state: State) -> Self {
        if state.session_tag.is_empty() {
            state.session_tag = format!("{:08x}", rand::random::<u32>());
        }
        let mut session = Session {
            terminal,
            state,
            raw: Vec::new(),
            told: None,
            notes: None,
            drafts: None,
            external: Vec::new(),
            suspend: false,
            search: None,
            deliver: None,
            executor: None,
            in_flight: 0,
            working: Working::default(),
            kept: BTreeSet::new(),
            autosave: Autosave::default(),
            finished: false,
        };
        session.tell_bidi();
        session
    }

    /// Draws the current state (after [`Session::take_raw`]'s bytes, if any,
    /// went out).
    pub fn draw(&mut self) -> Result<(), B::Error> {
        let state = &self.state;
        self.terminal.draw(|f| view(state, f))?;
        Ok(())
    }

    /// Runs jobs through `executor` from now on.
    pub fn set_executor(&mut self, executor: Executor) {
        self.executor = Some(executor);
        // A real runner: Details can show each item's last change.
        self.state.effects.push(Effect::History);
        self.run_effects();
    }

    /// Jobs handed out and not yet back.
    pub fn in_flight(&self) -> usize {
        self.in_flight
    }

    /// Starts the finder's search thread; `deliver` gets its answers (on
    /// that thread) for the runner to hand back as [`Event::Found`].
    pub fn attach_search(
        &mut self,
        base: Arc<SearchBase>,
        deliver: impl Fn(Found) + Send + Sync + 'static,
    ) {
        let deliver: Arc<dyn Fn(Found) + Send + Sync> = Arc::new(deliver);
        let to = deliver.clone();
        self.search = Some(SearchWorker::start(base, move |f| to(f)));
        self.deliver = Some(deliver);
        self.send_notes_to_search();
    }

    /// Connects the notes store and shows its notes.
    pub fn attach_notes(&mut self, notes: Arc<SharedNotes>) {
        self.notes = Some(notes);
        self.reload_notes();
    }

    /// Connects the analyst's draft store and offers its drafts back.
    pub fn attach_drafts(&mut self, store: DraftStore) {
        let recovered = store.list();
        self.drafts = Some(store);
        if !recovered.is_empty() {
            let n = recovered.len();
            self.state.say(
                format!(
                    "{n} unsaved draft{} recovered: a on the same item reopens one; they are listed in Notes (5)",
                    if n == 1 { "" } else { "s" }
                ),
                false,
            );
        }
        self.state.drafts = recovered;
    }

    /// The notes store, if attached.
    pub fn notes(&self) -> Option<&Arc<SharedNotes>> {
        self.notes.as_ref()
    }

    /// Notes the user asked to edit in `$EDITOR`.
    pub fn take_external(&mut self) -> Vec<Stored> {
        std::mem::take(&mut self.external)
    }

    /// Whether Ctrl-Z asked to suspend since the last call (only a local
    /// runner sets [`State::suspendable`], so only it is ever asked).
    pub fn take_suspend(&mut self) -> bool {
        std::mem::take(&mut self.suspend)
    }

    /// Control sequences to write to the terminal before the next frame.
    pub fn take_raw(&mut self) -> Vec<u8> {
        std::mem::take(&mut self.raw)
    }

    /// When the runner should send [`Event::Tick`], if at all: an idle
    /// session with nothing to write and no long work under way has no
    /// deadline.
    pub fn deadline(&self) -> Option<Instant> {
        match (self.autosave.due, self.working.deadline()) {
            (Some(a), Some(b)) => Some(a.min(b)),
            (a, b) => a.or(b),
        }
    }

    /// Applies one terminal input without drawing.
    pub fn apply(&mut self, input: Input) -> Result<Applied, B::Error> {
        self.handle(Event::Input(input))
    }

    /// The one entrance: applies `event` without drawing, so a caller that
    /// received several at once can draw once for all of them.
    pub fn handle(&mut self, event: Event) -> Result<Applied, B::Error> {
        self.handle_at(event, Instant::now())
    }

    /// [`Session::handle`] as at `now` (a test's clock; a runner's is
    /// `Instant::now()`).
    pub fn handle_at(&mut self, event: Event, now: Instant) -> Result<Applied, B::Error> {
        let mut applied = match event {
            Event::Input(input) => self.input(input)?,
            Event::Found(found) => {
                update::found(&mut self.state, found);
                Applied::Changed
            }
            Event::NotesChanged => {
                self.reload_notes();
                Applied::Changed
            }
            // Read at start and after each new version: redrawn only when
            // it says something new, so an idle session stays silent.
            Event::Done(Done::History(last)) => {
                self.in_flight = self.in_flight.saturating_sub(1);
                if self.state.last_changes == last {
                    Applied::Nothing
                } else {
                    self.state.last_changes = last;
                    Applied::Changed
                }
            }
            Event::Done(done) => {
                self.in_flight = self.in_flight.saturating_sub(1);
                self.done(done);
                Applied::Changed
            }
            Event::Tick => Applied::Nothing,
            Event::Reloading(progress) => {
                self.working.follow("reloading", progress);
                Applied::Nothing
            }
            Event::Workspace(Ok(version), search) => {
                self.state.now = chrono::Local::now();
                update::workspace_changed(
                    &mut self.state,
                    version.ws.clone(),
                    version.problems.clone(),
                );
                // A sync (here, another session's or `--sync-every`'s) or
                // an edit: the history may have moved.
                if self.executor.is_some() {
                    self.state.effects.push(Effect::History);
                }
                if let (Some(base), Some(deliver)) = (search, self.deliver.clone()) {
                    self.search = Some(SearchWorker::start(base, move |f| deliver(f)));
                }
                self.reload_notes();
                Applied::Changed
            }
            Event::Workspace(Err(why), _) => {
                update::workspace_broken(&mut self.state, &why);
                Applied::Changed
            }
        };
        self.run_effects();
        self.autosave(now);
        let busy = self.working.read(now);
        if busy != self.state.busy {
            self.state.busy = busy;
            applied = Applied::Changed;
        }
        self.tell_bidi();
        Ok(if self.state.quit {
            Applied::Quit
        } else {
            applied
        })
    }

    fn input(&mut self, input: Input) -> Result<Applied, B::Error> {
        let action = match input {
            Input::Key(key) if key.kind != KeyEventKind::Release => {
                self.state.keymap.lookup(update::context(&self.state), key)
            }
            Input::Paste(text) if self.state.overlays.editor().is_some() => {
                update::paste(&mut self.state, &text);
                return Ok(Applied::Changed);
            }
            Input::Paste(text) if self.state.keymap.takes_text(update::context(&self.state)) => {
                // Pasted text is typed, character by character.
                for c in text.chars() {
                    update(&mut self.state, Action::Edit(Edit::Insert(c)));
                }
                return Ok(Applied::Changed);
            }
            Input::Key(_) | Input::Paste(_) => None,
            Input::Mouse(event) => super::mouse::action(&self.state, event),
            Input::Resize(w, h) => {
                self.terminal
                    .resize(ratatui::layout::Rect::new(0, 0, w, h))?;
                Some(Action::Resize(w, h))
            }
        };
        let Some(action) = action else {
            return Ok(Applied::Nothing);
        };
        self.state.now = chrono::Local::now();
        update(&mut self.state, action);
        Ok(Applied::Changed)
    }

    /// Ends the session: keeps the open editor's text and every draft kept
    /// in this session in the draft store. Returns what to tell the analyst.
    /// Safe to call more than once (the first call does the work); dropping
    /// an unfinished session calls it.
    pub fn finish(&mut self, end: End) -> Vec<String> {
        if std::mem::replace(&mut self.finished, true) {
            return Vec::new();
        }
        let now = crate::notes::model::now();
        let mut drafts: Vec<_> = self
            .state
            .drafts
            .iter()
            .filter(|d| self.kept.contains(&d.id))
            .cloned()
            .collect();
        if let Some(ed) = self.state.overlays.editor().filter(|ed| !ed.unchanged()) {
            drafts.push(ed.as_draft(&self.state.author, now));
        }
        let mut said = Vec::new();
        if drafts.is_empty() {
            return said;
        }
        let Some(store) = &self.drafts else {
            said.push(format!(
                "{} unsaved note draft(s) could not be kept: no draft folder ({end:?})",
                drafts.len()
            ));
            return said;
        };
        let (mut kept, mut failed) = (0, Vec::new());
        for draft in &drafts {
            match store.save(draft) {
                Ok(_) => kept += 1,
                Err(e) => failed.push(e.to_string()),
            }
        }
        if kept > 0 {
            said.push(format!(
                "{kept} unsaved note draft{} kept: press a on the same item next time to go on",
                if kept == 1 { " is" } else { "s are" }
            ));
        }
        if !failed.is_empty() {
            said.push(format!(
                "{} note draft(s) could not be kept: {}",
                failed.len(),
                failed.join("; ")
            ));
        }
        said
    }

    /// Re-reads the notes from the store (after any session saved, or the
    /// watcher saw another process write).
    fn reload_notes(&mut self) {
        if let Some(shared) = &self.notes {
            let view = NotesView::build(&self.state.ws, &shared.lock());
            update::loaded(&mut self.state, view);
        }
        self.send_notes_to_search();
    }

    fn send_notes_to_search(&self) {
        if let Some(search) = &self.search {
            let notes = self
                .state
                .notes
                .entries
                .iter()
                .map(|e| (e.stored.note.id.clone(), e.stored.note.body.clone()))
                .collect();
            search.set_notes(notes);
        }
    }

    /// A job's answer, into the state.
    fn done(&mut self, done: Done) {
        let changed = done.changed_notes();
        match done {
            Done::Saved { draft, result } => update::saved(&mut self.state, &draft, result),
            Done::Deleted(result) => update::deleted(&mut self.state, result),
            Done::Restored(result) => update::restored(&mut self.state, result),
            Done::Exported(result) => super::export_prompt::exported(&mut self.state, result),
            Done::Imported(result) => super::import_prompt::imported(&mut self.state, result),
            Done::Synced(result) => super::sync::synced(&mut self.state, result),
            Done::History(last) => self.state.last_changes = last,
            Done::Curated { why, result } => update::curated(&mut self.state, why, result),
            Done::Promoted(result) => update::curated(&mut self.state, Why::Do, result),
            Done::DraftKept(Err(why)) => self
                .state
                .say(format!("the draft could not be kept: {why}"), true),
            Done::DraftKept(Ok(_)) | Done::DraftDropped(_) => {}
        }
        if changed {
            self.reload_notes();
            if let Some(shared) = &self.notes {
                shared.changed();
            }
        }
    }

    /// Carries out what the last update asked for: terminal bytes here,
    /// I/O as jobs.
    fn run_effects(&mut self) {
        while !self.state.effects.is_empty() {
            for effect in std::mem::take(&mut self.state.effects) {
                let job = match effect {
                    Effect::Copy(text) => {
                        self.raw.extend(osc52(&text));
                        continue;
                    }
                    Effect::Suspend => {
                        self.suspend = true;
                        continue;
                    }
                    Effect::ExternalEdit(base) => {
                        self.external.push(base);
                        continue;
                    }
                    Effect::Search { query, kind, lang } => {
                        if let Some(search) = &self.search {
                            search.search(&query, kind, &lang);
                        }
                        continue;
                    }
                    Effect::Save {
                        purpose,
                        body,
                        draft,
                    } => Job::save(
                        self.notes.clone(),
                        purpose,
                        body,
                        self.state.author.clone(),
                        draft,
                    ),
                    Effect::Delete(base) => Job::delete(self.notes.clone(), base),
                    Effect::Restore(id) => Job::restore(self.notes.clone(), id),
                    Effect::KeepDraft(draft) => {
                        self.kept.insert(draft.id.clone());
                        Job::keep_draft(self.drafts.clone(), draft)
                    }
                    Effect::DropDraft(id) => {
                        self.kept.remove(&id);
                        if self
                            .autosave
                            .written
                            .as_ref()
                            .is_some_and(|(w, _)| *w == id)
                        {
                            self.autosave = Autosave::default();
                        }
                        Job::drop_draft(self.drafts.clone(), id)
                    }
                    Effect::Curate { edit, why } => {
                        Job::curate(&self.state.root, self.state.limits, edit, why)
                    }
                    Effect::Promote(id) => {
                        Job::promote(&self.state.root, self.notes.clone(), self.state.limits, id)
                    }
                    Effect::Sync(take) => Job::sync(&self.state.root, &self.state.author, take),
                    Effect::History => Job::history(&self.state.root),
                    Effect::Import(path) => Job::import(
                        &self.state.root,
                        self.state.limits,
                        &path,
                        self.state.confine_imports,
                    ),
                    Effect::Export { format, path } => Job::export(
                        self.state.ws.clone(),
                        self.state.notes.bundle.clone(),
                        format,
                        &path,
                        &self.state.root,
                        self.state.confine_exports,
                    ),
                };
                self.dispatch(job);
            }
        }
    }

    fn dispatch(&mut self, job: Job) {
        if let Some((what, progress)) = job.progress() {
            self.working.follow(what, progress.clone());
        }
        match &self.executor {
            Some(run) => {
                self.in_flight += 1;
                run(job);
            }
            None => {
                let done = job.run();
                self.done(done);
            }
        }
    }

    /// Writes the open editor's text to the draft store when it changed,
    /// at most every [`AUTOSAVE`]; sets [`Session::deadline`] for the rest.
    fn autosave(&mut self, now: Instant) {
        let Some(ed) = self.state.overlays.editor() else {
            self.autosave.due = None;
            return;
        };
        let text = ed.text();
        let same = self
            .autosave
            .written
            .as_ref()
            .is_some_and(|(id, t)| *id == ed.draft && *t == text);
        if same || (ed.unchanged_with(&text) && self.autosave.written.is_none()) {
            self.autosave.due = None;
            return;
        }
        let due = self.autosave.at.map_or(now, |at| at + AUTOSAVE);
        if now < due {
            self.autosave.due = Some(due);
            return;
        }
        let draft = ed.draft_with(text.clone(), &self.state.author, crate::notes::model::now());
        self.autosave = Autosave {
            written: Some((draft.id.clone(), text)),
            at: Some(now),
            due: None,
        };
        self.kept.insert(draft.id.clone());
        self.dispatch(Job::keep_draft(self.drafts.clone(), draft));
    }

    /// Queues the bidi mode sequence when the mode changed, and a full
    /// redraw: the terminal may have laid the old screen out differently.
    fn tell_bidi(&mut self) {
        if self.told != Some(self.state.bidi) {
            if self.told.is_some() {
                let _ = self.terminal.clear();
            }
            self.told = Some(self.state.bidi);
            self.raw.extend_from_slice(bidi_sequence(self.state.bidi));
        }
    }
}

impl<B: Backend> Drop for Session<B> {
    /// A session dropped without [`Session::finish`] (a panic unwinding, a
    /// task cancelled) still keeps its drafts.
    fn drop(&mut self) {
        let said = self.finish(End::Dropped);
        for line in said {
            eprintln!("coopdash: {}", crate::text::sanitize(&line));
        }
    }
}
