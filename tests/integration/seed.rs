//! Link and mention resolution on the shipped seed, against passages written
//! down by reading the source (seeds/000_18db5c9e3ffd8243.txt) by hand.

use crate::support::seed;
use coopdash::model::{PassageKind, Span};

fn passages(spans: &[&Span]) -> Vec<usize> {
    spans.iter().map(|s| s.passage + 1).collect()
}

#[test]
fn the_source_splits_into_fifteen_passages() {
    let ws = seed();
    assert_eq!(ws.sources.len(), 1);
    let s = &ws.sources[0];
    assert_eq!(s.id, "un-interpol-2022");
    let kinds: Vec<PassageKind> = s.passages.iter().map(|p| p.kind).collect();
    use PassageKind::*;
    assert_eq!(
        kinds,
        [
            Title, Paragraph, Paragraph, Paragraph, Paragraph, Heading, Paragraph, Paragraph,
            Paragraph, Paragraph, Paragraph, Heading, Paragraph, Paragraph, Paragraph
        ]
    );
    assert_eq!(s.passages[5].text, "القدرات الشرطية العالمية");
    assert_eq!(s.passages[11].text, "تاريخ التعاون");
}

#[test]
fn each_theme_links_to_the_passages_that_support_it() {
    let ws = seed();
    // ¶3: the Secretaries-General discussed the areas of cooperation; ¶5 lists
    // all five; ¶9 and ¶11 speak of changing needs and future threats; ¶15
    // names corruption among the subjects of Security Council resolutions.
    let expected = [
        ("cybercrime", vec![3, 5], "الجريمة السيبرية"),
        (
            "emerging-technology",
            vec![3, 5, 9, 11],
            "التكنولوجيا الناشئة",
        ),
        (
            "financial-crime-corruption",
            vec![3, 5, 15],
            "الجريمة المالية والفساد",
        ),
        ("global-health", vec![3, 5], "الصحة العالمية"),
        ("maritime-security", vec![3, 5], "الأمن البحري"),
    ];
    assert_eq!(ws.themes.len(), expected.len());
    for (id, want, quoted_in_5) in expected {
        let t = ws.themes.iter().find(|t| t.id == id).unwrap();
        let spans: Vec<&Span> = t.links.iter().map(|l| &l.span).collect();
        assert_eq!(passages(&spans), want, "theme {id}");
        let in5 = t.links.iter().find(|l| l.span.passage == 4).unwrap();
        assert_eq!(ws.span_text(&in5.span), quoted_in_5, "theme {id} in ¶5");
        assert_eq!(t.name.get("ar"), quoted_in_5);
    }
    // A quote disambiguated by its prefix lands on the second "الفساد".
    let fin = ws
        .themes
        .iter()
        .find(|t| t.id == "financial-crime-corruption")
        .unwrap();
    assert_eq!(ws.span_text(&fin.links[2].span), "الفساد");
    // A quote typed with its shadda and hamza lands on the exact letters.
    let tech = ws
        .themes
        .iter()
        .find(|t| t.id == "emerging-technology")
        .unwrap();
    assert_eq!(
        ws.span_text(&tech.links[3].span),
        "الاستعداد لأيّ تهديدات مقبلة"
    );
}

#[test]
fn each_partner_body_is_mentioned_where_the_source_names_it() {
    let ws = seed();
    // (id, passages with a mention, as written there). Names inside a longer
    // body's name count for the longer body only (UNODC, UNICRI, DPO and the
    // INTERPOL office all contain "الأمم المتحدة").
    let expected: &[(&str, &[(usize, &str)])] = &[
        (
            "un",
            &[
                (1, "لأمم المتحدة"),
                (3, "الأمم المتحدة"),
                (3, "لأمم المتحدة"),
                (4, "لأمم المتحدة"),
                (7, "الأمم المتحدة"),
                (8, "الأمم المتحدة"),
                (13, "الأمم المتحدة"),
                (14, "الأمم المتحدة"),
                (15, "لأمم المتحدة"),
                (15, "لأمم المتحدة"),
            ],
        ),
        (
            "interpol",
            &[
                (1, "الإنتربول"),
                (3, "الإنتربول"),
                (7, "الإنتربول"),
                (7, "الإنتربول"),
                (8, "الإنتربول"),
                (9, "الإنتربول"),
                (9, "لإنتربول"),
                (13, "الإنتربول"),
                (14, "الإنتربول"),
                (15, "الإنتربول"),
            ],
        ),
        ("un-ga", &[(4, "الجمعية العامة"), (15, "الجمعية العامة")]),
        ("un-sc", &[(14, "مجلس الأمن"), (15, "مجلس الأمن")]),
        ("unoct", &[(14, "مكتب مكافحة الإرهاب")]),
        ("ctc", &[(14, "لجنة مكافحة الإرهاب")]),
        ("cted", &[(14, "المديرية التنفيذية")]),
        (
            "unodc",
            &[(14, "مكتب الأمم المتحدة المعني بالمخدرات والجريمة")],
        ),
        ("dpo", &[(14, "إدارة الأمم المتحدة لعمليات السلام")]),
        (
            "unicri",
            &[(14, "معهد الأمم المتحدة الأقاليمي لبحوث الجريمة والعدالة")],
        ),
        ("unesco", &[(14, "اليونسكو")]),
        (
            "interpol-un-office",
            &[(13, "مكتب الممثل الخاص للإنتربول لدى الأمم المتحدة")],
        ),
        ("guterres", &[(4, "أنطونيو غوتيريش"), (10, "غوتيريش")]),
        ("stock", &[(4, "يورغن شتوك"), (9, "يورغن شتوك")]),
    ];
    assert_eq!(ws.entities.len(), expected.len());
    for (id, want) in expected {
        let e = ws.entities.iter().find(|e| e.id == *id).unwrap();
        let got: Vec<(usize, &str)> = e
            .mentions
            .iter()
            .map(|m| (m.span.passage + 1, ws.span_text(&m.span)))
            .collect();
        assert_eq!(got, *want, "mentions of {id}");
    }
}

#[test]
fn part_of_follows_the_text() {
    let ws = seed();
    let parent = |id: &str| {
        let e = ws.entities.iter().find(|e| e.id == id).unwrap();
        e.part_of.map(|p| ws.entities[p].id.as_str())
    };
    assert_eq!(
        parent("ctc"),
        Some("un-sc"),
        "the committee belongs to the Security Council"
    );
    assert_eq!(
        parent("cted"),
        Some("ctc"),
        "its executive directorate belongs to the committee"
    );
    assert_eq!(parent("interpol-un-office"), Some("interpol"));
    assert_eq!(parent("un"), None);
    assert_eq!(parent("interpol"), None);
}

#[test]
fn events_resolve_to_their_passages() {
    let ws = seed();
    let got: Vec<(&str, usize)> = ws
        .events
        .iter()
        .map(|e| (e.date.as_str(), e.span.passage + 1))
        .collect();
    assert_eq!(
        got,
        [
            ("1997", 13),
            ("2004", 13),
            ("2018", 8),
            ("2022-12-09", 2),
            ("2023", 9),
            ("2030", 8)
        ]
    );
    // The dateline is written in Arabic-Indic digits and still resolves.
    assert_eq!(ws.span_text(&ws.events[3].span), "٩ ديسمبر، ٢٠٢٢");
}

#[test]
fn the_bundled_workspace_checks_clean() {
    let out = crate::support::coopdash()
        .current_dir(crate::support::root())
        .arg("check")
        .env_remove("COOPDASH_WORKSPACE")
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert!(
        stdout.contains(
            "1 source, 15 passages, 5 themes, 13 links, 14 partner bodies, 36 mentions, 6 events"
        ),
        "{stdout}"
    );
}
