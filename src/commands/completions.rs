//! `tomc completions`: a completion script for a shell, from the command definitions.

use std::process::ExitCode;

use clap::CommandFactory;

use crate::cli::{Cli, CompletionsArgs};

use super::print_or_write;

/// Runs `tomc completions`.
pub fn run(args: &CompletionsArgs) -> ExitCode {
    let mut script = Vec::new();
    clap_complete::generate(args.shell, &mut Cli::command(), "tomc", &mut script);
    print_or_write(None, &String::from_utf8_lossy(&script))
}
