-- Transaction coordinator state, and transactional offset commits not yet decided.
--
-- Why in the catalog and not in an internal __transaction_state log, as Kafka does: for the same
-- reasons as group offsets (003). A state change of a transactional id is one SQLite transaction,
-- durable when it returns — exactly the "write, then answer" the coordinator needs to survive a
-- kill at any step — with no internal topic to create, replicate, compact and replay. The
-- coordinator of an id is still chosen as Kafka chooses it (abs(hashCode) % 50, the `partition`
-- column), so ownership moves between brokers by partition, and a new coordinator loads exactly
-- the ids of the partitions it takes over. The trade-off, as for offsets: the coordinator must
-- reach the catalog, and tools that read __transaction_state directly see nothing.
--
-- Participants are stored as a JSON array ([{"topic":..,"partition":..} | {"groupId":..}]): they
-- are always read and written whole with their row, and a participant may outlive its topic
-- (a deleted topic's partition stays in the transaction until its marker is settled).
CREATE TABLE transactions (
  transactional_id           TEXT    NOT NULL PRIMARY KEY,
  partition                  INTEGER NOT NULL CHECK (partition >= 0),
  producer_id                INTEGER NOT NULL CHECK (producer_id >= 0),
  prev_producer_id           INTEGER NOT NULL DEFAULT -1,
  next_producer_id           INTEGER NOT NULL DEFAULT -1,
  producer_epoch             INTEGER NOT NULL CHECK (producer_epoch BETWEEN -1 AND 32767),
  last_producer_epoch        INTEGER NOT NULL DEFAULT -1 CHECK (last_producer_epoch BETWEEN -1 AND 32767),
  timeout_ms                 INTEGER NOT NULL CHECK (timeout_ms > 0),
  -- Kafka's state names; PrepareEpochFence and Dead are never stored (transient, and deleted).
  state                      TEXT    NOT NULL CHECK (state IN
                               ('Empty', 'Ongoing', 'PrepareCommit', 'PrepareAbort', 'CompleteCommit', 'CompleteAbort')),
  participants               TEXT    NOT NULL DEFAULT '[]' CHECK (json_valid(participants)),
  start_timestamp            INTEGER NOT NULL DEFAULT -1,
  last_update_timestamp      INTEGER NOT NULL,
  client_transaction_version INTEGER NOT NULL DEFAULT 0 CHECK (client_transaction_version >= 0)
) STRICT;

CREATE INDEX transactions_partition ON transactions (partition);

-- TxnOffsetCommit writes here; the transaction's marker for the group moves the rows into
-- group_offsets (COMMIT) or deletes them (ABORT). Until then OffsetFetch does not see them.
CREATE TABLE pending_txn_offsets (
  group_id         TEXT    NOT NULL,
  producer_id      INTEGER NOT NULL,
  topic            TEXT    NOT NULL,
  partition        INTEGER NOT NULL,
  committed_offset INTEGER NOT NULL,
  leader_epoch     INTEGER NOT NULL DEFAULT -1 CHECK (leader_epoch >= -1),
  metadata         TEXT,
  commit_timestamp INTEGER NOT NULL,
  PRIMARY KEY (group_id, producer_id, topic, partition),
  FOREIGN KEY (topic, partition) REFERENCES partitions (topic, partition) ON DELETE CASCADE
) STRICT, WITHOUT ROWID;

CREATE INDEX pending_txn_offsets_partition ON pending_txn_offsets (topic, partition);
