import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { run } from '../../src/cli/program.js';
import { runSweep } from '../../src/dse/run-sweep.js';
import { loadSweep } from '../../src/io/load.js';
import { queueStatus } from '../../src/io/point-queue.js';
import { ResultStore } from '../../src/io/result-store.js';
import { rowsOf } from '../helpers/store.js';
import { createEvaluator } from '../../src/io/worker-pool.js';

/**
 * The queue against a real Redis: .ci/run starts redis-server and sets TERNSIM_REDIS_URL; without
 * it the test starts its own redis-server when the binary is there, and skips otherwise (unless
 * TERNSIM_REQUIRE_REDIS=1, which .ci/run sets).
 */
const SPEC = 'test/fixtures/sweeps/tiny-500.yaml';
const CLI = 'dist/src/cli/main.js';
const haveRedisServer = spawnSync('redis-server', ['--version']).status === 0;
const external = process.env['TERNSIM_REDIS_URL'];
const enabled = external !== undefined || haveRedisServer || process.env['TERNSIM_REQUIRE_REDIS'] === '1';

const dir = mkdtempSync(join(tmpdir(), 'ternsim-queue-'));
let server: ChildProcess | null = null;
let url = '';

const freePort = () =>
  new Promise<number>((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });

beforeAll(async () => {
  if (!enabled) return;
  if (external) url = external.replace(/\/\d*$/, '') + '/7';
  else {
    const port = await freePort();
    server = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: 'ignore' });
    url = `redis://127.0.0.1:${port}/7`;
    for (let i = 0; i < 100; i++) {
      if (spawnSync('redis-cli', ['-p', String(port), 'ping']).stdout?.toString().trim() === 'PONG') break;
      await new Promise((r) => setTimeout(r, 50));
    }
  }
  const port = new URL(url).port || '6379';
  spawnSync('redis-cli', ['-h', new URL(url).hostname, '-p', port, '-n', '7', 'flushdb']);
}, 30_000);

afterAll(() => {
  server?.kill('SIGTERM');
  rmSync(dir, { recursive: true, force: true });
});


describe.skipIf(!enabled)('a sweep on a Redis queue', () => {
  it('run by 3 worker processes, one killed with SIGKILL mid-run, collects exactly the points of a local run: none lost, none twice', async () => {
    // The same sweep run here, in this process.
    const loaded = loadSweep(SPEC);
    const local = new ResultStore(join(dir, 'local.db'));
    const ev = createEvaluator(1);
    await runSweep(loaded.spec, loaded.baseRaw, local, ev.evaluate, { jobs: 1 });
    local.close();

    const enq = await run(['sweep', SPEC, '--queue', url]);
    expect(enq.exitCode).toBe(0);
    expect(enq.stdout).toMatch(/^tiny-500: 500 points · 500 enqueued, 0 pruned, 0 already finished, 0 already queued/);
    // Enqueueing again adds nothing.
    expect((await run(['sweep', SPEC, '--queue', url])).stdout).toMatch(/^tiny-500: 500 points · 0 enqueued, 0 pruned, 0 already finished, 500 already queued/);

    const workers = [1, 2, 3].map(() => spawn('node', [CLI, 'worker', '--queue', url, '--concurrency', '1', '--lock-ms', '2000', '--stalled-ms', '1000'], { stdio: 'ignore' }));
    const finished = async () => (await queueStatus(url, 'tiny-500'))['finishedRows'] ?? 0;
    while ((await finished()) < 60) await new Promise((r) => setTimeout(r, 20));
    workers[0]!.kill('SIGKILL');
    const deadline = Date.now() + 90_000;
    for (;;) {
      const s = await queueStatus(url, 'tiny-500');
      if (s['finishedRows'] === 500 && s['waiting'] === 0 && s['active'] === 0) break;
      if (Date.now() > deadline) throw new Error(`queue did not drain: ${JSON.stringify(s)}`);
      await new Promise((r) => setTimeout(r, 100));
    }
    for (const w of workers.slice(1)) w.kill('SIGTERM');
    await Promise.all(workers.slice(1).map((w) => new Promise((r) => (w.exitCode !== null ? r(null) : w.once('exit', r)))));

    const collected = join(dir, 'collected.db');
    const c = await run(['results', 'collect', '--queue', url, '--sweep', 'tiny-500', '--store', collected]);
    expect(c.stdout).toBe(`tiny-500: 500 row(s) and 0 failed point(s) collected into ${collected}\n`);
    const a = rowsOf(join(dir, 'local.db'));
    const b = rowsOf(collected);
    expect(new Set(b.map((r) => r.key)).size).toBe(500);
    expect(b).toEqual(a);
  }, 180_000);

  it('refuses an unreachable Redis with one line and exit code 2', async () => {
    const port = await freePort();
    const r = await run(['sweep', 'status', '--queue', `redis://127.0.0.1:${port}/0`]);
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toMatch(new RegExp(`^ternsim: command line: --queue: cannot reach Redis at redis://127\\.0\\.0\\.1:${port}/0 \\(`));
  });
});
