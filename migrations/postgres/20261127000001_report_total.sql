-- Digests: one row per monthly report with the current revision's totals of
-- the digest's indicators (an indicator the kader skipped is 0) and when
-- its first revision was sent, kept by the report's save in the same
-- transaction. Keyed by month, desa code and posyandu, the figures in the
-- key's index too, so an area's month is one index-only range scan: the
-- digest of a kabupaten or the country reads one entry per report, not one
-- per report value, and counts who reported (and by the due day) from the
-- same entries.
CREATE TABLE report_total (
    periode       TEXT NOT NULL,
    desa_code     TEXT NOT NULL,
    posyandu_id   BIGINT NOT NULL,
    first_sent_at TIMESTAMPTZ NOT NULL,
    s             BIGINT NOT NULL,
    k             BIGINT NOT NULL,
    d             BIGINT NOT NULL,
    n             BIGINT NOT NULL,
    t             BIGINT NOT NULL,
    o             BIGINT NOT NULL,
    b             BIGINT NOT NULL,
    bgm           BIGINT NOT NULL,
    two_t         BIGINT NOT NULL,
    PRIMARY KEY (periode, desa_code, posyandu_id) INCLUDE (first_sent_at, s, k, d, n, t, o, b, bgm, two_t)
);

-- The reports already stored: report_value's rows of each report added up
-- by indicator.
INSERT INTO report_total (periode, desa_code, posyandu_id, first_sent_at, s, k, d, n, t, o, b, bgm, two_t)
SELECT r.periode, p.desa_code, r.posyandu_id, f.created_at,
       COALESCE(SUM(CASE WHEN v.code = 'S' THEN v.value END), 0),
       COALESCE(SUM(CASE WHEN v.code = 'K' THEN v.value END), 0),
       COALESCE(SUM(CASE WHEN v.code = 'D' THEN v.value END), 0),
       COALESCE(SUM(CASE WHEN v.code = 'N' THEN v.value END), 0),
       COALESCE(SUM(CASE WHEN v.code = 'T' THEN v.value END), 0),
       COALESCE(SUM(CASE WHEN v.code = 'O' THEN v.value END), 0),
       COALESCE(SUM(CASE WHEN v.code = 'B' THEN v.value END), 0),
       COALESCE(SUM(CASE WHEN v.code = 'BGM' THEN v.value END), 0),
       COALESCE(SUM(CASE WHEN v.code = '2T' THEN v.value END), 0)
FROM report r
JOIN posyandu p ON p.id = r.posyandu_id
JOIN report_revision f ON f.report_id = r.id AND f.revision = 1
LEFT JOIN report_value v ON v.report_id = r.id
GROUP BY r.id, p.desa_code, f.created_at;

ANALYZE report_total;
