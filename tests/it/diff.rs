//! `tomc diff`: the semantic difference between two versions of a spec.

use std::path::Path;
use std::process::{Command, Output};

use serde_json::{Value, json};

use crate::support::{copy_dir, fixture, git, project, root, write};

/// Runs `tomc` in `dir`.
fn tomc_in(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_tomc"))
        .args(args)
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .env("COLUMNS", "100")
        .output()
        .unwrap()
}

fn stdout(out: &Output) -> String {
    String::from_utf8(out.stdout.clone()).unwrap()
}

fn stderr(out: &Output) -> String {
    String::from_utf8(out.stderr.clone()).unwrap()
}

fn json_of(out: &Output) -> Value {
    serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("JSON ({e}): {}\n{}", stdout(out), stderr(out)))
}

fn edit(path: &Path, from: &str, to: &str) {
    let text = std::fs::read_to_string(path).unwrap();
    assert!(text.contains(from), "{} holds {from}", path.display());
    std::fs::write(path, text.replacen(from, to, 1)).unwrap();
}

/// The two edits of the issue: one capability's target maturity, one touchpoint's
/// capabilities.
fn edit_northwind(dir: &Path) {
    edit_payments(dir);
    edit_help_centre(dir);
}

fn edit_payments(dir: &Path) {
    edit(
        &dir.join("model/capabilities.yaml"),
        "realizes: [obj-lower-cost-to-serve]\n    maturity: { current: 3, target: 4 }",
        "realizes: [obj-lower-cost-to-serve]\n    maturity: { current: 3, target: 5 }",
    );
}

fn edit_help_centre(dir: &Path) {
    edit(
        &dir.join("model/customers.yaml"),
        "capabilities: { current: [cap-digital-self-service], wave-1: [cap-digital-self-service, cap-conversational-service] }",
        "capabilities: { current: [cap-digital-self-service], wave-1: [cap-digital-self-service, cap-conversational-service], target: [] }",
    );
}

/// `old/` (the example) and `new/` (the example, edited) in a temporary directory.
fn northwind_pair() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    copy_dir(
        &root().join("examples/northwind-bank"),
        &dir.path().join("old"),
    );
    copy_dir(
        &root().join("examples/northwind-bank"),
        &dir.path().join("new"),
    );
    edit_northwind(&dir.path().join("new"));
    dir
}

fn changed_fields(report: &Value) -> Vec<(String, String, String, Value, Value)> {
    let mut out = Vec::new();
    for p in report["plateaus"].as_array().unwrap() {
        assert_eq!(p["added"], json!([]), "{p}");
        assert_eq!(p["removed"], json!([]), "{p}");
        for e in p["changed"].as_array().unwrap() {
            for f in e["fields"].as_array().unwrap() {
                out.push((
                    p["id"].as_str().unwrap().to_owned(),
                    e["id"].as_str().unwrap().to_owned(),
                    f["field"].as_str().unwrap().to_owned(),
                    f["before"].clone(),
                    f["after"].clone(),
                ));
            }
        }
    }
    out
}

#[test]
fn two_edits_give_exactly_two_changes_their_coverage_and_their_finding() {
    let dir = northwind_pair();
    let out = tomc_in(dir.path(), &["diff", "old", "new", "--format", "json"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let report = json_of(&out);
    assert_eq!(
        changed_fields(&report),
        [
            (
                "target".into(),
                "cap-payments".into(),
                "maturity".into(),
                json!(4),
                json!(5)
            ),
            (
                "target".into(),
                "tp-help-centre".into(),
                "capabilities".into(),
                json!(["cap-conversational-service", "cap-digital-self-service"]),
                json!([])
            ),
        ]
    );
    let introduced = report["findings"]["introduced"].as_array().unwrap();
    assert_eq!(introduced.len(), 1, "{introduced:?}");
    assert_eq!(introduced[0]["rule"], "touchpoint-unsupported");
    assert_eq!(introduced[0]["element"], "tp-help-centre");
    assert_eq!(introduced[0]["file"], "model/customers.yaml");
    assert_eq!(report["findings"]["fixed"], json!([]));
    let moved: Vec<&Value> = report["coverage"]["figures"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["before"] != f["after"])
        .collect();
    assert_eq!(
        moved,
        [&json!({"figure": "touchpoints_supported",
                 "before": {"covered": 15, "total": 15},
                 "after": {"covered": 14, "total": 15}})]
    );
    assert_eq!(report["gaps"], json!({"opened": [], "closed": []}));
    // The touchpoint that lost its capabilities still stands in the journeys that meet
    // it at the target, and so before their personas; it realizes no objective.
    let help_centre = report["impact"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["id"] == "tp-help-centre")
        .unwrap();
    assert_eq!(
        help_centre,
        &json!({
            "id": "tp-help-centre",
            "kind": "touchpoints",
            "name": "Online help centre",
            "change": "changed",
            "journeys": ["jrn-everyday-banking", "jrn-get-help", "jrn-newcomer-onboarding"],
            "personas": ["per-digital-native", "per-new-to-country", "per-sole-trader"],
            "objectives": [],
        })
    );
    let impacted: Vec<&str> = report["impact"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["id"].as_str().unwrap())
        .collect();
    assert_eq!(impacted, ["cap-payments", "tp-help-centre"]);
    let payments = &report["impact"][0];
    assert_eq!(
        payments["objectives"],
        json!(["obj-efficiency", "obj-lower-cost-to-serve"])
    );
    assert_eq!(payments["journeys"].as_array().unwrap().len(), 7);
    assert_eq!(report["changed"], true);
    assert_eq!(
        report["verdict"],
        "2 elements changed in target, 1 new error, touchpoint coverage 100% → 93%"
    );

    // --exit-code: 1 when the model changed, 0 when it did not.
    let out = tomc_in(dir.path(), &["diff", "old", "new", "--exit-code"]);
    assert_eq!(out.status.code(), Some(1));
    let out = tomc_in(dir.path(), &["diff", "old", "old", "--exit-code"]);
    assert_eq!(out.status.code(), Some(0));
    assert!(stdout(&out).contains("**No change to the operating model**"));
}

#[test]
fn markdown_matches_the_golden_file() {
    let dir = northwind_pair();
    let out = tomc_in(dir.path(), &["diff", "old", "new"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let golden = root().join("tests/golden/diff/northwind-edited.md");
    assert!(
        stdout(&out) == std::fs::read_to_string(&golden).unwrap(),
        "the diff differs from {}:\n{}",
        golden.display(),
        stdout(&out)
    );
}

#[test]
fn moving_and_reordering_the_spec_is_no_change() {
    // `shuffled` is northwind split over other files, keys and lists shuffled.
    let out = tomc_in(
        &root(),
        &[
            "diff",
            "examples/northwind-bank",
            fixture("manifest/shuffled").to_str().unwrap(),
            "--format",
            "json",
            "--exit-code",
        ],
    );
    let report = json_of(&out);
    assert_eq!(report["changed"], false, "{report:#}");
    assert_eq!(out.status.code(), Some(0));
}

#[test]
fn additions_removals_settings_waivers_and_gaps() {
    let old = project(&[(
        "model/m.yaml",
        "objectives:\n  - { id: obj, name: O }\n\
         capabilities:\n  - { id: cap-a, name: A, realizes: [obj], maturity: 2 }\n  \
         - { id: cap-gone, name: Gone, realizes: [obj] }\n",
    )]);
    let new = project(&[(
        "model/m.yaml",
        "objectives:\n  - { id: obj, name: O }\n\
         capabilities:\n  - id: cap-a\n    name: A\n    realizes: [obj]\n    maturity: 2\n    \
         waivers: [{ rule: capability-unaligned, reason: Kept on purpose. }]\n  \
         - { id: cap-new, name: New, realizes: [obj], from: target }\n",
    )]);
    write(
        new.path(),
        "tom.yaml",
        format!("{}rules:\n  missing-owner: off\n", crate::support::TOM),
    );
    let out = tomc_in(
        &root(),
        &[
            "diff",
            old.path().to_str().unwrap(),
            new.path().to_str().unwrap(),
            "--format",
            "json",
        ],
    );
    let report = json_of(&out);
    assert_eq!(
        report["settings"],
        json!([{"field": "rules: missing-owner", "before": null, "after": "off"}])
    );
    let target = &report["plateaus"][2];
    assert_eq!(target["id"], "target");
    assert_eq!(
        target["added"],
        json!([{"id": "cap-new", "kind": "capabilities", "name": "New"}])
    );
    assert_eq!(
        target["removed"],
        json!([{"id": "cap-gone", "kind": "capabilities", "name": "Gone"}])
    );
    assert_eq!(
        target["changed"][0]["fields"],
        json!([{"field": "waivers", "before": null,
                "after": [{"rule": "capability-unaligned", "reason": "Kept on purpose."}]}])
    );
    assert_eq!(
        report["plateaus"][0]["added"],
        json!([]),
        "cap-new is not in current"
    );
    let ids = |list: &Value| -> Vec<(String, String)> {
        list.as_array()
            .unwrap()
            .iter()
            .map(|g| {
                (
                    g["id"].as_str().unwrap().into(),
                    g["change"].as_str().unwrap().into(),
                )
            })
            .collect()
    };
    assert_eq!(
        ids(&report["gaps"]["opened"]),
        [("cap-new".into(), "added".into())]
    );
    assert_eq!(report["gaps"]["opened"][0]["delivered_by"], json!([]));
    assert_eq!(
        ids(&report["gaps"]["closed"]),
        Vec::<(String, String)>::new()
    );
    let introduced: Vec<&str> = report["findings"]["introduced"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["rule"].as_str().unwrap())
        .collect();
    assert!(
        introduced.contains(&"gap-without-initiative"),
        "{introduced:?}"
    );
    let fixed: Vec<&str> = report["findings"]["fixed"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["rule"].as_str().unwrap())
        .collect();
    assert!(fixed.contains(&"missing-owner"), "turned off: {fixed:?}");
}

#[test]
fn a_side_with_structural_errors_still_diffs_and_is_named() {
    let dir = northwind_pair();
    edit(
        &dir.path().join("new/model/capabilities.yaml"),
        "name: Payments Processing\n    parent: cap-servicing-operations",
        "name: Payments Processing\n    parent: cap-servicing-operatons",
    );
    let out = tomc_in(dir.path(), &["diff", "old", "new", "--format", "json"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let report = json_of(&out);
    assert_eq!(report["new"]["structural_errors"], 1);
    assert_eq!(report["old"]["structural_errors"], 0);
    let verdict = report["verdict"].as_str().unwrap();
    assert!(
        verdict.contains("the new version (`new`) has 1 structural error"),
        "{verdict}"
    );
    let introduced = report["findings"]["introduced"].as_array().unwrap();
    assert_eq!(introduced.len(), 1, "{introduced:?}");
    assert_eq!(introduced[0]["rule"], "unknown-reference");
    assert_eq!(
        report["findings"]["fixed"],
        json!([]),
        "unchecked rules are not fixed"
    );
    // The element changes are still there, the broken parent among them.
    let changes = changed_fields(&report);
    assert!(
        changes
            .iter()
            .any(|c| c.1 == "cap-payments" && c.2 == "maturity")
    );
    assert!(
        changes
            .iter()
            .any(|c| c.1 == "cap-payments" && c.2 == "parent")
    );

    let md = stdout(&tomc_in(dir.path(), &["diff", "old", "new"]));
    assert!(md.contains("has 1 structural error"), "{md}");

    // A side that cannot be read at all: exit 2, naming the side.
    let out = tomc_in(dir.path(), &["diff", "old", "missing"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("cannot read the new version, `missing`"),
        "{}",
        stderr(&out)
    );
    let out = tomc_in(dir.path(), &["diff", "old"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("give two versions"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn long_diffs_are_summarised_under_the_comment_limit() {
    let element = |i: usize, name: &str| {
        format!(
            "  - {{ id: cap-{i:05}, name: \"{name} {i} with a longer name to fill the table\" }}\n"
        )
    };
    let old: String = (0..3000).map(|i| element(i, "Old")).collect();
    let new: String = (0..3000).map(|i| element(i, "New")).collect();
    let old = project(&[("model/m.yaml", &format!("capabilities:\n{old}"))]);
    let new = project(&[("model/m.yaml", &format!("capabilities:\n{new}"))]);
    let (old, new) = (old.path().to_str().unwrap(), new.path().to_str().unwrap());
    let md = stdout(&tomc_in(&root(), &["diff", old, new]));
    assert!(
        md.chars().count() <= 60_000,
        "{} characters",
        md.chars().count()
    );
    assert!(md.starts_with("# tomc diff: Test\n\n**3000 elements changed in target (3000 in wave-1, 3000 in current)"), "{}", &md[..300]);
    assert!(md.contains("more rows |"), "tables say what they leave out");
    assert!(md.contains("`tomc diff --format json` gives every row"));
    let report = json_of(&tomc_in(&root(), &["diff", old, new, "--format", "json"]));
    assert_eq!(
        report["plateaus"][2]["changed"].as_array().unwrap().len(),
        3000
    );
}

#[test]
fn git_revisions_are_read_without_touching_the_working_tree_or_index() {
    let repo = tempfile::tempdir().unwrap();
    let project = repo.path().join("tom");
    copy_dir(&root().join("examples/northwind-bank"), &project);
    git(repo.path(), &["init", "-q"]);
    git(repo.path(), &["add", "."]);
    git(repo.path(), &["commit", "-qm", "northwind"]);
    edit_payments(&project);
    git(repo.path(), &["commit", "-qam", "payments to 5"]);
    // An uncommitted edit, staged, in the working tree.
    edit_help_centre(&project);
    git(repo.path(), &["add", "tom/model/customers.yaml"]);
    let status = git(repo.path(), &["status", "--porcelain"]);
    let index = std::fs::read(repo.path().join(".git/index")).unwrap();

    // Two revisions, from inside the project directory.
    let out = tomc_in(
        &project,
        &["diff", "git:HEAD~1", "git:HEAD", "--format", "json"],
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let report = json_of(&out);
    assert_eq!(report["verdict"], "1 element changed in target");
    assert_eq!(report["old"]["label"], "git:HEAD~1");

    // The same from the repository root, naming the directory.
    let out = tomc_in(
        repo.path(),
        &["diff", "git:HEAD~1:tom", "git:HEAD:tom", "--format", "json"],
    );
    assert_eq!(json_of(&out)["verdict"], "1 element changed in target");

    // --base: the revision against the working tree, with its uncommitted edit.
    let out = tomc_in(
        repo.path(),
        &["diff", "--base", "HEAD~1", "tom", "--format", "json"],
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let report = json_of(&out);
    assert_eq!(report["new"]["label"], "working tree");
    assert_eq!(
        report["verdict"],
        "2 elements changed in target, 1 new error, touchpoint coverage 100% → 93%"
    );
    let out = tomc_in(&project, &["diff", "--base", "HEAD", "--exit-code"]);
    assert_eq!(
        out.status.code(),
        Some(1),
        "the working tree differs from HEAD"
    );

    assert_eq!(git(repo.path(), &["status", "--porcelain"]), status);
    assert_eq!(
        std::fs::read(repo.path().join(".git/index")).unwrap(),
        index
    );

    // A revision that does not exist, and one without the project.
    let out = tomc_in(&project, &["diff", "--base", "no-such-branch"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("`no-such-branch` is not"),
        "{}",
        stderr(&out)
    );
    let out = tomc_in(repo.path(), &["diff", "git:HEAD", "tom"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("there is no tom.yaml in `.`"),
        "{}",
        stderr(&out)
    );
    let outside = tempfile::tempdir().unwrap();
    let out = tomc_in(
        outside.path(),
        &["diff", "--base", "HEAD", project.to_str().unwrap()],
    );
    assert_eq!(
        out.status.code(),
        Some(0),
        "a project path inside a repository works from anywhere: {}",
        stderr(&out)
    );
}

#[test]
fn the_review_workflow_runs_real_commands() {
    // Every `tomc` command of the example workflow, run as the workflow runs it, on a
    // repository that holds the example model.
    let text = std::fs::read_to_string(root().join("examples/github/tomc-review.yml")).unwrap();
    let workflow: Value = serde_saphyr::from_str(&text).unwrap();
    let tom = workflow["env"]["TOM"].as_str().unwrap();
    let steps = workflow["jobs"]["review"]["steps"].as_array().unwrap();
    let commands: Vec<String> = steps
        .iter()
        .filter_map(|s| s["run"].as_str())
        .flat_map(str::lines)
        .map(str::trim)
        .filter(|l| l.starts_with("tomc "))
        .map(str::to_owned)
        .collect();
    assert_eq!(commands.len(), 3, "check, sarif and diff: {commands:?}");
    assert!(commands.iter().any(|c| c.contains("--format github")));
    assert!(commands.iter().any(|c| c.contains("diff --base")));
    let posts = steps
        .iter()
        .filter_map(|s| s["run"].as_str())
        .any(|r| r.contains("gh api") && r.contains("tomc-diff.md"));
    assert!(posts, "the diff is posted as a comment");

    let repo = tempfile::tempdir().unwrap();
    copy_dir(&root().join(tom), &repo.path().join(tom));
    git(repo.path(), &["init", "-q"]);
    git(repo.path(), &["add", "."]);
    git(repo.path(), &["commit", "-qm", "model"]);
    edit_payments(&repo.path().join(tom));
    for command in &commands {
        // The command up to its redirections, with the workflow's variables filled in.
        let line = command
            .split(" > ")
            .next()
            .unwrap()
            .split(" || ")
            .next()
            .unwrap();
        let line = line
            .replace("\"$TOM\"", tom)
            .replace("\"origin/$BASE\"", "HEAD");
        let args: Vec<&str> = line.split_whitespace().skip(1).collect();
        let out = tomc_in(repo.path(), &args);
        assert_eq!(out.status.code(), Some(0), "{line}: {}", stderr(&out));
    }
    let comment = std::fs::read_to_string(repo.path().join("tomc-diff.md")).unwrap();
    assert!(
        comment.contains("**1 element changed in target**"),
        "{comment}"
    );
}

#[test]
fn stages_and_properties_are_compared_entry_by_entry() {
    let spec = |stages: &str, properties: &str| {
        format!(
            "personas:\n  - {{ id: p, name: P }}\n\
             touchpoints:\n  - {{ id: t1, name: T1 }}\n  - {{ id: t2, name: T2 }}\n\
             journeys:\n  - id: j\n    name: J\n    persona: p\n    properties: {properties}\n    stages:\n{stages}"
        )
    };
    let old = project(&[(
        "model/m.yaml",
        &spec(
            "      - { id: find, name: Find, touchpoints: [t1] }\n      - { id: apply, name: Apply, touchpoints: [t1] }\n      - { id: wait, name: Wait }\n",
            "{ team: a, region: north }",
        ),
    )]);
    let new = project(&[(
        "model/m.yaml",
        &spec(
            "      - { id: apply, name: Apply, touchpoints: [t1, t2], emotion: negative }\n      - { id: find, name: Find, touchpoints: [t1] }\n      - { id: use, name: Use, touchpoints: [t2] }\n",
            "{ team: b, region: north, tier: gold }",
        ),
    )]);
    let out = tomc_in(
        &root(),
        &[
            "diff",
            old.path().to_str().unwrap(),
            new.path().to_str().unwrap(),
            "--format",
            "json",
        ],
    );
    let report = json_of(&out);
    let fields: Vec<(String, Value, Value)> = report["plateaus"][0]["changed"][0]["fields"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            (
                f["field"].as_str().unwrap().to_owned(),
                f["before"].clone(),
                f["after"].clone(),
            )
        })
        .collect();
    assert_eq!(
        fields,
        [
            (
                "stages[apply].touchpoints".into(),
                json!(["t1"]),
                json!(["t1", "t2"])
            ),
            (
                "stages[apply].emotion".into(),
                Value::Null,
                json!("negative")
            ),
            (
                "stages[use]".into(),
                Value::Null,
                json!({"id": "use", "name": "Use", "touchpoints": ["t2"]})
            ),
            (
                "stages[wait]".into(),
                json!({"id": "wait", "name": "Wait", "touchpoints": []}),
                Value::Null
            ),
            (
                "stages (order)".into(),
                json!(["find", "apply"]),
                json!(["apply", "find"])
            ),
            ("properties.team".into(), json!("a"), json!("b")),
            ("properties.tier".into(), Value::Null, json!("gold")),
        ]
    );
}

const IMPACT_OLD: &str = "\
systems:
  - { id: sys-old, name: Old system }
processes:
  - { id: proc-a, name: A process, systems: [sys-old], capabilities: [cap-a] }
capabilities:
  - { id: cap-a, name: A capability, realizes: [obj-a] }
  - { id: cap-b, name: B capability }
touchpoints:
  - { id: tp-a, name: A touchpoint, capabilities: [cap-a] }
journeys:
  - id: jrn-a
    name: A journey
    persona: per-a
    stages:
      - { id: s1, name: First, touchpoints: [tp-a] }
personas:
  - { id: per-a, name: A persona }
objectives:
  - { id: obj-a, name: An objective }
";

#[test]
fn the_impact_of_added_removed_and_changed_elements_is_walked_in_their_version() {
    let dir = tempfile::tempdir().unwrap();
    let old = project(&[("model/m.yaml", IMPACT_OLD)]);
    copy_dir(old.path(), &dir.path().join("old"));
    let new_model = IMPACT_OLD
        .replace(
            "  - { id: sys-old, name: Old system }",
            "  - { id: sys-new, name: New system }",
        )
        .replace("systems: [sys-old]", "systems: [sys-new]")
        .replace(
            "  - { id: cap-b, name: B capability }",
            "  - { id: cap-b, name: B capability, description: Now described. }",
        );
    let new = project(&[("model/m.yaml", &new_model)]);
    copy_dir(new.path(), &dir.path().join("new"));
    let out = tomc_in(dir.path(), &["diff", "old", "new", "--format", "json"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let report: Value = serde_json::from_str(&stdout(&out)).unwrap();
    let entry = |id: &str| {
        report["impact"]
            .as_array()
            .unwrap()
            .iter()
            .find(|e| e["id"] == id)
            .cloned()
            .unwrap_or_else(|| panic!("{id} in {}", report["impact"]))
    };
    let reaches_all =
        json!({"journeys": ["jrn-a"], "personas": ["per-a"], "objectives": ["obj-a"]});
    for (id, change) in [
        ("sys-new", "added"),
        ("sys-old", "removed"),
        ("proc-a", "changed"),
    ] {
        let e = entry(id);
        assert_eq!(e["change"], change, "{e}");
        for key in ["journeys", "personas", "objectives"] {
            assert_eq!(e[key], reaches_all[key], "{id}: {e}");
        }
    }
    // A change that reaches nothing is in the JSON, and not in the Markdown table.
    let described = entry("cap-b");
    assert_eq!(described["journeys"], json!([]));
    let out = tomc_in(dir.path(), &["diff", "old", "new"]);
    let md = stdout(&out);
    assert!(
        md.contains("### Impact: the change reaches 1 journey, 1 persona and 1 objective"),
        "{md}"
    );
    assert!(
        md.contains("| `sys-old` Old system | removed | `jrn-a` | `per-a` | `obj-a` |"),
        "{md}"
    );
    assert!(!md.contains("| `cap-b` B capability | changed |"), "{md}");
}

/// The new version reuses what the old one read from files whose text is the same; a
/// change made only in a measurements file still changes the KPI written elsewhere.
#[test]
fn a_measurement_changes_its_kpi_though_the_kpi_file_is_the_same() {
    let dir = tempfile::tempdir().unwrap();
    for side in ["old", "new"] {
        copy_dir(
            &root().join("examples/northwind-bank"),
            &dir.path().join(side),
        );
    }
    edit(
        &dir.path().join("new/measurements/customer-kpis.csv"),
        "kpi-nps,2026-04-30,13.5,",
        "kpi-nps,2026-04-30,14.5,",
    );
    let out = tomc_in(dir.path(), &["diff", "old", "new", "--format", "json"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let changed = changed_fields(&json_of(&out));
    assert!(!changed.is_empty());
    for (_, id, field, before, after) in &changed {
        assert_eq!(
            (id.as_str(), field.as_str()),
            ("kpi-nps", "actuals"),
            "{changed:?}"
        );
        assert!(before.to_string().contains("13.5"), "{before}");
        assert!(after.to_string().contains("14.5"), "{after}");
    }
}
