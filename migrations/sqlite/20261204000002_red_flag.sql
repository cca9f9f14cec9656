-- Red flags: a saved section with an urgent indicator above 0 (SRQ item
-- 17, pregnant women referred), at most one per posyandu, month and
-- indicator, so a correction never alerts the officials twice. Kept for
-- the digests and the workbook; the desa code is the posyandu's, moved
-- with it, so an area's month is one range of the index.
CREATE TABLE red_flag (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    posyandu_id INTEGER NOT NULL REFERENCES posyandu (id),
    periode     TEXT NOT NULL,
    desa_code   TEXT NOT NULL,
    section     TEXT NOT NULL,
    code        TEXT NOT NULL,
    value       INTEGER NOT NULL,
    person_id   INTEGER NOT NULL REFERENCES person (id),
    created_at  TEXT NOT NULL,
    UNIQUE (posyandu_id, periode, code)
);
CREATE INDEX red_flag_area ON red_flag (periode, desa_code);
