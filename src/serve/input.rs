//! Key and mouse input from an SSH channel: raw bytes parsed by termina's
//! terminal input parser into the same events the local dashboard gets.

use crate::ui::Input;
use ratatui::crossterm::event::{
    KeyCode, KeyEvent, KeyEventKind, KeyModifiers, MouseButton, MouseEvent, MouseEventKind,
};
use termina::event::{
    KeyCode as TKey, KeyEventKind as TKind, Modifiers, MouseButton as TButton,
    MouseEventKind as TMouse,
};
use termina::{Event, Parser};

/// Longest bracketed paste held while waiting for its end; beyond this the
/// partial input is dropped.
pub const MAX_PENDING: usize = 64 * 1024;

/// Longest escape sequence (outside a paste) held while waiting for its
/// end: a mouse report is some 20 bytes, a key's a few; a longer one is
/// dropped at once rather than held until the quiet period ends it.
pub const MAX_SEQUENCE: usize = 256;

/// Quiet after which an unfinished escape sequence is ended (dropped), as a
/// terminal does: an OSC that never ends must not swallow the keys after it.
pub const ESCAPE_TIMEOUT: std::time::Duration = std::time::Duration::from_millis(100);

const PASTE_START: &[u8] = b"\x1b[200~";
const PASTE_END: &[u8] = b"\x1b[201~";

/// Turns channel bytes into inputs, holding at most [`MAX_PENDING`] bytes
/// of an unfinished sequence.
#[derive(Debug, Default)]
pub struct InputParser {
    parser: Parser,
    pending: usize,
    /// Inside `ESC[200~` … `ESC[201~`: never cut by the escape timeout.
    in_paste: bool,
    /// The last bytes seen, to spot the paste brackets across messages.
    tail: Vec<u8>,
}

impl InputParser {
    /// Parses one channel message. Each message is taken as complete, so a
    /// lone Esc is Esc and not the start of a sequence that never comes —
    /// except inside a bracketed paste, which may span messages.
    pub fn feed(&mut self, bytes: &[u8]) -> Vec<Input> {
        let mut out = Vec::new();
        // Byte by byte, exactly as termina's own `parse` steps through a
        // slice, so that `pending` counts the bytes termina holds: it
        // clears its buffer when an event completes. Counting per message
        // missed a long unfinished sequence that followed a key in the
        // same message.
        for (i, &byte) in bytes.iter().enumerate() {
            self.watch_brackets(byte);
            self.parser
                .parse(&[byte], self.in_paste || i + 1 < bytes.len());
            let mut any = false;
            while let Some(event) = self.parser.pop() {
                any = true;
                out.extend(convert(event));
            }
            if any {
                self.pending = 0;
            } else {
                self.pending += 1;
                let cap = if self.in_paste {
                    MAX_PENDING
                } else {
                    MAX_SEQUENCE
                };
                if self.pending > cap {
                    // An unterminated paste or sequence: drop it rather
                    // than buffer without bound.
                    self.reset();
                }
            }
        }
        out
    }

    /// Whether an unfinished escape sequence (not a paste) is held: the
    /// caller ends it with [`InputParser::expire`] after
    /// [`ESCAPE_TIMEOUT`] of quiet.
    pub fn waiting(&self) -> bool {
        self.pending > 0 && !self.in_paste
    }

    /// Drops an unfinished escape sequence after the quiet period; a
    /// bracketed paste is left alone (it has its own cap).
    pub fn expire(&mut self) {
        if self.waiting() {
            self.reset();
        }
    }

    fn reset(&mut self) {
        self.parser = Parser::default();
        self.pending = 0;
        self.in_paste = false;
        self.tail.clear();
    }

    fn watch_brackets(&mut self, byte: u8) {
        if self.tail.len() == PASTE_START.len() {
            self.tail.remove(0);
        }
        self.tail.push(byte);
        if self.tail == PASTE_START {
            self.in_paste = true;
        } else if self.tail == PASTE_END {
            self.in_paste = false;
        }
    }
}

fn convert(event: Event) -> Option<Input> {
    match event {
        Event::Key(k) => {
            let code = match k.code {
                TKey::Char(c) => KeyCode::Char(c),
                TKey::Enter => KeyCode::Enter,
                TKey::Backspace => KeyCode::Backspace,
                TKey::Tab => KeyCode::Tab,
                TKey::BackTab => KeyCode::BackTab,
                TKey::Escape => KeyCode::Esc,
                TKey::Left => KeyCode::Left,
                TKey::Right => KeyCode::Right,
                TKey::Up => KeyCode::Up,
                TKey::Down => KeyCode::Down,
                TKey::Home => KeyCode::Home,
                TKey::End => KeyCode::End,
                TKey::PageUp => KeyCode::PageUp,
                TKey::PageDown => KeyCode::PageDown,
                TKey::Insert => KeyCode::Insert,
                TKey::Delete => KeyCode::Delete,
                TKey::Function(n) => KeyCode::F(n),
                _ => return None,
            };
            let mods = modifiers(k.modifiers);
            let kind = match k.kind {
                TKind::Release => KeyEventKind::Release,
                TKind::Repeat => KeyEventKind::Repeat,
                _ => KeyEventKind::Press,
            };
            Some(Input::Key(KeyEvent::new_with_kind(code, mods, kind)))
        }
        Event::Paste(text) => Some(Input::Paste(text)),
        Event::Mouse(m) => {
            let button = |b| match b {
                TButton::Left => MouseButton::Left,
                TButton::Right => MouseButton::Right,
                TButton::Middle => MouseButton::Middle,
            };
            let kind = match m.kind {
                TMouse::Down(b) => MouseEventKind::Down(button(b)),
                TMouse::Up(b) => MouseEventKind::Up(button(b)),
                TMouse::Drag(b) => MouseEventKind::Drag(button(b)),
                TMouse::Moved => MouseEventKind::Moved,
                TMouse::ScrollDown => MouseEventKind::ScrollDown,
                TMouse::ScrollUp => MouseEventKind::ScrollUp,
                TMouse::ScrollLeft => MouseEventKind::ScrollLeft,
                TMouse::ScrollRight => MouseEventKind::ScrollRight,
            };
            Some(Input::Mouse(MouseEvent {
                kind,
                column: m.column,
                row: m.row,
                modifiers: modifiers(m.modifiers),
            }))
        }
        _ => None,
    }
}

fn modifiers(t: Modifiers) -> KeyModifiers {
    let mut mods = KeyModifiers::NONE;
    for (t_mod, mod_) in [
        (Modifiers::SHIFT, KeyModifiers::SHIFT),
        (Modifiers::CONTROL, KeyModifiers::CONTROL),
        (Modifiers::ALT, KeyModifiers::ALT),
    ] {
        if t.contains(t_mod) {
            mods |= mod_;
        }
    }
    mods
}

#[cfg(test)]
mod tests {
    use super::*;

    fn keys(bytes: &[u8]) -> Vec<(KeyCode, KeyModifiers)> {
        InputParser::default()
            .feed(bytes)
            .into_iter()
            .filter_map(|i| match i {
                Input::Key(k) => Some((k.code, k.modifiers)),
                _ => None,
            })
            .collect()
    }

    #[test]
    fn arrows_function_keys_and_chords() {
        assert_eq!(keys(b"\x1b[A"), [(KeyCode::Up, KeyModifiers::NONE)]);
        assert_eq!(keys(b"\x1bOP"), [(KeyCode::F(1), KeyModifiers::NONE)]);
        assert_eq!(keys(b"\x1b[H"), [(KeyCode::Home, KeyModifiers::NONE)]);
        assert_eq!(keys(b"\x1b[6~"), [(KeyCode::PageDown, KeyModifiers::NONE)]);
        assert_eq!(keys(b"\x03"), [(KeyCode::Char('c'), KeyModifiers::CONTROL)]);
        assert_eq!(keys(b"\x1bx"), [(KeyCode::Char('x'), KeyModifiers::ALT)]);
        assert_eq!(keys(b"\x1b[Z").len(), 1);
    }

    #[test]
    fn lone_escape_and_utf8() {
        assert_eq!(keys(b"\x1b"), [(KeyCode::Esc, KeyModifiers::NONE)]);
        let arabic = "نص".as_bytes();
        assert_eq!(
            keys(arabic),
            [
                (KeyCode::Char('ن'), KeyModifiers::NONE),
                (KeyCode::Char('ص'), KeyModifiers::NONE)
            ]
        );
    }

    #[test]
    fn bracketed_paste_spans_messages_and_is_capped() {
        let mut p = InputParser::default();
        assert!(p.feed(b"\x1b[200~hello ").is_empty());
        assert_eq!(
            p.feed("عالم\x1b[201~".as_bytes()),
            [Input::Paste("hello عالم".into())]
        );
        // An unterminated paste never grows past the cap.
        let mut p = InputParser::default();
        p.feed(b"\x1b[200~");
        for _ in 0..100 {
            p.feed(&[b'x'; 4096]);
            assert!(p.pending <= MAX_PENDING);
        }
        assert_eq!(keys(b"q"), [(KeyCode::Char('q'), KeyModifiers::NONE)]);
    }

    #[test]
    fn an_unfinished_sequence_expires_but_a_paste_does_not() {
        let mut p = InputParser::default();
        assert!(p.feed(b"\x1b]52;c;unfinished").is_empty());
        assert!(p.waiting());
        p.expire();
        assert_eq!(
            p.feed(b"q"),
            [Input::Key(KeyEvent::new(
                KeyCode::Char('q'),
                KeyModifiers::NONE
            ))],
            "the key after the dropped sequence arrives"
        );
        // A paste is never cut by quiet, even one that started after a key.
        let mut p = InputParser::default();
        assert_eq!(p.feed(b"j\x1b[200~half").len(), 1);
        assert!(!p.waiting());
        p.expire();
        assert_eq!(
            p.feed(b" done\x1b[201~"),
            [Input::Paste("half done".into())]
        );
    }

    fn mouse(kind: MouseEventKind, column: u16, row: u16) -> Input {
        Input::Mouse(MouseEvent {
            kind,
            column,
            row,
            modifiers: KeyModifiers::NONE,
        })
    }

    #[test]
    fn sgr_mouse_reports_become_the_local_mouse_events() {
        let mut p = InputParser::default();
        assert_eq!(
            p.feed(b"\x1b[<0;10;5M\x1b[<0;10;5m\x1b[<64;1;1M\x1b[<65;300;200M"),
            [
                mouse(MouseEventKind::Down(MouseButton::Left), 9, 4),
                mouse(MouseEventKind::Up(MouseButton::Left), 9, 4),
                mouse(MouseEventKind::ScrollUp, 0, 0),
                mouse(MouseEventKind::ScrollDown, 299, 199),
            ]
        );
        // Split across channel messages, as a slow link delivers it.
        assert!(p.feed(b"\x1b[<0;4").is_empty());
        assert!(p.waiting());
        assert_eq!(
            p.feed(b"2;7M"),
            [mouse(MouseEventKind::Down(MouseButton::Left), 41, 6)]
        );
        // Ctrl held: the modifier comes along.
        let ctrl = p.feed(b"\x1b[<16;2;2M");
        assert!(
            matches!(&ctrl[..], [Input::Mouse(m)] if m.modifiers == KeyModifiers::CONTROL),
            "{ctrl:?}"
        );
    }

    #[test]
    fn a_huge_or_malformed_mouse_report_is_dropped_within_its_cap() {
        let mut p = InputParser::default();
        p.feed(b"\x1b[<0;");
        for _ in 0..1000 {
            p.feed(&[b'9'; 97]);
            assert!(p.pending <= MAX_SEQUENCE, "{} bytes held", p.pending);
        }
        p.expire();
        assert_eq!(keys(b"q"), [(KeyCode::Char('q'), KeyModifiers::NONE)]);
        // Coordinates past u16, an unknown button, no coordinates: nothing
        // arrives, and the key after each arrives as itself.
        for bad in [
            &b"\x1b[<0;99999999;1M"[..],
            b"\x1b[<200;1;1M",
            b"\x1b[<0M",
            b"\x1b[<;;M",
        ] {
            let mut p = InputParser::default();
            let got = p.feed(&[bad, b"q"].concat());
            assert!(
                got.iter().all(|i| !matches!(i, Input::Mouse(_))),
                "{bad:?}: {got:?}"
            );
            p.expire();
            assert_eq!(
                p.feed(b"j"),
                [Input::Key(KeyEvent::new(
                    KeyCode::Char('j'),
                    KeyModifiers::NONE
                ))]
            );
        }
    }
}
