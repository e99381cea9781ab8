//! The schema migrations.

use panda_adapters_db::Database;

contract!(running_the_migrations_again_applies_nothing);

fn running_the_migrations_again_applies_nothing(db: &Database) {
    assert_eq!(db.run_migrations().unwrap(), Vec::<String>::new());
    assert_eq!(db.run_migrations().unwrap(), Vec::<String>::new());
}
