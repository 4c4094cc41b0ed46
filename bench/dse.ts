/**
 * Sweep speed and memory: (1) design points per second for the shipped U280 sweep on
 * MMfreeLM-1.3B in fast mode (all its 160 points: TAU lanes × clock × HBM2/DDR4 × channels, the
 * infeasible ones pruned) with a worker thread per core (`--jobs`, default 2: the target
 * machine's cores): cold, from the pool's start to the last stored point, memory profiles
 * included, then warm five times (the same sweep into a new store with the same pool, profiles
 * measured): the steady rate, the target's figure, is the warm runs' median;
 * (2) the sweep machinery's memory from 1k to 100k points: a 100,000-point grid whose points are
 * all pruned by a tokens/s floor, so generation, validation, pruning and the store run for every
 * point while no simulation does. Run `npm run bench:dse [--memory-only]`; prints figures,
 * writes only temporary stores.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { runSweep } from '../src/dse/run-sweep.js';
import type { SweepSpec } from '../src/dse/sweep-spec.js';
import { loadSweep } from '../src/io/load.js';
import { ResultStore } from '../src/io/result-store.js';
import { createEvaluator } from '../src/io/worker-pool.js';

const jobsArg = process.argv.indexOf('--jobs');
const jobs = jobsArg > 0 ? Number(process.argv[jobsArg + 1]) : 2;
const dir = mkdtempSync(join(tmpdir(), 'ternsim-bench-dse-'));
const mb = (b: number) => (b / 2 ** 20).toFixed(1);
/** Warm runs of the sweep after the cold one (odd, for a median). */
const WARM_RUNS = 5;

async function throughput(): Promise<void> {
  const loaded = loadSweep('designs/sweeps/u280-lanes-clock-dram.yaml');
  const spec: SweepSpec = { ...loaded.spec, models: ['mmfree-1.3b'] };
  const t0 = performance.now();
  const ev = createEvaluator(jobs);
  // Cold: a new pool, from its start (worker start-up, JIT warm-up, the memory profiles) to the
  // last stored point. Warm: the same sweep again into a new store with the same pool, whose
  // workers are warm and whose profiles are measured: the rate a long sweep settles at (as
  // tinybench and mitata report a function's speed after warm-up). The steady rate is the median
  // of WARM_RUNS warm runs.
  const warmRates: number[] = [];
  for (let run = 0; run <= WARM_RUNS; run++) {
    const label = run === 0 ? 'cold' : `warm ${run}`;
    const store = new ResultStore(join(dir, `throughput-${run}.db`));
    const t1 = run === 0 ? t0 : performance.now();
    const s = await runSweep(spec, loaded.baseRaw, store, ev.evaluate, { jobs: ev.inFlight });
    const secs = (performance.now() - t1) / 1e3;
    store.close();
    if (run > 0) warmRates.push(s.total / secs);
    process.stdout.write(
      `U280 sweep, mmfree-1.3b, fast mode, ${ev.threads || 1} thread(s), ${label.padEnd(6)}: ${s.total} points (${s.simulated} simulated, ${s.pruned} pruned) in ${secs.toFixed(2)} s = ${(s.total / secs).toFixed(1)} points/s, ${(s.simulated / secs).toFixed(1)} simulated points/s\n`,
    );
  }
  const steady = [...warmRates].sort((a, b) => a - b)[Math.floor(WARM_RUNS / 2)]!;
  process.stdout.write(`steady rate (median of ${WARM_RUNS} warm runs): ${steady.toFixed(1)} points/s (target 200 points/s)\n`);
  await ev.close();
}

async function memory(): Promise<void> {
  const loaded = loadSweep('designs/sweeps/u280-lanes-clock-dram.yaml');
  // 10 × 10 × 10 × 10 × 10 = 100,000 points, every one below a 1e12 tokens/s floor.
  const ten = (f: (i: number) => unknown) => Array.from({ length: 10 }, (_, i) => f(i));
  const spec: SweepSpec = {
    ...loaded.spec,
    models: ['mmfree-1.3b'],
    sampler: { type: 'grid' },
    constraints: { fits: false, minTokensPerSecond: 1e12 },
    parameters: [
      { path: 'tau.lanes', values: ten((i) => 64 * (i + 1)) },
      { path: 'clock', values: ten((i) => `${100 + 30 * i} MHz`) },
      { path: 'memory.channels', values: ten((i) => i + 1) },
      { path: 'vector.lanes', values: ten((i) => 8 * (i + 1)) },
      { path: 'tau.pipelineDepth', values: ten((i) => i + 1) },
    ],
  };
  const store = new ResultStore(join(dir, 'memory.db'));
  const marks = new Set([1_000, 10_000, 50_000, 100_000]);
  const t0 = performance.now();
  globalThis.gc?.();
  const base = process.memoryUsage();
  process.stdout.write(`memory of a 100,000-point sweep (all pruned), baseline rss ${mb(base.rss)} MB heap ${mb(base.heapUsed)} MB${globalThis.gc ? '' : ' (run with --expose-gc for steadier heap figures)'}\n`);
  await runSweep(spec, loaded.baseRaw, store, async () => { throw new Error('not simulated'); }, {
    jobs: 1,
    onPoint: (_r, done) => {
      if (!marks.has(done)) return;
      globalThis.gc?.();
      const m = process.memoryUsage();
      process.stdout.write(`  ${String(done).padStart(7)} points: rss ${mb(m.rss)} MB, heap ${mb(m.heapUsed)} MB, ${((done / (performance.now() - t0)) * 1e3).toFixed(0)} points/s\n`);
    },
  });
  store.close();
}

if (!process.argv.includes("--memory-only")) await throughput();
await memory();
rmSync(dir, { recursive: true, force: true });
