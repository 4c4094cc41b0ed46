/**
 * `npm run bench`: simulator speed. For every shipped design × zoo model, one decode token in fast
 * mode, and in cycle mode where it finishes in reasonable time (the byte-serial paper core streams
 * one byte per DRAM access, so its cycle mode runs only the paper's d = 512 block); a fast row is the
 * fastest of FAST_REPEATS runs, a cycle row one run. Prints the
 * one-off stream profile of each DRAM design (fast mode's characterized memory), then wall
 * seconds per simulated token and events per second.
 */
import { join } from 'node:path';
import type { AcceleratorDesign } from '../src/design/schema.js';
import { loadAnyDesign } from '../src/io/load.js';
import { whyModelDoesNotFit } from '../src/design/fit.js';
import { listDesignFiles, packageRoot } from '../src/io/package-root.js';
import { simulate } from '../src/sim/simulate.js';
import { buildRwkvPaperBlock } from '../src/workload/rwkv-paper-block.js';
import { buildHgrnBitDecode } from '../src/workload/hgrn-bit.js';
import { ZOO, zooModelNames } from '../src/workload/zoo.js';
import { workloadFromModelSpec } from '../src/workload/model-spec.js';
import type { SimMode } from '../src/mapping/matvec-task.js';
import type { Workload } from '../src/workload/ops.js';
import { measure, type Measurement } from './measure.js';
import { performance } from 'node:perf_hooks';
import { profileWeightStream } from '../src/sim/stream-profile.js';
import { streamsThroughDram } from '../src/sim/fast-mode-memory.js';

const root = packageRoot();
// Accelerator designs only: a GPU design is a kernel model with no events to time.
const designs = listDesignFiles(join(root, 'designs'))
  .map((f) => loadAnyDesign(f))
  .filter((d): d is AcceleratorDesign => d.kind === 'accelerator');
const rows: (Measurement & { simulated: string })[] = [];
/** Step time and watts of each design · model · mode, for the fast-vs-cycle agreement. */
const results = new Map<string, { stepTimePs: number; watts: number }>();

/** Fast-mode rows keep the fastest of this many runs (warm code, as tinybench and mitata report); cycle rows run once. */
const FAST_REPEATS = 5;

function bench(designName: string, w: Workload, mode: SimMode): void {
  const d = designs.find((x) => x.name === designName)!;
  let simulated = '';
  const m = measure(`${d.name} · ${w.model} · ${mode}`, () => {
    const r = simulate(d, w, { mode });
    simulated = `${r.tokensPerSecond.toPrecision(4)} tok/s`;
    results.set(`${d.name} · ${w.model} · ${mode}`, { stepTimePs: r.stepTimePs, watts: r.watts });
    return r.eventsProcessed;
  }, mode === 'fast' ? FAST_REPEATS : 1);
  rows.push({ ...m, simulated });
  process.stdout.write(`${m.name.padEnd(52)} ${m.wallSeconds.toFixed(3).padStart(8)} s  ${(m.eventsPerSecond / 1e6).toFixed(2).padStart(6)} M events/s  ${String(m.events).padStart(11)} events  ${m.heapMiB.toFixed(0).padStart(5)} MiB heap  (${simulated})\n`);
}

process.stdout.write(`ternsim bench — Node ${process.version}, one decode token (batch 1) per row\n\n`);
// Fast mode's characterized memory is profiled once per design (and kept per process): timed apart,
// so the fast rows below are the per-token cost once a design's memory is known.
for (const d of designs) {
  if (!streamsThroughDram(d)) continue;
  const t0 = performance.now();
  const p = profileWeightStream(d);
  process.stdout.write(`${`${d.name} · stream profile (once)`.padEnd(52)} ${((performance.now() - t0) / 1e3).toFixed(3).padStart(8)} s  ${String(p.eventsProcessed).padStart(34)} events  (${(1e3 / p.psPerByte).toFixed(1)} GB/s streamed)\n`);
}
process.stdout.write('\n');
for (const d of designs) {
  for (const name of zooModelNames()) {
    const w = buildHgrnBitDecode(ZOO[name]!.config, { batch: 1, model: name });
    if (whyModelDoesNotFit(d, d.name, w) !== null) continue; // e.g. 1.3B in the 128 MiB weight-stationary SRAM
    bench(d.name, w, 'fast');
    if (d.weightStream.requestBytes >= 64) bench(d.name, w, 'cycle');
  }
}
// A BitNet b1.58 model too (attention, a dense fp16 head; the published LUT designs run it: TeLLMe's
// 0.73B, Slim-Llama's 3B), at a short context.
for (const d of designs) {
  for (const name of ['bitnet-b1.58-700m', 'bitnet-b1.58-3b']) {
    const w = workloadFromModelSpec({ zoo: name }, { batch: 1, context: 128 });
    if (whyModelDoesNotFit(d, d.name, w) !== null) continue;
    if (name === 'bitnet-b1.58-3b' && d.tau.engine !== 'lut') continue; // the LUT designs' own model; the others run 700M
    bench(d.name, w, 'fast');
    if (d.weightStream.requestBytes >= 64) bench(d.name, w, 'cycle');
  }
}
bench('d5005-paper-core', buildRwkvPaperBlock(512), 'cycle');
bench('d5005-paper-core', buildRwkvPaperBlock(512), 'fast');

const big = rows.filter((r) => r.name.includes('mmfree-2.7b'));
process.stdout.write('\nmmfree-2.7b, wall seconds per simulated decode token:\n');
for (const r of big) process.stdout.write(`  ${r.name.padEnd(50)} ${r.wallSeconds.toFixed(3)} s\n`);

process.stdout.write('\nfast mode against cycle mode (step time, W):\n');
for (const [key, cycle] of results) {
  if (!key.endsWith(' · cycle')) continue;
  const fast = results.get(key.replace(/ · cycle$/, ' · fast'));
  if (!fast) continue;
  const pct = (a: number, b: number) => `${((a / b - 1) * 100).toFixed(3).padStart(7)}%`;
  process.stdout.write(`  ${key.replace(/ · cycle$/, '').padEnd(44)} ${pct(fast.stepTimePs, cycle.stepTimePs)}  ${pct(fast.watts, cycle.watts)}\n`);
}
