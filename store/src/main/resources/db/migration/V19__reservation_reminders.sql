-- Web push for reservation reminders and failed scheduled charges (issue 17, item 6; docs/emsp.md
-- "Web push"). Each mark is set by the one conditional UPDATE ... WHERE <mark> IS NULL ... RETURNING
-- that claims the row for a push (store.query.PushSweepQueries), so across any number of API nodes
-- a reminder, or a failure's push, is sent at most once.

-- When the push sweep claimed the reservation's reminder (null: not reminded yet).
ALTER TABLE reservations ADD COLUMN reminded_at timestamptz;

-- The sweep's scan: accepted holds not reminded yet, by expiry.
CREATE INDEX reservations_reminder_idx ON reservations(expires_at)
  WHERE status = 'Accepted' AND reminded_at IS NULL AND driver_id IS NOT NULL;

-- When the push sweep claimed a failed schedule's notification (null: not yet).
ALTER TABLE charging_schedules ADD COLUMN failure_notified_at timestamptz;

-- Failures recorded before this migration are not pushed now (the driver may have seen them long ago).
UPDATE charging_schedules SET failure_notified_at = now() WHERE status = 'Failed';

-- The sweep's scan: drivers' failures not notified yet.
CREATE INDEX charging_schedules_failure_push_idx ON charging_schedules(updated_at)
  WHERE status = 'Failed' AND failure_notified_at IS NULL AND driver_id IS NOT NULL;
