//! The missed-appointment report as CSV: a header, then one line per row,
//! with the same figures as the JSON body.

use crate::bodies::report::missed_rate;
use panda_domain::report::{Dimension, ReportRow};

/// The media type of [`missed_csv`]'s output.
pub const CSV_CONTENT_TYPE: &str = "text/csv; charset=utf-8";

/// The header: `<dimension>_id` and `<dimension>_name` per `group_by`
/// dimension, then the period and the counts.
pub fn missed_header(group_by: &[Dimension]) -> Vec<String> {
    let mut header = Vec::new();
    for d in group_by {
        header.push(format!("{}_id", d.as_str()));
        header.push(format!("{}_name", d.as_str()));
    }
    header.extend(
        [
            "period_start",
            "due",
            "missed",
            "attended",
            "cancelled",
            "missed_rate",
            "missed_minutes",
        ]
        .map(str::to_owned),
    );
    header
}

/// One row's fields, in [`missed_header`]'s order. An unknown key (no
/// organisation, say) and a missing period are empty fields.
pub fn missed_record(row: &ReportRow) -> Vec<String> {
    let mut record = Vec::new();
    for key in &row.keys {
        record.push(key.id.clone().unwrap_or_default());
        record.push(key.name.clone().unwrap_or_default());
    }
    let c = &row.counts;
    record.push(row.period_start.map(|d| d.to_string()).unwrap_or_default());
    record.extend([c.due, c.missed, c.attended, c.cancelled].map(|n| n.to_string()));
    record.push(format!("{:.4}", missed_rate(c)));
    record.push(c.missed_minutes.to_string());
    record
}

/// The report as CSV (RFC 4180: quoted where needed, CRLF-free `\n` lines).
pub fn missed_csv(group_by: &[Dimension], rows: &[ReportRow]) -> Result<Vec<u8>, csv::Error> {
    let mut writer = csv::Writer::from_writer(Vec::new());
    writer.write_record(missed_header(group_by))?;
    for row in rows {
        writer.write_record(missed_record(row))?;
    }
    writer
        .into_inner()
        .map_err(|e| csv::Error::from(e.into_error()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;
    use panda_domain::report::{Counts, GroupKey};

    #[test]
    fn each_row_is_a_line_with_ids_names_period_and_counts_and_names_are_quoted() {
        let row = ReportRow {
            keys: vec![
                GroupKey {
                    dimension: Dimension::Department,
                    id: Some("d1".to_owned()),
                    name: Some("Ear, Nose & Throat".to_owned()),
                },
                GroupKey {
                    dimension: Dimension::Location,
                    id: None,
                    name: None,
                },
            ],
            period_start: NaiveDate::from_ymd_opt(2026, 1, 1),
            counts: Counts {
                due: 3,
                missed: 1,
                attended: 2,
                cancelled: 4,
                missed_minutes: 45,
            },
        };
        let group_by = [Dimension::Department, Dimension::Location];
        let text = String::from_utf8(missed_csv(&group_by, &[row]).unwrap()).unwrap();
        assert_eq!(
            text,
            "department_id,department_name,location_id,location_name,period_start,\
             due,missed,attended,cancelled,missed_rate,missed_minutes\n\
             d1,\"Ear, Nose & Throat\",,,2026-01-01,3,1,2,4,0.3333,45\n"
        );
    }
}
