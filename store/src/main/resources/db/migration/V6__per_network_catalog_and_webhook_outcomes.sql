-- Security issue 14: the firmware catalog and charger models are per network, so creating one never
-- answers differently because another network has a private entry of the same name.
-- Rows with network_id NULL are platform-global (added by unrestricted keys) and readable by all.
-- See docs/cpms-fleet.md (Firmware catalog).

-- Charger models: global (NULL) or private to the network that named them first.
ALTER TABLE charger_models ADD COLUMN network_id uuid REFERENCES networks(id);

-- A model only one network's rows refer to (and no global image) becomes that network's own;
-- a model used by several networks, by a global image, or by nothing stays global.
UPDATE charger_models m SET network_id = owner.network_id
  FROM (
    SELECT model_id, (array_agg(DISTINCT network_id) FILTER (WHERE network_id IS NOT NULL))[1] AS network_id
    FROM (
      SELECT model_id, network_id FROM firmware_images WHERE model_id IS NOT NULL
      UNION ALL
      SELECT model_id, network_id FROM chargers WHERE model_id IS NOT NULL
    ) refs
    GROUP BY model_id
    HAVING count(DISTINCT network_id) = 1 AND bool_and(network_id IS NOT NULL)
  ) owner
  WHERE m.id = owner.model_id;

DROP INDEX IF EXISTS charger_models_name_idx;
CREATE UNIQUE INDEX charger_models_global_name_idx ON charger_models(lower(vendor), lower(model))
  WHERE network_id IS NULL;
CREATE UNIQUE INDEX charger_models_network_name_idx ON charger_models(network_id, lower(vendor), lower(model))
  WHERE network_id IS NOT NULL;

-- Firmware images: a version is unique per model within a network, and within the global catalog.
DROP INDEX IF EXISTS firmware_images_model_version_idx;
CREATE UNIQUE INDEX firmware_images_global_version_idx ON firmware_images(model, version)
  WHERE network_id IS NULL;
CREATE UNIQUE INDEX firmware_images_network_version_idx ON firmware_images(network_id, model, version)
  WHERE network_id IS NOT NULL;

-- Webhook attempts recorded before V6 kept the network error's text, which could describe hosts
-- behind the platform; they now carry an outcome class like new attempts (see docs/webhooks.md).
UPDATE webhook_deliveries
  SET last_error = CASE WHEN last_error ~ '^HTTP [1-5][0-9][0-9]$' THEN 'http_' || substr(last_error, 6, 1) || 'xx'
                        ELSE 'network_error' END
  WHERE last_error IS NOT NULL AND last_error !~ '^[a-z0-9_]+$';
