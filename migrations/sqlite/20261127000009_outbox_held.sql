-- A WhatsApp message held outside the 24-hour window is released when its
-- person writes (src/store/outbox.rs, release_held), which every incoming
-- WhatsApp message checks: without this index each check read the whole
-- outbox.
CREATE INDEX outbox_held ON outbox (channel, chat_id) WHERE status = 'held';
