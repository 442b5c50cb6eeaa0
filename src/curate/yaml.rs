//! Format-preserving edits of `themes.yaml`: each [`Prim`] changes the
//! text of one value, adds the lines or items of a new one in the style of
//! its siblings, or removes the lines or item of one; every other byte is
//! kept. `Prim::apply_value` makes the same change to the parsed
//! document, and [`edit`] refuses a text whose meaning is not exactly
//! that: the edit cannot touch anything else unnoticed.

use super::tree::{self, Entry, Kind, Node, Step, line_end, line_start};
use serde_yaml::Value;
use yaml_rust2::scanner::TScalarStyle;

/// A value to write.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum New {
    /// A text (quoted only when YAML needs it).
    Str(String),
    /// A number (a year).
    Int(i64),
    /// A list.
    Seq(Vec<New>),
    /// A map, in this key order.
    Map(Vec<(String, New)>),
}

/// One structural change.
#[derive(Debug, Clone)]
pub enum Prim {
    /// Sets `key` of the map at `map`. A new key goes after the last key
    /// of `order` that comes before it and is present, else last.
    Set {
        /// The map's path.
        map: Vec<Step>,
        /// The key.
        key: String,
        /// Its new value.
        value: New,
        /// The usual key order of such maps.
        order: &'static [&'static str],
    },
    /// Removes `key` from the map at `map`.
    Unset {
        /// The map's path.
        map: Vec<Step>,
        /// The key.
        key: String,
    },
    /// Appends to the list at `seq` (which exists), in order.
    Push {
        /// The list's path.
        seq: Vec<Step>,
        /// The new items (one text edit however many: a batch of imports
        /// is parsed once, not once per item).
        values: Vec<New>,
    },
    /// Removes item `index` of the list at `seq`.
    Remove {
        /// The list's path.
        seq: Vec<Step>,
        /// Which item.
        index: usize,
    },
}

/// Applies `prims` to `text` one after the other, then checks that the
/// result means what the original meant with the same changes made.
pub fn edit(text: &str, prims: &[Prim]) -> Result<String, String> {
    let mut out = text.to_string();
    let mut expected: Value = serde_yaml::from_str(text).map_err(|e| e.to_string())?;
    for prim in prims {
        let root = tree::parse(&out).map_err(|e| e.0)?;
        out = prim.apply_text(&out, &root)?;
        prim.apply_value(&mut expected, &root)?;
    }
    let got: Value = serde_yaml::from_str(&out).map_err(|e| e.to_string())?;
    if got != expected {
        return Err("the edit could not be made in place without changing other values".into());
    }
    Ok(out)
}

impl Prim {
    fn apply_text(&self, text: &str, root: &Node) -> Result<String, String> {
        let node = |path: &[Step]| {
            root.at(path)
                .ok_or_else(|| format!("nothing at {}", shown(path)))
        };
        let unshared = |n: &Node| {
            if n.shared {
                Err("this value uses a YAML anchor or alias (&name, *name): edit it by hand, or write it out".to_string())
            } else {
                Ok(())
            }
        };
        match self {
            Prim::Set {
                map,
                key,
                value,
                order,
            } => {
                let m = node(map)?;
                unshared(m)?;
                match m.entry(key) {
                    Some(e) => {
                        unshared(&e.value)?;
                        Ok(replace_value(text, e, value))
                    }
                    None => insert_entry(text, m, key, value, order),
                }
            }
            Prim::Unset { map, key } => {
                let m = node(map)?;
                unshared(m)?;
                let Kind::Map { flow, entries } = &m.kind else {
                    return Err(format!("{} is not a map", shown(map)));
                };
                let i = entries
                    .iter()
                    .position(|e| &e.key == key)
                    .ok_or_else(|| format!("no `{key}` in {}", shown(map)))?;
                let spans: Vec<_> = entries
                    .iter()
                    .map(|e| e.key_span.start..e.value.span.end)
                    .collect();
                if *flow {
                    Ok(cut_flow(text, &spans, i))
                } else {
                    let start = spans[i].start;
                    if text[line_start(text, start)..start].contains('-') {
                        return Err(format!("`{key}` is the first field of an item"));
                    }
                    Ok(cut_lines(text, start, spans[i].end))
                }
            }
            Prim::Push { seq, values } => {
                let s = node(seq)?;
                unshared(s)?;
                let Kind::Seq { flow, items } = &s.kind else {
                    return Err(format!("{} is not a list", shown(seq)));
                };
                if *flow {
                    let inlined: Vec<String> = values.iter().map(|v| inline(v, true)).collect();
                    let (at, ins) = match items.last() {
                        Some(last) => (last.span.end, format!(", {}", inlined.join(", "))),
                        None => (s.span.end - 1, inlined.join(", ")),
                    };
                    return Ok(splice(text, at, at, &ins));
                }
                let last = items.last().ok_or("an empty block list")?;
                let dash = dash_of(text, last);
                let col = dash - line_start(text, dash);
                let separated = items.len() >= 2
                    && has_blank_line(&text[items[items.len() - 2].span.end..dash]);
                let mut at = line_end(text, last.span.end);
                let mut ins = String::new();
                if at == text.len() {
                    ins.push('\n');
                } else {
                    at += 1;
                }
                for value in values {
                    if separated {
                        ins.push('\n');
                    }
                    ins.push_str(&block_item(value, col, Some(items)));
                    ins.push('\n');
                }
                Ok(splice(text, at, at, &ins))
            }
            Prim::Remove { seq, index } => {
                let s = node(seq)?;
                unshared(s)?;
                let Kind::Seq { flow, items } = &s.kind else {
                    return Err(format!("{} is not a list", shown(seq)));
                };
                let item = items
                    .get(*index)
                    .ok_or_else(|| format!("no item {index} in {}", shown(seq)))?;
                if *flow {
                    let spans: Vec<_> = items.iter().map(|n| n.span.clone()).collect();
                    Ok(cut_flow(text, &spans, *index))
                } else {
                    Ok(cut_lines(text, dash_of(text, item), item.span.end))
                }
            }
        }
    }

    /// The same change on the parsed document; `root` is the text's tree
    /// before it (a block list left empty reads as nothing, a flow one as
    /// `[]`).
    fn apply_value(&self, doc: &mut Value, root: &Node) -> Result<(), String> {
        match self {
            Prim::Set {
                map, key, value, ..
            } => {
                let m = value_at(doc, map)?;
                if m.is_null() {
                    *m = Value::Mapping(Default::default());
                }
                let m = m.as_mapping_mut().ok_or("not a map")?;
                m.insert(Value::String(key.clone()), to_value(value));
            }
            Prim::Unset { map, key } => {
                let m = value_at(doc, map)?.as_mapping_mut().ok_or("not a map")?;
                m.remove(key.as_str());
            }
            Prim::Push { seq, values } => {
                let s = value_at(doc, seq)?.as_sequence_mut().ok_or("not a list")?;
                s.extend(values.iter().map(to_value));
            }
            Prim::Remove { seq, index } => {
                let block = root.at(seq).is_some_and(|n| !n.is_flow());
                let v = value_at(doc, seq)?;
                let s = v.as_sequence_mut().ok_or("not a list")?;
                if *index >= s.len() {
                    return Err("no such item".into());
                }
                s.remove(*index);
                if s.is_empty() && block {
                    *v = Value::Null;
                }
            }
        }
        Ok(())
    }
}

fn value_at<'v>(doc: &'v mut Value, path: &[Step]) -> Result<&'v mut Value, String> {
    let mut v = doc;
    for step in path {
        v = match step {
            Step::Key(k) => v.get_mut(k.as_str()),
            Step::Index(i) => v.get_mut(*i),
        }
        .ok_or_else(|| format!("nothing at {}", shown(path)))?;
    }
    Ok(v)
}

fn to_value(v: &New) -> Value {
    match v {
        New::Str(s) => Value::String(s.clone()),
        New::Int(n) => Value::Number((*n).into()),
        New::Seq(items) => Value::Sequence(items.iter().map(to_value).collect()),
        New::Map(entries) => Value::Mapping(
            entries
                .iter()
                .map(|(k, v)| (Value::String(k.clone()), to_value(v)))
                .collect(),
        ),
    }
}

/// A path as the loader's messages write it: `themes[2].keywords`.
pub fn shown(path: &[Step]) -> String {
    let mut out = String::new();
    for step in path {
        match step {
            Step::Key(k) if out.is_empty() => out.push_str(k),
            Step::Key(k) => {
                out.push('.');
                out.push_str(k);
            }
            Step::Index(i) => out.push_str(&format!("[{i}]")),
        }
    }
    if out.is_empty() {
        "the top of themes.yaml".into()
    } else {
        format!("`{out}`")
    }
}

fn splice(text: &str, from: usize, to: usize, with: &str) -> String {
    let mut out = String::with_capacity(text.len() + with.len());
    out.push_str(&text[..from]);
    out.push_str(with);
    out.push_str(&text[to..]);
    out
}

/// Whether a blank line stands between two nodes (`between` runs from
/// the end of one to the start of the next).
fn has_blank_line(between: &str) -> bool {
    let lines: Vec<&str> = between.split('\n').collect();
    lines.len() > 2
        && lines[1..lines.len() - 1]
            .iter()
            .any(|l| l.trim().is_empty())
}

fn column(text: &str, at: usize) -> usize {
    text[line_start(text, at)..at].chars().count()
}

/// Where the `- ` of a block list item is.
fn dash_of(text: &str, item: &Node) -> usize {
    let before = text[..item.span.start].trim_end();
    if before.ends_with('-') {
        before.len() - 1
    } else {
        item.span.start
    }
}

/// Removes whole lines `from..=to`'s lines; if that leaves two blank lines
/// together (or one at the end), one of them too.
fn cut_lines(text: &str, from: usize, to: usize) -> String {
    let mut start = line_start(text, from);
    let mut end = line_end(text, to);
    if end < text.len() {
        end += 1;
    }
    let blank = |l: &str| l.trim().is_empty();
    let prev_blank = start > 0 && blank(&text[line_start(text, start - 1)..start - 1]);
    let next_line = &text[end..line_end(text, end)];
    if prev_blank && (end >= text.len() || blank(next_line)) {
        start = line_start(text, start - 1);
    }
    splice(text, start, end, "")
}

/// Removes item `i` of a flow collection with the `, ` that joined it.
fn cut_flow(text: &str, spans: &[std::ops::Range<usize>], i: usize) -> String {
    let (from, to) = if i + 1 < spans.len() {
        (spans[i].start, spans[i + 1].start)
    } else if i > 0 {
        (spans[i - 1].end, spans[i].end)
    } else {
        (spans[i].start, spans[i].end)
    };
    splice(text, from, to, "")
}

fn replace_value(text: &str, e: &Entry, value: &New) -> String {
    let old = &e.value;
    if old.is_empty_value() {
        let col = column(text, e.key_span.start);
        let ins = match value {
            New::Seq(_) | New::Map(_) if !prefers_flow(value, None) => {
                format!("\n{}", block_value(value, col, None).trim_end_matches('\n'))
            }
            _ => format!(" {}", inline(value, false)),
        };
        return splice(text, old.span.start, old.span.end, &ins);
    }
    let folded = matches!(
        old.kind,
        Kind::Scalar {
            style: TScalarStyle::Folded,
            ..
        }
    );
    let new = match value {
        New::Str(s) if folded => {
            let first = tree::skip_blank(text, line_end(text, old.span.start));
            folded_text(s, column(text, first)).unwrap_or_else(|| scalar(s, false))
        }
        _ => inline(value, in_flow(text, old)),
    };
    splice(text, old.span.start, old.span.end, &new)
}

/// Whether `node` sits inside a flow collection (so `,` and brackets
/// would end a plain scalar).
fn in_flow(text: &str, node: &Node) -> bool {
    let before = &text[line_start(text, node.span.start)..node.span.start];
    before.contains('{') || before.contains('[') || before.trim_end().ends_with(',')
}

fn insert_entry(
    text: &str,
    map: &Node,
    key: &str,
    value: &New,
    order: &[&str],
) -> Result<String, String> {
    let entries: &[Entry] = match &map.kind {
        Kind::Map { entries, .. } => entries,
        Kind::Scalar { empty: true, .. } if map.span.start == 0 && map.span.end == 0 => {
            // An empty file: the first section.
            let sep = if text.is_empty() || text.ends_with('\n') {
                ""
            } else {
                "\n"
            };
            return Ok(format!("{text}{sep}{}", block_entry(key, value, 0, None)));
        }
        _ => return Err("not a map".into()),
    };
    let rank = |k: &str| order.iter().position(|o| *o == k);
    let after = match rank(key) {
        Some(r) => entries
            .iter()
            .rev()
            .find(|e| rank(&e.key).is_some_and(|er| er < r))
            .or(entries.last()),
        None => entries.last(),
    };
    let Some(after) = after else {
        // `{}`: the first entry.
        let at = map.span.end - 1;
        return Ok(splice(
            text,
            at,
            at,
            &format!("{key}: {}", inline(value, true)),
        ));
    };
    if map.is_flow() {
        let at = after.value.span.end;
        return Ok(splice(
            text,
            at,
            at,
            &format!(", {key}: {}", inline(value, true)),
        ));
    }
    let col = column(text, after.key_span.start);
    let end = line_end(text, after.value.span.end);
    let (at, lead) = if end == text.len() {
        (end, "\n")
    } else {
        (end + 1, "")
    };
    let template = entries.iter().find(|e| e.key == key);
    let entry = block_entry(key, value, col, template);
    Ok(splice(text, at, at, &format!("{lead}{entry}")))
}

/// Whether to write `v` in flow style: as the sibling `template` is, else
/// lists and maps of plain values (names, keywords, ids) are written
/// `[..]`/`{..}` and deeper ones as blocks.
fn prefers_flow(v: &New, template: Option<&Node>) -> bool {
    if let Some(t) = template
        && matches!(t.kind, Kind::Map { .. } | Kind::Seq { .. })
    {
        return t.is_flow();
    }
    let flat = |v: &New| matches!(v, New::Str(_) | New::Int(_));
    match v {
        New::Seq(items) => items.iter().all(flat),
        New::Map(entries) => entries.iter().all(|(_, v)| flat(v)),
        _ => true,
    }
}

/// `key: value` at column `col`, with the lines of a block value below,
/// ending with a line break.
fn block_entry(key: &str, value: &New, col: usize, template: Option<&Entry>) -> String {
    let pad = " ".repeat(col);
    let t = template.map(|e| &e.value);
    match value {
        New::Seq(_) | New::Map(_) if !prefers_flow(value, t) => {
            format!("{pad}{key}:\n{}", block_value(value, col, t))
        }
        New::Str(s)
            if matches!(
                t.map(|t| &t.kind),
                Some(Kind::Scalar {
                    style: TScalarStyle::Folded,
                    ..
                })
            ) =>
        {
            let text = folded_text(s, col + 2).unwrap_or_else(|| scalar(s, false));
            format!("{pad}{key}: {text}\n")
        }
        _ => format!("{pad}{key}: {}\n", inline(value, false)),
    }
}

/// The lines of a block list or map under a key at column `col`.
fn block_value(value: &New, col: usize, template: Option<&Node>) -> String {
    match value {
        New::Seq(items) => items
            .iter()
            .map(|i| {
                let siblings = template.map(Node::items);
                format!("{}\n", block_item(i, col + 2, siblings))
            })
            .collect(),
        New::Map(entries) => entries
            .iter()
            .map(|(k, v)| block_entry(k, v, col + 2, template.and_then(|t| t.entry(k))))
            .collect(),
        other => format!("{}{}\n", " ".repeat(col + 2), inline(other, false)),
    }
}

/// `- item` with its `- ` at column `col` (no final line break); a map's
/// fields follow the style of the same fields in `siblings`.
fn block_item(value: &New, col: usize, siblings: Option<&[Node]>) -> String {
    let pad = " ".repeat(col);
    let flow_item = siblings
        .and_then(|s| s.first())
        .is_some_and(|n| n.is_flow());
    match value {
        New::Map(entries) if !flow_item => {
            let mut out = String::new();
            for (i, (k, v)) in entries.iter().enumerate() {
                let template = siblings.and_then(|s| s.iter().find_map(|n| n.entry(k)));
                let line = block_entry(k, v, col + 2, template);
                if i == 0 {
                    out.push_str(&pad);
                    out.push_str("- ");
                    out.push_str(&line[col + 2..]);
                } else {
                    out.push_str(&line);
                }
            }
            out.trim_end_matches('\n').to_string()
        }
        _ => format!("{pad}- {}", inline(value, false)),
    }
}

/// A value on one line: flow style for lists and maps.
fn inline(value: &New, flow: bool) -> String {
    match value {
        New::Str(s) => scalar(s, flow),
        New::Int(n) => n.to_string(),
        New::Seq(items) => {
            let inner: Vec<String> = items.iter().map(|i| inline(i, true)).collect();
            format!("[{}]", inner.join(", "))
        }
        New::Map(entries) => {
            let inner: Vec<String> = entries
                .iter()
                .map(|(k, v)| format!("{}: {}", scalar(k, true), inline(v, true)))
                .collect();
            format!("{{{}}}", inner.join(", "))
        }
    }
}

/// `s` as a scalar: plain when YAML reads it back as this very text (and,
/// inside `[..]` or `{..}`, it holds no flow indicator), else double-quoted.
pub fn scalar(s: &str, flow: bool) -> String {
    let reads_back = |doc: String, get: fn(&Value) -> Option<&Value>| {
        serde_yaml::from_str::<Value>(&doc)
            .ok()
            .as_ref()
            .and_then(get)
            .is_some_and(|v| v.as_str() == Some(s))
    };
    let plain_ok = !s.is_empty()
        && s.trim() == s
        && !s.chars().any(char::is_control)
        && reads_back(format!("k: {s}"), |v| v.get("k"))
        && (!flow || reads_back(format!("[{s}]"), |v| v.get(0)));
    if plain_ok {
        return s.to_string();
    }
    let mut out = String::from("\"");
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            c if c.is_control() => out.push_str(&format!("\\u{:04X}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// `s` as a folded block scalar (`>-`) with its lines at column `col`,
/// wrapped at about 80 columns; `None` when folding cannot hold it
/// exactly (line breaks, edge or double spaces, control characters).
fn folded_text(s: &str, col: usize) -> Option<String> {
    if s.is_empty() || s.trim() != s || s.contains("  ") || s.chars().any(|c| c.is_control()) {
        return None;
    }
    let pad = " ".repeat(col);
    let mut out = String::from(">-");
    let mut line = String::new();
    for word in s.split(' ') {
        if !line.is_empty() && col + line.chars().count() + 1 + word.chars().count() > 80 {
            out.push('\n');
            out.push_str(&pad);
            out.push_str(&line);
            line.clear();
        }
        if !line.is_empty() {
            line.push(' ');
        }
        line.push_str(word);
    }
    out.push('\n');
    out.push_str(&pad);
    out.push_str(&line);
    Some(out)
}
