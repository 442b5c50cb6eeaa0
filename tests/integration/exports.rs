//! Markdown, CSV and JSON exports of the seed with hand-made notes and
//! analyst links: snapshots of the report and the table, the CSV read back
//! with a real CSV reader, and the JSON's new arrays.

use crate::support;
use crate::support::extras::{links, notes};
use crate::support::seed;
use coopdash::export::{self, Extras, Format};
use coopdash::model::Workspace;
use std::process::Command;

fn render(ws: &Workspace, extras: &Extras, format: Format) -> String {
    String::from_utf8(export::render(ws, extras, format).unwrap()).unwrap()
}

/// The export of `ws` with the hand-made notes and analyst links.
fn render_annotated(ws: &Workspace, format: Format) -> String {
    let (notes, links) = (notes(ws), links(ws));
    let extras = Extras {
        notes: &notes,
        links: &links,
        ..Default::default()
    };
    render(ws, &extras, format)
}

#[test]
fn markdown_report_snapshot() {
    let ws = seed();
    let md = render_annotated(&ws, Format::Markdown);
    insta::assert_snapshot!("markdown_seed", md);
}

#[test]
fn markdown_keeps_every_passage_and_note_intact() {
    let ws = seed();
    let n = notes(&ws);
    let md = render_annotated(&ws, Format::Markdown);
    // Every linked passage is quoted: with bold and escapes taken out, each
    // passage's text is there, Arabic unchanged.
    let plain = md.replace("**", "").replace('\\', "");
    for t in &ws.themes {
        for link in &t.links {
            let text = &ws.passage(&link.span).text;
            assert!(plain.contains(text.as_str()), "¶{}", link.span.passage + 1);
        }
    }
    for note in &n {
        for line in note.body.lines() {
            let line = line.replace(['*', '[', ']', '<', '>', '_'], "");
            let plain = plain.replace(['*', '[', ']', '<', '>', '_'], "");
            assert!(plain.contains(&line), "note {}: {line}", note.id);
        }
    }
    // Right-to-left quotes sit in a dir="rtl" block; data never opens HTML.
    assert_eq!(
        md.matches("<div dir=\"rtl\">").count(),
        md.matches("</div>").count()
    );
    assert!(md.contains("\\<team\\>"));
    assert!(!md.contains("<team>"));
}

#[test]
fn markdown_parses_as_commonmark_the_way_it_is_meant() {
    let ws = seed();
    let l = links(&ws);
    let md = render_annotated(&ws, Format::Markdown);
    let mut html = String::new();
    pulldown_cmark::html::push_html(&mut html, pulldown_cmark::Parser::new(&md));
    // One blockquote per (theme, linked passage), plus one per note on a
    // passage no theme links.
    let quoted: usize = ws
        .themes
        .iter()
        .enumerate()
        .map(|(ti, t)| {
            let mut at: Vec<(usize, usize)> = t
                .links
                .iter()
                .map(|k| &k.span)
                .chain(l.iter().filter(|k| k.theme == ti).map(|k| &k.span))
                .map(|s| (s.source, s.passage))
                .collect();
            at.sort();
            at.dedup();
            at.len()
        })
        .sum();
    assert_eq!(html.matches("<blockquote>").count(), quoted + 2);
    assert_eq!(html.matches("<h2>").count(), 2 + ws.themes.len() + 2);
    // Quoted passages stay inside their RTL block.
    assert!(html.contains("<div dir=\"rtl\">\n<blockquote>"));
    // Bold marks open and close: no stray asterisks in the rendering.
    assert!(!html.contains("**"));
    assert!(html.contains("<strong>والاتجار بالبشر</strong>"));
    // Data stays text: no element, list or heading comes from a note.
    assert!(html.contains("&lt;team&gt;"));
    assert!(html.contains("*no*"));
    assert!(html.contains("- not a list<br />"));
    assert!(html.contains("1997. not a numbered item"));
}

#[test]
fn csv_snapshot() {
    let ws = seed();
    let csv = render_annotated(&ws, Format::Csv);
    insta::assert_snapshot!("csv_seed", csv);
}

#[test]
fn csv_reads_back_and_quotes_round_trip() {
    let ws = seed();
    let l = links(&ws);
    let csv = render_annotated(&ws, Format::Csv);
    let mut reader = csv::Reader::from_reader(csv.as_bytes());
    let header: Vec<String> = reader.headers().unwrap().iter().map(String::from).collect();
    assert_eq!(
        header,
        [
            "theme", "source", "passage", "start", "end", "quote", "origin", "author", "date",
            "note"
        ]
    );
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    assert_eq!(rows.len(), ws.link_count() + l.len());
    for row in &rows {
        let source = ws.sources.iter().find(|s| s.id == row[1]).unwrap();
        let n: usize = row[2].parse().unwrap();
        let (start, end): (usize, usize) = (row[3].parse().unwrap(), row[4].parse().unwrap());
        let text = &source.passages[n - 1].text;
        let slice: String = text.chars().skip(start).take(end - start).collect();
        assert_eq!(slice, row[5], "quote of {} ¶{n}", &row[0]);
        match &row[6] {
            "curated" => assert!(row[7].is_empty() && row[8].is_empty()),
            "analyst" => {
                assert!(!row[7].is_empty());
                chrono::DateTime::parse_from_rfc3339(&row[8]).unwrap();
            }
            other => panic!("origin {other}"),
        }
    }
    let analyst: Vec<&csv::StringRecord> = rows.iter().filter(|r| &r[6] == "analyst").collect();
    // Per theme, in theme order: emerging technology comes first.
    assert_eq!(analyst.len(), 2);
    assert_eq!(&analyst[1][0], "maritime-security");
    assert_eq!(&analyst[1][5], "والاتجار بالبشر");
    // A note that a spreadsheet would run as a formula is defused.
    assert!(analyst[0][9].starts_with("'=HYPERLINK"));
}

#[test]
fn json_carries_notes_and_analyst_links() {
    let ws = seed();
    let json = render_annotated(&ws, Format::Json);
    let doc: serde_json::Value = serde_json::from_str(&json).unwrap();
    let notes = doc["notes"].as_array().unwrap();
    assert_eq!(notes.len(), 5);
    assert_eq!(
        notes[0]["target"],
        serde_json::json!({"kind": "theme", "id": "cybercrime"})
    );
    assert_eq!(notes[0]["created"], "2024-03-14T11:00:00+03:00");
    assert_eq!(notes[1]["target"]["kind"], "entity");
    assert_eq!(notes[2]["target"]["kind"], "passage");
    assert_eq!(notes[2]["anchor"]["quote"], "اتفاق مبرم في عام 1997");
    assert_eq!(notes[3]["anchor"]["passage"], 5);
    assert!(notes[0]["anchor"].is_null());
    let links = doc["analyst_links"].as_array().unwrap();
    assert_eq!(links.len(), 2);
    let text = doc["sources"][0]["passages"][14]["text"].as_str().unwrap();
    let (s, e) = (
        links[0]["start"].as_u64().unwrap() as usize,
        links[0]["end"].as_u64().unwrap() as usize,
    );
    let slice: String = text.chars().skip(s).take(e - s).collect();
    assert_eq!(slice, links[0]["quote"].as_str().unwrap());
    assert_eq!(links[0]["theme"], "maritime-security");
    assert_eq!(links[0]["author"], "Layla Haddad");
}

#[test]
fn every_format_is_on_the_command_line() {
    for (format, starts) in [
        ("json", "{"),
        ("markdown", "# Cooperation themes"),
        ("md", "# Cooperation themes"),
        ("csv", "theme,source,passage"),
        ("qdc", "<?xml"),
        ("qdpx", "PK\u{3}\u{4}"),
    ] {
        let out = crate::support::coopdash()
            .args(["export", "--format", format])
            .current_dir(crate::support::root())
            .output()
            .unwrap();
        assert!(out.status.success(), "{format}");
        assert!(
            out.stdout.starts_with(starts.as_bytes()),
            "{format}: {}",
            String::from_utf8_lossy(&out.stdout[..40.min(out.stdout.len())])
        );
    }
}

#[test]
fn text_exports_to_a_terminal_are_sanitized() {
    if !support::require_tool("script") {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("seeds")).unwrap();
    std::fs::write(
        dir.path().join("seeds/s.txt"),
        "Title\n\nThe \u{1b}]0;pwned\u{7}meeting \u{202E}here.\n",
    )
    .unwrap();
    std::fs::write(
        dir.path().join("themes.yaml"),
        "themes:\n  - id: t\n    name: T\n    links:\n      - source: s\n        quote: meeting here\n",
    )
    .unwrap();
    for format in ["markdown", "csv", "json"] {
        // `script` gives the command a real terminal as standard output.
        let cmd = format!(
            "{} export -f {format} -w {}",
            crate::support::bin(),
            dir.path().display()
        );
        let run = Command::new("script")
            .args(["-qec", &cmd, "/dev/null"])
            .output()
            .unwrap();
        let shown = String::from_utf8_lossy(&run.stdout);
        assert!(run.status.success(), "{format}: {shown}");
        assert!(
            !shown.contains('\u{1b}'),
            "{format}: raw ESC on the terminal"
        );
        assert!(!shown.contains('\u{202E}'), "{format}: bidi override");
        assert!(shown.contains("meeting here"), "{format}: {shown}");
        if format == "markdown" {
            // Shown as control pictures (Markdown also escapes the `]`).
            assert!(
                shown.contains("␛") && shown.contains("0;pwned␇"),
                "{format}: {shown}"
            );
        }
    }
}

/// Under the bidi algorithm an Arabic value pulls the digits and words
/// after it into its right-to-left run: every data value on a line that
/// mixes scripts is isolated in `<bdi>`, and CommonMark keeps the element.
#[test]
fn markdown_isolates_every_value_on_a_mixed_line() {
    let ws = seed();
    let mut notes = notes(&ws);
    let mut links = links(&ws);
    notes[0].author = "سلمى".into();
    links[0].author = "ليلى حداد".into();
    let extras = Extras {
        notes: &notes,
        links: &links,
        ..Default::default()
    };
    let md = render(&ws, &extras, Format::Markdown);
    let arabic = |s: &str| s.chars().any(|c| ('\u{0600}'..='\u{06FF}').contains(&c));
    // Lines that list values: bylines, facts, lists, keyword lines, headings.
    let listing = |l: &str| {
        ["- ", "**", "id ", "Keywords:", "#### "]
            .iter()
            .any(|p| l.starts_with(p))
    };
    let mut checked = 0;
    for line in md.lines().filter(|l| listing(l) && arabic(l)) {
        // What is left once the isolated values are taken out.
        let mut rest = String::new();
        let mut tail = line;
        while let Some(open) = tail.find("<bdi>") {
            rest.push_str(&tail[..open]);
            let close = tail[open..].find("</bdi>").expect("closed") + open;
            tail = &tail[close + "</bdi>".len()..];
        }
        rest.push_str(tail);
        assert!(!arabic(&rest), "not isolated: {line}");
        checked += 1;
    }
    assert!(checked >= 10, "only {checked} mixed lines");
    // Bylines render with the author isolated inside the bold.
    let mut html = String::new();
    pulldown_cmark::html::push_html(&mut html, pulldown_cmark::Parser::new(&md));
    assert!(
        html.contains("<strong><bdi>سلمى</bdi></strong> · 2024-03-14 11:00 +03:00"),
        "{html}"
    );
    assert!(html.contains("Analyst link by <strong><bdi>ليلى حداد</bdi></strong>, 2024-03-14"));
}
