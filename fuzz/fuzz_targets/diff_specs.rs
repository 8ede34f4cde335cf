#![no_main]
//! Two structure-aware specs, compiled and diffed both ways; the Markdown must stay
//! under the comment limit and a spec diffed with itself must show no change.

use libfuzzer_sys::fuzz_target;
use tomc_fuzz::grammar::Spec;

fuzz_target!(|specs: (Spec, Spec)| {
    let (old, new) = specs;
    tomc_fuzz::check_pair(old.render(), new.render());
});
