-- OCPP message log (issue 20): every OCPP-J frame in and out, per charger, in daily range
-- partitions of logged_at. Retention drops whole partitions (OcppLogPartitions); reads hide a
-- network's rows older than its own retention (networks.ocpp_log_retention_days, else the default).

ALTER TABLE networks ADD COLUMN ocpp_log_retention_days int
  CHECK (ocpp_log_retention_days BETWEEN 1 AND 3650);

CREATE SEQUENCE ocpp_messages_id_seq;

CREATE TABLE ocpp_messages (
  id              bigint NOT NULL DEFAULT nextval('ocpp_messages_id_seq'),
  logged_at       timestamptz NOT NULL,
  network_id      uuid NOT NULL,
  charger_id      uuid NOT NULL,
  charge_point_id text NOT NULL,
  node            text NOT NULL,
  connection_id   text NOT NULL,
  ocpp_version    text NOT NULL,
  direction       text NOT NULL CHECK (direction IN ('in', 'out')),
  message_type    text NOT NULL CHECK (message_type IN ('CALL', 'CALLRESULT', 'CALLERROR', 'REFUSED')),
  message_id      text,
  action          text,
  error_code      text,
  refusal         text,
  payload_bytes   int NOT NULL,
  frame           text,
  truncated       boolean NOT NULL DEFAULT false,
  redacted        boolean NOT NULL DEFAULT false,
  latency_us      bigint
) PARTITION BY RANGE (logged_at);

CREATE INDEX ocpp_messages_charger_idx ON ocpp_messages (charger_id, logged_at, id);
CREATE INDEX ocpp_messages_message_idx ON ocpp_messages (charger_id, message_id);

-- One day's partition, ocpp_messages_dYYYYMMDD, [day, day + 1) in UTC; idempotent.
CREATE FUNCTION ocpp_messages_ensure_partition(day date) RETURNS boolean LANGUAGE plpgsql AS $$
DECLARE
  name text := 'ocpp_messages_d' || to_char(day, 'YYYYMMDD');
BEGIN
  IF to_regclass(name) IS NOT NULL THEN
    RETURN false;
  END IF;
  EXECUTE format('CREATE TABLE %I PARTITION OF ocpp_messages FOR VALUES FROM (%L) TO (%L)', name,
      (day::timestamp AT TIME ZONE 'UTC'), ((day + 1)::timestamp AT TIME ZONE 'UTC'));
  RETURN true;
END $$;

SELECT ocpp_messages_ensure_partition(((now() AT TIME ZONE 'UTC')::date + d)) FROM generate_series(-1, 2) AS d;
