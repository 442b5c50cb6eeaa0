//! Test helpers shared by the end-to-end tests.
#![allow(dead_code)] // Each test binary uses a different part.

pub mod extras;
pub mod screen;
pub mod ssh;
pub mod tmux;

/// Whether a missing outside tool must fail the test instead of skipping it
/// (`.ci/run` sets this, since it installs every tool).
pub fn tools_required() -> bool {
    std::env::var_os("COOPDASH_REQUIRE_TOOLS").is_some()
}

/// Skips (returns false) when `tool` is not installed, saying so plainly;
/// fails instead when tools are required.
pub fn have(tool: &str) -> bool {
    let found = std::process::Command::new("sh")
        .arg("-c")
        .arg(format!("command -v {tool}"))
        .output()
        .is_ok_and(|o| o.status.success());
    if !found {
        assert!(
            !tools_required(),
            "{tool} is required (COOPDASH_REQUIRE_TOOLS) but not installed"
        );
        eprintln!("skipped: this test needs `{tool}`, which is not installed");
    }
    found
}
