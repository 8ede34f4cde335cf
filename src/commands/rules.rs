//! `tomc rules`: list the rule catalogue.

use std::process::ExitCode;

use crate::cli::{RulesArgs, RulesFormat};
use crate::emit::catalogue;

use super::{OK, fail};

/// Runs `tomc rules`.
pub fn run(args: &RulesArgs) -> ExitCode {
    let text = match args.format {
        RulesFormat::Human => catalogue::table(),
        RulesFormat::Json => match catalogue::json() {
            Ok(text) => text,
            Err(e) => return fail(e),
        },
        RulesFormat::Markdown => catalogue::markdown(),
    };
    print!("{text}");
    ExitCode::from(OK)
}
