-- Scheduled charging of the eMSP API (issue 17, item 2: /emsp/v1/charging/schedule). A schedule is a
-- remote start to send at scheduled_time; every API node's scheduler claims due rows with
-- FOR UPDATE SKIP LOCKED and moves them Pending -> Firing under a lease (lease_owner, lease_until),
-- so each schedule is fired exactly once across nodes, then records the outcome. See docs/emsp.md.
-- (V13 and V14 are other branches' numbers.)
CREATE TABLE charging_schedules (
  id                uuid PRIMARY KEY,
  network_id        uuid NOT NULL REFERENCES networks(id),
  -- The driver whose schedule it is (a driver's own, or the token's driver for a back end's); null
  -- for a back end's schedule with a token of no driver.
  driver_id         uuid REFERENCES drivers(id),
  charger_id        uuid NOT NULL REFERENCES chargers(id),
  connector_number  integer NOT NULL CHECK (connector_number >= 1),
  -- The token sent to the charger, chosen when the schedule was made.
  id_tag            text NOT NULL,
  scheduled_time    timestamptz NOT NULL,
  status            text NOT NULL DEFAULT 'Pending'
                    CHECK (status IN ('Pending', 'Firing', 'Started', 'Failed', 'Cancelled')),
  status_reason     text,
  fired_at          timestamptz,
  lease_owner       text,
  lease_until       timestamptz,
  created_at        timestamptz NOT NULL DEFAULT now(),
  updated_at        timestamptz NOT NULL DEFAULT now()
);
-- The schedulers' scan: only waiting rows, by due time.
CREATE INDEX charging_schedules_due_idx ON charging_schedules(scheduled_time) WHERE status = 'Pending';
-- Rows a node claimed and may have died with.
CREATE INDEX charging_schedules_firing_idx ON charging_schedules(lease_until) WHERE status = 'Firing';
CREATE INDEX charging_schedules_network_idx ON charging_schedules(network_id, scheduled_time DESC);
CREATE INDEX charging_schedules_driver_idx ON charging_schedules(driver_id, scheduled_time DESC)
  WHERE driver_id IS NOT NULL;

-- A driver's sessions are those started with the driver's tokens (store.query.SessionQueries): found
-- through the token by V14's charging_sessions_id_token_idx, not by scanning the network's sessions.
