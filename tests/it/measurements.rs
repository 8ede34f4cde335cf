//! Measurements files: CSV rows of `kpi,date,value[,note]` read with the place of each
//! cell; every bad row or header is one error at its place and costs nothing else; the
//! `measurements` globs are expanded like `include`.

use tomc::load::{Loaded, MeasurementRow, load, load_memory};
use tomc::source::Span;

use crate::support::{Finding, TOM, check_json, findings, places, position, project, write};

/// A model with one KPI, which every measurement below names.
const MODEL: (&str, &str) = ("model/kpis.yaml", "kpis:\n  - { id: nps, name: NPS }\n");

/// The place of a span as `(file, line, column)`.
fn place(loaded: &Loaded, span: Span) -> (String, usize, usize) {
    let file = loaded.sources.get(span.file);
    let at = file.line_col(span.start());
    (file.name.clone(), at.line, at.column)
}

/// A row as `(kpi, date, value, note)` with the places of its three cells.
type Read = (
    (String, String, f64, Option<String>),
    [(String, usize, usize); 3],
);

fn read(loaded: &Loaded, row: &MeasurementRow) -> Read {
    (
        (
            row.kpi.clone(),
            row.date.clone(),
            row.value,
            row.note.clone(),
        ),
        [
            place(loaded, row.kpi_span),
            place(loaded, row.date_span),
            place(loaded, row.value_span),
        ],
    )
}

/// The rows of the project at `dir`, read by the library.
fn rows(dir: &std::path::Path) -> Vec<Read> {
    let loaded = load(dir).unwrap();
    loaded
        .measurements
        .iter()
        .map(|row| read(&loaded, row))
        .collect()
}

fn cell(file: &str, line: usize, column: usize) -> (String, usize, usize) {
    (file.to_owned(), line, column)
}

/// The findings of `tomc check` about `file`.
fn findings_in(dir: &std::path::Path, file: &str) -> Vec<Finding> {
    let (_, report) = check_json(dir, &[]);
    findings(&report)
        .into_iter()
        .filter(|f| f.file == file)
        .collect()
}

const Q1: &str = "measurements/q1.csv";

#[test]
fn rows_are_read_with_their_values_and_places() {
    let csv = "kpi,date,value,note\nnps,2026-01-31,42,\nnps,2026-02-28,-3.5,\"late, \"\"estimated\"\"\"\n";
    let dir = project(&[MODEL, (Q1, csv)]);
    assert_eq!(
        rows(dir.path()),
        vec![
            (
                ("nps".into(), "2026-01-31".into(), 42.0, None),
                [cell(Q1, 2, 1), cell(Q1, 2, 5), cell(Q1, 2, 16)],
            ),
            (
                (
                    "nps".into(),
                    "2026-02-28".into(),
                    -3.5,
                    Some("late, \"estimated\"".into())
                ),
                [cell(Q1, 3, 1), cell(Q1, 3, 5), cell(Q1, 3, 16)],
            ),
        ]
    );
    assert!(findings_in(dir.path(), Q1).is_empty());
    assert_eq!(check_json(dir.path(), &[]).0, 0);
}

#[test]
fn a_byte_order_mark_and_crlf_line_ends_change_nothing() {
    let lines = [
        "kpi,date,value,note",
        "nps,2026-01-31,42,first",
        "\"nps\",2026-02-28,43,\"two{nl}lines\"",
        "nps,2026-03-31,44,",
    ];
    let text = |nl: &str| format!("{}{nl}", lines.join(nl)).replace("{nl}", nl);
    let plain = project(&[MODEL, (Q1, &text("\n"))]);
    let windows = project(&[MODEL, (Q1, &format!("\u{feff}{}", text("\r\n")))]);
    let (plain, windows) = (rows(plain.path()), rows(windows.path()));
    assert_eq!(plain.len(), 3);
    // The quoted note keeps the line break written inside it.
    assert_eq!(plain[1].0.3.as_deref(), Some("two\nlines"));
    assert_eq!(windows[1].0.3.as_deref(), Some("two\r\nlines"));
    for (p, w) in plain.iter().zip(&windows) {
        assert_eq!((&p.0.0, &p.0.1, p.0.2), (&w.0.0, &w.0.1, w.0.2));
        assert_eq!(p.1, w.1);
    }
    assert_eq!(plain[2].1[2], cell(Q1, 5, 16));

    // A header in error is still at line 1, column 1 after a byte order mark.
    let dir = project(&[
        MODEL,
        (Q1, "\u{feff}KPI,Date,Value\r\nnps,2026-01-31,42\r\n"),
    ]);
    assert_eq!(
        places(&check_json(dir.path(), &[]).1),
        vec![("schema".into(), Q1.into(), 1, 1)]
    );
}

/// A file of a good row, `bad`, and another good row: exactly one `schema` error, at the
/// first occurrence of `at` in the bad row, whose message holds `says`; the good rows
/// are kept.
fn one_error(header: &str, bad: &str, at: &str, says: &str) {
    let csv = format!(
        "{header}\nnps,2026-01-31,41{comma}\n{bad}\nnps,2026-03-31,43{comma}\n",
        comma = if header.ends_with("note") { "," } else { "" }
    );
    let dir = project(&[MODEL, (Q1, &csv)]);
    let (code, report) = check_json(dir.path(), &[]);
    assert_eq!(code, 1, "{bad}");
    let found = findings(&report);
    assert_eq!(found.len(), 1, "{bad}: {report:#}");
    let (line, column) = position(&csv, bad);
    let column = column + bad.find(at).unwrap() as u64;
    assert_eq!(
        (
            found[0].rule.as_str(),
            found[0].file.as_str(),
            found[0].line,
            found[0].column
        ),
        ("schema", Q1, line, column),
        "{bad}"
    );
    let message = report["diagnostics"][0]["message"].as_str().unwrap();
    assert!(message.contains(says), "{bad}: {message}");
    assert!(found[0].help.is_some(), "{bad}");
    let kept: Vec<f64> = rows(dir.path()).iter().map(|r| r.0.2).collect();
    assert_eq!(kept, [41.0, 43.0], "{bad}");
}

#[test]
fn each_bad_row_is_one_error_at_its_cell_and_the_other_rows_survive() {
    let header = "kpi,date,value";
    for (bad, at, says) in [
        (
            "nps,2026-02-28",
            "nps",
            "this row has 2 cells, but the header",
        ),
        (
            "nps,2026-02-28,4,late, again",
            "nps",
            "this row has 5 cells",
        ),
        // An empty cell is placed where it would be written.
        (",2026-02-28,4", "", "the `kpi` cell is empty"),
        (
            "nps,2026-02-30,4",
            "2026",
            "`2026-02-30` is not a day of the calendar",
        ),
        ("nps,2027-02-29,4", "2027", "is not a day of the calendar"),
        (
            "nps,26/01/2026,4",
            "26/",
            "`26/01/2026` is not a date written YYYY-MM-DD",
        ),
        ("nps,,4", ",4", "the `date` cell is empty"),
        ("nps,2026-02-28,lots", "lots", "`lots` is not a number"),
        ("nps,2026-02-28,12%", "12%", "`12%` is not a number"),
        ("nps,2026-02-28,inf", "inf", "`inf` is not a finite number"),
        ("nps,2026-02-28,NaN", "NaN", "`NaN` is not a finite number"),
        ("nps,2026-02-28,1e999", "1e999", "is not a finite number"),
        ("nps,2026-02-28,\"3,5\"", "\"3,5\"", "`3,5` is not a number"),
    ] {
        one_error(header, bad, at, says);
    }
    one_error(
        "kpi,date,value,note",
        "nps,2026-02-28,4",
        "nps",
        "this row has 3 cells, but the header `kpi,date,value,note` has 4",
    );
}

#[test]
fn an_empty_cell_is_reported_where_it_would_be() {
    let csv = "kpi,date,value\nnps,2026-02-28,\n";
    let dir = project(&[MODEL, (Q1, csv)]);
    assert_eq!(
        places(&check_json(dir.path(), &[]).1),
        vec![("schema".into(), Q1.into(), 2, 16)]
    );
    let csv = "kpi,date,value\nnps,,4\n";
    let dir = project(&[MODEL, (Q1, csv)]);
    assert_eq!(
        places(&check_json(dir.path(), &[]).1),
        vec![("schema".into(), Q1.into(), 2, 5)]
    );
}

#[test]
fn a_missing_or_wrong_header_is_one_error_at_line_1_and_costs_that_file_only() {
    let good = ("measurements/a.csv", "kpi,date,value\nnps,2026-01-31,42\n");
    for (csv, says) in [
        (
            "nps,2026-01-31,42\nnps,2026-02-28,43\n",
            "add the line `kpi,date,value`",
        ),
        ("KPI,Date,Value\nnps,2026-01-31,42\n", "lower case"),
        ("kpi,value,date\nnps,42,2026-01-31\n", "in this order"),
        (
            "kpi,date,value,comment\nnps,2026-01-31,42,x\n",
            "in this order",
        ),
        ("", "then write one measurement per line"),
    ] {
        let dir = project(&[MODEL, good, ("measurements/b.csv", csv)]);
        let (code, report) = check_json(dir.path(), &[]);
        assert_eq!(code, 1, "{csv:?}");
        let found = findings(&report);
        assert_eq!(found.len(), 1, "{csv:?}: {report:#}");
        assert_eq!(
            (
                found[0].rule.as_str(),
                found[0].file.as_str(),
                found[0].line,
                found[0].column
            ),
            ("schema", "measurements/b.csv", 1, 1),
            "{csv:?}"
        );
        let help = found[0].help.as_deref().unwrap_or_default();
        assert!(help.contains(says), "{csv:?}: {help}");
        let kept = rows(dir.path());
        assert_eq!(kept.len(), 1, "{csv:?}");
        assert_eq!(kept[0].1[0].0, "measurements/a.csv");
    }
}

#[test]
fn an_unclosed_quote_is_one_error_at_its_line() {
    let csv =
        "kpi,date,value,note\nnps,2026-01-31,42,\nnps,2026-02-28,43,\"late\nnps,2026-03-31,44,\n";
    let dir = project(&[MODEL, (Q1, csv)]);
    let (code, report) = check_json(dir.path(), &[]);
    assert_eq!(code, 1);
    assert_eq!(places(&report), vec![("schema".into(), Q1.into(), 3, 19)]);
    let message = report["diagnostics"][0]["message"].as_str().unwrap();
    assert!(message.contains("never closed"), "{message}");
    assert_eq!(rows(dir.path()).len(), 1);
}

#[test]
fn a_file_that_is_not_utf8_is_one_error() {
    let dir = project(&[MODEL]);
    write(
        dir.path(),
        Q1,
        b"kpi,date,value,note\nnps,2026-01-31,42,caf\xe9\n".as_slice(),
    );
    let (code, report) = check_json(dir.path(), &[]);
    assert_eq!(code, 1);
    assert_eq!(places(&report), vec![("schema".into(), Q1.into(), 2, 22)]);
}

#[test]
fn files_are_read_in_path_order_and_rows_in_file_order() {
    let dir = project(&[
        MODEL,
        (
            "measurements/2026/q2.csv",
            "kpi,date,value\nnps,2026-06-30,3\nnps,2026-04-30,4\n",
        ),
        (
            "measurements/2026/q1.csv",
            "kpi,date,value\nnps,2026-03-31,1\nnps,2026-01-31,2\n",
        ),
        ("measurements/notes.txt", "not read\n"),
    ]);
    let values: Vec<f64> = rows(dir.path()).iter().map(|r| r.0.2).collect();
    assert_eq!(values, [1.0, 2.0, 3.0, 4.0]);
}

fn with_measurements(globs: &str, files: &[(&str, &str)]) -> tempfile::TempDir {
    let dir = project(files);
    write(
        dir.path(),
        "tom.yaml",
        format!("{TOM}measurements: {globs}\n"),
    );
    dir
}

#[test]
fn globs_written_in_tom_yaml_are_read_instead_of_the_default() {
    let dir = with_measurements(
        "[\"data/*.csv\"]",
        &[
            MODEL,
            ("data/a.csv", "kpi,date,value\nnps,2026-01-31,1\n"),
            (Q1, "kpi,date,value\nnps,2026-01-31,2\n"),
        ],
    );
    let read = rows(dir.path());
    assert_eq!(read.len(), 1);
    assert_eq!(read[0].1[0], cell("data/a.csv", 2, 1));
}

#[test]
fn a_glob_written_that_matches_nothing_is_the_include_warning() {
    let dir = with_measurements("[\"data/*.csv\"]", &[MODEL]);
    let (_, report) = check_json(dir.path(), &[]);
    let found: Vec<&serde_json::Value> = report["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["rule"] == "include-matches-nothing")
        .collect();
    assert_eq!(found.len(), 1, "{report:#}");
    let tom = std::fs::read_to_string(dir.path().join("tom.yaml")).unwrap();
    let (line, column) = position(&tom, "\"data/*.csv\"");
    assert_eq!(
        (
            &found[0]["file"],
            &found[0]["line"],
            &found[0]["column"],
            &found[0]["severity"]
        ),
        (
            &"tom.yaml".into(),
            &line.into(),
            &column.into(),
            &"warning".into()
        )
    );
    assert_eq!(
        found[0]["message"],
        "measurements glob `data/*.csv` matches no file"
    );
}

#[test]
fn the_default_glob_matching_nothing_is_silent() {
    let dir = project(&[MODEL]);
    let (_, report) = check_json(dir.path(), &[]);
    assert!(
        findings(&report)
            .iter()
            .all(|f| f.rule != "include-matches-nothing" && f.rule != "schema"),
        "{report:#}"
    );
    assert!(load(dir.path()).unwrap().measurements.is_empty());
}

#[test]
fn a_glob_reaching_outside_the_project_is_refused_like_include() {
    let dir = with_measurements("[\"../*.csv\"]", &[MODEL]);
    let (code, report) = check_json(dir.path(), &[]);
    assert_eq!(code, 1);
    let tom = std::fs::read_to_string(dir.path().join("tom.yaml")).unwrap();
    let (line, column) = position(&tom, "\"../*.csv\"");
    assert_eq!(
        places(&report),
        vec![(
            "include-outside-project".into(),
            "tom.yaml".into(),
            line,
            column
        )]
    );
    assert_eq!(
        report["diagnostics"][0]["message"],
        "measurements glob `../*.csv` reaches outside the project directory"
    );
}

#[cfg(unix)]
#[test]
fn a_link_to_a_file_outside_the_project_is_refused_like_include() {
    let outside = tempfile::tempdir().unwrap();
    write(
        outside.path(),
        "secret.csv",
        "kpi,date,value\nnps,2026-01-31,1\n",
    );
    let dir = project(&[MODEL]);
    std::fs::create_dir_all(dir.path().join("measurements")).unwrap();
    std::os::unix::fs::symlink(
        outside.path().join("secret.csv"),
        dir.path().join("measurements/secret.csv"),
    )
    .unwrap();
    let (code, report) = check_json(dir.path(), &[]);
    assert_eq!(code, 1);
    let found = findings(&report);
    assert_eq!(found.len(), 1, "{report:#}");
    assert_eq!(found[0].rule, "include-outside-project");
    assert!(rows(dir.path()).is_empty());
}

#[test]
fn a_measurements_file_does_not_hide_unknown_references() {
    // A file that does not parse as a model hides references into it; a measurements
    // file, read or not, declares no element and hides nothing.
    let dir = project(&[
        (
            "model/kpis.yaml",
            "objectives:\n  - { id: o, name: O, kpis: [nsp] }\nkpis:\n  - { id: nps, name: NPS }\n",
        ),
        (Q1, "kpi,date,value\nnps,2026-01-31,\"1\n"),
    ]);
    let (_, report) = check_json(dir.path(), &[]);
    let rules: Vec<String> = findings(&report).into_iter().map(|f| f.rule).collect();
    assert!(
        rules.contains(&"unknown-reference".to_owned()),
        "{report:#}"
    );
}

#[test]
fn the_key_belongs_in_tom_yaml() {
    let dir = project(&[(
        "model/kpis.yaml",
        "kpis:\n  - { id: nps, name: NPS }\nmeasurements: [\"data/*.csv\"]\n",
    )]);
    let (code, report) = check_json(dir.path(), &[]);
    assert_eq!(code, 1);
    let found = findings(&report);
    assert_eq!(found.len(), 1, "{report:#}");
    assert_eq!(
        found[0].help.as_deref(),
        Some("`measurements` is a project setting: move it to tom.yaml")
    );
}

#[test]
fn memory_projects_read_csv_files_as_measurements() {
    let loaded = load_memory(
        TOM.as_bytes(),
        &[
            (
                "data/a.csv".into(),
                b"kpi,date,value\nnps,2026-01-31,7\n".to_vec(),
            ),
            (MODEL.0.into(), MODEL.1.as_bytes().to_vec()),
        ],
    );
    assert!(loaded.diagnostics.is_empty(), "{:#?}", loaded.diagnostics);
    assert_eq!(loaded.files.len(), 1);
    let read: Vec<Read> = loaded
        .measurements
        .iter()
        .map(|row| read(&loaded, row))
        .collect();
    assert_eq!(read.len(), 1);
    assert_eq!(read[0].0.2, 7.0);
    assert_eq!(read[0].1[2], cell("data/a.csv", 2, 16));
}

/// The (date, value) pairs of the actuals of the KPI `nps`, read by the library.
fn nps_actuals(dir: &std::path::Path) -> Vec<(String, f64, Option<String>)> {
    use tomc::model::{Staged, Value};
    let compiled = tomc::compile::compile(dir, &Default::default()).unwrap();
    let model = &compiled.model;
    let nps = model.element(model.find("nps").unwrap());
    match nps.field(tomc::spec::Field::Actuals).map(|f| &f.value) {
        Some(Staged::Fixed(Value::Actuals(actuals))) => actuals
            .iter()
            .map(|a| (a.date.clone(), a.value, a.note.clone()))
            .collect(),
        other => panic!("{other:?}"),
    }
}

fn day(date: &str, value: f64) -> (String, f64, Option<String>) {
    (date.to_owned(), value, None)
}

#[test]
fn rows_join_the_actuals_written_on_the_kpi_by_date() {
    let model = (
        "model/kpis.yaml",
        "kpis:\n  - id: nps\n    name: NPS\n    actuals:\n      - { date: 2026-02-28, value: 20 }\n",
    );
    let csv = "kpi,date,value,note\nnps,2026-03-31,30,from the survey\nnps,2026-01-31,10,\n";
    let dir = project(&[model, (Q1, csv)]);
    assert_eq!(check_json(dir.path(), &[]).0, 0);
    assert_eq!(
        nps_actuals(dir.path()),
        vec![
            day("2026-01-31", 10.0),
            day("2026-02-28", 20.0),
            ("2026-03-31".into(), 30.0, Some("from the survey".into())),
        ]
    );
    // The manifest prints them in the same order, then the status at the latest.
    let manifest = crate::support::manifest_at(dir.path(), "current");
    let dates: Vec<_> = manifest
        .match_indices("date: \"2026-")
        .map(|(i, _)| &manifest[i + 7..i + 17])
        .collect();
    assert_eq!(
        dates,
        ["2026-01-31", "2026-02-28", "2026-03-31", "2026-03-31"],
        "{manifest}"
    );
    assert!(manifest.contains("status: no plan"), "{manifest}");
}

#[test]
fn a_row_naming_no_kpi_is_one_unknown_reference_with_the_nearest_id() {
    let csv = "kpi,date,value\nnsp,2026-01-31,10\nnps,2026-02-28,20\n";
    let dir = project(&[MODEL, (Q1, csv)]);
    let (code, report) = check_json(dir.path(), &[]);
    assert_eq!(code, 1);
    let found = findings(&report);
    assert_eq!(found.len(), 1, "{report:#}");
    assert_eq!(
        (
            found[0].rule.as_str(),
            found[0].file.as_str(),
            found[0].line,
            found[0].column
        ),
        ("unknown-reference", Q1, 2, 1)
    );
    assert!(
        found[0]
            .help
            .as_deref()
            .unwrap_or_default()
            .contains("`nps`"),
        "{report:#}"
    );
    // The good row is kept.
    assert_eq!(nps_actuals(dir.path()), vec![day("2026-02-28", 20.0)]);
}

#[test]
fn a_row_naming_an_element_of_another_kind_is_a_wrong_reference_kind() {
    let model = (
        "model/kpis.yaml",
        "kpis:\n  - { id: nps, name: NPS }\ncapabilities:\n  - { id: care, name: Care }\n",
    );
    let dir = project(&[model, (Q1, "kpi,date,value\ncare,2026-01-31,10\n")]);
    assert_eq!(
        places(&check_json(dir.path(), &[]).1),
        vec![("wrong-reference-kind".into(), Q1.into(), 2, 1)]
    );
}

#[test]
fn a_second_value_for_one_day_is_one_error_and_the_first_is_kept() {
    let model = (
        "model/kpis.yaml",
        "kpis:\n  - id: nps\n    name: NPS\n    actuals:\n      - { date: 2026-01-31, value: 10 }\n",
    );
    let csv = "kpi,date,value\nnps,2026-01-31,99\nnps,2026-02-28,20\n";
    let dir = project(&[model, (Q1, csv)]);
    let (code, report) = check_json(dir.path(), &[]);
    assert_eq!(code, 1);
    assert_eq!(places(&report), vec![("schema".into(), Q1.into(), 2, 1)]);
    assert_eq!(
        nps_actuals(dir.path()),
        vec![day("2026-01-31", 10.0), day("2026-02-28", 20.0)]
    );
}
