//! The Notes pane, the note editor, the delete question and the theme
//! picker of analyst links.

use super::field;
use super::panes::{list, name};
use super::{fit, opts, styled};
use crate::layout::layout;
use crate::notes::{NoteKind, TargetRef};
use crate::ui::action::Action;
use crate::ui::areas::{self, centred};
use crate::ui::keys::Context;
use crate::ui::notes::Editor;
use crate::ui::notes::when;
use crate::ui::state::{Confirm, Pane, Picker, State};
use crate::ui::update::NOTE_ROWS;
use ratatui::Frame;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph, Wrap};

/// The Notes pane: title and lines.
pub fn pane(state: &State, width: usize) -> (String, Vec<Line<'static>>) {
    let p = &state.palette;
    let ws = &state.ws;
    let title = if state.show_orphans {
        "Notes · orphans (o: back)".to_string()
    } else {
        let about = match state.notes_subject() {
            Some(TargetRef::Theme(t)) => name(state, &ws.themes[t].name).to_string(),
            Some(TargetRef::Entity(e)) => name(state, &ws.entities[e].name).to_string(),
            Some(TargetRef::Passage { source, passage }) => {
                format!("{}:{}", ws.sources[source].id, passage + 1)
            }
            None => "—".into(),
        };
        let orphans = state.notes.orphans().len();
        let tail = if orphans > 0 {
            format!(" · {orphans} orphan(s): o")
        } else {
            String::new()
        };
        format!("Notes · {about}{tail}")
    };
    let text_width = width.saturating_sub(2);
    let drafts = state.draft_rows().into_iter().map(|draft| {
        let head = format!(
            "✎ draft · {} · {} reopens · {} discards",
            when(state.now, &draft.saved),
            state.keymap.key(Context::Dashboard, Action::Open, "Enter"),
            state
                .keymap
                .key(Context::Dashboard, Action::DeleteNote, "d")
        );
        body_lines(state, head, &draft.text, text_width)
    });
    let notes = state.note_rows().into_iter().map(|entry| {
        let note = &entry.stored.note;
        let mut head = format!("{} · {}", note.author, when(state.now, &note.created));
        if note.kind == NoteKind::Link {
            head.push_str(" · ✎ link");
        }
        match entry.placement.orphan_reason(note) {
            Some(why) => head.push_str(&format!(" · orphan: {why}")),
            None => {
                if let Some(span) = entry.placement.span() {
                    head.push_str(&format!(" · ¶{}", span.passage + 1));
                }
            }
        }
        if note.conflict_of.is_some() {
            head.push_str(" · conflict copy");
        }
        let body = if note.body.trim().is_empty() {
            note.anchor
                .as_ref()
                .map(|a| format!("«{}»", a.exact))
                .unwrap_or_default()
        } else {
            note.body.clone()
        };
        body_lines(state, head, &body, text_width)
    });
    let items: Vec<Vec<Line<'static>>> = drafts.chain(notes).collect();
    let empty = items.is_empty();
    let mut out = list(state, Pane::Notes, state.notes_cursor, items, width);
    if empty {
        out = vec![Line::styled("  no notes yet: a writes one", p.dim())];
    }
    if let Some(why) = &state.notes.read_only {
        out.insert(
            0,
            Line::styled(fit(state, &format!("read-only: {why}"), width), p.dim()),
        );
    }
    (title, out)
}

/// A row of the Notes pane: a dim heading, then the start of the text.
fn body_lines(state: &State, head: String, body: &str, width: usize) -> Vec<Line<'static>> {
    let p = &state.palette;
    let mut lines = vec![Line::styled(fit(state, &head, width), p.dim())];
    let laid = layout::<()>(body, &[], width.max(1), &opts(state, None));
    let shown = NOTE_ROWS - 1;
    for (i, l) in laid.iter().take(shown).enumerate() {
        let mut line = styled(l, Style::new(), |()| Style::new());
        if i + 1 == shown && laid.len() > shown {
            line.spans.push(Span::styled(" …", p.dim()));
        }
        lines.push(line);
    }
    while lines.len() < NOTE_ROWS {
        lines.push(Line::default());
    }
    lines
}

/// The note editor.
pub fn editor(state: &State, ed: &Editor, frame: &mut Frame) {
    let [text, foot] = areas::editor(state.areas().main);
    frame.render_widget(Clear, text.union(foot));
    let block = Block::new()
        .borders(Borders::ALL)
        .border_style(state.palette.border(true))
        .title(format!(
            " {} ",
            fit(state, &ed.title, text.width.saturating_sub(4) as usize)
        ));
    let inner = block.inner(text);
    // Laid out like every other text: shaped, in visual order, wrapped,
    // the cursor where the next letter goes (the textarea only edits).
    let lines = field::text_box(
        state,
        &ed.text(),
        ed.cursor(),
        inner.width as usize,
        inner.height as usize,
    );
    frame.render_widget(block, text);
    frame.render_widget(Paragraph::new(lines), inner);
    let note = match &ed.error {
        Some(e) => Line::styled(fit(state, e, foot.width as usize), state.palette.current()),
        None => Line::styled(
            fit(
                state,
                &format!(
                    "as {} · {} save · {} keep draft · {} discard",
                    state.author,
                    state.keymap.key(Context::Editor, Action::Save, "C-s"),
                    state
                        .keymap
                        .key(Context::Editor, Action::CloseEditor, "Esc"),
                    state.keymap.key(Context::Editor, Action::Discard, "C-d")
                ),
                foot.width as usize,
            ),
            state.palette.dim(),
        ),
    };
    frame.render_widget(Paragraph::new(note).wrap(Wrap { trim: true }), foot);
}

/// The yes/no question.
pub fn confirm(state: &State, confirm: &Confirm, frame: &mut Frame) {
    let area = state.areas().main;
    let (question, text, answers) = match confirm {
        Confirm::Remove { question, .. } => {
            return curation_question(state, question, "y yes · n no", frame);
        }
        Confirm::RemoveBody { question, .. } => {
            return curation_question(state, question, "y move · d detach · n keep", frame);
        }
        Confirm::SyncConflict { question } => {
            return curation_question(
                state,
                question,
                "y keep theirs · d keep ours · n decide later",
                frame,
            );
        }
        Confirm::Delete(base) => (
            format!("Delete the note by {}?", base.note.author),
            base.note.body.as_str(),
            "y delete · n keep",
        ),
        Confirm::Discard(id) => (
            "Throw this draft away?".to_string(),
            state
                .drafts
                .iter()
                .find(|d| &d.id == id)
                .map_or("", |d| d.text.as_str()),
            "y throw away · n keep",
        ),
    };
    let rect = centred(area, 60, 5);
    frame.render_widget(Clear, rect);
    let first = text.lines().next().unwrap_or("");
    let lines = vec![
        Line::from(fit(state, &question, 56)),
        Line::styled(fit(state, first, 56), state.palette.dim()),
        Line::styled(answers, state.palette.heading()),
    ];
    let block = Block::new()
        .borders(Borders::ALL)
        .border_style(state.palette.border(true));
    frame.render_widget(Paragraph::new(lines).block(block), rect);
}

/// A curation question: wrapped, since it says what the change takes
/// with it.
fn curation_question(state: &State, question: &str, answers: &str, frame: &mut Frame) {
    let area = state.areas().main;
    let mut lines = super::panes::para(state, question, 56, Style::new());
    lines.push(Line::styled(answers.to_string(), state.palette.heading()));
    let rect = centred(area, 60, lines.len() as u16 + 2);
    frame.render_widget(Clear, rect);
    let block = Block::new()
        .borders(Borders::ALL)
        .border_style(state.palette.border(true));
    frame.render_widget(Paragraph::new(lines).block(block), rect);
}

/// The theme picker of a new analyst link.
pub fn picker(state: &State, picker: &Picker, frame: &mut Frame) {
    let area = state.areas().main;
    let themes = &state.ws.themes;
    let rect = centred(area, 50, themes.len() as u16 + 4);
    frame.render_widget(Clear, rect);
    let quote = state.ws.span_text(&picker.span);
    let mut lines = vec![Line::styled(
        fit(state, &format!("Link «{quote}» to:"), 46),
        state.palette.dim(),
    )];
    for (i, t) in themes.iter().enumerate() {
        let label = fit(state, name(state, &t.name), 44);
        lines.push(if i == picker.cursor {
            Line::styled(format!("▶ {label}"), state.palette.selected(true))
        } else {
            Line::from(format!("  {label}"))
        });
    }
    let block = Block::new()
        .borders(Borders::ALL)
        .border_style(state.palette.border(true))
        .title(" Analyst link: theme ");
    frame.render_widget(Paragraph::new(lines).block(block), rect);
}
