//! The directory's ports for [`crate::Database`]: practitioners and their
//! roles, departments, organisations and locations (`panda_domain::directory`).

mod departments;
mod locations;
mod organisations;
mod practitioners;
