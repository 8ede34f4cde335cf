//! GitHub Actions output: one workflow command per finding, so each appears as an
//! annotation on the pull request, at its file and line.

use std::fmt::Write as _;

use super::location;
use crate::compile::Compiled;
use crate::diag::Severity;
use crate::diag::escape::visible_lines;

/// Escapes the message part of a workflow command; control and invisible characters
/// from the model are shown as escapes, not sent to the log viewer.
fn data(text: &str) -> String {
    visible_lines(text)
        .replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// Escapes a property value of a workflow command.
fn property(text: &str) -> String {
    data(text).replace(':', "%3A").replace(',', "%2C")
}

/// Renders the findings as workflow commands; `prefix` turns project-relative file names
/// into repository-relative ones (`examples/northwind-bank/`). A plain summary line ends
/// the output.
pub fn render(compiled: &Compiled, prefix: &str) -> String {
    let mut out = String::new();
    for d in &compiled.diagnostics {
        let command = match d.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Info => "notice",
        };
        let mut props = Vec::new();
        if let Some(loc) = location(&compiled.sources, d) {
            props.push(format!(
                "file={}",
                property(&format!("{prefix}{}", loc.file))
            ));
            props.push(format!("line={}", loc.start.line));
            props.push(format!("col={}", loc.start.column));
            props.push(format!("endLine={}", loc.end.line));
            props.push(format!("endColumn={}", loc.end.column));
        }
        props.push(format!("title={}", property(d.rule.as_str())));
        let mut message = d.message.clone();
        if let Some(help) = &d.help {
            let _ = write!(message, "\nhelp: {help}");
        }
        let _ = writeln!(out, "::{command} {}::{}", props.join(","), data(&message));
    }
    let _ = writeln!(out, "tomc: {}", super::human::counts(&compiled.summary()));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_what_workflow_commands_reserve() {
        assert_eq!(data("50% done\nnext"), "50%25 done%0Anext");
        assert_eq!(property("a:b,c"), "a%3Ab%2Cc");
    }
}
