//! Rows into elements: the id of each row, each mapped cell read as its field's type,
//! then the references resolved against the project and the other rows. A row with a
//! problem is refused whole, and each problem is reported at its cell.

use std::collections::{BTreeSet, HashMap, HashSet};

use crate::emit::tree::Tree;
use crate::load::Loaded;
use crate::model::Model;
use crate::source::FileId;
use crate::spec::{FieldType, Kind, Targets, is_valid_id, iso_date};
use crate::text::{did_you_mean, exact_integer};

use super::mapping::{Column, IdFrom, Mapping};
use super::quoted;
use super::read::{Cell, Row, Table};

/// One row's element: the first row with each valid id.
#[derive(Debug)]
pub(super) struct Item {
    /// The element id.
    pub id: String,
    /// The row.
    pub row: usize,
    /// Whether the row is taken; a refused row leaves its element as it is.
    pub accepted: bool,
    /// Each mapped field: its key, its value (`None`: the cell is empty) and the place
    /// of its cell.
    pub fields: Vec<(&'static str, Option<Tree>, String)>,
}

/// A problem of a row, at one cell.
#[derive(Debug)]
struct Problem {
    row: usize,
    column: u32,
    reason: String,
}

/// What the rows made.
#[derive(Debug)]
pub(super) struct Made {
    /// Data rows read.
    pub rows: usize,
    /// The elements of the rows, in sheet order.
    pub items: Vec<Item>,
    problems: Vec<Problem>,
}

impl Made {
    /// Rows taken.
    pub(super) fn taken(&self) -> usize {
        self.items.iter().filter(|i| i.accepted).count()
    }

    /// Rows refused.
    pub(super) fn refused_rows(&self) -> usize {
        self.problems
            .iter()
            .map(|p| p.row)
            .collect::<BTreeSet<_>>()
            .len()
    }

    /// One line per problem, in row and column order.
    pub(super) fn report_lines(&self, table: &Table) -> Vec<String> {
        let mut problems: Vec<&Problem> = self.problems.iter().collect();
        problems.sort_by_key(|p| (p.row, p.column));
        problems
            .iter()
            .map(|p| {
                format!(
                    "{}, row {}, column {}: {}",
                    table.place,
                    p.row,
                    table.column_name(p.column),
                    p.reason
                )
            })
            .collect()
    }
}

/// A cell read, before references are resolved.
enum Pending {
    Value(Option<Tree>),
    Refs(Vec<String>),
}

/// An element a reference may name: its kind and name.
struct Known {
    kind: Kind,
    name: String,
}

/// Makes the elements of `table`'s rows. `owned` is the file the import owns, whose
/// elements the rows replace.
pub(super) fn make(
    mapping: &Mapping,
    table: &Table,
    model: &Model,
    owned: Option<FileId>,
    loaded: &Loaded,
    keep_missing: bool,
) -> Made {
    let plateaus: Vec<&str> = model.plateau_ids().collect();
    let elsewhere = |file: FileId| {
        loaded
            .sources
            .iter()
            .find(|(id, _)| *id == file)
            .map_or_else(String::new, |(_, f)| f.name.clone())
    };
    let mut problems = Vec::new();
    let mut items: Vec<Item> = Vec::new();
    let mut pending: Vec<Vec<Pending>> = Vec::new();
    let mut first: HashMap<String, usize> = HashMap::new();
    let name_column = mapping.columns.iter().position(|c| c.key == "name");
    let place = |row: &Row, column: u32| {
        format!(
            "{}, row {}, column {}",
            table.place,
            row.number,
            table.column_name(column)
        )
    };

    for row in &table.rows {
        let before = problems.len();
        let mut cells = Vec::with_capacity(mapping.columns.len());
        for (column, &index) in mapping.columns.iter().zip(&table.columns) {
            match read_cell(column, row.cell(index), &plateaus, mapping.kind) {
                Ok(p) => cells.push(p),
                Err(reason) => {
                    problems.push(Problem {
                        row: row.number,
                        column: index,
                        reason,
                    });
                    cells.push(Pending::Value(None));
                }
            }
        }
        let (id, id_column) = match (&mapping.id, table.id_column) {
            (IdFrom::Column { .. }, Some(c)) => (row.cell(c).text(), c),
            _ => {
                let c = name_column.map_or(0, |i| table.columns[i]);
                let name = name_column.and_then(|i| match &cells[i] {
                    Pending::Value(Some(Tree::Str(s))) => Some(slug(s)),
                    _ => None,
                });
                (name, c)
            }
        };
        let refuse = |reason: String| Problem {
            row: row.number,
            column: id_column,
            reason,
        };
        let Some(id) = id else {
            if problems.len() == before {
                problems.push(refuse("the id is empty".to_owned()));
            }
            continue;
        };
        let id = format!("{}{id}", mapping.prefix);
        if !is_valid_id(&id) {
            problems.push(refuse(format!(
                "`{}` is not a valid id: ids are lower-case letters, digits, `.`, `_` and `-`, starting with a letter or digit, at most {} characters",
                quoted(&id),
                crate::spec::MAX_ID_LEN
            )));
            continue;
        }
        if let Some(&at) = first.get(&id) {
            problems.push(refuse(format!(
                "duplicate id `{id}`: row {at} has it already, and the first row wins"
            )));
            continue;
        }
        first.insert(id.clone(), row.number);
        if let Some(e) = model
            .find(&id)
            .map(|i| model.element(i))
            .filter(|e| Some(e.id_span.file) != owned)
        {
            problems.push(refuse(format!(
                "`{id}` is already the id of {} {} in {}",
                article(e.kind.singular()),
                e.kind.singular(),
                elsewhere(e.id_span.file)
            )));
            continue;
        }
        let fields = mapping
            .columns
            .iter()
            .zip(&table.columns)
            .map(|(c, &index)| (c.key, None, place(row, index)))
            .collect();
        items.push(Item {
            id,
            row: row.number,
            accepted: problems.len() == before,
            fields,
        });
        pending.push(cells);
    }

    // References: resolved against the project and the rows taken, again whenever a row
    // is refused, since the rows that name it cannot be taken either.
    let mut resolved: HashMap<usize, Vec<Option<Tree>>> = HashMap::new();
    loop {
        let known = known(mapping, model, owned, &items, &pending, keep_missing);
        let mut refused = Vec::new();
        resolved.clear();
        for (i, item) in items.iter().enumerate().filter(|(_, i)| i.accepted) {
            match resolve_row(mapping, table, item, &pending[i], &known, &first) {
                Ok(values) => {
                    resolved.insert(i, values);
                }
                Err(row_problems) => refused.push((i, row_problems)),
            }
        }
        if refused.is_empty() {
            refused = loops(mapping, table, &items, &resolved);
        }
        if refused.is_empty() {
            break;
        }
        for (i, row_problems) in refused {
            items[i].accepted = false;
            problems.extend(row_problems);
        }
    }

    // The values of the rows taken.
    for (i, (item, cells)) in items.iter_mut().zip(pending).enumerate() {
        let Some(mut refs) = resolved.remove(&i) else {
            continue;
        };
        for ((field, cell), r) in item.fields.iter_mut().zip(cells).zip(refs.iter_mut()) {
            field.1 = match cell {
                Pending::Value(v) => v,
                Pending::Refs(_) => r.take(),
            };
        }
    }
    Made {
        rows: table.rows.len(),
        items,
        problems,
    }
}

/// `a` or `an` before a noun.
fn article(noun: &str) -> &'static str {
    if noun.starts_with(['a', 'e', 'i', 'o', 'u', 'A', 'E', 'I', 'O', 'U']) {
        "an"
    } else {
        "a"
    }
}

/// An id made from a name: lower case, every run of other characters than ASCII
/// letters and digits one `-`, none at either end.
pub(super) fn slug(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    let mut gap = false;
    for c in name.chars() {
        if c.is_ascii_alphanumeric() {
            if gap && !out.is_empty() {
                out.push('-');
            }
            gap = false;
            out.push(c.to_ascii_lowercase());
        } else {
            gap = true;
        }
    }
    out
}

/// The kinds a reference may name, in words: `org unit or role`.
fn kinds_words(targets: Targets) -> String {
    match targets {
        Targets::Any => "element".to_owned(),
        Targets::Kinds(kinds) => {
            let words: Vec<&str> = kinds.iter().map(|k| k.singular()).collect();
            words.join(" or ")
        }
    }
}

/// The targets of a reference column.
fn targets(column: &Column) -> Targets {
    match column.ty {
        FieldType::Reference(t) | FieldType::References(t) => t,
        _ => Targets::Any,
    }
}

/// One cell as its field's value, or why it cannot be.
fn read_cell(
    column: &Column,
    cell: &Cell,
    plateaus: &[&str],
    kind: Kind,
) -> Result<Pending, String> {
    if let Cell::Error(e) = cell {
        return Err(format!("the cell holds the error `{}`", quoted(e)));
    }
    let Some(text) = cell.text() else {
        if column.required {
            return Err(format!(
                "`{}` is empty: every {} needs one",
                column.key,
                kind.singular()
            ));
        }
        return Ok(Pending::Value(None));
    };
    if column.is_list() {
        let words: Vec<String> = text
            .split(['\n', '\r'])
            .flat_map(|line| line.split(column.separator.as_str()))
            .map(str::trim)
            .filter(|w| !w.is_empty())
            .map(|w| column.value_of(w).to_owned())
            .collect();
        return Ok(match column.ty {
            FieldType::References(_) => Pending::Refs(dedup(words)),
            _ => Pending::Value(Some(Tree::strings(words))),
        });
    }
    let word = column.value_of(&text);
    let key = column.key;
    let shown = quoted(word);
    let value = match column.ty {
        FieldType::Reference(_) => return Ok(Pending::Refs(vec![word.to_owned()])),
        FieldType::Text | FieldType::Markdown => Tree::str(word),
        FieldType::Integer { min, max } => match parse_number(word).and_then(exact_integer) {
            Some(i) if (min..=max).contains(&i) => Tree::Int(i),
            _ if max == i64::MAX => {
                return Err(format!(
                    "`{key}` must be a whole number, {min} or more; found `{shown}`"
                ));
            }
            _ => {
                return Err(format!(
                    "`{key}` must be a whole number from {min} to {max}; found `{shown}`"
                ));
            }
        },
        FieldType::Number { negative } => match parse_number(word) {
            Some(n) if negative || n >= 0.0 => exact_integer(n).map_or(Tree::Num(n), Tree::Int),
            Some(_) => return Err(format!("`{key}` must be zero or more; found `{shown}`")),
            None => {
                return Err(format!(
                    "`{key}` must be a number written plainly (`42`, `-3.5`), without a unit or a thousands separator; found `{shown}`"
                ));
            }
        },
        FieldType::Boolean => match word.to_ascii_lowercase().as_str() {
            "true" | "yes" => Tree::Bool(true),
            "false" | "no" => Tree::Bool(false),
            _ => return Err(format!("`{key}` must be true or false; found `{shown}`")),
        },
        FieldType::Enum(words) => {
            if !words.contains(&word) {
                let mut reason = format!(
                    "`{shown}` is not a value of `{key}`, which is one of {}; map the sheet's word under `values: {key}:` in the mapping",
                    words.join(", ")
                );
                if let Some(near) = did_you_mean(word, words.iter().copied()) {
                    reason = format!("{reason} (did you mean `{near}`?)");
                }
                return Err(reason);
            }
            Tree::str(word)
        }
        FieldType::Plateau => {
            if !plateaus.contains(&word) {
                return Err(format!(
                    "`{shown}` is not a plateau of the project, which are: {}",
                    plateaus.join(", ")
                ));
            }
            Tree::str(word)
        }
        FieldType::Date => {
            let day = word
                .get(..10)
                .filter(|_| matches!(cell, Cell::Date(_)) && word == text);
            let day = day.unwrap_or(word);
            if iso_date(day).is_none() {
                return Err(format!(
                    "`{key}` must be a real day written YYYY-MM-DD; found `{shown}`"
                ));
            }
            Tree::str(day)
        }
        FieldType::Strings | FieldType::References(_) | FieldType::Stages | FieldType::Actuals => {
            return Err(format!("`{key}` cannot come from a sheet"));
        }
    };
    Ok(Pending::Value(Some(value)))
}

/// A finite number written plainly.
fn parse_number(word: &str) -> Option<f64> {
    word.parse::<f64>().ok().filter(|n| n.is_finite())
}

/// `words` without repeats, in their order.
fn dedup(words: Vec<String>) -> Vec<String> {
    let mut seen = HashSet::new();
    words
        .into_iter()
        .filter(|w| seen.insert(w.clone()))
        .collect()
}

/// Every element a reference may name, by id: the project's outside the owned file,
/// the owned file's that stay as they are (their row refused, or gone and kept), and
/// the rows taken. With the ids of each name.
struct Universe {
    by_id: HashMap<String, Known>,
    by_name: HashMap<String, Vec<String>>,
}

fn known(
    mapping: &Mapping,
    model: &Model,
    owned: Option<FileId>,
    items: &[Item],
    pending: &[Vec<Pending>],
    keep_missing: bool,
) -> Universe {
    let rows: HashMap<&str, &Item> = items.iter().map(|i| (i.id.as_str(), i)).collect();
    let mut by_id = HashMap::new();
    for (_, e) in model.iter() {
        let stays = Some(e.id_span.file) != owned
            || match rows.get(e.id.as_str()) {
                Some(item) => !item.accepted,
                None => keep_missing,
            };
        if stays {
            by_id.insert(
                e.id.clone(),
                Known {
                    kind: e.kind,
                    name: e.name().to_owned(),
                },
            );
        }
    }
    let name_column = mapping.columns.iter().position(|c| c.key == "name");
    for (item, cells) in items.iter().zip(pending).filter(|(i, _)| i.accepted) {
        let name = name_column
            .and_then(|c| match &cells[c] {
                Pending::Value(Some(Tree::Str(s))) => Some(s.clone()),
                _ => None,
            })
            .unwrap_or_default();
        by_id.insert(
            item.id.clone(),
            Known {
                kind: mapping.kind,
                name,
            },
        );
    }
    let mut by_name: HashMap<String, Vec<String>> = HashMap::new();
    for (id, k) in &by_id {
        by_name.entry(k.name.clone()).or_default().push(id.clone());
    }
    for ids in by_name.values_mut() {
        ids.sort();
    }
    Universe { by_id, by_name }
}

/// The id a word of a reference column names, or why it names none.
fn lookup(
    column: &Column,
    word: &str,
    universe: &Universe,
    first: &HashMap<String, usize>,
) -> Result<String, String> {
    let targets = targets(column);
    let words = kinds_words(targets);
    let shown = quoted(word);
    if column.by_name {
        let ids: Vec<&String> = universe
            .by_name
            .get(word)
            .into_iter()
            .flatten()
            .filter(|id| targets.accepts(universe.by_id[id.as_str()].kind))
            .collect();
        return match ids.as_slice() {
            [one] => Ok((*one).clone()),
            [] => {
                let names = universe
                    .by_id
                    .values()
                    .filter(|k| targets.accepts(k.kind))
                    .map(|k| k.name.as_str());
                let mut reason = format!("no {words} is named `{shown}`");
                if let Some(near) = did_you_mean(word, names) {
                    reason = format!("{reason}; did you mean `{}`?", quoted(near));
                }
                Err(reason)
            }
            several => {
                let ids: Vec<String> = several.iter().map(|id| format!("`{id}`")).collect();
                Err(format!(
                    "`{shown}` is the name of more than one {words}: {}; name it by id",
                    ids.join(", ")
                ))
            }
        };
    }
    match universe.by_id.get(word) {
        Some(k) if targets.accepts(k.kind) => Ok(word.to_owned()),
        Some(k) => Err(format!(
            "`{shown}` is {} {}, and `{}` names {} {words}",
            article(k.kind.singular()),
            k.kind.singular(),
            column.key,
            article(&words)
        )),
        None => {
            if let Some(row) = first.get(word) {
                return Err(format!(
                    "`{shown}` is the id of row {row}, which is refused"
                ));
            }
            let ids = universe
                .by_id
                .iter()
                .filter(|(_, k)| targets.accepts(k.kind))
                .map(|(id, _)| id.as_str());
            let mut reason = format!("no {words} has the id `{shown}`");
            let mut near: Vec<&str> = ids.collect();
            near.sort_unstable();
            if let Some(near) = did_you_mean(word, near) {
                reason = format!("{reason}; did you mean `{near}`?");
            }
            Err(reason)
        }
    }
}

/// The references of one row resolved, column by column (`None` for the others), or
/// the problems of its references.
fn resolve_row(
    mapping: &Mapping,
    table: &Table,
    item: &Item,
    cells: &[Pending],
    universe: &Universe,
    first: &HashMap<String, usize>,
) -> Result<Vec<Option<Tree>>, Vec<Problem>> {
    let mut values = Vec::with_capacity(cells.len());
    let mut problems = Vec::new();
    for ((column, cell), &index) in mapping.columns.iter().zip(cells).zip(&table.columns) {
        let Pending::Refs(words) = cell else {
            values.push(None);
            continue;
        };
        let mut ids = Vec::new();
        for word in words {
            match lookup(column, word, universe, first) {
                Ok(id) if id == item.id && is_hierarchy(column.key) => {
                    problems.push(Problem {
                        row: item.row,
                        column: index,
                        reason: format!("`{}` names the row's own element, `{id}`", column.key),
                    });
                }
                Ok(id) => ids.push(id),
                Err(reason) => problems.push(Problem {
                    row: item.row,
                    column: index,
                    reason,
                }),
            }
        }
        values.push(Some(match column.ty {
            FieldType::Reference(_) => ids.into_iter().next().map_or(Tree::Null, Tree::Str),
            _ => Tree::strings(dedup(ids)),
        }));
    }
    if problems.is_empty() {
        Ok(values)
    } else {
        Err(problems)
    }
}

/// Whether a field links elements into a hierarchy or an order that may not loop.
fn is_hierarchy(key: &str) -> bool {
    matches!(key, "parent" | "depends_on")
}

/// The rows taken whose `parent` (or `depends_on`) leads back to them through other
/// rows, with the problem of each.
fn loops(
    mapping: &Mapping,
    table: &Table,
    items: &[Item],
    resolved: &HashMap<usize, Vec<Option<Tree>>>,
) -> Vec<(usize, Vec<Problem>)> {
    let index: HashMap<&str, usize> = items
        .iter()
        .enumerate()
        .filter(|(i, _)| resolved.contains_key(i))
        .map(|(i, item)| (item.id.as_str(), i))
        .collect();
    let mut refused = Vec::new();
    for (c, column) in mapping.columns.iter().enumerate() {
        if !is_hierarchy(column.key) || !targets(column).accepts(mapping.kind) {
            continue;
        }
        let next = |i: usize| -> Vec<usize> {
            match resolved.get(&i).and_then(|v| v[c].as_ref()) {
                Some(Tree::Str(id)) => index.get(id.as_str()).copied().into_iter().collect(),
                Some(Tree::List(ids)) => ids
                    .iter()
                    .filter_map(|t| match t {
                        Tree::Str(id) => index.get(id.as_str()).copied(),
                        _ => None,
                    })
                    .collect(),
                _ => Vec::new(),
            }
        };
        let mut starts: Vec<usize> = resolved.keys().copied().collect();
        starts.sort_unstable();
        for start in starts {
            // Whether `start` is reached again from what it names.
            let mut seen = HashSet::new();
            let mut stack = next(start);
            let mut back = false;
            while let Some(i) = stack.pop() {
                if i == start {
                    back = true;
                    break;
                }
                if seen.insert(i) {
                    stack.extend(next(i));
                }
            }
            if back {
                refused.push((
                    start,
                    vec![Problem {
                        row: items[start].row,
                        column: table.columns[c],
                        reason: format!(
                            "`{}` leads back to `{}` through other rows: the links would loop",
                            column.key, items[start].id
                        ),
                    }],
                ));
            }
        }
    }
    refused
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs() {
        assert_eq!(slug("Customer CRM"), "customer-crm");
        assert_eq!(slug("  --Core  Banking (v2)!! "), "core-banking-v2");
        assert_eq!(slug("Café"), "caf");
        assert_eq!(slug("???"), "");
    }
}
