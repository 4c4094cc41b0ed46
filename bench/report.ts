/**
 * Report generation time for a 10,000-point sweep (target: under 10 s). The sweep is real: a
 * 10 × 10 × 10 × 10 grid over the tiny test design and model (test/fixtures/sweeps), simulated
 * once with a worker per core into a store under the system's temp folder and reused on later
 * runs; the bench then times reading the store, building the report (d3-node charts, tables) and
 * writing it. Run `npm run bench:report`.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { runSweep } from '../src/dse/run-sweep.js';
import type { StoredPoint } from '../src/dse/stored-point.js';
import type { SweepSpec } from '../src/dse/sweep-spec.js';
import { loadSweep } from '../src/io/load.js';
import { writeReport } from '../src/io/report-writer.js';
import { ResultStore } from '../src/io/result-store.js';
import { createEvaluator } from '../src/io/worker-pool.js';
import { buildReport } from '../src/report/html-report.js';
import type { Result } from '../src/sim/result.js';

const storePath = join(tmpdir(), 'ternsim-bench-report-10k.db');
const loaded = loadSweep('test/fixtures/sweeps/tiny-grid.yaml');
const ten = (f: (i: number) => unknown) => Array.from({ length: 10 }, (_, i) => f(i));
const spec: SweepSpec = {
  ...loaded.spec,
  name: 'bench-10k',
  parameters: [
    { path: 'tau.lanes', values: ten((i) => 4 * (i + 1)) },
    { path: 'clock', values: ten((i) => `${200 + 50 * i} MHz`) },
    { path: 'vector.lanes', values: ten((i) => 2 * (i + 1)) },
    { path: 'tau.pipelineDepth', values: ten((i) => i + 1) },
  ],
};

const store = new ResultStore(storePath);
const have = store.counts()['done'] ?? 0;
if (have < 10_000) {
  const jobs = availableParallelism();
  process.stdout.write(`simulating the 10,000-point sweep once into ${storePath} (${have} stored; ${jobs} threads) …\n`);
  const ev = createEvaluator(jobs);
  const t0 = performance.now();
  await runSweep(spec, loaded.baseRaw, store, ev.evaluate, { jobs: ev.inFlight });
  await ev.close();
  process.stdout.write(`  took ${((performance.now() - t0) / 1e3).toFixed(0)} s\n`);
}

const out = mkdtempSync(join(tmpdir(), 'ternsim-bench-report-'));
const t0 = performance.now();
const points: StoredPoint[] = [];
const results: Result[] = [];
for (const p of store.query()) {
  points.push(p);
  if (p.status === 'done' && p.result) results.push(JSON.parse(p.result) as Result);
}
const t1 = performance.now();
const files = buildReport({ title: 'bench: 10,000-point sweep', results, sweep: { points, parameters: spec.parameters.map((p) => p.path) }, inputs: [storePath] });
const t2 = performance.now();
writeReport(out, files);
const t3 = performance.now();
store.close();
const size = Object.values(files).reduce((s, f) => s + f.length, 0);
process.stdout.write(
  `report of ${points.length} points: read ${((t1 - t0) / 1e3).toFixed(2)} s + build ${((t2 - t1) / 1e3).toFixed(2)} s + write ${((t3 - t2) / 1e3).toFixed(2)} s = ${((t3 - t0) / 1e3).toFixed(2)} s (target < 10 s); ${(size / 2 ** 20).toFixed(1)} MB in ${Object.keys(files).length} files${existsSync(join(out, 'index.html')) ? '' : ' (index.html missing!)'}\n`,
);
rmSync(out, { recursive: true, force: true });
