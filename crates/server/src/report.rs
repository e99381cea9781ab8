//! `panda report missed`: the missed-appointment report on the command
//! line, with the same figures as `GET /api/v1/reports/missed` (the JSON
//! and CSV writers are the API's own).

use crate::config::Config;
use crate::database::open_and_migrate;
use anyhow::{Context, bail};
use chrono::{DateTime, Utc};
use clap::{Args, Subcommand, ValueEnum};
use panda_api::bodies::report::{MissedReportBody, missed_rate};
use panda_api::render::csv::{missed_csv, missed_header};
use panda_domain::SystemClock;
use panda_domain::common::ids::{DepartmentId, LocationId, OrganisationId, PractitionerId};
use panda_domain::common::instant::parse_instant;
use panda_domain::report::{
    Dimension, MissedReportQuery, Period, ReportFilter, ReportRow, ReportService,
};
use std::io::Write;
use std::sync::Arc;

/// The reports.
#[derive(Debug, Clone, PartialEq, Eq, Subcommand)]
pub enum ReportCommand {
    /// Missed appointments and the clinician time they lost, per group and period.
    Missed(MissedArgs),
}

/// How the report is printed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum OutputFormat {
    /// Aligned columns for people, names rather than ids.
    Table,
    /// CSV, as the API's `format=csv`.
    Csv,
    /// JSON, as the API's default.
    Json,
}

/// `panda report missed`'s options. Each value is checked by the domain's
/// own parser, so a bad one is a usage error naming the option.
#[derive(Debug, Clone, PartialEq, Eq, Args)]
pub struct MissedArgs {
    /// Group by clinician, department, organisation or location; repeat or
    /// separate with commas. None: one total.
    #[arg(long, value_delimiter = ',', value_parser = |s: &str| Dimension::parse(s))]
    pub by: Vec<Dimension>,
    /// day, week (ISO, from Monday), month, quarter, year (all UTC) or none.
    #[arg(long, default_value = "none", value_parser = period)]
    pub period: PeriodArg,
    /// Count appointments starting at or after this instant (RFC 3339 with an offset).
    #[arg(long, value_parser = |s: &str| parse_instant(s))]
    pub from: Option<DateTime<Utc>>,
    /// Count appointments starting before this instant (RFC 3339 with an offset).
    #[arg(long, value_parser = |s: &str| parse_instant(s))]
    pub to: Option<DateTime<Utc>>,
    /// Only this practitioner's appointments (id).
    #[arg(long, value_parser = |s: &str| PractitionerId::parse(s))]
    pub clinician: Option<PractitionerId>,
    /// Only this department's (id).
    #[arg(long, value_parser = |s: &str| DepartmentId::parse(s))]
    pub department: Option<DepartmentId>,
    /// Only this organisation's (id).
    #[arg(long, value_parser = |s: &str| OrganisationId::parse(s))]
    pub organisation: Option<OrganisationId>,
    /// Only this location's (id).
    #[arg(long, value_parser = |s: &str| LocationId::parse(s))]
    pub location: Option<LocationId>,
    /// How to print it.
    #[arg(long, value_enum, default_value_t = OutputFormat::Table)]
    pub format: OutputFormat,
}

/// A period, or `none`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PeriodArg(pub Option<Period>);

fn period(input: &str) -> Result<PeriodArg, panda_domain::report::period::PeriodError> {
    match input {
        "none" => Ok(PeriodArg(None)),
        other => Period::parse(other).map(|p| PeriodArg(Some(p))),
    }
}

impl MissedArgs {
    /// The domain's query; `--from` must come before `--to`.
    pub fn query(&self) -> anyhow::Result<MissedReportQuery> {
        if let (Some(from), Some(to)) = (self.from, self.to)
            && from >= to
        {
            bail!("--from must be before --to");
        }
        let mut group_by = Vec::new();
        for d in &self.by {
            if !group_by.contains(d) {
                group_by.push(*d);
            }
        }
        Ok(MissedReportQuery {
            group_by,
            period: self.period.0,
            from: self.from,
            to: self.to,
            filter: ReportFilter {
                clinician: self.clinician,
                department: self.department,
                organisation: self.organisation,
                location: self.location,
            },
        })
    }
}

/// Runs the report named on the command line and prints it on stdout.
pub fn run(config: &Config, command: &ReportCommand) -> anyhow::Result<()> {
    let ReportCommand::Missed(args) = command;
    let query = args.query()?;
    let (database, _) = open_and_migrate(config)?;
    let service = ReportService {
        reports: Arc::new(database),
        clock: Arc::new(SystemClock),
    };
    let rows = service.missed(&query).context("the report failed")?;
    let now = service.clock.now();
    let text = match args.format {
        OutputFormat::Json => {
            let body = MissedReportBody::new(&query, &rows, now);
            serde_json::to_string_pretty(&body)? + "\n"
        }
        OutputFormat::Csv => String::from_utf8(missed_csv(&query.group_by, &rows)?)?,
        OutputFormat::Table => table(&query, &rows),
    };
    let mut out = std::io::stdout().lock();
    out.write_all(text.as_bytes())?;
    out.flush()?;
    Ok(())
}

/// The report as aligned columns: a name per grouped dimension (ids are
/// in the CSV and JSON), then the period and the counts, numbers right-aligned.
pub fn table(query: &MissedReportQuery, rows: &[ReportRow]) -> String {
    let names = query.group_by.len();
    let header: Vec<String> = query
        .group_by
        .iter()
        .map(|d| d.as_str().to_owned())
        .chain(missed_header(&[]))
        .collect();
    let mut lines = vec![header];
    for row in rows {
        let c = &row.counts;
        let mut line: Vec<String> = row
            .keys
            .iter()
            .map(|k| k.name.clone().unwrap_or_else(|| "(none)".to_owned()))
            .collect();
        line.push(row.period_start.map(|d| d.to_string()).unwrap_or_default());
        line.extend([c.due, c.missed, c.attended, c.cancelled].map(|n| n.to_string()));
        line.push(format!("{:.4}", missed_rate(c)));
        line.push(c.missed_minutes.to_string());
        lines.push(line);
    }
    let widths: Vec<usize> = (0..lines[0].len())
        .map(|i| {
            lines
                .iter()
                .map(|l| l[i].chars().count())
                .max()
                .unwrap_or(0)
        })
        .collect();
    let mut out = String::new();
    for line in &lines {
        let cells: Vec<String> = line
            .iter()
            .zip(&widths)
            .enumerate()
            .map(|(i, (cell, width))| {
                // Names and the period read left to right; counts line up on the right.
                if i <= names {
                    format!("{cell:<width$}")
                } else {
                    format!("{cell:>width$}")
                }
            })
            .collect();
        out.push_str(cells.join("  ").trim_end());
        out.push('\n');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;
    use clap::Parser;
    use panda_domain::report::{Counts, GroupKey};

    #[derive(Debug, Parser)]
    struct Cli {
        #[command(subcommand)]
        report: ReportCommand,
    }

    fn parse(args: &[&str]) -> Result<MissedArgs, clap::Error> {
        let args = std::iter::once("report").chain(args.iter().copied());
        Cli::try_parse_from(args).map(|cli| match cli.report {
            ReportCommand::Missed(args) => args,
        })
    }

    #[test]
    fn options_are_parsed_by_the_domain_and_bad_ones_are_usage_errors() {
        let args = parse(&[
            "missed",
            "--by",
            "department,clinician",
            "--by",
            "department",
            "--period",
            "month",
            "--from",
            "2026-01-01T00:00:00+01:00",
        ])
        .unwrap();
        let query = args.query().unwrap();
        assert_eq!(
            query.group_by,
            [Dimension::Department, Dimension::Clinician]
        );
        assert_eq!(query.period, Some(Period::Month));
        assert_eq!(
            query.from.map(|f| f.to_rfc3339()).as_deref(),
            Some("2025-12-31T23:00:00+00:00")
        );
        assert_eq!(args.format, OutputFormat::Table);
        for bad in [
            &["missed", "--by", "ward"][..],
            &["missed", "--period", "fortnight"],
            &["missed", "--from", "2026-01-01"],
            &["missed", "--department", "x"],
            &["missed", "--format", "xml"],
        ] {
            assert!(parse(bad).is_err(), "{bad:?}");
        }
    }

    #[test]
    fn a_reversed_range_is_refused() {
        let args = parse(&[
            "missed",
            "--from",
            "2026-02-01T00:00:00Z",
            "--to",
            "2026-01-01T00:00:00Z",
        ])
        .unwrap();
        assert!(args.query().is_err());
    }

    #[test]
    fn the_table_shows_names_and_right_aligned_counts() {
        let query = parse(&["missed", "--by", "department", "--period", "month"])
            .unwrap()
            .query()
            .unwrap();
        let row = |name: &str, missed: u64| ReportRow {
            keys: vec![GroupKey {
                dimension: Dimension::Department,
                id: Some("id".to_owned()),
                name: Some(name.to_owned()),
            }],
            period_start: NaiveDate::from_ymd_opt(2026, 1, 1),
            counts: Counts {
                due: 10,
                missed,
                attended: 10 - missed,
                cancelled: 1,
                missed_minutes: missed * 30,
            },
        };
        let text = table(&query, &[row("Oncology", 2), row("ENT", 10)]);
        let expected = "\
department  period_start  due  missed  attended  cancelled  missed_rate  missed_minutes
Oncology    2026-01-01     10       2         8          1       0.2000              60
ENT         2026-01-01     10      10         0          1       1.0000             300
";
        assert_eq!(text, expected);
    }
}
