-- Operator fleet API (seed 001: /cpms/v1 locations, chargers, connectors, team, firmware).
-- See docs/cpms-fleet.md for the choices behind these columns.

-- Locations: the seed's state/region and a contact phone.
ALTER TABLE locations
  ADD COLUMN state          text,
  ADD COLUMN contact_phone  text;

-- Charger models: firmware is catalogued per model and a charger may name its model.
CREATE TABLE charger_models (
  id          uuid PRIMARY KEY,
  vendor      text NOT NULL DEFAULT '',
  model       text NOT NULL,
  created_at  timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX charger_models_name_idx ON charger_models(lower(vendor), lower(model));

-- Chargers: the status an operator set (the live OCPP status in Redis wins when there is one;
-- not named "status" so joins with connectors/sessions keep an unambiguous status column),
-- the short printable EVSE code generated at registration, and the model.
ALTER TABLE chargers
  ADD COLUMN operator_status  text NOT NULL DEFAULT 'Unknown',
  ADD COLUMN evse_code        text,
  ADD COLUMN model_id         uuid REFERENCES charger_models(id);
CREATE UNIQUE INDEX chargers_evse_code_idx ON chargers(evse_code) WHERE evse_code IS NOT NULL;

-- Firmware catalogue entries: model, file and release facts.
ALTER TABLE firmware_images
  ADD COLUMN model_id              uuid REFERENCES charger_models(id),
  ADD COLUMN file_name             text,
  ADD COLUMN file_size_bytes       bigint,
  ADD COLUMN ocpp_version_support  text,
  ADD COLUMN released_at           timestamptz;
INSERT INTO charger_models (id, vendor, model)
  SELECT DISTINCT ON (lower(COALESCE(vendor, '')), lower(model)) gen_random_uuid(), COALESCE(vendor, ''), model
  FROM firmware_images
  ON CONFLICT DO NOTHING;
UPDATE firmware_images f SET model_id = m.id FROM charger_models m
  WHERE lower(m.vendor) = lower(COALESCE(f.vendor, '')) AND lower(m.model) = lower(f.model);

-- Team members: first and last name, and when they were last active.
ALTER TABLE users
  ADD COLUMN first_name      text,
  ADD COLUMN last_name       text,
  ADD COLUMN last_active_at  timestamptz;
