#![no_main]
//! A structure-aware spec (see `tomc_fuzz::grammar`), rendered to YAML, through load,
//! compile and every output.

use libfuzzer_sys::fuzz_target;
use tomc_fuzz::grammar::Spec;

fuzz_target!(|spec: Spec| {
    let (project, files) = spec.render();
    let _ = tomc_fuzz::check(&project, &files);
});
