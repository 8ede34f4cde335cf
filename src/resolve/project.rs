//! The project settings of `tom.yaml`: format version, name, plateaus, rule levels.

use crate::diag::{Diagnostic, suggestion};
use crate::load::Loaded;
use crate::model::Plateau;
use crate::raw::{Node, Value};
use crate::source::{Sources, Span};
use crate::spec::Levels;
use crate::spec::RuleId;
use crate::spec::rules::{self, SettingError};
use crate::spec::{FORMAT_VERSION, is_valid_id, iso_date};

use super::fields::{date_field, scalar_text, text_field, whole};
use super::invalid_id;

/// The settings read from `tom.yaml`.
pub(crate) struct Settings {
    pub name: String,
    pub description: Option<String>,
    /// `None` when the plateaus could not be read (already reported).
    pub plateaus: Option<Vec<Plateau>>,
    pub rule_levels: Levels,
}

pub(crate) fn settings(loaded: &Loaded, diags: &mut Vec<Diagnostic>) -> Settings {
    let mut settings = Settings {
        name: String::new(),
        description: None,
        plateaus: None,
        rule_levels: Levels::new(),
    };
    let Some(project) = &loaded.project else {
        return settings;
    };
    let sources = &loaded.sources;
    let entries = match &project.value {
        Value::Map(entries) => entries,
        Value::Null => {
            diags.push(
                Diagnostic::error(RuleId::Schema, project.span, "tom.yaml is empty")
                    .help("a project file needs at least `tom: 1`, `name:` and `plateaus:`; `tomc init` writes a starter project"),
            );
            return settings;
        }
        other => {
            diags.push(
                Diagnostic::error(
                    RuleId::Schema,
                    project.span,
                    format!("tom.yaml must be a mapping, found {}", other.type_name()),
                )
                .help("start tom.yaml with `tom: 1`, `name: ...` and `plateaus: [...]`"),
            );
            return settings;
        }
    };
    let get = |key: &str| entries.iter().find(|(k, _)| k.name == key).map(|(_, v)| v);

    match get("tom") {
        None => diags.push(missing(
            project.span,
            "tom",
            "add `tom: 1` (the format version) as the first line",
        )),
        Some(node) if whole(&node.value) == Some(FORMAT_VERSION) => {}
        Some(node) => diags.push(
            Diagnostic::error(
                RuleId::Schema,
                node.span,
                format!(
                    "unsupported format version `{}`: this tomc reads version {FORMAT_VERSION}",
                    scalar_text(sources, node).unwrap_or_default()
                ),
            )
            .label("format version")
            .help("write `tom: 1`"),
        ),
    }
    match get("name") {
        None => diags.push(missing(
            project.span,
            "name",
            "add `name: ...`, the organisation or programme the model describes",
        )),
        Some(node) => settings.name = text_field(sources, node, "name", diags).unwrap_or_default(),
    }
    if let Some(node) = get("description").filter(|n| n.value != Value::Null) {
        settings.description = text_field(sources, node, "description", diags);
    }
    match get("plateaus") {
        None => diags.push(missing(
            project.span,
            "plateaus",
            "add `plateaus:`, a list of `{ id, name }` from the current state to the target",
        )),
        Some(node) => settings.plateaus = plateaus(loaded, node, diags),
    }
    if let Some(node) = get("rules") {
        settings.rule_levels = rule_levels(loaded, node, diags);
    }
    settings
}

fn missing(span: Span, key: &str, help: &str) -> Diagnostic {
    Diagnostic::error(RuleId::Schema, span, format!("tom.yaml has no `{key}`"))
        .label(format!("missing `{key}`"))
        .help(help)
}

fn plateaus(loaded: &Loaded, node: &Node, diags: &mut Vec<Diagnostic>) -> Option<Vec<Plateau>> {
    let sources = &loaded.sources;
    let Value::Seq(items) = &node.value else {
        diags.push(
            Diagnostic::error(RuleId::Schema, node.span, format!("`plateaus` must be a list, found {}", node.value.type_name()))
                .help("write `plateaus: [{ id: current, name: Current state }, { id: target, name: Target state }]`"),
        );
        return None;
    };
    if items.is_empty() {
        diags.push(
            Diagnostic::error(RuleId::Schema, node.span, "`plateaus` is empty").help(
                "declare at least one plateau: the first is the current state, the last the target",
            ),
        );
        return None;
    }
    let mut out: Vec<Plateau> = Vec::new();
    for item in items {
        if let Some(plateau) = plateau(sources, item, &out, diags) {
            out.push(plateau);
        }
    }
    dates_ascend(&out, diags);
    (!out.is_empty()).then_some(out)
}

/// One plateau, after the plateaus `before` it; `None` when it has no id or repeats
/// the id of one before it.
fn plateau(
    sources: &Sources,
    item: &Node,
    before: &[Plateau],
    diags: &mut Vec<Diagnostic>,
) -> Option<Plateau> {
    let Some(entries) = item.as_map() else {
        diags.push(
            Diagnostic::error(
                RuleId::Schema,
                item.span,
                format!(
                    "a plateau must be a mapping, found {}",
                    item.value.type_name()
                ),
            )
            .help("write `{ id: target, name: Target state }`"),
        );
        return None;
    };
    let mut plateau = Plateau {
        id: String::new(),
        name: String::new(),
        date: None,
        date_span: None,
        span: item.span,
    };
    let mut has_name = false;
    for (key, value) in entries {
        has_name |= key.name == "name";
        plateau_field(sources, &mut plateau, &key.name, key.span, value, diags);
    }
    if plateau.id.is_empty() {
        diags.push(
            Diagnostic::error(RuleId::Schema, item.span, "this plateau has no `id`")
                .label("missing `id`")
                .help("add `id: ...`, e.g. `id: wave-1`"),
        );
        return None;
    }
    if !has_name {
        diags.push(
            Diagnostic::error(
                RuleId::Schema,
                plateau.span,
                format!("plateau `{}` has no `name`", plateau.id),
            )
            .help("add `name: ...`, e.g. `name: Target state 2028`"),
        );
    }
    if let Some(first) = before.iter().find(|p| p.id == plateau.id) {
        diags.push(
            Diagnostic::error(
                RuleId::DuplicateId,
                plateau.span,
                format!("plateau `{}` is declared twice", plateau.id),
            )
            .label("second declaration")
            .related(first.span, "first declared here")
            .help("plateau ids are unique: rename or remove one"),
        );
        return None;
    }
    Some(plateau)
}

/// The field `key` (written at `key_span`) of a plateau, read into `plateau`.
fn plateau_field(
    sources: &Sources,
    plateau: &mut Plateau,
    key: &str,
    key_span: Span,
    value: &Node,
    diags: &mut Vec<Diagnostic>,
) {
    match key {
        "id" => {
            if let Some(id) = scalar_text(sources, value) {
                if !is_valid_id(&id) {
                    diags.push(invalid_id(&id, value.span));
                }
                plateau.id = id;
                plateau.span = value.span;
            } else {
                diags.push(
                    Diagnostic::error(
                        RuleId::Schema,
                        value.span,
                        "a plateau `id` must be a string",
                    )
                    .help("write `id: target`"),
                );
            }
        }
        "name" => plateau.name = text_field(sources, value, "name", diags).unwrap_or_default(),
        "date" => {
            plateau.date = date_field(sources, value, "date", diags);
            plateau.date_span = Some(value.span);
        }
        other => diags.push(
            Diagnostic::error(
                RuleId::Schema,
                key_span,
                format!("unknown plateau field `{other}`"),
            )
            .label("unknown field")
            .help(
                suggestion(other, ["id", "name", "date"])
                    .unwrap_or_else(|| "a plateau has `id`, `name` and `date`".into()),
            ),
        ),
    }
}

/// Dated plateaus come in time order: each date after the one of the plateau before.
fn dates_ascend(plateaus: &[Plateau], diags: &mut Vec<Diagnostic>) {
    let mut previous: Option<(&Plateau, (u32, u32, u32))> = None;
    for plateau in plateaus {
        let Some(day) = plateau.date.as_deref().and_then(iso_date) else {
            continue;
        };
        if let Some((before, earlier)) = previous
            && day <= earlier
        {
            let at = plateau.date_span.unwrap_or(plateau.span);
            let date = plateau.date.as_deref().unwrap_or_default();
            let before_date = before.date.as_deref().unwrap_or_default();
            let mut d = Diagnostic::error(
                RuleId::Schema,
                at,
                format!(
                    "plateau `{}` is dated {date}, on or before plateau `{}` listed before it ({before_date})",
                    plateau.id, before.id
                ),
            )
            .label("out of time order")
            .help("plateaus are listed from the current state to the target: correct the date, or the order of `plateaus`");
            if let Some(span) = before.date_span {
                d = d.related(span, format!("`{}` is dated here", before.id));
            }
            diags.push(d);
        }
        previous = Some((plateau, day));
    }
}

fn rule_levels(loaded: &Loaded, node: &Node, diags: &mut Vec<Diagnostic>) -> Levels {
    let mut levels = Levels::new();
    let Some(entries) = node.as_map() else {
        if node.value != Value::Null {
            diags.push(
                Diagnostic::error(
                    RuleId::Schema,
                    node.span,
                    format!(
                        "`rules` must be a mapping of rule ids to levels, found {}",
                        node.value.type_name()
                    ),
                )
                .help("write `rules: { capability-unaligned: error }`"),
            );
        }
        return levels;
    };
    for (key, value) in entries {
        let rule = match rules::rule_named(&key.name) {
            Ok(rule) => rule,
            Err(e) => {
                diags.push(
                    Diagnostic::error(
                        RuleId::Schema,
                        key.span,
                        format!("unknown rule `{}`", key.name),
                    )
                    .label("not a rule id")
                    .help(e.help()),
                );
                continue;
            }
        };
        let level = scalar_text(&loaded.sources, value).unwrap_or_default();
        let parsed = match rules::level_for(rule, &level) {
            Ok(parsed) => parsed,
            Err(SettingError::Structural) => {
                diags.push(
                    Diagnostic::error(RuleId::Schema, value.span, format!("`{rule}` is a structural rule and cannot be set to `{level}`"))
                        .help("structural problems make the model unreadable; they are always errors: remove this line"),
                );
                continue;
            }
            Err(e) => {
                diags.push(
                    Diagnostic::error(
                        RuleId::Schema,
                        value.span,
                        format!("`{level}` is not a rule level"),
                    )
                    .label("not a level")
                    .help(e.help()),
                );
                continue;
            }
        };
        levels.insert(rule, parsed);
    }
    levels
}
