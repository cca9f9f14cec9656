//! Monthly reports: the current revision, the revision history, and the
//! per-indicator values that area totals are summed from (with the
//! digests' [`report_total`] row, in the same transaction).

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};

use super::audience::{Arg, Audience};
use super::{Db, Tx, on_db, on_tx, posyandu, report_total};
use crate::domain::form::packs::Forms;
use crate::domain::form::{BALITA, Form, Stage, parse_stages};
use crate::domain::periode::Periode;
use crate::domain::region::RegionCode;
use crate::domain::report::{ReportLookup, SavedReport, Submission};

/// The saved sections of a posyandu's `periode` and of the month before,
/// and the stages it serves. On PostgreSQL this takes a transaction lock
/// on (posyandu, month) first, so two kader sending at once are served one
/// after the other (SQLite's write transaction already is exclusive).
pub async fn lookup(tx: &mut Tx, posyandu_id: i64, periode: Periode) -> anyhow::Result<ReportLookup> {
    if let Tx::Postgres(t) = tx {
        let key = posyandu_id * 1_000_000 + i64::from(periode.year()) * 100 + i64::from(periode.month());
        sqlx::query("SELECT pg_advisory_xact_lock($1)").bind(key).execute(&mut **t).await?;
    }
    Ok(ReportLookup {
        current: sections(tx, posyandu_id, periode).await?,
        previous: sections(tx, posyandu_id, periode.previous()).await?,
        stages: stages(tx, posyandu_id).await?,
    })
}

/// The life stages a posyandu serves; `None`: every stage.
pub async fn stages(tx: &mut Tx, posyandu_id: i64) -> anyhow::Result<Option<Vec<Stage>>> {
    let sql = "SELECT stages FROM posyandu WHERE id = $1";
    let stages: Option<Option<String>> =
        on_tx!(tx, c => sqlx::query_scalar(sql).bind(posyandu_id).fetch_optional(&mut *c).await?);
    Ok(stages.flatten().as_deref().map(parse_stages))
}

/// The saved sections of a posyandu's month, by section code.
async fn sections(tx: &mut Tx, posyandu_id: i64, periode: Periode) -> anyhow::Result<BTreeMap<String, SavedReport>> {
    let sql = "SELECT r.section, r.revision, v.figures, p.name, v.created_at
               FROM report r
               JOIN report_revision v ON v.report_id = r.id AND v.revision = r.revision
               JOIN person p ON p.id = v.person_id
               WHERE r.posyandu_id = $1 AND r.periode = $2";
    let rows: Vec<(String, i64, String, String, DateTime<Utc>)> =
        on_tx!(tx, c => sqlx::query_as(sql).bind(posyandu_id).bind(periode.to_string()).fetch_all(&mut *c).await?);
    rows.into_iter()
        .map(|(section, revision, figures, by, at)| {
            Ok((section, SavedReport { revision, values: serde_json::from_str(&figures)?, by, at }))
        })
        .collect()
}

/// Saves a submission as the next revision; returns that revision. The
/// earlier revisions stay, and `report_value` is replaced by the new numbers.
pub async fn save(tx: &mut Tx, person_id: i64, submission: &Submission, now: DateTime<Utc>) -> anyhow::Result<i64> {
    let periode = submission.periode.to_string();
    let form_version = submission.form_version.as_str();
    let (report_id, revision, before) = match submission.base {
        None => {
            let sql =
                "INSERT INTO report (posyandu_id, periode, section, revision, form_version, updated_by, updated_at)
                       VALUES ($1, $2, $3, 1, $4, $5, $6) RETURNING id";
            let id: i64 = on_tx!(tx, c => sqlx::query_scalar(sql).bind(submission.posyandu_id).bind(&periode)
                .bind(&submission.section).bind(form_version).bind(person_id).bind(now).fetch_one(&mut *c).await?);
            (id, 1, BTreeMap::new())
        }
        Some(base) => {
            let before = sections(tx, submission.posyandu_id, submission.periode)
                .await?
                .remove(&submission.section)
                .map(|r| r.values)
                .unwrap_or_default();
            let sql = "UPDATE report SET revision = $1, form_version = $2, updated_by = $3, updated_at = $4
                       WHERE posyandu_id = $5 AND periode = $6 AND section = $7 AND revision = $8 RETURNING id";
            let id: Option<i64> = on_tx!(tx, c => sqlx::query_scalar(sql).bind(base + 1).bind(form_version)
                .bind(person_id).bind(now).bind(submission.posyandu_id).bind(&periode).bind(&submission.section)
                .bind(base).fetch_optional(&mut *c).await?);
            let id = id.ok_or_else(|| anyhow::anyhow!("report revision {base} is no longer current"))?;
            (id, base + 1, before)
        }
    };
    let changed = changes(&before, &submission.values);
    let sql = "INSERT INTO report_revision (report_id, revision, person_id, form_version, figures, changed, confirmed, created_at)
               VALUES ($1, $2, $3, $4, $5, $6, $7, $8)";
    let figures = serde_json::to_string(&submission.values)?;
    let changed = serde_json::to_string(&changed)?;
    let confirmed = serde_json::to_string(&submission.confirmed)?;
    on_tx!(tx, c => sqlx::query(sql).bind(report_id).bind(revision).bind(person_id).bind(form_version)
        .bind(&figures).bind(&changed).bind(&confirmed).bind(now).execute(&mut *c).await.map(|_| ())?);
    let sql = "SELECT desa_code, expected_from FROM posyandu WHERE id = $1";
    let (desa, expected_from): (String, String) =
        on_tx!(tx, c => sqlx::query_as(sql).bind(submission.posyandu_id).fetch_one(&mut *c).await?);
    if periode < expected_from {
        // A report of a month before it was registered: it was there then.
        let sql = "UPDATE posyandu SET expected_from = $1 WHERE id = $2";
        on_tx!(tx, c => sqlx::query(sql).bind(&periode).bind(submission.posyandu_id).execute(&mut *c).await.map(|_| ())?);
    }
    replace_values(tx, report_id, &desa, submission).await?;
    if submission.section == BALITA {
        report_total::save(tx, submission.posyandu_id, &desa, submission.periode, &submission.values, now).await?;
    }
    Ok(revision)
}

/// What changed from one revision to the next: code → [before, after]
/// (`null` where a value was absent).
fn changes(before: &BTreeMap<String, i64>, after: &BTreeMap<String, i64>) -> BTreeMap<String, [Option<i64>; 2]> {
    let codes: std::collections::BTreeSet<&String> = before.keys().chain(after.keys()).collect();
    codes
        .into_iter()
        .filter(|c| before.get(*c) != after.get(*c))
        .map(|c| (c.clone(), [before.get(c).copied(), after.get(c).copied()]))
        .collect()
}

async fn replace_values(tx: &mut Tx, report_id: i64, desa: &str, submission: &Submission) -> anyhow::Result<()> {
    on_tx!(tx, c => sqlx::query("DELETE FROM report_value WHERE report_id = $1").bind(report_id).execute(&mut *c).await.map(|_| ())?);
    if submission.values.is_empty() {
        return Ok(());
    }
    let rows: Vec<String> = (0..submission.values.len())
        .map(|i| {
            let n = i * 6;
            format!("(${}, ${}, ${}, ${}, ${}, ${})", n + 1, n + 2, n + 3, n + 4, n + 5, n + 6)
        })
        .collect();
    let sql = format!(
        "INSERT INTO report_value (report_id, code, value, periode, desa_code, posyandu_id) VALUES {}",
        rows.join(", ")
    );
    let periode = submission.periode.to_string();
    on_tx!(tx, c => {
        let mut query = sqlx::query(&sql);
        for (code, value) in &submission.values {
            query = query.bind(report_id).bind(code).bind(*value).bind(&periode).bind(desa).bind(submission.posyandu_id);
        }
        query.execute(&mut *c).await.map(|_| ())?
    });
    Ok(())
}

/// For each month asked, the sections of a posyandu reported and their
/// current revisions.
pub async fn revisions(
    tx: &mut Tx,
    posyandu_id: i64,
    periodes: &[Periode],
) -> anyhow::Result<Vec<(Periode, BTreeMap<String, i64>)>> {
    let mut found = Vec::with_capacity(periodes.len());
    for periode in periodes {
        let sql = "SELECT section, revision FROM report WHERE posyandu_id = $1 AND periode = $2";
        let rows: Vec<(String, i64)> = on_tx!(tx, c => sqlx::query_as(sql).bind(posyandu_id)
            .bind(periode.to_string()).fetch_all(&mut *c).await?);
        found.push((*periode, rows.into_iter().collect()));
    }
    Ok(found)
}

/// Totals per indicator over every posyandu in `area` (any level) for a
/// month: one range scan of the `report_value_area` index.
pub async fn totals(db: &Db, area: &RegionCode, periode: Periode) -> anyhow::Result<BTreeMap<String, i64>> {
    let (low, high) = area.subtree();
    let sql = "SELECT code, CAST(SUM(value) AS BIGINT) FROM report_value
               WHERE periode = $1 AND desa_code >= $2 AND desa_code < $3 GROUP BY code";
    let rows: Vec<(String, i64)> =
        on_db!(db, p => sqlx::query_as(sql).bind(periode.to_string()).bind(&low).bind(&high).fetch_all(p).await?);
    Ok(rows.into_iter().collect())
}

/// The kader of posyandu in time zone `time_zone` that have not reported
/// `periode`, each once.
pub fn kader_not_reported(time_zone: &str, periode: Periode) -> Audience {
    let sql = "SELECT DISTINCT k.person_id, r.time_zone
               FROM kader k JOIN posyandu po ON po.id = k.posyandu_id JOIN region r ON r.code = po.desa_code
               WHERE r.time_zone = $1
                 AND NOT EXISTS (SELECT 1 FROM report rp WHERE rp.posyandu_id = po.id AND rp.periode = $2)";
    Audience { sql: sql.to_owned(), args: vec![Arg::Text(time_zone.to_owned()), Arg::Text(periode.to_string())] }
}

/// The kader of posyandu in time zone `time_zone` that sent some sections
/// of `periode` but not every section their pack asks of the stages they
/// serve, each once.
pub fn kader_incomplete(time_zone: &str, periode: Periode, forms: &Forms) -> Audience {
    let mut args = vec![Arg::Text(time_zone.to_owned()), Arg::Text(periode.to_string())];
    let mut bind = |value: String| {
        args.push(Arg::Text(value));
        format!("${}", args.len())
    };
    let mut regional = Vec::new();
    let mut packs = Vec::new();
    for form in &forms.regional {
        let within: Vec<String> = form.regions.iter().map(|r| within(r, &mut bind)).collect();
        let within = format!("({})", within.join(" OR "));
        packs.push(format!("({within} AND {})", missing_section(form, &mut bind)));
        regional.push(within);
    }
    let elsewhere = if regional.is_empty() { "(1 = 1)".to_owned() } else { format!("NOT ({})", regional.join(" OR ")) };
    packs.push(format!("({elsewhere} AND {})", missing_section(&forms.default, &mut bind)));
    let sql = format!(
        "SELECT DISTINCT k.person_id, r.time_zone
         FROM kader k JOIN posyandu po ON po.id = k.posyandu_id JOIN region r ON r.code = po.desa_code
         WHERE r.time_zone = $1
           AND EXISTS (SELECT 1 FROM report rp WHERE rp.posyandu_id = po.id AND rp.periode = $2)
           AND ({})",
        packs.join(" OR ")
    );
    Audience { sql, args }
}

/// The posyandu `po` lies in `region` (its code range).
fn within(region: &str, bind: &mut impl FnMut(String) -> String) -> String {
    let code =
        RegionCode::parse(region).map(|c| c.subtree()).unwrap_or_else(|_| (region.to_owned(), region.to_owned()));
    let (low, high) = (bind(code.0), bind(code.1));
    format!("(po.desa_code >= {low} AND po.desa_code < {high})")
}

/// The posyandu `po` serves a stage of a section of `form` it has not
/// sent for the month `$2`.
fn missing_section(form: &Form, bind: &mut impl FnMut(String) -> String) -> String {
    let sections: Vec<String> = form
        .sections
        .iter()
        .map(|s| {
            let code = bind(s.code.clone());
            format!(
                "({} AND NOT EXISTS (SELECT 1 FROM report rs WHERE rs.posyandu_id = po.id AND rs.periode = $2 AND rs.section = {code}))",
                posyandu::serves("po", s.serves)
            )
        })
        .collect();
    format!("({})", sections.join(" OR "))
}
