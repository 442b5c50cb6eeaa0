//! Dates written in sources: both Arabic month-name families, Arabic-Indic
//! and Eastern digits, English forms, partial dates; the dateline as a
//! source's date when themes.yaml gives none; the timeline.

use coopdash::date::{PartialDate, Precision, dateline, find_written};
use coopdash::model::Passage;
use coopdash::timeline::{Timeline, What};
use coopdash::workspace;
use std::path::{Path, PathBuf};

/// The first date written in `text`, as `YYYY[-MM[-DD]]`, and the words.
fn first(text: &str) -> Option<(String, &str)> {
    find_written(text)
        .into_iter()
        .next()
        .map(|d| (d.date.to_string(), &text[d.range]))
}

#[test]
fn written_dates_table() {
    let cases: &[(&str, &str, &str)] = &[
        // The seed's dateline: Arabic-Indic digits, Arabic comma.
        ("٩ ديسمبر، ٢٠٢٢", "2022-12-09", "٩ ديسمبر، ٢٠٢٢"),
        ("في ٩ ديسمبر ٢٠٢٢ عقد", "2022-12-09", "٩ ديسمبر ٢٠٢٢"),
        // Eastern (Persian) digits and Western digits in Arabic text.
        ("۱۴ مارس ۲۰۲۴", "2024-03-14", "۱۴ مارس ۲۰۲۴"),
        ("14 مارس 2024", "2024-03-14", "14 مارس 2024"),
        // Gregorian names, every month, with their variant spellings.
        ("1 يناير 2020", "2020-01-01", "1 يناير 2020"),
        ("2 فبراير 2020", "2020-02-02", "2 فبراير 2020"),
        ("3 أبريل 2020", "2020-04-03", "3 أبريل 2020"),
        ("3 ابريل 2020", "2020-04-03", "3 ابريل 2020"),
        ("3 إبريل 2020", "2020-04-03", "3 إبريل 2020"),
        ("4 مايو 2020", "2020-05-04", "4 مايو 2020"),
        ("5 يونيو 2020", "2020-06-05", "5 يونيو 2020"),
        ("5 يونية 2020", "2020-06-05", "5 يونية 2020"),
        ("6 يوليو 2020", "2020-07-06", "6 يوليو 2020"),
        ("6 يولية 2020", "2020-07-06", "6 يولية 2020"),
        ("7 أغسطس 2020", "2020-08-07", "7 أغسطس 2020"),
        ("8 سبتمبر 2020", "2020-09-08", "8 سبتمبر 2020"),
        ("9 أكتوبر 2020", "2020-10-09", "9 أكتوبر 2020"),
        ("10 نوفمبر 2020", "2020-11-10", "10 نوفمبر 2020"),
        // Levantine (Syriac) names, two of them two words long.
        ("١٥ كانون الثاني ٢٠٢١", "2021-01-15", "١٥ كانون الثاني ٢٠٢١"),
        ("15 شباط 2021", "2021-02-15", "15 شباط 2021"),
        ("15 آذار 2021", "2021-03-15", "15 آذار 2021"),
        ("15 نيسان 2021", "2021-04-15", "15 نيسان 2021"),
        ("15 أيار 2021", "2021-05-15", "15 أيار 2021"),
        ("15 حزيران 2021", "2021-06-15", "15 حزيران 2021"),
        ("15 تموز 2021", "2021-07-15", "15 تموز 2021"),
        ("15 آب 2021", "2021-08-15", "15 آب 2021"),
        ("15 أيلول 2021", "2021-09-15", "15 أيلول 2021"),
        ("15 تشرين الأول 2021", "2021-10-15", "15 تشرين الأول 2021"),
        ("15 تشرين الثاني 2021", "2021-11-15", "15 تشرين الثاني 2021"),
        ("٩ كانون الأول ٢٠٢٢", "2022-12-09", "٩ كانون الأول ٢٠٢٢"),
        // Both families at once, as Arabic press often writes them.
        (
            "9 ديسمبر/كانون الأول 2022",
            "2022-12-09",
            "9 ديسمبر/كانون الأول 2022",
        ),
        // Diacritics and tatweel do not matter.
        ("٩ دِيسَمْبِر ٢٠٢٢", "2022-12-09", "٩ دِيسَمْبِر ٢٠٢٢"),
        // Month precision.
        ("في كانون الأول ٢٠٢٢", "2022-12", "كانون الأول ٢٠٢٢"),
        ("خلال مارس 2024", "2024-03", "مارس 2024"),
        ("March 2024", "2024-03", "March 2024"),
        ("in Sept. 2019 they", "2019-09", "Sept. 2019"),
        // English day forms.
        ("Geneva, 14 March 2024", "2024-03-14", "14 March 2024"),
        (
            "on 14th of March, 2024",
            "2024-03-14",
            "14th of March, 2024",
        ),
        ("March 14, 2024", "2024-03-14", "March 14, 2024"),
        ("DECEMBER 9 2022", "2022-12-09", "DECEMBER 9 2022"),
        ("dated 2022-12-09.", "2022-12-09", "2022-12-09"),
    ];
    for &(text, date, words) in cases {
        assert_eq!(
            first(text),
            Some((date.to_string(), words)),
            "reading {text:?}"
        );
    }
}

#[test]
fn what_is_not_a_written_date() {
    for text in [
        // A bare year is an event's, not a date line.
        "في عام 2023",
        "Since 2008",
        // No year.
        "14 March",
        "٩ ديسمبر",
        // Not a calendar day; not a month name; half a two-word name.
        "31 فبراير 2024",
        "12 كانون 2022",
        "the 195 member countries",
        // A month name inside a word.
        "remarch 2024",
    ] {
        let found: Vec<String> = find_written(text)
            .iter()
            .map(|d| d.date.to_string())
            .collect();
        // An impossible day still leaves the month: "فبراير 2024".
        if text.starts_with("31") {
            assert_eq!(found, ["2024-02"], "{text}");
        } else {
            assert!(found.is_empty(), "{text}: {found:?}");
        }
    }
}

#[test]
fn precision_and_extent() {
    let y = PartialDate::parse("1997").unwrap();
    let m = PartialDate::parse("2024-02").unwrap();
    let d = PartialDate::parse("2022-12-09").unwrap();
    assert_eq!(
        (y.precision(), m.precision(), d.precision()),
        (Precision::Year, Precision::Month, Precision::Day)
    );
    assert_eq!(y.first_day().to_string(), "1997-01-01");
    assert_eq!(y.last_day().to_string(), "1997-12-31");
    assert_eq!(m.last_day().to_string(), "2024-02-29");
    assert_eq!(d.first_day(), d.last_day());
    // A year sorts before its months, a month before its days.
    let mut dates = [
        d,
        PartialDate::parse("2022").unwrap(),
        PartialDate::parse("2022-12").unwrap(),
    ];
    dates.sort();
    let written: Vec<String> = dates.iter().map(ToString::to_string).collect();
    assert_eq!(written, ["2022", "2022-12", "2022-12-09"]);
}

fn passage(n: usize, text: &str) -> Passage {
    Passage {
        n,
        kind: coopdash::model::PassageKind::Paragraph,
        text: text.into(),
        line: n,
    }
}

#[test]
fn the_dateline_is_near_the_top() {
    let ps = [
        passage(1, "A title"),
        passage(2, "Geneva, 14 March 2024"),
        passage(3, "In March 2020, something."),
    ];
    let (at, d) = dateline(&ps).unwrap();
    assert_eq!((at, d.date.to_string()), (1, "2024-03-14".to_string()));
    // Further down, a date is an event's.
    let ps = [
        passage(1, "A"),
        passage(2, "B"),
        passage(3, "C"),
        passage(4, "14 March 2024"),
    ];
    assert!(dateline(&ps).is_none());
}

/// A copy of a workspace with the `date:` lines of themes.yaml removed.
fn without_yaml_dates(from: &Path) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let yaml = std::fs::read_to_string(from.join("themes.yaml")).unwrap();
    let kept: Vec<&str> = yaml
        .lines()
        .filter(|l| !l.starts_with("    date:"))
        .collect();
    std::fs::write(dir.path().join("themes.yaml"), kept.join("\n")).unwrap();
    std::fs::create_dir(dir.path().join("seeds")).unwrap();
    for f in std::fs::read_dir(from.join("seeds")).unwrap() {
        let f = f.unwrap();
        std::fs::copy(f.path(), dir.path().join("seeds").join(f.file_name())).unwrap();
    }
    dir
}

fn root() -> PathBuf {
    crate::support::root().to_path_buf()
}

#[test]
fn a_source_without_a_yaml_date_takes_its_dateline() {
    for (from, want) in [
        (root(), "2022-12-09"),
        (
            root().join("tests/fixtures/workspaces/english"),
            "2024-03-14",
        ),
    ] {
        let dir = without_yaml_dates(&from);
        let yaml = std::fs::read_to_string(dir.path().join("themes.yaml")).unwrap();
        assert!(
            !yaml.lines().any(|l| l.trim_start().starts_with("date:")),
            "the copy gives no source a date"
        );
        let ws = workspace::load(dir.path()).unwrap();
        assert_eq!(
            ws.sources[0].date.as_deref(),
            Some(want),
            "{}",
            from.display()
        );
    }
}

#[test]
fn the_seed_timeline() {
    let ws = workspace::load(&root()).unwrap();
    let t = Timeline::build(&ws);
    let dates: Vec<String> = t.entries.iter().map(|e| e.date.to_string()).collect();
    assert_eq!(
        dates,
        [
            "1997",
            "2004",
            "2018",
            "2022-12-09",
            "2022-12-09",
            "2023",
            "2030"
        ]
    );
    // The source's date comes first on its day, pointing at its dateline.
    let source_day = &t.entries[3];
    assert_eq!(source_day.what, What::Source(0));
    let span = source_day.span.as_ref().unwrap();
    assert_eq!(
        (span.passage + 1, ws.span_text(span)),
        (2, "٩ ديسمبر، ٢٠٢٢")
    );
    // Every event points at its passage.
    for e in &t.entries[..3] {
        let What::Event(i) = e.what else {
            panic!("event expected")
        };
        assert_eq!(e.span.as_ref(), Some(&ws.events[i].span));
    }
    let (first, last) = t.extent().unwrap();
    assert_eq!(
        (first.to_string(), last.to_string()),
        ("1997-01-01".into(), "2030-12-31".into())
    );
}
