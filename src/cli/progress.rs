//! A progress bar on stderr for long work, when stderr is a terminal:
//! nothing in a pipe, a log or a test, and nothing for work done within
//! [`QUIET_FOR`](crate::progress::QUIET_FOR).

use crate::progress::{self, Progress, QUIET_FOR, TICK};
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use std::io::IsTerminal;
use std::sync::mpsc::{self, RecvTimeoutError};

/// Runs `work` on this thread, with a bar on stderr while it runs (see the
/// module documentation).
pub fn shown<T>(work: impl FnOnce() -> T) -> T {
    if !std::io::stderr().is_terminal() {
        return work();
    }
    let p = Progress::new();
    let (done, ended) = mpsc::channel::<()>();
    std::thread::scope(|s| {
        let watched = p.clone();
        s.spawn(move || draw(&watched, &ended));
        let out = progress::observe(&p, work);
        // The drawing thread wakes at once, not at its next tick.
        drop(done);
        out
    })
}

/// Draws `p` once it has run for [`QUIET_FOR`], until `ended` hangs up.
fn draw(p: &Progress, ended: &mpsc::Receiver<()>) {
    if ended.recv_timeout(QUIET_FOR) != Err(RecvTimeoutError::Timeout) {
        return;
    }
    let bar = ProgressBar::with_draw_target(None, ProgressDrawTarget::stderr());
    let counted = ProgressStyle::with_template("{msg:>22} [{bar:30}] {pos}/{len} {elapsed}")
        .expect("a valid template")
        .progress_chars("=> ");
    let open_ended =
        ProgressStyle::with_template("{msg:>22} {spinner} {elapsed}").expect("a valid template");
    loop {
        let now = p.snapshot();
        if now.total == 0 {
            bar.set_style(open_ended.clone());
            bar.tick();
        } else {
            bar.set_style(counted.clone());
            bar.set_length(now.total);
            bar.set_position(now.done.min(now.total));
        }
        // Stages are the program's own words, never data.
        bar.set_message(now.stage);
        if ended.recv_timeout(TICK) != Err(RecvTimeoutError::Timeout) {
            break;
        }
    }
    bar.finish_and_clear();
}
