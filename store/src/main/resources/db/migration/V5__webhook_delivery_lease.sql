-- Webhook delivery: a lease so a delivery claimed by a node that dies is picked up again, and the
-- completion time the deliveries list shows (seed 001: completed_at).
ALTER TABLE webhook_deliveries ADD COLUMN locked_until timestamptz;
ALTER TABLE webhook_deliveries ADD COLUMN completed_at timestamptz;
DROP INDEX IF EXISTS webhook_deliveries_due_idx;
CREATE INDEX webhook_deliveries_due_idx ON webhook_deliveries(next_retry_at) WHERE status IN ('pending', 'retrying', 'in_flight');
CREATE INDEX webhook_deliveries_subscription_idx ON webhook_deliveries(subscription_id, created_at DESC);
