//! Concurrent bookings over HTTP: the database holds the rules, so exactly
//! one of many simultaneous requests for the same slot or day wins.

use crate::on_both_backends;
use crate::support::{App, future, nhs_numbers};
use std::sync::Arc;

const RACERS: usize = 32;

async fn statuses(
    app: &App,
    requests: Vec<(String, String)>,
    start: &str,
) -> (usize, usize, Vec<u16>) {
    let app_base = Arc::new((app.client.clone(), app.base.clone()));
    let barrier = Arc::new(tokio::sync::Barrier::new(requests.len()));
    let tasks: Vec<_> = requests
        .into_iter()
        .map(|(nhs, dr)| {
            let (ctx, barrier, start) = (app_base.clone(), barrier.clone(), start.to_owned());
            tokio::spawn(async move {
                let body = serde_json::json!({"practitioner_id": dr, "start_time": start});
                barrier.wait().await;
                let url = format!("{}/api/v1/patients/{nhs}/appointments", ctx.1);
                ctx.0
                    .post(url)
                    .json(&body)
                    .send()
                    .await
                    .map(|r| r.status().as_u16())
                    .unwrap_or(0)
            })
        })
        .collect();
    let mut all = Vec::new();
    for t in tasks {
        all.push(t.await.unwrap_or(0));
    }
    let created = all.iter().filter(|s| **s == 201).count();
    let conflicts = all.iter().filter(|s| **s == 409).count();
    (created, conflicts, all)
}

async fn of_32_concurrent_bookings_of_one_slot_exactly_one_wins(app: &App) {
    let patients = nhs_numbers(RACERS);
    for nhs in &patients {
        app.patient(nhs).await;
    }
    let dr = app.practitioner("Racing Clinician").await;
    let requests = patients.iter().map(|n| (n.clone(), dr.clone())).collect();
    let (created, conflicts, all) = statuses(app, requests, &future(4, 11, 0)).await;
    assert_eq!((created, conflicts), (1, RACERS - 1), "{all:?}");
}

async fn of_32_concurrent_bookings_of_one_patient_on_one_day_exactly_one_wins(app: &App) {
    let nhs = nhs_numbers(1).remove(0);
    app.patient(&nhs).await;
    let mut requests = Vec::new();
    for i in 0..RACERS {
        requests.push((
            nhs.clone(),
            app.practitioner(&format!("Clinician {i}")).await,
        ));
    }
    let (created, conflicts, all) = statuses(app, requests, &future(4, 11, 0)).await;
    assert_eq!((created, conflicts), (1, RACERS - 1), "{all:?}");
}

on_both_backends!(
    of_32_concurrent_bookings_of_one_slot_exactly_one_wins,
    of_32_concurrent_bookings_of_one_patient_on_one_day_exactly_one_wins,
);
