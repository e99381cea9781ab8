//! The booking settings: the rule set and its window (`strict_durations`,
//! `min_notice`, `booking_horizon`) and how long holds live (`hold_ttl`).

use panda_domain::appointment::SchedulingPolicy;
use panda_domain::schedule::service::HoldService;

/// The booking rules: strict or not, and the booking window (`min_notice`
/// and `booking_horizon`, durations such as `2h` or `365days`).
pub(super) fn booking_policy(
    strict: bool,
    min_notice: &str,
    booking_horizon: &str,
    refuse: &mut dyn FnMut(&str, String),
) -> SchedulingPolicy {
    let base = if strict {
        SchedulingPolicy::strict()
    } else {
        SchedulingPolicy::default()
    };
    let mut duration = |key: &str, text: &str| match humantime::parse_duration(text.trim()) {
        Ok(d) => chrono::TimeDelta::from_std(d).ok(),
        Err(e) => {
            refuse(
                key,
                format!("`{text}` is not a duration such as 0s, 30m, 2h or 365days: {e}"),
            );
            None
        }
    };
    let notice = duration("min_notice", min_notice);
    let horizon = duration("booking_horizon", booking_horizon);
    let (Some(notice), Some(horizon)) = (notice, horizon) else {
        return base;
    };
    if notice > SchedulingPolicy::MAX_NOTICE {
        let days = SchedulingPolicy::MAX_NOTICE.num_days();
        refuse("min_notice", format!("must be at most {days} days"));
        return base;
    }
    base.with_window(notice, horizon).unwrap_or_else(|e| {
        refuse("booking_horizon", e.to_string());
        base
    })
}

/// How long a hold lives (`hold_ttl`, a duration such as `5m`): a minute
/// to an hour.
pub(super) fn hold_ttl(text: &str, refuse: &mut dyn FnMut(&str, String)) -> chrono::TimeDelta {
    let (min, max) = (HoldService::MIN_TTL, HoldService::MAX_TTL);
    let ttl = humantime::parse_duration(text.trim())
        .ok()
        .and_then(|d| chrono::TimeDelta::from_std(d).ok());
    match ttl {
        Some(ttl) if (min..=max).contains(&ttl) => ttl,
        _ => {
            refuse(
                "hold_ttl",
                format!(
                    "`{text}` must be a duration from {}m to {}m, such as 5m",
                    min.num_minutes(),
                    max.num_minutes()
                ),
            );
            HoldService::DEFAULT_TTL
        }
    }
}
