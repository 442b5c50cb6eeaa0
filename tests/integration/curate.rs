//! Curating themes.yaml (`coopdash::curate`, `coopdash theme|entity|link|
//! event`): each edit changes exactly the lines of what it edits, in the
//! bundled file and in a flow-style one full of comments; every refusal
//! leaves the file byte for byte; every undo restores it byte for byte;
//! two processes curating at once both get their way.

use crate::support::{coopdash, copy_seed_to, root, stderr, stdout};
use coopdash::curate::{self, Change, Children, CurateError, Edit, NewEntity, NewEvent, NewTheme};
use coopdash::workspace::{self, Limits, spec::LinkSpec};
use std::path::Path;

const SRC: &str = "un-interpol-2022";

fn s(x: &str) -> String {
    x.to_string()
}

fn lang(l: &str, t: &str) -> (String, String) {
    (s(l), s(t))
}

fn link(source: &str, quote: &str) -> LinkSpec {
    LinkSpec {
        source: s(source),
        quote: s(quote),
        prefix: None,
        suffix: None,
    }
}

/// The lines that differ: `-old` then `+new`, between the longest common
/// leading and trailing lines.
fn diff(old: &str, new: &str) -> Vec<String> {
    let a: Vec<&str> = old.split('\n').collect();
    let b: Vec<&str> = new.split('\n').collect();
    let head = a.iter().zip(&b).take_while(|(x, y)| x == y).count();
    let room = a.len().min(b.len()) - head;
    let tail = a
        .iter()
        .rev()
        .zip(b.iter().rev())
        .take(room)
        .take_while(|(x, y)| x == y)
        .count();
    let minus = a[head..a.len() - tail].iter().map(|l| format!("-{l}"));
    let plus = b[head..b.len() - tail].iter().map(|l| format!("+{l}"));
    minus.chain(plus).collect()
}

fn flow_copy() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let from = root().join("tests/fixtures/curate/flow");
    std::fs::create_dir_all(dir.path().join("seeds")).unwrap();
    std::fs::copy(from.join("themes.yaml"), dir.path().join("themes.yaml")).unwrap();
    std::fs::copy(
        from.join("seeds/report.txt"),
        dir.path().join("seeds/report.txt"),
    )
    .unwrap();
    dir
}

fn themes(dir: &Path) -> String {
    std::fs::read_to_string(dir.join("themes.yaml")).unwrap()
}

/// Applies `edit` to a fresh copy made by `copy`, checks the lines it
/// changed, that the result passes `check`, that its undo restores the
/// file byte for byte, and that redo gives the edit's bytes again.
fn golden(copy: fn() -> tempfile::TempDir, edit: Edit, want: &[&str]) {
    let dir = copy();
    let before = themes(dir.path());
    let applied = curate::apply(dir.path(), &Limits::default(), &edit)
        .unwrap_or_else(|e| panic!("{edit:?}: {e}"));
    let after = themes(dir.path());
    assert_eq!(diff(&before, &after), want, "{edit:?}\n{after}");
    workspace::load(dir.path()).unwrap_or_else(|e| panic!("{edit:?}: {:?}", e.problems));
    let undone = curate::apply(dir.path(), &Limits::default(), &applied.undo).unwrap();
    assert_eq!(themes(dir.path()), before, "undo of {edit:?}");
    curate::apply(dir.path(), &Limits::default(), &undone.undo).unwrap();
    assert_eq!(themes(dir.path()), after, "redo of {edit:?}");
}

fn seed_dir() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    copy_seed_to(dir.path());
    dir
}

#[test]
fn each_edit_of_the_bundled_file_changes_only_its_lines_and_undoes_byte_for_byte() {
    golden(
        seed_dir,
        Edit::AddTheme(NewTheme {
            id: s("ports"),
            names: vec![lang("en", "Port security"), lang("ar", "أمن الموانئ")],
            summaries: vec![lang("en", "Ports: a key area.")],
            keywords: vec![s("ports")],
            entities: vec![s("interpol")],
        }),
        &[
            "+  - id: ports",
            "+    name: {en: Port security, ar: أمن الموانئ}",
            "+    summary:",
            "+      en: >-",
            "+        Ports: a key area.",
            "+    keywords: [ports]",
            "+    entities: [interpol]",
            "+",
        ],
    );
    golden(
        seed_dir,
        Edit::EditTheme {
            id: s("maritime-security"),
            changes: vec![Change::AddKeyword(s("الموانئ"))],
        },
        &[
            "-    keywords: [security at sea, maritime piracy, الأمن في البحر, القرصنة البحرية]",
            "+    keywords: [security at sea, maritime piracy, الأمن في البحر, القرصنة البحرية, الموانئ]",
        ],
    );
    golden(
        seed_dir,
        Edit::EditTheme {
            id: s("cybercrime"),
            changes: vec![Change::Name {
                lang: s("en"),
                was: Some(s("Cybercrime")),
                now: Some(s("Cyber crime")),
            }],
        },
        &[
            "-    name: {en: Cybercrime, ar: الجريمة السيبرية}",
            "+    name: {en: Cyber crime, ar: الجريمة السيبرية}",
        ],
    );
    golden(
        seed_dir,
        Edit::EditTheme {
            id: s("global-health"),
            changes: vec![Change::Summary {
                lang: s("en"),
                was: Some(s(
                    "Global health is one of the key areas of strengthened cooperation between the United Nations and INTERPOL that the two Secretaries-General discussed.",
                )),
                now: Some(s("Global health is a key area.")),
            }],
        },
        &[
            "-        Global health is one of the key areas of strengthened cooperation between",
            "-        the United Nations and INTERPOL that the two Secretaries-General discussed.",
            "+        Global health is a key area.",
        ],
    );
    golden(
        seed_dir,
        Edit::RemoveTheme {
            id: s("global-health"),
        },
        &[
            "-  - id: global-health",
            "-    name: {en: Global health, ar: الصحة العالمية}",
            "-    summary:",
            "-      en: >-",
            "-        Global health is one of the key areas of strengthened cooperation between",
            "-        the United Nations and INTERPOL that the two Secretaries-General discussed.",
            "-      ar: >-",
            "-        الصحة العالمية من مجالات تعزيز التعاون الرئيسية بين الأمم المتحدة والإنتربول",
            "-        التي ناقشها الأمينان العامّان.",
            "-    keywords: [global public health, الصحة العامة العالمية]",
            "-    entities: [interpol, un]",
            "-    links:",
            "-      - source: un-interpol-2022",
            "-        quote: الصحة العالمية",
            "-",
        ],
    );
    golden(
        seed_dir,
        Edit::AddEntity(NewEntity {
            id: s("imo"),
            kind: s("organization"),
            names: vec![lang("en", "International Maritime Organization")],
            aliases: vec![s("IMO")],
            part_of: Some(s("un")),
        }),
        &[
            "+  - id: imo",
            "+    kind: organization",
            "+    name: {en: International Maritime Organization}",
            "+    aliases: [IMO]",
            "+    part_of: un",
            "+",
        ],
    );
    golden(
        seed_dir,
        Edit::EditEntity {
            id: s("unga-interpol-resolution"),
            changes: vec![
                Change::Name {
                    lang: s("en"),
                    was: Some(s(
                        "General Assembly resolution on cooperation between the United Nations and INTERPOL",
                    )),
                    now: Some(s("UNGA resolution on UN–INTERPOL cooperation")),
                },
                Change::AddAlias(s("the resolution: 2022")),
            ],
        },
        &[
            "-      en: General Assembly resolution on cooperation between the United Nations and INTERPOL",
            "-      ar: قرار الجمعية العامة للأمم المتحدة بشأن التعاون بين المنظمتين",
            "+      en: UNGA resolution on UN–INTERPOL cooperation",
            "+      ar: قرار الجمعية العامة للأمم المتحدة بشأن التعاون بين المنظمتين",
            "+    aliases: [\"the resolution: 2022\"]",
        ],
    );
    golden(
        seed_dir,
        Edit::EditEntity {
            id: s("un-sc"),
            changes: vec![
                Change::Kind {
                    was: s("body"),
                    now: s("council"),
                },
                Change::PartOf {
                    was: Some(s("un")),
                    now: None,
                },
            ],
        },
        &[
            "-    kind: body",
            "-    name: {en: United Nations Security Council, ar: مجلس الأمن}",
            "-    aliases: [UNSC, Security Council]",
            "-    part_of: un",
            "+    kind: council",
            "+    name: {en: United Nations Security Council, ar: مجلس الأمن}",
            "+    aliases: [UNSC, Security Council]",
        ],
    );
    golden(
        seed_dir,
        Edit::RemoveEntity {
            id: s("stock"),
            children: Children::Refuse,
        },
        &[
            "-  - id: stock",
            "-    kind: person",
            "-    name: {en: Jürgen Stock, ar: يورغن شتوك}",
            "-    aliases: [شتوك, INTERPOL Secretary General]",
            "-    part_of: interpol",
            "-",
        ],
    );
    golden(
        seed_dir,
        Edit::AddLink {
            theme: s("cybercrime"),
            link: link(SRC, "مكتب مكافحة الإرهاب"),
        },
        &[
            "+      - source: un-interpol-2022",
            "+        quote: مكتب مكافحة الإرهاب",
        ],
    );
    golden(
        seed_dir,
        Edit::RemoveLink {
            theme: s("financial-crime-corruption"),
            source: s(SRC),
            passage: 15,
            quote: None,
        },
        &[
            "-      - source: un-interpol-2022",
            "-        quote: الفساد",
            "-        prefix: والاتجار بالأسلحة،",
        ],
    );
    golden(
        seed_dir,
        Edit::AddEvent(NewEvent {
            date: s("2022-12"),
            labels: vec![lang("en", "Maritime security is discussed")],
            quote: link(SRC, "الأمن البحري"),
        }),
        &[
            "+  - date: 2022-12",
            "+    label:",
            "+      en: Maritime security is discussed",
            "+    source: un-interpol-2022",
            "+    quote: الأمن البحري",
            "+",
        ],
    );
}

#[test]
fn edits_that_touch_several_places_keep_every_other_line() {
    // Removing a body takes it out of themes and detaches its children.
    let dir = seed_dir();
    let before = themes(dir.path());
    curate::apply(
        dir.path(),
        &Limits::default(),
        &Edit::RemoveEntity {
            id: s("un-sc"),
            children: Children::Detach,
        },
    )
    .unwrap();
    let after = themes(dir.path());
    let removed: Vec<&str> = before
        .lines()
        .filter(|l| !after.lines().any(|a| a == *l))
        .collect();
    let added: Vec<&str> = after
        .lines()
        .filter(|l| !before.lines().any(|b| b == *l))
        .collect();
    assert_eq!(added, ["    entities: [interpol, un-ga]"]);
    assert!(removed.contains(&"    entities: [interpol, un-ga, un-sc]"));
    assert!(removed.contains(&"    part_of: un-sc"), "ctc is detached");
    assert!(removed.contains(&"  - id: un-sc"));
    assert_eq!(after.lines().count(), before.lines().count() - 7);
    workspace::load(dir.path()).unwrap();
}

#[test]
fn each_edit_of_a_flow_style_file_keeps_its_style_and_comments() {
    golden(
        flow_copy,
        Edit::AddTheme(NewTheme {
            id: s("piracy"),
            names: vec![lang("en", "Piracy")],
            summaries: vec![],
            keywords: vec![s("pirates, at sea")],
            entities: vec![],
        }),
        &["+  - {id: piracy, name: {en: Piracy}, keywords: [\"pirates, at sea\"]}"],
    );
    golden(
        flow_copy,
        Edit::EditTheme {
            id: s("ports"),
            changes: vec![Change::AddKeyword(s("port"))],
        },
        &[
            "-  - {id: ports, name: {en: Port security, ar: أمن الموانئ}, keywords: [harbour], entities: [imo]}  # first",
            "+  - {id: ports, name: {en: Port security, ar: أمن الموانئ}, keywords: [harbour, port], entities: [imo]}  # first",
        ],
    );
    golden(
        flow_copy,
        Edit::EditTheme {
            id: s("ports"),
            changes: vec![Change::Summary {
                lang: s("en"),
                was: None,
                now: Some(s("Ports and harbours")),
            }],
        },
        &[
            "-  - {id: ports, name: {en: Port security, ar: أمن الموانئ}, keywords: [harbour], entities: [imo]}  # first",
            "+  - {id: ports, name: {en: Port security, ar: أمن الموانئ}, summary: {en: Ports and harbours}, keywords: [harbour], entities: [imo]}  # first",
        ],
    );
    golden(
        flow_copy,
        Edit::EditTheme {
            id: s("fisheries"),
            changes: vec![Change::Name {
                lang: s("ar"),
                was: None,
                now: Some(s("الصيد غير المشروع")),
            }],
        },
        &[
            "-  - {id: fisheries, name: \"Fisheries: illegal catch\", keywords: ['illegal fishing'], links: [{source: report, quote: Illegal fishing remains}]}",
            "+  - {id: fisheries, name: {en: \"Fisheries: illegal catch\", ar: الصيد غير المشروع}, keywords: ['illegal fishing'], links: [{source: report, quote: Illegal fishing remains}]}",
        ],
    );
    golden(
        flow_copy,
        Edit::RemoveTheme { id: s("fisheries") },
        &[
            "-  - {id: fisheries, name: \"Fisheries: illegal catch\", keywords: ['illegal fishing'], links: [{source: report, quote: Illegal fishing remains}]}",
        ],
    );
    golden(
        flow_copy,
        Edit::AddEntity(NewEntity {
            id: s("un"),
            kind: s("organization"),
            names: vec![lang("en", "United Nations")],
            aliases: vec![],
            part_of: None,
        }),
        &[
            "-  {id: fao, kind: agency, name: {en: Food and Agriculture Organization}, aliases: ['FAO'], part_of: imo},",
            "+  {id: fao, kind: agency, name: {en: Food and Agriculture Organization}, aliases: ['FAO'], part_of: imo}, {id: un, kind: organization, name: {en: United Nations}},",
        ],
    );
    golden(
        flow_copy,
        Edit::EditEntity {
            id: s("fao"),
            changes: vec![Change::PartOf {
                was: Some(s("imo")),
                now: None,
            }],
        },
        &[
            "-  {id: fao, kind: agency, name: {en: Food and Agriculture Organization}, aliases: ['FAO'], part_of: imo},",
            "+  {id: fao, kind: agency, name: {en: Food and Agriculture Organization}, aliases: ['FAO']},",
        ],
    );
    golden(
        flow_copy,
        Edit::AddLink {
            theme: s("ports"),
            link: link("report", "Port security"),
        },
        &[
            "-  - {id: ports, name: {en: Port security, ar: أمن الموانئ}, keywords: [harbour], entities: [imo]}  # first",
            "+  - {id: ports, name: {en: Port security, ar: أمن الموانئ}, keywords: [harbour], entities: [imo], links: [{source: report, quote: Port security}]}  # first",
        ],
    );
    golden(
        flow_copy,
        Edit::RemoveLink {
            theme: s("fisheries"),
            source: s("report"),
            passage: 4,
            quote: None,
        },
        &[
            "-  - {id: fisheries, name: \"Fisheries: illegal catch\", keywords: ['illegal fishing'], links: [{source: report, quote: Illegal fishing remains}]}",
            "+  - {id: fisheries, name: \"Fisheries: illegal catch\", keywords: ['illegal fishing']}",
        ],
    );
    golden(
        flow_copy,
        Edit::AddEvent(NewEvent {
            date: s("2024"),
            labels: vec![lang("en", "Checks at the port of Aden")],
            quote: link("report", "port of Aden"),
        }),
        &[
            "-events: [{date: 2024, label: {en: The report is published}, source: report, quote: published in 2024}]  # end",
            "+events: [{date: 2024, label: {en: The report is published}, source: report, quote: published in 2024}, {date: 2024, label: {en: Checks at the port of Aden}, source: report, quote: port of Aden}]  # end",
        ],
    );
    golden(
        flow_copy,
        Edit::RemoveEntity {
            id: s("imo"),
            children: Children::Detach,
        },
        &[
            "-  - {id: ports, name: {en: Port security, ar: أمن الموانئ}, keywords: [harbour], entities: [imo]}  # first",
            "-  # A comment between items.",
            "-  - {id: fisheries, name: \"Fisheries: illegal catch\", keywords: ['illegal fishing'], links: [{source: report, quote: Illegal fishing remains}]}",
            "-",
            "-entities: [",
            "-  {id: imo, kind: organization, name: {en: International Maritime Organization}, aliases: [IMO]},  # the IMO",
            "-  {id: fao, kind: agency, name: {en: Food and Agriculture Organization}, aliases: ['FAO'], part_of: imo},",
            "+  - {id: ports, name: {en: Port security, ar: أمن الموانئ}, keywords: [harbour], entities: []}  # first",
            "+  # A comment between items.",
            "+  - {id: fisheries, name: \"Fisheries: illegal catch\", keywords: ['illegal fishing'], links: [{source: report, quote: Illegal fishing remains}]}",
            "+",
            "+entities: [",
            "+  {id: fao, kind: agency, name: {en: Food and Agriculture Organization}, aliases: ['FAO']},",
        ],
    );
}

/// Applies `edit`, which must be refused with a message holding `says`,
/// and checks the file did not change by one byte.
fn refused(dir: &Path, edit: Edit, says: &str) -> CurateError {
    let before = std::fs::read(dir.join("themes.yaml")).unwrap();
    let e = curate::apply(dir, &Limits::default(), &edit).expect_err(says);
    assert!(e.to_string().contains(says), "{edit:?}: {e}");
    assert_eq!(
        std::fs::read(dir.join("themes.yaml")).unwrap(),
        before,
        "{edit:?}"
    );
    e
}

#[test]
fn every_refusal_leaves_the_file_byte_for_byte() {
    let dir = seed_dir();
    let d = dir.path();
    let theme = |id: &str, name: &str| {
        Edit::AddTheme(NewTheme {
            id: s(id),
            names: vec![lang("en", name)],
            summaries: vec![],
            keywords: vec![],
            entities: vec![],
        })
    };
    refused(
        d,
        theme("cybercrime", "Again"),
        "`cybercrime` is already the id of a theme",
    );
    refused(d, theme("un", "Again"), "already the id of a partner body");
    refused(d, theme("two words", "X"), "not a usable theme id");
    refused(d, theme("x", "  "), "this text is empty");
    let e = refused(
        d,
        Edit::AddTheme(NewTheme {
            id: s("ports"),
            names: vec![lang("english", "Ports")],
            summaries: vec![],
            keywords: vec![],
            entities: vec![s("interpoll")],
        }),
        "is not a language code",
    );
    // The problem names the place in the edited text: file:line:col.
    assert!(e.to_string().contains("themes.yaml:"), "{e}");
    refused(
        d,
        Edit::AddTheme(NewTheme {
            id: s("ports"),
            names: vec![lang("en", "Ports")],
            summaries: vec![],
            keywords: vec![],
            entities: vec![s("interpoll")],
        }),
        "unknown partner body `interpoll` — did you mean `interpol`?",
    );
    refused(
        d,
        Edit::AddLink {
            theme: s("cybercrime"),
            link: link(SRC, "الأمن السيبراني في الموانئ"),
        },
        "is not found in source",
    );
    refused(
        d,
        Edit::AddLink {
            theme: s("cybercrime"),
            link: link(SRC, "الإنتربول"),
        },
        "places in `un-interpol-2022`",
    );
    refused(
        d,
        Edit::AddLink {
            theme: s("cybercrme"),
            link: link(SRC, "الجريمة السيبرية"),
        },
        "there is no theme `cybercrme` in themes.yaml — did you mean `cybercrime`?",
    );
    refused(
        d,
        Edit::EditEntity {
            id: s("un"),
            changes: vec![Change::PartOf {
                was: None,
                now: Some(s("cted")),
            }],
        },
        "part_of goes round in a circle",
    );
    let stale = refused(
        d,
        Edit::EditTheme {
            id: s("cybercrime"),
            changes: vec![Change::Name {
                lang: s("en"),
                was: Some(s("Cyber-crime")),
                now: Some(s("Cyber crime")),
            }],
        },
        "is now «Cybercrime», not «Cyber-crime» as you saw it",
    );
    assert!(matches!(stale, CurateError::Stale { .. }));
    assert!(stale.to_string().contains("themes.yaml:19:11"), "{stale}");
    refused(
        d,
        Edit::EditTheme {
            id: s("cybercrime"),
            changes: vec![Change::AddKeyword(s("cybercrime"))],
        },
        "`cybercrime` is already in the keywords of `cybercrime`",
    );
    refused(
        d,
        Edit::EditTheme {
            id: s("cybercrime"),
            changes: vec![Change::RemoveKeyword(s("piracy"))],
        },
        "`piracy` is not in the keywords of `cybercrime`",
    );
    refused(
        d,
        Edit::RemoveEntity {
            id: s("un"),
            children: Children::Refuse,
        },
        "--reparent-to ID or --detach-children",
    );
    refused(
        d,
        Edit::RemoveEntity {
            id: s("un-sc"),
            children: Children::ReparentTo(s("nobody")),
        },
        "unknown partner body `nobody`",
    );
    refused(
        d,
        Edit::RemoveLink {
            theme: s("cybercrime"),
            source: s(SRC),
            passage: 3,
            quote: None,
        },
        "theme `cybercrime` has no link to un-interpol-2022:3",
    );
    // A compound edit is all or nothing: the good change is not written.
    refused(
        d,
        Edit::EditTheme {
            id: s("cybercrime"),
            changes: vec![Change::AddKeyword(s("ok")), Change::AddEntity(s("nobody"))],
        },
        "unknown partner body `nobody`",
    );
    assert_eq!(themes(d), themes(root()));
}

#[test]
fn an_ambiguous_link_removal_is_refused_and_a_quote_settles_it() {
    let dir = seed_dir();
    let d = dir.path();
    curate::apply(
        d,
        &Limits::default(),
        &Edit::AddLink {
            theme: s("cybercrime"),
            link: LinkSpec {
                prefix: Some(s("على")),
                ..link(SRC, "الجريمة السيبرية")
            },
        },
    )
    .unwrap();
    let rm = |quote: Option<&str>| Edit::RemoveLink {
        theme: s("cybercrime"),
        source: s(SRC),
        passage: 5,
        quote: quote.map(s),
    };
    refused(
        d,
        rm(None),
        "theme `cybercrime` has 2 links to un-interpol-2022:5",
    );
    refused(
        d,
        rm(Some("غير ذلك")),
        "has no link to un-interpol-2022:5 quoting «غير ذلك»",
    );
    // Both quote the same words: the CLI says which by --quote, and both
    // match; the removal stays refused until the links differ.
    refused(d, rm(Some("الجريمة السيبرية")), "has 2 links");
}

#[test]
fn undo_after_another_edit_still_restores_its_own_lines() {
    let dir = seed_dir();
    let d = dir.path();
    let limits = Limits::default();
    let original = themes(d);
    let first = curate::apply(
        d,
        &limits,
        &Edit::EditTheme {
            id: s("cybercrime"),
            changes: vec![Change::AddKeyword(s("online fraud"))],
        },
    )
    .unwrap();
    assert_eq!(first.summary, "+keyword cybercrime \"online fraud\"");
    curate::apply(
        d,
        &limits,
        &Edit::EditEntity {
            id: s("un"),
            changes: vec![Change::AddAlias(s("U.N."))],
        },
    )
    .unwrap();
    curate::apply(d, &limits, &first.undo).unwrap();
    let now = themes(d);
    assert_eq!(
        diff(&original, &now),
        ["-    aliases: [UN]", "+    aliases: [UN, U.N.]"]
    );
    // An undo whose lines someone changed meanwhile is refused, naming them.
    let second = curate::apply(
        d,
        &limits,
        &Edit::EditTheme {
            id: s("global-health"),
            changes: vec![Change::AddKeyword(s("pandemics"))],
        },
    )
    .unwrap();
    curate::apply(
        d,
        &limits,
        &Edit::EditTheme {
            id: s("global-health"),
            changes: vec![Change::AddKeyword(s("vaccines"))],
        },
    )
    .unwrap();
    refused(d, second.undo, "pandemics, vaccines");
}

#[test]
fn a_theme_is_removed_with_its_notes_kept_as_orphans_and_counted_first() {
    let dir = seed_dir();
    let d = dir.path();
    let ws = workspace::load(d).unwrap();
    let notes_dir = d.join("notes");
    let mut store = coopdash::notes::Store::new(&notes_dir);
    let note = coopdash::notes::Note::new(
        coopdash::notes::NoteKind::Note,
        coopdash::notes::Target::Item(s("global-health")),
        None,
        "Salma",
        "ملاحظة",
    );
    store.add(note).unwrap();
    let store = coopdash::notes::Store::open(&notes_dir).unwrap();
    let impact = curate::impact(&ws, &store, "global-health");
    assert_eq!((impact.links, impact.notes, impact.children), (1, 1, 0));
    let un = curate::impact(&ws, &store, "un");
    assert!(un.children >= 8 && un.links == 4, "{un:?}");
    curate::apply(
        d,
        &Limits::default(),
        &Edit::RemoveTheme {
            id: s("global-health"),
        },
    )
    .unwrap();
    assert_eq!(
        coopdash::notes::Store::open(&notes_dir)
            .unwrap()
            .notes()
            .len(),
        1
    );
}

#[test]
fn promote_makes_an_analyst_link_curated_and_leaves_a_plain_note() {
    let dir = seed_dir();
    let d = dir.path();
    let ws = workspace::load(d).unwrap();
    // «الفساد» in ¶15: it also occurs in ¶5, so the curated quote needs
    // context to be found in one place.
    let p = &ws.sources[0].passages[14];
    let start = p.text.find("الفساد").unwrap();
    let span = coopdash::model::Span {
        source: 0,
        passage: 14,
        range: start..start + "الفساد".len(),
    };
    let anchor = coopdash::anchor::TextAnchor::capture(&ws, &span);
    let notes_dir = d.join("notes");
    let note = coopdash::notes::Note::new(
        coopdash::notes::NoteKind::Link,
        coopdash::notes::Target::Item(s("cybercrime")),
        Some(anchor),
        "Salma",
        "corruption beside cybercrime",
    );
    let id = coopdash::notes::Store::new(&notes_dir)
        .add(note)
        .unwrap()
        .note
        .id;
    let before = themes(d);
    let out = coopdash()
        .args(["-w"])
        .arg(d)
        .args(["link", "promote", &id, "--json"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    let json: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    assert_eq!(json["note"], id.as_str());
    assert_eq!(json["link"]["quote"], "الفساد");
    let context = json["link"]["prefix"]
        .as_str()
        .or(json["link"]["suffix"].as_str());
    assert!(context.is_some(), "{json}");
    let after = themes(d);
    let added = diff(&before, &after);
    assert_eq!(added.len(), 3, "{added:?}");
    assert_eq!(added[0], "+      - source: un-interpol-2022");
    assert_eq!(added[1], "+        quote: الفساد");
    let ws = workspace::load(d).unwrap();
    let theme = ws.themes.iter().find(|t| t.id == "cybercrime").unwrap();
    assert!(
        theme.links.iter().any(|l| l.span == span),
        "the link is the note's words"
    );
    let store = coopdash::notes::Store::open(&notes_dir).unwrap();
    let kept = &store.get(&id).unwrap().note;
    assert_eq!(kept.kind, coopdash::notes::NoteKind::Note);
    assert_eq!(kept.body, "corruption beside cybercrime");
    // Promoting it again: it is no longer a link.
    let again = coopdash()
        .arg("-w")
        .arg(d)
        .args(["link", "promote", &id])
        .output()
        .unwrap();
    assert!(!again.status.success());
    assert!(
        stderr(&again).contains("is not an analyst link"),
        "{}",
        stderr(&again)
    );
}

#[test]
fn the_command_line_prints_json_and_refuses_with_exit_1() {
    let dir = seed_dir();
    let d = dir.path();
    let run = |args: &[&str]| coopdash().arg("-w").arg(d).args(args).output().unwrap();
    let out = run(&[
        "theme",
        "add",
        "ports",
        "--name",
        "en=Port security",
        "--name",
        "ar=أمن الموانئ",
        "--keyword",
        "ports",
        "--entity",
        "interpol",
        "--json",
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    let json: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    assert_eq!(json["summary"], "+theme ports");
    assert_eq!(json["command"], "theme add");
    let out = run(&[
        "theme",
        "edit",
        "ports",
        "--name",
        "en=Ports",
        "--add-keyword",
        "harbours",
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(
        stdout(&out).trim(),
        "name.en ports \"Ports\"; +keyword ports \"harbours\""
    );
    let out = run(&["entity", "rm", "un"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains("--reparent-to ID or --detach-children"),
        "{}",
        stderr(&out)
    );
    let out = run(&[
        "entity",
        "edit",
        "un-sc",
        "--no-part-of",
        "--kind",
        "council",
        "--add-alias",
        "المجلس",
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    let out = run(&[
        "link",
        "add",
        "ports",
        SRC,
        "--quote",
        "الأمن البحري",
        "--json",
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    let json: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    assert_eq!(
        json["warnings"].as_array().unwrap().len(),
        1,
        "the passage names none of `ports`"
    );
    let out = run(&["link", "rm", "ports", &format!("{SRC}:5")]);
    assert!(out.status.success(), "{}", stderr(&out));
    let out = run(&[
        "event",
        "add",
        "--date",
        "2022-12-09",
        "--label",
        "en=They meet",
        SRC,
        "--quote",
        "ناقش الأمينان العامّان",
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    let out = run(&["theme", "rm", "ports"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let out = run(&["check"]);
    assert!(out.status.success(), "{}", stderr(&out));
}

#[test]
fn a_linked_themes_file_is_read_only_to_curation() {
    let dir = seed_dir();
    let d = dir.path();
    std::fs::rename(d.join("themes.yaml"), d.join("real.yaml")).unwrap();
    std::os::unix::fs::symlink("real.yaml", d.join("themes.yaml")).unwrap();
    let e = curate::writable(d).unwrap_err();
    assert!(e.to_string().contains("read-only"), "{e}");
    assert!(matches!(
        curate::apply(
            d,
            &Limits::default(),
            &Edit::RemoveTheme {
                id: s("cybercrime")
            }
        ),
        Err(CurateError::ReadOnly { .. })
    ));
    assert_eq!(themes(d), themes(root()));
}

#[test]
fn two_processes_curating_at_once_both_get_their_way() {
    let dir = seed_dir();
    let d = dir.path().to_path_buf();
    let writers: Vec<_> = ["a", "b"]
        .into_iter()
        .map(|tag| {
            let d = d.clone();
            std::thread::spawn(move || {
                for i in 0..100 {
                    let id = format!("{tag}-{i}");
                    let add = coopdash()
                        .arg("-w")
                        .arg(&d)
                        .args(["theme", "add", &id, "--name", &format!("en=Theme {id}")])
                        .output()
                        .unwrap();
                    assert!(add.status.success(), "{}", stderr(&add));
                    let kw = coopdash()
                        .arg("-w")
                        .arg(&d)
                        .args([
                            "theme",
                            "edit",
                            "cybercrime",
                            "--add-keyword",
                            &format!("kw {id}"),
                        ])
                        .output()
                        .unwrap();
                    assert!(kw.status.success(), "{}", stderr(&kw));
                }
            })
        })
        .collect();
    for w in writers {
        w.join().unwrap();
    }
    let ws = workspace::load(&d).unwrap();
    assert_eq!(ws.themes.len(), 5 + 200);
    let cyber = ws.themes.iter().find(|t| t.id == "cybercrime").unwrap();
    for tag in ["a", "b"] {
        for i in 0..100 {
            assert!(ws.themes.iter().any(|t| t.id == format!("{tag}-{i}")));
            assert!(cyber.keywords.contains(&format!("kw {tag}-{i}")));
        }
    }
    let check = coopdash().arg("-w").arg(&d).arg("check").output().unwrap();
    assert!(check.status.success(), "{}", stderr(&check));
}
