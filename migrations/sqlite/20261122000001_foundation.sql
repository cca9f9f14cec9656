-- Foundation: regions, posyandu, people and their roles, invites, dialogue state.
-- Timestamps are RFC 3339 text (sqlx's chrono encoding for SQLite).

CREATE TABLE region (
    code        TEXT PRIMARY KEY,          -- Kemendagri dotted code, e.g. 73.24.01.2001
    name        TEXT NOT NULL,
    level       INTEGER NOT NULL,          -- 1 provinsi, 2 kabupaten/kota, 3 kecamatan, 4 desa/kelurahan
    parent_code TEXT REFERENCES region (code),
    time_zone   TEXT NOT NULL              -- IANA name: Asia/Jakarta, Asia/Pontianak, Asia/Makassar, Asia/Jayapura
);
CREATE INDEX region_parent ON region (parent_code);

CREATE TABLE posyandu (
    id         INTEGER PRIMARY KEY,
    name       TEXT NOT NULL,
    desa_code  TEXT NOT NULL REFERENCES region (code),
    created_at TEXT NOT NULL,
    UNIQUE (desa_code, name)
);

CREATE TABLE person (
    id          INTEGER PRIMARY KEY,
    channel     TEXT NOT NULL,             -- telegram, whatsapp
    external_id TEXT NOT NULL,             -- the user's id on that channel
    name        TEXT NOT NULL,
    language    TEXT NOT NULL,             -- id, en
    created_at  TEXT NOT NULL,
    UNIQUE (channel, external_id)
);

CREATE TABLE invite (
    id          INTEGER PRIMARY KEY,
    code        TEXT NOT NULL UNIQUE,
    role        TEXT NOT NULL,             -- kader, pokja, pokjanal, puskesmas, dinkes
    posyandu_id INTEGER REFERENCES posyandu (id),
    region_code TEXT REFERENCES region (code),
    max_uses    INTEGER NOT NULL,
    used        INTEGER NOT NULL DEFAULT 0,
    expires_at  TEXT NOT NULL,
    created_at  TEXT NOT NULL,
    CHECK ((role = 'kader' AND posyandu_id IS NOT NULL AND region_code IS NULL)
        OR (role <> 'kader' AND posyandu_id IS NULL AND region_code IS NOT NULL))
);

CREATE TABLE kader (
    person_id   INTEGER NOT NULL REFERENCES person (id),
    posyandu_id INTEGER NOT NULL REFERENCES posyandu (id),
    invite_id   INTEGER NOT NULL REFERENCES invite (id),
    joined_at   TEXT NOT NULL,
    PRIMARY KEY (person_id, posyandu_id)
);
CREATE INDEX kader_posyandu ON kader (posyandu_id);

CREATE TABLE official (
    person_id   INTEGER NOT NULL REFERENCES person (id),
    role        TEXT NOT NULL,             -- pokja, pokjanal, puskesmas, dinkes
    region_code TEXT NOT NULL REFERENCES region (code),
    invite_id   INTEGER NOT NULL REFERENCES invite (id),
    joined_at   TEXT NOT NULL,
    PRIMARY KEY (person_id, role, region_code)
);
CREATE INDEX official_region ON official (region_code);

-- One conversation per chat; written in the same transaction as what a step saves.
CREATE TABLE dialogue (
    channel    TEXT NOT NULL,
    chat_id    TEXT NOT NULL,
    state      TEXT NOT NULL,              -- versioned JSON, see src/dialogue/stored.rs
    updated_at TEXT NOT NULL,
    PRIMARY KEY (channel, chat_id)
);

-- Platform update ids already acted on, so a re-delivered update is ignored.
CREATE TABLE seen_update (
    channel   TEXT NOT NULL,
    update_id TEXT NOT NULL,
    seen_at   TEXT NOT NULL,
    PRIMARY KEY (channel, update_id)
);
CREATE INDEX seen_update_age ON seen_update (seen_at);

CREATE TABLE setting (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
