//! The ids of files that could not be read, recovered from their text.
//!
//! A model file that does not parse (or decode) has already been reported once. Its
//! elements are missing from the model, so every reference to them elsewhere would be
//! reported again as `unknown-reference`, with advice to define what is already defined.
//! The ids such a file most likely declares are found by a lenient scan of its text for
//! `id: <token>` (block or flow style); references to them are left unresolved without a
//! word. When a file gives no text to scan (it is over the size limit, or the scan finds
//! no id at all), no reference into the unknown is reported while it is unread.

use std::sync::Arc;

use rustc_hash::FxHashSet;

use crate::load::Loaded;
use crate::raw::Node;
use crate::source::FileId;

/// What is known of the elements of files that could not be read.
#[derive(Debug, Default)]
pub(crate) struct Unread {
    /// Ids that unread files most likely declare.
    pub ids: FxHashSet<String>,
    /// An unread file gave no id to recover: no unknown id can be told to be a mistake.
    pub blind: bool,
}

impl Unread {
    /// Whether a reference to `id`, found nowhere in the model, should go unreported.
    pub(super) fn covers(&self, id: &str) -> bool {
        self.blind || self.ids.contains(id)
    }
}

/// The ids declared by the files of `loaded` that were read but not parsed: those
/// without a tree in `trees`.
pub(crate) fn unread(loaded: &Loaded, trees: &[(FileId, Arc<Node>)]) -> Unread {
    let mut parsed: FxHashSet<FileId> = trees.iter().map(|(id, _)| *id).collect();
    parsed.extend(loaded.project.as_ref().map(|p| p.span.file));
    // A measurements file declares no element, whether it read or not.
    parsed.extend(loaded.measurement_files.iter().copied());
    let mut out = Unread::default();
    for (id, file) in loaded.sources.iter().filter(|(id, _)| !parsed.contains(id)) {
        // The project file, when it did not parse, may hold elements too; a file that
        // failed holds at least one element when it holds any id.
        let before = out.ids.len();
        out.ids.extend(declared_ids(&file.text).map(str::to_owned));
        if out.ids.len() == before && !declares_nothing(loaded, id, &file.text) {
            out.blind = true;
        }
    }
    out
}

/// Whether an unread file is known to declare no element: the project file, whose text
/// holds no element kind key.
fn declares_nothing(loaded: &Loaded, id: FileId, text: &str) -> bool {
    let is_project = loaded
        .sources
        .iter()
        .next()
        .is_some_and(|(first, _)| first == id);
    is_project
        && !crate::spec::Kind::ALL
            .iter()
            .any(|k| text.contains(&format!("{}:", k.key())))
}

/// Every token written as the value of a key `id`, in block (`- id: x`) or flow
/// (`{ id: x, ... }`, `{"id": "x"}`) style, quoted or not.
pub(crate) fn declared_ids(text: &str) -> impl Iterator<Item = &str> {
    text.match_indices("id").filter_map(move |(at, _)| {
        let before = text[..at].chars().next_back();
        let (before, after) = match before {
            Some(q @ ('"' | '\'')) if text[at + 2..].starts_with(q) => {
                (text[..at - 1].chars().next_back(), at + 3)
            }
            other => (other, at + 2),
        };
        let starts_key = before.is_none_or(|c| c.is_whitespace() || matches!(c, '{' | ',' | '-'));
        if !starts_key {
            return None;
        }
        let rest = text[after..].trim_start_matches([' ', '\t']);
        let value = rest.strip_prefix(':')?;
        if !value.starts_with([' ', '\t']) {
            return None;
        }
        let value = value.trim_start_matches([' ', '\t']);
        let value = value.strip_prefix(['"', '\'']).unwrap_or(value);
        let end = value
            .find(|c: char| c.is_whitespace() || matches!(c, ',' | '}' | ']' | '"' | '\'' | '#'))
            .unwrap_or(value.len());
        let token = &value[..end];
        (!token.is_empty()).then_some(token)
    })
}

#[cfg(test)]
mod tests {
    use super::declared_ids;

    fn ids(text: &str) -> Vec<&str> {
        declared_ids(text).collect()
    }

    #[test]
    fn block_and_flow_styles() {
        let text = "capabilities:\n  - id: cap-a\n    name: A\n      realizes: [x]\n  - { id: cap-b, name: B }\n  - {\"id\": \"cap-c\"}\n  -   id:   'cap-d' # note\n";
        assert_eq!(ids(text), ["cap-a", "cap-b", "cap-c", "cap-d"]);
    }

    #[test]
    fn other_keys_and_values_are_not_ids() {
        let text = "- kpi_id: x\n  valid: y\n  id:\n  name: said: z\n  idle: w\n  paid: v\n";
        assert!(ids(text).is_empty(), "{:?}", ids(text));
    }

    #[test]
    fn carriage_returns_and_tabs_separate() {
        assert_eq!(ids("- id: a\r- id:\tb\r"), ["a", "b"]);
    }
}
