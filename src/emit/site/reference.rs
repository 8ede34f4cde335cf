//! The reference of the variables every template receives, for template authors
//! (docs/site.md), generated from the page structs of [`super::context`]: their fields,
//! types and doc comments, through their JSON Schemas.

use std::borrow::Cow;
use std::collections::BTreeSet;
use std::fmt::Write as _;

use schemars::{JsonSchema, Schema, SchemaGenerator, json_schema};
use serde_json::{Map, Value};

use super::context::element::ElementPage;
use super::context::journeys::Journey;
use super::context::{self, ElementLink, Finding, Frame, SiteData};
use super::pages::{ELEMENT_PAGE, EachPage, JOURNEY_PAGE, OVERVIEW, PAGES};

/// The line before the reference in docs/site.md.
pub const START: &str = "<!-- template reference: start -->";
/// The line after it.
pub const END: &str = "<!-- template reference: end -->";

/// The types that many pages share, described once under these names and named by them
/// elsewhere, by the name of their definition.
const SHARED: &[(&str, &str)] = &[("ElementLink", "link"), ("Finding", "finding")];

/// Stands for the data of any page where the reference describes what every template
/// receives.
struct AnyPage;

impl JsonSchema for AnyPage {
    fn schema_name() -> Cow<'static, str> {
        "AnyPage".into()
    }

    fn inline_schema() -> bool {
        true
    }

    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({ "type": "object" })
    }
}

/// The reference as Markdown: what every template receives, the types many pages
/// share, then the fields of `page` for each template, a table each.
pub fn markdown() -> String {
    let mut generator = SchemaGenerator::default();
    let site = generator.subschema_for::<SiteData>();
    let frame = generator.subschema_for::<Frame<'static, AnyPage>>();
    let shared = [
        generator.subschema_for::<ElementLink>(),
        generator.subschema_for::<Finding>(),
    ];
    let mut sections: Vec<(String, Schema)> = PAGES
        .iter()
        .map(|page| {
            let mut heading = format!("`{}`: {}", page.template, page.title);
            if page.kind == OVERVIEW.kind {
                heading.push_str(&stand_in_note());
            }
            (heading, context::page_schema(page.kind, &mut generator))
        })
        .collect();
    sections.push((
        each_heading(&JOURNEY_PAGE),
        generator.subschema_for::<Journey>(),
    ));
    sections.push((
        each_heading(&ELEMENT_PAGE),
        generator.subschema_for::<ElementPage>(),
    ));
    let schemas = Schemas {
        definitions: generator.definitions().clone(),
    };

    let mut out = String::from("#### Every template\n\n");
    let mut rows = vec![Row {
        path: "site".into(),
        ty: "object".into(),
        doc: schemas.doc(site.as_value()),
    }];
    schemas.fields("site", site.as_value(), &mut rows);
    schemas.fields("", frame.as_value(), &mut rows);
    table(&mut out, "variable", &rows);
    for ((_, name), schema) in SHARED.iter().zip(&shared) {
        let definition = schemas.resolve(schema.as_value());
        let _ = write!(out, "\n#### `{name}`\n\n{}\n\n", schemas.doc(definition));
        let mut rows = Vec::new();
        schemas.fields("", definition, &mut rows);
        table(&mut out, "field", &rows);
    }
    for (heading, schema) in sections {
        let _ = write!(out, "\n#### {heading}\n\n");
        let mut rows = Vec::new();
        schemas.fields("page", schema.as_value(), &mut rows);
        if rows.is_empty() {
            out.push_str("`page` has no fields.\n");
        } else {
            table(&mut out, "variable", &rows);
        }
    }
    out
}

/// Which files the overview's template also renders, in a model without plateaus.
fn stand_in_note() -> String {
    let mut files: Vec<String> = PAGES
        .iter()
        .filter(|p| p.needs_plateaus)
        .map(|p| format!("`{}`", p.file))
        .collect();
    let Some(last) = files.pop() else {
        return String::new();
    };
    let all = if files.is_empty() {
        last
    } else {
        format!("{} and {last}", files.join(", "))
    };
    format!("\n\nIn a model without plateaus it also renders {all}, with the same data.")
}

/// The heading of the pages `each`.
fn each_heading(each: &EachPage) -> String {
    format!(
        "`{}`: a page per {} (`{}/<id>.html`)",
        each.template, each.each, each.dir
    )
}

/// A template variable: its path (`page.rows[].name`), type and description.
struct Row {
    path: String,
    ty: String,
    doc: String,
}

/// Writes `rows` as a Markdown table, the first column headed `first`.
fn table(out: &mut String, first: &str, rows: &[Row]) {
    let _ = write!(out, "| {first} | type | what it is |\n|---|---|---|\n");
    for row in rows {
        let _ = writeln!(
            out,
            "| `{}` | {} | {} |",
            row.path,
            row.ty,
            row.doc.replace('|', "\\|")
        );
    }
}

/// The schemas of the page structs and of every type they use.
struct Schemas {
    definitions: Map<String, Value>,
}

impl Schemas {
    /// `schema`, or the definition it refers to.
    fn resolve<'a>(&'a self, schema: &'a Value) -> &'a Value {
        match schema.get("$ref").and_then(Value::as_str) {
            Some(path) => path
                .rsplit('/')
                .next()
                .and_then(|name| self.definitions.get(name))
                .unwrap_or(schema),
            None => schema,
        }
    }

    /// The name of the shared type `schema` refers to, if it refers to one.
    fn shared(schema: &Value) -> Option<&'static str> {
        let name = schema.get("$ref")?.as_str()?.rsplit('/').next()?;
        SHARED
            .iter()
            .find(|(n, _)| *n == name)
            .map(|&(_, shown)| shown)
    }

    /// `schema` resolved, unless it refers to a shared type.
    fn open<'a>(&'a self, schema: &'a Value) -> &'a Value {
        if Self::shared(schema).is_some() {
            schema
        } else {
            self.resolve(schema)
        }
    }

    /// The alternatives of `schema` other than none, resolved (but for shared types).
    fn alternatives<'a>(&'a self, schema: &'a Value) -> Vec<&'a Value> {
        let schema = self.open(schema);
        match schema
            .get("anyOf")
            .or_else(|| schema.get("oneOf"))
            .and_then(Value::as_array)
        {
            Some(all) => all
                .iter()
                .map(|s| self.open(s))
                .filter(|s| !is_none(s))
                .collect(),
            None => vec![schema],
        }
    }

    /// Whether `schema` allows none besides its other values.
    fn nullable(&self, schema: &Value) -> bool {
        let schema = self.open(schema);
        let in_types = types(schema).contains(&"null");
        let in_alternatives = schema
            .get("anyOf")
            .and_then(Value::as_array)
            .is_some_and(|all| all.iter().any(is_none));
        in_types || in_alternatives
    }

    /// The type of a value of `schema`, in words.
    fn type_name(&self, schema: &Value) -> String {
        let mut names: Vec<String> = Vec::new();
        for alternative in self.alternatives(schema) {
            let name = if let Some(shared) = Self::shared(alternative) {
                shared.to_owned()
            } else if alternative.get("properties").is_some() {
                "object".to_owned()
            } else {
                self.plain_type(alternative)
            };
            if !names.contains(&name) {
                names.push(name);
            }
        }
        let name = names.join(" or ");
        if self.nullable(schema) {
            if name.contains(' ') {
                format!("{name}, or none")
            } else {
                format!("{name} or none")
            }
        } else {
            name
        }
    }

    /// The type of a schema given by its `type`.
    fn plain_type(&self, schema: &Value) -> String {
        let words: Vec<String> = types(schema)
            .into_iter()
            .filter(|t| *t != "null")
            .map(|t| match t {
                "array" => {
                    let item = schema
                        .get("items")
                        .map_or_else(|| "any".to_owned(), |i| self.type_name(i));
                    if item.contains(' ') {
                        format!("list of ({item})")
                    } else {
                        format!("list of {item}")
                    }
                }
                other => other.to_owned(),
            })
            .collect();
        if words.is_empty() {
            "any".to_owned()
        } else {
            words.join(" or ")
        }
    }

    /// The description of `schema`: its own, or that of the type it refers to, on one
    /// line.
    fn doc(&self, schema: &Value) -> String {
        let doc = schema
            .get("description")
            .or_else(|| self.resolve(schema).get("description"))
            .and_then(Value::as_str)
            .unwrap_or_default();
        doc.split_whitespace().collect::<Vec<_>>().join(" ")
    }

    /// Appends a row for every field of the values of `schema` (of every alternative,
    /// each field once), and of their fields in turn, below `prefix`; the items of a
    /// list are written `prefix[]`.
    fn fields(&self, prefix: &str, schema: &Value, rows: &mut Vec<Row>) {
        let mut seen = BTreeSet::new();
        for alternative in self.alternatives(schema) {
            if Self::shared(alternative).is_some() {
                continue;
            }
            if let Some(items) = list_items(alternative) {
                self.fields(&format!("{prefix}[]"), items, rows);
                continue;
            }
            let Some(properties) = alternative.get("properties").and_then(Value::as_object) else {
                continue;
            };
            for (name, property) in properties {
                if !seen.insert(name.as_str()) {
                    continue;
                }
                let path = if prefix.is_empty() {
                    name.clone()
                } else {
                    format!("{prefix}.{name}")
                };
                rows.push(Row {
                    path: path.clone(),
                    ty: self.type_name(property),
                    doc: self.doc(property),
                });
                self.fields(&path, property, rows);
            }
        }
    }
}

/// The items of a list schema.
fn list_items(schema: &Value) -> Option<&Value> {
    types(schema)
        .contains(&"array")
        .then(|| schema.get("items"))
        .flatten()
}

/// The `type` of a schema, as a list.
fn types(schema: &Value) -> Vec<&str> {
    match schema.get("type") {
        Some(Value::String(t)) => vec![t.as_str()],
        Some(Value::Array(all)) => all.iter().filter_map(Value::as_str).collect(),
        _ => Vec::new(),
    }
}

/// Whether `schema` is the schema of none.
fn is_none(schema: &Value) -> bool {
    types(schema) == ["null"]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_template_has_its_fields_with_a_type_and_a_description() {
        let text = markdown();
        for page in PAGES {
            assert!(
                text.contains(&format!("#### `{}`", page.template)),
                "{text}"
            );
        }
        for row in text.lines().filter(|l| l.starts_with("| `")) {
            let cells: Vec<&str> = row.split(" | ").collect();
            assert!(cells.len() >= 3, "{row}");
            assert!(!cells[1].is_empty() && cells[1] != "any", "{row}");
            assert!(
                !row.ends_with("|  |"),
                "a field without a description: {row}"
            );
        }
        for expected in [
            "| `site.project.name` | string |",
            "| `root` | string |",
            "| `page.rows[].objective` | link |",
            "| `page.rows[].parent` | link or none |",
            "| `page.findings.error.shown` | list of finding |",
            "| `url` | string |",
            "| `page.coverage` | object or none |",
            "| `page.fields[].values` | list of (object or none) |",
            "| `page.items[].maturity[].value` | string |",
            "| `page.views[].stages[].touchpoints.items[].channel` | string or none |",
            "| `page.fields[].values[].refs` | list of link, or none |",
            "| `page.links_in[].elements[].plateaus` | string or none |",
        ] {
            assert!(text.contains(expected), "{expected} in\n{text}");
        }
    }
}
