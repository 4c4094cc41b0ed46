import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { run } from '../../src/cli/program.js';
import { rowsOf } from '../helpers/store.js';

const dir = mkdtempSync(join(tmpdir(), 'ternsim-sweep-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const GRID = 'test/fixtures/sweeps/tiny-grid.yaml';
const KILL = 'test/fixtures/sweeps/tiny-kill.yaml';
const CLI = 'dist/src/cli/main.js';

const countOf = (path: string) => {
  try {
    return rowsOf(path).length;
  } catch {
    return 0;
  }
};

// The killed sweep runs the built CLI (test/global-setup.ts builds it) in its own process, as a user would.

/** Runs the slow sweep to completion in this process into `name` (under the test folder); returns its path. */
async function uninterrupted(name: string): Promise<string> {
  const store = join(dir, name);
  expect((await run(['sweep', KILL, '--store', store, '--jobs', '1'])).exitCode).toBe(0);
  return store;
}

/** Starts the slow sweep in its own process, sends `signal` once 5 points are stored, and waits for it to exit. */
async function interruptAfterFivePoints(store: string, signal: NodeJS.Signals): Promise<{ code: number | null; stderr: string }> {
  const child = spawn('node', [CLI, 'sweep', KILL, '--store', store, '--jobs', '1'], { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  while (countOf(store) < 5) await new Promise((r) => setTimeout(r, 10));
  child.kill(signal);
  const code = await new Promise<number | null>((r) => child.once('exit', r));
  return { code, stderr };
}

describe('ternsim sweep', () => {
  it('prints the summary and each model\'s Pareto front, and writes the store', async () => {
    const store = join(dir, 'grid.db');
    const r = await run(['sweep', GRID, '--store', store, '--jobs', '1']);
    expect(r.exitCode).toBe(0);
    expect(r.stdout).toMatch(/^tiny-grid: 12 points · 12 simulated, 0 infeasible, 0 pruned, 0 failed, 0 reused \(drawn again or stored by an earlier run\) · 1 thread\(s\)\n/);
    expect(r.stdout).toMatch(/tiny-model\.json: Pareto front \(max tokensPerSecond, min watts\), \d+ of 12 feasible points/);
    expect(rowsOf(store)).toHaveLength(12);
  });

  it('in a worker pool of two threads (each memory profiled once, handed to every point) stores exactly the rows of one thread', async () => {
    const one = join(dir, 'grid-one.db');
    expect((await run(['sweep', GRID, '--store', one, '--jobs', '1'])).exitCode).toBe(0);
    const pool = join(dir, 'grid-pool.db');
    execFileSync('node', [CLI, 'sweep', GRID, '--store', pool, '--jobs', '2'], { stdio: 'ignore' });
    expect(rowsOf(pool)).toEqual(rowsOf(one));
  }, 60_000);

  it('killed with SIGKILL mid-run and run again, holds exactly the rows of an uninterrupted run (no point lost, none twice)', async () => {
    const clean = await uninterrupted('clean.db');
    const killed = join(dir, 'killed.db');
    await interruptAfterFivePoints(killed, 'SIGKILL');
    const partial = countOf(killed);
    expect(partial).toBeGreaterThanOrEqual(5);
    expect(partial).toBeLessThan(48);
    // Resume in a worker pool of two threads.
    execFileSync('node', [CLI, 'sweep', KILL, '--store', killed, '--jobs', '2'], { stdio: 'ignore' });
    expect(rowsOf(killed)).toEqual(rowsOf(clean));
  }, 60_000);

  it('on SIGINT stops after the points in flight, exits cleanly, and a rerun completes it with the same rows', async () => {
    const clean = await uninterrupted('clean-int.db');
    const store = join(dir, 'interrupted.db');
    const { code, stderr } = await interruptAfterFivePoints(store, 'SIGINT');
    expect(code).toBe(0);
    expect(stderr).toContain('stopping after the points in flight');
    expect(countOf(store)).toBeLessThan(48);
    execFileSync('node', [CLI, 'sweep', KILL, '--store', store, '--jobs', '1'], { stdio: 'ignore' });
    expect(rowsOf(store)).toEqual(rowsOf(clean));
  }, 60_000);

  it('refuses a store it cannot write, naming the path, with exit code 2', async () => {
    const r = await run(['sweep', GRID, '--store', `${GRID}/s.db`]);
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toMatch(new RegExp(`^ternsim: ${GRID.replace(/[.]/g, '\\.')}/s\\.db: `));
  });

  it('in shards merges to the whole sweep, and a merge missing a shard lists the missing points', async () => {
    const shard = (i: number) => join(dir, `shard-${i}.db`);
    for (const i of [1, 2, 3]) expect((await run(['sweep', GRID, '--shard', `${i}/3`, '--store', shard(i), '--jobs', '1'])).exitCode).toBe(0);
    const counts = [1, 2, 3].map((i) => rowsOf(shard(i)).length);
    expect(counts.reduce((a, b) => a + b, 0)).toBe(12);
    const all = join(dir, 'merged-all.db');
    const full = await run(['results', 'merge', shard(1), shard(2), shard(3), '--out', all, '--spec', GRID]);
    expect(full.stdout).toContain('tiny-grid: 12 of 12 point(s) present, 0 missing');
    const part = await run(['results', 'merge', shard(1), shard(2), '--out', join(dir, 'merged-part.db'), '--spec', GRID]);
    expect(part.stdout).toContain(`tiny-grid: ${counts[0]! + counts[1]!} of 12 point(s) present, ${counts[2]} missing`);
    const missing = part.stdout.split('\n').filter((l) => l.startsWith('missing '));
    expect(missing.map((l) => l.split(' ')[1]).sort()).toEqual(rowsOf(shard(3)).map((p) => p.key).sort());
  });
});

describe('ternsim results', () => {
  it('queries with --where, exports CSV atomically and flags the Pareto front', async () => {
    const store = join(dir, 'q.db');
    await run(['sweep', GRID, '--store', store, '--jobs', '1']);
    const q = await run(['results', 'query', '--store', store, '--where', "tau.lanes = 4 and status = 'done'", '--format', 'json']);
    expect(q.exitCode).toBe(2);
    expect(q.stderr).toMatch(/^ternsim: command line: --where: expected conditions like/);
    const j = await run(['results', 'query', '--store', store, '--where', 'tokensPerSecond > 20000', '--format', 'json']);
    const rows = JSON.parse(j.stdout) as { tokensPerSecond: number }[];
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.length).toBeLessThan(12);
    expect(rows.every((r) => r.tokensPerSecond > 20000)).toBe(true);
    const out = join(dir, 'export.csv');
    expect((await run(['results', 'export', '--store', store, '--out', out])).exitCode).toBe(0);
    const csv = readFileSync(out, 'utf8').trim().split('\n');
    expect(csv[0]).toBe('key,sweep,model,status,reason,designName,param:clock,param:memory.channels,param:tau.lanes,tokensPerSecond,watts,joulesPerToken,tokensPerSecondPerWatt,msPerToken,areaMm2,resourceFraction,boundBy');
    expect(csv).toHaveLength(13);
    const p = await run(['results', 'pareto', '--store', store, '--format', 'json', '--objectives', 'tokensPerSecond:max,watts:min']);
    const flagged = JSON.parse(p.stdout) as { onFront: boolean; tokensPerSecond: number; watts: number }[];
    const front = flagged.filter((r) => r.onFront);
    // No point dominates a front point; every other point is dominated by one.
    for (const f of front) expect(flagged.some((o) => o.tokensPerSecond >= f.tokensPerSecond && o.watts <= f.watts && (o.tokensPerSecond > f.tokensPerSecond || o.watts < f.watts))).toBe(false);
    for (const d of flagged.filter((r) => !r.onFront)) expect(front.some((f) => f.tokensPerSecond >= d.tokensPerSecond && f.watts <= d.watts)).toBe(true);
  });

  it('refuses a bad shard and an unknown column with one line and exit code 2', async () => {
    expect((await run(['sweep', GRID, '--shard', '0/3'])).stderr).toBe('ternsim: command line: --shard: expected i/N with 1 <= i <= N, e.g. 2/8, got "0/3"\n');
    const r = await run(['results', 'query', '--store', join(dir, 'q.db'), '--where', 'speed > 3']);
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toMatch(/^ternsim: command line: --where: unknown column "speed"; expected one of key, sweep, model/);
  });
});
