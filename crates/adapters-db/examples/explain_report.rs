//! Prints the plan and the time of the benchmark's report (every
//! appointment, by department, per month) on the database a URL names:
//!
//! ```text
//! cargo run --release -p panda-adapters-db --example explain_report -- sqlite:///tmp/bench.db
//! ```
//!
//! PostgreSQL's plan is `EXPLAIN (ANALYZE, BUFFERS)`; SQLite's is
//! `EXPLAIN QUERY PLAN`. The time is the median of seven runs through the
//! report port, after one warm-up run.

use anyhow::Context;
use panda_adapters_db::Database;
use panda_domain::report::{Dimension, MissedReportQuery, Period, ReportFilter, ReportRepository};
use std::time::Instant;

fn main() -> anyhow::Result<()> {
    let url = std::env::args()
        .nth(1)
        .context("usage: explain_report DATABASE_URL")?;
    let database = Database::connect(&url, 1)?;
    let query = MissedReportQuery {
        group_by: vec![Dimension::Department],
        period: Some(Period::Month),
        from: None,
        to: None,
        filter: ReportFilter::default(),
    };
    let now = chrono::Utc::now();
    for line in database.explain_missed_report(&query, now, true)? {
        println!("{line}");
    }
    let rows = database.missed(&query, now, usize::MAX)?;
    let mut times = Vec::new();
    for _ in 0..7 {
        let started = Instant::now();
        database.missed(&query, now, usize::MAX)?;
        times.push(started.elapsed());
    }
    times.sort();
    println!(
        "{} rows; median {:.1} ms (min {:.1}, max {:.1}) over {} runs",
        rows.len(),
        times[times.len() / 2].as_secs_f64() * 1e3,
        times[0].as_secs_f64() * 1e3,
        times[times.len() - 1].as_secs_f64() * 1e3,
        times.len()
    );
    Ok(())
}
