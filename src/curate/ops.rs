//! Each [`Edit`] as structural changes ([`Prim`]s) of the file as it is
//! now: which item, which field, compare-and-set on the values the curator
//! saw, and the refusals that need no load to see (no such theme, a keyword
//! already there, a removal that would strand bodies).

use super::tree::{self, Node, Step};
use super::yaml::{self, New, Prim};
use super::{Change, Children, CurateError, Edit, LangText, NewSource};
use crate::anchor::{FoldedSource, Quote};
use crate::model::Workspace;
use crate::text::{fold, has_arabic};
use crate::workspace::Pos;
use crate::workspace::spec::{ID_RULE, LinkSpec, SECTIONS, usable_id};
use std::collections::HashSet;
use std::path::Path;

const THEME_KEYS: &[&str] = &["id", "name", "summary", "keywords", "entities", "links"];
const ENTITY_KEYS: &[&str] = &["id", "kind", "name", "aliases", "part_of"];

/// The 1-based line and column of byte `at` of `text`.
pub fn pos_at(text: &str, at: usize) -> Pos {
    let line_start = tree::line_start(text, at);
    Pos {
        line: text[..at].matches('\n').count() + 1,
        column: text[line_start..at].chars().count() + 1,
    }
}

/// The text after `edit`, and its summary.
pub fn plan_and_edit(
    file: &Path,
    old: &str,
    ws: &Workspace,
    edit: &Edit,
) -> Result<(String, String), CurateError> {
    let p = Planner { file, text: old };
    let root = p.parse(old)?;
    let (prims, summary) = match edit {
        Edit::AddTheme(t) => {
            p.new_id(&root, &t.id, "theme")?;
            p.need_names(&t.names)?;
            let mut fields = vec![
                ("id".to_string(), New::Str(t.id.clone())),
                ("name".to_string(), lang_map(&t.names)),
            ];
            if !t.summaries.is_empty() {
                fields.push(("summary".into(), lang_map(&t.summaries)));
            }
            if !t.keywords.is_empty() {
                fields.push(("keywords".into(), strs(&t.keywords)));
            }
            if !t.entities.is_empty() {
                fields.push(("entities".into(), strs(&t.entities)));
            }
            let prim = push(&root, &[], "themes", New::Map(fields), &SECTIONS);
            (vec![prim], format!("+theme {}", t.id))
        }
        Edit::AddEntity(e) => {
            p.new_id(&root, &e.id, "partner body")?;
            p.need_names(&e.names)?;
            let mut fields = vec![
                ("id".to_string(), New::Str(e.id.clone())),
                ("kind".to_string(), New::Str(e.kind.clone())),
                ("name".to_string(), lang_map(&e.names)),
            ];
            if !e.aliases.is_empty() {
                fields.push(("aliases".into(), strs(&e.aliases)));
            }
            if let Some(parent) = &e.part_of {
                fields.push(("part_of".into(), New::Str(parent.clone())));
            }
            let prim = push(&root, &[], "entities", New::Map(fields), &SECTIONS);
            (vec![prim], format!("+entity {}", e.id))
        }
        Edit::EditTheme { id, changes } | Edit::EditEntity { id, changes } => {
            let section = if matches!(edit, Edit::EditTheme { .. }) {
                "themes"
            } else {
                "entities"
            };
            // One change at a time, each planned on the text the last left.
            let mut text = old.to_string();
            let mut said = Vec::new();
            for change in changes {
                let p = Planner { file, text: &text };
                let root = p.parse(&text)?;
                let (i, item) = p.find(&root, section, id)?;
                let (prims, summary) = p.change(section, id, i, item, change)?;
                text = p.edit(&prims)?;
                said.push(summary);
            }
            return Ok((text, said.join("; ")));
        }
        Edit::RemoveTheme { id } => {
            let (i, _) = p.find(&root, "themes", id)?;
            (vec![remove(&key_path("themes"), i)], format!("−theme {id}"))
        }
        Edit::RemoveEntity { id, children } => {
            let (i, _) = p.find(&root, "entities", id)?;
            let mut prims = Vec::new();
            let kids: Vec<(usize, &Node)> = items(&root, "entities")
                .filter(|(_, n)| n.get("part_of").and_then(Node::str) == Some(id))
                .collect();
            if !kids.is_empty() {
                let names: Vec<&str> = kids
                    .iter()
                    .filter_map(|(_, n)| n.get("id").and_then(Node::str))
                    .collect();
                let parent = match children {
                    Children::Refuse => {
                        return Err(p.refused(
                            &root,
                            &item_path("entities", i),
                            format!(
                                "{} partner bod{} part of `{id}` ({})",
                                kids.len(),
                                if kids.len() == 1 { "y is" } else { "ies are" },
                                names.join(", ")
                            ),
                            "say what becomes of them: --reparent-to ID or --detach-children",
                        ));
                    }
                    Children::ReparentTo(parent) => Some(parent),
                    Children::Detach => None,
                };
                for (k, _) in &kids {
                    let map = item_path("entities", *k);
                    prims.push(match parent {
                        Some(parent) => Prim::Set {
                            map,
                            key: "part_of".into(),
                            value: New::Str(parent.clone()),
                            order: ENTITY_KEYS,
                        },
                        None => Prim::Unset {
                            map,
                            key: "part_of".into(),
                        },
                    });
                }
            }
            for (t, theme) in items(&root, "themes") {
                prims.extend(remove_all(&item_path("themes", t), theme, "entities", id));
            }
            prims.push(remove(&key_path("entities"), i));
            (prims, format!("−entity {id}"))
        }
        Edit::AddLink { theme, link } => {
            let (i, node) = p.find(&root, "themes", theme)?;
            let prim = push(
                node,
                &item_path("themes", i),
                "links",
                link_map(link, &[]),
                THEME_KEYS,
            );
            (
                vec![prim],
                format!("+link {theme} {} «{}»", link.source, link.quote),
            )
        }
        Edit::RemoveLink {
            theme,
            source,
            passage,
            quote,
        } => {
            let (t, node) = p.find(&root, "themes", theme)?;
            let links = node.get("links").map(Node::items).unwrap_or_default();
            let resolved = |l: &Node| -> Option<usize> {
                let spec = link_spec(l)?;
                let s = ws.sources.iter().find(|s| s.id == spec.source)?;
                let found = FoldedSource::new(&s.passages).resolve(Quote {
                    exact: &spec.quote,
                    prefix: spec.prefix.as_deref(),
                    suffix: spec.suffix.as_deref(),
                });
                found.ok().map(|a| a.passage + 1)
            };
            let here: Vec<(usize, LinkSpec)> = links
                .iter()
                .enumerate()
                .filter(|(_, l)| {
                    link_spec(l).is_some_and(|s| &s.source == source)
                        && resolved(l) == Some(*passage)
                })
                .filter_map(|(i, l)| link_spec(l).map(|s| (i, s)))
                .filter(|(_, s)| quote.as_ref().is_none_or(|q| fold(q) == fold(&s.quote)))
                .collect();
            let at = item_path("themes", t);
            let which = match here.as_slice() {
                [] => {
                    return Err(p.refused(
                        &root,
                        &at,
                        format!(
                            "theme `{theme}` has no link to {source}:{passage}{}",
                            quote.as_ref().map(|q| format!(" quoting «{q}»")).unwrap_or_default()
                        ),
                        "`coopdash export --format json` lists each theme's links with their passages",
                    ));
                }
                [(i, _)] => *i,
                many => {
                    let quotes: Vec<String> =
                        many.iter().map(|(_, s)| format!("«{}»", s.quote)).collect();
                    return Err(p.refused(
                        &root,
                        &at,
                        format!(
                            "theme `{theme}` has {} links to {source}:{passage}: {}",
                            many.len(),
                            quotes.join(", ")
                        ),
                        "say which with --quote TEXT",
                    ));
                }
            };
            let prim = if links.len() == 1 {
                Prim::Unset {
                    map: at,
                    key: "links".into(),
                }
            } else {
                remove(&with(&at, "links"), which)
            };
            (vec![prim], format!("−link {theme} {source}:{passage}"))
        }
        Edit::AddEvent(e) => {
            p.need_names(&e.labels)?;
            let fields = vec![
                ("date".to_string(), date_value(&e.date)),
                ("label".to_string(), lang_map(&e.labels)),
            ];
            let prim = push(&root, &[], "events", link_map(&e.quote, &fields), &SECTIONS);
            (vec![prim], format!("+event {} «{}»", e.date, e.quote.quote))
        }
        Edit::AddSources(sources) => {
            if sources.is_empty() {
                return Err(CurateError::refused(
                    p.file,
                    None,
                    "no sources to register".to_string(),
                    "name at least one source file",
                ));
            }
            let mut batch = HashSet::new();
            let mut values = Vec::with_capacity(sources.len());
            for s in sources {
                p.new_id(&root, &s.id, "source")?;
                if !batch.insert(s.id.as_str()) {
                    return Err(CurateError::refused(
                        p.file,
                        None,
                        format!("`{}` is given twice in one batch of sources", s.id),
                        "give each source its own id",
                    ));
                }
                values.push(source_map(s));
            }
            let summary = match sources.as_slice() {
                [one] => format!("+source {} ({})", one.id, one.file),
                many => format!("+{} sources", many.len()),
            };
            (
                vec![push_all(&root, &[], "sources", values, &SECTIONS)],
                summary,
            )
        }
        Edit::Revert(_) => unreachable!("a patch needs no plan"),
    };
    Ok((p.edit(&prims)?, summary))
}

struct Planner<'a> {
    file: &'a Path,
    text: &'a str,
}

impl Planner<'_> {
    fn parse(&self, text: &str) -> Result<Node, CurateError> {
        tree::parse(text).map_err(|e| {
            CurateError::refused(
                self.file,
                None,
                format!("cannot read the YAML: {}", e.0),
                "run coopdash check",
            )
        })
    }

    fn edit(&self, prims: &[Prim]) -> Result<String, CurateError> {
        yaml::edit(self.text, prims).map_err(|why| {
            CurateError::refused(
                self.file,
                None,
                format!("cannot edit themes.yaml in place: {why}"),
                "make this change by hand",
            )
        })
    }

    fn pos(&self, root: &Node, path: &[Step]) -> Option<Pos> {
        root.at(path).map(|n| pos_at(self.text, n.span.start))
    }

    fn refused(&self, root: &Node, path: &[Step], what: String, fix: &str) -> CurateError {
        CurateError::refused(self.file, self.pos(root, path), what, fix)
    }

    /// The index and node of the item `id` of `section`.
    fn find<'n>(
        &self,
        root: &'n Node,
        section: &str,
        id: &str,
    ) -> Result<(usize, &'n Node), CurateError> {
        if let Some(found) =
            items(root, section).find(|(_, n)| n.get("id").and_then(Node::str) == Some(id))
        {
            return Ok(found);
        }
        let ids: Vec<&str> = items(root, section)
            .filter_map(|(_, n)| n.get("id").and_then(Node::str))
            .collect();
        let what = if section == "themes" {
            "theme"
        } else {
            "partner body"
        };
        let fix = match crate::text::closest(id, ids.iter().copied()) {
            Some(c) => format!("did you mean `{c}`?"),
            None => format!("`coopdash export --format json` lists the {section}' ids"),
        };
        Err(CurateError::refused(
            self.file,
            None,
            format!("there is no {what} `{id}` in themes.yaml"),
            fix,
        ))
    }

    fn new_id(&self, root: &Node, id: &str, what: &str) -> Result<(), CurateError> {
        if !usable_id(id) {
            return Err(CurateError::refused(
                self.file,
                None,
                format!("`{id}` is not a usable {what} id"),
                ID_RULE,
            ));
        }
        // A source's id must not be a theme's or body's either: a
        // `SOURCE:N` address and a theme id read alike to an analyst.
        let sections: &[&str] = if what == "source" {
            &["sources", "themes", "entities"]
        } else {
            &["themes", "entities"]
        };
        for &section in sections {
            if let Some((i, _)) =
                items(root, section).find(|(_, n)| n.get("id").and_then(Node::str) == Some(id))
            {
                return Err(self.refused(
                    root,
                    &with(&item_path(section, i), "id"),
                    format!(
                        "`{id}` is already the id of a {}",
                        match section {
                            "themes" => "theme",
                            "entities" => "partner body",
                            _ => "source",
                        }
                    ),
                    if what == "source" {
                        "choose another id for the source (--id)"
                    } else {
                        "ids are unique across themes and partner bodies: choose another"
                    },
                ));
            }
        }
        Ok(())
    }

    fn need_names(&self, names: &[LangText]) -> Result<(), CurateError> {
        if names.is_empty() {
            return Err(CurateError::refused(
                self.file,
                None,
                "a name (or label) is needed",
                "give one as LANG=TEXT, e.g. en=Ports",
            ));
        }
        Ok(())
    }

    /// One change of the item `i` of `section`.
    fn change(
        &self,
        section: &str,
        id: &str,
        i: usize,
        item: &Node,
        change: &Change,
    ) -> Result<(Vec<Prim>, String), CurateError> {
        let at = item_path(section, i);
        let theme = section == "themes";
        let order = if theme { THEME_KEYS } else { ENTITY_KEYS };
        let only = |ok: bool, what: &str| -> Result<(), CurateError> {
            if ok {
                Ok(())
            } else {
                Err(CurateError::refused(
                    self.file,
                    None,
                    format!(
                        "{what} belong to {}",
                        if theme { "partner bodies" } else { "themes" }
                    ),
                    "use `coopdash theme edit` or `coopdash entity edit` accordingly",
                ))
            }
        };
        let list = |key: &str,
                    word: &str,
                    value: &str,
                    add: bool|
         -> Result<(Vec<Prim>, String), CurateError> {
            let present = item.get(key).is_some_and(|l| l.strs().contains(&value));
            let sign = if add { '+' } else { '−' };
            let summary = format!("{sign}{word} {id} \"{value}\"");
            match (add, present) {
                (true, true) => Err(self.refused(
                    item,
                    &[Step::Key(key.into())],
                    format!("`{value}` is already in the {key} of `{id}`"),
                    "nothing to add",
                )),
                (false, false) => Err(CurateError::refused(
                    self.file,
                    Some(pos_at(self.text, item.get(key).unwrap_or(item).span.start)),
                    format!("`{value}` is not in the {key} of `{id}`"),
                    format!(
                        "its {key}: {}",
                        item.get(key)
                            .map(|l| l.strs().join(", "))
                            .unwrap_or_else(|| "(none)".into())
                    ),
                )),
                (true, false) => Ok((
                    vec![push(item, &at, key, New::Str(value.into()), order)],
                    summary,
                )),
                (false, true) => Ok((remove_all(&at, item, key, value), summary)),
            }
        };
        match change {
            Change::Name { lang, was, now } => {
                self.lang_text(item, &at, id, "name", lang, was, now, order)
            }
            Change::Summary { lang, was, now } => {
                only(theme, "summaries")?;
                self.lang_text(item, &at, id, "summary", lang, was, now, order)
            }
            Change::Kind { was, now } => {
                only(!theme, "kinds")?;
                let current = item.get("kind").and_then(Node::str).unwrap_or_default();
                self.cas(
                    item,
                    "kind",
                    &format!("the kind of `{id}`"),
                    Some(was.as_str()),
                    Some(current),
                )?;
                let prim = Prim::Set {
                    map: at,
                    key: "kind".into(),
                    value: New::Str(now.clone()),
                    order,
                };
                Ok((vec![prim], format!("kind {id} \"{now}\"")))
            }
            Change::PartOf { was, now } => {
                only(!theme, "part_of")?;
                let current = item.get("part_of").and_then(Node::str);
                self.cas(
                    item,
                    "part_of",
                    &format!("the part_of of `{id}`"),
                    was.as_deref(),
                    current,
                )?;
                let prim = match now {
                    Some(p) => Prim::Set {
                        map: at,
                        key: "part_of".into(),
                        value: New::Str(p.clone()),
                        order,
                    },
                    None if current.is_some() => Prim::Unset {
                        map: at,
                        key: "part_of".into(),
                    },
                    None => return Ok((Vec::new(), format!("part_of {id} (none)"))),
                };
                Ok((
                    vec![prim],
                    format!("part_of {id} {}", now.as_deref().unwrap_or("(none)")),
                ))
            }
            Change::AddKeyword(w) | Change::RemoveKeyword(w) => {
                only(theme, "keywords")?;
                list(
                    "keywords",
                    "keyword",
                    w,
                    matches!(change, Change::AddKeyword(_)),
                )
            }
            Change::AddEntity(e) | Change::RemoveEntity(e) => {
                only(theme, "related partner bodies")?;
                list(
                    "entities",
                    "related",
                    e,
                    matches!(change, Change::AddEntity(_)),
                )
            }
            Change::AddAlias(a) | Change::RemoveAlias(a) => {
                only(!theme, "aliases")?;
                list("aliases", "alias", a, matches!(change, Change::AddAlias(_)))
            }
        }
    }

    /// Compare-and-set: `seen` must be what the file says now.
    fn cas(
        &self,
        item: &Node,
        key: &str,
        what: &str,
        seen: Option<&str>,
        current: Option<&str>,
    ) -> Result<(), CurateError> {
        if seen == current {
            return Ok(());
        }
        let node = item.get(key).unwrap_or(item);
        Err(CurateError::Stale {
            file: self.file.to_path_buf(),
            pos: Some(pos_at(self.text, node.span.start)),
            what: what.to_string(),
            seen: seen.unwrap_or("(none)").to_string(),
            current: current.unwrap_or("(none)").to_string(),
        })
    }

    /// Sets or removes the text in `lang` of the name or summary `key`.
    #[allow(clippy::too_many_arguments)]
    fn lang_text(
        &self,
        item: &Node,
        at: &[Step],
        id: &str,
        key: &str,
        lang: &str,
        was: &Option<String>,
        now: &Option<String>,
        order: &'static [&'static str],
    ) -> Result<(Vec<Prim>, String), CurateError> {
        let node = item.get(key);
        // A plain text's language is guessed from its script, as the loader does.
        let plain = node
            .and_then(Node::str)
            .map(|s| (if has_arabic(s) { "ar" } else { "en" }, s));
        let current = match (node, plain) {
            (_, Some((l, s))) => (l == lang).then_some(s),
            (Some(n), None) => n.get(lang).and_then(Node::str),
            (None, None) => None,
        };
        self.cas(
            item,
            key,
            &format!("the {key} of `{id}` in `{lang}`"),
            was.as_deref(),
            current,
        )?;
        let summary = format!(
            "{key}.{lang} {id} {}",
            now.as_deref()
                .map_or("(none)".into(), |t| format!("\"{t}\""))
        );
        let whole = |value| Prim::Set {
            map: at.to_vec(),
            key: key.into(),
            value,
            order,
        };
        let prims = match (node, plain, now) {
            (_, Some((l, _)), Some(t)) if l == lang => vec![whole(New::Str(t.clone()))],
            (_, Some((l, s)), Some(t)) => vec![whole(lang_map(&[
                (l.to_string(), s.to_string()),
                (lang.to_string(), t.clone()),
            ]))],
            (_, Some(_), None) => vec![Prim::Unset {
                map: at.to_vec(),
                key: key.into(),
            }],
            (Some(n), None, Some(t)) if !n.is_empty_value() => vec![Prim::Set {
                map: with(at, key),
                key: lang.into(),
                value: New::Str(t.clone()),
                order: &[],
            }],
            (_, None, Some(t)) => vec![whole(lang_map(&[(lang.to_string(), t.clone())]))],
            (Some(n), None, None) if current.is_some() => {
                let langs = match &n.kind {
                    tree::Kind::Map { entries, .. } => entries.len(),
                    _ => 0,
                };
                if langs == 1 {
                    vec![Prim::Unset {
                        map: at.to_vec(),
                        key: key.into(),
                    }]
                } else {
                    vec![Prim::Unset {
                        map: with(at, key),
                        key: lang.into(),
                    }]
                }
            }
            _ => Vec::new(),
        };
        Ok((prims, summary))
    }
}

fn key_path(section: &str) -> Vec<Step> {
    vec![Step::Key(section.into())]
}

fn item_path(section: &str, i: usize) -> Vec<Step> {
    vec![Step::Key(section.into()), Step::Index(i)]
}

fn with(path: &[Step], key: &str) -> Vec<Step> {
    let mut p = path.to_vec();
    p.push(Step::Key(key.into()));
    p
}

/// The items of a section with their indexes.
fn items<'n>(root: &'n Node, section: &str) -> impl Iterator<Item = (usize, &'n Node)> {
    root.get(section)
        .map(Node::items)
        .unwrap_or_default()
        .iter()
        .enumerate()
}

/// A source's entry under `sources:`.
fn source_map(s: &NewSource) -> New {
    let mut fields = vec![
        ("id".to_string(), New::Str(s.id.clone())),
        ("file".to_string(), New::Str(s.file.clone())),
    ];
    if !s.titles.is_empty() {
        fields.push(("title".into(), lang_map(&s.titles)));
    }
    if let Some(date) = &s.date {
        fields.push(("date".into(), date_value(date)));
    }
    if let Some(lang) = &s.lang {
        fields.push(("lang".into(), New::Str(lang.clone())));
    }
    New::Map(fields)
}

/// Appends `value` to the list `key` of the map at `at` (`node`), creating
/// the list when there is none.
fn push(node: &Node, at: &[Step], key: &str, value: New, order: &'static [&'static str]) -> Prim {
    push_all(node, at, key, vec![value], order)
}

/// Appends `values` as [`push`] appends one, in one edit.
fn push_all(
    node: &Node,
    at: &[Step],
    key: &str,
    values: Vec<New>,
    order: &'static [&'static str],
) -> Prim {
    match node.get(key) {
        Some(list) if !list.items().is_empty() || list.is_flow() => Prim::Push {
            seq: with(at, key),
            values,
        },
        _ => Prim::Set {
            map: at.to_vec(),
            key: key.into(),
            value: New::Seq(values),
            order,
        },
    }
}

fn remove(seq: &[Step], index: usize) -> Prim {
    Prim::Remove {
        seq: seq.to_vec(),
        index,
    }
}

/// Removes every `value` from the list `key` of the item at `at`; the key
/// goes with its last item (an empty list is no value the loader takes).
fn remove_all(at: &[Step], item: &Node, key: &str, value: &str) -> Vec<Prim> {
    let Some(list) = item.get(key) else {
        return Vec::new();
    };
    let hits: Vec<usize> = list
        .items()
        .iter()
        .enumerate()
        .filter(|(_, n)| n.str() == Some(value))
        .map(|(i, _)| i)
        .collect();
    if hits.is_empty() {
        return Vec::new();
    }
    if hits.len() == list.items().len() && !list.is_flow() {
        return vec![Prim::Unset {
            map: at.to_vec(),
            key: key.into(),
        }];
    }
    hits.into_iter()
        .rev()
        .map(|i| Prim::Remove {
            seq: with(at, key),
            index: i,
        })
        .collect()
}

fn lang_map(texts: &[LangText]) -> New {
    New::Map(
        texts
            .iter()
            .map(|(l, t)| (l.clone(), New::Str(t.clone())))
            .collect(),
    )
}

/// A date as `themes.yaml` writes it: a bare year is a number.
fn date_value(date: &str) -> New {
    match date.parse::<i64>() {
        Ok(year) if date.len() == 4 => New::Int(year),
        _ => New::Str(date.to_string()),
    }
}

fn strs(words: &[String]) -> New {
    New::Seq(words.iter().map(|w| New::Str(w.clone())).collect())
}

/// `fields` then `source`, `quote`, `prefix`, `suffix`.
fn link_map(link: &LinkSpec, fields: &[(String, New)]) -> New {
    let mut out = fields.to_vec();
    out.push(("source".into(), New::Str(link.source.clone())));
    out.push(("quote".into(), New::Str(link.quote.clone())));
    for (k, v) in [("prefix", &link.prefix), ("suffix", &link.suffix)] {
        if let Some(v) = v {
            out.push((k.into(), New::Str(v.clone())));
        }
    }
    New::Map(out)
}

/// A link item as written.
fn link_spec(n: &Node) -> Option<LinkSpec> {
    let s = |k: &str| n.get(k).and_then(Node::str).map(str::to_string);
    Some(LinkSpec {
        source: s("source")?,
        quote: s("quote")?,
        prefix: s("prefix"),
        suffix: s("suffix"),
    })
}

/// The fields of a theme or partner body as `themes.yaml` writes them:
/// what a form shows, and the `was` of its compare-and-set changes.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Seen {
    /// Names by language (a plain name under the language of its script).
    pub names: Vec<LangText>,
    /// A theme's summaries by language.
    pub summaries: Vec<LangText>,
    /// A partner body's kind.
    pub kind: Option<String>,
    /// A partner body's parent.
    pub part_of: Option<String>,
}

/// [`Seen`] for the item `id` of `section` (`themes` or `entities`) in
/// the text of `themes.yaml`.
pub fn seen_in(file: &Path, text: &str, section: &str, id: &str) -> Result<Seen, CurateError> {
    let p = Planner { file, text };
    let root = p.parse(text)?;
    let (_, item) = p.find(&root, section, id)?;
    let texts = |key: &str| -> Vec<LangText> {
        match item.get(key) {
            Some(n) => match (n.str(), &n.kind) {
                (Some(s), _) => vec![(
                    (if has_arabic(s) { "ar" } else { "en" }).to_string(),
                    s.to_string(),
                )],
                (None, tree::Kind::Map { entries, .. }) => entries
                    .iter()
                    .filter_map(|e| Some((e.key.clone(), e.value.str()?.to_string())))
                    .collect(),
                _ => Vec::new(),
            },
            None => Vec::new(),
        }
    };
    let s = |key: &str| item.get(key).and_then(Node::str).map(str::to_string);
    Ok(Seen {
        names: texts("name"),
        summaries: texts("summary"),
        kind: s("kind"),
        part_of: s("part_of"),
    })
}
