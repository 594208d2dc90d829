-- The event spool (issue 21, scenario 2; RELIABILITY.md): events the Redis stream vg:events could not
-- take — the pipelined batch carrying their XADD failed (Redis down, restarting, or refusing) — are kept
-- here, exactly as they were to be appended, until a node's EventSpoolDrainer appends them to the stream
-- again. Rows are taken in spool order (seq) under a transaction-scoped advisory lock, appended in one
-- pipelined batch, and deleted in the same transaction only after Redis answered every XADD (at least
-- once: consumers deduplicate by event_id, the UUID every event carries from the start).
CREATE TABLE event_spool (
  seq              bigserial PRIMARY KEY,
  event_id         uuid NOT NULL,
  event_type       text NOT NULL,
  network_id       uuid,
  -- '' for an event about no charger, as on the stream
  charge_point_id  text NOT NULL DEFAULT '',
  -- the event's own timestamp and data, exactly as they were published (ISO-8601 text, JSON text)
  ts               text NOT NULL,
  data             text NOT NULL,
  node             text NOT NULL,
  spooled_at       timestamptz NOT NULL DEFAULT now()
);

-- A spool batch retried after its commit went unanswered is not spooled twice.
CREATE UNIQUE INDEX event_spool_event_id_idx ON event_spool(event_id);
