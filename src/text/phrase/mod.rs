//! Finding names, aliases, keywords and quotes in folded text, the way Arabic
//! is written: on word boundaries, through attached clitic prefixes.
//!
//! A phrase matches where it starts a word, or where the word begins with
//! clitics: a conjunction (و ف), then a preposition (ب ك ل), then the article
//! (ال), each optional. When the phrase itself starts with the article, the
//! preposition ل swallows its alef (ل + الأمم → للأمم). A phrase never matches
//! inside a longer word. An all-capitals Latin acronym (UN, WHO) matches its
//! exact letters only. This is the one place that rule lives: link
//! resolution, mention finding and search all call it. What a word is
//! comes from [`super::word`].

use super::Folded;
use super::normalize::fold;
use super::word::{is_arabic_letter, is_word_char, word_start};
use memchr::memmem::Finder;
use std::ops::Range;

const ARTICLE: &str = "ال";

/// Conjunction + preposition combinations that may precede a word.
const PREFIXES: [&str; 12] = [
    "", "و", "ف", "ب", "ك", "ل", "وب", "وك", "ول", "فب", "فك", "فل",
];

/// A name, alias, keyword or quote prepared for matching.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Phrase {
    folded: String,
    /// Byte length of a leading article in `folded` (0 or 4).
    article: usize,
    /// For acronyms: the exact original spelling to require.
    exact: Option<String>,
}

impl Phrase {
    /// Prepares `text`; `None` when it folds to nothing.
    pub fn new(text: &str) -> Option<Phrase> {
        let folded = fold(text);
        if folded.is_empty() {
            return None;
        }
        let article = if folded.starts_with(ARTICLE)
            && folded[ARTICLE.len()..]
                .chars()
                .take_while(|c| c.is_alphanumeric())
                .count()
                >= 2
        {
            ARTICLE.len()
        } else {
            0
        };
        let trimmed = text.trim();
        let exact = is_acronym(trimmed).then(|| trimmed.to_string());
        Some(Phrase {
            folded,
            article,
            exact,
        })
    }

    /// The folded form.
    pub fn folded(&self) -> &str {
        &self.folded
    }

    /// The part searched for: the phrase without its article, so that
    /// clitic forms such as للأمم are found too.
    pub fn core(&self) -> &str {
        &self.folded[self.article..]
    }

    /// A phrase for a folded search query whose first word may be typed
    /// with or without clitics: its clitics and article are taken off
    /// ([`clitic_stems`]) and it matches every clitic form of what is left
    /// (بالأمن finds الأمن, أمن, للأمن, والأمن). Never an acronym.
    pub fn any_form(folded_query: &str) -> Option<Phrase> {
        let first = folded_query.split(' ').next().unwrap_or("");
        let stem = *clitic_stems(first).last()?;
        let rest = &folded_query[first.len()..];
        let arabic = stem.chars().next().is_some_and(is_arabic_letter);
        let article = if arabic && stem.chars().count() >= 2 {
            ARTICLE.len()
        } else {
            0
        };
        let folded = format!("{}{stem}{rest}", if article > 0 { ARTICLE } else { "" });
        (!folded.is_empty()).then_some(Phrase {
            folded,
            article,
            exact: None,
        })
    }

    /// Checks an occurrence of [`Self::core`] at byte `core_at` of folded
    /// text against the word-start and clitic rules (and, with
    /// `whole_word`, the word-end rule). Returns the folded range to report,
    /// the article included when the text has one. Acronym case is not
    /// checked here: folded text has no case (see [`Self::find_in`]).
    pub fn accept_at(&self, text: &str, core_at: usize, whole_word: bool) -> Option<Range<usize>> {
        let core = self.core();
        let end = core_at + core.len();
        let ends_in_word = core.chars().next_back().is_some_and(is_word_char);
        if whole_word && ends_in_word && text[end..].chars().next().is_some_and(is_word_char) {
            return None;
        }
        let mut start = core_at;
        if core.chars().next().is_some_and(is_word_char) {
            // More letters before the core than clitics can be: inside a word.
            let run = text[..core_at]
                .chars()
                .rev()
                .take(MAX_CLITICS + 1)
                .take_while(|&c| is_word_char(c))
                .count();
            if run > MAX_CLITICS {
                return None;
            }
            let clitics = &text[word_start(text, core_at)..core_at];
            start = core_at - self.clitic_article_len(clitics)?;
        } else if self.article > 0 {
            return None;
        }
        Some(start..end)
    }

    /// [`Self::accept_at`] with the word end required, plus the acronym's
    /// exact spelling checked against the original text.
    fn accept(&self, hay: &Folded, core_at: usize, end: usize) -> Option<Range<usize>> {
        debug_assert_eq!(end, core_at + self.core().len());
        let range = self.accept_at(hay.text(), core_at, true)?;
        if let Some(exact) = &self.exact {
            let original = hay.original_range(range.clone());
            if &hay.original()[original] != exact {
                return None;
            }
        }
        Some(range)
    }

    /// When `clitics` (the letters between a word's start and the core) form
    /// an allowed prefix, returns how many of its trailing bytes belong to
    /// the phrase itself (the article, or the ل left of it after ل + ال).
    fn clitic_article_len(&self, clitics: &str) -> Option<usize> {
        if clitics.is_empty() {
            return Some(0);
        }
        if PREFIXES.contains(&clitics) {
            return Some(0);
        }
        if let Some(p) = clitics.strip_suffix(ARTICLE)
            && PREFIXES.contains(&p)
        {
            return Some(ARTICLE.len());
        }
        if self.article > 0
            && let Some(p) = clitics.strip_suffix('ل')
            && p.ends_with('ل')
            && PREFIXES.contains(&p)
        {
            return Some('ل'.len_utf8());
        }
        None
    }

    /// Every place `self` occurs in `hay`, as folded byte ranges.
    pub fn find_in(&self, hay: &Folded) -> Vec<Range<usize>> {
        let mut hits = Vec::new();
        self.scan(&Finder::new(self.core()), hay, |r| hits.push(r));
        hits
    }

    /// Every place `self` occurs in each of `hays`, as (index, folded byte
    /// range): [`Phrase::find_in`] over many texts (a source's passages)
    /// with the searcher built once, not once per text.
    pub fn find_in_each(&self, hays: &[Folded]) -> Vec<(usize, Range<usize>)> {
        let finder = Finder::new(self.core());
        let mut hits = Vec::new();
        for (i, hay) in hays.iter().enumerate() {
            self.scan(&finder, hay, |r| hits.push((i, r)));
        }
        hits
    }

    /// Calls `found` with each accepted occurrence of the core, overlapping
    /// ones included.
    fn scan(&self, finder: &Finder, hay: &Folded, mut found: impl FnMut(Range<usize>)) {
        let text = hay.text();
        let mut from = 0;
        while let Some(at) = finder.find(&text.as_bytes()[from..]) {
            let at = from + at;
            if let Some(range) = self.accept(hay, at, at + finder.needle().len()) {
                found(range);
            }
            from = at + text[at..].chars().next().map_or(1, char::len_utf8);
        }
    }
}

/// Most letters clitics can put before a word: a conjunction, a
/// preposition and the article (وبال).
const MAX_CLITICS: usize = 4;

/// The forms a typed (folded) word may stand for once clitic prefixes
/// are taken off, longest first and the word itself first: وبالامن →
/// وبالامن, بالامن, الامن, امن; للامم → للامم, لامم, امم. A form keeps
/// at least two letters. The prefixes are those a phrase accepts in text.
pub fn clitic_stems(word: &str) -> Vec<&str> {
    let mut out = Vec::new();
    clitic_stems_into(word, &mut out);
    out
}

/// [`clitic_stems`] into `out` (cleared first): a caller going through
/// millions of words reuses one buffer. The prefixes are read letter by
/// letter (a conjunction, then a preposition), not compared one by one:
/// this runs for every Arabic word of a workspace.
pub fn clitic_stems_into<'w>(word: &'w str, out: &mut Vec<&'w str>) {
    const ALEF_LAM: usize = ARTICLE.len();
    let long_enough = |at: usize| word[at..].chars().nth(1).is_some();
    out.clear();
    out.push(word);
    // Byte offsets where a prefix of PREFIXES ends: the empty one, then a
    // conjunction, then a preposition after it (or alone).
    let mut ends = [0usize; 3];
    let mut n = 1;
    let mut chars = word.char_indices();
    let mut next = chars.next();
    if let Some((_, c @ ('و' | 'ف'))) = next {
        ends[n] = c.len_utf8();
        n += 1;
        next = chars.next();
    }
    if let Some((at, c @ ('ب' | 'ك' | 'ل'))) = next {
        ends[n] = at + c.len_utf8();
        n += 1;
    }
    // Stems as byte offsets into `word` (each stem is a suffix).
    let mut cuts = [0usize; 9];
    let mut m = 0;
    for &end in &ends[..n] {
        let rest = &word[end..];
        if end > 0 && long_enough(end) {
            cuts[m] = end;
            m += 1;
        }
        if rest.starts_with(ARTICLE) && long_enough(end + ALEF_LAM) {
            cuts[m] = end + ALEF_LAM;
            m += 1;
        }
        // ل + ال is written لل: the article's alef drops.
        if word[..end].ends_with('ل') && rest.starts_with('ل') && long_enough(end + 'ل'.len_utf8())
        {
            cuts[m] = end + 'ل'.len_utf8();
            m += 1;
        }
    }
    // Longest first, the same stem once.
    let cuts = &mut cuts[..m];
    cuts.sort_unstable();
    let mut last = 0;
    for &cut in cuts.iter() {
        if cut != last {
            out.push(&word[cut..]);
            last = cut;
        }
    }
}

/// Byte length, in `word` as written, of the clitics attached before it
/// that a quote is better without: a conjunction and a preposition (و ف ب
/// ك ل and their pairs, the prefixes a phrase accepts), the article ال after
/// them kept (والصحة → الصحة). In لل (ل + ال, its alef unwritten) the
/// article goes too, as it cannot stand alone (للأمم → أمم). Where both a
/// short and a long reading exist, the one leaving the article wins
/// (وبالتعاون → التعاون). 0 when the word has none, or when at most one
/// letter would be left.
pub fn clitic_len(word: &str) -> usize {
    let folded = Folded::new(word);
    let text = folded.text();
    let letters = |s: &str| s.chars().count();
    let best = PREFIXES
        .iter()
        .filter(|p| !p.is_empty())
        .filter_map(|p| {
            let rest = text.strip_prefix(p)?;
            // ل + ال written لل: the rest starts with the article's lam.
            let lam_article =
                p.ends_with('ل') && rest.starts_with('ل') && !rest.starts_with(ARTICLE);
            let (cut, rest) = if lam_article {
                (p.len() + 'ل'.len_utf8(), &rest['ل'.len_utf8()..])
            } else {
                (p.len(), rest)
            };
            (letters(rest) >= 2).then_some((lam_article || rest.starts_with(ARTICLE), p.len(), cut))
        })
        .max();
    best.map_or(0, |(_, _, cut)| {
        folded.original_range(cut..text.len()).start
    })
}

/// Whether `s` is written as an acronym (UN, WHO, UNODC, UN-DPO): matched
/// case-sensitively so that "who" or "un" in running text is not a mention.
pub fn is_acronym(s: &str) -> bool {
    s.len() >= 2
        && s.len() <= 12
        && s.chars().any(|c| c.is_ascii_uppercase())
        && s.chars()
            .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || matches!(c, '-' | '&' | '.'))
}

mod set;

pub use set::{Hit, PhraseSet};

#[cfg(test)]
mod tests {
    #[test]
    fn clitics_come_off_the_article_stays() {
        let cut = |w: &str| w[super::clitic_len(w)..].to_string();
        assert_eq!(cut("والصحة"), "الصحة");
        assert_eq!(cut("وَالصحة"), "الصحة");
        assert_eq!(cut("بالتعاون"), "التعاون");
        assert_eq!(cut("وبالتعاون"), "التعاون");
        assert_eq!(cut("فالأمن"), "الأمن");
        assert_eq!(cut("كالعادة"), "العادة");
        assert_eq!(cut("للأمم"), "أمم");
        assert_eq!(cut("ولمكافحة"), "مكافحة");
        assert_eq!(cut("الصحة"), "الصحة");
        assert_eq!(cut("health"), "health");
        assert_eq!(cut("وب"), "وب");
    }

    use super::*;

    /// The clitic rule read plainly (every prefix of PREFIXES tried in
    /// turn): what the letter-by-letter [`clitic_stems_into`] must equal.
    fn clitic_stems_by_the_table(word: &str) -> Vec<&str> {
        let long_enough = |s: &str| s.chars().nth(1).is_some();
        let mut out = vec![word];
        for p in PREFIXES {
            let Some(rest) = word.strip_prefix(p) else {
                continue;
            };
            if !p.is_empty() && long_enough(rest) {
                out.push(rest);
            }
            if let Some(stem) = rest.strip_prefix(ARTICLE).filter(|s| long_enough(s)) {
                out.push(stem);
            }
            if p.ends_with('ل')
                && let Some(stem) = rest.strip_prefix('ل').filter(|s| long_enough(s))
            {
                out.push(stem);
            }
        }
        out.sort_by_key(|s| std::cmp::Reverse(s.len()));
        out.dedup();
        out
    }

    proptest::proptest! {
        /// Clitic stems read letter by letter are those the prefix table
        /// gives, for words built of clitic letters and others.
        #[test]
        fn clitic_stems_follow_the_prefix_table(
            letters in proptest::collection::vec(proptest::sample::select(
                vec!['و', 'ف', 'ب', 'ك', 'ل', 'ا', 'م', 'ه', 'x']), 0..7)
        ) {
            let word: String = letters.into_iter().collect();
            proptest::prop_assert_eq!(clitic_stems(&word), clitic_stems_by_the_table(&word));
        }
    }

    fn found(phrase: &str, text: &str) -> Vec<String> {
        let hay = Folded::new(text);
        Phrase::new(phrase)
            .unwrap()
            .find_in(&hay)
            .into_iter()
            .map(|r| text[hay.original_range(r)].to_string())
            .collect()
    }

    #[test]
    fn clitic_prefixes_are_accepted() {
        let name = "الإنتربول";
        assert_eq!(found(name, "الإنتربول"), ["الإنتربول"]);
        assert_eq!(found(name, "والإنتربول"), ["الإنتربول"]);
        assert_eq!(found(name, "بالإنتربول"), ["الإنتربول"]);
        assert_eq!(found(name, "فالإنتربول"), ["الإنتربول"]);
        assert_eq!(found(name, "كالإنتربول"), ["الإنتربول"]);
        assert_eq!(found(name, "وبالإنتربول"), ["الإنتربول"]);
        // ل + ال: the alef of the article drops.
        assert_eq!(found(name, "للإنتربول"), ["لإنتربول"]);
        assert_eq!(found(name, "وللإنتربول"), ["لإنتربول"]);
        // Without the article.
        assert_eq!(found(name, "إنتربول"), ["إنتربول"]);
        assert_eq!(
            found("الأمم المتحدة", "وأهداف الأمم المتحدة للتنمية"),
            ["الأمم المتحدة"]
        );
        assert_eq!(
            found("الأمم المتحدة", "العامّان للأمم المتحدة"),
            ["لأمم المتحدة"]
        );
    }

    #[test]
    fn names_without_article_take_prefixes_too() {
        assert_eq!(
            found("مجلس الأمن", "التابعة لمجلس الأمن والمديرية"),
            ["مجلس الأمن"]
        );
        assert_eq!(
            found("لجنة مكافحة الإرهاب", "ولجنة مكافحة الإرهاب"),
            ["لجنة مكافحة الإرهاب"]
        );
        assert_eq!(found("يونسكو", "واليونسكو."), ["اليونسكو"]);
    }

    #[test]
    fn never_inside_another_word() {
        // سلام inside الإسلام, علم inside معلم, أمن at the end of a longer word.
        assert!(found("سلام", "الإسلام").is_empty());
        assert!(found("علم", "معلمون").is_empty());
        assert!(found("الأمن", "الأمني").is_empty());
        // A clitic-looking letter that is part of a longer word: يبالإنتربول.
        assert!(found("الإنتربول", "يبالإنتربول").is_empty());
        // Latin words take no clitics.
        assert!(found("interpol", "xinterpol").is_empty());
    }

    #[test]
    fn acronyms_are_case_sensitive() {
        assert_eq!(found("UN", "the UN and the un"), ["UN"]);
        assert!(found("WHO", "those who came").is_empty());
        assert!(found("UN", "UNODC").is_empty());
        assert_eq!(found("INTERPOL", "INTERPOL, Interpol"), ["INTERPOL"]);
        // A non-acronym name matches any case.
        assert_eq!(found("Interpol", "INTERPOL, interpol").len(), 2);
    }

    #[test]
    fn clitic_stems_strip_every_prefix_combination() {
        assert_eq!(clitic_stems("وبالامن"), ["وبالامن", "بالامن", "الامن", "امن"]);
        assert_eq!(clitic_stems("للامم"), ["للامم", "لامم", "امم"]);
        assert_eq!(clitic_stems("الانتربول"), ["الانتربول", "انتربول"]);
        assert_eq!(clitic_stems("فالصحه"), ["فالصحه", "الصحه", "صحه"]);
        // Two letters stay; Latin words have no clitics.
        assert_eq!(clitic_stems("ول"), ["ول"]);
        assert_eq!(clitic_stems("bank"), ["bank"]);
    }

    #[test]
    fn any_form_matches_with_and_without_clitics() {
        let accepted = |query: &str, text: &str| {
            let p = Phrase::any_form(&fold(query)).unwrap();
            let t = fold(text);
            t.match_indices(p.core())
                .any(|(at, _)| p.accept_at(&t, at, true).is_some())
        };
        for text in ["الأمن", "والأمن", "للأمن", "أمن", "بالأمن"] {
            assert!(accepted("الأمن", text), "الأمن in {text}");
            assert!(accepted("امن", text), "امن in {text}");
            assert!(accepted("وبالامن", text), "وبالامن in {text}");
        }
        assert!(!accepted("امن", "الأمني"));
        assert!(accepted("maritime security", "The Maritime Security unit"));
        assert!(!accepted("secur", "security"));
    }
}
