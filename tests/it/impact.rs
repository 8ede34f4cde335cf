//! `tomc impact`: what depends on elements, or what they depend on, per plateau.

use serde_json::{Value, json};

use crate::support::{project, root, tomc};

fn northwind() -> String {
    root()
        .join("examples/northwind-bank")
        .to_str()
        .unwrap()
        .to_owned()
}

fn impact(project: &str, args: &[&str]) -> (i32, String, String) {
    let mut all = vec!["impact", "--project", project];
    all.extend(args);
    let out = tomc(&all);
    (
        out.status.code().unwrap(),
        String::from_utf8(out.stdout).unwrap(),
        String::from_utf8(out.stderr).unwrap(),
    )
}

fn impact_json(project: &str, args: &[&str]) -> Value {
    let mut all = args.to_vec();
    all.extend(["--format", "json"]);
    let (code, stdout, stderr) = impact(project, &all);
    assert_eq!(code, 0, "{stderr}");
    serde_json::from_str(&stdout).unwrap()
}

/// The ids of one kind reached at a plateau's entry.
fn ids<'a>(plateau: &'a Value, kind: &str) -> Vec<&'a str> {
    plateau["impacted"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["kind"] == kind)
        .map(|e| e["id"].as_str().unwrap())
        .collect()
}

#[test]
fn the_legacy_core_reaches_what_a_hand_trace_gives_at_current() {
    let report = impact_json(&northwind(), &["sys-core-legacy", "--plateau", "current"]);
    let current = &report["plateaus"][0];
    assert_eq!(current["plateau"], "current");
    assert_eq!(current["present"], true);
    // The hand trace. Processes: the eight that list the system at current
    // (model/operations.yaml), and those that use information it holds then
    // (info-customer-profile, info-account-ledger, info-transactions).
    assert_eq!(
        ids(current, "information"),
        [
            "info-account-ledger",
            "info-customer-profile",
            "info-transactions"
        ]
    );
    assert_eq!(
        ids(current, "processes"),
        [
            "proc-branch-account-opening",
            "proc-branch-servicing",
            "proc-campaign-management",
            "proc-complaint-handling",
            "proc-contact-handling",
            "proc-correspondence",
            "proc-everyday-servicing",
            "proc-fraud-monitoring",
            "proc-kyc-screening",
            "proc-mortgage-application",
            "proc-payments-processing",
            "proc-platform-operations",
            "proc-vulnerability-support",
        ]
    );
    // The touchpoints those processes stand behind, or that the capabilities they
    // realize support.
    assert_eq!(
        ids(current, "touchpoints"),
        [
            "tp-branch-counter",
            "tp-complaint-response",
            "tp-contact-centre",
            "tp-email-alerts",
            "tp-help-centre",
            "tp-mobile-app",
            "tp-mortgage-appointment",
            "tp-mortgage-dip",
            "tp-mortgage-offer",
            "tp-paper-application",
            "tp-post-letters",
            "tp-website",
        ]
    );
    assert_eq!(
        ids(current, "journeys"),
        [
            "jrn-branch-banking",
            "jrn-complaint",
            "jrn-everyday-banking",
            "jrn-first-mortgage",
            "jrn-newcomer-onboarding",
            "jrn-remortgage",
        ]
    );
    assert_eq!(
        ids(current, "personas"),
        [
            "per-branch-loyal",
            "per-busy-family",
            "per-first-time-buyer",
            "per-new-to-country",
            "per-sole-trader",
        ]
    );
    let capabilities = ids(current, "capabilities");
    assert_eq!(capabilities.len(), 23);
    for id in [
        "cap-core-banking",
        "cap-payments",
        "cap-branch-network-mgmt",
        "cap-technology-data",
    ] {
        assert!(capabilities.contains(&id), "{id} in {capabilities:?}");
    }
    // Not reached: the new platform's capability that nothing at current realizes with
    // the legacy core.
    assert!(!capabilities.contains(&"cap-digital-onboarding"));
    // Every path runs from the system to the element, one link at a time.
    for e in current["impacted"].as_array().unwrap() {
        let path = e["path"].as_array().unwrap();
        assert_eq!(path[0], "sys-core-legacy");
        assert_eq!(path.last().unwrap(), &e["id"]);
    }
    let proc = current["impacted"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["id"] == "proc-complaint-handling")
        .unwrap();
    assert_eq!(
        proc["path"],
        json!([
            "sys-core-legacy",
            "info-customer-profile",
            "proc-complaint-handling"
        ])
    );
    let initiatives: Vec<&str> = current["initiatives"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["id"].as_str().unwrap())
        .collect();
    assert!(initiatives.contains(&"ini-legacy-decommission"));
    assert!(initiatives.contains(&"ini-core-migration"));
}

#[test]
fn nothing_depends_on_the_legacy_core_once_it_is_retired() {
    let report = impact_json(&northwind(), &["sys-core-legacy", "--plateau", "target"]);
    let target = &report["plateaus"][0];
    assert_eq!(target["present"], true);
    assert_eq!(target["impacted"], json!([]));
    assert_eq!(
        target["initiatives"],
        json!([{
            "id": "ini-legacy-decommission",
            "name": "Decommission legacy platforms",
            "lands_in": "target",
            "delivers": ["sys-core-legacy"],
        }])
    );
}

#[test]
fn an_element_absent_at_the_plateau_gives_an_empty_result_and_a_note() {
    // sys-legacy-web lives until wave-1.
    let report = impact_json(&northwind(), &["sys-legacy-web", "--plateau", "target"]);
    assert_eq!(
        report["plateaus"],
        json!([{"plateau": "target", "present": false, "impacted": [], "initiatives": []}])
    );
    let (code, stdout, _) = impact(&northwind(), &["sys-legacy-web", "--plateau", "target"]);
    assert_eq!(code, 0);
    assert!(
        stdout.contains("at target: it is not present here; nothing to show"),
        "{stdout}"
    );
    // By default, only the plateaus where it exists; with --all, every plateau.
    let default = impact_json(&northwind(), &["sys-legacy-web"]);
    let plateaus: Vec<&str> = default["plateaus"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["plateau"].as_str().unwrap())
        .collect();
    assert_eq!(plateaus, ["current", "wave-1"]);
    let all = impact_json(&northwind(), &["sys-legacy-web", "--all"]);
    assert_eq!(all["plateaus"].as_array().unwrap().len(), 3);
    assert_eq!(all["plateaus"][2]["present"], false);
}

const CHAIN: &str = "\
systems:
  - { id: sys-a, name: A system, owner: role-it }
processes:
  - { id: proc-a, name: A process, systems: [sys-a], capabilities: [cap-child] }
capabilities:
  - { id: cap-parent, name: Parent, realizes: [obj-a] }
  - { id: cap-child, name: Child, parent: cap-parent }
touchpoints:
  - { id: tp-a, name: A touchpoint, capabilities: [cap-child] }
journeys:
  - id: jrn-a
    name: A journey
    persona: per-a
    stages:
      - { id: s1, name: First, touchpoints: [tp-a] }
personas:
  - { id: per-a, name: A persona }
objectives:
  - { id: obj-a, name: An objective, kpis: [kpi-a] }
kpis:
  - { id: kpi-a, name: A KPI }
roles:
  - { id: role-it, name: IT, org_unit: ou-it }
org_units:
  - { id: ou-it, name: IT unit }
initiatives:
  - { id: ini-a, name: Replace A, delivers: [proc-a], lands_in: target }
";

#[test]
fn each_element_is_reached_by_the_shortest_path_and_grouped_by_kind() {
    let dir = project(&[("model/m.yaml", CHAIN)]);
    let path = dir.path().to_str().unwrap();
    let report = impact_json(path, &["sys-a", "--plateau", "current"]);
    let reached: Vec<(String, Vec<String>)> = report["plateaus"][0]["impacted"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            (
                e["id"].as_str().unwrap().to_owned(),
                e["path"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|p| p.as_str().unwrap().to_owned())
                    .collect(),
            )
        })
        .collect();
    let expect = |id: &str, path: &[&str]| {
        (
            id.to_owned(),
            path.iter().map(|p| (*p).to_owned()).collect::<Vec<_>>(),
        )
    };
    assert_eq!(
        reached,
        [
            expect(
                "obj-a",
                &["sys-a", "proc-a", "cap-child", "cap-parent", "obj-a"]
            ),
            expect(
                "kpi-a",
                &[
                    "sys-a",
                    "proc-a",
                    "cap-child",
                    "cap-parent",
                    "obj-a",
                    "kpi-a"
                ]
            ),
            expect(
                "per-a",
                &["sys-a", "proc-a", "cap-child", "tp-a", "jrn-a", "per-a"]
            ),
            expect("jrn-a", &["sys-a", "proc-a", "cap-child", "tp-a", "jrn-a"]),
            expect("tp-a", &["sys-a", "proc-a", "cap-child", "tp-a"]),
            expect("cap-child", &["sys-a", "proc-a", "cap-child"]),
            expect(
                "cap-parent",
                &["sys-a", "proc-a", "cap-child", "cap-parent"]
            ),
            expect("proc-a", &["sys-a", "proc-a"]),
        ]
    );
    assert_eq!(
        report["plateaus"][0]["initiatives"],
        json!([{"id": "ini-a", "name": "Replace A", "lands_in": "target", "delivers": ["proc-a"]}])
    );

    // Up: what the process depends on.
    let up = impact_json(
        path,
        &["proc-a", "--plateau", "current", "--direction", "up"],
    );
    let up_ids: Vec<&str> = up["plateaus"][0]["impacted"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["id"].as_str().unwrap())
        .collect();
    // The role owns the system; the role sits in the org unit.
    assert_eq!(up_ids, ["ou-it", "role-it", "sys-a"]);
}

#[test]
fn the_text_and_markdown_reports_group_by_kind() {
    let dir = project(&[("model/m.yaml", CHAIN)]);
    let path = dir.path().to_str().unwrap();
    let (code, text, _) = impact(path, &["sys-a", "--plateau", "current"]);
    assert_eq!(code, 0);
    assert!(text.starts_with("sys-a: what depends on it\n"), "{text}");
    assert!(
        text.contains("at current: 8 elements: 1 objective, 1 KPI, 1 persona, 1 journey, 1 touchpoint, 2 capabilities, 1 process\n"),
        "{text}"
    );
    assert!(
        text.contains("    tp-a  A touchpoint\n      via sys-a → proc-a → cap-child → tp-a\n"),
        "{text}"
    );
    assert!(
        text.contains("  initiatives that deliver elements on the way (1)\n    ini-a  Replace A, lands in target\n      delivers proc-a\n"),
        "{text}"
    );
    let (code, md, _) = impact(path, &["sys-a", "--plateau", "current", "--format", "md"]);
    assert_eq!(code, 0);
    assert!(md.contains("## At Current"), "{md}");
    assert!(
        md.contains(
            "| journeys | `jrn-a` | A journey | sys-a → proc-a → cap-child → tp-a → jrn-a |"
        ),
        "{md}"
    );
}

#[test]
fn an_unknown_id_or_plateau_is_one_clear_error() {
    let (code, stdout, stderr) = impact(&northwind(), &["sys-core-legac"]);
    assert_eq!(code, 2);
    assert!(stdout.is_empty());
    assert_eq!(
        stderr,
        "error: no element has the id `sys-core-legac`\n  help: did you mean `sys-core-legacy`?\n"
    );
    let (code, _, stderr) = impact(&northwind(), &["sys-core-legacy", "--plateau", "wave-2"]);
    assert_eq!(code, 2);
    assert!(
        stderr.contains("plateau `wave-2` does not exist"),
        "{stderr}"
    );
}

/// The site's "what depends on this" comes from one pass per plateau
/// (`reachability`); it must list exactly the objectives, personas and journeys that
/// the walk of `tomc impact` reaches from each element, on Northwind and on a generated
/// model.
#[test]
fn the_one_pass_reachability_agrees_with_the_walk_from_every_element() {
    use tomc::analysis::impact::{Direction, impact, reachability};
    use tomc::model::PlateauIdx;
    use tomc::spec::Kind;

    let generated = tempfile::tempdir().unwrap();
    let project = tomc_gen::generate(&tomc_gen::Spec {
        elements: 1500,
        seed: 7,
    });
    crate::support::write(generated.path(), "tom.yaml", &project.tom_yaml);
    for (name, text) in &project.files {
        crate::support::write(generated.path(), name, text);
    }
    let kinds = [Kind::Objectives, Kind::Personas, Kind::Journeys];
    for dir in [
        root().join("examples/northwind-bank"),
        generated.path().to_owned(),
    ] {
        let compiled = tomc::compile::compile(&dir, &tomc::compile::Options::default()).unwrap();
        let model = &compiled.model;
        let mut compared = 0;
        for p in 0..model.plateaus.len() {
            let at = model.at(PlateauIdx(p));
            let reach = reachability(&at, &kinds);
            for (idx, _) in at.elements() {
                let walked: Vec<_> = impact(&at, &[idx], Direction::Down)
                    .reached
                    .iter()
                    .map(|r| r.element)
                    .filter(|&r| kinds.contains(&model.element(r).kind))
                    .collect();
                let mut walked = walked;
                walked.sort_unstable();
                assert_eq!(
                    reach.of(idx),
                    walked,
                    "{} at plateau {p}",
                    model.element(idx).id
                );
                compared += walked.len();
            }
        }
        assert!(
            compared > 100,
            "the comparison covers real reach: {compared}"
        );
    }
}
