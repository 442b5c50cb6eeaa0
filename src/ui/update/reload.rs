//! A new version of the workspace arrived: swap it in and keep the
//! analyst's place. Themes and bodies are kept by id; passages by their
//! source id and text (a `SOURCE:N` shifts when a paragraph is inserted);
//! where an item is gone, the nearest one that remains.

use super::{Pane, State, open_reader, reader_size, visible_rows};
use crate::model::{Span, Workspace};
use crate::ui::notes::Effect;
use crate::ui::state::Cursor;
use crate::workspace::Problem;
use std::sync::Arc;

/// A passage by what it is, not where it was.
struct Where {
    source: String,
    text: String,
    n: usize,
}

fn where_of(ws: &Workspace, source: usize, passage: usize) -> Where {
    Where {
        source: ws.sources[source].id.clone(),
        text: ws.sources[source].passages[passage].text.to_string(),
        n: passage,
    }
}

/// The passage `w` was, in `ws`: the same text in the same source, else
/// the same number (clamped); `None` when the source is gone.
fn find(ws: &Workspace, w: &Where) -> Option<(usize, usize)> {
    let s = ws.sources.iter().position(|s| s.id == w.source)?;
    let passages = &ws.sources[s].passages;
    let p = passages
        .iter()
        .position(|p| *p.text == *w.text)
        .unwrap_or(w.n.min(passages.len().saturating_sub(1)));
    (!passages.is_empty()).then_some((s, p))
}

/// Swaps `ws` in, keeping the place, and says what changed.
pub fn workspace_changed(state: &mut State, ws: Arc<Workspace>, problems: Vec<Problem>) {
    let old = state.ws.clone();
    let theme = state.theme().map(|t| old.themes[t].id.clone());
    let entity = state.entity().map(|e| old.entities[e].id.clone());
    let passage = state.passage().map(|s| where_of(&old, s.source, s.passage));
    let reader = state
        .reader
        .as_ref()
        .map(|r| (where_of(&old, r.source, r.focus_passage()), r.scroll));
    state.replace_workspace(ws);
    let ws = state.ws.clone();

    let keep = |cursor: &mut Cursor, at: Option<usize>, len: usize, visible: usize| {
        let at = at.unwrap_or(cursor.selected).min(len.saturating_sub(1));
        *cursor = Cursor::default();
        cursor.step(at as isize, len, visible);
    };
    let at = theme.and_then(|id| ws.themes.iter().position(|t| t.id == id));
    let visible = visible_rows(state, Pane::Themes);
    keep(&mut state.themes, at, ws.themes.len(), visible);
    let at = entity.and_then(|id| {
        let e = ws.entities.iter().position(|e| e.id == id)?;
        state.entity_rows.iter().position(|r| r.entity == e)
    });
    let visible = visible_rows(state, Pane::Entities);
    let len = state.entity_rows.len();
    keep(&mut state.entities, at, len, visible);
    let at = passage.and_then(|w| {
        let (s, p) = find(&ws, &w)?;
        state
            .passage_rows()
            .iter()
            .position(|r| r.span.source == s && r.span.passage == p)
    });
    let visible = visible_rows(state, Pane::Passages);
    let len = state.passage_rows().len();
    keep(&mut state.passages, at, len, visible);

    if let Some((w, scroll)) = reader {
        match find(&ws, &w) {
            Some((source, passage)) => {
                let span = Span {
                    source,
                    passage,
                    range: 0..0,
                };
                open_reader(state, &span);
                let (_, height) = reader_size(state);
                if let Some(r) = &mut state.reader {
                    r.scroll = scroll.min(r.max_scroll(height));
                }
            }
            None => {
                state.reader = None;
                state.overlays.take_selection();
                state.overlays.take_picker();
                state.say(
                    format!("source `{}` is gone: back to the panes", w.source),
                    true,
                );
            }
        }
    }
    // Views hold data computed from the old version: open them again.
    if let Some(chart) = state.chart.take() {
        use crate::ui::views::Chart;
        match chart {
            Chart::Matrix(_) => crate::ui::views::open(state, crate::ui::Action::Matrix),
            Chart::Timeline(_) => crate::ui::views::open(state, crate::ui::Action::Timeline),
            Chart::Suggest(v) => crate::ui::suggest::reopen(state, &v),
            Chart::Concordance(c) => crate::ui::concordance::reopen(state, &c),
        }
    }
    // The finder searches the new version.
    if let Some(f) = state.overlays.finder() {
        let effect = Effect::Search {
            query: f.query.text().to_string(),
            kind: f.kind,
            lang: state.lang.clone(),
        };
        state.effects.push(effect);
    }
    let gone = state.status.as_ref().filter(|s| s.error).cloned();
    state.set_problems(problems);
    let what = changes(&old, &ws);
    let errors = state
        .problems
        .iter()
        .filter(|p| p.severity != crate::workspace::Severity::Warning)
        .count();
    let tail = if errors > 0 {
        format!(" · {errors} problem(s): !")
    } else {
        String::new()
    };
    state.say(format!("reloaded: {what}{tail}"), false);
    if let Some(gone) = gone {
        state.status = Some(gone);
    }
    state.banner = None;
}

/// `+1 source, +12 passages, 1 link moved`: what differs, in counts.
fn changes(old: &Workspace, new: &Workspace) -> String {
    let mut out = Vec::new();
    let mut diff = |what: &str, a: usize, b: usize| {
        if a != b {
            let d = b as isize - a as isize;
            out.push(format!(
                "{d:+} {what}{}",
                if d.abs() == 1 { "" } else { "s" }
            ));
        }
    };
    diff("source", old.sources.len(), new.sources.len());
    diff("passage", old.passage_count(), new.passage_count());
    diff("theme", old.themes.len(), new.themes.len());
    diff("partner body", old.entities.len(), new.entities.len());
    diff("link", old.link_count(), new.link_count());
    diff("event", old.events.len(), new.events.len());
    let moved = old
        .themes
        .iter()
        .filter_map(|t| {
            let n = new.themes.iter().find(|u| u.id == t.id)?;
            let at = |w: &Workspace, l: &crate::model::Link| {
                (w.sources[l.span.source].id.clone(), l.span.passage)
            };
            let a: Vec<_> = t.links.iter().map(|l| at(old, l)).collect();
            let b: Vec<_> = n.links.iter().map(|l| at(new, l)).collect();
            Some(a.iter().zip(&b).filter(|(x, y)| x != y).count())
        })
        .sum::<usize>();
    if moved > 0 {
        out.push(format!(
            "{moved} link{} moved",
            if moved == 1 { "" } else { "s" }
        ));
    }
    if out.is_empty() {
        "no change in counts".into()
    } else {
        out.join(", ")
    }
}

/// The new version cannot load: the last good one stays, under a banner
/// naming the problem.
pub fn workspace_broken(state: &mut State, why: &crate::workspace::LoadError) {
    let first = why
        .problems
        .first()
        .map(|p| p.to_string())
        .unwrap_or_else(|| why.to_string());
    // The words that matter first: a long path may be cut at the end.
    state.banner = Some(format!("showing the last good version: {first}"));
}
