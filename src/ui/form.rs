//! Curation forms: a new or edited theme or partner body, a keyword or an
//! alias, an event. Each field is a [`LineEdit`] (so Arabic is typed and
//! shown as in every other field) and is checked as it is typed against the
//! workspace on screen; [`crate::curate::apply`] checks again against the
//! file when the form is sent, and the form shows its refusal.

use super::line_edit::LineEdit;
use crate::curate::{self, Change, Edit, NewEntity, NewEvent, NewTheme, Seen};
use crate::model::Workspace;
use crate::workspace::spec::{ID_RULE, LinkSpec, usable_id};

/// What a field holds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Key {
    /// The new item's id (fixed once made).
    Id,
    /// The name in a language.
    Name(String),
    /// A theme's summary in a language.
    Summary(String),
    /// A theme's keywords, comma-separated.
    Keywords,
    /// A theme's related partner bodies, ids comma-separated.
    Bodies,
    /// A partner body's kind.
    Kind,
    /// A partner body's aliases, comma-separated.
    Aliases,
    /// The id of the body a partner body is part of.
    PartOf,
    /// One keyword or alias to add.
    Word,
    /// An event's date.
    Date,
    /// An event's label in a language.
    Label(String),
}

/// One field of a form.
#[derive(Debug, Clone)]
pub struct Field {
    /// What it holds.
    pub key: Key,
    /// The text.
    pub edit: LineEdit,
    /// The text as the form opened with it (edits send only what changed).
    pub was: String,
    /// Why the text is refused, if it is.
    pub error: Option<String>,
}

/// What a form makes.
#[derive(Debug, Clone)]
pub enum Kind {
    /// A new theme.
    NewTheme,
    /// Theme `id`'s names, summaries, keywords and bodies.
    EditTheme(String),
    /// A new partner body.
    NewBody,
    /// Partner body `id`'s names, kind, aliases and parent.
    EditBody(String),
    /// A keyword for theme `id`.
    Keyword(String),
    /// An alias for partner body `id`.
    Alias(String),
    /// An event dated by the words of `link`.
    Event(LinkSpec),
}

/// An open form.
#[derive(Debug, Clone)]
pub struct Form {
    /// What it makes.
    pub kind: Kind,
    /// Its fields, in order.
    pub fields: Vec<Field>,
    /// The field being typed in.
    pub focus: usize,
    /// Whether the id still follows the first name (until it is typed).
    pub id_follows: bool,
    /// Why `themes.yaml` refused the last send, if it did.
    pub refused: Option<String>,
    /// Sent; waiting for the answer.
    pub sending: bool,
}

fn field(key: Key, text: &str) -> Field {
    Field {
        key,
        edit: LineEdit::new(text),
        was: text.to_string(),
        error: None,
    }
}

fn list(items: &[String]) -> String {
    items.join(", ")
}

fn split(text: &str) -> Vec<String> {
    text.split([',', '،'])
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_string)
        .collect()
}

fn lang_text(seen: &[(String, String)], lang: &str) -> String {
    seen.iter()
        .find(|(l, _)| l == lang)
        .map_or(String::new(), |(_, t)| t.clone())
}

impl Form {
    fn new(kind: Kind, fields: Vec<Field>, ws: &Workspace) -> Form {
        let id_follows = matches!(kind, Kind::NewTheme | Kind::NewBody);
        let mut form = Form {
            kind,
            fields,
            focus: 0,
            id_follows,
            refused: None,
            sending: false,
        };
        // The id comes after the names it is made from.
        if id_follows {
            form.focus = 1;
        }
        form.check(ws);
        form
    }

    /// A new theme, with a name field per language.
    pub fn new_theme(ws: &Workspace, langs: &[String]) -> Form {
        let mut fields = vec![field(Key::Id, "")];
        fields.extend(langs.iter().map(|l| field(Key::Name(l.clone()), "")));
        fields.extend(langs.iter().map(|l| field(Key::Summary(l.clone()), "")));
        fields.push(field(Key::Keywords, ""));
        fields.push(field(Key::Bodies, ""));
        Form::new(Kind::NewTheme, fields, ws)
    }

    /// Theme `t` of `ws` as `themes.yaml` writes it (`seen`).
    pub fn edit_theme(ws: &Workspace, t: usize, seen: &Seen, langs: &[String]) -> Form {
        let theme = &ws.themes[t];
        let mut fields = Vec::new();
        let langs = with_seen(langs, &seen.names, &seen.summaries);
        for l in &langs {
            fields.push(field(Key::Name(l.clone()), &lang_text(&seen.names, l)));
        }
        for l in &langs {
            fields.push(field(
                Key::Summary(l.clone()),
                &lang_text(&seen.summaries, l),
            ));
        }
        fields.push(field(Key::Keywords, &list(&theme.keywords)));
        let bodies: Vec<String> = theme
            .entities
            .iter()
            .map(|&e| ws.entities[e].id.clone())
            .collect();
        fields.push(field(Key::Bodies, &list(&bodies)));
        Form::new(Kind::EditTheme(theme.id.clone()), fields, ws)
    }

    /// A new partner body, part of `parent` if given.
    pub fn new_body(ws: &Workspace, langs: &[String], parent: Option<&str>) -> Form {
        let mut fields = vec![field(Key::Id, "")];
        fields.extend(langs.iter().map(|l| field(Key::Name(l.clone()), "")));
        fields.push(field(Key::Kind, "body"));
        fields.push(field(Key::Aliases, ""));
        fields.push(field(Key::PartOf, parent.unwrap_or("")));
        Form::new(Kind::NewBody, fields, ws)
    }

    /// Partner body `e` of `ws` as `themes.yaml` writes it (`seen`).
    pub fn edit_body(ws: &Workspace, e: usize, seen: &Seen, langs: &[String]) -> Form {
        let body = &ws.entities[e];
        let mut fields = Vec::new();
        for l in with_seen(langs, &seen.names, &[]) {
            let text = lang_text(&seen.names, &l);
            fields.push(field(Key::Name(l), &text));
        }
        fields.push(field(Key::Kind, seen.kind.as_deref().unwrap_or("")));
        fields.push(field(Key::Aliases, &list(&body.aliases)));
        fields.push(field(Key::PartOf, seen.part_of.as_deref().unwrap_or("")));
        Form::new(Kind::EditBody(body.id.clone()), fields, ws)
    }

    /// One more keyword for theme `id`.
    pub fn keyword(ws: &Workspace, id: &str) -> Form {
        Form::new(Kind::Keyword(id.into()), vec![field(Key::Word, "")], ws)
    }

    /// One more alias for partner body `id`.
    pub fn alias(ws: &Workspace, id: &str) -> Form {
        Form::new(Kind::Alias(id.into()), vec![field(Key::Word, "")], ws)
    }

    /// An event said by the words of `link`, dated `date` if the source
    /// says when.
    pub fn event(ws: &Workspace, link: LinkSpec, date: &str, langs: &[String]) -> Form {
        let mut fields = vec![field(Key::Date, date)];
        fields.extend(langs.iter().map(|l| field(Key::Label(l.clone()), "")));
        Form::new(Kind::Event(link), fields, ws)
    }

    /// The form's title.
    pub fn title(&self) -> String {
        match &self.kind {
            Kind::NewTheme => "New theme".into(),
            Kind::EditTheme(id) => format!("Theme {id}"),
            Kind::NewBody => "New partner body".into(),
            Kind::EditBody(id) => format!("Partner body {id}"),
            Kind::Keyword(id) => format!("New keyword of {id}"),
            Kind::Alias(id) => format!("New alias of {id}"),
            Kind::Event(link) => format!("New event from {}", link.source),
        }
    }

    /// The text of the first field holding `key`.
    fn text(&self, key: &Key) -> &str {
        self.fields
            .iter()
            .find(|f| &f.key == key)
            .map_or("", |f| f.edit.text())
    }

    /// After the focused field changed: the id follows the first name
    /// until typed in, and every field is checked again.
    pub fn typed(&mut self, ws: &Workspace) {
        self.refused = None;
        if self.fields[self.focus].key == Key::Id {
            self.id_follows = false;
        }
        if self.id_follows {
            let first = self
                .fields
                .iter()
                .find(|f| matches!(f.key, Key::Name(_)) && !f.edit.text().trim().is_empty())
                .map(|f| f.edit.text().to_string());
            let id = first.map_or(String::new(), |n| free_id(ws, &curate::slug(&n)));
            if let Some(f) = self.fields.iter_mut().find(|f| f.key == Key::Id) {
                f.edit.set(&id);
            }
        }
        self.check(ws);
    }

    /// Checks every field against `ws`.
    pub fn check(&mut self, ws: &Workspace) {
        let any_name = self.fields.iter().any(|f| {
            matches!(f.key, Key::Name(_) | Key::Label(_)) && !f.edit.text().trim().is_empty()
        });
        let this = match &self.kind {
            Kind::EditBody(id) => Some(id.as_str()),
            _ => None,
        };
        let word_of = match &self.kind {
            Kind::Keyword(id) => ws.themes.iter().find(|t| &t.id == id).map(|t| &t.keywords),
            Kind::Alias(id) => ws.entities.iter().find(|e| &e.id == id).map(|e| &e.aliases),
            _ => None,
        };
        for f in &mut self.fields {
            let text = f.edit.text().trim();
            f.error = match &f.key {
                Key::Id if text.is_empty() => Some("type an id, or a name to make one".into()),
                Key::Id if !usable_id(text) => Some(ID_RULE.into()),
                Key::Id if curate::id_taken(ws, text) => {
                    Some(format!("`{text}` is taken: ids are unique"))
                }
                Key::Name(_) | Key::Label(_) if !any_name => {
                    Some("give it a name in at least one language".into())
                }
                Key::Kind if text.is_empty() => {
                    Some("say what it is: organization, body, person, programme…".into())
                }
                Key::Bodies => split(text)
                    .into_iter()
                    .find(|id| !ws.entities.iter().any(|e| &e.id == id))
                    .map(|id| format!("no partner body has the id `{id}`")),
                Key::PartOf if !text.is_empty() => part_of_error(ws, this, text),
                Key::Word if text.is_empty() => Some("type the word".into()),
                Key::Word if word_of.is_some_and(|w| w.iter().any(|k| k == text)) => {
                    Some(format!("«{text}» is there already"))
                }
                Key::Date => crate::date::PartialDate::parse(text).err(),
                _ => None,
            };
        }
    }

    /// The first refusal of a field, if any.
    pub fn first_error(&self) -> Option<&str> {
        self.fields.iter().find_map(|f| f.error.as_deref())
    }

    /// The edit the form asks for, once no field is refused; `None` when
    /// it would change nothing.
    pub fn edit(&self) -> Option<Edit> {
        let langs = |make: fn(String) -> Key| -> Vec<(String, String)> {
            self.fields
                .iter()
                .filter_map(|f| match (&f.key, make(String::new())) {
                    (Key::Name(l), Key::Name(_))
                    | (Key::Summary(l), Key::Summary(_))
                    | (Key::Label(l), Key::Label(_)) => Some((l.clone(), f.edit.text().trim())),
                    _ => None,
                })
                .filter(|(_, t)| !t.is_empty())
                .map(|(l, t)| (l, t.to_string()))
                .collect()
        };
        let id = self.text(&Key::Id).trim().to_string();
        let edit = match &self.kind {
            Kind::NewTheme => Edit::AddTheme(NewTheme {
                id,
                names: langs(Key::Name),
                summaries: langs(Key::Summary),
                keywords: split(self.text(&Key::Keywords)),
                entities: split(self.text(&Key::Bodies)),
            }),
            Kind::NewBody => {
                let part_of = self.text(&Key::PartOf).trim();
                Edit::AddEntity(NewEntity {
                    id,
                    kind: self.text(&Key::Kind).trim().to_string(),
                    names: langs(Key::Name),
                    aliases: split(self.text(&Key::Aliases)),
                    part_of: (!part_of.is_empty()).then(|| part_of.to_string()),
                })
            }
            Kind::EditTheme(id) => Edit::EditTheme {
                id: id.clone(),
                changes: self.changes(),
            },
            Kind::EditBody(id) => Edit::EditEntity {
                id: id.clone(),
                changes: self.changes(),
            },
            Kind::Keyword(id) => Edit::EditTheme {
                id: id.clone(),
                changes: vec![Change::AddKeyword(self.text(&Key::Word).trim().into())],
            },
            Kind::Alias(id) => Edit::EditEntity {
                id: id.clone(),
                changes: vec![Change::AddAlias(self.text(&Key::Word).trim().into())],
            },
            Kind::Event(link) => Edit::AddEvent(NewEvent {
                date: self.text(&Key::Date).trim().to_string(),
                labels: langs(Key::Label),
                quote: link.clone(),
            }),
        };
        match &edit {
            Edit::EditTheme { changes, .. } | Edit::EditEntity { changes, .. }
                if changes.is_empty() =>
            {
                None
            }
            _ => Some(edit),
        }
    }

    /// What an edit form changes, each against the value it opened with.
    fn changes(&self) -> Vec<Change> {
        let opt = |s: &str| (!s.trim().is_empty()).then(|| s.trim().to_string());
        let mut out = Vec::new();
        for f in &self.fields {
            let (was, now) = (f.was.trim(), f.edit.text().trim());
            if was == now {
                continue;
            }
            match &f.key {
                Key::Name(lang) => out.push(Change::Name {
                    lang: lang.clone(),
                    was: opt(was),
                    now: opt(now),
                }),
                Key::Summary(lang) => out.push(Change::Summary {
                    lang: lang.clone(),
                    was: opt(was),
                    now: opt(now),
                }),
                Key::Kind => out.push(Change::Kind {
                    was: was.into(),
                    now: now.into(),
                }),
                Key::PartOf => out.push(Change::PartOf {
                    was: opt(was),
                    now: opt(now),
                }),
                Key::Keywords => diff(
                    was,
                    now,
                    &mut out,
                    Change::AddKeyword,
                    Change::RemoveKeyword,
                ),
                Key::Bodies => diff(was, now, &mut out, Change::AddEntity, Change::RemoveEntity),
                Key::Aliases => diff(was, now, &mut out, Change::AddAlias, Change::RemoveAlias),
                _ => {}
            }
        }
        out
    }
}

/// Removals then additions between two comma-separated lists.
fn diff(
    was: &str,
    now: &str,
    out: &mut Vec<Change>,
    add: fn(String) -> Change,
    remove: fn(String) -> Change,
) {
    let (was, now) = (split(was), split(now));
    out.extend(was.iter().filter(|w| !now.contains(w)).cloned().map(remove));
    out.extend(now.iter().filter(|n| !was.contains(n)).cloned().map(add));
}

/// `langs`, then any other language the item is written in.
fn with_seen(langs: &[String], a: &[(String, String)], b: &[(String, String)]) -> Vec<String> {
    let mut out = langs.to_vec();
    for (l, _) in a.iter().chain(b) {
        if !out.contains(l) {
            out.push(l.clone());
        }
    }
    out
}

/// `base`, or `base-2`, `base-3`… whichever is free in `ws`.
fn free_id(ws: &Workspace, base: &str) -> String {
    curate::free_id(base, |id| curate::id_taken(ws, id))
}

/// Why `parent` cannot be the parent of body `this`, if it cannot.
fn part_of_error(ws: &Workspace, this: Option<&str>, parent: &str) -> Option<String> {
    let Some(p) = ws.entities.iter().position(|e| e.id == parent) else {
        return Some(format!("no partner body has the id `{parent}`"));
    };
    let this = this?;
    // Walking up from the parent must not reach the body itself.
    let mut at = Some(p);
    let mut steps = 0;
    while let Some(i) = at {
        if ws.entities[i].id == this {
            return Some(format!(
                "`{parent}` is part of `{this}`: a body cannot contain itself"
            ));
        }
        steps += 1;
        if steps > ws.entities.len() {
            break;
        }
        at = ws.entities[i].part_of;
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn seed() -> Workspace {
        crate::workspace::load(std::path::Path::new(env!("CARGO_MANIFEST_DIR"))).unwrap()
    }

    #[test]
    fn the_id_follows_the_first_name_until_typed_and_must_be_free() {
        let ws = seed();
        let langs = ["en".to_string(), "ar".to_string()];
        let mut form = Form::new_theme(&ws, &langs);
        assert_eq!(form.fields[form.focus].key, Key::Name("en".into()));
        form.fields[form.focus].edit.set("Maritime Security");
        form.typed(&ws);
        assert_eq!(
            form.text(&Key::Id),
            "maritime-security-2",
            "maritime-security is taken"
        );
        assert_eq!(form.first_error(), None);
        form.focus = 0;
        form.fields[0].edit.set("cybercrime");
        form.typed(&ws);
        assert!(form.first_error().unwrap().contains("is taken"));
        form.fields[0].edit.set("sea");
        form.typed(&ws);
        form.focus = 1;
        form.fields[1].edit.set("Seas");
        form.typed(&ws);
        assert_eq!(form.text(&Key::Id), "sea", "a typed id stays");
        let Some(Edit::AddTheme(t)) = form.edit() else {
            panic!("a theme")
        };
        assert_eq!(t.names, [("en".to_string(), "Seas".to_string())]);
    }

    #[test]
    fn an_edit_sends_only_what_changed_against_what_was_seen() {
        let ws = seed();
        let t = ws.themes.iter().position(|t| t.id == "cybercrime").unwrap();
        let seen = Seen {
            names: vec![("en".into(), "Cybercrime".into())],
            summaries: vec![],
            kind: None,
            part_of: None,
        };
        let mut form = Form::edit_theme(&ws, t, &seen, &["en".to_string()]);
        assert!(form.edit().is_none(), "nothing changed");
        let kw = form
            .fields
            .iter()
            .position(|f| f.key == Key::Keywords)
            .unwrap();
        let was = form.fields[kw].edit.text().to_string();
        form.fields[kw].edit.set(&format!("{was}, ransomware"));
        form.focus = kw;
        form.typed(&ws);
        let Some(Edit::EditTheme { changes, .. }) = form.edit() else {
            panic!("an edit")
        };
        assert_eq!(changes, [Change::AddKeyword("ransomware".into())]);
    }

    #[test]
    fn a_parent_inside_the_body_is_refused() {
        let ws = seed();
        let un = ws.entities.iter().position(|e| e.id == "un").unwrap();
        let child = ws.children(Some(un)).next().expect("the UN has parts");
        let child_id = ws.entities[child].id.clone();
        let seen = Seen {
            names: vec![("en".into(), "United Nations".into())],
            summaries: vec![],
            kind: Some("organization".into()),
            part_of: None,
        };
        let mut form = Form::edit_body(&ws, un, &seen, &["en".to_string()]);
        let at = form
            .fields
            .iter()
            .position(|f| f.key == Key::PartOf)
            .unwrap();
        form.fields[at].edit.set(&child_id);
        form.focus = at;
        form.typed(&ws);
        assert!(
            form.first_error()
                .unwrap()
                .contains("cannot contain itself")
        );
    }
}
