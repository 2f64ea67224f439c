//! Schema migrations (schema only; data comes from importers and editors).

mod helpers;
mod m20261122_000001_create_tables;
mod m20261202_000001_accounts_and_changes;
mod m20261202_000002_change_requests;
mod m20261202_000003_policies_and_campaigns;
mod m20261202_000004_real_data;
mod m20261203_000001_change_feed;
mod m20261203_000002_login_failures;
mod m20261203_000003_populations;

use sea_orm_migration::prelude::*;

/// All migrations in order.
pub struct Migrator;

#[sea_orm_migration::async_trait::async_trait]
impl MigratorTrait for Migrator {
    fn migrations() -> Vec<Box<dyn MigrationTrait>> {
        vec![
            Box::new(m20261122_000001_create_tables::Migration),
            Box::new(m20261202_000001_accounts_and_changes::Migration),
            Box::new(m20261202_000002_change_requests::Migration),
            Box::new(m20261202_000003_policies_and_campaigns::Migration),
            Box::new(m20261202_000004_real_data::Migration),
            Box::new(m20261203_000001_change_feed::Migration),
            Box::new(m20261203_000002_login_failures::Migration),
            Box::new(m20261203_000003_populations::Migration),
        ]
    }
}
