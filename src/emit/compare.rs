//! Comparing values as outputs write them ([`Tree`]): field by field, and lists of
//! records with ids (journey stages) and maps (properties) entry by entry, so that one
//! changed stage reads `stages[apply].touchpoints`, not the whole journey. `tomc diff`
//! compares two versions this way, and the gap report two plateaus.

use serde::Serialize;

use super::tree::Tree;

/// A field whose value differs.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FieldChange {
    /// The field (`maturity`, `capabilities`, `until`, `waivers`, …).
    pub field: String,
    /// The value before (`Null`: not written).
    pub before: Tree,
    /// The value after.
    pub after: Tree,
}

/// The fields whose values differ, in the newer version's order, then the older's.
/// Lists of records with ids (journey stages) and maps (properties) are compared entry
/// by entry, so one changed stage reads `stages[apply].touchpoints`, not the journey.
pub fn compare(old: &[(String, Tree)], new: &[(String, Tree)]) -> Vec<FieldChange> {
    let mut out = Vec::new();
    for key in union(old, new) {
        let (before, after) = (get(old, key), get(new, key));
        if before != after {
            expand(key, before, after, &mut out);
        }
    }
    out
}

fn get<'t>(list: &'t [(String, Tree)], key: &str) -> &'t Tree {
    list.iter()
        .find(|(k, _)| k == key)
        .map_or(&Tree::Null, |(_, v)| v)
}

/// The keys of `new`, then those only in `old`.
fn union<'t>(old: &'t [(String, Tree)], new: &'t [(String, Tree)]) -> Vec<&'t str> {
    let mut keys: Vec<&str> = new.iter().map(|(k, _)| k.as_str()).collect();
    keys.extend(
        old.iter()
            .map(|(k, _)| k.as_str())
            .filter(|k| new.iter().all(|(n, _)| n != k)),
    );
    keys
}

/// The id of a record (`{id: …, …}`).
fn record_id(item: &Tree) -> Option<&str> {
    match item {
        Tree::Map(entries) => match entries.first() {
            Some((k, Tree::Str(id))) if k == "id" => Some(id),
            _ => None,
        },
        _ => None,
    }
}

fn records(list: &[Tree]) -> Option<Vec<(String, Tree)>> {
    list.iter()
        .map(|item| record_id(item).map(|id| (id.to_owned(), item.clone())))
        .collect()
}

/// The changes of the field `field` from `before` to `after`, which differ: one for the
/// whole value, or one per entry of a map of properties or of a list of records with
/// ids, plus one for their order when only that changed.
pub fn expand(field: &str, before: &Tree, after: &Tree, out: &mut Vec<FieldChange>) {
    let whole = |out: &mut Vec<FieldChange>| {
        out.push(FieldChange {
            field: field.to_owned(),
            before: before.clone(),
            after: after.clone(),
        });
    };
    match (before, after) {
        (Tree::Map(b), Tree::Map(a)) if field == "properties" => {
            for c in compare(b, a) {
                out.push(FieldChange {
                    field: format!("{field}.{}", c.field),
                    ..c
                });
            }
        }
        (Tree::List(b), Tree::List(a)) => {
            let (Some(b), Some(a)) = (records(b), records(a)) else {
                return whole(out);
            };
            if b.is_empty() || a.is_empty() {
                return whole(out);
            }
            for id in union(&b, &a) {
                match (get(&b, id), get(&a, id)) {
                    (Tree::Map(x), Tree::Map(y)) => {
                        for c in compare(x, y) {
                            out.push(FieldChange {
                                field: format!("{field}[{id}].{}", c.field),
                                ..c
                            });
                        }
                    }
                    (x, y) => out.push(FieldChange {
                        field: format!("{field}[{id}]"),
                        before: x.clone(),
                        after: y.clone(),
                    }),
                }
            }
            let order = |list: &[(String, Tree)], other: &[(String, Tree)]| {
                let ids = list.iter().map(|(id, _)| id.as_str());
                Tree::strings(ids.filter(|id| other.iter().any(|(o, _)| o == id)))
            };
            let (ob, oa) = (order(&b, &a), order(&a, &b));
            if ob != oa {
                out.push(FieldChange {
                    field: format!("{field} (order)"),
                    before: ob,
                    after: oa,
                });
            }
        }
        _ => whole(out),
    }
}
