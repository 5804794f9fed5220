-- A partition's reassignment in progress (KIP-455), as Kafka keeps it in the partition record: while it
-- runs, partitions.replicas holds the target followed by the replicas being removed; adding_replicas are
-- the target's new members (followers catching up), removing_replicas the ones that leave when every
-- target replica is in the ISR. No row: no reassignment. The row goes with its partition.
CREATE TABLE partition_reassignments (
  topic             TEXT    NOT NULL,
  partition         INTEGER NOT NULL,
  adding_replicas   TEXT    NOT NULL CHECK (json_valid(adding_replicas) AND json_type(adding_replicas) = 'array'),
  removing_replicas TEXT    NOT NULL CHECK (json_valid(removing_replicas) AND json_type(removing_replicas) = 'array'),
  PRIMARY KEY (topic, partition),
  FOREIGN KEY (topic, partition) REFERENCES partitions (topic, partition) ON DELETE CASCADE
) STRICT;
