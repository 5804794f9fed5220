#!/usr/bin/env node
// Builds the native test clients the integration tests drive: a current librdkafka (from the source that ships
// inside the npm package @confluentinc/kafka-javascript) and our small driver over it
// (test-clients/librdkafka/driver.c). Both are cached outside the checkout (STREAMLAB_CLIENTS_CACHE, default
// ~/.cache/streamlab/test-clients), so only the first run on a machine pays the minute librdkafka takes to build.
// Needs a C compiler and libssl-dev zlib1g-dev libzstd-dev liblz4-dev libsasl2-dev (installed by .ci/run).
//
// Output: test-clients/librdkafka/build/rdk-driver (git-ignored), which engine/test/clients/librdkafka.ts runs,
// and librdkafka's own regression-suite runner, <cache>/librdkafka-2.15.1/tests/test-runner (built in place by its
// Makefile, linked to the shared libraries beside it), which engine/test/librdkafka-suite-runner.ts runs.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const PACKAGE = '@confluentinc/kafka-javascript@1.10.1';
const LIBRDKAFKA_VERSION = '2.15.1';
const LIBS = ['-llz4', '-lm', '-lzstd', '-lsasl2', '-lssl', '-lcrypto', '-lz', '-ldl', '-lpthread', '-lrt'];

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const cache = process.env.STREAMLAB_CLIENTS_CACHE ?? join(homedir(), '.cache', 'streamlab', 'test-clients');
const libDir = join(cache, `librdkafka-${LIBRDKAFKA_VERSION}`);
const driverSource = join(root, 'test-clients', 'librdkafka', 'driver.c');
const output = join(root, 'test-clients', 'librdkafka', 'build', 'rdk-driver');

function run(cmd, args, cwd) {
  execFileSync(cmd, args, { cwd, stdio: ['ignore', 'ignore', 'inherit'] });
}

function buildLibrdkafka() {
  if (existsSync(join(libDir, 'src', 'librdkafka.a'))) return;
  console.log(`test clients: building librdkafka ${LIBRDKAFKA_VERSION} from ${PACKAGE} (once per machine)`);
  mkdirSync(cache, { recursive: true });
  const work = mkdtempSync(join(cache, 'build-'));
  try {
    run('npm', ['pack', PACKAGE, '--silent'], work);
    run('tar', ['xzf', `confluentinc-kafka-javascript-1.10.1.tgz`], work);
    const src = join(work, 'package', 'deps', 'librdkafka');
    run('./configure', ['--disable-debug-symbols'], src);
    run('make', ['-j2', 'libs'], src);
    rmSync(libDir, { recursive: true, force: true });
    renameSync(src, libDir); // only a finished build lands at libDir
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

function buildDriver() {
  const hash = createHash('sha256').update(readFileSync(driverSource)).update(LIBRDKAFKA_VERSION).digest('hex').slice(0, 16);
  const cached = join(cache, `rdk-driver-${hash}`);
  if (!existsSync(cached)) {
    console.log('test clients: compiling rdk-driver');
    const tmp = `${cached}.tmp`;
    run('cc', ['-O2', '-Wall', '-o', tmp, driverSource, '-I', join(libDir, 'src'), join(libDir, 'src', 'librdkafka.a'), ...LIBS], root);
    renameSync(tmp, cached);
  }
  mkdirSync(dirname(output), { recursive: true });
  copyFileSync(cached, output);
}

function buildTestRunner() {
  const tests = join(libDir, 'tests');
  if (existsSync(join(tests, 'test-runner'))) return;
  console.log('test clients: building librdkafka\'s test-runner (once per machine)');
  // make keeps what it compiled if interrupted, and links test-runner only once every object is there.
  run('make', ['-j2', 'test-runner'], tests);
}

try {
  buildLibrdkafka();
  buildDriver();
  buildTestRunner();
} catch (e) {
  console.error(`test clients: build failed (${e.message}).`);
  console.error('Install a C compiler and libssl-dev zlib1g-dev libzstd-dev liblz4-dev libsasl2-dev, then run npm test again.');
  process.exit(1);
}
