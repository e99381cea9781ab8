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
fn variables_that_are_not_settings_are_ignored() {
    Jail::expect_with(|jail| {
        jail.set_env("PANDA_CONFIG", "elsewhere.toml");
        jail.set_env("PANDA_TEST_POSTGRES_URL", "postgres://x@y/z");
        assert!(load(None).is_ok());
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

mod refused;
