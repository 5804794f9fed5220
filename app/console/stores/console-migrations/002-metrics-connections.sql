-- Metrics history (metrics-store.ts): per partition end offset and size, per group and partition committed
-- offset, lag and lag in time. `res` is the resolution in seconds: 1 (kept an hour) or 60 (kept for the
-- retention setting, a week by default). `at` is ms since the epoch (the sample time, or the minute's start).
CREATE TABLE partition_points (
  res        INTEGER NOT NULL,
  at         INTEGER NOT NULL,
  topic      TEXT    NOT NULL,
  partition  INTEGER NOT NULL,
  end_offset INTEGER NOT NULL,
  size       INTEGER NOT NULL,
  PRIMARY KEY (res, topic, partition, at)
) WITHOUT ROWID;
CREATE INDEX partition_points_at ON partition_points (res, at);

CREATE TABLE group_points (
  res       INTEGER NOT NULL,
  at        INTEGER NOT NULL,
  group_id  TEXT    NOT NULL,
  topic     TEXT    NOT NULL,
  partition INTEGER NOT NULL,
  committed INTEGER,
  lag       INTEGER NOT NULL,
  lag_ms    INTEGER,
  PRIMARY KEY (res, group_id, topic, partition, at)
) WITHOUT ROWID;
CREATE INDEX group_points_at ON group_points (res, at);

-- Saved external cluster connections (the local cluster is implicit). SASL passwords are stored here as
-- given: console.db lives in the user's own app data dir.
CREATE TABLE connections (
  id                TEXT PRIMARY KEY,
  name              TEXT NOT NULL,
  bootstrap_servers TEXT NOT NULL,
  sasl_mechanism    TEXT,
  sasl_username     TEXT,
  sasl_password     TEXT,
  tls               INTEGER NOT NULL DEFAULT 0
);
