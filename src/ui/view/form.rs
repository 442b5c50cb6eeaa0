//! A curation form, over the screen: one field a row, its label first and
//! why it is refused under it; the focused field shows its cursor.

use super::field::line_field;
use super::{block, fit};
use crate::ui::action::Action;
use crate::ui::form::{Form, Key};
use crate::ui::keys::Context;
use crate::ui::state::State;
use ratatui::Frame;
use ratatui::layout::{Constraint, Flex, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Clear, Paragraph};

/// Cells before each field.
const LABEL_W: usize = 16;

fn label(key: &Key) -> String {
    match key {
        Key::Id => "Id".into(),
        Key::Name(l) => format!("Name ({l})"),
        Key::Summary(l) => format!("Summary ({l})"),
        Key::Keywords => "Keywords".into(),
        Key::Bodies => "Partner bodies".into(),
        Key::Kind => "Kind".into(),
        Key::Aliases => "Aliases".into(),
        Key::PartOf => "Part of".into(),
        Key::Word => "Word".into(),
        Key::Date => "Date".into(),
        Key::Label(l) => format!("Label ({l})"),
    }
}

/// Draws `form` centred in `area`.
pub fn draw(state: &State, form: &Form, frame: &mut Frame, area: Rect) {
    let p = &state.palette;
    let errors = form.fields.iter().filter(|f| f.error.is_some()).count();
    let height = form.fields.len() + errors + 5;
    let [area] = Layout::horizontal([Constraint::Max(90)])
        .flex(Flex::Center)
        .areas(area);
    let [area] = Layout::vertical([Constraint::Max(height as u16)])
        .flex(Flex::Center)
        .areas(area);
    let block = block(state, &form.title(), true, area.width);
    let inner = block.inner(area);
    frame.render_widget(Clear, area);
    frame.render_widget(block, area);
    let width = inner.width as usize;
    let mut lines = Vec::new();
    for (i, f) in form.fields.iter().enumerate() {
        let focused = i == form.focus;
        let name = format!("{:<LABEL_W$}", fit(state, &label(&f.key), LABEL_W - 1));
        let mut row = vec![Span::styled(
            name,
            if focused {
                p.selected(true)
            } else {
                p.heading()
            },
        )];
        let lang = match &f.key {
            Key::Name(l) | Key::Summary(l) | Key::Label(l) => Some(l.as_str()),
            _ => Some("en"),
        };
        let room = width.saturating_sub(LABEL_W);
        if focused {
            row.extend(line_field(state, &f.edit, room, lang));
        } else {
            row.push(Span::raw(fit(state, f.edit.text(), room)));
        }
        lines.push(Line::from(row));
        if let Some(why) = &f.error {
            lines.push(Line::styled(
                format!(
                    "{}✗ {}",
                    " ".repeat(LABEL_W),
                    fit(state, why, room.saturating_sub(2))
                ),
                p.current(),
            ));
        }
    }
    lines.push(Line::default());
    if let Some(why) = &form.refused {
        lines.push(Line::styled(fit(state, why, width), p.current()));
    }
    let key = |action, written| state.keymap.key(Context::Form, action, written);
    let status = if form.sending {
        "writing themes.yaml…".to_string()
    } else if errors > 0 {
        format!(
            "fix the fields marked ✗ · {} next field · {} cancels",
            key(Action::Down, "Tab"),
            key(Action::Back, "Esc")
        )
    } else {
        format!(
            "{} writes themes.yaml · {} next field · {} cancels",
            key(Action::Open, "Enter"),
            key(Action::Down, "Tab"),
            key(Action::Back, "Esc")
        )
    };
    lines.push(Line::styled(status, p.dim()));
    frame.render_widget(Paragraph::new(lines), inner);
}
