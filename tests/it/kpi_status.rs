//! The status of a KPI with actuals: its latest actual against the plan line through its
//! values at the dated plateaus, checked against figures worked out by hand.

use crate::support::{check_json, project, write};

/// `(status, plan, plateau)` of each KPI in `check --format json`, by id.
fn statuses(dir: &std::path::Path) -> Vec<(String, String, Option<f64>, String)> {
    let (_, report) = check_json(dir, &[]);
    report["kpis"]
        .as_array()
        .unwrap_or_else(|| panic!("{report:#}"))
        .iter()
        .map(|k| {
            let text = |key: &str| k[key].as_str().unwrap().to_owned();
            (
                text("id"),
                text("status"),
                k["plan"].as_f64(),
                text("plateau"),
            )
        })
        .collect()
}

fn close(found: Option<f64>, expected: f64) -> bool {
    found.is_some_and(|f| (f - expected).abs() < 1e-6)
}

#[test]
fn an_undated_baseline_is_dated_at_the_first_actual() {
    // current has no date: it counts as 2026-01-01, the first actual. The line runs from
    // 60 then to 80 on 2027-01-01 (365 days). 2026-07-02 is day 182: the plan is
    // 60 + 20 × 182 / 365 = 69.9726…; the whole move is 20, so at-risk means behind by
    // at most 2.
    let dir = project(&[]);
    write(
        dir.path(),
        "tom.yaml",
        "tom: 1\nname: T\nplateaus:\n  - { id: current, name: Current }\n  \
         - { id: wave-1, name: Wave 1, date: 2027-01-01 }\n  - { id: target, name: Target }\n",
    );
    let kpi = |id: &str, latest: f64| {
        format!(
            "  - id: {id}\n    name: {id}\n    direction: increase\n    value: {{ current: 60, wave-1: 80 }}\n    \
             actuals:\n      - {{ date: 2026-01-01, value: 61 }}\n      - {{ date: 2026-07-02, value: {latest} }}\n"
        )
    };
    let model = format!(
        "kpis:\n{}{}{}",
        kpi("ahead", 70.0),
        kpi("behind-a-little", 68.5),
        kpi("behind-a-lot", 67.9)
    );
    write(dir.path(), "model/k.yaml", model);
    let found = statuses(dir.path());
    let plan = 60.0 + 20.0 * 182.0 / 365.0;
    let expected = [
        ("ahead", "on-track"),
        ("behind-a-little", "at-risk"),
        ("behind-a-lot", "off-track"),
    ];
    assert_eq!(found.len(), 3, "{found:?}");
    for ((id, status, p, plateau), (want_id, want)) in found.iter().zip(expected) {
        assert_eq!((id.as_str(), status.as_str()), (want_id, want));
        assert!(close(*p, plan), "{id}: {p:?} against {plan}");
        assert_eq!(plateau, "wave-1");
    }
}

#[test]
fn before_the_first_dated_plateau_and_after_the_last_the_plan_is_flat() {
    let dir = project(&[]);
    write(
        dir.path(),
        "tom.yaml",
        "tom: 1\nname: T\nplateaus:\n  - { id: current, name: Current, date: 2026-01-01 }\n  \
         - { id: wave-1, name: Wave 1, date: 2027-01-01 }\n  \
         - { id: target, name: Target, date: 2028-01-01 }\n",
    );
    write(
        dir.path(),
        "model/k.yaml",
        "kpis:
  # Before 2026-01-01 the plan is 10; the whole move is 6, a tenth 0.6: 10.5 is behind by 0.5.
  - { id: early, name: Early, direction: decrease, value: { current: 10, target: 4 },
      actuals: [{ date: 2025-06-30, value: 10.5 }] }
  # After 2028-01-01 the plan is 4: 3 is better.
  - { id: late-good, name: Late good, direction: decrease, value: { current: 10, target: 4 },
      actuals: [{ date: 2028-06-30, value: 3 }] }
  # After the last plateau the plan is 200; 150 is behind by 50, more than 10.
  - { id: late-bad, name: Late bad, direction: increase, value: { current: 100, target: 200 },
      actuals: [{ date: 2029-01-01, value: 150 }] }
  # 2026-04-01 is day 90 of 365 from current: the plan is 100 × 90 / 365 = 24.657…
  - { id: between, name: Between, value: { current: 0, wave-1: 100 },
      actuals: [{ date: 2026-04-01, value: 25 }] }
  # No value anywhere: no plan line.
  - { id: unplanned, name: Unplanned, actuals: [{ date: 2026-04-01, value: 1 }] }
  # No direction and no move: which way is better cannot be told.
  - { id: flat, name: Flat, value: 5, actuals: [{ date: 2026-04-01, value: 1 }] }
  # No actuals: no status at all.
  - { id: unmeasured, name: Unmeasured, value: { current: 1, target: 2 } }
",
    );
    let found = statuses(dir.path());
    let row = |id: &str| {
        found
            .iter()
            .find(|f| f.0 == id)
            .unwrap_or_else(|| panic!("{id} in {found:?}"))
            .clone()
    };
    let check = |id: &str, status: &str, plan: Option<f64>, plateau: &str| {
        let (_, s, p, at) = row(id);
        assert_eq!((s.as_str(), at.as_str()), (status, plateau), "{id}");
        match plan {
            Some(plan) => assert!(close(p, plan), "{id}: {p:?} against {plan}"),
            None => assert_eq!(p, None, "{id}"),
        }
    };
    check("early", "at-risk", Some(10.0), "current");
    check("late-good", "on-track", Some(4.0), "target");
    check("late-bad", "off-track", Some(200.0), "target");
    check("between", "on-track", Some(100.0 * 90.0 / 365.0), "wave-1");
    check("unplanned", "no plan", None, "wave-1");
    check("flat", "no plan", Some(5.0), "wave-1");
    assert_eq!(found.len(), 6, "{found:?}");
}
