//! `coopdash init [DIR] [--git]`: a new workspace that `check --strict`
//! passes, with an annotated `themes.yaml`, one example source and a
//! `.gitignore` for what is private or transient; with `--git`, a
//! repository holding them in a first commit.

use anyhow::{Context, bail};
use clap::Args;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode, Stdio};
use std::time::{Duration, Instant};

/// Arguments of `init`.
#[derive(Debug, Args)]
pub struct InitArgs {
    /// The folder to start the workspace in (created if missing)
    /// [default: --workspace, else the current folder].
    pub dir: Option<PathBuf>,
    /// Also make it a git repository (`git init`) with the created files
    /// in a first commit, for `coopdash sync`.
    #[arg(long)]
    pub git: bool,
}

/// The example source, `seeds/example.txt`.
const SOURCE: &str = "\
An example source

14 March 2024

The Example Agency and its partners agreed to strengthen information sharing on maritime security.

Replace this file with your own sources: every .txt or .md file under seeds/ is a source, split into passages at blank lines. `coopdash import FILE` makes one from a PDF, a Word document or a web page.
";

/// The annotated `themes.yaml`: its link quotes words of [`SOURCE`].
const THEMES: &str = "\
# A coopdash workspace: the themes you track, the partner bodies that take
# part in them, and links from themes to the passages that support them.
# `coopdash check` validates this file; README.md (\"themes.yaml reference\")
# documents every field. Texts are a map of language code to text
# ({en: ..., ar: ...}) or a plain string.

# sources: optional details of the files in seeds/, one entry per file.
sources:
  - id: example          # required: one word (no spaces or ':'); passages are example:1, example:2, ...
    file: example.txt    # required: the file, relative to seeds/
    title: {en: An example source}   # shown in lists; else the first passage
    date: 2024-03-14     # YYYY, YYYY-MM or YYYY-MM-DD; else the source's dateline
    lang: en             # the language of the text

# themes: what you track.
themes:
  - id: information-sharing      # required: unique among themes and entities
    name: {en: Information sharing, ar: تبادل المعلومات}   # required
    summary: {en: Partners exchange information on shared threats.}   # optional
    keywords: [exchange of information, تبادل المعلومات]   # optional: other words that mean the theme
    entities: [example-agency]   # optional: related partner bodies (ids below)
    links:                       # the passages that support the theme; each should name it
      - source: example          # required: a source id
        quote: information sharing   # required: words found in exactly one place of that source
        # prefix: ...            # optional: words just before the quote, to pick one place
        # suffix: ...            # optional: words just after

# entities: partner bodies, people and programmes.
entities:
  - id: example-agency           # required: unique among themes and entities
    kind: agency                 # required, free text: organization, body, office, agency, programme, ...
    name: {en: Example Agency}   # required; found in every passage as a mention
    aliases: [EA]                # optional: acronyms, short forms, other spellings
    # part_of: ...               # optional: the id of a parent body

# events: dated facts said by a source (optional), for the timeline.
# events:
#   - date: 2024-03              # required: YYYY, YYYY-MM or YYYY-MM-DD
#     label: {en: Agreement}     # required
#     source: example            # required
#     quote: agreed to strengthen   # required, found like a link's quote
";

/// The `.gitignore`: what `coopdash sync` must never commit.
const GITIGNORE: &str = "\
# coopdash: private and transient files, never shared.
# The host key, authorized_keys, drafts and caches.
.coopdash/
# The notes folder's lock, deleted notes, temporary files of atomic writes.
notes/.lock
notes/.trash/
notes/.*.tmp
.*.tmp
";

/// What `init` creates, relative to the workspace.
const CREATED: [&str; 3] = [".gitignore", "seeds/example.txt", "themes.yaml"];

/// Runs `init` in `args.dir`, else `workspace`.
pub fn run(workspace: &Path, args: InitArgs) -> anyhow::Result<ExitCode> {
    let dir = args.dir.as_deref().unwrap_or(workspace);
    for taken in ["themes.yaml", "seeds"] {
        // A dangling symbolic link is something there, too.
        if std::fs::symlink_metadata(dir.join(taken)).is_ok() {
            bail!(
                "{} already holds {taken}: nothing was changed — init starts a new workspace; \
                 choose an empty folder (coopdash init DIR)",
                dir.display()
            );
        }
    }
    std::fs::create_dir_all(dir.join("seeds"))
        .with_context(|| format!("cannot create {}", dir.join("seeds").display()))?;
    let gitignore = dir.join(".gitignore");
    let ignore = match std::fs::read_to_string(&gitignore) {
        // Theirs kept, ours added below it.
        Ok(theirs) => merged_ignore(&theirs),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => GITIGNORE.to_string(),
        Err(e) => return Err(e).with_context(|| format!("cannot read {}", gitignore.display())),
    };
    let write = |name: &str, bytes: &str, replace: bool| {
        let path = dir.join(name);
        let done = if replace {
            crate::atomic::write(&path, bytes.as_bytes())
        } else {
            crate::atomic::create(&path, bytes.as_bytes())
        };
        done.with_context(|| format!("cannot write {}", path.display()))
    };
    write(".gitignore", &ignore, true)?;
    write("seeds/example.txt", SOURCE, false)?;
    // Last: until it exists, a second init may still run.
    write("themes.yaml", THEMES, false)?;
    println!(
        "created {}: themes.yaml, seeds/example.txt, .gitignore; next: coopdash -w {} check",
        dir.display(),
        dir.display()
    );
    if args.git {
        git_first_commit(dir)?;
        println!("made a git repository with a first commit; next: git remote add origin URL");
    }
    Ok(ExitCode::SUCCESS)
}

/// `theirs` with the lines of [`GITIGNORE`] it lacks added at the end.
fn merged_ignore(theirs: &str) -> String {
    let have: Vec<&str> = theirs.lines().map(str::trim).collect();
    let missing: Vec<&str> = GITIGNORE
        .lines()
        .filter(|l| !l.starts_with('#') && !have.contains(l))
        .collect();
    if missing.is_empty() {
        return theirs.to_string();
    }
    let mut out = theirs.to_string();
    if !out.is_empty() && !out.ends_with('\n') {
        out.push('\n');
    }
    out.push_str("# coopdash: private and transient files, never shared.\n");
    for line in missing {
        out.push_str(line);
        out.push('\n');
    }
    out
}

/// How long one git command may take: init and a first commit are quick,
/// but a hook or a signing program may wait for someone.
const GIT_TIMEOUT: Duration = Duration::from_secs(60);

/// `git init`, then the created files staged by name and committed.
fn git_first_commit(dir: &Path) -> anyhow::Result<()> {
    git(dir, &["init", "--quiet"])?;
    let mut add = vec!["add", "--"];
    add.extend(CREATED);
    git(dir, &add)?;
    let mut commit = vec![
        "commit",
        "--quiet",
        "-m",
        "coopdash init: example workspace",
        "--",
    ];
    commit.extend(CREATED);
    git(dir, &commit)
}

/// Runs the user's git in `dir` without a terminal to ask on: no prompt,
/// stdin closed, within [`GIT_TIMEOUT`]. The error holds what git said.
fn git(dir: &Path, args: &[&str]) -> anyhow::Result<()> {
    let shown = format!("git {}", args.join(" "));
    let mut child = Command::new("git")
        .args(args)
        .current_dir(dir)
        .env("GIT_TERMINAL_PROMPT", "0")
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|e| match e.kind() {
            std::io::ErrorKind::NotFound => anyhow::anyhow!(
                "git is not installed (or not on PATH): the workspace was created without a \
                 repository — install git, then run `git init` there, or run init without --git"
            ),
            _ => anyhow::anyhow!("cannot run {shown}: {e}"),
        })?;
    // Read on the side, so a chatty hook cannot fill the pipe and stall git;
    // git's complaint is a few lines, the rest is drained unkept.
    let said = child.stderr.take().map(|mut err| {
        std::thread::spawn(move || {
            let mut kept = Vec::new();
            let _ = (&mut err).take(8 * 1024).read_to_end(&mut kept);
            let _ = std::io::copy(&mut err, &mut std::io::sink());
            String::from_utf8_lossy(&kept).into_owned()
        })
    });
    let deadline = Instant::now() + GIT_TIMEOUT;
    let status = loop {
        if let Some(status) = child.try_wait()? {
            break status;
        }
        if Instant::now() >= deadline {
            let _ = child.kill();
            let _ = child.wait();
            bail!(
                "{shown} took more than {}s (waiting for a password or a hook?): stopped — \
                 the files are created; finish the repository by hand",
                GIT_TIMEOUT.as_secs()
            );
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    if status.success() {
        return Ok(());
    }
    let said = said
        .and_then(|reader| reader.join().ok())
        .unwrap_or_default();
    let hint = if said.contains("tell me who you are") || said.contains("user.email") {
        " — tell git who you are: git config --global user.name NAME; git config --global user.email EMAIL; then commit the files"
    } else {
        " — the files are created; finish the repository by hand"
    };
    bail!("{shown} failed ({status}): {}{hint}", said.trim())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_existing_gitignore_keeps_its_lines() {
        let merged = merged_ignore("target/\n.coopdash/");
        assert!(merged.starts_with("target/\n.coopdash/\n"), "{merged}");
        assert_eq!(merged.matches(".coopdash/").count(), 1, "{merged}");
        assert!(merged.contains("notes/.lock\n"));
        assert_eq!(merged_ignore(GITIGNORE), GITIGNORE);
    }
}
