//! `tomc export sheet`: the workbook read back with calamine matches the manifests, the
//! gap report and the model; links, frozen headers and filters are there; the same
//! model gives the same bytes; the CSV files hold the same rows.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

use calamine::{Data, Reader, Xlsx, open_workbook};
use serde_json::Value;

use crate::support::{project, root, tomc};

fn northwind() -> PathBuf {
    root().join("examples/northwind-bank")
}

/// A sheet read back: its header and its rows.
#[derive(Debug)]
struct Read {
    header: Vec<String>,
    rows: Vec<Vec<Data>>,
}

impl Read {
    fn column(&self, name: &str) -> usize {
        self.header
            .iter()
            .position(|h| h == name)
            .unwrap_or_else(|| panic!("no column `{name}` in {:?}", self.header))
    }

    fn cell<'a>(&'a self, row: &'a [Data], name: &str) -> &'a Data {
        &row[self.column(name)]
    }

    /// The row whose `id` column holds `id`, with its index among the data rows.
    fn row(&self, column: &str, id: &str) -> (usize, &[Data]) {
        let c = self.column(column);
        self.rows
            .iter()
            .enumerate()
            .find(|(_, r)| r[c] == Data::String(id.to_owned()))
            .map(|(i, r)| (i, r.as_slice()))
            .unwrap_or_else(|| panic!("no row `{id}`"))
    }

    fn texts(&self, column: &str) -> Vec<String> {
        let c = self.column(column);
        self.rows.iter().map(|r| text(&r[c])).collect()
    }
}

/// Runs `tomc export sheet` with `args`; it must succeed.
fn export(args: &[&str]) {
    let mut all = vec!["export", "sheet"];
    all.extend(args);
    let out = tomc(&all);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(out.stdout.is_empty(), "nothing on stdout");
}

/// Every sheet of a workbook, in order.
fn read(path: &Path) -> Vec<(String, Read)> {
    let mut book: Xlsx<_> = open_workbook(path).expect("the workbook opens");
    let names = book.sheet_names();
    names
        .into_iter()
        .map(|name| {
            let range = book.worksheet_range(&name).expect("sheet");
            assert_eq!(range.start(), Some((0, 0)), "{name} starts at A1");
            let mut rows = range.rows().map(<[Data]>::to_vec);
            let header = rows
                .next()
                .expect("header")
                .iter()
                .map(text)
                .collect::<Vec<_>>();
            let read = Read {
                header,
                rows: rows.collect(),
            };
            (name, read)
        })
        .collect()
}

fn sheet<'a>(sheets: &'a [(String, Read)], name: &str) -> &'a Read {
    sheets
        .iter()
        .find(|(n, _)| n == name)
        .map(|(_, s)| s)
        .unwrap_or_else(|| panic!("no sheet `{name}`"))
}

/// A cell as text, numbers as tomc writes them.
fn text(cell: &Data) -> String {
    match cell {
        Data::Empty => String::new(),
        Data::String(s) => s.clone(),
        Data::Float(f) => tomc::text::number(*f),
        Data::Int(i) => i.to_string(),
        Data::Bool(b) => b.to_string(),
        other => panic!("unexpected cell {other:?}"),
    }
}

fn number(cell: &Data) -> Option<f64> {
    match cell {
        Data::Float(f) => Some(*f),
        #[allow(clippy::cast_precision_loss)]
        Data::Int(i) => Some(*i as f64),
        Data::Empty => None,
        other => panic!("not a number: {other:?}"),
    }
}

fn json(args: &[&str]) -> Value {
    let out = tomc(args);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).expect("JSON")
}

fn manifest(plateau: &str) -> Value {
    json(&[
        "manifest",
        northwind().to_str().unwrap(),
        "--plateau",
        plateau,
        "--format",
        "json",
    ])
}

fn strings(value: &Value) -> Vec<String> {
    value
        .as_array()
        .unwrap_or_else(|| panic!("not a list: {value}"))
        .iter()
        .map(|v| v.as_str().expect("string").to_owned())
        .collect()
}

/// Whether the cell holds the manifest's value of field `key` of an element of `kind`.
fn same(kind: tomc::spec::Kind, key: &str, manifest: &Value, cell: &Data) -> bool {
    use tomc::spec::FieldType;
    let ty = tomc::spec::field_spec(kind, key).map(|s| s.ty);
    match (ty, manifest) {
        (Some(FieldType::Stages), Value::Array(stages)) => {
            let ids: Vec<&str> = stages.iter().map(|s| s["id"].as_str().unwrap()).collect();
            text(cell) == ids.join(", ")
        }
        (Some(FieldType::Actuals), Value::Array(items)) => {
            #[allow(clippy::cast_precision_loss)]
            let n = items.len() as f64;
            number(cell) == Some(n)
        }
        (Some(FieldType::Strings), list) => text(cell) == strings(list).join("\n"),
        (_, Value::Array(_)) => text(cell) == strings(manifest).join(", "),
        (_, Value::String(s)) => text(cell) == *s,
        (_, Value::Bool(b)) => *cell == Data::Bool(*b),
        (_, Value::Number(n)) => number(cell) == n.as_f64(),
        (_, Value::Null) => *cell == Data::Empty,
        (_, Value::Object(_)) => false,
    }
}

/// The names under which the manifest writes inverse links (not columns of a sheet).
fn is_inverse(key: &str) -> bool {
    [
        "children",
        "delivered_by",
        "owns",
        "realized_by",
        "provided_by",
        "dependents",
    ]
    .contains(&key)
        || tomc::spec::Kind::from_key(key).is_some()
}

#[test]
fn every_kind_sheet_matches_the_manifest_of_its_plateau() {
    let dir = tempfile::tempdir().unwrap();
    let project = northwind();
    for plateau in [None, Some("current"), Some("wave-1")] {
        let file = dir
            .path()
            .join(format!("{}.xlsx", plateau.unwrap_or("default")));
        let mut args = vec![project.to_str().unwrap(), "-o", file.to_str().unwrap()];
        if let Some(p) = plateau {
            args.extend(["--plateau", p]);
        }
        export(&args);
        let sheets = read(&file);
        // The default is the target.
        let manifest = manifest(plateau.unwrap_or("target"));
        let mut compared = 0;
        for &kind in tomc::spec::Kind::ALL {
            let sheet = sheet(&sheets, kind.key());
            let elements = manifest[kind.key()].as_array().expect("kind list");
            let ids: Vec<&str> = elements.iter().map(|e| e["id"].as_str().unwrap()).collect();
            assert_eq!(sheet.texts("id"), ids, "{kind} at {plateau:?}");
            for (element, row) in elements.iter().zip(&sheet.rows) {
                let map = element.as_object().unwrap();
                for (key, value) in map {
                    match key.as_str() {
                        "tracking" => continue,
                        "waivers" => {
                            let lines: Vec<String> = value
                                .as_array()
                                .unwrap()
                                .iter()
                                .map(|w| {
                                    format!(
                                        "{}: {}",
                                        w["rule"].as_str().unwrap(),
                                        w["reason"].as_str().unwrap()
                                    )
                                })
                                .collect();
                            assert_eq!(text(sheet.cell(row, "waivers")), lines.join("\n"));
                        }
                        "properties" => {
                            for (k, v) in value.as_object().unwrap() {
                                let cell = sheet.cell(row, &format!("properties.{k}"));
                                assert_eq!(text(cell), v.as_str().unwrap());
                            }
                        }
                        key if !sheet.header.iter().any(|h| h == key) => {
                            assert!(is_inverse(key), "{kind}: `{key}` has no column");
                        }
                        key => {
                            let cell = sheet.cell(row, key);
                            assert!(
                                same(kind, key, value, cell),
                                "{kind} {} `{key}` at {plateau:?}: manifest {value}, sheet {cell:?}",
                                map["id"]
                            );
                            compared += 1;
                        }
                    }
                }
                // A column the manifest does not write is empty.
                for (h, cell) in sheet.header.iter().zip(row) {
                    let written = map.contains_key(h)
                        || h.strip_prefix("properties.").is_some_and(|k| {
                            map.get("properties").is_some_and(|p| p.get(k).is_some())
                        });
                    assert!(written || *cell == Data::Empty, "{kind} {h}: {cell:?}");
                }
            }
            // Every field of the kind has a column, in the format's order.
            let fields: Vec<&str> = tomc::spec::all_fields(kind)
                .map(|f| f.field.key())
                .collect();
            let mut positions = fields.iter().map(|f| sheet.column(f)).collect::<Vec<_>>();
            assert!(positions.is_sorted(), "{kind}: {:?}", sheet.header);
            positions.dedup();
            assert_eq!(positions.len(), fields.len());
            assert_eq!(sheet.header[0], "id");
        }
        assert!(compared > 1000, "{compared} values compared");

        // Journey stages and KPI actuals, a row each.
        let stages = sheet(&sheets, "journey_stages");
        let stage_count: usize = manifest["journeys"]
            .as_array()
            .unwrap()
            .iter()
            .map(|j| j["stages"].as_array().map_or(0, Vec::len))
            .sum();
        assert_eq!(stages.rows.len(), stage_count);
        for journey in manifest["journeys"].as_array().unwrap() {
            let id = journey["id"].as_str().unwrap();
            let rows: Vec<&Vec<Data>> = stages
                .rows
                .iter()
                .filter(|r| text(stages.cell(r, "journey")) == id)
                .collect();
            for (stage, row) in journey["stages"].as_array().unwrap().iter().zip(&rows) {
                assert_eq!(text(stages.cell(row, "id")), stage["id"].as_str().unwrap());
                assert_eq!(
                    text(stages.cell(row, "name")),
                    stage["name"].as_str().unwrap()
                );
                assert_eq!(
                    text(stages.cell(row, "touchpoints")),
                    strings(&stage["touchpoints"]).join(", ")
                );
                let moment = stage["moment_that_matters"].as_bool().unwrap_or(false);
                assert_eq!(*stages.cell(row, "moment_that_matters"), Data::Bool(moment));
                assert_eq!(
                    text(stages.cell(row, "emotion")),
                    stage["emotion"].as_str().unwrap_or("")
                );
            }
        }
        let actuals = sheet(&sheets, "kpi_actuals");
        assert_eq!(actuals.header, ["kpi", "date", "value", "note"]);
        let measured: usize = manifest["kpis"]
            .as_array()
            .unwrap()
            .iter()
            .map(|k| k["actuals"].as_array().map_or(0, Vec::len))
            .sum();
        assert!(measured > 0);
        assert_eq!(actuals.rows.len(), measured);
    }
}

#[test]
fn step_sheets_roadmap_and_scorecard_match_the_gap_report() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("tom.xlsx");
    let project = northwind();
    let path = project.to_str().unwrap();
    export(&[path, "-o", file.to_str().unwrap()]);
    let sheets = read(&file);
    let names: Vec<&str> = sheets.iter().map(|(n, _)| n.as_str()).collect();
    let mut expected: Vec<&str> = Vec::new();
    for &kind in tomc::spec::Kind::ALL {
        expected.push(kind.key());
        match kind.key() {
            "kpis" => expected.push("kpi_actuals"),
            "journeys" => expected.push("journey_stages"),
            _ => {}
        }
    }
    expected.extend([
        "gaps current→wave-1",
        "gaps wave-1→target",
        "roadmap",
        "kpi_scorecard",
    ]);
    assert_eq!(names, expected);

    // Each step against `tomc gaps --from A --to B`.
    for (from, to) in [("current", "wave-1"), ("wave-1", "target")] {
        let report = json(&["gaps", path, "--from", from, "--to", to, "--format", "json"]);
        let gaps = sheet(&sheets, &format!("gaps {from}→{to}"));
        assert_eq!(
            gaps.header,
            [
                "kind",
                "id",
                "name",
                "change",
                "fields",
                "needs_initiative",
                "delivered_by"
            ]
        );
        let mut from_report = Vec::new();
        for kind in report["kinds"].as_array().unwrap() {
            for change in ["added", "removed", "changed"] {
                for g in kind[change].as_array().unwrap() {
                    let fields: Vec<&str> = g["fields"]
                        .as_array()
                        .map(|fs| {
                            let mut keys: Vec<&str> = fs
                                .iter()
                                .map(|f| f["field"].as_str().unwrap())
                                .map(|f| f.split(['.', '[']).next().unwrap())
                                .collect();
                            keys.dedup();
                            keys
                        })
                        .unwrap_or_default();
                    from_report.push(vec![
                        kind["kind"].as_str().unwrap().to_owned(),
                        g["id"].as_str().unwrap().to_owned(),
                        g["name"].as_str().unwrap().to_owned(),
                        change.to_owned(),
                        fields.join(", "),
                        g["needs_initiative"].as_bool().unwrap().to_string(),
                        strings(&g["delivered_by"]).join(", "),
                    ]);
                }
            }
        }
        let mut from_sheet: Vec<Vec<String>> = gaps
            .rows
            .iter()
            .map(|r| r.iter().map(text).collect())
            .collect();
        assert!(!from_sheet.is_empty());
        let summary = &report["summary"];
        let count = |change: &str| from_sheet.iter().filter(|r| r[3] == change).count();
        for change in ["added", "removed", "changed"] {
            assert_eq!(count(change) as u64, summary[change].as_u64().unwrap());
        }
        // The sheet is by kind then id; the report by kind, change, then id.
        let kind_order = |k: &str| {
            tomc::spec::Kind::ALL
                .iter()
                .position(|x| x.key() == k)
                .unwrap()
        };
        let sorted_sheet = from_sheet.clone();
        from_sheet.sort_by(|a, b| (kind_order(&a[0]), &a[1]).cmp(&(kind_order(&b[0]), &b[1])));
        assert_eq!(sorted_sheet, from_sheet, "the sheet is by kind, then id");
        from_report.sort_by(|a, b| (kind_order(&a[0]), &a[1]).cmp(&(kind_order(&b[0]), &b[1])));
        // Changed fields: the sheet names each field once, in the format's order.
        for (s, r) in from_sheet.iter().zip(&from_report) {
            let mut sheet_fields: Vec<&str> = s[4].split(", ").collect();
            let mut report_fields: Vec<&str> = r[4].split(", ").collect();
            sheet_fields.sort_unstable();
            report_fields.sort_unstable();
            report_fields.dedup();
            assert_eq!(sheet_fields, report_fields, "{}", s[1]);
            assert_eq!((&s[..4], &s[5..]), (&r[..4], &r[5..]), "gaps {from}→{to}");
        }
        assert_eq!(from_sheet.len(), from_report.len());
    }
    // A concrete row: the chatbot arrives in wave 1, delivered by one initiative whose
    // cell links to it on the initiatives sheet.
    let step = sheet(&sheets, "gaps current→wave-1");
    let (_, chatbot) = step.row("id", "sys-chatbot");
    assert_eq!(text(step.cell(chatbot, "change")), "added");
    assert_eq!(*step.cell(chatbot, "needs_initiative"), Data::Bool(true));

    // The roadmap against the whole gap report, in its order.
    let report = json(&["gaps", path, "--format", "json"]);
    let roadmap = sheet(&sheets, "roadmap");
    let initiatives = report["initiatives"].as_array().unwrap();
    assert_eq!(roadmap.rows.len(), initiatives.len());
    assert!(initiatives.len() > 5);
    for (row, i) in roadmap.rows.iter().zip(initiatives) {
        let num = |key: &str| number(roadmap.cell(row, key));
        assert_eq!(text(roadmap.cell(row, "id")), i["id"].as_str().unwrap());
        assert_eq!(num("rank"), i["rank"].as_f64());
        assert_eq!(
            text(roadmap.cell(row, "lands_in")),
            i["lands_in"].as_str().unwrap_or("")
        );
        assert_eq!(num("cost"), i["cost"].as_f64());
        assert_eq!(num("benefit"), i["benefit"].as_f64());
        assert_eq!(num("benefit_cost_ratio"), i["benefit_cost_ratio"].as_f64());
        assert_eq!(num("value_per_effort"), i["value_per_effort"].as_f64());
        assert_eq!(num("gaps_delivered"), i["gaps_delivered"].as_f64());
        assert_eq!(
            text(roadmap.cell(row, "depends_on")),
            strings(&i["depends_on"]).join(", ")
        );
        assert_eq!(
            text(roadmap.cell(row, "must_do")),
            i["must_do"].as_str().unwrap_or("")
        );
    }
    let target = manifest("target");
    let legacy = target["initiatives"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["id"] == "ini-legacy-decommission")
        .unwrap();
    let (_, row) = roadmap.row("id", "ini-legacy-decommission");
    assert_eq!(
        text(roadmap.cell(row, "start")),
        legacy["start"].as_str().unwrap()
    );
    assert_eq!(
        text(roadmap.cell(row, "end")),
        legacy["end"].as_str().unwrap()
    );

    // The scorecard: every KPI, its value per plateau, latest actual and status.
    let scorecard = sheet(&sheets, "kpi_scorecard");
    assert_eq!(
        scorecard.header[5..8],
        ["value current", "value wave-1", "value target"]
    );
    let plateaus = [
        ("current", manifest("current")),
        ("wave-1", manifest("wave-1")),
        ("target", target.clone()),
    ];
    let mut all: Vec<String> = plateaus
        .iter()
        .flat_map(|(_, m)| m["kpis"].as_array().unwrap().iter())
        .map(|k| k["id"].as_str().unwrap().to_owned())
        .collect();
    all.sort_unstable();
    all.dedup();
    assert_eq!(scorecard.texts("id"), all);
    for (id, row) in all.iter().zip(&scorecard.rows) {
        for (p, m) in &plateaus {
            let kpi = m["kpis"]
                .as_array()
                .unwrap()
                .iter()
                .find(|k| k["id"] == **id);
            let value = kpi.and_then(|k| k["value"].as_f64());
            assert_eq!(
                number(scorecard.cell(row, &format!("value {p}"))),
                value,
                "{id} at {p}"
            );
        }
    }
    let mut measured = 0;
    for kpi in report["kpis"].as_array().unwrap() {
        let (_, row) = scorecard.row("id", kpi["kpi"].as_str().unwrap());
        assert_eq!(
            text(scorecard.cell(row, "trend")),
            kpi["trend"].as_str().unwrap()
        );
        assert_eq!(
            text(scorecard.cell(row, "status")),
            kpi["status"].as_str().unwrap_or("not measured")
        );
        assert_eq!(
            number(scorecard.cell(row, "latest")),
            kpi["latest"]["value"].as_f64()
        );
        assert_eq!(
            text(scorecard.cell(row, "measured")),
            kpi["latest"]["date"].as_str().unwrap_or("")
        );
        assert_eq!(number(scorecard.cell(row, "plan")), kpi["plan"].as_f64());
        measured += usize::from(!kpi["latest"].is_null());
    }
    assert!(measured > 0);
}

/// The frozen pane and autofilter of every sheet of a workbook, read from its XML.
fn layout(file: &Path) -> BTreeMap<String, (String, String)> {
    const SCRIPT: &str = r#"
import json, re, sys, zipfile
z = zipfile.ZipFile(sys.argv[1])
ns = {"m": "http://schemas.openxmlformats.org/spreadsheetml/2006/main",
      "r": "http://schemas.openxmlformats.org/officeDocument/2006/relationships"}
import xml.etree.ElementTree as ET
book = ET.fromstring(z.read("xl/workbook.xml"))
rels = ET.fromstring(z.read("xl/_rels/workbook.xml.rels"))
targets = {r.get("Id"): r.get("Target") for r in rels}
out = {}
for s in book.find("m:sheets", ns):
    rid = s.get("{%s}id" % ns["r"])
    xml = ET.fromstring(z.read("xl/" + targets[rid]))
    pane = xml.find("m:sheetViews/m:sheetView/m:pane", ns)
    auto = xml.find("m:autoFilter", ns)
    out[s.get("name")] = [
        "" if pane is None else "%s %s %s" % (pane.get("ySplit"), pane.get("topLeftCell"), pane.get("state")),
        "" if auto is None else auto.get("ref"),
    ]
print(json.dumps(out))
"#;
    let out = Command::new("python3")
        .arg("-c")
        .arg(SCRIPT)
        .arg(file)
        .output()
        .unwrap_or_else(|e| panic!("python3 reads the workbook's XML in this test: {e}"));
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap()
}

/// `A`, `B`, …, `Z`, `AA`, … for a 0-based column.
fn column_letters(mut c: usize) -> String {
    let mut out = Vec::new();
    loop {
        out.push(b'A' + u8::try_from(c % 26).unwrap());
        if c < 26 {
            break;
        }
        c = c / 26 - 1;
    }
    out.reverse();
    String::from_utf8(out).unwrap()
}

#[test]
fn headers_are_frozen_filtered_and_ids_link_to_their_rows() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("tom.xlsx");
    export(&[northwind().to_str().unwrap(), "-o", file.to_str().unwrap()]);
    let sheets = read(&file);
    let layout = layout(&file);
    assert_eq!(layout.len(), sheets.len());
    for (name, s) in &sheets {
        let (pane, filter) = &layout[name];
        assert_eq!(pane, "1 A2 frozen", "{name}");
        let range = format!(
            "A1:{}{}",
            column_letters(s.header.len() - 1),
            s.rows.len() + 1
        );
        assert_eq!(*filter, range, "{name}");
    }

    let mut book: Xlsx<_> = open_workbook(&file).unwrap();
    let links = |book: &mut Xlsx<_>, name: &str| -> BTreeMap<(u32, u32), String> {
        book.hyperlinks_by_sheet_name(name)
            .unwrap()
            .into_iter()
            .map(|h| {
                assert_eq!(h.target, None, "internal links only");
                (h.range.start, h.location.unwrap())
            })
            .collect()
    };
    // A system with one supplier links to the supplier's row.
    let systems = sheet(&sheets, "systems");
    let suppliers = sheet(&sheets, "suppliers");
    let (row, chatbot) = systems.row("id", "sys-chatbot");
    let supplier = text(systems.cell(chatbot, "supplier"));
    assert_eq!(supplier, "sup-ai");
    let (target, _) = suppliers.row("id", &supplier);
    let on_systems = links(&mut book, "systems");
    let at = (
        u32::try_from(row + 1).unwrap(),
        u32::try_from(systems.column("supplier")).unwrap(),
    );
    assert_eq!(on_systems[&at], format!("'suppliers'!A{}", target + 2));
    // Every link on every sheet points at the row of the id its cell names.
    let mut checked = 0;
    for (name, s) in &sheets {
        for ((r, c), location) in links(&mut book, name) {
            let cell = text(&s.rows[r as usize - 1][c as usize]);
            let (sheet_name, cell_ref) = location
                .strip_prefix('\'')
                .and_then(|l| l.split_once("'!A"))
                .unwrap_or_else(|| panic!("{location}"));
            let target_row: usize = cell_ref.parse().unwrap();
            let target = sheet(&sheets, sheet_name);
            if sheet_name == "journey_stages" {
                // A journey's stages link to the first of its rows there.
                let row = &s.rows[r as usize - 1];
                let journey = text(s.cell(row, "id"));
                let (found, first) = target.row("journey", &journey);
                assert_eq!(found + 2, target_row, "{name}: {cell} → {location}");
                assert_eq!(
                    text(target.cell(first, "id")),
                    cell.split(", ").next().unwrap()
                );
            } else {
                assert!(!cell.contains(", "), "{name}: {cell} names one id");
                let (found, _) = target.row("id", &cell);
                assert_eq!(found + 2, target_row, "{name}: {cell} → {location}");
            }
            checked += 1;
        }
    }
    assert!(checked > 500, "{checked} links");
    // A cell naming several ids has no link.
    let roadmap = sheet(&sheets, "roadmap");
    let (row, legacy) = roadmap.row("id", "ini-legacy-decommission");
    assert!(text(roadmap.cell(legacy, "depends_on")).contains(", "));
    let on_roadmap = links(&mut book, "roadmap");
    let at = (
        u32::try_from(row + 1).unwrap(),
        u32::try_from(roadmap.column("depends_on")).unwrap(),
    );
    assert!(!on_roadmap.contains_key(&at));
}

/// Every file under `dir`, by name.
fn files(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    std::fs::read_dir(dir)
        .unwrap()
        .map(|e| {
            let e = e.unwrap();
            (
                e.file_name().to_string_lossy().into_owned(),
                std::fs::read(e.path()).unwrap(),
            )
        })
        .collect()
}

#[test]
fn the_same_model_gives_the_same_bytes() {
    let dir = tempfile::tempdir().unwrap();
    let project = northwind();
    let path = project.to_str().unwrap();
    let (a, b) = (dir.path().join("a.xlsx"), dir.path().join("b.xlsx"));
    export(&[path, "-o", a.to_str().unwrap()]);
    export(&[path, "-o", b.to_str().unwrap()]);
    assert_eq!(std::fs::read(&a).unwrap(), std::fs::read(&b).unwrap());
    // Written again over itself, with no temporary file left behind.
    export(&[path, "-o", a.to_str().unwrap()]);
    assert_eq!(std::fs::read(&a).unwrap(), std::fs::read(&b).unwrap());
    assert_eq!(files(dir.path()).len(), 2);

    let (c, d) = (dir.path().join("c"), dir.path().join("d"));
    export(&[path, "--format", "csv", "-o", c.to_str().unwrap()]);
    export(&[path, "--format", "csv", "-o", d.to_str().unwrap()]);
    let (c, d) = (files(&c), files(&d));
    assert_eq!(c, d);
    assert_eq!(c.len(), 22);
}

#[test]
fn csv_files_hold_the_rows_of_the_workbook() {
    let dir = tempfile::tempdir().unwrap();
    let project = northwind();
    let path = project.to_str().unwrap();
    let file = dir.path().join("tom.xlsx");
    let csv_dir = dir.path().join("sheets");
    export(&[path, "--plateau", "wave-1", "-o", file.to_str().unwrap()]);
    export(&[
        path,
        "--plateau",
        "wave-1",
        "--format",
        "csv",
        "-o",
        csv_dir.to_str().unwrap(),
    ]);
    let sheets = read(&file);
    let written = files(&csv_dir);
    assert_eq!(written.len(), sheets.len());
    for (name, s) in &sheets {
        let stem = name.replace('→', "_to_").replace(' ', "_");
        let bytes = written
            .get(&format!("{stem}.csv"))
            .unwrap_or_else(|| panic!("no CSV file for `{name}`: {:?}", written.keys()));
        let mut reader = csv::ReaderBuilder::new()
            .has_headers(false)
            .from_reader(bytes.as_slice());
        let records: Vec<Vec<String>> = reader
            .records()
            .map(|r| r.unwrap().iter().map(str::to_owned).collect())
            .collect();
        // A text a spreadsheet would take for a formula starts with `'` in a CSV file.
        let guarded = |t: String| {
            if t.starts_with(['=', '+', '-', '@', '\t', '\r']) {
                format!("'{t}")
            } else {
                t
            }
        };
        let mut expected = vec![s.header.clone()];
        expected.extend(s.rows.iter().map(|r| {
            r.iter()
                .map(|c| match c {
                    Data::String(t) => guarded(t.clone()),
                    other => text(other),
                })
                .collect()
        }));
        assert_eq!(records, expected, "{name}");
    }
    let csv_text = String::from_utf8(written["kpi_actuals.csv"].clone()).unwrap();
    assert!(csv_text.starts_with("kpi,date,value,note\n"));
}

#[test]
fn an_unknown_plateau_is_an_error_naming_the_plateaus() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("tom.xlsx");
    let out = tomc(&[
        "export",
        "sheet",
        northwind().to_str().unwrap(),
        "--plateau",
        "nowhere",
        "-o",
        file.to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("plateau `nowhere` does not exist"),
        "{stderr}"
    );
    assert!(stderr.contains("current, wave-1, target"), "{stderr}");
    assert!(!file.exists());
}

#[test]
fn a_model_with_structural_errors_is_refused() {
    let dir = project(&[(
        "model/a.yaml",
        "capabilities:\n  - id: cap-a\n    name: A\n    parent: cap-missing\n",
    )]);
    let out_dir = tempfile::tempdir().unwrap();
    let file = out_dir.path().join("tom.xlsx");
    let csv_dir = out_dir.path().join("csv");
    for (format, out) in [("xlsx", &file), ("csv", &csv_dir)] {
        let out = tomc(&[
            "export",
            "sheet",
            dir.path().to_str().unwrap(),
            "--format",
            format,
            "-o",
            out.to_str().unwrap(),
        ]);
        assert_eq!(out.status.code(), Some(1));
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(stderr.contains("cap-missing"), "{stderr}");
        assert!(stderr.contains("no "), "{stderr}");
        assert!(stderr.contains("written"), "{stderr}");
    }
    assert!(!file.exists());
    assert!(!csv_dir.exists());
}

#[test]
fn long_plateau_ids_make_valid_unique_sheet_and_file_names() {
    let long = "a-very-long-plateau-name-for-the";
    let tom = format!(
        "tom: 1\nname: Long\nplateaus:\n  - {{ id: {long}-first, name: One }}\n  - {{ id: {long}-second, name: Two }}\n  - {{ id: {long}-third, name: Three }}\n"
    );
    let dir = tempfile::tempdir().unwrap();
    crate::support::write(dir.path(), "tom.yaml", tom);
    crate::support::write(
        dir.path(),
        "model/a.yaml",
        format!(
            "capabilities:\n  - id: cap-a\n    name: \"Control \\e[31m and tab\\t\"\n    from: {long}-second\n"
        ),
    );
    let out = tempfile::tempdir().unwrap();
    let file = out.path().join("long.xlsx");
    export(&[dir.path().to_str().unwrap(), "-o", file.to_str().unwrap()]);
    let sheets = read(&file);
    let gaps: Vec<&str> = sheets
        .iter()
        .map(|(n, _)| n.as_str())
        .filter(|n| n.starts_with("gaps "))
        .collect();
    assert_eq!(gaps.len(), 2);
    assert_ne!(gaps[0].to_lowercase(), gaps[1].to_lowercase());
    for name in &gaps {
        assert!(name.encode_utf16().count() <= 31, "{name}");
    }
    // The model's text reaches the cell as written.
    let caps = sheet(&sheets, "capabilities");
    assert_eq!(
        text(caps.cell(&caps.rows[0], "name")),
        "Control \u{1b}[31m and tab\t"
    );
    let csv_dir = out.path().join("csv");
    export(&[
        dir.path().to_str().unwrap(),
        "--format",
        "csv",
        "-o",
        csv_dir.to_str().unwrap(),
    ]);
    let written = files(&csv_dir);
    assert_eq!(written.len(), sheets.len());
    assert!(written.keys().all(|n| {
        n.chars()
            .all(|c| c.is_ascii_alphanumeric() || "-_.".contains(c))
    }));
}
