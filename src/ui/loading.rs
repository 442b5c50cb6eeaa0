//! The loading screen: a workspace that takes longer than half a second to
//! load shows a bar and what the load is doing, and `q` (or Esc, Ctrl-C)
//! quits without waiting for it.

use crate::progress::{self, Progress, QUIET_FOR, Snapshot, TICK};
use crate::workspace::{self, Limits, LoadError, Loaded};
use ratatui::Frame;
use ratatui::crossterm::event::{self, Event, KeyCode, KeyEventKind, KeyModifiers};
use ratatui::layout::{Constraint, Layout};
use ratatui::style::{Modifier, Style};
use ratatui::text::Line;
use ratatui::widgets::{Block, Gauge, Paragraph};
use std::path::Path;
use std::sync::mpsc::{self, RecvTimeoutError};
use std::time::Duration;

/// Opens the workspace `root`, showing the loading screen while it takes
/// long. `None`: the analyst quit before it was loaded.
pub fn open(root: &Path, limits: &Limits) -> anyhow::Result<Option<Result<Loaded, LoadError>>> {
    let p = Progress::new();
    let (tx, rx) = mpsc::channel();
    {
        let (root, limits, p) = (root.to_path_buf(), *limits, p.clone());
        // Not joined if the analyst quits: the process ends with it.
        std::thread::spawn(move || {
            let loaded = progress::observe(&p, || workspace::open_with(&root, &limits));
            let _ = tx.send(loaded);
        });
    }
    match rx.recv_timeout(QUIET_FOR) {
        Ok(loaded) => return Ok(Some(loaded)),
        Err(RecvTimeoutError::Disconnected) => anyhow::bail!("the loading thread stopped"),
        Err(RecvTimeoutError::Timeout) => {}
    }
    let mut terminal = ratatui::try_init()?;
    // Restored however this ends: the dashboard sets the terminal up again.
    struct Restore;
    impl Drop for Restore {
        fn drop(&mut self) {
            ratatui::restore();
        }
    }
    let _restore = Restore;
    let shown = crate::text::sanitize(&root.display().to_string()).into_owned();
    loop {
        let now = p.snapshot();
        terminal.draw(|f| view(&now, &shown, f))?;
        match rx.recv_timeout(Duration::ZERO) {
            Ok(loaded) => return Ok(Some(loaded)),
            Err(RecvTimeoutError::Disconnected) => anyhow::bail!("the loading thread stopped"),
            Err(RecvTimeoutError::Timeout) => {}
        }
        if event::poll(TICK)?
            && let Event::Key(key) = event::read()?
            && key.kind != KeyEventKind::Release
            && quits(key.code, key.modifiers)
        {
            return Ok(None);
        }
    }
}

fn quits(code: KeyCode, modifiers: KeyModifiers) -> bool {
    matches!(code, KeyCode::Char('q') | KeyCode::Esc)
        || (code == KeyCode::Char('c') && modifiers.contains(KeyModifiers::CONTROL))
}

/// Draws the loading screen: the workspace, a bar with what the load is
/// doing, and how to quit.
pub fn view(now: &Snapshot, workspace: &str, frame: &mut Frame) {
    let area = super::areas::centred(frame.area(), 60, 7);
    let block = Block::bordered().title(" coopdash ");
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let [title, bar, _, hint] = Layout::vertical([Constraint::Length(1); 4]).areas(inner);
    frame.render_widget(
        Paragraph::new(Line::from(format!("loading {workspace}"))),
        title,
    );
    let stage = if now.stage.is_empty() {
        "starting"
    } else {
        now.stage
    };
    let label = if now.total == 0 {
        stage.to_string()
    } else {
        format!("{stage} {:.0}%", now.ratio() * 100.0)
    };
    frame.render_widget(
        Gauge::default()
            .ratio(now.ratio())
            .label(label)
            .gauge_style(Style::default().add_modifier(Modifier::REVERSED)),
        bar,
    );
    frame.render_widget(Paragraph::new("q quit"), hint);
}

#[cfg(test)]
mod tests {
    use super::*;
    use ratatui::Terminal;
    use ratatui::backend::TestBackend;

    fn screen(now: &Snapshot, width: u16, height: u16) -> String {
        let mut t = Terminal::new(TestBackend::new(width, height)).unwrap();
        t.draw(|f| view(now, "/data/ws", f)).unwrap();
        let buf = t.backend().buffer().clone();
        (0..height)
            .map(|y| (0..width).map(|x| buf[(x, y)].symbol()).collect::<String>())
            .collect::<Vec<_>>()
            .join("\n")
    }

    #[test]
    fn the_screen_says_what_the_load_does_and_how_far_it_is() {
        let now = Snapshot {
            stage: "finding mentions",
            done: 45,
            total: 100,
            finished: false,
        };
        let s = screen(&now, 80, 24);
        assert!(s.contains("loading /data/ws"), "{s}");
        assert!(s.contains("finding mentions 45%"), "{s}");
        assert!(s.contains("q quit"), "{s}");
        // Small terminals get what fits, without a panic.
        screen(&now, 10, 3);
        let open_ended = Snapshot {
            stage: "",
            done: 0,
            total: 0,
            finished: false,
        };
        assert!(screen(&open_ended, 80, 24).contains("starting"));
    }

    #[test]
    fn q_esc_and_ctrl_c_quit() {
        assert!(quits(KeyCode::Char('q'), KeyModifiers::NONE));
        assert!(quits(KeyCode::Esc, KeyModifiers::NONE));
        assert!(quits(KeyCode::Char('c'), KeyModifiers::CONTROL));
        assert!(!quits(KeyCode::Char('c'), KeyModifiers::NONE));
    }
}
