-- Charger connection history (docs/analytics.md, "Uptime"), written off the OCPP hot path by the
-- analytics verticle from charger.online / charger.offline entries of vg:events.
CREATE TABLE charger_connection_events (
  id          bigserial PRIMARY KEY,
  stream_id   text NOT NULL UNIQUE,
  charger_id  uuid NOT NULL,
  network_id  uuid NOT NULL,
  online      boolean NOT NULL,
  node        text,
  at          timestamptz NOT NULL
);
CREATE INDEX charger_connection_events_charger_idx ON charger_connection_events(charger_id, at);

-- Per charger: online seconds of closed connections, and the open one (online_since, on online_node).
CREATE TABLE charger_uptime (
  charger_id      uuid PRIMARY KEY,
  network_id      uuid NOT NULL,
  online_seconds  bigint NOT NULL DEFAULT 0,
  online_since    timestamptz,
  online_node     text,
  last_event_at   timestamptz NOT NULL
);
CREATE INDEX charger_uptime_network_idx ON charger_uptime(network_id);

-- When the connection history starts: uptime counts a charger's time from its registration or from
-- here, whichever is later (nothing is known of connections before).
INSERT INTO analytics_watermarks (name, last_id) VALUES ('connections', 0);
