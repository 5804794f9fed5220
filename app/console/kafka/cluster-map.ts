// The cluster map: every partition's replicas on every broker, with how far each follower is behind.
// Leaders, ISR and epochs come from Metadata, as for any Kafka client. How far a follower is behind comes
// from the brokers themselves: for the local cluster each running broker's own log end offsets (broker
// stats, through engine/index.ts); for an external cluster DescribeLogDirs' offsetLag per replica. A replica
// whose broker is down or did not answer is unknown (-1), never guessed.

import type { ClusterMap, MapPartition, ReplicaState } from '../../contract.ts';
import type { KafkaConnection } from './connection.ts';
import type { BrokerLifecycle } from './local-cluster.ts';
import { brokerList, listOffsets, logDirs, readMetadata } from './overview.ts';
import { LATEST_TIMESTAMP } from '../../../engine/index.ts';

type Ends = Map<string, Map<number, { leo: number; hw: number; size: number }>>; // `${topic}/${p}` -> broker -> log

async function localEnds(lifecycle: BrokerLifecycle): Promise<Ends> {
  const out: Ends = new Map();
  const running = lifecycle.status().filter((b) => b.state === 'running');
  const stats = await Promise.all(running.map((b) => lifecycle.brokerStats(b.id).catch(() => undefined)));
  for (const st of stats) {
    for (const p of st?.partitions ?? []) {
      const k = `${p.topic}/${p.partition}`;
      const m = out.get(k) ?? new Map();
      m.set(st!.id, { leo: p.logEndOffset, hw: p.highWatermark, size: p.size });
      out.set(k, m);
    }
  }
  return out;
}

export async function readClusterMap(conn: KafkaConnection, lifecycle: BrokerLifecycle | undefined): Promise<ClusterMap> {
  const md = await readMetadata(conn);
  const names = [...md.topics.keys()].sort((a, b) => a.localeCompare(b));
  let replicaOf: (topic: string, partition: number, p: { leader: number; replicas: number[] }) => { states: ReplicaState[]; hw: number };
  if (lifecycle) {
    const ends = await localEnds(lifecycle);
    replicaOf = (topic, partition, p) => {
      const logs = ends.get(`${topic}/${partition}`);
      const leaderLog = logs?.get(p.leader);
      return {
        hw: leaderLog?.hw ?? -1,
        states: p.replicas.map((broker) => {
          const log = logs?.get(broker);
          return { broker, behind: log && leaderLog ? Math.max(0, leaderLog.leo - log.leo) : -1, sizeBytes: log?.size ?? -1 };
        }),
      };
    };
  } else {
    const led: { topic: string; partition: number }[] = [];
    for (const [name, t] of md.topics) t.partitions.forEach((p, i) => { if (p.leader >= 0) led.push({ topic: name, partition: i }); });
    const [dirs, hws] = await Promise.all([logDirs(conn, md.topics), listOffsets(conn, led, BigInt(LATEST_TIMESTAMP))]);
    replicaOf = (topic, partition, p) => {
      const k = `${topic}/${partition}`;
      const list = dirs.get(k) ?? [];
      return {
        hw: hws.get(k) ?? -1,
        states: p.replicas.map((broker) => {
          const d = list.find((x) => x.broker === broker);
          return { broker, behind: d ? Math.max(0, d.lag) : -1, sizeBytes: d?.size ?? -1 };
        }),
      };
    };
  }
  return {
    at: Date.now(),
    local: lifecycle !== undefined,
    controllerId: md.controllerId,
    brokers: brokerList(md, lifecycle),
    topics: names.map((name) => ({
      name,
      partitions: md.topics.get(name)!.partitions.map((p, i): MapPartition => {
        const { states, hw } = replicaOf(name, i, p);
        return {
          partition: i, leader: p.leader, leaderEpoch: p.leaderEpoch, replicas: [...p.replicas], isr: [...p.isr],
          offlineReplicas: [...p.offlineReplicas], highWatermark: hw, replicaStates: states,
        };
      }),
    })),
  };
}
