//! `coopdash search`: the finder's engine for scripts and SSH one-liners.

use super::{print_problems, write_output};
use crate::search::{Field, Hit, Index, Item, Kind, Searcher, cache};
use crate::text::sanitize;
use crate::workspace::{self, Unchanged};
use serde::Serialize;
use std::path::Path;
use std::process::ExitCode;
use std::sync::Arc;

/// One result in `--json` output. Offsets are in characters (Unicode
/// scalar values) of `context`, as in the JSON export.
#[derive(Serialize)]
struct JsonHit {
    /// theme, entity, passage, event or note.
    kind: Kind,
    /// Theme or body id, `event-N`, `SOURCE:N`, or note id.
    id: String,
    /// fuzzy-matcher's score (higher is better; ranks within a tier).
    score: i64,
    /// full, exact, words, word-start, substring, typo or scattered.
    tier: crate::search::Tier,
    /// The item's name (English when it has one) or passage address.
    label: String,
    /// Which text matched: name:LANG, alias, keyword, summary:LANG,
    /// label:LANG, date, text.
    field: String,
    /// That text, or for a passage or note the part around the match.
    context: String,
    /// Matched characters: `[start, end)` character offsets in `context`.
    matches: Vec<[usize; 2]>,
    /// For a passage found through a name: the body or theme named.
    #[serde(skip_serializing_if = "Option::is_none")]
    via: Option<String>,
}

/// Runs the search and prints it; exit 1 with a message when nothing
/// matches.
pub(super) fn run(
    root: &Path,
    query: &str,
    kind: Option<Kind>,
    limit: usize,
    json: bool,
    no_cache: bool,
    limits: &workspace::Limits,
) -> anyhow::Result<ExitCode> {
    // Opens despite problems that concern one item, and says so.
    let loaded = super::progress::shown(|| {
        if no_cache {
            // One fold of each passage serves mentions and the index.
            workspace::reopen_for_search(root, limits, &Unchanged::new())
                .map(|(l, folds)| (Index::with_folds(Arc::new(l.ws), folds), l.problems))
        } else {
            cache::load(root, limits).map(|l| (l.index, l.problems))
        }
    });
    let index = match loaded {
        Ok((index, problems)) => {
            super::say_problems(&problems, root);
            index
        }
        Err(e) => {
            print_problems(&e);
            return Ok(ExitCode::FAILURE);
        }
    };
    let searcher = Searcher::new(Arc::new(index));
    let limit = (limit > 0).then_some(limit);
    let results = searcher
        .search(query, kind, limit, &searcher.ticket())
        .expect("nothing else searches");
    if results.hits.is_empty() {
        let what = kind.map_or("anything".to_string(), |k| format!("any {k}"));
        eprintln!("coopdash: «{}» does not match {what}", sanitize(query));
        return Ok(ExitCode::FAILURE);
    }
    let out = render(&searcher, &results, json)?;
    write_output(None, out.as_bytes())?;
    Ok(ExitCode::SUCCESS)
}

/// The hits as `coopdash search` prints them: JSON, or a tab-separated
/// line each. Also the `cache` fuzz target's check of a decoded index.
pub(crate) fn render(
    searcher: &Searcher,
    results: &crate::search::Results,
    json: bool,
) -> serde_json::Result<String> {
    let index = searcher.index();
    let hits: Vec<JsonHit> = results
        .hits
        .iter()
        .map(|hit| {
            let h = searcher.highlight(results, hit);
            let text = index.text(&hit.item, &hit.field).unwrap_or("");
            let context = &text[h.snippet.clone()];
            let chars = |b: usize| {
                text[h.snippet.start..b.clamp(h.snippet.start, h.snippet.end)]
                    .chars()
                    .count()
            };
            JsonHit {
                kind: hit.kind(),
                id: index.id(&hit.item),
                score: hit.score,
                tier: hit.tier,
                label: index.label(&hit.item, "en"),
                field: field_name(&hit.field),
                context: context.to_string(),
                matches: h
                    .ranges
                    .iter()
                    .filter(|r| r.end > h.snippet.start && r.start < h.snippet.end)
                    .map(|r| [chars(r.start), chars(r.end)])
                    .collect(),
                via: hit.via.as_ref().map(|(item, _)| index.id(item)),
            }
        })
        .collect();
    Ok(if json {
        // One hit a line: a valid JSON array that greps well.
        let rows: Vec<String> = hits.iter().map(crate::text::json::to_string).collect();
        format!("[\n{}\n]\n", rows.join(",\n"))
    } else {
        hits.iter()
            .zip(&results.hits)
            .map(|(j, hit)| line(j, hit, index))
            .collect()
    })
}

/// `kind<TAB>id<TAB>score<TAB>label or context`, sanitized.
fn line(j: &JsonHit, hit: &Hit, index: &Index) -> String {
    let shown = match (&hit.item, &hit.field) {
        (Item::Passage { .. } | Item::Note(_), _) | (_, Field::Summary(_)) => {
            let text = index.text(&hit.item, &hit.field).unwrap_or("");
            let cut_before = !text.starts_with(j.context.as_str());
            let cut_after = !text.ends_with(j.context.as_str());
            format!(
                "{}{}{}",
                if cut_before { "…" } else { "" },
                j.context,
                if cut_after { "…" } else { "" }
            )
        }
        (_, Field::Name(lang) | Field::Label(lang)) => index.label(&hit.item, lang),
        _ => format!("{} ({})", j.label, j.context),
    };
    format!(
        "{}\t{}\t{}\t{}\n",
        j.kind,
        sanitize(&j.id),
        j.score,
        sanitize(&shown)
    )
}

fn field_name(field: &Field) -> String {
    match field {
        Field::Name(lang) => format!("name:{lang}"),
        Field::Alias(_) => "alias".into(),
        Field::Keyword(_) => "keyword".into(),
        Field::Label(lang) => format!("label:{lang}"),
        Field::Date => "date".into(),
        Field::Text => "text".into(),
        Field::Summary(lang) => format!("summary:{lang}"),
    }
}
