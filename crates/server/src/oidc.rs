//! The identity provider's keys (its JWKS), from a file or from its
//! `jwks_uri`, and read again regularly so that a rotation of its keys
//! reaches PANDA without a restart.
//!
//! - A file is read at start-up (one that cannot be read or parsed stops
//!   `panda serve`) and again every minute.
//! - A URL is fetched at start-up; if the provider cannot be reached then,
//!   PANDA starts anyway (its own API tokens work) and says so, with no
//!   provider keys until a fetch succeeds: it tries every 30 seconds until
//!   one does, then every 5 minutes.
//!
//! A read or fetch that fails keeps the keys in use.

use crate::config::{JwksSource, OidcConfig};
use anyhow::Context;
use jsonwebtoken::jwk::JwkSet;
use panda_api::access::{Authenticator, OidcSettings, OidcVerifier};
use std::path::Path;
use std::sync::Arc;
use std::time::Duration;

/// How often a JWKS file is read again.
const FILE_EVERY: Duration = Duration::from_secs(60);
/// How often a provider's JWKS is fetched again.
const URL_EVERY: Duration = Duration::from_secs(300);
/// How soon a failed fetch is tried again.
const RETRY_AFTER: Duration = Duration::from_secs(30);
/// How long a fetch of the keys may take.
const FETCH_TIMEOUT: Duration = Duration::from_secs(10);

/// The largest JWKS file read: a provider publishes a few keys.
const MAX_JWKS_BYTES: u64 = 1024 * 1024;

/// A verifier for `config`'s provider, with its keys read now.
pub fn verifier(config: &OidcConfig) -> anyhow::Result<OidcVerifier> {
    let jwks = match &config.jwks {
        JwksSource::File(path) => read(path)?,
        JwksSource::Url(url) => fetch(url).unwrap_or_else(|error| {
            tracing::warn!(
                error = format!("{error:#}"),
                "the identity provider's keys could not be fetched: its tokens are refused until they are"
            );
            JwkSet { keys: Vec::new() }
        }),
    };
    tracing::info!(
        issuer = %config.issuer,
        keys = jwks.keys.len(),
        "accepting OpenID Connect access tokens"
    );
    Ok(OidcVerifier::new(
        OidcSettings {
            issuer: config.issuer.clone(),
            audience: config.audience.clone(),
            role_claim: config.role_claim.clone(),
        },
        jwks,
    ))
}

/// Reads or fetches the keys again, on a thread of its own, for as long
/// as the process runs.
pub fn reload_keys(authenticator: Arc<Authenticator>, source: JwksSource) {
    let spawned = std::thread::Builder::new()
        .name("panda-jwks".to_owned())
        .spawn(move || {
            let mut wait = match &source {
                JwksSource::File(_) => FILE_EVERY,
                JwksSource::Url(_) => URL_EVERY,
            };
            if authenticator.oidc().is_some_and(|o| !o.has_keys()) {
                wait = RETRY_AFTER;
            }
            loop {
                std::thread::sleep(wait);
                let Some(oidc) = authenticator.oidc() else {
                    return;
                };
                let keys = match &source {
                    JwksSource::File(path) => read(path),
                    JwksSource::Url(url) => fetch(url),
                };
                wait = match keys {
                    Ok(jwks) => {
                        oidc.replace_keys(jwks);
                        match &source {
                            JwksSource::File(_) => FILE_EVERY,
                            JwksSource::Url(_) => URL_EVERY,
                        }
                    }
                    Err(error) => {
                        tracing::warn!(error = format!("{error:#}"), "keeping the keys in use");
                        RETRY_AFTER
                    }
                };
            }
        });
    if let Err(error) = spawned {
        tracing::warn!(%error, "the provider's keys will not be refreshed");
    }
}

/// The key set in the file at `path`.
fn read(path: &Path) -> anyhow::Result<JwkSet> {
    let size = std::fs::metadata(path)
        .with_context(|| format!("cannot read the JWKS file {}", path.display()))?
        .len();
    anyhow::ensure!(
        size <= MAX_JWKS_BYTES,
        "the JWKS file {} is larger than 1 MiB",
        path.display()
    );
    let text = std::fs::read_to_string(path)
        .with_context(|| format!("cannot read the JWKS file {}", path.display()))?;
    serde_json::from_str(&text)
        .with_context(|| format!("{} is not a JSON Web Key Set", path.display()))
}

/// The key set the provider publishes at `url`.
fn fetch(url: &str) -> anyhow::Result<JwkSet> {
    let agent: ureq::Agent = ureq::Agent::config_builder()
        .timeout_global(Some(FETCH_TIMEOUT))
        .build()
        .into();
    let text = agent
        .get(url)
        .call()
        .with_context(|| format!("cannot fetch the provider's keys from {url}"))?
        .body_mut()
        .with_config()
        .limit(MAX_JWKS_BYTES)
        .read_to_string()
        .with_context(|| format!("cannot read the provider's keys from {url}"))?;
    serde_json::from_str(&text).with_context(|| format!("{url} did not answer a JSON Web Key Set"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_missing_or_malformed_jwks_file_is_refused_naming_it() {
        let dir = tempfile::tempdir().unwrap();
        let missing = dir.path().join("absent.json");
        let error = format!("{:#}", read(&missing).unwrap_err());
        assert!(error.contains("absent.json"), "{error}");
        let bad = dir.path().join("bad.json");
        std::fs::write(&bad, "{\"keys\": 7}").unwrap();
        let error = format!("{:#}", read(&bad).unwrap_err());
        assert!(error.contains("not a JSON Web Key Set"), "{error}");
    }

    /// Serves `body` once over plain HTTP on loopback and returns the URL.
    fn serve_once(body: &'static str) -> String {
        use std::io::{Read, Write};
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        let url = format!(
            "http://{}/realms/staff/certs",
            listener.local_addr().unwrap()
        );
        std::thread::spawn(move || {
            if let Ok((mut stream, _)) = listener.accept() {
                let mut request = [0u8; 2048];
                let _ = stream.read(&mut request);
                let reply = format!(
                    "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: {}\r\nconnection: close\r\n\r\n{body}",
                    body.len()
                );
                let _ = stream.write_all(reply.as_bytes());
            }
        });
        url
    }

    #[test]
    fn a_provider_s_keys_are_fetched_from_its_url() {
        let url = serve_once(
            r#"{"keys": [{"kty": "OKP", "crv": "Ed25519", "x": "ZtqTFE-KNG3U85yMlJ-sx6AEdhsVgFV_7Ht0HRYeFDo", "kid": "ed-1"}]}"#,
        );
        assert_eq!(fetch(&url).unwrap().keys.len(), 1);
    }

    #[test]
    fn an_answer_that_is_not_a_key_set_or_no_answer_is_an_error() {
        let url = serve_once("<html>login</html>");
        let error = format!("{:#}", fetch(&url).unwrap_err());
        assert!(
            error.contains("did not answer a JSON Web Key Set"),
            "{error}"
        );
        let closed = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        let gone = format!("http://{}/certs", closed.local_addr().unwrap());
        drop(closed);
        assert!(fetch(&gone).is_err());
    }

    #[test]
    fn a_provider_s_key_set_is_read() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("jwks.json");
        std::fs::write(
            &path,
            r#"{"keys": [{"kty": "OKP", "crv": "Ed25519", "x": "ZtqTFE-KNG3U85yMlJ-sx6AEdhsVgFV_7Ht0HRYeFDo", "kid": "ed-1"}]}"#,
        )
        .unwrap();
        assert_eq!(read(&path).unwrap().keys.len(), 1);
    }
}
