//! Fuzz target: see `coopdash::fuzzing::links` for the properties checked.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| coopdash::fuzzing::links(data));
