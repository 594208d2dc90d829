-- EMP charging keys (/emp/v1/charging-keys) are authorization tokens of their network: rows of
-- id_tokens, so the gateway's Authorize finds them with no second lookup. A disabled key is
-- status 'Blocked'; validTo is expires_at. These columns only mark and describe them.
ALTER TABLE id_tokens
  ADD COLUMN charging_key  boolean NOT NULL DEFAULT false,
  ADD COLUMN visual_number text,
  ADD COLUMN fleet_id      text;

-- Keyset pagination of a network's keys on the immutable (created_at, id).
CREATE INDEX id_tokens_charging_key_page_idx ON id_tokens(network_id, created_at, id)
  WHERE charging_key AND deleted_at IS NULL;
