/**
 * Fits the GPU model's free constants to measurements (designs/gpu/calibration/*.json, written by
 * tools/gpu/measure.py on the GPU) and prints every point's residual.
 *
 *   npm run build && node dist/tools/gpu/fit.js designs/gpu/h200.yaml designs/gpu/calibration/nvidia-h200-llama-decode*.json
 *
 * Time, least squares on relative error by grid search: first the CUDA-graph decode points (memory
 * bound) fix the bandwidth and attention efficiencies, the skinny-GEMM penalty and the per-kernel
 * floor; then the eager decode and prefill points fix the compute efficiency and the CPU's time
 * per launch. Power: idle is measured; `active`, `perBandwidth` and `perCompute` by least squares
 * on the graph points' board watts. Writes `<design name>.fit.json` next to the first measurement
 * file (constants and residuals); the design file's values are copied from it by hand, with sources.
 */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { GpuDesign } from '../../src/design/gpu-schema.js';
import { gpuBoardWatts, gpuStepTime } from '../../src/gpu/gpu-model.js';
import { stepKernels, type Kernel } from '../../src/gpu/kernels.js';
import { writeFileAtomic } from '../../src/io/files.js';
import { loadAnyDesign } from '../../src/io/load.js';
import { workloadFromModelSpec } from '../../src/workload/model-spec.js';
import type { Workload } from '../../src/workload/ops.js';

interface Measured {
  gpu: string;
  idleWatts: number;
  models: { model: string; decode: { batch: number; context: number; graphMsMedian: number; eagerMsMedian: number; averageWatts: number }[]; prefill: { prompt: number; msMedian: number }[] }[];
}

interface Point {
  label: string;
  launch: 'graph' | 'eager';
  measuredMs: number;
  measuredWatts: number | null;
  kernels: Kernel[];
}

const [designFile, ...calibrationFiles] = process.argv.slice(2);
if (!designFile || calibrationFiles.length === 0) {
  process.stderr.write('usage: node dist/tools/gpu/fit.js <gpu design.yaml> <calibration.json>...\n');
  process.exit(2);
}
const files = calibrationFiles.map((f) => JSON.parse(readFileSync(f, 'utf8')) as Measured);
// Idle power: the mean of the files' readings; the models' points: all of them.
const measured: Measured = { gpu: files[0]!.gpu, idleWatts: files.reduce((s, f) => s + f.idleWatts, 0) / files.length, models: files.flatMap((f) => f.models) };
const loaded = loadAnyDesign(designFile);
if (loaded.kind !== 'gpu') {
  process.stderr.write(`${designFile}: kind: expected "gpu"\n`);
  process.exit(2);
}
const base: GpuDesign = loaded;

const points: Point[] = [];
const kernelsOf = (w: Workload) => stepKernels(w, base);
for (const m of measured.models) {
  for (const d of m.decode) {
    const kernels = kernelsOf(workloadFromModelSpec({ zoo: m.model }, { batch: d.batch, context: d.context }));
    const label = `${m.model} B=${d.batch} C=${d.context}`;
    points.push({ label, launch: 'graph', measuredMs: d.graphMsMedian, measuredWatts: d.averageWatts, kernels });
    points.push({ label, launch: 'eager', measuredMs: d.eagerMsMedian, measuredWatts: null, kernels });
  }
  for (const p of m.prefill) {
    const kernels = kernelsOf(workloadFromModelSpec({ zoo: m.model }, { phase: 'prefill', promptTokens: p.prompt }));
    points.push({ label: `${m.model} prefill ${p.prompt}`, launch: 'eager', measuredMs: p.msMedian, measuredWatts: null, kernels });
  }
}

type Efficiency = GpuDesign['efficiency'];
const withEfficiency = (e: Efficiency, launch: 'graph' | 'eager'): GpuDesign => ({ ...base, efficiency: e, implementation: { ...base.implementation, launch } });
const secondsOf = (p: Point, e: Efficiency) => gpuStepTime(withEfficiency(e, p.launch), p.kernels).seconds;
const relSse = (pts: Point[], e: Efficiency) => pts.reduce((s, p) => s + (secondsOf(p, e) / (p.measuredMs / 1e3) - 1) ** 2, 0);
const range = (from: number, to: number, step: number) => Array.from({ length: Math.round((to - from) / step) + 1 }, (_, i) => from + i * step);

// 1. CUDA-graph decode (memory-bound): bandwidth, attention bandwidth, skinny-GEMM penalty, launch floor.
const graphPoints = points.filter((p) => p.launch === 'graph');
let e: Efficiency = { ...base.efficiency, compute: 1, kernelEager: 0 };
let best = Infinity;
for (const bandwidth of range(0.6, 1, 0.02)) {
  for (const attention of range(0.2, 1, 0.1)) {
    for (const gemmRowPenalty of range(0, 1, 0.1)) {
      for (const floorUs of range(1, 4, 0.1)) {
        const cand = { ...e, bandwidth, attention, gemmRowPenalty, kernelGraph: Math.round(floorUs * 1e6) };
        const sse = relSse(graphPoints, cand);
        if (sse < best) {
          best = sse;
          e = cand;
        }
      }
    }
  }
}
// 2. Eager decode and prefill: compute efficiency (prefill GEMMs) and the CPU's time per launch.
const eagerPoints = points.filter((p) => p.launch === 'eager');
best = Infinity;
const afterGraph = e;
for (const compute of range(0.3, 1, 0.05)) {
  for (const cpuUs of range(5, 25, 0.25)) {
    const cand = { ...afterGraph, compute, kernelEager: Math.round(cpuUs * 1e6) };
    const sse = relSse(eagerPoints, cand);
    if (sse < best) {
      best = sse;
      e = cand;
    }
  }
}

// 3. Power on the graph points: W − idle = active + perBandwidth · bwShare + perCompute · computeShare.
const rowsW: number[][] = [];
const rhs: number[] = [];
for (const p of graphPoints) {
  const g = withEfficiency(e, 'graph');
  const s = gpuStepTime(g, p.kernels);
  rowsW.push([1, s.bytes / s.seconds / g.memory.bandwidth, s.ops / s.seconds / g.tensor.bf16]);
  rhs.push(p.measuredWatts! - measured.idleWatts);
}
const [active, perBandwidth, perCompute] = leastSquares(rowsW, rhs).map((x) => Math.max(0, x)) as [number, number, number];

/** Solves min ‖A x − b‖ by the normal equations (Gauss–Jordan on the small square system). */
function leastSquares(A: number[][], b: number[]): number[] {
  const n = A[0]!.length;
  const M = Array.from({ length: n }, (_, i) => [...Array.from({ length: n }, (_, j) => A.reduce((s, r) => s + r[i]! * r[j]!, 0)), A.reduce((s, r, k) => s + r[i]! * b[k]!, 0)]);
  for (let i = 0; i < n; i++) {
    const piv = M[i]![i]!;
    for (let j = i; j <= n; j++) M[i]![j]! /= piv;
    for (let k = 0; k < n; k++) {
      if (k === i) continue;
      const f = M[k]![i]!;
      for (let j = i; j <= n; j++) M[k]![j]! -= f * M[i]![j]!;
    }
  }
  return M.map((r) => r[n]!);
}

const fitted: GpuDesign = { ...withEfficiency(e, 'graph'), power: { ...base.power, idle: measured.idleWatts, active, perBandwidth, perCompute } };
const residuals = points.map((p) => {
  const g: GpuDesign = { ...fitted, implementation: { ...fitted.implementation, launch: p.launch } };
  const s = gpuStepTime(g, p.kernels);
  const w = p.measuredWatts === null ? null : gpuBoardWatts(g, s);
  return {
    point: `${p.label} ${p.launch}`,
    measuredMs: p.measuredMs,
    modelMs: s.seconds * 1e3,
    timeError: (s.seconds * 1e3) / p.measuredMs - 1,
    measuredWatts: p.measuredWatts,
    modelWatts: w,
    wattsError: w === null || p.measuredWatts === null ? null : w / p.measuredWatts - 1,
  };
});

const out = {
  calibration: calibrationFiles,
  design: designFile,
  constants: {
    'efficiency.bandwidth': Number(e.bandwidth.toFixed(2)),
    'efficiency.compute': Number(e.compute.toFixed(2)),
    'efficiency.attention': Number(e.attention.toFixed(2)),
    'efficiency.gemmRowPenalty': Number(e.gemmRowPenalty.toFixed(2)),
    'efficiency.kernelGraph': `${(e.kernelGraph / 1e6).toFixed(2)} us`,
    'efficiency.kernelEager': `${(e.kernelEager / 1e6).toFixed(2)} us`,
    'power.idle': `${measured.idleWatts.toFixed(1)} W`,
    'power.active': `${active.toFixed(1)} W`,
    'power.perBandwidth': `${perBandwidth.toFixed(1)} W`,
    'power.perCompute': `${perCompute.toFixed(1)} W`,
  },
  residuals,
};
writeFileAtomic(join(dirname(calibrationFiles[0]!), `${base.name}.fit.json`), `${JSON.stringify(out, null, 1)}\n`);
const pct = (x: number | null) => (x === null ? '' : `${(x * 100).toFixed(1)}%`);
process.stdout.write(`${measured.gpu}: ${JSON.stringify(out.constants)}\n\n`);
process.stdout.write(`${'point'.padEnd(40)} ${'measured ms'.padStart(11)} ${'model ms'.padStart(9)} ${'err'.padStart(7)} ${'meas W'.padStart(7)} ${'model W'.padStart(7)} ${'err'.padStart(7)}\n`);
for (const r of residuals) {
  process.stdout.write(
    `${r.point.padEnd(40)} ${r.measuredMs.toFixed(3).padStart(11)} ${r.modelMs.toFixed(3).padStart(9)} ${pct(r.timeError).padStart(7)} ${(r.measuredWatts?.toFixed(0) ?? '').padStart(7)} ${(r.modelWatts?.toFixed(0) ?? '').padStart(7)} ${pct(r.wattsError).padStart(7)}\n`,
  );
}
const worst = (suffix: string) => Math.max(...residuals.filter((r) => r.point.endsWith(suffix)).map((r) => Math.abs(r.timeError)));
process.stdout.write(`\nworst time error: graph ${pct(worst('graph'))}, eager ${pct(worst('eager'))}; worst W error ${pct(Math.max(...residuals.map((r) => Math.abs(r.wattsError ?? 0))))}\n`);
