//! JSON Schema (draft-07) of model files and of `tom.yaml`, for editors
//! (yaml-language-server), generated from the format table.
//!
//! Staged fields appear as their plain type or a mapping from plateau id to that type;
//! nothing of tomc's internal span wrappers shows.

use std::borrow::Cow;

use schemars::generate::SchemaSettings;
use schemars::{JsonSchema, Schema, SchemaGenerator, json_schema};
use serde_json::{Map, Value, json};

use crate::emit::tree::{EmitError, json_error};
use crate::load::{DEFAULT_MEASUREMENTS, MEASUREMENTS_KEY};
use crate::rules::registry::RULES;
use crate::spec::Level;
use crate::spec::{
    COMMON_FIELDS, DATE_PATTERN, EMOTIONS, FieldSpec, FieldType, ID_PATTERN, Kind, MAX_ID_LEN,
    Targets, kind_fields,
};

/// Where the schemas are published in the repository.
pub const MODEL_SCHEMA_FILE: &str = "model.schema.json";
/// File name of the `tom.yaml` schema.
pub const PROJECT_SCHEMA_FILE: &str = "tom.schema.json";

/// The schema of a model file.
pub struct ModelFile;
/// The schema of `tom.yaml`.
pub struct ProjectFile;

/// An id: a string of the id alphabet, or a plain number or boolean, which tomc reads
/// as its text (`id: 2027`).
fn id_schema(doc: &str) -> Value {
    json!({
        "anyOf": [
            { "type": "string", "pattern": ID_PATTERN, "maxLength": MAX_ID_LEN },
            { "type": "number", "minimum": 0 },
            { "type": "boolean" },
        ],
        "description": doc,
    })
}

/// Text: a string, or a plain number or boolean, which tomc reads as its text
/// (`name: 2027`).
fn text_schema() -> Value {
    json!({ "type": ["string", "number", "boolean"] })
}

/// A real day written `YYYY-MM-DD`.
fn date_schema() -> Value {
    json!({ "type": "string", "pattern": DATE_PATTERN, "format": "date" })
}

/// `schema`, or `null`: an empty optional value is a value not written.
fn or_null(schema: Value) -> Value {
    json!({ "anyOf": [schema, { "type": "null" }] })
}

fn plain(ty: FieldType) -> Value {
    match ty {
        FieldType::Text | FieldType::Markdown => text_schema(),
        FieldType::Integer { min, max } if max == i64::MAX => {
            json!({ "type": "integer", "minimum": min })
        }
        FieldType::Integer { min, max } => {
            json!({ "type": "integer", "minimum": min, "maximum": max })
        }
        FieldType::Number { negative: true } => json!({ "type": "number" }),
        FieldType::Number { negative: false } => json!({ "type": "number", "minimum": 0 }),
        FieldType::Boolean => json!({ "type": "boolean" }),
        FieldType::Enum(words) => json!({ "enum": words }),
        FieldType::Strings => json!({ "type": "array", "items": text_schema() }),
        FieldType::Reference(_) => json!({ "$ref": "#/definitions/id" }),
        FieldType::References(_) => {
            json!({ "type": "array", "items": { "$ref": "#/definitions/id" } })
        }
        FieldType::Plateau => json!({ "$ref": "#/definitions/id" }),
        FieldType::Stages => json!({ "type": "array", "items": { "$ref": "#/definitions/stage" } }),
        FieldType::Date => date_schema(),
        FieldType::Actuals => {
            json!({ "type": "array", "items": { "$ref": "#/definitions/actual" } })
        }
    }
}

fn field_schema(spec: &FieldSpec) -> Value {
    let mut doc = spec.doc.to_owned();
    match spec.ty {
        FieldType::Reference(t) | FieldType::References(t) => {
            let names = match t {
                Targets::Any => "any element".to_owned(),
                Targets::Kinds(kinds) => {
                    kinds.iter().map(|k| k.key()).collect::<Vec<_>>().join(", ")
                }
            };
            doc.push_str(&format!(" Names: {names}."));
        }
        _ => {}
    }
    let value = plain(spec.ty);
    let schema = if spec.staged {
        doc.push_str(" May be written per plateau: `{ current: ..., target: ... }`.");
        json!({ "anyOf": [value.clone(), {
            "type": "object",
            "propertyNames": { "$ref": "#/definitions/id" },
            "additionalProperties": value,
        }] })
    } else {
        value
    };
    let mut schema = if spec.required {
        schema
    } else {
        or_null(schema)
    };
    if let Value::Object(map) = &mut schema {
        map.insert("description".into(), Value::String(doc));
    }
    schema
}

fn element_schema(kind: Kind) -> Value {
    let mut props = Map::new();
    props.insert("id".into(), id_schema("Unique id across the model."));
    for spec in COMMON_FIELDS.iter().chain(kind_fields(kind)) {
        props.insert(spec.field.key().into(), field_schema(spec));
    }
    props.insert("from".into(), json!({ "$ref": "#/definitions/id", "description": "First plateau the element exists in (default: the first)." }));
    props.insert("until".into(), json!({ "$ref": "#/definitions/id", "description": "Last plateau the element exists in (default: the last)." }));
    props.insert("waivers".into(), json!({ "type": ["array", "null"], "items": { "$ref": "#/definitions/waiver" }, "description": "Rules silenced on this element, each with its reason." }));
    props.insert("properties".into(), json!({ "type": ["object", "null"], "additionalProperties": text_schema(), "description": "Free-form extensions, carried to every output." }));
    let mut required = vec!["id".to_owned()];
    required.extend(
        COMMON_FIELDS
            .iter()
            .chain(kind_fields(kind))
            .filter(|s| s.required)
            .map(|s| s.field.key().to_owned()),
    );
    json!({
        "type": "object",
        "description": kind.doc(),
        "properties": props,
        "required": required,
        "additionalProperties": false,
    })
}

/// Definitions shared by both schemas.
fn add_definitions(generator: &mut SchemaGenerator) {
    let defs = generator.definitions_mut();
    defs.insert("id".into(), id_schema("An element or plateau id."));
    let structural: Vec<&str> = RULES
        .iter()
        .filter(|r| r.structural)
        .map(|r| r.id.as_str())
        .collect();
    defs.insert(
        "waiver".into(),
        json!({
            "type": "object",
            "properties": {
                "rule": {
                    "type": ["string", "number", "boolean"],
                    "not": { "enum": structural },
                    "description": "The rule id to silence on this element (structural rules cannot be silenced).",
                },
                "reason": {
                    "type": ["string", "number", "boolean"],
                    "pattern": "\\S",
                    "description": "Why the rule does not apply here.",
                },
            },
            "required": ["rule", "reason"],
            "additionalProperties": false,
        }),
    );
    defs.insert(
        "stage".into(),
        json!({
            "type": "object",
            "properties": {
                "id": id_schema("Stage id, unique within its journey."),
                "name": text_schema(),
                "touchpoints": { "type": ["array", "null"], "items": { "$ref": "#/definitions/id" }, "description": "Touchpoints met in this stage." },
                "pain_points": { "type": ["array", "null"], "items": text_schema() },
                "emotion": or_null(json!({ "enum": EMOTIONS })),
                "moment_that_matters": or_null(json!({ "type": "boolean" })),
                "insights": { "type": ["array", "null"], "items": { "$ref": "#/definitions/id" }, "description": "Insights behind this stage." },
            },
            "required": ["id", "name"],
            "additionalProperties": false,
        }),
    );
    defs.insert(
        "actual".into(),
        json!({
            "type": "object",
            "properties": {
                "date": date_schema(),
                "value": { "type": "number" },
                "note": or_null(text_schema()),
            },
            "required": ["date", "value"],
            "additionalProperties": false,
        }),
    );
    for &kind in Kind::ALL {
        defs.insert(definition_name(kind), element_schema(kind));
    }
}

fn definition_name(kind: Kind) -> String {
    kind.singular().replace(' ', "_").to_lowercase()
}

fn kind_properties() -> Map<String, Value> {
    Kind::ALL
        .iter()
        .map(|&k| {
            let schema = json!({
                "type": ["array", "null"],
                "description": k.doc(),
                "items": { "$ref": format!("#/definitions/{}", definition_name(k)) },
            });
            (k.key().to_owned(), schema)
        })
        .collect()
}

impl JsonSchema for ModelFile {
    fn schema_name() -> Cow<'static, str> {
        "ModelFile".into()
    }

    fn json_schema(generator: &mut SchemaGenerator) -> Schema {
        add_definitions(generator);
        json_schema!({
            "title": "tomc model file",
            "description": "A model file of a Target Operating Model: element kinds, each a list of elements.",
            "type": "object",
            "properties": kind_properties(),
            "additionalProperties": false,
        })
    }
}

impl JsonSchema for ProjectFile {
    fn schema_name() -> Cow<'static, str> {
        "ProjectFile".into()
    }

    fn json_schema(generator: &mut SchemaGenerator) -> Schema {
        add_definitions(generator);
        let mut props = kind_properties();
        let rule_ids: Vec<&str> = RULES.iter().map(|r| r.id.as_str()).collect();
        // Structural rules are always errors.
        let structural: Map<String, Value> = RULES
            .iter()
            .filter(|r| r.structural)
            .map(|r| (r.id.as_str().to_owned(), json!({ "enum": ["error"] })))
            .collect();
        props.insert(
            "tom".into(),
            json!({ "const": 1, "description": "Format version: 1." }),
        );
        props.insert("name".into(), json!({ "type": ["string", "number", "boolean"], "description": "The organisation or programme the model describes." }));
        props.insert(
            "description".into(),
            json!({ "type": ["string", "number", "boolean", "null"], "description": "Markdown." }),
        );
        props.insert(
            "plateaus".into(),
            json!({
                "type": "array",
                "minItems": 1,
                "description": "Ordered plateaus: the first is the current state, the last the target.",
                "items": {
                    "type": "object",
                    "properties": {
                        "id": { "$ref": "#/definitions/id" },
                        "name": text_schema(),
                        "date": {
                            "type": "string",
                            "pattern": DATE_PATTERN,
                            "format": "date",
                            "description": "A day written YYYY-MM-DD (e.g. 2027-06-30), after the date of the plateau before.",
                        },
                    },
                    "required": ["id", "name"],
                    "additionalProperties": false,
                },
            }),
        );
        props.insert(
            "include".into(),
            json!({ "type": ["array", "string", "null"], "items": { "type": "string" }, "description": "Globs of model files, relative to tom.yaml (default: model/**/*.{yaml,yml})." }),
        );
        props.insert(
            MEASUREMENTS_KEY.into(),
            json!({ "type": ["array", "string", "null"], "items": { "type": "string" }, "description": format!("Globs of measurements files (CSV: kpi,date,value[,note]), relative to tom.yaml (default: {DEFAULT_MEASUREMENTS}).") }),
        );
        props.insert(
            "rules".into(),
            json!({
                "type": ["object", "null"],
                "description": "Rule levels: error, warning, info or off (structural rules: error only).",
                "propertyNames": { "enum": rule_ids },
                "properties": structural,
                "additionalProperties": { "enum": Level::words().collect::<Vec<_>>() },
            }),
        );
        json_schema!({
            "title": "tomc project file (tom.yaml)",
            "description": "The project file of a Target Operating Model.",
            "type": "object",
            "properties": props,
            "required": ["tom", "name", "plateaus"],
            "additionalProperties": false,
        })
    }
}

/// The schema of model files, as pretty JSON with a final newline.
pub fn model_schema() -> Result<String, EmitError> {
    to_text(
        SchemaSettings::draft07()
            .into_generator()
            .into_root_schema_for::<ModelFile>(),
    )
}

/// The schema of `tom.yaml`, as pretty JSON with a final newline.
pub fn project_schema() -> Result<String, EmitError> {
    to_text(
        SchemaSettings::draft07()
            .into_generator()
            .into_root_schema_for::<ProjectFile>(),
    )
}

fn to_text(schema: Schema) -> Result<String, EmitError> {
    let mut text = serde_json::to_string_pretty(&schema).map_err(json_error)?;
    text.push('\n');
    Ok(text)
}
