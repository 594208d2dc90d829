-- Driver content of the eMSP API (issue 16, item 5: /emsp/v1 favourites, location reviews, problem
-- reports, notification preferences). Every row belongs to one driver of one network. See docs/emsp.md.

-- A driver's saved places: a published location or a public charger of the driver's network. One row
-- per (driver, target): saving the same target again answers the existing row.
CREATE TABLE driver_favorites (
  id           uuid PRIMARY KEY,
  network_id   uuid NOT NULL REFERENCES networks(id),
  driver_id    uuid NOT NULL REFERENCES drivers(id),
  target_type  text NOT NULL CHECK (target_type IN ('location', 'charger')),
  target_id    uuid NOT NULL,
  label        text CHECK (char_length(label) <= 100),
  created_at   timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX driver_favorites_target_idx ON driver_favorites(driver_id, target_type, target_id);
CREATE INDEX driver_favorites_driver_idx ON driver_favorites(driver_id, created_at DESC);

-- One review per driver and location, created or replaced by the driver; the summary (average,
-- count) is computed from the rows, so it cannot drift.
CREATE TABLE location_reviews (
  id           uuid PRIMARY KEY,
  network_id   uuid NOT NULL REFERENCES networks(id),
  location_id  uuid NOT NULL REFERENCES locations(id),
  driver_id    uuid NOT NULL REFERENCES drivers(id),
  rating       smallint NOT NULL CHECK (rating BETWEEN 1 AND 5),
  comment      text CHECK (char_length(comment) <= 2000),
  created_at   timestamptz NOT NULL DEFAULT now(),
  updated_at   timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX location_reviews_driver_idx ON location_reviews(location_id, driver_id);
CREATE INDEX location_reviews_recent_idx ON location_reviews(location_id, updated_at DESC, id);

-- Problems drivers report at a location (raised to the operator as location.problem_reported on
-- the event stream); kept here whether or not anyone listens.
CREATE TABLE location_problem_reports (
  id           uuid PRIMARY KEY,
  network_id   uuid NOT NULL REFERENCES networks(id),
  location_id  uuid NOT NULL REFERENCES locations(id),
  driver_id    uuid NOT NULL REFERENCES drivers(id),
  charger_id   uuid REFERENCES chargers(id),
  category     text NOT NULL,
  description  text CHECK (char_length(description) <= 2000),
  status       text NOT NULL DEFAULT 'received',
  created_at   timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX location_problem_reports_network_idx ON location_problem_reports(network_id, created_at DESC);
CREATE INDEX location_problem_reports_driver_idx ON location_problem_reports(driver_id, created_at DESC);

-- What a driver wants to be told and where. No row: the defaults (docs/emsp.md). channels and events
-- hold only known names with boolean values (checked by the API); a null contact falls back to the
-- driver account's e-mail / phone.
CREATE TABLE driver_notification_preferences (
  driver_id      uuid PRIMARY KEY REFERENCES drivers(id),
  network_id     uuid NOT NULL REFERENCES networks(id),
  channels       jsonb NOT NULL,
  events         jsonb NOT NULL,
  contact_email  text,
  contact_phone  text,
  updated_at     timestamptz NOT NULL DEFAULT now()
);
