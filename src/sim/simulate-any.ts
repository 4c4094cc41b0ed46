import type { AnyDesign } from '../design/parse-gpu-design.js';
import { simulateGpu } from './simulate-gpu.js';
import type { Workload } from '../workload/ops.js';
import type { Result } from './result.js';
import { simulate, type SimulateOptions } from './simulate.js';

/** Simulates `workload` on a design of either kind: the event-driven accelerator model, or the GPU kernel model. */
export function simulateAny(design: AnyDesign, workload: Workload, options: SimulateOptions): Result {
  return design.kind === 'gpu' ? simulateGpu(design, workload) : simulate(design, workload, options);
}
