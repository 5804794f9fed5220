// Failover: 3 brokers, a topic with RF=3 and min.insync.replicas=2, a producer (child process, the minimal
// client in clients/failover-producer.ts) sending one record at a time with acks=all. The leader of the
// partition is killed (Worker.terminate: nothing flushed, sockets dropped); the figure is the time from the
// kill to the first acknowledged produce on the new leader. Each round runs on a fresh cluster; the row is
// the median of the rounds. The client's part is reported beside it: how long it slept in retry backoff and
// how many retries it needed. The local controller learns of the kill at once (killBroker tells it), so
// there is no session timeout in these figures, unlike a Kafka broker that dies unannounced.

import { fork } from 'node:child_process';
import path from 'node:path';
import type { BenchResult } from './report.ts';
import { benchCluster, createTopic, sleep } from './cluster-support.ts';

interface Switch {
  type: 'switch';
  from: number;
  to: number;
  firstErrorNs: string;
  ackNs: string;
  sentNs: string;
  retries: number;
  backoffMs: number;
  metadataRequests: number;
  errors: string[];
  acks: number;
}

interface Round {
  failoverMs: number;
  electionMs: number;
  detectMs: number;
  lastSendMs: number;
  ackWaitMs: number;
  backoffMs: number;
  retries: number;
  metadataRequests: number;
}

async function round(backoffMs: number): Promise<Round> {
  const c = await benchCluster(3);
  const topic = 'failover';
  try {
    await createTopic(c.cluster, topic, 1, 3, { 'min.insync.replicas': '2' });
    const child = fork(path.join(import.meta.dirname, 'clients', 'failover-producer.ts'), [c.bootstrap, topic, String(backoffMs)], {
      execArgv: ['--import', 'tsx'],
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    const messages: { type: string }[] = [];
    child.on('message', (m) => messages.push(m as { type: string }));
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    const waitFor = async <T>(type: string, ms: number): Promise<T> => {
      const deadline = Date.now() + ms;
      for (;;) {
        const i = messages.findIndex((m) => m.type === type);
        if (i >= 0) return messages.splice(i, 1)[0] as T;
        if (Date.now() > deadline) throw new Error(`failover producer: no '${type}' within ${ms} ms`);
        await sleep(1);
      }
    };
    await waitFor('ready', 10_000);
    // Steady state: acks flowing for a second.
    await sleep(1_000);
    const leader = c.cluster.partitions().find((p) => p.topic === topic)!.leader;
    const killNs = process.hrtime.bigint();
    let electedNs = 0n;
    const onEvent = () => {
      if (electedNs === 0n) {
        const p = c.cluster.partitions().find((x) => x.topic === topic);
        if (p && p.leader >= 0 && p.leader !== leader) electedNs = process.hrtime.bigint();
      }
    };
    c.cluster.on('event', onEvent);
    await c.cluster.killBroker(leader);
    onEvent();
    const s = await waitFor<Switch>('switch', 30_000);
    c.cluster.off('event', onEvent);
    await sleep(200);
    child.send('stop');
    await waitFor<{ type: 'stopped'; acks: number }>('stopped', 10_000);
    await exited;
    const ms = (ns: bigint) => Number(ns) / 1e6;
    return {
      failoverMs: ms(BigInt(s.ackNs) - killNs),
      electionMs: ms(electedNs - killNs),
      detectMs: ms(BigInt(s.firstErrorNs) - killNs),
      lastSendMs: ms(BigInt(s.sentNs) - killNs),
      ackWaitMs: ms(BigInt(s.ackNs) - BigInt(s.sentNs)),
      backoffMs: s.backoffMs,
      retries: s.retries,
      metadataRequests: s.metadataRequests,
    };
  } finally {
    await c.close();
  }
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor((s.length - 1) / 2)];
}

export async function failoverBench(rounds = 5): Promise<BenchResult[]> {
  const results: BenchResult[] = [];
  // 10 ms: a client tuned for fast failover; 100 ms: librdkafka's default retry.backoff.ms.
  for (const backoffMs of [10, 100]) {
    const rs: Round[] = [];
    for (let i = 0; i < rounds; i++) rs.push(await round(backoffMs));
    const m = rs.find((r) => r.failoverMs === median(rs.map((x) => x.failoverMs)))!;
    results.push({
      name: `failover, kill leader → first acks=all ack (retry backoff ${backoffMs} ms)`,
      value: m.failoverMs,
      unit: 'ms',
      extra: {
        client: 'own (KafkaConnection)',
        min: Math.min(...rs.map((r) => r.failoverMs)),
        max: Math.max(...rs.map((r) => r.failoverMs)),
        rounds,
        'new leader elected after ms': m.electionMs,
        'client saw error after ms': m.detectMs,
        'successful request sent after ms': m.lastSendMs,
        'in backoff ms': m.backoffMs,
        retries: m.retries,
        'metadata requests': m.metadataRequests,
        'ack wait ms': m.ackWaitMs,
        'worst round ack wait ms': Math.max(...rs.map((r) => r.ackWaitMs)),
      },
    });
  }
  return results;
}
