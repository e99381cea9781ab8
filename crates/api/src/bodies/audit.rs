//! The audit trail on the wire: its query string and its records.

use crate::bodies::{filter_text, optional};
use crate::problem::FieldProblem;
use panda_domain::InvalidInput;
use panda_domain::audit::{AuditAction, AuditFilter, AuditValue, Change, Entity, StoredRecord};
use panda_domain::common::error::{ErrorKind, Problem};
use panda_domain::common::instant::{format_instant, parse_instant};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

/// Filters for the audit trail. Every filter given must match.
#[derive(Debug, Default, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct AuditQuery {
    /// Only records about this kind of record: `patient`, `practitioner`,
    /// `practitioner-role`, `department`, `organisation`, `location`,
    /// `appointment`, `import`, `token`, `schedule`, `absence` or `hold`.
    pub entity_type: Option<String>,
    /// Only records about the record with this id (for patients, the NHS
    /// number; needs `entity_type`).
    pub entity_id: Option<String>,
    /// Only records by this actor, as records name them (`token:<id>`,
    /// `oidc:<subject>`, `system`, `anonymous`).
    pub actor: Option<String>,
    /// Only records of this action: `create`, `update`, `erase`, `import`
    /// or `revoke`.
    #[param(pattern = "^(?:create|update|erase|import|revoke|delete)$")]
    pub action: Option<String>,
    /// Only records at or after this instant (RFC 3339 with an offset).
    #[param(format = DateTime)]
    pub from: Option<String>,
    /// Only records before this instant (RFC 3339 with an offset).
    #[param(format = DateTime)]
    pub to: Option<String>,
    /// How many records to skip (default 0).
    #[param(value_type = Option<u64>, minimum = 0)]
    pub offset: Option<String>,
    /// How many records at most (default 50, at most 500).
    #[param(value_type = Option<u32>, minimum = 1, maximum = 500)]
    pub limit: Option<String>,
}

/// Why an audit action name was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("an action is create, update, erase, import, revoke or delete")]
pub struct ActionError;

impl Problem for ActionError {
    fn kind(&self) -> ErrorKind {
        ErrorKind::Invalid
    }
    fn code(&self) -> &'static str {
        "audit-action-unknown"
    }
}

impl AuditQuery {
    /// The filter, with every refused parameter recorded in `input`.
    pub fn filter(&self, input: &mut InvalidInput) -> AuditFilter {
        let entity = optional(
            input,
            "entity_type",
            self.entity_type.as_deref(),
            Entity::parse,
        );
        let entity_id = filter_text(input, "entity_id", self.entity_id.as_deref());
        let actor = filter_text(input, "actor", self.actor.as_deref());
        let action = optional(input, "action", self.action.as_deref(), |a| {
            AuditAction::parse(a).ok_or(ActionError)
        });
        let from = optional(input, "from", self.from.as_deref(), parse_instant);
        let to = optional(input, "to", self.to.as_deref(), parse_instant);
        if let (Some(from), Some(to)) = (from, to)
            && from >= to
        {
            input.push("to", &FieldProblem::RangeReversed);
        }
        AuditFilter {
            entity,
            entity_id,
            actor,
            action,
            from,
            to,
        }
    }
}

/// One field's change. A patient's personal values read back while the
/// patient is registered; once they are erased they are `null` and
/// `erased` is true.
#[derive(Debug, Serialize, ToSchema)]
pub struct ChangeBody {
    /// The field (`name`, `time`, `status`, `created.patients`).
    #[schema(example = "status")]
    pub field: String,
    /// The value before (`null` for a creation).
    pub old: Option<String>,
    /// The value after.
    pub new: Option<String>,
    /// True when a value was a patient's personal data and the patient has
    /// been erased since.
    pub erased: bool,
}

impl From<&Change> for ChangeBody {
    fn from(change: &Change) -> Self {
        let text = |v: &Option<AuditValue>| match v {
            Some(AuditValue::Plain(t) | AuditValue::Personal(t)) => Some(t.clone()),
            Some(AuditValue::Erased) | None => None,
        };
        let erased = |v: &Option<AuditValue>| matches!(v, Some(AuditValue::Erased));
        Self {
            field: change.field.clone(),
            old: text(&change.old),
            new: text(&change.new),
            erased: erased(&change.old) || erased(&change.new),
        }
    }
}

/// One record of the audit trail.
#[derive(Debug, Serialize, ToSchema)]
pub struct AuditRecordBody {
    /// Its position in the trail: increasing, never reused.
    pub sequence: i64,
    /// When (UTC).
    #[schema(example = "2030-01-15T09:00:00Z", format = DateTime)]
    pub at: String,
    /// Who: `token:<id>`, `oidc:<subject>`, `system` or `anonymous`.
    #[schema(example = "token:0193e5f2-8c4a-7d2e-9b1a-3f6c2d8e4a10")]
    pub actor: String,
    /// Their name: the token's name, the subject, `system`.
    #[schema(example = "front-desk")]
    pub actor_name: String,
    /// `create`, `update`, `erase`, `import` or `revoke`.
    pub action: &'static str,
    /// The kind of record.
    pub entity_type: &'static str,
    /// The record's id (a patient's NHS number while they are registered;
    /// `null` once erased).
    pub entity_id: Option<String>,
    /// The patient it is about, while they are registered.
    pub patient: Option<String>,
    /// What changed.
    pub changes: Vec<ChangeBody>,
}

impl From<&StoredRecord> for AuditRecordBody {
    fn from(r: &StoredRecord) -> Self {
        Self {
            sequence: r.sequence,
            at: format_instant(r.at),
            actor: r.actor.clone(),
            actor_name: r.actor_name.clone(),
            action: r.action.as_str(),
            entity_type: r.entity.as_str(),
            entity_id: r.entity_id.clone(),
            patient: r.subject.clone(),
            changes: r.changes.iter().map(ChangeBody::from).collect(),
        }
    }
}
