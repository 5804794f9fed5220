// The `streamlab` commands that drive a running instance through its control endpoint (control-server.ts),
// found via <data dir>/control.json. Each prints JSON on success; errors are one line and exit non-zero.

import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { CONTROL_FILE, type ControlInfo } from './control-server.ts';
import { defaultClusterDir } from './paths.ts';

export class CommandError extends Error {}

function controlInfo(dataDir: string): ControlInfo {
  const file = path.join(dataDir, CONTROL_FILE);
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch {
    throw new CommandError(`no running Streamlab found for ${dataDir} (no ${CONTROL_FILE}); start one with: streamlab serve --data-dir ${dataDir}`);
  }
  return JSON.parse(text) as ControlInfo;
}

async function call(dataDir: string, method: string, route: string, payload?: unknown): Promise<unknown> {
  const info = controlInfo(dataDir);
  let res: Response;
  try {
    res = await fetch(`${info.url}${route}`, {
      method,
      headers: { authorization: `Bearer ${info.token}`, 'content-type': 'application/json' },
      body: payload === undefined ? undefined : JSON.stringify(payload),
    });
  } catch {
    throw new CommandError(`the Streamlab instance for ${dataDir} does not answer at ${info.url} (is it still running?)`);
  }
  const json = (await res.json()) as { error?: string };
  if (!res.ok) throw new CommandError(json.error ?? `HTTP ${res.status}`);
  return json;
}

/** Whole numbers only; their range is the cluster's to judge (with Kafka's error). */
function wholeNumber(value: string | undefined, name: string): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n)) throw new CommandError(`--${name} must be a whole number, not '${value}'`);
  return n;
}

/** Runs one command; returns what to print. */
export async function runCommand(command: string, argv: string[]): Promise<unknown> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      'data-dir': { type: 'string' },
      partitions: { type: 'string' },
      'replication-factor': { type: 'string' },
      config: { type: 'string', multiple: true },
    },
    strict: true,
  });
  const dataDir = values['data-dir'] ?? defaultClusterDir();
  const [sub, arg, extra] = positionals;
  switch (command) {
    case 'status':
      if (sub) throw new CommandError(`status takes no argument, got '${sub}'`);
      return call(dataDir, 'GET', '/status');
    case 'broker': {
      if (sub === 'add' && !arg) return call(dataDir, 'POST', '/brokers');
      if (!['stop', 'kill', 'restart'].includes(sub ?? '') || !arg || extra) throw new CommandError('usage: streamlab broker stop|kill|restart ID | streamlab broker add');
      if (!/^\d+$/.test(arg)) throw new CommandError(`broker id must be a number, not '${arg}'`);
      return call(dataDir, 'POST', `/brokers/${arg}/${sub}`);
    }
    case 'topic': {
      if (sub === 'list' && !arg) return call(dataDir, 'GET', '/topics');
      if (!arg || extra) throw new CommandError('usage: streamlab topic create|describe|delete NAME | streamlab topic list');
      const name = encodeURIComponent(arg);
      if (sub === 'describe') return call(dataDir, 'GET', `/topics/${name}`);
      if (sub === 'delete') return call(dataDir, 'DELETE', `/topics/${name}`);
      if (sub === 'create') {
        const configs: Record<string, string> = {};
        for (const kv of values.config ?? []) {
          const i = kv.indexOf('=');
          if (i <= 0) throw new CommandError(`--config takes name=value, not '${kv}'`);
          configs[kv.slice(0, i)] = kv.slice(i + 1);
        }
        return call(dataDir, 'POST', '/topics', {
          name: arg,
          partitions: wholeNumber(values.partitions, 'partitions'),
          replicationFactor: wholeNumber(values['replication-factor'], 'replication-factor'),
          configs,
        });
      }
      throw new CommandError(`unknown topic command '${sub}' (create, list, describe, delete)`);
    }
    default:
      throw new CommandError(`unknown command '${command}'`);
  }
}
