-- Dynamic configs the controller owns, set with AlterConfigs/IncrementalAlterConfigs and pushed to brokers
-- with the metadata image (as KRaft keeps ConfigRecords in its metadata log). resource_type is Kafka's
-- ConfigResource type: 4 BROKER (resource_name a broker id, or '' for the cluster-wide default every broker
-- sees), 32 GROUP (resource_name a group id; the group need not exist). Values are stored as given and
-- validated before they are written.
CREATE TABLE dynamic_configs (
  resource_type INTEGER NOT NULL CHECK (resource_type IN (4, 32)),
  resource_name TEXT    NOT NULL,
  name          TEXT    NOT NULL CHECK (length(name) > 0),
  value         TEXT    NOT NULL,
  PRIMARY KEY (resource_type, resource_name, name)
) WITHOUT ROWID;
