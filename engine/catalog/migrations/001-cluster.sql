-- The cluster catalog: metadata the controller owns (DESIGN.md "Engine rules").
-- Conventions for every table:
--   * STRICT tables: SQLite rejects a value of the wrong type instead of storing it.
--   * Times are INTEGER milliseconds since the Unix epoch, as Kafka uses them.
--   * Kafka UUIDs (cluster id, topic id) are TEXT in Kafka's own string form: 22 characters of URL-safe
--     base64 without padding (org.apache.kafka.common.Uuid#toString), the form tools and logs show.
--     engine/catalog/uuid.ts converts to and from the 16 bytes the wire protocol carries.
--   * Rows of a topic are keyed by the topic NAME and cascade on its delete. Kafka never renames a topic,
--     and a deleted-then-recreated name gets a new topic_id, so no row outlives its topic.

-- Exactly one row (id = 1).
CREATE TABLE cluster (
  id               INTEGER PRIMARY KEY CHECK (id = 1),
  cluster_id       TEXT    NOT NULL CHECK (length(cluster_id) = 22),
  created_at       INTEGER NOT NULL,
  -- Bumped each time a controller takes over; requests carrying an older epoch are stale.
  controller_epoch INTEGER NOT NULL DEFAULT 0 CHECK (controller_epoch >= 0)
) STRICT;

CREATE TABLE brokers (
  broker_id     INTEGER PRIMARY KEY CHECK (broker_id >= 0),
  host          TEXT    NOT NULL,
  port          INTEGER NOT NULL CHECK (port BETWEEN 0 AND 65535), -- 0 until the listener is bound
  rack          TEXT,
  state         TEXT    NOT NULL DEFAULT 'stopped'
                CHECK (state IN ('starting', 'running', 'stopping', 'stopped', 'fenced')),
  registered_at INTEGER NOT NULL,
  -- The broker epoch: bumped on every (re)registration, so requests from a previous incarnation are fenced.
  epoch         INTEGER NOT NULL DEFAULT 0 CHECK (epoch >= 0)
) STRICT;

CREATE TABLE topics (
  name        TEXT    PRIMARY KEY CHECK (length(name) BETWEEN 1 AND 249),
  topic_id    TEXT    NOT NULL UNIQUE CHECK (length(topic_id) = 22),
  created_at  INTEGER NOT NULL,
  is_internal INTEGER NOT NULL DEFAULT 0 CHECK (is_internal IN (0, 1))
) STRICT;

-- Only overrides are stored; defaults come from engine/catalog/topic-config.ts, so a newer build with
-- Kafka's newer defaults applies them to every topic that did not override them.
CREATE TABLE topic_configs (
  topic TEXT NOT NULL REFERENCES topics (name) ON DELETE CASCADE,
  name  TEXT NOT NULL,
  value TEXT NOT NULL,
  PRIMARY KEY (topic, name)
) STRICT, WITHOUT ROWID;

CREATE TABLE partitions (
  topic           TEXT    NOT NULL REFERENCES topics (name) ON DELETE CASCADE,
  partition       INTEGER NOT NULL CHECK (partition >= 0),
  -- JSON arrays of broker ids. replicas is in preference order: replicas[0] is the preferred leader.
  replicas        TEXT    NOT NULL CHECK (json_valid(replicas) AND json_type(replicas) = 'array'),
  leader          INTEGER NOT NULL DEFAULT -1 CHECK (leader >= -1), -- -1: no leader
  leader_epoch    INTEGER NOT NULL DEFAULT 0 CHECK (leader_epoch >= 0),
  isr             TEXT    NOT NULL CHECK (json_valid(isr) AND json_type(isr) = 'array'),
  -- Bumped on every change of this row (leader, ISR, replicas), as KRaft's partition epoch.
  partition_epoch INTEGER NOT NULL DEFAULT 0 CHECK (partition_epoch >= 0),
  PRIMARY KEY (topic, partition)
) STRICT;
