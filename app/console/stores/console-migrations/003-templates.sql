-- Producer templates (issue 5): a key/value/headers template with {{generators}}, saved by name.
CREATE TABLE templates (
  name       TEXT PRIMARY KEY,
  body       TEXT NOT NULL,        -- JSON: { key, value, headers, format }
  updated_at INTEGER NOT NULL
);
