//! Who may connect: the authorized keys file, parsed strictly and reloaded
//! when it changes. Identity comes only from a key the server verified.

use russh::keys::ssh_key::PublicKey;
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::time::SystemTime;

/// Options that only narrow what a key may do. coopdash allows nothing they
/// forbid anyway (no forwarding, no agent, no X11, no rc), so they are
/// honoured by construction.
const NARROWING: [&str; 7] = [
    "restrict",
    "pty",
    "no-port-forwarding",
    "no-agent-forwarding",
    "no-X11-forwarding",
    "no-user-rc",
    "no-touch-required",
];

/// The author name option: the same line works with OpenSSH and
/// `ForceCommand coopdash`, which reads `COOPDASH_AUTHOR` too.
const AUTHOR_ENV: &str = "environment=\"COOPDASH_AUTHOR=";

/// The curator role: the exact option, and only from the server's file,
/// lets a key's analyst curate `themes.yaml` (a client's `env` request is
/// refused like any other, so the role cannot be claimed).
const CURATOR_ENV: &str = "environment=\"COOPDASH_ROLE=curator\"";

/// The largest authorized keys file read (about 8,000 keys).
const MAX_KEYS_FILE: usize = 4 << 20;

/// One accepted key, the name notes are signed with and the role.
#[derive(Debug, Clone)]
pub struct Authorized {
    key: PublicKey,
    /// Who the key's holder is.
    pub who: Who,
}

/// Who an authorized key's holder is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Who {
    /// The analyst's name.
    pub author: String,
    /// Whether their line carries `environment="COOPDASH_ROLE=curator"`.
    pub curator: bool,
}

/// The parsed file: accepted keys, and the lines refused with why.
#[derive(Debug, Default)]
pub struct Parsed {
    /// Keys that may log in.
    pub keys: Vec<Authorized>,
    /// `line N: why` for each refused line.
    pub refused: Vec<String>,
}

/// Parses authorized_keys text. A line with an option coopdash does not
/// implement (`command=`, `from=`, `permitopen=`, …) is refused whole, so a
/// restriction is never silently dropped.
pub fn parse(text: &str) -> Parsed {
    let mut out = Parsed::default();
    for (i, line) in text.lines().enumerate() {
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let (opts, key_text) = split_options(line);
        let key = match PublicKey::from_openssh(key_text) {
            Ok(k) => k,
            Err(e) => {
                out.refused
                    .push(format!("line {}: not a public key ({e})", i + 1));
                continue;
            }
        };
        let mut author = None;
        let mut curator = false;
        let mut bad = None;
        for opt in opts {
            if opt == CURATOR_ENV {
                curator = true;
            } else if let Some(name) = opt
                .strip_prefix(AUTHOR_ENV)
                .and_then(|v| v.strip_suffix('"'))
            {
                author = Some(name.to_string());
            } else if !NARROWING.contains(&opt) {
                bad = Some(opt.to_string());
                break;
            }
        }
        if let Some(opt) = bad {
            let name = opt.split('=').next().unwrap_or(&opt).to_string();
            out.refused.push(format!(
                "line {}: option `{name}` is not implemented by coopdash; line refused",
                i + 1
            ));
            continue;
        }
        let author = author
            .filter(|a| !a.trim().is_empty())
            .or_else(|| Some(key.comment().to_string()).filter(|c| !c.trim().is_empty()))
            .unwrap_or_else(|| {
                format!(
                    "key-{}",
                    &key.fingerprint(Default::default()).to_string()[7..15]
                )
            });
        out.keys.push(Authorized {
            key,
            who: Who { author, curator },
        });
    }
    out
}

/// Splits a line into its options (comma-separated, double quotes may hold
/// commas and spaces, as in OpenSSH) and the key with its comment.
fn split_options(line: &str) -> (Vec<&str>, &str) {
    const KEY_TYPES: [&str; 3] = ["ssh-", "ecdsa-", "sk-"];
    if KEY_TYPES.iter().any(|t| line.starts_with(t)) {
        return (Vec::new(), line);
    }
    let (mut opts, mut start, mut quoted) = (Vec::new(), 0, false);
    for (at, c) in line.char_indices() {
        match c {
            '"' => quoted = !quoted,
            ',' if !quoted => {
                opts.push(&line[start..at]);
                start = at + 1;
            }
            ' ' | '\t' if !quoted => {
                opts.push(&line[start..at]);
                return (opts, line[at..].trim_start());
            }
            _ => {}
        }
    }
    (Vec::new(), line)
}

/// The authorized keys file, re-read whenever its modification time or
/// length changes.
pub struct KeyRing {
    path: PathBuf,
    state: Mutex<(Option<(SystemTime, u64)>, Parsed)>,
}

impl KeyRing {
    /// Watches `path` (which may not exist yet: then nobody gets in).
    pub fn new(path: &Path) -> Self {
        let ring = KeyRing {
            path: path.to_path_buf(),
            state: Mutex::new((None, Parsed::default())),
        };
        ring.refresh();
        ring
    }

    /// The file's path.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Re-reads the file if it changed; logs what it refused.
    pub fn refresh(&self) {
        let stamp = std::fs::metadata(&self.path)
            .ok()
            .and_then(|m| Some((m.modified().ok()?, m.len())));
        let mut state = self.state.lock().unwrap_or_else(|e| e.into_inner());
        if state.0.is_some() && state.0 == stamp {
            return;
        }
        // Bounded: a key file of more than a few thousand keys is a mistake.
        let read = crate::fsio::open_file(&self.path, crate::fsio::Links::Follow)
            .and_then(|f| crate::fsio::read_within(f, MAX_KEYS_FILE))
            .and_then(|b| String::from_utf8(b).map_err(std::io::Error::other));
        let parsed = match read {
            Ok(text) => parse(&text),
            Err(e) => {
                super::log(&format!(
                    "authorized keys {}: {e}; nobody can log in",
                    self.path.display()
                ));
                Parsed::default()
            }
        };
        for why in &parsed.refused {
            super::log(&format!("authorized keys {}: {why}", self.path.display()));
        }
        super::log(&format!(
            "authorized keys {}: {} key(s) loaded",
            self.path.display(),
            parsed.keys.len()
        ));
        *state = (stamp, parsed);
    }

    /// Who holds `key`, if it is authorized.
    pub fn who(&self, key: &PublicKey) -> Option<Who> {
        self.refresh();
        let state = self.state.lock().unwrap_or_else(|e| e.into_inner());
        state
            .1
            .keys
            .iter()
            .find(|a| a.key.key_data() == key.key_data())
            .map(|a| a.who.clone())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const ED: &str = "AAAAC3NzaC1lZDI1NTE5AAAAICY1wvfbfiA0ggYR5+D+h+g3Ecd2Z5/Pua/P+Wzye6gd";

    #[test]
    fn comment_or_option_names_the_author() {
        let p = parse(&format!(
            "ssh-ed25519 {ED} alice@laptop\nrestrict,pty,environment=\"COOPDASH_AUTHOR=Bob Analyst\" ssh-ed25519 {ED} bob@x\n"
        ));
        let names: Vec<_> = p.keys.iter().map(|k| k.who.author.as_str()).collect();
        assert!(p.refused.is_empty(), "{:?}", p.refused);
        assert_eq!(names, ["alice@laptop", "Bob Analyst"]);
        assert!(p.refused.is_empty());
    }

    #[test]
    fn unimplemented_options_refuse_the_line() {
        let text = format!(
            "from=\"10.0.0.1\" ssh-ed25519 {ED} a\ncommand=\"ls\" ssh-ed25519 {ED} b\nrestrict,pty ssh-ed25519 {ED} c\nnot a key\n"
        );
        let p = parse(&text);
        assert_eq!(p.keys.len(), 1);
        assert_eq!(p.keys[0].who.author, "c");
        assert_eq!(p.refused.len(), 3, "{:?}", p.refused);
        assert!(p.refused[0].contains("`from`"));
    }

    #[test]
    fn only_the_exact_role_option_makes_a_curator() {
        let p = parse(&format!(
            "environment=\"COOPDASH_ROLE=curator\",environment=\"COOPDASH_AUTHOR=Salma\" ssh-ed25519 {ED} s\n\
             ssh-ed25519 {ED} plain\n\
             environment=\"COOPDASH_ROLE=admin\" ssh-ed25519 {ED} x\n\
             environment=\"COOPDASH_ROLE=curator \" ssh-ed25519 {ED} y\n"
        ));
        let who: Vec<_> = p.keys.iter().map(|k| k.who.clone()).collect();
        assert_eq!(
            who,
            [
                Who {
                    author: "Salma".into(),
                    curator: true
                },
                Who {
                    author: "plain".into(),
                    curator: false
                },
            ]
        );
        assert_eq!(p.refused.len(), 2, "{:?}", p.refused);
    }
}
