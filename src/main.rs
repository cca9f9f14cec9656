//! The `posyandu-bot` binary: see `posyandu-bot --help` and README.md.

use clap::Parser;

#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> std::process::ExitCode {
    let args = posyandu_bot::cli::Args::parse();
    posyandu_bot::cli::main(args)
}
