//! Nothing from data reaches a terminal or a clipboard as a control: JSON
//! on stdout escapes C0, C1, DEL and bidi controls (exactly, losslessly);
//! OSC 52 copies carry no controls; bidi overrides in data do not steer
//! the layout in any mode.

use crate::support::notes::*;
use coopdash::layout::{BidiMode, LayoutOptions, layout};
use coopdash::text::json::must_escape;
use serde_json::Value;

const HOSTILE: &str =
    "marker \u{9b}31m \u{9d}0;title\u{7} \u{85} \u{7f} \u{202e}evil\u{2066}x\u{2069} \u{1b}[2J";

fn assert_inert(what: &str, out: &str) {
    let bad: Vec<String> = out
        .chars()
        .filter(|&c| c != '\n' && must_escape(c))
        .map(|c| format!("U+{:04X}", c as u32))
        .collect();
    assert!(bad.is_empty(), "{what} printed raw {bad:?}:\n{out}");
}

#[test]
fn json_on_stdout_escapes_controls_and_keeps_the_data() {
    let f = Fixture::new();
    ok_line(&f.run(&["note", "add", "cybercrime", "-"], HOSTILE));
    let list = f.run(&["note", "list", "--json"], "");
    assert!(list.status.success(), "{}", stderr(&list));
    let text = stdout(&list);
    assert_inert("note list --json", &text);
    let notes: Value = serde_json::from_str(&text).unwrap();
    let body = notes[0]["body"].as_str().unwrap_or_default().to_string();
    assert!(
        body.contains("\u{202e}evil\u{2066}x") && body.contains('\u{9b}'),
        "exact: {body:?}"
    );

    std::fs::write(f.ws().join("seeds/hostile.txt"), HOSTILE).unwrap();
    let search = f.run(&["search", "--json", "marker"], "");
    assert!(search.status.success(), "{}", stderr(&search));
    let text = stdout(&search);
    assert!(text.contains("marker"), "{text}");
    assert_inert("search --json", &text);
    serde_json::from_str::<Value>(&text).unwrap();
}

#[test]
fn clipboard_copies_carry_no_controls() {
    let bytes = coopdash::ui::session::osc52(HOSTILE);
    let text = String::from_utf8(bytes).unwrap();
    let payload = text
        .strip_prefix("\u{1b}]52;c;")
        .and_then(|t| t.strip_suffix('\u{7}'))
        .unwrap();
    use base64::Engine;
    let copied = base64::engine::general_purpose::STANDARD
        .decode(payload)
        .unwrap();
    let copied = String::from_utf8(copied).unwrap();
    assert!(
        copied.chars().all(|c| matches!(c, '\t' | '\n')
            || !(c.is_control() || coopdash::text::sanitize::is_bidi_control(c))),
        "{copied:?}"
    );
    assert!(copied.contains("evilx"), "{copied:?}");
}

#[test]
fn bidi_overrides_in_data_do_not_steer_the_layout() {
    for mode in BidiMode::ALL {
        let opts = LayoutOptions { mode, lang: None };
        for name in [
            "\u{202E}RLO-evil",
            "\u{2067}RLI-evil\u{2069}",
            "a\u{202D}LRO\u{202C}b",
        ] {
            let shown: String = layout::<()>(name, &[], 40, &opts)
                .iter()
                .map(|l| l.text())
                .collect::<String>()
                .trim()
                .to_string();
            let plain: String = name
                .chars()
                .filter(|&c| !coopdash::text::sanitize::is_bidi_control(c))
                .collect();
            assert_eq!(shown, plain, "{mode:?}: {name:?}");
        }
    }
}
