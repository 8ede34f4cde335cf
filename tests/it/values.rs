//! Values are checked: real ISO dates in time order, amounts that cannot be negative,
//! ids of a bounded length, whole numbers printed whole; and the JSON Schema and the
//! compiler agree on what is valid.

use std::path::{Path, PathBuf};

use serde_json::Value;

use crate::support::{check_json, diagnostics, places, position, project, root, tomc, write};

fn validator(name: &str) -> jsonschema::Validator {
    let text = std::fs::read_to_string(root().join("schema").join(name)).unwrap();
    let schema: Value = serde_json::from_str(&text).unwrap();
    jsonschema::draft7::new(&schema).unwrap()
}

/// Findings of the compiler about one file that the JSON Schema cannot express: they
/// relate values to each other or to the file system.
fn beyond_schema(d: &tomc::diag::Diagnostic) -> bool {
    [
        "listed before it",
        "tomc reads at most",
        "is not a valid glob",
    ]
    .iter()
    .any(|m| d.message.contains(m))
}

/// For every file of the project at `dir` that parses as YAML: `(file, schema says valid,
/// compiler says valid)`, where the compiler's verdict counts its schema-level findings
/// (`schema` and `invalid-id`) about that file.
fn verdicts(dir: &Path) -> Vec<(String, bool, bool)> {
    let Ok(compiled) = tomc::compile::compile(dir, &tomc::compile::Options::default()) else {
        return Vec::new();
    };
    let model = validator("model.schema.json");
    let project = validator("tom.schema.json");
    let mut out = Vec::new();
    for (i, (id, file)) in compiled.sources.iter().enumerate() {
        // Measurements files are CSV: no schema describes them.
        if file.name.ends_with(".csv") {
            continue;
        }
        let options = serde_saphyr::options! { strict_booleans: true };
        let Ok(json) = serde_saphyr::from_str_with_options::<Value>(&file.text, options) else {
            continue;
        };
        let schema = if i == 0 { &project } else { &model };
        let compiler_ok = !compiled.diagnostics.iter().any(|d| {
            matches!(d.rule.as_str(), "schema" | "invalid-id")
                && d.span.is_some_and(|s| s.file == id)
                && !beyond_schema(d)
        });
        out.push((file.name.clone(), schema.is_valid(&json), compiler_ok));
    }
    out
}

fn projects(dir: &Path, out: &mut Vec<PathBuf>) {
    if dir.join("tom.yaml").is_file() {
        out.push(dir.to_owned());
    }
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            projects(&path, out);
        }
    }
}

#[test]
fn schema_and_compiler_agree_on_every_fixture_and_example() {
    let mut dirs = Vec::new();
    projects(&root().join("examples"), &mut dirs);
    projects(&root().join("tests/fixtures"), &mut dirs);
    assert!(dirs.len() > 20, "{dirs:?}");
    let mut files = 0;
    let mut disagree = Vec::new();
    for dir in &dirs {
        for (file, schema, compiler) in verdicts(dir) {
            files += 1;
            if schema != compiler {
                disagree.push(format!(
                    "{}/{file}: schema valid {schema}, compiler valid {compiler}",
                    dir.display()
                ));
            }
        }
    }
    assert!(files > 50, "{files} files");
    assert!(disagree.is_empty(), "{disagree:#?}");
}

const ELEMENT: &str = "capabilities:\n  - id: cap-a\n    name: A\n";

/// Small files, each valid or wrong in one way the schema can express.
const CASES: &[(&str, &str, bool)] = &[
    (
        "a number as a name",
        "capabilities:\n  - { id: cap-a, name: 2027 }\n",
        true,
    ),
    (
        "a number as an id",
        "capabilities:\n  - { id: 2027, name: A }\n",
        true,
    ),
    (
        "an empty owner",
        "capabilities:\n  - { id: cap-a, name: A, owner: }\n",
        true,
    ),
    ("an empty kind", "capabilities:\n", true),
    (
        "a whole float as maturity",
        "capabilities:\n  - { id: cap-a, name: A, maturity: 4.0 }\n",
        true,
    ),
    (
        "numbers as tags and properties",
        "capabilities:\n  - { id: cap-a, name: A, tags: [2027], properties: { year: 2027 } }\n",
        true,
    ),
    (
        "a negative KPI value",
        "kpis:\n  - { id: kpi-a, name: A, value: -20 }\n",
        true,
    ),
    (
        "zero cost",
        "initiatives:\n  - { id: ini-a, name: A, lands_in: target, cost: 0 }\n",
        true,
    ),
    (
        "a negative cost",
        "initiatives:\n  - { id: ini-a, name: A, lands_in: target, cost: -5 }\n",
        false,
    ),
    (
        "a negative benefit",
        "initiatives:\n  - { id: ini-a, name: A, lands_in: target, benefit: -0.5 }\n",
        false,
    ),
    (
        "an empty name",
        "capabilities:\n  - { id: cap-a, name: }\n",
        false,
    ),
    ("no name", "capabilities:\n  - { id: cap-a }\n", false),
    (
        "a list as a name",
        "capabilities:\n  - { id: cap-a, name: [A] }\n",
        false,
    ),
    (
        "an id with capitals",
        "capabilities:\n  - { id: Cap A, name: A }\n",
        false,
    ),
    (
        "a negative number as an id",
        "capabilities:\n  - { id: -1, name: A }\n",
        false,
    ),
    (
        "an unknown field",
        "capabilities:\n  - { id: cap-a, name: A, realises: [x] }\n",
        false,
    ),
    (
        "maturity out of range",
        "capabilities:\n  - { id: cap-a, name: A, maturity: 9 }\n",
        false,
    ),
    (
        "a fraction as maturity",
        "capabilities:\n  - { id: cap-a, name: A, maturity: 2.5 }\n",
        false,
    ),
    (
        "a string as a number",
        "kpis:\n  - { id: kpi-a, name: A, value: \"62\" }\n",
        false,
    ),
    (
        "a word outside an enum",
        "kpis:\n  - { id: kpi-a, name: A, direction: up }\n",
        false,
    ),
    (
        "a waiver of a structural rule",
        "capabilities:\n  - { id: cap-a, name: A, waivers: [{ rule: invalid-id, reason: legacy }] }\n",
        false,
    ),
    (
        "a waiver without a reason",
        "capabilities:\n  - { id: cap-a, name: A, waivers: [{ rule: capability-unaligned, reason: \" \" }] }\n",
        false,
    ),
    (
        "a staged value that cannot be staged",
        "capabilities:\n  - { id: cap-a, name: A, description: { current: x } }\n",
        false,
    ),
    (
        "an unknown kind",
        "capabilitys:\n  - { id: cap-a, name: A }\n",
        false,
    ),
    ("an empty file", "# nothing\n", false),
    ("a list as a file", "- a\n", false),
];

fn assert_agree(name: &str, dir: &Path, file: &str, expected: bool) {
    let verdicts = verdicts(dir);
    let found = verdicts
        .iter()
        .find(|(f, ..)| f == file)
        .unwrap_or_else(|| panic!("{name}: {file} is read: {verdicts:?}"));
    assert_eq!(
        (found.1, found.2),
        (expected, expected),
        "{name}: (schema, compiler) valid"
    );
}

#[test]
fn schema_and_compiler_agree_on_small_wrong_model_files() {
    for (name, text, valid) in CASES {
        let dir = project(&[("model/a.yaml", text)]);
        assert_agree(name, dir.path(), "model/a.yaml", *valid);
    }
}

#[test]
fn schema_and_compiler_agree_on_small_wrong_project_files() {
    let plateaus = "plateaus:\n  - { id: current, name: Current }\n  - { id: target, name: Target, date: 2028-12-31 }\n";
    let cases: &[(&str, String, bool)] = &[
        (
            "a number as a name",
            format!("tom: 1\nname: 2027\n{plateaus}"),
            true,
        ),
        (
            "an empty description",
            format!("tom: 1\nname: N\ndescription:\n{plateaus}"),
            true,
        ),
        (
            "a leap day",
            "tom: 1\nname: N\nplateaus:\n  - { id: a, name: A, date: 2028-02-29 }\n".into(),
            true,
        ),
        (
            "a day month year date",
            "tom: 1\nname: N\nplateaus:\n  - { id: a, name: A, date: 30/09/2026 }\n".into(),
            false,
        ),
        (
            "a month out of range",
            "tom: 1\nname: N\nplateaus:\n  - { id: a, name: A, date: 2026-13-45 }\n".into(),
            false,
        ),
        (
            "a date in words",
            "tom: 1\nname: N\nplateaus:\n  - { id: a, name: A, date: Sept 2026 }\n".into(),
            false,
        ),
        (
            "the 29th of February of a common year",
            "tom: 1\nname: N\nplateaus:\n  - { id: a, name: A, date: 2027-02-29 }\n".into(),
            false,
        ),
        (
            "a year as a date",
            "tom: 1\nname: N\nplateaus:\n  - { id: a, name: A, date: 2027 }\n".into(),
            false,
        ),
        (
            "a structural rule lowered",
            format!("tom: 1\nname: N\n{plateaus}rules: {{ invalid-id: warning }}\n"),
            false,
        ),
        (
            "a format version 2",
            format!("tom: 2\nname: N\n{plateaus}"),
            false,
        ),
        (
            "a format version written 1.0",
            format!("tom: 1.0\nname: N\n{plateaus}"),
            true,
        ),
        ("no plateaus", "tom: 1\nname: N\n".into(), false),
        (
            "measurements globs",
            format!("tom: 1\nname: N\n{plateaus}measurements: [\"data/**/*.csv\"]\n"),
            true,
        ),
        (
            "a number as measurements",
            format!("tom: 1\nname: N\n{plateaus}measurements: 3\n"),
            false,
        ),
    ];
    for (name, text, valid) in cases {
        let dir = project(&[("model/a.yaml", ELEMENT)]);
        write(dir.path(), "tom.yaml", text);
        assert_agree(name, dir.path(), "tom.yaml", *valid);
    }
}

fn project_with_dates(dates: &[&str]) -> tempfile::TempDir {
    let mut tom = String::from("tom: 1\nname: N\nplateaus:\n");
    for (i, date) in dates.iter().enumerate() {
        tom.push_str(&format!("  - {{ id: p{i}, name: P{i}, date: {date} }}\n"));
    }
    let dir = project(&[("model/a.yaml", ELEMENT)]);
    write(dir.path(), "tom.yaml", &tom);
    dir
}

#[test]
fn plateau_dates_are_real_iso_days() {
    for bad in [
        "30/09/2026",
        "2026-13-45",
        "Sept 2026",
        "2027-02-29",
        "2026-04-31",
    ] {
        let dir = project_with_dates(&["2026-01-01", bad]);
        let (code, report) = check_json(dir.path(), &[]);
        assert_eq!(code, 1, "{bad}");
        let found = places(&report);
        assert_eq!(found.len(), 1, "{bad}: {found:#?}");
        let tom = std::fs::read_to_string(dir.path().join("tom.yaml")).unwrap();
        let (line, column) = position(&tom, bad);
        assert_eq!(
            found[0],
            ("schema".into(), "tom.yaml".into(), line, column),
            "{bad}"
        );
        let message = diagnostics(&report)[0]["message"]
            .as_str()
            .unwrap()
            .to_owned();
        assert!(message.contains(bad), "{message}");
    }
    let dir = project_with_dates(&["2026-01-01", "2028-02-29"]);
    assert_eq!(check_json(dir.path(), &[]).0, 0);
}

#[test]
fn plateau_dates_ascend_in_plateau_order() {
    let dir = project_with_dates(&["2026-01-01", "2027-06-30", "2027-03-31"]);
    let (code, report) = check_json(dir.path(), &[]);
    assert_eq!(code, 1);
    let found = diagnostics(&report);
    assert_eq!(found.len(), 1, "{found:#?}");
    let tom = std::fs::read_to_string(dir.path().join("tom.yaml")).unwrap();
    assert_eq!(found[0]["line"], position(&tom, "2027-03-31").0);
    let message = found[0]["message"].as_str().unwrap();
    assert!(
        message.contains("`p2`") && message.contains("`p1`") && message.contains("2027-06-30"),
        "{message}"
    );
    let same = project_with_dates(&["2026-01-01", "2026-01-01"]);
    assert_eq!(check_json(same.path(), &[]).0, 1);
}

#[test]
fn amounts_cannot_be_negative() {
    let dir = project(&[(
        "model/a.yaml",
        "initiatives:\n  - { id: ini-a, name: A, lands_in: target, cost: -250000, benefit: -1.5 }\n",
    )]);
    let (code, report) = check_json(dir.path(), &[]);
    assert_eq!(code, 1);
    let messages: Vec<&str> = diagnostics(&report)
        .iter()
        .map(|d| d["message"].as_str().unwrap())
        .collect();
    assert_eq!(
        messages,
        [
            "`cost` cannot be negative, found -250000",
            "`benefit` cannot be negative, found -1.5"
        ]
    );
}

#[test]
fn an_id_longer_than_the_limit_is_invalid_and_the_site_builds_below_it() {
    let long = "a".repeat(251);
    let dir = project(&[(
        "model/a.yaml",
        &format!("capabilities:\n  - {{ id: {long}, name: A }}\n"),
    )]);
    let (code, report) = check_json(dir.path(), &[]);
    assert_eq!(code, 1);
    let found = diagnostics(&report);
    assert_eq!(found.len(), 1, "{found:#?}");
    assert_eq!(found[0]["rule"], "invalid-id");
    let message = found[0]["message"].as_str().unwrap();
    assert!(
        message.contains("251 characters") && message.contains("at most 100"),
        "{message}"
    );
    assert!(message.len() < 120, "the id is not echoed whole: {message}");

    let longest = "a".repeat(100);
    let ok = project(&[(
        "model/a.yaml",
        &format!("capabilities:\n  - {{ id: {longest}, name: A }}\n"),
    )]);
    let site = ok.path().join("site");
    let out = tomc(&[
        "build",
        ok.path().to_str().unwrap(),
        "-o",
        site.to_str().unwrap(),
    ]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn manifests_print_whole_numbers_as_integers() {
    let dir = project(&[(
        "model/a.yaml",
        "kpis:\n  - { id: kpi-a, name: A, value: 180, unit: days }\n  - { id: kpi-b, name: B, value: 72.5 }\ninitiatives:\n  - { id: ini-a, name: A, lands_in: target, cost: 250000.0 }\n",
    )]);
    let out = tomc(&[
        "manifest",
        dir.path().to_str().unwrap(),
        "--plateau",
        "target",
    ]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains("value: 180\n"), "{text}");
    assert!(text.contains("value: 72.5\n"), "{text}");
    assert!(text.contains("cost: 250000\n"), "{text}");
    assert!(!text.contains(".0\n"), "{text}");
}
