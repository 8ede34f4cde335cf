//! Writing the model from the editor: completion, rename and code actions.
//!
//! Completion reads where the cursor stands from the text itself (the key on its line,
//! the keys above it), since the text being typed is rarely a model that reads
//! cleanly; rename and code actions read the index of the last check.

use std::collections::HashMap;

use lsp_types::{
    CodeAction, CodeActionKind, CodeActionOrCommand, CodeActionParams, CompletionItem,
    CompletionItemKind, CompletionParams, CompletionResponse, CompletionTextEdit,
    PrepareRenameResponse, RenameParams, TextEdit, Uri, WorkspaceEdit,
};

use super::index::Symbol;
use super::{Context, Encoding, Refusal, file_uri};
use crate::diag::Diagnostic;
use crate::model::{Element, ElementIdx};
use crate::source::{FileId, SourceFile, Span};
use crate::spec::{
    EMOTIONS, FieldType, Kind, RuleId, SPECIAL_KEYS, Targets, all_fields, field_spec, is_valid_id,
};
use crate::text::did_you_mean;

/// The most ids one completion lists; the client asks again as the user types on.
const MAX_ITEMS: usize = 200;

/// What may be written at the cursor.
pub(super) fn completion(
    cx: &mut Context<'_>,
    p: CompletionParams,
) -> Result<Option<CompletionResponse>, Refusal> {
    let offset = cx.offset(p.text_document_position.position);
    let text = cx.source().text.as_str();
    let place = Place::at(text, offset);
    let word_start = offset
        - text[..offset]
            .bytes()
            .rev()
            .take_while(|&b| is_id_byte(b))
            .count();
    let typed = &text[word_start..offset];
    let replace = cx.range(Span::new(cx.file, word_start, offset));
    let model = &cx.compiled.model;
    let item =
        |label: String, detail: String, kind: CompletionItemKind, insert: String| CompletionItem {
            label,
            detail: Some(detail),
            kind: Some(kind),
            text_edit: Some(CompletionTextEdit::Edit(TextEdit::new(replace, insert))),
            ..CompletionItem::default()
        };
    let plateaus = || {
        model
            .plateaus
            .iter()
            .map(|p| {
                let detail = format!("plateau: {}", p.name);
                item(
                    p.id.clone(),
                    detail,
                    CompletionItemKind::ENUM_MEMBER,
                    p.id.clone(),
                )
            })
            .collect::<Vec<_>>()
    };
    let words = |words: &[&str], what: &str| {
        words
            .iter()
            .map(|w| {
                item(
                    (*w).into(),
                    what.into(),
                    CompletionItemKind::ENUM_MEMBER,
                    (*w).into(),
                )
            })
            .collect::<Vec<_>>()
    };
    let mut incomplete = false;
    let items = match place {
        Place::Key { kind: Some(kind) } => all_fields(kind)
            .map(|f| (f.field.key(), f.doc))
            .chain(SPECIAL_KEYS.iter().map(|k| (*k, "")))
            .map(|(key, doc)| {
                item(
                    key.into(),
                    doc.into(),
                    CompletionItemKind::FIELD,
                    format!("{key}: "),
                )
            })
            .collect(),
        Place::PlateauKey => plateaus(),
        Place::Value { kind, key } => match value_type(kind, key) {
            Some(Expected::Plateau) => plateaus(),
            Some(Expected::Words(list, what)) => words(list, what),
            Some(Expected::Rule) => {
                let ids: Vec<&str> = RuleId::ALL.iter().map(|r| r.as_str()).collect();
                words(&ids, "rule")
            }
            Some(Expected::Ids(targets)) => {
                let mut out = Vec::new();
                for (_, e) in model.iter().filter(|(_, e)| targets.accepts(e.kind)) {
                    if !e.id.contains(typed) {
                        continue;
                    }
                    if out.len() == MAX_ITEMS {
                        incomplete = true;
                        break;
                    }
                    let detail = format!("{}: {}", e.kind.singular(), e.name());
                    out.push(item(
                        e.id.clone(),
                        detail,
                        CompletionItemKind::REFERENCE,
                        e.id.clone(),
                    ));
                }
                out
            }
            None => Vec::new(),
        },
        Place::Key { kind: None } | Place::Nothing => Vec::new(),
    };
    Ok(Some(CompletionResponse::List(lsp_types::CompletionList {
        is_incomplete: incomplete,
        items,
    })))
}

/// Whether `b` may be part of an id (or of a key, which ids include).
fn is_id_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.')
}

/// What a value may be.
enum Expected {
    /// A plateau id.
    Plateau,
    /// One of a fixed set of words, and what they are.
    Words(&'static [&'static str], &'static str),
    /// A rule id (a waiver's `rule`).
    Rule,
    /// The id of an element of these kinds.
    Ids(Targets),
}

/// What the value of `key` may be, on an element of `kind`.
fn value_type(kind: Option<Kind>, key: &str) -> Option<Expected> {
    match key {
        "from" | "until" => return Some(Expected::Plateau),
        "rule" => return Some(Expected::Rule),
        _ => {}
    }
    let spec = kind.and_then(|k| field_spec(k, key));
    match spec.map(|s| s.ty) {
        Some(FieldType::Plateau) => Some(Expected::Plateau),
        Some(FieldType::Enum(words)) => Some(Expected::Words(words, spec?.field.key())),
        Some(FieldType::Boolean) => Some(Expected::Words(&["true", "false"], "boolean")),
        Some(FieldType::Reference(t) | FieldType::References(t)) => Some(Expected::Ids(t)),
        Some(_) => None,
        // The keys of a journey's stages.
        None => match key {
            "touchpoints" => Some(Expected::Ids(Targets::Kinds(&[Kind::Touchpoints]))),
            "insights" => Some(Expected::Ids(Targets::Kinds(&[Kind::Insights]))),
            "emotion" => Some(Expected::Words(EMOTIONS, "emotion")),
            "moment_that_matters" => Some(Expected::Words(&["true", "false"], "boolean")),
            _ => None,
        },
    }
}

/// Where the cursor stands in a model file.
#[derive(Debug, PartialEq)]
enum Place<'t> {
    /// Where a key of an element of `kind` is written.
    Key {
        /// The kind of the section (`capabilities:`) the cursor is in.
        kind: Option<Kind>,
    },
    /// Where a plateau is written as the key of a value written per plateau.
    PlateauKey,
    /// Where the value of `key` is written (after `key:`, in its list, or as an item
    /// of its block list).
    Value {
        /// The kind of the section.
        kind: Option<Kind>,
        /// The key whose value it is.
        key: &'t str,
    },
    /// Anywhere else.
    Nothing,
}

impl<'t> Place<'t> {
    /// Where byte `offset` of `text` stands.
    fn at(text: &'t str, offset: usize) -> Self {
        let line_start = text[..offset].rfind('\n').map_or(0, |i| i + 1);
        let prefix = &text[line_start..offset];
        if prefix.trim_start().starts_with('#') {
            return Place::Nothing;
        }
        let kind = section(&text[..line_start]);
        let indent = prefix.len() - prefix.trim_start().len();
        let body = prefix.trim_start();
        let item = body.strip_prefix('-').map(str::trim_start);
        // `maturity: { current: 2, ta|`: inside the flow mapping of a value written per
        // plateau, a plateau at a key, the field's value after one.
        if let Some(open) = body.rfind('{').filter(|&i| !body[i..].contains('}')) {
            let field = key_before(body[..open].trim_end().trim_end_matches(':'));
            if staged(kind, field) {
                let entry = body[open + 1..].rsplit(',').next().unwrap_or("");
                return if entry.contains(':') {
                    Place::Value { kind, key: field }
                } else {
                    Place::PlateauKey
                };
            }
        }
        if let Some(colon) = last_colon(body) {
            let key = key_before(&body[..colon]);
            let rest = &body[colon + 1..];
            if rest.contains(',') && !rest.contains('[') {
                // `{ id: x, na`: a key of a flow mapping.
                return Place::Key { kind };
            }
            if key.is_empty() {
                return Place::Nothing;
            }
            // `target: ret`, under a value written per plateau: the value of the field.
            if let Some(parent) = parent_key(text, line_start, indent)
                .filter(|_| is_plateau_like(key) && field_spec_any(kind, key).is_none())
            {
                return Place::Value { kind, key: parent };
            }
            return Place::Value { kind, key };
        }
        let parent = parent_key(text, line_start, indent);
        match (item, parent) {
            // `- cap-`, under `supports:`: an item of the key's list.
            (Some(_), Some(key)) if field_spec_any(kind, key).is_some() || key == "touchpoints" => {
                Place::Value { kind, key }
            }
            (Some(_), _) => Place::Key { kind },
            (None, Some(key)) if staged(kind, key) => Place::PlateauKey,
            (None, _) if indent == 0 => Place::Nothing,
            (None, _) => Place::Key { kind },
        }
    }
}

/// The position of the `:` that ends the last key of `body`, if it has one.
fn last_colon(body: &str) -> Option<usize> {
    body.char_indices()
        .rev()
        .find(|&(i, c)| c == ':' && body[i + 1..].chars().next().is_none_or(char::is_whitespace))
        .map(|(i, _)| i)
}

/// The key that ends `before` (`- id`, `{ parent`).
fn key_before(before: &str) -> &str {
    let trimmed = before.trim_end();
    let start = trimmed
        .bytes()
        .rposition(|b| !is_id_byte(b))
        .map_or(0, |i| i + 1);
    &trimmed[start..]
}

/// Whether `word` could be a plateau id.
fn is_plateau_like(word: &str) -> bool {
    !word.is_empty() && word.bytes().all(is_id_byte)
}

/// The spec of `key` on `kind`, if it is a field of it.
fn field_spec_any(kind: Option<Kind>, key: &str) -> Option<&'static crate::spec::FieldSpec> {
    kind.and_then(|k| field_spec(k, key))
}

/// Whether `key` is a field of `kind` that may be written per plateau.
fn staged(kind: Option<Kind>, key: &str) -> bool {
    field_spec_any(kind, key).is_some_and(|s| s.staged)
}

/// The kind of the section the text before a line ends in: the last key written at
/// the start of a line.
fn section(before: &str) -> Option<Kind> {
    before
        .lines()
        .rev()
        .find(|l| l.starts_with(|c: char| c.is_ascii_lowercase()))
        .and_then(|l| l.split(':').next())
        .and_then(|key| Kind::from_key(key.trim()))
}

/// The key of the nearest line above `line_start` that is less indented than
/// `indent` (or as indented, for a list written under its key), when that line ends in
/// the key: `supports:`, `- lifecycle:`.
fn parent_key(text: &str, line_start: usize, indent: usize) -> Option<&str> {
    for line in text[..line_start].lines().rev() {
        let body = line.trim_start();
        if body.is_empty() || body.starts_with('#') {
            continue;
        }
        let depth = line.len() - body.len();
        let is_key = body.trim_end().ends_with(':');
        if depth < indent || (depth == indent && is_key && !body.starts_with('-')) {
            if !is_key {
                return None;
            }
            let body = body.trim_end().trim_end_matches(':');
            return Some(key_before(body));
        }
    }
    None
}

/// The range of the element id at `offset`, when there is one to rename.
pub(super) fn prepare_rename(
    cx: &mut Context<'_>,
    offset: usize,
) -> Result<Option<PrepareRenameResponse>, Refusal> {
    Ok(renamed(cx, offset).map(|(_, span)| PrepareRenameResponse::Range(cx.range(span))))
}

/// The element whose id is written at `offset`, and where.
fn renamed(cx: &Context<'_>, offset: usize) -> Option<(ElementIdx, Span)> {
    let at = cx.index.at(cx.file, offset)?;
    match at.symbol {
        Symbol::Element(idx) => Some((idx, at.span)),
        Symbol::Plateau(_) | Symbol::Waiver(..) => None,
    }
}

/// The edit that renames the element at the cursor in every file of the project.
// `WorkspaceEdit` keys its changes by `Uri`, whose parsed parts are cached inside it;
// the URIs are never changed while they are keys.
#[allow(clippy::mutable_key_type)]
pub(super) fn rename(
    cx: &mut Context<'_>,
    p: RenameParams,
) -> Result<Option<WorkspaceEdit>, Refusal> {
    let offset = cx.offset(p.text_document_position.position);
    let Some((idx, at)) = renamed(cx, offset) else {
        return Err(Refusal::invalid("there is no element id here to rename"));
    };
    let model = &cx.compiled.model;
    let old = &model.element(idx).id;
    let new = p.new_name.trim();
    if !is_valid_id(new) {
        // The sentences `check` writes for an invalid id, with its suggested fix.
        let d = crate::resolve::invalid_id(new, at);
        let help = d.help.map(|h| format!(": {h}")).unwrap_or_default();
        return Err(Refusal::invalid(format!("{}{help}", d.message)));
    }
    if let Some(taken) = model.find(new).filter(|_| new != old) {
        let e = model.element(taken);
        return Err(Refusal::invalid(format!(
            "`{new}` is taken: it is the id of the {} `{new}` ({})",
            e.kind.singular(),
            e.name()
        )));
    }
    if let Some(p) = model.plateaus.iter().find(|p| p.id == new) {
        return Err(Refusal::invalid(format!(
            "`{new}` is taken: it is the id of the plateau `{new}` ({})",
            p.name
        )));
    }
    let unread = cx
        .compiled
        .diagnostics
        .iter()
        .find(|d| d.rule == RuleId::YamlSyntax);
    if let Some(d) = unread {
        let file = d
            .span
            .map_or("a file", |s| cx.compiled.sources.get(s.file).name.as_str());
        return Err(Refusal::invalid(format!(
            "`{file}` does not parse, so the references written in it cannot be found: fix it first, then rename"
        )));
    }
    let mut changes: HashMap<Uri, Vec<TextEdit>> = HashMap::new();
    for o in cx.index.of(Symbol::Element(idx)) {
        if let Some(location) = cx.location(o.span) {
            changes
                .entry(location.uri)
                .or_default()
                .push(TextEdit::new(location.range, new.to_owned()));
        }
    }
    Ok(Some(WorkspaceEdit {
        changes: Some(changes),
        ..WorkspaceEdit::default()
    }))
}

/// The quick fixes for the findings in the range asked: the suggested id for an
/// unknown reference, an element created for it, and a waiver for an alignment finding.
#[allow(clippy::mutable_key_type)] // as in `rename`
pub(super) fn code_actions(
    cx: &mut Context<'_>,
    p: CodeActionParams,
) -> Result<Option<Vec<CodeActionOrCommand>>, Refusal> {
    let start = cx.offset(p.range.start);
    let end = cx.offset(p.range.end);
    let mut actions = Vec::new();
    for d in &cx.compiled.diagnostics {
        let Some(span) = d
            .span
            .filter(|s| s.file == cx.file && s.start() <= end && start <= s.end())
        else {
            continue;
        };
        let lsp = super::diagnostic(cx.encoding, &cx.compiled.sources, d).1;
        let mut push = |title: String, file: FileId, edit: TextEdit, preferred: bool| {
            let Some(uri) = file_uri(&cx.compiled.sources.get(file).path) else {
                return;
            };
            actions.push(CodeActionOrCommand::CodeAction(CodeAction {
                title,
                kind: Some(CodeActionKind::QUICKFIX),
                diagnostics: Some(vec![lsp.clone()]),
                edit: Some(WorkspaceEdit {
                    changes: Some(HashMap::from([(uri, vec![edit])])),
                    ..WorkspaceEdit::default()
                }),
                is_preferred: preferred.then_some(true),
                ..CodeAction::default()
            }));
        };
        if d.rule == RuleId::UnknownReference {
            let text = cx.source().text.as_str();
            let written = text.get(span.range()).unwrap_or("");
            let (quote, id) = match written.as_bytes().first() {
                Some(b'"' | b'\'') if written.len() >= 2 => (1, &written[1..written.len() - 1]),
                _ => (0, written),
            };
            let inner = Span::new(span.file, span.start() + quote, span.end() - quote);
            let targets = match Place::at(text, span.start()) {
                Place::Value { kind, key } => match value_type(kind, key) {
                    Some(Expected::Ids(targets)) => targets,
                    _ => continue,
                },
                _ => continue,
            };
            let model = &cx.compiled.model;
            let candidates = model
                .elements
                .iter()
                .filter(|e| targets.accepts(e.kind))
                .map(|e| e.id.as_str());
            if let Some(fixed) = did_you_mean(id, candidates) {
                let edit = TextEdit::new(cx.range(inner), fixed.to_owned());
                push(format!("Change to `{fixed}`"), cx.file, edit, true);
            }
            let kind = match targets {
                Targets::Kinds(kinds) => kinds.first().copied(),
                Targets::Any => None,
            };
            if let Some((file, edit)) = kind.and_then(|k| create(cx, k, id)) {
                let title = format!("Create the {} `{id}`", kind.map_or("", Kind::singular));
                push(title, file, edit, false);
            }
        } else if !d.rule.is_structural() {
            let Some(idx) = d
                .element
                .as_deref()
                .and_then(|id| cx.compiled.model.find(id))
            else {
                continue;
            };
            let e = cx.compiled.model.element(idx);
            if let Some(edit) = waiver(cx.encoding, cx.compiled.sources.get(e.id_span.file), e, d) {
                let title = format!("Waive `{}` on `{}`", d.rule, e.id);
                push(title, e.id_span.file, edit, false);
            }
        }
    }
    Ok(Some(actions))
}

/// What a new waiver's reason says until the user writes one.
const REASON: &str = "TODO: say why this rule does not apply here";

/// The edit that adds a waiver of `d`'s rule to `e`, written in `file`: an entry
/// before its first waiver, or a `waivers` list under its `id`. None for an element
/// written as a flow mapping (`- { id: x, … }`), which takes no block lines.
fn waiver(encoding: Encoding, file: &SourceFile, e: &Element, d: &Diagnostic) -> Option<TextEdit> {
    let text = file.text.as_str();
    let entry = format!("{{ rule: {}, reason: \"{REASON}\" }}", d.rule);
    if let Some(first) = e.waivers.first() {
        let start = line_start(text, first.rule_span.start());
        let line = &text[start..first.rule_span.start()];
        let body = line.trim_start();
        if !body.starts_with("- ") || body.contains('{') {
            return None;
        }
        let indent = &line[..line.len() - body.len()];
        let at = encoding.position(file, start);
        return Some(TextEdit::new(
            lsp_types::Range::new(at, at),
            format!("{indent}- {entry}\n"),
        ));
    }
    let indent = key_column(text, e.id_span)?;
    let next = line_end(text, e.id_span.end());
    let at = encoding.position(file, next);
    let pad = " ".repeat(indent);
    let newline = if next == text.len() && !text.ends_with('\n') {
        "\n"
    } else {
        ""
    };
    Some(TextEdit::new(
        lsp_types::Range::new(at, at),
        format!("{newline}{pad}waivers:\n{pad}  - {entry}\n"),
    ))
}

/// Where a new element `id` of `kind` goes: after the last element of that kind in
/// the file that defines most of them. None when no file defines one, or it is written
/// in a way a line cannot follow (a flow mapping).
fn create(cx: &Context<'_>, kind: Kind, id: &str) -> Option<(FileId, TextEdit)> {
    if !is_valid_id(id) {
        return None;
    }
    let model = &cx.compiled.model;
    let mut counts: HashMap<FileId, usize> = HashMap::new();
    for (_, e) in model.of_kind(kind) {
        *counts.entry(e.id_span.file).or_default() += 1;
    }
    let file = counts
        .into_iter()
        .max_by_key(|&(f, n)| (n, std::cmp::Reverse(f)))?
        .0;
    let last = model
        .of_kind(kind)
        .map(|(_, e)| e)
        .filter(|e| e.id_span.file == file)
        .max_by_key(|e| e.id_span.start())?;
    let source = cx.compiled.sources.get(file);
    let text = source.text.as_str();
    let start = line_start(text, last.id_span.start());
    let prefix = &text[start..last.id_span.start()];
    let key_at = prefix.rfind("id")?;
    let dash = &prefix[..key_at];
    if dash.trim() != "-" || !dash.trim_end().ends_with('-') {
        return None;
    }
    let dash_column = dash.find('-')?;
    let mut end = line_end(text, last.id_span.end());
    let mut insert = end;
    while end < text.len() {
        let next = line_end(text, end);
        let line = &text[end..next];
        let body = line.trim_start();
        if !body.trim().is_empty() && !body.starts_with('#') {
            if line.len() - body.len() <= dash_column {
                break;
            }
            insert = next;
        }
        end = next;
    }
    let pad = " ".repeat(key_at);
    let name = display_name(id);
    let newline = if insert == text.len() && !text.ends_with('\n') {
        "\n"
    } else {
        ""
    };
    let at = cx.encoding.position(source, insert);
    Some((
        file,
        TextEdit::new(
            lsp_types::Range::new(at, at),
            format!("{newline}{dash}id: {id}\n{pad}name: {name}\n"),
        ),
    ))
}

/// A name to start from, made of an id: `cap-open-account` → `Cap open account`.
fn display_name(id: &str) -> String {
    let words = id.replace(['-', '_', '.'], " ");
    let mut chars = words.chars();
    chars
        .next()
        .map(|c| c.to_uppercase().chain(chars).collect())
        .unwrap_or_default()
}

/// The column of the `id` key whose value is at `id`: where an element's other keys
/// start. None when the id is written in a flow mapping.
fn key_column(text: &str, id: Span) -> Option<usize> {
    let start = line_start(text, id.start());
    let prefix = &text[start..id.start()];
    if prefix.contains('{') {
        return None;
    }
    prefix.rfind("id")
}

/// The start of the line holding byte `offset`.
fn line_start(text: &str, offset: usize) -> usize {
    text[..offset].rfind('\n').map_or(0, |i| i + 1)
}

/// The start of the line after the one holding byte `offset` (the end of the text on
/// the last line).
fn line_end(text: &str, offset: usize) -> usize {
    text[offset..]
        .find('\n')
        .map_or(text.len(), |i| offset + i + 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn place(text: &str) -> Place<'_> {
        let offset = text.find('|').expect("a cursor");
        let text: &'static str = Box::leak(text.replacen('|', "", 1).into_boxed_str());
        Place::at(text, offset)
    }

    #[test]
    fn the_cursor_is_placed_from_the_keys_around_it() {
        let caps = Some(Kind::Capabilities);
        assert_eq!(
            place("capabilities:\n  - id: a\n    na|"),
            Place::Key { kind: caps }
        );
        assert_eq!(
            place("capabilities:\n  - id: a\n    parent: ca|"),
            Place::Value {
                kind: caps,
                key: "parent"
            }
        );
        assert_eq!(
            place("capabilities:\n  - { id: a, parent: |"),
            Place::Value {
                kind: caps,
                key: "parent"
            }
        );
        assert_eq!(
            place("capabilities:\n  - { id: a, na|"),
            Place::Key { kind: caps }
        );
        assert_eq!(
            place("systems:\n  - id: s\n    lifecycle:\n      target: re|"),
            Place::Value {
                kind: Some(Kind::Systems),
                key: "lifecycle"
            }
        );
        assert_eq!(
            place("systems:\n  - id: s\n    lifecycle:\n      ta|"),
            Place::PlateauKey
        );
        assert_eq!(
            place("processes:\n  - id: p\n    systems:\n      - sy|"),
            Place::Value {
                kind: Some(Kind::Processes),
                key: "systems"
            }
        );
        assert_eq!(
            place("processes:\n  - id: p\n    systems: [a, |"),
            Place::Value {
                kind: Some(Kind::Processes),
                key: "systems"
            }
        );
        assert_eq!(
            place("systems:\n  - id: s\n    lifecycle: { current: active, target: ret|"),
            Place::Value {
                kind: Some(Kind::Systems),
                key: "lifecycle"
            }
        );
        assert_eq!(
            place("capabilities:\n  - id: c\n    maturity: { current: 2, ta|"),
            Place::PlateauKey
        );
        assert_eq!(place("# a note|"), Place::Nothing);
    }

    #[test]
    fn names_start_from_the_id() {
        assert_eq!(display_name("cap-open-account"), "Cap open account");
    }
}
