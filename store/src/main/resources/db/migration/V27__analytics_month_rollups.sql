-- Monthly analytics rollups (docs/analytics.md, "How the rollups are kept"): the same sums as the
-- daily rollups of V22, one row per network (and location) and calendar month of the network's time
-- zone; "month" is the month's first day, the date_trunc('month') of the daily rows' "day". Each is
-- written in the same statement and transaction as its daily row (store.pg.AnalyticsRollups), so a
-- month row always equals the sum of its month's daily rows. A long window reads its whole months
-- here and only the days at its edges from the daily rollups.

-- Writers of the daily rollups wait until the months are backfilled (the migration's transaction).
LOCK TABLE analytics_session_days, analytics_location_days, analytics_utilization_days IN EXCLUSIVE MODE;

CREATE TABLE analytics_session_months (
  network_id        uuid NOT NULL REFERENCES networks(id),
  month             date NOT NULL CHECK (extract(day FROM month) = 1),
  sessions          bigint NOT NULL DEFAULT 0,
  failed            bigint NOT NULL DEFAULT 0,
  duration_seconds  bigint NOT NULL DEFAULT 0,
  energy_kwh        numeric(20,6) NOT NULL DEFAULT 0,
  revenue           numeric(20,4) NOT NULL DEFAULT 0,
  PRIMARY KEY (network_id, month)
);

CREATE TABLE analytics_location_months (
  network_id   uuid NOT NULL REFERENCES networks(id),
  month        date NOT NULL CHECK (extract(day FROM month) = 1),
  location_id  uuid NOT NULL,
  sessions     bigint NOT NULL DEFAULT 0,
  energy_kwh   numeric(20,6) NOT NULL DEFAULT 0,
  revenue      numeric(20,4) NOT NULL DEFAULT 0,
  PRIMARY KEY (network_id, month, location_id) INCLUDE (sessions, energy_kwh, revenue)
);

CREATE TABLE analytics_utilization_months (
  network_id      uuid NOT NULL REFERENCES networks(id),
  month           date NOT NULL CHECK (extract(day FROM month) = 1),
  occupied_ms     bigint NOT NULL DEFAULT 0,
  available_ms    bigint NOT NULL DEFAULT 0,
  unavailable_ms  bigint NOT NULL DEFAULT 0,
  PRIMARY KEY (network_id, month)
);

-- Revenue by location reads up to half a month of location days at each edge of a window: the key
-- covers the sums, so those reads are index-only scans once the table is vacuumed.
ALTER TABLE analytics_location_days DROP CONSTRAINT analytics_location_days_pkey,
  ADD CONSTRAINT analytics_location_days_pkey PRIMARY KEY (network_id, day, location_id)
  INCLUDE (sessions, energy_kwh, revenue);

-- The months of the history rolled up so far, from the daily rows.
INSERT INTO analytics_session_months (network_id, month, sessions, failed, duration_seconds, energy_kwh, revenue)
SELECT network_id, date_trunc('month', day::timestamp)::date, sum(sessions), sum(failed), sum(duration_seconds),
       sum(energy_kwh), sum(revenue)
FROM analytics_session_days GROUP BY 1, 2;

INSERT INTO analytics_location_months (network_id, month, location_id, sessions, energy_kwh, revenue)
SELECT network_id, date_trunc('month', day::timestamp)::date, location_id, sum(sessions), sum(energy_kwh), sum(revenue)
FROM analytics_location_days GROUP BY 1, 2, 3;

INSERT INTO analytics_utilization_months (network_id, month, occupied_ms, available_ms, unavailable_ms)
SELECT network_id, date_trunc('month', day::timestamp)::date, sum(occupied_ms), sum(available_ms), sum(unavailable_ms)
FROM analytics_utilization_days GROUP BY 1, 2;
