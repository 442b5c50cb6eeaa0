//! Search benchmarks on generated workspaces (examples/synth).
//!
//! ```sh
//! cargo bench                                    # 10k, 100k and 1M passages
//! COOPDASH_BENCH_SIZES=10k cargo bench           # a quick run
//! COOPDASH_BENCH_SIZES=100k,1m cargo bench
//! ```
//!
//! Per size it prints: workspace load and index build (median of a few
//! runs); per-keystroke latency while each query is typed one character
//! at a time, for the first page (50 hits) and for the complete ranking
//! (median and p95 over all keystrokes of several typing sessions, each
//! with a fresh searcher); the no-match query searched cold; and peak
//! memory (VmHWM) of a separate process that only loads and indexes.
//! Criterion then times one whole typing session per query. Workspaces
//! are generated once under target/bench-data/.

#[path = "../examples/synth/mod.rs"]
mod synth;

use coopdash::search::{Index, Searcher};
use criterion::Criterion;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant};

/// Queries typed character by character: (name, text).
const QUERIES: [(&str, &str); 4] = [
    ("english", "maritime security"),
    ("arabic", "مكافحة الإرهاب"),
    ("one-letter", "m"),
    ("no-match", "qxzjv"),
];

/// First-page size.
const PAGE: usize = 50;

/// Caps raised for the generated workspaces (up to 1M passages): they are
/// our own data, not an analyst's.
fn limits() -> coopdash::workspace::Limits {
    coopdash::workspace::Limits {
        sources: usize::MAX,
        passages: usize::MAX,
        entities: usize::MAX,
        links: usize::MAX,
        source_bytes: usize::MAX,
        ..Default::default()
    }
}

fn main() {
    if let Ok(dir) = std::env::var("COOPDASH_BENCH_MEMORY") {
        // Child process: load and index only, then report the peak.
        if std::env::var("COOPDASH_BENCH_CACHED").is_ok() {
            let l = coopdash::search::cache::load(Path::new(&dir), &limits()).expect("loads");
            println!("{}", vm_hwm_kib());
            drop(l);
        } else {
            let (ws, index) = load(Path::new(&dir));
            println!("{}", vm_hwm_kib());
            drop((index, ws));
        }
        return;
    }
    let sizes = std::env::var("COOPDASH_BENCH_SIZES").unwrap_or_else(|_| "10k,100k,1m".into());
    let mut criterion = Criterion::default()
        .sample_size(10)
        .warm_up_time(Duration::from_millis(500))
        .measurement_time(Duration::from_secs(3))
        .configure_from_args();
    for size in sizes.split(',').filter(|s| !s.trim().is_empty()) {
        let n = parse_size(size.trim());
        let dir = workspace(n);
        report(n, &dir);
        let (_, index) = load(&dir);
        let searcher = Searcher::new(index);
        let mut group = criterion.benchmark_group(format!("typing/{}", size.trim()));
        for (name, query) in QUERIES {
            group.bench_function(name, |b| {
                b.iter(|| {
                    let s = Searcher::new(Arc::clone(searcher.index()));
                    for prefix in prefixes(query) {
                        let t = s.ticket();
                        std::hint::black_box(s.search(prefix, None, Some(PAGE), &t));
                    }
                })
            });
        }
        group.finish();
    }
    criterion.final_summary();
}

/// Prints load time, keystroke latencies and memory for one size.
fn report(n: usize, dir: &Path) {
    let text_bytes = text_size(dir);
    let runs = if n >= 1_000_000 { 3 } else { 5 };
    let mut loads = Vec::new();
    let mut index = None;
    for _ in 0..runs {
        let t = Instant::now();
        let (_, i) = load(dir);
        loads.push(t.elapsed());
        index = Some(i);
    }
    let index = index.expect("at least one run");
    println!(
        "\n== {n} passages, {:.1} MB of text ==",
        text_bytes as f64 / 1e6
    );
    println!(
        "load + index build: median {} (of {runs})",
        ms(median(&mut loads))
    );
    // The same through the on-disk cache (built by the first call).
    let _ = coopdash::search::cache::load(dir, &limits()).expect("loads");
    let mut cached = Vec::new();
    for _ in 0..runs {
        let t = Instant::now();
        let l = coopdash::search::cache::load(dir, &limits()).expect("loads");
        cached.push(t.elapsed());
        assert!(l.from_cache);
    }
    println!(
        "load + index from the cache (.coopdash/search-cache.bin): median {} (of {runs})",
        ms(median(&mut cached))
    );
    let sessions = match n {
        0..=20_000 => 30,
        20_001..=200_000 => 10,
        _ => 3,
    };
    println!(
        "{:<12} {:>26} {:>26}",
        "query", "first page median / p95", "complete median / p95"
    );
    for (name, query) in QUERIES {
        let mut first = Vec::new();
        let mut complete = Vec::new();
        let mut matched = 0;
        for _ in 0..sessions {
            let s = Searcher::new(Arc::clone(&index));
            for prefix in prefixes(query) {
                let t = s.ticket();
                let start = Instant::now();
                let page = s.search(prefix, None, Some(PAGE), &t).expect("current");
                first.push(start.elapsed());
                let all = s.search(prefix, None, None, &t).expect("current");
                complete.push(start.elapsed());
                matched = all.total;
                std::hint::black_box(page);
            }
        }
        println!(
            "{name:<12} {:>12} / {:>11} {:>12} / {:>11}   ({} keystrokes, {matched} matches at the end)",
            ms(median(&mut first)),
            ms(p95(&mut first)),
            ms(median(&mut complete)),
            ms(p95(&mut complete)),
            first.len(),
        );
    }
    let mut cold = Vec::new();
    for _ in 0..sessions.max(5) {
        let s = Searcher::new(Arc::clone(&index));
        let t = s.ticket();
        let start = Instant::now();
        std::hint::black_box(s.search(QUERIES[3].1, None, Some(PAGE), &t));
        cold.push(start.elapsed());
    }
    println!(
        "no-match query searched cold (no refinement): median {}, p95 {}",
        ms(median(&mut cold)),
        ms(p95(&mut cold))
    );
    for cached in [false, true] {
        let mut child = std::process::Command::new(std::env::current_exe().expect("own path"));
        child.env("COOPDASH_BENCH_MEMORY", dir);
        if cached {
            child.env("COOPDASH_BENCH_CACHED", "1");
        }
        let out = child.output().expect("memory child");
        let kib: u64 = String::from_utf8_lossy(&out.stdout)
            .trim()
            .parse()
            .unwrap_or(0);
        println!(
            "peak memory, load + index{} (VmHWM): {:.0} MiB = {:.2}x the text size",
            if cached { " from the cache" } else { "" },
            kib as f64 / 1024.0,
            kib as f64 * 1024.0 / text_bytes as f64
        );
    }
}

/// A fresh load and index, as `coopdash search --no-cache` makes them: the
/// index adopts the folds that finding mentions made.
fn load(dir: &Path) -> (Arc<coopdash::model::Workspace>, Arc<Index>) {
    let unchanged = coopdash::workspace::Unchanged::new();
    let (loaded, folds) = coopdash::workspace::reopen_for_search(dir, &limits(), &unchanged)
        .expect("generated workspace loads");
    assert!(loaded.problems.is_empty(), "{:?}", loaded.problems);
    let ws = Arc::new(loaded.ws);
    let index = Arc::new(Index::with_folds(Arc::clone(&ws), folds));
    (ws, index)
}

/// The generated workspace of `n` passages (made once, reused).
fn workspace(n: usize) -> PathBuf {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("target/bench-data")
        .join(format!("ws-{n}"));
    let stamp = dir.join("generated");
    let want = format!("{n} seed 7 v1\n");
    if std::fs::read_to_string(&stamp).ok().as_deref() != Some(want.as_str()) {
        std::fs::create_dir_all(&dir).expect("bench data folder");
        eprintln!("generating {} ...", dir.display());
        synth::generate(&dir, &synth::Options::new(n)).expect("generate");
        std::fs::write(&stamp, want).expect("stamp");
    }
    dir
}

fn text_size(dir: &Path) -> usize {
    let ws = coopdash::workspace::load_with(dir, &limits()).expect("loads");
    ws.sources
        .iter()
        .flat_map(|s| s.passages.iter())
        .map(|p| p.text.len())
        .sum()
}

/// Every non-empty prefix of `q`, one character more each time.
fn prefixes(q: &str) -> impl Iterator<Item = &str> {
    q.char_indices()
        .skip(1)
        .map(move |(i, _)| &q[..i])
        .chain([q])
}

fn parse_size(s: &str) -> usize {
    let lower = s.to_ascii_lowercase();
    let (digits, mult) = match lower.strip_suffix('m') {
        Some(d) => (d, 1_000_000),
        None => match lower.strip_suffix('k') {
            Some(d) => (d, 1_000),
            None => (lower.as_str(), 1),
        },
    };
    digits.parse::<usize>().expect("size like 10k or 1m") * mult
}

fn median(v: &mut [Duration]) -> Duration {
    v.sort();
    v[v.len() / 2]
}

fn p95(v: &mut [Duration]) -> Duration {
    v.sort();
    v[((v.len() * 95).div_ceil(100))
        .saturating_sub(1)
        .min(v.len() - 1)]
}

fn ms(d: Duration) -> String {
    format!("{:.2} ms", d.as_secs_f64() * 1e3)
}

/// Peak resident memory of this process, KiB (`VmHWM` in /proc/self/status).
fn vm_hwm_kib() -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find_map(|l| l.strip_prefix("VmHWM:"))
                .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
        })
        .unwrap_or(0)
}
