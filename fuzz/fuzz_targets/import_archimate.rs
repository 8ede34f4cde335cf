#![no_main]
//! Arbitrary bytes as an ArchiMate exchange file: the import never panics, and whatever
//! it imports reads as a model without structural errors (the import's promise), whose
//! export parses again.

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    tomc_fuzz::check_import(text);
});
