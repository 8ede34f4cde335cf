//! Parsing one file into a [`Node`] tree, with YAML errors as `yaml-syntax` diagnostics.

use serde_saphyr::{DuplicateKeyPolicy, Spanned};

use crate::diag::Diagnostic;
use crate::raw::node::{Node, Parsed, Value};
use crate::rules::registry::YAML_SYNTAX;
use crate::source::{FileId, SourceFile, Span};

/// The largest file tomc reads, in bytes.
pub const MAX_FILE_BYTES: usize = 256 * 1024 * 1024;

/// Deepest nesting accepted. The format needs about eight levels; the margin is for
/// `properties` and flow collections.
const MAX_DEPTH: usize = 64;

/// Parser options: strict booleans, duplicate keys refused, and a budget large enough
/// for a 50 MB model while an alias bomb is refused after a bounded amount of work.
fn options() -> serde_saphyr::Options {
    serde_saphyr::options! {
        strict_booleans: true,
        duplicate_keys: DuplicateKeyPolicy::Error,
        with_snippet: false,
        budget: serde_saphyr::budget! {
            max_reader_input_bytes: Some(MAX_FILE_BYTES),
            max_events: 200_000_000,
            max_nodes: 100_000_000,
            max_total_scalar_bytes: MAX_FILE_BYTES,
            max_depth: MAX_DEPTH,
            max_documents: 1,
        },
        alias_limits: serde_saphyr::alias_limits! {
            max_total_replayed_events: 100_000,
            max_replay_stack_depth: 16,
        },
    }
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
pub fn parse(file_id: FileId, file: &SourceFile) -> Result<Node, Box<Diagnostic>> {
    if file.text.len() > MAX_FILE_BYTES {
        let span = Span::new(file_id, 0, 0);
        let d = Diagnostic::error(
            YAML_SYNTAX,
            span,
            "the file is larger than tomc reads (256 MiB)",
        )
        .help("split the model into several files listed by `include`");
        return Err(Box::new(d));
    }
    if file.text.trim().is_empty() || is_comments_only(&file.text) {
        return Ok(Node {
            span: Span::new(file_id, 0, 0),
            value: Value::Null,
        });
    }
    match serde_saphyr::from_str_with_options::<Spanned<Parsed>>(&file.text, options()) {
        Ok(parsed) => Ok(Node::from_parsed(parsed, file_id)),
        Err(err) => Err(Box::new(syntax_diagnostic(file_id, file, &err))),
    }
}

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
    let (message, help) = explain(message);
    let end = file
        .text
        .get(offset..)
        .unwrap_or_default()
        .chars()
        .next()
        .map_or(offset, |c| offset + c.len_utf8());
    Diagnostic::error(YAML_SYNTAX, Span::new(file_id, offset, end), message)
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

/// A clearer message and a fix for the errors users meet most.
fn explain(message: &str) -> (String, String) {
    let lower = message.to_ascii_lowercase();
    if lower.contains("duplicate mapping key") {
        let key = message
            .split_once("duplicate mapping key: ")
            .map(|(_, k)| k.split(',').next().unwrap_or(k).trim())
            .unwrap_or("");
        (
            format!("duplicate key `{key}` in the same mapping"),
            "remove one of the two entries, or merge them: YAML keeps only one".into(),
        )
    } else if lower.contains("tabs ") || lower.contains(" tab") {
        (
            format!("invalid YAML: {message}"),
            "indent with spaces: YAML does not allow tabs for indentation".into(),
        )
    } else if lower.contains("budget") || lower.contains("alias") || lower.contains("replay") {
        if lower.contains("depth") {
            (
                format!("the document nests deeper than tomc accepts ({MAX_DEPTH} levels)"),
                "a TOM spec needs only a few levels of nesting; flatten the structure".into(),
            )
        } else {
            (
                format!("the document is over tomc's limits: {message}"),
                "anchors and aliases may not expand into huge documents; write the values out or use fewer aliases".into(),
            )
        }
    } else if lower.contains("recursion limit") {
        (
            format!("the document nests deeper than tomc accepts ({MAX_DEPTH} levels)"),
            "a TOM spec needs only a few levels of nesting; flatten the structure".into(),
        )
    } else if lower.contains("multiple documents")
        || lower.contains("document") && lower.contains("more than")
    {
        (
            format!("invalid YAML: {message}"),
            "a spec file holds one YAML document: remove the extra `---` separator or move the rest to another file".into(),
        )
    } else {
        (
            format!("invalid YAML: {message}"),
            "fix the YAML syntax at this position".into(),
        )
    }
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
