//! The search engine on a small generated workspace (examples/synth, a few
//! thousand passages): it loads, acronyms and Arabic names find their
//! bodies and the passages mentioning them, typing refines to the same
//! answers as searching afresh, and the first page is the top of the
//! complete ranking.

#[path = "../../examples/synth/mod.rs"]
pub(crate) mod synth;

use coopdash::search::{Item, Kind, Results, Searcher, Tier};
use std::sync::{Arc, OnceLock};

/// One generated workspace for all tests of this file.
fn searcher() -> &'static (tempfile::TempDir, Arc<coopdash::search::Index>) {
    static WS: OnceLock<(tempfile::TempDir, Arc<coopdash::search::Index>)> = OnceLock::new();
    WS.get_or_init(|| {
        let dir = tempfile::tempdir().unwrap();
        let mut opts = synth::Options::new(3000);
        opts.bodies = 400;
        let summary = synth::generate(dir.path(), &opts).unwrap();
        assert_eq!(summary.passages, 3000);
        let ws = coopdash::workspace::load(dir.path()).expect("generated workspace loads cleanly");
        assert_eq!(ws.passage_count(), 3000);
        assert_eq!(ws.link_count(), summary.links);
        let index = Arc::new(coopdash::search::Index::new(Arc::new(ws)));
        (dir, index)
    })
}

fn fresh() -> Searcher {
    Searcher::new(Arc::clone(&searcher().1))
}

fn key(r: &Results) -> Vec<(Item, Tier, i64)> {
    r.hits
        .iter()
        .map(|h| (h.item.clone(), h.tier, h.score))
        .collect()
}

#[test]
fn acronyms_and_arabic_names_find_bodies_and_their_passages() {
    let s = fresh();
    let ws = Arc::clone(s.index().workspace());
    let mut checked = 0;
    for (i, e) in ws
        .entities
        .iter()
        .enumerate()
        .filter(|(_, e)| e.kind != "person")
    {
        if e.mentions
            .iter()
            .all(|m| !ws.sources[m.source()].id.starts_with("ar-"))
        {
            continue;
        }
        let acronym = &e.aliases[0];
        let r = s.search(acronym, None, None, &s.ticket()).unwrap();
        assert_eq!(r.hits[0].item, Item::Entity(i), "{acronym}");
        for m in &e.mentions {
            let want = Item::Passage {
                source: m.source(),
                passage: m.passage(),
            };
            assert!(r.hits.iter().any(|h| h.item == want), "{acronym}: {want:?}");
        }
        let arabic: String = e.name.0["ar"]
            .chars()
            .map(|c| {
                if matches!(c, 'أ' | 'إ' | 'آ') {
                    'ا'
                } else {
                    c
                }
            })
            .collect();
        let r = s
            .search(&arabic, Some(Kind::Entity), Some(5), &s.ticket())
            .unwrap();
        assert_eq!(r.hits[0].item, Item::Entity(i), "{arabic}");
        checked += 1;
        if checked == 20 {
            break;
        }
    }
    assert_eq!(checked, 20);
}

#[test]
fn typing_refines_to_the_same_results_as_searching_afresh() {
    for query in [
        "joint case file",
        "مكافحة الإرهاب",
        "interpol data",
        "بالتعاون",
    ] {
        let typing = fresh();
        for (i, _) in query.char_indices().skip(1).chain([(query.len(), ' ')]) {
            let prefix = &query[..i];
            let t = typing.ticket();
            let page = typing.search(prefix, None, Some(20), &t).unwrap();
            let all = typing.search(prefix, None, None, &t).unwrap();
            let other = fresh();
            let again = other.search(prefix, None, None, &other.ticket()).unwrap();
            assert_eq!(key(&all), key(&again), "{prefix}");
            assert!(all.complete);
            // The first page is the top of the complete ranking.
            let top: Vec<_> = key(&all).into_iter().take(page.hits.len()).collect();
            assert_eq!(key(&page), top, "{prefix}");
            assert_eq!(page.hits.len(), all.hits.len().min(20), "{prefix}");
        }
    }
}

#[test]
fn planted_quotes_are_found_exactly() {
    let s = fresh();
    let ws = Arc::clone(s.index().workspace());
    for theme in ws.themes.iter().take(5) {
        for link in &theme.links {
            let r = s
                .search(&link.quote, Some(Kind::Passage), Some(3), &s.ticket())
                .unwrap();
            let want = Item::Passage {
                source: link.span.source,
                passage: link.span.passage,
            };
            assert_eq!(r.hits[0].item, want, "{}", link.quote);
            assert!(r.hits[0].tier >= Tier::Exact);
        }
    }
}

#[test]
fn a_worker_fed_keystrokes_answers_only_the_newest() {
    // The pattern the UI follows: the UI thread takes a ticket per
    // keystroke and queues the query; a worker searches. Every keystroke
    // below is queued before the worker starts, so all but the last are
    // superseded and must come back empty, however long they would take.
    let s = Arc::new(fresh());
    let (jobs, queue) = std::sync::mpsc::channel::<(String, coopdash::search::Ticket)>();
    let (answers, replies) = std::sync::mpsc::channel();
    let start = Arc::new(std::sync::Barrier::new(2));
    let worker = {
        let (s, start) = (Arc::clone(&s), Arc::clone(&start));
        std::thread::spawn(move || {
            start.wait();
            for (query, ticket) in queue {
                let page = s.search(&query, None, Some(20), &ticket);
                let all = page
                    .as_ref()
                    .and_then(|_| s.search(&query, None, None, &ticket));
                answers.send((query, page.is_some(), all)).unwrap();
            }
        })
    };
    let query = "joint case file concerns";
    let prefixes: Vec<&str> = query
        .char_indices()
        .skip(1)
        .map(|(i, _)| &query[..i])
        .chain([query])
        .collect();
    for p in &prefixes {
        jobs.send((p.to_string(), s.ticket())).unwrap();
    }
    drop(jobs);
    start.wait();
    worker.join().unwrap();
    let got: Vec<(String, bool, Option<Results>)> = replies.iter().collect();
    assert_eq!(got.len(), prefixes.len());
    for (q, page, all) in &got[..got.len() - 1] {
        assert!(!page && all.is_none(), "stale answer for {q}");
    }
    let (q, page, all) = got.last().unwrap();
    assert_eq!(q, query);
    assert!(page);
    let all = all.as_ref().unwrap();
    let other = fresh();
    let again = other.search(query, None, None, &other.ticket()).unwrap();
    assert!(!all.hits.is_empty());
    assert_eq!(key(all), key(&again));
}
