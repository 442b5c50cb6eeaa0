//! Driving the real binary in a real terminal: a private tmux server per
//! test, `send-keys` in, `capture-pane` out.

use std::process::{Command, Output};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

static NEXT: AtomicUsize = AtomicUsize::new(0);

/// How long to wait for something that must appear on the screen.
pub const WAIT: Duration = Duration::from_secs(60);

/// A tmux server with one window running a command.
pub struct Tmux {
    socket: String,
}

impl Tmux {
    /// Starts `command` (a shell command line) in a `width`×`height` window.
    /// The shell prints `EXIT=<code>` when the command ends and stays open
    /// so the screen can be read afterwards.
    pub fn start(width: u16, height: u16, command: &str) -> Tmux {
        let socket = format!(
            "coopdash-test-{}-{}",
            std::process::id(),
            NEXT.fetch_add(1, Ordering::SeqCst)
        );
        let t = Tmux { socket };
        let wrapped = format!("{command}; echo EXIT=$?; sleep 600");
        let out = t.tmux(&[
            "-f",
            "/dev/null",
            "new-session",
            "-d",
            "-x",
            &width.to_string(),
            "-y",
            &height.to_string(),
            &wrapped,
        ]);
        assert!(
            out.status.success(),
            "tmux failed: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        t
    }

    /// Runs a tmux command on this server (`set -g mouse on`…); panics
    /// when it fails.
    pub fn command(&self, args: &[&str]) {
        let out = self.tmux(args);
        assert!(
            out.status.success(),
            "tmux {args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    }

    fn tmux(&self, args: &[&str]) -> Output {
        Command::new("tmux")
            .arg("-u")
            .arg("-L")
            .arg(&self.socket)
            .args(args)
            .env("LANG", "C.UTF-8")
            .env_remove("TMUX")
            .output()
            .expect("tmux runs")
    }

    /// The visible screen as text.
    pub fn screen(&self) -> String {
        String::from_utf8_lossy(&self.tmux(&["capture-pane", "-p", "-t", "0"]).stdout).into_owned()
    }

    /// Row `y` of the screen as cells, each with whether its background is
    /// yellow (coopdash's cursor and current-mark colour).
    pub fn row_cells(&self, y: usize) -> Vec<(char, bool)> {
        let out = self.tmux(&["capture-pane", "-p", "-e", "-t", "0"]);
        let text = String::from_utf8_lossy(&out.stdout).into_owned();
        let line = text.lines().nth(y).unwrap_or("");
        let mut cells = Vec::new();
        let mut yellow = false;
        let mut chars = line.chars().peekable();
        while let Some(c) = chars.next() {
            if c != '\x1b' {
                cells.push((c, yellow));
                continue;
            }
            // An SGR sequence: ESC [ params m.
            let mut params = String::new();
            chars.next();
            for p in chars.by_ref() {
                if p == 'm' {
                    break;
                }
                params.push(p);
            }
            // `43`, or tmux's `48;5;3`: yellow; `0` or `49`: default.
            let params: Vec<&str> = params.split(';').collect();
            if params == ["43"] || params == ["48", "5", "3"] {
                yellow = true;
            } else if params.iter().any(|p| matches!(*p, "" | "0" | "49"))
                || params.first() == Some(&"48")
            {
                yellow = false;
            }
        }
        cells
    }

    /// Sends key names (`j`, `Enter`, `Escape`, `C-c`…).
    pub fn keys(&self, keys: &[&str]) {
        let mut args = vec!["send-keys", "-t", "0"];
        args.extend_from_slice(keys);
        assert!(self.tmux(&args).status.success());
    }

    /// Types text literally (Arabic included).
    pub fn type_text(&self, text: &str) {
        assert!(
            self.tmux(&["send-keys", "-t", "0", "-l", text])
                .status
                .success()
        );
    }

    /// Pastes `text` as a terminal does: tmux's `paste-buffer -p` sends it
    /// as a bracketed paste (the application asked for it), its line ends
    /// turned into CR.
    pub fn paste(&self, text: &str) {
        assert!(
            self.tmux(&["set-buffer", "-b", "test", "--", text])
                .status
                .success()
        );
        assert!(
            self.tmux(&["paste-buffer", "-p", "-b", "test", "-t", "0"])
                .status
                .success()
        );
    }

    /// A tmux format value for the pane (`#{alternate_on}`, `#{cursor_flag}`…).
    pub fn format(&self, format: &str) -> String {
        String::from_utf8_lossy(
            &self
                .tmux(&["display-message", "-p", "-t", "0", format])
                .stdout,
        )
        .trim()
        .to_string()
    }

    /// From now on, appends everything the command writes to its terminal
    /// (the raw bytes, before tmux draws them) to `file`.
    pub fn pipe_output(&self, file: &std::path::Path) {
        let cat = format!("cat >> '{}'", file.display());
        assert!(self.tmux(&["pipe-pane", "-t", "0", &cat]).status.success());
    }

    /// Resizes the window.
    pub fn resize(&self, width: u16, height: u16) {
        assert!(
            self.tmux(&[
                "resize-window",
                "-t",
                "0",
                "-x",
                &width.to_string(),
                "-y",
                &height.to_string()
            ])
            .status
            .success()
        );
    }

    /// Waits until the screen satisfies `pred`; panics with the screen after
    /// `timeout`.
    pub fn wait_for(&self, what: &str, timeout: Duration, pred: impl Fn(&str) -> bool) -> String {
        let start = Instant::now();
        loop {
            let screen = self.screen();
            if pred(&screen) {
                return screen;
            }
            assert!(
                start.elapsed() < timeout,
                "timed out waiting for {what}; screen:\n{screen}"
            );
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    /// Waits until the screen contains `text` (a generous deadline: a slow
    /// machine only makes this wait longer).
    pub fn wait_text(&self, text: &str) -> String {
        self.wait_for(text, WAIT, |s| s.contains(text))
    }
}

/// A real pointer in a real terminal, as near as a test gets: a tmux server
/// with `mouse on` (the inner one, running the command) attached from a
/// pane of another (the outer one). The outer pane is the inner client's
/// terminal: SGR reports typed into it are the bytes a terminal sends for
/// a click or a wheel notch, and the inner tmux turns them into mouse
/// events for its pane, passed on in the encoding the pane asked for
/// (1000 + 1006) — or, when the pane asked for none, kept for itself
/// (the wheel enters copy mode), as with any terminal's own selection.
/// (`send-keys -M` cannot do this: it only replays the mouse event of a
/// binding being run, which needs an attached client's real mouse.)
pub struct MouseTmux {
    /// The server whose pane runs the command: read its screen and
    /// flags, send it keys.
    pub inner: Tmux,
    outer: Tmux,
}

impl MouseTmux {
    /// Starts `command` in a `width`×`height` pane with the mouse on, and
    /// attaches a client to it.
    pub fn start(width: u16, height: u16, command: &str) -> MouseTmux {
        let inner = Tmux::start(width, height, command);
        inner.command(&["set", "-g", "mouse", "on"]);
        inner.command(&["set", "-g", "status", "off"]);
        let attach = format!("env -u TMUX tmux -u -L {} attach", inner.socket);
        let outer = Tmux::start(width, height, &attach);
        let start = Instant::now();
        while inner.format("#{session_attached}") != "1" {
            assert!(
                start.elapsed() < WAIT,
                "the client never attached:\n{}",
                outer.screen()
            );
            std::thread::sleep(Duration::from_millis(50));
        }
        MouseTmux { inner, outer }
    }

    /// A left click (press and release) on the cell at column `x`, row `y`
    /// (from 0).
    pub fn click(&self, x: u16, y: u16) {
        self.outer
            .type_text(&format!("{}{}", sgr(0, x, y, 'M'), sgr(0, x, y, 'm')));
    }

    /// One wheel notch over the cell at column `x`, row `y`.
    pub fn wheel(&self, x: u16, y: u16, down: bool) {
        self.outer
            .type_text(&sgr(if down { 65 } else { 64 }, x, y, 'M'));
    }
}

/// An SGR mouse report (mode 1006): button code, 1-based cell, `M` press
/// or `m` release.
fn sgr(button: u8, x: u16, y: u16, end: char) -> String {
    format!("\x1b[<{button};{};{}{end}", x + 1, y + 1)
}

impl Drop for Tmux {
    fn drop(&mut self) {
        let _ = self.tmux(&["kill-server"]);
    }
}
