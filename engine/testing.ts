// The engine's surface for tests and benchmarks outside engine/: the cluster fixture and the storage pieces
// a benchmark drives directly. Application code imports engine/index.ts only.

export { testCluster, createTopic, until, waitFor, kcat, run, type TestCluster, type TestClusterOptions, type RunResult } from './test/cluster-fixture.ts';
export { rdk, startDriver, type DriverRun, type DriverEvent } from './test/librdkafka.ts';
export { PartitionLog } from './storage/partition-log.ts';
export { logConfig } from './storage/log-config.ts';
