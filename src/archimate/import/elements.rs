//! Elements, their ids and their values, from the file's elements and properties.

use std::collections::{BTreeMap, BTreeSet};

use crate::archimate::mapping::kind_of_type;
use crate::emit::tree::Tree;
use crate::spec::{Field, FieldType, Kind, field_spec, is_valid_id};

use super::read::Source;
use super::report::count;
use super::{Importer, Made, Stage, Stages};

/// The prefix of imported ids of a kind.
fn prefix(kind: Kind) -> &'static str {
    match kind {
        Kind::Drivers => "drv",
        Kind::Objectives => "obj",
        Kind::Kpis => "kpi",
        Kind::Personas => "per",
        Kind::Journeys => "jrn",
        Kind::Touchpoints => "tp",
        Kind::Insights => "ins",
        Kind::Capabilities => "cap",
        Kind::Processes => "proc",
        Kind::OrgUnits => "ou",
        Kind::Roles => "role",
        Kind::Systems => "sys",
        Kind::Information => "info",
        Kind::Suppliers => "sup",
        Kind::Locations => "loc",
        Kind::Initiatives => "ini",
    }
}

/// A readable id from a name: lowercase ASCII letters and digits, other runs as `-`.
pub fn slug(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    for c in name.chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c.to_ascii_lowercase());
        } else if !out.ends_with('-') && !out.is_empty() {
            out.push('-');
        }
    }
    let out = out.trim_end_matches('-');
    // Long names make unwieldy ids; cut at a word boundary.
    let mut cut = out.to_owned();
    if cut.len() > 48 {
        let end = cut[..48].rfind('-').unwrap_or(48);
        cut.truncate(end);
    }
    cut
}

/// [`slug`] of `name`, or `fallback` when the name has no letter or digit to make one.
pub(super) fn slug_or(name: &str, fallback: &str) -> String {
    let slug = slug(name);
    if slug.is_empty() {
        fallback.into()
    } else {
        slug
    }
}

impl Importer {
    /// Every element with a kind; the rest counted as skipped.
    pub(super) fn elements(&mut self, sources: &[Source<'_>]) {
        for s in sources {
            let kind = s
                .property("tomc:kind")
                .and_then(Kind::from_key)
                .or_else(|| kind_of_type(s.archimate_type));
            let Some(kind) = kind else {
                let why = match s.archimate_type {
                    "Plateau" => continue,
                    "Gap" => "tomc works out gaps from the plateaus",
                    _ => "no tomc kind",
                };
                let skipped = (s.archimate_type.to_owned(), why.to_owned());
                count(&mut self.report.skipped_elements, skipped);
                continue;
            };
            let made = self.element(s, kind);
            self.by_identifier
                .insert(s.identifier.to_owned(), self.made.len());
            self.made.push(made);
        }
        self.keep_imported_stage_links();
    }

    /// The element of `s`, of `kind`: its id, name and values.
    fn element(&mut self, s: &Source<'_>, kind: Kind) -> Made {
        let wanted = s
            .property("tomc:id")
            .filter(|id| is_valid_id(id) && !self.taken.contains(*id))
            .map_or_else(
                || format!("{}-{}", prefix(kind), slug_or(&s.name, "unnamed")),
                str::to_owned,
            );
        let id = self.unique(wanted);
        let name = if s.name.is_empty() {
            self.report.notes.push(format!(
                "`{id}` had no name: it is named after its identifier"
            ));
            s.identifier.to_owned()
        } else {
            s.name.clone()
        };
        let mut made = Made {
            kind,
            archimate_type: s.archimate_type.to_owned(),
            id,
            name,
            description: s.documentation.clone(),
            from: None,
            until: None,
            values: BTreeMap::new(),
            refs: BTreeMap::new(),
            waivers: Vec::new(),
            properties: BTreeMap::new(),
            stages: None,
            left_out: false,
        };
        for (key, value) in &s.properties {
            self.property(&mut made, key, value);
        }
        made
    }

    /// Stage touchpoints and insights name tomc ids; keeps those of imported
    /// touchpoints and insights.
    fn keep_imported_stage_links(&mut self) {
        let ids = |kind: Kind| -> BTreeSet<String> {
            self.made
                .iter()
                .filter(|m| m.kind == kind)
                .map(|m| m.id.clone())
                .collect()
        };
        let (touchpoints, insights) = (ids(Kind::Touchpoints), ids(Kind::Insights));
        for m in &mut self.made {
            for stage in m.stages.iter_mut().flat_map(Stages::each_mut) {
                stage.touchpoints.retain(|t| touchpoints.contains(t));
                stage.insights.retain(|i| insights.contains(i));
            }
        }
    }

    /// One property: a field where the name is one and the value reads as one,
    /// `from`, `until`, a waiver, or a free-form property.
    fn property(&mut self, made: &mut Made, key: &str, value: &str) {
        match key {
            "tomc:id" | "tomc:kind" => return,
            "from" | "until" => {
                if let Some(p) = self.plateau_index(value) {
                    if key == "from" {
                        made.from = Some(p);
                    } else {
                        made.until = Some(p);
                    }
                    return;
                }
            }
            "stages" if made.kind == Kind::Journeys => {
                if let Some(stages) = self.stages(value) {
                    made.stages = Some(stages);
                    return;
                }
            }
            _ => {}
        }
        if let Some(rule) = key.strip_prefix("waiver:") {
            made.waivers.push((rule.to_owned(), value.to_owned()));
            return;
        }
        if let Some(spec) = field_spec(made.kind, key)
            && !matches!(spec.field, Field::Name | Field::Description)
        {
            if let Some(tree) = self.value(spec.ty, spec.staged, value) {
                made.values.insert(spec.field, tree);
                return;
            }
            if !matches!(spec.ty, FieldType::Reference(_) | FieldType::References(_)) {
                self.report.notes.push(format!(
                    "`{}`: property `{key}` = `{value}` is not a valid `{key}`; kept under `properties`",
                    made.id
                ));
            }
        }
        made.properties.insert(key.to_owned(), value.to_owned());
    }

    /// A value of type `ty` from its text: plain, or `plateau: value, …` when staged.
    fn value(&self, ty: FieldType, staged: bool, text: &str) -> Option<Tree> {
        if staged && let Some(steps) = self.staged_steps(text) {
            let mut entries = Vec::new();
            for (p, v) in steps {
                entries.push((self.plateaus[p].0.clone(), scalar(ty, v)?));
            }
            return Some(Tree::Map(entries));
        }
        scalar(ty, text).or_else(|| match ty {
            FieldType::Plateau => self.plateau_index(text).map(|_| Tree::str(text)),
            _ => None,
        })
    }

    /// `current: 1, target: 4` → plateau indices with their texts, if every part names
    /// a plateau.
    fn staged_steps<'t>(&self, text: &'t str) -> Option<Vec<(usize, &'t str)>> {
        let mut steps = Vec::new();
        for part in text.split(", ") {
            let (p, v) = part.split_once(": ")?;
            steps.push((self.plateau_index(p.trim())?, v.trim()));
        }
        (!steps.is_empty()).then_some(steps)
    }

    /// A journey's stages from the JSON an export wrote: a list, or an object from
    /// plateau id to list when they change between plateaus.
    fn stages(&self, json: &str) -> Option<Stages> {
        match serde_json::from_str(json).ok()? {
            list @ serde_json::Value::Array(_) => stage_list(&list).map(Stages::Fixed),
            serde_json::Value::Object(by_plateau) => {
                let mut steps = by_plateau
                    .iter()
                    .map(|(p, list)| Some((self.plateau_index(p)?, stage_list(list)?)))
                    .collect::<Option<Vec<_>>>()?;
                steps.sort_by_key(|(p, _)| *p);
                (!steps.is_empty()).then_some(Stages::ByPlateau(steps))
            }
            _ => None,
        }
    }
}

/// The text of a scalar as a value of type `ty`, if it reads as one.
fn scalar(ty: FieldType, text: &str) -> Option<Tree> {
    match ty {
        FieldType::Text | FieldType::Markdown => Some(Tree::str(text)),
        FieldType::Integer { min, max } => text
            .parse::<i64>()
            .ok()
            .filter(|i| (min..=max).contains(i))
            .map(Tree::Int),
        FieldType::Number { negative } => {
            let n = text
                .parse::<f64>()
                .ok()
                .filter(|n| n.is_finite() && (negative || *n >= 0.0))?;
            Some(match crate::text::exact_integer(n) {
                Some(i) if n.abs() < 1e15 => Tree::Int(i),
                _ => Tree::Num(n),
            })
        }
        FieldType::Boolean => match text {
            "true" => Some(Tree::Bool(true)),
            "false" => Some(Tree::Bool(false)),
            _ => None,
        },
        FieldType::Enum(words) => words.contains(&text).then(|| Tree::str(text)),
        FieldType::Date => crate::spec::iso_date(text).map(|_| Tree::str(text)),
        // A JSON array as tomc writes it, else items separated by commas.
        FieldType::Strings => match serde_json::from_str::<Vec<String>>(text) {
            Ok(items) => Some(Tree::strings(items)),
            Err(_) => Some(Tree::strings(
                text.split(',').map(str::trim).filter(|s| !s.is_empty()),
            )),
        },
        FieldType::Actuals => actuals(text),
        FieldType::Plateau
        | FieldType::Reference(_)
        | FieldType::References(_)
        | FieldType::Stages => None,
    }
}

/// A KPI's measured values from the JSON an export wrote: a list of `{date, value}`,
/// each with an optional `note`; `None` unless every entry reads.
fn actuals(json: &str) -> Option<Tree> {
    let list: Vec<serde_json::Value> = serde_json::from_str(json).ok()?;
    let entries = list
        .iter()
        .map(|entry| {
            let date = entry.get("date")?.as_str()?;
            crate::spec::iso_date(date)?;
            let value = entry.get("value")?.as_f64().filter(|v| v.is_finite())?;
            let mut out = vec![
                ("date".to_owned(), Tree::str(date)),
                (
                    "value".to_owned(),
                    crate::emit::manifest::number_tree(value),
                ),
            ];
            match entry.get("note") {
                None => {}
                Some(note) => out.push(("note".to_owned(), Tree::str(note.as_str()?))),
            }
            Some(Tree::Map(out))
        })
        .collect::<Option<Vec<Tree>>>()?;
    Some(Tree::List(entries))
}

/// A list of stages from the JSON an export wrote; `None` unless every stage has an
/// id and a name.
fn stage_list(value: &serde_json::Value) -> Option<Vec<Stage>> {
    let strings = |v: &serde_json::Value| -> Vec<String> {
        v.as_array()
            .map(|a| {
                a.iter()
                    .filter_map(|s| s.as_str().map(str::to_owned))
                    .collect()
            })
            .unwrap_or_default()
    };
    value
        .as_array()?
        .iter()
        .map(|s| {
            Some(Stage {
                id: s
                    .get("id")?
                    .as_str()
                    .filter(|id| is_valid_id(id))?
                    .to_owned(),
                name: s.get("name")?.as_str()?.to_owned(),
                touchpoints: s.get("touchpoints").map(strings).unwrap_or_default(),
                pain_points: s.get("pain_points").map(strings).unwrap_or_default(),
                emotion: s
                    .get("emotion")
                    .and_then(|e| e.as_str())
                    .filter(|e| crate::spec::EMOTIONS.contains(e))
                    .map(str::to_owned),
                moment_that_matters: s
                    .get("moment_that_matters")
                    .and_then(serde_json::Value::as_bool)
                    .unwrap_or(false),
                insights: s.get("insights").map(strings).unwrap_or_default(),
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn actuals_read_back_only_when_every_entry_reads() {
        let tree = actuals(
            r#"[{"date":"2026-01-31","value":3.5},{"date":"2026-02-28","value":4,"note":"n"}]"#,
        )
        .map(|t| t.compact());
        assert_eq!(
            tree.as_deref(),
            Some("[{date: 2026-01-31, value: 3.5}, {date: 2026-02-28, value: 4, note: n}]")
        );
        for bad in [
            "not json",
            r#"[{"date":"2026-02-30","value":1}]"#,
            r#"[{"date":"2026-01-31"}]"#,
            r#"[{"date":"2026-01-31","value":"1"}]"#,
            r#"[{"date":"2026-01-31","value":1,"note":2}]"#,
        ] {
            assert_eq!(actuals(bad), None, "{bad}");
        }
    }

    #[test]
    fn slugs_are_readable_ids() {
        assert_eq!(slug("Customer's Bank"), "customer-s-bank");
        assert_eq!(slug("  CRM System (2) "), "crm-system-2");
        assert_eq!(slug("Ærø"), "r");
        assert_eq!(slug("***"), "");
        assert!(slug(&"word ".repeat(30)).len() <= 48);
    }

    #[test]
    fn stages_read_as_a_list_or_a_list_per_plateau() {
        let mut importer = Importer::default();
        for id in ["current", "target"] {
            let plateau = (id.to_owned(), id.to_owned(), None, format!("plateau-{id}"));
            importer.plateaus.push(plateau);
        }
        let stage = r#"{"id":"a","name":"A","moment_that_matters":true,"insights":["ins-x"]}"#;
        let Some(Stages::Fixed(list)) = importer.stages(&format!("[{stage}]")) else {
            panic!("a list of stages");
        };
        assert!(list[0].moment_that_matters);
        assert_eq!(list[0].insights, ["ins-x"]);
        let by_plateau = format!(r#"{{"target":[{stage}],"current":[]}}"#);
        let Some(Stages::ByPlateau(steps)) = importer.stages(&by_plateau) else {
            panic!("stages per plateau");
        };
        let plateaus: Vec<usize> = steps.iter().map(|(p, _)| *p).collect();
        assert_eq!(plateaus, [0, 1]);
        for bad in [
            "",
            "42",
            r#"{"nowhere":[]}"#,
            r#"{"current":{"id":"a","name":"A"}}"#,
            r#"[{"name":"no id"}]"#,
            "{}",
        ] {
            assert!(importer.stages(bad).is_none(), "{bad}");
        }
    }

    #[test]
    fn scalars_read_by_type() {
        assert_eq!(
            scalar(FieldType::Integer { min: 0, max: 5 }, "4"),
            Some(Tree::Int(4))
        );
        assert_eq!(scalar(FieldType::Integer { min: 0, max: 5 }, "7"), None);
        assert_eq!(
            scalar(FieldType::Number { negative: true }, "72.5"),
            Some(Tree::Num(72.5))
        );
        assert_eq!(scalar(FieldType::Boolean, "yes"), None);
        assert_eq!(
            scalar(FieldType::Strings, "a, b"),
            Some(Tree::strings(["a", "b"]))
        );
        assert_eq!(
            scalar(FieldType::Strings, r#"["a, b", "c"]"#),
            Some(Tree::strings(["a, b", "c"]))
        );
    }
}
