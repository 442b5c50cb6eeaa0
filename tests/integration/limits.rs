//! The caps on what a workspace may hold: each one refuses input over it
//! before the work it would cost, with `file:line:column`, the cap's value
//! and how to raise it; raised, the same input loads. Hostile YAML (alias
//! bombs, deep nesting, several documents) and hostile files (a FIFO, an
//! endless device) end quickly with a clear problem.

use coopdash::workspace::{self, Limits, LoadError, Problem};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

const THEMES: &str = "\
themes:
  - id: cyber
    name: Cybercrime
    links:
      - source: a
        quote: cybercrime
entities:
  - id: un
    kind: organization
    name: United Nations
    aliases: [UN]
";

const SOURCE: &str = "Title\n\nThe UN discussed cybercrime.\n\nAnd more.\n";

fn load(themes: &str, sources: &[(&str, &str)], limits: &Limits) -> Result<(), LoadError> {
    let sources: Vec<(PathBuf, &[u8])> = sources
        .iter()
        .map(|(n, t)| (PathBuf::from(n), t.as_bytes()))
        .collect();
    workspace::load_from_memory(Path::new("ws"), themes.as_bytes(), &sources, limits).map(drop)
}

/// The one problem of a load that must fail, shown as the CLI prints it.
fn only_problem(result: Result<(), LoadError>) -> (Problem, String) {
    let err = result.expect_err("over a cap");
    assert_eq!(err.problems.len(), 1, "{:#?}", err.problems);
    let p = err.problems[0].clone();
    let shown = p.to_string();
    (p, shown)
}

#[test]
fn the_sample_loads_within_the_defaults() {
    load(THEMES, &[("a.txt", SOURCE)], &Limits::default()).unwrap();
}

#[test]
fn themes_size() {
    let limits = Limits {
        themes_bytes: 100,
        ..Limits::default()
    };
    let (p, shown) = only_problem(load(THEMES, &[("a.txt", SOURCE)], &limits));
    assert_eq!(
        shown,
        "ws/themes.yaml:7:3: themes.yaml is larger than 100 bytes — if this is expected, \
         raise the themes-size limit: --max themes-size=200 (or COOPDASH_LIMITS)"
    );
    assert!(p.pos.is_some());
}

#[test]
fn source_size() {
    let limits = Limits {
        source_bytes: 10,
        ..Limits::default()
    };
    let (_, shown) = only_problem(load(THEMES, &[("a.txt", SOURCE)], &limits));
    assert!(
        shown.starts_with("ws/seeds/a.txt:3:4: this source is larger than 10 bytes — split it"),
        "{shown}"
    );
    assert!(
        shown.ends_with("--max source-size=20 (or COOPDASH_LIMITS)"),
        "{shown}"
    );
}

#[test]
fn field_length_points_at_the_field() {
    let limits = Limits {
        field_chars: 12,
        ..Limits::default()
    };
    let (_, shown) = only_problem(load(THEMES, &[("a.txt", SOURCE)], &limits));
    assert_eq!(
        shown,
        "ws/themes.yaml:10:11: `entities[0].name` is 14 characters long, over the limit of 12 \
         — shorten it; if this is expected, raise the field-length limit: --max field-length=24 \
         (or COOPDASH_LIMITS)"
    );
}

#[test]
fn counts_of_sources_passages_themes_entities_and_links() {
    let two = [("a.txt", SOURCE), ("b.txt", SOURCE)];
    let cases: [(Limits, &str); 5] = [
        (
            Limits {
                sources: 1,
                ..Limits::default()
            },
            "ws/seeds: the seeds folder holds more than 1 sources — if this is expected, raise the sources limit: --max sources=2",
        ),
        (
            Limits {
                passages: 4,
                ..Limits::default()
            },
            "ws/seeds/b.txt:3:1: this passage is one more than the 4 the sources may hold together — if this is expected, raise the passages limit: --max passages=8",
        ),
        (
            Limits {
                themes: 0,
                ..Limits::default()
            },
            "ws/themes.yaml:2:5: `themes` has more than 0 items — if this is expected, raise the themes limit: --max themes=1",
        ),
        (
            Limits {
                entities: 0,
                ..Limits::default()
            },
            "ws/themes.yaml:8:5: `entities` has more than 0 items — if this is expected, raise the entities limit: --max entities=1",
        ),
        (
            Limits {
                links: 0,
                ..Limits::default()
            },
            "ws/themes.yaml:5:9: this quote is one more than the 0 theme links and events may hold together — if this is expected, raise the links limit: --max links=1",
        ),
    ];
    for (limits, want) in cases {
        let (_, shown) = only_problem(load(THEMES, &two, &limits));
        assert!(shown.starts_with(want), "{shown}\nwanted {want}");
    }
}

#[test]
fn alias_bomb_ends_with_a_located_error() {
    let bomb = "\
a: &a [x, x, x, x, x, x, x, x, x]
b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]
c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]
d: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c]
e: &e [*d, *d, *d, *d, *d, *d, *d, *d, *d]
f: &f [*e, *e, *e, *e, *e, *e, *e, *e, *e]
g: &g [*f, *f, *f, *f, *f, *f, *f, *f, *f]
h: &h [*g, *g, *g, *g, *g, *g, *g, *g, *g]
i: [*h, *h, *h, *h, *h, *h, *h, *h, *h]
";
    let started = Instant::now();
    let (p, shown) = only_problem(load(bomb, &[("a.txt", SOURCE)], &Limits::default()));
    assert!(started.elapsed() < Duration::from_secs(2));
    assert!(p.pos.is_some(), "{shown}");
    assert!(shown.contains("aliases"), "{shown}");
}

#[test]
fn deep_nesting_and_second_documents_are_refused_quickly() {
    for (text, says) in [
        (
            "themes: ".to_string() + &"[".repeat(500_000),
            "nesting is deeper than 32",
        ),
        (
            "themes:\n".to_string() + &"- ".repeat(100_000) + "x\n",
            "nesting is deeper than 32",
        ),
        (
            "themes: []\n---\nthemes: []\n".into(),
            "a second YAML document",
        ),
    ] {
        let started = Instant::now();
        let (p, shown) = only_problem(load(&text, &[("a.txt", SOURCE)], &Limits::default()));
        assert!(started.elapsed() < Duration::from_secs(2), "{says}");
        assert!(p.pos.is_some() && shown.contains(says), "{shown}");
    }
    // A syntax error before deep nesting: serde_yaml, asked for its better
    // message, never sees the nesting after the error.
    let text = "themes: [a\nb: '\n".to_string() + &"[".repeat(500_000);
    let started = Instant::now();
    let (p, shown) = only_problem(load(&text, &[("a.txt", SOURCE)], &Limits::default()));
    assert!(started.elapsed() < Duration::from_secs(2));
    assert!(
        p.pos.is_some() && shown.contains("YAML syntax error"),
        "{shown}"
    );
}

#[cfg(unix)]
#[test]
fn a_fifo_or_an_endless_device_in_seeds_is_refused_without_hanging() {
    if !crate::support::require_tool("mkfifo") {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("themes.yaml"), "themes: []\n").unwrap();
    let seeds = dir.path().join("seeds");
    std::fs::create_dir(&seeds).unwrap();
    std::fs::write(seeds.join("good.txt"), SOURCE).unwrap();
    let fifo = seeds.join("pipe.txt");
    let made = std::process::Command::new("mkfifo")
        .arg(&fifo)
        .output()
        .unwrap();
    assert!(
        made.status.success(),
        "mkfifo: {}",
        String::from_utf8_lossy(&made.stderr)
    );
    std::os::unix::fs::symlink("/dev/zero", seeds.join("zero.txt")).unwrap();
    let limits = Limits {
        source_bytes: 1024 * 1024,
        ..Limits::default()
    };
    // Reading either would never end: a deadline far above the time the
    // refusal takes turns a hang into a failure instead of a stuck run.
    let root = dir.path().to_path_buf();
    let err = crate::support::finishes_within("loading", Duration::from_secs(60), move || {
        workspace::load_with(&root, &limits).unwrap_err()
    });
    let shown: Vec<String> = err.problems.iter().map(|p| p.to_string()).collect();
    assert_eq!(shown.len(), 2, "{shown:#?}");
    assert!(
        shown
            .iter()
            .any(|s| s.contains("zero.txt") && s.contains("not a regular file")),
        "{shown:#?}"
    );
    assert!(
        shown
            .iter()
            .any(|s| s.contains("pipe.txt") && s.contains("not a regular file")),
        "{shown:#?}"
    );
}

#[test]
fn the_cli_raises_a_cap_with_limit_and_the_environment() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("themes.yaml"), THEMES).unwrap();
    std::fs::create_dir(dir.path().join("seeds")).unwrap();
    std::fs::write(dir.path().join("seeds/a.txt"), SOURCE).unwrap();
    let run = |args: &[&str], env: Option<&str>| {
        let mut c = crate::support::coopdash();
        c.arg("--workspace").arg(dir.path()).args(args);
        match env {
            Some(v) => c.env("COOPDASH_LIMITS", v),
            None => c.env_remove("COOPDASH_LIMITS"),
        };
        c.output().unwrap()
    };
    let out = run(&["check", "--max", "passages=2"], None);
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("--max passages=4"), "{err}");
    assert!(
        run(&["check", "--max", "passages=3"], None)
            .status
            .success()
    );
    assert_eq!(
        run(&["check"], Some("passages=2,links=5")).status.code(),
        Some(1)
    );
    assert!(run(&["check"], Some("passages=3,links=5")).status.success());
    let out = run(&["check", "--max", "pasages=3"], None);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("the limits are"));
}

#[test]
fn a_source_full_of_mentions_loads_quickly() {
    // 60 000 mentions in one passage: mention finding must not compare
    // every mention with every other.
    let passage = "UN ".repeat(60_000);
    let source = format!("Title\n\n{passage}\n");
    let started = Instant::now();
    load(THEMES, &[("a.txt", &source)], &Limits::default()).unwrap_err();
    let took = started.elapsed();
    assert!(took < Duration::from_secs(10), "took {took:?}");
}

#[test]
fn a_long_quote_that_is_not_found_is_reported_quickly() {
    // The "closest passage" hint compares the quote's words with the
    // source: a quote of thousands of words must not cost a scan each.
    let source = format!(
        "Title\n\n{}\n",
        "lorem ipsum dolor sit amet ".repeat(40_000)
    );
    let timed = |words: usize| {
        let quote: Vec<String> = (0..words).map(|i| format!("w{i}")).collect();
        let themes = format!(
            "themes:\n  - id: t\n    name: T\n    links:\n      - source: a\n        quote: {}\n",
            quote.join(" ")
        );
        let started = Instant::now();
        let (_, shown) = only_problem(load(&themes, &[("a.txt", &source)], &Limits::default()));
        assert!(shown.contains("is not found"), "{shown}");
        started.elapsed()
    };
    // Against the same load with a one-word quote, measured just before on
    // the same machine under the same load: a fixed budget in seconds
    // failed a debug build on a busy 2-core machine (5.5 s for a 1.9 s
    // run). A scan per word would cost many times the whole load.
    let one = timed(1);
    let took = timed(2_000);
    assert!(
        took < one * 3 + Duration::from_secs(1),
        "2 000 words took {took:?}, one word {one:?}"
    );
}

#[test]
fn only_the_first_hundred_quotes_not_found_get_a_closest_passage() {
    // Each closest-passage hint costs several scans of the source: a file
    // of thousands of broken quotes took a minute to report on a 4 MiB
    // source. The first hundred name the closest passage; the rest say how
    // to fix the quote without it.
    let links: String = (0..105)
        .map(|i| format!("      - source: a\n        quote: UN discussed q{i}\n"))
        .collect();
    let themes = format!("themes:\n  - id: t\n    name: T\n    links:\n{links}");
    let err = load(&themes, &[("a.txt", SOURCE)], &Limits::default()).unwrap_err();
    let hints: Vec<&str> = err.problems.iter().map(|p| p.hint.as_str()).collect();
    assert_eq!(hints.len(), 105);
    assert!(
        hints[..100]
            .iter()
            .all(|h| h.starts_with("the closest passage is a:2"))
    );
    assert!(
        hints[100..]
            .iter()
            .all(|h| h.contains("first 100 quotes not found only"))
    );
}

/// The defaults hold the scale the benchmarks promise (a decade of press
/// releases: 1M passages in thousands of sources): a workspace just over
/// the old defaults (1,000 sources, 100,000 passages) loads with no flag.
#[test]
fn the_defaults_hold_the_benchmarked_scale() {
    let defaults = Limits::default();
    assert_eq!((defaults.sources, defaults.passages), (20_000, 2_000_000));
    let body = "Passage.\n\n".repeat(100);
    let names: Vec<String> = (0..1_001).map(|i| format!("s{i}.txt")).collect();
    let sources: Vec<(&str, &str)> = names
        .iter()
        .map(|n| (n.as_str(), body.as_str()))
        .chain([("a.txt", SOURCE)])
        .collect();
    load(THEMES, &sources, &defaults).expect("1,002 sources and 100,103 passages load");
}
