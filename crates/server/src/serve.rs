//! `panda serve`: migrate, plug the database into the API's ports, and
//! serve HTTP until asked to stop.

use crate::config::{AuthSetting, Config};
use crate::database::open_and_migrate;
use crate::secrets::OsSecrets;
use crate::shutdown;
use actix_web::HttpServer;
use anyhow::Context;
use panda_adapters_db::{Backend, Database};
use panda_api::access::{Auth, Authenticator};
use panda_api::{Lookups, Ports, Services};
use panda_domain::access::TokenService;
use panda_domain::{RandomIds, SystemClock};
use std::net::SocketAddr;
use std::sync::Arc;

/// Runs the server until SIGTERM or Ctrl-C.
pub fn serve(config: &Config) -> anyhow::Result<()> {
    let (database, _) = open_and_migrate(config)?;
    // SQLite answers a read by key from this process's memory in
    // microseconds, less than handing it to another thread costs; a
    // PostgreSQL round trip must never hold an async worker (ADR 0007).
    let lookups = match database.backend() {
        Backend::Sqlite => Lookups::Inline,
        Backend::Postgres => Lookups::Offloaded,
    };
    let database = Arc::new(database);
    let auth = match config.auth {
        AuthSetting::On => {
            let tokens = Authenticator::new(TokenService {
                tokens: database.clone(),
                clock: Arc::new(SystemClock),
                ids: Arc::new(RandomIds),
                secrets: Arc::new(OsSecrets),
            });
            let authenticator = match &config.oidc {
                Some(oidc) => tokens.with_oidc(crate::oidc::verifier(oidc)?),
                None => tokens,
            };
            let authenticator = Arc::new(authenticator);
            if let Some(oidc) = &config.oidc {
                crate::oidc::reload_keys(authenticator.clone(), oidc.jwks.clone());
            }
            Auth::On(authenticator)
        }
        AuthSetting::Off => {
            tracing::warn!(bind = %config.bind, "authentication is off: every caller is an administrator");
            Auth::Off
        }
    };
    let ttl = chrono::TimeDelta::seconds(i64::try_from(config.idempotency_ttl).unwrap_or(86_400));
    let services = Services::new(ports(database), config.policy())
        .with_lookups(lookups)
        .with_idempotency_ttl(ttl)
        .with_hold_ttl(config.hold_ttl)
        .with_default_time_zone(config.time_zone);
    purge_expired(services.idempotency.clone(), services.holds.clone());
    let tls = config
        .tls
        .as_ref()
        .map(crate::tls::server_config)
        .transpose()?;
    let settings = config.api_settings(auth);
    actix_web::rt::System::new().block_on(run(
        services,
        settings,
        config.bind,
        config.blocking_threads,
        tls,
    ))
}

/// Deletes expired idempotency keys and the rows of expired holds now and
/// every ten minutes, on a thread of its own. Nothing depends on it: an
/// expired key is treated as absent, and an expired hold holds nothing,
/// whether or not it is deleted yet.
fn purge_expired(
    idempotency: panda_domain::idempotency::IdempotencyService,
    holds: panda_domain::schedule::service::HoldService,
) {
    let spawned = std::thread::Builder::new()
        .name("purge".into())
        .spawn(move || {
            loop {
                match idempotency.purge() {
                    Ok(0) => {}
                    Ok(purged) => tracing::debug!(purged, "expired idempotency keys deleted"),
                    Err(error) => tracing::warn!(%error, "expired idempotency keys not deleted"),
                }
                match holds.purge() {
                    Ok(0) => {}
                    Ok(purged) => tracing::debug!(purged, "expired holds deleted"),
                    Err(error) => tracing::warn!(%error, "expired holds not deleted"),
                }
                std::thread::sleep(std::time::Duration::from_secs(600));
            }
        });
    if let Err(error) = spawned {
        tracing::warn!(%error, "expired idempotency keys and holds will not be deleted");
    }
}

/// Every port over the one database, with the system clock and
/// time-ordered ids.
fn ports(database: Arc<Database>) -> Ports {
    Ports {
        patients: database.clone(),
        practitioners: database.clone(),
        departments: database.clone(),
        organisations: database.clone(),
        locations: database.clone(),
        reports: database.clone(),
        audit: database.clone(),
        idempotency: database.clone(),
        schedules: database.clone(),
        holds: database.clone(),
        slots: database.clone(),
        readiness: database.clone(),
        appointments: database,
        clock: Arc::new(SystemClock),
        ids: Arc::new(RandomIds),
    }
}

async fn run(
    services: Services,
    settings: panda_api::Settings,
    bind: SocketAddr,
    blocking_threads: Option<u32>,
    tls: Option<rustls::ServerConfig>,
) -> anyhow::Result<()> {
    let server = HttpServer::new(move || panda_api::app(services.clone(), settings.clone()))
        .shutdown_signal(shutdown::requested())
        .shutdown_timeout(shutdown::GRACE.as_secs());
    let server = match blocking_threads {
        Some(n) => server.worker_max_blocking_threads(n as usize),
        None => server,
    };
    let scheme = if tls.is_some() { "https" } else { "http" };
    let server = match tls {
        Some(tls) => server.bind_rustls_0_23(bind, tls),
        None => server.bind(bind),
    }
    .with_context(|| format!("cannot listen on {bind}"))?;
    // The bound addresses, not the configured one: port 0 picks a free port,
    // and tests and scripts read this line to find it.
    for address in server.addrs() {
        tracing::info!(%address, "listening on {scheme}://{address}");
        println!("listening on {scheme}://{address}");
    }
    server.run().await.context("the HTTP server failed")?;
    tracing::info!("panda stopped");
    Ok(())
}
