//! The security settings: whether callers authenticate, the identity
//! provider whose tokens are accepted, and the files PANDA serves HTTPS
//! with. The ones that come in pairs or threes are all set or all absent.

use serde::Deserialize;
use std::path::PathBuf;

/// Whether callers must authenticate.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum AuthSetting {
    /// Every route but `/health` needs a bearer credential.
    #[default]
    On,
    /// Nobody authenticates; allowed only on a loopback address.
    Off,
}

/// The files PANDA serves HTTPS with.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TlsFiles {
    /// The certificate chain, leaf first (PEM).
    pub cert: PathBuf,
    /// The private key (PEM: PKCS#8, PKCS#1 or SEC1).
    pub key: PathBuf,
}

/// An OpenID Connect provider: its issuer, PANDA's audience there, where
/// its signing keys are, and the claim that carries PANDA roles.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OidcConfig {
    /// `iss`, exactly as the provider writes it.
    pub issuer: String,
    /// The `aud` a token must carry: PANDA's client id at the provider.
    pub audience: String,
    /// Where the provider's published keys (a JWKS) are.
    pub jwks: JwksSource,
    /// The claim with the caller's roles.
    pub role_claim: String,
}

/// Where a provider's keys are read from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum JwksSource {
    /// A file (which an operator or a job keeps up to date).
    File(PathBuf),
    /// The provider's `jwks_uri`: HTTPS, or plain HTTP on a loopback
    /// address only (a sidecar that fetches it).
    Url(String),
}

impl JwksSource {
    /// A URL when `text` is one, else a file path; `Err` for a plain-HTTP
    /// URL to another host, where anyone on the way could swap the keys.
    fn parse(text: PathBuf) -> Result<Self, String> {
        let Some(url) = text
            .to_str()
            .filter(|t| t.starts_with("https://") || t.starts_with("http://"))
        else {
            return Ok(Self::File(text));
        };
        if let Some(rest) = url.strip_prefix("http://") {
            let host = rest.split(['/', '?']).next().unwrap_or_default();
            let host = host.rsplit_once(':').map_or(host, |(h, _)| h);
            let loopback = host == "localhost"
                || host
                    .trim_matches(['[', ']'])
                    .parse::<std::net::IpAddr>()
                    .is_ok_and(|ip| ip.is_loopback());
            if !loopback {
                return Err(format!(
                    "`{url}` is plain HTTP to another host: use https:// (keys fetched in the clear could be swapped)"
                ));
            }
        }
        Ok(Self::Url(url.to_owned()))
    }
}

/// The identity provider's settings, all three or none; a partial set is
/// refused through `refuse`, naming what is missing.
pub(super) fn oidc(
    settings: (Option<String>, Option<String>, Option<PathBuf>),
    role_claim: String,
    refuse: &mut impl FnMut(&str, String),
) -> Option<OidcConfig> {
    match settings {
        (None, None, None) => None,
        (Some(issuer), Some(audience), Some(jwks))
            if !issuer.is_empty() && !audience.is_empty() =>
        {
            match JwksSource::parse(jwks) {
                Ok(jwks) => Some(OidcConfig {
                    issuer,
                    audience,
                    jwks,
                    role_claim,
                }),
                Err(reason) => {
                    refuse("oidc_jwks", reason);
                    None
                }
            }
        }
        (issuer, audience, jwks) => {
            let missing: Vec<&str> = [
                ("oidc_issuer", issuer.is_none_or(|i| i.is_empty())),
                ("oidc_audience", audience.is_none_or(|a| a.is_empty())),
                ("oidc_jwks", jwks.is_none()),
            ]
            .into_iter()
            .filter_map(|(key, absent)| absent.then_some(key))
            .collect();
            refuse(
                "oidc_issuer",
                format!(
                    "OpenID Connect needs oidc_issuer, oidc_audience and oidc_jwks together; missing: {}",
                    missing.join(", ")
                ),
            );
            None
        }
    }
}

/// The HTTPS files, both or none.
pub(super) fn tls(
    cert: Option<PathBuf>,
    key: Option<PathBuf>,
    refuse: &mut impl FnMut(&str, String),
) -> Option<TlsFiles> {
    match (cert, key) {
        (None, None) => None,
        (Some(cert), Some(key)) => Some(TlsFiles { cert, key }),
        (cert, _) => {
            let (set, missing) = if cert.is_some() {
                ("tls_cert", "tls_key")
            } else {
                ("tls_key", "tls_cert")
            };
            refuse(
                missing,
                format!("{set} is set, so {missing} is needed too: HTTPS needs both"),
            );
            None
        }
    }
}

/// The CORS origins: a comma-separated list of exact origins, each
/// `http(s)://host[:port]` with no path, as browsers send them in
/// `Origin`. A wildcard is refused: it would let any website's scripts
/// use a clinician's credentials.
pub(super) fn cors_origins(text: &str, refuse: &mut dyn FnMut(&str, String)) -> Vec<String> {
    let mut origins = Vec::new();
    for origin in text.split(',').map(str::trim).filter(|o| !o.is_empty()) {
        let host = origin
            .strip_prefix("https://")
            .or_else(|| origin.strip_prefix("http://"));
        let well_formed = host.is_some_and(|host| {
            !host.is_empty()
                && host
                    .bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b"-.:[]".contains(&b))
        });
        if well_formed {
            origins.push(origin.to_owned());
        } else {
            refuse(
                "cors_origins",
                format!(
                    "`{origin}` is not an origin such as https://clinic.example.nhs.uk or http://localhost:3000 (scheme, host and port only; no path, no trailing slash, no wildcard)"
                ),
            );
        }
    }
    origins
}
