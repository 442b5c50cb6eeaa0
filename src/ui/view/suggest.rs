//! The Suggestions view: the list (headings per theme or source, a row per
//! suggestion with its first evidence words marked in context), and under
//! it the selected passage whole, every evidence word and related body
//! marked. The reason prompt of a rejection replaces the passage.

use super::field::line_field;
use super::{block, fit, opts, styled};
use crate::layout::{Mark, layout, snippet};
use crate::model::Workspace;
use crate::suggest::{Grouping, Suggestion};
use crate::text::sanitize;
use crate::text::width::width;
use crate::ui::action::Action;
use crate::ui::keys::Context;
use crate::ui::state::State;
use crate::ui::suggest::{Row, SuggestView, areas};
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

/// What a mark of the passage stands for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Marked {
    /// Words naming the theme.
    Evidence,
    /// A related partner body's name.
    Body,
}

/// Draws the view over `area`.
pub fn draw(state: &State, v: &SuggestView, frame: &mut Frame, area: Rect) {
    let [list, below] = areas(area);
    draw_list(state, v, frame, list);
    match (&v.reason, v.selected()) {
        (Some(reason), Some(s)) => draw_reason(state, s, reason, frame, below),
        (None, Some(s)) => draw_passage(state, s, frame, below),
        _ => {
            let b = block(state, "Passage", false, below.width);
            frame.render_widget(b, below);
        }
    }
}

/// A suggestion's row label: where it is, or (by source) which theme.
fn label(ws: &Workspace, lang: &str, s: &Suggestion, grouping: Grouping) -> String {
    match grouping {
        Grouping::Theme => format!("{} ¶{}", ws.sources[s.source].id, s.passage + 1),
        Grouping::Source => format!("¶{} {}", s.passage + 1, ws.themes[s.theme].name.get(lang)),
    }
}

fn draw_list(state: &State, v: &SuggestView, frame: &mut Frame, area: Rect) {
    let p = &state.palette;
    let ws = &state.ws;
    let by = match v.grouping {
        Grouping::Theme => "by theme",
        Grouping::Source => "by source",
    };
    let title = format!("Suggestions · {by} · {} to review", v.items.len());
    let b = block(state, &title, v.reason.is_none(), area.width);
    let inner = b.inner(area);
    frame.render_widget(b, area);
    let cells = inner.width as usize;
    let shown = &v.rows[v.cursor.offset.min(v.rows.len())..];
    let shown = &shown[..shown.len().min(inner.height as usize)];
    let labels: Vec<String> = shown
        .iter()
        .filter_map(|r| match r {
            Row::Item(i) => v.data.get(*i),
            Row::Heading { .. } => None,
        })
        .map(|s| label(ws, &state.lang, s, v.grouping))
        .collect();
    let label_w = labels
        .iter()
        .map(|l| width(&sanitize(l)))
        .max()
        .unwrap_or(0)
        .min(cells / 3);
    let selected = v.items.get(v.cursor.selected).copied();
    let mut lines = Vec::new();
    let mut labels = labels.into_iter();
    for row in shown {
        match *row {
            Row::Heading { first, count } => {
                let Some(s) = v.data.get(first) else { continue };
                let name = match v.grouping {
                    Grouping::Theme => ws.themes[s.theme].name.get(&state.lang).to_string(),
                    Grouping::Source => format!(
                        "{} · {}",
                        ws.sources[s.source].id,
                        ws.sources[s.source].title.get(&state.lang)
                    ),
                };
                let count = format!(" · {count}");
                let name = fit(state, &name, cells.saturating_sub(width(&count) + 1));
                lines.push(Line::from(vec![
                    Span::styled(name, p.heading()),
                    Span::styled(count, p.dim()),
                ]));
            }
            Row::Item(i) => {
                let Some(s) = v.data.get(i) else { continue };
                let label = fit(state, &labels.next().unwrap_or_default(), label_w);
                let pad = label_w.saturating_sub(width(&label));
                let score = format!("{:>3}", s.score);
                let room = cells.saturating_sub(2 + label_w + 1 + 3 + 1);
                let text = &ws.sources[s.source].passages[s.passage].text;
                let snip = snippet(
                    text,
                    s.span().range,
                    room,
                    &opts(state, ws.sources[s.source].lang.as_deref()),
                );
                let mut line = styled(&snip, Style::new(), |hit| {
                    if hit { p.link() } else { Style::new() }
                });
                let chosen = selected == Some(i);
                line.spans.splice(
                    0..0,
                    [
                        Span::raw(if chosen { "▶ " } else { "  " }),
                        Span::styled(label, p.dim()),
                        Span::raw(" ".repeat(pad + 1)),
                        Span::styled(score, p.dim()),
                        Span::raw(" "),
                    ],
                );
                if chosen {
                    let used = line.width();
                    line.spans
                        .push(Span::raw(" ".repeat(cells.saturating_sub(used))));
                    line = line.patch_style(p.selected(v.reason.is_none()));
                }
                lines.push(line);
            }
        }
    }
    if lines.is_empty() {
        lines.push(Line::styled(
            "  (nothing to review: every passage naming a theme is linked or rejected)",
            p.dim(),
        ));
    }
    frame.render_widget(Paragraph::new(lines), inner);
}

/// The selected passage whole: evidence and related bodies marked, the
/// evidence in sight, and what the score counts under it.
fn draw_passage(state: &State, s: &Suggestion, frame: &mut Frame, area: Rect) {
    let p = &state.palette;
    let ws = &state.ws;
    let theme = &ws.themes[s.theme];
    let title = format!(
        "{} ¶{} · {} · score {}",
        ws.sources[s.source].id,
        s.passage + 1,
        theme.name.get(&state.lang),
        s.score
    );
    let b = block(state, &title, false, area.width);
    let inner = b.inner(area);
    frame.render_widget(b, area);
    let text = &ws.sources[s.source].passages[s.passage].text;
    let mut marks: Vec<Mark<Marked>> = s
        .evidence
        .iter()
        .map(|r| Mark {
            range: r.clone(),
            tag: Marked::Evidence,
        })
        .collect();
    for &e in &s.bodies {
        let mentions = &ws.entities[e].mentions;
        let at = (s.source, s.passage);
        let from = mentions.partition_point(|m| (m.source(), m.passage()) < at);
        marks.extend(
            mentions[from..]
                .iter()
                .take_while(|m| (m.source(), m.passage()) == at)
                .map(|m| Mark {
                    range: m.range(),
                    tag: Marked::Body,
                }),
        );
    }
    // In order and apart: the evidence wins where a body's name overlaps.
    marks.sort_by_key(|m| (m.range.start, m.tag == Marked::Body));
    let mut apart: Vec<Mark<Marked>> = Vec::new();
    for m in marks {
        if apart.last().is_none_or(|l| l.range.end <= m.range.start) {
            apart.push(m);
        }
    }
    let cells = inner.width as usize;
    let laid = layout(
        text,
        &apart,
        cells,
        &opts(state, ws.sources[s.source].lang.as_deref()),
    );
    let room = (inner.height as usize).saturating_sub(1).max(1);
    let first = s.evidence.first().map_or(0, |r| r.start);
    let at = laid.iter().position(|l| l.source.end > first).unwrap_or(0);
    let top = at.saturating_sub(1).min(laid.len().saturating_sub(room));
    let mut lines: Vec<Line> = laid
        .iter()
        .skip(top)
        .take(room)
        .map(|l| {
            styled(l, Style::new(), |m| match m {
                Marked::Evidence => p.link(),
                Marked::Body => p.mention(),
            })
        })
        .collect();
    let mut words: Vec<String> = Vec::new();
    for r in &s.evidence {
        let w = sanitize(&text[r.clone()]).into_owned();
        if !words.contains(&w) {
            words.push(w);
        }
    }
    let bodies: Vec<&str> = s
        .bodies
        .iter()
        .map(|&e| ws.entities[e].name.get(&state.lang))
        .collect();
    let mut why = format!("named {}×: {}", s.evidence.len(), words.join(", "));
    if !bodies.is_empty() {
        why.push_str(&format!(" · with {}", bodies.join(", ")));
    }
    lines.push(Line::styled(fit(state, &why, cells), p.dim()));
    frame.render_widget(Paragraph::new(lines), inner);
}

/// The prompt for a rejection's reason.
fn draw_reason(
    state: &State,
    s: &Suggestion,
    reason: &crate::ui::line_edit::LineEdit,
    frame: &mut Frame,
    area: Rect,
) {
    let p = &state.palette;
    let ws = &state.ws;
    let title = format!(
        "Reject {} ¶{} for «{}»",
        ws.sources[s.source].id,
        s.passage + 1,
        ws.themes[s.theme].name.get(&state.lang)
    );
    let b = block(state, &title, true, area.width);
    let inner = b.inner(area);
    frame.render_widget(b, area);
    let label = "Why (optional) ";
    let mut field = vec![Span::styled(label, p.heading())];
    field.extend(line_field(
        state,
        reason,
        (inner.width as usize).saturating_sub(width(label)),
        None,
    ));
    let lines = vec![
        Line::from(field),
        Line::default(),
        Line::styled(
            format!(
                "{} rejects: kept in the notes folder, nobody is asked again · {} keeps it",
                state.keymap.key(Context::Reason, Action::Open, "Enter"),
                state.keymap.key(Context::Reason, Action::Back, "Esc")
            ),
            p.dim(),
        ),
    ];
    frame.render_widget(Paragraph::new(lines), inner);
}
