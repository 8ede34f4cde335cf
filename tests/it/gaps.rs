//! `tomc gaps`: the gap report between two plateaus.

use std::path::Path;

use serde_json::{Value, json};

use crate::support::{check_json, fixture, project, root, tomc};

fn northwind() -> String {
    root()
        .join("examples/northwind-bank")
        .to_str()
        .unwrap()
        .to_owned()
}

fn gaps(path: &str, extra: &[&str]) -> (i32, String, String) {
    let mut args = vec!["gaps", path];
    args.extend(extra);
    let out = tomc(&args);
    (
        out.status.code().unwrap(),
        String::from_utf8(out.stdout).unwrap(),
        String::from_utf8(out.stderr).unwrap(),
    )
}

fn gaps_json(path: &str, extra: &[&str]) -> Value {
    let mut args = vec!["--format", "json"];
    args.extend(extra);
    let (code, stdout, stderr) = gaps(path, &args);
    assert_eq!(code, 0, "{stderr}");
    serde_json::from_str(&stdout).unwrap()
}

fn golden(name: &str) -> String {
    let path = root().join("tests/golden/gaps").join(name);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

#[test]
fn northwind_reports_match_the_golden_files() {
    for (format, file) in [
        ("md", "northwind-bank.md"),
        ("json", "northwind-bank.json"),
        ("html", "northwind-bank.html"),
    ] {
        let (code, stdout, stderr) = gaps(&northwind(), &["--format", format]);
        assert_eq!(code, 0, "{stderr}");
        assert!(
            stdout == golden(file),
            "{file} differs from the golden file; if the change is intended, run \
             `cargo run -- gaps examples/northwind-bank --format {format} -o tests/golden/gaps/{file}`"
        );
    }
}

#[test]
fn each_format_renders_as_one_file_named_for_it() {
    use tomc::analysis::gaps::GapReport;
    use tomc::emit::gap_report::{GapsFormat, GapsOutput};
    use tomc::emit::output::{Memory, Render};

    let compiled = tomc::compile::compile(Path::new(&northwind()), &Default::default()).unwrap();
    let model = &compiled.model;
    let report = GapReport::new(model, model.baseline(), model.target());
    for (format, name, file) in [
        (GapsFormat::Markdown, "gaps.md", "northwind-bank.md"),
        (GapsFormat::Json, "gaps.json", "northwind-bank.json"),
        (GapsFormat::Html, "gaps.html", "northwind-bank.html"),
    ] {
        let memory = Memory::default();
        GapsOutput::new(format).render(&report, &memory).unwrap();
        let files = memory.into_files();
        assert_eq!(files.len(), 1, "{name}");
        assert_eq!(files[0].path, name);
        assert!(
            files[0].bytes == golden(file).into_bytes(),
            "{name} is {file}"
        );
    }
}

#[test]
fn every_northwind_gap_is_named_with_the_initiatives_that_deliver_it() {
    let report = gaps_json(&northwind(), &[]);
    let (_, check) = check_json(Path::new(&northwind()), &[]);
    let expected = &check["coverage"]["gaps_with_initiative"];

    let mut needing = 0;
    let (_, md, _) = gaps(&northwind(), &[]);
    for kind in report["kinds"].as_array().unwrap() {
        for change in ["added", "removed", "changed"] {
            for gap in kind[change].as_array().unwrap() {
                let id = gap["id"].as_str().unwrap();
                assert!(md.contains(&format!("`{id}`")), "{id} is in the Markdown");
                if gap["needs_initiative"] == true {
                    needing += 1;
                    let by = gap["delivered_by"].as_array().unwrap();
                    assert!(!by.is_empty(), "{id} has an initiative");
                    for ini in by {
                        assert!(md.contains(&format!("`{}`", ini.as_str().unwrap())));
                    }
                }
            }
        }
    }
    // The report lists each element once; `check` and the summary count per step.
    assert!(needing > 0);
    assert_eq!(
        report["summary"]["needing_initiative"], expected["total"],
        "the same gaps as `check`"
    );
    assert_eq!(report["summary"]["undelivered"], 0);
    assert_eq!(report["undelivered"], json!([]));
    assert!(md.contains("None: every element added, removed or uplifted is delivered"));

    // A capability that rises, with its initiative.
    let capabilities = report["kinds"]
        .as_array()
        .unwrap()
        .iter()
        .find(|k| k["kind"] == "capabilities")
        .unwrap();
    let onboarding = capabilities["changed"]
        .as_array()
        .unwrap()
        .iter()
        .find(|g| g["id"] == "cap-digital-onboarding")
        .unwrap();
    assert_eq!(
        onboarding["fields"],
        json!([{"field": "maturity", "from": 1, "to": 4}])
    );
    // Delivered in two steps: up to 3 in `wave-1`, then on to 4 in `target`.
    assert_eq!(
        onboarding["delivered_by"],
        json!(["ini-digital-onboarding", "ini-paperless-operations"])
    );
}

const SMALL: &str = r#"
objectives:
  - { id: obj, name: "Grow | fast", kpis: [kpi-nps, kpi-wait, kpi-new] }
kpis:
  - { id: kpi-nps, name: NPS, direction: increase, voice: customer, value: { current: 10, target: 30 } }
  - { id: kpi-wait, name: Wait, unit: min, direction: decrease, voice: process, value: { current: 5, target: 9 } }
  - { id: kpi-new, name: New, value: { wave-1: 3 } }
capabilities:
  - { id: cap-a, name: A, realizes: [obj], maturity: { current: 1, target: 3 } }
  - { id: cap-b, name: "<b>B</b>", realizes: [obj], maturity: 2, from: target }
  - { id: cap-c, name: C, realizes: [obj], maturity: { current: 4, wave-1: 2 } }
  - { id: cap-old, name: Old, realizes: [obj], until: current }
initiatives:
  - { id: ini-cheap, name: Cheap, delivers: [cap-a], lands_in: target, cost: 10, benefit: 50, depends_on: [ini-big] }
  - { id: ini-big, name: Big, delivers: [cap-old], lands_in: wave-1, cost: 100, benefit: 150 }
  - { id: ini-free, name: Unpriced, delivers: [], lands_in: wave-1 }
"#;

#[test]
fn undelivered_gaps_uplift_kpi_moves_and_ranking() {
    let dir = project(&[("model/m.yaml", SMALL)]);
    let path = dir.path().to_str().unwrap();
    let report = gaps_json(path, &[]);

    assert_eq!(
        report["undelivered"],
        json!([{"id": "cap-b", "kind": "capabilities", "change": "added", "from": "wave-1", "to": "target"}])
    );
    assert_eq!(
        report["maturity"],
        json!([
            {"capability": "cap-a", "name": "A", "from": 1, "to": 3, "uplift": 2},
            {"capability": "cap-b", "name": "<b>B</b>", "from": null, "to": 2, "uplift": 2},
            {"capability": "cap-c", "name": "C", "from": 4, "to": 2, "uplift": -2},
        ])
    );
    let trends: Vec<(&str, &str)> = report["kpis"]
        .as_array()
        .unwrap()
        .iter()
        .map(|k| (k["kpi"].as_str().unwrap(), k["trend"].as_str().unwrap()))
        .collect();
    assert_eq!(
        trends,
        [
            ("kpi-new", "unknown"),
            ("kpi-nps", "better"),
            ("kpi-wait", "worse")
        ]
    );
    let nps = &report["kpis"][1];
    assert_eq!(
        (nps["from"].as_f64(), nps["to"].as_f64()),
        (Some(10.0), Some(30.0))
    );
    assert_eq!(nps["delta"].as_f64(), Some(20.0));

    let ranked: Vec<(Value, &str, Value)> = report["initiatives"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| {
            (
                i["rank"].clone(),
                i["id"].as_str().unwrap(),
                i["benefit_cost_ratio"].clone(),
            )
        })
        .collect();
    assert_eq!(
        ranked,
        [
            (json!(1), "ini-cheap", json!(5.0)),
            (json!(2), "ini-big", json!(1.5)),
            (Value::Null, "ini-free", Value::Null),
        ]
    );
    assert_eq!(report["initiatives"][0]["depends_on"], json!(["ini-big"]));
    assert_eq!(report["summary"]["cost"].as_f64(), Some(110.0));

    let (_, md, _) = gaps(path, &[]);
    assert!(md.contains("## Gaps no initiative delivers"), "{md}");
    assert!(
        md.contains("| `cap-b` | capability | \\<b\\>B\\</b\\> | `wave-1` → `target` | added |"),
        "{md}"
    );
    assert!(md.contains("1 not."), "{md}");
    // The roadmap lists what lands in each plateau, the dependency first.
    let wave = md.find("### Wave 1").unwrap();
    let target = md.find("### Target").unwrap();
    let big = md.find("| `ini-big` | Big |").unwrap();
    let cheap = md.find("| `ini-cheap` | Cheap |").unwrap();
    assert!(wave < big && big < target && target < cheap, "{md}");

    let (_, html, _) = gaps(path, &["--format", "html"]);
    assert!(
        html.contains("<td>&lt;b&gt;B&lt;/b&gt;</td>"),
        "names are escaped"
    );
    assert!(!html.contains("<b>B</b>"));
    assert!(
        !html.contains("<script") && !html.contains("http"),
        "no script, no request"
    );
}

#[test]
fn from_and_to_narrow_the_report() {
    let dir = project(&[("model/m.yaml", SMALL)]);
    let path = dir.path().to_str().unwrap();
    let report = gaps_json(path, &["--from", "wave-1", "--to", "target"]);
    assert_eq!(report["from"]["id"], "wave-1");
    assert_eq!(report["to"]["id"], "target");
    let ids: Vec<&str> = report["initiatives"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["id"].as_str().unwrap())
        .collect();
    assert_eq!(ids, ["ini-cheap"], "only what lands after wave-1");
    assert_eq!(
        report["undelivered"],
        json!([{"id": "cap-b", "kind": "capabilities", "change": "added", "from": "wave-1", "to": "target"}])
    );

    let same = gaps_json(path, &["--from", "target", "--to", "target"]);
    assert_eq!(same["kinds"], json!([]));
    let (_, md, _) = gaps(path, &["--from", "target", "--to", "target"]);
    assert!(md.contains("The two plateaus hold the same model."), "{md}");
}

#[test]
fn bad_plateaus_and_structural_errors() {
    let dir = project(&[("model/m.yaml", SMALL)]);
    let path = dir.path().to_str().unwrap();
    let (code, _, err) = gaps(path, &["--from", "targt"]);
    assert_eq!(code, 2);
    assert!(err.contains("did you mean `target`?"), "{err}");
    let (code, _, err) = gaps(path, &["--from", "target", "--to", "current"]);
    assert_eq!(code, 2);
    assert!(
        err.contains("--from target comes after --to current"),
        "{err}"
    );

    let broken = fixture("structural/unknown-reference");
    let (code, stdout, err) = gaps(broken.to_str().unwrap(), &[]);
    assert_eq!(code, 1);
    assert!(stdout.is_empty());
    assert!(err.contains("no gap report written"), "{err}");
}

#[test]
fn the_report_is_written_to_a_file() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("reports/gaps.html");
    let (code, stdout, err) = gaps(
        &northwind(),
        &["--format", "html", "-o", out.to_str().unwrap()],
    );
    assert_eq!(code, 0, "{err}");
    assert!(stdout.is_empty());
    assert_eq!(
        std::fs::read_to_string(out).unwrap(),
        golden("northwind-bank.html")
    );
}

#[test]
fn the_roadmap_ranks_must_dos_then_benefit_per_cost_then_value_per_effort() {
    let dir = project(&[(
        "model/m.yaml",
        "kpis:
  - { id: nps, name: NPS, direction: increase, value: { current: 10, target: 30 } }
  - { id: churn, name: Churn, direction: decrease, value: { current: 9, target: 6 } }
initiatives:
  - { id: a-unsized, name: Unsized, lands_in: target }
  - { id: b-cheap, name: Cheap, lands_in: target, cost: 10, benefit: 40, kpis: [nps] }
  - { id: c-dear, name: Dear, lands_in: wave-1, cost: 10, benefit: 20 }
  - { id: d-valuable, name: Valuable, lands_in: target, customer_value: 5, business_value: 3, effort: 2, kpis: [nps, churn] }
  - { id: e-slight, name: Slight, lands_in: target, customer_value: 1, effort: 4 }
  - { id: f-law, name: Law, lands_in: target, must_do: regulatory, effort: 5, customer_value: 1 }
  - { id: g-law-unsized, name: Unsized law, lands_in: target, must_do: safety }
  - { id: h-before, name: Before, lands_in: current, kpis: [churn] }
",
    )]);
    let path = dir.path().to_str().unwrap();
    let report = gaps_json(path, &[]);
    let ranked: Vec<(String, Value)> = report["initiatives"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| (i["id"].as_str().unwrap().to_owned(), i["rank"].clone()))
        .collect();
    let expected = [
        // Must-dos first, sized before unsized.
        ("f-law", json!(1)),
        ("g-law-unsized", json!(2)),
        // Benefit per cost: 4, then 2.
        ("b-cheap", json!(3)),
        ("c-dear", json!(4)),
        // Value per effort: 8 / 2 = 4, then 1 / 4.
        ("d-valuable", json!(5)),
        ("e-slight", json!(6)),
        // Neither: last, without a rank.
        ("a-unsized", json!(null)),
    ];
    let expected: Vec<(String, Value)> = expected
        .into_iter()
        .map(|(id, rank)| (id.to_owned(), rank))
        .collect();
    assert_eq!(ranked, expected);
    assert_eq!(report["initiatives"][4]["value_per_effort"], json!(4.0));
    assert_eq!(report["initiatives"][0]["must_do"], json!("regulatory"));

    // KPI moves name the initiatives that move them between the two plateaus only: the
    // one already landed at the baseline is not among them, nor on the roadmap.
    let moved_by: Vec<(String, Value)> = report["kpis"]
        .as_array()
        .unwrap()
        .iter()
        .map(|k| (k["kpi"].as_str().unwrap().to_owned(), k["moved_by"].clone()))
        .collect();
    assert_eq!(
        moved_by,
        [
            ("churn".to_owned(), json!(["d-valuable"])),
            ("nps".to_owned(), json!(["b-cheap", "d-valuable"])),
        ]
    );
    let (code, md, _) = gaps(path, &[]);
    assert_eq!(code, 0);
    assert!(
        md.contains(
            "| `nps` | NPS | — | 10 | 30 | higher | better | — | — | `b-cheap`, `d-valuable` |"
        ),
        "{md}"
    );
}
