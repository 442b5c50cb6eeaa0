//! Long work under way in a running dashboard (an import, an export, a
//! reload): once it has run for [`QUIET_FOR`], the status bar shows what it
//! does and how far it is ([`Busy`]), redrawn every [`TICK`] through the
//! session's deadline while keys go on working. Work done sooner shows
//! nothing.

use crate::progress::{Progress, QUIET_FOR, Snapshot, TICK};
use std::sync::Arc;
use std::time::Instant;

/// The work a session follows (the session's, read on each event).
#[derive(Debug, Default)]
pub struct Working {
    under_way: Vec<Followed>,
    /// When to read again, if anything is under way.
    next: Option<Instant>,
}

#[derive(Debug)]
struct Followed {
    what: &'static str,
    progress: Arc<Progress>,
    /// When the session first read it.
    since: Option<Instant>,
}

impl Working {
    /// Follows `progress`, of the work `what` names ("importing"), from
    /// the next [`Working::read`] on.
    pub fn follow(&mut self, what: &'static str, progress: Arc<Progress>) {
        self.under_way.push(Followed {
            what,
            progress,
            since: None,
        });
    }

    /// Forgets finished work and reads the rest at `now`: what the status
    /// bar shows (the oldest work past [`QUIET_FOR`]), if anything.
    pub fn read(&mut self, now: Instant) -> Option<Busy> {
        let mut shown = None;
        let mut next = None::<Instant>;
        self.under_way.retain_mut(|w| {
            let snapshot = w.progress.snapshot();
            if snapshot.finished {
                return false;
            }
            let shown_from = *w.since.get_or_insert(now) + QUIET_FOR;
            if now < shown_from {
                next = Some(next.map_or(shown_from, |n| n.min(shown_from)));
            } else if shown.is_none() {
                shown = Some(Busy {
                    what: w.what,
                    now: snapshot,
                });
            }
            true
        });
        self.next = if shown.is_some() {
            Some(now + TICK)
        } else {
            next
        };
        shown
    }

    /// When the session should read again ([`Working::read`] sets it):
    /// when the first work is due to show, then every [`TICK`].
    pub fn deadline(&self) -> Option<Instant> {
        self.next
    }
}

/// Long work as the status bar shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Busy {
    /// The work ("importing", "reloading").
    pub what: &'static str,
    /// How far it is.
    pub now: Snapshot,
}

impl Busy {
    /// "importing 40%", "reloading: finding mentions 13%", "exporting".
    pub fn label(&self) -> String {
        let stage = self.now.stage;
        let mut label = if stage.is_empty() || stage == self.what {
            self.what.to_string()
        } else {
            format!("{}: {stage}", self.what)
        };
        if self.now.total > 0 {
            label.push_str(&format!(" {:.0}%", self.now.ratio() * 100.0));
        }
        label
    }

    /// The label and a bar, in at most `width` columns (the bar goes first
    /// when there is no room for both): " importing 40% ████░░░░░░ ".
    pub fn line(&self, width: usize) -> String {
        let label = self.label();
        let room = width.saturating_sub(label.chars().count() + 3);
        if room < MIN_BAR {
            return label.chars().take(width).collect();
        }
        let cells = room.min(BAR);
        let filled = ((self.now.ratio() * cells as f64).round() as usize).min(cells);
        format!(
            " {label} {}{} ",
            "█".repeat(filled),
            "░".repeat(cells - filled)
        )
    }
}

/// The bar's width when there is room.
const BAR: usize = 20;
/// Narrower than this, no bar.
const MIN_BAR: usize = 5;

#[cfg(test)]
mod tests {
    use super::*;
    use crate::progress::{advance, observe, stage, within};

    #[test]
    fn work_shows_once_it_has_run_long_and_goes_when_finished() {
        let t0 = Instant::now();
        let mut w = Working::default();
        assert_eq!((w.read(t0), w.deadline()), (None, None));
        let p = Progress::new();
        w.follow("importing", p.clone());
        // Quiet at first, with a deadline for when it would show.
        assert_eq!(w.read(t0), None);
        assert_eq!(w.deadline(), Some(t0 + QUIET_FOR));
        assert_eq!(w.read(t0 + QUIET_FOR / 2), None);
        within(Some(p.clone()), || {
            stage("importing", 5);
            advance(2);
        });
        let busy = w.read(t0 + QUIET_FOR).expect("shown");
        assert_eq!(busy.label(), "importing 40%");
        assert_eq!(w.deadline(), Some(t0 + QUIET_FOR + TICK));
        observe(&p, || ());
        assert_eq!(w.read(t0 + QUIET_FOR + TICK), None);
        assert_eq!(w.deadline(), None);
    }

    #[test]
    fn quick_work_never_shows_and_the_oldest_long_work_does() {
        let t0 = Instant::now();
        let mut w = Working::default();
        let quick = Progress::new();
        w.follow("exporting", quick.clone());
        w.read(t0);
        quick.finish();
        assert_eq!(w.read(t0 + QUIET_FOR), None);
        let (old, young) = (Progress::new(), Progress::new());
        w.follow("reloading", old.clone());
        w.read(t0 + QUIET_FOR);
        w.follow("exporting", young);
        assert_eq!(w.read(t0 + QUIET_FOR * 3 / 2), None);
        assert_eq!(w.deadline(), Some(t0 + QUIET_FOR * 2));
        let busy = w.read(t0 + QUIET_FOR * 2).expect("shown");
        assert_eq!(busy.label(), "reloading");
        old.finish();
        let busy = w.read(t0 + QUIET_FOR * 3).expect("the next shown");
        assert_eq!(busy.label(), "exporting");
    }

    #[test]
    fn the_label_names_the_work_its_stage_and_the_share_done() {
        let busy = |stage, done, total| Busy {
            what: "reloading",
            now: Snapshot {
                stage,
                done,
                total,
                finished: false,
            },
        };
        assert_eq!(busy("", 0, 0).label(), "reloading");
        assert_eq!(
            busy("finding mentions", 13, 100).label(),
            "reloading: finding mentions 13%"
        );
        assert_eq!(busy("reloading", 1, 2).label(), "reloading 50%");
        // Stages are the program's own words: a character is a column.
        let half = busy("reloading", 1, 2);
        assert_eq!(
            half.line(80),
            format!(" reloading 50% {}{} ", "█".repeat(10), "░".repeat(10))
        );
        assert_eq!(half.line(21), " reloading 50% ███░░ ");
        assert_eq!(half.line(8), "reloadin");
        assert_eq!(
            busy("", 0, 0).line(40),
            format!(" reloading {} ", "░".repeat(20))
        );
    }
}
