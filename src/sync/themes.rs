//! `themes.yaml` changed on both sides: a three-way merge per item, written
//! into our text by the format-preserving writer ([`crate::curate::yaml`]).
//!
//! Lists of items with an `id` (sources, themes, partner bodies) match by
//! id; other lists (keywords, entities, aliases, links, events) are sets:
//! what theirs added is added, what theirs removed is removed. Maps merge
//! key by key. Only the same field set to two different values (or an
//! item changed on one side and removed on the other) is a conflict.
//! Also: the item-level summary of a change, for commit messages.

use super::error::Conflict;
use crate::curate::tree::Step;
use crate::curate::yaml::{self, New, Prim};
use serde_yaml::{Mapping, Value};

/// What a merge of our text with theirs gives.
#[derive(Debug)]
pub enum Merged {
    /// The merged text (ours, with their changes written in).
    Text(String),
    /// True conflicts: nothing merged.
    Conflicts(Vec<Conflict>),
}

/// Which side a true conflict is settled for, when the user chose one
/// (`coopdash sync --take theirs`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Take {
    /// This host's values.
    Ours,
    /// The remote's values.
    Theirs,
}

/// Merges `theirs`' changes since `base` into `ours`. `None` texts are a
/// missing file. True conflicts are settled for `take`'s side, else
/// returned. An error is a text that cannot be read as YAML or a change
/// the writer cannot make in place.
pub fn merge3(
    base: Option<&str>,
    ours: &str,
    theirs: &str,
    take: Option<Take>,
) -> Result<Merged, String> {
    let parse = |t: &str| serde_yaml::from_str::<Value>(t).map_err(|e| e.to_string());
    let b = base.map(parse).transpose()?;
    let o = parse(ours)?;
    let t = parse(theirs)?;
    let mut plan = Plan {
        take,
        ..Plan::default()
    };
    plan.merge(&mut Vec::new(), b.as_ref(), Some(&o), Some(&t));
    if !plan.conflicts.is_empty() {
        let conflicts = plan
            .conflicts
            .iter()
            .map(|(path, ours, theirs)| Conflict {
                file: crate::workspace::THEMES_FILE.into(),
                item: label(path, &o),
                ours: shown(ours.as_ref()),
                theirs: shown(theirs.as_ref()),
            })
            .collect();
        return Ok(Merged::Conflicts(conflicts));
    }
    let mut prims = plan.sets;
    prims.extend(plan.pushes);
    // Inner lists first, then later items first, so each path and index
    // still points where it pointed.
    plan.removes
        .sort_by_key(|(path, index)| std::cmp::Reverse((path.len(), *index)));
    prims.extend(
        plan.removes
            .into_iter()
            .map(|(seq, index)| Prim::Remove { seq, index }),
    );
    if prims.is_empty() {
        return Ok(Merged::Text(ours.to_string()));
    }
    yaml::edit(ours, &prims).map(Merged::Text)
}

type Path = Vec<Step>;

/// The structural changes that bring theirs into ours.
#[derive(Default)]
struct Plan {
    sets: Vec<Prim>,
    pushes: Vec<Prim>,
    removes: Vec<(Path, usize)>,
    conflicts: Vec<(Path, Option<Value>, Option<Value>)>,
    take: Option<Take>,
}

/// What taking theirs at a conflict does.
enum Fix {
    Set(Prim),
    Push(Prim),
    Remove(Path, usize),
}

impl Plan {
    fn merge(&mut self, path: &mut Path, b: Option<&Value>, o: Option<&Value>, t: Option<&Value>) {
        if t == b || o == t {
            return;
        }
        match (o, t) {
            (Some(Value::Mapping(om)), Some(Value::Mapping(tm))) => {
                let bm = b.and_then(Value::as_mapping);
                self.maps(path, bm, om, tm);
            }
            (Some(Value::Sequence(os)), Some(Value::Sequence(ts))) => {
                let empty = Vec::new();
                let bs = b.and_then(Value::as_sequence).unwrap_or(&empty);
                if [bs, os, ts]
                    .iter()
                    .all(|s| s.iter().all(|v| id_of(v).is_some()))
                {
                    self.keyed(path, bs, os, ts);
                } else {
                    self.sets(path, bs, os, ts);
                }
            }
            _ => self.conflict(path.clone(), o, t, None),
        }
    }

    fn maps(&mut self, path: &mut Path, b: Option<&Mapping>, o: &Mapping, t: &Mapping) {
        let mut keys: Vec<&Value> = o.keys().collect();
        keys.extend(t.keys().filter(|k| !o.contains_key(*k)));
        if let Some(b) = b {
            keys.extend(
                b.keys()
                    .filter(|k| !o.contains_key(*k) && !t.contains_key(*k)),
            );
        }
        for key in keys {
            let Some(name) = key.as_str() else {
                continue;
            };
            let (bk, ok, tk) = (b.and_then(|b| b.get(key)), o.get(key), t.get(key));
            if tk == bk || ok == tk {
                continue;
            }
            path.push(Step::Key(name.into()));
            let containers = matches!(
                (ok, tk),
                (Some(Value::Mapping(_)), Some(Value::Mapping(_)))
                    | (Some(Value::Sequence(_)), Some(Value::Sequence(_)))
            );
            if containers {
                self.merge(path, bk, ok, tk);
            } else if ok == bk {
                path.pop();
                match tk.map(new_of) {
                    Some(Some(value)) => self.sets.push(Prim::Set {
                        map: path.clone(),
                        key: name.into(),
                        value,
                        order: &[],
                    }),
                    Some(None) => self.conflict(
                        [path.clone(), vec![Step::Key(name.into())]].concat(),
                        ok,
                        tk,
                        None,
                    ),
                    None => self.sets.push(Prim::Unset {
                        map: path.clone(),
                        key: name.into(),
                    }),
                }
                continue;
            } else {
                let map = path[..path.len() - 1].to_vec();
                let fix = match tk {
                    Some(v) => new_of(v).map(|value| {
                        Fix::Set(Prim::Set {
                            map,
                            key: name.into(),
                            value,
                            order: &[],
                        })
                    }),
                    None => Some(Fix::Set(Prim::Unset {
                        map,
                        key: name.into(),
                    })),
                };
                self.conflict(path.clone(), ok, tk, fix);
            }
            path.pop();
        }
    }

    /// Lists of items with ids.
    fn keyed(&mut self, path: &mut Path, b: &[Value], o: &[Value], t: &[Value]) {
        let find = |list: &[Value], id: &str| list.iter().position(|v| id_of(v) == Some(id));
        for item in t {
            let id = id_of(item).unwrap_or_default();
            let (bi, oi) = (find(b, id).map(|i| &b[i]), find(o, id));
            match (bi, oi) {
                (None, None) => self.push(path, item),
                (_, Some(i)) => {
                    path.push(Step::Index(i));
                    self.merge(path, bi, Some(&o[i]), Some(item));
                    path.pop();
                }
                // Removed here, changed there.
                (Some(bv), None) if bv != item => {
                    let mut at = path.clone();
                    at.push(Step::Key(id.into()));
                    let fix = new_of(item).map(|value| {
                        Fix::Push(Prim::Push {
                            seq: path.clone(),
                            values: vec![value],
                        })
                    });
                    self.conflict(at, None, Some(item), fix);
                }
                (Some(_), None) => {}
            }
        }
        for item in b {
            let id = id_of(item).unwrap_or_default();
            if find(t, id).is_some() {
                continue;
            }
            match find(o, id) {
                Some(i) if &o[i] == item => self.removes.push((path.clone(), i)),
                // Changed here, removed there.
                Some(i) => {
                    let fix = Fix::Remove(path.clone(), i);
                    path.push(Step::Index(i));
                    self.conflict(path.clone(), Some(&o[i]), None, Some(fix));
                    path.pop();
                }
                None => {}
            }
        }
    }

    /// Lists as sets of values.
    fn sets(&mut self, path: &mut Path, b: &[Value], o: &[Value], t: &[Value]) {
        for item in t {
            if !b.contains(item) && !o.contains(item) {
                self.push(path, item);
            }
        }
        for item in b {
            if !t.contains(item)
                && let Some(i) = o.iter().position(|v| v == item)
            {
                self.removes.push((path.clone(), i));
            }
        }
    }

    fn push(&mut self, path: &Path, item: &Value) {
        match new_of(item) {
            Some(value) => self.pushes.push(Prim::Push {
                seq: path.clone(),
                values: vec![value],
            }),
            None => self.conflict(path.clone(), None, Some(item), None),
        }
    }

    /// The same thing set to two values: settled for the side taken (ours:
    /// left as it is; theirs: `fix`, when it can be written), else kept to
    /// report.
    fn conflict(&mut self, path: Path, o: Option<&Value>, t: Option<&Value>, fix: Option<Fix>) {
        match (self.take, fix) {
            (Some(Take::Ours), _) => {}
            (Some(Take::Theirs), Some(Fix::Set(p))) => self.sets.push(p),
            (Some(Take::Theirs), Some(Fix::Push(p))) => self.pushes.push(p),
            (Some(Take::Theirs), Some(Fix::Remove(seq, i))) => self.removes.push((seq, i)),
            _ => self.conflicts.push((path, o.cloned(), t.cloned())),
        }
    }
}

fn id_of(v: &Value) -> Option<&str> {
    v.get("id").and_then(Value::as_str)
}

/// A parsed value as the writer's [`New`]; `None` for what it cannot
/// write (booleans, nulls, tags).
fn new_of(v: &Value) -> Option<New> {
    Some(match v {
        Value::String(s) => New::Str(s.clone()),
        Value::Number(n) => New::Int(n.as_i64()?),
        Value::Sequence(items) => New::Seq(items.iter().map(new_of).collect::<Option<_>>()?),
        Value::Mapping(m) => New::Map(
            m.iter()
                .map(|(k, v)| Some((k.as_str()?.to_string(), new_of(v)?)))
                .collect::<Option<_>>()?,
        ),
        _ => return None,
    })
}

/// `theme cybercrime: name.en` for a path in `root`.
fn label(path: &Path, root: &Value) -> String {
    let mut item = String::new();
    let mut fields = Vec::new();
    let mut node = Some(root);
    for step in path {
        match step {
            Step::Key(k) => {
                node = node.and_then(|n| n.get(k.as_str()));
                fields.push(k.clone());
            }
            Step::Index(i) => {
                node = node.and_then(|n| n.get(*i));
                match node.and_then(id_of) {
                    Some(id) if item.is_empty() => {
                        let section = fields.pop().unwrap_or_default();
                        item = format!("{} {id}", singular(&section));
                    }
                    _ => fields.push(format!("#{}", i + 1)),
                }
            }
        }
    }
    let item = crate::text::sanitize(&item).into_owned();
    let fields = crate::text::sanitize(&fields.join(".")).into_owned();
    match (item.is_empty(), fields.is_empty()) {
        (true, _) => fields,
        (false, true) => item,
        (false, false) => format!("{item}: {fields}"),
    }
}

fn singular(section: &str) -> &str {
    match section {
        "themes" => "theme",
        "entities" => "partner body",
        "sources" => "source",
        "events" => "event",
        other => other,
    }
}

/// What changed in an item, for a summary: ` (+keyword "x", ~name)`.
fn fields(old: &Value, new: &Value) -> String {
    let (Some(o), Some(n)) = (old.as_mapping(), new.as_mapping()) else {
        return String::new();
    };
    let mut keys: Vec<&Value> = n.keys().collect();
    keys.extend(o.keys().filter(|k| !n.contains_key(*k)));
    let mut out = Vec::new();
    for key in keys {
        let (a, b) = (o.get(key), n.get(key));
        let name = key.as_str().unwrap_or_default();
        if a == b {
            continue;
        }
        let list = |v: Option<&Value>| v.and_then(Value::as_sequence).cloned().unwrap_or_default();
        let (was, now) = (list(a), list(b));
        let one = match name {
            "keywords" => "keyword",
            "aliases" => "alias",
            "entities" => "body",
            "links" => "link",
            _ => "",
        };
        if one.is_empty() {
            out.push(format!("~{name}"));
            continue;
        }
        let word = |v: &Value| v.as_str().map_or(String::new(), |s| format!(" \"{s}\""));
        out.extend(
            now.iter()
                .filter(|v| !was.contains(v))
                .map(|v| format!("+{one}{}", word(v))),
        );
        out.extend(
            was.iter()
                .filter(|v| !now.contains(v))
                .map(|v| format!("-{one}{}", word(v))),
        );
    }
    if out.len() > 3 {
        out.truncate(3);
        out.push("…".into());
    }
    if out.is_empty() {
        String::new()
    } else {
        format!(" ({})", out.join(", "))
    }
}

/// A value on one line, for messages (`(none)` when absent).
fn shown(v: Option<&Value>) -> String {
    let Some(v) = v else {
        return "(removed)".into();
    };
    let text = match v {
        Value::String(s) => format!("\"{s}\""),
        other => serde_json::to_string(other).unwrap_or_default(),
    };
    let text = crate::text::sanitize(&text).into_owned();
    match text.char_indices().nth(80) {
        Some((at, _)) => format!("{}…", &text[..at]),
        None => text,
    }
}

/// The items added, changed and removed between two texts of
/// `themes.yaml`, for a commit message: `+theme a ~theme b -partner body c`.
/// Empty when nothing an item holds changed.
pub fn summary(old: Option<&str>, new: Option<&str>) -> String {
    let parse = |t: Option<&str>| {
        t.and_then(|t| serde_yaml::from_str::<Value>(t).ok())
            .unwrap_or(Value::Null)
    };
    let (old, new) = (parse(old), parse(new));
    let mut parts = Vec::new();
    let mut other = false;
    let keys = |v: &Value| -> Vec<Value> {
        v.as_mapping()
            .map(|m| m.keys().cloned().collect())
            .unwrap_or_default()
    };
    let mut sections = keys(&new);
    let olds: Vec<Value> = keys(&old)
        .into_iter()
        .filter(|k| !sections.contains(k))
        .collect();
    sections.extend(olds);
    for key in sections {
        let (o, n) = (old.get(&key), new.get(&key));
        if o == n {
            continue;
        }
        let name = key.as_str().unwrap_or_default();
        let items = |v: Option<&Value>| -> Option<Vec<Value>> {
            let list = v.map_or(Some(&[][..]), |v| v.as_sequence().map(Vec::as_slice))?;
            list.iter()
                .all(|i| id_of(i).is_some())
                .then(|| list.to_vec())
        };
        let (Some(oi), Some(ni)) = (items(o), items(n)) else {
            other = true;
            continue;
        };
        let find = |list: &[Value], id: &str| list.iter().find(|v| id_of(v) == Some(id)).cloned();
        for item in &ni {
            let id = id_of(item).unwrap_or_default();
            match find(&oi, id) {
                None => parts.push(format!("+{} {id}", singular(name))),
                Some(was) if &was != item => {
                    parts.push(format!("~{} {id}{}", singular(name), fields(&was, item)))
                }
                Some(_) => {}
            }
        }
        for item in &oi {
            let id = id_of(item).unwrap_or_default();
            if find(&ni, id).is_none() {
                parts.push(format!("-{} {id}", singular(name)));
            }
        }
    }
    if parts.len() > 6 {
        let more = parts.len() - 5;
        parts.truncate(5);
        parts.push(format!("and {more} more"));
    }
    if other {
        parts.push("~other".into());
    }
    crate::text::sanitize(&parts.join(" ")).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    const BASE: &str = "# top comment\nthemes:\n  - id: a\n    name: {en: A}\n    keywords: [one]\n\n  - id: b\n    name: {en: B}\n";

    fn text(m: Merged) -> String {
        match m {
            Merged::Text(t) => t,
            Merged::Conflicts(c) => panic!("conflicts: {c:?}"),
        }
    }

    #[test]
    fn different_items_and_keywords_both_kept_comments_too() {
        let ours = BASE.replace("keywords: [one]", "keywords: [one, two]");
        let theirs = format!("{BASE}\n  - id: c\n    name: {{en: C}}\n")
            .replace("keywords: [one]", "keywords: [one, three]")
            .replace("{en: B}", "{en: Bee}");
        let merged = text(merge3(Some(BASE), &ours, &theirs, None).unwrap());
        assert!(merged.starts_with("# top comment\n"), "{merged}");
        assert!(merged.contains("keywords: [one, two, three]"), "{merged}");
        assert!(merged.contains("{en: Bee}"), "{merged}");
        assert!(merged.contains("id: c"), "{merged}");
    }

    #[test]
    fn removal_on_one_side_applies() {
        let theirs = BASE.replace("\n  - id: b\n    name: {en: B}\n", "\n");
        let ours = BASE.replace("{en: A}", "{en: Aa}");
        let merged = text(merge3(Some(BASE), &ours, &theirs, None).unwrap());
        assert!(!merged.contains("id: b"), "{merged}");
        assert!(merged.contains("{en: Aa}"), "{merged}");
    }

    #[test]
    fn same_field_two_values_is_a_conflict_naming_both() {
        let ours = BASE.replace("{en: A}", "{en: Ours}");
        let theirs = BASE.replace("{en: A}", "{en: Theirs}");
        let Merged::Conflicts(c) = merge3(Some(BASE), &ours, &theirs, None).unwrap() else {
            panic!("merged")
        };
        assert_eq!(c.len(), 1);
        assert_eq!(c[0].item, "theme a: name.en");
        assert_eq!(
            (c[0].ours.as_str(), c[0].theirs.as_str()),
            ("\"Ours\"", "\"Theirs\"")
        );
        let taken = |take| text(merge3(Some(BASE), &ours, &theirs, Some(take)).unwrap());
        assert_eq!(taken(Take::Ours), ours);
        assert_eq!(taken(Take::Theirs), theirs);
    }

    #[test]
    fn summaries_name_items() {
        let new = format!("{BASE}  - id: c\n    name: {{en: C}}\n").replace("{en: B}", "{en: Bee}");
        assert_eq!(summary(Some(BASE), Some(&new)), "~theme b (~name) +theme c");
        let kw = BASE.replace("[one]", "[two]");
        assert_eq!(
            summary(Some(BASE), Some(&kw)),
            "~theme a (+keyword \"two\", -keyword \"one\")"
        );
        assert_eq!(summary(Some(BASE), Some(BASE)), "");
    }
}
