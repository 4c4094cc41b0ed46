/**
 * Fits the GPU model's free constants to measurements (designs/gpu/calibration/*.json, written by
 * tools/gpu/measure.py on the GPU) and prints every point's residual.
 *
 *   npm run build && node dist/tools/gpu/fit.js designs/gpu/h200.yaml designs/gpu/calibration/nvidia-h200-llama-decode*.json
 *
 * Deterministic, least squares on relative error throughout:
 * 1. Time of the CUDA-graph decode points (memory bound). The model is linear in the per-kernel
 *    fixed times and the reciprocal efficiencies once the skinny-GEMM penalty and the attention's
 *    half-bandwidth pairs are set, so a grid over those two and a linear least-squares solve for
 *    the rest (kernelGraph, kernelGemm, gemmOutputTime, 1/bandwidth, 1/attention) at each grid
 *    point; an efficiency above 1 is held at 1 and the rest solved again. The decomposition is
 *    checked against gpuStepTime, so the fit cannot drift from the model.
 * 2. Eager decode and prefill (grid): the compute efficiency (prefill GEMMs) and the CPU's time per
 *    launch.
 * 3. Board power of the graph points (linear least squares): W − idle = active + perBandwidth ·
 *    (GEMM, element-wise and copy bytes' share of peak bandwidth) + perAttentionBandwidth ·
 *    (attention bytes' share) + perCompute · (GEMM share of the tensor rate); idle is measured.
 * Writes `<design name>.fit.json` next to the first measurement file (constants, rounded as the
 * design file states them, and every point's residual from those rounded constants); the design
 * file's values are copied from it by hand, with sources.
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
const round = (x: number, digits: number) => Number(x.toFixed(digits));
const peakBw = base.memory.bandwidth;

// 1. CUDA-graph decode: per point, the step time as a linear form in
//    [kernelGraph, kernelGemm, gemmOutputTime, 1/efficiency.bandwidth, 1/efficiency.attention]
//    (the times' columns per ps; the efficiencies' columns are seconds at the full peak bandwidth),
//    every GEMM memory bound (the graph points are: compute efficiency 1 here).
const graphPoints = points.filter((p) => p.launch === 'graph');
const SKINNY_ROWS = 64; // as src/gpu/gpu-model.ts
const TIME_NAMES = ['kernelGraph', 'kernelGemm', 'gemmOutputTime', 'bandwidth', 'attention'] as const;
const FIRST_EFFICIENCY = 3;
function timeColumns(p: Point, gemmRowPenalty: number, attentionHalfPairs: number): number[] {
  const c = [0, 0, 0, 0, 0];
  for (const k of p.kernels) {
    c[0]! += k.launches * 1e-12; // per ps of kernelGraph
    if (k.kind === 'gemm') {
      if (k.rows > 1) c[1]! += 1e-12;
      if (k.rows > 1 && k.rows <= SKINNY_ROWS) c[2]! += k.outputs * 1e-12;
      const rows = Math.min(k.rows, SKINNY_ROWS);
      c[3]! += (k.bytes * (1 + (gemmRowPenalty * (rows - 1)) / (SKINNY_ROWS - 1))) / peakBw;
    } else if (k.kind === 'attention') c[4]! += (k.bytes / peakBw) * (1 + attentionHalfPairs / k.pairs);
    else c[3]! += k.bytes / peakBw;
  }
  return c;
}
/** Efficiency fields from the solved coefficients (ps for times, reciprocals for efficiencies). */
const efficiencyOf = (e: Efficiency, x: number[], gemmRowPenalty: number, attentionHalfPairs: number): Efficiency => ({
  ...e,
  kernelGraph: x[0]!,
  kernelGemm: x[1]!,
  gemmOutputTime: x[2]!,
  bandwidth: 1 / x[3]!,
  attention: 1 / x[4]!,
  gemmRowPenalty,
  attentionHalfPairs,
});
/**
 * Least squares on relative error of the graph points' times for the given penalty and pairs: the
 * coefficients (null when one comes out negative: the form does not fit), reciprocal efficiencies
 * held at ≥ 1 (an efficiency at most 1).
 */
function solveTime(gemmRowPenalty: number, attentionHalfPairs: number): { x: number[]; sse: number } | null {
  const rows = graphPoints.map((p) => timeColumns(p, gemmRowPenalty, attentionHalfPairs).map((v) => v / (p.measuredMs / 1e3)));
  const held = new Map<number, number>();
  for (;;) {
    const free = TIME_NAMES.map((_, j) => j).filter((j) => !held.has(j));
    const A = rows.map((r) => free.map((j) => r[j]!));
    const b = rows.map((r) => 1 - [...held].reduce((s, [j, v]) => s + r[j]! * v, 0));
    const sol = leastSquares(A, b);
    const x = TIME_NAMES.map((_, j) => held.get(j) ?? sol[free.indexOf(j)]!);
    if (x.some((v) => !(v >= 0))) return null;
    const over = free.filter((j) => j >= FIRST_EFFICIENCY && x[j]! < 1);
    if (over.length === 0) return { x, sse: rows.reduce((s, r) => s + (r.reduce((t, v, j) => t + v * x[j]!, 0) - 1) ** 2, 0) };
    for (const j of over) held.set(j, 1);
  }
}
let bestTime: { x: number[]; sse: number; gemmRowPenalty: number; attentionHalfPairs: number } | null = null;
for (const gemmRowPenalty of range(0, 1, 0.05)) {
  for (const attentionHalfPairs of range(0, 64, 0.5)) {
    const r = solveTime(gemmRowPenalty, attentionHalfPairs);
    if (r && (bestTime === null || r.sse < bestTime.sse)) bestTime = { ...r, gemmRowPenalty, attentionHalfPairs };
  }
}
if (bestTime === null) throw new Error('fit: no grid point gives non-negative constants');
// Rounded as the design file states them: efficiencies to 3 decimals, per-kernel times to 0.01 µs,
// the time per output element to 0.1 ps, pairs to 0.5 (the grid's step).
const solved = efficiencyOf({ ...base.efficiency, compute: 1, kernelEager: 0 }, bestTime.x, bestTime.gemmRowPenalty, bestTime.attentionHalfPairs);
let e: Efficiency = {
  ...solved,
  bandwidth: round(solved.bandwidth, 3),
  attention: round(solved.attention, 3),
  gemmRowPenalty: round(solved.gemmRowPenalty, 2),
  kernelGraph: Math.round(solved.kernelGraph / 1e4) * 1e4,
  kernelGemm: Math.round(solved.kernelGemm / 1e4) * 1e4,
  gemmOutputTime: round(solved.gemmOutputTime, 1),
};
// The linear form is the model's: check it against gpuStepTime (unrounded constants).
for (const p of graphPoints) {
  const linear = timeColumns(p, bestTime.gemmRowPenalty, bestTime.attentionHalfPairs).reduce((t, v, j) => t + v * bestTime!.x[j]!, 0);
  const model = secondsOf(p, solved);
  if (Math.abs(linear / model - 1) > 1e-9) throw new Error(`fit: the linear form (${linear} s) and gpuStepTime (${model} s) disagree at ${p.label}`);
}

// 2. Eager decode and prefill: compute efficiency (prefill GEMMs) and the CPU's time per launch.
const eagerPoints = points.filter((p) => p.launch === 'eager');
let best = Infinity;
const afterGraph = e;
for (const compute of range(0.3, 1, 0.05)) {
  for (const cpuUs of range(5, 25, 0.25)) {
    const cand = { ...afterGraph, compute: round(compute, 2), kernelEager: Math.round(cpuUs * 1e6) };
    const sse = relSse(eagerPoints, cand);
    if (sse < best) {
      best = sse;
      e = cand;
    }
  }
}

// 3. Power on the graph points, least squares on relative error:
//    W − idle = active + perBandwidth · share + perAttentionBandwidth · attentionShare + perCompute · computeShare.
const rowsW: number[][] = [];
const rhs: number[] = [];
for (const p of graphPoints) {
  const g = withEfficiency(e, 'graph');
  const s = gpuStepTime(g, p.kernels);
  const share = (bytes: number) => bytes / s.seconds / g.memory.bandwidth;
  const w = p.measuredWatts!;
  rowsW.push([1, share(s.bytes - s.attentionBytes), share(s.attentionBytes), s.gemmOps / s.seconds / g.tensor.bf16].map((v) => v / w));
  rhs.push((w - measured.idleWatts) / w);
}
const [active, perBandwidth, perAttentionBandwidth, perCompute] = leastSquares(rowsW, rhs).map((x) => round(Math.max(0, x), 1)) as [number, number, number, number];

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

const idle = round(measured.idleWatts, 1);
const fitted: GpuDesign = { ...withEfficiency(e, 'graph'), power: { ...base.power, idle, active, perBandwidth, perAttentionBandwidth, perCompute } };
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
    'efficiency.bandwidth': e.bandwidth,
    'efficiency.compute': e.compute,
    'efficiency.attention': e.attention,
    'efficiency.attentionHalfPairs': e.attentionHalfPairs,
    'efficiency.gemmRowPenalty': e.gemmRowPenalty,
    'efficiency.kernelGraph': `${(e.kernelGraph / 1e6).toFixed(2)} us`,
    'efficiency.kernelGemm': `${(e.kernelGemm / 1e6).toFixed(2)} us`,
    'efficiency.gemmOutputTime': `${e.gemmOutputTime.toFixed(1)} ps`,
    'efficiency.kernelEager': `${(e.kernelEager / 1e6).toFixed(2)} us`,
    'power.idle': `${idle.toFixed(1)} W`,
    'power.active': `${active.toFixed(1)} W`,
    'power.perBandwidth': `${perBandwidth.toFixed(1)} W`,
    'power.perAttentionBandwidth': `${perAttentionBandwidth.toFixed(1)} W`,
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
