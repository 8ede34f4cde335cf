//! What each sheet holds, as plain data: the writers render it.

use crate::analysis::gaps::{Change, GapReport, ReportedGap};
use crate::analysis::plateau::Projection;
use crate::analysis::tracking::{actuals, tracking};
use crate::emit::gap_report::change_word;
use crate::emit::manifest::{own_fields, value_tree};
use crate::emit::tree::Tree;
use crate::model::{ElementIdx, Model, PlateauIdx, Value};
use crate::spec::{Field, FieldSpec, FieldType, Kind, ValueEnum, all_fields};
use crate::text::float;

use super::names::sheet_name;
use super::{Cell, Link, Sheet};

/// The sheet of a journey's stages, a row per stage.
const STAGES: &str = "journey_stages";
/// The sheet of the KPIs' measured values, a row per value.
const ACTUALS: &str = "kpi_actuals";
/// The sheet of the initiatives in roadmap order.
const ROADMAP: &str = "roadmap";
/// The sheet of the KPI scorecard.
const SCORECARD: &str = "kpi_scorecard";

/// Where each element and its extra rows are, to link to them.
struct Places<'m> {
    model: &'m Model,
    /// The row of each element on its kind's sheet, by element index; `None` for an
    /// element that does not exist at the plateau.
    rows: Vec<Option<usize>>,
    /// The first row of each journey's stages on [`STAGES`], by element index.
    stages: Vec<Option<usize>>,
}

impl<'m> Places<'m> {
    fn of(at: &Projection<'m>) -> Self {
        let model = at.model();
        let n = model.elements.len();
        let mut places = Places {
            model,
            rows: vec![None; n],
            stages: vec![None; n],
        };
        for &kind in Kind::ALL {
            for (row, (idx, _)) in at.of_kind(kind).enumerate() {
                places.rows[idx.0] = Some(row);
            }
        }
        let mut next = 0;
        for (idx, _) in at.of_kind(Kind::Journeys) {
            let count = stages_at(at, idx).len();
            if count > 0 {
                places.stages[idx.0] = Some(next);
                next += count;
            }
        }
        places
    }

    /// The row of element `idx` on its kind's sheet, if it is there.
    fn element(&self, idx: ElementIdx) -> Option<Link> {
        let row = self.rows.get(idx.0).copied().flatten()?;
        Some(Link {
            sheet: self.model.element(idx).kind.key().to_owned(),
            row,
        })
    }

    /// The row of the element with this id on its kind's sheet, if it is there.
    fn id(&self, id: &str) -> Option<Link> {
        self.model.find(id).and_then(|idx| self.element(idx))
    }

    /// A cell with one id, linked to its row.
    fn id_cell(&self, id: &str) -> Cell {
        Cell::text(id).linked(self.id(id))
    }

    /// A cell with ids joined by `, `, linked to the row of the one id it holds.
    fn ids_cell<S: AsRef<str>>(&self, ids: &[S]) -> Cell {
        let joined: Vec<&str> = ids.iter().map(AsRef::as_ref).collect();
        let link = match joined.as_slice() {
            [one] => self.id(one),
            _ => None,
        };
        Cell::text(joined.join(", ")).linked(link)
    }

    /// The ids of elements, sorted, as a cell.
    fn elements_cell(&self, elements: &[ElementIdx]) -> Cell {
        let mut ids: Vec<&str> = elements
            .iter()
            .map(|&i| self.model.element(i).id.as_str())
            .collect();
        ids.sort_unstable();
        ids.dedup();
        self.ids_cell(&ids)
    }
}

/// The stages of journey `idx` at the projection's plateau, as the manifest writes them.
fn stages_at(at: &Projection<'_>, idx: ElementIdx) -> Vec<Tree> {
    match at
        .value(idx, Field::Stages)
        .map(|v| value_tree(at.model(), v))
    {
        Some(Tree::List(stages)) => stages,
        _ => Vec::new(),
    }
}

/// Every sheet, in workbook order.
pub(super) fn sheets(model: &Model, p: PlateauIdx) -> Vec<Sheet> {
    let at = model.at(p);
    let places = Places::of(&at);
    let mut out = Vec::new();
    for &kind in Kind::ALL {
        out.push(kind_sheet(&at, &places, kind));
        match kind {
            Kind::Kpis => out.push(actuals_sheet(&at, &places)),
            Kind::Journeys => out.push(stages_sheet(&at, &places)),
            _ => {}
        }
    }
    for end in 1..model.plateaus.len() {
        let (a, b) = (PlateauIdx(end - 1), PlateauIdx(end));
        out.push(gap_sheet(&places, &GapReport::new(model, a, b)));
    }
    let whole = GapReport::new(model, model.baseline(), model.target());
    out.push(roadmap_sheet(&places, &whole));
    out.push(scorecard_sheet(&places, &whole));
    // Kind sheets and the fixed names come first and keep their names, which links use.
    let mut taken: Vec<String> = Vec::with_capacity(out.len());
    for sheet in &mut out {
        sheet.name = sheet_name(&sheet.name, &taken);
        taken.push(sheet.name.clone());
    }
    out
}

/// A column of a kind's sheet.
enum Column {
    /// `id`.
    Id,
    /// `from` or `until`.
    Plateau(&'static str),
    /// A field of the format.
    Field(&'static FieldSpec),
    /// `waivers`: `rule: reason`, one a line.
    Waivers,
    /// `properties.KEY`.
    Property(String),
}

/// The sheet of one kind: a row per element that exists at the plateau, by id.
fn kind_sheet(at: &Projection<'_>, places: &Places<'_>, kind: Kind) -> Sheet {
    let model = at.model();
    let specs: Vec<&'static FieldSpec> = all_fields(kind).collect();
    let head = specs
        .iter()
        .take_while(|s| matches!(s.field, Field::Name | Field::Description))
        .count();
    let mut columns = vec![Column::Id];
    columns.extend(specs[..head].iter().map(|&s| Column::Field(s)));
    columns.push(Column::Plateau("from"));
    columns.push(Column::Plateau("until"));
    columns.extend(specs[head..].iter().map(|&s| Column::Field(s)));
    columns.push(Column::Waivers);
    let mut keys: Vec<&str> = at
        .of_kind(kind)
        .flat_map(|(_, e)| e.properties.keys().map(String::as_str))
        .collect();
    keys.sort_unstable();
    keys.dedup();
    columns.extend(keys.into_iter().map(|k| Column::Property(k.to_owned())));

    let header = columns
        .iter()
        .map(|c| match c {
            Column::Id => "id".to_owned(),
            Column::Plateau(name) => (*name).to_owned(),
            Column::Field(spec) => spec.field.key().to_owned(),
            Column::Waivers => "waivers".to_owned(),
            Column::Property(key) => format!("properties.{key}"),
        })
        .collect();
    let rows = at
        .of_kind(kind)
        .map(|(idx, e)| {
            let fields = own_fields(model, idx, at.plateau());
            let get = |key: &str| fields.iter().find(|(k, _)| k == key).map(|(_, t)| t);
            columns
                .iter()
                .map(|c| match c {
                    Column::Id => Cell::text(&e.id),
                    Column::Plateau(name) => get(name).map_or_else(Cell::empty, scalar),
                    Column::Field(spec) => field_cell(places, idx, spec, get(spec.field.key())),
                    Column::Waivers => match get("waivers") {
                        Some(Tree::List(waivers)) => Cell::text(
                            waivers
                                .iter()
                                .map(|w| format!("{}: {}", entry(w, "rule"), entry(w, "reason")))
                                .collect::<Vec<_>>()
                                .join("\n"),
                        ),
                        _ => Cell::empty(),
                    },
                    Column::Property(key) => {
                        e.properties.get(key).map_or_else(Cell::empty, Cell::text)
                    }
                })
                .collect()
        })
        .collect();
    Sheet {
        name: kind.key().to_owned(),
        header,
        rows,
    }
}

/// The text of `key` in the mapping `tree`, or nothing.
fn entry(tree: &Tree, key: &str) -> String {
    match tree {
        Tree::Map(entries) => entries
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| match v {
                Tree::Str(s) => s.clone(),
                other => other.compact(),
            })
            .unwrap_or_default(),
        _ => String::new(),
    }
}

/// The cell of a field of element `idx`, from its value as the manifest writes it.
fn field_cell(
    places: &Places<'_>,
    idx: ElementIdx,
    spec: &FieldSpec,
    value: Option<&Tree>,
) -> Cell {
    let Some(value) = value else {
        return Cell::empty();
    };
    match (spec.ty, value) {
        (FieldType::Reference(_), Tree::Str(id)) => places.id_cell(id),
        (FieldType::References(_), Tree::List(items)) => places.ids_cell(&strings(items)),
        (FieldType::Strings, Tree::List(items)) => Cell::text(strings(items).join("\n")),
        (FieldType::Stages, Tree::List(stages)) => {
            let ids: Vec<String> = stages.iter().map(|s| entry(s, "id")).collect();
            let link = places.stages[idx.0].map(|row| Link {
                sheet: STAGES.to_owned(),
                row,
            });
            Cell::text(ids.join(", ")).linked(link)
        }
        // The values themselves are on the actuals sheet, a row each.
        (FieldType::Actuals, Tree::List(items)) => Cell::number(count(items.len())),
        _ => scalar(value),
    }
}

/// The strings of a list, other items written compactly.
fn strings(items: &[Tree]) -> Vec<String> {
    items
        .iter()
        .map(|t| match t {
            Tree::Str(s) => s.clone(),
            other => other.compact(),
        })
        .collect()
}

/// A one-value tree as a cell: text, number or boolean; lists and maps compactly.
fn scalar(tree: &Tree) -> Cell {
    match tree {
        Tree::Null => Cell::empty(),
        Tree::Bool(b) => Cell::bool(*b),
        Tree::Int(i) => Cell::number(float(*i)),
        Tree::Num(n) => Cell::number(*n),
        Tree::Str(s) => Cell::text(s),
        Tree::List(_) | Tree::Map(_) => Cell::text(tree.compact()),
    }
}

/// A count as a number cell's value.
fn count(n: usize) -> f64 {
    float(i64::try_from(n).unwrap_or(i64::MAX))
}

/// The stages of the journeys at the plateau, a row per stage, journeys by id and
/// stages in their order.
fn stages_sheet(at: &Projection<'_>, places: &Places<'_>) -> Sheet {
    // The journey and the stage's place in it, then a column per key a stage may have.
    let header: Vec<String> = ["journey", "order"]
        .into_iter()
        .chain(crate::spec::STAGE_KEYS.iter().copied())
        .map(str::to_owned)
        .collect();
    let mut rows = Vec::new();
    for (idx, e) in at.of_kind(Kind::Journeys) {
        for (i, stage) in stages_at(at, idx).iter().enumerate() {
            let Tree::Map(entries) = stage else { continue };
            let get = |key: &str| entries.iter().find(|(k, _)| k == key).map(|(_, v)| v);
            let list = |key: &str| match get(key) {
                Some(Tree::List(items)) => strings(items),
                _ => Vec::new(),
            };
            rows.push(vec![
                Cell::text(&e.id).linked(places.element(idx)),
                Cell::number(count(i + 1)),
                Cell::text(entry(stage, "id")),
                Cell::text(entry(stage, "name")),
                places.ids_cell(&list("touchpoints")),
                Cell::text(list("pain_points").join("\n")),
                Cell::text(entry(stage, "emotion")),
                Cell::bool(matches!(get("moment_that_matters"), Some(Tree::Bool(true)))),
                places.ids_cell(&list("insights")),
            ]);
            // A key added to STAGE_KEYS needs its cell here too.
            debug_assert_eq!(rows.last().map(Vec::len), Some(header.len()));
        }
    }
    Sheet {
        name: STAGES.to_owned(),
        header,
        rows,
    }
}

/// The measured values of the KPIs at the plateau, a row per value, KPIs by id and
/// values by date: the columns of a measurements file.
fn actuals_sheet(at: &Projection<'_>, places: &Places<'_>) -> Sheet {
    let mut rows = Vec::new();
    for (idx, e) in at.of_kind(Kind::Kpis) {
        for actual in actuals(e) {
            rows.push(vec![
                Cell::text(&e.id).linked(places.element(idx)),
                Cell::text(&actual.date),
                Cell::number(actual.value),
                actual.note.as_deref().map_or_else(Cell::empty, Cell::text),
            ]);
        }
    }
    Sheet {
        name: ACTUALS.to_owned(),
        header: ["kpi", "date", "value", "note"]
            .iter()
            .map(|&h| h.to_owned())
            .collect(),
        rows,
    }
}

/// The gaps of one step, as `tomc gaps --from A --to B` reports them: by kind in the
/// format's order, then by id.
fn gap_sheet(places: &Places<'_>, report: &GapReport<'_>) -> Sheet {
    let model = report.model;
    let header = [
        "kind",
        "id",
        "name",
        "change",
        "fields",
        "needs_initiative",
        "delivered_by",
    ];
    let rows = report
        .gaps
        .iter()
        .map(|g: &ReportedGap| {
            let e = model.element(g.gap.element);
            let fields = match &g.gap.change {
                Change::Changed(fields) => fields
                    .iter()
                    .map(|f| f.key())
                    .collect::<Vec<_>>()
                    .join(", "),
                _ => String::new(),
            };
            vec![
                Cell::text(e.kind.key()),
                Cell::text(&e.id).linked(places.element(g.gap.element)),
                Cell::text(e.name()),
                Cell::text(change_word(&g.gap.change)),
                Cell::text(fields),
                Cell::bool(g.needs_initiative),
                places.elements_cell(&g.delivered_by),
            ]
        })
        .collect();
    Sheet {
        name: format!(
            "gaps {}→{}",
            model.plateaus[report.from.0].id, model.plateaus[report.to.0].id
        ),
        header: header.iter().map(|&h| h.to_owned()).collect(),
        rows,
    }
}

/// Two decimals, as the gap report writes ratios.
fn round2(x: f64) -> f64 {
    (x * 100.0).round() / 100.0
}

/// The roadmap: the initiatives landing after the first plateau and by the last (and
/// those with no `lands_in`), in roadmap order: must-dos first, then by benefit against
/// cost, then by value against effort, unsized last.
fn roadmap_sheet(places: &Places<'_>, report: &GapReport<'_>) -> Sheet {
    let model = report.model;
    let header = [
        "rank",
        "id",
        "name",
        "lands_in",
        "start",
        "end",
        "must_do",
        "cost",
        "benefit",
        "benefit_cost_ratio",
        "value_per_effort",
        "depends_on",
        "gaps_delivered",
    ];
    let number = |n: Option<f64>| n.map_or_else(Cell::empty, Cell::number);
    let rows = report
        .initiatives
        .iter()
        .map(|r| {
            let e = model.element(r.initiative);
            let date = |field| match e.value_at(field, e.until) {
                Some(Value::Text(t)) => Cell::text(t),
                _ => Cell::empty(),
            };
            vec![
                r.rank.map_or_else(Cell::empty, |n| Cell::number(count(n))),
                Cell::text(&e.id).linked(places.element(r.initiative)),
                Cell::text(e.name()),
                r.lands_in
                    .map_or_else(Cell::empty, |p| Cell::text(&model.plateaus[p.0].id)),
                date(Field::Start),
                date(Field::End),
                r.must_do.map_or_else(Cell::empty, |m| Cell::text(m.word())),
                number(r.cost),
                number(r.benefit),
                number(r.ratio.map(round2)),
                number(r.value_per_effort.map(round2)),
                places.elements_cell(&r.depends_on),
                Cell::number(count(r.gaps_delivered)),
            ]
        })
        .collect();
    Sheet {
        name: ROADMAP.to_owned(),
        header: header.iter().map(|&h| h.to_owned()).collect(),
        rows,
    }
}

/// The KPI scorecard: every KPI by id, with its value at every plateau, its trend from
/// the first plateau to the last, and its latest actual against its plan.
fn scorecard_sheet(places: &Places<'_>, report: &GapReport<'_>) -> Sheet {
    let model = report.model;
    let mut header: Vec<String> = ["id", "name", "voice", "unit", "direction"]
        .iter()
        .map(|&h| h.to_owned())
        .collect();
    header.extend(model.plateaus.iter().map(|p| format!("value {}", p.id)));
    header.extend(
        ["trend", "latest", "measured", "plan", "status"]
            .iter()
            .map(|&h| h.to_owned()),
    );
    let mut trends = vec!["unknown"; model.elements.len()];
    for k in &report.kpis {
        trends[k.kpi.0] = k.trend.as_str();
    }
    let rows = model
        .of_kind(Kind::Kpis)
        .map(|(idx, e)| {
            let text = |field| match e.value_at(field, e.until) {
                Some(Value::Text(t)) => Cell::text(t),
                Some(Value::Enum(w)) => Cell::text(*w),
                _ => Cell::empty(),
            };
            let mut row = vec![
                Cell::text(&e.id).linked(places.element(idx)),
                Cell::text(e.name()),
                text(Field::Voice),
                text(Field::Unit),
                text(Field::Direction),
            ];
            row.extend((0..model.plateaus.len()).map(PlateauIdx).map(|p| {
                match e.exists_in(p).then(|| e.value_at(Field::Value, p)) {
                    Some(Some(v)) => v.number().map_or_else(Cell::empty, Cell::number),
                    _ => Cell::empty(),
                }
            }));
            let tracked = tracking(model, e);
            row.extend([
                Cell::text(trends[idx.0]),
                tracked.map_or_else(Cell::empty, |t| Cell::number(t.latest.value)),
                tracked.map_or_else(Cell::empty, |t| Cell::text(&t.latest.date)),
                tracked
                    .and_then(|t| t.plan)
                    .map_or_else(Cell::empty, Cell::number),
                Cell::text(tracked.map_or("not measured", |t| t.status.as_str())),
            ]);
            row
        })
        .collect();
    Sheet {
        name: SCORECARD.to_owned(),
        header,
        rows,
    }
}
