//! `tomc check`: load, resolve and check a project; print diagnostics.

use std::io::{IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use crate::cli::{CheckArgs, Color, Format};
use crate::compile::{Options, compile};
use crate::diag::Summary;
use crate::diag::render::{human, json};

use super::{FAILURE, FINDINGS, OK, fail};

/// Runs `tomc check`.
pub fn run(args: &CheckArgs) -> ExitCode {
    let path = args.path.clone().unwrap_or_else(|| PathBuf::from("."));
    let options = Options {
        plateau: args.plateau.clone(),
    };
    let compiled = match compile(&path, &options) {
        Ok(c) => c,
        Err(e) => return fail(e),
    };
    let summary = Summary::of(&compiled.diagnostics);
    let text = match args.format {
        Format::Json => json::render(
            &compiled.model.name,
            &compiled.sources,
            &compiled.diagnostics,
        ),
        Format::Human => {
            let stdout = std::io::stdout();
            let color = match args.color {
                Color::Always => true,
                Color::Never => false,
                Color::Auto => {
                    stdout.is_terminal()
                        && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
                }
            };
            let width = terminal_width();
            let files = compiled.sources.iter().count();
            let name = if compiled.model.name.is_empty() {
                "project"
            } else {
                &compiled.model.name
            };
            let line = format!(
                "{name}: {} elements, {} plateaus, {} {}: {}",
                compiled.model.elements.len(),
                compiled.model.plateaus.len(),
                files,
                if files == 1 { "file" } else { "files" },
                human::counts(&summary),
            );
            human::render(
                &compiled.sources,
                &compiled.diagnostics,
                &line,
                human::Style { color, width },
            )
        }
    };
    let mut out = std::io::stdout().lock();
    if out
        .write_all(text.as_bytes())
        .and_then(|()| out.flush())
        .is_err()
    {
        return ExitCode::from(FAILURE);
    }
    ExitCode::from(if summary.errors > 0 { FINDINGS } else { OK })
}

fn terminal_width() -> usize {
    std::env::var("COLUMNS")
        .ok()
        .and_then(|c| c.parse().ok())
        .unwrap_or(100)
}
