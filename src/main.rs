//! The `dipgraph` command: parse arguments, run, report one error line, exit.

mod cli;

use std::process::ExitCode;

use clap::Parser;

// Loading a large snapshot makes millions of small allocations that are never freed (the
// graph is leaked at exit): mimalloc serves them faster than the system allocator
// (docs/performance.md). The library and its benchmarks keep the system allocator.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    let args = cli::Cli::parse();
    match cli::run(args) {
        Ok(code) => code,
        Err(err) if cli::is_broken_pipe(&err) => ExitCode::SUCCESS,
        Err(err) => {
            eprintln!("error: {}", cli::one_line(&err));
            ExitCode::from(cli::EXIT_ERROR)
        }
    }
}
