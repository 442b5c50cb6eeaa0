//! JSON that is safe on a terminal and exact: every C0 and C1 control,
//! DEL and bidi control inside a string is written as a `\uXXXX` escape.
//! A reader gets the data unchanged; a terminal sees nothing it could act
//! on (no CSI, OSC or NEL, no reordered line). Every JSON the CLI prints
//! goes through here.

use serde::Serialize;
use serde_json::ser::{CompactFormatter, Formatter, PrettyFormatter};
use std::io::{self, Write};

/// Whether `c` is written escaped: C0, DEL, C1, the bidi embeddings,
/// overrides, isolates and marks, and the line and paragraph separators
/// (which end a line in JavaScript and in some terminals).
pub fn must_escape(c: char) -> bool {
    matches!(c,
        '\u{00}'..='\u{1F}'
        | '\u{7F}'..='\u{9F}'
        | '\u{061C}'
        | '\u{200E}'
        | '\u{200F}'
        | '\u{2028}'..='\u{202E}'
        | '\u{2066}'..='\u{2069}')
}

/// A formatter that escapes what [`must_escape`] names and otherwise
/// defers to serde_json's own.
struct Safe<F>(F);

impl<F: Formatter> Formatter for Safe<F> {
    fn write_string_fragment<W: ?Sized + Write>(
        &mut self,
        w: &mut W,
        fragment: &str,
    ) -> io::Result<()> {
        let mut start = 0;
        for (i, c) in fragment.char_indices() {
            if must_escape(c) {
                w.write_all(&fragment.as_bytes()[start..i])?;
                write!(w, "\\u{:04x}", c as u32)?;
                start = i + c.len_utf8();
            }
        }
        w.write_all(&fragment.as_bytes()[start..])
    }

    // Everything else as the wrapped formatter does it.
    fn begin_array<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.0.begin_array(w)
    }
    fn end_array<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.0.end_array(w)
    }
    fn begin_array_value<W: ?Sized + Write>(&mut self, w: &mut W, first: bool) -> io::Result<()> {
        self.0.begin_array_value(w, first)
    }
    fn end_array_value<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.0.end_array_value(w)
    }
    fn begin_object<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.0.begin_object(w)
    }
    fn end_object<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.0.end_object(w)
    }
    fn begin_object_key<W: ?Sized + Write>(&mut self, w: &mut W, first: bool) -> io::Result<()> {
        self.0.begin_object_key(w, first)
    }
    fn end_object_key<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.0.end_object_key(w)
    }
    fn begin_object_value<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.0.begin_object_value(w)
    }
    fn end_object_value<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.0.end_object_value(w)
    }
}

fn render<T: Serialize + ?Sized, F: Formatter>(value: &T, formatter: F) -> String {
    let mut out = Vec::new();
    let mut ser = serde_json::Serializer::with_formatter(&mut out, Safe(formatter));
    value.serialize(&mut ser).expect("plain data serializes");
    String::from_utf8(out).expect("serde_json writes UTF-8")
}

/// `value` as indented JSON, controls escaped.
pub fn to_string_pretty<T: Serialize + ?Sized>(value: &T) -> String {
    render(value, PrettyFormatter::new())
}

/// `value` as one line of JSON, controls escaped.
pub fn to_string<T: Serialize + ?Sized>(value: &T) -> String {
    render(value, CompactFormatter)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn controls_are_escaped_and_the_data_is_exact() {
        let s = "a\u{9b}31m\u{9d}0;t\u{85}b\u{7f}\u{202e}evil\u{2066}x\u{1b}[2J\u{200f}ن";
        let json = to_string(&s);
        assert!(json.chars().all(|c| !must_escape(c)), "{json}");
        assert!(
            json.contains("\\u009b") && json.contains("\\u202e"),
            "{json}"
        );
        let back: String = serde_json::from_str(&json).unwrap();
        assert_eq!(back, s);
        let pretty = to_string_pretty(&serde_json::json!({ "k\u{2066}": [s] }));
        assert!(
            pretty.chars().all(|c| c == '\n' || !must_escape(c)),
            "{pretty}"
        );
        assert_eq!(to_string(&"plain نص"), "\"plain نص\"");
    }
}
