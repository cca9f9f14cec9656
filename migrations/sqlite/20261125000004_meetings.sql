-- Meetings an official announces to an area, and one invitation per person
-- invited (the answer and, afterwards, the attendance). Written by
-- src/store/meetings.rs; the invitations, notices and reminders go out
-- through the outbox, the reminders are jobs (`meeting:{id}:…`).

CREATE TABLE meeting (
    id           INTEGER PRIMARY KEY,
    organizer_id INTEGER NOT NULL REFERENCES person (id),
    kind         TEXT NOT NULL,              -- rakor, lokmin, pertemuan-kader, lainnya
    title        TEXT NOT NULL,
    starts_at    TEXT NOT NULL,
    place        TEXT NOT NULL,
    latitude     REAL,                       -- a shared location, when sent
    longitude    REAL,
    agenda       TEXT,
    area_code    TEXT NOT NULL REFERENCES region (code),
    invitees     TEXT NOT NULL,              -- roles invited, comma separated: kader,pokja
    answer_by    TEXT,
    cancelled_at TEXT,
    sequence     INTEGER NOT NULL DEFAULT 0, -- bumped by every change (calendar SEQUENCE)
    created_at   TEXT NOT NULL
);
CREATE INDEX meeting_organizer ON meeting (organizer_id, starts_at);

CREATE TABLE invitation (
    meeting_id  INTEGER NOT NULL REFERENCES meeting (id),
    person_id   INTEGER NOT NULL REFERENCES person (id),
    time_zone   TEXT NOT NULL,               -- the person's (IANA name), for reminders at local hours
    answer      TEXT,                        -- yes, no, delegate; NULL: not answered
    answered_at TEXT,
    attended    BOOLEAN,                     -- recorded after the meeting; NULL: not recorded
    PRIMARY KEY (meeting_id, person_id)
);
CREATE INDEX invitation_person ON invitation (person_id);
