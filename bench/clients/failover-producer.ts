// Child process of the failover benchmark: produces one record at a time with acks=all to the leader of
// partition 0, as fast as acknowledgements come back. On any failure (the connection dropped, a timeout,
// an error code such as NOT_LEADER_OR_FOLLOWER) it waits the retry backoff, asks any live broker for the
// partition's leader (Metadata) and retries there. Every time the acknowledging broker changes it reports
// to the parent, with process.hrtime (CLOCK_MONOTONIC, shared by every process on this machine):
//   { type: 'switch', from, to, firstErrorNs, sentNs (of the request that succeeded), ackNs, retries, backoffMs, metadataRequests, errors: string[] }
// argv: bootstrap(comma-separated) topic retryBackoffMs

import type { KafkaConnection } from '../../engine/index.ts';
import { buildBatch } from '../../engine/index.ts';
import { connect, leaderOf, produce } from './mini-client.ts';

const [bootstrapArg, topic, backoffArg] = process.argv.slice(2);
const bootstrap = bootstrapArg.split(',');
const backoffMs = Number(backoffArg);
const REQUEST_TIMEOUT_MS = 5_000;

let conn: KafkaConnection | undefined;
let connLeader = -1;
let stopping = false;
let acks = 0;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Metadata from the first bootstrap broker that answers; the leader's endpoint or undefined. */
async function findLeader(): Promise<{ leader: number; hostPort: string } | undefined> {
  for (const hp of bootstrap) {
    let c: KafkaConnection | undefined;
    try {
      c = await connect(hp, 'failover-metadata', 1_000);
      const l = await leaderOf(c, topic, 0);
      if (l.leader >= 0 && l.hostPort) return { leader: l.leader, hostPort: l.hostPort };
    } catch {
      // that broker is down: try the next
    } finally {
      void c?.close();
    }
  }
  return undefined;
}

process.on('message', (m) => {
  if (m === 'stop') stopping = true;
});

let lastAckBroker = -1;
let firstErrorNs: bigint | undefined;
let retries = 0;
let backoffTotal = 0;
let metadataRequests = 0;
let errors: string[] = [];
process.send!({ type: 'ready' });

while (!stopping) {
  try {
    if (!conn || conn.closed) {
      metadataRequests++;
      const l = await findLeader();
      if (!l) throw new Error('no leader in metadata');
      conn = await connect(l.hostPort, 'failover-producer', REQUEST_TIMEOUT_MS);
      connLeader = l.leader;
    }
    const value = Buffer.alloc(100, 'x');
    const sentNs = process.hrtime.bigint();
    const r = await produce(conn, topic, 0, buildBatch([{ value }]), -1, REQUEST_TIMEOUT_MS);
    if (r.errorCode !== 0) {
      // NOT_LEADER_OR_FOLLOWER and friends: drop the connection so the next round asks for metadata.
      const c = conn;
      conn = undefined;
      void c.close();
      throw new Error(`error code ${r.errorCode} from broker ${connLeader}`);
    }
    const now = process.hrtime.bigint();
    acks++;
    if (lastAckBroker !== -1 && connLeader !== lastAckBroker) {
      process.send!({ type: 'switch', from: lastAckBroker, to: connLeader, firstErrorNs: String(firstErrorNs ?? now), ackNs: String(now), sentNs: String(sentNs), retries, backoffMs: backoffTotal, metadataRequests, errors: errors.slice(0, 10), acks });
    }
    lastAckBroker = connLeader;
    metadataRequests = 0;
    firstErrorNs = undefined;
    retries = 0;
    backoffTotal = 0;
    errors = [];
  } catch (e) {
    firstErrorNs ??= process.hrtime.bigint();
    if (errors.length < 10) errors.push((e as Error).message);
    retries++;
    if (conn?.closed) conn = undefined;
    if (!conn) connLeader = -1;
    const t0 = performance.now();
    await sleep(backoffMs);
    backoffTotal += performance.now() - t0;
  }
}
await conn?.close();
process.send!({ type: 'stopped', acks }, () => process.exit(0));
