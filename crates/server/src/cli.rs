//! The command line: `panda [--config FILE] [serve | migrate | report | import | export | token]`.

use clap::{Parser, Subcommand};
use std::path::PathBuf;

/// PANDA, the Patient Appointment Network Data Application.
///
/// Settings come from defaults, then a TOML file, then `PANDA_*`
/// environment variables (see the README's configuration table).
#[derive(Debug, Parser)]
#[command(name = "panda", version, about)]
pub struct Cli {
    /// The TOML configuration file [default: panda.toml, if present].
    #[arg(long, global = true, env = "PANDA_CONFIG", value_name = "FILE")]
    pub config: Option<PathBuf>,

    /// What to do; `serve` when none is named.
    #[command(subcommand)]
    pub command: Option<Command>,
}

/// The subcommands.
#[derive(Debug, Clone, PartialEq, Eq, Subcommand)]
pub enum Command {
    /// Bring the database schema up to date, then serve the HTTP API.
    Serve,
    /// Bring the database schema up to date, then exit.
    Migrate,
    /// Print a report: `panda report missed --by department --period month`.
    #[command(subcommand)]
    Report(crate::report::ReportCommand),
    /// Import the NHS brief's JSON files: `panda import --patients FILE --appointments FILE`.
    Import(crate::import::ImportArgs),
    /// Export to the NHS brief's JSON files: `panda export --patients FILE --appointments FILE`.
    Export(crate::export::ExportArgs),
    /// Manage API tokens: `panda token create --role clinic --name front-desk --expires-in 90d`.
    #[command(subcommand)]
    Token(crate::token::TokenCommand),
}

impl Cli {
    /// The subcommand to run: `serve` unless another was named.
    pub fn subcommand(&self) -> Command {
        self.command.clone().unwrap_or(Command::Serve)
    }
}

impl Command {
    /// True for the command-line tools, which print their result and log
    /// only warnings unless told otherwise; false for the server.
    pub fn is_tool(&self) -> bool {
        !matches!(self, Command::Serve)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    fn parse(args: &[&str]) -> Result<Cli, clap::Error> {
        Cli::try_parse_from(std::iter::once("panda").chain(args.iter().copied()))
    }

    #[test]
    fn the_command_line_definition_is_consistent() {
        <Cli as CommandFactory>::command().debug_assert();
    }

    #[test]
    fn with_no_subcommand_panda_serves() {
        assert_eq!(
            parse(&[]).map(|c| c.subcommand()).ok(),
            Some(Command::Serve)
        );
    }

    #[test]
    fn serve_and_migrate_are_the_subcommands() {
        assert_eq!(
            parse(&["serve"]).map(|c| c.subcommand()).ok(),
            Some(Command::Serve)
        );
        assert_eq!(
            parse(&["migrate"]).map(|c| c.subcommand()).ok(),
            Some(Command::Migrate)
        );
    }

    #[test]
    fn import_and_export_need_at_least_one_file() {
        assert!(parse(&["import"]).is_err());
        assert!(parse(&["export"]).is_err());
        let import = parse(&["import", "--appointments", "a.json", "--skip-invalid"]);
        let Ok(Cli {
            command: Some(Command::Import(args)),
            ..
        }) = import
        else {
            panic!("not an import: {import:?}");
        };
        assert_eq!(args.appointments, Some(PathBuf::from("a.json")));
        assert_eq!(args.patients, None);
        assert!(args.skip_invalid);
    }

    #[test]
    fn the_configuration_file_may_follow_the_subcommand() {
        let cli = parse(&["migrate", "--config", "/etc/panda.toml"]).ok();
        assert_eq!(
            cli.and_then(|c| c.config),
            Some(PathBuf::from("/etc/panda.toml"))
        );
    }
}
