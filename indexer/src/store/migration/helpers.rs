//! The statements every migration builds the same way.

use sea_orm_migration::prelude::*;

/// `CREATE INDEX IF NOT EXISTS name ON table (columns…)`.
pub(super) fn index<T: IntoIden, C: IntoIden, const N: usize>(
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
pub(super) fn table<T: IntoIden, const N: usize>(
    name: T,
    columns: [ColumnDef; N],
) -> TableCreateStatement {
    let mut t = Table::create();
    t.table(name).if_not_exists();
    for c in columns {
        t.col(c);
    }
    t.to_owned()
}

/// `DROP TABLE IF EXISTS` each table, in the order given (dependants first).
pub(super) async fn drop_tables<const N: usize>(
    m: &SchemaManager<'_>,
    tables: [DynIden; N],
) -> Result<(), DbErr> {
    for t in tables {
        m.drop_table(Table::drop().table(t).if_exists().to_owned())
            .await?;
    }
    Ok(())
}
