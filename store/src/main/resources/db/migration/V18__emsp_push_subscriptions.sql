-- Web push (issue 17, item 6): drivers' push subscriptions and the deployment's VAPID key pair.

-- One row per browser/device subscription. The endpoint is the push service's capability URL for
-- that device: unique, so a device re-subscribing (or another driver signing in on it) replaces the row.
CREATE TABLE driver_push_subscriptions (
  id           uuid PRIMARY KEY,
  network_id   uuid NOT NULL REFERENCES networks(id),
  driver_id    uuid NOT NULL REFERENCES drivers(id),
  endpoint     text NOT NULL UNIQUE CHECK (length(endpoint) <= 2048),
  p256dh       text NOT NULL,
  auth         text NOT NULL,
  created_at   timestamptz NOT NULL DEFAULT now(),
  updated_at   timestamptz NOT NULL DEFAULT now()
);

CREATE INDEX driver_push_subscriptions_driver_idx ON driver_push_subscriptions(driver_id);

-- The VAPID key pair (RFC 8292): one per deployment, made by the first node that needs it and kept,
-- because browsers bind each subscription to the public key it was made with. The private key is
-- sealed with the deployment's secret key (SecretBox), like the driver token signing keys.
CREATE TABLE push_vapid_keys (
  id                  smallint PRIMARY KEY CHECK (id = 1),
  public_key          text NOT NULL,
  private_key_sealed  text NOT NULL,
  created_at          timestamptz NOT NULL DEFAULT now()
);
