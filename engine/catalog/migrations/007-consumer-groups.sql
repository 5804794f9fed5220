-- KIP-848 consumer groups: their members, epochs, target and current assignments.
--
-- Why in the catalog, as offsets (003) and transactions (006) are: a group's new state is written before
-- the heartbeat that produced it is answered, in one SQLite transaction, so a coordinator killed at any
-- point leaves either the old state or the new one, and the broker that takes the group over reads it
-- back. Kafka keeps the same facts as records in __consumer_offsets (ConsumerGroupMetadata,
-- ConsumerGroupMemberMetadata, ConsumerGroupTargetAssignment*, ConsumerGroupCurrentMemberAssignment).
--
-- One row per group holding the whole group as JSON (engine/broker/group/consumer/snapshot.ts says the
-- format and its version): a group is always read and written whole, and it is small (a local cluster's
-- group has a handful of members). Session deadlines are not stored: a loaded member gets a fresh session.
CREATE TABLE consumer_groups (
  group_id   TEXT    NOT NULL PRIMARY KEY,
  snapshot   TEXT    NOT NULL CHECK (json_valid(snapshot)),
  updated_at INTEGER NOT NULL
) STRICT;
