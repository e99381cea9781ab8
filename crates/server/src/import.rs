//! `panda import`: reads the NHS brief's JSON files, checks every record,
//! and writes them in one transaction through the domain's import use case.
//! Every bad record is listed (`appointments[12].time: code: why`); by
//! default nothing is written when any record is bad.

use crate::brief::parse::{read_appointments, read_patients};
use crate::brief::{FileProblem, read_file};
use crate::config::Config;
use crate::database::open_and_migrate;
use anyhow::Context;
use clap::Args;
use indicatif::{ProgressBar, ProgressStyle};
use panda_domain::import::ImportService;
use panda_domain::import::{ImportBatch, ImportIssue, ImportMode, ImportOutcome, ImportProgress};
use panda_domain::{Actor, Clock, SystemClock};
use std::io::{IsTerminal, Write};
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

/// `panda import`'s options.
#[derive(Debug, Clone, PartialEq, Eq, Args)]
#[command(group(clap::ArgGroup::new("files").required(true).multiple(true)))]
pub struct ImportArgs {
    /// The patients file (a JSON array of the brief's patient records).
    #[arg(long, value_name = "FILE", group = "files")]
    pub patients: Option<PathBuf>,
    /// The appointments file (a JSON array of the brief's appointment records).
    #[arg(long, value_name = "FILE", group = "files")]
    pub appointments: Option<PathBuf>,
    /// Import the good records and list the bad ones, rather than writing
    /// nothing when any record is bad.
    #[arg(long)]
    pub skip_invalid: bool,
}

/// Records were refused and, in all-or-nothing mode, nothing was written.
#[derive(Debug, thiserror::Error)]
#[error("{rejected} record(s) rejected; nothing was written (--skip-invalid imports the others)")]
pub struct Refused {
    /// How many records were refused.
    pub rejected: usize,
}

/// A progress bar on standard error, shown only when standard output is
/// a terminal (a script reading the summary gets no control codes). It
/// counts records as the database settles them; before that, its message
/// says which file is being read.
fn progress() -> ProgressBar {
    if !std::io::stdout().is_terminal() {
        return ProgressBar::hidden();
    }
    let bar = ProgressBar::new(0);
    let style = ProgressStyle::with_template(
        "{spinner} [{elapsed}] {bar:30} {pos}/{len} records ({per_sec}, {eta} left) {msg}",
    )
    .unwrap_or_else(|_| ProgressStyle::default_bar());
    bar.set_style(style);
    bar.enable_steady_tick(Duration::from_millis(120));
    bar
}

/// The import's progress, drawn on the bar.
struct Bar<'a>(&'a ProgressBar);

impl ImportProgress for Bar<'_> {
    fn advanced(&self, done: u64, total: u64) {
        self.0.set_length(total);
        self.0.set_position(done);
    }
}

/// Runs `panda import`.
pub fn run(config: &Config, args: &ImportArgs) -> anyhow::Result<()> {
    let bar = progress();
    let clock = SystemClock;
    let today = clock.now().date_naive();
    let mut batch = ImportBatch::default();
    let mut issues = Vec::new();
    if let Some(path) = &args.patients {
        bar.set_message(format!("reading {}", path.display()));
        let text = read_file(path)?;
        read_patients(&text, today, &mut batch, &mut issues).map_err(FileProblem::Format)?;
    }
    if let Some(path) = &args.appointments {
        bar.set_message(format!("reading {}", path.display()));
        let text = read_file(path)?;
        read_appointments(&text, &mut batch, &mut issues).map_err(FileProblem::Format)?;
    }
    bar.set_message("opening the database");
    let (database, _) = open_and_migrate(config)?;
    bar.set_length((batch.patients.len() + batch.appointments.len()) as u64);
    bar.set_message("checking and writing in one transaction");
    let service = ImportService {
        imports: Arc::new(database),
        clock: Arc::new(clock),
        policy: config.policy(),
    };
    let mode = if args.skip_invalid {
        ImportMode::SkipInvalid
    } else {
        ImportMode::AllOrNothing
    };
    let outcome = service
        .import(batch, issues, mode, &Actor::System, &Bar(&bar))
        .context("the import failed; nothing was written")?;
    bar.finish_and_clear();
    print_outcome(&outcome)?;
    if outcome.committed {
        Ok(())
    } else {
        Err(Refused {
            rejected: outcome.rejected_records(),
        }
        .into())
    }
}

/// One issue as a line: `appointments[12].time: timestamp-offset-missing: why`.
pub fn issue_line(issue: &ImportIssue) -> String {
    let field = issue
        .field
        .as_ref()
        .map(|f| format!(".{f}"))
        .unwrap_or_default();
    let (source, index) = (issue.source.as_str(), issue.index);
    format!(
        "{source}[{index}]{field}: {}: {}",
        issue.code, issue.message
    )
}

/// The summary table, one line per kind.
pub fn summary(outcome: &ImportOutcome) -> String {
    let (c, u) = (&outcome.created, &outcome.unchanged);
    let rows = [
        ("patients", c.patients, u.patients),
        ("appointments", c.appointments, u.appointments),
        ("clinicians", c.practitioners, u.practitioners),
        ("departments", c.departments, u.departments),
        ("locations", c.locations, u.locations),
    ];
    let mut out = String::new();
    for (kind, created, unchanged) in rows {
        out.push_str(&format!(
            "{kind:<13} created {created:>7}  unchanged {unchanged:>7}\n"
        ));
    }
    out.push_str(&format!(
        "{:<13} {:>15}\n",
        "rejected",
        outcome.rejected_records()
    ));
    out
}

fn print_outcome(outcome: &ImportOutcome) -> anyhow::Result<()> {
    let mut out = std::io::stdout().lock();
    for issue in &outcome.rejected {
        writeln!(out, "{}", issue_line(issue))?;
    }
    out.write_all(summary(outcome).as_bytes())?;
    if outcome.committed {
        writeln!(out, "committed")?;
    } else {
        writeln!(out, "nothing was written")?;
    }
    out.flush()?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use panda_domain::import::{ImportCounts, Source};

    #[test]
    fn an_issue_reads_file_index_field_code_and_reason() {
        let issue = ImportIssue {
            source: Source::Appointments,
            index: 12,
            field: Some("time".to_owned()),
            code: "timestamp-offset-missing",
            message: "this timestamp has no offset".to_owned(),
        };
        assert_eq!(
            issue_line(&issue),
            "appointments[12].time: timestamp-offset-missing: this timestamp has no offset"
        );
        let whole = ImportIssue {
            field: None,
            ..issue
        };
        assert!(issue_line(&whole).starts_with("appointments[12]: "));
    }

    #[test]
    fn the_summary_counts_every_kind_created_and_unchanged() {
        let outcome = ImportOutcome {
            created: ImportCounts {
                patients: 100,
                ..ImportCounts::default()
            },
            unchanged: ImportCounts {
                locations: 10,
                ..ImportCounts::default()
            },
            rejected: Vec::new(),
            committed: true,
        };
        let text = summary(&outcome);
        assert!(
            text.contains("patients      created     100  unchanged       0"),
            "{text}"
        );
        assert!(
            text.contains("locations     created       0  unchanged      10"),
            "{text}"
        );
        assert!(text.contains("rejected                    0"), "{text}");
    }
}
