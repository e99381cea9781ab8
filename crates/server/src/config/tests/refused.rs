//! Configuration that is refused: each bad value named by its key and its
//! environment variable, all at once, and never a secret in the message.
#![expect(
    clippy::result_large_err,
    reason = "figment::Jail's closures must return figment::Error, which is large"
)]

use super::*;

#[test]
fn an_explicit_file_that_does_not_exist_is_refused() {
    Jail::expect_with(|_| {
        let error = refused(Some(Path::new("missing.toml")));
        assert_eq!(error.refusals[0].key, "config");
        assert!(error.to_string().contains("missing.toml"), "{error}");
        Ok(())
    });
}

#[test]
fn a_file_that_is_not_toml_is_refused_naming_the_file() {
    Jail::expect_with(|jail| {
        jail.create_file("panda.toml", "bind = \n")?;
        let error = refused(None);
        assert!(error.to_string().contains("panda.toml"), "{error}");
        Ok(())
    });
}

#[test]
fn a_bad_value_is_refused_naming_its_key_and_its_environment_variable() {
    let cases = [
        ("PANDA_POOL_SIZE", "many", "pool_size"),
        ("PANDA_POOL_SIZE", "0", "pool_size"),
        ("PANDA_POOL_SIZE", "257", "pool_size"),
        ("PANDA_BLOCKING_THREADS", "0", "blocking_threads"),
        ("PANDA_BLOCKING_THREADS", "513", "blocking_threads"),
        ("PANDA_BIND", "localhost", "bind"),
        ("PANDA_LOG_FORMAT", "xml", "log_format"),
        ("PANDA_LOG_LEVEL", "loud[", "log_level"),
        ("PANDA_STRICT_DURATIONS", "sometimes", "strict_durations"),
        ("PANDA_BODY_TIMEOUT", "0", "body_timeout"),
        ("PANDA_BODY_TIMEOUT", "301", "body_timeout"),
        ("PANDA_BODY_TIMEOUT", "-1", "body_timeout"),
        ("PANDA_AUTH", "maybe", "auth"),
        ("PANDA_CORS_ORIGINS", "*", "cors_origins"),
        (
            "PANDA_CORS_ORIGINS",
            "https://clinic.example/",
            "cors_origins",
        ),
        ("PANDA_CORS_ORIGINS", "clinic.example", "cors_origins"),
        (
            "PANDA_CORS_ORIGINS",
            "https://a.example, ftp://b.example",
            "cors_origins",
        ),
        ("PANDA_IDEMPOTENCY_TTL", "59", "idempotency_ttl"),
        ("PANDA_MIN_NOTICE", "soon", "min_notice"),
        ("PANDA_MIN_NOTICE", "31days", "min_notice"),
        ("PANDA_BOOKING_HORIZON", "0s", "booking_horizon"),
        ("PANDA_BOOKING_HORIZON", "6years", "booking_horizon"),
        ("PANDA_IDEMPOTENCY_TTL", "604801", "idempotency_ttl"),
        ("PANDA_HOLD_TTL", "30s", "hold_ttl"),
        ("PANDA_HOLD_TTL", "2h", "hold_ttl"),
        ("PANDA_HOLD_TTL", "a while", "hold_ttl"),
        ("PANDA_TIME_ZONE", "Europe/Lundon", "time_zone"),
        (
            "PANDA_DATABASE_URL",
            "mysql://root@db/panda",
            "database_url",
        ),
    ];
    for (variable, value, key) in cases {
        Jail::expect_with(|jail| {
            jail.set_env(variable, value);
            let error = refused(None);
            assert_eq!(error.refusals.len(), 1, "{variable}={value}: {error}");
            assert_eq!(error.refusals[0].key, key, "{variable}={value}: {error}");
            assert_eq!(
                error.refusals[0].origin,
                format!("environment variable {variable}")
            );
            Ok(())
        });
    }
}

#[test]
fn every_bad_value_is_reported_at_once() {
    Jail::expect_with(|jail| {
        jail.set_env("PANDA_BIND", "nowhere");
        jail.set_env("PANDA_POOL_SIZE", "0");
        let keys: Vec<String> = refused(None).refusals.into_iter().map(|r| r.key).collect();
        assert_eq!(keys, ["bind", "pool_size"]);
        Ok(())
    });
}

#[test]
fn an_unknown_key_in_the_file_is_refused_by_name() {
    Jail::expect_with(|jail| {
        jail.create_file("panda.toml", "pool_sise = 3\n")?;
        let error = refused(None);
        assert_eq!(error.refusals[0].key, "pool_sise", "{error}");
        assert!(error.to_string().contains("panda.toml"), "{error}");
        Ok(())
    });
}

#[test]
fn a_refused_database_url_never_quotes_its_password() {
    Jail::expect_with(|jail| {
        jail.set_env("PANDA_DATABASE_URL", "mysql://root:hunter2@db/panda");
        let error = refused(None);
        assert!(!error.to_string().contains("hunter2"), "{error}");
        assert!(error.to_string().contains("mysql"), "{error}");
        Ok(())
    });
}

#[test]
fn authentication_cannot_be_off_on_an_address_others_can_reach() {
    Jail::expect_with(|jail| {
        jail.set_env("PANDA_AUTH", "off");
        jail.set_env("PANDA_BIND", "0.0.0.0:8080");
        let error = refused(None);
        assert_eq!(error.refusals.len(), 1, "{error}");
        assert_eq!(error.refusals[0].key, "auth");
        assert!(error.refusals[0].reason.contains("loopback"), "{error}");
        Ok(())
    });
}

#[test]
fn openid_connect_needs_its_issuer_audience_and_keys_together() {
    Jail::expect_with(|jail| {
        assert_eq!(load(None)?.oidc, None);
        jail.set_env(
            "PANDA_OIDC_ISSUER",
            "https://id.clinic.example/realms/staff",
        );
        let error = refused(None);
        assert_eq!(error.refusals[0].key, "oidc_issuer");
        assert!(
            error.refusals[0]
                .reason
                .contains("oidc_audience, oidc_jwks"),
            "{error}"
        );
        jail.set_env("PANDA_OIDC_AUDIENCE", "panda");
        jail.set_env("PANDA_OIDC_JWKS", "/etc/panda/jwks.json");
        let oidc = load(None)?.oidc.expect("configured");
        assert_eq!(oidc.audience, "panda");
        assert_eq!(oidc.role_claim, "roles");
        assert!(matches!(oidc.jwks, JwksSource::File(_)));
        jail.set_env(
            "PANDA_OIDC_JWKS",
            "https://id.clinic.example/realms/staff/certs",
        );
        assert!(matches!(
            load(None)?.oidc.expect("configured").jwks,
            JwksSource::Url(_)
        ));
        jail.set_env("PANDA_OIDC_JWKS", "http://127.0.0.1:8081/certs");
        assert!(matches!(
            load(None)?.oidc.expect("configured").jwks,
            JwksSource::Url(_)
        ));
        jail.set_env("PANDA_OIDC_JWKS", "http://id.clinic.example/certs");
        let error = refused(None);
        assert_eq!(error.refusals[0].key, "oidc_jwks", "{error}");
        assert!(error.refusals[0].reason.contains("https://"), "{error}");
        Ok(())
    });
}

#[test]
fn https_needs_both_the_certificate_and_the_key() {
    Jail::expect_with(|jail| {
        assert_eq!(load(None)?.tls, None);
        jail.set_env("PANDA_TLS_CERT", "/etc/panda/cert.pem");
        let error = refused(None);
        assert_eq!(error.refusals[0].key, "tls_key", "{error}");
        jail.set_env("PANDA_TLS_KEY", "/etc/panda/key.pem");
        let tls = load(None)?.tls.expect("configured");
        assert_eq!(tls.key, std::path::PathBuf::from("/etc/panda/key.pem"));
        Ok(())
    });
}
