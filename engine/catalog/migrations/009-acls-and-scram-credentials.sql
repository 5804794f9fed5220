-- Security metadata the controller owns: ACL bindings (CreateAcls/DeleteAcls) and SCRAM credentials
-- (AlterUserScramCredentials), pushed to brokers with the metadata image, as KRaft keeps them in its
-- metadata log. Codes are Kafka's wire codes (org.apache.kafka.common.acl / .resource). A credential is
-- stored as Kafka stores it — salt, StoredKey, ServerKey, iterations — never a password.
CREATE TABLE acls (
  resource_type INTEGER NOT NULL CHECK (resource_type BETWEEN 2 AND 7),
  resource_name TEXT    NOT NULL CHECK (length(resource_name) > 0),
  pattern_type  INTEGER NOT NULL CHECK (pattern_type IN (3, 4)),
  principal     TEXT    NOT NULL,
  host          TEXT    NOT NULL,
  operation     INTEGER NOT NULL CHECK (operation BETWEEN 2 AND 15),
  permission    INTEGER NOT NULL CHECK (permission IN (2, 3)),
  PRIMARY KEY (resource_type, resource_name, pattern_type, principal, host, operation, permission)
) WITHOUT ROWID;

CREATE TABLE scram_credentials (
  user_name  TEXT    NOT NULL CHECK (length(user_name) > 0),
  mechanism  TEXT    NOT NULL CHECK (mechanism IN ('SCRAM-SHA-256', 'SCRAM-SHA-512')),
  salt       BLOB    NOT NULL,
  stored_key BLOB    NOT NULL,
  server_key BLOB    NOT NULL,
  iterations INTEGER NOT NULL CHECK (iterations BETWEEN 4096 AND 16384),
  PRIMARY KEY (user_name, mechanism)
) WITHOUT ROWID;
