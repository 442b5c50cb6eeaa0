//! Line and column of every node in a YAML file.
//!
//! serde_yaml reports positions for syntax errors only; problems found after
//! parsing (a duplicate id, an unknown reference, a quote not found) still
//! need to point at the offending line. One pass of yaml-rust2's event parser
//! records where each key and value starts, addressed by a path such as
//! `themes[2].links[0].quote`. The same pass enforces the nesting limit, so
//! deeply nested input is refused before serde_yaml's parser sees it.

use super::problem::Pos;
use std::collections::HashMap;
use yaml_rust2::parser::{Event, Parser};
use yaml_rust2::scanner::Marker;

/// Deepest nesting of collections accepted in `themes.yaml`.
pub const MAX_DEPTH: usize = 32;

/// Where each node of a YAML document starts.
#[derive(Debug, Default)]
pub struct Locations {
    values: HashMap<String, Pos>,
    keys: HashMap<String, Pos>,
    first_alias: Option<Pos>,
    /// The top-level keys as written, in order.
    root_keys: Vec<(String, Pos)>,
    /// Bytes of paths recorded so far (see [`index_budget`]).
    indexed: usize,
}

/// Most bytes of paths the index may hold for a text of `len` bytes. Paths
/// repeat their ancestors' keys, so a long key above many nodes would cost
/// its length once per node: memory quadratic in the file's size. Real
/// files need a few times their size.
fn index_budget(len: usize) -> usize {
    len.saturating_mul(32).saturating_add(1 << 20)
}

/// Why the location pass stopped.
#[derive(Debug)]
pub struct LocateError {
    /// Where.
    pub pos: Pos,
    /// What is wrong.
    pub message: String,
    /// A YAML syntax error (else: a limit of this scan).
    pub syntax: bool,
    /// How to fix it, for the limits.
    pub hint: String,
}

enum Frame {
    /// `fresh` until the first key: a block mapping's start marker sits at
    /// its first colon, so the first key's position stands in for it.
    Map {
        path: String,
        key: Option<String>,
        fresh: bool,
    },
    Seq {
        path: String,
        next: usize,
    },
}

impl Locations {
    /// Scans `text`, stopping at the first syntax error or at nesting deeper
    /// than [`MAX_DEPTH`].
    pub fn scan(text: &str) -> Result<Self, LocateError> {
        let mut locs = Locations::default();
        let mut stack: Vec<Frame> = Vec::new();
        let mut parser = Parser::new_from_str(text);
        let mut documents = false;
        loop {
            let (event, mark) = parser.next_token().map_err(|e| {
                // The scanner reads ahead of the events, up to 255 open
                // brackets, and then stops: nesting, not a syntax error.
                let nesting = e.info() == "recursion limit exceeded";
                LocateError {
                    pos: pos(e.marker()),
                    message: if nesting {
                        format!("nesting is deeper than {MAX_DEPTH} levels")
                    } else {
                        e.info().to_string()
                    },
                    syntax: !nesting,
                    hint: if nesting {
                        nesting_hint()
                    } else {
                        String::new()
                    },
                }
            })?;
            let mark = pos(&mark);
            if locs.indexed > index_budget(text.len()) {
                return Err(LocateError {
                    pos: mark,
                    message: "the keys above this point are too long to index".into(),
                    syntax: false,
                    hint: "keys are field names and language codes: keep them short".into(),
                });
            }
            match event {
                Event::StreamEnd => return Ok(locs),
                // serde_yaml refuses a second document without saying where.
                Event::DocumentStart if std::mem::replace(&mut documents, true) => {
                    return Err(LocateError {
                        pos: mark,
                        message: "a second YAML document starts here".into(),
                        syntax: false,
                        hint: "keep one document: remove this `---` (or what follows `...`)".into(),
                    });
                }
                Event::MappingEnd | Event::SequenceEnd => {
                    stack.pop();
                    node_done(&mut stack);
                }
                Event::Scalar(value, ..) => {
                    let depth = stack.len();
                    if let Some(Frame::Map {
                        path,
                        key: key @ None,
                        fresh,
                    }) = stack.last_mut()
                    {
                        if depth == 1 {
                            locs.root_keys.push((value.clone(), mark));
                        }
                        locs.indexed += path.len() + value.len() + 1;
                        locs.keys.insert(join(path, &value), mark);
                        if std::mem::take(fresh) {
                            locs.indexed += path.len();
                            locs.values.insert(path.clone(), mark);
                        }
                        *key = Some(value);
                    } else {
                        let path = child_path(&stack);
                        locs.indexed += path.len();
                        locs.values.insert(path, mark);
                        node_done(&mut stack);
                    }
                }
                Event::Alias(_) | Event::MappingStart(..) | Event::SequenceStart(..)
                    if matches!(stack.last(), Some(Frame::Map { key: None, .. })) =>
                {
                    // A list, map or alias where a key goes (`? - a`):
                    // never meant in these files, and the paths after it
                    // would be wrong, so problems could not be located.
                    return Err(LocateError {
                        pos: mark,
                        message: "a list, map or alias is used as a key here".into(),
                        syntax: false,
                        hint: "keys are plain words such as `themes`, `id` or `en`".into(),
                    });
                }
                Event::Alias(_) => {
                    locs.first_alias.get_or_insert(mark);
                    let path = child_path(&stack);
                    locs.indexed += path.len();
                    locs.values.insert(path, mark);
                    node_done(&mut stack);
                }
                Event::MappingStart(..) | Event::SequenceStart(..) => {
                    if stack.len() >= MAX_DEPTH {
                        return Err(LocateError {
                            pos: mark,
                            message: format!("nesting is deeper than {MAX_DEPTH} levels"),
                            syntax: false,
                            hint: nesting_hint(),
                        });
                    }
                    let path = child_path(&stack);
                    locs.indexed += path.len();
                    locs.values.insert(path.clone(), mark);
                    stack.push(if matches!(event, Event::MappingStart(..)) {
                        Frame::Map {
                            path,
                            key: None,
                            fresh: true,
                        }
                    } else {
                        Frame::Seq { path, next: 0 }
                    });
                }
                _ => {}
            }
        }
    }

    /// Where the value at `path` starts.
    pub fn value(&self, path: &str) -> Option<Pos> {
        self.values.get(path).copied()
    }

    /// Where the key of the value at `path` starts (the value's own position
    /// for sequence items).
    pub fn key(&self, path: &str) -> Option<Pos> {
        self.keys.get(path).copied().or_else(|| self.value(path))
    }

    /// The top-level keys as written (a key serde_yaml reads as `false` or
    /// `1` is here as spelt), with their positions, in file order.
    pub fn root_keys(&self) -> &[(String, Pos)] {
        &self.root_keys
    }

    /// Where the first alias (`*name`) is: what to point at when aliases
    /// expand to more than serde_yaml accepts, an error it gives no
    /// position for.
    pub fn first_alias(&self) -> Option<Pos> {
        self.first_alias
    }

    /// The key's position if the key exists, else the nearest enclosing
    /// node's: where to point for a problem about `path`.
    pub fn nearest(&self, path: &str) -> Option<Pos> {
        let mut p = path;
        loop {
            if let Some(pos) = self.key(p) {
                return Some(pos);
            }
            let cut = p.rfind(['.', '['])?;
            p = &p[..cut];
        }
    }
}

fn nesting_hint() -> String {
    format!("nest lists and maps at most {MAX_DEPTH} levels deep")
}

/// `parent.key` (or `key` at the root).
pub fn join(parent: &str, key: &str) -> String {
    if parent.is_empty() {
        key.to_string()
    } else {
        format!("{parent}.{key}")
    }
}

/// `parent[index]`.
pub fn index(parent: &str, i: usize) -> String {
    format!("{parent}[{i}]")
}

fn child_path(stack: &[Frame]) -> String {
    match stack.last() {
        None => String::new(),
        Some(Frame::Map { path, key, .. }) => join(path, key.as_deref().unwrap_or("")),
        Some(Frame::Seq { path, next }) => index(path, *next),
    }
}

/// A value finished: a map now waits for its next key, a sequence counts.
fn node_done(stack: &mut [Frame]) {
    match stack.last_mut() {
        Some(Frame::Map { key, .. }) => *key = None,
        Some(Frame::Seq { next, .. }) => *next += 1,
        None => {}
    }
}

fn pos(m: &Marker) -> Pos {
    Pos {
        line: m.line(),
        // yaml-rust2 counts columns from 0.
        column: m.col() + 1,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn records_keys_and_values() {
        let text = "themes:\n  - id: a\n    links:\n      - source: s\n        quote: q\n";
        let locs = Locations::scan(text).unwrap();
        assert_eq!(locs.key("themes"), Some(Pos { line: 1, column: 1 }));
        assert_eq!(locs.value("themes[0]"), Some(Pos { line: 2, column: 5 }));
        assert_eq!(locs.key("themes[0].id"), Some(Pos { line: 2, column: 5 }));
        assert_eq!(locs.value("themes[0].id"), Some(Pos { line: 2, column: 9 }));
        assert_eq!(
            locs.key("themes[0].links[0].quote"),
            Some(Pos { line: 5, column: 9 })
        );
        assert_eq!(
            locs.nearest("themes[0].links[0].missing"),
            Some(Pos { line: 4, column: 9 })
        );
    }

    #[test]
    fn deep_nesting_is_refused() {
        let block: String = (0..50)
            .map(|i| format!("{}k{i}:\n", "  ".repeat(i)))
            .collect();
        let err = Locations::scan(&block).unwrap_err();
        assert!(err.message.contains("deeper"), "{}", err.message);
        assert_eq!(err.pos.line, MAX_DEPTH + 1);
        // Flow nesting stops the scan at the limit, long before serde_yaml
        // (quadratic on deep nesting) could see it; the scan itself is fast.
        for open in ["[", "{", "[a, ", "{a: "] {
            let started = std::time::Instant::now();
            let err = Locations::scan(&open.repeat(200_000)).unwrap_err();
            assert!(started.elapsed().as_secs() < 1, "{open}");
            assert!(!err.syntax, "{open}: {}", err.message);
            assert!(err.message.contains("nesting is deeper"), "{}", err.message);
            assert_eq!(err.pos.line, 1);
            // Where the event parser or the scanner's read-ahead stopped.
            assert!(
                err.pos.column <= 256 * open.len() + 1,
                "{open}: {:?}",
                err.pos
            );
        }
        // Brackets inside quotes and plain text are text, not nesting.
        let quoted = format!("a: '{}'\nb: x{}\n", "[".repeat(500), "{".repeat(500));
        assert!(Locations::scan(&quoted).is_ok());
    }

    #[test]
    fn long_keys_over_many_nodes_are_refused_not_indexed() {
        // (An implicit key is at most 1024 characters; `? ` takes any.)
        let text = format!("? {}\n: [{}]\n", "k".repeat(100_000), "1, ".repeat(100_000));
        // Refused by the budget before any path is built (no timing here:
        // the budget is what keeps it linear).
        let err = Locations::scan(&text).unwrap_err();
        assert!(err.message.contains("too long to index"), "{}", err.message);
        // An ordinary file is far within the budget.
        let ok = "themes:\n".to_string() + &"  - {id: a, name: {en: A, ar: ب}}\n".repeat(5_000);
        assert!(Locations::scan(&ok).is_ok());
    }

    #[test]
    fn keys_that_are_not_plain_are_refused_with_their_position() {
        for (text, at) in [
            ("a: 1\n? - id: x\nb: 2\n", Pos { line: 2, column: 3 }),
            ("a: &k x\n*k : 2\n", Pos { line: 2, column: 1 }),
            ("{[a]: b}\n", Pos { line: 1, column: 2 }),
        ] {
            let err = Locations::scan(text).unwrap_err();
            assert!(
                !err.syntax && err.message.contains("used as a key"),
                "{text}"
            );
            assert_eq!(err.pos, at, "{text}");
        }
    }

    #[test]
    fn a_second_document_is_refused_with_its_position() {
        let err = Locations::scan("a: 1\n---\nb: 2\n").unwrap_err();
        assert_eq!(err.pos, Pos { line: 2, column: 1 });
        assert!(err.message.contains("second YAML document"));
    }

    #[test]
    fn syntax_errors_have_positions() {
        let err = Locations::scan("a: [1, 2\nb: 3\n").unwrap_err();
        assert!(err.pos.line >= 1);
    }
}
