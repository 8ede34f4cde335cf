//! SARIF 2.1.0 output, for code scanning: one run, the rule catalogue as the driver's
//! rules, one result per finding with a repository-relative location.

use serde::Serialize;

use super::location;
use crate::compile::Compiled;
use crate::diag::Severity;
use crate::rules::Rule;
use crate::rules::registry::RULES;

#[derive(Serialize)]
struct Log {
    #[serde(rename = "$schema")]
    schema: &'static str,
    version: &'static str,
    runs: [Run; 1],
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Run {
    tool: Tool,
    column_kind: &'static str,
    results: Vec<SarifResult>,
}

#[derive(Serialize)]
struct Tool {
    driver: Driver,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Driver {
    name: &'static str,
    version: &'static str,
    semantic_version: &'static str,
    rules: Vec<ReportingDescriptor>,
}

#[derive(Serialize)]
struct Text {
    text: String,
}

#[derive(Serialize)]
struct Help {
    text: String,
    markdown: String,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct ReportingDescriptor {
    id: &'static str,
    short_description: Text,
    full_description: Text,
    help: Help,
    default_configuration: Configuration,
    properties: RuleProperties,
}

#[derive(Serialize)]
struct Configuration {
    level: &'static str,
}

#[derive(Serialize)]
struct RuleProperties {
    tags: Vec<String>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct SarifResult {
    rule_id: &'static str,
    rule_index: usize,
    level: &'static str,
    message: Text,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    locations: Vec<Location>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Location {
    physical_location: PhysicalLocation,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct PhysicalLocation {
    artifact_location: ArtifactLocation,
    region: Region,
}

#[derive(Serialize)]
struct ArtifactLocation {
    uri: String,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Region {
    start_line: usize,
    start_column: usize,
    end_line: usize,
    end_column: usize,
}

fn level(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "note",
    }
}

fn descriptor(rule: &Rule) -> ReportingDescriptor {
    ReportingDescriptor {
        id: rule.id.as_str(),
        short_description: Text {
            text: rule.summary().to_owned(),
        },
        full_description: Text {
            text: rule
                .section("What it checks")
                .unwrap_or_else(|| rule.summary().to_owned()),
        },
        help: Help {
            text: rule
                .section("Fix")
                .unwrap_or_else(|| rule.summary().to_owned()),
            markdown: rule.documentation(),
        },
        default_configuration: Configuration {
            level: level(rule.default),
        },
        properties: RuleProperties {
            tags: vec![rule.family.title().to_lowercase()],
        },
    }
}

/// Percent-encodes what a URI reference may not hold as is (spaces, `%`, `#`, `?`).
fn uri(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    for b in path.bytes() {
        if b.is_ascii_alphanumeric() || b"-._~/!$&'()*+,;=:@".contains(&b) {
            out.push(char::from(b));
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// Renders the SARIF log; `prefix` turns project-relative file names into
/// repository-relative ones (`examples/northwind-bank/`).
pub fn render(compiled: &Compiled, prefix: &str) -> Result<String, crate::emit::tree::EmitError> {
    let results = compiled
        .diagnostics
        .iter()
        .map(|d| {
            let mut text = d.message.clone();
            if let Some(help) = &d.help {
                text.push_str("\nhelp: ");
                text.push_str(help);
            }
            SarifResult {
                rule_id: d.rule.as_str(),
                rule_index: RULES.iter().position(|r| r.id == d.rule).unwrap_or(0),
                level: level(d.severity),
                message: Text { text },
                locations: location(&compiled.sources, d)
                    .map(|loc| Location {
                        physical_location: PhysicalLocation {
                            artifact_location: ArtifactLocation {
                                uri: uri(&format!("{prefix}{}", loc.file)),
                            },
                            // SARIF's end column is the one after the last character.
                            region: Region {
                                start_line: loc.start.line,
                                start_column: loc.start.column,
                                end_line: loc.end.line,
                                end_column: loc.end.column + 1,
                            },
                        },
                    })
                    .into_iter()
                    .collect(),
            }
        })
        .collect();
    let log = Log {
        schema: "https://json.schemastore.org/sarif-2.1.0.json",
        version: "2.1.0",
        runs: [Run {
            tool: Tool {
                driver: Driver {
                    name: "tomc",
                    version: env!("CARGO_PKG_VERSION"),
                    semantic_version: env!("CARGO_PKG_VERSION"),
                    rules: RULES.iter().map(|r| descriptor(r)).collect(),
                },
            },
            column_kind: "unicodeCodePoints",
            results,
        }],
    };
    crate::emit::tree::pretty_json(&log)
}
