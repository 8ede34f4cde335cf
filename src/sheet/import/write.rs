//! The owned file rewritten: its elements in their order, each row's mapped fields
//! updated in place, the fields written by hand kept, new rows appended in sheet order,
//! elements whose row is gone removed (or kept, with `--keep-missing`).

use std::collections::HashMap;
use std::path::Path;

use crate::emit::tree::{Tree, to_yaml};
use crate::raw::{Node, Value};
use crate::spec::all_fields;

use super::SheetError;
use super::mapping::Mapping;
use super::rows::{Item, Made};

/// The new text of the file, and what changed.
#[derive(Debug)]
pub(super) struct Written {
    /// The file's text.
    pub text: String,
    /// Elements added.
    pub added: usize,
    /// Elements whose fields changed.
    pub updated: usize,
    /// Elements removed.
    pub removed: usize,
    /// One line per element whose row is gone.
    pub missing: Vec<String>,
    /// Staged values kept.
    pub notes: Vec<String>,
}

/// The comment at the top of the file: where it comes from, and what is the sheet's.
pub(super) fn header(sheet: &Path, mapping_path: &Path, mapping: &Mapping) -> String {
    let base = |p: &Path| {
        p.file_name()
            .map_or_else(String::new, |n| n.to_string_lossy().into_owned())
    };
    let fields: Vec<&str> = mapping.columns.iter().map(|c| c.key).collect();
    format!(
        "Written by `tomc import sheet` from {} with the mapping {}.\nImporting again rewrites the id and these fields of each row's element: {}.\nOther fields and the order of the elements are kept: edit them here.",
        base(sheet),
        base(mapping_path),
        fields.join(", ")
    )
}

/// A YAML tree as a document tree, keys in the order written.
fn tree(node: &Node) -> Tree {
    match &node.value {
        Value::Null => Tree::Null,
        Value::Bool(b) => Tree::Bool(*b),
        Value::Int(i) => Tree::Int(*i),
        Value::Float(f) => Tree::Num(*f),
        Value::Str(s) => Tree::Str(s.to_string()),
        Value::Seq(items) => Tree::List(items.iter().map(tree).collect()),
        Value::Map(entries) => Tree::Map(
            entries
                .iter()
                .map(|(k, v)| (k.name.to_string(), tree(v)))
                .collect(),
        ),
    }
}

/// The id of an element written as a mapping.
fn id_of(entries: &[(String, Tree)]) -> Option<&str> {
    entries.iter().find_map(|(k, v)| match (k.as_str(), v) {
        ("id", Tree::Str(id)) => Some(id.as_str()),
        _ => None,
    })
}

/// The name of an element, for messages.
fn name_of(entries: &[(String, Tree)]) -> Option<&str> {
    entries.iter().find_map(|(k, v)| match (k.as_str(), v) {
        ("name", Tree::Str(name)) => Some(name.as_str()),
        _ => None,
    })
}

/// Merges the rows into the file `existing` holds and writes it as YAML.
pub(super) fn merge(
    mapping: &Mapping,
    existing: Option<&Node>,
    made: &Made,
    keep_missing: bool,
    header: &str,
) -> Result<Written, SheetError> {
    let key = mapping.kind.key();
    let mut top: Vec<(String, Tree)> = match existing.map(tree) {
        Some(Tree::Map(entries)) => entries,
        _ => Vec::new(),
    };
    let old: Vec<Tree> = match top.iter().find(|(k, _)| k == key) {
        Some((_, Tree::List(items))) => items.clone(),
        _ => Vec::new(),
    };
    let rows: HashMap<&str, &Item> = made.items.iter().map(|i| (i.id.as_str(), i)).collect();
    let order = rank(mapping);
    let mut out = Written {
        text: String::new(),
        added: 0,
        updated: 0,
        removed: 0,
        missing: Vec::new(),
        notes: Vec::new(),
    };
    let mut list = Vec::with_capacity(old.len() + made.items.len());
    let mut placed = std::collections::HashSet::new();
    for element in old {
        let Tree::Map(entries) = &element else {
            list.push(element);
            continue;
        };
        let Some(id) = id_of(entries).map(str::to_owned) else {
            list.push(element);
            continue;
        };
        match rows.get(id.as_str()) {
            Some(item) if item.accepted && placed.insert(id.clone()) => {
                let updated = update(mapping, entries.clone(), item, &order, &mut out.notes);
                if updated != *entries {
                    out.updated += 1;
                }
                list.push(Tree::Map(updated));
            }
            Some(_) => list.push(element),
            None => {
                let name = name_of(entries)
                    .map_or_else(String::new, |n| format!(" ({})", super::quoted(n)));
                if keep_missing {
                    out.missing.push(format!(
                        "kept `{id}`{name}: its row is gone from the sheet (--keep-missing)"
                    ));
                    list.push(element);
                } else {
                    out.missing.push(format!(
                        "removed `{id}`{name}: its row is gone from the sheet"
                    ));
                    out.removed += 1;
                }
            }
        }
    }
    for item in made.items.iter().filter(|i| i.accepted) {
        if placed.contains(&item.id) {
            continue;
        }
        let entries = vec![("id".to_owned(), Tree::str(&item.id))];
        list.push(Tree::Map(update(
            mapping,
            entries,
            item,
            &order,
            &mut out.notes,
        )));
        out.added += 1;
    }
    match top.iter_mut().find(|(k, _)| k == key) {
        Some((_, value)) => *value = Tree::List(list),
        None => top.push((key.to_owned(), Tree::List(list))),
    }
    out.text = to_yaml(&Tree::Map(top), header)
        .map_err(|e| SheetError::new(e.to_string(), Some("report this as a bug in tomc".into())))?;
    Ok(out)
}

/// The canonical order of an element's keys: `id`, `name`, `description`, `from`,
/// `until`, the fields of the table, `waivers`, `properties`.
fn rank(mapping: &Mapping) -> Vec<&'static str> {
    const FIRST: [&str; 5] = ["id", "name", "description", "from", "until"];
    let mut order = FIRST.to_vec();
    order.extend(
        all_fields(mapping.kind)
            .map(|f| f.field.key())
            .filter(|k| !FIRST.contains(k)),
    );
    order.extend(["waivers", "properties"]);
    order
}

/// An element's entries with the row's fields: each written where it stands, or, new,
/// before the first key that comes after it in the canonical order; an empty cell
/// removes its field. A field written per plateau is kept as it is, with a note.
fn update(
    mapping: &Mapping,
    mut entries: Vec<(String, Tree)>,
    item: &Item,
    order: &[&str],
    notes: &mut Vec<String>,
) -> Vec<(String, Tree)> {
    let position = |k: &str| order.iter().position(|o| *o == k).unwrap_or(usize::MAX);
    for (key, value, place) in &item.fields {
        match entries.iter().position(|(k, _)| k == key) {
            Some(i) if matches!(entries[i].1, Tree::Map(_)) => {
                if value.is_some() {
                    notes.push(format!(
                        "{place}: `{key}` of `{}` is written per plateau in {}, so it is kept as written and the sheet's value is not applied",
                        item.id, mapping.file
                    ));
                }
            }
            Some(i) => match value {
                Some(v) => entries[i].1 = v.clone(),
                None => {
                    entries.remove(i);
                }
            },
            None => {
                if let Some(v) = value {
                    let rank = position(key);
                    let at = entries
                        .iter()
                        .position(|(k, _)| position(k) > rank)
                        .unwrap_or(entries.len());
                    entries.insert(at, ((*key).to_owned(), v.clone()));
                }
            }
        }
    }
    entries
}
