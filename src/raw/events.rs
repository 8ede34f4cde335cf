//! The fast path from text to tree: the parser's events turned straight into nodes.
//!
//! Model files are plain YAML: block mappings and lists of strings, numbers and
//! booleans. For those, the tree is built here from granit-parser's events, which carry
//! their spans, without the deserializer layer of [`super::parse`]. Anything outside
//! that plain subset (an anchor, an alias, a merge key, a tag, a second document, a
//! number written in a rarer notation, a duplicate key, a limit reached, a syntax error)
//! makes [`tree`] answer `None`, and the file goes through the deserializer, which gives
//! the same tree or the error exactly as before. Bailing out is always correct; only
//! a tree built here that differs from the deserializer's would be a bug, and the
//! tests compare the two over every file the project holds.

use std::hash::BuildHasher;

use rustc_hash::{FxBuildHasher, FxHashSet};
use serde_saphyr::granit_parser::{Event, Options, Parser, ScalarStyle, Span as Mark};

use crate::limits::Limits;
use crate::raw::node::{Key, Node, Value, key_name};
use crate::source::{FileId, Span};

/// Mappings up to this many entries look for a duplicate key by comparing names; larger
/// ones keep the hashes of their keys.
const LINEAR_KEYS: usize = 16;

/// The tree of `text` (a file's whole text, holding at least one document), or `None`
/// when the file needs the deserializer.
pub(crate) fn tree(text: &str, file: FileId, limits: &Limits) -> Option<Node> {
    // The deserializer's own parser options: the same limits on keys and nesting.
    let mut options = Options::default();
    options.block_nesting_limit = options
        .block_nesting_limit
        .max(limits.max_depth.saturating_add(1));
    let mut builder = Builder {
        file,
        stack: Vec::new(),
        items: Vec::new(),
        entries: Vec::new(),
        root: None,
        documents: 0,
        nodes: 0,
        // Half the deserializer's budget, so that a file near it is left to the
        // deserializer, which counts exactly and words the refusal.
        max_nodes: limits.max_nodes / 2,
        max_depth: limits.max_depth,
    };
    for event in Parser::new_from_str_with_options(text, options) {
        let (event, mark) = event.ok()?;
        builder.event(event, &mark)?;
    }
    builder.root
}

/// A collection being read. What has been read of it is at the end of the builder's
/// `items` or `entries`, from `start` on: the children of every open collection share
/// one growing buffer, and each collection is copied out of it once, at its exact size,
/// when it closes.
enum Frame {
    Seq {
        span: Span,
        start: usize,
    },
    Map {
        span: Span,
        start: usize,
        /// The key read, waiting for its value.
        key: Option<Key>,
        /// Hashes of the keys, once the mapping is past [`LINEAR_KEYS`] entries.
        hashes: FxHashSet<u64>,
    },
}

struct Builder {
    file: FileId,
    stack: Vec<Frame>,
    /// The items of the open sequences, innermost last.
    items: Vec<Node>,
    /// The entries of the open mappings, innermost last.
    entries: Vec<(Key, Node)>,
    root: Option<Node>,
    documents: usize,
    nodes: usize,
    max_nodes: usize,
    max_depth: usize,
}

impl Builder {
    /// Takes one event; `None` when the file needs the deserializer.
    fn event(&mut self, event: Event<'_>, mark: &Mark) -> Option<()> {
        match event {
            Event::StreamStart | Event::DocumentEnd | Event::StreamEnd => Some(()),
            Event::DocumentStart(..) => {
                self.documents += 1;
                (self.documents == 1).then_some(())
            }
            Event::Scalar(text, style, anchor, tag) => {
                if anchor != 0 || tag.is_some() {
                    return None;
                }
                let span = self.span(mark)?;
                if let Some(Frame::Map {
                    key: key @ None, ..
                }) = self.stack.last_mut()
                {
                    // A key: a string, never the merge key.
                    if style == ScalarStyle::Plain && !matches!(plain(&text)?, Value::Str(_)) {
                        return None;
                    }
                    if text == "<<" {
                        return None;
                    }
                    *key = Some(Key {
                        name: key_name(text),
                        span,
                    });
                    return self.check_key();
                }
                let value = if style == ScalarStyle::Plain {
                    plain(&text)?
                } else {
                    Value::Str(text.into())
                };
                self.add(Node { span, value })
            }
            Event::SequenceStart(_, anchor, tag) => self.open(false, anchor, tag.is_some(), mark),
            Event::MappingStart(_, anchor, tag) => self.open(true, anchor, tag.is_some(), mark),
            Event::SequenceEnd | Event::MappingEnd => {
                let node = match self.stack.pop()? {
                    Frame::Seq { span, start } => Node {
                        span,
                        value: Value::Seq(self.items.drain(start..).collect()),
                    },
                    Frame::Map {
                        span,
                        start,
                        key: None,
                        ..
                    } => Node {
                        span,
                        value: Value::Map(self.entries.drain(start..).collect()),
                    },
                    Frame::Map { key: Some(_), .. } => return None,
                };
                self.place(node)
            }
            // Aliases, and whatever a later parser adds.
            _ => None,
        }
    }

    /// Starts reading a mapping or a sequence.
    fn open(&mut self, is_map: bool, anchor: usize, tagged: bool, mark: &Mark) -> Option<()> {
        // One level short of the deserializer's limit, which then words the refusal.
        if anchor != 0 || tagged || self.stack.len() + 1 >= self.max_depth {
            return None;
        }
        // A collection as a mapping key.
        if let Some(Frame::Map { key: None, .. }) = self.stack.last() {
            return None;
        }
        self.count()?;
        let span = self.span(mark)?;
        self.stack.push(if is_map {
            Frame::Map {
                span,
                start: self.entries.len(),
                key: None,
                hashes: FxHashSet::default(),
            }
        } else {
            Frame::Seq {
                span,
                start: self.items.len(),
            }
        });
        Some(())
    }

    /// The span of an event in this file.
    fn span(&self, mark: &Mark) -> Option<Span> {
        let start = mark.start.byte_offset()?;
        let end = mark.end.byte_offset()?;
        Some(Span::new(self.file, start, end.max(start)))
    }

    fn count(&mut self) -> Option<()> {
        self.nodes += 1;
        (self.nodes <= self.max_nodes).then_some(())
    }

    /// Adds a scalar value where the reading stands.
    fn add(&mut self, node: Node) -> Option<()> {
        self.count()?;
        self.place(node)
    }

    /// Puts a finished node into its parent, or makes it the document.
    fn place(&mut self, node: Node) -> Option<()> {
        match self.stack.last_mut() {
            Some(Frame::Seq { .. }) => self.items.push(node),
            Some(Frame::Map { key, .. }) => self.entries.push((key.take()?, node)),
            None if self.root.is_none() => self.root = Some(node),
            None => return None,
        }
        Some(())
    }

    /// Whether the key just read is new in its mapping; `None` for a duplicate (or a
    /// hash collision, which the deserializer then settles).
    fn check_key(&mut self) -> Option<()> {
        let Some(Frame::Map {
            start,
            key: Some(key),
            hashes,
            ..
        }) = self.stack.last_mut()
        else {
            return None;
        };
        let entries = &self.entries[*start..];
        let hash = |name: &str| FxBuildHasher.hash_one(name);
        if entries.len() < LINEAR_KEYS {
            if entries.iter().any(|(k, _)| k.name == key.name) {
                return None;
            }
        } else {
            if hashes.is_empty() {
                hashes.extend(entries.iter().map(|(k, _)| hash(&k.name)));
            }
            if !hashes.insert(hash(&key.name)) {
                return None;
            }
        }
        self.count()
    }
}

/// The value of a plain scalar as the deserializer reads it (YAML 1.2 core schema with
/// strict booleans), or `None` for the rarer spellings of numbers, which are left to
/// the deserializer.
fn plain(text: &str) -> Option<Value> {
    match text {
        "~" | "null" | "Null" | "NULL" => return Some(Value::Null),
        "true" | "True" | "TRUE" => return Some(Value::Bool(true)),
        "false" | "False" | "FALSE" => return Some(Value::Bool(false)),
        _ => {}
    }
    let bytes = text.as_bytes();
    let unsigned = text.strip_prefix('-').unwrap_or(text);
    // Nothing at all is null.
    let Some(&first) = bytes.first() else {
        return Some(Value::Null);
    };
    if !first.is_ascii_digit() {
        // Words are strings: the float reader's `inf` and `nan` are refused as
        // non-finite and fall back to text. A sign or a dot may start a number.
        return match first {
            b'-' | b'+' | b'.' => decimal(unsigned, text),
            _ => Some(Value::Str(text.into())),
        };
    }
    if let Some(value) = decimal(unsigned, text) {
        return Some(value);
    }
    // A digit first, then something no number has: a date, a version, a time of day,
    // a percentage. Integers take digits, radix letters and `_`; floats take digits,
    // `.`, an exponent and its sign.
    let numeric = |(i, &b): (usize, &u8)| {
        b.is_ascii_hexdigit()
            || matches!(b, b'x' | b'X' | b'o' | b'O' | b'_' | b'.')
            || (matches!(b, b'+' | b'-') && i > 0 && matches!(bytes[i - 1], b'e' | b'E'))
    };
    if bytes.iter().enumerate().all(numeric) {
        None
    } else {
        Some(Value::Str(text.into()))
    }
}

/// `-?(0|[1-9][0-9]*)` as an integer and `-?(0|[1-9][0-9]*)\.[0-9]+` as a float, the
/// spellings numbers take in a model; `None` for any other text.
fn decimal(unsigned: &str, text: &str) -> Option<Value> {
    let (whole, fraction) = match unsigned.split_once('.') {
        Some((w, f)) => (w, Some(f)),
        None => (unsigned, None),
    };
    let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    if !digits(whole) || (whole.len() > 1 && whole.starts_with('0')) {
        return None;
    }
    match fraction {
        None => text.parse::<i64>().ok().map(Value::Int),
        Some(f) if digits(f) => text
            .parse::<f64>()
            .ok()
            .filter(|v| v.is_finite())
            .map(Value::Float),
        Some(_) => None,
    }
}
