-- When a WhatsApp message was held behind a template (src/store/outbox.rs,
-- hold). A template stands for a chat's later messages for a day only
-- (src/store/whatsapp.rs, held_template): after that a new message brings
-- its own template, so a person who never answered still hears of it.
-- Rows held before this have none and count as older than a day.
ALTER TABLE outbox ADD COLUMN held_at TIMESTAMPTZ;
