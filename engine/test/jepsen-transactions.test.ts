// Jepsen-style, exactly once: a read-process-write pipeline (librdkafka 2.15 through rdk-driver: read_committed
// from eos-in, "out-<value>" to eos-out, the input offsets committed in the same transaction) while a seeded
// nemesis kills and restarts brokers — the pipeline's transaction coordinator and the partition leaders most
// often, and now and then the pipeline itself. A pipeline that dies (killed, or of its errors) is started again
// with the same transactional id, which fences it and aborts what it left open. Input comes from an idempotent kafkajs producer (acks=all) the whole time.
//
// The checker: every input record in the log appears in the committed output exactly once (nothing lost,
// nothing duplicated, nothing invented); read_committed consumers that read the output all along never saw a
// record the committed output does not have at that offset (an aborted one), and their offsets only grow.
// On failure the seed is in the message; JEPSEN_SEED=... replays the nemesis' choices.

import { afterAll, describe, expect, it } from 'vitest';
import { KafkaConnection } from '../client/connection.ts';
import { ApiKey } from '../protocol/api-keys.ts';
import type { TestCluster } from './cluster-fixture.ts';
import { bounce, checkTails, DEBUG, jepsenCluster, KILLS, prng, readTopic, SEED, sleep, TopicTail, until as untilEvery } from './jepsen-support.ts';
import { startDriver, type RunningDriver } from './librdkafka.ts';

const IN = 'eos-in';
const OUT = 'eos-out';
const PARTITIONS = 2;
const TXN_ID = 'eos-pipeline';

/** Polls every 100 ms: the checks here read whole topics. */
const until = (what: string, fn: () => boolean | Promise<boolean>, ms = 60_000) => untilEvery(what, fn, ms, 100);

let tc: TestCluster | undefined;
afterAll(async () => {
  await tc?.close();
});

describe(`jepsen exactly-once (seed ${SEED})`, () => {
  it(`copies every input record exactly once through ${KILLS} broker kills`, async () => {
    const rand = prng(SEED);
    const { tc: started, kafka, admin } = await jepsenCluster([IN, OUT], PARTITIONS);
    tc = started;
    const cluster = tc.cluster;
    const bootstrap = tc.bootstrap;

    let running = true;
    const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
    await producer.connect();
    let inputSent = 0;
    const inputLoop = (async () => {
      let n = 0;
      while (running) {
        const batch = Array.from({ length: 10 }, () => `in-${n++}`);
        try {
          await producer.send({ topic: IN, acks: -1, messages: batch.map((value) => ({ key: value, value, partition: Math.floor(n / 10) % PARTITIONS })) });
          inputSent += batch.length;
        } catch {
          // Unacknowledged: it may be in the log; the checker goes by the log.
        }
        await sleep(20);
      }
    })();

    // The pipeline, started again whenever it exits (a fatal error, or giving up on a coordinator); each new
    // instance fences the one before through InitProducerId.
    let pipeline: RunningDriver | undefined;
    let pipelineStarts = 0;
    let pipelineErrors = 0;
    let pipelineTxns = 0;
    let pipelineOn = true;
    const startPipeline = () => {
      pipelineStarts++;
      const p = startDriver(['pipeline', '-b', bootstrap, '--in', IN, '--out', OUT, '-G', 'eos-group', '--txn-id', TXN_ID, '--idle-ms', '600000',
        '-X', 'group.protocol=classic', '-X', 'transaction.timeout.ms=20000', '-X', 'session.timeout.ms=10000'], { timeoutMs: 900_000 });
      pipeline = p;
      void p.done.then((r) => {
        pipelineErrors += r.of('error').length;
        pipelineTxns += Number(r.of('done')[0]?.transactions ?? 0);
        if (DEBUG) {
          // Every transaction's offsets, every rewind and error, in order: what a duplicate's history is read from.
          for (const e of r.events) if (['txn-offsets', 'rewind', 'error', 'client-error'].includes(e.event)) process.stderr.write(`[pipeline ${p.child.pid}] ${JSON.stringify(e)}\n`);
          process.stderr.write(`[pipeline ${p.child.pid}] exited ${r.code}\n`);
        }
        if (pipelineOn) startPipeline();
      });
    };
    startPipeline();
    const readers = [new TopicTail(bootstrap, 'a', OUT, { readCommitted: true }), new TopicTail(bootstrap, 'b', OUT, { readCommitted: true })];

    /** The broker coordinating the pipeline's transactional id, as FindCoordinator answers now. */
    const coordinator = async (): Promise<number | undefined> => {
      const b = cluster.status().find((s) => s.state === 'running');
      if (!b) return undefined;
      const c = await KafkaConnection.connect(b.host, b.port, { timeoutMs: 5000 }).catch(() => undefined);
      if (!c) return undefined;
      try {
        const r = await c.request(ApiKey.FindCoordinator, 4, { keyType: 1, coordinatorKeys: [TXN_ID] });
        const found = (r.coordinators as { nodeId: number; errorCode: number }[])[0];
        return found.errorCode === 0 ? found.nodeId : undefined;
      } catch {
        return undefined;
      } finally {
        await c.close();
      }
    };

    const kills = { coordinator: 0, leader: 0, other: 0, pipeline: 0 };
    await sleep(1000);
    for (let k = 0; k < KILLS; k++) {
      await sleep(300 + Math.floor(rand() * 700));
      const r = rand();
      const alive = cluster.status().filter((b) => b.state === 'running').map((b) => b.id);
      let victim: number | undefined;
      if (r < 0.4) {
        victim = await coordinator();
        if (victim !== undefined) kills.coordinator++;
      } else if (r < 0.8) {
        const parts = cluster.partitions().filter((p) => p.topic === IN || p.topic === OUT);
        victim = parts[Math.floor(rand() * parts.length)].leader;
        if (victim >= 0) kills.leader++;
        else victim = undefined;
      }
      if (victim === undefined) {
        victim = alive[Math.floor(rand() * alive.length)];
        kills.other++;
      }
      // Now and then the pipeline dies too, mid-transaction: its successor fences it and the coordinator
      // aborts what it left open, so aborted records land in the output's log.
      if (rand() < 0.3 && pipeline) {
        pipeline.child.kill('SIGKILL');
        kills.pipeline++;
      }
      await bounce(cluster, victim, 100 + Math.floor(rand() * 600), [IN, OUT], 90_000);
    }

    running = false;
    await inputLoop;
    await producer.disconnect();

    // Drain: the pipeline copies what is left; the committed output grows to the size of the input.
    const input = await readTopic(bootstrap, IN, false);
    let output = new Map<string, string>();
    await until('the pipeline to copy the whole input', async () => {
      output = await readTopic(bootstrap, OUT, true);
      return output.size >= input.size;
    }, 180_000).catch(() => undefined);
    pipelineOn = false;
    pipeline?.child.kill('SIGTERM');
    output = await readTopic(bootstrap, OUT, true);
    await until('the readers to reach the end of the committed output', () => readers.every((c) => c.count() >= output.size), 60_000).catch(() => undefined);
    for (const c of readers) c.stop();

    const inputValues = new Set(input.values());
    const outCounts = new Map<string, number>();
    for (const v of output.values()) outCounts.set(v, (outCounts.get(v) ?? 0) + 1);
    const lost = [...inputValues].filter((v) => !outCounts.has(`out-${v}`));
    const duplicates = [...outCounts].filter(([, n]) => n > 1).map(([v]) => v);
    const invented = [...outCounts.keys()].filter((v) => !inputValues.has(v.replace(/^out-/, '')));
    // A record a read_committed reader saw that the committed output does not have there: an aborted one.
    const { backwards, divergent: sawAborted } = checkTails(readers, output);
    const allInLog = await readTopic(bootstrap, OUT, false);
    const report = {
      seed: SEED, kills, inputAcked: inputSent, input: input.size, output: output.size, abortedInLog: allInLog.size - output.size,
      pipelineStarts, pipelineErrors, pipelineTxns, lost: lost.length, duplicates: duplicates.length, invented: invented.length, backwards, sawAborted,
    };
    console.log('jepsen-eos', JSON.stringify(report));
    expect(input.size, `seed ${SEED}`).toBeGreaterThan(1000);
    expect({ lost: lost.slice(0, 5), duplicates: duplicates.slice(0, 5), invented: invented.slice(0, 5), backwards, sawAborted }, `seed ${SEED}: ${JSON.stringify(report)}`).toEqual({
      lost: [], duplicates: [], invented: [], backwards: 0, sawAborted: 0,
    });
    await admin.disconnect();
  }, 900_000);
});
