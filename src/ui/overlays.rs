//! The overlay stack: what is open over the screen (panes, chart or
//! reader). The top overlay takes the keys; overlays are drawn bottom
//! first; the title and the hints come from the top. One of each kind at
//! most: opening one again brings it to the top with its new contents.

use super::export_prompt::ExportPrompt;
use super::finder::Finder;
use super::form::Form;
use super::help::Help;
use super::import_prompt::ImportPrompt;
use super::keys::Context;
use super::notes::Editor;
use super::state::{Confirm, Cursor, Picker, Selection};

/// Something open over the screen.
#[derive(Debug)]
pub enum Overlay {
    /// The key help.
    Help(Help),
    /// A yes/no question.
    Confirm(Confirm),
    /// The `x` export prompt.
    Export(ExportPrompt),
    /// The `I` import prompt.
    Import(ImportPrompt),
    /// The finder (`/`).
    Finder(Box<Finder>),
    /// The note editor.
    Editor(Box<Editor>),
    /// The theme picker of a new analyst link.
    Picker(Picker),
    /// Words being chosen in the reader for an analyst link.
    Selection(Selection),
    /// The Problems view, at this selection.
    Problems(Cursor),
    /// A curation form.
    Form(Box<Form>),
}

impl Overlay {
    /// The key context it gives when on top.
    pub fn context(&self) -> Context {
        match self {
            Overlay::Help(h) if h.typing => Context::HelpFind,
            Overlay::Help(_) => Context::Help,
            Overlay::Confirm(_) => Context::Confirm,
            Overlay::Export(_) => Context::Export,
            Overlay::Import(_) => Context::Import,
            Overlay::Finder(_) => Context::Finder,
            Overlay::Editor(_) => Context::Editor,
            Overlay::Picker(_) => Context::Picker,
            Overlay::Selection(_) => Context::Select,
            Overlay::Problems(_) => Context::Problems,
            Overlay::Form(_) => Context::Form,
        }
    }

    fn same_kind(&self, other: &Overlay) -> bool {
        std::mem::discriminant(self) == std::mem::discriminant(other)
    }
}

/// The stack, bottom first.
#[derive(Debug, Default)]
pub struct Overlays(Vec<Overlay>);

macro_rules! access {
    ($get:ident, $get_mut:ident, $take:ident, $variant:ident, $ty:ty, $($unbox:tt)?) => {
        #[doc = concat!("The open `", stringify!($variant), "` overlay, if any.")]
        pub fn $get(&self) -> Option<&$ty> {
            self.0.iter().rev().find_map(|o| match o {
                Overlay::$variant(x) => Some(&$($unbox)? *x),
                _ => None,
            })
        }

        #[doc = concat!("The open `", stringify!($variant), "` overlay, to change.")]
        pub fn $get_mut(&mut self) -> Option<&mut $ty> {
            self.0.iter_mut().rev().find_map(|o| match o {
                Overlay::$variant(x) => Some(&mut $($unbox)? *x),
                _ => None,
            })
        }

        #[doc = concat!("Closes the `", stringify!($variant), "` overlay, returning it.")]
        pub fn $take(&mut self) -> Option<$ty> {
            let at = self
                .0
                .iter()
                .rposition(|o| matches!(o, Overlay::$variant(_)))?;
            match self.0.remove(at) {
                Overlay::$variant(x) => Some($($unbox)? x),
                _ => None,
            }
        }
    };
}

impl Overlays {
    /// Opens `overlay` on top, closing one of the same kind first.
    pub fn open(&mut self, overlay: Overlay) {
        self.0.retain(|o| !o.same_kind(&overlay));
        self.0.push(overlay);
    }

    /// The top overlay.
    pub fn top(&self) -> Option<&Overlay> {
        self.0.last()
    }

    /// Bottom first, as they are drawn.
    pub fn iter(&self) -> impl Iterator<Item = &Overlay> {
        self.0.iter()
    }

    /// Whether nothing is open.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    access!(help, help_mut, take_help, Help, Help,);
    access!(confirm, confirm_mut, take_confirm, Confirm, Confirm,);
    access!(export, export_mut, take_export, Export, ExportPrompt,);
    access!(import, import_mut, take_import, Import, ImportPrompt,);
    access!(finder, finder_mut, take_finder, Finder, Finder, *);
    access!(editor, editor_mut, take_editor, Editor, Editor, *);
    access!(picker, picker_mut, take_picker, Picker, Picker,);
    access!(
        selection,
        selection_mut,
        take_selection,
        Selection,
        Selection,
    );
    access!(problems, problems_mut, take_problems, Problems, Cursor,);
    access!(form, form_mut, take_form, Form, Form, *);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_of_a_kind_and_the_newest_on_top() {
        let mut o = Overlays::default();
        o.open(Overlay::Help(Help::default()));
        o.open(Overlay::Confirm(Confirm::Discard("d".into())));
        assert_eq!(o.top().map(Overlay::context), Some(Context::Confirm));
        let scrolled = Help {
            scroll: 3,
            ..Help::default()
        };
        o.open(Overlay::Help(scrolled.clone()));
        assert_eq!(o.top().map(Overlay::context), Some(Context::Help));
        assert_eq!(o.iter().count(), 2, "the first help was closed");
        assert_eq!(o.help(), Some(&scrolled));
        assert_eq!(o.take_help(), Some(scrolled));
        assert_eq!(o.top().map(Overlay::context), Some(Context::Confirm));
        assert!(o.take_help().is_none());
    }
}
