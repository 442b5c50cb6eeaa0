//! The `coopdash` binary: everything lives in the library.

fn main() -> std::process::ExitCode {
    coopdash::cli::main()
}
