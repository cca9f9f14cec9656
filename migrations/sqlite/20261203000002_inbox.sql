-- The inbox: every update a webhook accepted, written before the webhook
-- is answered 200 (Meta does not send an answered update again), handled
-- from here in order per chat, and deleted once handled (src/store/inbox.rs,
-- src/channels/whatsapp/inbox.rs). A second delivery of the same update is
-- a no-op while the first is here, and a duplicate for the engine after.
CREATE TABLE inbox (
    id            INTEGER PRIMARY KEY AUTOINCREMENT, -- never reused: a process knows the ids it has in hand
    channel       TEXT NOT NULL,             -- whatsapp
    chat_id       TEXT NOT NULL,             -- the queue it waits in (a chat, or one message's statuses)
    update_id     TEXT NOT NULL,             -- the platform's id, to accept it once
    event         TEXT NOT NULL,             -- what arrived, JSON
    received_at   TEXT NOT NULL,
    attempts      INTEGER NOT NULL DEFAULT 0,
    claimed_until TEXT,                      -- a process handles it until then
    UNIQUE (channel, update_id)
);
-- The oldest row of each chat is the next to handle.
CREATE INDEX inbox_chat ON inbox (channel, chat_id, id);
