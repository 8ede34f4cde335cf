//! Whether a KPI is on track: its latest actual against its plan line.
//!
//! The plan is the straight line, by days, through the KPI's values at the dated
//! plateaus, in plateau order. A baseline without a date is taken as dated on the day
//! of the KPI's first actual. Before the first dated value the plan is that value; after
//! the last, the last. The latest actual is on track when it is at or better than the
//! plan, at risk when it is behind by at most a tenth of the KPI's whole move (its value
//! at the first plateau that has one to its value at the last plateau), and off track
//! when it is behind by more.

use serde::Serialize;

use crate::model::{Actual, Element, Model, PlateauIdx, Staged, Value};
use crate::spec::{Direction, Field, iso_date};
use crate::text::float;

/// How a KPI's latest actual stands against its plan.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Status {
    /// At or better than the plan.
    OnTrack,
    /// Behind the plan by at most a tenth of the KPI's whole move.
    AtRisk,
    /// Behind the plan by more than a tenth of the KPI's whole move.
    OffTrack,
    /// No plan line to compare with: no value at a dated plateau, or no telling which
    /// way is better (no `direction` and the same value at every plateau).
    NoPlan,
}

impl Status {
    /// The word shown in reports.
    pub fn as_str(self) -> &'static str {
        match self {
            Status::OnTrack => "on-track",
            Status::AtRisk => "at-risk",
            Status::OffTrack => "off-track",
            Status::NoPlan => "no plan",
        }
    }
}

/// A KPI's latest actual against its plan.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Tracking<'m> {
    /// The latest actual.
    pub latest: &'m Actual,
    /// The plan on the day of the latest actual; `None` without a plan line.
    pub plan: Option<f64>,
    /// How the latest actual stands against the plan.
    pub status: Status,
    /// The plateau the latest actual falls before: the first whose date is on or after
    /// its day, else the last plateau.
    pub plateau: PlateauIdx,
}

/// The tracking of the KPI `kpi`; `None` when it has no actuals or the model has no
/// plateaus.
pub fn tracking<'m>(model: &Model, kpi: &'m Element) -> Option<Tracking<'m>> {
    let actuals = actuals(kpi);
    let (first, latest) = (actuals.first()?, actuals.last()?);
    let last_plateau = model.plateaus.len().checked_sub(1).map(PlateauIdx)?;
    let start = day_number(&first.date)?;
    let day = day_number(&latest.date)?;
    let dated = dated_plateaus(model, start);
    let line = plan_line(kpi, &dated);
    let plan = plan_at(&line, day);
    let plateau = dated
        .iter()
        .find(|(_, d)| *d >= day)
        .map_or(last_plateau, |(p, _)| *p);
    let status = match (plan, better_way(model, kpi)) {
        (Some(plan), Some((sign, whole_move))) => {
            let behind = sign * (plan - latest.value);
            // Interpolation is exact to a few parts in 10^15: a value that meets the plan
            // as written is never taken as behind it by rounding.
            let slack = 1e-9 * plan.abs().max(whole_move).max(1.0);
            if behind <= slack {
                Status::OnTrack
            } else if behind <= whole_move / 10.0 + slack {
                Status::AtRisk
            } else {
                Status::OffTrack
            }
        }
        _ => Status::NoPlan,
    };
    Some(Tracking {
        latest,
        plan,
        status,
        plateau,
    })
}

/// The actuals of `kpi`, by date.
pub fn actuals(kpi: &Element) -> &[Actual] {
    match kpi.field(Field::Actuals).map(|f| &f.value) {
        Some(Staged::Fixed(Value::Actuals(actuals))) => actuals,
        _ => &[],
    }
}

/// The plateaus that have a date, with its day number, in plateau order; the baseline
/// without a date is dated on the day `start`.
fn dated_plateaus(model: &Model, start: i64) -> Vec<(PlateauIdx, i64)> {
    model
        .plateaus
        .iter()
        .enumerate()
        .filter_map(|(i, p)| {
            let day = match &p.date {
                Some(date) => day_number(date)?,
                None if i == 0 => start,
                None => return None,
            };
            Some((PlateauIdx(i), day))
        })
        .collect()
}

/// The points of the plan line: the KPI's value at each dated plateau that has one.
fn plan_line(kpi: &Element, dated: &[(PlateauIdx, i64)]) -> Vec<(i64, f64)> {
    dated
        .iter()
        .filter_map(|&(p, day)| Some((day, kpi.value_at(Field::Value, p)?.number()?)))
        .collect()
}

/// The plan on day `day`: the line between the points around it, flat before the first
/// point and after the last.
fn plan_at(line: &[(i64, f64)], day: i64) -> Option<f64> {
    let (first, last) = (line.first()?, line.last()?);
    if day <= first.0 {
        return Some(first.1);
    }
    if day >= last.0 {
        return Some(last.1);
    }
    let segment = line.windows(2).find(|w| w[0].0 <= day && day <= w[1].0)?;
    let ((d0, v0), (d1, v1)) = (segment[0], segment[1]);
    if d1 == d0 {
        return Some(v1);
    }
    Some(v0 + (v1 - v0) * float(day - d0) / float(d1 - d0))
}

/// Which way is better, as `1.0` (up) or `-1.0` (down), with the size of the KPI's whole
/// move; `None` when neither `direction` nor the move tells.
fn better_way(model: &Model, kpi: &Element) -> Option<(f64, f64)> {
    let value_at = |p: usize| kpi.value_at(Field::Value, PlateauIdx(p))?.number();
    let plateaus = model.plateaus.len();
    let first = (0..plateaus).find_map(value_at)?;
    let last = plateaus.checked_sub(1).and_then(value_at).unwrap_or(first);
    let whole_move = last - first;
    let direction = kpi
        .value_at(Field::Direction, model.target())
        .and_then(Value::word::<Direction>);
    let sign = match direction {
        Some(Direction::Increase) => 1.0,
        Some(Direction::Decrease) => -1.0,
        None if whole_move > 0.0 => 1.0,
        None if whole_move < 0.0 => -1.0,
        None => return None,
    };
    Some((sign, whole_move.abs()))
}

/// The number of days from 1970-01-01 to the day `date` (`YYYY-MM-DD`).
pub fn day_number(date: &str) -> Option<i64> {
    let (y, m, d) = iso_date(date)?;
    let (y, m, d) = (i64::from(y), i64::from(m), i64::from(d));
    // Days from civil, after Howard Hinnant's algorithm: years start in March, so the
    // leap day is the last day of the year.
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    Some(era * 146_097 + doe - 719_468)
}

/// `day` as `YYYY-MM-DD`.
pub fn iso(day: i64) -> String {
    let (y, m, d) = civil(day);
    format!("{y:04}-{m:02}-{d:02}")
}

/// The year, month and day of a day number (days from 1970-01-01), after Howard
/// Hinnant's algorithm; the inverse of [`day_number`].
pub fn civil(day: i64) -> (i64, i64, i64) {
    let z = day + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    (yoe + era * 400 + i64::from(m <= 2), m, d)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn day_numbers_and_days_round_trip() {
        for day in [
            "1970-01-01",
            "2000-02-29",
            "2026-12-31",
            "2028-03-01",
            "0001-01-01",
        ] {
            assert_eq!(iso(day_number(day).unwrap()), day);
        }
    }

    #[test]
    fn day_numbers_count_days_from_1970() {
        assert_eq!(day_number("1970-01-01"), Some(0));
        assert_eq!(day_number("2000-03-01"), Some(11_017));
        assert_eq!(
            day_number("2024-03-01")
                .zip(day_number("2024-02-28"))
                .map(|(a, b)| a - b),
            Some(2)
        );
        assert_eq!(
            day_number("2023-03-01")
                .zip(day_number("2023-02-28"))
                .map(|(a, b)| a - b),
            Some(1)
        );
        assert_eq!(day_number("2026-13-01"), None);
    }

    #[test]
    fn the_plan_is_flat_outside_its_points_and_straight_between() {
        let line = [(10, 100.0), (20, 50.0), (40, 50.0)];
        assert_eq!(plan_at(&line, 0), Some(100.0));
        assert_eq!(plan_at(&line, 15), Some(75.0));
        assert_eq!(plan_at(&line, 30), Some(50.0));
        assert_eq!(plan_at(&line, 99), Some(50.0));
        assert_eq!(plan_at(&[], 5), None);
    }
}
