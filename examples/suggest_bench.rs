//! Suggestion timings for issue 18 (no timings live in the tests):
//!   1. building every suggestion of a workspace version, as the watcher
//!      does once per reload ([`coopdash::suggest::Suggestions::build`]);
//!   2. opening the Suggestions view after that (`s`: the notes decide,
//!      the list is filtered and laid out) and drawing its first frame,
//!      then a key in it (`g`, which filters again), median ms.
//!
//!   cargo run --release --example suggest_bench -- DIR [RUNS]
//!
//! `bench/suggest.sh` runs it on a generated workspace of 100k passages.

use coopdash::suggest::{Suggestions, cached};
use coopdash::ui::style::Palette;
use coopdash::ui::{Input, Session, State};
use coopdash::workspace::{Limits, open_with};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::layout::Rect;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Instant;

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(f64::total_cmp);
    v[v.len() / 2]
}

fn ms(t: Instant) -> f64 {
    t.elapsed().as_secs_f64() * 1000.0
}

fn key(c: char) -> Input {
    Input::Key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE))
}

fn main() {
    let mut args = std::env::args().skip(1);
    let dir = PathBuf::from(args.next().expect("a workspace folder"));
    let runs: usize = args.next().map_or(9, |r| r.parse().expect("a count"));
    // Our own generated data, not an analyst's: caps raised.
    let limits = Limits {
        sources: usize::MAX,
        passages: usize::MAX,
        entities: usize::MAX,
        links: usize::MAX,
        source_bytes: usize::MAX,
        ..Default::default()
    };
    let ws = Arc::new(open_with(&dir, &limits).expect("the workspace opens").ws);
    let mentions: usize = ws.themes.iter().map(|t| t.mentions.len()).sum();
    println!(
        "{} passages, {} themes, {} theme mentions",
        ws.passage_count(),
        ws.themes.len(),
        mentions
    );

    let builds: Vec<f64> = (0..runs)
        .map(|_| {
            let t = Instant::now();
            let s = Suggestions::build(&ws);
            let took = ms(t);
            std::hint::black_box(s);
            took
        })
        .collect();
    let built = cached(&ws);
    println!(
        "build once per reload: median {:.1} ms, worst {:.1} ms ({} suggestions)",
        median(builds.clone()),
        builds.iter().copied().fold(0.0, f64::max),
        built.items().len()
    );

    let (mut opens, mut keys) = (Vec::new(), Vec::new());
    for _ in 0..runs {
        let state = State::new(ws.clone(), Palette::new(false), Rect::new(0, 0, 120, 40));
        let terminal = Terminal::new(TestBackend::new(120, 40)).unwrap();
        let mut session = Session::new(terminal, state);
        session.draw().unwrap();
        let t = Instant::now();
        session.apply(key('s')).unwrap();
        session.draw().unwrap();
        opens.push(ms(t));
        let t = Instant::now();
        session.apply(key('g')).unwrap();
        session.draw().unwrap();
        keys.push(ms(t));
    }
    println!(
        "open the view and draw (s): median {:.2} ms, worst {:.2} ms",
        median(opens.clone()),
        opens.iter().copied().fold(0.0, f64::max)
    );
    println!(
        "regroup and draw (g): median {:.2} ms, worst {:.2} ms",
        median(keys.clone()),
        keys.iter().copied().fold(0.0, f64::max)
    );
    println!("a frame at 60 Hz: 16.7 ms");
}
