-- The Schema Registry an external connection names (connections.ts): its URL and basic auth or a bearer
-- token. NULL url: the connection has none. Secrets are stored as given, like the SASL password.
ALTER TABLE connections ADD COLUMN registry_url      TEXT;
ALTER TABLE connections ADD COLUMN registry_username TEXT;
ALTER TABLE connections ADD COLUMN registry_password TEXT;
ALTER TABLE connections ADD COLUMN registry_token    TEXT;
