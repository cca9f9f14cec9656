-- The whole posyandu month: a report is one section (balita, ibu, remaja,
-- dewasa, kunjungan) of one posyandu's month, so several kader may send
-- different sections and each section has its own revisions. Reports
-- stored before are the balita section of their month, as they were.
-- A posyandu may serve only some life stages (`stages`, a comma list of
-- them; NULL: every stage); it is asked, and expected, for those only.
ALTER TABLE report ADD COLUMN section TEXT NOT NULL DEFAULT 'balita';
ALTER TABLE report ALTER COLUMN section DROP DEFAULT;
ALTER TABLE report DROP CONSTRAINT report_posyandu_id_periode_key;
ALTER TABLE report ADD CONSTRAINT report_posyandu_periode_section UNIQUE (posyandu_id, periode, section);

ALTER TABLE posyandu ADD COLUMN stages TEXT;
-- The digests count the posyandu expected to report the balita block from
-- this index alone.
DROP INDEX posyandu_expected;
CREATE INDEX posyandu_expected ON posyandu (desa_code, expected_from, stages);
