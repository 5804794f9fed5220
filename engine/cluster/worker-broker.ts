// The main-thread side of a broker running in a worker thread (broker-worker.ts): it forwards metadata
// images and waits for their acknowledgement, serves the worker's controller calls, and stops or kills it.
//
// Descriptors belong to the process, not the thread: a log file a worker opened stays open after the worker
// dies unless Node closes it. Node's `trackUnmanagedFds` does exactly that for every fd opened with fs.open
// in the worker (the storage's only way to open files), however the worker ends — terminate(), an uncaught
// error, a failed start. It is Node's default; it is spelled out so that nobody turns it off
// (engine/test/worker-descriptors.test.ts counts /proc/self/fd around a dead worker).

import { Worker } from 'node:worker_threads';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { ControllerClient } from '../broker/controller-client.ts';
import type { MetadataImage } from '../broker/metadata-image.ts';
import type { BrokerHandle, BrokerStats } from './broker-handle.ts';
import type { BrokerChanges } from './partition-changes.ts';
import type { FromWorker, ToWorker, WorkerInit } from './broker-worker.ts';
import { cachedScriptWorker } from './code-cache.ts';

/**
 * The built bundle (scripts/build-serve.mjs) has the worker as a CommonJS file beside it, run through V8's
 * code cache (code-cache.ts) so that each thread skips compiling the engine. Without it, the ES module entry.
 * Worker threads do not inherit a TypeScript loader: when running from source, the worker first registers
 * tsx's ESM loader in its own thread, then imports the entry.
 */
function spawnWorker(entry: URL, workerData: WorkerInit): Worker {
  if (!entry.pathname.endsWith('.ts')) {
    const cjs = new URL('./broker-worker.cjs', entry);
    if (fs.existsSync(cjs)) return cachedScriptWorker(fileURLToPath(cjs), { workerData, trackUnmanagedFds: true });
    return new Worker(entry, { workerData, trackUnmanagedFds: true });
  }
  const tsxDir = path.dirname(createRequire(import.meta.url).resolve('tsx/package.json'));
  const api = pathToFileURL(path.join(tsxDir, 'dist', 'esm', 'api', 'index.mjs')).href;
  const boot = `import(${JSON.stringify(api)}).then((m) => { m.register(); return import(${JSON.stringify(entry.href)}); })`;
  return new Worker(boot, { eval: true, workerData, trackUnmanagedFds: true });
}

export class WorkerBroker implements BrokerHandle {
  private seq = 0;
  private readonly acks = new Map<number, () => void>();
  private readonly statsWaiters = new Map<number, (s: BrokerStats) => void>();
  private readonly changesWaiters = new Map<number, { resolve: (c: BrokerChanges) => void; reject: (e: Error) => void }>();
  private exited = false;
  /** Set by stop() and kill(): an exit after either is not a failure. */
  private ending = false;
  /** The uncaught error that ended the worker, if one did. */
  private uncaught: Error | undefined;
  private readonly exit: Promise<void>;

  private constructor(
    private readonly worker: Worker,
    readonly id: number,
    readonly host: string,
    readonly port: number,
    onFailure?: (reason: string) => void,
  ) {
    this.exit = new Promise((resolve) =>
      worker.once('exit', (code) => {
        this.exited = true;
        if (!this.ending) onFailure?.(this.uncaught ? (this.uncaught.stack ?? this.uncaught.message) : `the broker's thread exited with code ${code}`);
        for (const a of this.acks.values()) a();
        this.acks.clear();
        for (const w of this.changesWaiters.values()) w.reject(new Error(`broker ${this.id} is not running`));
        this.changesWaiters.clear();
        resolve();
      }),
    );
  }

  /** onFailure: the worker died on its own after it was ready (an uncaught error), with the reason. */
  static start(init: WorkerInit, controller: ControllerClient, log?: (msg: string) => void, onFailure?: (reason: string) => void): Promise<WorkerBroker> {
    const entry = new URL('./broker-worker' + (import.meta.url.endsWith('.ts') ? '.ts' : '.js'), import.meta.url);
    const worker = spawnWorker(entry, init);
    return new Promise((resolve, reject) => {
      let handle: WorkerBroker | undefined;
      worker.on('message', (m: FromWorker) => {
        switch (m.type) {
          case 'ready':
            handle = new WorkerBroker(worker, init.id, init.host, m.port, onFailure);
            resolve(handle);
            break;
          case 'failed':
            void worker.terminate();
            reject(Object.assign(new Error(m.message), { code: m.message.split(':')[0] }));
            break;
          case 'log':
            log?.(m.message);
            break;
          case 'image-ack':
            handle?.acks.get(m.seq)?.();
            handle?.acks.delete(m.seq);
            break;
          case 'stats-result':
            handle?.statsWaiters.get(m.id)?.(m.stats as BrokerStats);
            handle?.statsWaiters.delete(m.id);
            break;
          case 'changes-result':
            handle?.changesWaiters.get(m.id)?.resolve(m.changes);
            handle?.changesWaiters.delete(m.id);
            break;
          case 'rpc': {
            const fn = controller[m.method] as (...args: unknown[]) => Promise<unknown>;
            fn.apply(controller, m.args).then(
              (result) => worker.postMessage({ type: 'rpc-result', id: m.id, result } satisfies ToWorker),
              (e: Error) => worker.postMessage({ type: 'rpc-result', id: m.id, error: e.message } satisfies ToWorker),
            );
            break;
          }
          case 'stopped':
            // Everything is flushed and closed: end the thread even if a stray handle would keep it alive.
            void worker.terminate();
            break;
        }
      });
      worker.once('error', (e) => {
        log?.(`broker ${init.id} worker failed: ${e.stack ?? e.message}`);
        if (handle) handle.uncaught = e;
        reject(e);
      });
    });
  }

  applyMetadata(image: MetadataImage): Promise<void> {
    if (this.exited) return Promise.resolve();
    const seq = ++this.seq;
    return new Promise((resolve) => {
      this.acks.set(seq, resolve);
      this.worker.postMessage({ type: 'image', seq, image } satisfies ToWorker);
    });
  }

  stats(): Promise<BrokerStats> {
    const id = ++this.seq;
    return new Promise((resolve, reject) => {
      if (this.exited) return reject(new Error(`broker ${this.id} is not running`));
      this.statsWaiters.set(id, resolve);
      this.worker.postMessage({ type: 'stats', id } satisfies ToWorker);
    });
  }

  partitionChanges(since: number): Promise<BrokerChanges> {
    const id = ++this.seq;
    return new Promise((resolve, reject) => {
      if (this.exited) return reject(new Error(`broker ${this.id} is not running`));
      this.changesWaiters.set(id, { resolve, reject });
      this.worker.postMessage({ type: 'changes', id, since } satisfies ToWorker);
    });
  }

  async stop(): Promise<void> {
    if (this.exited) return;
    this.ending = true;
    this.worker.postMessage({ type: 'stop' } satisfies ToWorker);
    await this.exit;
  }

  /** Fault injection: the worker throws an uncaught error (the cluster then sees it fail on its own). */
  crash(message: string): void {
    if (!this.exited) this.worker.postMessage({ type: 'crash', message } satisfies ToWorker);
  }

  async kill(): Promise<void> {
    if (this.exited) return;
    this.ending = true;
    await this.worker.terminate();
    await this.exit;
  }
}
