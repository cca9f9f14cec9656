//! Keeps `report_total`'s judgement of each month against the posyandu's
//! own past ([`judge`]: its most unusual measure, the median and the
//! score, or nothing) right, so a digest reads only the flagged rows of
//! its month instead of 13 months of every posyandu.
//!
//! A month's judgement depends on its own totals and those of the
//! [`HISTORY_MONTHS`] before it, so saving a month (new or corrected)
//! judges it and the [`HISTORY_MONTHS`] after it again, each a lookup of
//! the table's key; a move changes nothing. Rows already stored when the
//! columns came (migration 20261127000008) are judged once at the next
//! start ([`judge_pending`]).

use futures_util::TryStreamExt;

use crate::domain::digest::{HISTORY_MONTHS, Measure, Totals, Unusual, judge};
use crate::domain::periode::Periode;
use crate::store::{Db, Tx, on_tx};

/// The `setting` row migration 20261127000008 writes while the stored
/// rows wait to be judged.
const PENDING: &str = "report_total_unjudged";

/// Rows per UPDATE when the stored rows are judged.
const ROWS_PER_STATEMENT: usize = 200;

/// A judgement as its three columns.
type Columns = (Option<String>, Option<f64>, Option<f64>);

fn columns(judged: Option<Unusual>) -> Columns {
    match judged {
        Some(u) => (Some(u.measure.key().to_owned()), Some(u.median), Some(u.score)),
        None => (None, None, None),
    }
}

fn judgement((measure, median, score): Columns) -> Option<Unusual> {
    Some(Unusual { measure: Measure::from_key(&measure?)?, median: median?, score: score? })
}

type Row = (String, i64, i64, i64, i64, i64, i64, Option<String>, Option<f64>, Option<f64>);

fn totals((s, d, n, o, b, bgm): (i64, i64, i64, i64, i64, i64)) -> Totals {
    Totals { s, d, n, o, b, bgm, ..Totals::default() }
}

/// Judges the months of a posyandu of `desa` from `periode` to
/// [`HISTORY_MONTHS`] later again and stores each judgement that changed.
/// Called in the transaction that saved `periode`. On PostgreSQL it first
/// takes a transaction lock on the posyandu, so two of its months saved at
/// once are judged one after the other, each seeing the other's figures.
pub async fn rejudge(tx: &mut Tx, posyandu_id: i64, desa: &str, periode: Periode) -> anyhow::Result<()> {
    if let Tx::Postgres(t) = tx {
        // The two-key form: apart from the (posyandu, month) locks of reports::lookup.
        sqlx::query("SELECT pg_advisory_xact_lock(2, CAST($1 % 2147483647 AS INTEGER))")
            .bind(posyandu_id)
            .execute(&mut **t)
            .await?;
    }
    let last = Periode::new(periode.year() + 1, periode.month()).unwrap_or(periode);
    let around: Vec<Periode> = std::iter::successors(Some(last), |p| Some(p.previous()))
        .take_while(|p| p.months_until(periode) <= HISTORY_MONTHS)
        .collect();
    let sql = format!(
        "SELECT periode, s, d, n, o, b, bgm, unusual_measure, unusual_median, unusual_score FROM report_total
         WHERE periode IN ({}) AND desa_code = $1 AND posyandu_id = $2",
        (3..3 + around.len()).map(|i| format!("${i}")).collect::<Vec<_>>().join(", ")
    );
    let rows: Vec<Row> = on_tx!(tx, c => {
        let mut query = sqlx::query_as(&sql).bind(desa).bind(posyandu_id);
        for month in &around {
            query = query.bind(month.to_string());
        }
        query.fetch_all(&mut *c).await?
    });
    let mut months = Vec::with_capacity(rows.len());
    let mut stored = Vec::with_capacity(rows.len());
    for (month, s, d, n, o, b, bgm, measure, median, score) in rows {
        let month = Periode::try_from(month).map_err(anyhow::Error::msg)?;
        months.push((month, totals((s, d, n, o, b, bgm))));
        stored.push(judgement((measure, median, score)));
    }
    for (at, was) in stored.into_iter().enumerate() {
        let month = months[at].0;
        let now = judge(&months, at);
        if month >= periode && now != was {
            store(tx, (month, desa, posyandu_id), now).await?;
        }
    }
    Ok(())
}

/// Writes the judgement of one row.
async fn store(
    tx: &mut Tx,
    (periode, desa, posyandu_id): (Periode, &str, i64),
    judged: Option<Unusual>,
) -> sqlx::Result<()> {
    let sql = "UPDATE report_total SET unusual_measure = $1, unusual_median = $2, unusual_score = $3
               WHERE periode = $4 AND desa_code = $5 AND posyandu_id = $6";
    let (measure, median, score) = columns(judged);
    on_tx!(tx, c => sqlx::query(sql).bind(measure).bind(median).bind(score).bind(periode.to_string()).bind(desa)
        .bind(posyandu_id).execute(&mut *c).await.map(|_| ()))
}

/// The judgements of one posyandu's reported months, oldest first, as
/// `seed` writes them with the rows.
pub fn judge_all(months: &[(Periode, Totals)]) -> Vec<Option<Unusual>> {
    (0..months.len()).map(|at| judge(months, at)).collect()
}

/// Judges every stored row once, if migration 20261127000008 asked for
/// it: reads the table one posyandu after the other and writes only the
/// rows found unusual (the others stay empty), in one transaction with
/// the end of the request. Returns how many rows were flagged, `None` when
/// nothing was pending.
pub async fn judge_pending(db: &Db) -> anyhow::Result<Option<u64>> {
    let started = std::time::Instant::now();
    let mut tx = db.begin().await?;
    let sql = "SELECT COUNT(*) FROM setting WHERE key = $1";
    let pending: i64 = on_tx!(&mut tx, c => sqlx::query_scalar(sql).bind(PENDING).fetch_one(&mut *c).await?);
    if pending == 0 {
        tx.commit().await?;
        return Ok(None);
    }
    let flagged = judge_stored(&mut tx).await?;
    for chunk in flagged.chunks(ROWS_PER_STATEMENT) {
        store_many(&mut tx, chunk).await?;
    }
    let sql = "DELETE FROM setting WHERE key = $1";
    on_tx!(&mut tx, c => sqlx::query(sql).bind(PENDING).execute(&mut *c).await.map(|_| ())?);
    tx.commit().await?;
    if let Db::Postgres(pool) = db {
        // The updated pages are no longer all-visible: without this the
        // digests' index-only scans visit the table until autovacuum comes.
        sqlx::query("VACUUM ANALYZE report_total").execute(pool).await?;
    }
    let seconds = started.elapsed().as_secs_f64();
    tracing::info!(flagged = flagged.len(), seconds, "judged the stored reports against their posyandu's past");
    Ok(Some(flagged.len() as u64))
}

/// A flagged row: its key and judgement.
type Flagged = (String, String, i64, Unusual);

/// Every stored row judged, streamed by posyandu and month; the unusual
/// ones with their key.
async fn judge_stored(tx: &mut Tx) -> anyhow::Result<Vec<Flagged>> {
    let sql = "SELECT posyandu_id, desa_code, periode, s, d, n, o, b, bgm FROM report_total
               ORDER BY posyandu_id, periode";
    type Stored = (i64, String, String, i64, i64, i64, i64, i64, i64);
    let mut flagged = Vec::new();
    // One posyandu at a time: its id, desa and months so far.
    let mut posyandu: Option<(i64, String)> = None;
    let mut months: Vec<(Periode, Totals)> = Vec::new();
    let mut finish = |(id, desa): (i64, String), months: &mut Vec<(Periode, Totals)>| {
        for (at, judged) in judge_all(months).into_iter().enumerate() {
            if let Some(judged) = judged {
                flagged.push((months[at].0.to_string(), desa.clone(), id, judged));
            }
        }
        months.clear();
    };
    on_tx!(tx, c => {
        let mut rows = sqlx::query_as::<_, Stored>(sql).fetch(&mut *c);
        while let Some((id, desa, month, s, d, n, o, b, bgm)) = rows.try_next().await? {
            if posyandu.as_ref().is_none_or(|(current, _)| *current != id)
                && let Some(done) = posyandu.replace((id, desa))
            {
                finish(done, &mut months);
            }
            let month = Periode::try_from(month).map_err(anyhow::Error::msg)?;
            months.push((month, totals((s, d, n, o, b, bgm))));
        }
    });
    if let Some(done) = posyandu {
        finish(done, &mut months);
    }
    Ok(flagged)
}

/// Writes the judgements of `rows` in one statement.
async fn store_many(tx: &mut Tx, rows: &[Flagged]) -> sqlx::Result<()> {
    let values: Vec<String> = (0..rows.len())
        .map(|i| {
            let n = i * 6;
            format!(
                "(${}, ${}, CAST(${} AS BIGINT), ${}, CAST(${} AS DOUBLE PRECISION), CAST(${} AS DOUBLE PRECISION))",
                n + 1,
                n + 2,
                n + 3,
                n + 4,
                n + 5,
                n + 6
            )
        })
        .collect();
    let sql = format!(
        "UPDATE report_total SET unusual_measure = v.column4, unusual_median = v.column5, unusual_score = v.column6
         FROM (VALUES {}) AS v
         WHERE report_total.periode = v.column1 AND report_total.desa_code = v.column2
           AND report_total.posyandu_id = v.column3",
        values.join(", ")
    );
    on_tx!(tx, c => {
        let mut query = sqlx::query(&sql);
        for (periode, desa, id, judged) in rows {
            query = query.bind(periode).bind(desa).bind(*id).bind(judged.measure.key()).bind(judged.median)
                .bind(judged.score);
        }
        query.execute(&mut *c).await.map(|_| ())
    })
}
