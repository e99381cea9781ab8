//! Diesel's view of the tables created by `migrations/{sqlite,postgres}`.
//! Only portable SQL types appear here, because the multi-backend
//! connection supports no others.

diesel::table! {
    patients (nhs_number) {
        nhs_number -> Text,
        name -> Text,
        date_of_birth -> Date,
        postcode -> Text,
        version -> BigInt,
    }
}

diesel::table! {
    departments (id) {
        id -> Text,
        name -> Text,
        version -> BigInt,
    }
}

diesel::table! {
    organisations (id) {
        id -> Text,
        name -> Text,
        version -> BigInt,
    }
}

diesel::table! {
    locations (id) {
        id -> Text,
        name -> Text,
        postcode -> Text,
        version -> BigInt,
    }
}

diesel::table! {
    practitioners (id) {
        id -> Text,
        name -> Text,
        department_id -> Text,
        version -> BigInt,
    }
}

diesel::table! {
    practitioner_roles (id) {
        id -> Text,
        practitioner_id -> Text,
        organisation_id -> Nullable<Text>,
        location_id -> Text,
        department_id -> Text,
    }
}

diesel::table! {
    appointments (id) {
        id -> Text,
        patient_nhs -> Nullable<Text>,
        practitioner_id -> Text,
        department_id -> Text,
        organisation_id -> Nullable<Text>,
        location_id -> Nullable<Text>,
        start_at -> Timestamp,
        end_at -> Timestamp,
        start_day -> Date,
        duration_minutes -> Integer,
        status -> Text,
        version -> BigInt,
        series_id -> Nullable<Text>,
    }
}

diesel::table! {
    appointment_slots (practitioner_id, slot_start) {
        practitioner_id -> Text,
        slot_start -> Timestamp,
        appointment_id -> Nullable<Text>,
        hold_id -> Nullable<Text>,
        expires_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    practitioner_schedules (practitioner_id) {
        practitioner_id -> Text,
        time_zone -> Text,
        valid_from -> Date,
        valid_until -> Nullable<Date>,
        sessions -> Text,
    }
}

diesel::table! {
    practitioner_absences (id) {
        id -> Text,
        practitioner_id -> Text,
        start_at -> Timestamp,
        end_at -> Timestamp,
        reason -> Nullable<Text>,
    }
}

diesel::table! {
    busy_days (practitioner_id, day) {
        practitioner_id -> Text,
        day -> Date,
        early -> BigInt,
        late -> BigInt,
    }
}

diesel::table! {
    holds (id) {
        id -> Text,
        practitioner_id -> Text,
        start_at -> Timestamp,
        end_at -> Timestamp,
        expires_at -> Timestamp,
    }
}

diesel::table! {
    appointment_history (id) {
        id -> BigInt,
        appointment_id -> Text,
        at -> Timestamp,
        actor -> Text,
        field -> Text,
        from_value -> Nullable<Text>,
        to_value -> Nullable<Text>,
    }
}

diesel::table! {
    idempotency_keys (scope, key) {
        scope -> Text,
        key -> Text,
        fingerprint -> Text,
        started_at -> Timestamp,
        expires_at -> Timestamp,
        status -> Nullable<Integer>,
        headers -> Nullable<Text>,
        body -> Nullable<Binary>,
        patient_nhs -> Nullable<Text>,
    }
}

diesel::table! {
    api_tokens (id) {
        id -> Text,
        name -> Text,
        role -> Text,
        secret_hash -> Text,
        created_at -> Timestamp,
        expires_at -> Nullable<Timestamp>,
        last_used_at -> Nullable<Timestamp>,
        revoked_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    audit_log (sequence) {
        sequence -> BigInt,
        at -> Timestamp,
        actor -> Text,
        actor_name -> Text,
        action -> Text,
        entity -> Text,
        entity_id -> Nullable<Text>,
        subject -> Nullable<Text>,
        changes -> Text,
    }
}

diesel::table! {
    audit_subjects (pseudonym) {
        pseudonym -> Text,
        nhs_number -> Text,
    }
}

diesel::table! {
    audit_vault (id) {
        id -> BigInt,
        pseudonym -> Text,
        value -> Text,
    }
}

diesel::joinable!(practitioners -> departments (department_id));
diesel::joinable!(appointments -> practitioners (practitioner_id));
diesel::joinable!(appointments -> departments (department_id));
diesel::joinable!(appointments -> locations (location_id));

diesel::allow_tables_to_appear_in_same_query!(
    patients,
    departments,
    organisations,
    locations,
    practitioners,
    practitioner_roles,
    appointments,
    appointment_slots,
    appointment_history,
    practitioner_schedules,
    practitioner_absences,
    holds,
    busy_days,
    idempotency_keys,
    api_tokens,
    audit_log,
    audit_subjects,
    audit_vault,
);
