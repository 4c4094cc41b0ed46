import type { AnyDesign } from '../design/parse-gpu-design.js';
import { resolveDramStandard } from '../hw/dram/standards.js';
import { runDramTrace } from '../hw/dram/trace-replay.js';
import type { DramTrace } from '../hw/dram/trace.js';
import type { GpuDesign } from '../design/gpu-schema.js';
import { simulateAny } from '../sim/simulate-any.js';
import { simulateSystem, type SystemModel } from '../system/simulate-system.js';
import { simulateGpu } from '../sim/simulate-gpu.js';
import { workloadFromModelSpec } from '../workload/model-spec.js';
import type { Workload } from '../workload/ops.js';
import { validationRow, type ValidationCase, type ValidationRow } from './validation-case.js';

/** A GPU measurement file (tools/gpu/measure.py): decode points by model. */
export interface GpuMeasurements {
  models: { model: string; decode: { batch: number; context: number; graphMsMedian: number; averageWatts: number }[] }[];
}

/** A case with its files read: the design, the workload, the measurements. */
export type ResolvedCase =
  | { case: Extract<ValidationCase, { kind: 'simulate' }>; design: AnyDesign; workload: Workload; relativeTo?: { design: AnyDesign; workload: Workload }; system?: { model: SystemModel; workloadAt: (batch: number) => Workload } }
  | { case: Extract<ValidationCase, { kind: 'gpu-calibration' }>; design: GpuDesign; measurements: GpuMeasurements[] }
  | { case: Extract<ValidationCase, { kind: 'dram' }> };

const UNIT_SCALE: Record<string, number> = { ms: 1, 'tokens/s': 1, W: 1, J: 1, ns: 1, 'GB/s': 1, '×': 1 };

/** The rows of one case: a simulation's metric, every point of a GPU calibration (time and W), or a DRAM closed form. */
export function runValidationCase(r: ResolvedCase): ValidationRow[] {
  const c = r.case;
  if (c.kind === 'simulate' && 'workload' in r && r.system) {
    const res = simulateSystem(r.system.model, r.workload, r.system.workloadAt, { mode: c.mode });
    return [validationRow(c, `${res.system.name} · ${res.workload.model} ${c.metric}`, c.expected, res[c.metric as 'tokensPerSecond'] * (UNIT_SCALE[c.unit] ?? 1), c.unit)];
  }
  if (c.kind === 'simulate' && 'workload' in r) {
    const res = simulateAny(r.design, r.workload, { mode: c.mode });
    if (r.relativeTo) {
      const base = simulateAny(r.relativeTo.design, r.relativeTo.workload, { mode: c.mode });
      const what = `${res.design.name} · ${res.workload.model} ${c.metric} / ${base.design.name} · ${base.workload.model}`;
      return [validationRow(c, what, c.expected, res[c.metric] / base[c.metric], c.unit)];
    }
    return [validationRow(c, `${res.design.name} · ${res.workload.model} ${c.metric}`, c.expected, res[c.metric] * (UNIT_SCALE[c.unit] ?? 1), c.unit)];
  }
  if (c.kind === 'gpu-calibration' && 'measurements' in r) {
    const rows: ValidationRow[] = [];
    for (const file of r.measurements) {
      for (const m of file.models) {
        for (const d of m.decode) {
          const res = simulateGpu(r.design, workloadFromModelSpec({ zoo: m.model }, { batch: d.batch, context: d.context }));
          const what = `${m.model} b${d.batch} c${d.context}`;
          rows.push(validationRow(c, `${what} ms/token`, d.graphMsMedian, res.msPerToken, 'ms'), validationRow(c, `${what} W`, d.averageWatts, res.watts, 'W'));
        }
      }
    }
    return rows;
  }
  if (c.kind === 'dram') {
    const standard = resolveDramStandard(c.standard);
    const burst = (standard.organization.busWidthBits / 8) * standard.organization.burstLength;
    const n = c.test === 'unloaded-read' ? 1 : Math.floor((16 * 2 ** 20) / burst);
    const addr = new Float64Array(n);
    for (let i = 0; i < n; i++) addr[i] = i * burst;
    const trace: DramTrace = { length: n, addr, write: new Uint8Array(n), cycle: new Float64Array(n).fill(c.test === 'unloaded-read' ? 0 : -1) };
    const run = runDramTrace({ standard, channels: c.channels }, trace);
    const simulated = c.test === 'unloaded-read' ? run.latencyPs.mean / 1e3 : run.bytesPerSecond / 1e9;
    return [validationRow(c, `${c.standard} × ${c.channels} ${c.test}`, c.expected, simulated, c.unit)];
  }
  throw new Error(`validation case ${c.name}: its files were not resolved`);
}
