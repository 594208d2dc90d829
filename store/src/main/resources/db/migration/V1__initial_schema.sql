-- Voltgate initial schema. Public ids are UUIDs; soft deletes use deleted_at.
-- Money is numeric (exact decimal); times are timestamptz (UTC).

CREATE TABLE networks (
  id           uuid PRIMARY KEY,
  name         text NOT NULL,
  currency     char(3) NOT NULL DEFAULT 'EUR',
  country      char(2),
  settings     jsonb NOT NULL DEFAULT '{}'::jsonb,
  created_at   timestamptz NOT NULL DEFAULT now(),
  updated_at   timestamptz NOT NULL DEFAULT now(),
  deleted_at   timestamptz
);

CREATE TABLE locations (
  id           uuid PRIMARY KEY,
  network_id   uuid NOT NULL REFERENCES networks(id),
  name         text NOT NULL,
  address      text,
  city         text,
  postal_code  text,
  country      char(2),
  latitude     numeric(9,6),
  longitude    numeric(9,6),
  timezone     text NOT NULL DEFAULT 'UTC',
  load_balancing jsonb,
  created_at   timestamptz NOT NULL DEFAULT now(),
  updated_at   timestamptz NOT NULL DEFAULT now(),
  deleted_at   timestamptz
);
CREATE INDEX locations_network_idx ON locations(network_id) WHERE deleted_at IS NULL;

CREATE TABLE chargers (
  id                        uuid PRIMARY KEY,
  network_id                uuid NOT NULL REFERENCES networks(id),
  location_id               uuid REFERENCES locations(id),
  charge_point_id           text NOT NULL,
  ocpp_version              text,
  registration_status       text NOT NULL DEFAULT 'Accepted',
  operational_status        text NOT NULL DEFAULT 'active',
  vendor                    text,
  model                     text,
  serial_number             text,
  charge_box_serial_number  text,
  firmware_version          text,
  iccid                     text,
  imsi                      text,
  meter_type                text,
  meter_serial_number       text,
  physical_reference        text,
  floor_level               text,
  security_profile          smallint NOT NULL DEFAULT 0,
  password_hash             text,
  firmware_status           text,
  firmware_status_at        timestamptz,
  diagnostics_status        text,
  diagnostics_status_at     timestamptz,
  last_boot_at              timestamptz,
  last_boot_reason          text,
  created_at                timestamptz NOT NULL DEFAULT now(),
  updated_at                timestamptz NOT NULL DEFAULT now(),
  deleted_at                timestamptz
);
CREATE UNIQUE INDEX chargers_cpid_live_idx ON chargers(charge_point_id) WHERE deleted_at IS NULL;
CREATE INDEX chargers_network_idx ON chargers(network_id) WHERE deleted_at IS NULL;
CREATE INDEX chargers_location_idx ON chargers(location_id) WHERE deleted_at IS NULL;

-- One row per physical connector. OCPP 1.6 connectorId N maps to evse_id N, connector_id 1;
-- connector 0 (the whole charger) is not a row.
CREATE TABLE connectors (
  id                 uuid PRIMARY KEY,
  charger_id         uuid NOT NULL REFERENCES chargers(id),
  evse_id            integer NOT NULL,
  connector_id       integer NOT NULL,
  ocpp_connector_id  integer NOT NULL,
  standard           text,
  format             text,
  power_type         text,
  max_power_kw       numeric(10,3),
  max_amperage       integer,
  max_voltage        integer,
  priority           integer NOT NULL DEFAULT 0,
  status             text NOT NULL DEFAULT 'Unknown',
  error_code         text,
  info               text,
  vendor_id          text,
  vendor_error_code  text,
  status_at          timestamptz,
  active_profile     jsonb,
  created_at         timestamptz NOT NULL DEFAULT now(),
  updated_at         timestamptz NOT NULL DEFAULT now(),
  deleted_at         timestamptz
);
CREATE UNIQUE INDEX connectors_live_idx ON connectors(charger_id, evse_id, connector_id) WHERE deleted_at IS NULL;

CREATE TABLE status_history (
  id                 bigserial PRIMARY KEY,
  charger_id         uuid NOT NULL REFERENCES chargers(id),
  evse_id            integer NOT NULL,
  connector_id       integer NOT NULL,
  status             text NOT NULL,
  error_code         text,
  info               text,
  vendor_id          text,
  vendor_error_code  text,
  reported_at        timestamptz NOT NULL,
  received_at        timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX status_history_charger_idx ON status_history(charger_id, reported_at DESC);

-- Device model (2.0.1 NotifyReport) and configuration keys (1.6 GetConfiguration): one row per
-- component/variable/attribute. 1.6 keys use component 'Charger' (see ARCHITECTURE.md).
CREATE TABLE charger_variables (
  charger_id      uuid NOT NULL REFERENCES chargers(id),
  component       text NOT NULL,
  component_instance text NOT NULL DEFAULT '',
  evse_id         integer NOT NULL DEFAULT 0,
  connector_id    integer NOT NULL DEFAULT 0,
  variable        text NOT NULL,
  variable_instance text NOT NULL DEFAULT '',
  attribute_type  text NOT NULL DEFAULT 'Actual',
  value           text,
  mutability      text,
  characteristics jsonb,
  updated_at      timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (charger_id, component, component_instance, evse_id, connector_id, variable, variable_instance, attribute_type)
);

CREATE TABLE security_events (
  id           bigserial PRIMARY KEY,
  charger_id   uuid REFERENCES chargers(id),
  charge_point_id text NOT NULL,
  type         text NOT NULL,
  tech_info    text,
  occurred_at  timestamptz NOT NULL,
  received_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX security_events_charger_idx ON security_events(charge_point_id, occurred_at DESC);

CREATE TABLE charger_events (
  id           bigserial PRIMARY KEY,
  charger_id   uuid NOT NULL REFERENCES chargers(id),
  kind         text NOT NULL,
  payload      jsonb NOT NULL,
  occurred_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX charger_events_charger_idx ON charger_events(charger_id, occurred_at DESC);

CREATE TABLE drivers (
  id             uuid PRIMARY KEY,
  network_id     uuid REFERENCES networks(id),
  email          text NOT NULL,
  name           text,
  phone          text,
  password_hash  text,
  status         text NOT NULL DEFAULT 'active',
  created_at     timestamptz NOT NULL DEFAULT now(),
  updated_at     timestamptz NOT NULL DEFAULT now(),
  deleted_at     timestamptz
);
CREATE UNIQUE INDEX drivers_email_live_idx ON drivers(lower(email)) WHERE deleted_at IS NULL;

-- Operator team members (CPMS /team).
CREATE TABLE users (
  id             uuid PRIMARY KEY,
  network_id     uuid REFERENCES networks(id),
  email          text NOT NULL,
  name           text,
  role           text NOT NULL DEFAULT 'viewer',
  password_hash  text,
  status         text NOT NULL DEFAULT 'active',
  created_at     timestamptz NOT NULL DEFAULT now(),
  updated_at     timestamptz NOT NULL DEFAULT now(),
  deleted_at     timestamptz
);
CREATE UNIQUE INDEX users_email_live_idx ON users(network_id, lower(email)) WHERE deleted_at IS NULL;

-- Authorization tokens: 1.6 idTag (type 'Central' unless known) and 2.0.1 IdTokenType.
CREATE TABLE id_tokens (
  id             uuid PRIMARY KEY,
  network_id     uuid REFERENCES networks(id),
  driver_id      uuid REFERENCES drivers(id),
  token          text NOT NULL,
  token_type     text NOT NULL DEFAULT 'ISO14443',
  status         text NOT NULL DEFAULT 'Accepted',
  parent_token   text,
  group_token    text,
  expires_at     timestamptz,
  max_concurrent integer NOT NULL DEFAULT 1,
  created_at     timestamptz NOT NULL DEFAULT now(),
  updated_at     timestamptz NOT NULL DEFAULT now(),
  deleted_at     timestamptz
);
CREATE UNIQUE INDEX id_tokens_token_live_idx ON id_tokens(token) WHERE deleted_at IS NULL;

CREATE TABLE tariffs (
  id                    uuid PRIMARY KEY,
  network_id            uuid NOT NULL REFERENCES networks(id),
  name                  text NOT NULL,
  currency              char(3) NOT NULL,
  energy_rate_per_kwh   numeric(14,6) NOT NULL DEFAULT 0,
  time_rate_per_hour    numeric(14,6) NOT NULL DEFAULT 0,
  session_fee           numeric(14,6) NOT NULL DEFAULT 0,
  idle_fee_per_hour     numeric(14,6) NOT NULL DEFAULT 0,
  idle_grace_minutes    integer NOT NULL DEFAULT 0,
  idle_fee_cap          numeric(14,6),
  peak_start            time,
  peak_end              time,
  peak_multiplier       numeric(8,4) NOT NULL DEFAULT 1,
  weekend_multiplier    numeric(8,4) NOT NULL DEFAULT 1,
  tax_rate              numeric(8,6) NOT NULL DEFAULT 0,
  min_session_fee       numeric(14,6),
  max_session_fee       numeric(14,6),
  is_free               boolean NOT NULL DEFAULT false,
  created_at            timestamptz NOT NULL DEFAULT now(),
  updated_at            timestamptz NOT NULL DEFAULT now(),
  deleted_at            timestamptz
);

-- Most specific wins: connector > charger > location > network.
CREATE TABLE tariff_assignments (
  id           uuid PRIMARY KEY,
  tariff_id    uuid NOT NULL REFERENCES tariffs(id),
  scope_type   text NOT NULL CHECK (scope_type IN ('network','location','charger','connector')),
  scope_id     uuid NOT NULL,
  created_at   timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX tariff_assignments_scope_idx ON tariff_assignments(scope_type, scope_id);

-- 1.6 transactionIds are integers unique across the deployment.
CREATE SEQUENCE ocpp16_transaction_id_seq START WITH 1000 MAXVALUE 2147483647;

CREATE TABLE charging_sessions (
  id                 uuid PRIMARY KEY,
  network_id         uuid NOT NULL REFERENCES networks(id),
  charger_id         uuid NOT NULL REFERENCES chargers(id),
  connector_pk       uuid REFERENCES connectors(id),
  evse_id            integer NOT NULL,
  connector_id       integer NOT NULL,
  ocpp_version       text NOT NULL,
  -- 1.6: our integer transactionId (as text); 2.0.1: the charger's transactionId.
  transaction_ref    text NOT NULL,
  ocpp16_transaction_id integer,
  -- Natural key of a 1.6 StartTransaction, so a retried start returns the same transactionId.
  start_key          text,
  id_token           text,
  id_token_type      text,
  driver_id          uuid REFERENCES drivers(id),
  reservation_id     integer,
  tariff_id          uuid REFERENCES tariffs(id),
  status             text NOT NULL DEFAULT 'ACTIVE',
  charging_state     text,
  stop_reason        text,
  started_at         timestamptz NOT NULL,
  stopped_at         timestamptz,
  meter_start_wh     numeric(16,3),
  meter_stop_wh      numeric(16,3),
  energy_wh          numeric(16,3),
  last_seq_no        integer,
  orphan             boolean NOT NULL DEFAULT false,
  offline            boolean NOT NULL DEFAULT false,
  transaction_data   jsonb,
  created_at         timestamptz NOT NULL DEFAULT now(),
  updated_at         timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX charging_sessions_ref_idx ON charging_sessions(charger_id, transaction_ref);
CREATE UNIQUE INDEX charging_sessions_start_key_idx ON charging_sessions(charger_id, start_key) WHERE start_key IS NOT NULL;
CREATE UNIQUE INDEX charging_sessions_tx16_idx ON charging_sessions(ocpp16_transaction_id) WHERE ocpp16_transaction_id IS NOT NULL;
CREATE INDEX charging_sessions_network_idx ON charging_sessions(network_id, started_at DESC);
CREATE INDEX charging_sessions_active_idx ON charging_sessions(charger_id) WHERE status = 'ACTIVE';

CREATE TABLE meter_samples (
  id           bigserial PRIMARY KEY,
  session_id   uuid REFERENCES charging_sessions(id),
  charger_id   uuid NOT NULL REFERENCES chargers(id),
  evse_id      integer NOT NULL,
  sampled_at   timestamptz NOT NULL,
  measurand    text NOT NULL,
  phase        text,
  location     text,
  context      text,
  unit         text,
  value        numeric(20,6),
  raw_value    text,
  received_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX meter_samples_session_idx ON meter_samples(session_id, sampled_at);
CREATE INDEX meter_samples_charger_idx ON meter_samples(charger_id, sampled_at DESC);

-- Priced transaction (CDR), one per completed session.
CREATE TABLE transactions (
  id                 uuid PRIMARY KEY,
  session_id         uuid NOT NULL UNIQUE REFERENCES charging_sessions(id),
  network_id         uuid NOT NULL REFERENCES networks(id),
  charger_id         uuid NOT NULL REFERENCES chargers(id),
  tariff_id          uuid REFERENCES tariffs(id),
  currency           char(3) NOT NULL,
  energy_kwh         numeric(16,6) NOT NULL,
  duration_seconds   bigint NOT NULL,
  idle_seconds       bigint NOT NULL DEFAULT 0,
  energy_cost        numeric(14,4) NOT NULL DEFAULT 0,
  time_cost          numeric(14,4) NOT NULL DEFAULT 0,
  session_fee        numeric(14,4) NOT NULL DEFAULT 0,
  idle_fee           numeric(14,4) NOT NULL DEFAULT 0,
  subtotal           numeric(14,4) NOT NULL DEFAULT 0,
  tax                numeric(14,4) NOT NULL DEFAULT 0,
  total              numeric(14,4) NOT NULL DEFAULT 0,
  breakdown          jsonb NOT NULL DEFAULT '{}'::jsonb,
  payment_status     text NOT NULL DEFAULT 'not_required',
  refunded_amount    numeric(14,4) NOT NULL DEFAULT 0,
  started_at         timestamptz NOT NULL,
  stopped_at         timestamptz NOT NULL,
  created_at         timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX transactions_network_idx ON transactions(network_id, stopped_at DESC);

CREATE SEQUENCE ocpp_reservation_id_seq START WITH 1 MAXVALUE 2147483647;

CREATE TABLE reservations (
  id              uuid PRIMARY KEY,
  network_id      uuid NOT NULL REFERENCES networks(id),
  charger_id      uuid NOT NULL REFERENCES chargers(id),
  evse_id         integer,
  connector_id    integer,
  ocpp_reservation_id integer NOT NULL DEFAULT nextval('ocpp_reservation_id_seq'),
  id_token        text NOT NULL,
  driver_id       uuid REFERENCES drivers(id),
  expires_at      timestamptz NOT NULL,
  status          text NOT NULL DEFAULT 'Requested',
  created_at      timestamptz NOT NULL DEFAULT now(),
  updated_at      timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX reservations_ocpp_id_idx ON reservations(ocpp_reservation_id);

CREATE TABLE api_keys (
  id                   uuid PRIMARY KEY,
  name                 text NOT NULL,
  family               text NOT NULL DEFAULT 'cpms',
  prefix               text NOT NULL,
  key_hash             text NOT NULL UNIQUE,
  last_four            text NOT NULL,
  scopes               text[] NOT NULL,
  network_ids          uuid[],
  allowed_ips          text[],
  rate_limit_per_hour  integer NOT NULL DEFAULT 10000,
  expires_at           timestamptz,
  revoked_at           timestamptz,
  last_used_at         timestamptz,
  usage_count          bigint NOT NULL DEFAULT 0,
  created_by           uuid,
  created_at           timestamptz NOT NULL DEFAULT now(),
  deleted_at           timestamptz
);

CREATE TABLE api_key_usage (
  api_key_id   uuid NOT NULL REFERENCES api_keys(id),
  day          date NOT NULL,
  requests     bigint NOT NULL DEFAULT 0,
  errors       bigint NOT NULL DEFAULT 0,
  PRIMARY KEY (api_key_id, day)
);

CREATE TABLE webhook_subscriptions (
  id                    uuid PRIMARY KEY,
  network_id            uuid REFERENCES networks(id),
  family                text NOT NULL DEFAULT 'cpms',
  url                   text NOT NULL,
  events                text[] NOT NULL,
  description           text,
  secret_encrypted      text NOT NULL,
  is_active             boolean NOT NULL DEFAULT true,
  consecutive_failures  integer NOT NULL DEFAULT 0,
  disabled_at           timestamptz,
  disabled_reason       text,
  created_at            timestamptz NOT NULL DEFAULT now(),
  updated_at            timestamptz NOT NULL DEFAULT now(),
  deleted_at            timestamptz
);

CREATE TABLE webhook_deliveries (
  id               uuid PRIMARY KEY,
  subscription_id  uuid NOT NULL REFERENCES webhook_subscriptions(id),
  event_id         text NOT NULL,
  event_type       text NOT NULL,
  payload          jsonb NOT NULL,
  status           text NOT NULL DEFAULT 'pending',
  attempts         integer NOT NULL DEFAULT 0,
  max_attempts     integer NOT NULL DEFAULT 5,
  next_retry_at    timestamptz NOT NULL DEFAULT now(),
  http_status      integer,
  response_body    text,
  duration_ms      integer,
  last_error       text,
  created_at       timestamptz NOT NULL DEFAULT now(),
  delivered_at     timestamptz
);
CREATE UNIQUE INDEX webhook_deliveries_event_idx ON webhook_deliveries(subscription_id, event_id);
CREATE INDEX webhook_deliveries_due_idx ON webhook_deliveries(next_retry_at) WHERE status IN ('pending','retrying');

CREATE TABLE firmware_images (
  id             uuid PRIMARY KEY,
  network_id     uuid REFERENCES networks(id),
  vendor         text,
  model          text NOT NULL,
  version        text NOT NULL,
  location_url   text NOT NULL,
  checksum       text,
  release_notes  text,
  created_at     timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX firmware_images_model_version_idx ON firmware_images(model, version);
