-- Billing (operator API tariffs, assignments, CDRs). See docs/cpms-money.md.

-- Tariff fields the operator API exposes beyond the rates of V1.
ALTER TABLE tariffs ADD COLUMN description text;
ALTER TABLE tariffs ADD COLUMN type text NOT NULL DEFAULT 'REGULAR';
ALTER TABLE tariffs ADD COLUMN idle_fee_enabled boolean NOT NULL DEFAULT true;
CREATE INDEX tariffs_network_idx ON tariffs(network_id, created_at) WHERE deleted_at IS NULL;

-- Assignments are detached (deactivated), not deleted, so a session is priced with the tariff that
-- was in effect when it started. One active assignment per target.
ALTER TABLE tariff_assignments ADD COLUMN deactivated_at timestamptz;
DROP INDEX tariff_assignments_scope_idx;
CREATE UNIQUE INDEX tariff_assignments_scope_live_idx ON tariff_assignments(scope_type, scope_id)
  WHERE deactivated_at IS NULL;
CREATE INDEX tariff_assignments_tariff_idx ON tariff_assignments(tariff_id);
CREATE INDEX tariff_assignments_scope_all_idx ON tariff_assignments(scope_id, created_at);

-- CDR fields: a human/OCPI id, the tax rate (percent) and free flag used, operator-side costs
-- (energy supply, payment processing) snapshotted at pricing time, payment and payout references.
CREATE SEQUENCE cdr_number_seq START WITH 1;
ALTER TABLE transactions ADD COLUMN ocpi_id text;
ALTER TABLE transactions ADD COLUMN tax_rate numeric(8,4);
ALTER TABLE transactions ADD COLUMN is_free boolean NOT NULL DEFAULT false;
ALTER TABLE transactions ADD COLUMN energy_supply_cost numeric(14,4) NOT NULL DEFAULT 0;
ALTER TABLE transactions ADD COLUMN processing_fees numeric(14,4) NOT NULL DEFAULT 0;
ALTER TABLE transactions ADD COLUMN auth_method text;
ALTER TABLE transactions ADD COLUMN payment_method text;
ALTER TABLE transactions ADD COLUMN payment_reference text;
ALTER TABLE transactions ADD COLUMN payout_id uuid;
ALTER TABLE transactions ADD COLUMN invoice_number text;
ALTER TABLE transactions ADD COLUMN invoice_date timestamptz;
CREATE UNIQUE INDEX transactions_ocpi_id_idx ON transactions(ocpi_id) WHERE ocpi_id IS NOT NULL;
CREATE INDEX transactions_charger_idx ON transactions(charger_id, stopped_at DESC);

-- The billing sweep looks for completed sessions without a transaction.
CREATE INDEX charging_sessions_completed_idx ON charging_sessions(stopped_at) WHERE status = 'COMPLETED';
