//! `coopdash import PATH…`: documents made into sources
//! ([`crate::import`]).

use crate::import::{Importer, Input, collect};
use crate::text::sanitize;
use crate::workspace::Limits;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// Arguments of `coopdash import`.
#[derive(Debug, clap::Args)]
pub struct ImportArgs {
    /// Files or folders to import (.txt, .md, .html, .htm, .docx, .pdf; a
    /// folder: every such file under it). Local paths only.
    #[arg(required = true, value_name = "PATH")]
    pub paths: Vec<PathBuf>,
    /// The new source's id (one document only) [default: from its title].
    #[arg(long)]
    pub id: Option<String>,
    /// Print a JSON array, one object per document.
    #[arg(long)]
    pub json: bool,
}

/// Imports each document; exit 1 if any was refused (the others are
/// imported all the same).
pub fn run(root: &Path, limits: &Limits, args: ImportArgs) -> anyhow::Result<ExitCode> {
    if let Some(p) = args.paths.iter().find(|p| is_url(p)) {
        anyhow::bail!(
            "`{}` is a URL: import reads local files only; save the page (\"Save page as… HTML\") and import the file",
            sanitize(&p.display().to_string())
        );
    }
    let files = collect(&args.paths, limits)?;
    anyhow::ensure!(
        args.id.is_none() || files.len() == 1,
        "--id names one source, but {} documents were given",
        files.len()
    );
    let batch = super::progress::shown(|| -> anyhow::Result<_> {
        let mut importer = Importer::new(root, limits)?;
        crate::progress::stage("importing", files.len());
        // Read lazily: one document's bytes in memory at a time.
        let inputs = files.iter().map(|f| {
            crate::progress::advance(1);
            Input::read(f, limits)
        });
        Ok(importer.import_all(inputs, args.id.as_deref()))
    })?;
    let mut answers = Vec::new();
    let mut failed = 0;
    for (file, done) in files.iter().zip(batch.outcomes) {
        match done {
            Ok(imported) => {
                if args.json {
                    answers.push(imported.to_json());
                } else {
                    println!("{}", sanitize(&imported.summary()));
                    for w in &imported.warnings {
                        eprintln!("{}", sanitize(w));
                    }
                }
            }
            Err(e) => {
                failed += 1;
                if args.json {
                    answers.push(serde_json::json!({
                        "ok": false,
                        "path": file.display().to_string(),
                        "error": e.to_string(),
                        "existing": e.existing(),
                    }));
                } else {
                    eprintln!("coopdash: {}", sanitize(&e.to_string()));
                }
            }
        }
    }
    if args.json {
        println!(
            "{}",
            crate::text::json::to_string(&serde_json::Value::Array(answers))
        );
    }
    Ok(if failed == 0 {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    })
}

fn is_url(p: &Path) -> bool {
    let s = p.to_string_lossy().to_ascii_lowercase();
    ["http://", "https://", "ftp://", "file://"]
        .iter()
        .any(|scheme| s.starts_with(scheme))
}
