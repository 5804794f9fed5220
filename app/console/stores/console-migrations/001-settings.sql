-- The console's own state (not the cluster catalog): user settings as key/value JSON.
CREATE TABLE settings (
  key   TEXT PRIMARY KEY,
  value TEXT NOT NULL
);
