//! `S`: sync the workspace through git ([`crate::sync`]). The sync runs as
//! an effect off the UI thread; its one-line result comes back to
//! [`synced`] and the status bar. What came in reaches the screen through
//! the workspace and notes watchers, as anyone's edit does.

use super::action::Action;
use super::notes::Effect;
use super::overlays::Overlay;
use super::state::{Confirm, State};
use crate::sync::Take;
use std::collections::HashMap;

/// The last change of each item, by id, as Details shows it
/// (`2026-12-02 10:40 by ana`).
pub type LastChanges = HashMap<String, String>;

/// The history's last changes, worded for Details.
pub fn last_changes(changes: HashMap<String, crate::sync::log::Change>) -> LastChanges {
    changes
        .into_iter()
        .map(|(id, c)| {
            let when = c.when.get(..16).unwrap_or(&c.when).replace('T', " ");
            (id, format!("{when} by {}", c.who.join(", ")))
        })
        .collect()
}

/// Queues a sync, unless one of this session's is running or (over
/// `serve`) the analyst is not a curator.
pub fn request(state: &mut State) {
    if state.sync_curators_only
        && let Err(why) = &state.curation
    {
        let why = format!("sync is for curators: {why}");
        return state.say(why, true);
    }
    if state.syncing {
        return state.say("a sync is running; its result comes here", false);
    }
    start(state, None);
}

fn start(state: &mut State, take: Option<Take>) {
    state.syncing = true;
    state.effects.push(Effect::Sync(take));
    state.say("syncing…", false);
}

/// Why a sync stopped.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Stopped {
    /// The message, one or more lines.
    pub why: String,
    /// Whether it stopped on true conflicts (a side can be chosen).
    pub conflict: bool,
}

/// The answer to the conflict question: sync again keeping theirs (`y`)
/// or ours (`d`), or leave it (`n`).
pub fn answer(state: &mut State, action: Action) {
    match action {
        Action::Answer(true) => start(state, Some(Take::Theirs)),
        Action::Alternative => start(state, Some(Take::Ours)),
        _ => state.say(
            "conflict left for later: the local commit is kept, nothing was pushed",
            false,
        ),
    }
}

/// The sync ended: what it did, or why it stopped (its lines joined, so a
/// conflict's item and both values show).
/// A conflict also asks the curator which side to keep.
pub fn synced(state: &mut State, result: Result<(String, LastChanges), Stopped>) {
    state.syncing = false;
    match result {
        Ok((summary, last)) => {
            state.last_changes = last;
            state.say(summary, false)
        }
        Err(stopped) => {
            let lines: Vec<&str> = stopped.why.lines().map(str::trim).collect();
            state.say(format!("sync: {}", lines.join(" · ")), true);
            if stopped.conflict {
                // The conflicts, without the command line's advice.
                let question = stopped
                    .why
                    .lines()
                    .filter(|l| !l.trim_start().starts_with("settle it"))
                    .map(str::trim)
                    .collect::<Vec<_>>()
                    .join("\n");
                state.overlays.open(Overlay::Confirm(Confirm::SyncConflict {
                    question: format!("{question}\nKeep which side for these?"),
                }));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ui::notes::Effect;

    fn state() -> State {
        let ws = std::sync::Arc::new(crate::model::Workspace::empty(std::path::Path::new(".")));
        State::new(
            ws,
            crate::ui::style::Palette::new(false),
            ratatui::layout::Rect::new(0, 0, 80, 24),
        )
    }

    #[test]
    fn one_sync_at_a_time_and_curators_only_over_serve() {
        let mut s = state();
        request(&mut s);
        request(&mut s);
        assert_eq!(
            s.effects
                .iter()
                .filter(|e| matches!(e, Effect::Sync(None)))
                .count(),
            1
        );
        synced(
            &mut s,
            Ok((
                "synced".into(),
                [("a".to_string(), "then".to_string())].into(),
            )),
        );
        assert_eq!(s.last_changes["a"], "then");
        request(&mut s);
        synced(
            &mut s,
            Err(Stopped {
                why: "stopped\n  themes.yaml theme a: name.en: here \"x\", there \"y\"\n  settle it: …"
                    .into(),
                conflict: true,
            }),
        );
        assert!(!s.syncing);
        let status = s.status.as_ref().unwrap();
        assert!(
            status.error && status.text.contains("theme a: name.en"),
            "{}",
            status.text
        );
        // The curator is asked which side to keep; `d` keeps ours.
        let Some(Overlay::Confirm(Confirm::SyncConflict { question })) = s.overlays.top() else {
            panic!("no question")
        };
        assert!(question.contains("here \"x\", there \"y\"") && !question.contains("settle it"));
        s.effects.clear();
        s.overlays.take_confirm();
        answer(&mut s, Action::Alternative);
        assert!(matches!(s.effects[..], [Effect::Sync(Some(Take::Ours))]));

        let mut s = state();
        s.sync_curators_only = true;
        s.curation = Err("not a curator".into());
        request(&mut s);
        assert!(s.effects.is_empty());
        assert!(
            s.status
                .as_ref()
                .unwrap()
                .text
                .starts_with("sync is for curators")
        );
    }
}
