//! Progress of long work (a load, a reload, an import, an export), for
//! whoever shows it: the CLI's bar on a terminal, the dashboard's loading
//! screen and status bar. The core knows nothing of them; it says what it
//! is doing.
//!
//! The work reports to the [`Progress`] of its thread, set by [`observe`]
//! (none: the reports cost an atomic load and go nowhere). Code that
//! shares work out between threads hands the observer on with
//! [`current`] and [`within`], so deep functions keep their signatures.

use std::cell::RefCell;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

/// Work that ends sooner shows no progress anywhere (no flicker).
pub const QUIET_FOR: Duration = Duration::from_millis(500);

/// How often progress, once shown, is drawn again.
pub const TICK: Duration = Duration::from_millis(100);

/// What a piece of work has done so far. Shared between the threads doing
/// it and the one showing it.
#[derive(Debug, Default)]
pub struct Progress {
    /// The current stage, in a few words ("finding mentions").
    stage: Mutex<&'static str>,
    /// Units done in this stage.
    done: AtomicU64,
    /// Units this stage has in all (0: unknown).
    total: AtomicU64,
    /// Set when the work is over, however it ended.
    finished: AtomicBool,
}

/// A reading of a [`Progress`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Snapshot {
    /// The current stage ("" before the first).
    pub stage: &'static str,
    /// Units done in it.
    pub done: u64,
    /// Units in all (0: unknown).
    pub total: u64,
    /// Whether the work is over.
    pub finished: bool,
}

impl Snapshot {
    /// The share done, from 0 to 1 (0 when the total is unknown).
    pub fn ratio(&self) -> f64 {
        if self.total == 0 {
            0.0
        } else {
            (self.done as f64 / self.total as f64).min(1.0)
        }
    }
}

impl Progress {
    /// A new, shared progress.
    pub fn new() -> Arc<Progress> {
        Arc::new(Progress::default())
    }

    /// Reads it.
    pub fn snapshot(&self) -> Snapshot {
        Snapshot {
            stage: *self.stage.lock().unwrap_or_else(|e| e.into_inner()),
            done: self.done.load(Ordering::Relaxed),
            total: self.total.load(Ordering::Relaxed),
            finished: self.finished.load(Ordering::Acquire),
        }
    }

    /// Marks the work over.
    pub fn finish(&self) {
        self.finished.store(true, Ordering::Release);
    }

    fn begin(&self, stage: &'static str, total: u64) {
        *self.stage.lock().unwrap_or_else(|e| e.into_inner()) = stage;
        self.total.store(total, Ordering::Relaxed);
        self.done.store(0, Ordering::Relaxed);
    }
}

thread_local! {
    static CURRENT: RefCell<Option<Arc<Progress>>> = const { RefCell::new(None) };
}

/// Runs `work` reporting to `progress` (on this thread, and on the threads
/// it hands the observer to), then marks it finished (even if `work`
/// panics: nobody is left showing a bar that never ends).
pub fn observe<T>(progress: &Arc<Progress>, work: impl FnOnce() -> T) -> T {
    struct Finish<'a>(&'a Progress);
    impl Drop for Finish<'_> {
        fn drop(&mut self) {
            self.0.finish();
        }
    }
    let _finish = Finish(progress);
    within(Some(progress.clone()), work)
}

/// The observer of this thread, to hand to a thread the work spawns.
pub fn current() -> Option<Arc<Progress>> {
    CURRENT.with(|c| c.borrow().clone())
}

/// Runs `work` with `observer` as this thread's (what [`current`] gave on
/// the spawning thread); the previous one is put back after.
pub fn within<T>(observer: Option<Arc<Progress>>, work: impl FnOnce() -> T) -> T {
    let previous = CURRENT.with(|c| std::mem::replace(&mut *c.borrow_mut(), observer));
    // Put back even if `work` panics: the thread may be reused.
    struct Reset(Option<Option<Arc<Progress>>>);
    impl Drop for Reset {
        fn drop(&mut self) {
            let previous = self.0.take().flatten();
            CURRENT.with(|c| *c.borrow_mut() = previous);
        }
    }
    let _reset = Reset(Some(previous));
    work()
}

/// Runs per core [`on_cores`] cuts its items into: enough that a core
/// slowed by a large run (or by another process) does not hold the others
/// back, few enough that per-run results stay small.
const RUNS_PER_CORE: usize = 8;

/// Runs `work` on contiguous runs of `items` on every core, each thread
/// reporting to this thread's observer; the results in the items' order.
/// The runs weigh about the same by `weight` (bytes, say), and a core takes
/// the next run as soon as it is done with one, so the cores finish
/// together even when items differ in size. `work` gets its run's first
/// index and the run.
pub fn on_cores<T: Sync, R: Send>(
    items: &[T],
    weight: impl Fn(&T) -> usize,
    work: impl Fn(usize, &[T]) -> R + Sync,
) -> Vec<R> {
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get());
    let runs = runs_by_weight(items, weight, threads * RUNS_PER_CORE);
    let next = std::sync::atomic::AtomicUsize::new(0);
    let observer = current();
    let (work, runs, next) = (&work, &runs, &next);
    let mut done: Vec<(usize, R)> = std::thread::scope(|s| {
        let handles: Vec<_> = (0..threads.min(runs.len()))
            .map(|_| {
                let observer = observer.clone();
                s.spawn(move || {
                    within(observer, || {
                        let mut done = Vec::new();
                        loop {
                            let i = next.fetch_add(1, Ordering::Relaxed);
                            let Some(run) = runs.get(i) else {
                                return done;
                            };
                            done.push((i, work(run.start, &items[run.clone()])));
                        }
                    })
                })
            })
            .collect();
        handles
            .into_iter()
            .flat_map(|h| h.join().unwrap_or_else(|e| std::panic::resume_unwind(e)))
            .collect()
    });
    done.sort_unstable_by_key(|(i, _)| *i);
    done.into_iter().map(|(_, r)| r).collect()
}

/// Cuts `items` into at most about `count` contiguous runs of about the
/// same weight (an item heavier than a share is a run of its own).
fn runs_by_weight<T>(
    items: &[T],
    weight: impl Fn(&T) -> usize,
    count: usize,
) -> Vec<std::ops::Range<usize>> {
    let weights: Vec<usize> = items.iter().map(|i| weight(i).max(1)).collect();
    let share = weights.iter().sum::<usize>().div_ceil(count.max(1));
    let mut runs = Vec::new();
    let (mut start, mut held) = (0, 0);
    for (i, w) in weights.into_iter().enumerate() {
        held += w;
        if held >= share {
            runs.push(start..i + 1);
            (start, held) = (i + 1, 0);
        }
    }
    if start < items.len() {
        runs.push(start..items.len());
    }
    runs
}

/// Starts a stage of `total` units (0: unknown) on this thread's observer.
pub fn stage(name: &'static str, total: usize) {
    CURRENT.with(|c| {
        if let Some(p) = &*c.borrow() {
            p.begin(name, total as u64);
        }
    });
}

/// Counts `units` more done in the current stage.
pub fn advance(units: usize) {
    CURRENT.with(|c| {
        if let Some(p) = &*c.borrow() {
            p.done.fetch_add(units as u64, Ordering::Relaxed);
        }
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reports_reach_the_observer_across_threads_and_nowhere_else() {
        let p = Progress::new();
        stage("unobserved", 5);
        advance(5);
        observe(&p, || {
            stage("counting", 10);
            let handed = current();
            std::thread::scope(|s| {
                s.spawn(|| within(handed, || advance(4)));
            });
            advance(3);
            // Shared out between cores, in order, every unit reported.
            let starts = on_cores(
                &[1, 2, 3],
                |_| 1,
                |first, run| {
                    advance(0);
                    (first, run.len())
                },
            );
            assert_eq!(starts.iter().map(|(_, n)| n).sum::<usize>(), 3);
            assert!(starts.windows(2).all(|w| w[0].0 < w[1].0));
            let now = p.snapshot();
            assert_eq!((now.stage, now.done, now.total), ("counting", 7, 10));
            assert!(!now.finished);
            assert!((now.ratio() - 0.7).abs() < 1e-9);
        });
        assert!(p.snapshot().finished);
        // Outside the observed work, reports go nowhere again.
        advance(100);
        assert_eq!(p.snapshot().done, 7);
        assert!(current().is_none());
    }

    #[test]
    fn runs_weigh_about_the_same_and_cover_every_item_in_order() {
        let items: Vec<usize> = (0..100).map(|i| if i < 10 { 50 } else { 1 }).collect();
        let runs = runs_by_weight(&items, |&w| w, 4);
        assert_eq!(runs.first().map(|r| r.start), Some(0));
        assert_eq!(runs.last().map(|r| r.end), Some(100));
        assert!(runs.windows(2).all(|w| w[0].end == w[1].start));
        // 590 in all: the ten heavy items fill the first three runs.
        let weights: Vec<usize> = runs.iter().map(|r| items[r.clone()].iter().sum()).collect();
        assert_eq!(weights, [150, 150, 150, 140]);
        assert!(runs_by_weight(&[] as &[usize], |&w| w, 4).is_empty());
        // Results come back in order, whichever core ran them.
        let firsts = on_cores(&items, |&w| w, |first, run| (first, run.len()));
        assert!(firsts.windows(2).all(|w| w[0].0 + w[0].1 == w[1].0));
        assert_eq!(firsts.iter().map(|(_, n)| n).sum::<usize>(), 100);
    }
}
