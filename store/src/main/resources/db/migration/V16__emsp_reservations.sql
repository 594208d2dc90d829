-- Driver reservations of /emsp/v1 (issue 17, item 3) on the reservations table of V1.

-- Why a reservation ended or was refused (the charger's answer, offline, timeout), and when a
-- driver or back end cancelled it.
ALTER TABLE reservations
  ADD COLUMN status_reason text,
  ADD COLUMN cancelled_at  timestamptz;

-- One active reservation per driver: a hold being requested or accepted by the charger. A hold
-- past its expiry is marked Expired before a new one is inserted (ReservationQueries.insert).
CREATE UNIQUE INDEX reservations_driver_active_idx ON reservations(driver_id)
  WHERE driver_id IS NOT NULL AND status IN ('Requested', 'Accepted');

-- A driver's list, newest first; a network's list.
CREATE INDEX reservations_network_idx ON reservations(network_id, created_at DESC);

-- The hold on a connector a start must respect (ReservationRepository.heldForAnother).
CREATE INDEX reservations_connector_active_idx ON reservations(charger_id, evse_id)
  WHERE status = 'Accepted';

-- Active holds by expiry: the gateway's sweep publishes those past it (ReservationRepository.expireDue).
CREATE INDEX reservations_active_expiry_idx ON reservations(expires_at)
  WHERE status IN ('Requested', 'Accepted');
