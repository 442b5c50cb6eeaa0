//! The terminal goes away (a dropped SSH connection: SIGHUP to the whole
//! foreground process group) while a note is being edited in $EDITOR: the
//! text typed so far stays in the recovery file the editor was working
//! on, and the note itself is untouched. (The dashboard's own SIGHUP and
//! SIGTERM handling is tested in tests/e2e_tmux.rs.)

use crate::support::notes::*;
use crate::support::require_tool;
use std::fs;
use std::process::Command;

#[test]
fn sighup_while_editing_keeps_the_draft_and_the_note() {
    if !require_tool("setsid") {
        return;
    }
    let f = Fixture::new();
    let id = ok_line(&f.run(&["note", "add", "cybercrime", "النص الأول"], ""));
    let note = f.notes().join(format!("{id}.md"));
    let before = fs::read(&note).unwrap();

    // The "editor" types, then the terminal hangs up on its process group.
    let editor = f.ws().join("editor.sh");
    fs::write(
        &editor,
        "#!/bin/sh\nprintf 'مسودة لم تحفظ بعد\\n' > \"$1\"\nkill -HUP 0\nsleep 5\n",
    )
    .unwrap();
    use std::os::unix::fs::PermissionsExt;
    fs::set_permissions(&editor, fs::Permissions::from_mode(0o755)).unwrap();
    let inner = f.cmd(&["note", "edit", &id]);
    let mut c = Command::new("setsid");
    c.arg("--wait")
        .arg(inner.get_program())
        .args(inner.get_args())
        .env("EDITOR", &editor);
    for (k, v) in inner.get_envs() {
        if k != "EDITOR" {
            match v {
                Some(v) => c.env(k, v),
                None => c.env_remove(k),
            };
        }
    }
    let out = c.output().unwrap();
    assert!(!out.status.success(), "coopdash ended by the hangup");
    assert_eq!(fs::read(&note).unwrap(), before, "the note is untouched");
    let drafts = f.recovered();
    assert_eq!(drafts.len(), 1, "{drafts:?}");
    assert!(
        drafts[0].to_string_lossy().contains(&id),
        "the draft is named for the note: {drafts:?}"
    );
    assert_eq!(
        fs::read_to_string(&drafts[0]).unwrap(),
        "مسودة لم تحفظ بعد\n"
    );
}
