//! Writes a generated operating model of any size (see the `tomc-gen` crate):
//!
//! ```sh
//! cargo run --release --example gen-model -- --elements 10000 --out target/models/10k
//! ```
//!
//! The same `--elements` and `--seed` give byte-identical files. The directory is
//! created when missing; files of the same names are overwritten, no other is touched.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::Parser;
use tomc_gen::{Spec, generate};

/// Write a realistic, valid tomc project of N elements.
#[derive(Parser)]
#[command(name = "gen-model")]
struct Args {
    /// The number of elements, across all kinds.
    #[arg(long, default_value_t = 1_000)]
    elements: usize,
    /// The seed: the same seed gives the same model.
    #[arg(long, default_value_t = 1)]
    seed: u64,
    /// The project directory to write.
    #[arg(long)]
    out: PathBuf,
}

fn main() -> ExitCode {
    let args = Args::parse();
    let project = generate(&Spec {
        elements: args.elements,
        seed: args.seed,
    });
    if let Err(e) = project.write(&args.out) {
        eprintln!("error: cannot write {}: {e}", args.out.display());
        return ExitCode::from(2);
    }
    let bytes: usize =
        project.tom_yaml.len() + project.files.iter().map(|(_, t)| t.len()).sum::<usize>();
    println!(
        "{}: {} elements in {} files, {:.1} MB",
        args.out.display(),
        project.elements(),
        project.files.len() + 1,
        bytes as f64 / 1e6
    );
    for (kind, n) in &project.counts {
        println!("  {kind:<12} {n}");
    }
    ExitCode::SUCCESS
}
