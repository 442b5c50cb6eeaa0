//! Drawing the dashboard on ratatui's TestBackend and pressing keys
//! through the real key table.

use coopdash::model::Workspace;
use coopdash::ui::style::Palette;
use coopdash::ui::update::context;
use coopdash::ui::{State, keys, update, view};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::buffer::Buffer;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::layout::Rect;
use std::path::Path;
use std::sync::Arc;

/// The bundled workspace.
pub fn seed() -> Workspace {
    coopdash::workspace::load(Path::new(env!("CARGO_MANIFEST_DIR"))).unwrap()
}

/// A dashboard of `w`×`h` over `ws`.
pub fn state(ws: Workspace, w: u16, h: u16, no_color: bool) -> State {
    let mut s = State::new(Arc::new(ws), Palette { no_color }, Rect::new(0, 0, w, h));
    // The header and the default export name show the folder's name: pin it.
    s.name = "workspace".into();
    s
}

/// The screen `state` draws.
pub fn draw(state: &State) -> Buffer {
    let mut t = Terminal::new(TestBackend::new(state.size.width, state.size.height)).unwrap();
    t.draw(|f| view(state, f)).unwrap();
    t.backend().buffer().clone()
}

/// Row `y` of a screen as text.
pub fn row(buf: &Buffer, y: u16) -> String {
    (0..buf.area.width)
        .map(|x| buf[(x, y)].symbol().to_string())
        .collect()
}

/// A whole screen as text.
pub fn text(buf: &Buffer) -> String {
    (0..buf.area.height).map(|y| row(buf, y) + "\n").collect()
}

/// Presses a key through the real key table.
pub fn press(state: &mut State, code: KeyCode) {
    let key = KeyEvent::new(code, KeyModifiers::NONE);
    if let Some(action) = keys::lookup(context(state), key) {
        update(state, action);
    }
}
