//! The dashboard's state: what is selected, focused, open and scrolled.
//! Everything the screen shows derives from this and the workspace.

use super::areas::{Areas, areas};
use super::export_prompt::ExportPrompt;
use super::reader::Reader;
use super::style::Palette;
use super::views::Chart;
use crate::export::AnalystLink;
use crate::model::{Span, Workspace};
use ratatui::layout::Rect;
use std::sync::Arc;

/// The four panes of the dashboard.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Pane {
    /// The cooperation themes.
    Themes,
    /// Passages of the selected theme, or mentions of the selected body.
    Passages,
    /// Partner bodies, as a tree.
    Entities,
    /// Details of the selected item.
    Details,
}

impl Pane {
    /// Panes in Tab order.
    pub const ALL: [Pane; 4] = [Pane::Themes, Pane::Passages, Pane::Entities, Pane::Details];

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
            Pane::Entities => "Partner bodies",
            Pane::Details => "Details",
        }
    }
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
    /// Terminal size.
    pub size: Rect,
    /// Language shown first for names.
    pub lang: String,
    /// Languages the workspace's names are written in, sorted.
    pub languages: Vec<String>,
    /// Focused pane.
    pub focus: Pane,
    /// Which list the Passages pane shows.
    pub owner: Owner,
    /// Whose details the Details pane shows: the last focused list.
    pub subject: Pane,
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
    /// The open reader, if any.
    pub reader: Option<Reader>,
    /// The help screen's scroll, when open.
    pub help: Option<usize>,
    /// Set when the user asked to quit.
    pub quit: bool,
    /// The open matrix or timeline, if any (the reader opens over it).
    pub chart: Option<Chart>,
    /// The export prompt, when open.
    pub export: Option<ExportPrompt>,
    /// A one-off report for the status bar, cleared by the next key.
    pub message: Option<Message>,
    /// Passages analysts linked to themes, counted by the matrix and
    /// exported with the curated links.
    pub analyst_links: Vec<AnalystLink>,
}

/// A report in the status bar: what an action did, or why it failed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Message {
    /// The text (sanitized when drawn).
    pub text: String,
    /// Whether it reports a failure.
    pub error: bool,
}

impl State {
    /// A fresh dashboard over `ws`.
    pub fn new(ws: Arc<Workspace>, palette: Palette, size: Rect) -> Self {
        let entity_rows = tree_rows(&ws);
        let languages = languages(&ws);
        let name = ws
            .root
            .canonicalize()
            .ok()
            .and_then(|p| p.file_name().map(|n| n.to_string_lossy().into_owned()))
            .unwrap_or_else(|| ws.root.display().to_string());
        State {
            ws,
            palette,
            size,
            lang: "en".into(),
            languages,
            focus: Pane::Themes,
            owner: Owner::Theme,
            subject: Pane::Themes,
            name,
            themes: Cursor::default(),
            passages: Cursor::default(),
            entities: Cursor::default(),
            details_scroll: 0,
            entity_rows,
            reader: None,
            help: None,
            quit: false,
            chart: None,
            export: None,
            message: None,
            analyst_links: Vec::new(),
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

    /// The spans listed in the Passages pane.
    pub fn passage_rows(&self) -> Vec<&Span> {
        match self.owner {
            Owner::Theme => self
                .theme()
                .map(|t| self.ws.themes[t].links.iter().map(|l| &l.span).collect())
                .unwrap_or_default(),
            Owner::Entity => self
                .entity()
                .map(|e| {
                    self.ws.entities[e]
                        .mentions
                        .iter()
                        .map(|m| &m.span)
                        .collect()
                })
                .unwrap_or_default(),
        }
    }

    /// The selected row of the Passages pane.
    pub fn passage(&self) -> Option<&Span> {
        self.passage_rows().get(self.passages.selected).copied()
    }

    /// How many rows the focused list has.
    pub fn rows_in(&self, pane: Pane) -> usize {
        match pane {
            Pane::Themes => self.ws.themes.len(),
            Pane::Passages => self.passage_rows().len(),
            Pane::Entities => self.entity_rows.len(),
            Pane::Details => 0,
        }
    }
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
