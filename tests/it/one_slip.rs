//! One slip in one file gives one error: a file that cannot be read does not turn the
//! references into its elements into errors elsewhere.

use crate::support::{check_json, copy_dir, diagnostics, places, project, root};

/// A slip in a model file: a name, and how it changes the file's text given the key
/// (`    realizes:`) of the line to slip on.
type Slip = (&'static str, fn(&str, &str) -> String);

/// Applies `edit` to the first line of `text` that contains `needle`.
fn on_line(text: &str, needle: &str, edit: impl Fn(&str) -> String) -> String {
    let mut done = false;
    text.split_inclusive('\n')
        .map(|line| {
            if !done && line.contains(needle) {
                done = true;
                edit(line)
            } else {
                line.to_owned()
            }
        })
        .collect()
}

const SLIPS: &[Slip] = &[
    ("over-indented line", |t, key| {
        on_line(t, key, |l| format!("  {l}"))
    }),
    ("a tab in the indentation", |t, key| {
        on_line(t, key, |l| l.replacen("    ", "\t  ", 1))
    }),
    ("a duplicate key", |t, key| {
        on_line(t, key, |l| format!("{l}{l}"))
    }),
    ("a second document", |t, key| {
        on_line(t, key, |l| format!("---\n{l}"))
    }),
];

/// The 1-based line where `slip` puts its error in `text` (the first line it changes).
fn slip_line(before: &str, after: &str) -> u64 {
    let changed = before
        .lines()
        .zip(after.lines())
        .position(|(a, b)| a != b)
        .unwrap_or(0);
    changed as u64 + 1
}

/// Applies each slip to the line of `key` in `model_file` of a copy of Northwind.
fn assert_one_error(model_file: &str, referenced: &str, key: &str) {
    let northwind = root().join("examples/northwind-bank");
    let original = std::fs::read_to_string(northwind.join(model_file)).unwrap();
    assert!(
        original.contains(referenced),
        "{model_file} defines {referenced}"
    );
    for (name, slip) in SLIPS {
        let dir = tempfile::tempdir().unwrap();
        copy_dir(&northwind, dir.path());
        let text = slip(&original, key);
        assert_ne!(text, original, "{name} changes {model_file}");
        std::fs::write(dir.path().join(model_file), &text).unwrap();
        let (code, report) = check_json(dir.path(), &[]);
        let found = places(&report);
        assert_eq!(code, 1, "{name} in {model_file}: {found:?}");
        assert_eq!(
            found.len(),
            1,
            "{name} in {model_file} gives one error: {found:#?}"
        );
        let (rule, file, line, _) = &found[0];
        assert_eq!(rule, "yaml-syntax", "{name} in {model_file}");
        assert_eq!(file, model_file, "{name}");
        assert_eq!(*line, slip_line(&original, &text), "{name} in {model_file}");
    }
}

/// Line endings are no slip: a file saved with CR-only (classic Mac OS) or CRLF line
/// endings reads as the same model, with no finding at all.
#[test]
fn other_line_endings_read_as_the_same_model() {
    let northwind = root().join("examples/northwind-bank");
    let (_, expected) = check_json(&northwind, &[]);
    for (name, ending) in [("CR", "\r"), ("CRLF", "\r\n")] {
        let dir = tempfile::tempdir().unwrap();
        copy_dir(&northwind, dir.path());
        for file in ["model/capabilities.yaml", "model/organisation.yaml"] {
            let text = std::fs::read_to_string(northwind.join(file)).unwrap();
            std::fs::write(dir.path().join(file), text.replace('\n', ending)).unwrap();
        }
        let (code, report) = check_json(dir.path(), &[]);
        assert_eq!(code, 0, "{name}: {report:#}");
        assert_eq!(places(&report), places(&expected), "{name}");
        assert_eq!(report["coverage"], expected["coverage"], "{name}");
    }
}

#[test]
fn one_slip_in_the_capability_map_gives_one_error() {
    assert_one_error(
        "model/capabilities.yaml",
        "id: cap-digital-onboarding",
        "    owner: role-cdo",
    );
}

#[test]
fn one_slip_in_the_organisation_gives_one_error() {
    // Org units and roles own elements in every other file.
    assert_one_error(
        "model/organisation.yaml",
        "id: role-cdo",
        "    owner: role-head-branches",
    );
}

#[test]
fn references_into_an_unreadable_file_are_not_reported_but_other_mistakes_are() {
    let dir = project(&[
        (
            "model/a.yaml",
            "capabilities:\n  - { id: cap-a, name: A }\n  - id: cap-b\n    name: B\n      parent: cap-a\n",
        ),
        (
            "model/b.yaml",
            "touchpoints:\n  - id: tp-1\n    name: One\n    capabilities: [cap-a, cap-b, cap-typo]\n",
        ),
    ]);
    let (_, report) = check_json(dir.path(), &[]);
    let found = places(&report);
    let rules: Vec<&str> = found.iter().map(|(r, ..)| r.as_str()).collect();
    assert_eq!(rules, ["yaml-syntax", "unknown-reference"], "{found:#?}");
    let unknown = &diagnostics(&report)[1];
    assert_eq!(unknown["file"], "model/b.yaml");
    assert!(
        unknown["message"].as_str().unwrap().contains("cap-typo"),
        "{unknown}"
    );
}

#[test]
fn a_file_over_the_size_limit_reports_no_reference_into_it() {
    // Nothing can be recovered from a file that is not read: no reference into the
    // unknown is reported while it is unread.
    let dir = project(&[(
        "model/b.yaml",
        "touchpoints:\n  - id: tp-1\n    name: One\n    capabilities: [cap-a]\n",
    )]);
    // A sparse file: its size is over the limit, and it is refused before it is read.
    let big = std::fs::File::create(dir.path().join("model/a.yaml")).unwrap();
    big.set_len(300 << 20).unwrap();
    let (_, report) = check_json(dir.path(), &[]);
    let found = places(&report);
    assert_eq!(found.len(), 1, "{found:#?}");
    assert_eq!(found[0].1, "model/a.yaml");
}

#[test]
fn references_to_an_invalid_id_under_its_suggested_id_are_not_reported_again() {
    let dir = project(&[(
        "model/a.yaml",
        "capabilities:\n  - { id: Cap Outage Comms, name: Outage comms }\ntouchpoints:\n  - { id: tp-1, name: One, capabilities: [cap-outage-comms] }\n",
    )]);
    let (_, report) = check_json(dir.path(), &[]);
    let found = places(&report);
    assert_eq!(found.len(), 1, "{found:#?}");
    assert_eq!(found[0].0, "invalid-id");
    let help = diagnostics(&report)[0]["help"].as_str().unwrap().to_owned();
    assert!(help.contains("try `cap-outage-comms`"), "{help}");
}

#[test]
fn did_you_mean_names_only_valid_ids() {
    let dir = project(&[(
        "model/a.yaml",
        "capabilities:\n  - { id: Cap Outage Comms, name: Outage comms }\ntouchpoints:\n  - { id: tp-1, name: One, capabilities: [cap outage comms] }\n",
    )]);
    let (_, report) = check_json(dir.path(), &[]);
    for d in diagnostics(&report) {
        let help = d["help"].as_str().unwrap_or_default();
        assert!(!help.contains("Cap Outage Comms"), "{d}");
    }
    let unknown: Vec<_> = diagnostics(&report)
        .iter()
        .filter(|d| d["rule"] == "unknown-reference")
        .collect();
    assert_eq!(unknown.len(), 1, "{report}");
}

#[test]
fn from_after_until_is_one_finding() {
    let dir = project(&[(
        "model/a.yaml",
        "capabilities:\n  - { id: cap-a, name: A, from: target, until: current }\ntouchpoints:\n  - { id: tp-1, name: One, capabilities: [cap-a] }\nprocesses:\n  - { id: pr-1, name: P, capabilities: [cap-a] }\n",
    )]);
    let (_, report) = check_json(dir.path(), &[]);
    let errors: Vec<_> = diagnostics(&report)
        .iter()
        .filter(|d| d["severity"] == "error")
        .collect();
    assert_eq!(errors.len(), 1, "{errors:#?}");
    assert_eq!(errors[0]["rule"], "unknown-plateau");
}

#[test]
fn advice_uses_the_right_article() {
    let dir = project(&[(
        "model/a.yaml",
        "objectives:\n  - { id: obj-a, name: A, kpis: [zzz-unrelated] }\ncapabilities:\n  - { id: cap-a, name: A, owner: qqq-nobody }\n",
    )]);
    let (_, report) = check_json(dir.path(), &[]);
    let helps: Vec<&str> = diagnostics(&report)
        .iter()
        .filter_map(|d| d["help"].as_str())
        .collect();
    assert!(
        helps.contains(&"define a KPI `zzz-unrelated`, or name an existing one"),
        "{helps:#?}"
    );
    assert!(
        helps.contains(&"define an org unit or role `qqq-nobody`, or name an existing one"),
        "{helps:#?}"
    );
}

#[test]
fn over_indenting_realizes_gives_one_error() {
    let northwind = root().join("examples/northwind-bank");
    let file = "model/capabilities.yaml";
    let original = std::fs::read_to_string(northwind.join(file)).unwrap();
    let text = SLIPS[0].1(&original, "    realizes:");
    let dir = tempfile::tempdir().unwrap();
    copy_dir(&northwind, dir.path());
    std::fs::write(dir.path().join(file), &text).unwrap();
    let (_, report) = check_json(dir.path(), &[]);
    let found = places(&report);
    assert_eq!(found.len(), 1, "{found:#?}");
    assert_eq!(
        (found[0].1.as_str(), found[0].2),
        (file, slip_line(&original, &text))
    );
}

#[test]
fn a_byte_that_is_not_utf8_gives_one_error() {
    let northwind = root().join("examples/northwind-bank");
    let file = "model/organisation.yaml";
    let original = std::fs::read(northwind.join(file)).unwrap();
    let at = original
        .windows(11)
        .position(|w| w == b"name: Retai")
        .unwrap();
    let mut bytes = original.clone();
    // `Retail` written in Latin-1 with an accent: `Rétail`.
    bytes[at + 7] = 0xE9;
    let dir = tempfile::tempdir().unwrap();
    copy_dir(&northwind, dir.path());
    std::fs::write(dir.path().join(file), &bytes).unwrap();
    let (_, report) = check_json(dir.path(), &[]);
    let found = places(&report);
    assert_eq!(found.len(), 1, "{found:#?}");
    let line = original[..at].iter().filter(|b| **b == b'\n').count() as u64 + 1;
    assert_eq!((found[0].1.as_str(), found[0].2), (file, line));
}

/// The slips people make most when writing YAML by hand are named in tomc's words, with
/// a fix, not in the parser's.
#[test]
fn common_yaml_slips_are_named_in_tomcs_words() {
    let cases = [
        (
            "capabilities:\n  - id: a\n    name: A\n      owner: x\n",
            "a `key:` where no key can start",
        ),
        (
            "capabilities:\n  - id: a\n    name: A\n   owner: x\n",
            "indentation does not fit the list",
        ),
        (
            "capabilities:\n  - id: a\n    name A\n    owner: x\n",
            "a key without `:`",
        ),
        ("capabilities:\n  - id: a\n    name: [A\n", "never closed"),
        (
            "capabilities:\n  - id: a\n    name: \"A\n",
            "quoted value that is never closed",
        ),
    ];
    for (text, words) in cases {
        let dir = project(&[("model/m.yaml", text)]);
        let (code, report) = check_json(dir.path(), &[]);
        assert_eq!(code, 1, "{text}");
        let found = diagnostics(&report);
        assert_eq!(found.len(), 1, "{text}: {report:#}");
        let message = found[0]["message"].as_str().unwrap();
        assert!(message.contains(words), "{text}: {message}");
        for parser_words in ["mapping values", "indicator", "simple key", "unclosed"] {
            assert!(!message.contains(parser_words), "{text}: {message}");
        }
        assert_ne!(
            found[0]["help"], "fix the YAML syntax at this position",
            "{text}"
        );
    }
}
