//! `S`: sync the workspace through git ([`crate::sync`]). The sync runs as
//! an effect off the UI thread; its one-line result comes back to
//! [`synced`] and the status bar. What came in reaches the screen through
//! the workspace and notes watchers, as anyone's edit does.

use super::notes::Effect;
use super::state::State;
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
    state.syncing = true;
    state.effects.push(Effect::Sync);
    state.say("syncing…", false);
}

/// The sync ended: what it did, or why it stopped (its lines joined, so a
/// conflict's item and both values show).
pub fn synced(state: &mut State, result: Result<(String, LastChanges), String>) {
    state.syncing = false;
    match result {
        Ok((summary, last)) => {
            state.last_changes = last;
            state.say(summary, false)
        }
        Err(why) => {
            let lines: Vec<&str> = why.lines().map(str::trim).collect();
            state.say(format!("sync: {}", lines.join(" · ")), true);
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
            crate::ui::style::Palette { no_color: false },
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
                .filter(|e| matches!(e, Effect::Sync))
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
            Err("stopped\n  themes.yaml theme a: name.en: here \"x\", there \"y\"".into()),
        );
        assert!(!s.syncing);
        let status = s.status.as_ref().unwrap();
        assert!(
            status.error && status.text.contains("theme a: name.en"),
            "{}",
            status.text
        );

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
