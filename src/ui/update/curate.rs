//! Curation from the dashboard: the forms, removals, curated links,
//! promotion, and undo and redo. Every write is an [`Effect::Curate`] run
//! off the UI thread; the new `themes.yaml` reaches the screen through the
//! living workspace's reload, as anyone else's edit does.

use crate::curate::{Applied, Children, Edit, Seen, unique_link};
use crate::model::Workspace;
use crate::notes::{NoteKind, Target};
use crate::ui::action::Action;
use crate::ui::form::{Form, Key};
use crate::ui::notes::Effect;
use crate::ui::overlays::Overlay;
use crate::ui::state::{Confirm, Pane, RowLink, State, Step, Why};

/// Whether this analyst may curate; says why not when not.
pub(crate) fn may_curate(state: &mut State) -> bool {
    match &state.curation {
        Ok(()) => true,
        Err(why) => {
            let why = format!("curation is not available: {why}");
            state.say(why, true);
            false
        }
    }
}

/// The workspace's languages, the one names are shown in first.
fn langs(state: &State) -> Vec<String> {
    let mut out = vec![state.lang.clone()];
    out.extend(
        state
            .languages
            .iter()
            .filter(|l| **l != state.lang)
            .cloned(),
    );
    out
}

fn open(state: &mut State, form: Form) {
    state.overlays.open(Overlay::Form(Box::new(form)));
}

/// `n`: a new theme, or a new partner body in the Bodies pane.
pub(super) fn new_item(state: &mut State) {
    if !may_curate(state) {
        return;
    }
    let form = match state.focus {
        Pane::Entities => Form::new_body(&state.ws, &langs(state), None),
        _ => Form::new_theme(&state.ws, &langs(state)),
    };
    open(state, form);
}

/// What the analyst sees of theme `t`: the base of a form's edits.
fn seen_theme(ws: &Workspace, t: usize) -> Seen {
    let theme = &ws.themes[t];
    let pairs = |m: &crate::model::LangText| m.0.clone().into_iter().collect();
    Seen {
        names: pairs(&theme.name),
        summaries: pairs(&theme.summary),
        kind: None,
        part_of: None,
    }
}

fn seen_body(ws: &Workspace, e: usize) -> Seen {
    let body = &ws.entities[e];
    Seen {
        names: body.name.0.clone().into_iter().collect(),
        summaries: Vec::new(),
        kind: Some(body.kind.clone()),
        part_of: body.part_of.map(|p| ws.entities[p].id.clone()),
    }
}

/// `E`: edit the selected theme or partner body.
pub(super) fn edit_item(state: &mut State) {
    if !may_curate(state) {
        return;
    }
    let form = match (state.focus, state.theme(), state.entity()) {
        (Pane::Themes, Some(t), _) => {
            Form::edit_theme(&state.ws, t, &seen_theme(&state.ws, t), &langs(state))
        }
        (Pane::Entities, _, Some(e)) => {
            Form::edit_body(&state.ws, e, &seen_body(&state.ws, e), &langs(state))
        }
        _ => return state.say("select a theme (1) or a partner body (3) to edit", true),
    };
    open(state, form);
}

/// `+`: a keyword for the selected theme, an alias for the selected body.
pub(super) fn add_word(state: &mut State) {
    if !may_curate(state) {
        return;
    }
    let form = match (state.focus, state.theme(), state.entity()) {
        (Pane::Themes, Some(t), _) => Form::keyword(&state.ws, &state.ws.themes[t].id),
        (Pane::Entities, _, Some(e)) => Form::alias(&state.ws, &state.ws.entities[e].id),
        _ => return state.say("select a theme (1) or a partner body (3) first", true),
    };
    open(state, form);
}

fn plural(n: usize, what: &str) -> String {
    format!("{n} {what}{}", if n == 1 { "" } else { "s" })
}

/// How many notes are on the theme or body `id`.
fn notes_on(state: &State, id: &str) -> usize {
    let target = Target::Item(id.to_string());
    state
        .notes
        .entries
        .iter()
        .filter(|e| e.stored.note.target == target)
        .count()
}

/// `D`: asks before deleting the selected theme, body or curated link.
pub(super) fn delete_item(state: &mut State) {
    if !may_curate(state) {
        return;
    }
    let ws = state.ws.clone();
    let confirm = match (state.focus, state.theme(), state.entity()) {
        (Pane::Themes, Some(t), _) => {
            let theme = &ws.themes[t];
            let notes = notes_on(state, &theme.id);
            Confirm::Remove {
                edit: Edit::RemoveTheme {
                    id: theme.id.clone(),
                },
                question: format!(
                    "Delete theme «{}»? {} and {} point at it; the notes stay, as orphans. (u undoes)",
                    theme.name.get(&state.lang),
                    plural(theme.links.len() + theme.broken.len(), "link"),
                    plural(notes, "note"),
                ),
            }
        }
        (Pane::Entities, _, Some(e)) => {
            let body = &ws.entities[e];
            let themes = ws.themes.iter().filter(|t| t.entities.contains(&e)).count();
            let notes = notes_on(state, &body.id);
            let parts = ws.children(Some(e)).count();
            let name = body.name.get(&state.lang);
            let what = format!(
                "{} relate it and {} are on it; the notes stay, as orphans.",
                plural(themes, "theme"),
                plural(notes, "note")
            );
            if parts == 0 {
                Confirm::Remove {
                    edit: Edit::RemoveEntity {
                        id: body.id.clone(),
                        children: Children::Refuse,
                    },
                    question: format!("Delete partner body «{name}»? {what} (u undoes)"),
                }
            } else {
                let parent = body.part_of.map(|p| ws.entities[p].id.clone());
                let to = parent
                    .as_ref()
                    .map_or("the top level".to_string(), |p| format!("`{p}`"));
                Confirm::RemoveBody {
                    id: body.id.clone(),
                    parent,
                    question: format!(
                        "Delete partner body «{name}»? {what} {} part of it: y moves them to {to}, d detaches them, n keeps everything.",
                        plural(parts, "body is").replace("bodys are", "bodies are"),
                    ),
                }
            }
        }
        (Pane::Passages, Some(t), _) => match state
            .passage_row()
            .and_then(|r| r.link.map(|l| (r.span, l)))
        {
            Some((span, RowLink::Curated(quote))) => {
                let source = &ws.sources[span.source];
                Confirm::Remove {
                    edit: Edit::RemoveLink {
                        theme: ws.themes[t].id.clone(),
                        source: source.id.clone(),
                        passage: span.passage + 1,
                        quote: Some(quote.clone()),
                    },
                    question: format!(
                        "Remove the curated link «{quote}» ({}) from theme «{}»? (u undoes)",
                        ws.address(&span),
                        ws.themes[t].name.get(&state.lang)
                    ),
                }
            }
            Some((_, RowLink::Analyst(_))) => {
                return state.say(
                    "an analyst link is a note: d in the Notes pane deletes it, P promotes it",
                    true,
                );
            }
            None => return state.say("select a theme's curated link to remove it", true),
        },
        _ => {
            return state.say(
                "select a theme (1), a partner body (3) or a theme's curated link (2)",
                true,
            );
        }
    };
    state.overlays.open(Overlay::Confirm(confirm));
}

/// Answers a curation question; gives back any other question.
pub(super) fn confirm(state: &mut State, confirm: Confirm, action: Action) -> Option<Confirm> {
    let edit = match (confirm, action) {
        (Confirm::Remove { edit, .. }, Action::Answer(true)) => edit,
        (Confirm::RemoveBody { id, parent, .. }, Action::Answer(true)) => Edit::RemoveEntity {
            id,
            children: parent.map_or(Children::Detach, Children::ReparentTo),
        },
        (Confirm::RemoveBody { id, .. }, Action::Alternative) => Edit::RemoveEntity {
            id,
            children: Children::Detach,
        },
        (question @ Confirm::Remove { .. }, Action::Alternative) => return Some(question),
        (Confirm::Remove { .. } | Confirm::RemoveBody { .. }, _) => return None,
        (other, _) => return Some(other),
    };
    state.effects.push(Effect::Curate { edit, why: Why::Do });
    None
}

/// `P`: promotes the selected analyst link (Passages or Notes pane).
pub(super) fn promote(state: &mut State) {
    if !may_curate(state) {
        return;
    }
    let id = match state.focus {
        Pane::Passages => state.passage_row().and_then(|r| match r.link {
            Some(RowLink::Analyst(id)) => Some(id),
            _ => None,
        }),
        Pane::Notes => state
            .note()
            .filter(|e| e.stored.note.kind == NoteKind::Link)
            .map(|e| e.stored.note.id.clone()),
        _ => None,
    };
    match id {
        Some(id) => state.effects.push(Effect::Promote(id)),
        None => state.say(
            "select an analyst link: a theme's passage by an analyst (2) or a link note (5)",
            true,
        ),
    }
}

/// `C` in the theme picker: the selected words as a curated link of the
/// highlighted theme, with as many words around them as make them unique.
pub(super) fn curated_link(state: &mut State) {
    if !may_curate(state) {
        return;
    }
    let Some(picker) = state.overlays.picker() else {
        return;
    };
    let (theme, span) = (picker.cursor, picker.span.clone());
    let Some(theme) = state.ws.themes.get(theme).map(|t| t.id.clone()) else {
        return;
    };
    let Some(link) = unique_link(&state.ws, &span) else {
        return state.say(
            "these words occur in several places of the source even with words around them: select more",
            true,
        );
    };
    state.overlays.take_picker();
    state.overlays.take_selection();
    state.effects.push(Effect::Curate {
        edit: Edit::AddLink { theme, link },
        why: Why::Do,
    });
}

/// `e` while selecting words: an event said by them.
pub(super) fn new_event(state: &mut State) {
    if !may_curate(state) {
        return;
    }
    let Some(span) = state.overlays.selection().map(|s| s.span()) else {
        return;
    };
    let Some(link) = unique_link(&state.ws, &span) else {
        return state.say(
            "these words occur in several places of the source even with words around them: select more",
            true,
        );
    };
    let date = state.ws.sources[span.source]
        .date
        .clone()
        .unwrap_or_default();
    let form = Form::event(&state.ws, link, &date, &langs(state));
    state.overlays.take_selection();
    open(state, form);
}

/// Keys in a form.
pub(super) fn form(state: &mut State, action: Action) {
    let ws = state.ws.clone();
    let bidi = state.bidi;
    let Some(form) = state.overlays.form_mut() else {
        return;
    };
    let n = form.fields.len();
    match action {
        Action::Edit(edit) if !form.sending => {
            let f = &mut form.fields[form.focus];
            let lang = match &f.key {
                Key::Name(l) | Key::Summary(l) | Key::Label(l) => Some(l.as_str()),
                _ => None,
            };
            let opts = crate::layout::LayoutOptions { mode: bidi, lang };
            f.edit.apply_visual(edit, &opts);
            form.typed(&ws);
        }
        Action::Down => form.focus = (form.focus + 1) % n,
        Action::Up => form.focus = (form.focus + n - 1) % n,
        Action::Back => {
            state.overlays.take_form();
        }
        Action::Open if !form.sending => {
            if let Some(why) = form.first_error() {
                let why = format!("not yet: {why}");
                return state.say(why, true);
            }
            match form.edit() {
                Some(edit) => {
                    form.sending = true;
                    state.effects.push(Effect::Curate {
                        edit,
                        why: Why::Form,
                    });
                }
                None => {
                    state.overlays.take_form();
                    state.say("nothing changed", false);
                }
            }
        }
        _ => {}
    }
}

/// `u` and `C-r`: this session's curations and note deletions.
pub(super) fn undo_redo(state: &mut State, action: Action) {
    let (stack, why, what) = match action {
        Action::Undo => (&mut state.undo, Why::Undo, "undo"),
        _ => (&mut state.redo, Why::Redo, "redo"),
    };
    let Some(step) = stack.pop() else {
        return state.say(format!("nothing to {what} in this session"), false);
    };
    match step {
        Step::Curation { edit, summary } => {
            if !may_curate(state) {
                // Kept: it can be taken back once curation is possible.
                let stack = if why == Why::Undo {
                    &mut state.undo
                } else {
                    &mut state.redo
                };
                return stack.push(Step::Curation { edit, summary });
            }
            state.effects.push(Effect::Curate { edit, why });
        }
        Step::NoteDeleted { id } => state.effects.push(Effect::Restore(id)),
        Step::NoteRestored { base } => state.effects.push(Effect::Delete(*base)),
    }
}

/// The answer to a curation edit.
pub fn curated(state: &mut State, why: Why, result: Result<Box<Applied>, String>) {
    let applied = match result {
        Ok(applied) => *applied,
        Err(e) => {
            if why == Why::Do {
                crate::ui::suggest::not_decided(state);
            }
            if why == Why::Form
                && let Some(form) = state.overlays.form_mut()
            {
                form.sending = false;
                form.refused = Some(e.clone());
            }
            return state.say(format!("themes.yaml unchanged: {e}"), true);
        }
    };
    if why == Why::Form {
        state.overlays.take_form();
    }
    let step = Step::Curation {
        edit: applied.undo,
        summary: applied.summary.clone(),
    };
    let said = match why {
        Why::Undo => {
            state.redo.push(step);
            format!("undone: {}", applied.summary)
        }
        Why::Redo => {
            state.undo.push(step);
            format!("redone: {} (u undoes)", applied.summary)
        }
        Why::Form | Why::Do => {
            state.undo.push(step);
            state.redo.clear();
            format!("themes.yaml: {} (u undoes)", applied.summary)
        }
    };
    let warnings: Vec<String> = applied.warnings.iter().map(|w| w.message.clone()).collect();
    if warnings.is_empty() {
        state.say(said, false);
    } else {
        state.say(format!("{said}; warning: {}", warnings.join("; ")), true);
    }
}
