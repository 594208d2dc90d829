-- EMP charging keys (/emp/v1/charging-keys) are authorization tokens of their network: rows of
-- id_tokens, so the gateway's Authorize finds them with no second lookup. A disabled key is
-- status 'Blocked'; validTo is expires_at. These columns only mark and describe them.
ALTER TABLE id_tokens
  ADD COLUMN charging_key  boolean NOT NULL DEFAULT false,
  ADD COLUMN visual_number text,
  ADD COLUMN fleet_id      text;

-- Keyset pagination of a network's keys on the immutable (created_at, id).
CREATE INDEX id_tokens_charging_key_page_idx ON id_tokens(network_id, created_at, id)
  WHERE charging_key AND deleted_at IS NULL;

-- Charging-key orders (/emp/v1/orders): the operator records them (POST /cpms/v1/emp-orders), the
-- partner lists them and marks them assigned. The id is short and opaque, as the seed's.
CREATE TABLE emp_orders (
  id          text PRIMARY KEY,
  network_id  uuid NOT NULL REFERENCES networks(id),
  address     jsonb NOT NULL DEFAULT '{}',
  quantity    integer NOT NULL CHECK (quantity > 0),
  product_id  text NOT NULL,
  status      text NOT NULL DEFAULT 'ORDER_CREATED' CHECK (status IN ('ORDER_CREATED', 'ORDER_ASSIGNED')),
  created_at  timestamptz NOT NULL DEFAULT now(),
  updated_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX emp_orders_page_idx ON emp_orders(network_id, created_at, id);
