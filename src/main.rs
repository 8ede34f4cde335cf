//! The `tomc` binary.

fn main() -> std::process::ExitCode {
    tomc::run()
}
