//! The YAML front end and the text renderers: long lines, anchors, tags, positions that
//! agree between formats, tomc's own messages, and no control character reaching the
//! terminal.

use std::path::Path;

use serde_json::Value;

use crate::support::{TOM, check_json, diagnostics, root, tomc, write};

/// The minimal example's project file.
fn minimal() -> String {
    std::fs::read_to_string(root().join("examples/minimal/tom.yaml")).unwrap()
}

/// A project of `tom.yaml` alone.
fn single(tom: impl AsRef<[u8]>) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "tom.yaml", tom);
    dir
}

/// A project of the test `tom.yaml` plus `model/m.yaml`.
fn with_model(model: impl AsRef<[u8]>) -> tempfile::TempDir {
    let dir = single(TOM);
    write(dir.path(), "model/m.yaml", model);
    dir
}

fn run(args: &[&str]) -> (i32, String, String) {
    let out = tomc(args);
    (
        out.status.code().expect("exit code"),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

fn path(dir: &Path) -> &str {
    dir.to_str().unwrap()
}

/// `(file, line, column)` of the first finding in the human, JSON, SARIF and GitHub
/// outputs of `check`.
fn positions(dir: &Path) -> Vec<(String, u64, u64)> {
    let mut out = Vec::new();
    let (_, human, _) = run(&["check", path(dir)]);
    let header = human
        .split("─[")
        .nth(1)
        .and_then(|h| h.split(']').next())
        .unwrap_or_else(|| panic!("a snippet header in:\n{human}"));
    let mut parts = header.rsplitn(3, ':');
    let column = parts.next().unwrap().parse().unwrap();
    let line = parts.next().unwrap().parse().unwrap();
    out.push((parts.next().unwrap().to_owned(), line, column));

    let (_, json) = check_json(dir, &[]);
    let d = &diagnostics(&json)[0];
    out.push((
        d["file"].as_str().unwrap().to_owned(),
        d["line"].as_u64().unwrap(),
        d["column"].as_u64().unwrap(),
    ));

    let (_, sarif, _) = run(&["check", path(dir), "--format", "sarif"]);
    let sarif: Value = serde_json::from_str(&sarif).unwrap();
    let loc = &sarif["runs"][0]["results"][0]["locations"][0]["physicalLocation"];
    out.push((
        loc["artifactLocation"]["uri"].as_str().unwrap().to_owned(),
        loc["region"]["startLine"].as_u64().unwrap(),
        loc["region"]["startColumn"].as_u64().unwrap(),
    ));

    let (_, github, _) = run(&["check", path(dir), "--format", "github"]);
    let first = github.lines().next().unwrap();
    let prop = |name: &str| -> String {
        first
            .split([' ', ',', ':'])
            .find_map(|p| p.strip_prefix(&format!("{name}=")))
            .unwrap_or_else(|| panic!("{name}= in {first}"))
            .to_owned()
    };
    out.push((
        prop("file"),
        prop("line").parse().unwrap(),
        prop("col").parse().unwrap(),
    ));
    out
}

/// Asserts that all four outputs place the first finding at `file:line:column`.
fn assert_placed(dir: &Path, file: &str, line: u64, column: u64) {
    let expected = (file.to_owned(), line, column);
    for (format, got) in ["human", "json", "sarif", "github"]
        .iter()
        .zip(positions(dir))
    {
        assert_eq!(got, expected, "{format} output");
    }
}

/// A project written as one line of JSON (valid YAML), with an unknown reference far
/// past column 65,535.
fn minified() -> String {
    format!(
        concat!(
            r#"{{"tom":1,"name":"Minified","description":"{}","#,
            r#""plateaus":[{{"id":"current","name":"Current"}},{{"id":"target","name":"Target"}}],"#,
            r#""include":[],"objectives":[{{"id":"faster-onboarding","name":"Faster"}}],"#,
            r#""capabilities":[{{"id":"onboarding","name":"Onboarding","realizes":["faster-onbording"]}}]}}"#
        ),
        "x".repeat(70_000)
    )
}

#[test]
fn a_finding_past_column_65535_is_shown_in_a_window_in_every_command() {
    let json = minified();
    assert!(!json.contains('\n'));
    let dir = single(&json);
    let column = json.find("\"faster-onbording\"").unwrap() as u64 + 1;
    for args in [
        vec!["check", path(dir.path())],
        vec!["manifest", path(dir.path())],
        vec!["gaps", path(dir.path())],
    ] {
        let (code, stdout, stderr) = run(&args);
        let text = format!("{stdout}{stderr}");
        assert_eq!(code, 1, "{args:?}: {text}");
        assert!(
            text.contains(&format!("[tom.yaml:1:{column}]")),
            "{args:?}: {text}"
        );
        assert!(text.contains("…"), "{args:?}: {text}");
        assert!(
            text.len() < 4_000,
            "{args:?}: the long line is echoed whole"
        );
    }
    let site = dir.path().join("site");
    let (code, _, stderr) = run(&["build", path(dir.path()), "-o", site.to_str().unwrap()]);
    assert_eq!(code, 1, "{stderr}");
    assert!(
        stderr.contains(&format!("[tom.yaml:1:{column}]")),
        "{stderr}"
    );
    assert_placed(dir.path(), "tom.yaml", 1, column);
}

#[test]
fn a_line_of_megabytes_is_not_echoed() {
    let json = minified().replace(&"x".repeat(70_000), &"x".repeat(3_000_000));
    let dir = single(&json);
    let (code, _, stderr) = run(&["manifest", path(dir.path())]);
    assert_eq!(code, 1);
    assert!(stderr.len() < 4_000, "{} bytes", stderr.len());
}

#[test]
fn ten_thousand_elements_may_share_one_anchor() {
    let mut model = String::from(
        "capabilities:\n  - id: cap-0\n    name: Cap 0\n    maturity: &m { current: 1, target: 2 }\n",
    );
    for i in 1..10_000 {
        model.push_str(&format!(
            "  - id: cap-{i}\n    name: Cap {i}\n    maturity: *m\n"
        ));
    }
    let dir = with_model(&model);
    let (_, report) = check_json(dir.path(), &[]);
    let syntax: Vec<_> = diagnostics(&report)
        .iter()
        .filter(|d| d["rule"] == "yaml-syntax" || d["rule"] == "schema")
        .collect();
    assert!(syntax.is_empty(), "{syntax:#?}");

    // Merge keys too: 200 elements merging one mapping.
    let mut model =
        String::from("capabilities:\n  - &base\n    id: cap-0\n    name: Cap\n    owner: nobody\n");
    for i in 1..200 {
        model.push_str(&format!("  - <<: *base\n    id: cap-{i}\n"));
    }
    assert_parsed(&model);
}

#[test]
fn an_alias_bomb_is_refused_in_tomcs_words_at_an_alias() {
    let mut model = String::from(
        "a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n",
    );
    for (prev, name) in "abcdefgh".chars().zip("bcdefghi".chars()) {
        let refs = vec![format!("*{prev}"); 9].join(",");
        model.push_str(&format!("{name}: &{name} [{refs}]\n"));
    }
    let dir = with_model(&model);
    let (code, report) = check_json(dir.path(), &[]);
    assert_eq!(code, 1);
    let found = diagnostics(&report);
    assert_eq!(found.len(), 1, "{report:#}");
    let d = &found[0];
    assert_eq!(d["rule"], "yaml-syntax");
    let message = d["message"].as_str().unwrap();
    assert!(message.contains("aliases"), "{message}");
    for internal in ["budget", "Breach", "(used", "{", "line "] {
        assert!(!message.contains(internal), "{message}");
    }
    assert!(d["line"].as_u64().unwrap() > 1, "{d:#}");
    assert!(d["help"].as_str().unwrap().contains("alias"));
}

#[test]
fn tags_outside_the_core_schema_are_refused_at_the_tag() {
    for (tag, value) in [
        ("!!python/object:os.system", "x"),
        ("!!binary", "aGVsbG8="),
        ("!custom", "x"),
        ("!<tag:example.org,2000:x>", "x"),
    ] {
        let dir = with_model(format!(
            "capabilities:\n  - id: x\n    name: {tag} {value}\n"
        ));
        let (code, report) = check_json(dir.path(), &[]);
        assert_eq!(code, 1, "{tag}");
        let found = diagnostics(&report);
        assert_eq!(found.len(), 1, "{tag}: {report:#}");
        assert_eq!(found[0]["rule"], "yaml-syntax");
        assert!(
            found[0]["message"].as_str().unwrap().contains("tag"),
            "{report:#}"
        );
        assert_eq!(
            (found[0]["line"].as_u64(), found[0]["column"].as_u64()),
            (Some(3), Some(11)),
            "{tag}"
        );
    }
    let dir = with_model("!root\ncapabilities: []\n");
    let (_, report) = check_json(dir.path(), &[]);
    assert_eq!(diagnostics(&report)[0]["line"], 1, "{report:#}");
    // The core tags only confirm a value's type.
    assert_parsed(
        "capabilities:\n  - id: !!str x\n    name: !!str X\n    maturity: !!map { current: !!int 1, target: !!int 2 }\n",
    );
}

/// Asserts that `model` is read without a YAML error.
fn assert_parsed(model: &str) {
    let dir = with_model(model);
    let (_, report) = check_json(dir.path(), &[]);
    assert!(
        diagnostics(&report)
            .iter()
            .all(|d| d["rule"] != "yaml-syntax"),
        "{report:#}"
    );
}

#[test]
fn positions_agree_between_formats_and_are_the_editors() {
    // A tab indenting line 12.
    let mut lines: Vec<String> = (0..15)
        .map(|i| format!("  - id: cap-{i}\n    name: C"))
        .collect();
    lines.insert(0, "capabilities:".into());
    let mut text = lines.join("\n");
    let at = text.match_indices('\n').nth(10).unwrap().0 + 1;
    text.insert(at, '\t');
    let dir = with_model(&text);
    assert_eq!(text.lines().nth(11).unwrap().chars().next(), Some('\t'));
    assert_placed(dir.path(), "model/m.yaml", 12, 1);

    // An ESC inside a value.
    let dir = with_model("capabilities:\n  - id: x\n    name: \"ab\u{1b}c\"\n");
    assert_placed(dir.path(), "model/m.yaml", 3, 14);

    // Bytes that are not UTF-8, after a line with a multi-byte character.
    let dir =
        with_model(b"capabilities:\n  - id: \xc3\xa9t\xc3\xa9\n    name: ab\xff\n".as_slice());
    assert_placed(dir.path(), "model/m.yaml", 3, 13);

    // A binary file with lone CRs and NULs before its first invalid byte.
    let dir = with_model(b"capabilities:\r  - id: a\0\r    name: \x01\xff\x00\r".as_slice());
    assert_placed(dir.path(), "model/m.yaml", 3, 12);

    // Unknown references with CR-only and CRLF line endings: lines as the editor counts.
    for eol in ["\r", "\r\n"] {
        let model = [
            "capabilities:",
            "  - id: x",
            "    name: X",
            "    realizes: [nowhere]",
            "",
        ]
        .join(eol);
        let dir = with_model(&model);
        assert_placed(dir.path(), "model/m.yaml", 4, 16);
        let (_, human, _) = run(&["check", path(dir.path())]);
        assert!(human.contains(" 4 │     realizes: [nowhere]\n"), "{human}");
        assert!(!human.contains(" 0 │"), "{human}");
    }
}

#[test]
fn messages_are_tomcs_sentences_without_internals() {
    // An empty model file: a snippet, not a renderer's failure.
    let dir = with_model("");
    let (_, human, _) = run(&["check", path(dir.path())]);
    assert!(human.contains("model/m.yaml:1:1"), "{human}");
    assert!(!human.contains("Failed to read"), "{human}");

    // Two documents in one file.
    let dir = with_model("capabilities: []\n---\nprocesses: []\n");
    let (_, report) = check_json(dir.path(), &[]);
    let d = &diagnostics(&report)[0];
    assert_eq!(d["message"], "the file holds more than one YAML document");
    assert_eq!(d["line"], 2);

    // Errors that stop a command: tomc's sentence and help, no internal code.
    let dir = single(minimal());
    let (code, _, stderr) = run(&["gaps", path(dir.path()), "--from", "nowhere"]);
    assert_eq!(code, 2);
    assert!(
        stderr.starts_with("error: plateau `nowhere` does not exist"),
        "{stderr}"
    );
    assert!(stderr.contains("help: "), "{stderr}");
    assert!(!stderr.contains("tomc::"), "{stderr}");
    let file = dir.path().join("tom.yaml");
    let (code, _, stderr) = run(&[
        "build",
        path(dir.path()),
        "-o",
        file.join("site").to_str().unwrap(),
    ]);
    assert_eq!(code, 2);
    assert!(
        stderr.contains("\nerror: cannot write the site"),
        "{stderr}"
    );
    assert!(!stderr.contains("tomc::"), "{stderr}");
}

/// A project whose names and ids carry a terminal title command, a bell and a
/// right-to-left override.
fn hostile() -> String {
    minimal()
        .replace("name: Minimal bank", "name: \"Minimal\\e]0;PWNED\\a bank\"")
        .replace(
            "name: Customer Onboarding",
            "name: \"\\e]0;PWNED\\a Onboarding\"",
        )
        .replace(
            "realizes: [faster-onboarding]\n    maturity: { current: 1",
            "realizes: [\"faster\\u202Eonboarding\"]\n    maturity: { current: 1",
        )
}

fn assert_no_controls(what: &str, text: &str) {
    for c in ['\u{1b}', '\u{7}', '\u{202E}'] {
        assert!(!text.contains(c), "{what} holds {c:?}:\n{text}");
    }
}

#[test]
fn control_and_invisible_characters_never_reach_the_terminal() {
    let dir = single(hostile());
    let (_, stdout, stderr) = run(&["check", path(dir.path())]);
    assert_no_controls("check", &format!("{stdout}{stderr}"));
    assert!(stdout.contains("faster<U+202E>onboarding"), "{stdout}");
    for format in ["json", "sarif", "gitlab"] {
        let (_, text, _) = run(&["check", path(dir.path()), "--format", format]);
        assert_no_controls(format, &text);
        // The escapes read back as the characters written.
        let parsed: Value = serde_json::from_str(&text).unwrap();
        assert!(
            parsed.to_string().contains("faster\u{202E}onboarding"),
            "{format}"
        );
    }
    let (_, github, _) = run(&["check", path(dir.path()), "--format", "github"]);
    assert_no_controls("github", &github);
    assert!(github.contains("faster<U+202E>onboarding"), "{github}");

    // A model that checks: gaps and diff Markdown show the name escaped.
    let clean = minimal()
        .replace("name: Minimal bank", "name: \"Minimal\\e]0;PWNED\\a bank\"")
        .replace("name: Retail Banking", "name: \"\\e]0;PWNED\\a Banking\"")
        .replace("name: Target state", "name: \"Target\\u202E state\"");
    let dir = single(&clean);
    let (_, stdout, _) = run(&["check", path(dir.path())]);
    assert_no_controls("check of a clean model", &stdout);
    assert!(stdout.contains("(Target<U+202E> state)"), "{stdout}");
    let (code, manifest, _) = run(&["manifest", path(dir.path())]);
    assert_eq!(code, 0);
    assert_no_controls("manifest", &manifest);
    assert!(
        manifest.starts_with("# Manifest of Minimal\\u{1b}]0;PWNED\\u{7} bank"),
        "{manifest}"
    );
    let (code, gaps, _) = run(&["gaps", path(dir.path())]);
    assert_eq!(code, 0);
    assert_no_controls("gaps", &gaps);
    assert!(gaps.contains("\\u{1b}\\]0;PWNED\\u{7} Banking"), "{gaps}");

    let both = tempfile::tempdir().unwrap();
    write(both.path(), "old/tom.yaml", minimal());
    write(both.path(), "new/tom.yaml", &clean);
    let (_, diff, stderr) = run(&[
        "diff",
        both.path().join("old").to_str().unwrap(),
        both.path().join("new").to_str().unwrap(),
    ]);
    assert_no_controls("diff", &diff);
    assert!(diff.contains("PWNED"), "{diff}{stderr}");
}

#[test]
fn ids_are_not_split_when_messages_wrap() {
    // The message does not fit in the 100 columns the tests use, and the id cannot
    // fit on the first line: wrapping must not cut it at a hyphen.
    let id = "cap-onboarding-and-know-your-customer-checks-for-new-retail-customers-of-the-bank-x";
    let dir = with_model(format!(
        "touchpoints:\n  - id: tp\n    name: T\n    channel: web\n    capabilities: [{id}]\n"
    ));
    let (_, human, _) = run(&["check", path(dir.path())]);
    let message = human
        .split("  × ")
        .nth(1)
        .and_then(|m| m.split("╭─[").next())
        .unwrap_or_else(|| panic!("a message in:\n{human}"));
    let joined = message.replace("\n  │ ", " ");
    assert!(
        joined.contains(&format!("`{id}`")),
        "the id is split:\n{human}"
    );
}

#[test]
fn markdown_escapes_stay_out_of_plain_text() {
    let dir = single(minimal().replace("name: Retail Banking", "name: Vale Water & Power"));
    let (code, gaps, _) = run(&["gaps", path(dir.path())]);
    assert_eq!(code, 0);
    assert!(gaps.contains("Vale Water & Power"), "{gaps}");
    assert!(!gaps.contains("\\&"), "{gaps}");
}
