//! The yardsticks of `tomc check` as whole processes: the model files of a project read
//! and parsed by the YAML parser tomc uses, into nothing, on every core (as tomc spreads
//! its files) or on the cores `TOMC_THREADS` allows.
//!
//! ```sh
//! cargo run --release --example yaml-floor -- events DIR   # the parser's events only
//! cargo run --release --example yaml-floor -- serde DIR    # serde-saphyr into IgnoredAny
//! ```
//!
//! `scripts/bench-process.sh` times both beside `tomc check` in the same run, so the
//! ratio holds on a noisy machine. Prints the number of files and of events (or
//! documents) read.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, ValueEnum};

/// Parse every YAML file under a directory into nothing.
#[derive(Parser)]
#[command(name = "yaml-floor")]
struct Args {
    /// What to parse into.
    mode: Mode,
    /// The project directory: every `.yaml` file under it is read.
    dir: PathBuf,
}

#[derive(Clone, Copy, ValueEnum)]
enum Mode {
    /// granit-parser's events, each read and dropped.
    Events,
    /// serde-saphyr deserializing into `serde::de::IgnoredAny`.
    Serde,
}

/// The allocator of the `tomc` binary.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    let args = Args::parse();
    let mut files: Vec<PathBuf> = walkdir::WalkDir::new(&args.dir)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .map(walkdir::DirEntry::into_path)
        .filter(|p| p.extension().is_some_and(|x| x == "yaml"))
        .collect();
    // Largest first, as tomc hands out its files.
    files.sort_by_key(|p| std::cmp::Reverse(p.metadata().map_or(0, |m| m.len())));
    let counts = tomc::parallel::map(&files, 1, |path| {
        let Ok(text) = std::fs::read_to_string(path) else {
            return None;
        };
        Some(match args.mode {
            Mode::Events => serde_saphyr::granit_parser::Parser::new_from_str(&text)
                .take_while(Result::is_ok)
                .count(),
            Mode::Serde => {
                let _: serde::de::IgnoredAny =
                    serde_saphyr::from_str(&text).unwrap_or(serde::de::IgnoredAny);
                1
            }
        })
    });
    let Some(counts) = counts.into_iter().collect::<Option<Vec<_>>>() else {
        eprintln!(
            "yaml-floor: a file under {} could not be read",
            args.dir.display()
        );
        return ExitCode::FAILURE;
    };
    println!(
        "{} files, {} read",
        files.len(),
        counts.iter().sum::<usize>()
    );
    ExitCode::SUCCESS
}
