// Starting a CommonJS bundle in a worker thread through V8's code cache. Every broker thread compiles the
// same engine bundle; with the cache, V8 deserializes the compiled code instead (Node 20 has no
// module.enableCompileCache, and vm's cachedData is for scripts, hence a CommonJS bundle).
//
// The cache is a file beside the bundle (<bundle>.cache). It is written by the first thread that finds it
// missing or rejected, once that thread's module has finished starting (module.exports.started), so it holds
// the functions that start ran too, not only the top level. V8 validates it (its version, flags, the
// source's hash, a checksum) and sets cachedDataRejected when it does not fit: a stale, corrupt or truncated
// file only costs the compile it would have saved, and is replaced. It is written to a temporary name and
// renamed, so a thread never reads half a file.

import { Worker, type WorkerOptions } from 'node:worker_threads';

/** The worker's bootstrap (run with eval: true, which gives it CommonJS's require); argv[0] is the bundle. */
const LOADER = `
const fs = require('node:fs');
const path = require('node:path');
const vm = require('node:vm');
const Module = require('node:module');
const { threadId, workerData } = require('node:worker_threads');
const file = workerData.__bundle;
const cacheFile = file + '.cache';
let cachedData;
try { cachedData = fs.readFileSync(cacheFile); } catch {}
const script = new vm.Script(Module.wrap(fs.readFileSync(file, 'utf8')), { filename: file, cachedData });
const mod = new Module(file, null);
mod.filename = file;
mod.paths = Module._nodeModulePaths(path.dirname(file));
script.runInThisContext().call(mod.exports, mod.exports, Module.createRequire(file), mod, file, path.dirname(file));
if (cachedData === undefined || script.cachedDataRejected) {
  Promise.resolve(mod.exports.started).then(() => {
    const tmp = cacheFile + '.' + process.pid + '.' + threadId + '.tmp';
    try {
      fs.writeFileSync(tmp, script.createCachedData());
      fs.renameSync(tmp, cacheFile);
    } catch {
      try { fs.rmSync(tmp, { force: true }); } catch {}
    }
  });
}
`;

/** A worker running the CommonJS bundle `file` through its code cache; workerData must be an object. */
export function cachedScriptWorker(file: string, options: WorkerOptions & { workerData: object }): Worker {
  return new Worker(LOADER, { ...options, eval: true, workerData: { ...options.workerData, __bundle: file } });
}
