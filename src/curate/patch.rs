//! The inverse of an applied edit: the exact text it replaced, to be put
//! back where it was. Byte for byte by construction, and a compare-and-set
//! like every field edit: it applies only while the text it wrote is still
//! there (found by its surrounding lines when other edits moved it).

/// Text to put back in `themes.yaml`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Patch {
    /// Byte offset where `now` starts, as written (a hint).
    pub at: usize,
    /// The text the edit wrote, which the patch replaces.
    pub now: String,
    /// The text the edit replaced, which the patch puts back.
    pub was: String,
    /// The text just before (up to two lines), to find the place.
    pub before: String,
    /// The text just after (up to two lines).
    pub after: String,
    /// What applying it does, for a status line (`undo: +theme ports`).
    pub summary: String,
}

/// Lines of context kept on each side.
const CONTEXT_LINES: usize = 2;

impl Patch {
    /// The patch that turns `new` back into `old`.
    pub fn between(old: &str, new: &str, summary: String) -> Patch {
        let mut prefix = old
            .bytes()
            .zip(new.bytes())
            .take_while(|(a, b)| a == b)
            .count();
        while !old.is_char_boundary(prefix) || !new.is_char_boundary(prefix) {
            prefix -= 1;
        }
        let room = old.len().min(new.len()) - prefix;
        let mut suffix = old
            .bytes()
            .rev()
            .zip(new.bytes().rev())
            .take(room)
            .take_while(|(a, b)| a == b)
            .count();
        while !old.is_char_boundary(old.len() - suffix) || !new.is_char_boundary(new.len() - suffix)
        {
            suffix -= 1;
        }
        let end = new.len() - suffix;
        let before_start = nth_line_start_back(new, prefix, CONTEXT_LINES);
        let after_end = nth_line_end(new, end, CONTEXT_LINES);
        Patch {
            at: prefix,
            now: new[prefix..end].to_string(),
            was: old[prefix..old.len() - suffix].to_string(),
            before: new[before_start..prefix].to_string(),
            after: new[end..after_end].to_string(),
            summary,
        }
    }

    /// `text` with the patch applied, or the text now where it applies
    /// (the lines around the hint) when it no longer does.
    pub fn apply(&self, text: &str) -> Result<String, String> {
        let fits = |at: usize| {
            at >= self.before.len()
                && text.get(at - self.before.len()..at) == Some(self.before.as_str())
                && text.get(at..at + self.now.len()) == Some(self.now.as_str())
                && text
                    .get(at + self.now.len()..)
                    .is_some_and(|t| t.starts_with(&self.after))
        };
        let at = if fits(self.at) {
            Some(self.at)
        } else {
            let whole = format!("{}{}{}", self.before, self.now, self.after);
            let mut found = text
                .match_indices(&whole)
                .map(|(i, _)| i + self.before.len());
            match (found.next(), found.next()) {
                (Some(at), None) => Some(at),
                _ => None,
            }
        };
        match at {
            Some(at) => {
                let mut out = String::with_capacity(text.len() + self.was.len());
                out.push_str(&text[..at]);
                out.push_str(&self.was);
                out.push_str(&text[at + self.now.len()..]);
                Ok(out)
            }
            None => {
                let mut hint = self.at.min(text.len());
                while !text.is_char_boundary(hint) {
                    hint -= 1;
                }
                let from = nth_line_start_back(text, hint, 0);
                let to = nth_line_end(text, hint, 0);
                Err(text[from..to].to_string())
            }
        }
    }

    /// The patch that undoes this one, once applied.
    pub fn inverse(&self) -> Patch {
        let summary = match self.summary.strip_prefix("undo: ") {
            Some(s) => s.to_string(),
            None => format!("undo: {}", self.summary),
        };
        Patch {
            at: self.at,
            now: self.was.clone(),
            was: self.now.clone(),
            before: self.before.clone(),
            after: self.after.clone(),
            summary,
        }
    }
}

/// The start of the line `n` lines above the one holding `at`.
fn nth_line_start_back(text: &str, at: usize, n: usize) -> usize {
    let mut start = text[..at].rfind('\n').map_or(0, |i| i + 1);
    for _ in 0..n {
        if start == 0 {
            break;
        }
        start = text[..start - 1].rfind('\n').map_or(0, |i| i + 1);
    }
    start
}

/// The end (past its `\n`) of the line `n` lines below the one holding `at`.
fn nth_line_end(text: &str, at: usize, n: usize) -> usize {
    let mut end = at;
    for _ in 0..=n {
        match text[end..].find('\n') {
            Some(i) => end += i + 1,
            None => return text.len(),
        }
    }
    end
}

#[cfg(test)]
mod tests {
    use super::Patch;

    #[test]
    fn a_patch_restores_bytes_and_finds_its_place_after_other_edits() {
        let old = "a\nb\nc\nd\ne\n";
        let new = "a\nb\nC!\nd\ne\n";
        let p = Patch::between(old, new, "x".into());
        assert_eq!(p.apply(new).unwrap(), old);
        // Another edit above moved it.
        let moved = format!("zero\n{new}");
        assert_eq!(p.apply(&moved).unwrap(), format!("zero\n{old}"));
        // Someone changed the text it wrote: refused with what is there.
        let changed = new.replace("C!", "Q");
        assert_eq!(p.apply(&changed).unwrap_err(), "Q\n");
        assert_eq!(p.inverse().apply(old).unwrap(), new);
    }
}
