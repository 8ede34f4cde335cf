#![no_main]
//! Two structure-aware specs, compiled and diffed both ways; the Markdown must stay
//! under the comment limit and a spec diffed with itself must show no change.

use libfuzzer_sys::fuzz_target;
use tomc_fuzz::grammar::Spec;

fuzz_target!(|specs: (Spec, Spec)| {
    let (old, new) = specs;
    let (project, files) = old.render();
    let Some(old) = tomc_fuzz::check(&project, &files) else {
        return;
    };
    let (project, files) = new.render();
    let Some(new) = tomc_fuzz::check(&project, &files) else {
        return;
    };
    tomc_fuzz::check_diff(&old, &new);
    tomc_fuzz::check_diff(&new, &old);
});
