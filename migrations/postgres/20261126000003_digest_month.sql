-- Digests: the reports of a month, with what tells whether each came on
-- time (a report never corrected was first sent at updated_at). Counting
-- who reported in the whole country then reads that month's reports
-- (about 300,000) instead of every month's; PostgreSQL scanned the whole
-- table once per month counted otherwise.
CREATE INDEX report_month ON report (periode, posyandu_id, revision, updated_at);
