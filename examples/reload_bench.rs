//! Reload timings for issue 14 (no timings live in the tests):
//!   1. from a settled file to the new frame: `workspace::open`, the
//!      session's swap (place kept, notes, views) and one draw, median ms;
//!   2. the same with the search index rebuilt too, when every source is
//!      read and folded again and when one source changed (the others'
//!      passages and folded keys reused, as the watcher does);
//!   3. keys answered while a reload loads on another thread, as the
//!      watcher does: median and worst ms per key-and-frame.
//!
//!   cargo run --release --example reload_bench -- DIR [RUNS]
//!
//! `bench/reload.sh` runs it on the seed and on a generated workspace, and
//! reports the peak memory of a reload.

use coopdash::search::Index;
use coopdash::ui::style::Palette;
use coopdash::ui::{Event, Input, Session, State};
use coopdash::workspace::{Limits, Unchanged, open_with, reopen, watch::Version};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::layout::Rect;
use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Instant;

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(f64::total_cmp);
    v[v.len() / 2]
}

fn main() {
    let mut args = std::env::args().skip(1);
    let dir = PathBuf::from(args.next().expect("a workspace folder"));
    let runs: usize = args.next().map_or(15, |r| r.parse().expect("a count"));
    // Our own generated data, not an analyst's: caps raised.
    let limits = Limits {
        sources: usize::MAX,
        passages: usize::MAX,
        entities: usize::MAX,
        links: usize::MAX,
        source_bytes: usize::MAX,
        ..Default::default()
    };
    let first = open_with(&dir, &limits).expect("the workspace opens");
    let state = State::new(
        Arc::new(first.ws),
        Palette::new(false),
        Rect::new(0, 0, 120, 40),
    );
    let mut session = Session::new(Terminal::new(TestBackend::new(120, 40)).unwrap(), state);
    session.draw().unwrap();

    let mut settle_to_frame = Vec::new();
    for _ in 0..runs {
        let t = Instant::now();
        let loaded = open_with(&dir, &limits).expect("opens");
        let version = Arc::new(Version {
            ws: Arc::new(loaded.ws),
            problems: loaded.problems,
        });
        session.handle(Event::Workspace(Ok(version), None)).unwrap();
        session.draw().unwrap();
        settle_to_frame.push(t.elapsed().as_secs_f64() * 1e3);
    }
    println!(
        "reload, settled file to new frame: median {:.1} ms over {runs} runs",
        median(settle_to_frame)
    );

    // With the search index: everything again, or only one changed source.
    let ws = session.state.ws.clone();
    let index = Index::new(ws.clone());
    let kept: Unchanged = ws.sources[1..]
        .iter()
        .map(|s| (s.file.clone(), s.passages.clone()))
        .collect();
    for (what, reuse) in [("every source", false), ("one source changed", true)] {
        let mut times = Vec::new();
        for _ in 0..runs {
            let t = Instant::now();
            let (loaded, next) = if reuse {
                let l = reopen(&dir, &limits, &kept).expect("opens");
                let ws = Arc::new(l.ws);
                (ws.clone(), Index::after(&index, ws))
            } else {
                let ws = Arc::new(open_with(&dir, &limits).expect("opens").ws);
                (ws.clone(), Index::new(ws))
            };
            times.push(t.elapsed().as_secs_f64() * 1e3);
            drop((loaded, next));
        }
        println!(
            "reload with its search index, {what} read and folded: median {:.1} ms",
            median(times)
        );
    }
    drop(index);

    // Keys with nothing else running, to compare with.
    let mut quiet = Vec::new();
    for i in 0..10 {
        let code = if i % 2 == 0 {
            KeyCode::Down
        } else {
            KeyCode::Up
        };
        let t = Instant::now();
        session
            .apply(Input::Key(KeyEvent::new(code, KeyModifiers::NONE)))
            .unwrap();
        session.draw().unwrap();
        quiet.push(t.elapsed().as_secs_f64() * 1e3);
    }
    println!("keys with no reload: median {:.2} ms", median(quiet));

    // Keys while a reload loads elsewhere: the UI thread never waits for it.
    let loading = Arc::new(AtomicBool::new(true));
    let (flag, root) = (loading.clone(), dir.clone());
    let loader = std::thread::spawn(move || {
        let t = Instant::now();
        let _ = open_with(&root, &limits);
        flag.store(false, Ordering::SeqCst);
        t.elapsed().as_secs_f64() * 1e3
    });
    let mut keys = Vec::new();
    let mut down = true;
    while loading.load(Ordering::SeqCst) {
        let code = if down { KeyCode::Down } else { KeyCode::Up };
        down = !down;
        let t = Instant::now();
        session
            .apply(Input::Key(KeyEvent::new(code, KeyModifiers::NONE)))
            .unwrap();
        session.draw().unwrap();
        keys.push(t.elapsed().as_secs_f64() * 1e3);
    }
    let load_ms = loader.join().unwrap();
    let worst = keys.iter().copied().fold(0.0, f64::max);
    println!(
        "keys during a {load_ms:.0} ms reload: {} answered, median {:.2} ms, worst {worst:.2} ms",
        keys.len(),
        median(keys.clone()),
    );
}
