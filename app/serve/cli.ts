// The `streamlab` command (npm run streamlab -- ...; `npm run serve` is `streamlab serve`).
//
//   streamlab serve [--data-dir DIR] [--brokers N] [--port P] [--ui-port U] [--registry-port R] [--no-open]
//                   [--broker-config name=value ...]   (Kafka's broker config names, e.g. num.partitions=4)
//                   [--security plaintext|sasl_plaintext|ssl|sasl_ssl] [--ssl-client-auth none|requested|required]
//   streamlab status [--data-dir DIR]
//   streamlab broker stop|kill|restart ID [--data-dir DIR]      streamlab broker add [--data-dir DIR]
//   streamlab topic create NAME --partitions P --replication-factor R [--config k=v ...] [--data-dir DIR]
//   streamlab topic list|describe NAME|delete NAME [--data-dir DIR]
//
// Errors are one clear line on stderr and a non-zero exit.

import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { parseBrokerConfigs, splitBrokerConfig } from '../../engine/index.ts';
import { startBackend, type Backend } from '../console/service/start.ts';
import { defaultAppDataDir, defaultClusterDir } from './paths.ts';
import { ensureRenderer, REPO_ROOT } from './renderer-build.ts';
import type { WebHost } from './web-host.ts';
import { startControlServer, type ControlServer } from './control-server.ts';
import { runCommand } from './commands.ts';
import { parseSecurityProtocol, type SecurityConfig } from '../../engine/index.ts';

const USAGE = `usage:
  streamlab serve [--data-dir DIR] [--brokers N] [--port P] [--ui-port U] [--registry-port R] [--no-open]
                  [--broker-config name=value ...]   Kafka broker settings, e.g. num.partitions=4
                  [--security plaintext|sasl_plaintext|ssl|sasl_ssl] [--ssl-client-auth none|requested|required]
  streamlab status [--data-dir DIR]
  streamlab broker stop|kill|restart ID [--data-dir DIR]
  streamlab broker add [--data-dir DIR]
  streamlab topic create NAME --partitions P --replication-factor R [--config k=v ...] [--data-dir DIR]
  streamlab topic list [--data-dir DIR]
  streamlab topic describe NAME [--data-dir DIR]
  streamlab topic delete NAME [--data-dir DIR]`;

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
      'registry-port': { type: 'string' },
      'no-open': { type: 'boolean' },
      'broker-config': { type: 'string', multiple: true },
      security: { type: 'string' },
      'ssl-client-auth': { type: 'string' },
    },
    strict: true,
  });
  // Kafka's broker settings by name (repeatable), validated before anything starts.
  const brokerConfig: Record<string, string> = {};
  try {
    for (const entry of values['broker-config'] ?? []) {
      const [name, value] = splitBrokerConfig(entry);
      brokerConfig[name] = value;
    }
    parseBrokerConfigs(brokerConfig);
  } catch (e) {
    fail(`--broker-config: ${(e as Error).message.replace(/^INVALID_CONFIG: /, '')}`);
  }
  const dataDir = values['data-dir'] ?? defaultClusterDir();
  // Without --brokers: the 'Default broker count' setting (3 until changed).
  const brokers = values.brokers === undefined ? undefined : intOption(values.brokers, 'brokers', 3, 1, 16);
  const port = intOption(values.port, 'port', 9092, 0, 65535);
  const uiPort = intOption(values['ui-port'], 'ui-port', 0, 0, 65535);
  let security: Partial<SecurityConfig> | undefined;
  try {
    security = values.security === undefined ? undefined : { protocol: parseSecurityProtocol(values.security) };
  } catch (e) {
    fail((e as Error).message);
  }
  const clientAuth = values['ssl-client-auth'];
  if (clientAuth !== undefined) {
    if (clientAuth !== 'none' && clientAuth !== 'requested' && clientAuth !== 'required') fail(`--ssl-client-auth must be none, requested or required, not '${clientAuth}'`);
    security = { ...security, sslClientAuth: clientAuth };
  }
  // Without --registry-port: the registry's default port (app/registry/local.ts, loaded once the brokers run).
  const registryPort = values['registry-port'] === undefined ? undefined : intOption(values['registry-port'], 'registry-port', 0, 0, 65535);
  // The console's own database: next to the cluster dir in the app data folder, or inside --data-dir.
  const consoleDbFile = values['data-dir'] ? path.join(dataDir, 'console.db') : path.join(defaultAppDataDir(), 'console.db');
  let backend: Backend;
  try {
    backend = await startBackend({
      clusterDir: dataDir, consoleDbFile, brokers, brokerConfig, basePort: port, host: 'web', version: packageVersion(), log: (m) => console.error(m), security,
      // The brokers accept clients from here on, while the console, the UI and the registry load.
      onClusterStarted: (cluster) => console.log(`Streamlab cluster running: ${cluster.bootstrapServers} (data in ${dataDir})`),
    });
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    if (err.code === 'EADDRINUSE') fail(`port ${port} (or the next ones) is already in use; choose another with --port`);
    fail(err.message);
  }
  // The UI's build is checked (and made, on a first run) once the brokers serve: it walks the renderer's
  // sources, which the brokers need not wait for.
  let rendererDir: string;
  try {
    rendererDir = await ensureRenderer((m) => console.error(m));
  } catch (e) {
    await backend.stop();
    fail((e as Error).message);
  }
  let web: WebHost;
  try {
    const { startWebHost } = await import('./web-host.ts');
    web = await startWebHost({ console: backend.console, rendererDir, port: uiPort });
  } catch (e) {
    await backend.stop();
    const err = e as NodeJS.ErrnoException;
    if (err.code === 'EADDRINUSE') fail(`UI port ${uiPort} is already in use; choose another with --ui-port`);
    fail(err.message);
  }
  let control: ControlServer;
  try {
    control = await startControlServer(backend.cluster, dataDir);
  } catch (e) {
    await web.close().catch(() => undefined);
    await backend.stop();
    fail(`could not start the control endpoint: ${(e as Error).message}`);
  }
  // Settings restarted the cluster on another security mode: the control endpoint follows it (the registry too, below).
  backend.onClusterRestart(async (cluster) => {
    await control.close().catch(() => undefined);
    control = await startControlServer(cluster, dataDir);
    console.log(`Streamlab cluster restarted: ${cluster.bootstrapServers}, security ${cluster.security.protocol}`);
  });
  // The Schema Registry is an extra: the cluster and the UI run on without it if it cannot start.
  const { runLocalRegistry } = await import('../console/service/local-registry.ts');
  const registry = await runLocalRegistry(backend, { port: registryPort, log: (m) => console.error(`streamlab: ${m}`) });
  const sec = backend.cluster.security;
  if (sec.protocol !== 'PLAINTEXT') {
    console.log(`Streamlab security: ${sec.protocol}${sec.saslMechanisms.length && sec.protocol.startsWith('SASL') ? ` (${sec.saslMechanisms.join(', ')}; admin user '${sec.admin.name}', password '${sec.admin.password}')` : ''}`);
    if (sec.caFile) console.log(`Streamlab CA certificate (ssl.ca.location): ${sec.caFile}`);
  }
  if (registry.current) console.log(`Streamlab Schema Registry: ${registry.current.url}`);
  console.log(`Streamlab UI: ${web.url}`);
  if (!values['no-open']) openBrowser(web.url);
  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    console.log('Stopping the brokers...');
    await control.close().catch(() => undefined);
    await web.close().catch(() => undefined);
    await registry.close();
    await backend.stop();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop());
  process.on('SIGTERM', () => void stop());
}

function packageVersion(): string {
  try {
    return (JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')) as { version: string }).version;
  } catch {
    return '0.0.0';
  }
}

/** Best effort: a missing opener (a server without a desktop) is not an error, the URL is printed. */
function openBrowser(url: string): void {
  const [cmd, args] = process.platform === 'darwin' ? ['open', [url]] : process.platform === 'win32' ? ['cmd', ['/c', 'start', '', url]] : ['xdg-open', [url]];
  try {
    const child = spawn(cmd, args, { stdio: 'ignore', detached: true });
    child.on('error', () => undefined);
    child.unref();
  } catch {
    // printed above
  }
}

const [command, ...rest] = process.argv.slice(2);
try {
  switch (command) {
    case 'serve':
      await serve(rest);
      break;
    case 'status':
    case 'broker':
    case 'topic':
      console.log(JSON.stringify(await runCommand(command, rest), null, 2));
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
