-- eMSP discovery (issue 16, item 4: /emsp/v1 chargers, locations, tariffs, branding). See docs/emsp.md.

-- Locations: whether drivers may discover the site at all (the operator may prepare one unpublished),
-- the amenities and details the driver apps show.
ALTER TABLE locations
  ADD COLUMN is_published   boolean NOT NULL DEFAULT true,
  ADD COLUMN has_parking    boolean NOT NULL DEFAULT false,
  ADD COLUMN has_restrooms  boolean NOT NULL DEFAULT false,
  ADD COLUMN has_wifi       boolean NOT NULL DEFAULT false,
  ADD COLUMN opening_hours  jsonb,
  ADD COLUMN images         jsonb;

-- Geosearch: a bounding box on (latitude, longitude) is a range scan of this index; the exact
-- haversine distance is computed only for the rows inside the box. (No PostGIS/earthdistance: the
-- embedded Postgres ships neither.)
CREATE INDEX locations_published_geo_idx ON locations(latitude, longitude)
  WHERE deleted_at IS NULL AND is_published AND latitude IS NOT NULL AND longitude IS NOT NULL;

-- Chargers: whether drivers may see it (a private or depot charger stays off the public map and the QR info).
ALTER TABLE chargers ADD COLUMN is_public boolean NOT NULL DEFAULT true;
-- A QR code may carry the serial number instead of the uid (charge_point_id is indexed already).
CREATE INDEX chargers_serial_number_idx ON chargers(serial_number) WHERE deleted_at IS NULL;

-- Tariffs: the period the operator publishes a tariff for (informational; pricing follows the assignments).
ALTER TABLE tariffs
  ADD COLUMN effective_from timestamptz,
  ADD COLUMN effective_to   timestamptz;
