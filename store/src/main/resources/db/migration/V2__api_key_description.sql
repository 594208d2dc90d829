-- API keys carry an operator-written description (seed 001: POST /cpms/v1/api-keys).
ALTER TABLE api_keys ADD COLUMN description text;
