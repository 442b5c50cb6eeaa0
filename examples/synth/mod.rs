//! A deterministic synthetic workspace: Arabic and English sources about
//! cooperation between partner bodies, thousands of bodies with Arabic names
//! and English acronyms, themes whose link quotes occur exactly once, and
//! dated events. Shared by `examples/gen_workspace.rs`, the benchmark and the
//! tests (`#[path]`-included), so all three measure the same data.

#![allow(dead_code)] // Each includer uses a different part.

mod words;

use std::fmt::Write as _;
use std::fs;
use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};
use words::*;

/// What to generate.
#[derive(Debug, Clone)]
pub struct Options {
    /// Total number of passages across all sources.
    pub passages: usize,
    /// PRNG seed: the same seed gives byte-identical output.
    pub seed: u64,
    /// Number of partner bodies besides the top-level organizations and people.
    pub bodies: usize,
    /// Also write every passage on one line to this file (for `fzf --filter`).
    pub lines: Option<PathBuf>,
}

impl Options {
    /// `passages` passages with the default seed and 3000 bodies.
    pub fn new(passages: usize) -> Self {
        Options {
            passages,
            seed: 7,
            bodies: 3000,
            lines: None,
        }
    }
}

/// What was written.
#[derive(Debug, Clone, Default)]
pub struct Summary {
    /// Source files under `seeds/`.
    pub sources: usize,
    /// Passages across them.
    pub passages: usize,
    /// Bytes of passage text (the "text size" memory is compared with).
    pub text_bytes: usize,
    /// Partner bodies and people.
    pub entities: usize,
    /// Themes, links and events.
    pub themes: usize,
    /// Links across themes.
    pub links: usize,
    /// Events.
    pub events: usize,
}

/// A partner body or person as written to `themes.yaml`.
struct Entity {
    id: String,
    kind: &'static str,
    en: String,
    ar: String,
    acronym: Option<String>,
    part_of: Option<&'static str>,
}

/// A source being written.
struct Source {
    id: String,
    arabic: bool,
    /// Arabic-Indic digits in this source's text.
    indic: bool,
    date: String,
    passages: Vec<String>,
}

/// Writes the workspace into `out` (created; existing `seeds/` and
/// `themes.yaml` are replaced).
pub fn generate(out: &Path, o: &Options) -> io::Result<Summary> {
    let mut rng = fastrand::Rng::with_seed(o.seed);
    let entities = make_entities(&mut rng, o.bodies);
    let mut sources = make_sources(&mut rng, &entities, o.passages);
    // Serials make every planted quote unique in its source.
    let mut serial = 100_000;
    let mut next_serial = || {
        serial += 1;
        serial
    };
    let mut yaml = String::new();
    let mut links_total = 0;

    // Themes: one per topic, each linked to a few planted sentences.
    let mut themes_yaml = String::new();
    let mut theme_count = 0;
    if !sources.is_empty() {
        for (t, ((en, ar), (ken, kar))) in TOPICS.iter().zip(KEYWORDS.iter()).enumerate() {
            theme_count += 1;
            let id = en.replace(' ', "-");
            let _ = writeln!(themes_yaml, "  - id: {id}");
            let _ = writeln!(
                themes_yaml,
                "    name: {{en: {}, ar: {}}}",
                q(&cap(en)),
                q(ar)
            );
            let _ = writeln!(
                themes_yaml,
                "    summary: {{en: {}, ar: {}}}",
                q(&format!("Cooperation on {en} between the partner bodies.")),
                q(&format!("التعاون في مجال {ar} بين الجهات الشريكة."))
            );
            let _ = writeln!(
                themes_yaml,
                "    keywords: [{}, {}, {}]",
                q(en),
                q(ken),
                q(kar)
            );
            let partners: Vec<&str> = (0..3)
                .map(|k| entities[(t * 37 + k * 11) % entities.len()].id.as_str())
                .collect();
            let _ = writeln!(themes_yaml, "    entities: [{}]", partners.join(", "));
            let _ = writeln!(themes_yaml, "    links:");
            for _ in 0..3 {
                let s = rng.usize(..sources.len());
                let n = next_serial();
                let src = &mut sources[s];
                let (sentence, quote) = if src.arabic {
                    let num = digits(&n.to_string(), src.indic);
                    (
                        format!("ويتناول ملف القضية المشترك رقم {num} مسألة {ar}."),
                        format!("ملف القضية المشترك رقم {num}"),
                    )
                } else {
                    (
                        format!("The joint case file {n} concerns {en}."),
                        format!("joint case file {n}"),
                    )
                };
                plant(&mut rng, src, &sentence);
                let _ = writeln!(themes_yaml, "      - source: {}", src.id);
                let _ = writeln!(themes_yaml, "        quote: {}", q(&quote));
                links_total += 1;
            }
        }
    }

    // Events: a liaison office opening, planted the same way.
    let mut events_yaml = String::new();
    let event_count = if sources.is_empty() {
        0
    } else {
        (o.passages / 500).clamp(10, 400)
    };
    for _ in 0..event_count {
        let s = rng.usize(..sources.len());
        let n = next_serial();
        let (c_en, c_ar) = PLACES[rng.usize(..PLACES.len())];
        let (y, m, d) = (rng.u32(1995..=2030), rng.u32(1..=12), rng.u32(1..=28));
        let src = &mut sources[s];
        let (sentence, quote) = if src.arabic {
            let num = digits(&n.to_string(), src.indic);
            (
                format!("وافتتح مكتب الاتصال في {c_ar} بموجب السجل {num}."),
                format!("مكتب الاتصال في {c_ar} بموجب السجل {num}"),
            )
        } else {
            (
                format!("The liaison office in {c_en} opened under record {n}."),
                format!("opened under record {n}"),
            )
        };
        plant(&mut rng, src, &sentence);
        let _ = writeln!(events_yaml, "  - date: \"{y:04}-{m:02}-{d:02}\"");
        let _ = writeln!(
            events_yaml,
            "    label: {{en: {}, ar: {}}}",
            q(&format!("Liaison office opens in {c_en}")),
            q(&format!("افتتاح مكتب الاتصال في {c_ar}"))
        );
        let _ = writeln!(events_yaml, "    source: {}", src.id);
        let _ = writeln!(events_yaml, "    quote: {}", q(&quote));
    }

    yaml.push_str("# Synthetic workspace written by examples/gen_workspace.rs.\n\nsources:\n");
    for s in &sources {
        let lang = if s.arabic { "ar" } else { "en" };
        let _ = writeln!(yaml, "  - id: {}", s.id);
        let _ = writeln!(yaml, "    file: {lang}/{}.txt", s.id);
        let _ = writeln!(yaml, "    lang: {lang}");
        let _ = writeln!(yaml, "    date: \"{}\"", s.date);
    }
    yaml.push_str("\nthemes:\n");
    yaml.push_str(&themes_yaml);
    yaml.push_str("\nentities:\n");
    for e in &entities {
        let _ = writeln!(yaml, "  - id: {}", e.id);
        let _ = writeln!(yaml, "    kind: {}", e.kind);
        let _ = writeln!(yaml, "    name: {{en: {}, ar: {}}}", q(&e.en), q(&e.ar));
        if let Some(a) = &e.acronym {
            let _ = writeln!(yaml, "    aliases: [{}]", q(a));
        }
        if let Some(p) = e.part_of {
            let _ = writeln!(yaml, "    part_of: {p}");
        }
    }
    yaml.push_str("\nevents:\n");
    yaml.push_str(&events_yaml);

    let seeds = out.join("seeds");
    if seeds.exists() {
        fs::remove_dir_all(&seeds)?;
    }
    fs::create_dir_all(seeds.join("ar"))?;
    fs::create_dir_all(seeds.join("en"))?;
    fs::write(out.join("themes.yaml"), yaml)?;
    let mut lines = match &o.lines {
        Some(p) => Some(BufWriter::new(fs::File::create(p)?)),
        None => None,
    };
    let mut summary = Summary {
        sources: sources.len(),
        entities: entities.len(),
        themes: theme_count,
        links: links_total,
        events: event_count,
        ..Summary::default()
    };
    for s in &sources {
        let lang = if s.arabic { "ar" } else { "en" };
        let mut f = BufWriter::new(fs::File::create(
            seeds.join(lang).join(format!("{}.txt", s.id)),
        )?);
        for (i, p) in s.passages.iter().enumerate() {
            if i > 0 {
                f.write_all(b"\n\n")?;
            }
            f.write_all(p.as_bytes())?;
            summary.passages += 1;
            summary.text_bytes += p.len();
            if let Some(l) = &mut lines {
                l.write_all(p.replace('\n', " ").as_bytes())?;
                l.write_all(b"\n")?;
            }
        }
        f.write_all(b"\n")?;
        f.flush()?;
    }
    if let Some(mut l) = lines {
        l.flush()?;
    }
    Ok(summary)
}

/// The top-level organizations, `bodies` distinct bodies, and people.
fn make_entities(rng: &mut fastrand::Rng, bodies: usize) -> Vec<Entity> {
    let mut out: Vec<Entity> = ROOTS
        .iter()
        .map(|&(id, en, ar, acr)| Entity {
            id: id.to_string(),
            kind: "organization",
            en: en.to_string(),
            ar: ar.to_string(),
            acronym: Some(acr.to_string()),
            part_of: None,
        })
        .collect();
    let combos = SCOPES.len() * BODIES.len() * TOPICS.len() * REGIONS.len();
    let mut taken = std::collections::HashSet::new();
    let mut acronyms: std::collections::HashSet<String> =
        ROOTS.iter().map(|r| r.3.to_string()).collect();
    while out.len() < ROOTS.len() + bodies.min(combos) {
        let pick = rng.usize(..combos);
        if !taken.insert(pick) {
            continue;
        }
        let s = pick % SCOPES.len();
        let b = pick / SCOPES.len() % BODIES.len();
        let t = pick / (SCOPES.len() * BODIES.len()) % TOPICS.len();
        let r = pick / (SCOPES.len() * BODIES.len() * TOPICS.len());
        let (scope_en, scope_m, scope_f) = SCOPES[s];
        let (body_en, body_ar, kind, feminine) = BODIES[b];
        let (topic_en, topic_ar) = TOPICS[t];
        let (region_en, region_ar) = REGIONS[r];
        let en = format!(
            "{scope_en} {body_en} for {} in {region_en}",
            cap_words(topic_en)
        );
        let scope_ar = if feminine { scope_f } else { scope_m };
        let ar = format!("{body_ar} {scope_ar} {} في {region_ar}", lil(topic_ar));
        let base: String = en
            .split([' ', '-'])
            .filter(|w| !matches!(*w, "for" | "in" | "the" | "of" | "and"))
            .filter_map(|w| w.chars().next())
            .map(|c| c.to_ascii_uppercase())
            .collect();
        let mut acronym = base.clone();
        let mut k = 1;
        while !acronyms.insert(acronym.clone()) {
            k += 1;
            acronym = format!("{base}{k}");
        }
        out.push(Entity {
            id: acronym.to_lowercase(),
            kind,
            en,
            ar,
            acronym: Some(acronym),
            part_of: Some(ROOTS[rng.usize(..ROOTS.len())].0),
        });
    }
    for (g, (given_en, gar)) in GIVEN.iter().enumerate() {
        for (f, (fen, far)) in FAMILY.iter().enumerate() {
            if (g + f) % 2 == 0 {
                out.push(Entity {
                    id: format!("p-{}-{}", given_en.to_lowercase(), fen.to_lowercase()),
                    kind: "person",
                    en: format!("{given_en} {fen}"),
                    ar: format!("{gar} {far}"),
                    acronym: None,
                    part_of: Some(ROOTS[(g * 3 + f) % ROOTS.len()].0),
                });
            }
        }
    }
    out
}

/// Sources of 20–300 passages, about half Arabic, adding up to `total`.
fn make_sources(rng: &mut fastrand::Rng, entities: &[Entity], total: usize) -> Vec<Source> {
    let people: Vec<&Entity> = entities.iter().filter(|e| e.kind == "person").collect();
    let bodies: Vec<&Entity> = entities.iter().filter(|e| e.kind != "person").collect();
    let mut sources = Vec::new();
    let mut left = total;
    while left > 0 {
        let mut count = rng.usize(20..=300).min(left);
        if left - count < 3 {
            count = left;
        }
        left -= count;
        let arabic = rng.bool();
        let id = format!(
            "{}-{:06}",
            if arabic { "ar" } else { "en" },
            sources.len() + 1
        );
        let mut src = Source {
            id,
            arabic,
            indic: arabic && rng.bool(),
            date: format!(
                "{:04}-{:02}-{:02}",
                rng.u32(1995..=2025),
                rng.u32(1..=12),
                rng.u32(1..=28)
            ),
            passages: Vec::with_capacity(count),
        };
        let mut w = Writer {
            rng: &mut *rng,
            bodies: &bodies,
            people: &people,
            arabic,
            indic: src.indic,
        };
        for i in 0..count {
            let text = if i == 0 {
                w.title()
            } else if w.rng.u8(..8) == 0 {
                w.heading()
            } else {
                w.paragraph()
            };
            src.passages.push(text);
        }
        sources.push(src);
    }
    sources
}

/// Writes sentences in one source's language.
struct Writer<'a> {
    rng: &'a mut fastrand::Rng,
    bodies: &'a [&'a Entity],
    people: &'a [&'a Entity],
    arabic: bool,
    indic: bool,
}

impl Writer<'_> {
    fn title(&mut self) -> String {
        let mut s = self.sentence();
        s.pop(); // No final full stop: titles read as headlines.
        s
    }

    fn heading(&mut self) -> String {
        let t = if self.arabic {
            AR_HEADINGS[self.rng.usize(..AR_HEADINGS.len())]
        } else {
            EN_HEADINGS[self.rng.usize(..EN_HEADINGS.len())]
        };
        self.fill(t)
    }

    /// 80 to about 400 characters (whole sentences), sometimes over two lines.
    fn paragraph(&mut self) -> String {
        let target = self.rng.usize(80..=300);
        let mut p = String::new();
        while p.chars().count() < target {
            if !p.is_empty() {
                p.push(if self.rng.u8(..10) == 0 { '\n' } else { ' ' });
            }
            let s = self.sentence();
            p.push_str(&s);
        }
        p
    }

    fn sentence(&mut self) -> String {
        let t = if self.arabic {
            AR_SENTENCES[self.rng.usize(..AR_SENTENCES.len())]
        } else {
            EN_SENTENCES[self.rng.usize(..EN_SENTENCES.len())]
        };
        let s = self.fill(t);
        if self.arabic {
            self.roughen(&s)
        } else {
            cap(&s)
        }
    }

    /// Fills a template's slots.
    fn fill(&mut self, template: &str) -> String {
        let mut out = String::with_capacity(template.len() + 120);
        let mut rest = template;
        while let Some(open) = rest.find('{') {
            out.push_str(&rest[..open]);
            let close = open + rest[open..].find('}').expect("closed slot");
            let slot = &rest[open + 1..close];
            rest = &rest[close + 1..];
            let v = self.slot(slot);
            out.push_str(&v);
        }
        out.push_str(rest);
        out
    }

    fn slot(&mut self, slot: &str) -> String {
        let ar = self.arabic;
        match slot {
            "o" | "wo" | "bo" | "lo" => {
                // Big organizations come up more often than any one body.
                let e = if self.rng.u8(..4) == 0 {
                    self.bodies[self.rng.usize(..5)]
                } else {
                    self.bodies[self.rng.usize(..self.bodies.len())]
                };
                if ar {
                    let name = match slot {
                        "wo" => format!("و{}", e.ar),
                        "bo" => format!("ب{}", e.ar),
                        "lo" => lil(&e.ar),
                        _ => e.ar.clone(),
                    };
                    match &e.acronym {
                        Some(a) if self.rng.u8(..10) == 0 => format!("{name} ({a})"),
                        _ => name,
                    }
                } else {
                    match &e.acronym {
                        Some(a) if self.rng.u8(..5) < 2 => a.clone(),
                        _ => format!("the {}", e.en),
                    }
                }
            }
            "p" => {
                let e = self.people[self.rng.usize(..self.people.len())];
                if ar { e.ar.clone() } else { e.en.clone() }
            }
            "t" => {
                let (en, a) = if self.rng.u8(..3) == 0 {
                    KEYWORDS[self.rng.usize(..KEYWORDS.len())]
                } else {
                    TOPICS[self.rng.usize(..TOPICS.len())]
                };
                if ar { a.to_string() } else { en.to_string() }
            }
            "c" => {
                let (en, a) = PLACES[self.rng.usize(..PLACES.len())];
                if ar { a.to_string() } else { en.to_string() }
            }
            "y" => {
                let y = self.rng.u32(1990..=2030);
                self.num(y)
            }
            "n" => {
                let n = self.rng.u32(2..=250);
                self.num(n)
            }
            "d" => {
                let (day, m, y) = (
                    self.rng.u32(1..=28),
                    self.rng.usize(..12),
                    self.rng.u32(1990..=2030),
                );
                let (day, y) = (self.num(day), self.num(y));
                if ar {
                    format!("{day} {} {y}", MONTHS_AR[m])
                } else {
                    format!("{day} {} {y}", MONTHS_EN[m])
                }
            }
            other => panic!("unknown slot {other}"),
        }
    }

    fn num(&self, n: u32) -> String {
        digits(&n.to_string(), self.indic)
    }

    /// Arabic as people write it: sometimes a diacritic, a tatweel, or an
    /// alef without its hamza.
    fn roughen(&mut self, s: &str) -> String {
        let mut out = String::with_capacity(s.len() + 8);
        for c in s.chars() {
            let roll = self.rng.u16(..1000);
            match c {
                'أ' | 'إ' if roll < 150 => out.push('ا'),
                'ب'..='ي' if roll < 8 => {
                    out.push(c);
                    out.push(['\u{064E}', '\u{064F}', '\u{0650}', '\u{0651}'][roll as usize % 4]);
                }
                'ب'..='ي' if roll < 10 && c != 'ا' && c != 'ي' => {
                    out.push(c);
                    out.push('\u{0640}');
                }
                _ => out.push(c),
            }
        }
        out
    }
}

/// Appends `sentence` to a random paragraph of `src` (not the title).
fn plant(rng: &mut fastrand::Rng, src: &mut Source, sentence: &str) {
    let i = if src.passages.len() > 1 {
        rng.usize(1..src.passages.len())
    } else {
        0
    };
    let p = &mut src.passages[i];
    if !p.ends_with(['.', '!', '?', '؟', ':']) {
        p.push('.');
    }
    p.push(' ');
    p.push_str(sentence);
}

/// ل + word, with ل + ال written لل as Arabic does.
fn lil(word: &str) -> String {
    match word.strip_prefix("ال") {
        Some(rest) => format!("لل{rest}"),
        None => format!("ل{word}"),
    }
}

/// ASCII digits, or Arabic-Indic ones.
fn digits(ascii: &str, indic: bool) -> String {
    if !indic {
        return ascii.to_string();
    }
    ascii
        .chars()
        .map(|c| match c.to_digit(10) {
            Some(d) => char::from_u32(0x0660 + d).unwrap_or(c),
            None => c,
        })
        .collect()
}

/// YAML double-quoted scalar (JSON string syntax is valid YAML).
fn q(s: &str) -> String {
    serde_json::to_string(s).expect("strings serialize")
}

fn cap(s: &str) -> String {
    let mut c = s.chars();
    c.next()
        .map(|f| f.to_uppercase().chain(c).collect())
        .unwrap_or_default()
}

fn cap_words(s: &str) -> String {
    s.split(' ').map(cap).collect::<Vec<_>>().join(" ")
}
