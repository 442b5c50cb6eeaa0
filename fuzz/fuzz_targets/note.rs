//! Fuzz target: see `coopdash::fuzzing::note` for the properties checked.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| coopdash::fuzzing::note(data));
