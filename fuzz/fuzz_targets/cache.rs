//! Fuzz target: see `coopdash::fuzzing::cache` for the properties checked.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| coopdash::fuzzing::cache(data));
