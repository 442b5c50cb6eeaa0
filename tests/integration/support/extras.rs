//! Hand-made notes and analyst links on the seed workspace, for the export
//! tests: Arabic and English text,
//! Markdown- and XML-significant characters, a would-be spreadsheet formula,
//! and every kind of note target.

use coopdash::export::{ExportNote, NoteTarget};
use coopdash::model::{AnalystLink, Span, Workspace};

/// The span of `words` in passage ¶`n` of the first source.
pub fn find(ws: &Workspace, n: usize, words: &str) -> Span {
    let text = &ws.sources[0].passages[n - 1].text;
    let at = text
        .find(words)
        .unwrap_or_else(|| panic!("{words} in ¶{n}"));
    Span {
        source: 0,
        passage: n - 1,
        range: at..at + words.len(),
    }
}

fn theme(ws: &Workspace, id: &str) -> usize {
    ws.themes.iter().position(|t| t.id == id).unwrap()
}

fn entity(ws: &Workspace, id: &str) -> usize {
    ws.entities.iter().position(|e| e.id == id).unwrap()
}

fn time(s: &str) -> chrono::DateTime<chrono::FixedOffset> {
    chrono::DateTime::parse_from_rfc3339(s).unwrap()
}

/// Two analyst links (one with a note that looks like a formula).
pub fn links(ws: &Workspace) -> Vec<AnalystLink> {
    vec![
        AnalystLink {
            theme: theme(ws, "maritime-security"),
            span: find(ws, 15, "والاتجار بالبشر"),
            author: "Layla Haddad".into(),
            created: time("2024-03-14T10:00:00+03:00"),
            note: Some("الاتجار بالبشر عبر البحر: trafficking by sea belongs here.".into()),
        },
        AnalystLink {
            theme: theme(ws, "emerging-technology"),
            span: find(ws, 8, "إطارا لأجهزة إنفاذ القانون الدولية"),
            author: "Sam O'Neil".into(),
            created: time("2024-03-15T09:30:00Z"),
            note: Some("=HYPERLINK(\"http://example.invalid\") must stay text".into()),
        },
    ]
}

/// One note of every kind of target.
pub fn notes(ws: &Workspace) -> Vec<ExportNote> {
    vec![
        ExportNote {
            id: "n1".into(),
            target: NoteTarget::Theme(theme(ws, "cybercrime")),
            anchor: None,
            author: "Layla Haddad".into(),
            created: time("2024-03-14T11:00:00+03:00"),
            body: "أين الأرقام؟ The source gives *no* figures.\nAsk INTERPOL's [IGCI] <team> & check_this."
                .into(),
        },
        ExportNote {
            id: "n2".into(),
            target: NoteTarget::Entity(entity(ws, "interpol")),
            anchor: None,
            author: "Sam O'Neil".into(),
            created: time("2024-03-15T09:45:00Z"),
            body: "- not a list\n# not a heading\n1997. not a numbered item".into(),
        },
        ExportNote {
            id: "n3".into(),
            target: NoteTarget::Passage(find(ws, 13, "اتفاق مبرم في عام 1997")),
            anchor: Some(find(ws, 13, "اتفاق مبرم في عام 1997")),
            author: "Layla Haddad".into(),
            created: time("2024-03-16T08:00:00+03:00"),
            body: "الاتفاق الأصلي لعام 1997.".into(),
        },
        ExportNote {
            id: "n4".into(),
            target: NoteTarget::Theme(theme(ws, "maritime-security")),
            anchor: Some(find(ws, 5, "الأمن البحري")),
            author: "Sam O'Neil".into(),
            created: time("2024-03-16T12:00:00+01:00"),
            body: "Named last of the five areas.".into(),
        },
        ExportNote {
            id: "n5".into(),
            target: NoteTarget::Passage(find(ws, 2, "٩ ديسمبر، ٢٠٢٢")),
            anchor: None,
            author: "Layla Haddad".into(),
            created: time("2024-03-16T13:00:00+03:00"),
            body: "The dateline is written in Arabic-Indic digits.".into(),
        },
    ]
}
