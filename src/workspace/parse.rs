//! Reading and parsing `themes.yaml`: within its caps, positions from
//! yaml-rust2 (deep nesting refused first), each list item deserialized
//! on its own so one bad item does not hide the others, and serde's
//! messages turned into plain words with a hint.

use super::limits::Cap;
use super::locate::{self, Locations};
use super::spec::{EntitySpec, EventSpec, SECTIONS, SourceSpec, ThemeSpec};
use super::{Limits, Pos, Problem, seeds};
use serde::de::DeserializeOwned;
use std::path::Path;

/// The bytes of `themes.yaml`, within the `themes-size` cap.
pub(super) fn read_themes(
    path: &Path,
    limits: &Limits,
    problems: &mut Vec<Problem>,
) -> Option<Vec<u8>> {
    match seeds::read_capped(path, limits.themes_bytes) {
        Ok(b) => Some(b),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            problems.push(Problem::at(
                path,
                None,
                "themes.yaml is missing",
                "create it (README.md documents every field), or pass --workspace DIR",
            ));
            None
        }
        Err(e) => {
            problems.push(Problem::at(
                path,
                None,
                format!("cannot read themes.yaml: {e}"),
                "check its permissions",
            ));
            None
        }
    }
}

/// The items of `themes.yaml`, each with its location path.
#[derive(Debug, Default)]
pub(super) struct Specs {
    pub(super) sources: Vec<(String, SourceSpec)>,
    pub(super) themes: Vec<(String, ThemeSpec)>,
    pub(super) entities: Vec<(String, EntitySpec)>,
    pub(super) events: Vec<(String, EventSpec)>,
    /// Ids of items that failed to parse: references to them are not
    /// reported again as unknown.
    pub(super) broken_ids: Vec<String>,
}

/// The items of `themes.yaml` (`bytes`, read from `path`) and where each
/// sits; `None`, with the problems that say why, when the file as a whole
/// cannot be used (over a cap, not UTF-8, not YAML, too deep). An item
/// that does not parse is left out, with its problem.
pub(super) fn parse_themes(
    path: &Path,
    bytes: &[u8],
    limits: &Limits,
    problems: &mut Vec<Problem>,
) -> Option<(Locations, Specs)> {
    if bytes.len() > limits.themes_bytes {
        problems.push(Problem::at(
            path,
            Some(seeds::pos_of_byte(bytes, limits.themes_bytes)),
            format!(
                "themes.yaml is larger than {}",
                limits.shown(Cap::ThemesSize)
            ),
            limits.how_to_raise(Cap::ThemesSize),
        ));
        return None;
    }
    let text = match seeds::decode(bytes) {
        Ok(t) => t,
        Err((pos, what)) => {
            problems.push(Problem::at(
                path,
                Some(pos),
                what,
                "save themes.yaml as UTF-8",
            ));
            return None;
        }
    };
    let yaml_error = |problems: &mut Vec<Problem>, pos: Option<Pos>, message: String| {
        problems.push(Problem::at(
            path,
            // serde_yaml gives no position for errors about the whole
            // document (e.g. where libyaml, unlike the scan, sees two).
            pos.or(Some(Pos { line: 1, column: 1 })),
            format!("YAML syntax error: {message}"),
            "fix the YAML at this position (check indentation, quotes and brackets)",
        ));
    };
    let locs = match Locations::scan(text) {
        Ok(l) => l,
        Err(e) if e.syntax => {
            // libyaml (inside serde_yaml) explains syntax errors better. It
            // sees the text only up to the end of the error's line (at most
            // 4 KiB past the error), which the scan read within the nesting
            // limit: libyaml takes quadratic time on deep nesting, and the
            // text after the error may hold any.
            let upto = prefix_through(text, e.pos, 4096);
            match serde_yaml::from_str::<serde_yaml::Value>(&text[..upto]) {
                Err(se) => yaml_error(problems, se.location().map(pos_of), se.to_string()),
                Ok(_) => yaml_error(problems, Some(e.pos), e.message),
            }
            return None;
        }
        Err(e) => {
            problems.push(Problem::at(path, Some(e.pos), e.message, e.hint));
            return None;
        }
    };
    let root: serde_yaml::Value = match serde_yaml::from_str(text) {
        Ok(v) => v,
        // An alias bomb: a few lines that expand to millions of nodes.
        Err(e) if e.location().is_none() && e.to_string().contains("repetition limit") => {
            problems.push(Problem::at(
                path,
                locs.first_alias().or(Some(Pos { line: 1, column: 1 })),
                "YAML aliases here expand to too much data (serde_yaml: repetition limit exceeded)",
                "write the values out instead of repeating aliases (*name) of aliases",
            ));
            return None;
        }
        Err(e) => {
            yaml_error(problems, e.location().map(pos_of), e.to_string());
            return None;
        }
    };
    let mut specs = Specs::default();
    let mut over = false;
    let map = match root {
        serde_yaml::Value::Null => return Some((locs, specs)),
        serde_yaml::Value::Mapping(m) => m,
        _ => {
            problems.push(Problem::at(
                path,
                locs.value(""),
                "themes.yaml must be a map with the sections sources, themes, entities and events",
                "start each section at the left margin, e.g. `themes:`",
            ));
            return None;
        }
    };
    // The keys as written, when each is a plain scalar: serde_yaml reads
    // `FALSE:` as the boolean false, which has no spelling of its own.
    let written = (locs.root_keys().len() == map.len()).then(|| locs.root_keys());
    for (i, (key, value)) in map.into_iter().enumerate() {
        let Some(section) = key.as_str().filter(|k| SECTIONS.contains(k)) else {
            let (name, at) = match written.map(|w| &w[i]) {
                Some((name, pos)) => (name.clone(), Some(*pos)),
                None => (
                    key.as_str().unwrap_or("(a list or map)").to_string(),
                    locs.value(""),
                ),
            };
            problems.push(Problem::at(
                path,
                at,
                format!("unknown section `{name}`"),
                format!(
                    "the sections are {}; check the spelling",
                    SECTIONS.join(", ")
                ),
            ));
            continue;
        };
        let items = match value {
            serde_yaml::Value::Null => continue,
            serde_yaml::Value::Sequence(items) => items,
            _ => {
                problems.push(Problem::at(
                    path,
                    locs.value(section),
                    format!("`{section}` must be a list"),
                    "write each item on its own line starting with `- `",
                ));
                continue;
            }
        };
        let cap = match section {
            "sources" => Cap::Sources,
            "themes" => Cap::Themes,
            "entities" => Cap::Entities,
            _ => Cap::Links,
        };
        if items.len() > limits.get(cap) {
            problems.push(Problem::fatal(
                path,
                locs.nearest(&locate::index(section, limits.get(cap))),
                format!("`{section}` has more than {} items", limits.shown(cap)),
                limits.how_to_raise(cap),
            ));
            over = true;
            continue;
        }
        for (i, item) in items.into_iter().enumerate() {
            let item_path = locate::index(section, i);
            if let Some((field, chars)) = too_long(&item, &item_path, limits.field_chars) {
                problems.push(Problem::fatal(
                    path,
                    locs.value(&field).or_else(|| locs.nearest(&field)),
                    format!(
                        "`{field}` is {chars} characters long, over the limit of {}",
                        limits.shown(Cap::FieldLength)
                    ),
                    format!("shorten it; {}", limits.how_to_raise(Cap::FieldLength)),
                ));
                over = true;
                continue;
            }
            match section {
                "sources" => parse_item(
                    path,
                    &locs,
                    &item_path,
                    item,
                    problems,
                    &mut specs,
                    |s, v| s.sources.push(v),
                ),
                "themes" => parse_item(
                    path,
                    &locs,
                    &item_path,
                    item,
                    problems,
                    &mut specs,
                    |s, v| s.themes.push(v),
                ),
                "entities" => parse_item(
                    path,
                    &locs,
                    &item_path,
                    item,
                    problems,
                    &mut specs,
                    |s, v| s.entities.push(v),
                ),
                _ => parse_item(
                    path,
                    &locs,
                    &item_path,
                    item,
                    problems,
                    &mut specs,
                    |s, v| s.events.push(v),
                ),
            }
        }
    }
    if over || !links_within(path, &locs, &specs, limits, problems) {
        return None;
    }
    Some((locs, specs))
}

/// Checks the `links` cap (theme links and events: each is a quote to
/// find), reporting the quote that crosses it.
fn links_within(
    path: &Path,
    locs: &Locations,
    specs: &Specs,
    limits: &Limits,
    problems: &mut Vec<Problem>,
) -> bool {
    let quotes = specs
        .themes
        .iter()
        .flat_map(|(p, t)| {
            (0..t.links.len()).map(move |i| locate::index(&locate::join(p, "links"), i))
        })
        .chain(specs.events.iter().map(|(p, _)| p.clone()));
    match quotes.enumerate().find(|(n, _)| *n >= limits.links) {
        None => true,
        Some((_, over)) => {
            problems.push(Problem::fatal(
                path,
                locs.nearest(&over),
                format!(
                    "this quote is one more than the {} theme links and events may hold together",
                    limits.shown(Cap::Links)
                ),
                limits.how_to_raise(Cap::Links),
            ));
            false
        }
    }
}

/// The first text (a value or a key) in `value` longer than `cap`
/// characters: its path and length.
fn too_long(value: &serde_yaml::Value, path: &str, cap: usize) -> Option<(String, usize)> {
    use serde_yaml::Value;
    let long = |s: &str| Some(s.chars().count()).filter(|&n| n > cap);
    match value {
        Value::String(s) => long(s).map(|n| (path.to_string(), n)),
        Value::Sequence(items) => items
            .iter()
            .enumerate()
            .find_map(|(i, v)| too_long(v, &locate::index(path, i), cap)),
        Value::Mapping(m) => m.iter().find_map(|(k, v)| {
            let key = k.as_str().unwrap_or_default();
            let at = locate::join(path, key);
            long(key)
                .map(|n| (at.clone(), n))
                .or_else(|| too_long(v, &at, cap))
        }),
        Value::Tagged(t) => too_long(&t.value, path, cap),
        _ => None,
    }
}

/// The byte length of `text` up to the end of `pos`'s line, or `past`
/// characters after `pos` if the line goes on longer.
fn prefix_through(text: &str, pos: Pos, past: usize) -> usize {
    let line_start = if pos.line <= 1 {
        0
    } else {
        text.match_indices('\n')
            .nth(pos.line - 2)
            .map_or(text.len(), |(i, _)| i + 1)
    };
    let line = &text[line_start..];
    let line_end = line.find('\n').map_or(line.len(), |i| i + 1);
    let cut = line
        .char_indices()
        .nth(pos.column + past)
        .map_or(line.len(), |(i, _)| i);
    line_start + line_end.min(cut)
}

fn pos_of(l: serde_yaml::Location) -> Pos {
    Pos {
        line: l.line(),
        column: l.column(),
    }
}

/// Deserializes one list item, turning serde's message into a problem at
/// the exact field.
fn parse_item<T: DeserializeOwned>(
    file: &Path,
    locs: &Locations,
    item_path: &str,
    item: serde_yaml::Value,
    problems: &mut Vec<Problem>,
    specs: &mut Specs,
    push: impl FnOnce(&mut Specs, (String, T)),
) {
    let id = item.get("id").and_then(|v| v.as_str()).map(str::to_string);
    match serde_path_to_error::deserialize::<_, T>(item) {
        Ok(spec) => push(specs, (item_path.to_string(), spec)),
        Err(e) => {
            specs.broken_ids.extend(id);
            let field = e.path().to_string();
            let inner = e.inner().to_string();
            let what = item_path.split('[').next().unwrap_or(item_path);
            let (message, hint, at) = explain_serde(&inner, what, &field);
            let at_path = match (&at, field.as_str()) {
                (Some(key), "." | "") => locate::join(item_path, key),
                (Some(key), f) => locate::join(&locate::join(item_path, f), key),
                (None, "." | "") => item_path.to_string(),
                (None, f) => locate::join(item_path, f),
            };
            problems.push(Problem::at(file, locs.nearest(&at_path), message, hint));
        }
    }
}

/// Rewrites a serde message in plain words; also returns the field to point
/// at when the message names one serde's path does not include.
fn explain_serde(inner: &str, section: &str, field: &str) -> (String, String, Option<String>) {
    let quoted = |s: &str| s.split('`').nth(1).map(str::to_string);
    if inner.starts_with("missing field") {
        let field = quoted(inner).unwrap_or_default();
        (
            format!("an item of `{section}` lacks the required field `{field}`"),
            format!("add `{field}: ...` to this item"),
            None,
        )
    } else if inner.starts_with("unknown field") {
        let field = quoted(inner).unwrap_or_default();
        let expected = inner.split_once("expected").map_or("", |(_, e)| e.trim());
        (
            format!("unknown field `{field}`"),
            format!(
                "check the spelling; expected {}",
                expected.replace("one of ", "one of: ")
            ),
            Some(field),
        )
    } else {
        let found = inner
            .trim_start_matches("invalid type: ")
            .replace(", expected", "; expected")
            .replace("a sequence", "a list")
            .replace("sequence", "list")
            .replace("a string", "a text")
            .replace("string", "text");
        let field = if field.is_empty() || field == "." {
            section
        } else {
            field
        };
        (
            format!("`{field}` has the wrong kind of value: found {found}"),
            "see the themes.yaml reference in README.md".to_string(),
            None,
        )
    }
}
