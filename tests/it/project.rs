//! Staged values, projection and `tomc init`, through the library and the binary.

use tomc::compile::{Options, compile};
use tomc::model::{PlateauIdx, Value};
use tomc::spec::Field;

use crate::support::{check_json, diagnostics, project, structural, tomc};

const MODEL: &str = "\
objectives:
  - { id: grow, name: Grow }
capabilities:
  - id: onboarding
    name: Onboarding
    maturity: { wave-1: 2, target: 4 }
    sourcing: internal
    realizes: { current: [], target: [grow] }
  - id: branch-sales
    name: Branch sales
    until: wave-1
  - id: digital-sales
    name: Digital sales
    from: wave-1
touchpoints:
  - id: app
    name: App
    capabilities: { current: [onboarding, branch-sales], wave-1: [onboarding, branch-sales, digital-sales], target: [digital-sales] }
";

fn ints(values: &[Option<&Value>]) -> Vec<Option<i64>> {
    values
        .iter()
        .map(|v| match v {
            Some(Value::Integer(i)) => Some(*i),
            None => None,
            other => panic!("not an integer: {other:?}"),
        })
        .collect()
}

#[test]
fn staged_values_resolve_per_plateau() {
    let dir = project(&[("model/m.yaml", MODEL)]);
    let compiled = compile(dir.path(), &Options::default()).unwrap();
    assert!(
        structural(&compiled.diagnostics).is_empty(),
        "{:#?}",
        compiled.diagnostics
    );
    let model = &compiled.model;
    let onboarding = model.find("onboarding").unwrap();
    let at = |p: usize| {
        model
            .element(onboarding)
            .value_at(Field::Maturity, PlateauIdx(p))
    };
    // Before the first named plateau there is no value; then a value holds until changed.
    assert_eq!(ints(&[at(0), at(1), at(2)]), vec![None, Some(2), Some(4)]);
    // A plain value is the same everywhere.
    for p in 0..3 {
        assert_eq!(
            model
                .element(onboarding)
                .value_at(Field::Sourcing, PlateauIdx(p)),
            Some(&Value::Enum("internal"))
        );
    }
}

#[test]
fn projection_holds_present_elements_and_inverse_links() {
    let dir = project(&[("model/m.yaml", MODEL)]);
    let compiled = compile(dir.path(), &Options::default()).unwrap();
    let model = &compiled.model;
    let ids = |p: usize| {
        model
            .at(PlateauIdx(p))
            .elements()
            .map(|(_, e)| e.id.clone())
            .collect::<Vec<_>>()
    };
    assert_eq!(ids(0), ["app", "branch-sales", "grow", "onboarding"]);
    assert_eq!(
        ids(1),
        ["app", "branch-sales", "digital-sales", "grow", "onboarding"]
    );
    assert_eq!(ids(2), ["app", "digital-sales", "grow", "onboarding"]);

    let app = model.find("app").unwrap();
    let supported = |p: usize| {
        let at = model.at(PlateauIdx(p));
        at.refs(app, Field::Capabilities)
            .iter()
            .map(|r| model.element(r.target).id.clone())
            .collect::<Vec<_>>()
    };
    assert_eq!(supported(0), ["onboarding", "branch-sales"]);
    assert_eq!(supported(2), ["digital-sales"]);

    // Inverse links: the objective is realized by onboarding only in the target.
    let grow = model.find("grow").unwrap();
    assert!(model.at(PlateauIdx(0)).incoming(grow).is_empty());
    let target = model.at(PlateauIdx(2));
    let links: Vec<_> = target
        .incoming(grow)
        .iter()
        .map(|l| (model.element(l.from).id.as_str(), l.field))
        .collect();
    assert_eq!(links, [("onboarding", Field::Realizes)]);
    let digital = model.find("digital-sales").unwrap();
    let links: Vec<_> = target
        .incoming(digital)
        .iter()
        .map(|l| (model.element(l.from).id.as_str(), l.field))
        .collect();
    assert_eq!(links, [("app", Field::Capabilities)]);
}

#[test]
fn a_staged_field_that_cannot_be_staged_is_a_schema_error() {
    let dir = project(&[(
        "model/m.yaml",
        "capabilities:\n  - { id: a, name: A }\n  - id: b\n    name: B\n    parent: { current: a }\n",
    )]);
    let (_, report) = check_json(dir.path(), &[]);
    let d = diagnostics(&report);
    assert_eq!(d.len(), 1);
    assert_eq!(d[0]["rule"], "schema");
    assert_eq!(d[0]["message"], "`parent` cannot be staged");
}

#[test]
fn values_written_plain_keep_their_text() {
    let dir = project(&[(
        "model/m.yaml",
        "locations:\n  - id: hq\n    name: 2027\n    type: no\n    properties: { opened: 1999-01-01, floors: 12 }\n",
    )]);
    let compiled = compile(dir.path(), &Options::default()).unwrap();
    assert!(
        structural(&compiled.diagnostics).is_empty(),
        "{:#?}",
        compiled.diagnostics
    );
    let hq = compiled.model.element(compiled.model.find("hq").unwrap());
    assert_eq!(hq.name(), "2027");
    assert_eq!(
        hq.value_at(Field::Type, PlateauIdx(0)),
        Some(&Value::Text("no".into()))
    );
    assert_eq!(hq.properties["floors"], "12");
    assert_eq!(hq.properties["opened"], "1999-01-01");
}

#[test]
fn file_order_and_names_do_not_change_the_output() {
    let a = "capabilities:\n  - { id: a, name: A, realizes: [missing] }\n";
    let b = "capabilities:\n  - { id: b, name: B, parent: zz }\n";
    let one = project(&[("model/1.yaml", a), ("model/2.yaml", b)]);
    let two = project(&[("model/2.yaml", b), ("model/1.yaml", a)]);
    let (_, r1) = check_json(one.path(), &[]);
    let (_, r2) = check_json(two.path(), &[]);
    assert_eq!(r1, r2);
    assert_eq!(diagnostics(&r1).len(), 2);

    // The resolved model does not depend on file names either.
    let three = project(&[("model/z.yaml", a), ("model/sub/a.yaml", b)]);
    let m1 = compile(one.path(), &Options::default()).unwrap().model;
    let m3 = compile(three.path(), &Options::default()).unwrap().model;
    let ids = |m: &tomc::model::Model| {
        m.elements
            .iter()
            .map(|e| (e.id.clone(), e.kind))
            .collect::<Vec<_>>()
    };
    assert_eq!(ids(&m1), ids(&m3));
}

#[test]
fn init_writes_a_project_that_passes() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("my-tom");
    let out = tomc(&[
        "init",
        dir.to_str().unwrap(),
        "--name",
        "Acme \"Insurance\"",
    ]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let tom = std::fs::read_to_string(dir.join("tom.yaml")).unwrap();
    assert!(tom.starts_with("# yaml-language-server: $schema=schema/tom.schema.json\n"));
    let (code, report) = check_json(&dir, &[]);
    assert_eq!(code, 0, "{report:#}");
    assert!(diagnostics(&report).is_empty());
    assert_eq!(report["project"], "Acme \"Insurance\"");
    // The starter shows measured values next to the plan.
    assert!(dir.join("measurements/time-to-serve.csv").is_file());
    assert_eq!(report["kpis"][0]["status"], "on-track", "{report:#}");
    let ignore = std::fs::read_to_string(dir.join(".gitignore")).unwrap();
    assert!(ignore.lines().any(|l| l == "/site/"), "{ignore}");
    // A second init refuses to overwrite.
    let again = tomc(&["init", dir.to_str().unwrap()]);
    assert_eq!(again.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&again.stderr).contains("overwrite"));
}

#[test]
fn init_inside_a_repository_adds_the_site_to_its_gitignore_once() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    std::fs::write(dir.join(".gitignore"), "/target").unwrap();
    let out = tomc(&["init", dir.to_str().unwrap()]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let ignore = std::fs::read_to_string(dir.join(".gitignore")).unwrap();
    assert!(
        ignore.starts_with("/target\n"),
        "the user's entries stay: {ignore}"
    );
    assert_eq!(
        ignore.lines().filter(|l| *l == "/site/").count(),
        1,
        "{ignore}"
    );
    // Started again elsewhere in the same repository, it does not add the line twice.
    let sub = dir.join("other");
    std::fs::create_dir(&sub).unwrap();
    std::fs::copy(dir.join(".gitignore"), sub.join(".gitignore")).unwrap();
    assert_eq!(
        tomc(&["init", sub.to_str().unwrap()]).status.code(),
        Some(0)
    );
    let again = std::fs::read_to_string(sub.join(".gitignore")).unwrap();
    assert_eq!(again, ignore);
}
