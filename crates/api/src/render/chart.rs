//! The missed-appointment report as an SVG chart: clinician time lost
//! (missed minutes) per period, one line per group, with a title, labelled
//! axes and a legend.
//!
//! Text is written as SVG `<text>` for the viewer to render: plotters runs
//! without a font backend (no system font libraries), estimating text
//! widths only for layout. To stay readable with hundreds of clinicians, the
//! chart draws the groups that lost the most time and folds the rest into
//! one "others" line.

use panda_domain::report::{MissedReportQuery, Period, ReportRow};
use plotters::prelude::*;
use std::collections::BTreeMap;

/// The media type of [`missed_minutes_svg`]'s output.
pub const SVG_CONTENT_TYPE: &str = "image/svg+xml";

/// The most lines a chart draws; beyond it, the smallest groups are summed into one.
pub const MAX_LINES: usize = 10;

const SIZE: (u32, u32) = (1200, 600);

/// Line colours: the Okabe-Ito palette (readable by people with colour
/// blindness and on white), then two dark greys, one per line up to
/// [`MAX_LINES`] plus "others".
const COLOURS: [RGBColor; 11] = [
    RGBColor(0, 114, 178),
    RGBColor(213, 94, 0),
    RGBColor(0, 158, 115),
    RGBColor(204, 121, 167),
    RGBColor(86, 180, 233),
    RGBColor(230, 159, 0),
    RGBColor(0, 0, 0),
    RGBColor(153, 102, 51),
    RGBColor(102, 51, 153),
    RGBColor(0, 102, 102),
    RGBColor(110, 110, 110),
];

/// The width of the legend column on the right.
const LEGEND_WIDTH: u32 = 300;

/// Why a chart could not be drawn.
#[derive(Debug, thiserror::Error)]
pub enum ChartError {
    /// A chart over time needs periods.
    #[error("a chart needs a period")]
    NoPeriod,
    /// The drawing library failed.
    #[error("drawing the chart failed: {0}")]
    Drawing(String),
}

/// One line: its legend and a value per period.
#[derive(Debug, Clone, PartialEq)]
struct Line {
    label: String,
    minutes: Vec<u64>,
}

/// The short label of the period starting on `start`.
fn period_label(period: Period, start: chrono::NaiveDate) -> String {
    use chrono::Datelike;
    match period {
        Period::Day | Period::Week => start.format("%Y-%m-%d").to_string(),
        Period::Month => start.format("%Y-%m").to_string(),
        Period::Quarter => format!("{} Q{}", start.year(), start.month0() / 3 + 1),
        Period::Year => start.year().to_string(),
    }
}

/// A group's legend: its keys' names joined, "unknown" where it has none.
fn group_label(row: &ReportRow) -> String {
    if row.keys.is_empty() {
        return "all appointments".to_owned();
    }
    let names: Vec<String> = row
        .keys
        .iter()
        .map(|k| {
            let name = k.name.as_deref().unwrap_or("unknown");
            format!("{} {name}", k.dimension.as_str())
        })
        .collect();
    names.join(" / ")
}

/// The periods in order and the lines to draw: every group when there are
/// at most [`MAX_LINES`], else the groups with the most missed minutes and
/// one line summing the others, [`MAX_LINES`] in all.
fn lines(rows: &[ReportRow]) -> (Vec<chrono::NaiveDate>, Vec<Line>) {
    let periods: Vec<_> = rows
        .iter()
        .filter_map(|r| r.period_start)
        .collect::<std::collections::BTreeSet<_>>()
        .into_iter()
        .collect();
    let index: BTreeMap<_, _> = periods.iter().enumerate().map(|(i, p)| (*p, i)).collect();
    let mut groups: BTreeMap<&[_], Line> = BTreeMap::new();
    for row in rows {
        let line = groups.entry(&row.keys).or_insert_with(|| Line {
            label: group_label(row),
            minutes: vec![0; periods.len()],
        });
        if let Some(i) = row.period_start.and_then(|p| index.get(&p)) {
            line.minutes[*i] += row.counts.missed_minutes;
        }
    }
    let mut lines: Vec<Line> = groups.into_values().collect();
    // Most time lost first; the label breaks ties so the output is stable.
    lines.sort_by(|a, b| {
        let total = |l: &Line| l.minutes.iter().sum::<u64>();
        total(b).cmp(&total(a)).then_with(|| a.label.cmp(&b.label))
    });
    if lines.len() > MAX_LINES {
        let rest = lines.split_off(MAX_LINES - 1);
        let mut others = Line {
            label: format!("{} others, summed", rest.len()),
            minutes: vec![0; periods.len()],
        };
        for line in &rest {
            for (sum, m) in others.minutes.iter_mut().zip(&line.minutes) {
                *sum += m;
            }
        }
        lines.push(others);
    }
    (periods, lines)
}

/// The chart's title, naming the grouping and period.
fn title(query: &MissedReportQuery, period: Period) -> String {
    let by: Vec<&str> = query.group_by.iter().map(|d| d.as_str()).collect();
    let by = if by.is_empty() {
        String::new()
    } else {
        format!(" by {}", by.join(", "))
    };
    format!(
        "Clinician time lost to missed appointments{by}, per {}",
        period.as_str()
    )
}

fn drawing<E: std::error::Error + Send + Sync>(error: DrawingAreaErrorKind<E>) -> ChartError {
    ChartError::Drawing(error.to_string())
}

/// The chart of `rows` (the answer to `query`) as an SVG document.
pub fn missed_minutes_svg(
    query: &MissedReportQuery,
    rows: &[ReportRow],
) -> Result<String, ChartError> {
    let period = query.period.ok_or(ChartError::NoPeriod)?;
    let (periods, lines) = lines(rows);
    let last = periods.len().saturating_sub(1).max(1);
    let peak = lines
        .iter()
        .flat_map(|l| l.minutes.iter().copied())
        .max()
        .unwrap_or(0);
    // Headroom above the highest point, and a visible axis when all is zero.
    let top = (peak + peak / 10).max(10);
    let mut svg = String::new();
    {
        let root = SVGBackend::with_string(&mut svg, SIZE).into_drawing_area();
        root.fill(&WHITE).map_err(drawing)?;
        let root = root
            .titled(&title(query, period), ("sans-serif", 22))
            .map_err(drawing)?;
        // The legend gets its own column, so it never hides a line.
        let (plot, legend) = root.split_horizontally(SIZE.0 - LEGEND_WIDTH);
        let mut chart = ChartBuilder::on(&plot)
            .margin(16)
            .margin_right(32)
            .x_label_area_size(56)
            .y_label_area_size(80)
            .build_cartesian_2d(0..last, 0..top)
            .map_err(drawing)?;
        let label = |i: &usize| {
            periods
                .get(*i)
                .map(|p| period_label(period, *p))
                .unwrap_or_default()
        };
        chart
            .configure_mesh()
            .x_desc(format!("{} (UTC), by first day", period.as_str()))
            .y_desc("missed minutes")
            .x_labels(periods.len().clamp(2, 12))
            .x_label_formatter(&label)
            .y_labels(8)
            .axis_desc_style(("sans-serif", 16))
            .label_style(("sans-serif", 13))
            .light_line_style(WHITE.mix(0.0))
            .draw()
            .map_err(drawing)?;
        for (i, line) in lines.iter().enumerate() {
            let colour = COLOURS[i % COLOURS.len()];
            let points = line.minutes.iter().enumerate().map(|(x, y)| (x, *y));
            chart
                .draw_series(LineSeries::new(points, colour.stroke_width(2)))
                .map_err(drawing)?;
            let y = 40 + 24 * i32::try_from(i).unwrap_or(0);
            legend
                .draw(&PathElement::new(
                    vec![(8, y), (32, y)],
                    colour.stroke_width(3),
                ))
                .map_err(drawing)?;
            legend
                .draw(&Text::new(
                    line.label.as_str(),
                    (40, y - 7),
                    ("sans-serif", 14),
                ))
                .map_err(drawing)?;
        }
        root.present().map_err(drawing)?;
    }
    Ok(svg)
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;
    use panda_domain::report::{Counts, Dimension, GroupKey, ReportFilter};

    fn row(name: &str, month: u32, minutes: u64) -> ReportRow {
        ReportRow {
            keys: vec![GroupKey {
                dimension: Dimension::Department,
                id: Some(name.to_owned()),
                name: Some(name.to_owned()),
            }],
            period_start: NaiveDate::from_ymd_opt(2026, month, 1),
            counts: Counts {
                missed_minutes: minutes,
                ..Counts::default()
            },
        }
    }

    fn query(period: Option<Period>) -> MissedReportQuery {
        MissedReportQuery {
            group_by: vec![Dimension::Department],
            period,
            from: None,
            to: None,
            filter: ReportFilter::default(),
        }
    }

    #[test]
    fn the_chart_has_a_title_axes_with_units_a_legend_and_escaped_names() {
        let rows = vec![
            row("A&E", 1, 30),
            row("A&E", 2, 90),
            row("Oncology", 1, 0),
            row("Oncology", 2, 15),
        ];
        let svg = missed_minutes_svg(&query(Some(Period::Month)), &rows).unwrap();
        assert!(svg.starts_with("<svg"));
        for text in [
            "Clinician time lost to missed appointments by department, per month",
            "missed minutes",
            "month (UTC), by first day",
            "2026-01",
            "2026-02",
            "department A&amp;E",
            "department Oncology",
        ] {
            assert!(svg.contains(text), "{text} missing from {svg}");
        }
        // One line per group, in the series colours (axes are black).
        let lines = svg.matches("stroke-width=\"2\" points=").count();
        assert_eq!(lines, 2);
    }

    #[test]
    fn beyond_ten_groups_the_smallest_are_summed_into_one_line() {
        let rows: Vec<_> = (0..12)
            .map(|i| row(&format!("D{i:02}"), 1, i * 10))
            .collect();
        let (_, lines) = lines(&rows);
        assert_eq!(lines.len(), MAX_LINES);
        assert_eq!(lines[0].label, "department D11");
        let others = &lines[MAX_LINES - 1];
        assert_eq!(others.label, "3 others, summed");
        assert_eq!(others.minutes, vec![(0..3).map(|i| i * 10).sum::<u64>()]);
    }

    #[test]
    fn a_chart_without_a_period_is_refused() {
        assert!(matches!(
            missed_minutes_svg(&query(None), &[]),
            Err(ChartError::NoPeriod)
        ));
    }
}
