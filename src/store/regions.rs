//! The Kemendagri region tree: importing a list (new codes, new names,
//! retired codes and codes that came back), looking codes up, searching names,
//! listing a region's children.

use std::collections::{HashMap, HashSet};

use chrono::Utc;

use super::{Db, Tx, on_db, on_tx};
use crate::domain::people::Place;
use crate::domain::region::RegionCode;
use crate::wilayah::{self, RegionRow};

const BATCH: usize = 1000;

/// What an import changed.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct ImportSummary {
    pub added: usize,
    pub renamed: usize,
    pub unchanged: usize,
    /// Retired codes that are in the list again, current once more.
    pub restored: usize,
    /// Stored codes the list no longer has, now kept as retired.
    pub retired: usize,
}

/// A stored region.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Region {
    pub name: String,
    /// No longer in the Kemendagri list: kept for what still points at it,
    /// but nothing new may use it.
    pub retired: bool,
}

/// The current (not retired) codes, which an imported list may use as parents.
pub async fn current_codes(db: &Db) -> sqlx::Result<HashSet<String>> {
    let rows: Vec<String> =
        on_db!(db, p => sqlx::query_scalar("SELECT code FROM region WHERE retired_at IS NULL").fetch_all(p).await?);
    Ok(rows.into_iter().collect())
}

async fn all(db: &Db) -> sqlx::Result<HashMap<String, Region>> {
    let rows: Vec<(String, String, bool)> = on_db!(db, p => sqlx::query_as(
        "SELECT code, name, retired_at IS NOT NULL FROM region").fetch_all(p).await?);
    Ok(rows.into_iter().map(|(code, name, retired)| (code, Region { name, retired })).collect())
}

/// Writes checked rows (parents first) in one transaction: new codes are
/// added, changed names updated, retired codes in the list made current
/// again. Stored codes missing from the list are retired (kept, never
/// deleted), but only in the provinces whose province row the list holds
/// ([`wilayah::complete_provinces`]): a file for one province never retires
/// another province's codes. `progress` is called with (rows written, rows
/// to write) after each batch.
pub async fn import(
    db: &Db,
    rows: &[RegionRow],
    mut progress: impl FnMut(usize, usize),
) -> anyhow::Result<ImportSummary> {
    let stored = all(db).await?;
    let mut summary = ImportSummary::default();
    let changed: Vec<&RegionRow> = rows
        .iter()
        .filter(|row| match stored.get(row.code.as_str()) {
            None => {
                summary.added += 1;
                true
            }
            Some(region) if region.retired => {
                summary.restored += 1;
                true
            }
            Some(region) if region.name != row.name => {
                summary.renamed += 1;
                true
            }
            Some(_) => {
                summary.unchanged += 1;
                false
            }
        })
        .collect();
    let complete = wilayah::complete_provinces(rows);
    let listed: HashSet<&str> = rows.iter().map(|row| row.code.as_str()).collect();
    let mut retiring: Vec<&str> = stored
        .iter()
        .filter(|(code, region)| {
            !region.retired
                && !listed.contains(code.as_str())
                && RegionCode::parse(code).is_ok_and(|c| complete.contains(&c.province()))
        })
        .map(|(code, _)| code.as_str())
        .collect();
    retiring.sort_unstable();
    summary.retired = retiring.len();

    let total = changed.len() + retiring.len();
    let mut tx = db.begin().await?;
    let mut written = 0;
    for batch in changed.chunks(BATCH) {
        upsert(&mut tx, batch).await?;
        written += batch.len();
        progress(written, total);
    }
    let now = Utc::now();
    for batch in retiring.chunks(BATCH) {
        retire(&mut tx, batch, now).await?;
        written += batch.len();
        progress(written, total);
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
         ON CONFLICT (code) DO UPDATE SET name = excluded.name, retired_at = NULL",
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

async fn retire(tx: &mut Tx, codes: &[&str], now: chrono::DateTime<Utc>) -> sqlx::Result<()> {
    let places: Vec<String> = (0..codes.len()).map(|i| format!("${}", i + 2)).collect();
    let sql = format!("UPDATE region SET retired_at = $1 WHERE code IN ({})", places.join(", "));
    on_tx!(tx, c => {
        let mut query = sqlx::query(&sql).bind(now);
        for code in codes {
            query = query.bind(*code);
        }
        query.execute(&mut *c).await.map(|_| ())
    })
}

/// A stored region, current or retired.
pub async fn find(db: &Db, code: &RegionCode) -> sqlx::Result<Option<Region>> {
    let row: Option<(String, bool)> = on_db!(db, p => sqlx::query_as(
        "SELECT name, retired_at IS NOT NULL FROM region WHERE code = $1").bind(code.as_str()).fetch_optional(p).await?);
    Ok(row.map(|(name, retired)| Region { name, retired }))
}

/// Regions whose name contains `text` (any case), at most `limit`, by code:
/// (code, region).
pub async fn search(db: &Db, text: &str, limit: i64) -> sqlx::Result<Vec<(String, Region)>> {
    let pattern = format!("%{}%", text.to_lowercase());
    let sql = "SELECT code, name, retired_at IS NOT NULL FROM region WHERE lower(name) LIKE $1 ORDER BY code LIMIT $2";
    let rows: Vec<(String, String, bool)> =
        on_db!(db, p => sqlx::query_as(sql).bind(pattern).bind(limit).fetch_all(p).await?);
    Ok(rows.into_iter().map(|(code, name, retired)| (code, Region { name, retired })).collect())
}

pub async fn count(db: &Db) -> sqlx::Result<i64> {
    on_db!(db, p => sqlx::query_scalar("SELECT COUNT(*) FROM region").fetch_one(p).await)
}

/// The current regions one level below `code`, by code.
pub async fn children(tx: &mut Tx, code: &RegionCode) -> anyhow::Result<Vec<Place>> {
    let sql = "SELECT code, name FROM region WHERE parent_code = $1 AND retired_at IS NULL ORDER BY code";
    let rows: Vec<(String, String)> =
        on_tx!(tx, c => sqlx::query_as(sql).bind(code.as_str()).fetch_all(&mut *c).await?);
    places(rows)
}

/// Current regions under `within` (not itself) whose name contains `text`
/// (any case), higher levels first, at most `limit`.
pub async fn search_within(tx: &mut Tx, within: &RegionCode, text: &str, limit: i64) -> anyhow::Result<Vec<Place>> {
    let (low, high) = within.subtree();
    let escaped: String = text
        .to_lowercase()
        .chars()
        .flat_map(|c| match c {
            '\\' | '%' | '_' => vec!['\\', c],
            c => vec![c],
        })
        .collect();
    let sql = "SELECT code, name FROM region
               WHERE code > $1 AND code < $2 AND retired_at IS NULL AND lower(name) LIKE $3 ESCAPE '\\'
               ORDER BY level, code LIMIT $4";
    let rows: Vec<(String, String)> = on_tx!(tx, c => sqlx::query_as(sql)
        .bind(low).bind(high).bind(format!("%{escaped}%")).bind(limit).fetch_all(&mut *c).await?);
    places(rows)
}

fn places(rows: Vec<(String, String)>) -> anyhow::Result<Vec<Place>> {
    rows.into_iter().map(|(code, name)| Ok(Place::region(&RegionCode::parse(&code)?, name))).collect()
}
