//! `export --format markdown`: a report per theme that reads well as plain
//! text and renders on any CommonMark viewer (GitHub included).
//!
//! Per theme: its names, summary and keywords; every linked passage quoted
//! whole (a blockquote under a `SOURCE ¶N` heading) with the linked words in
//! bold (whole words: a clitic prefix is bold with its word), how it is linked (curated, or by which analyst and when) and the
//! notes on that passage; the partner bodies involved (related in
//! `themes.yaml`, or mentioned in a linked passage); the notes on the theme
//! with author and date. Notes on partner bodies and on passages no theme
//! links close the report, so every note appears.
//!
//! Right-to-left text: a quote, summary or note whose first letter is
//! Arabic (or Hebrew) is wrapped in `<div dir="rtl">` … `</div>`, with blank
//! lines around its content so CommonMark still parses the Markdown inside.
//! Browsers then lay it out and align it right to left; GitHub keeps the
//! `dir` attribute, and a viewer that drops HTML still shows the text,
//! whose characters are untouched. Unicode isolates (U+2067…U+2069) were
//! the other way: invisible, they survive everywhere, but they do not align
//! the paragraph and they get in the way of searching and copying.
//!
//! Data values on a line that mixes them with other words (names, ids,
//! keywords, authors, titles, quotes in bylines and lists) are isolated in
//! `<bdi>` … `</bdi>`: under the bidi algorithm an Arabic author followed by
//! a date would otherwise pull the date into its right-to-left run
//! (`00:00+ 02:56 02-12-2026 · سلمى`). Browsers and GitHub isolate them; a
//! viewer that drops HTML shows the value as it is.
//!
//! Data never becomes Markdown: `\` `` ` `` `*` `_` `[` `]` `<` `>` `&` `|`
//! `~` are backslash-escaped everywhere, and a line that would start a
//! heading, list, quote or rule has its first sign escaped. Lines of a
//! passage or note end with a hard break (`\`), so they stay lines.

use super::{AnyLink, Extras, NoteTarget, Origin, all_links};
use crate::model::{LangText, Span, Workspace};
use crate::text::word::{is_word_char, word_end, word_start};
use chrono::{DateTime, FixedOffset};
use std::collections::BTreeSet;
use std::fmt::Write;
use std::ops::Range;

/// Renders the report.
pub fn render(ws: &Workspace, extras: &Extras) -> String {
    let links = all_links(ws, extras);
    let mut md = String::new();
    overview(&mut md, ws, extras, &links);
    for ti in 0..ws.themes.len() {
        theme(&mut md, ws, extras, &links, ti);
    }
    closing_notes(&mut md, ws, extras, &links);
    md
}

/// `(source, passage)` of a span: the passage it lies in.
fn at(span: &Span) -> (usize, usize) {
    (span.source, span.passage)
}

/// `SOURCE ¶N`, escaped.
fn place(ws: &Workspace, (source, passage): (usize, usize)) -> String {
    format!("{} ¶{}", iso(&ws.sources[source].id), passage + 1)
}

/// A data value, escaped and isolated from the words around it.
fn iso(value: &str) -> String {
    format!("<bdi>{}</bdi>", esc(value))
}

fn when(t: &DateTime<FixedOffset>) -> String {
    t.format("%Y-%m-%d %H:%M %:z").to_string()
}

fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

fn overview(md: &mut String, ws: &Workspace, extras: &Extras, links: &[AnyLink]) {
    let analyst = links.iter().filter(|l| l.origin == Origin::Analyst).count();
    let _ = writeln!(md, "# Cooperation themes\n");
    let _ = writeln!(
        md,
        "A coopdash report: {}, {}, {}; {}, {}, {}.\n",
        plural(ws.themes.len(), "theme", "themes"),
        plural(ws.entities.len(), "partner body", "partner bodies"),
        plural(ws.sources.len(), "source", "sources"),
        plural(links.len() - analyst, "curated link", "curated links"),
        plural(analyst, "analyst link", "analyst links"),
        plural(extras.notes.len(), "note", "notes"),
    );
    let _ = writeln!(md, "## Sources\n");
    for s in &ws.sources {
        let mut facts = vec![format!("**{}**", iso(&s.id))];
        facts.extend(s.date.as_deref().map(iso));
        facts.extend(s.lang.as_deref().map(iso));
        facts.push(iso(&format!(
            "seeds/{}",
            s.file.to_string_lossy().replace('\\', "/")
        )));
        let _ = writeln!(md, "- {}", facts.join(" · "));
        for title in s.title.all() {
            let _ = writeln!(md, "  - {}", esc(title));
        }
    }
    let _ = writeln!(md, "\n## Themes\n");
    for (ti, t) in ws.themes.iter().enumerate() {
        let passages = linked_passages(links, ti).len();
        let _ = writeln!(
            md,
            "- {} — {}",
            iso(t.name.get("en")),
            plural(passages, "linked passage", "linked passages")
        );
    }
    md.push('\n');
}

/// The passages theme `ti` links to, in source order.
fn linked_passages(links: &[AnyLink], ti: usize) -> BTreeSet<(usize, usize)> {
    links
        .iter()
        .filter(|l| l.theme == ti)
        .map(|l| at(l.span))
        .collect()
}

fn theme(md: &mut String, ws: &Workspace, extras: &Extras, links: &[AnyLink], ti: usize) {
    let t = &ws.themes[ti];
    let _ = writeln!(md, "---\n\n## {}\n", esc(t.name.get("en")));
    let mut facts = vec![format!("id {}", iso(&t.id))];
    facts.extend(
        t.name
            .others("en")
            .map(|(l, n)| format!("{} ({})", iso(n), iso(l))),
    );
    let _ = writeln!(md, "{}\n", facts.join(" · "));
    // The report speaks English, so the English summary leads.
    let summary = t.summary.get("en");
    block(md, summary);
    for (_, s) in t.summary.others("en") {
        block(md, s);
    }
    if !t.keywords.is_empty() {
        let words: Vec<String> = t.keywords.iter().map(|k| iso(k)).collect();
        let _ = writeln!(md, "Keywords: {}\n", words.join(", "));
    }

    let passages = linked_passages(links, ti);
    let _ = writeln!(md, "### Linked passages ({})\n", passages.len());
    for &p in &passages {
        let here: Vec<&AnyLink> = links
            .iter()
            .filter(|l| l.theme == ti && at(l.span) == p)
            .collect();
        let _ = writeln!(md, "#### {}\n", place(ws, p));
        for l in &here {
            match (l.origin, l.author, l.created) {
                (Origin::Analyst, Some(a), Some(c)) => {
                    let _ = writeln!(md, "- Analyst link by **{}**, {}", iso(a), when(&c));
                }
                _ => {
                    let _ = writeln!(md, "- Curated link (themes.yaml)");
                }
            }
        }
        md.push('\n');
        let marks: Vec<Range<usize>> = here.iter().map(|l| l.span.range.clone()).collect();
        quote(md, &ws.sources[p.0].passages[p.1].text, &marks);
        for l in &here {
            if let (Some(note), Some(a), Some(c)) = (l.note, l.author, l.created) {
                note_block(md, a, &c, "on this link", note);
            }
        }
        for n in extras.notes {
            if matches!(&n.target, NoteTarget::Passage(s) if at(s) == p) {
                note_block(md, &n.author, &n.created, "on this passage", &n.body);
            }
        }
    }

    involved(md, ws, ti, &passages);

    let notes: Vec<_> = extras
        .notes
        .iter()
        .filter(|n| n.target == NoteTarget::Theme(ti))
        .collect();
    if !notes.is_empty() {
        let _ = writeln!(md, "### Notes ({})\n", notes.len());
        for n in notes {
            let on = n
                .anchor
                .as_ref()
                .map(|a| format!("on {}: “{}”", place(ws, at(a)), iso(ws.span_text(a))))
                .unwrap_or_default();
            note_block(md, &n.author, &n.created, &on, &n.body);
        }
    }
}

/// The partner bodies related to theme `ti` or mentioned in its passages.
fn involved(md: &mut String, ws: &Workspace, ti: usize, passages: &BTreeSet<(usize, usize)>) {
    let t = &ws.themes[ti];
    let mut rows = Vec::new();
    for (ei, e) in ws.entities.iter().enumerate() {
        let related = t.entities.contains(&ei);
        let mentioned: BTreeSet<(usize, usize)> = e
            .mentions
            .iter()
            .map(|m| at(&m.span()))
            .filter(|p| passages.contains(p))
            .collect();
        if !related && mentioned.is_empty() {
            continue;
        }
        let mut facts = vec![iso(&e.kind)];
        if related {
            facts.push("related".into());
        }
        if !mentioned.is_empty() {
            let places: Vec<String> = mentioned.iter().map(|&p| place(ws, p)).collect();
            facts.push(format!("mentioned in {}", places.join(", ")));
        }
        rows.push(format!(
            "- **{}**{} — {}",
            iso(e.name.get("en")),
            other_names(&e.name),
            facts.join(" · ")
        ));
    }
    let _ = writeln!(md, "### Partner bodies involved ({})\n", rows.len());
    for r in rows {
        let _ = writeln!(md, "{r}");
    }
    md.push('\n');
}

/// ` · name (lang)` for each name besides the English one.
fn other_names(name: &LangText) -> String {
    name.others("en")
        .map(|(l, n)| format!(" · {} ({})", iso(n), iso(l)))
        .collect()
}

/// Notes on partner bodies, and on passages that no theme links.
fn closing_notes(md: &mut String, ws: &Workspace, extras: &Extras, links: &[AnyLink]) {
    let on_entities: Vec<_> = extras
        .notes
        .iter()
        .filter(|n| matches!(n.target, NoteTarget::Entity(_)))
        .collect();
    if !on_entities.is_empty() {
        let _ = writeln!(md, "---\n\n## Notes on partner bodies\n");
        for n in on_entities {
            if let NoteTarget::Entity(e) = n.target {
                let on = format!("on {}", iso(ws.entities[e].name.get("en")));
                note_block(md, &n.author, &n.created, &on, &n.body);
            }
        }
    }
    let linked: BTreeSet<(usize, usize)> = links.iter().map(|l| at(l.span)).collect();
    let loose: Vec<_> = extras
        .notes
        .iter()
        .filter(|n| matches!(&n.target, NoteTarget::Passage(s) if !linked.contains(&at(s))))
        .collect();
    if !loose.is_empty() {
        let _ = writeln!(md, "---\n\n## Notes on other passages\n");
        for n in loose {
            if let NoteTarget::Passage(s) = &n.target {
                let _ = writeln!(md, "#### {}\n", place(ws, at(s)));
                quote(md, ws.span_text(s), &[]);
                note_block(md, &n.author, &n.created, "", &n.body);
            }
        }
    }
}

/// `**Author** · date · on …`, then the note's text.
fn note_block(md: &mut String, author: &str, t: &DateTime<FixedOffset>, on: &str, body: &str) {
    let mut head = format!("**{}** · {}", iso(author), when(t));
    if !on.is_empty() {
        let _ = write!(head, " · {on}");
    }
    let _ = writeln!(md, "{head}\n");
    block(md, body);
}

/// Whether a text's first letter is right-to-left (Arabic or Hebrew
/// script), which decides its paragraph direction.
fn is_rtl(text: &str) -> bool {
    text.chars().find(|c| c.is_alphabetic()).is_some_and(|c| {
        matches!(c, '\u{0590}'..='\u{08FF}' | '\u{FB1D}'..='\u{FDFF}' | '\u{FE70}'..='\u{FEFF}')
    })
}

/// Writes `body` (already Markdown) inside an RTL `div` when `text` is
/// right-to-left.
fn directed(md: &mut String, text: &str, body: &str) {
    if is_rtl(text) {
        let _ = writeln!(md, "<div dir=\"rtl\">\n\n{body}\n\n</div>\n");
    } else {
        let _ = writeln!(md, "{body}\n");
    }
}

/// Plain paragraphs of data (blank lines separate them).
fn block(md: &mut String, text: &str) {
    let paragraphs: Vec<String> = text
        .split("\n\n")
        .filter(|p| !p.trim().is_empty())
        .map(|p| rich_lines(p, &[]).join("\\\n"))
        .collect();
    if !paragraphs.is_empty() {
        directed(md, text, &paragraphs.join("\n\n"));
    }
}

/// A passage as a blockquote with `marks` (byte ranges) in bold.
fn quote(md: &mut String, text: &str, marks: &[Range<usize>]) {
    let lines: Vec<String> = rich_lines(text, marks)
        .into_iter()
        .map(|l| format!("> {l}"))
        .collect();
    directed(md, text, &lines.join("\\\n"));
}

/// Fits a mark to whole words ([`crate::text::word`]): it starts on a
/// letter or digit and ends on one (or on its combining marks), so the `**`
/// around it always opens and closes under CommonMark's flanking rules
/// whatever punctuation is next to it; and it takes in the rest of the words
/// it cuts, so a clitic prefix (the و of والأمن) is not split from its word,
/// which would break Arabic letter joining where the bold begins.
fn tighten(text: &str, r: &Range<usize>) -> Option<Range<usize>> {
    let inner = text.get(r.clone())?;
    let first = r.start + inner.find(char::is_alphanumeric)?;
    let (last, c) = inner.char_indices().rev().find(|&(_, c)| is_word_char(c))?;
    let (start, end) = (
        word_start(text, first),
        word_end(text, r.start + last + c.len_utf8()),
    );
    (start < end).then_some(start..end)
}

/// The lines of `text`, escaped, with `marks` in bold; leading space of
/// each line dropped (Markdown would read it as code).
fn rich_lines(text: &str, marks: &[Range<usize>]) -> Vec<String> {
    let mut ranges: Vec<Range<usize>> = marks.iter().filter_map(|r| tighten(text, r)).collect();
    ranges.sort_by_key(|r| r.start);
    // Overlapping or touching marks become one bold run.
    let mut merged: Vec<Range<usize>> = Vec::new();
    for r in ranges {
        match merged.last_mut() {
            Some(last) if r.start <= last.end => last.end = last.end.max(r.end),
            _ => merged.push(r),
        }
    }
    let mut lines = Vec::new();
    let mut line = String::new();
    let mut line_start = true;
    let mut digits = 0;
    for (i, c) in text.char_indices() {
        if merged.iter().any(|r| r.end == i) {
            line.push_str("**");
        }
        if merged.iter().any(|r| r.start == i) {
            line.push_str("**");
        }
        if c == '\n' {
            lines.push(std::mem::take(&mut line));
            (line_start, digits) = (true, 0);
            continue;
        }
        if line_start && c.is_whitespace() {
            continue;
        }
        let list_number = digits > 0 && digits < 10 && matches!(c, '.' | ')');
        if (line_start && matches!(c, '#' | '-' | '+' | '=')) || list_number {
            line.push('\\');
        }
        digits = if (line_start || digits > 0) && c.is_ascii_digit() {
            digits + 1
        } else {
            0
        };
        line_start = false;
        push_escaped(&mut line, c);
    }
    if merged.iter().any(|r| r.end == text.len()) {
        line.push_str("**");
    }
    lines.push(line);
    lines
}

fn push_escaped(out: &mut String, c: char) {
    if matches!(
        c,
        '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '&' | '|' | '~'
    ) {
        out.push('\\');
    }
    out.push(c);
}

/// Data as inline Markdown text: escaped, on one line.
fn esc(s: &str) -> String {
    rich_lines(s, &[]).join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markdown_signs_in_data_are_escaped() {
        assert_eq!(
            esc("a*b_c [x](y) <b> & | ~"),
            r"a\*b\_c \[x\](y) \<b\> \& \| \~"
        );
        assert_eq!(
            rich_lines("# no\n- no\n1997. no\n  > no", &[]),
            [r"\# no", r"\- no", r"1997\. no", r"\> no"]
        );
        assert_eq!(esc("2022-12-09 a-b"), "2022-12-09 a-b");
    }

    #[test]
    fn marks_are_bold_and_tightened_to_letters() {
        let text = "قال: «الأمن البحري»، ثم";
        let start = text.find('«').unwrap();
        let end = text.find('،').unwrap();
        assert_eq!(
            rich_lines(text, std::slice::from_ref(&(start..end))),
            ["قال: «**الأمن البحري**»، ثم"]
        );
        // A clitic prefix goes bold with its word.
        let text = "والأمن البحري.";
        let start = "و".len();
        assert_eq!(
            rich_lines(text, std::slice::from_ref(&(start..text.len() - 1))),
            ["**والأمن البحري**."]
        );
        // Overlapping marks merge; a mark across a line break closes and reopens fine.
        assert_eq!(rich_lines("ab cd", &[0..2, 1..5]), ["**ab cd**"]);
    }

    #[test]
    fn rtl_is_decided_by_the_first_letter() {
        assert!(is_rtl("٩ ديسمبر"));
        assert!(!is_rtl("UN الأمم"));
        assert!(!is_rtl("2024"));
    }
}
