//! Where reads run: keyed reads on the worker when lookups are inline,
//! everything else on the blocking pool whatever the setting.

use crate::support::{
    APPOINTMENT, DEPARTMENT, LOCATION, Mocks, NHS, ORGANISATION, PRACTITIONER, appointment, at,
    department, location, organisation, patient, practitioner,
};
use actix_web::test::TestRequest;
use panda_api::Lookups;
use panda_domain::Page;
use panda_domain::appointment::AppointmentStatus;
use std::sync::{Arc, Mutex};
use std::thread::{self, ThreadId};

/// The threads the ports were called on.
type Seen = Arc<Mutex<Vec<ThreadId>>>;

/// Mocks answering every keyed read, each noting the thread it ran on.
fn keyed(lookups: Lookups, seen: &Seen) -> Mocks {
    let mut mocks = Mocks {
        lookups,
        ..Mocks::new()
    };
    // Each port answers with `$value` and notes the thread it ran on.
    macro_rules! answer {
        ($($port:ident . $method:ident => $value:expr),* $(,)?) => {$({
            let seen = seen.clone();
            mocks.$port.$method().returning(move |_| {
                seen.lock().unwrap().push(thread::current().id());
                Ok($value)
            });
        })*};
    }
    answer!(
        patients.expect_get => Some(patient()),
        appointments.expect_for_patient => Some(vec![appointment(at(9, 0), AppointmentStatus::Active)]),
        appointments.expect_get => Some(appointment(at(9, 0), AppointmentStatus::Active)),
        practitioners.expect_get => Some(practitioner()),
        departments.expect_get => Some(department()),
        organisations.expect_get => Some(organisation()),
        locations.expect_get => Some(location()),
    );
    mocks
}

fn keyed_uris() -> Vec<String> {
    vec![
        format!("/api/v1/patients/{NHS}"),
        format!("/api/v1/patients/{NHS}/appointments"),
        format!("/api/v1/appointments/{APPOINTMENT}"),
        format!("/api/v1/practitioners/{PRACTITIONER}"),
        format!("/api/v1/departments/{DEPARTMENT}"),
        format!("/api/v1/organisations/{ORGANISATION}"),
        format!("/api/v1/locations/{LOCATION}"),
    ]
}

#[actix_web::test]
async fn inline_lookups_run_on_the_worker_and_answer_as_offloaded_ones_do() {
    let here = thread::current().id();
    for uri in keyed_uris() {
        let (inline_seen, offloaded_seen) = (Seen::default(), Seen::default());
        let inline = keyed(Lookups::Inline, &inline_seen)
            .send(TestRequest::get().uri(&uri))
            .await;
        let offloaded = keyed(Lookups::Offloaded, &offloaded_seen)
            .send(TestRequest::get().uri(&uri))
            .await;
        assert_eq!(inline.status, 200, "{uri}: {}", inline.body);
        assert_eq!(inline.status, offloaded.status, "{uri}");
        assert_eq!(inline.body, offloaded.body, "{uri}");
        assert_eq!(inline.header("etag"), offloaded.header("etag"), "{uri}");
        assert_eq!(*inline_seen.lock().unwrap(), [here], "{uri}");
        let offloaded_on = offloaded_seen.lock().unwrap().clone();
        assert!(
            !offloaded_on.is_empty() && !offloaded_on.contains(&here),
            "{uri}"
        );
    }
}

#[actix_web::test]
async fn a_panic_in_an_inline_lookup_is_a_500_and_the_worker_serves_on() {
    // No expectation is set, so the mock panics on the worker itself.
    let mocks = Mocks {
        lookups: Lookups::Inline,
        ..Mocks::new()
    };
    let reply = mocks
        .send(TestRequest::get().uri(&format!("/api/v1/patients/{NHS}")))
        .await;
    reply.assert_problem(500, "internal-error");
    let seen = Seen::default();
    let next = keyed(Lookups::Inline, &seen)
        .send(TestRequest::get().uri(&format!("/api/v1/patients/{NHS}")))
        .await;
    assert_eq!(next.status, 200);
}

#[actix_web::test]
async fn lists_leave_the_worker_even_when_lookups_are_inline() {
    let seen = Seen::default();
    let mut mocks = Mocks {
        lookups: Lookups::Inline,
        ..Mocks::new()
    };
    let noted = seen.clone();
    mocks.patients.expect_list().returning(move |_, _| {
        noted.lock().unwrap().push(thread::current().id());
        Ok(Page {
            items: vec![patient()],
            total: 1,
        })
    });
    let reply = mocks.send(TestRequest::get().uri("/api/v1/patients")).await;
    assert_eq!(reply.status, 200, "{}", reply.body);
    let on = seen.lock().unwrap().clone();
    assert_eq!(on.len(), 1);
    assert_ne!(on[0], thread::current().id());
}

#[actix_web::test]
async fn a_store_that_answers_later_is_awaited_on_the_worker_and_answers_as_the_others() {
    let uri = format!("/api/v1/patients/{NHS}/appointments");
    let here = thread::current().id();
    let (later_seen, offloaded_seen) = (Seen::default(), Seen::default());
    let mut later = Mocks {
        lookups: Lookups::Offloaded,
        ..Mocks::new()
    };
    let seen = later_seen.clone();
    later
        .appointments
        .expect_for_patient_later()
        .returning(move |_| {
            seen.lock().unwrap().push(thread::current().id());
            let found = vec![appointment(at(9, 0), AppointmentStatus::Active)];
            Some(Box::pin(std::future::ready(Ok(Some(found)))))
        });
    later.appointments.expect_for_patient().never();
    let answered_later = later.send(TestRequest::get().uri(&uri)).await;
    let offloaded = keyed(Lookups::Offloaded, &offloaded_seen)
        .send(TestRequest::get().uri(&uri))
        .await;
    assert_eq!(answered_later.status, 200, "{}", answered_later.body);
    assert_eq!(answered_later.body, offloaded.body);
    assert_eq!(answered_later.header("etag"), offloaded.header("etag"));
    assert_eq!(*later_seen.lock().unwrap(), [here]);

    let mut nobody = Mocks::new();
    nobody
        .appointments
        .expect_for_patient_later()
        .returning(|_| Some(Box::pin(std::future::ready(Ok(None)))));
    let reply = nobody.send(TestRequest::get().uri(&uri)).await;
    reply.assert_problem(404, "patient-not-found");
}
