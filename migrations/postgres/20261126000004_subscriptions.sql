-- Scheduled digests an official turned off or on again with /langganan:
-- the weekly completeness update and the month's digest. No row means on.

CREATE TABLE subscription (
    person_id  BIGINT NOT NULL REFERENCES person (id),
    kind       TEXT NOT NULL CHECK (kind IN ('weekly', 'monthly')),
    enabled    BOOLEAN NOT NULL,
    updated_at TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (person_id, kind)
);
