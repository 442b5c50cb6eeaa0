//! Writes a deterministic synthetic workspace for benchmarks and manual
//! testing:
//!
//! ```sh
//! cargo run --release --example gen_workspace -- --passages 100000 --out /tmp/ws100k
//! coopdash -w /tmp/ws100k check
//! ```

mod synth;

use clap::Parser;
use std::path::PathBuf;

/// Generate a synthetic coopdash workspace.
#[derive(Parser)]
struct Args {
    /// Total number of passages.
    #[arg(long, default_value_t = 10_000)]
    passages: usize,
    /// Output folder (themes.yaml and seeds/ are replaced).
    #[arg(long)]
    out: PathBuf,
    /// PRNG seed; the same seed writes the same workspace.
    #[arg(long, default_value_t = 7)]
    seed: u64,
    /// Number of partner bodies (besides top-level organizations and people).
    #[arg(long, default_value_t = 3000)]
    bodies: usize,
    /// Also write every passage on one line to this file.
    #[arg(long)]
    lines: Option<PathBuf>,
}

fn main() -> std::io::Result<()> {
    let a = Args::parse();
    std::fs::create_dir_all(&a.out)?;
    let s = synth::generate(
        &a.out,
        &synth::Options {
            passages: a.passages,
            seed: a.seed,
            bodies: a.bodies,
            lines: a.lines,
        },
    )?;
    println!(
        "{}: {} sources, {} passages ({:.1} MB of text), {} partner bodies, {} themes, {} links, {} events",
        a.out.display(),
        s.sources,
        s.passages,
        s.text_bytes as f64 / 1e6,
        s.entities,
        s.themes,
        s.links,
        s.events
    );
    Ok(())
}
