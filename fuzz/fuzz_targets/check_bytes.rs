#![no_main]
//! Raw bytes as a project (see `tomc_fuzz::split`), through load, compile and every
//! output.

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let (project, files) = tomc_fuzz::split(data);
    let _ = tomc_fuzz::check(&project, &files);
});
