-- A key's class: ServerSide (a back end keeps the secret) or Publishable (shipped inside a driver app,
-- limited to what an app may do). Only eMSP keys can be Publishable.
ALTER TABLE api_keys ADD COLUMN key_class text NOT NULL DEFAULT 'ServerSide'
  CHECK (key_class IN ('ServerSide', 'Publishable'));
ALTER TABLE api_keys ADD CONSTRAINT api_keys_family_check CHECK (family IN ('cpms', 'emsp', 'emp'));
