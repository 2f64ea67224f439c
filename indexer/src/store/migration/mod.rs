//! Schema migrations (schema only; data comes from importers and editors).

mod m20261122_000001_create_tables;
mod m20261202_000001_accounts_and_changes;
mod m20261202_000002_change_requests;
mod m20261202_000003_policies_and_campaigns;
mod m20261202_000004_real_data;
mod m20261203_000001_change_feed;
mod m20261203_000002_login_failures;
mod m20261203_000003_populations;

use sea_orm_migration::prelude::*;

/// `CREATE INDEX IF NOT EXISTS name ON table (columns…)`.
fn index<T: IntoIden, C: IntoIden, const N: usize>(
    name: &str,
    table: T,
    columns: [C; N],
) -> IndexCreateStatement {
    let mut i = Index::create();
    i.if_not_exists().name(name).table(table);
    for c in columns {
        i.col(c);
    }
    i.to_owned()
}

/// `CREATE TABLE IF NOT EXISTS name (columns…)`.
fn table<T: IntoIden, const N: usize>(name: T, columns: [ColumnDef; N]) -> TableCreateStatement {
    let mut t = Table::create();
    t.table(name).if_not_exists();
    for c in columns {
        t.col(c);
    }
    t.to_owned()
}

/// `DROP TABLE IF EXISTS` each table, in the order given (dependants first).
async fn drop_tables<const N: usize>(
    m: &SchemaManager<'_>,
    tables: [DynIden; N],
) -> Result<(), DbErr> {
    for t in tables {
        m.drop_table(Table::drop().table(t).if_exists().to_owned())
            .await?;
    }
    Ok(())
}

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
