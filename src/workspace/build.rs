//! From parsed specs to the model: ids, references, `part_of` cycles,
//! links, events and mentions, every problem reported at its field.

use super::Specs;
use super::locate::{Locations, join};
use super::problem::{Pos, Problem};
use super::seeds::SeedFile;
use super::spec::{LangTextSpec, LinkSpec};
use crate::anchor::{AnchorError, FoldedSource, Quote};
use crate::date::PartialDate;
use crate::model::{BrokenLink, Entity, Event, LangText, Link, Source, Span, Theme, Workspace};
use crate::text::{FoldArena, has_arabic, width};
use std::cell::{Cell, OnceCell};
use std::collections::{HashMap, HashSet};
use std::path::Path;

/// Collects problems against `themes.yaml` positions.
struct Report<'a> {
    file: &'a Path,
    locs: &'a Locations,
    problems: &'a mut Vec<Problem>,
    /// The id of the item at each item path (`themes[3]`).
    owners: HashMap<String, String>,
}

impl Report<'_> {
    /// A problem about the value at `path`.
    fn at(&mut self, path: &str, message: impl Into<String>, hint: impl Into<String>) {
        let pos = self.locs.value(path).or_else(|| self.locs.nearest(path));
        self.push(path, Problem::at(self.file, pos, message, hint));
    }

    /// Adds `problem`, naming the item `path` is in as its subject.
    fn push(&mut self, path: &str, mut problem: Problem) {
        let item = path.find(']').map_or(path, |end| &path[..=end]);
        problem.about = self.owners.get(item).map(|id| id.as_str().into());
        self.problems.push(problem);
    }

    /// A problem about the key of the value at `path` (a misspelt name).
    fn at_key(&mut self, path: &str, message: impl Into<String>, hint: impl Into<String>) {
        // The enclosing node when the key is not where serde_yaml put it:
        // the two parsers can read a key differently (`{?r: x}` is `?r` to
        // one and `r` to the other).
        let pos = self.locs.key(path).or_else(|| self.locs.nearest(path));
        self.push(path, Problem::at(self.file, pos, message, hint));
    }

    fn pos(&self, path: &str) -> Option<Pos> {
        self.locs.value(path)
    }
}

pub(super) fn build(
    root: &Path,
    file: &Path,
    locs: &Locations,
    specs: Specs,
    seeds: Vec<SeedFile>,
    problems: &mut Vec<Problem>,
    keep_folds: bool,
) -> (Workspace, Option<Vec<FoldArena>>) {
    let owners = (specs.themes.iter().map(|(p, t)| (p, &t.id)))
        .chain(specs.entities.iter().map(|(p, e)| (p, &e.id)))
        .chain(specs.sources.iter().map(|(p, s)| (p, &s.id)))
        .map(|(p, id)| (p.clone(), id.clone()))
        .collect();
    let mut r = Report {
        file,
        locs,
        problems,
        owners,
    };
    let broken: HashSet<&str> = specs.broken_ids.iter().map(String::as_str).collect();
    let sources = build_sources(&mut r, &specs, seeds, root);
    let source_ids: HashMap<&str, usize> = sources
        .iter()
        .enumerate()
        .map(|(i, s)| (s.id.as_str(), i))
        .collect();
    // Folded on first use: only sources that links or events quote.
    let folded: Vec<OnceCell<FoldedSource>> = sources.iter().map(|_| OnceCell::new()).collect();
    let resolver = Resolver {
        sources: &sources,
        ids: &source_ids,
        folded: &folded,
        broken: &broken,
        closest_hints: Cell::new(CLOSEST_HINTS),
        last_closest: Cell::new(None),
    };

    let mut entities = build_entities(&mut r, &specs, &broken);
    let entity_ids: HashMap<String, usize> = entities
        .iter()
        .enumerate()
        .map(|(i, e)| (e.id.clone(), i))
        .collect();

    let mut themes = Vec::new();
    // (theme, span, path of its `quote:`) of every resolved link, for the
    // evidence warnings once the workspace is whole.
    let mut quotes = Vec::new();
    let mut seen = Ids::default();
    for (path, t) in &specs.themes {
        // A duplicate id is reported and left out: the first one wins.
        if !seen.check(&mut r, path, &t.id, "theme") {
            continue;
        }
        if entity_ids.contains_key(&t.id) {
            r.at(
                &join(path, "id"),
                format!("`{}` is the id of both a theme and a partner body", t.id),
                "ids name notes' targets, so they must be unique across themes and entities: rename one",
            );
        }
        let mut theme = Theme {
            id: t.id.clone(),
            name: lang_text(&mut r, &join(path, "name"), &t.name),
            summary: t
                .summary
                .as_ref()
                .map(|s| lang_text(&mut r, &join(path, "summary"), s))
                .unwrap_or_default(),
            keywords: t.keywords.clone(),
            entities: Vec::new(),
            links: Vec::new(),
            mentions: Vec::new(),
            broken: Vec::new(),
        };
        // A repeated item costs once: a body listed twice is related once,
        // an identical link is resolved once (YAML anchors make repeats
        // cheap to write and each later use of the list loops over them).
        let mut related = HashSet::new();
        let mut linked = HashSet::new();
        for (i, id) in t.entities.iter().enumerate() {
            match entity_ids.get(id) {
                Some(&e) if related.insert(e) => theme.entities.push(e),
                Some(_) => {}
                None if broken.contains(id.as_str()) => {}
                None => unknown(
                    &mut r,
                    &join(path, &format!("entities[{i}]")),
                    "partner body",
                    id,
                    entity_ids.keys(),
                ),
            }
        }
        for (i, link) in t.links.iter().enumerate() {
            let key = (&link.source, &link.quote, &link.prefix, &link.suffix);
            if !linked.insert(key) {
                continue;
            }
            let link_path = join(path, &format!("links[{i}]"));
            let reported = r.problems.len();
            resolver.last_closest.set(None);
            if let Some(span) = resolver.resolve(&mut r, &link_path, link) {
                quotes.push((themes.len(), span.clone(), join(&link_path, "quote")));
                theme.links.push(Link {
                    quote: link.quote.clone(),
                    span,
                });
            } else if let Some(p) = r.problems.get(reported) {
                // Shown where it belongs, with why, instead of vanishing.
                theme.broken.push(BrokenLink {
                    quote: link.quote.clone(),
                    why: p.message.clone(),
                    closest: resolver.last_closest.get(),
                });
            }
        }
        themes.push(theme);
    }

    let mut events = Vec::new();
    for (path, e) in &specs.events {
        let date = e.date.as_written();
        if let Err(why) = PartialDate::parse(&date) {
            r.at(
                &join(path, "date"),
                why,
                "write the date as YYYY, YYYY-MM or YYYY-MM-DD",
            );
        }
        let label = lang_text(&mut r, &join(path, "label"), &e.label);
        if let Some(span) = resolver.resolve(&mut r, path, &e.anchor()) {
            events.push(Event { date, label, span });
        }
    }

    // The sources folded for quotes are done with: freed before mentions
    // take their share of memory.
    drop(folded);
    let ([by_entity, by_theme], folds) = crate::mentions::find_both(
        &sources,
        entities.iter().map(|e| e.phrases()),
        themes.iter().map(|t| t.phrases()),
        keep_folds,
    );
    for (mentions, entity) in by_entity.into_iter().zip(&mut entities) {
        entity.mentions = mentions;
    }
    for (mentions, theme) in by_theme.into_iter().zip(&mut themes) {
        theme.mentions = mentions;
    }
    let mut ws = Workspace {
        root: root.to_path_buf(),
        sources,
        themes,
        entities,
        events,
        warnings: Vec::new(),
    };
    ws.warnings = quotes
        .into_iter()
        .filter_map(|(theme, span, path)| {
            let (message, hint) = ws.link_warning(theme, &span)?;
            Some(Problem::warning(file, r.pos(&path), message, hint))
        })
        .collect();
    (ws, folds)
}

fn build_sources(r: &mut Report, specs: &Specs, seeds: Vec<SeedFile>, _root: &Path) -> Vec<Source> {
    let by_file: HashMap<String, usize> = seeds
        .iter()
        .enumerate()
        .map(|(i, s)| (rel_key(&s.rel), i))
        .collect();
    let mut meta: HashMap<usize, &(String, super::spec::SourceSpec)> = HashMap::new();
    let mut seen = Ids::default();
    for entry in &specs.sources {
        let (path, s) = entry;
        seen.check(r, path, &s.id, "source");
        let key = s.file.trim_start_matches("./").replace('\\', "/");
        match by_file.get(&key) {
            None => {
                let closest = crate::text::closest(&key, by_file.keys().map(String::as_str));
                r.at(
                    &join(path, "file"),
                    format!("no file `{}` under seeds/", s.file),
                    match closest {
                        Some(c) => format!("the path is relative to seeds/; did you mean `{c}`?"),
                        None => "the path is relative to seeds/".to_string(),
                    },
                );
            }
            Some(&i) => {
                if meta.insert(i, entry).is_some() {
                    r.at(
                        &join(path, "file"),
                        format!("`{}` is listed twice under sources", s.file),
                        "keep one entry per file",
                    );
                }
            }
        }
        if let Some(lang) = &s.lang
            && !is_lang_code(lang)
        {
            r.at(
                &join(path, "lang"),
                format!("`{lang}` is not a language code"),
                "use a code such as ar or en",
            );
        }
        if let Some(d) = &s.date
            && let Err(why) = PartialDate::parse(&d.as_written())
        {
            r.at(
                &join(path, "date"),
                why,
                "write the date as YYYY, YYYY-MM or YYYY-MM-DD",
            );
        }
    }
    // Ids of listed sources whose file exists (a listed source whose file is
    // missing was reported already; its id should not clash again).
    let listed: HashSet<&str> = meta.values().map(|(_, s)| s.id.as_str()).collect();
    let mut sources = Vec::new();
    for (i, seed) in seeds.into_iter().enumerate() {
        let first = seed
            .passages
            .first()
            .map(|p| p.text.replace('\n', " "))
            .unwrap_or_default();
        let guessed = LangText::one(if has_arabic(&first) { "ar" } else { "en" }, first);
        let source = match meta.get(&i) {
            Some((path, s)) => Source {
                id: s.id.clone(),
                file: seed.rel,
                title: s
                    .title
                    .as_ref()
                    .map(|t| lang_text(r, &join(path, "title"), t))
                    .unwrap_or(guessed),
                lang: s.lang.clone(),
                date: s
                    .date
                    .as_ref()
                    .map(|d| d.as_written())
                    .or_else(|| written_date(&seed.passages)),
                passages: seed.passages,
            },
            None => {
                let stem = seed
                    .rel
                    .file_stem()
                    .map(|s| s.to_string_lossy().into_owned())
                    .unwrap_or_default();
                if listed.contains(stem.as_str()) {
                    r.problems.push(Problem::at(
                        &Path::new(super::SEEDS_DIR).join(&seed.rel),
                        None,
                        format!(
                            "this file's id `{stem}` (its name) is already the id of another source"
                        ),
                        "list this file under sources: in themes.yaml with an id of its own",
                    ));
                }
                Source {
                    id: stem,
                    file: seed.rel,
                    title: guessed,
                    lang: None,
                    date: written_date(&seed.passages),
                    passages: seed.passages,
                }
            }
        };
        sources.push(source);
    }
    sources
}

/// A source's date from its dateline, when `themes.yaml` gives none.
fn written_date(passages: &[crate::model::Passage]) -> Option<String> {
    crate::date::dateline(passages).map(|(_, d)| d.date.to_string())
}

fn build_entities(r: &mut Report, specs: &Specs, broken: &HashSet<&str>) -> Vec<Entity> {
    let mut seen = Ids::default();
    // A duplicate id is reported and left out: the first one wins.
    let firsts: Vec<_> = specs
        .entities
        .iter()
        .filter(|(path, e)| seen.check(r, path, &e.id, "partner body"))
        .collect();
    let mut entities: Vec<Entity> = firsts
        .iter()
        .map(|(path, e)| Entity {
            id: e.id.clone(),
            kind: e.kind.clone(),
            name: lang_text(r, &join(path, "name"), &e.name),
            aliases: e.aliases.clone(),
            part_of: None,
            mentions: Vec::new(),
        })
        .collect();
    let ids: HashMap<String, usize> = entities
        .iter()
        .enumerate()
        .map(|(i, e)| (e.id.clone(), i))
        .collect();
    for (i, (path, e)) in firsts.iter().enumerate() {
        let Some(parent) = &e.part_of else { continue };
        match ids.get(parent) {
            Some(&p) => entities[i].part_of = Some(p),
            None if broken.contains(parent.as_str()) => {}
            None => unknown(
                r,
                &join(path, "part_of"),
                "partner body",
                parent,
                ids.keys(),
            ),
        }
    }
    // Report each part_of cycle once, at its first member, and cut it so
    // the tree stays a tree.
    for cycle in crate::model::part_of_cycles(&entities) {
        let first = cycle[0];
        let names: Vec<&str> = cycle
            .iter()
            .chain([&first])
            .map(|&c| entities[c].id.as_str())
            .collect();
        r.at(
            &join(&firsts[first].0, "part_of"),
            format!("part_of goes round in a circle: {}", names.join(" → ")),
            "a body cannot contain itself; remove or change one part_of in this chain",
        );
        for c in cycle {
            entities[c].part_of = None;
        }
    }
    entities
}

/// Resolves quotes against the folded sources.
struct Resolver<'a, 'f> {
    sources: &'a [Source],
    ids: &'a HashMap<&'a str, usize>,
    folded: &'f [OnceCell<FoldedSource<'a>>],
    broken: &'a HashSet<&'a str>,
    /// How many more quotes not found get a closest-passage hint.
    closest_hints: Cell<usize>,
    /// The closest passage named by the last quote not found.
    last_closest: Cell<Option<(usize, usize)>>,
}

/// Quotes not found that get a closest-passage hint, per load: each hint
/// costs [`crate::anchor::CLOSEST_WORDS`] scans of the source, and a file
/// with thousands of broken quotes must report in seconds, not minutes.
const CLOSEST_HINTS: usize = 100;

impl Resolver<'_, '_> {
    fn resolve(&self, r: &mut Report, path: &str, link: &LinkSpec) -> Option<Span> {
        let Some(&si) = self.ids.get(link.source.as_str()) else {
            if !self.broken.contains(link.source.as_str()) {
                unknown(
                    r,
                    &join(path, "source"),
                    "source",
                    &link.source,
                    self.ids.keys(),
                );
            }
            return None;
        };
        let quote = Quote {
            exact: &link.quote,
            prefix: link.prefix.as_deref(),
            suffix: link.suffix.as_deref(),
        };
        let source = &self.sources[si];
        let qpath = join(path, "quote");
        let shown = crate::text::width::truncate(&link.quote, 40).into_owned();
        let folded = self.folded[si].get_or_init(|| FoldedSource::new(&source.passages));
        match folded.resolve(quote) {
            Ok(a) => Some(Span {
                source: si,
                passage: a.passage,
                range: a.range,
            }),
            Err(AnchorError::Empty) => {
                r.at(
                    &qpath,
                    "the quote is empty",
                    "write the words of the passage to link to",
                );
                None
            }
            Err(AnchorError::NotFound) => {
                let left = self.closest_hints.get();
                self.closest_hints.set(left.saturating_sub(1));
                let closest = (left > 0).then(|| folded.closest(&link.quote));
                if let Some(p) = closest.flatten() {
                    self.last_closest.set(Some((si, p)));
                }
                let hint = match closest.flatten() {
                    Some(p) => format!(
                        "the closest passage is {}:{} («{}»); copy the words exactly from the source",
                        source.id,
                        p + 1,
                        width::truncate(&source.passages[p].text.replace('\n', " "), 50)
                    ),
                    None if left > 0 => format!(
                        "no passage of `{}` shares a word with it; check the source id",
                        source.id
                    ),
                    None => format!(
                        "copy the words exactly from `{}` (the closest passage is named for the first {CLOSEST_HINTS} quotes not found only)",
                        source.id
                    ),
                };
                r.at(
                    &qpath,
                    format!("quote «{shown}» is not found in source `{}`", source.id),
                    hint,
                );
                None
            }
            Err(AnchorError::ContextNotFound { occurrences }) => {
                r.at(
                    &qpath,
                    format!("quote «{shown}» occurs {occurrences} time(s) in `{}`, but never with this prefix/suffix", source.id),
                    "check prefix and suffix against the source: they must touch the quote",
                );
                None
            }
            Err(AnchorError::Ambiguous { count, passages }) => {
                let places: Vec<String> = passages.iter().map(|p| format!("¶{}", p + 1)).collect();
                r.at(
                    &qpath,
                    format!("quote «{shown}» matches {count} places in `{}` ({})", source.id, places.join(", ")),
                    "add a prefix or suffix (the words just before or after it) so it matches one place",
                );
                None
            }
        }
    }
}

/// Tracks ids of one kind for duplicates and shape.
#[derive(Default)]
struct Ids {
    first: HashMap<String, Option<Pos>>,
}

impl Ids {
    /// Checks one id; returns whether it is the first use.
    fn check(&mut self, r: &mut Report, item: &str, id: &str, what: &str) -> bool {
        let path = join(item, "id");
        if !super::spec::usable_id(id) {
            r.at(
                &path,
                format!("`{id}` is not a usable {what} id"),
                super::spec::ID_RULE,
            );
        }
        let pos = r.pos(&path);
        if let Some(first) = self.first.get(id) {
            let at = first.map_or(String::new(), |p| format!(" (first at line {})", p.line));
            r.at(
                &path,
                format!("duplicate {what} id `{id}`{at}"),
                "give each one a different id",
            );
            false
        } else {
            self.first.insert(id.to_string(), pos);
            true
        }
    }
}

fn unknown<'k>(
    r: &mut Report,
    path: &str,
    what: &str,
    id: &str,
    known: impl Iterator<Item = &'k (impl AsRef<str> + 'k + ?Sized)>,
) {
    let hint = match crate::text::closest(id, known.map(|k| k.as_ref())) {
        Some(c) => format!("did you mean `{c}`?"),
        None => format!("define a {what} with this id, or fix the reference"),
    };
    r.at(path, format!("unknown {what} `{id}`"), hint);
}

fn lang_text(r: &mut Report, path: &str, spec: &LangTextSpec) -> LangText {
    match spec {
        LangTextSpec::Plain(s) => {
            if s.trim().is_empty() {
                r.at(path, "this text is empty", "write it, or remove the field");
            }
            LangText::one(if has_arabic(s) { "ar" } else { "en" }, s.trim())
        }
        LangTextSpec::Map(m) => {
            if m.is_empty() {
                r.at(
                    path,
                    "needs at least one language",
                    "write it as {en: ..., ar: ...}",
                );
            }
            for (lang, text) in m {
                if !is_lang_code(lang) {
                    r.at_key(
                        &join(path, lang),
                        format!("`{lang}` is not a language code"),
                        "use a code such as ar or en",
                    );
                }
                if text.trim().is_empty() {
                    r.at(
                        &join(path, lang),
                        "this text is empty",
                        "write it, or remove this language",
                    );
                }
            }
            LangText(
                m.iter()
                    .map(|(k, v)| (k.clone(), v.trim().to_string()))
                    .collect(),
            )
        }
    }
}

/// A BCP 47-like language code: `ar`, `en`, `pt-BR`.
fn is_lang_code(s: &str) -> bool {
    let mut parts = s.split('-');
    parts
        .next()
        .is_some_and(|p| (2..=3).contains(&p.len()) && p.bytes().all(|b| b.is_ascii_lowercase()))
        && parts.all(|p| (1..=8).contains(&p.len()) && p.bytes().all(|b| b.is_ascii_alphanumeric()))
}

fn rel_key(p: &Path) -> String {
    p.to_string_lossy().replace('\\', "/")
}

#[cfg(test)]
mod tests {
    use crate::workspace::{Limits, load_from_memory};
    use std::path::{Path, PathBuf};

    #[test]
    fn a_repeated_body_or_link_is_held_once() {
        let themes = b"entities:\n  - id: un\n    kind: organization\n    name: United Nations\nthemes:\n  - id: t\n    name: T\n    entities: &e [un, un, un]\n    links:\n      - &l {source: s, quote: The UN met}\n      - *l\n      - *l\nsources:\n  - id: s\n    file: s.txt\n";
        let sources = [(PathBuf::from("s.txt"), &b"Title\n\nThe UN met today.\n"[..])];
        let ws =
            load_from_memory(Path::new("ws"), themes, &sources, &Limits::default()).expect("loads");
        assert_eq!(ws.themes[0].entities, [0]);
        assert_eq!(ws.themes[0].links.len(), 1);
    }
}
