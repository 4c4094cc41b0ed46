import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runSweep, type Evaluate, type SweepOptions } from '../../src/dse/run-sweep.js';
import { simulateTask, taskWorkload } from '../../src/dse/simulate-task.js';
import type { StoredPoint } from '../../src/dse/stored-point.js';
import { loadSweep, type LoadedSweep } from '../../src/io/load.js';
import { ResultStore } from '../../src/io/result-store.js';
import type { Workload } from '../../src/workload/ops.js';

const SPEC = 'test/fixtures/sweeps/tiny-grid.yaml';
const dir = mkdtempSync(join(tmpdir(), 'ternsim-sweep-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

let n = 0;
const freshStore = () => new ResultStore(join(dir, `s${n++}.db`));
const inThread = (): Evaluate => {
  const cache = new Map<string, Workload>();
  return async (t) => simulateTask(t, cache);
};

async function sweep(loaded: LoadedSweep, store: ResultStore, options: Partial<SweepOptions> = {}, evaluate: Evaluate = inThread()) {
  const s = loaded.spec;
  return runSweep(s, loaded.baseRaw, store, evaluate, { jobs: 2, ...options });
}

/** Every row of a store but the Result's eventsProcessed-free identity: the whole row, ordered by key. */
const rows = (store: ResultStore): StoredPoint[] => [...store.query()];

describe('a grid sweep', () => {
  it('stores every point once, and a second run reuses them all without simulating', async () => {
    const loaded = loadSweep(SPEC);
    const store = freshStore();
    const first = await sweep(loaded, store);
    expect(first).toMatchObject({ total: 12, simulated: 12, pruned: 0, failed: 0, reused: 0, stopped: false });
    expect(rows(store)).toHaveLength(12);
    const again = await sweep(loaded, store);
    expect(again).toMatchObject({ total: 12, simulated: 0, reused: 12 });
  });

  it('resumed after being stopped holds exactly the rows of an uninterrupted run', async () => {
    const loaded = loadSweep(SPEC);
    const whole = freshStore();
    await sweep(loaded, whole);
    const broken = freshStore();
    let seen = 0;
    const stopped = await sweep(loaded, broken, { jobs: 1, shouldStop: () => ++seen > 5 });
    expect(stopped.stopped).toBe(true);
    expect(rows(broken)).toHaveLength(5);
    await sweep(loaded, broken);
    expect(rows(broken)).toEqual(rows(whole));
  });

  it('split into three shards covers the whole sweep, each point in exactly one shard', async () => {
    const loaded = loadSweep(SPEC);
    const whole = freshStore();
    await sweep(loaded, whole);
    const merged = freshStore();
    let covered = 0;
    for (let i = 0; i < 3; i++) {
      const shard = freshStore();
      const s = await sweep(loaded, shard, { shard: { index: i, count: 3 } });
      covered += s.total - s.otherShards;
      merged.mergeFrom(shard);
    }
    expect(covered).toBe(12);
    expect(rows(merged)).toEqual(rows(whole));
  });

  it('stores a point whose simulation throws as failed with the error, and goes on', async () => {
    const loaded = loadSweep(SPEC);
    const store = freshStore();
    const ok = inThread();
    const s = await sweep(loaded, store, {}, async (t) => {
      if (t.design.tau.lanes === 8 && t.design.memory.type === 'dram' && t.design.memory.channels === 2) throw new Error('worker crashed');
      return ok(t);
    });
    expect(s).toMatchObject({ simulated: 10, failed: 2 });
    const failed = rows(store).filter((r) => r.status === 'failed');
    expect(failed.map((r) => r.reason)).toEqual(['worker crashed', 'worker crashed']);
    expect(failed.every((r) => r.result === null)).toBe(true);
  });
});

describe('pruning', () => {
  it('skips a design the schema refuses and a design under the tokens/s floor by its roofline, each with the reason', async () => {
    const loaded = loadSweep(SPEC);
    // 600 lanes > 512 accumulators is an invalid design; 4 lanes × 4 weights at 500 MHz bound the two-layer model near 19,000 tokens/s, under the 100,000 floor.
    const spec = { ...loaded.spec, parameters: [{ path: 'tau.lanes', values: [4, 600] }], constraints: { ...loaded.spec.constraints, minTokensPerSecond: 100_000 } };
    const store = freshStore();
    const s = await sweep({ ...loaded, spec }, store);
    expect(s.pruned).toBe(2);
    const [a, b] = rows(store).sort((x, y) => x.params.localeCompare(y.params));
    expect(a!.reason).toMatch(/^roofline bound [\d.]+ tokens\/s < minTokensPerSecond 100000$/);
    expect(b!.reason).toBe('invalid design: test/fixtures/sweeps/tiny-base.yaml: tau.lanes: expected at most tau.accumulators (512): each lane owns at least one output row, got 600');
  });

  it('never prunes a point the simulation would have kept: the roofline bound is above every simulated tokens/s', async () => {
    const loaded = loadSweep(SPEC);
    const store = freshStore();
    await sweep(loaded, store);
    const { rooflineTokensPerSecond } = await import('../../src/dse/prune.js');
    const { designPoint } = await import('../../src/dse/design-point.js');
    const cache = new Map<string, Workload>();
    for (const r of rows(store)) {
      const p = JSON.parse(r.params) as Record<string, unknown>;
      const idx = loaded.spec.parameters.map((q) => q.values.indexOf(p[q.path]));
      const point = designPoint(loaded.spec, loaded.baseRaw, idx, r.model);
      const w = taskWorkload({ model: r.model, modelSpec: loaded.spec.modelSpecs[r.model]!, batch: 1, phase: 'decode' }, cache);
      expect(rooflineTokensPerSecond(point.design!, w)).toBeGreaterThanOrEqual(r.tokensPerSecond!);
    }
  });
});
