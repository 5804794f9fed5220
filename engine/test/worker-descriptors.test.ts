// A broker worker that dies gives back its file descriptors: they belong to the process, so unless they are
// closed for it every log file the dead worker had open stays open until the app quits (worker-broker.ts:
// Node's trackUnmanagedFds). Counted in /proc/self/fd (Linux), by the files they point at inside the dead
// broker's data dir.

import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { KafkaConnection } from '../client/connection.ts';
import { createTopic, testCluster, until, type TestCluster } from './cluster-fixture.ts';
import { produce, records } from './broker-requests.ts';

let tc: TestCluster | undefined;
afterEach(async () => {
  await tc?.close();
  tc = undefined;
});

/** Descriptors of this process open on files under `dir`. */
function descriptorsUnder(dir: string): number {
  const prefix = fs.realpathSync(dir) + path.sep;
  let n = 0;
  for (const fd of fs.readdirSync('/proc/self/fd')) {
    try {
      if (fs.readlinkSync(`/proc/self/fd/${fd}`).startsWith(prefix)) n++;
    } catch {
      // Closed between the listing and the readlink.
    }
  }
  return n;
}

async function produceToAll(t: TestCluster, topic: string, partitions: number): Promise<void> {
  for (let p = 0; p < partitions; p++) {
    const leader = t.cluster.partitions().find((x) => x.topic === topic && x.partition === p)!.leader;
    const b = t.cluster.broker(leader)!;
    const c = await KafkaConnection.connect(b.host, b.port, { clientId: 'fd-test', timeoutMs: 15_000 });
    await c.negotiateVersions();
    expect((await produce(c, topic, p, records(3, 'r'), 1)).errorCode).toBe(0);
    await c.close();
  }
}

describe.runIf(process.platform === 'linux')('a dead broker worker', () => {
  it.each([
    ['dies of an uncaught error', (t: TestCluster, id: number) => t.cluster.simulateCrash(id, 'thrown on purpose')],
    ['is killed', (t: TestCluster, id: number) => void t.cluster.killBroker(id)],
  ])('releases every descriptor its storage held when it %s', async (_what, end) => {
    tc = await testCluster({ brokers: 2 });
    await createTopic(tc.cluster, 'held', 6, 2);
    await produceToAll(tc, 'held', 6);
    const victim = 2;
    const dir = path.join(tc.dataDir, `broker-${victim}`);
    const before = descriptorsUnder(dir);
    // Six partitions, each with an active segment and its indexes open.
    expect(before).toBeGreaterThanOrEqual(6);

    end(tc, victim);
    await until('the broker is down', () => tc!.cluster.status().find((b) => b.id === victim && b.state !== 'running'));
    await until('its descriptors are closed', () => descriptorsUnder(dir) === 0);
    expect(descriptorsUnder(dir)).toBe(0);
    // The survivor still holds its own.
    expect(descriptorsUnder(path.join(tc.dataDir, 'broker-1'))).toBeGreaterThanOrEqual(6);
  });
});
