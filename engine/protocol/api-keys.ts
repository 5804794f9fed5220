// Kafka API keys (Kafka's numbers) and the version ranges this broker advertises in ApiVersions.
//
// The message files in messages/ declare (and can decode) every version listed here; a few
// declared APIs are deliberately not advertised (see ADVERTISED_API_VERSIONS).

export const ApiKey = {
  Produce: 0,
  Fetch: 1,
  ListOffsets: 2,
  Metadata: 3,
  OffsetCommit: 8,
  OffsetFetch: 9,
  FindCoordinator: 10,
  JoinGroup: 11,
  Heartbeat: 12,
  LeaveGroup: 13,
  SyncGroup: 14,
  DescribeGroups: 15,
  ListGroups: 16,
  SaslHandshake: 17,
  ApiVersions: 18,
  CreateTopics: 19,
  DeleteTopics: 20,
  DeleteRecords: 21,
  InitProducerId: 22,
  OffsetForLeaderEpoch: 23,
  AddPartitionsToTxn: 24,
  AddOffsetsToTxn: 25,
  EndTxn: 26,
  WriteTxnMarkers: 27,
  TxnOffsetCommit: 28,
  DescribeAcls: 29,
  CreateAcls: 30,
  DeleteAcls: 31,
  DescribeConfigs: 32,
  AlterConfigs: 33,
  DescribeLogDirs: 35,
  SaslAuthenticate: 36,
  CreatePartitions: 37,
  DeleteGroups: 42,
  ElectLeaders: 43,
  IncrementalAlterConfigs: 44,
  AlterPartitionReassignments: 45,
  ListPartitionReassignments: 46,
  OffsetDelete: 47,
  DescribeUserScramCredentials: 50,
  AlterUserScramCredentials: 51,
  DescribeCluster: 60,
  DescribeProducers: 61,
  DescribeTransactions: 65,
  ListTransactions: 66,
  ConsumerGroupHeartbeat: 68,
  ConsumerGroupDescribe: 69,
  DescribeTopicPartitions: 75,
  ShareGroupHeartbeat: 76,
  ShareGroupDescribe: 77,
  ShareFetch: 78,
  ShareAcknowledge: 79,
  DescribeShareGroupOffsets: 90,
  AlterShareGroupOffsets: 91,
  DeleteShareGroupOffsets: 92,
} as const;

export type ApiKeyName = keyof typeof ApiKey;
export type ApiKeyValue = (typeof ApiKey)[ApiKeyName];

const namesByKey = new Map<number, ApiKeyName>(
  (Object.entries(ApiKey) as [ApiKeyName, number][]).map(([name, key]) => [key, name]),
);

export function apiKeyName(apiKey: number): string {
  return namesByKey.get(apiKey) ?? `Unknown(${apiKey})`;
}

export interface ApiVersionRange {
  readonly apiKey: number;
  readonly minVersion: number;
  readonly maxVersion: number;
}

/** Produce's advertised floor (Kafka's ApiKeys.PRODUCE_API_VERSIONS_RESPONSE_MIN_VERSION); decoding starts at v3. */
export const PRODUCE_ADVERTISED_MIN_VERSION = 0;

/**
 * Versions the broker advertises in its ApiVersions response, in api key order. SASL is advertised on every
 * listener, as Kafka does: on one without SASL a SaslHandshake gets ILLEGAL_SASL_STATE, a clear error for a
 * client configured for SASL. The ACL apis start at v1, as in Kafka 4 (KIP-896 removed v0). Not advertised
 * though declared: DescribeGroups v6.
 */
export const ADVERTISED_API_VERSIONS: readonly ApiVersionRange[] = [
  // Produce is listed from v0 although v0-2 requests are refused (their frames close the connection, as
  // the decoder knows only v3+): librdkafka before 2.11.1 compresses only when Produce v0 is advertised,
  // so Kafka 4 lists v0 for it (KAFKA-18659) and so does this broker.
  { apiKey: ApiKey.Produce, minVersion: PRODUCE_ADVERTISED_MIN_VERSION, maxVersion: 13 },
  { apiKey: ApiKey.Fetch, minVersion: 4, maxVersion: 18 },
  { apiKey: ApiKey.ListOffsets, minVersion: 1, maxVersion: 11 },
  { apiKey: ApiKey.Metadata, minVersion: 0, maxVersion: 13 },
  { apiKey: ApiKey.OffsetCommit, minVersion: 2, maxVersion: 10 },
  { apiKey: ApiKey.OffsetFetch, minVersion: 1, maxVersion: 10 },
  { apiKey: ApiKey.FindCoordinator, minVersion: 0, maxVersion: 6 },
  { apiKey: ApiKey.JoinGroup, minVersion: 0, maxVersion: 9 },
  { apiKey: ApiKey.Heartbeat, minVersion: 0, maxVersion: 4 },
  { apiKey: ApiKey.LeaveGroup, minVersion: 0, maxVersion: 5 },
  { apiKey: ApiKey.SyncGroup, minVersion: 0, maxVersion: 5 },
  { apiKey: ApiKey.DescribeGroups, minVersion: 0, maxVersion: 5 },
  { apiKey: ApiKey.ListGroups, minVersion: 0, maxVersion: 5 },
  { apiKey: ApiKey.SaslHandshake, minVersion: 0, maxVersion: 1 },
  { apiKey: ApiKey.ApiVersions, minVersion: 0, maxVersion: 4 },
  { apiKey: ApiKey.CreateTopics, minVersion: 0, maxVersion: 7 },
  { apiKey: ApiKey.DeleteTopics, minVersion: 0, maxVersion: 6 },
  { apiKey: ApiKey.DeleteRecords, minVersion: 0, maxVersion: 2 },
  { apiKey: ApiKey.InitProducerId, minVersion: 0, maxVersion: 5 },
  { apiKey: ApiKey.OffsetForLeaderEpoch, minVersion: 0, maxVersion: 4 },
  { apiKey: ApiKey.AddPartitionsToTxn, minVersion: 0, maxVersion: 5 },
  { apiKey: ApiKey.AddOffsetsToTxn, minVersion: 0, maxVersion: 4 },
  { apiKey: ApiKey.EndTxn, minVersion: 0, maxVersion: 5 },
  { apiKey: ApiKey.WriteTxnMarkers, minVersion: 0, maxVersion: 1 },
  { apiKey: ApiKey.TxnOffsetCommit, minVersion: 0, maxVersion: 5 },
  { apiKey: ApiKey.DescribeAcls, minVersion: 1, maxVersion: 3 },
  { apiKey: ApiKey.CreateAcls, minVersion: 1, maxVersion: 3 },
  { apiKey: ApiKey.DeleteAcls, minVersion: 1, maxVersion: 3 },
  { apiKey: ApiKey.DescribeConfigs, minVersion: 0, maxVersion: 4 },
  { apiKey: ApiKey.AlterConfigs, minVersion: 0, maxVersion: 2 },
  { apiKey: ApiKey.DescribeLogDirs, minVersion: 0, maxVersion: 4 },
  { apiKey: ApiKey.SaslAuthenticate, minVersion: 0, maxVersion: 2 },
  { apiKey: ApiKey.CreatePartitions, minVersion: 0, maxVersion: 3 },
  { apiKey: ApiKey.DeleteGroups, minVersion: 0, maxVersion: 2 },
  { apiKey: ApiKey.ElectLeaders, minVersion: 0, maxVersion: 2 },
  { apiKey: ApiKey.IncrementalAlterConfigs, minVersion: 0, maxVersion: 1 },
  { apiKey: ApiKey.AlterPartitionReassignments, minVersion: 0, maxVersion: 1 },
  { apiKey: ApiKey.ListPartitionReassignments, minVersion: 0, maxVersion: 0 },
  { apiKey: ApiKey.OffsetDelete, minVersion: 0, maxVersion: 0 },
  { apiKey: ApiKey.DescribeUserScramCredentials, minVersion: 0, maxVersion: 0 },
  { apiKey: ApiKey.AlterUserScramCredentials, minVersion: 0, maxVersion: 0 },
  { apiKey: ApiKey.DescribeCluster, minVersion: 0, maxVersion: 2 },
  { apiKey: ApiKey.DescribeProducers, minVersion: 0, maxVersion: 0 },
  { apiKey: ApiKey.DescribeTransactions, minVersion: 0, maxVersion: 0 },
  { apiKey: ApiKey.ListTransactions, minVersion: 0, maxVersion: 2 },
  { apiKey: ApiKey.ConsumerGroupHeartbeat, minVersion: 0, maxVersion: 1 },
  { apiKey: ApiKey.ConsumerGroupDescribe, minVersion: 0, maxVersion: 1 },
  { apiKey: ApiKey.DescribeTopicPartitions, minVersion: 0, maxVersion: 0 },
  { apiKey: ApiKey.ShareGroupHeartbeat, minVersion: 1, maxVersion: 1 },
  { apiKey: ApiKey.ShareGroupDescribe, minVersion: 1, maxVersion: 1 },
  { apiKey: ApiKey.ShareFetch, minVersion: 1, maxVersion: 2 },
  { apiKey: ApiKey.ShareAcknowledge, minVersion: 1, maxVersion: 2 },
  { apiKey: ApiKey.DescribeShareGroupOffsets, minVersion: 0, maxVersion: 1 },
  { apiKey: ApiKey.AlterShareGroupOffsets, minVersion: 0, maxVersion: 0 },
  { apiKey: ApiKey.DeleteShareGroupOffsets, minVersion: 0, maxVersion: 0 },
];
