// The control endpoint in-process, against a real cluster: the token guard, clear refusals of malformed
// requests, and broker changes that go through the cluster's one lifecycle queue.

import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Cluster, ClusterEvent } from '../../engine/index.ts';
import { testCluster, type TestCluster } from '../../engine/testing.ts';
import { CONTROL_FILE, startControlServer, type ControlServer } from './control-server.ts';

let tc: TestCluster;
let dir: string;
let cluster: Cluster;
let control: ControlServer;

beforeAll(async () => {
  tc = await testCluster({ brokers: 2 });
  ({ cluster, dataDir: dir } = tc);
  control = await startControlServer(cluster, dir);
});
afterAll(async () => {
  await control?.close();
  await tc?.close();
});

async function call(method: string, route: string, body?: unknown, token = control.info.token): Promise<{ status: number; json: Record<string, unknown> }> {
  const res = await fetch(`${control.info.url}${route}`, {
    method,
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
  });
  return { status: res.status, json: (await res.json()) as Record<string, unknown> };
}

describe('control endpoint', () => {
  it('writes its address for this user only and refuses a wrong token', async () => {
    const file = path.join(dir, CONTROL_FILE);
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    expect(JSON.parse(fs.readFileSync(file, 'utf8'))).toEqual(control.info);
    expect(await call('GET', '/status', undefined, 'wrong')).toEqual({ status: 401, json: { error: 'missing or wrong token' } });
    expect((await call('GET', '/status')).status).toBe(200);
  });

  it('refuses malformed topic requests with a clear error and creates nothing', async () => {
    const cases: [unknown, number, RegExp][] = [
      ['{not json', 400, /^the request body is not JSON$/],
      [{ partitions: 1 }, 400, /^INVALID_REQUEST: a topic name is required$/],
      [{ name: 'x', partitions: 1.5 }, 400, /^INVALID_REQUEST: partitions must be a whole number$/],
      [{ name: 'x', replicationFactor: '2' }, 400, /^INVALID_REQUEST: replicationFactor must be a whole number$/],
      [{ name: 'x', configs: { 'retention.ms': 60000 } }, 400, /^INVALID_REQUEST: configs must map names to string values$/],
      [{ name: 'x', partitions: 1, replicationFactor: 5 }, 400, /^INVALID_REPLICATION_FACTOR: /],
    ];
    for (const [body, status, error] of cases) {
      const r = await call('POST', '/topics', body);
      expect(r.status, JSON.stringify(body)).toBe(status);
      expect(r.json.error).toMatch(error);
    }
    expect((await call('GET', '/topics')).json).toEqual({ topics: [] });
    expect(await call('DELETE', '/topics/missing')).toMatchObject({ status: 404, json: { error: expect.stringMatching(/^UNKNOWN_TOPIC_OR_PARTITION: /) } });
  });

  it('queues a kill sent while a restart is under way behind it, and reports each', async () => {
    const stopped = new Promise<void>((resolve) => {
      const on = (e: ClusterEvent) => {
        if (e.type === 'broker-down' && e.broker === 2) {
          cluster.off('event', on);
          resolve();
        }
      };
      cluster.on('event', on);
    });
    const restart = call('POST', '/brokers/2/restart');
    await stopped; // the restart has stopped broker 2 and is starting it again
    const kill = call('POST', '/brokers/2/kill');
    const states = async (r: ReturnType<typeof call>) => ((await r).json.brokers as { id: number; state: string }[]).map((b) => [b.id, b.state]);
    // The restart finished first (broker 2 running again), then the kill ran: it ends stopped.
    expect(await states(restart)).toEqual([[1, 'running'], [2, 'running']]);
    expect(await states(kill)).toEqual([[1, 'running'], [2, 'stopped']]);
    expect(cluster.status().map((b) => b.state)).toEqual(['running', 'stopped']);
    expect(await states(call('POST', '/brokers/2/restart'))).toEqual([[1, 'running'], [2, 'running']]);
  });
});
