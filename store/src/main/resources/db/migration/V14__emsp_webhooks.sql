-- The eMSP event stream (GET /emsp/v1/events/stream with a driver's token) resolves the driver's
-- sessions from the driver's token uids when the driver connects and every 30 s after
-- (DriverStreamQueries); without an index that is a scan of the network's sessions per driver.
-- The driver statistics of /emsp/v1/users match sessions by token the same way.
CREATE INDEX charging_sessions_id_token_idx ON charging_sessions (id_token, network_id) WHERE NOT orphan;

-- A driver's reservations, for the same stream.
CREATE INDEX reservations_driver_idx ON reservations (driver_id) WHERE driver_id IS NOT NULL;

-- eMSP webhook subscriptions live in webhook_subscriptions with family 'emsp' (the column exists
-- since V1); no table of their own: delivery is one engine for every family.
