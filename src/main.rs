//! The `tomc` binary.
//!
//! mimalloc replaces the system allocator: checking a large model makes millions of
//! small allocations, and it takes about 15% off `tomc check` of 100,000 elements
//! (docs/performance.md).

#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> std::process::ExitCode {
    tomc::run()
}
