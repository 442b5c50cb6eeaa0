//! A judged set of queries: what an analyst types (Arabic and English,
//! clitics, missing diacritics and hamza, typos, acronyms, partial names)
//! and the item that must rank first, over the bundled workspace and a
//! second small one (tests/fixtures/workspaces/bilingual). The test fails
//! unless every query puts its item first; it prints the mean reciprocal
//! rank. Also here: what the finder must not bring (scattered-letter
//! noise), capitals, typo and partial names reaching passages, summaries.

use coopdash::model::Workspace;
use coopdash::search::{Field, Index, Item, Kind, Results, Searcher, Tier};
use std::path::PathBuf;
use std::sync::Arc;

fn bilingual_root() -> PathBuf {
    crate::support::root().join("tests/fixtures/workspaces/bilingual")
}

fn bilingual() -> Searcher {
    let ws = coopdash::workspace::load(&bilingual_root()).expect("the fixture loads cleanly");
    Searcher::new(Arc::new(Index::new(Arc::new(ws))))
}

fn seed() -> Searcher {
    Searcher::new(Arc::new(Index::new(Arc::new(crate::support::seed()))))
}

fn search(s: &Searcher, q: &str) -> Results {
    s.search(q, None, None, &s.ticket())
        .expect("current ticket")
}

/// The item a judgement names, looked up in the data: `theme:ID`,
/// `entity:ID`, `event:DATE`, or `passage:SOURCE:WORDS` (the passage of
/// that source holding those words).
fn item(ws: &Workspace, want: &str) -> Item {
    let (kind, what) = want.split_once(':').expect("KIND:WHAT");
    match kind {
        "theme" => Item::Theme(ws.themes.iter().position(|t| t.id == what).expect(want)),
        "entity" => Item::Entity(ws.entities.iter().position(|e| e.id == what).expect(want)),
        "event" => Item::Event(ws.events.iter().position(|e| e.date == what).expect(want)),
        "passage" => {
            let (source, words) = what.split_once(':').expect("SOURCE:WORDS");
            let s = ws.sources.iter().position(|s| s.id == source).expect(want);
            let passages: Vec<usize> = (0..ws.sources[s].passages.len())
                .filter(|&p| ws.sources[s].passages[p].text.contains(words))
                .collect();
            assert_eq!(passages.len(), 1, "{want} names one passage");
            Item::Passage {
                source: s,
                passage: passages[0],
            }
        }
        _ => panic!("unknown kind in {want}"),
    }
}

/// (query, the item that must rank first, what the query tries).
const SEED: &[(&str, &str, &str)] = &[
    ("interp", "entity:interpol", "a partial name"),
    (
        "interpool",
        "entity:interpol",
        "a typo: one letter too many",
    ),
    ("intrepol", "entity:interpol", "a typo: two letters swapped"),
    ("UNODC", "entity:unodc", "an acronym"),
    ("unodc", "entity:unodc", "an acronym in lower case"),
    ("unod", "entity:unodc", "a partial acronym"),
    ("الانتربول", "entity:interpol", "Arabic without hamza"),
    ("للانتربول", "entity:interpol", "Arabic with a clitic"),
    ("الانتربل", "entity:interpol", "Arabic with a typo"),
    (
        "الامن البحري",
        "theme:maritime-security",
        "Arabic theme name, no hamza",
    ),
    (
        "بالامن البحري",
        "theme:maritime-security",
        "Arabic with a clitic",
    ),
    (
        "maritime security",
        "theme:maritime-security",
        "English theme name",
    ),
    (
        "maritme security",
        "theme:maritime-security",
        "English with a typo",
    ),
    ("cybercrime", "theme:cybercrime", "English theme name"),
    ("cybercrme", "theme:cybercrime", "English with a typo"),
    (
        "الجريمه السيبريه",
        "theme:cybercrime",
        "Arabic, teh marbuta as heh",
    ),
    (
        "money laundering",
        "theme:financial-crime-corruption",
        "a keyword",
    ),
    (
        "غسل الاموال",
        "theme:financial-crime-corruption",
        "an Arabic keyword",
    ),
    ("global health", "theme:global-health", "English theme name"),
    ("الصحه العالميه", "theme:global-health", "Arabic theme name"),
    ("guterres", "entity:guterres", "a person's alias"),
    ("guter", "entity:guterres", "a partial name"),
    ("غوتيرش", "entity:guterres", "Arabic with a letter missing"),
    ("jurgen stock", "entity:stock", "Latin accent left out"),
    ("يورغن شتوك", "entity:stock", "Arabic person's name"),
    ("UNESCO", "entity:unesco", "an acronym"),
    ("اليونسكو", "entity:unesco", "Arabic name"),
    (
        "counter-terrorism committee",
        "entity:ctc",
        "a hyphenated name",
    ),
    (
        "لجنه مكافحه الارهاب",
        "entity:ctc",
        "Arabic name, heh for teh marbuta",
    ),
    (
        "sustainable development goals",
        "entity:sdgs",
        "a programme",
    ),
    (
        "crime and justice research",
        "entity:unicri",
        "part of a long name",
    ),
    ("centenary", "event:2023", "an event's label"),
    ("مئوية", "event:2023", "an Arabic label with hamza"),
    ("1997", "event:1997", "a date"),
    (
        "resolutions",
        "theme:financial-crime-corruption",
        "words of a summary only",
    ),
    (
        "اتفاق مبرم",
        "passage:un-interpol-2022:اتفاق مبرم",
        "words of a passage",
    ),
    (
        "بالتراث الثقافي",
        "passage:un-interpol-2022:بالتراث الثقافي",
        "a passage, clitic typed",
    ),
];

const BILINGUAL: &[(&str, &str, &str)] = &[
    ("WHO", "entity:who", "an acronym that is also a word"),
    ("UNODC", "entity:unodc", "an acronym beside a similar one"),
    ("world helth organization", "entity:who", "a typo in a name"),
    (
        "منظمه الصحه العالميه",
        "entity:who",
        "Arabic name, no teh marbuta",
    ),
    (
        "بالجمارك",
        "theme:border-controls",
        "Arabic keyword with a clitic",
    ),
    ("pangea", "entity:pangea", "an alias"),
    ("operation pangae", "entity:pangea", "a typo in a name"),
    (
        "pharmacovigilance",
        "theme:falsified-medicines",
        "a word of a summary",
    ),
    (
        "falsifed medicines",
        "theme:falsified-medicines",
        "a typo in a theme name",
    ),
    (
        "الادويه المغشوشه",
        "theme:falsified-medicines",
        "Arabic theme name",
    ),
    ("customs", "theme:border-controls", "a keyword"),
    ("اليونسكو", "entity:unesco", "Arabic name"),
    ("unesc", "entity:unesco", "a partial acronym"),
    ("wolrd customs", "entity:wco", "a typo: two letters swapped"),
    (
        "postal parcels",
        "passage:who-en-2024:postal parcels",
        "English passage words",
    ),
    (
        "الطرود البريديه",
        "passage:who-ar-2024:والطرود البريدية",
        "Arabic passage words",
    ),
    (
        "صيدليات",
        "passage:who-ar-2024:الصيدليات",
        "Arabic without the article",
    ),
    (
        "الاتجار غير المشروع",
        "passage:who-ar-2024:الاتجار غير المشروع",
        "Arabic phrase",
    ),
];

/// The 1-based rank of `want` in `r`, if there.
fn rank(r: &Results, want: &Item) -> Option<usize> {
    r.hits.iter().position(|h| &h.item == want).map(|i| i + 1)
}

#[test]
fn every_judged_query_ranks_its_item_first() {
    let mut reciprocal = Vec::new();
    let mut wrong = Vec::new();
    for (searcher, set, name) in [
        (seed(), SEED, "bundled"),
        (bilingual(), BILINGUAL, "bilingual"),
    ] {
        for (query, want, why) in set {
            let expected = item(searcher.index().workspace(), want);
            let r = search(&searcher, query);
            let at = rank(&r, &expected);
            reciprocal.push(at.map_or(0.0, |n| 1.0 / n as f64));
            if at != Some(1) {
                let top: Vec<String> = r
                    .hits
                    .iter()
                    .take(3)
                    .map(|h| format!("{} ({:?})", searcher.index().id(&h.item), h.tier))
                    .collect();
                wrong.push(format!(
                    "{name}: «{query}» ({why}) puts {want} at {at:?}; first: {top:?}"
                ));
            }
        }
    }
    let mrr = reciprocal.iter().sum::<f64>() / reciprocal.len() as f64;
    println!(
        "judged queries: {} ({} bundled, {} bilingual), mean reciprocal rank {mrr:.3}",
        reciprocal.len(),
        SEED.len(),
        BILINGUAL.len()
    );
    assert!(
        SEED.len() >= 30,
        "at least 30 queries over the bundled workspace"
    );
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

#[test]
fn scattered_letters_bring_no_noise() {
    let s = seed();
    let ws = s.index().workspace().clone();
    let id = |h: &coopdash::search::Hit| s.index().id(&h.item);
    // UNODC's letters are in UNESCO's English name, health's in the
    // Special Representative's office's: neither is a match.
    let r = search(&s, "UNODC");
    assert!(
        r.hits.iter().all(|h| id(h) != "unesco"),
        "UNODC brings UNESCO"
    );
    let r = search(&s, "health");
    assert!(
        r.hits.iter().all(|h| id(h) != "interpol-un-office"),
        "health brings the Special Representative's office"
    );
    // Initials of a name still spell it.
    let (_d, initials) = small(
        "",
        "entities:\n  - id: x\n    kind: office\n    name: United Nations Office on Drugs and Crime\n",
    );
    let r = search(&initials, "unodc");
    assert_eq!(
        r.hits.first().map(|h| (&h.item, h.tier)),
        Some((&Item::Entity(0), Tier::Scattered))
    );
    // Every hit has matched words to show.
    for q in ["UNODC", "health", "interp", "interpool", "الامن"] {
        let r = search(&s, q);
        for hit in &r.hits {
            let h = s.highlight(&r, hit);
            assert!(
                !h.ranges.is_empty(),
                "{q}: {} shows no matched words",
                id(hit)
            );
        }
    }
    drop(ws);
}

/// A workspace of one source `text` (passages separated by blank lines)
/// and `yaml` for themes.yaml.
fn small(text: &str, yaml: &str) -> (tempfile::TempDir, Searcher) {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("seeds")).unwrap();
    std::fs::write(dir.path().join("seeds/a.txt"), format!("Title\n\n{text}")).unwrap();
    std::fs::write(dir.path().join("themes.yaml"), yaml).unwrap();
    let ws = coopdash::workspace::load(dir.path()).expect("test workspace loads");
    (dir, Searcher::new(Arc::new(Index::new(Arc::new(ws)))))
}

#[test]
fn typos_are_tolerated_by_length_and_rank_below_exact_matches() {
    let (_d, s) = small(
        "The terrorism unit met.\n\nThe terorism unit met.\n\nThe trrorsm unit met.\n\nThe tourism office.\n\nA sheep and a shep.",
        "",
    );
    let found = |q: &str| -> Vec<(String, Tier)> {
        search(&s, q)
            .hits
            .iter()
            .map(|h| (s.index().label(&h.item, "en"), h.tier))
            .collect()
    };
    // Nine letters: two edits; the exact word first.
    let r = found("terrorism");
    assert_eq!(r[0], ("a:2".into(), Tier::Exact));
    assert!(r.contains(&("a:3".into(), Tier::Typo)), "{r:?}");
    assert!(r.contains(&("a:4".into(), Tier::Typo)), "{r:?}");
    assert!(
        !r.iter().any(|(a, _)| a == "a:5"),
        "tourism is three edits away"
    );
    // Eight letters: one edit.
    let r = found("terorism");
    assert_eq!(r[0], ("a:3".into(), Tier::Exact));
    assert!(r.contains(&("a:2".into(), Tier::Typo)));
    assert!(
        !r.iter().any(|(a, _)| a == "a:4"),
        "two edits from an 8-letter word"
    );
    // Four letters: none.
    assert_eq!(found("shep"), [("a:6".to_string(), Tier::Exact)]);
    // Five: one.
    let r = found("sheeq");
    assert_eq!(r, [("a:6".to_string(), Tier::Typo)]);
}

#[test]
fn a_name_with_typos_or_cut_short_reaches_its_passages_below_exact_matches() {
    let s = seed();
    let ws = s.index().workspace().clone();
    let interpol = ws.entities.iter().position(|e| e.id == "interpol").unwrap();
    let mentioned: Vec<Item> = ws.entities[interpol]
        .mentions
        .iter()
        .map(|m| Item::Passage {
            source: m.source(),
            passage: m.passage(),
        })
        .collect();
    assert!(mentioned.len() > 5);
    for (query, tier) in [
        ("interp", Tier::WordStart),
        ("interpool", Tier::Typo),
        ("interpol", Tier::Exact),
    ] {
        let r = search(&s, query);
        assert_eq!(r.hits[0].item, Item::Entity(interpol), "{query}");
        for want in &mentioned {
            let hit = r.hits.iter().find(|h| &h.item == want);
            let hit = hit.unwrap_or_else(|| panic!("{query} misses {want:?}"));
            assert_eq!(hit.tier, tier, "{query}");
            assert_eq!(
                hit.via.as_ref().map(|v| &v.0),
                Some(&Item::Entity(interpol))
            );
        }
    }
    // A word inside a name, or three letters, reaches nothing.
    for query in ["office", "int", "united nations off"] {
        assert!(
            search(&s, query).hits.iter().all(|h| h.via.is_none()),
            "{query}"
        );
    }
}

#[test]
fn a_query_in_capitals_ranks_exact_case_matches_first() {
    let s = bilingual();
    let ws = s.index().workspace().clone();
    let who = item(&ws, "entity:who");
    let lower = item(&ws, "passage:who-en-2024:Officials who attended");
    let r = search(&s, "WHO");
    assert_eq!(r.hits[0].item, who);
    let at_lower = rank(&r, &lower).expect("the lower-case word still matches");
    let Item::Entity(e) = who else { unreachable!() };
    for m in &ws.entities[e].mentions {
        let p = Item::Passage {
            source: m.source(),
            passage: m.passage(),
        };
        assert!(rank(&r, &p).unwrap() < at_lower, "{p:?} below the word who");
    }
    // In lower case, the word and the acronym are the same query.
    let r = search(&s, "who");
    assert_eq!(r.hits[0].item, who);
    assert!(rank(&r, &lower).is_some());
}

#[test]
fn summaries_are_searched_and_said_so() {
    let s = bilingual();
    let r = search(&s, "pharmacovigilance");
    assert_eq!(r.hits.len(), 1);
    assert_eq!(r.hits[0].field, Field::Summary("en".into()));
    assert_eq!(r.hits[0].kind(), Kind::Theme);
    let h = s.highlight(&r, &r.hits[0]);
    let text = s.index().text(&r.hits[0].item, &r.hits[0].field).unwrap();
    assert_eq!(&text[h.ranges[0].clone()], "pharmacovigilance");
    // A theme found by its name ranks above one found by its summary.
    let r = search(&s, "parcels");
    assert_eq!(r.hits.iter().filter(|h| h.kind() == Kind::Theme).count(), 1);
    let r = search(&s, "الطرود");
    let theme = r.hits.iter().position(|h| h.kind() == Kind::Theme).unwrap();
    let tier = r.hits[theme].tier;
    assert!(
        r.hits[..theme]
            .iter()
            .any(|h| h.kind() == Kind::Passage && h.tier == tier)
    );
    assert!(
        r.hits[theme + 1..]
            .iter()
            .all(|h| h.kind() != Kind::Passage || h.tier < tier),
        "a theme found by its summary ranks below passages of the same tier"
    );
    // The command line names the field.
    let dir = tempfile::tempdir().unwrap();
    copy_dir(&bilingual_root(), dir.path());
    let out = crate::support::coopdash()
        .arg("-w")
        .arg(dir.path())
        .args(["search", "pharmacovigilance", "--json"])
        .output()
        .unwrap();
    assert!(out.status.success());
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v[0]["field"], "summary:en");
    assert_eq!(v[0]["id"], "falsified-medicines");
    assert!(
        v[0]["context"]
            .as_str()
            .unwrap()
            .contains("pharmacovigilance")
    );
}

fn copy_dir(from: &std::path::Path, to: &std::path::Path) {
    std::fs::create_dir_all(to.join("seeds")).unwrap();
    std::fs::copy(from.join("themes.yaml"), to.join("themes.yaml")).unwrap();
    for f in std::fs::read_dir(from.join("seeds")).unwrap() {
        let f = f.unwrap();
        std::fs::copy(f.path(), to.join("seeds").join(f.file_name())).unwrap();
    }
}
