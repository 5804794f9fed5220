// librdkafka's own regression suite (2.15.1's tests/, built into test-runner by scripts/build-test-clients.mjs)
// against our clusters: broker tests only (-L), without the socket-emulator tests (-E), three at a time. Each chosen
// test must report PASSED in the runner's summary table.
//
// The cluster is the suite's default scenario: 3 brokers, auto-created topics of 4 partitions and RF 3, Kafka's
// 3 s initial rebalance delay, share.record.lock.duration.ms allowed down to 1 s (as librdkafka's own test
// clusters set group.share.min.record.lock.duration.ms), and an authorizer that allows everyone until a test adds
// ACLs. The tests that shell out to kafka-topics.sh and kafka-acls.sh get kafka-tools.mjs as $KAFKA_PATH/bin.
//
// In quick mode (-Q, as librdkafka's own CI runs "make quick"):
//   producer      0001 0002 0003 0005 0007 0008 0011 (per-record errors) 0013 0039 0048 0052 (timestamp types)
//                 0073 (headers) 0086 (purge) 0090 (idempotence) 0125
//   consumer      0012 0015 0029 0031 0034 0036 0054 0067 0070 0112 0127 0137
//   groups        0030 0056 0069 0113 (cooperative) 0118
//   offsets       0099 0130 0140
//   admin, ACLs   0044 0063 0109 0115 0119
//   transactions  0103 0129 (aborted messages)
//   compression   0017;  compaction 0077
//   KIP-848       0030 0069 0113 0118 again with group.protocol=consumer
//   SASL          0135 (credentials set after a failed login), 0001 0012 0030 again, on a SASL_PLAINTEXT cluster
//                 logging in with SCRAM-SHA-512
// In full mode, because quick mode skips all their sub-tests (they pass in a few microseconds, testing nothing):
//   groups        0019 (ListGroups) 0022 (batch consume) 0045 (subscription updates) 0061 (consumer lag)
//                 0102 (static membership) 0122 0132 (assignor ordering)
//   share groups  0173 (commitAsync; records whose acquisition lock expired come back to the same consumer)
//                 0175 (several groups) 0176 (commitSync) 0177
//                 (transactions: share.isolation.level read_committed and read_uncommitted) 0178 (close) 0179
//                 (destroy) 0181 (topic deleted under the consumer), each group's share.auto.offset.reset and
//                 share.record.lock.duration.ms set through IncrementalAlterConfigs GROUP (the suite's clusters
//                 allow locks down to 1 s)
// The three clusters (plain, SASL, share) run side by side, so the file takes about as long as its longest run.
// Out:
//   wall-clock        0055 (producer latency) asserts average delivery latencies, and librdkafka skips it itself
//                     when CI is set; like every test here, this file asserts behaviour, never a time
//   slow but passing  0014 0018 0026 0033 (regex subscribe, 60 s) 0041 0042 0050 0051 0084 0091 (max.poll.interval,
//                     65 s) 0093 0114 0123 (idle connections) 0139 (offset validation, 90 s); run any of them with
//                     `npx tsx engine/test/librdkafka-suite-runner.ts 0033,0091 -- -Q -L -E`
//   slow share tests  0170 (subscriptions, 240 s) 0172 (acknowledge, 280 s) 0174 (concurrency: up to ten members
//                     and producers per group, consumer churn, every record delivered a first time; 440-580 s)
//                     0184 (topic recreated, 190 s) 0185 (max.poll.interval, 100 s) pass in full mode but take
//                     minutes each: `npx tsx engine/test/librdkafka-suite-runner.ts 0174 -- -L -E`
//   flaky by design   0142 (re-authentication; SUITE_SASL=SCRAM-SHA-512, full mode) passes, but its consumer step
//                     then waits for "the messages not yet received" even when there are none, and fails whenever
//                     the consumer has kept up with its producer
//   not yet passing   0081 (admin): its DescribeConsumerGroups step deletes three groups of closed static members
//                     1 s after their 5 s session timeout and finds them not yet empty in a whole 0081 run on a
//                     loaded machine (the step alone passes: SUBTESTS=DescribeConsumerGroups); 0171 (700 s) and 0180 (260 s):
//                     slow, and their fetch.max.bytes sub-tests now pass (SUBTESTS=fetch_max_bytes) but the whole
//                     tests have not passed in one run yet
//   do not apply      0092 (message format v1, removed in Kafka 4), 0097 (needs trivup's SSL environment), 0126
//                     (OIDC: no OAUTHBEARER), 0053/0098/0101/0110 (skip themselves: the suite is built without
//                     RapidJSON), 0000 and the *_mock/local tests (no broker)

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseBrokerConfigs } from '../index.ts';
import { testCluster, type TestCluster, type TestClusterOptions } from './cluster-fixture.ts';
import { runSuite, saslSuite, SUITE_BROKER_CONFIG, SUITE_SECURITY, testOutput, type SuiteRun } from './librdkafka-suite-runner.ts';

const QUICK = ['-Q', '-L', '-E', '-p3'];
const FULL = ['-L', '-E', '-p3'];

const CLASSIC = [
  '0001', '0002', '0003', '0005', '0007', '0008', '0011', '0013', '0039', '0048', '0052', '0073', '0086', '0090', '0125',
  '0012', '0015', '0029', '0031', '0034', '0036', '0054', '0067', '0070', '0112', '0127', '0137',
  '0030', '0056', '0069', '0113', '0118',
  '0099', '0130', '0140',
  '0044', '0063', '0109', '0115', '0119',
  '0103', '0129',
  '0017', '0077',
];
const GROUPS_FULL = ['0019', '0022', '0045', '0061', '0102', '0122', '0132'];
const CONSUMER_PROTOCOL = ['0030', '0069', '0113', '0118'];
const SASL = ['0135', '0001', '0012', '0030'];
const SHARE_FULL = ['0173', '0175', '0176', '0177', '0178', '0179', '0181'];

/** Every broker test of that number ran and passed (a number can hold several, e.g. 0045_*). */
function expectPassed(run: SuiteRun, num: string): void {
  const ran = [...run.verdicts.values()].filter((v) => v.name.startsWith(`${num}_`) && !/negative test flags|filtered due/i.test(v.reason));
  expect(ran.length, `test ${num} is not in the runner's summary:\n${run.output.slice(-2000)}`).toBeGreaterThan(0);
  for (const v of ran) expect(`${v.name}: ${v.state} ${v.reason}`, testOutput(run.output, v.name)).toBe(`${v.name}: PASSED `);
}

async function suiteCluster(security: TestClusterOptions['security'] = SUITE_SECURITY): Promise<TestCluster> {
  return testCluster({ brokers: 3, brokerConfig: parseBrokerConfigs(SUITE_BROKER_CONFIG), security });
}

const sasl = saslSuite('SCRAM-SHA-512');
const clusters: TestCluster[] = [];
const runs: Record<'classic' | 'groupsFull' | 'consumerProtocol' | 'sasl' | 'share', SuiteRun> = {} as never;

beforeAll(async () => {
  const [plain, secure, share] = await Promise.all([suiteCluster(), suiteCluster(sasl.security), suiteCluster()]);
  clusters.push(plain, secure, share);
  await Promise.all([
    (async () => {
      runs.classic = await runSuite({ bootstrap: plain.bootstrap, tests: CLASSIC, args: QUICK, timeoutMs: 10 * 60_000 });
      runs.groupsFull = await runSuite({ bootstrap: plain.bootstrap, tests: GROUPS_FULL, args: FULL, timeoutMs: 5 * 60_000 });
      runs.consumerProtocol = await runSuite({ bootstrap: plain.bootstrap, tests: CONSUMER_PROTOCOL, args: QUICK, env: { TEST_CONSUMER_GROUP_PROTOCOL: 'consumer' }, timeoutMs: 4 * 60_000 });
    })(),
    (async () => {
      runs.sasl = await runSuite({ bootstrap: secure.bootstrap, tests: SASL, conf: sasl.conf, args: QUICK, timeoutMs: 4 * 60_000 });
    })(),
    (async () => {
      runs.share = await runSuite({ bootstrap: share.bootstrap, tests: SHARE_FULL, args: FULL, timeoutMs: 8 * 60_000 });
    })(),
  ]);
}, 20 * 60_000);
afterAll(async () => {
  await Promise.all(clusters.map((c) => c.close()));
});

describe('librdkafka 2.15.1 regression suite', () => {
  it.each(CLASSIC)('%s passes', (num) => expectPassed(runs.classic, num));
  it.each(GROUPS_FULL)('%s passes in full mode', (num) => expectPassed(runs.groupsFull, num));
  it.each(CONSUMER_PROTOCOL)('%s passes with group.protocol=consumer (KIP-848)', (num) => expectPassed(runs.consumerProtocol, num));
});

describe('librdkafka 2.15.1 regression suite, SASL', () => {
  it.each(SASL)('%s passes over SASL_PLAINTEXT with SCRAM-SHA-512', (num) => expectPassed(runs.sasl, num));
});

describe('librdkafka 2.15.1 regression suite, share consumers (KIP-932)', () => {
  it.each(SHARE_FULL)('%s passes in full mode', (num) => expectPassed(runs.share, num));
});
