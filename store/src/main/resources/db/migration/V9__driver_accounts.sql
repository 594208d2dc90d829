-- Driver accounts of the eMSP API (/emsp/v1/auth/driver/*): profiles, refresh tokens, password
-- resets, the JWT signing keys every API node shares, and the mail outbox.

-- A driver belongs to one network (the eMSP whose app they use): the same address may hold an
-- account in two networks, so the e-mail is unique per network, not globally.
DROP INDEX IF EXISTS drivers_email_live_idx;
CREATE UNIQUE INDEX drivers_network_email_live_idx ON drivers(network_id, lower(email)) WHERE deleted_at IS NULL;

ALTER TABLE drivers
  ADD COLUMN first_name  text,
  ADD COLUMN last_name   text,
  ADD COLUMN address     text,
  ADD COLUMN city        text,
  ADD COLUMN state       text,
  ADD COLUMN postal_code text,
  ADD COLUMN country     text;

-- The app token created at registration (token_type APP_USER) and later tokens of the seed's
-- /auth/tokens: an eMAID-like contract id, an alias, when a charger last presented it.
ALTER TABLE id_tokens
  ADD COLUMN contract_id  text,
  ADD COLUMN alias        text,
  ADD COLUMN last_used_at timestamptz;
CREATE INDEX id_tokens_driver_idx ON id_tokens(driver_id) WHERE driver_id IS NOT NULL;

-- Opaque refresh tokens, stored as SHA-256 only. Each use marks the row used and inserts its
-- successor in the same family; presenting a used token again revokes the whole family.
CREATE TABLE driver_refresh_tokens (
  id           uuid PRIMARY KEY,
  token_hash   bytea NOT NULL UNIQUE,
  family_id    uuid NOT NULL,
  driver_id    uuid NOT NULL REFERENCES drivers(id),
  network_id   uuid NOT NULL REFERENCES networks(id),
  created_at   timestamptz NOT NULL DEFAULT now(),
  expires_at   timestamptz NOT NULL,
  used_at      timestamptz,
  revoked_at   timestamptz
);
CREATE INDEX driver_refresh_tokens_family_idx ON driver_refresh_tokens(family_id);
CREATE INDEX driver_refresh_tokens_driver_idx ON driver_refresh_tokens(driver_id);

-- Password reset tokens: SHA-256 of a random secret mailed to the driver, single-use, short-lived.
CREATE TABLE driver_password_resets (
  id           uuid PRIMARY KEY,
  token_hash   bytea NOT NULL UNIQUE,
  driver_id    uuid NOT NULL REFERENCES drivers(id),
  network_id   uuid NOT NULL REFERENCES networks(id),
  requested_ip text,
  created_at   timestamptz NOT NULL DEFAULT now(),
  expires_at   timestamptz NOT NULL,
  used_at      timestamptz
);
CREATE INDEX driver_password_resets_driver_idx ON driver_password_resets(driver_id, created_at);

-- Keys that sign drivers' access tokens. The newest key not retired signs; a retired key still
-- verifies the tokens it signed until they expire. The private key is sealed with AES-256-GCM
-- under VOLTGATE_SECRET_KEY (store.security.SecretBox), so a database dump alone cannot mint tokens.
CREATE TABLE driver_signing_keys (
  kid                text PRIMARY KEY,
  alg                text NOT NULL,
  public_key_pem     text NOT NULL,
  private_key_sealed text NOT NULL,
  created_at         timestamptz NOT NULL DEFAULT now(),
  retired_at         timestamptz
);

-- Mail that was not handed to an SMTP server: queued when no SMTP server is configured, or kept
-- with its error when the server refused it, so nothing a driver was promised is lost silently.
CREATE TABLE mail_outbox (
  id          uuid PRIMARY KEY,
  network_id  uuid REFERENCES networks(id),
  kind        text NOT NULL,
  recipient   text NOT NULL,
  subject     text NOT NULL,
  body        text NOT NULL,
  status      text NOT NULL DEFAULT 'queued',
  error       text,
  created_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX mail_outbox_created_idx ON mail_outbox(created_at);
