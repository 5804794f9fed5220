-- Counters the controller must not reuse across restarts, by name (e.g. 'next_producer_id': the first
-- producer id of the next block handed to a broker, so ids stay unique for the cluster's lifetime).
CREATE TABLE controller_state (
  key   TEXT    PRIMARY KEY,
  value INTEGER NOT NULL
) STRICT;
