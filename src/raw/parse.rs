//! Parsing one file into a [`Node`] tree, with YAML errors as `yaml-syntax` diagnostics.

use crate::spec::RuleId;
use serde_saphyr::{DuplicateKeyPolicy, Spanned, Tagged};

use crate::diag::Diagnostic;
use crate::limits::{Limits, bytes};
use crate::raw::node::{Node, Parsed, Tag, Value, offset};
use crate::source::{FileId, SourceFile, Span};

/// Deepest nesting accepted by default. The format needs about eight levels; the margin
/// is for `properties` and flow collections.
const MAX_DEPTH: usize = Limits::DEFAULT.max_depth;

/// The most values that aliases may expand to in one file: ten thousand elements that
/// each merge a shared mapping of a few dozen values fit, an alias bomb ("billion
/// laughs") stops after a bounded amount of work.
pub const MAX_REPLAYED: usize = 1_000_000;

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
            // Any number of aliases may share an anchor (`<<: *defaults` on every
            // element); what bounds the work is the number of values they expand to.
            enforce_alias_anchor_ratio: false,
            max_aliases: limits.max_nodes,
            max_merge_keys: limits.max_nodes,
        },
        alias_limits: serde_saphyr::alias_limits! {
            max_total_replayed_events: MAX_REPLAYED,
            max_replay_stack_depth: 16,
        },
    }
}

/// The error for a file over the size limit.
pub fn too_large(file_id: FileId, limits: &Limits) -> Diagnostic {
    Diagnostic::error(
        RuleId::YamlSyntax,
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
    if let Some(node) = crate::raw::events::tree(&file.text, file_id, limits) {
        return Ok(node);
    }
    deserialize(file_id, file, limits)
}

/// Parses `file` through serde-saphyr's deserializer: the path for what the event
/// reader leaves aside, and for every error.
pub(crate) fn deserialize(
    file_id: FileId,
    file: &SourceFile,
    limits: &Limits,
) -> Result<Node, Box<Diagnostic>> {
    match serde_saphyr::from_str_with_options::<Spanned<Tagged<Parsed>>>(
        &file.text,
        options(limits),
    ) {
        Ok(parsed) => {
            Node::from_parsed(parsed, file_id).map_err(|tag| Box::new(tag_diagnostic(file, &tag)))
        }
        Err(err) => Err(Box::new(syntax_diagnostic(file_id, file, &err))),
    }
}

/// The byte range of the tag written on the node at `node`: the node's text when it
/// starts with the tag, else the last word before it (an anchor `&a` may stand between).
fn tag_range(text: &str, node: usize) -> (usize, usize) {
    let node = node.min(text.len());
    if !text.is_char_boundary(node) {
        return (node, node);
    }
    let word_end = |from: usize| {
        text[from..]
            .find(char::is_whitespace)
            .map_or(text.len(), |i| from + i)
    };
    if text[node..].starts_with('!') {
        return (node, word_end(node));
    }
    let mut before = text[..node].trim_end();
    for _ in 0..2 {
        let start = before.rfind(char::is_whitespace).map_or(0, |i| {
            i + before[i..].chars().next().map_or(1, char::len_utf8)
        });
        let word = &before[start..];
        if word.starts_with('!') {
            return (start, start + word.len());
        }
        if !word.starts_with('&') {
            break;
        }
        before = before[..start].trim_end();
    }
    (node, node)
}

/// The error for a tag outside YAML's core schema, at the tag.
fn tag_diagnostic(file: &SourceFile, tag: &Tag) -> Diagnostic {
    let written = tag
        .name
        .strip_prefix("tag:yaml.org,2002:")
        .map_or_else(|| tag.name.clone(), |t| format!("!!{t}"));
    let (start, end) = tag_range(&file.text, tag.span.start());
    Diagnostic::error(
        RuleId::YamlSyntax,
        Span::new(tag.span.file, start, end),
        format!("the YAML tag `{written}` is not accepted"),
    )
    .label("this tag")
    .help(
        "remove the tag: a spec holds plain strings, numbers, booleans, lists and mappings \
         (only the core tags `!!str`, `!!int`, `!!float`, `!!bool`, `!!null`, `!!map` and `!!seq` may be written)",
    )
}

/// Whether the text is empty, blank or comments only: a stream with no document.
fn is_comments_only(text: &str) -> bool {
    text.split(['\n', '\r']).all(|l| {
        let l = l.trim();
        l.is_empty() || l.starts_with('#')
    })
}

/// Turns a serde-saphyr error into a `yaml-syntax` diagnostic at its location.
fn syntax_diagnostic(file_id: FileId, file: &SourceFile, err: &serde_saphyr::Error) -> Diagnostic {
    let offset = err.location().map_or(0, |loc| {
        loc.span()
            .byte_offset()
            .map(offset)
            .filter(|&o| o <= file.text.len())
            .unwrap_or_else(|| file.offset_of(offset(loc.line()), offset(loc.column())))
    });
    let raw = err.to_string();
    let message = strip_location(&raw);
    let (message, help) = explain(err, message);
    // The parser places a tab at the start of the scalar or line before it: point at
    // the tab itself.
    let offset = if help.contains("tabs") {
        tab_near(&file.text, offset)
    } else {
        offset
    };
    Diagnostic::error(RuleId::YamlSyntax, file.char_span(file_id, offset), message)
        .label("here")
        .help(help)
}

/// The tab a tab error at `offset` is about: one in the indentation of its line, else
/// the first after it (the parser may report the scalar before the tab's line).
fn tab_near(text: &str, offset: usize) -> usize {
    let (Some(before), Some(after)) = (text.get(..offset), text.get(offset..)) else {
        return offset;
    };
    let line_start = before.rfind(['\n', '\r']).map_or(0, |i| i + 1);
    let indent = &text[line_start..];
    let indent = &indent[..indent
        .find(|c: char| c != ' ' && c != '\t')
        .unwrap_or(indent.len())];
    match indent.find('\t') {
        Some(i) => line_start + i,
        None => after.find('\t').map_or(offset, |i| offset + i),
    }
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

const TOO_MANY_VALUES: (&str, &str) = (
    "the document is over tomc's limits: it holds more values than tomc reads in one file",
    "split the model into several files listed by `include`",
);

const ALIASES: &str = "anchors and aliases here expand to more values than tomc accepts";
const ALIASES_HELP: &str = "write the repeated values out, or share fewer of them through aliases: \
     tomc refuses documents whose aliases expand without bound (\"billion laughs\")";

/// tomc's message and fix for an error of the parser, chosen by the error's kind; the
/// parser's own text only for plain syntax errors, where it names what is wrong.
fn explain(err: &serde_saphyr::Error, message: &str) -> (String, String) {
    use serde_saphyr::Error as E;
    use serde_saphyr::budget::BudgetBreach as B;
    let mut original = err.without_snippet();
    while let E::AliasError { error, .. } = original {
        original = error.without_snippet();
    }
    let (message, help) = match original {
        E::DuplicateMappingKey { key, .. } => (
            format!(
                "duplicate key `{}` in the same mapping",
                key.as_deref().unwrap_or("?")
            ),
            "remove one of the two entries, or merge them: YAML keeps only one",
        ),
        E::Budget { breach, .. } => match breach {
            B::Depth { .. } => (format!("{} ({MAX_DEPTH} levels)", TOO_DEEP.0), TOO_DEEP.1),
            B::Documents { .. } => (MULTIPLE_DOCUMENTS.0.to_owned(), MULTIPLE_DOCUMENTS.1),
            B::Aliases { .. }
            | B::Anchors { .. }
            | B::MergeKeys { .. }
            | B::AliasAnchorRatio { .. }
            | B::RecordedAnchorEvents { .. }
            | B::RecordedAnchorBytes { .. } => (ALIASES.to_owned(), ALIASES_HELP),
            _ => (TOO_MANY_VALUES.0.to_owned(), TOO_MANY_VALUES.1),
        },
        E::MultipleDocuments { .. } => (MULTIPLE_DOCUMENTS.0.to_owned(), MULTIPLE_DOCUMENTS.1),
        E::AliasReplayLimitExceeded { .. }
        | E::AliasExpansionLimitExceeded { .. }
        | E::AliasReplayStackDepthExceeded { .. }
        | E::AliasReplayCounterOverflow { .. } => (ALIASES.to_owned(), ALIASES_HELP),
        _ if message.contains("recursion limit") => {
            (format!("{} ({MAX_DEPTH} levels)", TOO_DEEP.0), TOO_DEEP.1)
        }
        _ if message.contains("tabs ") || message.contains("found a tab") => (
            format!("invalid YAML: {message}"),
            "indent with spaces: YAML does not allow tabs for indentation",
        ),
        _ => match SCANNER_SLIPS
            .iter()
            .find(|(text, ..)| message.contains(text))
        {
            Some((_, ours, help)) => ((*ours).to_owned(), *help),
            None => (
                format!("invalid YAML: {message}"),
                "fix the YAML syntax at this position",
            ),
        },
    };
    (message, help.to_owned())
}

/// The slips people make most when writing YAML by hand, by the words of the parser's
/// message, with tomc's sentence and fix for each.
const SCANNER_SLIPS: &[(&str, &str, &str)] = &[
    (
        "mapping values are not allowed",
        "invalid YAML: a `key:` where no key can start",
        "indent the line like the other keys of its element (this one is probably indented \
         deeper), or quote a value that holds `: `",
    ),
    (
        "did not find expected '-' indicator",
        "invalid YAML: this line's indentation does not fit the list it stands in",
        "indent the line like the other keys of its element, or start a new list item with `- `",
    ),
    (
        "did not find expected key",
        "invalid YAML: this line's indentation does not fit the mapping it stands in",
        "indent the line like the other keys of its element",
    ),
    (
        "expected ':'",
        "invalid YAML: a key without `:`",
        "write the key and its value as `key: value`",
    ),
    (
        "unclosed bracket",
        "invalid YAML: a `[` or `{` that is never closed",
        "close the list with `]` or the mapping with `}`",
    ),
    (
        "unclosed quote",
        "invalid YAML: a quoted value that is never closed",
        "end the value with the quote it starts with",
    ),
];

const MULTIPLE_DOCUMENTS: (&str, &str) = (
    "the file holds more than one YAML document",
    "a spec file holds one YAML document: remove the extra `---` separator or move the rest to another file",
);

#[cfg(test)]
mod tests {
    use std::path::{Path, PathBuf};

    use proptest::prelude::*;

    use super::*;
    use crate::raw::events::tree;

    #[test]
    fn strips_location_prefix() {
        assert_eq!(
            strip_location("error: line 3 column 1: duplicate mapping key: a"),
            "duplicate mapping key: a"
        );
        assert_eq!(strip_location("plain"), "plain");
        assert_eq!(strip_location("bad at line 4, column 7"), "bad");
    }

    /// The tree built from events, compared to the deserializer's; whether it was built from events.
    fn same_as_deserializer(name: &str, text: &str) -> bool {
        let file = SourceFile::new(name.to_owned(), PathBuf::from(name), text.to_owned());
        let limits = Limits::DEFAULT;
        let Some(fast) = tree(text, FileId(3), &limits) else {
            return false;
        };
        match deserialize(FileId(3), &file, &limits) {
            Ok(slow) => assert_eq!(fast, slow, "{name}: the trees differ"),
            Err(e) => panic!(
                "{name}: built here, refused by the deserializer: {}",
                e.message
            ),
        }
        true
    }

    /// A model of 100k elements holds millions of nodes: each byte of a node is
    /// megabytes of peak memory.
    #[test]
    #[cfg(target_pointer_width = "64")]
    fn nodes_stay_small() {
        assert_eq!(std::mem::size_of::<Node>(), 40);
        assert_eq!(std::mem::size_of::<(crate::raw::node::Key, Node)>(), 80);
    }

    #[test]
    fn keys_the_format_defines_share_its_copy() {
        use std::borrow::Cow;

        // The first file is built from events; the anchor sends the second through the
        // deserializer.
        for text in [
            "capabilities:\n  - id: a\n    nmae: A\n    current: x\n",
            "capabilities:\n  - &a id: a\n    nmae: A\n    current: x\n",
        ] {
            let file = SourceFile::new("f.yaml".into(), PathBuf::from("f.yaml"), text.into());
            let node = parse(FileId(0), &file, &Limits::DEFAULT).expect("parses");
            let mut keys = Vec::new();
            let (kind, list) = &node.as_map().unwrap()[0];
            keys.push(&kind.name);
            let Value::Seq(items) = &list.value else {
                panic!("a list")
            };
            keys.extend(items[0].as_map().unwrap().iter().map(|(k, _)| &k.name));
            let shared: Vec<(&str, bool)> = keys
                .iter()
                .map(|name| (name.as_ref(), matches!(name, Cow::Borrowed(_))))
                .collect();
            assert_eq!(
                shared,
                [
                    ("capabilities", true),
                    ("id", true),
                    ("nmae", false),
                    ("current", false)
                ],
                "{text:?}"
            );
        }
    }

    fn files_under(dir: &Path, out: &mut Vec<PathBuf>) {
        let Ok(entries) = std::fs::read_dir(dir) else {
            return;
        };
        for entry in entries.flatten() {
            let path = entry.path();
            if path.is_dir() {
                files_under(&path, out);
            } else {
                out.push(path);
            }
        }
    }

    #[test]
    fn every_yaml_file_of_the_project_reads_as_the_deserializer_reads_it() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR"));
        let mut files = Vec::new();
        for dir in ["examples", "tests", "templates", "fuzz/corpus"] {
            files_under(&root.join(dir), &mut files);
        }
        files.sort();
        let (mut yaml, mut fast) = (0, 0);
        for path in files {
            let is_yaml = path.extension().is_some_and(|e| e == "yaml" || e == "yml");
            let is_corpus = path.starts_with(root.join("fuzz/corpus"));
            if !is_yaml && !is_corpus {
                continue;
            }
            let bytes = std::fs::read(&path).unwrap();
            let text = String::from_utf8_lossy(&bytes);
            if text.trim().is_empty() {
                continue;
            }
            let built = same_as_deserializer(&path.display().to_string(), &text);
            if is_yaml {
                yaml += 1;
                fast += usize::from(built);
            }
        }
        // The project's own models are plain YAML: nearly all of them take the fast
        // path (the rest are fixtures of syntax errors, aliases and tags).
        assert!(yaml > 100, "{yaml} YAML files found");
        eprintln!("{fast} of {yaml} YAML files built from events");
        assert!(fast * 10 > yaml * 8, "{fast} of {yaml} built from events");
    }

    #[test]
    fn every_generated_file_is_built_from_events() {
        let project = tomc_gen::generate(&tomc_gen::Spec {
            elements: 2_000,
            seed: 7,
        });
        assert!(same_as_deserializer("tom.yaml", &project.tom_yaml));
        for (name, text) in &project.files {
            assert!(
                same_as_deserializer(name, text),
                "{name} left to the deserializer"
            );
        }
    }

    #[test]
    fn scalars_read_as_the_deserializer_reads_them() {
        let words = [
            "",
            "~",
            "null",
            "Null",
            "NULL",
            "nULL",
            "true",
            "True",
            "TRUE",
            "tRUE",
            "false",
            "yes",
            "no",
            "on",
            "off",
            "y",
            "n",
            "0",
            "-0",
            "+0",
            "00",
            "007",
            "12",
            "-12",
            "+12",
            "1_000",
            "0x1F",
            "0o17",
            "0b101",
            "1.5",
            "-1.5",
            "0.25",
            "00.5",
            "1.",
            ".5",
            "-.5",
            "1e5",
            "1E-5",
            "1.5e3",
            ".inf",
            "-.inf",
            ".nan",
            "inf",
            "nan",
            "Infinity",
            "-inf",
            "9223372036854775807",
            "9223372036854775808",
            "-9223372036854775808",
            "-9223372036854775809",
            "18446744073709551616",
            "1e999",
            "2027-03-31",
            "2027-Q1",
            "12:30",
            "85%",
            "1 000",
            "3 months",
            "1.2.3",
            "v1.2",
            "-",
            "-x",
            ".x",
            "..",
            "<<",
            "a",
            "cap-onboarding",
            "é",
            "1é",
            "0xZZ",
            "1e",
            "1e+",
            "1-2",
            "1+2",
            "1e-5x",
            "12abc",
            "abc12",
        ];
        let mut built = 0;
        for w in words {
            // As a value, as a key, and as a list item.
            for text in [format!("k: {w}\n"), format!("{w}: v\n"), format!("- {w}\n")] {
                built += usize::from(same_as_deserializer(&format!("{text:?}"), &text));
            }
        }
        assert!(built > 100, "{built} built from events");
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(2_000))]

        #[test]
        fn any_plain_scalar_reads_as_the_deserializer_reads_it(
            word in "[-+.0-9eExXoObB_a-fA-F:%/ ~inftyNaTruFlsé]{1,12}"
        ) {
            same_as_deserializer("word", &format!("k: {word}\n"));
            same_as_deserializer("key", &format!("{word}: v\n"));
            same_as_deserializer("item", &format!("- {word}\n"));
        }

        #[test]
        fn any_small_document_reads_as_the_deserializer_reads_it(
            text in "([a-c]{1,2}|[ :\\-\\n\"'{}\\[\\],#|>&*!0-9.]){0,40}"
        ) {
            same_as_deserializer("doc", &text);
        }
    }
}
