-- Metered units beside requests (docs/usage.md: one unit per request, plus one per 1,000 rows a report export streams).
ALTER TABLE api_key_usage ADD COLUMN units bigint NOT NULL DEFAULT 0;
UPDATE api_key_usage SET units = requests;

-- Report exports read CDRs in end order over a range (ReportQueries): a fast-start plan for the cursor.
CREATE INDEX transactions_stopped_idx ON transactions(stopped_at, id);
