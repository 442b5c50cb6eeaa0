//! Stable GUIDs for REFI-QDA exports.
//!
//! Every GUID is a name-based UUID (version 5) of a key such as
//! `theme:cybercrime` under coopdash's own namespace, so exporting the same
//! workspace twice gives the same GUIDs, and a tool that imports a second
//! export can match codes, sources and selections to the first one.

use std::sync::OnceLock;
use uuid::Uuid;

/// coopdash's UUID namespace: itself a v5 UUID of the project's URN under
/// the standard URL namespace, fixed forever once exports exist.
fn namespace() -> &'static Uuid {
    static NS: OnceLock<Uuid> = OnceLock::new();
    NS.get_or_init(|| Uuid::new_v5(&Uuid::NAMESPACE_URL, b"urn:coopdash:refi-qda"))
}

/// The GUID for `key`, written 8-4-4-4-12 in lower case.
pub(crate) fn guid(key: &str) -> String {
    Uuid::new_v5(namespace(), key.as_bytes())
        .hyphenated()
        .to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn guids_are_stable_and_distinct() {
        assert_eq!(guid("theme:a"), guid("theme:a"));
        assert_ne!(guid("theme:a"), guid("entity:a"));
        let g = guid("theme:a");
        assert_eq!(g.len(), 36);
        assert_eq!(g.matches('-').count(), 4);
    }
}
