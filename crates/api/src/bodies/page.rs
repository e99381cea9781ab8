//! Pages of lists: `{items, total, offset, limit}`.

use super::appointment::{AppointmentBody, HistoryEntryBody};
use super::audit::AuditRecordBody;
use super::directory::{LocationBody, NamedBody};
use super::directory::{PractitionerBody, RoleBody};
use super::patient::PatientBody;
use super::schedule::{AbsenceBody, SlotBody};
use panda_domain::{Page, PageRequest};
use serde::Serialize;
use utoipa::ToSchema;

macro_rules! page_body {
    ($($(#[$doc:meta])* $name:ident of $item:ty),* $(,)?) => {$(
        $(#[$doc])*
        #[derive(Debug, Serialize, ToSchema)]
        pub struct $name {
            /// The records on this page.
            pub items: Vec<$item>,
            /// How many records match in all.
            pub total: u64,
            /// How many were skipped.
            pub offset: u64,
            /// The most this page could hold.
            pub limit: u32,
        }

        impl $name {
            /// The page of `page` asked for by `request`, each record
            /// converted by `body`.
            pub fn new<'a, T>(page: &'a Page<T>, request: PageRequest, body: impl Fn(&'a T) -> $item) -> Self {
                Self {
                    items: page.items.iter().map(body).collect(),
                    total: page.total,
                    offset: request.offset,
                    limit: request.limit,
                }
            }
        }
    )*};
}

page_body!(
    /// A page of patients.
    PatientPage of PatientBody,
    /// A page of practitioners.
    PractitionerPage of PractitionerBody,
    /// A page of departments or organisations.
    NamedPage of NamedBody,
    /// A page of locations.
    LocationPage of LocationBody,
    /// A page of appointments.
    AppointmentPage of AppointmentBody,
    /// A page of the audit trail.
    AuditPage of AuditRecordBody,
    /// A page of a practitioner's roles.
    RolePage of RoleBody,
    /// A page of an appointment's history.
    HistoryPage of HistoryEntryBody,
    /// A page of a practitioner's absences.
    AbsencePage of AbsenceBody,
    /// A page of free slots.
    SlotPage of SlotBody,
);
