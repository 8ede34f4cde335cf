//! `tomc diff`: what a change does to the operating model, between two project
//! directories or git revisions.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use crate::cli::{DiffArgs, DiffFormat};
use crate::compile::{Compiled, Options, Reuse, compile_reusing};
use crate::diff::report::DiffOutput;
use crate::diff::{Version, diff};
use crate::emit::output::text;
use crate::revision::{Side, Snapshot, project_dir, snapshot};

use super::progress::Progress;
use super::{FINDINGS, OK, fail, print_or_write};

/// Runs `tomc diff`.
pub fn run(args: &DiffArgs) -> ExitCode {
    let (old, new) = match (&args.base, args.sides.as_slice()) {
        (Some(rev), [] | [_]) => {
            let path = args.sides.first().map_or(".", String::as_str);
            let near = project_dir(Path::new(path));
            (
                (
                    format!("git:{rev}"),
                    Side::Git {
                        rev: rev.clone(),
                        dir: None,
                    },
                    near,
                ),
                (
                    "working tree".to_owned(),
                    Side::Dir(PathBuf::from(path)),
                    PathBuf::from("."),
                ),
            )
        }
        (None, [old, new]) => (
            (old.clone(), Side::parse(old), PathBuf::from(".")),
            (new.clone(), Side::parse(new), PathBuf::from(".")),
        ),
        (Some(_), _) => {
            return fail(UsageError(
                "with --base REV, give at most one path: the project in the working tree",
            ));
        }
        (None, _) => {
            return fail(UsageError(
                "give two versions, OLD and NEW (directories or git:REV), or --base REV",
            ));
        }
    };
    // The new version reads again only the files whose text differs from the old one's.
    let mut reuse = Reuse::default();
    let progress = Progress::start(format!("reading the old version, `{}`", old.0));
    let old_side = match read("old", &old.0, &old.1, &old.2, &mut reuse) {
        Ok(side) => side,
        Err(e) => return progress.fail(e),
    };
    progress.stage(format!("reading the new version, `{}`", new.0));
    let new_side = match read("new", &new.0, &new.1, &new.2, &mut reuse) {
        Ok(side) => side,
        Err(e) => return progress.fail(e),
    };
    progress.stage("comparing the versions");
    let result = diff(
        Version {
            label: &old.0,
            compiled: &old_side.compiled,
        },
        Version {
            label: &new.0,
            compiled: &new_side.compiled,
        },
    );
    let output = match args.format {
        DiffFormat::Md => DiffOutput::Markdown,
        DiffFormat::Json => DiffOutput::Json,
    };
    let text = text(&output, &result);
    progress.finish();
    let text = match text {
        Ok(text) => text,
        Err(e) => return fail(e),
    };
    let code = print_or_write(args.out.as_deref(), &text);
    if code != ExitCode::from(OK) {
        return code;
    }
    if args.exit_code && result.has_changes() {
        ExitCode::from(FINDINGS)
    } else {
        ExitCode::from(OK)
    }
}

/// A version read and checked; a snapshot's directory lives as long as it.
struct ReadSide {
    compiled: Compiled,
    _snapshot: Option<Snapshot>,
}

fn read(
    which: &'static str,
    label: &str,
    side: &Side,
    near: &Path,
    reuse: &mut Reuse,
) -> Result<ReadSide, SideError> {
    let err = |cause: &dyn miette::Diagnostic| SideError {
        which,
        label: label.to_owned(),
        cause: cause.to_string(),
        help: cause.help().map(|h| h.to_string()),
    };
    let (path, snap) = match side {
        Side::Dir(path) => (path.clone(), None),
        Side::Git { rev, dir } => {
            let snap = snapshot(rev, dir.as_deref(), near).map_err(|e| err(&e))?;
            (snap.project.clone(), Some(snap))
        }
    };
    let compiled = compile_reusing(&path, &Options::default(), reuse).map_err(|e| err(&e))?;
    Ok(ReadSide {
        compiled,
        _snapshot: snap,
    })
}

/// Why one version could not be read: the cause, said of that version.
#[derive(Debug, thiserror::Error, miette::Diagnostic)]
#[error("cannot read the {which} version, `{label}`: {cause}")]
#[diagnostic(code(tomc::diff_side))]
struct SideError {
    which: &'static str,
    label: String,
    cause: String,
    #[help]
    help: Option<String>,
}

/// The arguments do not name two versions.
#[derive(Debug, thiserror::Error, miette::Diagnostic)]
#[error("{0}")]
#[diagnostic(
    code(tomc::usage),
    help("e.g. `tomc diff --base origin/main` or `tomc diff git:HEAD~1 git:HEAD`")
)]
struct UsageError(&'static str);
