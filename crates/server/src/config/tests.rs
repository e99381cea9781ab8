//! Loading the configuration from defaults, files and the environment.
//! `figment::Jail` gives each test its own working directory and
//! environment, and runs such tests one at a time.
#![expect(
    clippy::result_large_err,
    reason = "figment::Jail's closures must return figment::Error, which is large"
)]

use super::*;
use figment::Jail;
use std::net::{Ipv4Addr, SocketAddr};

/// Loads inside a jail, turning our error into the jail's.
fn load(file: Option<&Path>) -> Result<Config, figment::Error> {
    Config::load(file, false).map_err(|e| figment::Error::from(e.to_string()))
}

fn refused(file: Option<&Path>) -> ConfigError {
    match Config::load(file, false) {
        Ok(config) => panic!("expected a refusal, loaded {config:?}"),
        Err(e) => e,
    }
}

#[test]
fn with_nothing_set_the_defaults_serve_sqlite_on_localhost_8080() {
    Jail::expect_with(|_| {
        let config = load(None)?;
        assert_eq!(config.database_url.expose(), "sqlite://panda.db");
        assert_eq!(config.bind, SocketAddr::from((Ipv4Addr::LOCALHOST, 8080)));
        assert_eq!(config.pool_size, 2);
        assert_eq!(config.blocking_threads, Some(4));
        assert_eq!(config.log_format, LogFormat::Text);
        assert_eq!(config.log_level, "info");
        assert!(!config.strict_durations);
        assert_eq!(config.body_timeout, 10);
        assert_eq!(config.policy(), SchedulingPolicy::default());
        assert!(
            config.cors_origins.is_empty(),
            "no origin is allowed by default"
        );
        assert_eq!(config.idempotency_ttl, 24 * 3600);
        Ok(())
    });
}

#[test]
fn holds_live_five_minutes_in_london_unless_configured() {
    use panda_domain::schedule::TimeZone;
    Jail::expect_with(|_| {
        let config = load(None)?;
        assert_eq!(config.hold_ttl, chrono::TimeDelta::minutes(5));
        assert_eq!(config.time_zone, TimeZone::LONDON);
        Ok(())
    });
    Jail::expect_with(|jail| {
        jail.set_env("PANDA_HOLD_TTL", "10m");
        jail.set_env("PANDA_TIME_ZONE", "Europe/Dublin");
        let config = load(None)?;
        assert_eq!(config.hold_ttl, chrono::TimeDelta::minutes(10));
        assert_eq!(config.time_zone.name(), "Europe/Dublin");
        Ok(())
    });
}

#[test]
fn the_booking_window_is_set_by_min_notice_and_booking_horizon() {
    use chrono::TimeZone;
    let now = chrono::Utc.with_ymd_and_hms(2030, 1, 15, 8, 0, 0).unwrap();
    let at = |h: u32, d: u32| chrono::Utc.with_ymd_and_hms(2030, 1, d, h, 0, 0).unwrap();
    Jail::expect_with(|_| {
        let policy = load(None)?.policy();
        assert!(policy.check_window(at(9, 15), now).is_ok());
        assert!(policy.check_window(at(9, 16), now).is_ok());
        Ok(())
    });
    Jail::expect_with(|jail| {
        jail.set_env("PANDA_MIN_NOTICE", "2h");
        jail.set_env("PANDA_BOOKING_HORIZON", "14days");
        let policy = load(None)?.policy();
        assert!(policy.check_window(at(9, 15), now).is_err(), "too soon");
        assert!(policy.check_window(at(10, 15), now).is_ok());
        assert!(
            policy.check_window(at(9, 30), now).is_err(),
            "beyond the horizon"
        );
        Ok(())
    });
}

#[test]
fn cors_origins_are_a_comma_separated_list_of_exact_origins() {
    Jail::expect_with(|jail| {
        jail.set_env(
            "PANDA_CORS_ORIGINS",
            "https://clinic.example.nhs.uk, http://localhost:3000",
        );
        jail.set_env("PANDA_IDEMPOTENCY_TTL", "3600");
        let config = load(None)?;
        assert_eq!(
            config.cors_origins,
            ["https://clinic.example.nhs.uk", "http://localhost:3000"]
        );
        assert_eq!(config.idempotency_ttl, 3600);
        Ok(())
    });
}

#[test]
fn environment_variables_override_every_default() {
    Jail::expect_with(|jail| {
        jail.set_env("PANDA_DATABASE_URL", "postgres://panda@db:5432/panda");
        jail.set_env("PANDA_BIND", "0.0.0.0:0");
        jail.set_env("PANDA_POOL_SIZE", "5");
        jail.set_env("PANDA_LOG_FORMAT", "json");
        jail.set_env("PANDA_LOG_LEVEL", "warn,panda=debug");
        jail.set_env("PANDA_STRICT_DURATIONS", "true");
        let config = load(None)?;
        assert_eq!(
            config.database_url.expose(),
            "postgres://panda@db:5432/panda"
        );
        assert_eq!(config.bind, SocketAddr::from((Ipv4Addr::UNSPECIFIED, 0)));
        assert_eq!(config.pool_size, 5);
        assert_eq!(config.log_format, LogFormat::Json);
        assert_eq!(config.log_level, "warn,panda=debug");
        assert_eq!(config.policy(), SchedulingPolicy::strict());
        Ok(())
    });
}

#[test]
fn on_postgresql_the_pool_defaults_to_8_connections_and_blocking_threads_to_actix_s_own() {
    Jail::expect_with(|jail| {
        jail.set_env(
            "PANDA_DATABASE_URL",
            "postgresql://postgres@127.0.0.1/postgres",
        );
        let config = load(None)?;
        assert_eq!(config.pool_size, 8);
        assert_eq!(config.blocking_threads, None);
        jail.set_env("PANDA_BLOCKING_THREADS", "3");
        assert_eq!(load(None)?.blocking_threads, Some(3));
        jail.set_env("PANDA_POOL_SIZE", "256");
        assert_eq!(load(None)?.pool_size, 256, "the largest pool allowed");
        Ok(())
    });
}

#[test]
fn panda_toml_in_the_working_directory_is_read_and_the_environment_wins_over_it() {
    Jail::expect_with(|jail| {
        jail.create_file(
            "panda.toml",
            "bind = \"127.0.0.1:9000\"\nlog_level = \"debug\"\n",
        )?;
        jail.set_env("PANDA_LOG_LEVEL", "warn");
        let config = load(None)?;
        assert_eq!(config.bind.port(), 9000);
        assert_eq!(config.log_level, "warn");
        Ok(())
    });
}

#[test]
fn an_explicit_file_is_read_instead_of_panda_toml() {
    Jail::expect_with(|jail| {
        jail.create_file("panda.toml", "pool_size = 3\n")?;
        jail.create_file("other.toml", "pool_size = 4\nstrict_durations = true\n")?;
        let config = load(Some(Path::new("other.toml")))?;
        assert_eq!(config.pool_size, 4);
        assert!(config.strict_durations);
        Ok(())
    });
}

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
fn variables_that_are_not_settings_are_ignored() {
    Jail::expect_with(|jail| {
        jail.set_env("PANDA_CONFIG", "elsewhere.toml");
        jail.set_env("PANDA_TEST_POSTGRES_URL", "postgres://x@y/z");
        assert!(load(None).is_ok());
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
fn a_loaded_configuration_prints_without_the_database_password() {
    Jail::expect_with(|jail| {
        jail.set_env("PANDA_DATABASE_URL", "postgres://panda:hunter2@db/panda");
        let config = load(None)?;
        assert!(!format!("{config:?}").contains("hunter2"));
        assert!(format!("{config:?}").contains("panda:***@db"));
        Ok(())
    });
}

#[test]
fn authentication_is_on_unless_turned_off_on_a_loopback_address() {
    Jail::expect_with(|jail| {
        assert_eq!(load(None)?.auth, AuthSetting::On);
        jail.set_env("PANDA_AUTH", "off");
        assert_eq!(load(None)?.auth, AuthSetting::Off);
        jail.set_env("PANDA_BIND", "[::1]:8080");
        assert_eq!(load(None)?.auth, AuthSetting::Off);
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
fn command_line_tools_log_only_warnings_unless_told_otherwise() {
    Jail::expect_with(|jail| {
        let tool = Config::load(None, true).map_err(|e| figment::Error::from(e.to_string()))?;
        assert_eq!(tool.log_level, "warn");
        jail.set_env("PANDA_LOG_LEVEL", "debug");
        let told = Config::load(None, true).map_err(|e| figment::Error::from(e.to_string()))?;
        assert_eq!(told.log_level, "debug");
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
