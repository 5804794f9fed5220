-- Committed consumer group offsets.
--
-- Why in the catalog and not in an internal __consumer_offsets log, as Kafka does: the controller owns
-- durable metadata here, and this is a single-process desktop cluster. An OffsetCommit becomes one SQLite
-- transaction: atomic across all its partitions and durable when it returns, with no internal topic to
-- create, replicate, compact and replay into memory on every coordinator start. The trade-off: the group
-- coordinator must reach the catalog (in-process, or through the controller) to commit and to fetch,
-- and the offsets are not visible as a topic to tools that read __consumer_offsets directly.
--
-- Kafka removes a deleted topic's committed offsets; the foreign key below does the same by cascade,
-- and it also refuses a commit for a partition that does not exist (Kafka: UNKNOWN_TOPIC_OR_PARTITION).
CREATE TABLE group_offsets (
  group_id         TEXT    NOT NULL,
  topic            TEXT    NOT NULL,
  partition        INTEGER NOT NULL,
  committed_offset INTEGER NOT NULL CHECK (committed_offset >= -1),
  leader_epoch     INTEGER NOT NULL DEFAULT -1 CHECK (leader_epoch >= -1), -- -1: unknown
  metadata         TEXT,                                                  -- Kafka's nullable metadata string
  commit_timestamp INTEGER NOT NULL,
  expire_timestamp INTEGER,                                               -- only OffsetCommit v1 sets it
  PRIMARY KEY (group_id, topic, partition),
  FOREIGN KEY (topic, partition) REFERENCES partitions (topic, partition) ON DELETE CASCADE
) STRICT, WITHOUT ROWID;

-- The cascade from partitions looks rows up by (topic, partition).
CREATE INDEX group_offsets_partition ON group_offsets (topic, partition);
