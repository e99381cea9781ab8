//! `panda`: PANDA's composition root. It reads the configuration, sets up
//! logging, opens the database and plugs the adapters into the HTTP API.
//! Every rule lives in `panda-domain`; nothing here decides anything.
//!
//! Exit codes: 0 done, 1 failed while running (database unreachable,
//! address in use), 2 unusable command line or configuration, 3 import
//! refused: a file could not be read as records, or records were rejected
//! and (without `--skip-invalid`) nothing was written.

mod brief;
mod cli;
mod config;
mod database;
mod export;
mod import;
mod logging;
mod oidc;
mod report;
mod secrets;
mod serve;
mod shutdown;
mod tls;
mod token;

use clap::Parser;
use cli::{Cli, Command};
use config::Config;
use std::process::ExitCode;

/// mimalloc rather than the system allocator: a request allocates and frees
/// many small buffers across threads, and glibc's malloc cost 8% of the
/// reads/s it served (docs/benchmarks.md).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// Bad command line or configuration: the operator must change something.
const EXIT_USAGE: u8 = 2;

/// An import refused its input: nothing was written.
const EXIT_REFUSED: u8 = 3;

fn main() -> ExitCode {
    let cli = Cli::parse();
    let config = match Config::load(cli.config.as_deref(), cli.subcommand().is_tool()) {
        Ok(config) => config,
        Err(error) => {
            eprintln!("panda: {error}");
            return ExitCode::from(EXIT_USAGE);
        }
    };
    if let Err(error) = logging::init(config.log_format, &config.log_level) {
        eprintln!("panda: {error:#}");
        return ExitCode::from(EXIT_USAGE);
    }
    tracing::info!(
        version = env!("CARGO_PKG_VERSION"),
        command = ?cli.subcommand(),
        database = %config.database_url,
        bind = %config.bind,
        pool_size = config.pool_size,
        strict_durations = config.strict_durations,
        "panda starting"
    );
    let outcome = match cli.subcommand() {
        Command::Serve => serve::serve(&config),
        Command::Migrate => database::migrate(&config),
        Command::Report(report) => report::run(&config, &report),
        Command::Import(args) => import::run(&config, &args),
        Command::Export(args) => export::run(&config, &args),
        Command::Token(command) => token::run(&config, &command),
    };
    match outcome {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            tracing::error!(error = format!("{error:#}"), "panda failed");
            eprintln!("panda: {error:#}");
            let refused = error.is::<import::Refused>() || error.is::<brief::FileProblem>();
            if refused {
                ExitCode::from(EXIT_REFUSED)
            } else {
                ExitCode::FAILURE
            }
        }
    }
}
