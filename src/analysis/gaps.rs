//! Gaps: what separates one plateau from another, and the initiatives that deliver it.
//!
//! A gap between plateaus A and B is an element present in B but not in A (added),
//! present in A but not in B (removed), or present in both with a value that differs
//! (changed). An initiative addresses a gap when the element's id is in its `delivers`.
//!
//! A plan moves one step at a time: a step is a pair of consecutive plateaus, and a
//! change that first appears at plateau P is delivered by an initiative that lands in P
//! and names the element. [`steps`] lists the gaps of every step with those initiatives.

use crate::model::{ElementIdx, Model, PlateauIdx, Value};
use crate::spec::{Direction, MustDo};
use crate::spec::{Field, Kind};

/// How an element differs between two plateaus.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Change {
    /// Present in the later plateau only.
    Added,
    /// Present in the earlier plateau only.
    Removed,
    /// Present in both, with these fields' values different.
    Changed(Vec<Field>),
}

/// One element's gap between two plateaus.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Gap {
    /// The element.
    pub element: ElementIdx,
    /// How it differs.
    pub change: Change,
}

impl Gap {
    /// Whether the gap is one that needs an initiative: an element added or removed, or
    /// a capability whose maturity rises (other changes are bookkeeping of the model).
    pub fn needs_initiative(&self, model: &Model, from: PlateauIdx, to: PlateauIdx) -> bool {
        match &self.change {
            Change::Added | Change::Removed => true,
            Change::Changed(fields) => {
                fields.contains(&Field::Maturity)
                    && maturity_rise(model, self.element, from, to).is_some()
            }
        }
    }
}

/// The maturity before and after, when it rises from `from` to `to`. A maturity written
/// for the first time counts as a rise from 0.
pub fn maturity_rise(
    model: &Model,
    idx: ElementIdx,
    from: PlateauIdx,
    to: PlateauIdx,
) -> Option<(i64, i64)> {
    let e = model.element(idx);
    let level = |p| match e.value_at(Field::Maturity, p) {
        Some(Value::Integer(m)) => Some(*m),
        _ => None,
    };
    let after = level(to)?;
    let before = level(from).unwrap_or(0);
    (after > before).then_some((before, after))
}

/// The gaps between plateaus `from` and `to`, sorted by element id.
pub fn between(model: &Model, from: PlateauIdx, to: PlateauIdx) -> Vec<Gap> {
    let mut gaps = Vec::new();
    for (idx, e) in model.iter() {
        let change = match (e.exists_in(from), e.exists_in(to)) {
            (false, true) => Change::Added,
            (true, false) => Change::Removed,
            (false, false) => continue,
            (true, true) => {
                let changed: Vec<Field> = e
                    .fields
                    .iter()
                    .filter(|f| !same(f.value.at(from), f.value.at(to)))
                    .map(|f| f.field)
                    .collect();
                if changed.is_empty() {
                    continue;
                }
                Change::Changed(changed)
            }
        };
        gaps.push(Gap {
            element: idx,
            change,
        });
    }
    gaps
}

/// Whether two values mean the same: references compare by the element they name, not
/// by where they are written.
pub fn same(a: Option<&Value>, b: Option<&Value>) -> bool {
    match (a, b) {
        (None, None) => true,
        (Some(Value::Ref(x)), Some(Value::Ref(y))) => x.target == y.target,
        (Some(Value::Refs(xs)), Some(Value::Refs(ys))) => {
            let mut xs: Vec<_> = xs.iter().map(|r| r.target).collect();
            let mut ys: Vec<_> = ys.iter().map(|r| r.target).collect();
            xs.sort_unstable();
            xs.dedup();
            ys.sort_unstable();
            ys.dedup();
            xs == ys
        }
        (Some(x), Some(y)) => x == y,
        _ => false,
    }
}

/// For every element, the initiatives whose `delivers` names it, and where each lands.
#[derive(Debug, Clone, Default)]
pub struct Deliveries {
    by_element: Vec<Vec<ElementIdx>>,
    lands_in: Vec<Option<PlateauIdx>>,
}

impl Deliveries {
    /// Reads every initiative's `delivers` and `lands_in`.
    pub fn of(model: &Model) -> Self {
        let mut by_element = vec![Vec::new(); model.elements.len()];
        let mut lands_in = vec![None; model.elements.len()];
        for (idx, e) in model.of_kind(Kind::Initiatives) {
            lands_in[idx.0] = initiative_lands_in(model, idx);
            let Some(delivers) = e.field(Field::Delivers) else {
                continue;
            };
            // `delivers` is never staged: its one value holds every plateau.
            if let Some(value) = delivers.value.at(model.baseline()) {
                for r in value.refs() {
                    let list: &mut Vec<ElementIdx> = &mut by_element[r.target.0];
                    if !list.contains(&idx) {
                        list.push(idx);
                    }
                }
            }
        }
        Self {
            by_element,
            lands_in,
        }
    }

    /// The initiatives that deliver an element, sorted by id.
    pub fn of_element(&self, idx: ElementIdx) -> &[ElementIdx] {
        self.by_element.get(idx.0).map_or(&[], Vec::as_slice)
    }

    /// The initiatives that deliver an element and land in plateau `p`, sorted by id.
    pub fn landing_in(&self, idx: ElementIdx, p: PlateauIdx) -> Vec<ElementIdx> {
        self.of_element(idx)
            .iter()
            .copied()
            .filter(|i| self.lands_in.get(i.0).copied().flatten() == Some(p))
            .collect()
    }
}

/// The plateau an initiative lands in (`lands_in` is never staged).
pub fn initiative_lands_in(model: &Model, idx: ElementIdx) -> Option<PlateauIdx> {
    match model
        .element(idx)
        .value_at(Field::LandsIn, model.baseline())
    {
        Some(Value::Plateau(p)) => Some(*p),
        _ => None,
    }
}

/// For every element, the plateaus where it changes: the ends of the steps across which
/// it has a gap of any kind in `steps` (as [`steps`] lists them), in plateau order.
pub fn changes_by_element(model: &Model, steps: &[StepGap]) -> Vec<Vec<PlateauIdx>> {
    let mut changes = vec![Vec::new(); model.elements.len()];
    for s in steps {
        changes[s.gap.element.0].push(s.to);
    }
    changes
}

/// A gap of one step (two consecutive plateaus), with the initiatives that deliver it:
/// those that name the element and land at the step's end.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StepGap {
    /// The step's first plateau.
    pub from: PlateauIdx,
    /// The step's second plateau, where the change first appears.
    pub to: PlateauIdx,
    /// The element and how it differs.
    pub gap: Gap,
    /// Whether the change needs an initiative (added, removed, maturity rise).
    pub needs_initiative: bool,
    /// The initiatives that name the element and land in `to`, sorted by id.
    pub delivered_by: Vec<ElementIdx>,
}

/// The gaps of every step from plateau `from` to plateau `to`, step by step, each sorted
/// by element id.
pub fn steps(
    model: &Model,
    deliveries: &Deliveries,
    from: PlateauIdx,
    to: PlateauIdx,
) -> Vec<StepGap> {
    let mut out = Vec::new();
    for end in (from.0 + 1)..=to.0 {
        let (a, b) = (PlateauIdx(end - 1), PlateauIdx(end));
        for gap in between(model, a, b) {
            out.push(StepGap {
                from: a,
                to: b,
                needs_initiative: gap.needs_initiative(model, a, b),
                delivered_by: deliveries.landing_in(gap.element, b),
                gap,
            });
        }
    }
    out
}

/// A gap as the gap report shows it: the change, whether it needs an initiative, and the
/// initiatives that deliver it.
#[derive(Debug, Clone, PartialEq)]
pub struct ReportedGap {
    /// The element and how it differs.
    pub gap: Gap,
    /// Whether a change of the element in one of the steps needs an initiative (added,
    /// removed, maturity rise).
    pub needs_initiative: bool,
    /// The initiatives that deliver a change of the element in the step where it
    /// happens (they name it and land at the step's end), sorted by id.
    pub delivered_by: Vec<ElementIdx>,
}

/// A capability's maturity at both plateaus.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Uplift {
    /// The capability.
    pub capability: ElementIdx,
    /// Maturity at the earlier plateau (`None`: absent or not written there).
    pub before: Option<i64>,
    /// Maturity at the later plateau.
    pub after: Option<i64>,
}

impl Uplift {
    /// How far maturity rises (a missing value counts as 0).
    pub fn uplift(self) -> i64 {
        self.after.unwrap_or(0) - self.before.unwrap_or(0)
    }
}

/// Whether a KPI's move goes the way its `direction` calls better.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Trend {
    /// The value moves in the better direction.
    Better,
    /// The value moves against it.
    Worse,
    /// The value does not move.
    Unchanged,
    /// No direction, or a value missing at either plateau.
    Unknown,
}

impl Trend {
    /// The word used in outputs.
    pub fn as_str(self) -> &'static str {
        match self {
            Trend::Better => "better",
            Trend::Worse => "worse",
            Trend::Unchanged => "unchanged",
            Trend::Unknown => "unknown",
        }
    }
}

/// A KPI's value at both plateaus.
#[derive(Debug, Clone, PartialEq)]
pub struct KpiMove {
    /// The KPI.
    pub kpi: ElementIdx,
    /// Value at the earlier plateau.
    pub before: Option<f64>,
    /// Value at the later plateau.
    pub after: Option<f64>,
    /// `increase` or `decrease`, if written.
    pub direction: Option<Direction>,
    /// Whether the move is for the better.
    pub trend: Trend,
    /// The initiatives landing after the earlier plateau and by the later one that name
    /// the KPI in their `kpis`, by id.
    pub moved_by: Vec<ElementIdx>,
}

/// An initiative on the roadmap between the two plateaus.
#[derive(Debug, Clone, PartialEq)]
pub struct RankedInitiative {
    /// The initiative.
    pub initiative: ElementIdx,
    /// Its position by benefit/cost (1 = best); `None` without both cost and benefit.
    pub rank: Option<usize>,
    /// The plateau it lands in.
    pub lands_in: Option<PlateauIdx>,
    /// Cost, if written.
    pub cost: Option<f64>,
    /// Benefit, if written.
    pub benefit: Option<f64>,
    /// Benefit divided by cost, when both are written and cost is above zero.
    pub ratio: Option<f64>,
    /// Why it must be done whatever its value, if it must.
    pub must_do: Option<MustDo>,
    /// Value to customers and to the business added up, when at least one is written.
    pub value: Option<f64>,
    /// Effort, if written.
    pub effort: Option<f64>,
    /// Value divided by effort: when effort and at least one of the two values are
    /// written.
    pub value_per_effort: Option<f64>,
    /// The initiatives it depends on, sorted by id.
    pub depends_on: Vec<ElementIdx>,
    /// How many gaps of the report's steps it delivers in step.
    pub gaps_delivered: usize,
}

/// Everything the gap report shows between two plateaus.
#[derive(Debug, Clone)]
pub struct GapReport<'m> {
    /// The model.
    pub model: &'m Model,
    /// The earlier plateau.
    pub from: PlateauIdx,
    /// The later plateau.
    pub to: PlateauIdx,
    /// Every gap, by kind in format order, then by id.
    pub gaps: Vec<ReportedGap>,
    /// The gaps of every step between the two plateaus, step by step, then by id.
    pub steps: Vec<StepGap>,
    /// Capability maturity, by uplift (largest first), then by id.
    pub maturity: Vec<Uplift>,
    /// KPI values, by id.
    pub kpis: Vec<KpiMove>,
    /// Initiatives landing after `from` and by `to`, in roadmap order: must-dos
    /// first, then by benefit against cost, then by value against effort, unsized last.
    pub initiatives: Vec<RankedInitiative>,
}

impl<'m> GapReport<'m> {
    /// Builds the report of the gaps from plateau `from` to plateau `to`.
    pub fn new(model: &'m Model, from: PlateauIdx, to: PlateauIdx) -> Self {
        let deliveries = Deliveries::of(model);
        let steps = steps(model, &deliveries, from, to);
        Self {
            model,
            from,
            to,
            gaps: reported(model, from, to, &steps),
            maturity: uplifts(model, from, to),
            kpis: kpi_moves(model, from, to),
            initiatives: rank(model, from, to, &steps),
            steps,
        }
    }

    /// The gaps of a step that need an initiative and have none landing at its end.
    pub fn undelivered(&self) -> impl Iterator<Item = &StepGap> {
        self.steps
            .iter()
            .filter(|g| g.needs_initiative && g.delivered_by.is_empty())
    }
}

/// The gaps from `from` to `to`, by kind in format order, then by id; each needs an
/// initiative when one of its steps does, and is delivered by those that deliver a step.
fn reported(
    model: &Model,
    from: PlateauIdx,
    to: PlateauIdx,
    steps: &[StepGap],
) -> Vec<ReportedGap> {
    let mut by_element: Vec<Vec<&StepGap>> = vec![Vec::new(); model.elements.len()];
    for s in steps {
        by_element[s.gap.element.0].push(s);
    }
    let mut gaps: Vec<ReportedGap> = between(model, from, to)
        .into_iter()
        .map(|gap| {
            let mut delivered_by = Vec::new();
            let mut needs_initiative = false;
            for s in &by_element[gap.element.0] {
                needs_initiative |= s.needs_initiative;
                delivered_by.extend(&s.delivered_by);
            }
            delivered_by.sort_unstable();
            delivered_by.dedup();
            ReportedGap {
                gap,
                needs_initiative,
                delivered_by,
            }
        })
        .collect();
    let kind_order = |idx: ElementIdx| {
        let kind = model.element(idx).kind;
        Kind::ALL.iter().position(|&k| k == kind)
    };
    // Elements are sorted by id; a stable sort by kind keeps that within a kind.
    gaps.sort_by_key(|g| kind_order(g.gap.element));
    gaps
}

/// Capability maturity at both plateaus, where written at either, largest uplift first.
fn uplifts(model: &Model, from: PlateauIdx, to: PlateauIdx) -> Vec<Uplift> {
    let integer = |idx: ElementIdx, p: PlateauIdx| {
        let e = model.element(idx);
        match e.exists_in(p).then(|| e.value_at(Field::Maturity, p)) {
            Some(Some(Value::Integer(m))) => Some(*m),
            _ => None,
        }
    };
    let mut maturity: Vec<Uplift> = model
        .of_kind(Kind::Capabilities)
        .map(|(idx, _)| Uplift {
            capability: idx,
            before: integer(idx, from),
            after: integer(idx, to),
        })
        .filter(|u| u.before.is_some() || u.after.is_some())
        .collect();
    maturity.sort_by_key(|u| std::cmp::Reverse(u.uplift()));
    maturity
}

/// KPI values at both plateaus, where written at either, by id.
fn kpi_moves(model: &Model, from: PlateauIdx, to: PlateauIdx) -> Vec<KpiMove> {
    let mut moved_by = moved_by(model, from, to);
    model
        .of_kind(Kind::Kpis)
        .filter_map(|(idx, e)| {
            let number = |p: PlateauIdx| match e.exists_in(p).then(|| e.value_at(Field::Value, p)) {
                Some(Some(Value::Number(n))) => Some(*n),
                _ => None,
            };
            let (before, after) = (number(from), number(to));
            if before.is_none() && after.is_none() {
                return None;
            }
            let direction = e
                .value_at(Field::Direction, to)
                .and_then(Value::word::<Direction>);
            Some(KpiMove {
                kpi: idx,
                before,
                after,
                direction,
                trend: trend(before, after, direction),
                moved_by: moved_by.remove(&idx).unwrap_or_default(),
            })
        })
        .collect()
}

/// For each KPI, the initiatives landing after `from` and by `to` whose `kpis` name it,
/// by id: one pass over the initiatives.
fn moved_by(
    model: &Model,
    from: PlateauIdx,
    to: PlateauIdx,
) -> rustc_hash::FxHashMap<ElementIdx, Vec<ElementIdx>> {
    let mut out: rustc_hash::FxHashMap<ElementIdx, Vec<ElementIdx>> = Default::default();
    for (idx, e) in model.of_kind(Kind::Initiatives) {
        if !initiative_lands_in(model, idx).is_some_and(|p| p > from && p <= to) {
            continue;
        }
        for r in e
            .value_at(Field::Kpis, to)
            .map(Value::refs)
            .unwrap_or_default()
        {
            let list = out.entry(r.target).or_default();
            // Initiatives come in id order; a KPI named twice is listed once.
            if list.last() != Some(&idx) {
                list.push(idx);
            }
        }
    }
    out
}

fn trend(before: Option<f64>, after: Option<f64>, direction: Option<Direction>) -> Trend {
    let (Some(before), Some(after), Some(direction)) = (before, after, direction) else {
        return Trend::Unknown;
    };
    let better = direction.is_better(before, after);
    if after == before {
        Trend::Unchanged
    } else if better {
        Trend::Better
    } else {
        Trend::Worse
    }
}

/// The initiatives landing after `from` and by `to`, ranked: must-dos first; then, in
/// each of the two groups, those with benefit and cost by benefit against cost, then
/// those with effort and value by value against effort, best first; initiatives that are
/// neither must-dos nor sized last, without a rank. Ties keep id order.
fn rank(
    model: &Model,
    from: PlateauIdx,
    to: PlateauIdx,
    steps: &[StepGap],
) -> Vec<RankedInitiative> {
    let number = |e: &crate::model::Element, f| e.value_at(f, to).and_then(Value::number);
    // How many steps each initiative delivers, counted in one pass over the steps: a
    // large model has thousands of initiatives and tens of thousands of steps.
    let mut delivered = vec![0; model.elements.len()];
    for g in steps {
        for (k, i) in g.delivered_by.iter().enumerate() {
            if !g.delivered_by[..k].contains(i) {
                delivered[i.0] += 1;
            }
        }
    }
    let mut ranked: Vec<RankedInitiative> = model
        .of_kind(Kind::Initiatives)
        .filter_map(|(idx, e)| {
            let lands_in = match e.value_at(Field::LandsIn, to) {
                Some(Value::Plateau(p)) => Some(*p),
                _ => None,
            };
            if lands_in.is_some_and(|p| p <= from || p > to) {
                return None;
            }
            let (cost, benefit) = (number(e, Field::Cost), number(e, Field::Benefit));
            let value = match (
                number(e, Field::CustomerValue),
                number(e, Field::BusinessValue),
            ) {
                (None, None) => None,
                (c, b) => Some(c.unwrap_or_default() + b.unwrap_or_default()),
            };
            let mut depends_on: Vec<ElementIdx> = e
                .value_at(Field::DependsOn, to)
                .map(|v| v.refs().iter().map(|r| r.target).collect())
                .unwrap_or_default();
            depends_on.sort_unstable();
            depends_on.dedup();
            Some(RankedInitiative {
                initiative: idx,
                rank: None,
                lands_in,
                cost,
                benefit,
                ratio: match (cost, benefit) {
                    (Some(c), Some(b)) if c > 0.0 => Some(b / c),
                    _ => None,
                },
                must_do: e
                    .value_at(Field::MustDo, to)
                    .and_then(Value::word::<MustDo>),
                value,
                effort: number(e, Field::Effort),
                value_per_effort: match (value, number(e, Field::Effort)) {
                    (Some(v), Some(effort)) if effort > 0.0 => Some(v / effort),
                    _ => None,
                },
                depends_on,
                gaps_delivered: delivered[idx.0],
            })
        })
        .collect();
    // Model order is by id, and the sort is stable: ties stay in id order.
    ranked.sort_by(|a, b| {
        let group = |r: &RankedInitiative| {
            if r.must_do.is_some() {
                0
            } else if r.ratio.is_some() || r.value_per_effort.is_some() {
                1
            } else {
                2
            }
        };
        group(a)
            .cmp(&group(b))
            .then_with(|| better(a.ratio, b.ratio))
            .then_with(|| better(a.value_per_effort, b.value_per_effort))
    });
    let mut next = 1;
    for r in &mut ranked {
        if r.must_do.is_some() || r.ratio.is_some() || r.value_per_effort.is_some() {
            r.rank = Some(next);
            next += 1;
        }
    }
    ranked
}

/// Larger first; a figure before none.
fn better(a: Option<f64>, b: Option<f64>) -> std::cmp::Ordering {
    match (a, b) {
        (Some(x), Some(y)) => y.total_cmp(&x),
        (Some(_), None) => std::cmp::Ordering::Less,
        (None, Some(_)) => std::cmp::Ordering::Greater,
        (None, None) => std::cmp::Ordering::Equal,
    }
}
