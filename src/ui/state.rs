//! The dashboard's state: what is selected, focused, open and scrolled.
//! Everything the screen shows derives from this and the workspace.

use super::areas::{Areas, areas};
use super::keymap::Keymap;
use super::notes::{Effect, Entry, NotesView, draft_target};
use super::overlays::Overlays;
use super::reader::Reader;
use super::style::Palette;
use super::views::Chart;
use crate::model::{Span, Workspace};
use crate::notes::{Draft, Stored, TargetRef};
use chrono::{DateTime, FixedOffset, Local};
use ratatui::layout::Rect;
use std::sync::Arc;

/// The panes of the dashboard.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Pane {
    /// The cooperation themes.
    Themes,
    /// Passages of the selected theme, or mentions of the selected body.
    Passages,
    /// Partner bodies and programmes, as a tree.
    Entities,
    /// Details of the selected item.
    Details,
    /// Notes on the selected item.
    Notes,
}

impl Pane {
    /// Panes in Tab order.
    pub const ALL: [Pane; 5] = [
        Pane::Themes,
        Pane::Passages,
        Pane::Entities,
        Pane::Details,
        Pane::Notes,
    ];

    /// Title for the narrow tab bar.
    pub fn short_title(self) -> &'static str {
        match self {
            Pane::Entities => "Bodies",
            other => other.title(),
        }
    }

    /// Title shown on the pane.
    pub fn title(self) -> &'static str {
        match self {
            Pane::Themes => "Themes",
            Pane::Passages => "Passages",
            Pane::Entities => "Partner bodies and programmes",
            Pane::Details => "Details",
            Pane::Notes => "Notes",
        }
    }
}

/// A row of the Passages pane.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PassageRow {
    /// The words linked or mentioned.
    pub span: Span,
    /// For an analyst link: who added it and when.
    pub analyst: Option<(String, DateTime<FixedOffset>)>,
    /// For an analyst link, its note's id; for a curated link, its quote.
    pub link: Option<RowLink>,
}

/// Which link a row of the Passages pane is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RowLink {
    /// A curated link of `themes.yaml`, by its quote.
    Curated(String),
    /// An analyst link, by its note's id.
    Analyst(String),
}

/// What fills the screen under the overlays.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Screen {
    /// The five panes.
    Panes,
    /// The matrix or the timeline.
    Chart,
    /// The source reader.
    Reader,
}

/// A question waiting for y or n.
#[derive(Debug, Clone)]
pub enum Confirm {
    /// Delete this note?
    Delete(Box<Stored>),
    /// Throw this draft away?
    Discard(String),
    /// Curation: make this removal (a theme, a body without parts, a
    /// curated link), saying what points at it?
    Remove {
        /// The removal.
        edit: crate::curate::Edit,
        /// The question.
        question: String,
    },
    /// A sync stopped on true conflicts (the question names them): keep
    /// theirs (y), ours (d), or decide later (n)?
    SyncConflict {
        /// The question.
        question: String,
    },
    /// Curation: remove the partner body `id`, whose parts move to its
    /// parent (y) or are detached (d)?
    RemoveBody {
        /// The body.
        id: String,
        /// Its parent, where `y` moves its parts (`None`: to the top).
        parent: Option<String>,
        /// The question.
        question: String,
    },
}

/// Why a curation edit is applied.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Why {
    /// A form was sent: it closes on success, shows a refusal otherwise.
    Form,
    /// A removal or a curated link asked for directly.
    Do,
    /// `u`.
    Undo,
    /// `C-r`.
    Redo,
}

/// One step of this session's undo history.
#[derive(Debug, Clone)]
pub enum Step {
    /// A curation: the edit that takes it back (or, on the redo side,
    /// makes it again), and what it did.
    Curation {
        /// The edit to apply.
        edit: crate::curate::Edit,
        /// What the step did, for the status bar.
        summary: String,
    },
    /// A note moved to the trash; undone by bringing it back.
    NoteDeleted {
        /// The note's id.
        id: String,
    },
    /// A note brought back from the trash; redone by deleting it again.
    NoteRestored {
        /// The note as brought back.
        base: Box<Stored>,
    },
}

/// Choosing the theme an analyst link goes to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Picker {
    /// The words to link.
    pub span: Span,
    /// Highlighted theme.
    pub cursor: usize,
}

/// A passage being narrowed, word by word, to the words to link.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Selection {
    /// Source index.
    pub source: usize,
    /// Passage index.
    pub passage: usize,
    /// Byte ranges of the passage's words.
    pub words: Vec<std::ops::Range<usize>>,
    /// First selected word.
    pub first: usize,
    /// Last selected word.
    pub last: usize,
}

impl Selection {
    /// Selects every word of a passage.
    pub fn whole(ws: &Workspace, source: usize, passage: usize) -> Self {
        let text = &ws.sources[source].passages[passage].text;
        let words: Vec<_> = crate::text::words(text).collect();
        let last = words.len().saturating_sub(1);
        Selection {
            source,
            passage,
            words,
            first: 0,
            last,
        }
    }

    /// The selected words as a span.
    pub fn span(&self) -> Span {
        let range = match (self.words.get(self.first), self.words.get(self.last)) {
            (Some(a), Some(b)) => a.start..b.end,
            _ => 0..0,
        };
        Span {
            source: self.source,
            passage: self.passage,
            range,
        }
    }
}

/// A message in the status bar.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Status {
    /// What to say.
    pub text: String,
    /// Whether it reports a failure.
    pub error: bool,
}

/// Which list feeds the Passages pane.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Owner {
    /// The selected theme's links.
    Theme,
    /// The selected partner body's mentions.
    Entity,
}

/// A selection in a scrolled list.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Cursor {
    /// Selected row.
    pub selected: usize,
    /// First visible row.
    pub offset: usize,
}

impl Cursor {
    /// Moves by `delta` within `len` rows and keeps the selection inside a
    /// window of `visible` rows.
    pub fn step(&mut self, delta: isize, len: usize, visible: usize) {
        if len == 0 {
            *self = Cursor::default();
            return;
        }
        self.selected = self.selected.saturating_add_signed(delta).min(len - 1);
        self.fit(len, visible);
    }

    /// Keeps the selection inside `len` rows and the window of `visible`
    /// rows full: after the terminal grows, a list scrolled near its end
    /// shows its earlier rows again rather than empty ones.
    pub fn fit(&mut self, len: usize, visible: usize) {
        self.selected = self.selected.min(len.saturating_sub(1));
        self.offset = self.offset.min(len.saturating_sub(visible.max(1)));
        self.follow(visible);
    }

    /// Scrolls so the selection is visible.
    pub fn follow(&mut self, visible: usize) {
        let visible = visible.max(1);
        if self.selected < self.offset {
            self.offset = self.selected;
        } else if self.selected >= self.offset + visible {
            self.offset = self.selected + 1 - visible;
        }
    }
}

/// The whole UI state.
#[derive(Debug)]
pub struct State {
    /// The loaded workspace.
    pub ws: Arc<Workspace>,
    /// Styles for this terminal (colour or `NO_COLOR`).
    pub palette: Palette,
    /// The key table with the settings file's remaps, built once.
    pub keymap: Arc<Keymap>,
    /// Terminal size.
    pub size: Rect,
    /// Language shown first for names.
    pub lang: String,
    /// Who lays out right-to-left text.
    pub bidi: crate::layout::BidiMode,
    /// The finder's query when it last closed: `/` offers it again.
    pub last_find: String,
    /// Languages the workspace's names are written in, sorted.
    pub languages: Vec<String>,
    /// Focused pane.
    pub focus: Pane,
    /// Which list the Passages pane shows.
    pub owner: Owner,
    /// Whose details and notes are shown: the last focused list.
    pub subject: Pane,
    /// Details or Notes, whichever was focused last (they share a corner
    /// of the screen below 140 columns).
    pub corner: Pane,
    /// The workspace folder's name, for the header.
    pub name: String,
    /// Selection in Themes.
    pub themes: Cursor,
    /// Selection in Passages.
    pub passages: Cursor,
    /// Selection in Partner bodies (a row of [`State::entity_rows`]).
    pub entities: Cursor,
    /// Scroll of the Details pane.
    pub details_scroll: usize,
    /// Partner bodies in tree order.
    pub entity_rows: Vec<TreeRow>,
    /// The open reader, if any: the screen, over the chart if one is open
    /// (see [`State::screen`]).
    pub reader: Option<Reader>,
    /// What is open over the screen, bottom first: the top one takes the
    /// keys, and they are drawn in this order.
    pub overlays: Overlays,
    /// Set when the user asked to quit.
    pub quit: bool,
    /// The notes folder, placed in the workspace.
    pub notes: NotesView,
    /// Selection in Notes.
    pub notes_cursor: Cursor,
    /// The Notes pane lists orphans instead of the subject's notes.
    pub show_orphans: bool,
    /// This analyst's drafts not open in the editor: recovered from earlier
    /// sessions or kept with Esc. The draft store holds the same.
    pub drafts: Vec<Draft>,
    /// Names this session's new drafts apart from other sessions' (set by
    /// the runner); with [`State::draft_seq`] it makes draft ids.
    pub session_tag: String,
    /// Drafts made so far in this session.
    pub draft_seq: u64,
    /// Why the newest version of the workspace cannot load, while the last
    /// good one is shown.
    pub banner: Option<String>,
    /// What is wrong with items of the workspace (left out or broken), and
    /// its warnings: what the Problems view (`!`) lists.
    pub problems: Vec<crate::workspace::Problem>,
    /// How many of `problems` concern each theme, partner body or source
    /// still shown, by id: those items are marked broken.
    pub broken: std::collections::HashMap<String, usize>,
    /// The workspace folder, as an absolute path (set by the runner).
    pub root: std::path::PathBuf,
    /// Requests for the runner, taken after each update.
    pub effects: Vec<Effect>,
    /// Whether this analyst may curate `themes.yaml`, or why not (set by
    /// the runner: locally whether the file is writable, over `serve` the
    /// key's role).
    pub curation: Result<(), String>,
    /// What `u` takes back, newest last.
    pub undo: Vec<Step>,
    /// What `C-r` makes again, newest last.
    pub redo: Vec<Step>,
    /// The limits the workspace is loaded within (curation checks its
    /// edits within them).
    pub limits: crate::workspace::Limits,
    /// The last message for the status bar.
    pub status: Option<Status>,
    /// Long work under way (an import, an export, a reload), once it has
    /// run long enough to show in the status bar.
    pub busy: Option<super::working::Busy>,
    /// Who new notes are signed by.
    pub author: String,
    /// Whether `$EDITOR` can be used (a local terminal, not `serve`).
    pub external_editor: bool,
    /// Whether Ctrl-Z may suspend the dashboard (a local terminal with a
    /// shell behind it, not `serve`).
    pub suspendable: bool,
    /// Whether exports must stay in the workspace's `exports/` folder
    /// (over `serve`).
    pub confine_exports: bool,
    /// Whether imports read from the workspace's `inbox/` folder only
    /// (over `serve`).
    pub confine_imports: bool,
    /// Whether `S` (sync) is for curators only (`serve`: one repository
    /// for every analyst of the server).
    pub sync_curators_only: bool,
    /// Whether this session's sync is running.
    pub syncing: bool,
    /// The last change of each theme and partner body, read from git once
    /// per sync (empty before the first).
    pub last_changes: crate::ui::sync::LastChanges,
    /// The time relative note times are shown against.
    pub now: DateTime<Local>,
    /// The open matrix or timeline, if any (the reader opens over it).
    pub chart: Option<Chart>,
}

impl State {
    /// A fresh dashboard over `ws`.
    pub fn new(ws: Arc<Workspace>, palette: Palette, size: Rect) -> Self {
        let entity_rows = tree_rows(&ws);
        let languages = languages(&ws);
        let name = folder_name(&ws.root);
        let root = ws.root.clone();
        State {
            ws,
            palette,
            keymap: Arc::default(),
            size,
            lang: "en".into(),
            last_find: String::new(),
            languages,
            bidi: crate::layout::BidiMode::default(),
            focus: Pane::Themes,
            owner: Owner::Theme,
            subject: Pane::Themes,
            corner: Pane::Details,
            name,
            themes: Cursor::default(),
            passages: Cursor::default(),
            entities: Cursor::default(),
            details_scroll: 0,
            entity_rows,
            reader: None,
            overlays: Overlays::default(),
            quit: false,
            notes: NotesView::default(),
            notes_cursor: Cursor::default(),
            show_orphans: false,
            drafts: Vec::new(),
            session_tag: String::new(),
            draft_seq: 0,
            problems: Vec::new(),
            broken: Default::default(),
            banner: None,
            root,
            effects: Vec::new(),
            curation: Ok(()),
            undo: Vec::new(),
            redo: Vec::new(),
            limits: Default::default(),
            status: None,
            busy: None,
            author: String::new(),
            external_editor: false,
            suspendable: false,
            confine_exports: false,
            confine_imports: false,
            sync_curators_only: false,
            syncing: false,
            last_changes: Default::default(),
            now: Local::now(),
            chart: None,
        }
    }

    /// The screen under the overlays: the reader over a chart over the
    /// panes, whichever is open highest.
    pub fn screen(&self) -> Screen {
        match (&self.reader, &self.chart) {
            (Some(_), _) => Screen::Reader,
            (None, Some(_)) => Screen::Chart,
            (None, None) => Screen::Panes,
        }
    }

    /// Screen areas for the current size.
    pub fn areas(&self) -> Areas {
        areas(self.size)
    }

    /// Index of the selected theme.
    pub fn theme(&self) -> Option<usize> {
        (self.themes.selected < self.ws.themes.len()).then_some(self.themes.selected)
    }

    /// Index of the selected partner body.
    pub fn entity(&self) -> Option<usize> {
        self.entity_rows
            .get(self.entities.selected)
            .map(|r| r.entity)
    }

    /// The rows of the Passages pane: a theme's curated links then its
    /// analyst links, or a partner body's mentions.
    pub fn passage_rows(&self) -> Vec<PassageRow> {
        let plain = |span: &Span| PassageRow {
            span: span.clone(),
            analyst: None,
            link: None,
        };
        match self.owner {
            Owner::Theme => self
                .theme()
                .map(|t| {
                    let curated = self.ws.themes[t].links.iter().map(|l| PassageRow {
                        link: Some(RowLink::Curated(l.quote.clone())),
                        ..plain(&l.span)
                    });
                    let analyst = self.notes.links_of(t).map(|(span, e)| PassageRow {
                        span: span.clone(),
                        analyst: Some((e.stored.note.author.clone(), e.stored.note.created)),
                        link: Some(RowLink::Analyst(e.stored.note.id.clone())),
                    });
                    curated.chain(analyst).collect()
                })
                .unwrap_or_default(),
            Owner::Entity => self
                .entity()
                .map(|e| {
                    self.ws.entities[e]
                        .mentions
                        .iter()
                        .map(|m| plain(&m.span()))
                        .collect()
                })
                .unwrap_or_default(),
        }
    }

    /// The selected row of the Passages pane.
    pub fn passage(&self) -> Option<Span> {
        self.passage_row().map(|r| r.span)
    }

    /// The selected row of the Passages pane, with which link it is.
    pub fn passage_row(&self) -> Option<PassageRow> {
        self.passage_rows().into_iter().nth(self.passages.selected)
    }

    /// What the Notes pane is about: the last focused list's selection.
    pub fn notes_subject(&self) -> Option<TargetRef> {
        match self.subject {
            Pane::Themes => self.theme().map(TargetRef::Theme),
            Pane::Entities => self.entity().map(TargetRef::Entity),
            _ => self.passage().map(|s| TargetRef::Passage {
                source: s.source,
                passage: s.passage,
            }),
        }
    }

    /// The drafts the Notes pane lists above the notes: the subject's, or
    /// with the orphans those whose item is gone (or never was recorded).
    pub fn draft_rows(&self) -> Vec<&Draft> {
        let subject = self.notes_subject();
        self.drafts
            .iter()
            .filter(|d| {
                let at = d.about.as_ref().and_then(|a| draft_target(&self.ws, a));
                if self.show_orphans {
                    at.is_none()
                } else {
                    at.is_some() && at == subject
                }
            })
            .collect()
    }

    /// The selected draft, when the Notes selection is on one.
    pub fn draft(&self) -> Option<&Draft> {
        self.draft_rows()
            .into_iter()
            .nth(self.notes_cursor.selected)
    }

    /// Sets what the Problems view lists: `problems`, then the workspace's
    /// warnings; says how many in the status bar.
    pub fn set_problems(&mut self, problems: Vec<crate::workspace::Problem>) {
        self.problems = problems;
        self.problems.extend(self.ws.warnings.iter().cloned());
        let errors = self
            .problems
            .iter()
            .filter(|p| p.severity != crate::workspace::Severity::Warning);
        self.broken.clear();
        for id in errors.clone().filter_map(|p| p.about.as_ref()) {
            *self.broken.entry(id.to_string()).or_default() += 1;
        }
        let errors = errors.count();
        if errors > 0 {
            self.say(
                format!(
                    "{errors} problem{} in the workspace: the items they concern are left out or marked broken; ! lists them",
                    if errors == 1 { "" } else { "s" }
                ),
                true,
            );
        }
    }

    /// Puts `ws` in place of the workspace, with what derives from it (the
    /// tree, the languages). Cursors are the caller's to restore.
    pub fn replace_workspace(&mut self, ws: Arc<Workspace>) {
        self.entity_rows = tree_rows(&ws);
        self.languages = languages(&ws);
        self.ws = ws;
    }

    /// A new draft id, unique to this session.
    pub fn next_draft_id(&mut self) -> String {
        self.draft_seq += 1;
        format!(
            "d-{}-{}-{}",
            self.now.format("%Y%m%dT%H%M%S"),
            self.session_tag,
            self.draft_seq
        )
    }

    /// The notes the Notes pane lists.
    pub fn note_rows(&self) -> Vec<&Entry> {
        if self.show_orphans {
            return self.notes.orphans();
        }
        self.notes_subject()
            .map(|s| self.notes.about(s))
            .unwrap_or_default()
    }

    /// The selected note (drafts come first in the Notes pane).
    pub fn note(&self) -> Option<&Entry> {
        let drafts = self.draft_rows().len();
        let at = self.notes_cursor.selected.checked_sub(drafts)?;
        self.note_rows().into_iter().nth(at)
    }

    /// How many rows the focused list has.
    pub fn rows_in(&self, pane: Pane) -> usize {
        match pane {
            Pane::Themes => self.ws.themes.len(),
            Pane::Passages => self.passage_rows().len(),
            Pane::Entities => self.entity_rows.len(),
            Pane::Notes => self.draft_rows().len() + self.note_rows().len(),
            Pane::Details => 0,
        }
    }

    /// Reports on the status bar.
    pub fn say(&mut self, text: impl Into<String>, error: bool) {
        self.status = Some(Status {
            text: text.into(),
            error,
        });
    }
}

/// The last part of a folder's path, for the header.
fn folder_name(root: &std::path::Path) -> String {
    root.components()
        .rfind(|c| matches!(c, std::path::Component::Normal(_)))
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .unwrap_or_else(|| root.display().to_string())
}

/// Every language code used in theme and entity names.
fn languages(ws: &Workspace) -> Vec<String> {
    let names = ws
        .themes
        .iter()
        .map(|t| &t.name)
        .chain(ws.entities.iter().map(|e| &e.name));
    let set: std::collections::BTreeSet<&String> = names.flat_map(|n| n.0.keys()).collect();
    set.into_iter().cloned().collect()
}

/// A row of the partner-body tree.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TreeRow {
    /// Entity index.
    pub entity: usize,
    /// Tree guide drawn before the name (`│ ├ `, `  └ `…).
    pub guide: String,
}

/// Partner bodies depth-first by `part_of`, siblings in file order, with
/// their tree guides.
fn tree_rows(ws: &Workspace) -> Vec<TreeRow> {
    fn walk(ws: &Workspace, parent: Option<usize>, lead: &str, root: bool, out: &mut Vec<TreeRow>) {
        let children: Vec<usize> = ws.children(parent).collect();
        for (i, &child) in children.iter().enumerate() {
            let last = i + 1 == children.len();
            let (guide, next_lead) = match (root, last) {
                (true, _) => (String::new(), String::new()),
                (false, true) => (format!("{lead}└ "), format!("{lead}  ")),
                (false, false) => (format!("{lead}├ "), format!("{lead}│ ")),
            };
            out.push(TreeRow {
                entity: child,
                guide,
            });
            walk(ws, Some(child), &next_lead, false, out);
        }
    }
    let mut out = Vec::new();
    walk(ws, None, "", true, &mut out);
    out
}
