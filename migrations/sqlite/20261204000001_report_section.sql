-- The whole posyandu month: a report is one section (balita, ibu, remaja,
-- dewasa, kunjungan) of one posyandu's month, so several kader may send
-- different sections and each section has its own revisions. Reports
-- stored before are the balita section of their month, as they were.
-- A posyandu may serve only some life stages (`stages`, a comma list of
-- them; NULL: every stage); it is asked, and expected, for those only.
--
-- SQLite cannot change a table's UNIQUE constraint, so `report` is rebuilt
-- with the same ids; its children's references are checked at commit.
PRAGMA defer_foreign_keys = ON;

CREATE TABLE report_before_sections AS SELECT * FROM report;
DROP TABLE report;
CREATE TABLE report (
    id           INTEGER PRIMARY KEY,
    posyandu_id  INTEGER NOT NULL REFERENCES posyandu (id),
    periode      TEXT NOT NULL,            -- 2026-10
    section      TEXT NOT NULL,            -- balita, ibu, ... (the form pack's codes)
    revision     INTEGER NOT NULL,         -- the section's current revision, from 1
    form_version TEXT NOT NULL,
    updated_by   INTEGER NOT NULL REFERENCES person (id),
    updated_at   TEXT NOT NULL,
    UNIQUE (posyandu_id, periode, section)
);
INSERT INTO report (id, posyandu_id, periode, section, revision, form_version, updated_by, updated_at)
SELECT id, posyandu_id, periode, 'balita', revision, form_version, updated_by, updated_at FROM report_before_sections;
DROP TABLE report_before_sections;

ALTER TABLE posyandu ADD COLUMN stages TEXT;
-- The digests count the posyandu expected to report the balita block from
-- this index alone.
DROP INDEX posyandu_expected;
CREATE INDEX posyandu_expected ON posyandu (desa_code, expected_from, stages);
