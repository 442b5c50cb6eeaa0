//! Bytes a session writes to the terminal besides its frames.

use crate::layout::BidiMode;
use base64::Engine;

/// The terminal-bidi convention (ECMA-48 BDSM, honoured by VTE): explicit
/// mode (`CSI 8 l`) leaves order to us; implicit (`CSI 8 h`) lets the
/// terminal reorder rows, its default.
pub fn bidi_sequence(mode: BidiMode) -> &'static [u8] {
    match mode {
        BidiMode::Terminal => b"\x1b[8h",
        BidiMode::App | BidiMode::AppNoShape => b"\x1b[8l",
    }
}

/// OSC 52: sets the clipboard of the terminal the analyst sits at (over SSH
/// too), since the host's clipboard is of no use to them. Controls are
/// removed first ([`crate::text::sanitize::for_clipboard`]).
pub fn osc52(text: &str) -> Vec<u8> {
    let text = crate::text::sanitize::for_clipboard(text);
    let encoded = base64::engine::general_purpose::STANDARD.encode(text.as_bytes());
    format!("\x1b]52;c;{encoded}\x07").into_bytes()
}
