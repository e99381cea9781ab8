//! Graceful shutdown: on SIGTERM (what `docker stop` and orchestrators
//! send) or Ctrl-C, stop accepting connections and let the requests in
//! flight finish. actix-web's own handler treats Ctrl-C as a forced stop,
//! so PANDA hands it this signal instead.

use std::time::Duration;

/// How long requests in flight may take to finish after the signal.
pub const GRACE: Duration = Duration::from_secs(30);

/// Completes when the process is asked to stop, after logging which signal
/// asked and how long the server will wait.
pub async fn requested() {
    let signal = received().await;
    tracing::info!(
        signal,
        grace_seconds = GRACE.as_secs(),
        "shutting down gracefully: no new connections, finishing requests in flight"
    );
}

#[cfg(unix)]
async fn received() -> &'static str {
    use tokio::signal::unix::{SignalKind, signal};
    match signal(SignalKind::terminate()) {
        Ok(mut term) => tokio::select! {
            _ = tokio::signal::ctrl_c() => "SIGINT",
            _ = term.recv() => "SIGTERM",
        },
        Err(error) => {
            tracing::warn!(%error, "cannot listen for SIGTERM; only Ctrl-C stops gracefully");
            ctrl_c().await
        }
    }
}

#[cfg(not(unix))]
async fn received() -> &'static str {
    ctrl_c().await
}

async fn ctrl_c() -> &'static str {
    match tokio::signal::ctrl_c().await {
        Ok(()) => "SIGINT",
        Err(error) => {
            // Without a signal handler the server can still be killed; it
            // just cannot stop gracefully. Never resolve, rather than stop now.
            tracing::warn!(%error, "cannot listen for Ctrl-C");
            std::future::pending().await
        }
    }
}
