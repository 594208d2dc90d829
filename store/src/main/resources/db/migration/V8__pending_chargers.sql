-- Chargers that connected under an id nobody registered, while VOLTGATE_UNKNOWN_CHARGER_POLICY is
-- `pending`: not in any network (so no tenant sees them) until a platform administrator accepts one
-- into a network, which registers it in `chargers` and removes it here.
CREATE TABLE pending_chargers (
  charge_point_id   text PRIMARY KEY,
  ocpp_version      text,
  vendor            text,
  model             text,
  serial_number     text,
  firmware_version  text,
  remote_address    text,
  boots             integer NOT NULL DEFAULT 1,
  first_seen_at     timestamptz NOT NULL DEFAULT now(),
  last_seen_at      timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX pending_chargers_seen_idx ON pending_chargers(last_seen_at DESC);
