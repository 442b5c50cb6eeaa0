//! The settings file: read from the XDG place, its errors with line
//! numbers, flag > environment > file, remapped keys in help and at work,
//! and the author from the password database when the environment names
//! nobody.

use crate::support::notes::{Fixture, ok_line};
use crate::support::ui::Dash;
use crate::support::{coopdash, stderr, stdout};
use coopdash::ui::views::Chart;
use ratatui::crossterm::event::KeyCode;
use std::path::Path;
use std::process::{Command, Output};
use std::sync::Arc;

/// The author of a note added by `cmd` (more arguments already given).
fn author_of(f: &Fixture, mut cmd: Command) -> String {
    cmd.args(["note", "add", "cybercrime", "x"]);
    let out = cmd.output().unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    let id = ok_line(&out);
    let listed = f.run(&["note", "list", "--json"], "");
    let listed: serde_json::Value = serde_json::from_str(&stdout(&listed)).unwrap();
    let note = listed
        .as_array()
        .unwrap()
        .iter()
        .find(|n| n["id"] == id.as_str())
        .unwrap()
        .clone();
    note["author"].as_str().unwrap().to_string()
}

/// The fixture's command with `COOPDASH_AUTHOR` and the settings file
/// cleared, then `args` in front.
fn cmd(f: &Fixture, args: &[&str]) -> Command {
    let mut c = f.cmd(args);
    c.env_remove("COOPDASH_AUTHOR")
        .env_remove("COOPDASH_CONFIG");
    c
}

fn write(dir: &Path, name: &str, text: &str) -> String {
    let path = dir.join(name);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(&path, text).unwrap();
    path.to_str().unwrap().to_string()
}

#[test]
fn the_file_is_found_where_xdg_says_and_flag_beats_env_beats_file() {
    let f = Fixture::new();
    let conf = tempfile::tempdir().unwrap();
    write(
        conf.path(),
        "xdg/coopdash/config.toml",
        "author = \"from-xdg\"\n",
    );
    write(
        conf.path(),
        "home/.config/coopdash/config.toml",
        "author = \"from-home\"\n",
    );
    let with = |xdg: bool| {
        let mut c = cmd(&f, &[]);
        c.env("HOME", conf.path().join("home"));
        if xdg {
            c.env("XDG_CONFIG_HOME", conf.path().join("xdg"));
        } else {
            c.env_remove("XDG_CONFIG_HOME");
        }
        c
    };
    assert_eq!(author_of(&f, with(true)), "from-xdg");
    assert_eq!(author_of(&f, with(false)), "from-home");
    let mut env = with(true);
    env.env("COOPDASH_AUTHOR", "from-env");
    assert_eq!(author_of(&f, env), "from-env");
    let mut flag = with(true);
    flag.env("COOPDASH_AUTHOR", "from-env")
        .args(["--author", "from-flag"]);
    assert_eq!(author_of(&f, flag), "from-flag");
    let mut none = with(true);
    none.args(["--no-config"]).env("USER", "login");
    assert_eq!(author_of(&f, none), "login");
}

/// `kwic` lines of the seed in `args`' bidi mode: shaped (presentation
/// forms) only when coopdash lays out Arabic itself.
fn shaped(args: &[&str], env: Option<&str>) -> bool {
    let mut c = coopdash();
    c.args(args)
        .arg("--workspace")
        .arg(crate::support::root())
        .args(["kwic", "cybercrime"])
        .env_remove("COOPDASH_CONFIG")
        .env_remove("COOPDASH_BIDI");
    if let Some(mode) = env {
        c.env("COOPDASH_BIDI", mode);
    }
    let out = c.output().unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    // Arabic Presentation Forms-B: the joined letters.
    stdout(&out)
        .chars()
        .any(|c| ('\u{FE70}'..='\u{FEFF}').contains(&c))
}

#[test]
fn bidi_mode_precedence_is_flag_then_environment_then_file() {
    let dir = tempfile::tempdir().unwrap();
    let terminal = write(dir.path(), "terminal.toml", "bidi = \"terminal\"\n");
    let app = write(dir.path(), "app.toml", "bidi = \"app\"\n");
    assert!(shaped(&["--no-config"], None), "the default is app");
    assert!(!shaped(&["--config", &terminal], None), "the file applies");
    assert!(shaped(&["--config", &app], None));
    assert!(
        !shaped(&["--config", &app], Some("terminal")),
        "env beats file"
    );
    assert!(
        shaped(&["--config", &terminal, "--bidi", "app"], Some("terminal")),
        "flag beats env and file"
    );
}

/// Runs a dashboard-less command with `config` as the settings file.
fn with_config(text: &str) -> Output {
    let dir = tempfile::tempdir().unwrap();
    let path = write(dir.path(), "config.toml", text);
    coopdash()
        .args(["--config", &path, "--workspace"])
        .arg(crate::support::root())
        .args(["kwic", "cybercrime"])
        .output()
        .unwrap()
}

#[test]
fn errors_give_file_line_and_column_and_a_fix() {
    let cases = [
        (
            "lang = \"ar\"\nbidi = \"sideways\"\n",
            ":2:8: unknown bidi mode",
            "bidi-test",
        ),
        (
            "lang = \"ar\"\n\ncolour = true\n",
            ":3:1: unknown field `colour`",
            "README",
        ),
        (
            "[keys.dashboard]\nmatrix = \"M\"\nexport = \"M\"\n",
            ":3:10: `M` is already `matrix`",
            "choose another key",
        ),
        (
            "# mine\n[keys.dashboard]\nmatrx = \"M\"\n",
            ":3:1: no action `matrx` in [keys.dashboard]",
            "did you mean `matrix`?",
        ),
        (
            "[keys.dashbord]\nmatrix = \"M\"\n",
            ":1:7: no key context",
            "`dashboard`",
        ),
        (
            "[keys.dashboard]\nmatrix = \"Ctrl+M\"\n",
            ":2:10: `Ctrl+M` is not a key",
            "C-x",
        ),
        (
            "[keys.finder]\nopen = \"o\"\n",
            ":2:8: `o` is typed as text",
            "C-",
        ),
        (
            "[palette]\nlink = \"yelow\"\n",
            ":2:8: `yelow` is not a colour",
            "#rrggbb",
        ),
        (
            "[palette]\nselction = \"red\"\n",
            ":2:1: no colour `selction`",
            "`selection`",
        ),
        (
            "[palette]\nselection = \"blue\"\n",
            ":1:1: this palette makes a style unreadable",
            "further apart",
        ),
    ];
    for (text, what, fix) in cases {
        let out = with_config(text);
        assert_eq!(out.status.code(), Some(1), "{text}");
        let err = stderr(&out);
        assert!(err.contains(&format!("config.toml{what}")), "{text}: {err}");
        assert!(err.contains(fix), "{text}: {err}");
    }
    // A valid file with every setting passes.
    let out = with_config(
        "bidi = \"app-noshape\"\nlang = \"ar\"\nauthor = \"سلمى\"\nmouse = false\n\
         [palette]\nselection = \"#5f87d7\"\nselection-text = \"black\"\nheat-4 = \"196\"\n\
         [keys.dashboard]\nmatrix = [\"M\", \"F2\"]\ntimeline = \"T\"\n[keys.global]\nquit = [\"q\", \"C-q\"]\n",
    );
    assert!(out.status.success(), "{}", stderr(&out));
}

#[test]
fn a_missing_or_huge_file_named_by_flag_is_an_error() {
    let dir = tempfile::tempdir().unwrap();
    let missing = dir.path().join("nope.toml");
    let out = coopdash()
        .args(["--config", missing.to_str().unwrap(), "note", "list"])
        .arg("--workspace")
        .arg(crate::support::root())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains("cannot read the settings file"),
        "{}",
        stderr(&out)
    );
    let huge = "# padding\n".repeat(120_000);
    let out = with_config(&huge);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains("larger than 1048576 bytes"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn a_remapped_key_shows_in_help_and_hints_and_works() {
    let settings = coopdash::settings::parse(
        "[keys.dashboard]\nmatrix = [\"M\", \"F2\"]\n[keys.global]\nhelp = [\"?\", \"C-h\"]\n\
         [keys.help]\nback = [\"Esc\", \"x\"]\n",
        "config.toml",
    )
    .unwrap();
    let mut s = Dash::seed(120, 40);
    s.keymap = Arc::new(settings.keymap);
    let bar = s.status_bar();
    assert!(
        bar.contains(" M/F2 matrix ") && bar.contains(" ?/C-h help "),
        "{bar}"
    );
    s.press(KeyCode::Char('m'));
    assert!(s.chart.is_none(), "m no longer opens the matrix");
    s.press(KeyCode::Char('M'));
    assert!(matches!(s.chart, Some(Chart::Matrix(_))), "M does");
    s.press(KeyCode::Esc);
    s.press(KeyCode::F(2));
    assert!(matches!(s.chart, Some(Chart::Matrix(_))), "F2 does");
    s.press(KeyCode::Esc);
    s.ctrl('h');
    assert!(s.overlays.help().is_some(), "C-h opens the help");
    let help = s.screen();
    // The words on screen that name a key name the remapped one.
    assert!(
        help.contains(" Keys · / searches · Esc/x closes "),
        "{help}"
    );
    assert!(
        help.contains("  M/F2    matrix: themes × partner bodies"),
        "{help}"
    );
    // The help's search finds it under its keys, too.
    s.press(KeyCode::Char('/'));
    s.type_text("C-h");
    let found = s.screen();
    assert!(found.contains("  ?/C-h   this help"), "{found}");
}

#[test]
fn without_user_or_logname_the_author_is_the_password_database_name() {
    let who = Command::new("id").arg("-un").output().unwrap();
    if !who.status.success() {
        // No entry for this uid (a container's arbitrary user): nothing to compare.
        assert!(
            std::env::var_os("COOPDASH_REQUIRE_TOOLS").is_none(),
            "id -un failed"
        );
        return;
    }
    let name = stdout(&who).trim().to_string();
    let f = Fixture::new();
    let mut c = cmd(&f, &["--no-config"]);
    c.env_remove("USER").env_remove("LOGNAME");
    assert_eq!(author_of(&f, c), name);
}
