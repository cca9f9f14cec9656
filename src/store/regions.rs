//! The Kemendagri region tree.

use std::collections::HashMap;

use super::{Db, Tx, on_db, on_tx};
use crate::domain::region::RegionCode;
use crate::wilayah::RegionRow;

const BATCH: usize = 1000;

/// What an import changed.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct ImportSummary {
    pub added: usize,
    pub renamed: usize,
    pub unchanged: usize,
}

/// Codes and names already stored.
pub async fn all_names(db: &Db) -> sqlx::Result<HashMap<String, String>> {
    let rows: Vec<(String, String)> =
        on_db!(db, p => sqlx::query_as("SELECT code, name FROM region").fetch_all(p).await?);
    Ok(rows.into_iter().collect())
}

/// Writes checked rows (parents first) in one transaction: new codes are
/// added, changed names updated, the rest left alone. `progress` is called
/// with (rows written, rows to write) after each batch.
pub async fn import(
    db: &Db,
    rows: &[RegionRow],
    mut progress: impl FnMut(usize, usize),
) -> anyhow::Result<ImportSummary> {
    let stored = all_names(db).await?;
    let mut summary = ImportSummary::default();
    let changed: Vec<&RegionRow> = rows
        .iter()
        .filter(|row| match stored.get(row.code.as_str()) {
            None => {
                summary.added += 1;
                true
            }
            Some(name) if name != &row.name => {
                summary.renamed += 1;
                true
            }
            Some(_) => {
                summary.unchanged += 1;
                false
            }
        })
        .collect();
    let mut tx = db.begin().await?;
    let mut written = 0;
    for batch in changed.chunks(BATCH) {
        upsert(&mut tx, batch).await?;
        written += batch.len();
        progress(written, changed.len());
    }
    tx.commit().await?;
    Ok(summary)
}

async fn upsert(tx: &mut Tx, batch: &[&RegionRow]) -> sqlx::Result<()> {
    let values: Vec<String> = (0..batch.len())
        .map(|i| {
            let n = i * 5;
            format!("(${}, ${}, ${}, ${}, ${})", n + 1, n + 2, n + 3, n + 4, n + 5)
        })
        .collect();
    let sql = format!(
        "INSERT INTO region (code, name, level, parent_code, time_zone) VALUES {}
         ON CONFLICT (code) DO UPDATE SET name = excluded.name",
        values.join(", ")
    );
    on_tx!(tx, c => {
        let mut query = sqlx::query(&sql);
        for row in batch {
            query = query
                .bind(row.code.as_str())
                .bind(row.name.as_str())
                .bind(row.code.level().number() as i32)
                .bind(row.code.parent().map(String::from))
                .bind(row.time_zone.name());
        }
        query.execute(&mut *c).await.map(|_| ())
    })
}

/// The name of a stored region.
pub async fn name(db: &Db, code: &RegionCode) -> sqlx::Result<Option<String>> {
    on_db!(db, p => sqlx::query_scalar("SELECT name FROM region WHERE code = $1").bind(code.as_str())
        .fetch_optional(p).await)
}

/// Regions whose name contains `text` (any case), at most `limit`, by code.
pub async fn search(db: &Db, text: &str, limit: i64) -> sqlx::Result<Vec<(String, String)>> {
    let pattern = format!("%{}%", text.to_lowercase());
    on_db!(db, p => sqlx::query_as("SELECT code, name FROM region WHERE lower(name) LIKE $1 ORDER BY code LIMIT $2")
        .bind(pattern).bind(limit).fetch_all(p).await)
}

pub async fn count(db: &Db) -> sqlx::Result<i64> {
    on_db!(db, p => sqlx::query_scalar("SELECT COUNT(*) FROM region").fetch_one(p).await)
}
