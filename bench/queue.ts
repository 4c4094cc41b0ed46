/**
 * Queue throughput: the 500-point test sweep (test/fixtures/sweeps/tiny-500.yaml) drained by 1, 2
 * and 4 `ternsim worker` processes (one point at a time each) through a Redis started here, against
 * the same sweep run locally in one thread; the queue's overhead per point is the difference of
 * the one-worker and local times per point. Needs redis-server on the PATH. `npm run bench:queue`.
 */
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { runSweep } from '../src/dse/run-sweep.js';
import { loadSweep } from '../src/io/load.js';
import { enqueueSweep, queueStatus } from '../src/io/point-queue.js';
import { ResultStore } from '../src/io/result-store.js';
import { createEvaluator } from '../src/io/worker-pool.js';

const SPEC = 'test/fixtures/sweeps/tiny-500.yaml';
const port = 6300 + Math.floor(Math.random() * 600);
const url = `redis://127.0.0.1:${port}/0`;
const server = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: 'ignore' });
await new Promise((r) => setTimeout(r, 300));
const dir = mkdtempSync(join(tmpdir(), 'ternsim-bench-queue-'));
const loaded = loadSweep(SPEC);

try {
  const ev = createEvaluator(1);
  const store = new ResultStore(join(dir, 'local.db'));
  const t0 = performance.now();
  await runSweep(loaded.spec, loaded.baseRaw, store, ev.evaluate, { jobs: 1 });
  const localPerPoint = (performance.now() - t0) / 500;
  store.close();
  process.stdout.write(`local, one thread: ${localPerPoint.toFixed(2)} ms per point (${(1000 / localPerPoint).toFixed(0)} points/s)\n`);
  let onePerPoint = 0;
  for (const n of [1, 2, 4]) {
    spawnSync('redis-cli', ['-p', String(port), 'flushall']);
    await enqueueSweep(url, loaded.spec, loaded.baseRaw, null);
    const t = performance.now();
    const workers = Array.from({ length: n }, () => spawn('node', ['dist/src/cli/main.js', 'worker', '--queue', url, '--concurrency', '1'], { stdio: 'ignore' }));
    while (((await queueStatus(url, 'tiny-500'))['finishedRows'] ?? 0) < 500) await new Promise((r) => setTimeout(r, 20));
    const secs = (performance.now() - t) / 1e3;
    for (const w of workers) w.kill('SIGTERM');
    await Promise.all(workers.map((w) => new Promise((r) => w.once('exit', r))));
    if (n === 1) onePerPoint = (secs * 1e3) / 500;
    process.stdout.write(`${n} worker process(es): 500 points in ${secs.toFixed(2)} s = ${(500 / secs).toFixed(0)} points/s (start-up included)\n`);
  }
  process.stdout.write(`queue overhead per point (1 worker − local): ${(onePerPoint - localPerPoint).toFixed(2)} ms\n`);
} finally {
  server.kill('SIGTERM');
  rmSync(dir, { recursive: true, force: true });
}
