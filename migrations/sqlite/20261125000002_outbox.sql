-- The outbox: everything the bot sends, written in the transaction of what
-- causes it, sent by src/outbox. Replies are sent at once by the step that
-- made them; the sender retries what failed or was left by a crash, and
-- paces broadcasts. See ARCHITECTURE.md, "The outbox".

CREATE TABLE outbox (
    id            INTEGER PRIMARY KEY,
    channel       TEXT NOT NULL,             -- telegram, whatsapp
    chat_id       TEXT NOT NULL,
    person_id     INTEGER REFERENCES person (id), -- the recipient, when registered
    lang          TEXT NOT NULL,             -- for strangers; a person's current language wins
    time_zone     TEXT NOT NULL,             -- the recipient's, for the times a message shows
    priority      INTEGER NOT NULL,          -- 0 reply (first), 1 notice, 2 broadcast
    key           TEXT UNIQUE,               -- idempotency: a second write is a no-op
    reply         TEXT NOT NULL,             -- the channel-neutral Reply, JSON
    status        TEXT NOT NULL,             -- pending, sent, failed, unreachable
    attempts      INTEGER NOT NULL DEFAULT 0,
    not_before    TEXT NOT NULL,             -- not sent earlier (retry backoff)
    claimed_until TEXT,                      -- a sender holds it until then
    last_error    TEXT,
    created_at    TEXT NOT NULL,
    sent_at       TEXT
);
-- The waiting rows of a channel by chat: the oldest of each chat is the next to go.
CREATE INDEX outbox_waiting ON outbox (channel, chat_id, id) WHERE status = 'pending';

-- Set when a person blocked the bot; cleared when they write again.
ALTER TABLE person ADD COLUMN unreachable_at TEXT;
