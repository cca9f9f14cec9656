-- One person, several accounts (issue 12, /hubungkan): a person who uses both
-- Telegram and WhatsApp links them and is one person with one set of roles.
--
-- `person_account` holds every account (channel, id on that channel) and the
-- person it belongs to; incoming messages find their person through it.
-- `person.channel` and `person.external_id` stay, and now mean the one
-- account the person chose for everything the bot starts (invitations,
-- notices, reminders, digests), always one of the person's accounts: so every
-- broadcast that selects from `person` reaches each person once.
CREATE TABLE person_account (
    channel     TEXT NOT NULL,
    external_id TEXT NOT NULL,
    person_id   INTEGER NOT NULL REFERENCES person (id),
    linked_at   TEXT NOT NULL,
    PRIMARY KEY (channel, external_id)
);
CREATE INDEX person_account_person ON person_account (person_id);

INSERT INTO person_account (channel, external_id, person_id, linked_at)
    SELECT channel, external_id, id, created_at FROM person;

-- One-time codes from /hubungkan, typed on the other app; one live code per
-- person, deleted when used.
CREATE TABLE link_code (
    code        TEXT PRIMARY KEY,
    person_id   INTEGER NOT NULL UNIQUE REFERENCES person (id),
    channel     TEXT NOT NULL,             -- the account that asked for it
    external_id TEXT NOT NULL,
    expires_at  TEXT NOT NULL
);

-- Wrong link codes typed, per account, so nobody can try codes until one fits.
CREATE TABLE link_attempt (
    channel     TEXT NOT NULL,
    external_id TEXT NOT NULL,
    failed_at   TEXT NOT NULL
);
CREATE INDEX link_attempt_account ON link_attempt (channel, external_id, failed_at);
