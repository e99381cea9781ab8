//! `GET /api/v1/reports/missed` over a mocked report port: the query string
//! becomes the domain's query, the service fills empty periods, and the same
//! figures come back as JSON, CSV or an SVG chart.

use crate::support::*;
use actix_web::test::{self, TestRequest};
use chrono::NaiveDate;
use panda_domain::report::{Counts, Dimension, GroupKey, Period, ReportRow};

fn oncology(month: u32, missed: u64) -> ReportRow {
    ReportRow {
        keys: vec![GroupKey {
            dimension: Dimension::Department,
            id: Some(DEPARTMENT.to_owned()),
            name: Some("Oncology".to_owned()),
        }],
        period_start: NaiveDate::from_ymd_opt(2029, month, 1),
        counts: Counts {
            due: 4,
            missed,
            attended: 4 - missed,
            cancelled: 2,
            missed_minutes: missed * 30,
        },
    }
}

/// Mocks whose report port expects one call and answers `rows`.
fn reporting(rows: Vec<ReportRow>) -> Mocks {
    let mut mocks = Mocks::new();
    mocks
        .reports
        .expect_missed()
        .times(1)
        .returning(move |_, _, _| Ok(rows.clone()));
    mocks
}

/// Serves one request and returns the status, content type and raw body
/// (CSV and SVG are not JSON).
async fn raw(mocks: Mocks, request: TestRequest) -> (u16, String, String) {
    let services = mocks.services();
    let app = test::init_service(panda_api::app(services, settings())).await;
    let response = test::call_service(&app, request.to_request()).await;
    let status = response.status().as_u16();
    let content_type = response
        .headers()
        .get("content-type")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_owned();
    let body = String::from_utf8(test::read_body(response).await.to_vec()).unwrap();
    (status, content_type, body)
}

const MONTHLY: &str = "/api/v1/reports/missed?group_by=department&period=month\
    &from=2029-01-01T00:00:00Z&to=2029-04-01T01:00:00%2B01:00";

#[actix_web::test]
async fn a_monthly_department_report_has_a_row_for_every_month_with_keys_counts_and_rate() {
    let mut mocks = Mocks::new();
    mocks
        .reports
        .expect_missed()
        .withf(|q, at, _| {
            q.group_by == [Dimension::Department]
                && q.period == Some(Period::Month)
                && q.from.map(|f| f.to_rfc3339()) == Some("2029-01-01T00:00:00+00:00".into())
                // The offset is honoured: 01:00+01:00 is midnight UTC.
                && q.to.map(|t| t.to_rfc3339()) == Some("2029-04-01T00:00:00+00:00".into())
                && *at == now()
        })
        .times(1)
        .returning(|_, _, _| Ok(vec![oncology(2, 1)]));
    let reply = mocks.send(TestRequest::get().uri(MONTHLY)).await;
    assert_eq!(reply.status, 200, "{}", reply.body);
    let body = &reply.body;
    assert_eq!(body["group_by"], serde_json::json!(["department"]));
    assert_eq!(body["period"], "month");
    assert_eq!(body["as_of"], "2030-01-15T08:10:00Z");
    let rows = body["rows"].as_array().unwrap();
    let months: Vec<_> = rows
        .iter()
        .map(|r| r["period_start"].as_str().unwrap())
        .collect();
    assert_eq!(months, ["2029-01-01", "2029-02-01", "2029-03-01"]);
    let february = &rows[1];
    assert_eq!(february["department"]["id"], DEPARTMENT);
    assert_eq!(february["department"]["name"], "Oncology");
    assert!(february.get("clinician").is_none());
    assert_eq!(
        (february["due"].as_u64(), february["missed"].as_u64()),
        (Some(4), Some(1))
    );
    assert_eq!(february["attended"], 3);
    assert_eq!(february["cancelled"], 2);
    assert_eq!(february["missed_rate"], 0.25);
    assert_eq!(february["missed_minutes"], 30);
    // The empty months are there, with zeros.
    assert_eq!(rows[0]["missed"], 0);
    assert_eq!(rows[0]["missed_rate"], 0.0);
}

#[actix_web::test]
async fn group_by_may_be_comma_separated_or_repeated_and_keeps_its_order_without_repeats() {
    let mut mocks = Mocks::new();
    mocks
        .reports
        .expect_missed()
        .withf(|q, _, _| {
            q.group_by
                == [
                    Dimension::Location,
                    Dimension::Clinician,
                    Dimension::Department,
                ]
                && q.period.is_none()
                && q.filter.department.map(|d| d.to_string()) == Some(DEPARTMENT.into())
        })
        .times(1)
        .returning(|_, _, _| Ok(Vec::new()));
    let uri = format!(
        "/api/v1/reports/missed?group_by=location,%20clinician&group_by=department,location\
         &period=none&department={DEPARTMENT}"
    );
    let reply = mocks.send(TestRequest::get().uri(&uri)).await;
    assert_eq!(reply.status, 200, "{}", reply.body);
}

#[actix_web::test]
async fn format_csv_and_accept_text_csv_give_the_same_csv() {
    let expected = format!(
        "department_id,department_name,period_start,due,missed,attended,cancelled,missed_rate,missed_minutes\n\
         {DEPARTMENT},Oncology,2029-01-01,0,0,0,0,0.0000,0\n\
         {DEPARTMENT},Oncology,2029-02-01,4,3,1,2,0.7500,90\n\
         {DEPARTMENT},Oncology,2029-03-01,0,0,0,0,0.0000,0\n"
    );
    let by_param = format!("{MONTHLY}&format=csv");
    let request = TestRequest::get().uri(&by_param);
    let (status, content_type, body) = raw(reporting(vec![oncology(2, 3)]), request).await;
    assert_eq!(
        (status, content_type.as_str()),
        (200, "text/csv; charset=utf-8")
    );
    assert_eq!(body, expected);
    let by_accept = TestRequest::get()
        .uri(MONTHLY)
        .insert_header(("accept", "application/json;q=0.5, text/csv"));
    let (status, _, body) = raw(reporting(vec![oncology(2, 3)]), by_accept).await;
    assert_eq!(status, 200);
    assert_eq!(body, expected);
}

#[actix_web::test]
async fn format_svg_draws_a_chart_of_missed_minutes_and_beats_accept() {
    let uri = format!("{MONTHLY}&format=svg");
    let request = TestRequest::get()
        .uri(&uri)
        .insert_header(("accept", "text/csv"));
    let rows = vec![oncology(1, 2), oncology(2, 3), oncology(3, 0)];
    let (status, content_type, svg) = raw(reporting(rows), request).await;
    assert_eq!((status, content_type.as_str()), (200, "image/svg+xml"));
    assert!(svg.starts_with("<svg"), "{svg}");
    for text in [
        "missed minutes",
        "month (UTC)",
        "department Oncology",
        "2029-02",
    ] {
        assert!(svg.contains(text), "{text}");
    }
}

#[actix_web::test]
async fn bad_values_are_one_422_naming_every_field_and_the_port_is_not_called() {
    let uri = "/api/v1/reports/missed?group_by=ward,department&period=fortnight\
               &from=2029-01-01T00:00:00&clinician=x&format=pdf";
    let reply = send(TestRequest::get().uri(uri)).await;
    reply.assert_problem(422, "invalid-input");
    assert_eq!(
        reply.fields(),
        ["group_by", "period", "from", "clinician", "format"]
    );
    let codes: Vec<_> = reply.body["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["code"].as_str().unwrap())
        .collect();
    assert_eq!(
        codes,
        [
            "dimension-unknown",
            "period-unknown",
            "timestamp-offset-missing",
            "id-format",
            "report-format-unknown"
        ]
    );
}

#[actix_web::test]
async fn a_range_that_ends_before_it_starts_is_refused_on_to() {
    let uri = "/api/v1/reports/missed?from=2029-02-01T00:00:00Z&to=2029-01-01T00:00:00Z";
    let reply = send(TestRequest::get().uri(uri)).await;
    // A single refused field gives the problem its code.
    reply.assert_problem(422, "range-reversed");
    assert_eq!(reply.fields(), ["to"]);
}

#[actix_web::test]
async fn an_unknown_or_repeated_parameter_is_a_400() {
    for uri in [
        "/api/v1/reports/missed?groupby=department",
        "/api/v1/reports/missed?period=month&period=week",
    ] {
        send(TestRequest::get().uri(uri))
            .await
            .assert_problem(400, "invalid-query");
    }
}

#[actix_web::test]
async fn a_chart_needs_a_period_and_says_so_in_welsh_too() {
    let request = TestRequest::get()
        .uri("/api/v1/reports/missed?group_by=clinician")
        .insert_header(("accept", "image/svg+xml"))
        .insert_header(("accept-language", "cy"));
    let reply = send(request).await;
    reply.assert_problem(422, "report-chart-needs-period");
    assert_eq!(reply.fields(), ["period"]);
    let error = &reply.body["errors"][0];
    assert_eq!(error["code"], "report-chart-needs-period");
    assert!(
        error["message"].as_str().unwrap().contains("siart"),
        "{error}"
    );
}

#[actix_web::test]
async fn ten_thousand_years_of_days_is_a_problem_naming_the_limit_and_the_store_is_never_asked() {
    // The request that once aborted the server on a failed allocation.
    let uri = "/api/v1/reports/missed?period=day&from=1900-01-01T00:00:00Z&to=2999-12-31T00:00:00Z";
    let reply = send(TestRequest::get().uri(uri)).await;
    reply.assert_problem(422, "report-too-many-periods");
    let detail = reply.body["detail"].as_str().unwrap();
    assert!(detail.contains("1000"), "{detail}");
}

#[actix_web::test]
async fn data_spanning_more_periods_than_allowed_with_no_range_is_a_problem() {
    // One appointment in 2018 and one in 2999, grouped by week: 51,000 weeks.
    let mut late = oncology(2, 1);
    late.period_start = NaiveDate::from_ymd_opt(2999, 12, 30);
    let mut early = oncology(2, 1);
    early.period_start = NaiveDate::from_ymd_opt(2018, 1, 1);
    let mut mocks = Mocks::new();
    mocks
        .reports
        .expect_missed()
        .times(1)
        .returning(move |_, _, _| Ok(vec![early.clone(), late.clone()]));
    let uri = "/api/v1/reports/missed?group_by=department&period=week";
    let reply = mocks.send(TestRequest::get().uri(uri)).await;
    reply.assert_problem(422, "report-too-many-periods");
}

#[actix_web::test]
async fn a_year_before_1900_or_after_2999_is_refused_in_report_ranges() {
    let uri = "/api/v1/reports/missed?from=0001-01-01T00:00:00Z&to=9999-12-31T00:00:00Z";
    let reply = send(TestRequest::get().uri(uri)).await;
    reply.assert_problem(422, "invalid-input");
    let fields: Vec<_> = reply.body["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| (e["field"].as_str().unwrap(), e["code"].as_str().unwrap()))
        .collect();
    assert_eq!(
        fields,
        [
            ("from", "timestamp-out-of-range"),
            ("to", "timestamp-out-of-range")
        ]
    );
}
