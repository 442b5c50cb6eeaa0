//! Property tests (proptest) of the rules everything else stands on:
//! a quote cut from a passage resolves back to exactly its span (or is
//! ambiguous exactly when it occurs more than once); mentions never
//! overlap and each is a name or alias by the phrase rule; and any
//! sequence of adds, edits and deletes by two writers on one notes folder
//! ends with the notes a simple model predicts.

use coopdash::anchor::{AnchorError, FoldedSource, Quote};
use coopdash::model::{LangText, Source};
use coopdash::notes::{Deleted, Edited, Note, NoteKind, NotesError, Store, Stored, Target};
use coopdash::text::{Folded, Phrase, fold};
use coopdash::workspace::seeds::split_passages;
use proptest::prelude::*;
use std::collections::BTreeMap;
use std::path::PathBuf;

/// Words with no clitic reading of one another: none starts with و ف ب ك
/// ل, and no word is another with ال added or removed, so a quote occurs
/// exactly where its words occur in a row.
const WORDS: [&str; 12] = [
    "تعاون",
    "جريمة",
    "سيبرية",
    "الإنتربول",
    "منظمة",
    "حماية",
    "الأمم",
    "مسؤول",
    "cooperation",
    "maritime",
    "security",
    "crime",
];

/// Marks that folding removes (fatha, damma, shadda) and tatweel.
const MARKS: [&str; 4] = ["\u{064E}", "\u{064F}", "\u{0651}", "\u{0640}"];

/// A written form of a word: maybe with a mark or tatweel after its
/// first letter, as Arabic is often written.
fn written(word: &str, mark: Option<usize>) -> String {
    match mark {
        Some(m) if !word.is_ascii() => {
            let mut chars = word.chars();
            let first = chars.next().unwrap_or_default();
            format!("{first}{}{}", MARKS[m % MARKS.len()], chars.as_str())
        }
        _ => word.to_string(),
    }
}

/// A source text: passages of words, with varied spacing and marks.
fn source_text() -> impl Strategy<Value = Vec<Vec<(usize, Option<usize>, usize)>>> {
    let word = (0..WORDS.len(), proptest::option::of(0..4usize), 0..3usize);
    prop::collection::vec(prop::collection::vec(word, 1..12), 1..4)
}

/// The text of the passages (blank lines between them), and each word's
/// (passage, byte range in the passage text, folded word).
fn render(passages: &[Vec<(usize, Option<usize>, usize)>]) -> (String, Vec<Vec<(usize, usize)>>) {
    let mut text = String::new();
    let mut spans = Vec::new();
    for words in passages {
        let mut here = Vec::new();
        let mut passage = String::new();
        for (i, &(w, mark, gap)) in words.iter().enumerate() {
            if i > 0 {
                passage.push_str([" ", "  ", "\n"][gap]);
            }
            let start = passage.len();
            passage.push_str(&written(WORDS[w], mark));
            here.push((start, passage.len()));
        }
        text.push_str(&passage);
        text.push_str("\n\n");
        spans.push(here);
    }
    (text, spans)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    #[test]
    fn a_quote_cut_at_word_boundaries_resolves_to_its_span(
        words in source_text(),
        pick in any::<prop::sample::Index>(),
        from in any::<prop::sample::Index>(),
        len in 1..4usize,
    ) {
        let (text, spans) = render(&words);
        let passages = split_passages(&text);
        prop_assert_eq!(passages.len(), words.len());
        let p = pick.index(words.len());
        let first = from.index(words[p].len());
        let last = (first + len).min(words[p].len()) - 1;
        let span = spans[p][first].0..spans[p][last].1;
        let quote = &passages[p].text[span.clone()];
        // Occurrences of the same words in a row, anywhere in the source.
        let key: Vec<usize> = words[p][first..=last].iter().map(|w| w.0).collect();
        let occurrences = words
            .iter()
            .flat_map(|ws| ws.windows(key.len()))
            .filter(|win| win.iter().map(|w| w.0).eq(key.iter().copied()))
            .count();
        let folded = FoldedSource::new(&passages);
        let got = folded.resolve(Quote { exact: quote, prefix: None, suffix: None });
        match got {
            Ok(a) => {
                prop_assert_eq!(occurrences, 1);
                prop_assert_eq!(a.passage, p);
                prop_assert_eq!(&passages[p].text[a.range], quote);
            }
            Err(AnchorError::Ambiguous { count, .. }) => prop_assert_eq!(count, occurrences),
            Err(other) => prop_assert!(false, "{quote:?}: {other:?}"),
        }
    }
}

/// Names and aliases of three partner bodies; passages are made of these
/// words with clitic prefixes, so names overlap and attach to other words.
const NAMES: [&[&str]; 3] = [
    &["الأمم المتحدة", "UN"],
    &["مكتب الأمم المتحدة", "UNODC"],
    &["الإنتربول", "INTERPOL", "Interpol"],
];

const MENTION_WORDS: [&str; 10] = [
    "الأمم",
    "المتحدة",
    "مكتب",
    "الإنتربول",
    "UN",
    "un",
    "UNODC",
    "interpol",
    "تعاون",
    "who",
];

const CLITICS: [&str; 6] = ["", "و", "ب", "ل", "وال", "لل"];

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    #[test]
    fn mentions_never_overlap_and_each_is_a_name_by_the_phrase_rule(
        words in prop::collection::vec((0..MENTION_WORDS.len(), 0..CLITICS.len()), 1..16),
    ) {
        let text: Vec<String> = words
            .iter()
            .map(|&(w, c)| {
                let word = MENTION_WORDS[w];
                if word.is_ascii() { word.to_string() } else { format!("{}{word}", CLITICS[c]) }
            })
            .collect();
        let source = Source {
            id: "s".into(),
            file: PathBuf::from("s.txt"),
            title: LangText::one("ar", "s"),
            lang: None,
            date: None,
            passages: split_passages(&text.join(" ")).into(),
        };
        let text = &source.passages[0].text;
        let found = coopdash::mentions::find(std::slice::from_ref(&source), NAMES.iter().map(|n| n.iter().copied()));
        let mut spans: Vec<(usize, std::ops::Range<usize>)> = found
            .iter()
            .enumerate()
            .flat_map(|(item, ms)| ms.iter().map(move |m| (item, m.range())))
            .collect();
        spans.sort_by_key(|(_, r)| r.start);
        for pair in spans.windows(2) {
            prop_assert!(pair[0].1.end <= pair[1].1.start, "overlap: {:?} in {text:?}", pair);
        }
        for (item, range) in &spans {
            let shown = &text[range.clone()];
            let hay = Folded::new(shown);
            // Matched alone, the span gives back one of its item's names,
            // ending where it ends; only the ل that ل + ال leaves before a
            // name may stand in front.
            let again = NAMES[*item].iter().filter_map(|n| Phrase::new(n)).any(|p| {
                p.find_in(&hay).into_iter().any(|r| {
                    let back = hay.original_range(r);
                    back.end == shown.len() && ["", "ل"].contains(&&shown[..back.start])
                })
            });
            prop_assert!(again, "{shown:?} is not a name of {:?}", NAMES[*item]);
            prop_assert!(!fold(shown).is_empty());
        }
    }
}

/// One step of a writer on the shared notes folder.
#[derive(Debug, Clone)]
enum Op {
    Add {
        writer: usize,
        body: u8,
    },
    Edit {
        writer: usize,
        pick: prop::sample::Index,
        body: u8,
    },
    Delete {
        writer: usize,
        pick: prop::sample::Index,
    },
    Refresh {
        writer: usize,
    },
}

fn op() -> impl Strategy<Value = Op> {
    let w = 0..2usize;
    prop_oneof![
        (w.clone(), any::<u8>()).prop_map(|(writer, body)| Op::Add { writer, body }),
        (w.clone(), any::<prop::sample::Index>(), any::<u8>())
            .prop_map(|(writer, pick, body)| Op::Edit { writer, pick, body }),
        (w.clone(), any::<prop::sample::Index>())
            .prop_map(|(writer, pick)| Op::Delete { writer, pick }),
        w.prop_map(|writer| Op::Refresh { writer }),
    ]
}

/// A body from a small alphabet, so that edits often write what is there.
fn body(n: u8) -> String {
    format!("ملاحظة {}", n % 4)
}

/// What each note file holds, as far as the test knows: by id, the
/// version a writer must have read to replace it, and its body.
type Model = BTreeMap<String, (coopdash::notes::Version, String)>;

fn pick_from(store: &Store, pick: &prop::sample::Index) -> Option<Stored> {
    let notes = store.notes();
    (!notes.is_empty()).then(|| notes[pick.index(notes.len())].clone())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(24))]

    #[test]
    fn two_writers_end_with_the_notes_the_model_predicts(ops in prop::collection::vec(op(), 1..16)) {
        // Memory-backed when possible: this is about the rules, not the disk.
        let base = if std::path::Path::new("/dev/shm").is_dir() { "/dev/shm" } else { "/tmp" };
        let dir = tempfile::tempdir_in(base).unwrap();
        let notes = dir.path().join("notes");
        let mut writers = [Store::new(&notes), Store::new(&notes)];
        let mut model = Model::new();
        for op in &ops {
            match op {
                Op::Add { writer, body: b } => {
                    let note = Note::new(NoteKind::Note, Target::Item("cybercrime".into()), None, "w", &body(*b));
                    let s = writers[*writer].add(note).unwrap();
                    prop_assert!(!model.contains_key(&s.note.id), "an add never replaces a note");
                    model.insert(s.note.id.clone(), (s.version, s.note.body.clone()));
                }
                Op::Edit { writer, pick, body: b } => {
                    let Some(base) = pick_from(&writers[*writer], pick) else { continue };
                    let id = base.note.id.clone();
                    let expected = model.get(&id).map(|(v, _)| *v);
                    match writers[*writer].edit(&base, &body(*b)).unwrap() {
                        Edited::Saved(s) => {
                            prop_assert_eq!(expected, Some(base.version), "saved over another's version");
                            model.insert(id, (s.version, s.note.body));
                        }
                        Edited::Recreated(s) => {
                            prop_assert_eq!(expected, None, "recreated a note that exists");
                            model.insert(id, (s.version, s.note.body));
                        }
                        Edited::Conflict { ours, theirs } => {
                            prop_assert!(expected.is_some() && expected != Some(base.version));
                            prop_assert_eq!(theirs.map(|t| t.version), expected, "theirs is the file's version");
                            prop_assert_eq!(ours.note.conflict_of.as_deref(), Some(id.as_str()));
                            prop_assert!(!model.contains_key(&ours.note.id));
                            model.insert(ours.note.id.clone(), (ours.version, ours.note.body));
                        }
                    }
                }
                Op::Delete { writer, pick } => {
                    let Some(base) = pick_from(&writers[*writer], pick) else { continue };
                    let id = base.note.id.clone();
                    match (writers[*writer].delete(&base), model.get(&id).map(|(v, _)| *v)) {
                        (Ok(Deleted::Trashed { .. }), Some(v)) if v == base.version => { model.remove(&id); }
                        (Ok(Deleted::AlreadyGone), None) => {}
                        (Err(NotesError::Changed { .. }), Some(v)) if v != base.version => {}
                        (got, expected) => prop_assert!(false, "delete of {id}: {got:?}, file at {expected:?}"),
                    }
                }
                Op::Refresh { writer } => {
                    writers[*writer].refresh().unwrap();
                }
            }
        }
        let reader = Store::open(&notes).unwrap();
        prop_assert_eq!(reader.problems().count(), 0);
        let on_disk: BTreeMap<String, String> = reader
            .notes()
            .into_iter()
            .map(|s| (s.note.id.clone(), s.note.body.clone()))
            .collect();
        let predicted: BTreeMap<String, String> = model.into_iter().map(|(id, (_, b))| (id, b)).collect();
        prop_assert_eq!(on_disk, predicted);
    }
}
