-- Completeness: the first month a posyandu is expected to report, so one
-- registered today does not lower the completeness of months already past.
-- A posyandu registered in a month first owes the report then being
-- collected, the month before's; its earliest report, if older, moves it
-- back (src/store/reports.rs, save). Rows already stored: the month before
-- the one they were registered in (UTC), or their earliest report if older.
-- Indexed with the desa code, so a digest counts each area's expected
-- posyandu of a month from a range of the index alone.
ALTER TABLE posyandu ADD COLUMN expected_from TEXT NOT NULL DEFAULT '2000-01';

UPDATE posyandu SET expected_from = LEAST(
    to_char(date_trunc('month', created_at AT TIME ZONE 'UTC') - INTERVAL '1 month', 'YYYY-MM'),
    COALESCE((SELECT MIN(r.periode) FROM report r WHERE r.posyandu_id = posyandu.id), '9999-12'));

CREATE INDEX posyandu_expected ON posyandu (desa_code, expected_from);
