//! The operating system's random numbers, for token secrets.

use panda_domain::access::SecretSource;

/// Secrets from the operating system's generator (`getrandom`).
#[derive(Debug, Clone, Copy, Default)]
pub struct OsSecrets;

impl SecretSource for OsSecrets {
    fn secret_bytes(&self) -> [u8; 32] {
        let mut bytes = [0u8; 32];
        // Without the system's generator no secret can be made safely, and
        // there is nothing to fall back on; it does not fail on any
        // platform PANDA runs on.
        getrandom::fill(&mut bytes).expect("the operating system's random number generator");
        bytes
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn two_secrets_differ() {
        assert_ne!(OsSecrets.secret_bytes(), OsSecrets.secret_bytes());
    }
}
