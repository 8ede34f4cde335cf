//! `tomc man`: manual pages in roff, from the command definitions.

use std::path::Path;
use std::process::ExitCode;

use clap::CommandFactory;

use crate::cli::{Cli, ManArgs};

use super::{OK, WriteError, fail, print_or_write, write_atomic};

/// Runs `tomc man`.
pub fn run(args: &ManArgs) -> ExitCode {
    let command = Cli::command();
    let Some(dir) = &args.out_dir else {
        return match page(command) {
            Ok(text) => print_or_write(None, &text),
            Err(e) => fail(WriteError {
                path: "-".into(),
                source: e,
            }),
        };
    };
    // Built, so that subcommands know their full names (`tomc-export-archimate`).
    let mut command = command.disable_help_subcommand(true);
    command.build();
    let mut pages = Vec::new();
    collect(&command, &mut pages);
    for man in pages {
        let path = dir.join(man.get_filename());
        let mut out = Vec::new();
        let written = man
            .render(&mut out)
            .and_then(|()| write_atomic(&path, &String::from_utf8_lossy(&out)));
        if let Err(source) = written {
            return fail(WriteError { path, source });
        }
    }
    eprintln!("wrote the manual pages to `{}`", Path::new(dir).display());
    ExitCode::from(OK)
}

/// The page of `command` and of every subcommand below it.
fn collect(command: &clap::Command, pages: &mut Vec<clap_mangen::Man>) {
    pages.push(clap_mangen::Man::new(command.clone()));
    for sub in command.get_subcommands().filter(|s| !s.is_hide_set()) {
        collect(sub, pages);
    }
}

fn page(command: clap::Command) -> std::io::Result<String> {
    let mut out = Vec::new();
    clap_mangen::Man::new(command).render(&mut out)?;
    Ok(String::from_utf8_lossy(&out).into_owned())
}
