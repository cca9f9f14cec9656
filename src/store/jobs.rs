//! Jobs: work to do at a moment (a reminder, a digest), kept as rows so that
//! it survives restarts and fires once. A feature schedules a job in the
//! transaction of what causes it; the scheduler (`src/worker/scheduler.rs`)
//! claims due jobs and hands each to the handler of its kind. Jobs do not
//! send anything themselves: a handler writes to the outbox.

use chrono::{DateTime, Duration, Utc};
use serde::Serialize;
use serde::de::DeserializeOwned;

use super::{Db, Tx, on_db, on_tx};

/// A due job, as its handler sees it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Job {
    pub id: i64,
    /// The idempotency key it was scheduled under.
    pub key: String,
    /// Which handler fires it, e.g. `meeting-reminder`.
    pub kind: String,
    /// JSON; read it with [`Job::parse_payload`].
    pub payload: String,
    /// The moment it is for (a failed try does not move it).
    pub due_at: DateTime<Utc>,
    /// Failed tries before this one.
    pub attempts: i64,
}

impl Job {
    pub fn parse_payload<T: DeserializeOwned>(&self) -> serde_json::Result<T> {
        serde_json::from_str(&self.payload)
    }

    /// True when its moment passed more than `grace` before `now` (the bot
    /// was down, or retries took that long): a reminder that would arrive
    /// after its moment is dropped, not sent late.
    pub fn is_stale(&self, now: DateTime<Utc>, grace: Duration) -> bool {
        now - self.due_at > grace
    }
}

/// What a handler did with its job.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Outcome {
    /// It did what the job is for: the job is done.
    Done,
    /// It chose not to act (a stale reminder, a meeting that no longer
    /// needs it): the job is dropped.
    Dropped,
}

type JobRow = (i64, String, String, String, DateTime<Utc>, i64);

/// Schedules a job for `due_at` in the caller's transaction; false if a job
/// with this key exists already (then nothing changes), unless that job was
/// cancelled: then it is scheduled again with the new moment and payload,
/// so a moved meeting cancels its reminders and schedules them anew.
/// Call the scheduler's `wake`
/// after the commit.
pub async fn schedule(
    tx: &mut Tx,
    key: &str,
    kind: &str,
    payload: &impl Serialize,
    due_at: DateTime<Utc>,
) -> anyhow::Result<bool> {
    let payload = serde_json::to_string(payload)?;
    let sql = "INSERT INTO job (key, kind, payload, due_at, not_before, status) VALUES ($1, $2, $3, $4, $4, 'pending')
               ON CONFLICT (key) DO UPDATE SET kind = excluded.kind, payload = excluded.payload,
                   due_at = excluded.due_at, not_before = excluded.not_before, status = 'pending',
                   attempts = 0, last_error = NULL, fired_at = NULL
               WHERE job.status = 'cancelled'";
    let written = on_tx!(tx, c => sqlx::query(sql).bind(key).bind(kind).bind(&payload).bind(due_at)
        .execute(&mut *c).await?.rows_affected());
    Ok(written == 1)
}

/// Cancels every pending job whose key starts with `key_prefix` (e.g.
/// `meeting:12:` for a cancelled meeting); returns how many. The prefix is
/// the key range `[prefix, prefix + U+10FFFF)`, compared byte by byte on
/// both backends.
pub async fn cancel_prefix(tx: &mut Tx, key_prefix: &str) -> sqlx::Result<u64> {
    let end = format!("{key_prefix}{}", char::MAX);
    let sql = "UPDATE job SET status = 'cancelled' WHERE status = 'pending' AND key >= $1 AND key < $2";
    on_tx!(tx, c => sqlx::query(sql).bind(key_prefix).bind(&end).execute(&mut *c).await.map(|r| r.rows_affected()))
}

/// When the next pending job is to be tried, if any.
pub async fn next_due(db: &Db) -> sqlx::Result<Option<DateTime<Utc>>> {
    let sql = "SELECT not_before FROM job WHERE status = 'pending' ORDER BY not_before LIMIT 1";
    on_db!(db, p => sqlx::query_scalar(sql).fetch_optional(p).await)
}

/// Claims up to `limit` jobs due at `now`, earliest first, and marks them
/// done in the caller's transaction: if it rolls back, they are pending
/// again. On PostgreSQL rows claimed by another open transaction are
/// skipped, so two bot processes never fire the same job; on SQLite the
/// single writer serialises claims.
pub async fn claim_due(tx: &mut Tx, now: DateTime<Utc>, limit: i64) -> sqlx::Result<Vec<Job>> {
    let lock = match tx {
        Tx::Sqlite(_) => "",
        Tx::Postgres(_) => "FOR UPDATE SKIP LOCKED",
    };
    let sql = format!(
        "WITH due AS MATERIALIZED (
             SELECT id FROM job WHERE status = 'pending' AND not_before <= $1
             ORDER BY not_before, id LIMIT $2 {lock})
         UPDATE job SET status = 'done', fired_at = $1 WHERE id IN (SELECT id FROM due)
         RETURNING id, key, kind, payload, due_at, attempts"
    );
    let rows: Vec<JobRow> = on_tx!(tx, c => sqlx::query_as(&sql).bind(now).bind(limit).fetch_all(&mut *c).await?);
    let mut jobs: Vec<Job> = rows
        .into_iter()
        .map(|(id, key, kind, payload, due_at, attempts)| Job { id, key, kind, payload, due_at, attempts })
        .collect();
    jobs.sort_by_key(|job| (job.due_at, job.id));
    Ok(jobs)
}

/// Marks a claimed job dropped instead of done (its handler decided not to
/// act, e.g. a stale reminder), in the claim's transaction.
pub async fn mark_dropped(tx: &mut Tx, id: i64) -> sqlx::Result<()> {
    on_tx!(tx, c => sqlx::query("UPDATE job SET status = 'dropped' WHERE id = $1").bind(id)
        .execute(&mut *c).await.map(|_| ()))
}

/// Records a failed try of a job that is still pending and when to try again.
pub async fn retry_later(db: &Db, id: i64, not_before: DateTime<Utc>, error: &str) -> sqlx::Result<()> {
    let sql = "UPDATE job SET attempts = attempts + 1, not_before = $2, last_error = $3
               WHERE id = $1 AND status = 'pending'";
    on_db!(db, p => sqlx::query(sql).bind(id).bind(not_before).bind(error).execute(p).await.map(|_| ()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn job_due(due_at: DateTime<Utc>) -> Job {
        Job { id: 1, key: "k".into(), kind: "test".into(), payload: "{}".into(), due_at, attempts: 0 }
    }

    #[test]
    fn a_job_is_stale_once_its_moment_is_more_than_the_grace_ago() {
        let due = DateTime::parse_from_rfc3339("2026-11-10T02:00:00Z").unwrap().to_utc();
        let job = job_due(due);
        let grace = Duration::minutes(10);
        assert!(!job.is_stale(due - Duration::hours(1), grace), "not yet due");
        assert!(!job.is_stale(due, grace));
        assert!(!job.is_stale(due + grace, grace), "the grace itself is still in time");
        assert!(job.is_stale(due + grace + Duration::seconds(1), grace));
        assert!(job.is_stale(due + Duration::days(2), grace), "the bot was down");
    }

    #[test]
    fn a_payload_reads_back_as_the_type_it_was_written_from() {
        let job = Job { payload: r#"{"meeting":12}"#.into(), ..job_due(Utc::now()) };
        let payload: serde_json::Value = job.parse_payload().unwrap();
        assert_eq!(payload["meeting"], 12);
    }
}
