//! Where settings come from: the file named or found, and the words that
//! tell an operator which source a refused value came from.

use super::{ConfigError, ENV_PREFIX, Refusal};
use figment::Figment;
use std::path::{Path, PathBuf};

/// `path` if it is a file that can be read: a file named explicitly must exist.
pub(super) fn readable(path: &Path) -> Result<PathBuf, ConfigError> {
    match std::fs::File::open(path) {
        Ok(_) => Ok(path.to_owned()),
        Err(e) => Err(ConfigError {
            refusals: vec![Refusal {
                key: "config".to_owned(),
                origin: "--config or PANDA_CONFIG".to_owned(),
                reason: format!("cannot read {}: {e}", path.display()),
            }],
        }),
    }
}

/// Where the value of `key` came from, in words an operator can act on.
pub(super) fn origin(figment: &Figment, key: &str) -> String {
    match figment.find_metadata(key) {
        Some(md) => describe(md, key),
        None => "the default".to_owned(),
    }
}

fn describe(md: &figment::Metadata, key: &str) -> String {
    if md.name.contains("environment") {
        format!(
            "environment variable {ENV_PREFIX}{}",
            key.to_ascii_uppercase()
        )
    } else if let Some(source) = &md.source {
        format!("{source}")
    } else {
        md.name.to_string()
    }
}

/// Turns figment's errors (a file that does not parse, a value of the
/// wrong type, an unknown key) into refusals that name the key.
pub(super) fn from_figment(error: figment::Error, file: Option<&Path>) -> ConfigError {
    let refusals = error
        .into_iter()
        .map(|e| {
            let key = match &e.kind {
                figment::error::Kind::UnknownField(field, _) => field.clone(),
                _ => e.path.join("."),
            };
            let origin = match (&e.metadata, file) {
                (Some(md), _) => describe(md, &key),
                (None, Some(path)) => format!("file {}", path.display()),
                (None, None) => "the configuration".to_owned(),
            };
            // A file that is not TOML at all fails as a whole, under no key.
            let key = if key.is_empty() {
                "config".to_owned()
            } else {
                key
            };
            Refusal {
                key,
                origin,
                reason: e.kind.to_string(),
            }
        })
        .collect();
    ConfigError { refusals }
}
