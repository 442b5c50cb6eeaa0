//! The shipped seed workspace against the source it analyses
//! (seeds/000_18db5c9e3ffd8243.txt), read by hand paragraph by paragraph:
//! each link with the words that justify it, each summary sentence with the
//! words of the source that say it, every mention where the source names
//! the body or programme. `themes.yaml` claims nothing the source does not.

use crate::support::seed;
use coopdash::model::PassageKind;

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

/// ¶3 and ¶5: what the source says of every theme.
const DISCUSSED: (usize, &str) = (
    3,
    "ناقش الأمينان العامّان للأمم المتحدة والإنتربول مجالات تعزيز التعاون فيما بين المنظمتين",
);
const KEY_AREAS: (usize, &str) = (5, "واشتملت مجالات تعزيز التعاون الرئيسية على");

#[test]
fn each_link_quotes_words_that_name_its_theme() {
    let ws = seed();
    // (theme, [(¶N, the words linked, the name or keyword they are)]).
    type Linked = (&'static str, &'static [(usize, &'static str, &'static str)]);
    let expected: &[Linked] = &[
        ("cybercrime", &[(5, "الجريمة السيبرية", "الجريمة السيبرية")]),
        (
            "emerging-technology",
            &[(5, "التكنولوجيا الناشئة", "التكنولوجيا الناشئة")],
        ),
        (
            "financial-crime-corruption",
            &[
                (5, "الجريمة المالية والفساد", "الجريمة المالية والفساد"),
                // ¶15: corruption among the subjects of the UN resolutions
                // that name INTERPOL; the prefix picks this «الفساد».
                (15, "الفساد", "الفساد"),
            ],
        ),
        ("global-health", &[(5, "الصحة العالمية", "الصحة العالمية")]),
        ("maritime-security", &[(5, "الأمن البحري", "الأمن البحري")]),
    ];
    assert_eq!(ws.themes.len(), expected.len());
    for (t, (id, want)) in ws.themes.iter().zip(expected) {
        assert_eq!(t.id, *id);
        let got: Vec<(usize, &str)> = t
            .links
            .iter()
            .map(|l| (l.span.passage + 1, ws.span_text(&l.span)))
            .collect();
        let linked: Vec<(usize, &str)> = want.iter().map(|&(n, q, _)| (n, q)).collect();
        assert_eq!(got, linked, "links of {id}");
        for (link, &(n, _, words)) in t.links.iter().zip(*want) {
            assert!(
                t.phrases().any(|p| p == words),
                "{id} ¶{n}: «{words}» is not a name or keyword of the theme"
            );
            assert!(
                ws.span_text(&link.span).contains(words),
                "{id} ¶{n}: the quote does not hold «{words}»"
            );
            assert!(
                ws.link_warning(
                    ws.themes.iter().position(|x| x.id == *id).unwrap(),
                    &link.span
                )
                .is_none(),
                "{id} ¶{n}"
            );
        }
    }
    assert!(ws.warnings.is_empty(), "{:?}", ws.warnings);
}

#[test]
fn each_summary_sentence_is_said_in_the_source() {
    let ws = seed();
    // (theme, English sentence, the same sentence in Arabic, [(¶N, words of
    // the source that say it)]), in the order the summaries say them.
    type Row = (
        &'static str,
        &'static str,
        &'static str,
        Vec<(usize, &'static str)>,
    );
    let areas = |name: &'static str| vec![DISCUSSED, KEY_AREAS, (5, name)];
    let rows: Vec<Row> = vec![
        (
            "cybercrime",
            "Cybercrime is one of the key areas of strengthened cooperation between the United Nations and INTERPOL that the two Secretaries-General discussed.",
            "الجريمة السيبرية من مجالات تعزيز التعاون الرئيسية بين الأمم المتحدة والإنتربول التي ناقشها الأمينان العامّان.",
            areas("الجريمة السيبرية"),
        ),
        (
            "emerging-technology",
            "Emerging technology is one of the key areas of strengthened cooperation between the United Nations and INTERPOL that the two Secretaries-General discussed.",
            "التكنولوجيا الناشئة من مجالات تعزيز التعاون الرئيسية بين الأمم المتحدة والإنتربول التي ناقشها الأمينان العامّان.",
            areas("التكنولوجيا الناشئة"),
        ),
        (
            "financial-crime-corruption",
            "Financial crime and corruption is one of the key areas of strengthened cooperation between the United Nations and INTERPOL that the two Secretaries-General discussed.",
            "الجريمة المالية والفساد من مجالات تعزيز التعاون الرئيسية بين الأمم المتحدة والإنتربول التي ناقشها الأمينان العامّان.",
            areas("الجريمة المالية والفساد"),
        ),
        (
            "financial-crime-corruption",
            "Corruption is among the subjects covered by the resolutions that name INTERPOL: 80 of the United Nations General Assembly and more than 50 of the Security Council.",
            "والفساد من المواضيع التي تشملها القرارات التي يرد فيها اسم الإنتربول: 80 من قرارات الجمعية العامة للأمم المتحدة وأكثر من 50 من قرارات مجلس الأمن.",
            vec![
                (
                    15,
                    "ويرد اسم الإنتربول في 80 من قرارات الجمعية العامة للأمم المتحدة",
                ),
                (15, "وفي أكثر من 50 من قرارات مجلس الأمن"),
                (15, "التي تشمل مجموعة واسعة من المواضيع مثل"),
                (15, "والفساد"),
            ],
        ),
        (
            "global-health",
            "Global health is one of the key areas of strengthened cooperation between the United Nations and INTERPOL that the two Secretaries-General discussed.",
            "الصحة العالمية من مجالات تعزيز التعاون الرئيسية بين الأمم المتحدة والإنتربول التي ناقشها الأمينان العامّان.",
            areas("الصحة العالمية"),
        ),
        (
            "maritime-security",
            "Maritime security is one of the key areas of strengthened cooperation between the United Nations and INTERPOL that the two Secretaries-General discussed.",
            "الأمن البحري من مجالات تعزيز التعاون الرئيسية بين الأمم المتحدة والإنتربول التي ناقشها الأمينان العامّان.",
            areas("الأمن البحري"),
        ),
    ];
    let sentences = |text: &str| -> Vec<String> {
        text.split_inclusive(". ")
            .map(|s| s.trim().to_string())
            .collect()
    };
    for t in &ws.themes {
        let mine: Vec<&Row> = rows.iter().filter(|r| r.0 == t.id).collect();
        let en: Vec<&str> = mine.iter().map(|r| r.1).collect();
        let ar: Vec<&str> = mine.iter().map(|r| r.2).collect();
        assert_eq!(sentences(t.summary.get("en")), en, "{} en", t.id);
        assert_eq!(sentences(t.summary.get("ar")), ar, "{} ar", t.id);
        assert_eq!(t.summary.0.len(), 2, "{}: English and Arabic only", t.id);
    }
    let text = |n: usize| ws.sources[0].passages[n - 1].text.as_str();
    for (id, en, _, support) in &rows {
        assert!(!support.is_empty(), "{id}: «{en}» needs support");
        for (n, words) in support {
            assert!(text(*n).contains(words), "{id}: «{words}» is not in ¶{n}");
        }
    }
}

#[test]
fn keywords_mean_their_theme() {
    let ws = seed();
    // Each names the theme or a kind of it; none need be in the seed.
    // Not cybersecurity (security is not crime), not technology in general,
    // not health in general, not piracy alone (software piracy) or maritime
    // alone (trade, law).
    let expected: &[(&str, &[&str])] = &[
        (
            "cybercrime",
            &[
                "cybercrime",
                "cyber crime",
                "الجرائم السيبرية",
                "الجريمة السيبرانية",
                "الجرائم السيبرانية",
            ],
        ),
        (
            "emerging-technology",
            &[
                "emerging technologies",
                "التكنولوجيات الناشئة",
                "التقنيات الناشئة",
            ],
        ),
        (
            "financial-crime-corruption",
            &[
                "financial crime",
                "corruption",
                "money laundering",
                "الجريمة المالية",
                "الجرائم المالية",
                "الفساد",
                "غسل الأموال",
            ],
        ),
        (
            "global-health",
            &["global public health", "الصحة العامة العالمية"],
        ),
        (
            "maritime-security",
            &[
                "security at sea",
                "maritime piracy",
                "الأمن في البحر",
                "القرصنة البحرية",
            ],
        ),
    ];
    for (t, (id, keywords)) in ws.themes.iter().zip(expected) {
        assert_eq!(t.id, *id);
        assert_eq!(t.keywords, *keywords, "keywords of {id}");
    }
}

#[test]
fn each_partner_body_and_programme_is_mentioned_where_the_source_names_it() {
    let ws = seed();
    // (id, kind, passages with a mention, as written there). Names inside a
    // longer name count for the longer one only: UNODC, UNICRI, DPO, the
    // INTERPOL office, the SDGs (¶7), the 2030 Agenda (¶8) and the
    // resolution (¶4) all hold "الأمم المتحدة"; the resolution holds
    // "الجمعية العامة" (¶4 counts for the resolution, not the Assembly:
    // there the Assembly is only named in the resolution's title); the
    // Global Policing Goals hold "الإنتربول" (¶7, ¶8).
    type Mentioned = (&'static str, &'static str, &'static [(usize, &'static str)]);
    let expected: &[Mentioned] = &[
        (
            "un",
            "organization",
            &[
                (1, "لأمم المتحدة"),
                (3, "الأمم المتحدة"),
                (3, "لأمم المتحدة"),
                (13, "الأمم المتحدة"),
                (14, "الأمم المتحدة"),
                (15, "لأمم المتحدة"),
                (15, "لأمم المتحدة"),
            ],
        ),
        (
            "interpol",
            "organization",
            &[
                (1, "الإنتربول"),
                (3, "الإنتربول"),
                (7, "الإنتربول"),
                (9, "الإنتربول"),
                (9, "لإنتربول"),
                (13, "الإنتربول"),
                (14, "الإنتربول"),
                (15, "الإنتربول"),
            ],
        ),
        ("un-ga", "body", &[(15, "الجمعية العامة")]),
        ("un-sc", "body", &[(14, "مجلس الأمن"), (15, "مجلس الأمن")]),
        ("unoct", "office", &[(14, "مكتب مكافحة الإرهاب")]),
        ("ctc", "committee", &[(14, "لجنة مكافحة الإرهاب")]),
        ("cted", "directorate", &[(14, "المديرية التنفيذية")]),
        (
            "unodc",
            "office",
            &[(14, "مكتب الأمم المتحدة المعني بالمخدرات والجريمة")],
        ),
        (
            "dpo",
            "department",
            &[(14, "إدارة الأمم المتحدة لعمليات السلام")],
        ),
        (
            "unicri",
            "institute",
            &[(14, "معهد الأمم المتحدة الأقاليمي لبحوث الجريمة والعدالة")],
        ),
        ("unesco", "agency", &[(14, "اليونسكو")]),
        (
            "interpol-un-office",
            "office",
            &[(13, "مكتب الممثل الخاص للإنتربول لدى الأمم المتحدة")],
        ),
        (
            "guterres",
            "person",
            &[(4, "أنطونيو غوتيريش"), (10, "غوتيريش")],
        ),
        ("stock", "person", &[(4, "يورغن شتوك"), (9, "يورغن شتوك")]),
        (
            "agenda-2030",
            "programme",
            &[(8, "خطة الأمم المتحدة للتنمية المستدامة لعام 2030")],
        ),
        (
            "sdgs",
            "programme",
            &[
                (2, "أهداف التنمية المستدامة"),
                (7, "أهداف الأمم المتحدة للتنمية المستدامة"),
            ],
        ),
        (
            "global-policing-goals",
            "programme",
            &[
                (7, "أهداف الإنتربول للعمل الشرطي العالمي"),
                (8, "أهداف الإنتربول"),
                (9, "أهدافنا الشرطية العالمية"),
            ],
        ),
        (
            "unga-interpol-resolution",
            "instrument",
            &[(
                4,
                "قرار الجمعية العامة للأمم المتحدة بشأن التعاون بين المنظمتين",
            )],
        ),
        (
            "unga-interpol-resolution-review",
            "review",
            &[(4, "الاستعراض الثالث الذي يجري كل سنتين")],
        ),
    ];
    assert_eq!(ws.entities.len(), expected.len());
    for (id, kind, want) in expected {
        let e = ws.entities.iter().find(|e| e.id == *id).unwrap();
        assert_eq!(e.kind, *kind, "kind of {id}");
        let got: Vec<(usize, &str)> = e
            .mentions
            .iter()
            .map(|m| (m.passage() + 1, ws.span_text(&m.span())))
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
    // "أهداف الإنتربول", "أهداف الأمم المتحدة", "خطة الأمم المتحدة",
    // "قرار الجمعية العامة", "الاستعراض … لقرار": whose each one is, as the
    // source writes it (it does not say the SDGs are part of the Agenda).
    assert_eq!(parent("global-policing-goals"), Some("interpol"));
    assert_eq!(parent("sdgs"), Some("un"));
    assert_eq!(parent("agenda-2030"), Some("un"));
    assert_eq!(parent("unga-interpol-resolution"), Some("un-ga"));
    assert_eq!(
        parent("unga-interpol-resolution-review"),
        Some("unga-interpol-resolution")
    );
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
fn the_bundled_workspace_checks_clean_even_strictly() {
    let out = crate::support::coopdash()
        .current_dir(crate::support::root())
        .args(["check", "--strict"])
        .env_remove("COOPDASH_WORKSPACE")
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(String::from_utf8_lossy(&out.stderr), "");
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert_eq!(
        stdout,
        "ok: .: 1 source, 15 passages, 5 themes, 6 links, 19 partner bodies and programmes, \
         38 mentions, 6 events, 0 warnings\n"
    );
}
