//! Writing the project: `tom.yaml` and a model file per kind.

use crate::emit::tree::{Tree, to_yaml};
use crate::spec::{Field, FieldType, Kind, all_fields};

use super::report::count;
use super::{ImportError, Imported, Importer, Made, Stage, Stages, Target};

impl Importer {
    /// The project files.
    pub(super) fn write(
        mut self,
        file: &str,
        description: Option<String>,
    ) -> Result<Imported, ImportError> {
        let header = format!(
            "Imported by tomc from {file} (ArchiMate Model Exchange File).\nReview it, then run `tomc check`."
        );
        let yaml = |tree: &Tree| {
            to_yaml(tree, &header).map_err(|e| ImportError {
                file: file.to_owned(),
                line: 1,
                column: 1,
                message: e.to_string(),
                help: "report this as a bug in tomc".to_owned(),
            })
        };
        let plateaus: Vec<Tree> = self
            .plateaus
            .iter()
            .map(|(id, name, date, _)| {
                let mut entries = vec![
                    ("id".to_owned(), Tree::str(id)),
                    ("name".to_owned(), Tree::str(name)),
                ];
                if let Some(date) = date {
                    entries.push(("date".to_owned(), Tree::str(date)));
                }
                Tree::Map(entries)
            })
            .collect();
        let mut project = vec![
            ("tom".to_owned(), Tree::Int(1)),
            ("name".to_owned(), Tree::str(&self.report.model)),
        ];
        if let Some(d) = description {
            project.push(("description".to_owned(), Tree::str(d)));
        }
        project.push(("plateaus".to_owned(), Tree::List(plateaus)));
        let tom_yaml = yaml(&Tree::Map(project))?;

        let mut files = Vec::new();
        for &kind in Kind::ALL {
            let mut elements: Vec<&Made> = self
                .made
                .iter()
                .filter(|m| m.kind == kind && !m.left_out)
                .collect();
            if elements.is_empty() {
                continue;
            }
            elements.sort_by(|a, b| a.id.cmp(&b.id));
            let trees: Vec<Tree> = elements.iter().map(|m| self.element_tree(m)).collect();
            let text = yaml(&Tree::Map(vec![(kind.key().to_owned(), Tree::List(trees))]))?;
            files.push((format!("model/{}.yaml", kind.key()), text));
        }
        for m in self.made.iter().filter(|m| !m.left_out) {
            let taken = (m.archimate_type.clone(), m.kind.key());
            count(&mut self.report.elements, taken);
        }
        Ok(Imported {
            tom_yaml,
            files,
            report: self.report,
        })
    }

    fn element_tree(&self, m: &Made) -> Tree {
        let last = self.plateaus.len() - 1;
        let (from, until) = (m.from.unwrap_or(0), m.until.unwrap_or(last));
        let mut out = vec![
            ("id".to_owned(), Tree::str(&m.id)),
            ("name".to_owned(), Tree::str(&m.name)),
        ];
        if let Some(d) = &m.description {
            out.push(("description".to_owned(), Tree::str(d)));
        }
        if from != 0 {
            out.push(("from".to_owned(), Tree::str(&self.plateaus[from].0)));
        }
        if until != last {
            out.push(("until".to_owned(), Tree::str(&self.plateaus[until].0)));
        }
        for spec in all_fields(m.kind) {
            if let Some(v) = m.values.get(&spec.field) {
                out.push((spec.field.key().to_owned(), v.clone()));
            } else if let Some(targets) = m.refs.get(&spec.field).filter(|t| !t.is_empty()) {
                let single = matches!(spec.ty, FieldType::Reference(_));
                out.push((
                    spec.field.key().to_owned(),
                    self.refs_tree(targets, single, from, until),
                ));
            } else if spec.field == Field::Stages
                && let Some(stages) = &m.stages
            {
                out.push(("stages".to_owned(), self.stages_tree(stages)));
            }
        }
        if !m.waivers.is_empty() {
            let waivers = m
                .waivers
                .iter()
                .map(|(rule, reason)| {
                    Tree::Map(vec![
                        ("rule".to_owned(), Tree::str(rule)),
                        ("reason".to_owned(), Tree::str(reason)),
                    ])
                })
                .collect();
            out.push(("waivers".to_owned(), Tree::List(waivers)));
        }
        if !m.properties.is_empty() {
            let props = m
                .properties
                .iter()
                .map(|(k, v)| (k.clone(), Tree::str(v)))
                .collect();
            out.push(("properties".to_owned(), Tree::Map(props)));
        }
        Tree::Map(out)
    }

    /// Stages as written: one list, or a list per plateau where they change.
    fn stages_tree(&self, stages: &Stages) -> Tree {
        match stages {
            Stages::Fixed(list) => stage_list_tree(list),
            Stages::ByPlateau(steps) => Tree::Map(
                steps
                    .iter()
                    .map(|(p, list)| (self.plateaus[*p].0.clone(), stage_list_tree(list)))
                    .collect(),
            ),
        }
    }

    /// References as written: a plain value or list where they hold at every plateau of
    /// the holder, else a value per plateau where it changes.
    fn refs_tree(&self, targets: &[Target], single: bool, from: usize, until: usize) -> Tree {
        let ids_at = |p: Option<usize>| -> Vec<&str> {
            targets
                .iter()
                .filter(|(_, ps)| match (p, ps) {
                    (_, None) => true,
                    (Some(p), Some(ps)) => ps.contains(&p),
                    (None, Some(_)) => false,
                })
                .map(|(t, _)| self.made[*t].id.as_str())
                .collect()
        };
        // Single values take the first that holds (make_valid noted any other).
        let value = |ids: Vec<&str>| -> Tree {
            if single {
                ids.first().map_or(Tree::Null, |id| Tree::str(*id))
            } else {
                Tree::strings(ids)
            }
        };
        if targets.iter().all(|(_, ps)| ps.is_none()) {
            return value(ids_at(None));
        }
        let mut entries = Vec::new();
        let mut previous: Option<Vec<&str>> = None;
        for p in from..=until {
            let ids = ids_at(Some(p));
            // Before the first plateau with a target the field has no value, as when
            // the staged value starts later.
            if ids.is_empty() && previous.is_none() {
                continue;
            }
            if previous.as_ref() != Some(&ids) {
                previous = Some(ids.clone());
                entries.push((self.plateaus[p].0.clone(), value(ids)));
            }
        }
        Tree::Map(entries)
    }
}

fn stage_list_tree(stages: &[Stage]) -> Tree {
    Tree::List(
        stages
            .iter()
            .map(|s| {
                let mut out = vec![
                    ("id".to_owned(), Tree::str(&s.id)),
                    ("name".to_owned(), Tree::str(&s.name)),
                    (
                        "touchpoints".to_owned(),
                        Tree::strings(s.touchpoints.iter().map(String::as_str)),
                    ),
                ];
                if !s.pain_points.is_empty() {
                    out.push((
                        "pain_points".to_owned(),
                        Tree::strings(s.pain_points.iter().map(String::as_str)),
                    ));
                }
                if let Some(e) = &s.emotion {
                    out.push(("emotion".to_owned(), Tree::str(e)));
                }
                if s.moment_that_matters {
                    out.push(("moment_that_matters".to_owned(), Tree::Bool(true)));
                }
                if !s.insights.is_empty() {
                    out.push((
                        "insights".to_owned(),
                        Tree::strings(s.insights.iter().map(String::as_str)),
                    ));
                }
                Tree::Map(out)
            })
            .collect(),
    )
}
