//! The missed-appointment report on the wire: its query string, parsed into
//! the domain's query with every refused parameter named, and its JSON body.
//! The CLI prints the same body, so both show the same figures.

use crate::bodies::optional;
use crate::problem::{ApiError, FieldProblem, RequestProblem};
use chrono::{DateTime, Utc};
use panda_domain::InvalidInput;
use panda_domain::common::error::{ErrorKind, Problem};
use panda_domain::common::ids::{DepartmentId, LocationId, OrganisationId, PractitionerId};
use panda_domain::common::instant::{format_instant, parse_instant};
use panda_domain::report::{
    Counts, Dimension, GroupKey, MissedReportQuery, Period, ReportFilter, ReportRow,
};
use serde::Serialize;
use utoipa::{IntoParams, ToSchema};

/// The query parameters, for the OpenAPI document only: the handler reads
/// the raw pairs, because `group_by` may be repeated.
#[derive(Debug, IntoParams)]
#[into_params(parameter_in = Query)]
#[expect(dead_code, reason = "documents the query string; never built")]
pub struct MissedReportParams {
    /// Dimensions to group by, in order: any of `clinician`, `department`,
    /// `organisation`, `location`; comma-separated or repeated. None: one total.
    group_by: Option<String>,
    /// `day`, `week` (ISO, Monday start), `month`, `quarter`, `year` or `none` (default), in UTC.
    #[param(pattern = "^(?:day|week|month|quarter|year|none)$")]
    period: Option<String>,
    /// Count appointments starting at or after this instant (RFC 3339 with an offset).
    #[param(format = DateTime)]
    from: Option<String>,
    /// Count appointments starting before this instant (RFC 3339 with an offset).
    #[param(format = DateTime)]
    to: Option<String>,
    /// Only this practitioner's appointments (id).
    #[param(format = Uuid)]
    clinician: Option<String>,
    /// Only this department's (id).
    #[param(format = Uuid)]
    department: Option<String>,
    /// Only this organisation's (id).
    #[param(format = Uuid)]
    organisation: Option<String>,
    /// Only this location's (id).
    #[param(format = Uuid)]
    location: Option<String>,
    /// `json` (default), `csv` or `svg` (a chart of missed minutes; needs a period).
    /// Takes precedence over `Accept`.
    #[param(pattern = "^(?:json|csv|svg)$")]
    format: Option<String>,
}

/// How the report is sent.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReportFormat {
    /// `application/json`.
    Json,
    /// `text/csv`, one line per row.
    Csv,
    /// `image/svg+xml`, a chart of missed minutes per period.
    Svg,
}

impl ReportFormat {
    /// Parses `json`, `csv` or `svg`.
    pub fn parse(input: &str) -> Result<Self, FormatError> {
        match input {
            "json" => Ok(Self::Json),
            "csv" => Ok(Self::Csv),
            "svg" => Ok(Self::Svg),
            _ => Err(FormatError::Unknown),
        }
    }
}

/// Why a report's format was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum FormatError {
    /// Not one of the formats.
    #[error("format is json, csv or svg")]
    Unknown,
    /// A chart over time needs periods.
    #[error("a chart needs a period: day, week, month, quarter or year")]
    ChartNeedsPeriod,
}

impl Problem for FormatError {
    fn kind(&self) -> ErrorKind {
        ErrorKind::Invalid
    }
    fn code(&self) -> &'static str {
        match self {
            Self::Unknown => "report-format-unknown",
            Self::ChartNeedsPeriod => "report-chart-needs-period",
        }
    }
}

/// A parsed request: the domain's query and, when `format=` was given, the format.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MissedReportRequest {
    /// What to count.
    pub query: MissedReportQuery,
    /// The format asked for by `format=`, which beats `Accept`.
    pub format: Option<ReportFormat>,
}

const PARAMETERS: [&str; 9] = [
    "group_by",
    "period",
    "from",
    "to",
    "clinician",
    "department",
    "organisation",
    "location",
    "format",
];

/// Parses the query string's pairs. An unknown parameter, or a repeated
/// one other than `group_by`, is a 400 `invalid-query`; bad values are one
/// 422 listing every field refused.
pub fn parse_missed_request(pairs: &[(String, String)]) -> Result<MissedReportRequest, ApiError> {
    let mut single = std::collections::HashMap::new();
    let mut dimensions = Vec::new();
    for (name, value) in pairs {
        let refused = || {
            ApiError::request(RequestProblem::InvalidQuery {
                parameter: name.clone(),
            })
        };
        if !PARAMETERS.contains(&name.as_str()) {
            return Err(refused());
        }
        if name == "group_by" {
            dimensions.extend(value.split(',').map(str::trim).filter(|d| !d.is_empty()));
        } else if single.insert(name.as_str(), value.as_str()).is_some() {
            return Err(refused());
        }
    }
    let get = |name: &str| single.get(name).copied();
    let mut input = InvalidInput::default();
    let mut group_by = Vec::new();
    for text in dimensions {
        if let Some(d) = input.check("group_by", Dimension::parse(text))
            && !group_by.contains(&d)
        {
            group_by.push(d);
        }
    }
    let period = match get("period") {
        None | Some("none") => None,
        Some(text) => optional(&mut input, "period", Some(text), Period::parse),
    };
    let from = optional(&mut input, "from", get("from"), parse_instant);
    let to = optional(&mut input, "to", get("to"), parse_instant);
    if from.zip(to).is_some_and(|(from, to)| from >= to) {
        input.push("to", &FieldProblem::RangeReversed);
    }
    let filter = ReportFilter {
        clinician: optional(
            &mut input,
            "clinician",
            get("clinician"),
            PractitionerId::parse,
        ),
        department: optional(
            &mut input,
            "department",
            get("department"),
            DepartmentId::parse,
        ),
        organisation: optional(
            &mut input,
            "organisation",
            get("organisation"),
            OrganisationId::parse,
        ),
        location: optional(&mut input, "location", get("location"), LocationId::parse),
    };
    let format = optional(&mut input, "format", get("format"), ReportFormat::parse);
    if format == Some(ReportFormat::Svg) && period.is_none() {
        input.push("period", &FormatError::ChartNeedsPeriod);
    }
    input.finish().map_err(ApiError::invalid)?;
    Ok(MissedReportRequest {
        query: MissedReportQuery {
            group_by,
            period,
            from,
            to,
            filter,
        },
        format,
    })
}

/// The field error for a chart asked for through `Accept` with no period.
pub fn chart_needs_period() -> ApiError {
    let mut input = InvalidInput::default();
    input.push("period", &FormatError::ChartNeedsPeriod);
    ApiError::invalid(input)
}

/// `missed / due`, to four decimal places (0 when nothing was due): every
/// output shows the same rounded figure.
pub fn missed_rate(counts: &Counts) -> f64 {
    (counts.missed_rate() * 10_000.0).round() / 10_000.0
}

/// One group's key in one dimension: `null`s for appointments that name
/// none (no organisation, say).
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct GroupKeyBody {
    /// The record's id.
    pub id: Option<String>,
    /// The record's name.
    pub name: Option<String>,
}

/// One row: a group (one key per `group_by` dimension), a period and its counts.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct MissedRowBody {
    /// The clinician, when grouped by clinician.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub clinician: Option<GroupKeyBody>,
    /// The department, when grouped by department.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub department: Option<GroupKeyBody>,
    /// The organisation, when grouped by organisation.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub organisation: Option<GroupKeyBody>,
    /// The location, when grouped by location.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub location: Option<GroupKeyBody>,
    /// The first day of the period (UTC), or `null` without a period.
    #[schema(example = "2026-01-01", format = Date)]
    pub period_start: Option<String>,
    /// Appointments that have ended and were not cancelled.
    pub due: u64,
    /// Of `due`: recorded missed, or still active when they ended.
    pub missed: u64,
    /// Of `due`: recorded attended.
    pub attended: u64,
    /// Cancelled appointments.
    pub cancelled: u64,
    /// `missed / due` to four decimal places; 0 when nothing was due.
    pub missed_rate: f64,
    /// Clinician time lost: the sum of the missed appointments' durations.
    pub missed_minutes: u64,
}

impl MissedRowBody {
    /// The body of `row`.
    pub fn new(row: &ReportRow) -> Self {
        let key = |d: Dimension| {
            row.keys
                .iter()
                .find(|k| k.dimension == d)
                .map(|k: &GroupKey| GroupKeyBody {
                    id: k.id.clone(),
                    name: k.name.clone(),
                })
        };
        let c = &row.counts;
        Self {
            clinician: key(Dimension::Clinician),
            department: key(Dimension::Department),
            organisation: key(Dimension::Organisation),
            location: key(Dimension::Location),
            period_start: row.period_start.map(|d| d.to_string()),
            due: c.due,
            missed: c.missed,
            attended: c.attended,
            cancelled: c.cancelled,
            missed_rate: missed_rate(c),
            missed_minutes: c.missed_minutes,
        }
    }
}

/// The whole report: what was asked, when it was judged, and the rows.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct MissedReportBody {
    /// The dimensions grouped by, in key order.
    #[schema(example = json!(["department"]))]
    pub group_by: Vec<&'static str>,
    /// The period, or `null`.
    pub period: Option<&'static str>,
    /// The first instant counted, if bounded.
    #[schema(format = DateTime)]
    pub from: Option<String>,
    /// The first instant not counted, if bounded.
    #[schema(format = DateTime)]
    pub to: Option<String>,
    /// The instant statuses were judged at: active appointments that had
    /// ended by then count as missed.
    #[schema(format = DateTime)]
    pub as_of: String,
    /// Ordered by keys, then period; every group has a row for every period.
    pub rows: Vec<MissedRowBody>,
}

impl MissedReportBody {
    /// The body for `rows`, the answer to `query` at `now`.
    pub fn new(query: &MissedReportQuery, rows: &[ReportRow], now: DateTime<Utc>) -> Self {
        Self {
            group_by: query.group_by.iter().map(Dimension::as_str).collect(),
            period: query.period.as_ref().map(Period::as_str),
            from: query.from.map(format_instant),
            to: query.to.map(format_instant),
            as_of: format_instant(now),
            rows: rows.iter().map(MissedRowBody::new).collect(),
        }
    }
}

#[cfg(test)]
mod tests;
