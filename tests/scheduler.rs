//! The scheduler on both databases, on a fixed clock the tests move: jobs
//! fire at their local moment and not before, once per key, never after
//! they were cancelled, once across two processes, again after a failure
//! (with the failed try's writes rolled back), after a restart, and through
//! a database error; and the loop stops promptly at shutdown.

mod common;

use std::collections::HashSet;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use chrono::{DateTime, NaiveDate, NaiveTime, Utc};
use chrono_tz::Tz;
use posyandu_bot::clock::Clock;
use posyandu_bot::domain::local_time::at_local;
use posyandu_bot::store::jobs::Outcome;
use posyandu_bot::store::jobs::{self, Job};
use posyandu_bot::store::{Db, Tx};
use posyandu_bot::worker::scheduler::{self, Handlers, Scheduler};
use tokio::sync::mpsc;
use tokio_util::sync::CancellationToken;
use tokio_util::task::TaskTracker;

use common::{TestDb, start_time};

const KIND: &str = "test-reminder";

/// A reminder this late is dropped by the test handler.
const GRACE: chrono::Duration = chrono::Duration::minutes(30);

/// How long a test waits for something to happen, and for nothing to.
const WAIT: Duration = Duration::from_secs(10);
const QUIET: Duration = Duration::from_millis(400);

/// A running scheduler with its own shutdown token.
struct Running {
    scheduler: Scheduler,
    shutdown: CancellationToken,
    tasks: TaskTracker,
}

fn start(db: &Db, clock: &Clock, handlers: Handlers) -> Running {
    let (shutdown, tasks) = (CancellationToken::new(), TaskTracker::new());
    let scheduler = Scheduler::start(db.clone(), clock.clone(), handlers, shutdown.clone(), &tasks);
    Running { scheduler, shutdown, tasks }
}

impl Running {
    /// Stops the loop and checks that it stopped promptly.
    async fn stop(self) {
        self.shutdown.cancel();
        self.tasks.close();
        tokio::time::timeout(Duration::from_secs(2), self.tasks.wait()).await.expect("the loop stops promptly");
    }
}

/// What the test handler saw: the key of each job it fired or dropped.
struct Fired(mpsc::UnboundedReceiver<(String, Outcome)>);

impl Fired {
    async fn next(&mut self) -> (String, Outcome) {
        tokio::time::timeout(WAIT, self.0.recv()).await.expect("a job fires").unwrap()
    }

    async fn next_key(&mut self) -> String {
        let (key, outcome) = self.next().await;
        assert_eq!(outcome, Outcome::Done, "{key} was dropped");
        key
    }

    async fn nothing(&mut self) {
        if let Ok(Some(fired)) = tokio::time::timeout(QUIET, self.0.recv()).await {
            panic!("nothing should fire yet, but {fired:?} did");
        }
    }
}

/// A handler as a feature would write one: it drops a job more than
/// [`GRACE`] late, otherwise writes its effect (a `setting` row named after
/// the key) through the claim's transaction.
fn recording() -> (Handlers, Fired) {
    let (sent, fired) = mpsc::unbounded_channel();
    let handlers = Handlers::default().on(KIND, move |tx, job, now| {
        let sent = sent.clone();
        Box::pin(async move {
            let outcome = if job.is_stale(now, GRACE) {
                Outcome::Dropped
            } else {
                write_effect(tx, job).await?;
                Outcome::Done
            };
            sent.send((job.key.clone(), outcome))?;
            Ok(outcome)
        })
    });
    (handlers, Fired(fired))
}

async fn write_effect(tx: &mut Tx, job: &Job) -> sqlx::Result<()> {
    let sql = "INSERT INTO setting (key, value) VALUES ($1, 'fired')";
    match tx {
        Tx::Sqlite(t) => sqlx::query(sql).bind(&job.key).execute(&mut **t).await.map(|_| ()),
        Tx::Postgres(t) => sqlx::query(sql).bind(&job.key).execute(&mut **t).await.map(|_| ()),
    }
}

async fn schedule(db: &Db, key: &str, due_at: DateTime<Utc>) -> bool {
    let mut tx = db.begin().await.unwrap();
    let added = jobs::schedule(&mut tx, key, KIND, &serde_json::json!({ "key": key }), due_at).await.unwrap();
    tx.commit().await.unwrap();
    added
}

async fn cancel_prefix(db: &Db, prefix: &str) -> u64 {
    let mut tx = db.begin().await.unwrap();
    let cancelled = jobs::cancel_prefix(&mut tx, prefix).await.unwrap();
    tx.commit().await.unwrap();
    cancelled
}

async fn status(test: &TestDb, key: &str) -> (String, i64) {
    let sql = "SELECT status, attempts FROM job WHERE key = $1";
    match &test.db {
        Db::Sqlite(db) => sqlx::query_as(sql).bind(key).fetch_one(&mut *db.lock().await.unwrap()).await.unwrap(),
        Db::Postgres(p) => sqlx::query_as(sql).bind(key).fetch_one(p).await.unwrap(),
    }
}

/// How many times the effect of the job `key` was committed.
async fn effects(test: &TestDb, key: &str) -> i64 {
    test.scalar(&format!("SELECT COUNT(*) FROM setting WHERE key = '{key}'")).await
}

fn minutes(n: i64) -> chrono::Duration {
    chrono::Duration::minutes(n)
}

/// 10 November 2026, the tests' first day, at a local time.
fn on_the_first_day(hour: u32, minute: u32, tz: Tz) -> DateTime<Utc> {
    let day = NaiveDate::from_ymd_opt(2026, 11, 10).unwrap();
    at_local(day, NaiveTime::from_hms_opt(hour, minute, 0).unwrap(), tz)
}

on_both_databases! {
    jobs_fire_at_their_local_moment_and_not_before => |test: TestDb| async move {
        let clock = Clock::fixed(start_time()); // 10:00 WITA, 09:00 WIB
        // 13:00 WITA is 05:00 UTC; 14:00 WIB is 07:00 UTC.
        assert!(schedule(&test.db, "wita", on_the_first_day(13, 0, Tz::Asia__Makassar)).await);
        assert!(schedule(&test.db, "wib", on_the_first_day(14, 0, Tz::Asia__Jakarta)).await);
        let (handlers, mut fired) = recording();
        let running = start(&test.db, &clock, handlers);

        clock.advance(minutes(179)); // 12:59 WITA
        fired.nothing().await;
        clock.advance(minutes(1));
        assert_eq!(fired.next_key().await, "wita");
        fired.nothing().await;
        assert_eq!(status(&test, "wita").await, ("done".to_owned(), 0));
        assert_eq!(effects(&test, "wita").await, 1, "the handler's write is committed with the claim");

        clock.advance(minutes(119)); // 13:59 WIB
        fired.nothing().await;
        clock.advance(minutes(1));
        assert_eq!(fired.next_key().await, "wib");
        fired.nothing().await;
        running.stop().await;
    };

    a_job_added_while_the_loop_sleeps_wakes_it => |test: TestDb| async move {
        let clock = Clock::fixed(start_time());
        schedule(&test.db, "first", start_time()).await;
        schedule(&test.db, "tomorrow", start_time() + chrono::Duration::days(1)).await;
        let (handlers, mut fired) = recording();
        let running = start(&test.db, &clock, handlers);
        assert_eq!(fired.next_key().await, "first");
        fired.nothing().await; // now asleep until the next poll

        schedule(&test.db, "unannounced", start_time()).await;
        fired.nothing().await;
        schedule(&test.db, "announced", start_time()).await;
        running.scheduler.wake();
        let mut both = HashSet::from([fired.next_key().await, fired.next_key().await]);
        assert!(both.remove("announced") && both.remove("unannounced"), "{both:?}");
        fired.nothing().await;

        // A job another process added is found at the next poll at the latest.
        schedule(&test.db, "elsewhere", start_time()).await;
        fired.nothing().await;
        clock.advance(scheduler::POLL);
        assert_eq!(fired.next_key().await, "elsewhere");
        running.stop().await;
    };

    the_same_key_scheduled_twice_fires_once => |test: TestDb| async move {
        let clock = Clock::fixed(start_time());
        let key = "meeting:12:reminder:person:7:day-before";
        assert!(schedule(&test.db, key, start_time() + minutes(10)).await);
        assert!(!schedule(&test.db, key, start_time() + minutes(5)).await, "a second schedule is a no-op");
        let (handlers, mut fired) = recording();
        let running = start(&test.db, &clock, handlers);

        clock.advance(minutes(5));
        fired.nothing().await;
        clock.advance(minutes(5));
        assert_eq!(fired.next_key().await, key);
        assert!(!schedule(&test.db, key, start_time() + minutes(20)).await, "nor after it fired");
        running.scheduler.wake();
        clock.advance(minutes(10));
        fired.nothing().await;
        assert_eq!(effects(&test, key).await, 1);
        running.stop().await;
    };

    cancelling_a_prefix_stops_its_pending_jobs => |test: TestDb| async move {
        let clock = Clock::fixed(start_time());
        let due = start_time() + minutes(60);
        for key in ["meeting:12:a", "meeting:12:b", "meeting:123:a", "meeting:13:a"] {
            schedule(&test.db, key, due).await;
        }
        assert_eq!(cancel_prefix(&test.db, "meeting:12:").await, 2);
        assert_eq!(cancel_prefix(&test.db, "meeting:12:").await, 0, "already cancelled");
        let (handlers, mut fired) = recording();
        let running = start(&test.db, &clock, handlers);

        clock.advance(minutes(60));
        let both = HashSet::from([fired.next_key().await, fired.next_key().await]);
        assert_eq!(both, HashSet::from(["meeting:123:a".to_owned(), "meeting:13:a".to_owned()]));
        fired.nothing().await;
        assert_eq!(status(&test, "meeting:12:a").await.0, "cancelled");

        // A moved meeting: its cancelled reminders are scheduled again.
        assert!(schedule(&test.db, "meeting:12:a", start_time() + minutes(90)).await);
        running.scheduler.wake();
        fired.nothing().await;
        clock.advance(minutes(30));
        assert_eq!(fired.next_key().await, "meeting:12:a");
        fired.nothing().await;
        running.stop().await;
    };

    two_processes_fire_each_job_exactly_once => |test: TestDb| async move {
        let clock = Clock::fixed(start_time());
        let keys: HashSet<String> = (0..100).map(|i| format!("job:{i}")).collect();
        for key in &keys {
            schedule(&test.db, key, start_time() + minutes(1)).await;
        }
        let other_db = Db::connect(&test.url).await.unwrap();
        let (sent, mut fired) = mpsc::unbounded_channel();
        let counting = |process: &'static str| {
            let sent = sent.clone();
            Handlers::default().on(KIND, move |tx, job, _now| {
                let sent = sent.clone();
                Box::pin(async move {
                    write_effect(tx, job).await?;
                    tokio::task::yield_now().await;
                    sent.send((job.key.clone(), process))?;
                    Ok(Outcome::Done)
                })
            })
        };
        let one = start(&test.db, &clock, counting("one"));
        let two = start(&other_db, &clock, counting("two"));

        clock.advance(minutes(1));
        one.scheduler.wake();
        two.scheduler.wake();
        let mut seen = HashSet::new();
        for _ in 0..keys.len() {
            let (key, _process) = tokio::time::timeout(WAIT, fired.recv()).await.expect("all jobs fire").unwrap();
            assert!(seen.insert(key.clone()), "{key} fired twice");
        }
        assert_eq!(seen, keys);
        assert!(tokio::time::timeout(QUIET, fired.recv()).await.is_err(), "nothing fires twice");
        assert_eq!(test.scalar("SELECT COUNT(*) FROM setting WHERE key LIKE 'job:%'").await, 100);
        one.stop().await;
        two.stop().await;
        other_db.close().await;
    };

    a_failed_job_rolls_back_and_fires_again_later => |test: TestDb| async move {
        let clock = Clock::fixed(start_time());
        schedule(&test.db, "flaky", start_time()).await;
        schedule(&test.db, "steady", start_time()).await;
        let (sent, mut fired) = mpsc::unbounded_channel();
        let failed = Arc::new(AtomicBool::new(false));
        let handlers = Handlers::default().on(KIND, move |tx, job, _now| {
            let (sent, failed) = (sent.clone(), failed.clone());
            Box::pin(async move {
                write_effect(tx, job).await?;
                if job.key == "flaky" && !failed.swap(true, Ordering::SeqCst) {
                    anyhow::bail!("the outbox is full");
                }
                sent.send(job.key.clone())?;
                Ok(Outcome::Done)
            })
        });
        let running = start(&test.db, &clock, handlers);

        let first = tokio::time::timeout(WAIT, fired.recv()).await.expect("the other job fires").unwrap();
        assert_eq!(first, "steady");
        assert!(tokio::time::timeout(QUIET, fired.recv()).await.is_err(), "the failed job waits");
        assert_eq!(status(&test, "flaky").await, ("pending".to_owned(), 1));
        assert_eq!(effects(&test, "flaky").await, 0, "the failed try's write was rolled back");

        clock.advance(scheduler::retry_delay(0));
        assert_eq!(tokio::time::timeout(WAIT, fired.recv()).await.expect("fires again").unwrap(), "flaky");
        assert!(tokio::time::timeout(QUIET, fired.recv()).await.is_err());
        assert_eq!(status(&test, "flaky").await.0, "done");
        assert_eq!((effects(&test, "flaky").await, effects(&test, "steady").await), (1, 1));
        running.stop().await;
    };

    pending_jobs_survive_a_restart_and_stale_ones_are_dropped => |test: TestDb| async move {
        let clock = Clock::fixed(start_time());
        schedule(&test.db, "missed", start_time() + minutes(60)).await;
        schedule(&test.db, "late", start_time() + minutes(170)).await;
        schedule(&test.db, "later", start_time() + minutes(240)).await;
        let (handlers, mut fired) = recording();
        start(&test.db, &clock, handlers).stop().await;

        clock.advance(minutes(180)); // the bot was down for three hours
        let (handlers, mut fired_after) = recording();
        let running = start(&test.db, &clock, handlers);
        let both = HashSet::from([fired_after.next().await, fired_after.next().await]);
        let expected = [("missed".to_owned(), Outcome::Dropped), ("late".to_owned(), Outcome::Done)];
        assert_eq!(both, HashSet::from(expected), "ten minutes late still counts; two hours does not");
        fired_after.nothing().await;
        fired.nothing().await;
        assert_eq!(status(&test, "missed").await.0, "dropped");
        assert_eq!(effects(&test, "missed").await, 0);

        clock.advance(minutes(60));
        assert_eq!(fired_after.next_key().await, "later");
        running.stop().await;
    };

    shutdown_stops_a_sleeping_loop_and_leaves_its_jobs => |test: TestDb| async move {
        let clock = Clock::fixed(start_time());
        schedule(&test.db, "next-week", start_time() + chrono::Duration::days(7)).await;
        let (handlers, mut fired) = recording();
        let running = start(&test.db, &clock, handlers);
        fired.nothing().await;
        running.stop().await;
        assert_eq!(status(&test, "next-week").await, ("pending".to_owned(), 0));
    };

    a_database_error_pauses_the_loop_without_losing_or_repeating_a_job => |test: TestDb| async move {
        let clock = Clock::fixed(start_time());
        schedule(&test.db, "through-the-outage", start_time() + minutes(1)).await;
        let (handlers, mut fired) = recording();
        let running = start(&test.db, &clock, handlers);
        fired.nothing().await;

        test.execute("ALTER TABLE job RENAME TO job_away").await; // every query of the loop now fails
        clock.advance(minutes(1));
        tokio::time::sleep(Duration::from_millis(1500)).await; // several failed tries, longer pauses
        fired.nothing().await;
        test.execute("ALTER TABLE job_away RENAME TO job").await;
        assert_eq!(fired.next_key().await, "through-the-outage");
        fired.nothing().await;
        running.stop().await;
    };
}
