//! PANDA's configuration: one typed struct, loaded once at start-up from
//! defaults, an optional TOML file and `PANDA_`-prefixed environment
//! variables (each overriding the one before), then checked as a whole.

mod booking;
mod database_url;
mod security;
mod sources;
#[cfg(test)]
mod tests;

use booking::{booking_policy, hold_ttl};
pub use database_url::DatabaseUrl;
pub use security::{AuthSetting, JwksSource, OidcConfig, TlsFiles};
use sources::{from_figment, origin, readable};

use figment::Figment;
use figment::providers::{Env, Format, Toml};
use panda_adapters_db::Backend;
use panda_domain::appointment::SchedulingPolicy;
use panda_domain::schedule::TimeZone;
use serde::Deserialize;
use std::fmt;
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use tracing_subscriber::EnvFilter;

/// The file read when `PANDA_CONFIG` names none, if it exists.
pub const DEFAULT_FILE: &str = "panda.toml";

/// The environment variables' prefix: `PANDA_BIND` sets `bind`.
const ENV_PREFIX: &str = "PANDA_";

/// Every key, as spelled in the file; the variable is `PANDA_` + upper case.
const KEYS: [&str; 21] = [
    "database_url",
    "bind",
    "pool_size",
    "blocking_threads",
    "log_format",
    "log_level",
    "strict_durations",
    "body_timeout",
    "auth",
    "oidc_issuer",
    "oidc_audience",
    "oidc_jwks",
    "oidc_role_claim",
    "tls_cert",
    "tls_key",
    "cors_origins",
    "idempotency_ttl",
    "min_notice",
    "booking_horizon",
    "hold_ttl",
    "time_zone",
];

/// How long idempotency keys may be kept, in seconds: a minute to a week.
const IDEMPOTENCY_TTL_SECS: std::ops::RangeInclusive<u64> = 60..=7 * 24 * 3600;

/// The longest `body_timeout` accepted, in seconds.
const MAX_BODY_TIMEOUT_SECS: u64 = 300;

/// Pool sizes measured best on two cores: SQLite has one writer, so more
/// connections only queue (booking p99 42 ms with 1-2 connections, 90 ms
/// with 8, 305 ms with 16); PostgreSQL serves several.
const SQLITE_POOL_SIZE: u32 = 2;
const POSTGRES_POOL_SIZE: u32 = 8;

/// The most threads a worker may give to blocking work.
const MAX_BLOCKING_THREADS: u32 = 512;

/// The most connections one pool may hold: far beyond what two cores use
/// (8 on PostgreSQL measured best), and a typo such as 80000 is refused
/// here instead of as thousands of failed connections at start-up.
const MAX_POOL_SIZE: u32 = 256;

/// How log lines are written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum LogFormat {
    /// One human-readable line per event.
    #[default]
    Text,
    /// One JSON object per event, for log collectors.
    Json,
}

/// PANDA's settings, checked. Prints without the database password.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Config {
    /// `sqlite://<path>` or `postgres://...`.
    pub database_url: DatabaseUrl,
    /// The address to listen on; port 0 picks a free port.
    pub bind: SocketAddr,
    /// Database connections in the pool.
    pub pool_size: u32,
    /// Threads each HTTP worker may run blocking work on (database calls
    /// and the CPU work around them). On SQLite, by default the pool's size
    /// and two, since more only wait for a connection and compete for the
    /// cores (the free-slot search lost a fifth of its throughput to 256);
    /// on PostgreSQL, whose calls wait on the network, actix's default
    /// (`None`: 512 shared by the workers).
    pub blocking_threads: Option<u32>,
    /// `text` or `json`.
    pub log_format: LogFormat,
    /// A tracing filter: `info`, or directives such as `warn,panda=debug`.
    pub log_level: String,
    /// True for the strict 30-minutes-only booking policy.
    pub strict_durations: bool,
    /// How long a request body may take to arrive, in seconds.
    pub body_timeout: u64,
    /// Whether callers must authenticate.
    pub auth: AuthSetting,
    /// The identity provider whose JWTs are accepted besides API tokens.
    pub oidc: Option<OidcConfig>,
    /// HTTPS: the certificate chain and private key files (PEM), if PANDA
    /// terminates TLS itself.
    pub tls: Option<TlsFiles>,
    /// The web origins whose pages may call PANDA (CORS); none by default.
    pub cors_origins: Vec<String>,
    /// How long an `Idempotency-Key` is remembered, in seconds.
    pub idempotency_ttl: u64,
    /// The booking rules, with the booking window.
    policy: SchedulingPolicy,
    /// How long a hold on a slot lives.
    pub hold_ttl: chrono::TimeDelta,
    /// The time zone of working patterns that name none.
    pub time_zone: TimeZone,
}

/// The settings as the sources give them, before they are checked.
#[derive(Debug, Deserialize)]
#[serde(default, deny_unknown_fields)]
struct Raw {
    database_url: String,
    bind: String,
    pool_size: Option<u32>,
    blocking_threads: Option<u32>,
    log_format: LogFormat,
    log_level: String,
    strict_durations: bool,
    body_timeout: u64,
    auth: AuthSetting,
    oidc_issuer: Option<String>,
    oidc_audience: Option<String>,
    oidc_jwks: Option<PathBuf>,
    oidc_role_claim: String,
    tls_cert: Option<PathBuf>,
    tls_key: Option<PathBuf>,
    cors_origins: String,
    idempotency_ttl: u64,
    min_notice: String,
    booking_horizon: String,
    hold_ttl: String,
    time_zone: String,
}

impl Default for Raw {
    fn default() -> Self {
        Self {
            database_url: "sqlite://panda.db".to_owned(),
            bind: "127.0.0.1:8080".to_owned(),
            pool_size: None,
            blocking_threads: None,
            log_format: LogFormat::Text,
            log_level: "info".to_owned(),
            strict_durations: false,
            body_timeout: panda_api::limits::BODY_READ_TIMEOUT.as_secs(),
            auth: AuthSetting::On,
            oidc_issuer: None,
            oidc_audience: None,
            oidc_jwks: None,
            oidc_role_claim: "roles".to_owned(),
            tls_cert: None,
            tls_key: None,
            cors_origins: String::new(),
            idempotency_ttl: 24 * 3600,
            min_notice: "0s".to_owned(),
            booking_horizon: "365days".to_owned(),
            hold_ttl: "5m".to_owned(),
            time_zone: "Europe/London".to_owned(),
        }
    }
}

/// One setting that was refused: which key, where it came from, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Refusal {
    /// The key, as spelled in the file (`pool_size`).
    pub key: String,
    /// Where the value came from (`environment variable PANDA_POOL_SIZE`).
    pub origin: String,
    /// Why it was refused. Never quotes the database URL.
    pub reason: String,
}

/// Configuration that cannot be used. `panda` prints it and exits with 2.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConfigError {
    /// Every refused setting (at least one).
    pub refusals: Vec<Refusal>,
}

impl fmt::Display for ConfigError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "invalid configuration")?;
        for r in &self.refusals {
            write!(f, "\n  {} (from {}): {}", r.key, r.origin, r.reason)?;
        }
        Ok(())
    }
}

impl std::error::Error for ConfigError {}

impl Config {
    /// Loads the configuration: defaults, then the TOML file `file` (which
    /// must exist) or else `panda.toml` in the working directory (if it
    /// exists), then `PANDA_*` environment variables. A command-line
    /// `tool` (not the server) logs only warnings unless a source says
    /// otherwise, so that what it prints is its result.
    pub fn load(file: Option<&Path>, tool: bool) -> Result<Config, ConfigError> {
        let mut figment = Figment::new();
        let file: Option<PathBuf> = match file {
            Some(path) => Some(readable(path)?),
            None => Some(PathBuf::from(DEFAULT_FILE)).filter(|p| p.is_file()),
        };
        if let Some(path) = &file {
            figment = figment.merge(Toml::file_exact(path));
        }
        figment = figment.merge(Env::prefixed(ENV_PREFIX).only(&KEYS));
        let mut raw: Raw = figment
            .extract()
            .map_err(|e| from_figment(e, file.as_deref()))?;
        if tool && figment.find_metadata("log_level").is_none() {
            raw.log_level = "warn".to_owned();
        }
        check(raw, &|key| origin(&figment, key))
    }

    /// The booking rules this configuration asks for.
    pub fn policy(&self) -> SchedulingPolicy {
        self.policy
    }

    /// How the API treats requests, authenticating callers as `auth` says
    /// (which `serve` builds over the database).
    pub fn api_settings(&self, auth: panda_api::access::Auth) -> panda_api::Settings {
        panda_api::Settings {
            body_read_timeout: panda_api::limits::BodyReadTimeout(std::time::Duration::from_secs(
                self.body_timeout,
            )),
            auth,
            origins: panda_api::AllowedOrigins(std::sync::Arc::new(self.cors_origins.clone())),
        }
    }

    /// The backend the database URL names.
    pub fn backend(&self) -> Backend {
        self.database_url.backend().unwrap_or(Backend::Sqlite)
    }
}

/// Turns the raw values into a [`Config`], collecting every refusal.
fn check(raw: Raw, origin: &dyn Fn(&str) -> String) -> Result<Config, ConfigError> {
    let mut refusals = Vec::new();
    let mut refuse = |key: &str, reason: String| {
        refusals.push(Refusal {
            key: key.to_owned(),
            origin: origin(key),
            reason,
        });
    };
    let database_url = DatabaseUrl::new(raw.database_url);
    let backend = database_url.backend();
    if backend.is_none() {
        refuse(
            "database_url",
            format!(
                "the scheme `{}` is not supported; use sqlite://<path> or postgres://[user[:password]@]host[:port]/database",
                database_url.scheme()
            ),
        );
    }
    let bind = raw.bind.trim().parse::<SocketAddr>();
    if bind.is_err() {
        refuse(
            "bind",
            format!(
                "`{}` is not an IP address and port, such as 127.0.0.1:8080 or 0.0.0.0:8080",
                raw.bind
            ),
        );
    }
    let pool_size = raw.pool_size.unwrap_or(match backend {
        Some(Backend::Postgres) => POSTGRES_POOL_SIZE,
        _ => SQLITE_POOL_SIZE,
    });
    if !(1..=MAX_POOL_SIZE).contains(&pool_size) {
        refuse(
            "pool_size",
            format!("must be between 1 and {MAX_POOL_SIZE}"),
        );
    }
    let blocking_threads = raw.blocking_threads.or(match backend {
        Some(Backend::Postgres) => None,
        _ => Some(pool_size.saturating_add(2)),
    });
    if blocking_threads.is_some_and(|n| !(1..=MAX_BLOCKING_THREADS).contains(&n)) {
        refuse(
            "blocking_threads",
            format!("must be between 1 and {MAX_BLOCKING_THREADS}"),
        );
    }
    if !(1..=MAX_BODY_TIMEOUT_SECS).contains(&raw.body_timeout) {
        refuse(
            "body_timeout",
            format!("must be between 1 and {MAX_BODY_TIMEOUT_SECS} seconds"),
        );
    }
    if let Err(e) = EnvFilter::try_new(&raw.log_level) {
        refuse(
            "log_level",
            format!(
                "`{}` is not a level (error, warn, info, debug, trace) or filter: {e}",
                raw.log_level
            ),
        );
    }
    if let Ok(address) = bind
        && raw.auth == AuthSetting::Off
        && !address.ip().is_loopback()
    {
        refuse(
            "auth",
            format!(
                "off is allowed only when PANDA listens on a loopback address (127.0.0.1 or ::1), not {address}: anyone who can reach it could read and change every patient"
            ),
        );
    }
    let oidc = security::oidc(
        (raw.oidc_issuer, raw.oidc_audience, raw.oidc_jwks),
        raw.oidc_role_claim,
        &mut refuse,
    );
    let tls = security::tls(raw.tls_cert, raw.tls_key, &mut refuse);
    let cors_origins = security::cors_origins(&raw.cors_origins, &mut refuse);
    let policy = booking_policy(
        raw.strict_durations,
        &raw.min_notice,
        &raw.booking_horizon,
        &mut refuse,
    );
    if !IDEMPOTENCY_TTL_SECS.contains(&raw.idempotency_ttl) {
        refuse(
            "idempotency_ttl",
            format!(
                "must be between {} and {} seconds (a minute to a week)",
                IDEMPOTENCY_TTL_SECS.start(),
                IDEMPOTENCY_TTL_SECS.end()
            ),
        );
    }
    let hold_ttl = hold_ttl(&raw.hold_ttl, &mut refuse);
    let time_zone = TimeZone::parse(raw.time_zone.trim()).unwrap_or_else(|e| {
        refuse("time_zone", format!("`{}`: {e}", raw.time_zone));
        TimeZone::LONDON
    });
    match bind {
        Ok(bind) if refusals.is_empty() => Ok(Config {
            database_url,
            bind,
            pool_size,
            blocking_threads,
            log_format: raw.log_format,
            log_level: raw.log_level,
            strict_durations: raw.strict_durations,
            body_timeout: raw.body_timeout,
            auth: raw.auth,
            oidc,
            tls,
            cors_origins,
            idempotency_ttl: raw.idempotency_ttl,
            policy,
            hold_ttl,
            time_zone,
        }),
        _ => Err(ConfigError { refusals }),
    }
}
