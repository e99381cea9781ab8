//! `panda token create | list | revoke`: PANDA's API tokens, managed by an
//! operator on the server (there is no HTTP route that mints a token).

use crate::config::Config;
use crate::database::open_and_migrate;
use crate::secrets::OsSecrets;
use anyhow::Context;
use chrono::{DateTime, TimeDelta, Utc};
use clap::{Args, Subcommand};
use panda_domain::access::{ApiToken, Role, TokenName, TokenService};
use panda_domain::{Actor, RandomIds, SystemClock};
use std::sync::Arc;

/// The token subcommands.
#[derive(Debug, Clone, PartialEq, Eq, Subcommand)]
pub enum TokenCommand {
    /// Create a token and print its secret, alone, once.
    Create(CreateArgs),
    /// List every token (never a secret).
    List,
    /// Revoke a token by its id or name.
    Revoke {
        /// The token's id or name.
        id_or_name: String,
    },
}

/// `panda token create`.
#[derive(Debug, Clone, PartialEq, Eq, Args)]
pub struct CreateArgs {
    /// What the token may do: admin, clinic or analyst.
    #[arg(long, value_parser = |s: &str| Role::parse(s).map_err(|e| e.to_string()))]
    pub role: Role,
    /// A unique name saying who or what holds it (`front-desk`).
    #[arg(long, value_parser = |s: &str| TokenName::parse(s).map_err(|e| e.to_string()))]
    pub name: TokenName,
    /// How long it lives: a number and m, h, d or w (`90d`); for ever if absent.
    #[arg(long, value_parser = parse_life)]
    pub expires_in: Option<TimeDelta>,
}

/// `90d`, `12h`, `30m`, `2w`: a whole number and a unit.
pub fn parse_life(input: &str) -> Result<TimeDelta, String> {
    let input = input.trim();
    let unit = input
        .chars()
        .last()
        .ok_or("give a number and a unit, such as 90d")?;
    let number: i64 = input[..input.len() - unit.len_utf8()]
        .parse()
        .map_err(|_| format!("`{input}` is not a number and a unit (m, h, d or w), such as 90d"))?;
    let minutes = match unit {
        'm' => Some(number),
        'h' => number.checked_mul(60),
        'd' => number.checked_mul(60 * 24),
        'w' => number.checked_mul(60 * 24 * 7),
        _ => None,
    };
    minutes
        .filter(|m| *m > 0)
        .and_then(TimeDelta::try_minutes)
        .ok_or_else(|| {
            format!("`{input}` is not a positive number and a unit (m, h, d or w), such as 90d")
        })
}

/// Runs a token subcommand.
pub fn run(config: &Config, command: &TokenCommand) -> anyhow::Result<()> {
    let (database, _) = open_and_migrate(config)?;
    let service = TokenService {
        tokens: Arc::new(database),
        clock: Arc::new(SystemClock),
        ids: Arc::new(RandomIds),
        secrets: Arc::new(OsSecrets),
    };
    match command {
        TokenCommand::Create(args) => {
            let (token, secret) = service
                .create(
                    args.name.clone(),
                    args.role,
                    args.expires_in,
                    &Actor::System,
                )
                .context("cannot create the token")?;
            tracing::info!(id = %token.id, name = %token.name, role = %token.role, "token created");
            // The secret alone on standard output, so that a script can
            // capture it; everything else goes to standard error.
            println!("{}", secret.expose());
            eprintln!(
                "token {} ({}, {}) created; the secret above is shown only once",
                token.name, token.role, token.id
            );
        }
        TokenCommand::List => {
            let tokens = service.list().context("cannot list the tokens")?;
            print!("{}", table(&tokens));
        }
        TokenCommand::Revoke { id_or_name } => {
            let token = service
                .revoke(id_or_name, &Actor::System)
                .context("cannot revoke the token")?;
            tracing::info!(id = %token.id, name = %token.name, "token revoked");
            println!("revoked {} ({})", token.name, token.id);
        }
    }
    Ok(())
}

/// The token list as a table, one token a line.
fn table(tokens: &[ApiToken]) -> String {
    let when = |at: Option<DateTime<Utc>>| {
        at.map_or_else(
            || "-".to_owned(),
            |t| t.format("%Y-%m-%d %H:%M").to_string(),
        )
    };
    let mut out = format!(
        "{:<36}  {:<20}  {:<7}  {:<16}  {:<16}  {:<16}  {}\n",
        "id", "name", "role", "created", "expires", "last used", "revoked"
    );
    for t in tokens {
        out.push_str(&format!(
            "{:<36}  {:<20}  {:<7}  {:<16}  {:<16}  {:<16}  {}\n",
            t.id,
            t.name,
            t.role,
            when(Some(t.created_at)),
            when(t.expires_at),
            when(t.last_used_at),
            when(t.revoked_at),
        ));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lives_are_a_whole_number_and_a_unit() {
        assert_eq!(parse_life("90d"), Ok(TimeDelta::days(90)));
        assert_eq!(parse_life("12h"), Ok(TimeDelta::hours(12)));
        assert_eq!(parse_life("30m"), Ok(TimeDelta::minutes(30)));
        assert_eq!(parse_life("2w"), Ok(TimeDelta::weeks(2)));
        for bad in [
            "",
            "d",
            "90",
            "90x",
            "-1d",
            "0d",
            "1.5d",
            "99999999999999999w",
        ] {
            assert!(parse_life(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn the_list_never_shows_a_secret_and_marks_what_is_unset() {
        use panda_domain::access::TokenId;
        let token = ApiToken {
            id: TokenId::from_uuid(uuid::Uuid::nil()),
            name: TokenName::parse("desk").unwrap(),
            role: Role::Clinic,
            created_at: DateTime::UNIX_EPOCH,
            expires_at: None,
            last_used_at: None,
            revoked_at: None,
        };
        let text = table(&[token]);
        assert!(text.contains("desk"));
        assert!(text.contains("clinic"));
        assert!(text.lines().nth(1).unwrap().ends_with('-'));
        assert!(!text.contains("panda_"));
    }
}
