//! tomc: a compiler for Target Operating Models written as YAML.
//!
//! The pipeline runs one way: [`load`] files → [`raw`] spanned YAML trees →
//! [`resolve`] into the typed [`model`] (structural diagnostics) →
//! [`plateau`](analysis::plateau) projections → [`rules`] (with
//! [`gaps`](analysis::gaps) and [`coverage`](analysis::coverage)) → [`diag`]nostics
//! with configuration applied → [`emit`]ters. [`diff`] sits above them: it compares two
//! compiled versions and renders the comparison for review. Only [`commands`] touch the
//! disk for output.

// Casts that can lose or change a value are written as conversions that say what
// happens, or allowed where they stand with the reason they are exact.
#![warn(
    clippy::cast_possible_truncation,
    clippy::cast_possible_wrap,
    clippy::cast_precision_loss,
    clippy::cast_sign_loss,
    clippy::cast_lossless
)]

pub mod analysis;
pub mod archimate;
pub mod cli;
pub mod commands;
pub mod compile;
pub mod diag;
pub mod diff;
pub mod emit;
pub mod limits;
pub mod load;
pub mod lsp;
pub mod model;
pub mod parallel;
pub mod raw;
pub mod resolve;
pub mod revision;
pub mod rules;
pub mod sheet;
pub mod source;
pub mod spec;
pub mod text;

use std::process::ExitCode;

use clap::Parser;

/// Runs the command line and returns the process exit code.
pub fn run() -> ExitCode {
    let cli = match cli::Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            let _ = e.print();
            return ExitCode::from(if e.use_stderr() {
                commands::FAILURE
            } else {
                commands::OK
            });
        }
    };
    commands::progress::set_quiet(cli.quiet);
    match &cli.command {
        cli::Command::Check(args) => commands::check::run(args),
        cli::Command::Manifest(args) => commands::manifest::run(args),
        cli::Command::Gaps(args) => commands::gaps::run(args),
        cli::Command::Impact(args) => commands::impact::run(args),
        cli::Command::Build(args) => commands::build::run(args),
        cli::Command::Serve(args) => commands::serve::run(args),
        cli::Command::Templates(args) => commands::templates::run(args),
        cli::Command::Diff(args) => commands::diff::run(args),
        cli::Command::Rules(args) => commands::rules::run(args),
        cli::Command::Explain(args) => commands::explain::run(args),
        cli::Command::Schema(args) => commands::schema::run(args),
        cli::Command::Init(args) => commands::init::run(args),
        cli::Command::Export(args) => commands::export::run(args),
        cli::Command::Completions(args) => commands::completions::run(args),
        cli::Command::Man(args) => commands::man::run(args),
        cli::Command::Import(args) => commands::import::run(args),
        cli::Command::Lsp(_) => commands::lsp::run(),
    }
}
