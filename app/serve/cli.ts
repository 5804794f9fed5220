// The `streamlab` command (npm run streamlab -- ...; `npm run serve` is `streamlab serve`).
//
//   streamlab serve [--data-dir DIR] [--brokers N] [--port P] [--ui-port U] [--no-open]
//
// Errors are one clear line on stderr and a non-zero exit.

import { parseArgs } from 'node:util';
import { startCluster, type Cluster } from '../../engine/index.ts';
import { defaultClusterDir } from './paths.ts';

const USAGE = `usage:
  streamlab serve [--data-dir DIR] [--brokers N] [--port P] [--ui-port U] [--no-open]`;

function fail(message: string): never {
  console.error(`streamlab: ${message}`);
  process.exit(2);
}

function intOption(value: string | undefined, name: string, fallback: number, min: number, max: number): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < min || n > max) fail(`--${name} must be a whole number from ${min} to ${max}, not '${value}'`);
  return n;
}

async function serve(argv: string[]): Promise<void> {
  const { values } = parseArgs({
    args: argv,
    options: {
      'data-dir': { type: 'string' },
      brokers: { type: 'string' },
      port: { type: 'string' },
      'ui-port': { type: 'string' },
      'no-open': { type: 'boolean' },
    },
    strict: true,
  });
  const dataDir = values['data-dir'] ?? defaultClusterDir();
  const brokers = intOption(values.brokers, 'brokers', 3, 1, 16);
  const port = intOption(values.port, 'port', 9092, 0, 65535);
  intOption(values['ui-port'], 'ui-port', 0, 0, 65535);
  let cluster: Cluster;
  try {
    cluster = await startCluster({ dataDir, brokers, basePort: port, log: (m) => console.error(m) });
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    if (err.code === 'EADDRINUSE') fail(`port ${port} (or the next ones) is already in use; choose another with --port`);
    fail(err.message);
  }
  console.log(`Streamlab cluster running: ${cluster.bootstrapServers} (data in ${dataDir})`);
  console.log('The web UI is not part of this build yet; connect any Kafka client to the brokers above.');
  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    console.log('Stopping the brokers...');
    await cluster.stop();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop());
  process.on('SIGTERM', () => void stop());
}

const [command, ...rest] = process.argv.slice(2);
try {
  switch (command) {
    case 'serve':
      await serve(rest);
      break;
    case undefined:
    case 'help':
    case '--help':
      console.log(USAGE);
      break;
    default:
      fail(`unknown command '${command}'\n${USAGE}`);
  }
} catch (e) {
  fail((e as Error).message);
}
