//! Parsing one file into a [`Node`] tree, with YAML errors as `yaml-syntax` diagnostics.

use serde_saphyr::{DuplicateKeyPolicy, Spanned};

use crate::diag::Diagnostic;
use crate::limits::{Limits, bytes};
use crate::raw::node::{Node, Parsed, Value};
use crate::rules::registry::YAML_SYNTAX;
use crate::source::{FileId, SourceFile, Span};

/// Deepest nesting accepted by default. The format needs about eight levels; the margin
/// is for `properties` and flow collections.
const MAX_DEPTH: usize = Limits::DEFAULT.max_depth;

/// Parser options: strict booleans, duplicate keys refused, and a budget large enough
/// for a 50 MB model while an alias bomb is refused after a bounded amount of work.
fn options(limits: &Limits) -> serde_saphyr::Options {
    let max_bytes = usize::try_from(limits.max_file_bytes).unwrap_or(usize::MAX);
    serde_saphyr::options! {
        strict_booleans: true,
        duplicate_keys: DuplicateKeyPolicy::Error,
        with_snippet: false,
        budget: serde_saphyr::budget! {
            max_reader_input_bytes: Some(max_bytes),
            max_events: limits.max_nodes.saturating_mul(2),
            max_nodes: limits.max_nodes,
            max_total_scalar_bytes: max_bytes,
            max_depth: limits.max_depth,
            max_documents: 1,
        },
        alias_limits: serde_saphyr::alias_limits! {
            max_total_replayed_events: 100_000,
            max_replay_stack_depth: 16,
        },
    }
}

/// The error for a file over the size limit.
pub fn too_large(file_id: FileId, limits: &Limits) -> Diagnostic {
    Diagnostic::error(
        YAML_SYNTAX,
        Span::new(file_id, 0, 0),
        format!(
            "the file is larger than tomc reads ({})",
            bytes(limits.max_file_bytes)
        ),
    )
    .help("split the model into several files listed by `include`")
}

/// Decodes a file's bytes: UTF-8 only. On failure, the offset of the first invalid byte
/// and the text with invalid bytes replaced, for showing where.
pub fn decode(bytes: Vec<u8>) -> Result<String, (usize, String)> {
    String::from_utf8(bytes).map_err(|e| {
        let at = e.utf8_error().valid_up_to();
        // The lossy text keeps every byte before `at` in place, so positions hold.
        (at, String::from_utf8_lossy(e.as_bytes()).into_owned())
    })
}

/// Parses `file` into a node tree. An empty file gives a `Null` node.
pub fn parse(file_id: FileId, file: &SourceFile, limits: &Limits) -> Result<Node, Box<Diagnostic>> {
    if file.text.len() as u64 > limits.max_file_bytes {
        return Err(Box::new(too_large(file_id, limits)));
    }
    if is_comments_only(&file.text) {
        return Ok(Node {
            span: Span::new(file_id, 0, 0),
            value: Value::Null,
        });
    }
    match serde_saphyr::from_str_with_options::<Spanned<Parsed>>(&file.text, options(limits)) {
        Ok(parsed) => Ok(Node::from_parsed(parsed, file_id)),
        Err(err) => Err(Box::new(syntax_diagnostic(file_id, file, &err))),
    }
}

/// Whether the text is empty, blank or comments only: a stream with no document.
fn is_comments_only(text: &str) -> bool {
    text.lines().all(|l| {
        let l = l.trim();
        l.is_empty() || l.starts_with('#')
    })
}

/// Turns a serde-saphyr error into a `yaml-syntax` diagnostic at its location.
fn syntax_diagnostic(file_id: FileId, file: &SourceFile, err: &serde_saphyr::Error) -> Diagnostic {
    let offset = err.location().map_or(0, |loc| {
        loc.span()
            .byte_offset()
            .map(|o| o as usize)
            .filter(|&o| o <= file.text.len())
            .unwrap_or_else(|| file.offset_of(loc.line() as usize, loc.column() as usize))
    });
    let raw = err.to_string();
    let message = strip_location(&raw);
    let (message, help) = explain(err, message);
    Diagnostic::error(YAML_SYNTAX, file.char_span(file_id, offset), message)
        .label("here")
        .help(help)
}

/// serde-saphyr prefixes messages with `error: line L column C: `; the location is
/// reported separately, so drop it.
fn strip_location(message: &str) -> &str {
    let m = message.strip_prefix("error: ").unwrap_or(message);
    let m = match m
        .strip_prefix("line ")
        .and_then(|rest| rest.split_once(": "))
    {
        Some((_, tail)) => tail,
        None => m,
    };
    // Some messages end with ` at line L, column C`.
    match m.rfind(" at line ") {
        Some(i) if m[i..].contains(", column ") => &m[..i],
        _ => m,
    }
}

const TOO_DEEP: (&str, &str) = (
    "the document nests deeper than tomc accepts",
    "a TOM spec needs only a few levels of nesting; flatten the structure",
);

/// A clearer message and a fix for the errors users meet most, chosen by the error's
/// kind. Scanner errors (tabs, runaway flow nesting) arrive as text from the parser.
fn explain(err: &serde_saphyr::Error, message: &str) -> (String, String) {
    use serde_saphyr::Error as E;
    use serde_saphyr::budget::BudgetBreach as B;
    let (message, help) = match err.without_snippet() {
        E::DuplicateMappingKey { key, .. } => (
            format!(
                "duplicate key `{}` in the same mapping",
                key.as_deref().unwrap_or("?")
            ),
            "remove one of the two entries, or merge them: YAML keeps only one",
        ),
        E::Budget {
            breach: B::Depth { .. },
            ..
        } => (format!("{} ({MAX_DEPTH} levels)", TOO_DEEP.0), TOO_DEEP.1),
        E::Budget {
            breach: B::Documents { .. },
            ..
        }
        | E::MultipleDocuments { .. } => (
            format!("invalid YAML: {message}"),
            "a spec file holds one YAML document: remove the extra `---` separator or move the rest to another file",
        ),
        E::Budget { .. }
        | E::AliasReplayLimitExceeded { .. }
        | E::AliasExpansionLimitExceeded { .. }
        | E::AliasReplayStackDepthExceeded { .. }
        | E::AliasReplayCounterOverflow { .. } => (
            format!("the document is over tomc's limits: {message}"),
            "anchors and aliases may not expand into huge documents; write the values out or use fewer aliases",
        ),
        _ if message.contains("recursion limit") => {
            (format!("{} ({MAX_DEPTH} levels)", TOO_DEEP.0), TOO_DEEP.1)
        }
        _ if message.contains("tabs ") => (
            format!("invalid YAML: {message}"),
            "indent with spaces: YAML does not allow tabs for indentation",
        ),
        _ => (
            format!("invalid YAML: {message}"),
            "fix the YAML syntax at this position",
        ),
    };
    (message, help.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strips_location_prefix() {
        assert_eq!(
            strip_location("error: line 3 column 1: duplicate mapping key: a"),
            "duplicate mapping key: a"
        );
        assert_eq!(strip_location("plain"), "plain");
        assert_eq!(strip_location("bad at line 4, column 7"), "bad");
    }
}
