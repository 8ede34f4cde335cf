//! An ordered document tree: what the canonical outputs (manifests, reports) are built
//! as, then written as YAML or JSON with their keys in the order they were added.

use serde::ser::{Serialize, SerializeMap, SerializeSeq, Serializer};

/// A value of an output document.
#[derive(Debug, Clone, PartialEq)]
pub enum Tree {
    /// No value.
    Null,
    /// A boolean.
    Bool(bool),
    /// An integer.
    Int(i64),
    /// A number.
    Num(f64),
    /// A string.
    Str(String),
    /// A list.
    List(Vec<Tree>),
    /// A mapping, in the order written.
    Map(Vec<(String, Tree)>),
}

impl Tree {
    /// A string value.
    pub fn str(text: impl Into<String>) -> Self {
        Tree::Str(text.into())
    }

    /// A list of strings.
    pub fn strings<S: Into<String>>(items: impl IntoIterator<Item = S>) -> Self {
        Tree::List(items.into_iter().map(|s| Tree::Str(s.into())).collect())
    }
}

impl Tree {
    /// The value on one line, for tables: `[a, b]`, `{k: v}`, `—` for no value.
    pub fn compact(&self) -> String {
        match self {
            Tree::Null => "—".to_owned(),
            Tree::Bool(b) => b.to_string(),
            Tree::Int(i) => i.to_string(),
            Tree::Num(n) => crate::text::number(*n),
            Tree::Str(s) => s.clone(),
            Tree::List(items) => {
                let items: Vec<String> = items.iter().map(Tree::compact).collect();
                format!("[{}]", items.join(", "))
            }
            Tree::Map(entries) => {
                let entries: Vec<String> = entries
                    .iter()
                    .map(|(k, v)| format!("{k}: {}", v.compact()))
                    .collect();
                format!("{{{}}}", entries.join(", "))
            }
        }
    }
}

impl Serialize for Tree {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            Tree::Null => serializer.serialize_unit(),
            Tree::Bool(b) => serializer.serialize_bool(*b),
            Tree::Int(i) => serializer.serialize_i64(*i),
            Tree::Num(n) => serializer.serialize_f64(*n),
            Tree::Str(s) => serializer.serialize_str(s),
            Tree::List(items) => {
                let mut seq = serializer.serialize_seq(Some(items.len()))?;
                for item in items {
                    seq.serialize_element(item)?;
                }
                seq.end()
            }
            Tree::Map(entries) => {
                let mut map = serializer.serialize_map(Some(entries.len()))?;
                for (key, value) in entries {
                    map.serialize_entry(key, value)?;
                }
                map.end()
            }
        }
    }
}

/// Why a document could not be written as text.
#[derive(Debug, thiserror::Error, miette::Diagnostic)]
#[error("cannot write the document as {format}: {message}")]
#[diagnostic(code(tomc::emit))]
pub struct EmitError {
    /// `YAML`, `JSON` or `text`.
    pub format: &'static str,
    /// What the serializer said.
    pub message: String,
}

/// The tree as YAML, after a comment header (each line prefixed with `# `). The YAML
/// is written straight after the header, into the one string returned: a manifest of
/// a large model is tens of megabytes, and a second copy would be the build's peak.
pub fn to_yaml(tree: &impl Serialize, header: &str) -> Result<String, EmitError> {
    let mut out = String::new();
    for line in header.lines() {
        out.push_str("# ");
        // The header quotes the model (its name): a comment, so nothing escapes it, and
        // no invisible character is left in it for the escape below to find.
        out.push_str(&crate::diag::escape::visible(line));
        out.push('\n');
    }
    serde_saphyr::to_fmt_writer(&mut out, tree).map_err(|e| EmitError {
        format: "YAML",
        message: e.to_string(),
    })?;
    let mut out = crate::diag::escape::yaml(out);
    if !out.ends_with('\n') {
        out.push('\n');
    }
    Ok(out)
}

/// A tree, or any other output made of typed records, as pretty JSON with a final
/// newline.
pub fn to_json(value: &impl serde::Serialize) -> Result<String, EmitError> {
    pretty_json(value)
}

/// Any value as pretty JSON with a final newline, invisible characters escaped.
pub fn pretty_json(value: &impl serde::Serialize) -> Result<String, EmitError> {
    let mut out = serde_json::to_string_pretty(value).map_err(json_error)?;
    out.push('\n');
    Ok(crate::diag::escape::json(out))
}

/// A JSON serialisation failure as an [`EmitError`].
pub fn json_error(e: serde_json::Error) -> EmitError {
    EmitError {
        format: "JSON",
        message: e.to_string(),
    }
}
