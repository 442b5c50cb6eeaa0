//! The four dashboard panes.

use super::{block, fit, opts, styled};
use crate::layout::{Mark, layout, snippet};
use crate::model::LangText;
use crate::notes::TargetRef;
use crate::ui::state::{Cursor, Owner, Pane, State};
use crate::ui::update::visible_rows;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

/// Draws `pane` in `area`.
pub fn draw(state: &State, frame: &mut Frame, pane: Pane, area: Rect) {
    let focused = state.focus == pane;
    let inner_width = area.width.saturating_sub(2) as usize;
    let (title, lines) = match pane {
        Pane::Themes => (
            "Themes · links · mentions".to_string(),
            themes(state, inner_width),
        ),
        Pane::Passages => passages(state, inner_width),
        Pane::Entities => (entities_title(inner_width), entities(state, inner_width)),
        Pane::Details => (details_title(state, area), details(state, inner_width)),
        Pane::Notes => super::notes::pane(state, inner_width),
    };
    let title = format!(
        "{} {}",
        Pane::ALL.iter().position(|p| *p == pane).unwrap_or(0) + 1,
        title
    );
    let height = area.height.saturating_sub(2) as usize;
    let lines: Vec<Line> = match pane {
        Pane::Details => lines
            .into_iter()
            .skip(state.details_scroll)
            .take(height)
            .collect(),
        _ => lines,
    };
    frame.render_widget(
        Paragraph::new(lines).block(block(state, &title, focused, area.width)),
        area,
    );
}

/// The Details pane's title; where Notes shares its corner and is not
/// shown, it says the subject has notes.
fn details_title(state: &State, area: Rect) -> String {
    let shared = state
        .areas()
        .pane(Pane::Notes, state.focus, Pane::Notes)
        .is_some_and(|notes| notes == area);
    match notes_count(state, state.notes_subject()) {
        Some(n) if shared => format!("Details · ✎ {n}"),
        _ => "Details".to_string(),
    }
}

/// The Partner bodies pane's title, as long as fits (after its number):
/// its items are partner bodies, people, and the programmes and
/// instruments the sources name.
fn entities_title(inner_width: usize) -> String {
    let room = inner_width.saturating_sub(4);
    [
        "Partner bodies and programmes · mentions",
        "Partner bodies and programmes",
        "Bodies and programmes",
    ]
    .into_iter()
    .find(|t| t.chars().count() <= room)
    .unwrap_or("Bodies")
    .to_string()
}

/// The rows of `pane` in sight: only they are worth laying out.
fn window(state: &State, pane: Pane, cursor: Cursor) -> std::ops::Range<usize> {
    cursor.offset..cursor.offset + visible_rows(state, pane)
}

/// Name in the UI language.
pub(super) fn name<'a>(state: &State, text: &'a LangText) -> &'a str {
    text.get(&state.lang)
}

/// Renders visible rows of a list, `rows_per_item` lines each, the
/// selected one styled and marked with `▶` (visible without colour).
pub(super) fn list(
    state: &State,
    pane: Pane,
    cursor: Cursor,
    items: Vec<Vec<Line<'static>>>,
    width: usize,
) -> Vec<Line<'static>> {
    let focused = state.focus == pane;
    let visible = visible_rows(state, pane);
    let mut out = Vec::new();
    for (i, item) in items
        .into_iter()
        .enumerate()
        .skip(cursor.offset)
        .take(visible)
    {
        let selected = i == cursor.selected;
        for (row, mut line) in item.into_iter().enumerate() {
            let marker = match (selected, row) {
                (true, 0) => "▶ ",
                _ => "  ",
            };
            line.spans.insert(0, Span::raw(marker));
            if selected {
                let used = line.width();
                line.spans
                    .push(Span::raw(" ".repeat(width.saturating_sub(used))));
                line = state.palette.select_line(line, focused);
            }
            out.push(line);
        }
    }
    if out.is_empty() {
        out.push(Line::styled("  (nothing here)", state.palette.dim()));
    }
    out
}

/// A label with a right-aligned count column.
fn row(state: &State, label: &str, count: String, width: usize) -> Line<'static> {
    let room = width.saturating_sub(2 + count.chars().count() + 1);
    let label = fit(state, label, room);
    let pad = room.saturating_sub(crate::text::width::width(&label));
    Line::from(vec![
        Span::raw(label),
        Span::raw(" ".repeat(pad + 1)),
        Span::styled(count, state.palette.dim()),
    ])
}

fn themes(state: &State, width: usize) -> Vec<Line<'static>> {
    let items = state
        .ws
        .themes
        .iter()
        .enumerate()
        .map(|(i, t)| {
            vec![row(
                state,
                name(state, &t.name),
                format!(
                    "{}{:>2} · {:>2}",
                    broken_mark(state, &t.id),
                    links_of(state, i),
                    t.mentions.len()
                ),
                width,
            )]
        })
        .collect();
    list(state, Pane::Themes, state.themes, items, width)
}

/// Theme `t`'s links: curated and analysts'.
fn links_of(state: &State, t: usize) -> usize {
    state.ws.themes[t].links.len() + state.notes.links_of(t).count()
}

/// "1 note", "3 notes" for `subject`, or `None` without notes.
fn notes_count(state: &State, subject: Option<TargetRef>) -> Option<String> {
    let n = subject.map_or(0, |s| state.notes.about(s).len());
    (n > 0).then(|| format!("{} (5 lists them)", count(n, "note")))
}

/// The Details line saying how many notes the subject has, if any.
fn notes_line(state: &State, subject: TargetRef) -> Option<Line<'static>> {
    let text = notes_count(state, Some(subject))?;
    Some(Line::styled(format!("✎ {text}"), state.palette.heading()))
}

/// `! ` before the counts of an item a problem concerns (seen without
/// colour), else nothing.
fn broken_mark(state: &State, id: &str) -> &'static str {
    if state.broken.contains_key(id) {
        "! "
    } else {
        ""
    }
}

/// A line saying how many problems concern the item `id`, if any.
fn problems_line(state: &State, id: &str) -> Option<Line<'static>> {
    let n = *state.broken.get(id)?;
    Some(Line::styled(
        format!("{} — ! lists them", count(n, "problem")),
        state.palette.current(),
    ))
}

fn entities(state: &State, width: usize) -> Vec<Line<'static>> {
    // Names in a right-to-left language: the tree is mirrored, connectors
    // on the right and names right-aligned against them, as right-to-left
    // file managers draw it (the terminal mode leaves order to the terminal).
    let mirrored = state.bidi != crate::layout::BidiMode::Terminal
        && crate::layout::bidi::lang_direction(&state.lang) == Some(crate::layout::Direction::Rtl);
    let shown = window(state, Pane::Entities, state.entities);
    let items = state
        .entity_rows
        .iter()
        .enumerate()
        .map(|(i, r)| {
            if !shown.contains(&i) {
                return Vec::new();
            }
            let entity = &state.ws.entities[r.entity];
            let count = format!(
                "{}{:>2}",
                broken_mark(state, &entity.id),
                entity.mentions.len()
            );
            let guide_w = crate::text::width::width(&r.guide);
            let room = width.saturating_sub(2 + count.chars().count() + 1 + guide_w);
            let label = entity_label(state, r.entity, room);
            let line = if mirrored {
                mirrored_row(state, &r.guide, &label, count, width)
            } else {
                row(state, &format!("{}{label}", r.guide), count, width)
            };
            vec![line]
        })
        .collect();
    list(state, Pane::Entities, state.entities, items, width)
}

/// A partner body's name for `room` cells: whole when it fits, else led
/// by its acronym (`UNODC · United Nations Office…`), so bodies whose
/// names share a long start stay apart.
pub(super) fn entity_label(state: &State, e: usize, room: usize) -> String {
    let entity = &state.ws.entities[e];
    let full = name(state, &entity.name);
    if crate::text::width::width(full) <= room {
        return full.to_string();
    }
    let acronym = entity
        .aliases
        .iter()
        .filter(|a| crate::text::phrase::is_acronym(a) && !full.contains(a.as_str()))
        .min_by_key(|a| a.len());
    match acronym {
        Some(a) => format!("{a} · {full}"),
        None => full.to_string(),
    }
}

/// A tree row drawn right to left: `name ┘ │ count`, the name
/// right-aligned against its connectors.
fn mirrored_row(
    state: &State,
    guide: &str,
    label: &str,
    count: String,
    width: usize,
) -> Line<'static> {
    let guide = mirror_guide(guide);
    let fixed = crate::text::width::width(&guide) + count.chars().count() + 1;
    let room = width.saturating_sub(2 + fixed);
    let label = fit(state, label, room);
    let pad = room.saturating_sub(crate::text::width::width(&label));
    Line::from(vec![
        Span::raw(" ".repeat(pad)),
        Span::raw(label),
        Span::styled(guide, state.palette.dim()),
        Span::raw(" "),
        Span::styled(count, state.palette.dim()),
    ])
}

/// A tree guide as seen in a mirror: `│ └ ` becomes ` ┘ │`.
fn mirror_guide(guide: &str) -> String {
    guide
        .chars()
        .rev()
        .map(|c| match c {
            '└' => '┘',
            '├' => '┤',
            '┌' => '┐',
            other => other,
        })
        .collect()
}

fn passages(state: &State, width: usize) -> (String, Vec<Line<'static>>) {
    let title = match state.owner {
        Owner::Theme => state
            .theme()
            .map(|t| format!("Passages · {}", name(state, &state.ws.themes[t].name))),
        Owner::Entity => state.entity().map(|e| {
            let room = width.saturating_sub(4 + "2 Mentions · ".len());
            format!("Mentions · {}", entity_label(state, e, room))
        }),
    }
    .unwrap_or_else(|| "Passages".into());
    let highlight = match state.owner {
        Owner::Theme => state.palette.link(),
        Owner::Entity => state.palette.mention(),
    };
    let shown = window(state, Pane::Passages, state.passages);
    let items = state
        .passage_rows()
        .into_iter()
        .enumerate()
        .map(|(i, row)| {
            // Only rows in sight are laid out: a theme may link thousands.
            if !shown.contains(&i) {
                return Vec::new();
            }
            let span = &row.span;
            let passage = state.ws.passage(span);
            let room = width.saturating_sub(2);
            let id = &state.ws.sources[span.source].id;
            let mut address = super::address(state, id, passage.n, room);
            if let Some((author, created)) = &row.analyst {
                address.push_str(&format!(
                    " · ✎ analyst link by {author}, {}",
                    crate::ui::notes::when(state.now, created)
                ));
            }
            let lang = state.ws.sources[span.source].lang.as_deref();
            let snip = snippet(
                &passage.text,
                span.range.clone(),
                width.saturating_sub(2),
                &opts(state, lang),
            );
            vec![
                Line::styled(
                    fit(state, &address, width.saturating_sub(2)),
                    state.palette.dim(),
                ),
                styled(&snip, Style::new(), |m| {
                    if m { highlight } else { Style::new() }
                }),
            ]
        })
        .collect();
    (
        title,
        list(state, Pane::Passages, state.passages, items, width),
    )
}

/// "1 link", "2 links".
fn count(n: usize, what: &str) -> String {
    format!("{n} {what}{}", if n == 1 { "" } else { "s" })
}

/// Lays a paragraph of data text out into lines.
pub(super) fn para(state: &State, text: &str, width: usize, style: Style) -> Vec<Line<'static>> {
    layout::<()>(text, &[], width, &opts(state, None))
        .iter()
        .map(|l| styled(l, style, |()| style))
        .collect()
}

pub(super) fn details(state: &State, width: usize) -> Vec<Line<'static>> {
    let p = &state.palette;
    let ws = &state.ws;
    let mut out: Vec<Line<'static>> = Vec::new();
    let field = |out: &mut Vec<Line<'static>>, label: &str, value: &str| {
        if value.is_empty() {
            return;
        }
        out.push(Line::styled(label.to_string(), p.heading()));
        out.extend(para(state, value, width, Style::new()));
    };
    let names = |out: &mut Vec<Line<'static>>, text: &LangText| {
        out.extend(para(state, name(state, text), width, p.heading()));
        for (lang, other) in text.others(&state.lang) {
            out.extend(para(
                state,
                &format!("{lang}: {other}"),
                width,
                Style::new(),
            ));
        }
    };
    // The first few places and a count: a theme mentioned in thousands of
    // passages must not cost a frame thousands of wrapped addresses.
    let addresses = |places: &mut dyn Iterator<Item = (usize, usize)>| -> String {
        const SHOWN: usize = 40;
        let mut seen: Vec<(usize, usize)> = places.collect();
        seen.dedup();
        let mut out: Vec<String> = seen
            .iter()
            .take(SHOWN)
            .map(|&(s, p)| format!("{}:{}", ws.sources[s].id, p + 1))
            .collect();
        if seen.len() > SHOWN {
            out.push(format!("… {} more", seen.len() - SHOWN));
        }
        out.join(", ")
    };
    match state.subject {
        Pane::Themes => {
            let Some(t) = state.theme() else { return out };
            let theme = &ws.themes[t];
            names(&mut out, &theme.name);
            let analyst = state.notes.links_of(t).count();
            let links = match analyst {
                0 => count(theme.links.len(), "link"),
                n => format!(
                    "{} ({} curated, {n} by analysts)",
                    count(theme.links.len() + n, "link"),
                    theme.links.len()
                ),
            };
            out.extend(para(
                state,
                &format!(
                    "id {} · {links} · {}",
                    theme.id,
                    count(theme.mentions.len(), "mention")
                ),
                width,
                p.dim(),
            ));
            out.extend(notes_line(state, TargetRef::Theme(t)));
            out.extend(problems_line(state, &theme.id));
            if let Some(last) = state.last_changes.get(&theme.id) {
                out.extend(para(state, &format!("last change {last}"), width, p.dim()));
            }
            field(&mut out, "Summary", theme.summary.get(&state.lang));
            for (lang, text) in theme.summary.others(&state.lang) {
                field(&mut out, &format!("Summary ({lang})"), text);
            }
            field(&mut out, "Keywords", &theme.keywords.join(", "));
            let bodies: Vec<&str> = theme
                .entities
                .iter()
                .map(|&e| name(state, &ws.entities[e].name))
                .collect();
            field(&mut out, "Partner bodies", &bodies.join(", "));
            field(
                &mut out,
                "Linked passages",
                &addresses(&mut theme.links.iter().map(|l| (l.span.source, l.span.passage))),
            );
            field(
                &mut out,
                "Mentioned in",
                &addresses(&mut theme.mentions.iter().map(|m| (m.source(), m.passage()))),
            );
            // Links that no longer resolve stay in sight, with why.
            for b in &theme.broken {
                out.push(Line::styled("Broken link (! lists problems)", p.current()));
                out.extend(para(
                    state,
                    &format!("«{}»: {}", b.quote, b.why),
                    width,
                    Style::new(),
                ));
            }
        }
        Pane::Entities => {
            let Some(e) = state.entity() else { return out };
            let entity = &ws.entities[e];
            names(&mut out, &entity.name);
            out.extend(problems_line(state, &entity.id));
            if let Some(last) = state.last_changes.get(&entity.id) {
                out.extend(para(state, &format!("last change {last}"), width, p.dim()));
            }
            let parent = entity.part_of.map_or("—".to_string(), |p| {
                name(state, &ws.entities[p].name).to_string()
            });
            out.extend(para(
                state,
                &format!("id {} · {} · part of {}", entity.id, entity.kind, parent),
                width,
                p.dim(),
            ));
            out.extend(notes_line(state, TargetRef::Entity(e)));
            field(&mut out, "Aliases", &entity.aliases.join(", "));
            let children: Vec<&str> = ws
                .children(Some(e))
                .map(|c| name(state, &ws.entities[c].name))
                .collect();
            field(&mut out, "Includes", &children.join(", "));
            let themes: Vec<&str> = ws
                .themes
                .iter()
                .filter(|t| t.entities.contains(&e))
                .map(|t| name(state, &t.name))
                .collect();
            field(&mut out, "Themes", &themes.join(", "));
            field(
                &mut out,
                &format!("{} in", count(entity.mentions.len(), "mention")),
                &addresses(&mut entity.mentions.iter().map(|m| (m.source(), m.passage()))),
            );
        }
        _ => {
            let Some(span) = state.passage() else {
                return out;
            };
            let source = &ws.sources[span.source];
            let passage = ws.passage(&span);
            out.push(Line::styled(
                fit(
                    state,
                    &format!("{}:{} · {:?}", source.id, passage.n, passage.kind).to_lowercase(),
                    width,
                ),
                p.dim(),
            ));
            // A theme's link (curated or an analyst's) to a passage that
            // does not name the theme: the same warning `coopdash check` gives.
            let warning = match (state.owner, state.theme()) {
                (Owner::Theme, Some(t)) => ws.link_warning(t, &span),
                _ => None,
            };
            if let Some((what, fix)) = warning {
                out.extend(para(
                    state,
                    &format!("⚠ warning: {what} — {fix}"),
                    width,
                    p.warning(),
                ));
            }
            out.extend(notes_line(
                state,
                TargetRef::Passage {
                    source: span.source,
                    passage: span.passage,
                },
            ));
            out.extend(para(state, name(state, &source.title), width, p.heading()));
            let marks = [Mark {
                range: span.range.clone(),
                tag: (),
            }];
            let hl = match state.owner {
                Owner::Theme => p.link(),
                Owner::Entity => p.mention(),
            };
            out.extend(
                layout(
                    &passage.text,
                    &marks,
                    width,
                    &opts(state, source.lang.as_deref()),
                )
                .iter()
                .map(|l| styled(l, Style::new(), |()| hl)),
            );
        }
    }
    out
}
