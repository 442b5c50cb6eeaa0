//! `coopdash theme|entity|link|event …`: curating `themes.yaml` from
//! scripts, with the rules of the dashboard's forms ([`crate::curate`]).

use crate::curate::{
    self, Applied, Change, Children, Edit, LangText, NewEntity, NewEvent, NewTheme,
};
use crate::text::sanitize;
use crate::workspace::Limits;
use crate::workspace::spec::LinkSpec;
use clap::{Args, Subcommand};
use std::path::Path;
use std::process::ExitCode;

/// `LANG=TEXT`.
fn lang_text(s: &str) -> Result<LangText, String> {
    match s.split_once('=') {
        Some((lang, text)) if !lang.is_empty() && !text.trim().is_empty() => {
            Ok((lang.to_string(), text.to_string()))
        }
        _ => Err(format!(
            "`{s}` is not LANG=TEXT, e.g. en=Ports or ar=الموانئ"
        )),
    }
}

/// Output options of every curation command.
#[derive(Debug, Args)]
pub struct Out {
    /// Print a JSON object describing what was done.
    #[arg(long)]
    json: bool,
}

/// `coopdash theme …`.
#[derive(Debug, Subcommand)]
pub enum ThemeCommand {
    /// Add a theme.
    Add {
        /// Its id (one word).
        id: String,
        /// A name, LANG=TEXT (repeatable; at least one).
        #[arg(long = "name", required = true, value_parser = lang_text)]
        names: Vec<LangText>,
        /// A summary, LANG=TEXT (repeatable).
        #[arg(long = "summary", value_parser = lang_text)]
        summaries: Vec<LangText>,
        /// A keyword (repeatable).
        #[arg(long = "keyword")]
        keywords: Vec<String>,
        /// A related partner body id (repeatable).
        #[arg(long = "entity")]
        entities: Vec<String>,
        #[command(flatten)]
        out: Out,
    },
    /// Change a theme's names, summaries, keywords or related bodies.
    Edit {
        /// The theme's id.
        id: String,
        /// Set the name in LANG (repeatable).
        #[arg(long = "name", value_parser = lang_text)]
        names: Vec<LangText>,
        /// Set the summary in LANG (repeatable).
        #[arg(long = "summary", value_parser = lang_text)]
        summaries: Vec<LangText>,
        /// Add a keyword (repeatable).
        #[arg(long)]
        add_keyword: Vec<String>,
        /// Remove a keyword (repeatable).
        #[arg(long)]
        remove_keyword: Vec<String>,
        /// Relate a partner body (repeatable).
        #[arg(long)]
        add_entity: Vec<String>,
        /// Unrelate a partner body (repeatable).
        #[arg(long)]
        remove_entity: Vec<String>,
        #[command(flatten)]
        out: Out,
    },
    /// Remove a theme; notes on it are kept, as orphans.
    Rm {
        /// The theme's id.
        id: String,
        #[command(flatten)]
        out: Out,
    },
}

/// `coopdash entity …`.
#[derive(Debug, Subcommand)]
pub enum EntityCommand {
    /// Add a partner body, person or programme.
    Add {
        /// Its id (one word).
        id: String,
        /// organization, body, office, person, programme, …
        #[arg(long)]
        kind: String,
        /// A name, LANG=TEXT (repeatable; at least one).
        #[arg(long = "name", required = true, value_parser = lang_text)]
        names: Vec<LangText>,
        /// An alias (repeatable).
        #[arg(long = "alias")]
        aliases: Vec<String>,
        /// The body it is part of.
        #[arg(long)]
        part_of: Option<String>,
        #[command(flatten)]
        out: Out,
    },
    /// Change a partner body's names, kind, aliases or parent.
    Edit {
        /// The body's id.
        id: String,
        /// Set the kind.
        #[arg(long)]
        kind: Option<String>,
        /// Set the name in LANG (repeatable).
        #[arg(long = "name", value_parser = lang_text)]
        names: Vec<LangText>,
        /// Add an alias (repeatable).
        #[arg(long)]
        add_alias: Vec<String>,
        /// Remove an alias (repeatable).
        #[arg(long)]
        remove_alias: Vec<String>,
        /// Make it part of this body.
        #[arg(long, conflicts_with = "no_part_of")]
        part_of: Option<String>,
        /// Make it part of no body.
        #[arg(long)]
        no_part_of: bool,
        #[command(flatten)]
        out: Out,
    },
    /// Remove a partner body, and it from every theme's related bodies.
    Rm {
        /// The body's id.
        id: String,
        /// The bodies part of it become part of this one.
        #[arg(long, conflicts_with = "detach_children")]
        reparent_to: Option<String>,
        /// The bodies part of it become part of none.
        #[arg(long)]
        detach_children: bool,
        #[command(flatten)]
        out: Out,
    },
}

/// Words of a source: a link's or an event's.
#[derive(Debug, Args)]
pub struct QuoteArgs {
    /// The source's id.
    source: String,
    /// The words, as in the source (found like every quote).
    #[arg(long)]
    quote: String,
    /// Words just before, to pick one place.
    #[arg(long)]
    prefix: Option<String>,
    /// Words just after, to pick one place.
    #[arg(long)]
    suffix: Option<String>,
}

impl From<QuoteArgs> for LinkSpec {
    fn from(w: QuoteArgs) -> LinkSpec {
        LinkSpec {
            source: w.source,
            quote: w.quote,
            prefix: w.prefix,
            suffix: w.suffix,
        }
    }
}

/// `coopdash link …`.
#[derive(Debug, Subcommand)]
pub enum LinkCommand {
    /// Link a theme to words of a source.
    Add {
        /// The theme's id.
        theme: String,
        #[command(flatten)]
        words: QuoteArgs,
        #[command(flatten)]
        out: Out,
    },
    /// Remove a theme's link to a passage.
    Rm {
        /// The theme's id.
        theme: String,
        /// The passage, SOURCE:N.
        passage: String,
        /// The link's quote, when the theme has several links there.
        #[arg(long)]
        quote: Option<String>,
        #[command(flatten)]
        out: Out,
    },
    /// Make an analyst link (a note of kind link) a curated link; the note
    /// stays, as a plain note.
    Promote {
        /// The note's id.
        note: String,
        #[command(flatten)]
        out: Out,
    },
}

/// `coopdash event …`.
#[derive(Debug, Subcommand)]
pub enum EventCommand {
    /// Add an event, dated and quoted from a source.
    Add {
        /// YYYY, YYYY-MM or YYYY-MM-DD.
        #[arg(long)]
        date: String,
        /// A label, LANG=TEXT (repeatable; at least one).
        #[arg(long = "label", required = true, value_parser = lang_text)]
        labels: Vec<LangText>,
        #[command(flatten)]
        words: QuoteArgs,
        #[command(flatten)]
        out: Out,
    },
}

/// A curation command.
#[derive(Debug)]
pub enum Curate {
    /// `theme …`
    Theme(ThemeCommand),
    /// `entity …`
    Entity(EntityCommand),
    /// `link …`
    Link(LinkCommand),
    /// `event …`
    Event(EventCommand),
}

/// Runs a curation command on the workspace `root`.
pub fn run(
    root: &Path,
    notes_dir: &Path,
    limits: &Limits,
    command: Curate,
) -> anyhow::Result<ExitCode> {
    let (edit, out, what) = match command {
        Curate::Link(LinkCommand::Promote { note, out }) => {
            let promoted = curate::promote(root, notes_dir, limits, &note)?;
            let extra = serde_json::json!({
                "note": promoted.note.note.id,
                "link": link_json(&promoted.link),
            });
            return report("link promote", &promoted.applied, &out, extra);
        }
        Curate::Theme(c) => theme(root, limits, c)?,
        Curate::Entity(c) => entity(root, limits, c)?,
        Curate::Link(c) => link(c)?,
        Curate::Event(EventCommand::Add {
            date,
            labels,
            words,
            out,
        }) => (
            Edit::AddEvent(NewEvent {
                date,
                labels,
                quote: words.into(),
            }),
            out,
            "event add",
        ),
    };
    let applied = curate::apply(root, limits, &edit)?;
    report(what, &applied, &out, serde_json::json!({}))
}

fn theme(
    root: &Path,
    limits: &Limits,
    c: ThemeCommand,
) -> anyhow::Result<(Edit, Out, &'static str)> {
    Ok(match c {
        ThemeCommand::Add {
            id,
            names,
            summaries,
            keywords,
            entities,
            out,
        } => (
            Edit::AddTheme(NewTheme {
                id,
                names,
                summaries,
                keywords,
                entities,
            }),
            out,
            "theme add",
        ),
        ThemeCommand::Edit {
            id,
            names,
            summaries,
            add_keyword,
            remove_keyword,
            add_entity,
            remove_entity,
            out,
        } => {
            // The command line sets what it is given: what it "saw" is the
            // file as it is now (a change made since is still refused).
            let seen = if names.is_empty() && summaries.is_empty() {
                curate::Seen::default()
            } else {
                curate::seen(root, limits, "themes", &id)?
            };
            let mut changes = lang_changes(&seen.names, names, |lang, was, now| Change::Name {
                lang,
                was,
                now,
            });
            changes.extend(lang_changes(
                &seen.summaries,
                summaries,
                |lang, was, now| Change::Summary { lang, was, now },
            ));
            changes.extend(add_keyword.into_iter().map(Change::AddKeyword));
            changes.extend(remove_keyword.into_iter().map(Change::RemoveKeyword));
            changes.extend(add_entity.into_iter().map(Change::AddEntity));
            changes.extend(remove_entity.into_iter().map(Change::RemoveEntity));
            anyhow::ensure!(
                !changes.is_empty(),
                "nothing to change: give --name, --summary, --add-keyword, …"
            );
            (Edit::EditTheme { id, changes }, out, "theme edit")
        }
        ThemeCommand::Rm { id, out } => (Edit::RemoveTheme { id }, out, "theme rm"),
    })
}

fn entity(
    root: &Path,
    limits: &Limits,
    c: EntityCommand,
) -> anyhow::Result<(Edit, Out, &'static str)> {
    Ok(match c {
        EntityCommand::Add {
            id,
            kind,
            names,
            aliases,
            part_of,
            out,
        } => (
            Edit::AddEntity(NewEntity {
                id,
                kind,
                names,
                aliases,
                part_of,
            }),
            out,
            "entity add",
        ),
        EntityCommand::Edit {
            id,
            kind,
            names,
            add_alias,
            remove_alias,
            part_of,
            no_part_of,
            out,
        } => {
            let seen = curate::seen(root, limits, "entities", &id)?;
            let mut changes = lang_changes(&seen.names, names, |lang, was, now| Change::Name {
                lang,
                was,
                now,
            });
            if let Some(now) = kind {
                changes.push(Change::Kind {
                    was: seen.kind.clone().unwrap_or_default(),
                    now,
                });
            }
            if part_of.is_some() || no_part_of {
                changes.push(Change::PartOf {
                    was: seen.part_of.clone(),
                    now: part_of,
                });
            }
            changes.extend(add_alias.into_iter().map(Change::AddAlias));
            changes.extend(remove_alias.into_iter().map(Change::RemoveAlias));
            anyhow::ensure!(
                !changes.is_empty(),
                "nothing to change: give --name, --kind, --add-alias, …"
            );
            (Edit::EditEntity { id, changes }, out, "entity edit")
        }
        EntityCommand::Rm {
            id,
            reparent_to,
            detach_children,
            out,
        } => {
            let children = match (reparent_to, detach_children) {
                (Some(to), _) => Children::ReparentTo(to),
                (None, true) => Children::Detach,
                (None, false) => Children::Refuse,
            };
            (Edit::RemoveEntity { id, children }, out, "entity rm")
        }
    })
}

fn link(c: LinkCommand) -> anyhow::Result<(Edit, Out, &'static str)> {
    Ok(match c {
        LinkCommand::Add { theme, words, out } => (
            Edit::AddLink {
                theme,
                link: words.into(),
            },
            out,
            "link add",
        ),
        LinkCommand::Rm {
            theme,
            passage,
            quote,
            out,
        } => {
            let bad = || {
                anyhow::anyhow!("`{passage}` is not SOURCE:N (a passage, e.g. un-interpol-2022:5)")
            };
            let (source, n) = passage.rsplit_once(':').ok_or_else(bad)?;
            let n: usize = n.parse().ok().filter(|&n| n > 0).ok_or_else(bad)?;
            (
                Edit::RemoveLink {
                    theme,
                    source: source.to_string(),
                    passage: n,
                    quote,
                },
                out,
                "link rm",
            )
        }
        LinkCommand::Promote { .. } => unreachable!("promote is run before"),
    })
}

/// A change per language given, against the texts seen.
fn lang_changes(
    seen: &[LangText],
    given: Vec<LangText>,
    change: impl Fn(String, Option<String>, Option<String>) -> Change,
) -> Vec<Change> {
    given
        .into_iter()
        .map(|(lang, text)| {
            let was = seen
                .iter()
                .find(|(l, _)| *l == lang)
                .map(|(_, t)| t.clone());
            change(lang, was, Some(text))
        })
        .collect()
}

fn link_json(l: &LinkSpec) -> serde_json::Value {
    serde_json::json!({"source": l.source, "quote": l.quote, "prefix": l.prefix, "suffix": l.suffix})
}

/// The summary (and warnings) on stderr, or a JSON object on stdout.
fn report(
    command: &str,
    applied: &Applied,
    out: &Out,
    extra: serde_json::Value,
) -> anyhow::Result<ExitCode> {
    let warnings: Vec<String> = applied.warnings.iter().map(|w| w.to_string()).collect();
    if out.json {
        let mut value = serde_json::json!({
            "ok": true,
            "command": command,
            "summary": applied.summary,
            "warnings": warnings,
        });
        if let (Some(v), Some(extra)) = (value.as_object_mut(), extra.as_object()) {
            v.extend(extra.clone());
        }
        println!("{}", crate::text::json::to_string(&value));
    } else {
        println!("{}", sanitize(&applied.summary));
        for w in &warnings {
            eprintln!("{}", sanitize(w));
        }
    }
    Ok(ExitCode::SUCCESS)
}
