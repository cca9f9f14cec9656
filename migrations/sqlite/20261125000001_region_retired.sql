-- Retired regions: a code that a newer Kemendagri list no longer has (pemekaran:
-- split, merged, renumbered) is kept with the moment it was retired instead of
-- being deleted, so posyandu, officials, invites and reports that point at it
-- lose nothing until an admin moves them (`posyandu move`, `official move`).
-- NULL = current. A code that appears again in a later list is current again.

ALTER TABLE region ADD COLUMN retired_at TEXT;
