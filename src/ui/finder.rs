//! The finder (`/`): one list across themes, partner bodies, passages,
//! events and notes. Its state lives here; the matching runs on a worker
//! thread ([`SearchWorker`]) so typing never waits: each keystroke takes a
//! new ticket (cancelling older work) and the worker answers with
//! [`Found`] rows ready to draw.

use super::line_edit::LineEdit;
use super::reader::Reader;
use super::state::{Cursor, Owner, Pane};
use crate::model::{Span, Workspace};
use crate::search::{Field, Hit, Index, Item, Kind, Results, Searcher, Ticket};
use std::ops::Range;
use std::sync::mpsc::{self, Receiver, Sender};
use std::sync::{Arc, Mutex, OnceLock};

/// Rows the finder keeps from one answer (the count says how many more).
pub const MAX_ROWS: usize = 300;
/// Rows of the first, fast answer.
const FIRST_PAGE: usize = 60;

/// Where the dashboard was when the finder opened, to go back on Esc.
#[derive(Debug, Clone)]
pub struct Saved {
    /// Focused pane.
    pub focus: Pane,
    /// Last focused list.
    pub subject: Pane,
    /// What Passages listed.
    pub owner: Owner,
    /// Selections: themes, passages, entities, notes.
    pub cursors: [Cursor; 4],
    /// The reader, if it was open.
    pub reader: Option<Reader>,
}

/// Where Enter on a row goes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Jump {
    /// Select this theme.
    Theme(usize),
    /// Select this partner body.
    Entity(usize),
    /// Open the reader at these words.
    Reader(Span),
    /// Show this note.
    Note(String),
}

/// One result, ready to draw.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Row {
    /// Theme, entity, passage, event or note.
    pub kind: Kind,
    /// Name, `SOURCE:N`, date or note id.
    pub label: String,
    /// The text shown after the label: a name, or the context of a match.
    pub text: String,
    /// Matched characters, byte ranges of `text`.
    pub marks: Vec<Range<usize>>,
    /// Where Enter goes.
    pub jump: Jump,
}

/// The worker's answer to a query.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Found {
    /// The query it answers.
    pub query: String,
    /// The kind filter it ran with.
    pub kind: Option<Kind>,
    /// Best first, at most [`MAX_ROWS`].
    pub rows: Vec<Row>,
    /// How many items matched.
    pub total: usize,
    /// Whether the ranking is final (not only the first page).
    pub complete: bool,
}

/// The open finder.
#[derive(Debug, Clone)]
pub struct Finder {
    /// The query as typed.
    pub query: LineEdit,
    /// Only results of this kind (Tab cycles).
    pub kind: Option<Kind>,
    /// The latest answer that matches the query and kind on screen.
    pub found: Option<Found>,
    /// Selected row.
    pub cursor: Cursor,
    /// Where to go back to.
    pub saved: Saved,
}

impl Finder {
    /// Whether the rows shown answer what is typed now.
    pub fn current(&self) -> bool {
        self.found
            .as_ref()
            .is_some_and(|f| f.query == self.query.text() && f.kind == self.kind)
    }

    /// The next kind filter: all → theme → … → note → all.
    pub fn next_kind(&self) -> Option<Kind> {
        match self.kind {
            None => Kind::ALL.first().copied(),
            Some(k) => Kind::ALL
                .iter()
                .position(|x| *x == k)
                .and_then(|i| Kind::ALL.get(i + 1))
                .copied(),
        }
    }
}

/// The index, built once per process on first use (a large workspace
/// takes seconds: never on the UI thread, never at start-up).
pub struct SearchBase {
    ws: Arc<Workspace>,
    index: OnceLock<Index>,
}

impl std::fmt::Debug for SearchBase {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SearchBase")
            .field("built", &self.index.get().is_some())
            .finish()
    }
}

impl SearchBase {
    /// The base for `ws`; nothing is built yet.
    pub fn new(ws: Arc<Workspace>) -> Arc<Self> {
        Arc::new(SearchBase {
            ws,
            index: OnceLock::new(),
        })
    }

    /// The base for `ws`, a later version of `self`'s workspace. When
    /// `self`'s index is built, the new one is built now (on the caller's
    /// thread, the watcher's), folding only the sources that changed;
    /// otherwise it is built when first searched, as [`Self::new`]'s.
    pub fn after(self: &Arc<Self>, ws: Arc<Workspace>) -> Arc<Self> {
        let next = SearchBase::new(ws.clone());
        if let Some(prev) = self.index.get() {
            let _ = next.index.set(Index::after(prev, ws));
        }
        next
    }

    fn index(&self) -> &Index {
        self.index.get_or_init(|| Index::new(self.ws.clone()))
    }
}

enum Job {
    Search {
        query: String,
        kind: Option<Kind>,
        lang: String,
        ticket: Option<Ticket>,
    },
    Notes(Vec<(String, String)>),
}

/// One session's search thread.
pub struct SearchWorker {
    jobs: Sender<Job>,
    /// The current searcher, for taking tickets on the UI thread.
    searcher: Arc<Mutex<Option<Arc<Searcher>>>>,
}

impl SearchWorker {
    /// Starts the thread; `deliver` is called (on it) with every answer.
    pub fn start(base: Arc<SearchBase>, deliver: impl Fn(Found) + Send + 'static) -> Self {
        let (jobs, rx) = mpsc::channel();
        let searcher = Arc::new(Mutex::new(None));
        let slot = searcher.clone();
        std::thread::Builder::new()
            .name("search".into())
            .spawn(move || work(base, rx, slot, deliver))
            .expect("a thread can be started");
        SearchWorker { jobs, searcher }
    }

    /// Searches `query` (cancelling any search still running).
    pub fn search(&self, query: &str, kind: Option<Kind>, lang: &str) {
        let ticket = self
            .searcher
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .as_ref()
            .map(|s| s.ticket());
        let _ = self.jobs.send(Job::Search {
            query: query.into(),
            kind,
            lang: lang.into(),
            ticket,
        });
    }

    /// Replaces the notes the finder searches: `(id, text)`.
    pub fn set_notes(&self, notes: Vec<(String, String)>) {
        let _ = self.jobs.send(Job::Notes(notes));
    }
}

fn work(
    base: Arc<SearchBase>,
    rx: Receiver<Job>,
    slot: Arc<Mutex<Option<Arc<Searcher>>>>,
    deliver: impl Fn(Found),
) {
    let mut notes: Vec<(String, String)> = Vec::new();
    let mut searcher: Option<Arc<Searcher>> = None;
    while let Ok(first) = rx.recv() {
        // Only the newest search matters; notes updates all apply.
        let mut search = None;
        for job in std::iter::once(first).chain(rx.try_iter()) {
            match job {
                Job::Notes(n) => {
                    notes = n;
                    searcher = None;
                }
                s @ Job::Search { .. } => search = Some(s),
            }
        }
        let Some(Job::Search {
            query,
            kind,
            lang,
            ticket,
        }) = search
        else {
            continue;
        };
        let s = searcher.get_or_insert_with(|| {
            let mut index = base.index().clone();
            for (id, text) in &notes {
                index.upsert_note(id, text);
            }
            let s = Arc::new(Searcher::new(Arc::new(index)));
            *slot.lock().unwrap_or_else(|e| e.into_inner()) = Some(s.clone());
            s
        });
        let ticket = ticket.unwrap_or_else(|| s.ticket());
        // The first page fast, then (unless that was all) the full ranking.
        let Some(first) = s.search(&query, kind, Some(FIRST_PAGE), &ticket) else {
            continue;
        };
        let all_there = first.complete && first.hits.len() == first.total;
        deliver(found(s, &first, &lang, all_there));
        if all_there {
            continue;
        }
        if let Some(all) = s.search(&query, kind, None, &ticket) {
            deliver(found(s, &all, &lang, true));
        }
    }
}

/// Turns results into rows: labels, context and marks.
fn found(s: &Searcher, results: &Results, lang: &str, complete: bool) -> Found {
    let rows = results
        .hits
        .iter()
        .take(MAX_ROWS)
        .map(|hit| row(s, results, hit, lang))
        .collect();
    Found {
        query: results.query.clone(),
        kind: results.kind,
        rows,
        total: results.total,
        complete,
    }
}

fn row(s: &Searcher, results: &Results, hit: &Hit, lang: &str) -> Row {
    let index = s.index();
    let ws = index.workspace();
    let highlight = hit
        .highlight
        .clone()
        .unwrap_or_else(|| s.highlight(results, hit));
    let text = index.text(&hit.item, &hit.field).unwrap_or("");
    let snippet = highlight.snippet.clone();
    let shown = text.get(snippet.clone()).unwrap_or(text).to_string();
    let marks: Vec<Range<usize>> = highlight
        .ranges
        .iter()
        .filter(|r| r.start >= snippet.start && r.end <= snippet.end)
        .map(|r| r.start - snippet.start..r.end - snippet.start)
        .collect();
    let first = highlight.ranges.first().cloned().unwrap_or(0..0);
    let jump = match &hit.item {
        Item::Theme(i) => Jump::Theme(*i),
        Item::Entity(i) => Jump::Entity(*i),
        Item::Passage { source, passage } => Jump::Reader(Span {
            source: *source,
            passage: *passage,
            range: if hit.field == Field::Text {
                first
            } else {
                0..0
            },
        }),
        Item::Event(i) => Jump::Reader(ws.events[*i].span.clone()),
        Item::Note(id) => Jump::Note(id.clone()),
    };
    let label = match &hit.item {
        Item::Passage { .. } => index.address(&hit.item).unwrap_or_default(),
        other => index.label(other, lang),
    };
    Row {
        kind: hit.kind(),
        label,
        text: shown,
        marks,
        jump,
    }
}
