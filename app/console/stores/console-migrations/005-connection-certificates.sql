-- TLS material of an external connection (connections.ts): the CA it trusts (PEM; NULL: the system's CAs),
-- an optional client certificate and its private key for mutual TLS (PEM), and whether the brokers'
-- certificates are checked at all (0: checked, the default). The key is a secret: stored as given, like the
-- SASL password, and never sent to the UI.
ALTER TABLE connections ADD COLUMN tls_ca          TEXT;
ALTER TABLE connections ADD COLUMN tls_client_cert TEXT;
ALTER TABLE connections ADD COLUMN tls_client_key  TEXT;
ALTER TABLE connections ADD COLUMN tls_skip_verify INTEGER NOT NULL DEFAULT 0;
