-- Analytics rollups (docs/analytics.md): daily sums per network, maintained incrementally, so the
-- analytics endpoints never scan charging_sessions or status_history. A day is a calendar day in the
-- network's time zone (networks.settings ->> 'timeZone', default UTC) at the time the row was rolled up.

-- One row per network and day: the sessions that started that day, added in the transaction that
-- writes the session's CDR (services.billing.SessionBilling), or by the backfill.
CREATE TABLE analytics_session_days (
  network_id        uuid NOT NULL REFERENCES networks(id),
  day               date NOT NULL,
  sessions          bigint NOT NULL DEFAULT 0,
  failed            bigint NOT NULL DEFAULT 0,
  duration_seconds  bigint NOT NULL DEFAULT 0,
  energy_kwh        numeric(20,6) NOT NULL DEFAULT 0,
  revenue           numeric(20,4) NOT NULL DEFAULT 0,
  PRIMARY KEY (network_id, day)
);

-- The same per location (revenue by location); location_id is the nil UUID for chargers without one.
CREATE TABLE analytics_location_days (
  network_id   uuid NOT NULL REFERENCES networks(id),
  day          date NOT NULL,
  location_id  uuid NOT NULL,
  sessions     bigint NOT NULL DEFAULT 0,
  energy_kwh   numeric(20,6) NOT NULL DEFAULT 0,
  revenue      numeric(20,4) NOT NULL DEFAULT 0,
  PRIMARY KEY (network_id, day, location_id)
);

-- Connector time per network and day by state class, from status_history (a periodic job).
CREATE TABLE analytics_utilization_days (
  network_id          uuid NOT NULL REFERENCES networks(id),
  day                 date NOT NULL,
  occupied_ms    bigint NOT NULL DEFAULT 0,
  available_ms   bigint NOT NULL DEFAULT 0,
  unavailable_ms bigint NOT NULL DEFAULT 0,
  PRIMARY KEY (network_id, day)
);

-- Each connector's last status the job has accounted up to "since".
CREATE TABLE analytics_connector_cursors (
  charger_id    uuid NOT NULL,
  evse_id       integer NOT NULL,
  connector_id  integer NOT NULL,
  status        text NOT NULL,
  since         timestamptz NOT NULL,
  PRIMARY KEY (charger_id, evse_id, connector_id)
);

-- How far a periodic job has read its source (status_history.id for 'status').
CREATE TABLE analytics_watermarks (
  name        text PRIMARY KEY,
  last_id     bigint NOT NULL DEFAULT 0,
  updated_at  timestamptz NOT NULL DEFAULT now()
);
INSERT INTO analytics_watermarks (name, last_id) VALUES ('status', 0);

-- The sessions billed before this migration, once (later ones are added with their CDR; the same
-- statement as AnalyticsRollups.rebuildSessions). Status history is read from id 0 by the job.
INSERT INTO analytics_session_days (network_id, day, sessions, failed, duration_seconds, energy_kwh, revenue)
SELECT t.network_id, (t.started_at AT TIME ZONE COALESCE(NULLIF(n.settings ->> 'timeZone', ''), 'UTC'))::date,
       count(*),
       count(*) FILTER (WHERE s.stop_reason IN ('EmergencyStop', 'PowerLoss', 'PowerQuality', 'GroundFault',
         'OvercurrentFault', 'HardReset', 'SoftReset', 'ImmediateReset', 'Reboot')),
       sum(t.duration_seconds), sum(t.energy_kwh), sum(t.total)
FROM transactions t JOIN charging_sessions s ON s.id = t.session_id JOIN networks n ON n.id = t.network_id
GROUP BY 1, 2;
INSERT INTO analytics_location_days (network_id, day, location_id, sessions, energy_kwh, revenue)
SELECT t.network_id, (t.started_at AT TIME ZONE COALESCE(NULLIF(n.settings ->> 'timeZone', ''), 'UTC'))::date,
       COALESCE(c.location_id, '00000000-0000-0000-0000-000000000000'::uuid), count(*), sum(t.energy_kwh), sum(t.total)
FROM transactions t JOIN networks n ON n.id = t.network_id JOIN chargers c ON c.id = t.charger_id
GROUP BY 1, 2, 3;
