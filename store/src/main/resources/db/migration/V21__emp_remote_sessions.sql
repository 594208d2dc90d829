-- Remote starts through /emp/v1/sessions/start (docs/emp-sessions.md). The EMP seed answers a start
-- with a sessionId at once, before the charger has confirmed anything (the charging session row is
-- created by the gateway later), so the start is a row of its own with an opaque public id; the
-- charging session is linked to it once it exists. A session linked here is "started remotely":
-- only such sessions may be stopped through /emp/v1/sessions/{sessionId}/stop.
CREATE TABLE emp_remote_sessions (
  id             uuid PRIMARY KEY,
  public_id      text NOT NULL UNIQUE,
  network_id     uuid NOT NULL REFERENCES networks(id),
  api_key_id     uuid,
  charger_id     uuid NOT NULL REFERENCES chargers(id),
  connector_pk   uuid NOT NULL REFERENCES connectors(id),
  evse_id        integer NOT NULL,
  id_token       text NOT NULL,
  -- the charger's answer to the remote start: Accepted, Rejected, Offline, Timeout, Busy, CallError
  start_status   text NOT NULL,
  requested_at   timestamptz NOT NULL DEFAULT now(),
  session_id     uuid UNIQUE REFERENCES charging_sessions(id)
);
-- Linking looks for the accepted, not yet linked starts of a charger's EVSE.
CREATE INDEX emp_remote_sessions_unlinked_idx ON emp_remote_sessions(charger_id, evse_id)
  WHERE session_id IS NULL;
