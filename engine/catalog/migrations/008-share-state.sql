-- KIP-932 share groups: each share partition's durable state, and each share group's membership.
--
-- Why in the catalog and not in Kafka's internal __share_group_state topic: for the same reasons as group
-- offsets (003) and transactions (006). The partition leader writes its share partition's snapshot (state
-- epoch, start offset and the in-flight state batches, engine/broker/group/share/share-snapshot.ts) in one
-- SQLite transaction per request that changed it, and answers the client only after that returns, so an
-- acknowledgement the client saw is durable. A new leader (after a kill or a leadership move) loads the row.
--
-- Fencing: a leader writes only while the row's state_epoch is the one it loaded and its leader_epoch is not
-- older than the row's; AlterShareGroupOffsets / DeleteShareGroupOffsets bump state_epoch (or delete the
-- row), so a leader holding older state reloads instead of overwriting the reset.
-- Rows follow their partition: deleting the topic deletes its share state (cascade), as Kafka does.
CREATE TABLE share_partition_state (
  group_id     TEXT    NOT NULL CHECK (group_id <> ''),  -- not length(): it stops at a NUL character
  topic        TEXT    NOT NULL,
  partition    INTEGER NOT NULL CHECK (partition >= 0),
  topic_id     TEXT    NOT NULL CHECK (length(topic_id) = 22),
  state_epoch  INTEGER NOT NULL CHECK (state_epoch >= 0),
  leader_epoch INTEGER NOT NULL CHECK (leader_epoch >= -1),
  start_offset INTEGER NOT NULL CHECK (start_offset >= 0),
  -- The whole SharePartitionSnapshot as JSON; start_offset and the epochs are copied out for queries.
  snapshot     TEXT    NOT NULL CHECK (json_valid(snapshot)),
  -- The dead letters (records archived after a reject or the delivery limit), a bounded JSON array.
  dead_letters TEXT    NOT NULL DEFAULT '[]' CHECK (json_valid(dead_letters)),
  updated_at   INTEGER NOT NULL,
  PRIMARY KEY (group_id, topic, partition),
  FOREIGN KEY (topic, partition) REFERENCES partitions (topic, partition) ON DELETE CASCADE
) STRICT, WITHOUT ROWID;

CREATE INDEX share_partition_state_partition ON share_partition_state (topic, partition);

-- A share group's members and assignment epochs (ShareGroup.snapshot()), written when its epoch moves, so a
-- new coordinator knows the group (its type, its epoch) after a failover.
CREATE TABLE share_groups (
  group_id   TEXT    NOT NULL PRIMARY KEY CHECK (group_id <> ''),
  snapshot   TEXT    NOT NULL CHECK (json_valid(snapshot)),
  updated_at INTEGER NOT NULL
) STRICT;
