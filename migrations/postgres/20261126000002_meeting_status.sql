-- The organizer's live status message of a meeting, and the platform's id
-- of every message sent (to edit it later; WhatsApp reports delivery by it).
-- A meeting whose tally may have changed since it was last shown is
-- `status_stale`; src/worker/status.rs edits the message at most every few
-- seconds and clears it once every invitation has gone out.

ALTER TABLE outbox ADD COLUMN platform_id TEXT;

ALTER TABLE meeting ADD COLUMN status_stale BOOLEAN NOT NULL DEFAULT FALSE;
ALTER TABLE meeting ADD COLUMN status_shown TEXT;
ALTER TABLE meeting ADD COLUMN status_at TIMESTAMPTZ;
CREATE INDEX meeting_status_stale ON meeting (id) WHERE status_stale;
