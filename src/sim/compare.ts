import type { AcceleratorDesign } from '../design/schema.js';
import type { Workload } from '../workload/ops.js';
import type { Result } from './result.js';
import { simulate, type SimulateOptions } from './simulate.js';

/**
 * Simulates every workload on every design (designs outer, workloads inner, in the order given)
 * and calls `onResult` after each, e.g. to show progress.
 */
export function runComparison(
  designs: readonly AcceleratorDesign[],
  workloads: readonly Workload[],
  options: SimulateOptions,
  onResult: (r: Result, done: number, total: number) => void = () => {},
): Result[] {
  const out: Result[] = [];
  const total = designs.length * workloads.length;
  for (const d of designs) {
    for (const w of workloads) {
      const r = simulate(d, w, options);
      out.push(r);
      onResult(r, out.length, total);
    }
  }
  return out;
}
