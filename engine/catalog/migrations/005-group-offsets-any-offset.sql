-- Kafka stores whatever offset a group commits (OffsetMetadataManager checks only the metadata size):
-- admin tools commit -2 ("earliest") and -1, and clients resolve them. 003 refused offsets below -1;
-- SQLite cannot drop a CHECK in place, so the table is rebuilt without it, rows kept.
CREATE TABLE group_offsets_new (
  group_id         TEXT    NOT NULL,
  topic            TEXT    NOT NULL,
  partition        INTEGER NOT NULL,
  committed_offset INTEGER NOT NULL,
  leader_epoch     INTEGER NOT NULL DEFAULT -1 CHECK (leader_epoch >= -1),
  metadata         TEXT,
  commit_timestamp INTEGER NOT NULL,
  expire_timestamp INTEGER,
  PRIMARY KEY (group_id, topic, partition),
  FOREIGN KEY (topic, partition) REFERENCES partitions (topic, partition) ON DELETE CASCADE
) STRICT, WITHOUT ROWID;
INSERT INTO group_offsets_new
  SELECT group_id, topic, partition, committed_offset, leader_epoch, metadata, commit_timestamp, expire_timestamp FROM group_offsets;
DROP TABLE group_offsets;
ALTER TABLE group_offsets_new RENAME TO group_offsets;
CREATE INDEX group_offsets_partition ON group_offsets (topic, partition);
