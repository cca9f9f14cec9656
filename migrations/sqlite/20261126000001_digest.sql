-- Digests: the current report values by month, then indicator, then desa
-- code and posyandu. Summing one indicator over an area's subtree is one
-- contiguous run of this index, so a digest reads only the indicators it
-- adds up and groups them without sorting (report_value_area interleaves
-- all the indicators of each desa: grouping them took a sort or a CASE per
-- row, and the national rollup about 1.5 s a month instead of 0.3 s). With
-- the posyandu in it, a posyandu's months are read from the index alone.
CREATE INDEX report_value_code ON report_value (periode, code, desa_code, posyandu_id, value);
