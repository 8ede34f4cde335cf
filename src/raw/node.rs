//! A spanned YAML tree: every mapping key, sequence item and scalar keeps its location.
//!
//! Model files are parsed into this generic tree rather than straight into typed structs
//! so that one misspelled field never hides the rest of a file: the resolver walks the
//! tree, reports every problem it finds and keeps going. Plain files are built from the
//! parser's events (`raw::events`); the others through serde-saphyr, whose `Spanned`
//! records each node's location and a custom visitor keeps those spans intact, where
//! `flatten` and untagged enums would buffer the input and lose them.

use std::borrow::Cow;
use std::fmt;

use serde::de::{Deserialize, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_saphyr::{Spanned, Tagged};

use crate::source::{FileId, Span};
use crate::spec::known_key;

/// A YAML value with its location.
#[derive(Debug, Clone, PartialEq)]
pub struct Node {
    /// Where the value starts (scalars: the whole scalar, quotes included).
    pub span: Span,
    /// The value.
    pub value: Value,
}

/// A mapping key with its location.
#[derive(Debug, Clone, PartialEq)]
pub struct Key {
    /// The key's text: the format's own copy for a key the format defines
    /// ([`crate::spec::known_key`]), an owned one for any other.
    pub name: Cow<'static, str>,
    /// Where the key is written.
    pub span: Span,
}

/// The shape of a YAML value.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    /// `~`, `null` or nothing at all.
    Null,
    /// `true` or `false` (booleans are strict: `no` stays a string).
    Bool(bool),
    /// An integer.
    Int(i64),
    /// A number with a fraction or exponent, or an integer too large for `i64`.
    Float(f64),
    /// A string.
    Str(Box<str>),
    /// A sequence.
    Seq(Box<[Node]>),
    /// A mapping, keys in the order written.
    Map(Box<[(Key, Node)]>),
}

impl Value {
    /// The name of this value's YAML type, for messages ("expected a list, found a string").
    pub fn type_name(&self) -> &'static str {
        match self {
            Value::Null => "nothing",
            Value::Bool(_) => "a boolean",
            Value::Int(_) => "an integer",
            Value::Float(_) => "a number",
            Value::Str(_) => "a string",
            Value::Seq(_) => "a list",
            Value::Map(_) => "a mapping",
        }
    }
}

impl Node {
    /// The entries of a mapping, or `None` for any other value.
    pub fn as_map(&self) -> Option<&[(Key, Node)]> {
        match &self.value {
            Value::Map(entries) => Some(entries),
            _ => None,
        }
    }

    /// Sets the file of this node and all nodes below it.
    fn set_file(&mut self, file: FileId) {
        self.span.file = file;
        match &mut self.value {
            Value::Seq(items) => items.iter_mut().for_each(|n| n.set_file(file)),
            Value::Map(entries) => {
                for (k, v) in entries {
                    k.span.file = file;
                    v.set_file(file);
                }
            }
            _ => {}
        }
    }

    /// Builds a node tree from a parsed document and assigns it to `file`; the first
    /// tag outside the core schema, if any, instead.
    pub(crate) fn from_parsed(parsed: Spanned<Tagged<Parsed>>, file: FileId) -> Result<Node, Tag> {
        let mut tag = None;
        let mut node = Node::spanned(parsed, &mut tag);
        if let Some(mut tag) = tag {
            tag.span.file = file;
            return Err(tag);
        }
        node.set_file(file);
        Ok(node)
    }

    /// A node from a value deserialized with its location and tag (file id assigned
    /// later); a tag outside the core schema is kept in `bad` unless one already is.
    fn spanned(parsed: Spanned<Tagged<Parsed>>, bad: &mut Option<Tag>) -> Node {
        let span = span_of(&parsed.referenced);
        let Tagged(Parsed(value, inner), tag) = parsed.value;
        if bad.is_none() {
            *bad = tag
                .filter(|t| !is_core_tag(t))
                .map(|name| Tag { name, span })
                .or(inner);
        }
        Node { span, value }
    }
}

/// The name of a mapping key, pointing at the format's copy when the format defines it.
pub(crate) fn key_name(text: Cow<'_, str>) -> Cow<'static, str> {
    match known_key(&text) {
        Some(known) => Cow::Borrowed(known),
        None => Cow::Owned(text.into_owned()),
    }
}

/// A YAML tag that tomc does not accept, and where it is.
#[derive(Debug, Clone, PartialEq)]
pub struct Tag {
    /// The tag as the parser resolved it (`tag:yaml.org,2002:binary`, `!custom`).
    pub name: String,
    /// The node it is written on.
    pub span: Span,
}

/// The tags of YAML's core schema: they only confirm what a plain value already is.
/// Every other tag asks for a conversion (`!!binary`) or an application type
/// (`!!python/object`) that tomc does not perform, so it is refused rather than
/// silently dropped.
fn is_core_tag(tag: &str) -> bool {
    const CORE: [&str; 7] = ["str", "int", "float", "bool", "null", "map", "seq"];
    tag == "!"
        || tag
            .strip_prefix("tag:yaml.org,2002:")
            .is_some_and(|t| CORE.contains(&t))
}

/// A byte offset or length from the parser as an index into the text held in memory
/// (which it always fits; an impossible one points at the end).
pub(crate) fn offset(n: u64) -> usize {
    usize::try_from(n).unwrap_or(usize::MAX)
}

/// Span of a serde-saphyr location (file id assigned later).
fn span_of(loc: &serde_saphyr::Location) -> Span {
    let s = loc.span();
    let start = offset(s.byte_offset().unwrap_or(0));
    let len = offset(s.byte_len().unwrap_or(0));
    Span::new(FileId(0), start, start + len)
}

/// The deserialized form of a node before its span is attached, with the first tag
/// outside the core schema found below it. Children become [`Node`]s as soon as they
/// are read, so the tree is built in one pass.
#[derive(Debug)]
pub(crate) struct Parsed(Value, Option<Tag>);

impl<'de> Deserialize<'de> for Parsed {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(ParsedVisitor)
    }
}

struct ParsedVisitor;

/// Visitor methods for integers wider than `i64`: beyond it a YAML integer is read as
/// the nearest float.
macro_rules! wide_integers {
    ($($visit:ident: $int:ty),*) => {$(
        #[allow(
            clippy::cast_precision_loss,
            reason = "beyond i64 a YAML integer is read as the nearest float"
        )]
        fn $visit<E>(self, v: $int) -> Result<Parsed, E> {
            Ok(Parsed(
                i64::try_from(v).map_or(Value::Float(v as f64), Value::Int),
                None,
            ))
        }
    )*};
}

impl<'de> Visitor<'de> for ParsedVisitor {
    type Value = Parsed;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("any YAML value")
    }
    fn visit_unit<E>(self) -> Result<Parsed, E> {
        Ok(Parsed(Value::Null, None))
    }
    fn visit_none<E>(self) -> Result<Parsed, E> {
        Ok(Parsed(Value::Null, None))
    }
    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Parsed, D::Error> {
        d.deserialize_any(self)
    }
    fn visit_bool<E>(self, v: bool) -> Result<Parsed, E> {
        Ok(Parsed(Value::Bool(v), None))
    }
    fn visit_i64<E>(self, v: i64) -> Result<Parsed, E> {
        Ok(Parsed(Value::Int(v), None))
    }
    wide_integers!(visit_u64: u64, visit_i128: i128, visit_u128: u128);
    fn visit_f64<E>(self, v: f64) -> Result<Parsed, E> {
        Ok(Parsed(Value::Float(v), None))
    }
    fn visit_str<E>(self, v: &str) -> Result<Parsed, E> {
        Ok(Parsed(Value::Str(v.into()), None))
    }
    fn visit_string<E>(self, v: String) -> Result<Parsed, E> {
        Ok(Parsed(Value::Str(v.into()), None))
    }
    /// Bytes come only from a `!!binary` value, whose tag is refused.
    fn visit_bytes<E>(self, _: &[u8]) -> Result<Parsed, E> {
        Ok(Parsed(Value::Null, None))
    }
    fn visit_byte_buf<E>(self, _: Vec<u8>) -> Result<Parsed, E> {
        Ok(Parsed(Value::Null, None))
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Parsed, A::Error> {
        let mut items = Vec::new();
        let mut bad = None;
        while let Some(item) = seq.next_element::<Spanned<Tagged<Parsed>>>()? {
            items.push(Node::spanned(item, &mut bad));
        }
        Ok(Parsed(Value::Seq(items.into()), bad))
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Parsed, A::Error> {
        let mut entries = Vec::new();
        let mut bad = None;
        while let Some(key) = map.next_key::<Spanned<Tagged<String>>>()? {
            let value = map.next_value::<Spanned<Tagged<Parsed>>>()?;
            let span = span_of(&key.referenced);
            let Tagged(name, tag) = key.value;
            if bad.is_none() {
                bad = tag
                    .filter(|t| !is_core_tag(t))
                    .map(|name| Tag { name, span });
            }
            let name = key_name(Cow::Owned(name));
            entries.push((Key { span, name }, Node::spanned(value, &mut bad)));
        }
        Ok(Parsed(Value::Map(entries.into()), bad))
    }
}
