-- Monthly reports. `report` holds the current revision of one posyandu's
-- month; `report_revision` every revision with who sent it and what changed;
-- `report_value` the current numbers, one row per indicator, carrying the
-- desa code and month so that totals over any area are one index range scan.

CREATE TABLE report (
    id           INTEGER PRIMARY KEY,
    posyandu_id  INTEGER NOT NULL REFERENCES posyandu (id),
    periode      TEXT NOT NULL,            -- 2026-10
    revision     INTEGER NOT NULL,         -- the current revision, from 1
    form_version TEXT NOT NULL,
    updated_by   INTEGER NOT NULL REFERENCES person (id),
    updated_at   TEXT NOT NULL,
    UNIQUE (posyandu_id, periode)
);

CREATE TABLE report_revision (
    report_id    INTEGER NOT NULL REFERENCES report (id),
    revision     INTEGER NOT NULL,
    person_id    INTEGER NOT NULL REFERENCES person (id),
    form_version TEXT NOT NULL,
    figures      TEXT NOT NULL,            -- JSON {"S":45,"K":43,...}
    changed      TEXT NOT NULL,            -- JSON {"S":[40,45]}: code -> [before, after]
    confirmed    TEXT NOT NULL,            -- JSON ["D <= S", "jump:N"]: warnings the kader confirmed
    created_at   TEXT NOT NULL,
    PRIMARY KEY (report_id, revision)
);

CREATE TABLE report_value (
    report_id   INTEGER NOT NULL REFERENCES report (id),
    code        TEXT NOT NULL,
    value       INTEGER NOT NULL,
    periode     TEXT NOT NULL,
    desa_code   TEXT NOT NULL,
    posyandu_id INTEGER NOT NULL,
    PRIMARY KEY (report_id, code)
);
CREATE INDEX report_value_area ON report_value (periode, desa_code, code, value);
