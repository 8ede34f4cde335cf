//! The roadmap drawn: initiatives as bars on a dated axis with the plateaus as
//! milestones, arrows from what an initiative depends on, and the cost and benefit
//! added up as initiatives finish; and the prioritisation matrix, a scatter of benefit
//! against cost (or value against effort) cut into quadrants.

use schemars::JsonSchema;
use serde::Serialize;

use crate::analysis::gaps::RankedInitiative;
use crate::analysis::tracking::{civil, day_number, iso};
use crate::model::{ElementIdx, Model, Value};
use crate::spec::{Field, ValueEnum};
use crate::text::money;

use super::diagram::wrap;
use super::{ElementLink, element_link};

/// The roadmap as a timeline (`page.timeline`).
#[derive(Debug, Serialize, JsonSchema)]
pub struct Timeline {
    /// The diagram's width, in pixels.
    pub width: i64,
    /// Its height.
    pub height: i64,
    /// The left end of the time axis; the initiatives' names are written left of it.
    pub left: i64,
    /// The right end of the time axis.
    pub right: i64,
    /// The bottom of the last row.
    pub bottom: i64,
    /// Whether the axis is dated: some plateau or initiative has a date. Without any,
    /// the axis is the plateaus in order, evenly spaced.
    pub dated: bool,
    /// The axis' marks: the first day of each year (or quarter, over a short span).
    pub ticks: Vec<Tick>,
    /// The plateaus, as milestones on the axis.
    pub milestones: Vec<Milestone>,
    /// An initiative per row.
    pub bars: Vec<Bar>,
    /// Arrows from each initiative's end to the start of those that depend on it.
    pub arrows: Vec<Arrow>,
    /// The cost and benefit added up as initiatives finish.
    pub money: Option<MoneyChart>,
    /// The timeline in words, for its text alternative.
    pub summary: String,
    /// What the timeline leaves out of a roadmap too long to draw whole, if anything.
    pub omitted: Option<String>,
}

/// A mark on an axis.
#[derive(Debug, Serialize, JsonSchema)]
pub struct Tick {
    /// Where it is (x on the time axis, y on the money axis).
    pub at: i64,
    /// What it reads.
    pub label: String,
}

/// A plateau on the timeline.
#[derive(Debug, Serialize, JsonSchema)]
pub struct Milestone {
    /// The plateau's id.
    pub id: String,
    /// Its name.
    pub name: String,
    /// Its date, if it has one.
    pub date: Option<String>,
    /// Where it is on the axis.
    pub x: i64,
}

/// An initiative on the timeline.
#[derive(Debug, Serialize, JsonSchema)]
pub struct Bar {
    /// The initiative.
    pub link: ElementLink,
    /// Its name, cut to the label column.
    pub label: String,
    /// The top of its row.
    pub y: i64,
    /// The bar's left end: the initiative's `start`, else the date of the plateau
    /// before the one it lands in.
    pub x: i64,
    /// The bar's length: to its `end`, else to the date of the plateau it lands in.
    pub width: i64,
    /// Its first day and its last, as the bar shows them (`2026-01-05 → 2026-12-18`),
    /// or the plateaus it runs between on an undated axis.
    pub span: String,
    /// Its first day, `YYYY-MM-DD` (on an undated axis, the plateau it starts from).
    pub first: String,
    /// Its last day (on an undated axis, the plateau it lands in).
    pub last: String,
    /// Whether its dates are its own `start` and `end`; if not, they are its plateaus'.
    pub own_dates: bool,
    /// Why it must be done whatever its value (`regulatory`, `contractual`, `safety`),
    /// if it must.
    pub must_do: Option<&'static str>,
    /// The id of the plateau it lands in.
    pub lands_in: String,
}

/// A dependency arrow.
#[derive(Debug, Serialize, JsonSchema)]
pub struct Arrow {
    /// The id of the initiative depended on.
    pub from: String,
    /// The id of the initiative that depends on it.
    pub to: String,
    /// The SVG path.
    pub path: String,
    /// The arrowhead's points.
    pub head: String,
}

/// The cost and benefit added up as initiatives finish, under the timeline.
#[derive(Debug, Serialize, JsonSchema)]
pub struct MoneyChart {
    /// The top of the chart.
    pub top: i64,
    /// Its height.
    pub height: i64,
    /// The money axis' marks.
    pub ticks: Vec<Tick>,
    /// The cost line's points.
    pub cost: String,
    /// The benefit line's points.
    pub benefit: String,
    /// Where the cost line ends, and its total written for reading.
    pub cost_end: Tick,
    /// Where the benefit line ends, and its total.
    pub benefit_end: Tick,
    /// The y of the line's right ends (for the labels).
    pub cost_y: i64,
    /// The benefit line's right end.
    pub benefit_y: i64,
}

/// The prioritisation matrix (`page.matrix`).
#[derive(Debug, Serialize, JsonSchema)]
pub struct Matrix {
    /// What it plots: `money` (benefit against cost) or `scores` (customer and
    /// business value against effort).
    pub basis: &'static str,
    /// The horizontal axis' name.
    pub x_label: String,
    /// The vertical axis' name.
    pub y_label: String,
    /// The size of the plotting area (a square), in pixels, inside a margin.
    pub size: i64,
    /// The margin left of and under the plot, for the axes' labels.
    pub margin: i64,
    /// Where the quadrants meet, in pixels from the plot's left and top.
    pub split_x: i64,
    /// Where the quadrants meet, in pixels from the plot's top.
    pub split_y: i64,
    /// What the dividing lines stand for, in words.
    pub split: String,
    /// The quadrants, each with its name and where it is written.
    pub quadrants: Vec<Quadrant>,
    /// The points; initiatives at the same place share one.
    pub points: Vec<Point>,
    /// Every plotted initiative, numbered as on the plot, for the table.
    pub rows: Vec<MatrixRow>,
    /// The initiatives left out for want of the numbers.
    pub unplotted: Vec<ElementLink>,
    /// What the matrix leaves out of a roadmap too long to plot whole, if anything.
    pub omitted: Option<String>,
}

/// A quadrant of the matrix.
#[derive(Debug, Serialize, JsonSchema)]
pub struct Quadrant {
    /// Its name (`Quick wins`).
    pub name: &'static str,
    /// Where its name is written.
    pub x: i64,
    /// Where its name is written.
    pub y: i64,
    /// The text's anchor: `start` or `end`.
    pub anchor: &'static str,
}

/// A point of the matrix.
#[derive(Debug, Serialize, JsonSchema)]
pub struct Point {
    /// Its centre.
    pub x: i64,
    /// Its centre.
    pub y: i64,
    /// The numbers of the initiatives at it, as in the table (`3, 7`).
    pub label: String,
    /// Their names, for the point's tooltip.
    pub names: String,
    /// The page of the first initiative at it.
    pub url: String,
    /// Whether one of them is a must-do.
    pub must_do: bool,
}

/// An initiative on the matrix.
#[derive(Debug, Serialize, JsonSchema)]
pub struct MatrixRow {
    /// Its number on the plot.
    pub number: usize,
    /// The initiative.
    pub initiative: ElementLink,
    /// Its place on the horizontal axis, written for reading.
    pub x: String,
    /// Its place on the vertical axis.
    pub y: String,
    /// The quadrant it falls in.
    pub quadrant: &'static str,
}

/// The left edge of the time axis: the label column is to its left.
const AXIS_LEFT: i64 = 260;
/// The length of the time axis.
const AXIS_WIDTH: i64 = 700;
/// The height of a row.
const ROW: i64 = 26;
/// The space above the first row, for the milestones' names.
const HEAD: i64 = 46;
/// The most bars drawn; the tables list every initiative.
const MAX_BARS: usize = 80;
/// The most initiatives the matrix plots and lists.
const MAX_POINTS: usize = 100;
/// The height of the money chart.
const MONEY_HEIGHT: i64 = 150;

/// An initiative placed on the timeline.
struct Row<'r> {
    /// The index of the plateau it lands in.
    lands: usize,
    /// Its first day on the axis.
    first: i64,
    /// Its last day on the axis, never before the first.
    finish: i64,
    /// Whether those come from its own `start` or `end`, not only its plateaus'.
    own_dates: bool,
    /// The initiative as the gap report ranks it.
    initiative: &'r RankedInitiative,
}

/// The timeline of `initiatives`, every initiative landing after the baseline.
pub fn timeline(model: &Model, initiatives: &[RankedInitiative]) -> Timeline {
    let last = model.plateaus.len().saturating_sub(1);
    let date = |e: ElementIdx, f: Field| match model.element(e).value_at(f, model.baseline()) {
        Some(Value::Text(t)) => day_number(t),
        _ => None,
    };
    let known: Vec<i64> = model
        .plateaus
        .iter()
        .filter_map(|p| p.date.as_deref().and_then(day_number))
        .chain(initiatives.iter().flat_map(|r| {
            [
                date(r.initiative, Field::Start),
                date(r.initiative, Field::End),
            ]
            .into_iter()
            .flatten()
        }))
        .collect();
    let dated = !known.is_empty();
    // Every plateau's day: its date; undated, the earliest known day for the baseline,
    // the latest for the target, else evenly between its dated neighbours. On an
    // undated axis the plateaus are a year apart.
    let plateau_days: Vec<i64> = if dated {
        let (first, end) = (
            known.iter().copied().min().unwrap_or(0),
            known.iter().copied().max().unwrap_or(0),
        );
        let fixed: Vec<Option<i64>> = model
            .plateaus
            .iter()
            .enumerate()
            .map(|(i, p)| {
                p.date.as_deref().and_then(day_number).or(if i == 0 {
                    Some(first)
                } else if i == last {
                    Some(end.max(first))
                } else {
                    None
                })
            })
            .collect();
        (0..fixed.len())
            .map(|i| {
                fixed[i].unwrap_or_else(|| {
                    let before = (0..i).rev().find_map(|j| fixed[j].map(|d| (j, d)));
                    let after = (i + 1..fixed.len()).find_map(|j| fixed[j].map(|d| (j, d)));
                    match (before, after) {
                        (Some((j, a)), Some((k, b))) => {
                            a + (b - a) * i64::try_from(i - j).unwrap_or(0)
                                / i64::try_from(k - j).unwrap_or(1).max(1)
                        }
                        (Some((_, a)), None) => a,
                        (None, Some((_, b))) => b,
                        (None, None) => first,
                    }
                })
            })
            .collect()
    } else {
        (0..model.plateaus.len())
            .map(|i| i64::try_from(i).unwrap_or(0) * 365)
            .collect()
    };

    // The rows: by landing plateau, then first day, then id.
    let mut rows: Vec<Row<'_>> = initiatives
        .iter()
        .filter_map(|r| {
            let lands = r.lands_in.map_or(last, |p| p.0);
            let to_plateau = *plateau_days.get(lands)?;
            let from_plateau = plateau_days[lands.saturating_sub(1)];
            let start = date(r.initiative, Field::Start);
            let end = date(r.initiative, Field::End);
            let first = start.unwrap_or(from_plateau);
            Some(Row {
                lands,
                first,
                finish: end.unwrap_or(to_plateau).max(first),
                own_dates: start.is_some() || end.is_some(),
                initiative: r,
            })
        })
        .collect();
    rows.sort_by(|a, b| {
        (a.lands, a.first, &model.element(a.initiative.initiative).id).cmp(&(
            b.lands,
            b.first,
            &model.element(b.initiative.initiative).id,
        ))
    });
    let all = rows.len();
    rows.truncate(MAX_BARS);

    let lo = rows
        .iter()
        .map(|r| r.first)
        .chain(plateau_days.iter().copied())
        .min()
        .unwrap_or(0);
    let hi = rows
        .iter()
        .map(|r| r.finish)
        .chain(plateau_days.iter().copied())
        .max()
        .unwrap_or(0);
    // The axis runs over whole years (quarters over two years or less) around it all.
    let quarterly = dated && hi - lo <= 2 * 366;
    let (lo, hi) = if dated {
        let end = period_start(hi, quarterly);
        let next = period_start(end + if quarterly { 95 } else { 370 }, quarterly);
        (
            period_start(lo, quarterly),
            if end == hi { hi } else { next },
        )
    } else {
        (0, plateau_days.last().copied().unwrap_or(0).max(365))
    };
    let span = (hi - lo).max(1);
    let x_of = |day: i64| AXIS_LEFT + (day - lo) * AXIS_WIDTH / span;
    let ticks = if dated {
        // At most about ten marks: every year over ten years or less, else every second,
        // fifth, tenth... year.
        let years = (hi - lo) / 365;
        let every = [1, 2, 5, 10, 20, 50, 100, 200, 500, 1000]
            .into_iter()
            .find(|n| years / n <= 10)
            .unwrap_or(years / 10 + 1);
        let mut ticks = Vec::new();
        let mut day = lo;
        while day <= hi {
            let (y, m, _) = civil(day);
            if quarterly || y.rem_euclid(every) == 0 || every == 1 {
                ticks.push(Tick {
                    at: x_of(day),
                    label: if quarterly {
                        format!("{y} Q{}", (m - 1) / 3 + 1)
                    } else {
                        y.to_string()
                    },
                });
            }
            day = period_start(day + if quarterly { 95 } else { 370 }, quarterly);
        }
        ticks
    } else {
        Vec::new()
    };
    let milestones = model
        .plateaus
        .iter()
        .zip(&plateau_days)
        .filter(|(p, _)| !dated || p.date.is_some())
        .map(|(p, &day)| Milestone {
            id: p.id.clone(),
            name: p.name.clone(),
            date: p.date.clone(),
            x: x_of(day),
        })
        .collect();

    let bars: Vec<Bar> = rows
        .iter()
        .enumerate()
        .map(|(i, row)| {
            let (lands, first, finish, r) = (row.lands, row.first, row.finish, row.initiative);
            let e = model.element(r.initiative);
            let (x, end) = (x_of(first), x_of(finish));
            let bar = Bar {
                link: element_link(model, r.initiative),
                label: wrap(e.name(), 34, 1).concat(),
                y: HEAD + i64::try_from(i).unwrap_or(0) * ROW,
                x,
                width: (end - x).max(4),
                first: if dated {
                    iso(first)
                } else {
                    model.plateaus[lands.saturating_sub(1)].id.clone()
                },
                last: if dated {
                    iso(finish)
                } else {
                    model.plateaus[lands].id.clone()
                },
                own_dates: row.own_dates,
                must_do: r.must_do.map(ValueEnum::word),
                lands_in: model.plateaus[lands].id.clone(),
                span: String::new(),
            };
            Bar {
                span: format!("{} → {}", bar.first, bar.last),
                ..bar
            }
        })
        .collect();
    let row_of = |e: ElementIdx| rows.iter().position(|r| r.initiative.initiative == e);
    let mut arrows = Vec::new();
    for (i, row) in rows.iter().enumerate() {
        for &dep in &row.initiative.depends_on {
            let Some(j) = row_of(dep) else { continue };
            let (from, to) = (&bars[j], &bars[i]);
            let (x1, y1) = (from.x + from.width, from.y + ROW / 2 - 2);
            let (x2, y2) = (to.x, to.y + ROW / 2 - 2);
            // Right out of the end, to the edge of the dependent's row, along it to
            // just before its start, and into it.
            let edge = if y2 > y1 { to.y + 2 } else { to.y + ROW - 2 };
            let path = if x2 >= x1 + 14 {
                format!("M{x1},{y1} H{} V{y2} H{x2}", x1 + 6)
            } else {
                format!("M{x1},{y1} H{} V{edge} H{} V{y2} H{x2}", x1 + 6, x2 - 8)
            };
            arrows.push(Arrow {
                from: from.link.id.clone(),
                to: to.link.id.clone(),
                path,
                head: format!("{},{} {},{} {x2},{y2}", x2 - 6, y2 - 4, x2 - 6, y2 + 4),
            });
        }
    }

    let bars_bottom = HEAD + i64::try_from(bars.len()).unwrap_or(0) * ROW;
    let money = money_chart(&rows, bars_bottom + 40, &x_of);
    let height = money
        .as_ref()
        .map_or(bars_bottom + 30, |m| m.top + m.height + 30);
    let must = bars.iter().filter(|b| b.must_do.is_some()).count();
    let summary = format!(
        "{} on {}{}. {}{}",
        crate::text::count(bars.len(), "initiative", "initiatives"),
        if dated {
            "a dated axis, each bar from its start to its end"
        } else {
            "an axis of the plateaus in order, each bar from the plateau before the one it lands in"
        },
        if must > 0 {
            format!(", {must} of them must be done whatever their value")
        } else {
            String::new()
        },
        if arrows.is_empty() {
            String::new()
        } else {
            format!(
                "{} join an initiative to those that depend on it. ",
                crate::text::count(arrows.len(), "arrow", "arrows")
            )
        },
        "The tables below list each plateau's initiatives and subtotals."
    );
    Timeline {
        width: AXIS_LEFT + AXIS_WIDTH + 150,
        height,
        left: AXIS_LEFT,
        right: AXIS_LEFT + AXIS_WIDTH,
        bottom: bars_bottom,
        dated,
        ticks,
        milestones,
        bars,
        arrows,
        money,
        summary,
        omitted: (all > MAX_BARS).then(|| {
            format!("The timeline draws the first {MAX_BARS} of {all} initiatives; the tables below list them all.")
        }),
    }
}

/// The cost and benefit lines: each total steps up on the day an initiative finishes.
fn money_chart(rows: &[Row<'_>], top: i64, x_of: &dyn Fn(i64) -> i64) -> Option<MoneyChart> {
    let mut finishes: Vec<(i64, f64, f64)> = rows
        .iter()
        .filter(|r| r.initiative.cost.is_some() || r.initiative.benefit.is_some())
        .map(|r| {
            let i = r.initiative;
            (r.finish, i.cost.unwrap_or(0.0), i.benefit.unwrap_or(0.0))
        })
        .collect();
    if finishes.is_empty() {
        return None;
    }
    finishes.sort_by_key(|f| f.0);
    let (total_cost, total_benefit) = finishes
        .iter()
        .fold((0.0, 0.0), |(c, b), f| (c + f.1, b + f.2));
    let most = total_cost.max(total_benefit);
    if most <= 0.0 {
        return None;
    }
    #[allow(
        clippy::cast_possible_truncation,
        reason = "a fraction of the chart's height, between 0 and 150"
    )]
    let y_of = |v: f64| top + MONEY_HEIGHT - (v / most * 150.0).round() as i64;
    let line = |pick: fn(&(i64, f64, f64)) -> f64| {
        let mut points = vec![format!("{},{}", AXIS_LEFT, y_of(0.0))];
        let mut sum = 0.0;
        for f in &finishes {
            let x = x_of(f.0);
            points.push(format!("{x},{}", y_of(sum)));
            sum += pick(f);
            points.push(format!("{x},{}", y_of(sum)));
        }
        points.push(format!("{},{}", AXIS_LEFT + AXIS_WIDTH, y_of(sum)));
        points.join(" ")
    };
    let end_x = AXIS_LEFT + AXIS_WIDTH + 6;
    Some(MoneyChart {
        top,
        height: MONEY_HEIGHT,
        ticks: [0.0, most / 2.0, most]
            .iter()
            .map(|&v| Tick {
                at: y_of(v),
                label: compact(v),
            })
            .collect(),
        cost: line(|f| f.1),
        benefit: line(|f| f.2),
        cost_y: y_of(total_cost),
        benefit_y: y_of(total_benefit),
        cost_end: Tick {
            at: end_x,
            label: format!("cost {}", money(total_cost)),
        },
        benefit_end: Tick {
            at: end_x,
            label: format!("benefit {}", money(total_benefit)),
        },
    })
}

/// An amount in few characters: `41.9M`, `250k`, `900`.
fn compact(v: f64) -> String {
    if v >= 1e9 {
        format!("{:.1}bn", v / 1e9)
    } else if v >= 1e6 {
        format!("{:.1}M", v / 1e6)
    } else if v >= 1e3 {
        format!("{:.0}k", v / 1e3)
    } else {
        format!("{v:.0}")
    }
}

/// The first day of the year (or quarter) of `day`.
fn period_start(day: i64, quarterly: bool) -> i64 {
    let (y, m, _) = civil(day);
    let m = if quarterly { (m - 1) / 3 * 3 + 1 } else { 1 };
    day_number(&format!("{y:04}-{m:02}-01")).unwrap_or(day)
}

/// The prioritisation matrix of `initiatives`: benefit against cost when more of them
/// have both than have effort and a value, else value against effort; none when fewer
/// than two can be plotted.
pub fn matrix(model: &Model, initiatives: &[RankedInitiative]) -> Option<Matrix> {
    let scores = |r: &RankedInitiative| r.value.zip(r.effort);
    let with_money = initiatives
        .iter()
        .filter(|r| r.cost.is_some() && r.benefit.is_some())
        .count();
    let with_scores = initiatives.iter().filter(|r| scores(r).is_some()).count();
    let by_money = with_money >= with_scores;
    // (x, y): cost and benefit, or effort and value.
    let place = |r: &RankedInitiative| {
        if by_money {
            r.cost.zip(r.benefit)
        } else {
            scores(r).map(|(v, e)| (e, v))
        }
    };
    let mut plotted: Vec<(&RankedInitiative, f64, f64)> = initiatives
        .iter()
        .filter_map(|r| place(r).map(|(x, y)| (r, x, y)))
        .collect();
    if plotted.len() < 2 {
        return None;
    }
    plotted.sort_by(|a, b| {
        model
            .element(a.0.initiative)
            .id
            .cmp(&model.element(b.0.initiative).id)
    });
    let unplotted = initiatives
        .iter()
        .filter(|r| place(r).is_none())
        .take(MAX_POINTS)
        .map(|r| element_link(model, r.initiative))
        .collect();
    let median = |mut v: Vec<f64>| {
        v.sort_by(f64::total_cmp);
        let n = v.len();
        if n % 2 == 1 {
            v[n / 2]
        } else {
            f64::midpoint(v[n / 2 - 1], v[n / 2])
        }
    };
    // Money splits at the medians; scores at the middle of their scales (effort 1–5,
    // value 1–10).
    let (x_max, y_max, split_x, split_y) = if by_money {
        let xs: Vec<f64> = plotted.iter().map(|p| p.1).collect();
        let ys: Vec<f64> = plotted.iter().map(|p| p.2).collect();
        (
            xs.iter().copied().fold(0.0, f64::max),
            ys.iter().copied().fold(0.0, f64::max),
            median(xs),
            median(ys),
        )
    } else {
        (5.0, 10.0, 3.0, 5.5)
    };
    const SIZE: i64 = 420;
    const MARGIN: i64 = 60;
    #[allow(
        clippy::cast_possible_truncation,
        reason = "a fraction of the plot's size less its padding, between 0 and 396"
    )]
    let px = |v: f64, max: f64, lo: f64| {
        let t = if max > lo { (v - lo) / (max - lo) } else { 0.5 };
        (t.clamp(0.0, 1.0) * 396.0).round() as i64 + 12
    };
    let lo = if by_money { 0.0 } else { 1.0 };
    let y_lo = if by_money { 0.0 } else { 1.0 };
    let to_x = |v: f64| MARGIN + px(v, x_max, lo);
    let to_y = |v: f64| SIZE - px(v, y_max, y_lo);
    let quadrant = |x: f64, y: f64| match (x <= split_x, y >= split_y) {
        (true, true) => "Quick wins",
        (false, true) => "Major projects",
        (true, false) => "Fill-ins",
        (false, false) => "Thankless tasks",
    };
    let write = |v: f64| {
        if by_money {
            money(v)
        } else {
            crate::text::number(v)
        }
    };
    // The medians are of every initiative; the plot holds the first of them.
    let all = plotted.len();
    plotted.truncate(MAX_POINTS);
    let rows: Vec<MatrixRow> = plotted
        .iter()
        .enumerate()
        .map(|(i, &(r, x, y))| MatrixRow {
            number: i + 1,
            initiative: element_link(model, r.initiative),
            x: write(x),
            y: write(y),
            quadrant: quadrant(x, y),
        })
        .collect();
    let mut points: Vec<Point> = Vec::new();
    for (i, &(r, x, y)) in plotted.iter().enumerate() {
        let (cx, cy) = (to_x(x), to_y(y));
        let name = model.element(r.initiative).name();
        if let Some(p) = points.iter_mut().find(|p| p.x == cx && p.y == cy) {
            p.label = format!("{}, {}", p.label, i + 1);
            p.names = format!("{}; {name}", p.names);
            p.must_do |= r.must_do.is_some();
        } else {
            points.push(Point {
                x: cx,
                y: cy,
                label: (i + 1).to_string(),
                names: name.to_owned(),
                url: element_link(model, r.initiative).url,
                must_do: r.must_do.is_some(),
            });
        }
    }
    let (sx, sy) = (to_x(split_x), to_y(split_y));
    let right = MARGIN + SIZE - 6;
    Some(Matrix {
        basis: if by_money { "money" } else { "scores" },
        x_label: if by_money {
            "cost →".into()
        } else {
            "effort →".into()
        },
        y_label: if by_money {
            "benefit →".into()
        } else {
            "customer and business value →".into()
        },
        size: SIZE,
        margin: MARGIN,
        split_x: sx,
        split_y: sy,
        split: if by_money {
            format!(
                "The lines cut at the median cost ({}) and the median benefit ({}).",
                money(split_x),
                money(split_y)
            )
        } else {
            "The lines cut at the middle of the scales: effort 3 of 5, value 5.5 of 10.".into()
        },
        quadrants: vec![
            Quadrant {
                name: "Quick wins",
                x: MARGIN + 6,
                y: 16,
                anchor: "start",
            },
            Quadrant {
                name: "Major projects",
                x: right,
                y: 16,
                anchor: "end",
            },
            Quadrant {
                name: "Fill-ins",
                x: MARGIN + 6,
                y: SIZE - 6,
                anchor: "start",
            },
            Quadrant {
                name: "Thankless tasks",
                x: right,
                y: SIZE - 6,
                anchor: "end",
            },
        ],
        points,
        rows,
        unplotted,
        omitted: (all > MAX_POINTS).then(|| {
            format!("The matrix plots the first {MAX_POINTS} of {all} initiatives, by id.")
        }),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn periods_start_on_the_first_of_a_year_or_quarter() {
        assert_eq!(
            iso(period_start(day_number("2027-08-15").unwrap(), true)),
            "2027-07-01"
        );
        assert_eq!(
            iso(period_start(day_number("2027-08-15").unwrap(), false)),
            "2027-01-01"
        );
    }

    #[test]
    fn amounts_are_compact() {
        assert_eq!(compact(41_900_000.0), "41.9M");
        assert_eq!(compact(250_000.0), "250k");
        assert_eq!(compact(900.0), "900");
        assert_eq!(compact(2_500_000_000.0), "2.5bn");
    }
}
