-- Fraud holds (issue 19, item 4; docs/fraud.md): a driver whose unpaid balance on some network is over
-- VOLTGATE_FRAUD_HOLD_THRESHOLD is held, and the gateway refuses their tokens (Blocked).
--
-- "Unpaid" is a CDR (transactions row) whose payment failed: payment_status 'failed'. Voltgate ships no
-- payment provider, so today only a provider integration (or an operator's back office) writes it; an
-- operator's waiver turns it into 'waived' (no longer owed), recorded with when and by which API key.
ALTER TABLE transactions
  ADD COLUMN waived_at      timestamptz,
  ADD COLUMN waived_by_key  uuid;

-- The unpaid CDRs are few: every balance is summed from this index alone.
CREATE INDEX transactions_payment_failed_idx ON transactions(network_id, session_id) WHERE payment_status = 'failed';

-- The driver's anti-fraud state: phone verification (set by whatever verifies phones; nothing in
-- Voltgate does yet) and the hold (held = fraud_hold_at IS NOT NULL), placed and lifted only by the
-- evaluation of the rule (services.fraud.FraudHolds).
ALTER TABLE drivers
  ADD COLUMN phone_verified_at  timestamptz,
  ADD COLUMN fraud_hold_at      timestamptz,
  ADD COLUMN fraud_hold_reason  text;

CREATE INDEX drivers_fraud_hold_idx ON drivers(network_id, fraud_hold_at DESC) WHERE fraud_hold_at IS NOT NULL;
