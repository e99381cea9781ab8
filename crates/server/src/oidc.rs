//! The identity provider's keys: read from the configured JWKS file at
//! start-up (a file that cannot be read or parsed stops `panda serve`),
//! then read again every minute, so that a provider's key rotation reaches
//! PANDA without a restart. A re-read that fails keeps the keys in use.

use crate::config::OidcConfig;
use anyhow::Context;
use jsonwebtoken::jwk::JwkSet;
use panda_api::access::{Authenticator, OidcSettings, OidcVerifier};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

/// How often the JWKS file is read again.
const RELOAD_EVERY: Duration = Duration::from_secs(60);

/// The largest JWKS file read: a provider publishes a few keys.
const MAX_JWKS_BYTES: u64 = 1024 * 1024;

/// A verifier for `config`'s provider, with its keys read now.
pub fn verifier(config: &OidcConfig) -> anyhow::Result<OidcVerifier> {
    let jwks = read(&config.jwks)?;
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

/// Reads the JWKS at `path` again every minute, on a thread of its own.
pub fn reload_keys(authenticator: Arc<Authenticator>, path: PathBuf) {
    let spawned = std::thread::Builder::new()
        .name("panda-jwks".to_owned())
        .spawn(move || {
            loop {
                std::thread::sleep(RELOAD_EVERY);
                let Some(oidc) = authenticator.oidc() else {
                    return;
                };
                match read(&path) {
                    Ok(jwks) => oidc.replace_keys(jwks),
                    Err(error) => {
                        tracing::warn!(error = format!("{error:#}"), "keeping the keys in use");
                    }
                }
            }
        });
    if let Err(error) = spawned {
        tracing::warn!(%error, "the JWKS file will not be reloaded");
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
