-- Digests: whether each report's month is far from the posyandu's own
-- previous 12 months (the rule of src/domain/digest.rs: its most unusual
-- measure, the median of that measure and the score; NULL when it is
-- not), kept by the report's save, which judges the month and the 12
-- after it again. A digest reads only its month's flagged rows through
-- the partial index instead of 13 months of every posyandu.
ALTER TABLE report_total ADD COLUMN unusual_measure TEXT;
ALTER TABLE report_total ADD COLUMN unusual_median DOUBLE PRECISION;
ALTER TABLE report_total ADD COLUMN unusual_score DOUBLE PRECISION;
CREATE INDEX report_total_unusual ON report_total (periode, desa_code, unusual_score) WHERE unusual_score IS NOT NULL;

-- The reports already stored are judged by the bot right after this
-- migration (the rule is Rust code), once: store::report_total::unusual::judge_pending
-- removes this row in the transaction that fills the columns.
INSERT INTO setting (key, value) VALUES ('report_total_unjudged', '1');

-- No query reads report by month alone any more (digests read report_total;
-- the missing list, silence, reminders and the workbook look reports up by
-- posyandu and month, the unique key), so this index only cost every save.
DROP INDEX report_month;
