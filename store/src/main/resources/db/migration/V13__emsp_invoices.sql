-- Invoices of the driver API (POST /emsp/v1/invoices). See docs/emsp.md, "Money".

-- One invoice per set of CDRs: set_key is the SHA-256 (hex) of the sorted transaction ids, so the
-- same set asked twice finds the first invoice instead of issuing a second one.
CREATE TABLE invoices (
  id              uuid PRIMARY KEY,
  network_id      uuid NOT NULL REFERENCES networks(id),
  driver_id       uuid REFERENCES drivers(id),
  invoice_number  text NOT NULL,
  set_key         text NOT NULL,
  currency        char(3) NOT NULL,
  subtotal        numeric(14,4) NOT NULL,
  tax             numeric(14,4) NOT NULL,
  total           numeric(14,4) NOT NULL,
  status          text NOT NULL DEFAULT 'issued',
  issued_at       timestamptz NOT NULL,
  due_date        date NOT NULL,
  created_at      timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX invoices_number_idx ON invoices(network_id, invoice_number);
CREATE UNIQUE INDEX invoices_set_idx ON invoices(network_id, set_key);
CREATE INDEX invoices_driver_idx ON invoices(driver_id, issued_at DESC) WHERE driver_id IS NOT NULL;

-- A line per CDR, with what it showed when the invoice was issued. A CDR is on one invoice at most.
CREATE TABLE invoice_lines (
  invoice_id      uuid NOT NULL REFERENCES invoices(id),
  transaction_id  uuid NOT NULL UNIQUE REFERENCES transactions(id),
  position        integer NOT NULL,
  session_date    timestamptz NOT NULL,
  location_name   text,
  energy_kwh      numeric(16,6) NOT NULL,
  amount          numeric(14,4) NOT NULL,
  PRIMARY KEY (invoice_id, position)
);

-- Gapless numbering per network: the counter row is taken in the issuing transaction, so a
-- refused or failed issue leaves no hole.
CREATE TABLE invoice_counters (
  network_id   uuid PRIMARY KEY REFERENCES networks(id),
  last_number  bigint NOT NULL
);

-- A driver's own CDRs (GET /emsp/v1/transactions with a driver's token) are found by the session's driver.
CREATE INDEX IF NOT EXISTS charging_sessions_driver_idx ON charging_sessions(driver_id, stopped_at DESC)
  WHERE driver_id IS NOT NULL;
