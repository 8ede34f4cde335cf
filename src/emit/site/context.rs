//! What the site's templates see: the checked model turned into plain data (strings,
//! numbers, lists, maps), with links as relative URLs and descriptions as safe HTML.
//! Every page gets the shared data (project, plateaus, navigation) as a global and its
//! own data as `page`.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use serde_json::{Value as Json, json};

use crate::analysis::coverage::{journey_stages, moment_that_matters, objectives_realized};
use crate::analysis::gaps::{GapReport, Trend};
use crate::analysis::plateau::Projection;
use crate::compile::Compiled;
use crate::diag::{Diagnostic, Severity};
use crate::emit::findings::location;
use crate::emit::gap_report::{kind_title, number};
use crate::emit::manifest::{inverse_name, value_tree};
use crate::emit::tree::Tree;
use crate::model::{Element, ElementIdx, Model, PlateauIdx, Value};
use crate::rules::Family;
use crate::rules::registry::RULES;
use crate::spec::{Field, Kind, all_fields};

use super::markdown::{plain_summary, to_safe_html};

/// URL of an element's page from the site root.
pub fn element_url(id: &str) -> String {
    format!("elements/{}.html", file_stem(id))
}

/// URL of a journey's page from the site root.
pub fn journey_url(id: &str) -> String {
    format!("journeys/{}.html", file_stem(id))
}

/// The file name (without extension) for an id: the id itself, except that
/// - a name Windows reserves for a device (`con`, `nul`, `aux`, `prn`, `com0`–`com9`,
///   `lpt0`–`lpt9`, in any case, alone or before a `.`) gets a `~` after it (`con~`,
///   `nul~.x`), so a site built anywhere opens on Windows;
/// - an id that is not valid (reported by `invalid-id`; the site still shows it) has
///   every byte but `a`–`z`, `0`–`9`, `_` and `-` written as `~` and two hex digits,
///   so `../x` or `a/b` names a file in its own directory, never another (an empty
///   id is `~`).
///
/// Ids cannot contain `~`, so the name is never another valid id's.
pub fn file_stem(id: &str) -> String {
    if !crate::spec::is_valid_id(id) {
        if id.is_empty() {
            return "~".into();
        }
        let mut out = String::with_capacity(id.len() * 3);
        for b in id.bytes() {
            if b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_' || b == b'-' {
                out.push(char::from(b));
            } else {
                let _ = write!(out, "~{b:02x}");
            }
        }
        return out;
    }
    let (base, rest) = id.find('.').map_or((id, ""), |dot| id.split_at(dot));
    if is_windows_device(base) {
        format!("{base}~{rest}")
    } else {
        id.to_owned()
    }
}

/// Whether Windows reserves `name` (the part of a file name before its first dot).
fn is_windows_device(name: &str) -> bool {
    let name = name.trim_end_matches(' ').to_ascii_lowercase();
    match name.as_bytes() {
        [a, b, c] => matches!(&[*a, *b, *c], b"con" | b"nul" | b"aux" | b"prn"),
        [a, b, c, d] => matches!(&[*a, *b, *c], b"com" | b"lpt") && d.is_ascii_digit(),
        _ => false,
    }
}

/// The model at every plateau, projected once for all pages.
pub fn views(model: &Model) -> Vec<Projection<'_>> {
    (0..model.plateaus.len())
        .map(|p| model.at(PlateauIdx(p)))
        .collect()
}

/// The findings of each element, by element id, in report order.
pub fn findings_by_element(compiled: &Compiled) -> BTreeMap<&str, Vec<&Diagnostic>> {
    let mut map: BTreeMap<&str, Vec<&Diagnostic>> = BTreeMap::new();
    for d in &compiled.diagnostics {
        if let Some(id) = d.element.as_deref() {
            map.entry(id).or_default().push(d);
        }
    }
    map
}

/// The data shared by every page.
pub fn global(compiled: &Compiled) -> Json {
    let model = &compiled.model;
    let summary = compiled.summary();
    json!({
        "tomc": env!("CARGO_PKG_VERSION"),
        "project": {
            "name": model.name,
            "description": model.description.as_deref().map(to_safe_html),
        },
        "plateaus": plateaus(model),
        "baseline": model.plateaus.first().map(|p| p.id.clone()),
        "target": model.plateaus.last().map(|p| p.id.clone()),
        "summary": {
            "errors": summary.errors,
            "warnings": summary.warnings,
            "infos": summary.infos,
            "waived": summary.waived,
            "structural": compiled.diagnostics.iter().any(Diagnostic::is_structural_error),
        },
        "nav": [
            {"id": "index", "title": "Overview", "url": "index.html"},
            {"id": "strategy", "title": "Strategy map", "url": "strategy.html"},
            {"id": "heatmap", "title": "Capabilities", "url": "heatmap.html"},
            {"id": "journeys", "title": "Journeys", "url": "journeys.html"},
            {"id": "kpis", "title": "KPIs", "url": "kpis.html"},
            {"id": "roadmap", "title": "Roadmap", "url": "roadmap.html"},
            {"id": "elements", "title": "Elements", "url": "elements.html"},
            {"id": "rules", "title": "Rules", "url": "rules.html"},
            {"id": "search", "title": "Search", "url": "search.html"},
        ],
    })
}

fn plateaus(model: &Model) -> Json {
    model
        .plateaus
        .iter()
        .map(|p| json!({"id": p.id, "name": p.name, "date": p.date}))
        .collect()
}

fn element_link(model: &Model, idx: ElementIdx) -> Json {
    let e = model.element(idx);
    json!({
        "id": e.id,
        "name": e.name(),
        "kind": e.kind.singular(),
        "url": element_url(&e.id),
    })
}

fn finding(compiled: &Compiled, d: &Diagnostic) -> Json {
    let place = location(&compiled.sources, d);
    json!({
        "rule": d.rule,
        "severity": d.severity.as_str(),
        "message": d.message,
        "message_html": code_spans(&d.message),
        "help": d.help,
        "element": d.element.as_deref().filter(|id| compiled.model.find(id).is_some()),
        "element_url": d.element.as_deref().filter(|id| compiled.model.find(id).is_some()).map(element_url),
        "plateau": d.plateau,
        "file": place.as_ref().map(|l| l.file.clone()),
        "line": place.as_ref().map(|l| l.start.line),
        "column": place.as_ref().map(|l| l.start.column),
    })
}

/// A tomc message as HTML: escaped, its `quoted` ids as code.
pub fn code_spans(message: &str) -> String {
    message
        .split('`')
        .enumerate()
        .map(|(i, part)| {
            let part = crate::emit::document::escape_html(part);
            if i % 2 == 1 {
                format!("<code>{part}</code>")
            } else {
                part
            }
        })
        .collect()
}

/// How many findings of each severity the overview lists.
pub const OVERVIEW_FINDINGS: usize = 500;

/// The overview page.
pub fn overview(compiled: &Compiled) -> Json {
    let model = &compiled.model;
    let counts: Vec<Json> = Kind::ALL
        .iter()
        .map(|&k| {
            let n = model.elements.iter().filter(|e| e.kind == k).count();
            json!({"kind": kind_title(k), "key": k.key(), "count": n})
        })
        .collect();
    let coverage = compiled.coverage.as_ref().map(|c| {
        json!({
            "plateau": c.plateau,
            "figures": c.figures().iter().map(|(label, r)| json!({
                "label": label, "covered": r.covered, "total": r.total,
                "percent": r.percent(),
            })).collect::<Vec<_>>(),
        })
    });
    // A long list stops at OVERVIEW_FINDINGS per severity; findings.json has them all.
    let by_severity = |s: Severity| -> Json {
        let all: Vec<&Diagnostic> = compiled
            .diagnostics
            .iter()
            .filter(|d| d.severity == s)
            .collect();
        json!({
            "total": all.len(),
            "shown": all.iter().take(OVERVIEW_FINDINGS).map(|d| finding(compiled, d)).collect::<Vec<_>>(),
        })
    };
    let waivers: Vec<Json> = compiled
        .waivers
        .iter()
        .filter_map(|w| {
            let e = model.element(w.element);
            let waiver = e.waivers.get(w.index)?;
            Some(json!({
                "rule": waiver.rule,
                "element": e.id,
                "element_url": element_url(&e.id),
                "reason": waiver.reason,
                "silenced": w.silenced,
            }))
        })
        .collect();
    json!({
        "counts": counts,
        "total": model.elements.len(),
        "coverage": coverage,
        "findings": {
            "error": by_severity(Severity::Error),
            "warning": by_severity(Severity::Warning),
            "info": by_severity(Severity::Info),
        },
        "waivers": waivers,
    })
}

/// The strategy map: drivers → objectives → capabilities → touchpoints, one row per
/// objective, at the target plateau.
pub fn strategy(model: &Model) -> Json {
    let at = model.at(model.target());
    let realized = objectives_realized(&at);
    let rows: Vec<Json> = at
        .of_kind(Kind::Objectives)
        .map(|(idx, e)| {
            let drivers: Vec<Json> = at
                .linked(idx, Kind::Drivers, Field::Objectives)
                .map(|d| element_link(model, d))
                .collect();
            let capabilities: Vec<ElementIdx> =
                at.linked(idx, Kind::Capabilities, Field::Realizes).collect();
            let mut touchpoints: Vec<ElementIdx> = capabilities
                .iter()
                .flat_map(|&c| at.linked(c, Kind::Touchpoints, Field::Capabilities))
                .collect();
            touchpoints.sort_unstable();
            touchpoints.dedup();
            let parent = at.refs(idx, Field::Parent).first().map(|r| r.target);
            let children = at.linked(idx, Kind::Objectives, Field::Parent).count();
            json!({
                "objective": element_link(model, idx),
                "parent": parent.map(|p| element_link(model, p)),
                "drivers": drivers,
                "capabilities": capabilities.iter().map(|&c| element_link(model, c)).collect::<Vec<_>>(),
                "touchpoints": touchpoints.iter().map(|&t| element_link(model, t)).collect::<Vec<_>>(),
                "realized": realized[idx.0],
                "through_children": realized[idx.0] && capabilities.is_empty() && children > 0,
                "kpis": at.refs(idx, Field::Kpis).iter().map(|r| element_link(model, r.target)).collect::<Vec<_>>(),
                "unmeasured": at.refs(idx, Field::Kpis).is_empty(),
                "name": e.name(),
            })
        })
        .collect();
    let unsupported: Vec<Json> = at
        .of_kind(Kind::Touchpoints)
        .filter(|(t, _)| !crate::analysis::coverage::touchpoint_supported(&at, *t))
        .map(|(t, _)| element_link(model, t))
        .collect();
    let unaligned: Vec<Json> = at
        .of_kind(Kind::Capabilities)
        .filter(|(c, _)| {
            at.refs(*c, Field::Realizes).is_empty()
                && at
                    .linked(*c, Kind::Touchpoints, Field::Capabilities)
                    .next()
                    .is_none()
                && at
                    .linked(*c, Kind::Capabilities, Field::Parent)
                    .next()
                    .is_none()
        })
        .map(|(c, _)| element_link(model, c))
        .collect();
    json!({
        "plateau": at.plateau_def().id,
        "rows": rows,
        "unsupported_touchpoints": unsupported,
        "unaligned_capabilities": unaligned,
    })
}

/// The capability heat map: the capability tree (by `parent` at the latest plateau each
/// capability exists in) as a flat list of `open`/`close` items, depth first, each
/// capability with its maturity at every plateau and its uplift to the target.
pub fn heatmap(model: &Model) -> Json {
    let caps: Vec<(ElementIdx, &Element)> = model
        .iter()
        .filter(|(_, e)| e.kind == Kind::Capabilities)
        .collect();
    let parent_of = |e: &Element| {
        e.value_at(Field::Parent, e.until)
            .and_then(|v| v.refs().first())
            .map(|r| r.target)
            .filter(|&p| model.element(p).kind == Kind::Capabilities)
    };
    let mut children: BTreeMap<Option<ElementIdx>, Vec<ElementIdx>> = BTreeMap::new();
    for &(idx, e) in &caps {
        children.entry(parent_of(e)).or_default().push(idx);
    }
    let level =
        |e: &Element, p: PlateauIdx| match e.exists_in(p).then(|| e.value_at(Field::Maturity, p)) {
            Some(Some(Value::Integer(m))) => Some(*m),
            _ => None,
        };
    let mut items = Vec::new();
    let mut seen = vec![false; model.elements.len()];
    // Depth first without recursion; a parent cycle (a structural error) is cut.
    let mut stack: Vec<(ElementIdx, usize, bool)> = children
        .get(&None)
        .map(|r| r.iter().rev().map(|&c| (c, 1, false)).collect())
        .unwrap_or_default();
    while let Some((idx, depth, closing)) = stack.pop() {
        if closing {
            let leaf = children.get(&Some(idx)).is_none_or(Vec::is_empty);
            items.push(json!({"close": true, "leaf": leaf}));
            continue;
        }
        if std::mem::replace(&mut seen[idx.0], true) {
            continue;
        }
        let e = model.element(idx);
        let maturity: Vec<Json> = (0..model.plateaus.len())
            .map(PlateauIdx)
            .map(|p| {
                let value = if !e.exists_in(p) {
                    "absent".to_owned()
                } else {
                    level(e, p).map_or("none".to_owned(), |m| m.to_string())
                };
                json!({"plateau": model.plateaus[p.0].id, "value": value})
            })
            .collect();
        let shown = maturity
            .last()
            .and_then(|m| m["value"].as_str())
            .unwrap_or("none")
            .to_owned();
        let uplift =
            level(e, model.target()).unwrap_or(0) - level(e, model.baseline()).unwrap_or(0);
        let kids = children.get(&Some(idx)).map_or(&[][..], Vec::as_slice);
        items.push(json!({
            "open": true,
            "id": e.id,
            "name": e.name(),
            "url": element_url(&e.id),
            "maturity": maturity,
            "shown": shown,
            "uplift": uplift,
            "depth": depth,
            "leaf": kids.is_empty(),
        }));
        stack.push((idx, depth, true));
        stack.extend(kids.iter().rev().map(|&c| (c, depth + 1, false)));
    }
    json!({ "items": items, "count": caps.len() })
}

/// The list of journeys.
pub fn journeys(model: &Model) -> Json {
    let list: Vec<Json> = model
        .iter()
        .filter(|(_, e)| e.kind == Kind::Journeys)
        .map(|(idx, e)| {
            let persona = e
                .value_at(Field::Persona, e.until)
                .and_then(|v| v.refs().first())
                .map(|r| element_link(model, r.target));
            let stages = e
                .fields
                .iter()
                .find(|f| f.field == Field::Stages)
                .and_then(|f| f.value.at(e.until))
                .map_or(0, |v| match v {
                    Value::Stages(s) => s.len(),
                    _ => 0,
                });
            json!({
                "id": e.id,
                "name": e.name(),
                "url": journey_url(&e.id),
                "element_url": element_url(&e.id),
                "persona": persona,
                "stages": stages,
                "from": model.plateaus[e.from.0].id,
                "until": model.plateaus[e.until.0].id,
                "link": element_link(model, idx),
            })
        })
        .collect();
    json!({ "journeys": list })
}

/// One journey page: stages, touchpoints, pain points, emotion and KPIs, and below it
/// the service blueprint, at the last plateau the journey exists in.
pub fn journey(views: &[Projection<'_>], idx: ElementIdx) -> Json {
    let at = &views[views[0].model().element(idx).until.0];
    let model = at.model();
    let e = model.element(idx);
    let lane = |tps: &[ElementIdx], layer: &str| -> Vec<Json> {
        let mut procs: Vec<ElementIdx> = tps
            .iter()
            .flat_map(|&t| at.refs(t, Field::Processes).iter().map(|r| r.target))
            .filter(|&p| at.contains(p))
            .filter(|&p| match at.value(p, Field::Layer) {
                Some(Value::Enum(l)) => *l == layer,
                _ => false,
            })
            .collect();
        procs.sort_unstable();
        procs.dedup();
        procs.into_iter().map(|p| element_link(model, p)).collect()
    };
    let stages: Vec<Json> = journey_stages(at, idx)
        .iter()
        .map(|s| {
            let tps: Vec<ElementIdx> = s
                .touchpoints
                .iter()
                .map(|r| r.target)
                .filter(|&t| at.contains(t))
                .collect();
            let mut all_procs: Vec<ElementIdx> = tps
                .iter()
                .flat_map(|&t| at.refs(t, Field::Processes).iter().map(|r| r.target))
                .filter(|&p| at.contains(p))
                .collect();
            all_procs.sort_unstable();
            all_procs.dedup();
            let unlayered: Vec<Json> = all_procs
                .iter()
                .filter(|&&p| at.value(p, Field::Layer).is_none())
                .map(|&p| element_link(model, p))
                .collect();
            let mut systems: Vec<ElementIdx> = all_procs
                .iter()
                .flat_map(|&p| at.refs(p, Field::Systems).iter().map(|r| r.target))
                .filter(|&s| at.contains(s))
                .collect();
            systems.sort_unstable();
            systems.dedup();
            json!({
                "id": s.id,
                "name": s.name,
                "emotion": s.emotion,
                "pain_points": s.pain_points,
                "touchpoints": tps.iter().map(|&t| {
                    let mut link = element_link(model, t);
                    link["channel"] = json!(match at.value(t, Field::Channel) { Some(Value::Enum(c)) => Some(*c), _ => None });
                    link["moment"] = json!(moment_that_matters(at, t));
                    link
                }).collect::<Vec<_>>(),
                "frontstage": lane(&tps, "frontstage"),
                "backstage": lane(&tps, "backstage"),
                "support": lane(&tps, "support"),
                "unlayered": unlayered,
                "systems": systems.iter().map(|&s| element_link(model, s)).collect::<Vec<_>>(),
            })
        })
        .collect();
    let persona = at
        .refs(idx, Field::Persona)
        .first()
        .map(|r| element_link(model, r.target));
    json!({
        "id": e.id,
        "name": e.name(),
        "description": text_field(e, Field::Description, e.until).map(|d| to_safe_html(&d)),
        "element_url": element_url(&e.id),
        "plateau": at.plateau_def().id,
        "persona": persona,
        "kpis": at.refs(idx, Field::Kpis).iter().map(|r| element_link(model, r.target)).collect::<Vec<_>>(),
        "stages": stages,
    })
}

fn text_field(e: &Element, field: Field, p: PlateauIdx) -> Option<String> {
    match e.value_at(field, p) {
        Some(Value::Text(t)) => Some(t.clone()),
        _ => None,
    }
}

/// The KPI scorecard, grouped by voice.
pub fn kpis(model: &Model) -> Json {
    let report = GapReport::new(model, model.baseline(), model.target());
    let trend: BTreeMap<ElementIdx, Trend> = report.kpis.iter().map(|k| (k.kpi, k.trend)).collect();
    let mut groups: BTreeMap<usize, (String, Vec<Json>)> = BTreeMap::new();
    let voices = crate::spec::VOICES;
    for (idx, e) in model.iter().filter(|(_, e)| e.kind == Kind::Kpis) {
        let voice = match e.value_at(Field::Voice, e.until) {
            Some(Value::Enum(v)) => Some(*v),
            _ => None,
        };
        let order = voice
            .and_then(|v| voices.iter().position(|w| *w == v))
            .unwrap_or(voices.len());
        let unit = text_field(e, Field::Unit, e.until);
        let values: Vec<Json> = (0..model.plateaus.len())
            .map(PlateauIdx)
            .map(
                |p| match e.exists_in(p).then(|| e.value_at(Field::Value, p)) {
                    Some(Some(Value::Number(n))) => json!(number(*n)),
                    _ => Json::Null,
                },
            )
            .collect();
        let direction = match e.value_at(Field::Direction, e.until) {
            Some(Value::Enum(d)) => Some(*d),
            _ => None,
        };
        let row = json!({
            "kpi": element_link(model, idx),
            "unit": unit,
            "direction": direction,
            "values": values,
            "trend": trend.get(&idx).map_or("unknown", |t| t.as_str()),
        });
        groups
            .entry(order)
            .or_insert_with(|| (voice.unwrap_or("no voice").to_owned(), Vec::new()))
            .1
            .push(row);
    }
    let groups: Vec<Json> = groups
        .into_values()
        .map(|(voice, rows)| json!({"voice": voice, "rows": rows}))
        .collect();
    json!({ "groups": groups })
}

/// The roadmap: plateaus in order with the initiatives landing in each.
pub fn roadmap(model: &Model) -> Json {
    let report = GapReport::new(model, model.baseline(), model.target());
    let plateaus: Vec<Json> = model
        .plateaus
        .iter()
        .enumerate()
        .map(|(i, p)| {
            // In the order they can start: after what they depend on, then by id.
            let mut landing: Vec<_> = report
                .initiatives
                .iter()
                .filter(|r| r.lands_in == Some(PlateauIdx(i)))
                .collect();
            landing.sort_by_key(|r| {
                (
                    crate::emit::gap_report::dependency_depth(model, r.initiative),
                    &model.element(r.initiative).id,
                )
            });
            let landing: Vec<Json> = landing
                .into_iter()
                .map(|r| {
                    json!({
                        "initiative": element_link(model, r.initiative),
                        "rank": r.rank,
                        "cost": r.cost.map(crate::emit::gap_report::money),
                        "benefit": r.benefit.map(crate::emit::gap_report::money),
                        "ratio": r.ratio.map(|x| format!("{x:.2}")),
                        "depends_on": r.depends_on.iter().map(|&d| element_link(model, d)).collect::<Vec<_>>(),
                        "gaps": r.gaps_delivered,
                    })
                })
                .collect();
            json!({"id": p.id, "name": p.name, "date": p.date, "initiatives": landing})
        })
        .collect();
    json!({ "plateaus": plateaus })
}

/// Display form of a value: references as links, Markdown text as HTML, or plain text
/// (every key present, the unused ones null).
fn value_json(model: &Model, v: &Value) -> Json {
    let (refs, html, text) = match v {
        Value::Ref(r) => (Some(vec![element_link(model, r.target)]), None, None),
        Value::Refs(rs) => {
            let mut ids: Vec<ElementIdx> = rs.iter().map(|r| r.target).collect();
            ids.sort_unstable();
            ids.dedup();
            (
                Some(ids.iter().map(|&i| element_link(model, i)).collect()),
                None,
                None,
            )
        }
        Value::Text(t) => (None, Some(to_safe_html(t)), None),
        Value::Stages(stages) => (
            None,
            None,
            Some(format!(
                "{} stage{}",
                stages.len(),
                if stages.len() == 1 { "" } else { "s" }
            )),
        ),
        other => (None, None, Some(Tree::compact(&value_tree(model, other)))),
    };
    json!({"refs": refs, "html": html, "text": text})
}

/// One element's page: fields at every plateau, links in and out, findings, waivers.
pub fn element(
    compiled: &Compiled,
    views: &[Projection<'_>],
    findings: &BTreeMap<&str, Vec<&Diagnostic>>,
    idx: ElementIdx,
) -> Json {
    let model = &compiled.model;
    let e = model.element(idx);
    let present: Vec<PlateauIdx> = (0..model.plateaus.len())
        .map(PlateauIdx)
        .filter(|&p| e.exists_in(p))
        .collect();
    let mut fields = Vec::new();
    for spec in all_fields(e.kind) {
        if matches!(spec.field, Field::Name) {
            continue;
        }
        let Some(fv) = e.field(spec.field) else {
            continue;
        };
        let values: Vec<Json> = present
            .iter()
            .map(|&p| fv.value.at(p).map_or(Json::Null, |v| value_json(model, v)))
            .collect();
        let staged = matches!(fv.value, crate::model::Staged::ByPlateau(_));
        fields.push(json!({"field": spec.field.key(), "staged": staged, "values": values}));
    }
    // Links out and in, each with the plateaus where it holds.
    let mut out_links: BTreeMap<(&str, &str), Vec<String>> = BTreeMap::new();
    let mut in_links: BTreeMap<(&str, &str), Vec<String>> = BTreeMap::new();
    for &p in &present {
        let at = &views[p.0];
        for (field, r) in at.outgoing(idx) {
            let target = model.element(r.target);
            out_links
                .entry((field.key(), target.id.as_str()))
                .or_default()
                .push(model.plateaus[p.0].id.clone());
        }
        for link in at.incoming(idx) {
            let from = model.element(link.from);
            in_links
                .entry((inverse_name(from.kind, link.field), from.id.as_str()))
                .or_default()
                .push(model.plateaus[p.0].id.clone());
        }
    }
    let all = present.len();
    let links = |map: BTreeMap<(&str, &str), Vec<String>>| -> Vec<Json> {
        let mut grouped: BTreeMap<&str, Vec<Json>> = BTreeMap::new();
        for ((name, id), plateaus) in map {
            let Some(target) = model.find(id) else {
                continue;
            };
            let mut link = element_link(model, target);
            link["plateaus"] = if plateaus.len() == all {
                Json::Null
            } else {
                json!(plateaus.join(", "))
            };
            grouped.entry(name).or_default().push(link);
        }
        grouped
            .into_iter()
            .map(|(name, items)| json!({"name": name, "elements": items}))
            .collect()
    };
    let findings: Vec<Json> = findings
        .get(e.id.as_str())
        .map_or(&[][..], Vec::as_slice)
        .iter()
        .map(|d| finding(compiled, d))
        .collect();
    let waivers: Vec<Json> = compiled
        .waivers
        .iter()
        .filter(|w| w.element == idx)
        .filter_map(|w| {
            let waiver = e.waivers.get(w.index)?;
            Some(json!({"rule": waiver.rule, "reason": waiver.reason, "silenced": w.silenced}))
        })
        .collect();
    json!({
        "id": e.id,
        "name": e.name(),
        "kind": e.kind.singular(),
        "kind_title": kind_title(e.kind),
        "kind_key": e.kind.key(),
        "kind_doc": e.kind.doc(),
        "description": text_field(e, Field::Description, e.until).map(|d| to_safe_html(&d)),
        "from": model.plateaus[e.from.0].id,
        "until": model.plateaus[e.until.0].id,
        "plateaus": present.iter().map(|p| model.plateaus[p.0].id.clone()).collect::<Vec<_>>(),
        "fields": fields,
        "links_out": links(out_links),
        "links_in": links(in_links),
        "findings": findings,
        "waivers": waivers,
        "properties": e.properties.iter().map(|(k, v)| json!({"key": k, "value": v})).collect::<Vec<_>>(),
        "journey_url": (e.kind == Kind::Journeys).then(|| journey_url(&e.id)),
    })
}

/// The list of every element, by kind.
pub fn elements(model: &Model) -> Json {
    let kinds: Vec<Json> = Kind::ALL
        .iter()
        .map(|&k| {
            let items: Vec<Json> = model
                .iter()
                .filter(|(_, e)| e.kind == k)
                .map(|(i, _)| element_link(model, i))
                .collect();
            json!({"kind": kind_title(k), "key": k.key(), "elements": items})
        })
        .filter(|k| k["elements"].as_array().is_some_and(|a| !a.is_empty()))
        .collect();
    json!({ "kinds": kinds })
}

/// The search index: every element by id, name, kind, tags and description.
pub fn search_index(model: &Model) -> Json {
    model
        .iter()
        .map(|(_, e)| {
            let tags = match e.value_at(Field::Tags, e.until) {
                Some(Value::Strings(t)) => t.clone(),
                _ => Vec::new(),
            };
            let description = text_field(e, Field::Description, e.until)
                .map(|d| plain_summary(&d, 160))
                .unwrap_or_default();
            json!({
                "id": e.id,
                "name": e.name(),
                "kind": e.kind.singular(),
                "tags": tags,
                "description": description,
                "url": element_url(&e.id),
            })
        })
        .collect()
}

/// The rule catalogue, by family, each rule's documentation as HTML.
pub fn rules() -> Json {
    let families: Vec<Json> = Family::ALL
        .iter()
        .map(|&f| {
            let rules: Vec<Json> = RULES
                .iter()
                .filter(|r| r.family == f)
                .map(|r| {
                    let doc = r.documentation();
                    let body = doc.split_once('\n').map_or("", |(_, rest)| rest);
                    json!({
                        "id": r.id,
                        "default": r.default.as_str(),
                        "scope": r.scope.as_str(),
                        "summary": r.summary(),
                        "structural": r.structural,
                        "html": to_safe_html(body),
                    })
                })
                .collect();
            json!({"title": f.title(), "rules": rules})
        })
        .filter(|f| f["rules"].as_array().is_some_and(|a| !a.is_empty()))
        .collect();
    json!({ "families": families })
}
