//! Where an appointment counts: the department and organisation it is
//! booked under, from the practitioner's role at the location.

use super::{AppointmentService, PlacementError};
use crate::appointment::model::{Appointment, AppointmentView};
use crate::common::ids::{LocationId, OrganisationId, PractitionerId};
use crate::common::postcode::Postcode;
use crate::directory::{Department, Practitioner};

/// The records an appointment is placed among, read once per booking.
pub(super) struct Placement {
    pub(super) practitioner: Practitioner,
    pub(super) department: Department,
    pub(super) organisation_id: Option<OrganisationId>,
    pub(super) postcode: Option<Postcode>,
}

impl Placement {
    /// The read model of `appointment` placed here.
    pub(super) fn view(self, appointment: Appointment) -> AppointmentView {
        AppointmentView {
            appointment,
            clinician: self.practitioner.name,
            department: self.department.name,
            postcode: self.postcode,
        }
    }
}

impl AppointmentService {
    /// Without a location, an appointment counts against the practitioner's
    /// home department. With one, against the department and organisation
    /// of their role there; a practitioner who holds roles must hold one at
    /// that location, while one with no roles may be booked anywhere.
    pub(super) fn place(
        &self,
        practitioner_id: PractitionerId,
        location_id: Option<LocationId>,
    ) -> Result<Placement, PlacementError> {
        let practitioner = self
            .practitioners
            .get(practitioner_id)?
            .ok_or(PlacementError::PractitionerNotFound)?;
        let home = practitioner.department.clone();
        let Some(location_id) = location_id else {
            return Ok(Placement {
                practitioner,
                department: home,
                organisation_id: None,
                postcode: None,
            });
        };
        let location = self
            .locations
            .get(location_id)?
            .ok_or(PlacementError::LocationNotFound)?;
        let roles = self.practitioners.roles(practitioner_id)?;
        let (department, organisation_id) = if roles.is_empty() {
            (home, None)
        } else {
            let role = roles
                .iter()
                .find(|r| r.location_id == location_id)
                .ok_or(PlacementError::PractitionerNotAtLocation)?;
            let department = if role.department_id == home.id {
                home
            } else {
                self.departments
                    .get(role.department_id)?
                    .ok_or(PlacementError::Repository(
                        crate::RepositoryError::unexpected(
                            "a role names a department that does not exist",
                        ),
                    ))?
            };
            (department, role.organisation_id)
        };
        Ok(Placement {
            practitioner,
            department,
            organisation_id,
            postcode: Some(location.postcode),
        })
    }
}
