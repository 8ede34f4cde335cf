//! Reading the model from the editor: definition, references, hover and symbols.

use std::fmt::Write as _;

use lsp_types::{
    DocumentSymbol, DocumentSymbolParams, GotoDefinitionResponse, Hover, HoverContents, Location,
    MarkupContent, MarkupKind, ReferenceParams, SymbolInformation, SymbolKind,
    WorkspaceSymbolParams,
};

use super::index::{Role, Symbol};
use super::{Context, Refusal, Server, file_uri};
use crate::model::{Element, ElementIdx, Staged, Value};
use crate::spec::{Kind, RuleId};

/// Where the id at `offset` is defined: the element's `id`, or the plateau's in
/// `tom.yaml`. A waiver's rule id leads nowhere (hover tells what the rule is).
pub(super) fn definition(
    cx: &mut Context<'_>,
    offset: usize,
) -> Result<Option<GotoDefinitionResponse>, Refusal> {
    let Some(at) = cx.index.at(cx.file, offset) else {
        return Ok(None);
    };
    let found = cx
        .index
        .of(at.symbol)
        .find(|o| o.role == Role::Definition)
        .and_then(|o| cx.location(o.span));
    Ok(found.map(GotoDefinitionResponse::Scalar))
}

/// Every place the id at the cursor is written, its definition included when asked.
pub(super) fn references(
    cx: &mut Context<'_>,
    p: ReferenceParams,
) -> Result<Option<Vec<Location>>, Refusal> {
    let offset = cx.offset(p.text_document_position.position);
    let Some(at) = cx.index.at(cx.file, offset) else {
        return Ok(None);
    };
    if matches!(at.symbol, Symbol::Waiver(..)) {
        return Ok(None);
    }
    let with_definition = p.context.include_declaration;
    let found = cx
        .index
        .of(at.symbol)
        .filter(|o| with_definition || o.role != Role::Definition)
        .filter_map(|o| cx.location(o.span))
        .collect();
    Ok(Some(found))
}

/// The card of the element, plateau or waived rule at `offset`.
pub(super) fn hover(cx: &mut Context<'_>, offset: usize) -> Result<Option<Hover>, Refusal> {
    let Some(at) = cx.index.at(cx.file, offset) else {
        return Ok(None);
    };
    let model = &cx.compiled.model;
    let text = match at.symbol {
        Symbol::Element(idx) => card(cx, idx),
        Symbol::Plateau(p) => {
            let plateau = &model.plateaus[p.0];
            let mut out = format!("**plateau** `{}`: {}", plateau.id, plateau.name);
            if let Some(date) = &plateau.date {
                let _ = write!(out, ", on {date}");
            }
            let position = match p.0 {
                0 => "the baseline, the model as it is today".to_owned(),
                n if n + 1 == model.plateaus.len() => "the target".to_owned(),
                n => format!("plateau {} of {}", n + 1, model.plateaus.len()),
            };
            let _ = write!(out, "\n\n{position}");
            out
        }
        Symbol::Waiver(idx, i) => {
            let waiver = &model.element(idx).waivers[i];
            match RuleId::from_id(&waiver.rule) {
                Some(rule) => format!(
                    "**rule** `{rule}` ({}, {} by default): {}\n\nWaived here: {}",
                    rule.family().title().to_lowercase(),
                    rule.default_severity(),
                    rule.summary(),
                    waiver.reason,
                ),
                None => format!("`{}` is not a rule of tomc", waiver.rule),
            }
        }
    };
    Ok(Some(Hover {
        contents: HoverContents::Markup(MarkupContent {
            kind: MarkupKind::Markdown,
            value: text,
        }),
        range: Some(cx.range(at.span)),
    }))
}

/// An element as a card: kind, name, description, owner, its values written per
/// plateau, and its links out and in.
fn card(cx: &Context<'_>, idx: ElementIdx) -> String {
    let model = &cx.compiled.model;
    let e = model.element(idx);
    let mut out = format!("**{}** `{}`: {}", e.kind.singular(), e.id, e.name());
    let plateau_id = |p: crate::model::PlateauIdx| model.plateaus[p.0].id.as_str();
    if e.from_span.is_some() || e.until_span.is_some() {
        let _ = write!(
            out,
            "\n\nexists from `{}` until `{}`",
            plateau_id(e.from),
            plateau_id(e.until)
        );
    }
    if let Some(Staged::Fixed(Value::Text(description))) =
        e.field(crate::spec::Field::Description).map(|f| &f.value)
    {
        let _ = write!(out, "\n\n{}", description.trim());
    }
    let name_of = |idx: ElementIdx| {
        let target = model.element(idx);
        format!("`{}` ({})", target.id, target.name())
    };
    let mut fixed = Vec::new();
    let mut staged = Vec::new();
    for field in &e.fields {
        let key = field.field.key();
        let shown_apart = key == "owner" && matches!(field.value, Staged::Fixed(_));
        if matches!(key, "name" | "description") || shown_apart {
            continue;
        }
        match &field.value {
            Staged::Fixed(value) => {
                if let Some(v) = shown(cx, value) {
                    fixed.push(format!("- {key}: {v}"));
                }
            }
            Staged::ByPlateau(steps) => {
                let values: Vec<String> = steps
                    .iter()
                    .map(|s| {
                        let v = shown(cx, &s.value).unwrap_or_else(|| "…".into());
                        format!("`{}` {v}", plateau_id(s.plateau))
                    })
                    .collect();
                staged.push(format!("- {key}: {}", values.join(" → ")));
            }
        }
    }
    if let Some(Staged::Fixed(Value::Ref(owner))) =
        e.field(crate::spec::Field::Owner).map(|f| &f.value)
    {
        let _ = write!(out, "\n\nowner: {}", name_of(owner.target));
    }
    if !fixed.is_empty() {
        let _ = write!(out, "\n\n{}", fixed.join("\n"));
    }
    if !staged.is_empty() {
        let _ = write!(out, "\n\n**per plateau**\n{}", staged.join("\n"));
    }
    let mut incoming: Vec<(String, &'static str)> = cx
        .index
        .of(Symbol::Element(idx))
        .filter_map(|o| match o.role {
            Role::Reference { from, field } => Some((model.element(from).id.clone(), field)),
            _ => None,
        })
        .collect();
    incoming.dedup();
    if !incoming.is_empty() {
        let _ = write!(out, "\n\n**linked from** ({})", incoming.len());
        for (id, field) in incoming.iter().take(LINKS_SHOWN) {
            let _ = write!(out, "\n- `{id}` ({field})");
        }
        if incoming.len() > LINKS_SHOWN {
            let _ = write!(out, "\n- and {} more", incoming.len() - LINKS_SHOWN);
        }
    }
    out
}

/// How many incoming links a card lists before it counts the rest.
const LINKS_SHOWN: usize = 12;

/// A value as the card shows it; `None` for a journey's stages or a KPI's actuals,
/// which are too long for a card.
fn shown(cx: &Context<'_>, value: &Value) -> Option<String> {
    let model = &cx.compiled.model;
    let id = |idx: ElementIdx| format!("`{}`", model.element(idx).id);
    Some(match value {
        Value::Text(t) => t.lines().next().unwrap_or("").to_owned(),
        Value::Integer(n) => n.to_string(),
        Value::Number(n) => crate::text::number(*n),
        Value::Boolean(b) => b.to_string(),
        Value::Enum(word) => (*word).to_owned(),
        Value::Strings(list) => list.join(", "),
        Value::Ref(r) => id(r.target),
        Value::Refs(rs) => rs
            .iter()
            .map(|r| id(r.target))
            .collect::<Vec<_>>()
            .join(", "),
        Value::Plateau(p) => format!("`{}`", model.plateaus[p.0].id),
        Value::Stages(stages) => format!("{} stages", stages.len()),
        Value::Actuals(actuals) => format!("{} measurements", actuals.len()),
    })
}

/// The elements defined in the file, under one symbol per kind.
pub(super) fn document_symbols(
    cx: &mut Context<'_>,
    _: DocumentSymbolParams,
) -> Result<Vec<DocumentSymbol>, Refusal> {
    let model = &cx.compiled.model;
    let mut groups: Vec<(Kind, Vec<DocumentSymbol>)> = Vec::new();
    for o in cx.index.in_file(cx.file) {
        let (Symbol::Element(idx), Role::Definition) = (o.symbol, o.role) else {
            continue;
        };
        let e = model.element(idx);
        let symbol = element_symbol(cx, e);
        match groups.iter_mut().find(|(k, _)| *k == e.kind) {
            Some((_, list)) => list.push(symbol),
            None => groups.push((e.kind, vec![symbol])),
        }
    }
    Ok(groups
        .into_iter()
        .map(|(kind, children)| {
            let first = children.first().map(|c| c.range.start).unwrap_or_default();
            let last = children.last().map(|c| c.range.end).unwrap_or_default();
            let range = lsp_types::Range::new(first, last);
            #[allow(deprecated)] // `deprecated` is a required field of the struct
            DocumentSymbol {
                name: kind.key().to_owned(),
                detail: Some(crate::text::count(children.len(), "element", "elements")),
                kind: SymbolKind::NAMESPACE,
                tags: None,
                deprecated: None,
                range,
                selection_range: range,
                children: Some(children),
            }
        })
        .collect())
}

/// An element as a document symbol: its id, with its kind and name beside it.
fn element_symbol(cx: &Context<'_>, e: &Element) -> DocumentSymbol {
    let range = cx.range(e.id_span);
    #[allow(deprecated)] // `deprecated` is a required field of the struct
    DocumentSymbol {
        name: e.id.clone(),
        detail: Some(format!("{}: {}", e.kind.singular(), e.name())),
        kind: symbol_kind(e.kind),
        tags: None,
        deprecated: None,
        range,
        selection_range: range,
        children: None,
    }
}

/// The elements of every checked project whose id or name holds `query` (any case),
/// by project, then id; at most [`WORKSPACE_SYMBOLS`].
pub(super) fn workspace_symbols(
    server: &mut Server,
    p: &WorkspaceSymbolParams,
) -> Vec<SymbolInformation> {
    let query = p.query.to_lowercase();
    let encoding = server.encoding;
    let mut out = Vec::new();
    for project in server.projects.values() {
        let Some(compiled) = &project.compiled else {
            continue;
        };
        for (_, e) in compiled.model.iter() {
            if out.len() == WORKSPACE_SYMBOLS {
                return out;
            }
            let matches = e.id.contains(&query) || e.name().to_lowercase().contains(&query);
            let file = compiled.sources.get(e.id_span.file);
            let Some(uri) = file_uri(&file.path).filter(|_| matches) else {
                continue;
            };
            #[allow(deprecated)] // `deprecated` is a required field of the struct
            out.push(SymbolInformation {
                name: e.id.clone(),
                kind: symbol_kind(e.kind),
                tags: None,
                deprecated: None,
                location: Location::new(uri, encoding.range(file, e.id_span)),
                container_name: Some(format!("{}: {}", e.kind.key(), e.name())),
            });
        }
    }
    out
}

/// The most workspace symbols one query answers.
const WORKSPACE_SYMBOLS: usize = 500;

/// The symbol kind an editor draws for an element kind.
fn symbol_kind(kind: Kind) -> SymbolKind {
    match kind.key() {
        "objectives" | "kpis" => SymbolKind::EVENT,
        "capabilities" => SymbolKind::CLASS,
        "processes" | "journeys" => SymbolKind::FUNCTION,
        "systems" | "suppliers" => SymbolKind::MODULE,
        "information" => SymbolKind::STRUCT,
        "org_units" | "roles" | "personas" => SymbolKind::OBJECT,
        "initiatives" => SymbolKind::PACKAGE,
        "touchpoints" => SymbolKind::INTERFACE,
        "locations" => SymbolKind::CONSTANT,
        _ => SymbolKind::VARIABLE,
    }
}
