//! The nodes of a YAML text with the byte range each one occupies, so an
//! edit can replace exactly a value's text and leave every other byte
//! (comments, blank lines, quoting, flow or block style) as it was.
//!
//! yaml-rust2's events give where a node starts; where it ends is found
//! here from its style: a quoted scalar at its closing quote, a plain one
//! before a comment or (in flow) an indicator, a block scalar at its last
//! more-indented line, a flow collection at its bracket, a block
//! collection with its last child.

use std::ops::Range;
use yaml_rust2::parser::{Event, Parser};
use yaml_rust2::scanner::TScalarStyle;

/// One node of the document.
#[derive(Debug, Clone)]
pub struct Node {
    /// Its text (for a block scalar, from the `|` or `>` indicator; for
    /// an empty value, an empty range just after its `:`).
    pub span: Range<usize>,
    /// What it is.
    pub kind: Kind,
    /// An anchor (`&name`) is set on it, or it is an alias (`*name`):
    /// editing its text would change other places too.
    pub shared: bool,
}

/// The kinds of node.
#[derive(Debug, Clone)]
pub enum Kind {
    /// A scalar with its value and how it is written.
    Scalar {
        /// The value as YAML reads it.
        value: String,
        /// Plain, quoted or block.
        style: TScalarStyle,
        /// Nothing is written (`key:` and then the next key).
        empty: bool,
    },
    /// A map, in `{}` (flow) or indented (block).
    Map {
        /// Written in braces.
        flow: bool,
        /// Its entries in file order.
        entries: Vec<Entry>,
    },
    /// A list, in `[]` (flow) or with `- ` items (block).
    Seq {
        /// Written in brackets.
        flow: bool,
        /// Its items, each with where its `- ` is (block lists).
        items: Vec<Node>,
    },
    /// An alias, `*name`.
    Alias,
}

/// A map entry.
#[derive(Debug, Clone)]
pub struct Entry {
    /// The key as YAML reads it.
    pub key: String,
    /// The key's text.
    pub key_span: Range<usize>,
    /// The value.
    pub value: Node,
}

impl Node {
    /// The scalar value, if this is a written scalar.
    pub fn str(&self) -> Option<&str> {
        match &self.kind {
            Kind::Scalar {
                value,
                empty: false,
                ..
            } => Some(value),
            _ => None,
        }
    }

    /// Whether nothing is written here (`key:` alone).
    pub fn is_empty_value(&self) -> bool {
        matches!(self.kind, Kind::Scalar { empty: true, .. })
    }

    /// The entry `key` of a map.
    pub fn entry(&self, key: &str) -> Option<&Entry> {
        match &self.kind {
            Kind::Map { entries, .. } => entries.iter().find(|e| e.key == key),
            _ => None,
        }
    }

    /// The value at `key` of a map.
    pub fn get(&self, key: &str) -> Option<&Node> {
        self.entry(key).map(|e| &e.value)
    }

    /// The items of a list (none for anything else).
    pub fn items(&self) -> &[Node] {
        match &self.kind {
            Kind::Seq { items, .. } => items,
            _ => &[],
        }
    }

    /// The string items of a list.
    pub fn strs(&self) -> Vec<&str> {
        self.items().iter().filter_map(Node::str).collect()
    }

    /// Whether this is a flow collection (`[..]`, `{..}`).
    pub fn is_flow(&self) -> bool {
        matches!(
            self.kind,
            Kind::Map { flow: true, .. } | Kind::Seq { flow: true, .. }
        )
    }

    /// The node at `path` (keys and indexes).
    pub fn at(&self, path: &[Step]) -> Option<&Node> {
        path.iter().try_fold(self, |node, step| match step {
            Step::Key(k) => node.get(k),
            Step::Index(i) => node.items().get(*i),
        })
    }
}

/// One step of a path into the document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Step {
    /// A map's key.
    Key(String),
    /// A list's index.
    Index(usize),
}

/// Why a text could not be indexed.
#[derive(Debug, Clone)]
pub struct TreeError(pub String);

/// Parses `text` into its root node (a null scalar for an empty text).
pub fn parse(text: &str) -> Result<Node, TreeError> {
    let mut events = Vec::new();
    // Edits need bytes. A marker's line and column (in characters) are
    // exact; its index is not once a block scalar held non-ASCII text
    // (yaml-rust2 advances it by bytes there).
    let line_starts: Vec<usize> = [0]
        .into_iter()
        .chain(text.match_indices('\n').map(|(i, _)| i + 1))
        .collect();
    let byte_at = |line: usize, col: usize| -> usize {
        let Some(&start) = line_starts.get(line.saturating_sub(1)) else {
            return text.len();
        };
        text[start..]
            .char_indices()
            .nth(col)
            .map_or(text.len(), |(i, _)| start + i)
    };
    let mut parser = Parser::new_from_str(text);
    loop {
        let (event, mark) = parser.next_token().map_err(|e| TreeError(e.to_string()))?;
        let at = byte_at(mark.line(), mark.col());
        let end = event == Event::StreamEnd;
        events.push((event, at));
        if end {
            break;
        }
    }
    let mut b = Builder { text, events, i: 0 };
    while !matches!(
        b.events[b.i].0,
        Event::MappingStart(..)
            | Event::SequenceStart(..)
            | Event::Scalar(..)
            | Event::Alias(..)
            | Event::StreamEnd
    ) {
        b.i += 1;
    }
    if b.events[b.i].0 == Event::StreamEnd {
        return Ok(Node {
            span: 0..0,
            kind: Kind::Scalar {
                value: String::new(),
                style: TScalarStyle::Plain,
                empty: true,
            },
            shared: false,
        });
    }
    b.node(0, false)
}

struct Builder<'t> {
    text: &'t str,
    events: Vec<(Event, usize)>,
    i: usize,
}

impl Builder<'_> {
    /// The node whose event is next; its text starts at the first thing
    /// written at or after `from` (after a `:`, a `- `, a `[` or a `,`).
    fn node(&mut self, from: usize, flow: bool) -> Result<Node, TreeError> {
        let (event, mark) = self.events[self.i].clone();
        self.i += 1;
        let start = skip_blank(self.text, from);
        let bound = self.events.get(self.i).map_or(self.text.len(), |e| e.1);
        match event {
            Event::Scalar(value, style, anchor, _) => {
                // An implicit null has no text: its event sits on what
                // follows.
                let empty = style == TScalarStyle::Plain
                    && value == "~"
                    && !self.text[mark..].starts_with('~');
                let span = if empty {
                    from..from
                } else {
                    start..scalar_end(self.text, start, bound, style, flow, false)
                };
                Ok(Node {
                    span,
                    kind: Kind::Scalar {
                        value,
                        style,
                        empty,
                    },
                    shared: anchor > 0,
                })
            }
            Event::Alias(_) => {
                let end = plain_end(self.text, start, bound, true, false);
                Ok(Node {
                    span: start..end,
                    kind: Kind::Alias,
                    shared: true,
                })
            }
            Event::SequenceStart(anchor, _) => {
                let is_flow = self.text[past_props(self.text, start)..].starts_with('[');
                let mut items: Vec<Node> = Vec::new();
                let mut next = past_props(self.text, start) + 1;
                loop {
                    if matches!(self.events[self.i].0, Event::SequenceEnd) {
                        let end_mark = self.events[self.i].1;
                        self.i += 1;
                        let end = if is_flow {
                            end_mark + 1
                        } else {
                            items.last().map_or(mark + 1, |n| n.span.end)
                        };
                        return Ok(Node {
                            span: start..end,
                            kind: Kind::Seq {
                                flow: is_flow,
                                items,
                            },
                            shared: anchor > 0,
                        });
                    }
                    if let Some(last) = items.last() {
                        // The `,` or `- ` before this item.
                        let sep = skip_blank(self.text, last.span.end);
                        next = sep + 1;
                    }
                    items.push(self.node(next, is_flow || flow)?);
                }
            }
            Event::MappingStart(anchor, _) => {
                let is_flow = self.text[past_props(self.text, start)..].starts_with('{');
                let mut entries: Vec<Entry> = Vec::new();
                loop {
                    let (event, key_at) = self.events[self.i].clone();
                    if event == Event::MappingEnd {
                        self.i += 1;
                        let end = if is_flow {
                            key_at + 1
                        } else {
                            entries.last().map_or(start, |e| e.value.span.end)
                        };
                        return Ok(Node {
                            span: start..end,
                            kind: Kind::Map {
                                flow: is_flow,
                                entries,
                            },
                            shared: anchor > 0,
                        });
                    }
                    let Event::Scalar(key, style, ..) = event else {
                        return Err(TreeError(
                            "a list, map or alias is used as a key".to_string(),
                        ));
                    };
                    self.i += 1;
                    let key_bound = self.events[self.i].1;
                    let key_end =
                        scalar_end(self.text, key_at, key_bound, style, is_flow || flow, true);
                    let colon = self.text[key_end..]
                        .find(':')
                        .map(|c| key_end + c + 1)
                        .ok_or_else(|| TreeError("a key without `:`".to_string()))?;
                    let value = self.node(colon, is_flow || flow)?;
                    entries.push(Entry {
                        key,
                        key_span: key_at..key_end,
                        value,
                    });
                }
            }
            other => Err(TreeError(format!("unexpected YAML event {other:?}"))),
        }
    }
}

/// The first byte at or after `at` that is neither white space nor part
/// of a comment.
pub fn skip_blank(text: &str, mut at: usize) -> usize {
    let b = text.as_bytes();
    while at < b.len() {
        match b[at] {
            b' ' | b'\t' | b'\r' | b'\n' => at += 1,
            b'#' if at == 0 || b[at - 1].is_ascii_whitespace() => {
                at = line_end(text, at);
            }
            _ => break,
        }
    }
    at
}

/// The byte where the line holding `at` ends (its `\n`, or the text's end).
pub fn line_end(text: &str, at: usize) -> usize {
    text[at..].find('\n').map_or(text.len(), |i| at + i)
}

/// The byte where the line holding `at` starts.
pub fn line_start(text: &str, at: usize) -> usize {
    text[..at].rfind('\n').map_or(0, |i| i + 1)
}

/// The indentation (in bytes of spaces) of the line holding `at`.
pub fn indent_of(text: &str, at: usize) -> usize {
    let s = line_start(text, at);
    text[s..].bytes().take_while(|&b| b == b' ').count()
}

fn scalar_end(
    text: &str,
    start: usize,
    bound: usize,
    style: TScalarStyle,
    flow: bool,
    key: bool,
) -> usize {
    let b = text.as_bytes();
    match style {
        TScalarStyle::SingleQuoted | TScalarStyle::DoubleQuoted => {
            let q = if style == TScalarStyle::SingleQuoted {
                b'\''
            } else {
                b'"'
            };
            // Past any anchor or tag written before the quote.
            let mut i = text[start..].find(q as char).map_or(start, |o| start + o) + 1;
            while i < b.len() {
                match b[i] {
                    b'\\' if q == b'"' => {
                        i += 1 + text[i + 1..].chars().next().map_or(0, char::len_utf8);
                    }
                    b'\'' if q == b'\'' && b.get(i + 1) == Some(&b'\'') => i += 2,
                    c if c == q => return i + 1,
                    _ => i += 1,
                }
            }
            b.len()
        }
        TScalarStyle::Literal | TScalarStyle::Folded => {
            let header_indent = indent_of(text, start);
            let mut end = line_end(text, start);
            // Trailing comment on the header line.
            if let Some(c) = text[start..end].find(" #") {
                end = start + c;
            }
            let mut at = line_end(text, start);
            while at < bound.min(b.len()) {
                let ls = at + 1;
                let le = line_end(text, ls);
                let line = &text[ls..le];
                if !line.trim().is_empty() {
                    if indent_of(text, ls) <= header_indent {
                        break;
                    }
                    end = le;
                }
                at = le;
            }
            end.min(bound.max(start))
        }
        _ => plain_end(text, start, bound, flow, key),
    }
}

/// Where a plain scalar ends: before a comment, the `: ` after a key, a
/// flow indicator in flow context, or the last line that continues it.
fn plain_end(text: &str, start: usize, bound: usize, flow: bool, key: bool) -> usize {
    let b = text.as_bytes();
    let mut end = start;
    let mut i = start;
    loop {
        // One line of the scalar.
        while i < b.len() && b[i] != b'\n' {
            let c = b[i];
            let ws_before = i > 0 && b[i - 1].is_ascii_whitespace();
            let next_blank = b.get(i + 1).is_none_or(|n| n.is_ascii_whitespace());
            if (c == b'#' && ws_before)
                || (flow && matches!(c, b',' | b'[' | b']' | b'{' | b'}'))
                || (c == b':' && (next_blank || (flow && key)))
            {
                break;
            }
            // Whole characters: `end` must stay on a character boundary.
            i += text[i..].chars().next().map_or(1, char::len_utf8);
            if !c.is_ascii_whitespace() {
                end = i;
            }
        }
        if key || i >= b.len() || b[i] != b'\n' {
            return end;
        }
        // A continuation line: more text before the next node, not a
        // comment, an item, or a flow indicator.
        let next = skip_spaces(text, i + 1);
        let blank_line = next < b.len() && b[next] == b'\n';
        if blank_line {
            i = next;
            continue;
        }
        if next >= bound
            || next >= b.len()
            || b[next] == b'#'
            || (b[next] == b'-' && b.get(next + 1).is_none_or(|n| n.is_ascii_whitespace()))
            || (flow && matches!(b[next], b',' | b']' | b'}'))
        {
            return end;
        }
        i = next;
    }
}

/// Past the anchor (`&name`) and tag (`!tag`) written before a node.
fn past_props(text: &str, mut at: usize) -> usize {
    while matches!(text.as_bytes().get(at), Some(b'&' | b'!')) {
        at = text[at..]
            .find(|c: char| c.is_whitespace())
            .map_or(text.len(), |o| at + o);
        at = skip_blank(text, at);
    }
    at
}

fn skip_spaces(text: &str, mut at: usize) -> usize {
    let b = text.as_bytes();
    while at < b.len() && (b[at] == b' ' || b[at] == b'\t') {
        at += 1;
    }
    at
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(text: &str) -> Vec<String> {
        let mut out = Vec::new();
        fn walk(n: &Node, text: &str, out: &mut Vec<String>) {
            out.push(text[n.span.clone()].to_string());
            match &n.kind {
                Kind::Map { entries, .. } => {
                    for e in entries {
                        out.push(format!("key {}", &text[e.key_span.clone()]));
                        walk(&e.value, text, out);
                    }
                }
                Kind::Seq { items, .. } => items.iter().for_each(|i| walk(i, text, out)),
                _ => {}
            }
        }
        walk(&parse(text).unwrap(), text, &mut out);
        out
    }

    #[test]
    fn every_node_has_its_exact_text() {
        let text = "# c\nthemes:\n  - id: a   # com\n    name: {en: A, ar: \"ب, c\"}\n    keywords: [x y, 'z''s']\n    summary: >-\n      hello\n      world\n    # between\n    links:\n      - source: s\n        quote: q r\n\n  - id: b\nentities:\n";
        let got = texts(text);
        let want = [
            "key themes",
            "key id",
            "a",
            "key name",
            "{en: A, ar: \"ب, c\"}",
            "key en",
            "A",
            "key ar",
            "\"ب, c\"",
            "key keywords",
            "[x y, 'z''s']",
            "x y",
            "'z''s'",
            "key summary",
            ">-\n      hello\n      world",
            "key links",
            "source: s\n        quote: q r",
            "key id",
            "b",
            "key entities",
            "",
        ];
        for w in want {
            assert!(got.iter().any(|g| g == w), "missing {w:?} in {got:#?}");
        }
    }

    #[test]
    fn multi_line_plain_scalars_end_on_their_last_line() {
        let text = "a: one\n  two # c\nb: three\n";
        let root = parse(text).unwrap();
        let a = root.get("a").unwrap();
        assert_eq!(&text[a.span.clone()], "one\n  two");
        assert_eq!(root.get("b").unwrap().str(), Some("three"));
    }
}
