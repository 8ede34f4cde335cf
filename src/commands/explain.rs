//! `tomc explain RULE`: print a rule's documentation.

use std::process::ExitCode;

use crate::cli::ExplainArgs;
use crate::diag::suggestion;
use crate::emit::catalogue;
use crate::rules::registry::{RULES, lookup};

use super::{OK, fail};

/// `tomc explain` was given no rule id.
#[derive(Debug, thiserror::Error, miette::Diagnostic)]
#[error("`{0}` is not a rule")]
#[diagnostic(code(tomc::unknown_rule))]
pub struct UnknownRule(String, #[help] String);

/// Runs `tomc explain`.
pub fn run(args: &ExplainArgs) -> ExitCode {
    let Some(rule) = lookup(args.rule.trim()) else {
        let help = suggestion(&args.rule, RULES.iter().map(|r| r.id.as_str()))
            .unwrap_or_else(|| "`tomc rules` lists every rule id".into());
        return fail(UnknownRule(args.rule.clone(), help));
    };
    print!("{}", catalogue::explain(rule));
    ExitCode::from(OK)
}
