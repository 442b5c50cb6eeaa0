//! The search engine on the shipped seed and on small hand-made
//! workspaces: ranking, folding rules, clitics, aliases, kind filter,
//! cancellation, and the `coopdash search` command line.

use coopdash::model::Workspace;
use coopdash::search::{Field, Hit, Index, Item, Kind, Results, Searcher, Tier};
use std::sync::Arc;

fn seed() -> Searcher {
    let ws = crate::support::seed();
    Searcher::new(Arc::new(Index::new(Arc::new(ws))))
}

/// A workspace of one source per entry, passages separated by blank
/// lines, plus optional extra `themes.yaml` text.
fn workspace(sources: &[(&str, &str)], yaml: &str) -> (tempfile::TempDir, Searcher) {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("seeds")).unwrap();
    for (name, text) in sources {
        std::fs::write(dir.path().join("seeds").join(format!("{name}.txt")), text).unwrap();
    }
    std::fs::write(dir.path().join("themes.yaml"), yaml).unwrap();
    let ws = coopdash::workspace::load(dir.path()).expect("test workspace loads");
    (dir, Searcher::new(Arc::new(Index::new(Arc::new(ws)))))
}

fn search(s: &Searcher, q: &str, kind: Option<Kind>) -> Results {
    s.search(q, kind, None, &s.ticket())
        .expect("current ticket")
}

fn ws(s: &Searcher) -> &Workspace {
    s.index().workspace()
}

/// `SOURCE:N` of a passage hit.
fn address(s: &Searcher, hit: &Hit) -> String {
    s.index().label(&hit.item, "en")
}

/// The passages a query finds, as `SOURCE:N`, best first.
fn passages(s: &Searcher, q: &str) -> Vec<String> {
    search(s, q, Some(Kind::Passage))
        .hits
        .iter()
        .map(|h| address(s, h))
        .collect()
}

#[test]
fn exact_beats_word_start_beats_inside_beats_typo() {
    let (_d, s) = workspace(
        &[(
            "a",
            "Title\n\nThe marittime law changed.\n\nSubmaritime cables.\n\nMaritimes of the north.\n\nThe maritime unit met.\n\nNothing here at all.",
        )],
        "",
    );
    let r = search(&s, "maritime", None);
    let got: Vec<(String, Tier)> = r.hits.iter().map(|h| (address(&s, h), h.tier)).collect();
    assert_eq!(
        got,
        [
            ("a:5".to_string(), Tier::Exact),
            ("a:4".to_string(), Tier::WordStart),
            ("a:3".to_string(), Tier::Substring),
            ("a:2".to_string(), Tier::Typo),
        ]
    );
}

#[test]
fn letters_strewn_across_a_passage_are_not_a_hit() {
    let (_d, s) = workspace(
        &[(
            "a",
            "Title\n\nmany apples rot in tall images, mere echoes\n\nمكتب الإرهاب في منطقة الساحل الكبرى للتنمية والأمن والسلام",
        )],
        "",
    );
    // Every letter is there in order, far apart.
    assert!(passages(&s, "maritime").is_empty());
    assert!(passages(&s, "مكافحة").is_empty());
}

#[test]
fn a_name_that_matches_ranks_above_passages_and_ties_keep_document_order() {
    let yaml = "entities:\n  - id: mo\n    kind: office\n    name: {en: Maritime Office, ar: المكتب البحري}\n";
    let (_d, s) = workspace(
        &[
            (
                "a",
                "Title\n\nThe maritime unit met.\n\nThe maritime unit met.",
            ),
            ("b", "Title\n\nThe maritime unit met."),
        ],
        yaml,
    );
    let r = search(&s, "maritime", None);
    assert_eq!(r.hits[0].item, Item::Entity(0));
    let rest: Vec<String> = r.hits[1..].iter().map(|h| address(&s, h)).collect();
    assert_eq!(rest, ["a:2", "a:3", "b:2"]);
    assert!(
        r.hits[1..]
            .iter()
            .all(|h| h.tier == r.hits[1].tier && h.score == r.hits[1].score)
    );
}

#[test]
fn every_folding_rule_finds_the_text_as_written() {
    let (_d, s) = workspace(
        &[(
            "a",
            "Title\n\nقال مُحَمَّدٌ ذلك\n\nفي الـــعالم كله\n\nوصل أحمد أمس\n\nعقد مؤتمر كبير\n\nاستقال رئيس اللجنة\n\nسار على الطريق\n\nالأمم المتحدة اليوم\n\nفي ٢٠٢٢ كان ذلك\n\nIn 1997 it began\n\nThe Café Jürgen opened",
        )],
        "",
    );
    let cases = [
        ("محمد", "a:2"),         // diacritics
        ("العالم", "a:3"),       // tatweel
        ("احمد", "a:4"),         // hamza on alef
        ("موتمر", "a:5"),        // hamza on waw
        ("رييس", "a:6"),         // hamza on yeh
        ("علي", "a:7"),          // alef maksura
        ("المتحده", "a:8"),      // teh marbuta
        ("2022", "a:9"),         // Arabic-Indic digits, typed in ASCII
        ("١٩٩٧", "a:10"),        // ASCII digits, typed in Arabic-Indic
        ("cafe jurgen", "a:11"), // Latin accents
        ("CAFÉ", "a:11"),        // Latin case
    ];
    for (query, want) in cases {
        let r = search(&s, query, Some(Kind::Passage));
        let first = r
            .hits
            .first()
            .unwrap_or_else(|| panic!("{query} finds nothing"));
        assert_eq!(address(&s, first), want, "{query}");
        assert!(first.tier >= Tier::Words, "{query}: {:?}", first.tier);
    }
}

#[test]
fn every_clitic_form_is_found_and_can_be_typed() {
    let forms = [
        "الإنتربول",
        "والإنتربول",
        "فالإنتربول",
        "بالإنتربول",
        "كالإنتربول",
        "للإنتربول",
        "وبالإنتربول",
        "وللإنتربول",
        "فللإنتربول",
        "إنتربول",
        "وإنتربول",
        "لإنتربول",
    ];
    let text: String = std::iter::once("Title".to_string())
        .chain(forms.iter().map(|f| format!("جاء ذكر {f} هنا")))
        .collect::<Vec<_>>()
        .join("\n\n");
    let (_d, s) = workspace(&[("a", &text)], "");
    let all: Vec<String> = (2..=forms.len() + 1).map(|n| format!("a:{n}")).collect();
    for query in [
        "انتربول",
        "الانتربول",
        "الإنتربول",
        "بالانتربول",
        "والانتربول",
        "للانتربول",
    ] {
        let r = search(&s, query, Some(Kind::Passage));
        let mut found: Vec<String> = r.hits.iter().map(|h| address(&s, h)).collect();
        found.sort_by_key(|a| a[2..].parse::<usize>().unwrap());
        assert_eq!(found, all, "{query}");
        assert!(r.hits.iter().all(|h| h.tier >= Tier::Words), "{query}");
    }
    // A clitic never makes a longer word match.
    let (_d, s) = workspace(&[("a", "Title\n\nيبالإنتربول\n\nالإسلام")], "");
    assert!(
        search(&s, "بالانتربول", None)
            .hits
            .iter()
            .all(|h| h.tier < Tier::Words)
    );
    assert!(
        search(&s, "سلام", None)
            .hits
            .iter()
            .all(|h| h.tier < Tier::Words)
    );
}

/// An Arabic name as an analyst types it: no diacritics, no hamza.
fn plain_arabic(name: &str) -> String {
    name.chars()
        .filter(|c| !matches!(c, '\u{064B}'..='\u{065F}' | '\u{0670}' | '\u{0640}'))
        .map(|c| match c {
            'أ' | 'إ' | 'آ' | 'ٱ' => 'ا',
            'ؤ' => 'و',
            'ئ' => 'ي',
            other => other,
        })
        .collect()
}

#[test]
fn every_seed_body_is_found_by_its_arabic_name_and_its_acronym() {
    let s = seed();
    let mut acronyms = 0;
    for (i, e) in ws(&s).entities.iter().enumerate() {
        let typed = plain_arabic(&e.name.0["ar"]);
        let r = search(&s, &typed, Some(Kind::Entity));
        assert_eq!(
            r.hits.first().map(|h| &h.item),
            Some(&Item::Entity(i)),
            "{typed}"
        );
        assert_eq!(r.hits[0].tier, Tier::Full, "{typed}");
        for alias in e
            .aliases
            .iter()
            .filter(|a| a.chars().all(|c| c.is_ascii_uppercase()))
        {
            acronyms += 1;
            let r = search(&s, alias, None);
            assert_eq!(
                r.hits.first().map(|h| &h.item),
                Some(&Item::Entity(i)),
                "{alias}"
            );
            // The acronym also finds every passage that mentions the body.
            for m in &e.mentions {
                let want = Item::Passage {
                    source: m.source(),
                    passage: m.passage(),
                };
                assert!(
                    r.hits.iter().any(|h| h.item == want),
                    "{alias} misses {want:?}"
                );
            }
        }
    }
    assert!(acronyms >= 10, "the seed's bodies have acronyms");
}

#[test]
fn aliases_work_both_ways() {
    let s = seed();
    let unodc = ws(&s)
        .entities
        .iter()
        .position(|e| e.id == "unodc")
        .unwrap();
    let mention = &ws(&s).entities[unodc].mentions[0].span();
    let arabic_passage = Item::Passage {
        source: mention.source,
        passage: mention.passage,
    };
    // The acronym and the English name find the Arabic passage naming the
    // office, through its mention; the highlight is the Arabic name.
    for query in ["UNODC", "unodc", "United Nations Office on Drugs and Crime"] {
        let r = search(&s, query, Some(Kind::Passage));
        let hit = r
            .hits
            .iter()
            .find(|h| h.item == arabic_passage)
            .expect(query);
        assert_eq!(hit.via.as_ref().map(|v| &v.0), Some(&Item::Entity(unodc)));
        let h = s.highlight(&r, hit);
        let text = s.index().text(&hit.item, &Field::Text).unwrap();
        assert_eq!(
            &text[h.ranges[0].clone()],
            "مكتب الأمم المتحدة المعني بالمخدرات والجريمة"
        );
    }
    // The Arabic name finds the body whose English name differs, and the
    // English name finds the body by its Arabic-named entry too.
    let r = search(&s, "الانتربول", Some(Kind::Entity));
    assert_eq!(s.index().id(&r.hits[0].item), "interpol");
    let r = search(
        &s,
        "International Criminal Police Organization",
        Some(Kind::Entity),
    );
    assert_eq!(s.index().id(&r.hits[0].item), "interpol");
    // Words from inside a name do not pull in every passage of the body
    // (a name cut short does: search_judged).
    let r = search(&s, "drugs and crime", Some(Kind::Passage));
    assert!(r.hits.iter().all(|h| h.via.is_none()));
}

#[test]
fn kind_filter_keeps_one_kind() {
    let s = seed();
    for (kind, query) in [
        (Kind::Theme, "maritime"),
        (Kind::Entity, "interpol"),
        (Kind::Passage, "interpol"),
        (Kind::Event, "interpol"),
    ] {
        let r = search(&s, query, Some(kind));
        assert!(!r.hits.is_empty(), "{kind}");
        assert!(r.hits.iter().all(|h| h.kind() == kind), "{kind}");
    }
    let all = search(&s, "interpol", None);
    let kinds: std::collections::HashSet<Kind> = all.hits.iter().map(Hit::kind).collect();
    assert!(kinds.len() >= 3);
    assert!(search(&s, "interpol", Some(Kind::Note)).hits.is_empty());
}

#[test]
fn notes_can_be_added_replaced_and_removed() {
    let s = seed();
    let mut index = (**s.index()).clone();
    index.upsert_note("n1", "Follow up with the maritime desk");
    let s = Searcher::new(Arc::new(index.clone()));
    let r = search(&s, "maritime desk", Some(Kind::Note));
    assert_eq!(r.hits.len(), 1);
    assert_eq!(r.hits[0].item, Item::Note("n1".into()));
    index.upsert_note("n1", "Call the health team");
    let s = Searcher::new(Arc::new(index.clone()));
    assert!(
        search(&s, "maritime desk", Some(Kind::Note))
            .hits
            .is_empty()
    );
    assert_eq!(search(&s, "health team", Some(Kind::Note)).hits.len(), 1);
    assert!(index.remove_note("n1"));
    let s = Searcher::new(Arc::new(index));
    assert!(search(&s, "health team", Some(Kind::Note)).hits.is_empty());
}

#[test]
fn highlights_map_back_onto_the_original_letters() {
    let s = seed();
    let r = search(&s, "الامن البحري", Some(Kind::Passage));
    let hit = &r.hits[0];
    let h = s.highlight(&r, hit);
    let text = s.index().text(&hit.item, &hit.field).unwrap();
    assert_eq!(&text[h.ranges[0].clone()], "الأمن البحري");
    assert!(h.snippet.start <= h.ranges[0].start && h.snippet.end >= h.ranges[0].end);
    // A first page comes with its highlights, the same.
    let page = s
        .search("الامن البحري", Some(Kind::Passage), Some(5), &s.ticket())
        .unwrap();
    assert_eq!(page.hits[0].item, hit.item);
    assert_eq!(page.hits[0].highlight.as_ref(), Some(&h));
    assert!(r.hits.iter().all(|h| h.highlight.is_none()));
    assert_eq!(
        s.index().address(&hit.item).as_deref(),
        Some("un-interpol-2022:5")
    );
}

#[test]
fn a_superseded_ticket_never_returns_results() {
    let s = seed();
    let old = s.ticket();
    let first = s.search("interpol", None, Some(10), &old);
    assert!(first.is_some());
    let new = s.ticket();
    assert!(!old.is_current() && new.is_current());
    // Not even the same query, whose results are at hand.
    assert!(s.search("interpol", None, Some(10), &old).is_none());
    assert!(s.search("interpo", None, None, &old).is_none());
    assert!(s.search("interpol", None, Some(10), &new).is_some());
}

#[test]
fn refining_gives_the_same_results_as_searching_afresh() {
    let s = seed();
    let query = "مجالات تعزيز التعاون";
    for (i, _) in query.char_indices().skip(1).chain([(query.len(), ' ')]) {
        let prefix = &query[..i];
        let typed = search(&s, prefix, None);
        let fresh = search(&seed(), prefix, None);
        let key = |r: &Results| -> Vec<(Item, Tier, i64)> {
            r.hits
                .iter()
                .map(|h| (h.item.clone(), h.tier, h.score))
                .collect()
        };
        assert_eq!(key(&typed), key(&fresh), "{prefix}");
    }
}

/// Runs `coopdash -w <copy of the seed> ARGS` (a copy: the search cache
/// is written into the workspace).
fn coopdash(args: &[&str]) -> std::process::Output {
    let dir = crate::support::seed_copy();
    crate::support::coopdash()
        .arg("-w")
        .arg(dir.path())
        .args(args)
        .output()
        .expect("coopdash runs")
}

#[test]
fn the_cache_is_used_only_while_the_sources_are_unchanged() {
    use coopdash::search::cache;
    let dir = crate::support::seed_copy();
    let hits = |l: &cache::Loaded, q: &str| {
        let s = Searcher::new(Arc::new(l.index.clone()));
        search(&s, q, Some(Kind::Passage)).hits.len()
    };
    let first = cache::load(dir.path(), &Default::default()).unwrap();
    assert!(!first.from_cache);
    let second = cache::load(dir.path(), &Default::default()).unwrap();
    assert!(second.from_cache);
    assert_eq!(hits(&first, "الأمن البحري"), hits(&second, "الأمن البحري"));
    assert_eq!(
        second.workspace.mention_count(),
        first.workspace.mention_count()
    );
    assert_eq!(second.workspace.link_count(), first.workspace.link_count());
    // A source gains a passage: the cache is stale, and not used.
    let file = std::fs::read_dir(dir.path().join("seeds"))
        .unwrap()
        .next()
        .unwrap()
        .unwrap()
        .path();
    let mut text = std::fs::read_to_string(&file).unwrap();
    text.push_str("\n\nفقرة جديدة عن منارة الميناء.\n");
    std::fs::write(&file, text).unwrap();
    let third = cache::load(dir.path(), &Default::default()).unwrap();
    assert!(!third.from_cache);
    assert_eq!(hits(&first, "منارة"), 0);
    assert_eq!(hits(&third, "منارة"), 1);
    // A damaged cache is ignored and rebuilt.
    let path = dir.path().join(cache::CACHE_FILE);
    let mut bytes = std::fs::read(&path).unwrap();
    let middle = bytes.len() / 2;
    bytes[middle] ^= 0xFF;
    std::fs::write(&path, bytes).unwrap();
    let fourth = cache::load(dir.path(), &Default::default()).unwrap();
    assert!(!fourth.from_cache);
    assert_eq!(hits(&fourth, "منارة"), 1);
    assert!(
        cache::load(dir.path(), &Default::default())
            .unwrap()
            .from_cache
    );
}

#[test]
fn cli_prints_one_result_a_line() {
    let out = coopdash(&["search", "UNODC", "--limit", "3"]);
    assert!(out.status.success());
    let stdout = String::from_utf8(out.stdout).unwrap();
    let lines: Vec<&str> = stdout.lines().collect();
    assert!(!lines.is_empty() && lines.len() <= 3);
    let first: Vec<&str> = lines[0].split('\t').collect();
    assert_eq!(first[..2], ["entity", "unodc"]);
    assert!(first[2].parse::<i64>().is_ok());
    assert!(
        lines
            .iter()
            .any(|l| l.starts_with("passage\tun-interpol-2022:"))
    );
}

#[test]
fn cli_json_follows_the_documented_schema() {
    let out = coopdash(&["search", "الأمن", "--json", "--limit", "0"]);
    assert!(out.status.success());
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let hits = v.as_array().unwrap();
    assert!(hits.len() > 3);
    let kinds = ["theme", "entity", "passage", "event", "note"];
    let tiers = [
        "full",
        "exact",
        "words",
        "word-start",
        "substring",
        "scattered",
    ];
    for h in hits {
        let o = h.as_object().unwrap();
        for key in o.keys() {
            assert!(
                [
                    "kind", "id", "score", "tier", "label", "field", "context", "matches", "via"
                ]
                .contains(&key.as_str()),
                "unexpected field {key}"
            );
        }
        assert!(kinds.contains(&o["kind"].as_str().unwrap()));
        assert!(tiers.contains(&o["tier"].as_str().unwrap()));
        assert!(o["score"].is_i64());
        for k in ["id", "label", "field", "context"] {
            assert!(o[k].is_string(), "{k}");
        }
        let len = o["context"].as_str().unwrap().chars().count();
        for m in o["matches"].as_array().unwrap() {
            let (a, b) = (
                m[0].as_u64().unwrap() as usize,
                m[1].as_u64().unwrap() as usize,
            );
            assert!(a < b && b <= len);
        }
        if o["kind"] == "passage" {
            assert!(o["id"].as_str().unwrap().contains(':'));
        }
    }
    let first_passage = hits.iter().find(|h| h["kind"] == "passage").unwrap();
    let context: Vec<char> = first_passage["context"].as_str().unwrap().chars().collect();
    let m = &first_passage["matches"][0];
    let marked: String = context[m[0].as_u64().unwrap() as usize..m[1].as_u64().unwrap() as usize]
        .iter()
        .collect();
    assert!(marked.contains("أمن"), "{marked}");
}

#[test]
fn cli_kind_filter_and_no_match_exit_code() {
    let out = coopdash(&["search", "interpol", "--kind", "event"]);
    assert!(out.status.success());
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert!(stdout.lines().all(|l| l.starts_with("event\t")));
    let out = coopdash(&["search", "qxzjv"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(out.stdout.is_empty());
    assert!(String::from_utf8_lossy(&out.stderr).contains("does not match"));
    let out = coopdash(&["search", "interpol", "--kind", "bogus"]);
    assert_eq!(out.status.code(), Some(2));
}
