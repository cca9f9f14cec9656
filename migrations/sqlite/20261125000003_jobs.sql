-- Jobs: things to do at a moment (reminders, digests), written in the
-- transaction of what causes them and fired by src/worker/scheduler.rs.
-- `due_at` is the moment the job is for; `not_before` is when it is next
-- tried (the same, until a failed try moves it later). `key` makes
-- scheduling idempotent (e.g. meeting:12:reminder:person:7:day-before).
-- Timestamps are RFC 3339 text in UTC (sqlx's chrono encoding), so text
-- order is time order.

CREATE TABLE job (
    id         INTEGER PRIMARY KEY,
    key        TEXT NOT NULL UNIQUE,
    kind       TEXT NOT NULL,              -- e.g. meeting-reminder
    payload    TEXT NOT NULL,              -- JSON, read by the kind's handler
    due_at     TEXT NOT NULL,
    not_before TEXT NOT NULL,
    status     TEXT NOT NULL CHECK (status IN ('pending', 'done', 'dropped', 'cancelled')),
    attempts   INTEGER NOT NULL DEFAULT 0, -- failed tries so far
    last_error TEXT,
    fired_at   TEXT                        -- when it was done or dropped
);
-- The next pending job to try.
CREATE INDEX job_pending ON job (not_before) WHERE status = 'pending';
