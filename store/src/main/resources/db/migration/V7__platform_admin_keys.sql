-- platform:admin (network management across tenants) is only ever held by an unrestricted key:
-- enforced here as well as when keys are minted.
ALTER TABLE api_keys ADD CONSTRAINT api_keys_platform_admin_unrestricted
  CHECK (network_ids IS NULL OR NOT ('platform:admin' = ANY (scopes)));
