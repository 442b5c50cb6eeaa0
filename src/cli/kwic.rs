//! `coopdash kwic TARGET`: the concordance of a theme or partner body, one
//! mention a line, the words holding it in a fixed column, as the
//! dashboard's `c` shows it; or CSV with the contexts in reading order.

use crate::concordance::{Target, key_width, plain};
use crate::layout::{BidiMode, Columns, LayoutOptions, kwic};
use crate::model::Workspace;
use crate::text::sanitize;
use crate::text::width::width as cells;
use anyhow::bail;
use std::fmt::Write;
use std::process::ExitCode;

/// Narrowest line accepted by `--width`.
pub const MIN_WIDTH: usize = 30;

/// Prints the concordance of `target` (a theme or partner body id), lines
/// of `width` cells laid out in `mode`; with `csv`, a CSV table instead.
/// Exit 1 when it has no mention.
pub fn run(
    ws: &Workspace,
    target: &str,
    width: usize,
    csv: bool,
    mode: BidiMode,
) -> anyhow::Result<ExitCode> {
    let Some(found) = Target::find(ws, target) else {
        let known = ws
            .themes
            .iter()
            .map(|t| t.id.as_str())
            .chain(ws.entities.iter().map(|e| e.id.as_str()));
        let hint = match crate::text::closest(target, known) {
            Some(c) => format!("did you mean `{c}`?"),
            None => "`coopdash export` lists the theme and partner body ids".into(),
        };
        bail!("unknown theme or partner body `{target}`: {hint}");
    };
    if width < MIN_WIDTH {
        bail!("--width {width} is too narrow for a concordance: give {MIN_WIDTH} or more");
    }
    let mentions = found.mentions(ws);
    if mentions.is_empty() {
        eprintln!("no mention of `{target}` in the sources: its names and keywords occur nowhere");
        return Ok(ExitCode::FAILURE);
    }
    let key = key_width(ws, mentions);
    if csv {
        let cols = Columns::new(width, key);
        let mut w = ::csv::Writer::from_writer(Vec::new());
        w.write_record(["source", "passage", "left", "match", "right"])?;
        for m in mentions {
            let [before, key, after] = plain(&ws.passage(&m.span()).text, m, cols);
            let n = (m.passage() + 1).to_string();
            w.write_record([
                ws.sources[m.source()].id.as_str(),
                &n,
                before.as_str(),
                key.as_str(),
                after.as_str(),
            ])?;
        }
        super::write_output(None, &w.into_inner()?)?;
        return Ok(ExitCode::SUCCESS);
    }
    let addresses: Vec<String> = mentions
        .iter()
        .map(|m| sanitize(&ws.address(&m.span())).into_owned())
        .collect();
    let gutter = addresses.iter().map(|a| cells(a)).max().unwrap_or(0);
    let cols = Columns::new(width.saturating_sub(gutter + 2).max(MIN_WIDTH / 2), key);
    let mut out = String::new();
    for (m, address) in mentions.iter().zip(&addresses) {
        let lang = ws.sources[m.source()].lang.as_deref();
        let line = kwic(
            &ws.passage(&m.span()).text,
            m.range(),
            cols,
            &LayoutOptions { mode, lang },
        );
        let pad = " ".repeat(gutter - cells(address));
        let _ = writeln!(out, "{address}{pad}  {}", line.text().trim_end());
    }
    super::write_output(None, out.as_bytes())?;
    Ok(ExitCode::SUCCESS)
}
