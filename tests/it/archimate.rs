//! ArchiMate exchange files: export validates against the 3.1 schema, import takes the
//! real Archisurance model, and a model exported then imported is the same model.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::process::Command;

use crate::support::{check_json, diagnostics, fixture, manifest_at, project, root, tomc};

/// Validates an exchange file with xmllint against the fixture schema; panics with
/// xmllint's words when it does not validate. `.ci/run` installs xmllint.
fn validate(file: &Path) {
    let schema = fixture("archimate/exchange.xsd");
    let out = Command::new("xmllint")
        .args(["--noout", "--schema"])
        .arg(&schema)
        .arg(file)
        .output()
        .unwrap_or_else(|e| {
            panic!("xmllint is needed for this test (Debian package libxml2-utils): {e}")
        });
    assert!(
        out.status.success(),
        "{} does not validate:\n{}",
        file.display(),
        String::from_utf8_lossy(&out.stderr)
    );
}

/// Panics unless every relationship of the exchange file `xml` is one the ArchiMate
/// relationship table allows between the types of its two ends.
fn assert_relationships_allowed(xml: &str) {
    let attribute = |tag: &str, name: &str| -> String {
        let key = format!(" {name}=\"");
        let start = tag
            .find(&key)
            .unwrap_or_else(|| panic!("no `{name}` in {tag}"))
            + key.len();
        let end = tag[start..].find('"').unwrap() + start;
        tag[start..end].to_owned()
    };
    let tags = |prefix: &'static str| {
        xml.lines()
            .map(str::trim_start)
            .filter(move |l| l.starts_with(prefix))
    };
    let types: HashMap<String, String> = tags("<element ")
        .map(|tag| (attribute(tag, "identifier"), attribute(tag, "xsi:type")))
        .collect();
    let mut relationships = 0;
    for tag in tags("<relationship ") {
        let relationship = attribute(tag, "xsi:type");
        let source = &types[&attribute(tag, "source")];
        let target = &types[&attribute(tag, "target")];
        assert!(
            tomc::archimate::mapping::allowed(source, &relationship, target),
            "the ArchiMate table has no {source} {relationship} {target}: {tag}"
        );
        relationships += 1;
    }
    assert!(relationships > 0, "no relationships in the export");
}

fn export(project: &Path, out: &Path) -> String {
    let run = tomc(&[
        "export",
        "archimate",
        project.to_str().unwrap(),
        "-o",
        out.to_str().unwrap(),
    ]);
    assert_eq!(
        run.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    std::fs::read_to_string(out).unwrap()
}

/// `tomc import archimate FILE -o DIR`: exit code and the report on stderr.
fn import(file: &Path, dir: &Path) -> (Option<i32>, String) {
    let run = tomc(&[
        "import",
        "archimate",
        file.to_str().unwrap(),
        "-o",
        dir.to_str().unwrap(),
    ]);
    (
        run.status.code(),
        String::from_utf8_lossy(&run.stderr).into_owned(),
    )
}

fn northwind() -> PathBuf {
    root().join("examples/northwind-bank")
}

/// The number of a report line `label … N`.
fn count(report: &str, label: &str) -> usize {
    report
        .lines()
        .find(|l| l.trim_start().starts_with(label))
        .and_then(|l| l.split_whitespace().last())
        .and_then(|n| n.parse().ok())
        .unwrap_or_else(|| panic!("no `{label}` in the report:\n{report}"))
}

#[test]
fn northwind_exports_to_a_file_that_validates_and_says_what_the_model_says() {
    let dir = tempfile::tempdir().unwrap();
    let xml = export(&northwind(), &dir.path().join("nw.xml"));
    validate(&dir.path().join("nw.xml"));
    assert_relationships_allowed(&xml);
    // Byte-stable.
    assert_eq!(xml, export(&northwind(), &dir.path().join("again.xml")));

    // Kinds as element types, links as the relationships the table allows.
    for (needle, what) in [
        (
            r#"identifier="id-cap-digital-onboarding" xsi:type="Capability""#,
            "capability",
        ),
        (r#"xsi:type="Goal""#, "objective"),
        (r#"xsi:type="WorkPackage""#, "initiative"),
        (
            r#"identifier="plateau-target" xsi:type="Plateau""#,
            "plateau",
        ),
        (r#"identifier="gap-wave-1-target" xsi:type="Gap""#, "gap"),
        (
            r#"source="plateau-current" target="plateau-wave-1" xsi:type="Triggering""#,
            "plateau order",
        ),
        (r#"identifier="view-capability-map""#, "capability map"),
        (r#"identifier="view-plateau-wave-1""#, "plateau view"),
    ] {
        assert!(xml.contains(needle), "no {what}: {needle}");
    }
    let model = root().join("examples/northwind-bank/model");
    let capabilities = std::fs::read_to_string(model.join("capabilities.yaml")).unwrap();
    assert!(capabilities.contains("realizes"));
    assert!(
        xml.contains(r#"xsi:type="Realization""#) && xml.contains("rel-realization-id-cap-"),
        "capabilities realize goals"
    );
    assert!(
        xml.contains("rel-assignment-id-role-"),
        "roles are assigned to processes"
    );
    assert!(
        xml.contains("rel-serving-id-sys-"),
        "systems serve processes"
    );
    let elements = xml.matches("<element ").count();
    // 239 elements, 3 plateaus, 2 gaps.
    assert_eq!(elements, 239 + 3 + 2);
}

#[test]
fn an_exported_model_imports_back_to_the_same_model() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("nw.xml");
    export(&northwind(), &file);
    let back = dir.path().join("back");
    let (code, report) = import(&file, &back);
    assert_eq!(code, Some(0), "{report}");
    // The gaps are skipped: tomc works them out from the plateaus.
    assert!(
        report.contains("239 elements imported, 2 skipped"),
        "{report}"
    );
    assert_eq!(
        count(&report, "Gap: tomc works out gaps from the plateaus"),
        2
    );
    // The same canonical model at every plateau.
    for plateau in ["current", "wave-1", "target"] {
        assert!(
            manifest_at(&northwind(), plateau) == manifest_at(&back, plateau),
            "the manifests at `{plateau}` differ"
        );
    }
}

#[test]
fn a_generated_model_survives_the_round_trip_too() {
    // Lists with commas ("Decisions in minutes, not weeks"), staged values, elements
    // added and retired, waivers.
    let dir = tempfile::tempdir().unwrap();
    let model = dir.path().join("model");
    tomc_gen::generate(&tomc_gen::Spec {
        elements: 800,
        seed: 1,
    })
    .write(&model)
    .unwrap();
    let file = dir.path().join("model.xml");
    let xml = export(&model, &file);
    validate(&file);
    assert_relationships_allowed(&xml);
    let back = dir.path().join("back");
    let (code, report) = import(&file, &back);
    assert_eq!(code, Some(0), "{report}");
    for plateau in ["current", "wave-1", "target"] {
        let (a, b) = (manifest_at(&model, plateau), manifest_at(&back, plateau));
        assert!(!a.is_empty());
        if a != b {
            let first = a.lines().zip(b.lines()).position(|(x, y)| x != y);
            panic!("the manifests at `{plateau}` differ from line {first:?}");
        }
    }
}

/// Journeys whose stages cite insights and mark moments that matter: one with stages per
/// plateau, one with the same stages throughout.
const STAGED_JOURNEYS: &str = "\
personas:
  - { id: buyer, name: First-time buyer, type: b2c }
touchpoints:
  - { id: branch, name: Branch adviser, channel: branch, phase: before, until: wave-1 }
  - { id: portal, name: Mortgage portal, channel: web, phase: during }
insights:
  - { id: ins-paper, name: Paper forms lose days, voice: customer, about: [branch], personas: [buyer] }
  - { id: ins-portal, name: Portal pilot liked, voice: customer, from: wave-1 }
journeys:
  - id: borrow
    name: Get a mortgage offer
    persona: buyer
    stages:
      current:
        - { id: apply, name: Apply at a branch, touchpoints: [branch], emotion: negative, insights: [ins-paper], moment_that_matters: true }
        - { id: offer, name: Wait for the offer, emotion: neutral }
      target:
        - { id: apply, name: Apply online, touchpoints: [portal], emotion: positive, insights: [ins-portal, ins-paper] }
        - { id: offer, name: Wait for the offer, emotion: neutral, moment_that_matters: true }
  - id: repay
    name: Make a repayment
    persona: buyer
    stages:
      - { id: repay, name: Repay, touchpoints: [portal], insights: [ins-paper], moment_that_matters: true, pain_points: [\"Fees, then more fees\"] }
";

#[test]
fn stages_per_plateau_with_insights_and_moments_survive_the_round_trip() {
    let dir = project(&[("model/m.yaml", STAGED_JOURNEYS)]);
    let file = dir.path().join("model.xml");
    let xml = export(dir.path(), &file);
    validate(&file);
    assert_relationships_allowed(&xml);
    // The stages per plateau, as an object from plateau id to list.
    assert!(
        xml.contains("<value>{&quot;current&quot;:[{&quot;id&quot;:&quot;apply&quot;"),
        "{xml}"
    );
    // Stage insights are evidence of the journey, at the plateaus where a stage cites
    // them: never a Serving from the Assessment.
    for (needle, what) in [
        (
            r#"identifier="rel-association-evidence-id-borrow-id-ins-paper" source="id-borrow" target="id-ins-paper" xsi:type="Association">
      <name>evidence</name>
    </relationship>"#,
            "evidence at every plateau",
        ),
        (
            r#"identifier="rel-association-evidence-id-borrow-id-ins-portal" source="id-borrow" target="id-ins-portal" xsi:type="Association""#,
            "evidence in the target stages",
        ),
        (
            r#"identifier="rel-association-evidence-id-repay-id-ins-paper""#,
            "evidence of fixed stages",
        ),
        (
            r#"identifier="rel-serving-id-portal-id-borrow""#,
            "stage touchpoints serve",
        ),
    ] {
        assert!(xml.contains(needle), "no {what}: {needle}");
    }
    let evidence_portal = &xml[xml
        .find("rel-association-evidence-id-borrow-id-ins-portal")
        .unwrap()..];
    let evidence_portal = &evidence_portal[..evidence_portal.find("</relationship>").unwrap()];
    assert!(
        evidence_portal.contains("<value>target</value>"),
        "{evidence_portal}"
    );
    assert!(!xml.contains(r#"source="id-ins-paper" target="id-borrow""#));
    assert!(!xml.contains(r#"source="id-ins-portal" target="id-borrow""#));

    let back = dir.path().join("back");
    let (code, report) = import(&file, &back);
    assert_eq!(code, Some(0), "{report}");
    assert_eq!(count(&report, "Association → journeys.stages"), 3);
    assert_eq!(count(&report, "Serving → journeys.stages"), 3);
    assert!(!report.contains("Association BusinessProcess"), "{report}");
    let journeys = std::fs::read_to_string(back.join("model/journeys.yaml")).unwrap();
    assert!(
        journeys.contains("\n  stages:\n    current:\n"),
        "{journeys}"
    );
    for plateau in ["current", "wave-1", "target"] {
        assert!(
            manifest_at(dir.path(), plateau) == manifest_at(&back, plateau),
            "the manifests at `{plateau}` differ"
        );
    }
}

#[test]
fn a_stages_property_that_does_not_read_is_kept_with_a_note() {
    let dir = project(&[("model/m.yaml", STAGED_JOURNEYS)]);
    let file = dir.path().join("model.xml");
    let xml = export(dir.path(), &file);
    // A plateau the file does not have; a stage without an id.
    let broken = [
        ("{&quot;current&quot;:[", "{&quot;nowhere&quot;:["),
        ("[{&quot;id&quot;:&quot;repay&quot;,", "[{"),
    ]
    .into_iter()
    .fold(xml, |xml, (from, to)| {
        assert!(xml.contains(from), "no `{from}` in the export");
        xml.replacen(from, to, 1)
    });
    std::fs::write(&file, broken).unwrap();
    let back = dir.path().join("back");
    let (code, report) = import(&file, &back);
    assert_eq!(code, Some(0), "{report}");
    for id in ["borrow", "repay"] {
        let note = format!("`{id}`: property `stages` = ");
        assert!(report.contains(&note), "no note on `{id}`:\n{report}");
    }
    assert_eq!(
        count(
            &report,
            "Serving BusinessInterface → BusinessProcess: the journey has no stages"
        ),
        3
    );
    let journeys = std::fs::read_to_string(back.join("model/journeys.yaml")).unwrap();
    assert!(!journeys.contains("\n  stages:"), "{journeys}");
    assert!(!manifest_at(&back, "target").is_empty());
}

#[test]
fn archisurance_imports_checks_and_exports_back_to_a_file_that_validates() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("archisurance");
    let (code, report) = import(&fixture("archimate/archisurance.xml"), &out);
    assert_eq!(code, Some(0), "{report}");
    // Every element of the file is either imported or counted as skipped, by type.
    assert!(
        report.contains("Archisurance: 66 elements imported, 56 skipped"),
        "{report}"
    );
    assert_eq!(count(&report, "BusinessActor → org_units"), 17);
    assert_eq!(count(&report, "ApplicationComponent → systems"), 10);
    assert_eq!(count(&report, "BusinessProcess → processes"), 9);
    assert_eq!(count(&report, "BusinessService: no tomc kind"), 6);
    assert_eq!(count(&report, "Principle: no tomc kind"), 9);
    assert_eq!(count(&report, "Assignment → processes.roles"), 2);
    assert_eq!(count(&report, "Access → processes.information"), 8);
    assert!(report.contains("Relationships skipped"), "{report}");

    let (_, check) = check_json(&out, &[]);
    let structural: Vec<_> = diagnostics(&check)
        .iter()
        .filter(|d| {
            tomc::rules::registry::lookup(d["rule"].as_str().unwrap()).is_some_and(|r| r.structural)
        })
        .collect();
    assert!(structural.is_empty(), "{structural:#?}");
    assert!(
        check["coverage"].is_object(),
        "the alignment rules ran: {check}"
    );

    // Readable slugs of the names, made unique.
    let touchpoints = std::fs::read_to_string(out.join("model/touchpoints.yaml")).unwrap();
    assert!(touchpoints.contains("id: tp-phone\n") && touchpoints.contains("id: tp-phone-2\n"));
    let roles = std::fs::read_to_string(out.join("model/roles.yaml")).unwrap();
    assert!(roles.contains("id: role-customer-s-bank"), "{roles}");
    // Properties and documentation carried over.
    assert!(roles.contains("Property: Hello"), "{roles}");

    let xml = dir.path().join("again.xml");
    export(&out, &xml);
    validate(&xml);
}

#[test]
fn the_minimal_exchange_file_imports_its_assignment() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("sample");
    let (code, report) = import(&fixture("archimate/sample1.xml"), &out);
    assert_eq!(code, Some(0), "{report}");
    let processes = std::fs::read_to_string(out.join("model/processes.yaml")).unwrap();
    assert!(processes.contains("id: proc-sell-product"), "{processes}");
    assert!(
        processes.contains("roles:\n  - role-sales-person"),
        "{processes}"
    );
    assert!(processes.contains("description: A description of the sell product process"));
}

#[test]
fn bad_exchange_files_get_an_error_with_a_place_and_write_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let cases: [(&str, &str, &str); 4] = [
        (
            "broken.xml",
            "<model xmlns=\"http://www.opengroup.org/xsd/archimate/3.0/\">\n  <elements>\n</model>\n",
            "broken.xml:3:1: not well-formed XML",
        ),
        (
            "other.xml",
            "<?xml version=\"1.0\"?>\n<catalog/>\n",
            "other.xml:2:1: the root element is `catalog`",
        ),
        (
            "dtd.xml",
            "<?xml version=\"1.0\"?>\n<!DOCTYPE lolz [<!ENTITY lol \"lol\">]>\n<model/>\n",
            "dtd.xml:2:1: the file declares a DTD",
        ),
        (
            "untyped.xml",
            "<model xmlns=\"http://www.opengroup.org/xsd/archimate/3.0/\" identifier=\"m\">\n  <elements>\n    <element identifier=\"e1\"><name>X</name></element>\n  </elements>\n</model>\n",
            "untyped.xml:3:5: element `e1` has no `xsi:type`",
        ),
    ];
    // Run in the directory, so that the messages name short paths.
    let import_here = |name: &str, out: &str| {
        let run = Command::new(env!("CARGO_BIN_EXE_tomc"))
            .args(["import", "archimate", name, "-o", out])
            .current_dir(dir.path())
            .env("NO_COLOR", "1")
            .env("COLUMNS", "200")
            .output()
            .unwrap();
        (
            run.status.code(),
            String::from_utf8_lossy(&run.stderr).into_owned(),
        )
    };
    for (name, text, expected) in cases {
        std::fs::write(dir.path().join(name), text).unwrap();
        let out = dir.path().join(format!("{name}-project"));
        let (code, stderr) = import_here(name, &format!("{name}-project"));
        assert_eq!(code, Some(2), "{name}: {stderr}");
        assert!(
            stderr.contains(expected),
            "{name}: expected `{expected}` in:\n{stderr}"
        );
        assert!(!out.exists(), "{name}: a project was written");
    }
    // Not UTF-8: the place of the first bad byte.
    std::fs::write(
        dir.path().join("latin1.xml"),
        b"<model>\n  <name>Caf\xe9</name>\n</model>\n",
    )
    .unwrap();
    let (code, stderr) = import_here("latin1.xml", "latin1");
    assert_eq!(code, Some(2));
    assert!(
        stderr.contains("latin1.xml:2:12: the file is not valid UTF-8"),
        "{stderr}"
    );
    // Columns count characters, not bytes.
    std::fs::write(
        dir.path().join("mixed.xml"),
        "<model>\n  <name>Zürich \u{fffd}</name>\n</model>\n"
            .replace('\u{fffd}', "\u{1}")
            .into_bytes()
            .into_iter()
            .map(|b| if b == 1 { 0xff } else { b })
            .collect::<Vec<u8>>(),
    )
    .unwrap();
    let (code, stderr) = import_here("mixed.xml", "mixed");
    assert_eq!(code, Some(2));
    assert!(
        stderr.contains("mixed.xml:2:16: the file is not valid UTF-8"),
        "{stderr}"
    );
    // Over the size limit: refused before it is read.
    let huge = dir.path().join("huge.xml");
    std::fs::File::create(&huge)
        .unwrap()
        .set_len(300 * 1024 * 1024)
        .unwrap();
    let (code, stderr) = import_here("huge.xml", "huge");
    assert_eq!(code, Some(2));
    assert!(
        stderr.contains("huge.xml:1:1: the file is larger than tomc reads (256 MiB)"),
        "{stderr}"
    );
    // An output path that is a file.
    std::fs::write(dir.path().join("taken.txt"), "mine").unwrap();
    let sample = fixture("archimate/sample1.xml");
    let (code, stderr) = import_here(sample.to_str().unwrap(), "taken.txt");
    assert_eq!(code, Some(2));
    assert!(stderr.contains("`taken.txt` is a file"), "{stderr}");
    assert_eq!(
        std::fs::read_to_string(dir.path().join("taken.txt")).unwrap(),
        "mine"
    );
    // A missing file.
    let (code, _) = import(&dir.path().join("missing.xml"), &dir.path().join("m"));
    assert_eq!(code, Some(2));
}

#[test]
fn import_never_writes_over_a_directory_with_files() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("taken");
    std::fs::create_dir(&out).unwrap();
    std::fs::write(out.join("notes.txt"), "mine").unwrap();
    let (code, stderr) = import(&fixture("archimate/sample1.xml"), &out);
    assert_eq!(code, Some(2));
    assert!(stderr.contains("is not empty"), "{stderr}");
    assert_eq!(
        std::fs::read_to_string(out.join("notes.txt")).unwrap(),
        "mine"
    );
    assert!(!out.join("tom.yaml").exists());
    // An empty directory is fine.
    let empty = dir.path().join("empty");
    std::fs::create_dir(&empty).unwrap();
    let (code, stderr) = import(&fixture("archimate/sample1.xml"), &empty);
    assert_eq!(code, Some(0), "{stderr}");
    assert!(empty.join("tom.yaml").is_file());
}

#[test]
fn export_refuses_a_model_with_structural_errors_and_keeps_hostile_text_valid() {
    let broken = project(&[(
        "model/a.yaml",
        "capabilities:\n  - id: cap-a\n    name: A\n    parent: cap-missing\n",
    )]);
    let out = broken.path().join("out.xml");
    let run = tomc(&[
        "export",
        "archimate",
        broken.path().to_str().unwrap(),
        "-o",
        out.to_str().unwrap(),
    ]);
    assert_eq!(run.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&run.stderr).contains("no exchange file written"));
    assert!(!out.exists());

    // Control characters, markup and quotes in names and descriptions.
    let hostile = project(&[(
        "model/a.yaml",
        "capabilities:\n  - id: cap-a\n    name: \"<b>A & \\\"B\\\"</b>\"\n    description: \"bell \\a and nul-free \\x01 text ]]> <!-- -->\"\n    properties: { note: \"\\u0002 odd\" }\n",
    )]);
    let out = hostile.path().join("out.xml");
    let xml = export(hostile.path(), &out);
    validate(&out);
    assert!(
        xml.contains("&lt;b&gt;A &amp; \"B\"&lt;/b&gt;")
            || xml.contains("&lt;b&gt;A &amp; &quot;B&quot;&lt;/b&gt;"),
        "{xml}"
    );
    assert!(!xml.contains('\u{1}') && !xml.contains('\u{7}'));
}

#[test]
fn export_to_a_file_writes_the_bytes_that_stdout_prints() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("nw.xml");
    // Over an older file: the rename replaces it whole.
    std::fs::write(&out, "an older export").unwrap();
    let written = export(&northwind(), &out);
    let printed = tomc(&["export", "archimate", northwind().to_str().unwrap()]);
    assert_eq!(
        printed.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&printed.stderr)
    );
    assert!(printed.stdout.len() > 100_000, "a short export");
    assert!(
        printed.stdout == written.as_bytes(),
        "stdout and the file differ"
    );
    // Nothing but the file: the temporary file it was streamed into is renamed.
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
}

#[test]
fn an_export_that_cannot_be_written_exits_2_and_leaves_no_temporary_file() {
    let dir = tempfile::tempdir().unwrap();
    let run = |out: &Path| {
        let run = tomc(&[
            "export",
            "archimate",
            northwind().to_str().unwrap(),
            "-o",
            out.to_str().unwrap(),
        ]);
        (
            run.status.code(),
            String::from_utf8_lossy(&run.stderr).into_owned(),
        )
    };
    let names = || -> Vec<String> {
        let mut names: Vec<String> = std::fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        names
    };

    // A parent that is a regular file: no directory to write in.
    let plain = dir.path().join("plain");
    std::fs::write(&plain, "mine").unwrap();
    let target = plain.join("out.xml");
    let (code, stderr) = run(&target);
    assert_eq!(code, Some(2), "{stderr}");
    assert!(
        stderr.starts_with(&format!("error: cannot write `{}`: ", target.display())),
        "{stderr}"
    );
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert_eq!(std::fs::read_to_string(&plain).unwrap(), "mine");

    // A directory where the file should go: the whole file is streamed into the
    // temporary file, then the rename fails, and the temporary file goes too.
    let taken = dir.path().join("taken.xml");
    std::fs::create_dir(&taken).unwrap();
    std::fs::write(taken.join("inside"), "kept").unwrap();
    let (code, stderr) = run(&taken);
    assert_eq!(code, Some(2), "{stderr}");
    assert!(
        stderr.starts_with(&format!("error: cannot write `{}`: ", taken.display())),
        "{stderr}"
    );
    assert_eq!(names(), ["plain", "taken.xml"]);
    assert_eq!(
        std::fs::read_to_string(taken.join("inside")).unwrap(),
        "kept"
    );
}

#[test]
fn an_export_refused_for_structural_errors_leaves_the_previous_file_alone() {
    let broken = project(&[(
        "model/a.yaml",
        "capabilities:\n  - id: cap-a\n    name: A\n    parent: cap-missing\n",
    )]);
    let out = broken.path().join("out.xml");
    std::fs::write(&out, "the previous export").unwrap();
    let run = tomc(&[
        "export",
        "archimate",
        broken.path().to_str().unwrap(),
        "-o",
        out.to_str().unwrap(),
    ]);
    assert_eq!(run.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&run.stderr).contains("no exchange file written"));
    assert_eq!(
        std::fs::read_to_string(&out).unwrap(),
        "the previous export"
    );
    assert!(run.stdout.is_empty());
}

/// A write that fails halfway through the file (past a small file size limit) fails the
/// export with the path, and leaves neither a half-written temporary file nor a changed
/// target.
#[cfg(unix)]
#[test]
fn an_export_that_fails_halfway_keeps_the_previous_file_and_no_temporary_one() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("nw.xml");
    std::fs::write(&out, "the previous export").unwrap();
    // A file size limit (with its signal ignored) makes a write fail with EFBIG.
    let run = Command::new("sh")
        .args(["-c", "trap '' XFSZ; ulimit -f 64; exec \"$0\" \"$@\""])
        .arg(env!("CARGO_BIN_EXE_tomc"))
        .args([
            "export",
            "archimate",
            northwind().to_str().unwrap(),
            "-o",
            out.to_str().unwrap(),
        ])
        .env("NO_COLOR", "1")
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert_eq!(run.status.code(), Some(2), "{stderr}");
    assert!(
        stderr.starts_with(&format!("error: cannot write `{}`: ", out.display())),
        "{stderr}"
    );
    assert_eq!(
        std::fs::read_to_string(&out).unwrap(),
        "the previous export"
    );
    assert_eq!(
        std::fs::read_dir(dir.path()).unwrap().count(),
        1,
        "no temporary file is left"
    );
}
