-- Per-replica log checkpoints: what Kafka keeps in recovery-point-offset-checkpoint,
-- log-start-offset-checkpoint and replication-offset-checkpoint files in each log dir.
-- Segment files are the truth for data; these rows tell the loader where recovery may start.
-- A broker writes all of its checkpoints in one transaction (CheckpointStore.writeCheckpoints), so the
-- set read back after a crash is always one consistent snapshot, never a mix of two.
CREATE TABLE partition_checkpoints (
  topic            TEXT    NOT NULL,
  partition        INTEGER NOT NULL,
  broker_id        INTEGER NOT NULL REFERENCES brokers (broker_id) ON DELETE CASCADE,
  recovery_point   INTEGER NOT NULL CHECK (recovery_point >= 0),
  log_start_offset INTEGER NOT NULL CHECK (log_start_offset >= 0),
  high_watermark   INTEGER NOT NULL CHECK (high_watermark >= 0),
  updated_at       INTEGER NOT NULL,
  PRIMARY KEY (topic, partition, broker_id),
  FOREIGN KEY (topic, partition) REFERENCES partitions (topic, partition) ON DELETE CASCADE
) STRICT;

-- Reading one broker's checkpoints, and cascading a broker's removal.
CREATE INDEX partition_checkpoints_broker ON partition_checkpoints (broker_id);
