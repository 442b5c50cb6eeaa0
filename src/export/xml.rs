//! A thin layer over quick-xml for the REFI-QDA exports: elements with
//! attributes and text, escaping done by quick-xml, and every string first
//! cleared of the characters XML 1.0 forbids.

use quick_xml::Writer;
use quick_xml::escape::partial_escape;
use quick_xml::events::{BytesDecl, BytesEnd, BytesStart, BytesText, Event};
use std::borrow::Cow;
use std::io;

/// An indented XML document being written into memory.
pub(crate) struct Xml {
    w: Writer<Vec<u8>>,
}

impl Xml {
    /// A document with its `<?xml version="1.0" encoding="utf-8"?>` line.
    pub fn new() -> io::Result<Self> {
        let mut w = Writer::new_with_indent(Vec::new(), b' ', 2);
        w.write_event(Event::Decl(BytesDecl::new("1.0", Some("utf-8"), None)))?;
        Ok(Xml { w })
    }

    fn start<'a>(name: &'a str, attrs: &[(&'a str, &'a str)]) -> BytesStart<'a> {
        let mut e = BytesStart::new(name);
        for &(k, v) in attrs {
            e.push_attribute((k, xml_text(v)));
        }
        e
    }

    /// `<name attrs…>`; close it with [`Xml::close`].
    pub fn open(&mut self, name: &str, attrs: &[(&str, &str)]) -> io::Result<()> {
        self.w.write_event(Event::Start(Self::start(name, attrs)))
    }

    /// `</name>`.
    pub fn close(&mut self, name: &str) -> io::Result<()> {
        self.w.write_event(Event::End(BytesEnd::new(name)))
    }

    /// `<name attrs…/>`.
    pub fn empty(&mut self, name: &str, attrs: &[(&str, &str)]) -> io::Result<()> {
        self.w.write_event(Event::Empty(Self::start(name, attrs)))
    }

    /// `<name>text</name>`.
    pub fn text(&mut self, name: &str, text: &str) -> io::Result<()> {
        self.open(name, &[])?;
        // Only < > & (and \r) need escaping in text; quotes stay readable.
        let escaped = partial_escape(xml_text(text));
        self.w
            .write_event(Event::Text(BytesText::from_escaped(escaped)))?;
        self.close(name)
    }

    /// The finished document, ending with a newline.
    pub fn finish(self) -> Vec<u8> {
        let mut out = self.w.into_inner();
        out.push(b'\n');
        out
    }
}

/// `s` with every character XML 1.0 forbids (C0 controls but tab, line feed
/// and carriage return; U+FFFE, U+FFFF) replaced by U+FFFD, so hostile data
/// cannot make the document ill-formed. One character stays one character.
pub(crate) fn xml_text(s: &str) -> Cow<'_, str> {
    let bad = |c: char| matches!(c, '\u{0}'..='\u{8}' | '\u{B}' | '\u{C}' | '\u{E}'..='\u{1F}' | '\u{FFFE}' | '\u{FFFF}');
    if s.chars().any(bad) {
        Cow::Owned(
            s.chars()
                .map(|c| if bad(c) { '\u{FFFD}' } else { c })
                .collect(),
        )
    } else {
        Cow::Borrowed(s)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn xml_text_replaces_forbidden_characters() {
        assert_eq!(xml_text("a\u{1b}[31mb\tc\n"), "a\u{FFFD}[31mb\tc\n");
        assert!(matches!(xml_text("نص عادي"), Cow::Borrowed(_)));
    }

    #[test]
    fn escaping_is_the_writers() {
        let mut x = Xml::new().unwrap();
        x.open("A", &[("name", "<\"&'\n>")]).unwrap();
        x.text("B", "x < y & \u{1b}").unwrap();
        x.close("A").unwrap();
        let s = String::from_utf8(x.finish()).unwrap();
        assert!(
            s.contains(r#"<A name="&lt;&quot;&amp;&apos;&#10;&gt;">"#),
            "{s}"
        );
        assert!(s.contains("<B>x &lt; y &amp; \u{FFFD}</B>"), "{s}");
    }
}
