//! `tomc import sheet`: an inventory, a capability map and a KPI list imported from CSV
//! and XLSX fixtures (`tests/fixtures/sheets/import/`), each refused row reported at its
//! cell, re-imports that change only what the sheet changed, and mappings refused.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use crate::support::{copy_dir, fixture, write};

/// The fixtures folder.
fn fixtures() -> PathBuf {
    fixture("sheets/import")
}

/// A copy of the fixture project and its sheets and mappings, in a temporary folder:
/// the project in `project/`, the rest beside it.
fn workspace() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    copy_dir(&fixtures(), dir.path());
    dir
}

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

/// Runs `tomc import sheet FILE --map MAP --project project [extra]` in `dir`: the exit
/// code and stderr.
fn import(dir: &Path, file: &str, map: &str, extra: &[&str]) -> (i32, String) {
    let mut args = vec![
        "import",
        "sheet",
        file,
        "--map",
        map,
        "--project",
        "project",
    ];
    args.extend(extra);
    let out = tomc_in(dir, &args);
    assert!(
        out.stdout.is_empty(),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
    (
        out.status.code().unwrap(),
        String::from_utf8(out.stderr).unwrap(),
    )
}

/// The structural rules: a finding of one means the spec cannot be read as a model.
const STRUCTURAL: [&str; 10] = [
    "yaml-syntax",
    "schema",
    "invalid-id",
    "duplicate-id",
    "unknown-reference",
    "wrong-reference-kind",
    "unknown-plateau",
    "hierarchy-cycle",
    "absent-reference",
    "include-outside-project",
];

/// `tomc check` of the project finds no structural error.
fn checks_clean(dir: &Path) {
    let out = tomc_in(dir, &["check", "project", "--format", "json"]);
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let structural: Vec<&serde_json::Value> = report["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| STRUCTURAL.iter().any(|r| d["rule"] == *r))
        .collect();
    assert!(structural.is_empty(), "{report:#}");
}

fn read(dir: &Path, rel: &str) -> String {
    std::fs::read_to_string(dir.join(rel)).unwrap()
}

/// The blocks of a model file: the header and one block per element (`- id: ...` up
/// to the next), by id.
fn blocks(text: &str) -> Vec<(String, String)> {
    let mut out: Vec<(String, String)> = vec![(String::new(), String::new())];
    for line in text.lines() {
        if let Some(id) = line.trim_start().strip_prefix("- id: ") {
            out.push((id.to_owned(), String::new()));
        }
        let last = out.last_mut().unwrap();
        last.1.push_str(line);
        last.1.push('\n');
    }
    out
}

const INVENTORY_REFUSED: [&str; 2] = [
    "row 6, column A (App ID): duplicate id `crm`: row 2 has it already, and the first row wins",
    "row 9, column C (Owner): no org unit or role is named `Finance Dept`",
];

#[test]
fn inventory_from_csv_reports_each_refused_row_and_writes_the_rest() {
    let dir = workspace();
    let (code, stderr) = import(dir.path(), "inventory.csv", "inventory.map.yaml", &[]);
    let expected: Vec<String> = INVENTORY_REFUSED
        .iter()
        .map(|l| format!("inventory.csv, {l}"))
        .chain([
            "imported 4 of 6 rows into model/systems.yaml: 4 added, 0 updated, 2 refused"
                .to_owned(),
        ])
        .collect();
    assert_eq!(stderr.lines().collect::<Vec<_>>(), expected, "{stderr}");
    assert_eq!(code, 1);
    let written = read(dir.path(), "project/model/systems.yaml");
    let ids: Vec<String> = blocks(&written)
        .into_iter()
        .skip(1)
        .map(|(id, _)| id)
        .collect();
    assert_eq!(ids, ["crm", "core", "web", "old-hr"], "{written}");
    assert!(written.contains("owner: retail-banking"), "{written}");
    assert!(written.contains("lifecycle: phase-out"), "{written}");
    assert!(
        written.contains("- sales\n") && written.contains("- customer\n"),
        "{written}"
    );
    assert!(!written.contains("CRM copy"), "{written}");
    checks_clean(dir.path());
}

#[test]
fn inventory_from_xlsx_reports_the_same_rows_with_the_sheet() {
    let dir = workspace();
    let (code, stderr) = import(dir.path(), "inventory.xlsx", "inventory.map.yaml", &[]);
    let expected: Vec<String> = INVENTORY_REFUSED
        .iter()
        .map(|l| format!("inventory.xlsx, sheet Applications, {l}"))
        .chain([
            "imported 4 of 6 rows into model/systems.yaml: 4 added, 0 updated, 2 refused"
                .to_owned(),
        ])
        .collect();
    assert_eq!(stderr.lines().collect::<Vec<_>>(), expected, "{stderr}");
    assert_eq!(code, 1);
    // The same rows make the same elements as the CSV file.
    let from_xlsx = read(dir.path(), "project/model/systems.yaml");
    let (code, _) = import(dir.path(), "inventory.csv", "inventory.map.yaml", &[]);
    assert_eq!(code, 1);
    let from_csv = read(dir.path(), "project/model/systems.yaml");
    assert_eq!(blocks(&from_xlsx)[1..], blocks(&from_csv)[1..]);
    checks_clean(dir.path());
}

#[test]
fn merged_header_cells_are_refused() {
    let dir = workspace();
    let (code, stderr) = import(dir.path(), "merged-header.xlsx", "inventory.map.yaml", &[]);
    assert_eq!(code, 2, "{stderr}");
    assert_eq!(
        stderr,
        "error: merged-header.xlsx, sheet Applications: the header row (row 1) has merged cells: B1:C1\n  \
         help: tomc reads the header as one row that names each column: unmerge the header row, or set `header_row` in the mapping to a row that names each column in a cell of its own\n"
    );
    assert!(!dir.path().join("project/model/systems.yaml").exists());
}

/// A zip archive of one stored part, `xl/workbook.xml`, whose directory declares that it
/// unpacks to `declared` bytes: a workbook bomb, without the bytes.
fn zip_declaring(declared: u32) -> Vec<u8> {
    let name = b"xl/workbook.xml";
    let data = b"<workbook/>";
    let name_len = u16::try_from(name.len()).unwrap().to_le_bytes();
    let size = u32::try_from(data.len()).unwrap().to_le_bytes();
    let mut out = Vec::new();
    // Local file header: stored, no CRC check needed to list the parts.
    out.extend(0x0403_4b50u32.to_le_bytes());
    out.extend([20, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
    out.extend([0; 4]);
    out.extend(size);
    out.extend(declared.to_le_bytes());
    out.extend(name_len);
    out.extend([0, 0]);
    out.extend(name);
    out.extend(data);
    let directory = out.len() as u32;
    // Central directory entry.
    out.extend(0x0201_4b50u32.to_le_bytes());
    out.extend([20, 0, 20, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
    out.extend([0; 4]);
    out.extend(size);
    out.extend(declared.to_le_bytes());
    out.extend(name_len);
    out.extend([0; 12]);
    out.extend(0u32.to_le_bytes());
    out.extend(name);
    let directory_len = out.len() as u32 - directory;
    // End of central directory.
    out.extend(0x0605_4b50u32.to_le_bytes());
    out.extend([0, 0, 0, 0, 1, 0, 1, 0]);
    out.extend(directory_len.to_le_bytes());
    out.extend(directory.to_le_bytes());
    out.extend([0, 0]);
    out
}

#[test]
fn a_workbook_that_unpacks_to_too_much_is_refused_before_it_is_read() {
    let dir = workspace();
    std::fs::write(dir.path().join("bomb.xlsx"), zip_declaring(600_000_000)).unwrap();
    let (code, stderr) = import(dir.path(), "bomb.xlsx", "inventory.map.yaml", &[]);
    assert_eq!(code, 2, "{stderr}");
    assert_eq!(
        stderr,
        "error: bomb.xlsx unpacks to 600 MB, more than the 512 MB tomc reads from a workbook\n  \
         help: save the rows to import as a CSV file, or split the workbook\n"
    );
    // Under the bound, the same archive is read, and found not to be a workbook.
    std::fs::write(dir.path().join("small.xlsx"), zip_declaring(11)).unwrap();
    let (code, stderr) = import(dir.path(), "small.xlsx", "inventory.map.yaml", &[]);
    assert_eq!(code, 2, "{stderr}");
    assert!(
        stderr.contains("cannot be read as an .xlsx workbook"),
        "{stderr}"
    );
}

#[test]
fn reimport_changes_only_the_rows_edited_and_keeps_hand_written_fields() {
    let dir = workspace();
    import(dir.path(), "inventory.csv", "inventory.map.yaml", &[]);
    // A field written by hand on `core`, which the mapping does not own.
    let first = read(dir.path(), "project/model/systems.yaml");
    let edited = first.replace(
        "  name: Core Banking\n",
        "  name: Core Banking\n  description: Runs the ledgers.\n",
    );
    assert_ne!(edited, first);
    write(dir.path(), "project/model/systems.yaml", &edited);

    // Two rows edited: crm is sunset, web renamed.
    let sheet = read(dir.path(), "inventory.csv")
        .replace(
            "Customer CRM,Retail Banking,Live",
            "Customer CRM,Retail Banking,Sunset",
        )
        .replace("Public Website", "Public web site");
    write(dir.path(), "inventory.csv", sheet);
    let (code, stderr) = import(dir.path(), "inventory.csv", "inventory.map.yaml", &[]);
    assert_eq!(code, 1, "{stderr}");
    assert!(
        stderr.ends_with(
            "imported 4 of 6 rows into model/systems.yaml: 0 added, 2 updated, 2 refused\n"
        ),
        "{stderr}"
    );
    let second = read(dir.path(), "project/model/systems.yaml");
    let (before, after) = (blocks(&edited), blocks(&second));
    assert_eq!(before.len(), after.len());
    let changed: Vec<&str> = before
        .iter()
        .zip(&after)
        .filter(|(b, a)| b != a)
        .map(|(_, a)| a.0.as_str())
        .collect();
    assert_eq!(changed, ["crm", "web"], "{second}");
    assert!(
        second.contains("  description: Runs the ledgers.\n"),
        "{second}"
    );
    checks_clean(dir.path());
}

#[test]
fn a_row_gone_removes_its_element_unless_kept() {
    let dir = workspace();
    import(dir.path(), "inventory.csv", "inventory.map.yaml", &[]);
    let sheet = read(dir.path(), "inventory.csv")
        .replace("old-hr,HR Portal,IT Operations,Sunset,acme,\r\n", "");
    write(dir.path(), "inventory.csv", sheet);

    let (code, stderr) = import(
        dir.path(),
        "inventory.csv",
        "inventory.map.yaml",
        &["--keep-missing"],
    );
    assert_eq!(code, 1);
    assert!(
        stderr.contains(
            "kept `old-hr` (HR Portal): its row is gone from the sheet (--keep-missing)\n"
        ),
        "{stderr}"
    );
    assert!(read(dir.path(), "project/model/systems.yaml").contains("- id: old-hr"));

    let (code, stderr) = import(dir.path(), "inventory.csv", "inventory.map.yaml", &[]);
    assert_eq!(code, 1);
    assert!(
        stderr.contains("removed `old-hr` (HR Portal): its row is gone from the sheet\n"),
        "{stderr}"
    );
    assert!(stderr.ends_with(", 2 refused, 1 removed\n"), "{stderr}");
    assert!(!read(dir.path(), "project/model/systems.yaml").contains("old-hr"));
    checks_clean(dir.path());
}

#[test]
fn importing_twice_gives_the_same_bytes() {
    let dir = workspace();
    import(dir.path(), "inventory.xlsx", "inventory.map.yaml", &[]);
    let first = std::fs::read(dir.path().join("project/model/systems.yaml")).unwrap();
    let (code, stderr) = import(dir.path(), "inventory.xlsx", "inventory.map.yaml", &[]);
    assert_eq!(code, 1);
    assert!(
        stderr.ends_with(": 0 added, 0 updated, 2 refused\n"),
        "{stderr}"
    );
    let second = std::fs::read(dir.path().join("project/model/systems.yaml")).unwrap();
    assert_eq!(first, second);
}

#[test]
fn a_staged_value_written_by_hand_is_kept() {
    let dir = workspace();
    import(dir.path(), "inventory.csv", "inventory.map.yaml", &[]);
    let text = read(dir.path(), "project/model/systems.yaml");
    let staged = text.replacen(
        "  lifecycle: active\n",
        "  lifecycle:\n    current: active\n    target: phase-out\n",
        1,
    );
    write(dir.path(), "project/model/systems.yaml", &staged);
    let (code, stderr) = import(dir.path(), "inventory.csv", "inventory.map.yaml", &[]);
    assert_eq!(code, 1);
    assert!(
        stderr.contains(
            "note: inventory.csv, row 2, column D (Status): `lifecycle` of `crm` is written per plateau in model/systems.yaml, so it is kept as written and the sheet's value is not applied\n"
        ),
        "{stderr}"
    );
    assert_eq!(read(dir.path(), "project/model/systems.yaml"), staged);
    checks_clean(dir.path());
}

#[test]
fn a_capability_map_takes_parents_from_other_rows() {
    let dir = workspace();
    let (code, stderr) = import(
        dir.path(),
        "capabilities.xlsx",
        "capabilities.map.yaml",
        &[],
    );
    assert_eq!(
        stderr.lines().collect::<Vec<_>>(),
        [
            "capabilities.xlsx, sheet Capabilities, row 9, column C (Maturity): `maturity` must be a whole number from 0 to 5; found `7`",
            "capabilities.xlsx, sheet Capabilities, row 10, column B (Parent): no capability is named `Risk`",
            "imported 6 of 8 rows into model/capabilities.yaml: 6 added, 0 updated, 2 refused",
        ],
        "{stderr}"
    );
    assert_eq!(code, 1);
    let written = read(dir.path(), "project/model/capabilities.yaml");
    for (id, parent) in [
        ("cap-identity-verification", Some("cap-onboarding")),
        ("cap-onboarding", Some("cap-customer-management")),
        ("cap-customer-management", None),
        ("cap-complaints", Some("cap-servicing")),
    ] {
        let block = blocks(&written)
            .into_iter()
            .find(|(i, _)| i == id)
            .unwrap_or_else(|| panic!("{id} in {written}"))
            .1;
        match parent {
            Some(p) => assert!(block.contains(&format!("parent: {p}\n")), "{block}"),
            None => assert!(!block.contains("parent:"), "{block}"),
        }
    }
    assert!(written.contains("sourcing: outsourced"), "{written}");
    assert!(written.contains("- faster-onboarding"), "{written}");
    checks_clean(dir.path());
}

#[test]
fn a_kpi_list_refuses_values_outside_the_spec() {
    let dir = workspace();
    let (code, stderr) = import(dir.path(), "kpis.csv", "kpis.map.yaml", &[]);
    assert_eq!(
        stderr.lines().collect::<Vec<_>>(),
        [
            "kpis.csv, row 4, column F (Value): `value` must be a number written plainly (`42`, `-3.5`), without a unit or a thousands separator; found `58%`",
            "kpis.csv, row 5, column D (Better when): `Up` is not a value of `direction`, which is one of increase, decrease; map the sheet's word under `values: direction:` in the mapping",
            "imported 2 of 4 rows into model/kpis.yaml: 2 added, 0 updated, 2 refused",
        ],
        "{stderr}"
    );
    assert_eq!(code, 1);
    let written = read(dir.path(), "project/model/kpis.yaml");
    assert!(written.contains("value: 35\n"), "{written}");
    assert!(written.contains("direction: decrease\n"), "{written}");
    checks_clean(dir.path());
}

#[test]
fn every_row_taken_exits_zero() {
    let dir = workspace();
    let sheet =
        "KPI,Name,Unit,Better when,Voice,Value\nnps,Net promoter score,score,Higher,customer,35\n";
    write(dir.path(), "kpis.csv", sheet);
    let (code, stderr) = import(dir.path(), "kpis.csv", "kpis.map.yaml", &[]);
    assert_eq!(code, 0, "{stderr}");
    assert_eq!(
        stderr,
        "imported 1 of 1 rows into model/kpis.yaml: 1 added, 0 updated\n"
    );
}

/// Writes `mapping` as `bad.map.yaml` and imports the inventory with it: exit code 2
/// and stderr, with nothing written.
fn bad_mapping(mapping: &str) -> String {
    let dir = workspace();
    write(dir.path(), "bad.map.yaml", mapping);
    let (code, stderr) = import(dir.path(), "inventory.csv", "bad.map.yaml", &[]);
    assert_eq!(code, 2, "{stderr}");
    assert!(!dir.path().join("project/model/systems.yaml").exists());
    stderr
}

const GOOD: &str = "kind: systems\nfile: model/systems.yaml\nid: { column: App ID }\ncolumns:\n  name: Application\n";

#[test]
fn bad_mappings_are_refused() {
    assert_eq!(
        bad_mapping(&GOOD.replace("columns:", "colums:")),
        "error: bad.map.yaml:4:1: unknown key `colums` in the mapping\n  help: did you mean `columns`?\n"
    );
    assert_eq!(
        bad_mapping(&GOOD.replace("kind: systems", "kind: sytems")),
        "error: bad.map.yaml:1:7: `sytems` is not a kind of element\n  help: did you mean `systems`?\n"
    );
    assert_eq!(
        bad_mapping(&format!("{GOOD}  lifecycel: Status\n")),
        "error: bad.map.yaml:6:3: `lifecycel` is not a field of systems\n  help: did you mean `lifecycle`?\n"
    );
    for outside in [
        "../systems.yaml",
        "/tmp/systems.yaml",
        "model/../../systems.yaml",
    ] {
        let stderr = bad_mapping(&GOOD.replace("model/systems.yaml", outside));
        assert!(
            stderr.starts_with(&format!(
                "error: bad.map.yaml:2:7: `file` must be a path inside the project, relative to it, without `..`; found `{outside}`\n"
            )),
            "{stderr}"
        );
    }
    let stderr = bad_mapping(&GOOD.replace("Application", "Applicaton"));
    assert_eq!(
        stderr,
        "error: bad.map.yaml:5:9: inventory.csv has no column headed `Applicaton` in row 1\n  help: did you mean `Application`?\n"
    );
    let stderr = bad_mapping(&GOOD.replace("model/systems.yaml", "data/systems.yaml"));
    assert!(
        stderr.starts_with(
            "error: `data/systems.yaml`, the file the mapping owns, is not matched by the `include` globs of tom.yaml"
        ),
        "{stderr}"
    );
}

/// The `.xlsx` fixtures are what [`xlsx_fixtures`] writes: after changing it, write
/// them again with `TOMC_BLESS=1 cargo test --test it import_sheet::xlsx_fixtures_are_fresh`.
#[test]
fn xlsx_fixtures_are_fresh() {
    let dir = fixtures();
    for (name, bytes) in xlsx_fixtures() {
        let path = dir.join(name);
        if std::env::var_os("TOMC_BLESS").is_some() {
            std::fs::write(&path, &bytes).unwrap();
        }
        assert!(
            std::fs::read(&path).unwrap() == bytes,
            "{name} is stale: write it again with `TOMC_BLESS=1 cargo test --test it import_sheet::xlsx_fixtures_are_fresh`"
        );
    }
}

/// A workbook with fixed metadata, so that the same content gives the same bytes.
fn workbook() -> rust_xlsxwriter::Workbook {
    use rust_xlsxwriter::{DocProperties, ExcelDateTime, Workbook};
    let mut book = Workbook::new();
    let created = ExcelDateTime::from_ymd(2000, 1, 1).unwrap();
    book.set_properties(&DocProperties::new().set_creation_datetime(&created));
    book
}

/// The `.xlsx` fixtures, by file name.
fn xlsx_fixtures() -> Vec<(&'static str, Vec<u8>)> {
    use rust_xlsxwriter::Format;

    let mut out = Vec::new();
    // The inventory: the rows of inventory.csv, at the same row numbers.
    let inventory: [&[&str]; 10] = [
        &["App ID", "Application", "Owner", "Status", "Vendor", "Tags"],
        &[
            "crm",
            "Customer CRM",
            "Retail Banking",
            "Live",
            "acme",
            "sales, customer",
        ],
        &["core", "Core Banking", "IT Operations", "Live", "", "core"],
        &[],
        &["web", "Public Website", "Retail Banking", "Planned", "", ""],
        &["crm", "CRM copy", "Retail Banking", "Live", "", ""],
        &[],
        &["", "", "", "", "", ""],
        &["ledger", "General Ledger", "Finance Dept", "Live", "", ""],
        &["old-hr", "HR Portal", "IT Operations", "Sunset", "acme", ""],
    ];
    let mut book = workbook();
    let sheet = book.add_worksheet().set_name("Applications").unwrap();
    for (r, row) in inventory.iter().enumerate() {
        for (c, text) in row.iter().enumerate() {
            sheet.write_string(r as u32, c as u16, *text).unwrap();
        }
    }
    book.add_worksheet()
        .set_name("Notes")
        .unwrap()
        .write_string(0, 0, "Not read")
        .unwrap();
    out.push(("inventory.xlsx", book.save_to_buffer().unwrap()));

    // The same header with `Application` over two merged cells.
    let mut book = workbook();
    let sheet = book.add_worksheet().set_name("Applications").unwrap();
    sheet.write_string(0, 0, "App ID").unwrap();
    sheet
        .merge_range(0, 1, 0, 2, "Application", &Format::new())
        .unwrap();
    for (c, text) in ["Owner", "Status"].iter().enumerate() {
        sheet.write_string(0, c as u16 + 3, *text).unwrap();
    }
    for (c, text) in ["crm", "Customer", "CRM", "Retail Banking", "Live"]
        .iter()
        .enumerate()
    {
        sheet.write_string(1, c as u16, *text).unwrap();
    }
    out.push(("merged-header.xlsx", book.save_to_buffer().unwrap()));

    // A three-level capability map under a merged title row; the header is row 2. A
    // child may come before its parent.
    let mut book = workbook();
    let sheet = book.add_worksheet().set_name("Capabilities").unwrap();
    sheet
        .merge_range(0, 0, 0, 4, "Capability map 2026", &Format::new())
        .unwrap();
    let header = ["Capability", "Parent", "Maturity", "Sourcing", "Objectives"];
    for (c, text) in header.iter().enumerate() {
        sheet.write_string(1, c as u16, *text).unwrap();
    }
    let rows: [(&str, &str, f64, &str, &str); 8] = [
        (
            "Customer management",
            "",
            2.0,
            "In-house",
            "faster-onboarding",
        ),
        ("Identity verification", "Onboarding", 1.0, "Outsourced", ""),
        ("Onboarding", "Customer management", 3.0, "In-house", ""),
        ("Account setup", "Onboarding", 2.0, "In-house", ""),
        ("Servicing", "Customer management", 2.0, "Partner", ""),
        ("Complaints", "Servicing", 1.0, "In-house", ""),
        ("Fraud detection", "Servicing", 7.0, "In-house", ""),
        ("Credit scoring", "Risk", 2.0, "In-house", ""),
    ];
    for (r, (name, parent, maturity, sourcing, objectives)) in rows.iter().enumerate() {
        let r = r as u32 + 2;
        sheet.write_string(r, 0, *name).unwrap();
        sheet.write_string(r, 1, *parent).unwrap();
        sheet.write_number(r, 2, *maturity).unwrap();
        sheet.write_string(r, 3, *sourcing).unwrap();
        sheet.write_string(r, 4, *objectives).unwrap();
    }
    out.push(("capabilities.xlsx", book.save_to_buffer().unwrap()));
    out
}
